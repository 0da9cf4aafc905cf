/* cmd_verify.c: `kiroku verify` — check every record of a file against its layout. */
#include "cmd.h"

#include <getopt.h>

static void help(FILE *out)
{
    fprintf(out,
            "usage: kiroku verify FILE -L LAYOUT [--max-listed N] [--gaiji TABLE]\n\n"
            "Checks every record: its record type and place in the file (header, data, trailer,\n"
            "end), digits and signs, dates (an era date that does not exist is wrong), codes,\n"
            "個人番号 check digits, N fields holding only double-byte characters and X fields only\n"
            "single-byte ones, and the trailers' control totals. Lists each problem with its\n"
            "message id, record number, byte in the record (1-based, as 開始位置), file offset,\n"
            "field and reason, then a summary.\n\n"
            "  -L, --layout LAYOUT  the file's layout\n"
            "  --max-listed N       list at most N problems (default 1000); counting goes on\n"
            "  --gaiji TABLE        the file's 外字 table (layouts/gaiji/TABLE.gaiji): a 外字 it lacks\n"
            "                       is a warning (KRK0433W), so that it gets registered\n\n"
            "Return code: 0 all good, 4 warnings only, 8 some records bad, 16 the layout or the\n"
            "environment is wrong.\n");
}

int cmd_verify(int argc, char **argv)
{
    static const struct option opts[] = {{"layout", required_argument, NULL, 'L'},
                                         {"max-listed", required_argument, NULL, 'm'},
                                         {"help", no_argument, NULL, 'h'},
                                         {"gaiji", required_argument, NULL, 'g'},
                                         {NULL, 0, NULL, 0}};
    const char *layout = NULL, *gaiji = NULL;
    uint64_t max = 1000;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "L:h", opts, NULL)) != -1) {
        switch (c) {
        case 'L': layout = optarg; break;
        case 'm':
            if (!cmd_parse_count(optarg, &max) || max == 0)
                return cmd_usage_error("verify", "--max-listed takes a number from 1");
            break;
        case 'g': gaiji = optarg; break;
        case 'h': help(stdout); return KR_RC_OK;
        default: return cmd_usage_error("verify", "unknown option");
        }
    }
    if (optind != argc - 1)
        return cmd_usage_error("verify", "give one FILE");
    if (!layout)
        return cmd_usage_error("verify", "give the file's layout with -L LAYOUT");
    kr_step st;
    cmd_step_init(&st, "VERIFY");
    kr_dd_bind *in = kr_step_add_dd(&st, "SYSUT1", argv[optind]);
    in->layout = kr_xstrdup(layout);
    cmd_step_parm_count(&st, "MAXLISTED", max);
    if (gaiji)
        cmd_step_parm(&st, "GAIJI", gaiji);
    int rc = kr_program_run(&st);
    kr_step_free(&st);
    return rc;
}
