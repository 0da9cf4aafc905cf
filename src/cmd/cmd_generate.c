/* cmd_generate.c: `kiroku generate` — write a file of valid sample records for a layout. */
#include "cmd.h"
#include "kiroku/gen.h"

#include <stdio.h>

#include <getopt.h>

static void help(FILE *out)
{
    fprintf(out,
            "usage: kiroku generate -L LAYOUT -o FILE --records N [--seed S] [--date YYYY-MM-DD]\n"
            "                       [--groups G]\n\n"
            "Writes a file of sample records that pass 'kiroku verify': the header, N data records\n"
            "(a random data record type each, when the layout has several), the trailer with its\n"
            "control totals, the end record. Each field's value follows its sample(...) attribute\n"
            "(docs/GENERATE.md) or, without one, its type. The same arguments give the same bytes.\n\n"
            "  -L, --layout LAYOUT  the layout: a path, or a name looked up in $KIROKU_LAYOUTS,\n"
            "                       ./layouts and the installed layouts\n"
            "  -o, --output FILE    the file to write (atomically; '-' for standard output)\n"
            "  --records N          data records in all\n"
            "  --seed S             the random seed (default 1)\n"
            "  --date YYYY-MM-DD    the reference date ages are counted on (default 2025-04-01)\n"
            "  --groups G           header..trailer groups to spread the records over (default 1)\n\n"
            "sample(...) generators:\n"
            "  seq START [STEP]       START, START+STEP, ... per record of the type\n"
            "  range MIN MAX          a uniform number (decimals for V fields)\n"
            "  pick V1 V2 ...         one of the values (strings in quotes)\n"
            "  const V | blank        always V | spaces\n"
            "  name kanji|kana        the record's person's name (kana: half-width in X)\n"
            "  sex                    that person's sex: 1 男, 2 女 (or the codes labelled so)\n"
            "  birth MINAGE MAXAGE    that person's birth date, aged MINAGE..MAXAGE on --date\n"
            "  address kanji|kana     an address; postcode: 7 digits; phone: a telephone number\n"
            "  date FROM TO [none P] [open P]  a date (YYYY-MM-DD), P%% none/open values\n\n"
            "Return code: 0 written, 8 a trailer's control total cannot count so many records,\n"
            "16 the layout, a sample(...) or an argument is wrong, 12 the file could not be\n"
            "written. Nothing is written unless the return code is 0.\n");
}

int cmd_generate(int argc, char **argv)
{
    static const struct option opts[] = {
        {"layout", required_argument, NULL, 'L'}, {"output", required_argument, NULL, 'o'},
        {"records", required_argument, NULL, 'n'}, {"seed", required_argument, NULL, 's'},
        {"date", required_argument, NULL, 'd'},   {"groups", required_argument, NULL, 'g'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    const char *layout = NULL, *output = NULL;
    uint64_t records = 0, seed = 1, groups = 1;
    int ref_ymd = 20250401;
    bool have_records = false;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "L:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'L': layout = optarg; break;
        case 'o': output = optarg; break;
        case 'n':
            if (!cmd_parse_count(optarg, &records))
                return cmd_usage_error("generate", "--records takes a number");
            have_records = true;
            break;
        case 's':
            if (!cmd_parse_count(optarg, &seed))
                return cmd_usage_error("generate", "--seed takes a number");
            break;
        case 'd':
            if (!kr_gen_parse_date(optarg, &ref_ymd))
                return cmd_usage_error("generate", "--date takes a calendar date as YYYY-MM-DD, not '%s'", optarg);
            break;
        case 'g':
            if (!cmd_parse_count(optarg, &groups) || groups == 0)
                return cmd_usage_error("generate", "--groups takes a number from 1");
            break;
        case 'h': help(stdout); return KR_RC_OK;
        default: return cmd_usage_error("generate", "unknown option");
        }
    }
    if (optind != argc)
        return cmd_usage_error("generate", "unexpected argument '%s'", argv[optind]);
    if (!layout || !output || !have_records)
        return cmd_usage_error("generate", "give -L LAYOUT, -o FILE and --records N");
    kr_step st;
    cmd_step_init(&st, "GENERATE");
    kr_step_add_dd(&st, "SYSUT2", output)->layout = kr_xstrdup(layout);
    char date[16];
    snprintf(date, sizeof date, "%04d-%02d-%02d", ref_ymd / 10000, ref_ymd / 100 % 100, ref_ymd % 100);
    cmd_step_parm_count(&st, "RECORDS", records);
    cmd_step_parm_count(&st, "SEED", seed);
    cmd_step_parm_count(&st, "GROUPS", groups);
    cmd_step_parm(&st, "DATE", date);
    int rc = kr_program_run(&st);
    kr_step_free(&st);
    return rc;
}
