/* cmd_purge.c: `kiroku purge` — argument parsing for PURGE (src/secure/purge.c). */
#include "cmd.h"
#include "kiroku/secure.h"

#include <getopt.h>
#include <string.h>

static void help(FILE *out)
{
    fprintf(out,
            "usage: kiroku purge LEDGER --date YYYY-MM-DD (--rule STATEMENT | -c FILE) --sealed OUT KEY\n"
            "                    [--data-set NAME] [--sender WHO] [--receiver WHO]\n\n"
            "Removes from the Berkeley DB ledger LEDGER every group of records whose dates are all\n"
            "before the run date less the retention years, e.g. for 国保 (5 years after the last\n"
            "member of the household lost eligibility):\n"
            "    RETAIN GROUP=setai_no,DATE=soshitsu_ymd,YEARS=5\n"
            "A record with no date (none or open: still eligible) keeps its group. The removed\n"
            "records are sealed into OUT (KRS1, with OUT.slip) before the ledger commits; the\n"
            "counts are listed; the run is audited. The run date is required. KEY as for\n"
            "`kiroku seal`. Needs the permissions purge and seal:KEYID.\n\n"
            "Return code: 0 done, 12 the ledger or the output failed (the ledger is unchanged),\n"
            "16 the arguments, the rule, the key, the roles file or the role.\n");
}

int cmd_purge(int argc, char **argv)
{
    static const struct option opts[] = {{"date", required_argument, NULL, 'D'},
                                         {"rule", required_argument, NULL, 'r'},
                                         {"sealed", required_argument, NULL, 'o'},
                                         {"key", required_argument, NULL, 'k'},
                                         {"keyring", required_argument, NULL, 'K'},
                                         {"key-id", required_argument, NULL, 'i'},
                                         {"passphrase-file", required_argument, NULL, 'P'},
                                         {"data-set", required_argument, NULL, 'd'},
                                         {"sender", required_argument, NULL, 's'},
                                         {"receiver", required_argument, NULL, 'R'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    kr_key_choice kc = {0};
    kr_purge_opts o = {0};
    const char *rule_file = NULL, *date = NULL;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
        switch (c) {
        case 'D': date = optarg; break;
        case 'r': o.rule_text = optarg; o.rule_name = "--rule"; break;
        case 'c': rule_file = optarg; break;
        case 'o': o.sealed = optarg; break;
        case 'k': kc.key_file = optarg; break;
        case 'K': kc.ring = optarg; break;
        case 'i': kc.key_id = optarg; break;
        case 'P': kc.pass_file = optarg; break;
        case 'd': o.slip.dataset = optarg; break;
        case 's': o.slip.sender = optarg; break;
        case 'R': o.slip.receiver = optarg; break;
        case 'h': help(stdout); return KR_RC_OK;
        default: return cmd_usage_error("purge", "unknown option");
        }
    }
    if (optind != argc - 1)
        return cmd_usage_error("purge", "give one LEDGER directory");
    int y, m, d;
    char tail;
    if (!date || sscanf(date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return cmd_usage_error("purge", "give the run date with --date YYYY-MM-DD (PURGE never assumes today)");
    if (!o.sealed)
        return cmd_usage_error("purge", "give the sealed output of the removed records with --sealed OUT");
    if (!o.rule_text == !rule_file)
        return cmd_usage_error("purge", "give the retention rule with --rule STATEMENT or -c FILE");
    kr_buf text;
    kr_buf_init(&text);
    if (rule_file) {
        kr_err err;
        if (!kr_read_file(rule_file, &text, &err)) {
            fprintf(stderr, "%s\n", err.text);
            kr_buf_free(&text);
            return KR_RC_ENV;
        }
        o.rule_text = text.data;
        o.rule_name = rule_file;
    }
    o.ledger_dir = argv[optind];
    o.run_date = y * 10000 + m * 100 + d;
    o.key = &kc;
    int rc = kr_purge_guarded(&o, stdout, stderr);
    kr_buf_free(&text);
    return rc;
}
