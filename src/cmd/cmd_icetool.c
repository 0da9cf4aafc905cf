/* cmd_icetool.c: `kiroku icetool` — the ICETOOL program from the command line: data sets
 * with --dd as `kiroku sort` takes them, the operators from a file or the arguments. */
#include "cmd.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *out)
{
    fprintf(out,
            "usage: kiroku icetool [--dd NAME=FILE[,layout=L][,lrecl=N][,terminator=T]]...\n"
            "                      [-m MEMORY] [-T TMPDIR] [-j THREADS] [--date YYYY-MM-DD] [--no-timing]\n"
            "                      [-c TOOLIN-FILE | STATEMENT...]\n\n"
            "Runs DFSORT ICETOOL operators (COPY, SORT, COUNT, SELECT, UNIQUE, STATS, RANGE, OCCUR,\n"
            "DISPLAY, SUBSET, DATASORT, RESIZE, MODE) over the SORT program. Every data set an\n"
            "operator names (FROM, TO, LIST, DISCARD, WRITE, the USING(xxxx) statements in\n"
            "xxxxCNTL) is a --dd; TOOLMSG and DFSMSG go to standard output unless given as --dd.\n"
            "See docs/ICETOOL.md.\n\n"
            "  --dd NAME=FILE[,...] a data set by DD name, as `kiroku sort --dd` takes it\n"
            "  -m, --memory SIZE    memory budget of each SORT call (e.g. 256M)\n"
            "  -T, --tmpdir DIR     work files (default $TMPDIR or /tmp)\n"
            "  -j, --threads N      threads of each SORT call\n"
            "  --date YYYY-MM-DD    the run date (DATE1 and friends; DISPLAY's DATE)\n"
            "  --no-timing          leave elapsed times and the clock out of listings (tests)\n"
            "  -c, --control FILE   TOOLIN; otherwise each argument is a line of TOOLIN\n\n"
            "Return code: the highest of the operations': 0 done, 4 warnings or COUNT RC4, 8 COUNT\n"
            "RC8, 12 an operation failed or COUNT's criterion met, 16 SORT found the statements or the\n"
            "environment wrong. A failed operation leaves no output.\n");
}

int cmd_icetool(int argc, char **argv)
{
    static const struct option opts[] = {
        {"dd", required_argument, NULL, 'd'},      {"memory", required_argument, NULL, 'm'},
        {"tmpdir", required_argument, NULL, 'T'},  {"threads", required_argument, NULL, 'j'},
        {"date", required_argument, NULL, 'D'},    {"control", required_argument, NULL, 'c'},
        {"no-timing", no_argument, NULL, 'N'},     {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    kr_step st;
    cmd_step_init(&st, "ICETOOL");
    const char *control = NULL;
    uint64_t n;
    int c, rc = KR_RC_OK;
    kr_err err;
    optind = 0;
    while ((c = getopt_long(argc, argv, "m:T:j:c:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (!kr_step_add_dd_spec(&st, optarg, &err)) {
                fprintf(stderr, "%s\n", err.text);
                rc = KR_RC_ENV;
                goto done;
            }
            break;
        case 'm':
            if (!cmd_parse_size(optarg, &st.memory)) {
                rc = cmd_usage_error("icetool", "-m takes a size of at least 64K, such as 256M or 2G");
                goto done;
            }
            break;
        case 'T': st.tmpdir = kr_xstrdup(optarg); break;
        case 'j':
            if (!cmd_parse_count(optarg, &n) || n == 0 || n > 64) {
                rc = cmd_usage_error("icetool", "-j takes 1 to 64 threads");
                goto done;
            }
            st.threads = (int)n;
            break;
        case 'D':
            if (!kr_date_parse_iso(optarg, &st.run_date)) {
                rc = cmd_usage_error("icetool", "--date takes a calendar date as YYYY-MM-DD, not '%s'", optarg);
                goto done;
            }
            break;
        case 'c': control = optarg; break;
        case 'N': st.no_timing = true; break;
        case 'h': help(stdout); goto done;
        default: rc = cmd_usage_error("icetool", "unknown option"); goto done;
        }
    }
    if (control && optind < argc) {
        rc = cmd_usage_error("icetool", "give the operators with -c FILE or as arguments, not both");
        goto done;
    }
    if (kr_step_dd(&st, "TOOLIN") && (control || optind < argc)) {
        rc = cmd_usage_error("icetool", "TOOLIN is given twice (--dd TOOLIN= and the statements)");
        goto done;
    }
    if (control)
        kr_step_add_dd(&st, "TOOLIN", control);
    else if (optind < argc)
        cmd_step_args_dd(&st, "TOOLIN", argc, argv, optind);
    rc = kr_program_run(&st);
done:
    kr_step_free(&st);
    return rc;
}
