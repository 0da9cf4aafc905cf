/* cmd_generate.c: `kiroku generate` — write a file of valid sample records for a layout. */
#include "cmd.h"
#include "kiroku/gen.h"

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
    kr_generate_opts o = {NULL, NULL, 0, 1, 20250401, 1};
    bool have_records = false;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "L:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'L': layout = optarg; break;
        case 'o': output = optarg; break;
        case 'n':
            if (!cmd_parse_count(optarg, &o.records))
                return cmd_usage_error("generate", "--records takes a number");
            have_records = true;
            break;
        case 's':
            if (!cmd_parse_count(optarg, &o.seed))
                return cmd_usage_error("generate", "--seed takes a number");
            break;
        case 'd':
            if (!kr_gen_parse_date(optarg, &o.ref_ymd))
                return cmd_usage_error("generate", "--date takes a calendar date as YYYY-MM-DD, not '%s'", optarg);
            break;
        case 'g':
            if (!cmd_parse_count(optarg, &o.groups) || o.groups == 0)
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
    kr_layout *l = cmd_load_layout(layout);
    if (!l)
        return KR_RC_ENV;
    o.layout = l;
    o.path = output;
    kr_generate_stats st;
    kr_err err;
    int rc = kr_generate(&o, &st, &err);
    if (rc != KR_RC_OK)
        fprintf(stderr, "%s\n", err.text);
    else
        fprintf(stderr, "KRK1008I %s: %llu records written (%llu header, %llu data, %llu trailer, %llu end), "
                "%llu bytes; seed %llu, date %04d-%02d-%02d\n",
                output, (unsigned long long)st.records, (unsigned long long)st.header,
                (unsigned long long)st.data, (unsigned long long)st.trailer, (unsigned long long)st.end,
                (unsigned long long)st.bytes, (unsigned long long)o.seed, o.ref_ymd / 10000,
                o.ref_ymd / 100 % 100, o.ref_ymd % 100);
    kr_layout_free(l);
    return rc;
}
