/* cmd_audit.c: `kiroku audit` — init, append, head, verify and show for the audit log
 * (argument parsing only; the log is src/secure/audit*.c). */
#include "cmd.h"
#include "kiroku/audit.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *out)
{
    fprintf(out,
            "usage: kiroku audit init DIR --verify-key FILE\n"
            "       kiroku audit append [-d DIR] EVENT [NAME=VALUE...] [--job JOB] [--segment-bytes N]\n"
            "       kiroku audit head [-d DIR]\n"
            "       kiroku audit verify [-d DIR] --key FILE [--anchor SEQ:TAG]\n"
            "       kiroku audit show [-d DIR] [--from DATE] [--to DATE] [--user U] [--job J] [--event E]\n\n"
            "The audit log: entries chained by HMAC-SHA-256 under a key that evolves after every\n"
            "entry, fsynced one by one; no command deletes entries. DIR (-d) defaults to $KIROKU_AUDIT,\n"
            "else /var/lib/kiroku/audit. init writes the verification key to FILE: keep it off\n"
            "the machine. head prints SEQ:TAG, the anchor to keep elsewhere (slips and job ends\n"
            "carry it). verify checks every entry from the verification key and names the first\n"
            "changed, removed, inserted or reordered one; with --anchor also a removed tail.\n"
            "append rotates to a new segment past --segment-bytes (default 64 MiB).\n"
            "show lists entries (DATE as YYYY-MM-DD, inclusive) without verifying them.\n\n"
            "Return code: 0 done, 4 the log ends inside an entry (a crash), 12 the chain is\n"
            "broken, 16 the command line, the directory or the key is wrong.\n");
}

static int fail_with(const kr_err *err)
{
    fprintf(stderr, "%s\n", err->text);
    return err->rc ? err->rc : KR_RC_FAIL;
}

int cmd_audit(int argc, char **argv)
{
    static const struct option opts[] = {{"verify-key", required_argument, NULL, 'V'},
                                         {"dir", required_argument, NULL, 'd'},
                                         {"segment-bytes", required_argument, NULL, 'S'},
                                         {"key", required_argument, NULL, 'k'},
                                         {"anchor", required_argument, NULL, 'a'},
                                         {"from", required_argument, NULL, 'f'},
                                         {"to", required_argument, NULL, 't'},
                                         {"user", required_argument, NULL, 'u'},
                                         {"job", required_argument, NULL, 'j'},
                                         {"event", required_argument, NULL, 'e'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *verify_key = NULL, *key = NULL, *anchor = NULL, *dir = kr_audit_default_dir();
    kr_audit_filter f = {0};
    uint64_t segment_bytes = 0;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
        switch (c) {
        case 'V': verify_key = optarg; break;
        case 'd': dir = optarg; break;
        case 'S':
            if (!cmd_parse_count(optarg, &segment_bytes) || segment_bytes == 0)
                return cmd_usage_error("audit", "--segment-bytes takes a number from 1");
            break;
        case 'k': key = optarg; break;
        case 'a': anchor = optarg; break;
        case 'f': f.from = optarg; break;
        case 't': f.to = optarg; break;
        case 'u': f.user = optarg; break;
        case 'j': f.job = optarg; break;
        case 'e': f.event = optarg; break;
        case 'h': help(stdout); return KR_RC_OK;
        default: return cmd_usage_error("audit", "unknown option");
        }
    }
    if (optind >= argc)
        return cmd_usage_error("audit", "give init, append, head, verify or show");
    const char *what = argv[optind++];
    kr_err err;
    kr_err_clear(&err);
    if (strcmp(what, "init") == 0) {
        if (optind != argc - 1 || !verify_key)
            return cmd_usage_error("audit", "init takes DIR and --verify-key FILE");
        if (!kr_audit_init(argv[optind], verify_key, &err))
            return fail_with(&err);
        printf("KRK1537I audit log begun in %s; verification key in %s: move it off this machine\n", argv[optind],
               verify_key);
        return KR_RC_OK;
    }
    int i = optind;
    if (!dir)
        return cmd_usage_error("audit", "give the log's directory with -d DIR (or set $KIROKU_AUDIT)");
    if (strcmp(what, "append") == 0) {
        if (i >= argc)
            return cmd_usage_error("audit", "append takes an EVENT");
        const char *event = argv[i++];
        size_t n = (size_t)(argc - i);
        kr_audit_field *fields = kr_xcalloc(n + 1, sizeof *fields);
        char **names = kr_xcalloc(n + 1, sizeof *names);
        for (size_t k = 0; k < n; k++) {
            const char *eq = strchr(argv[i + (int)k], '=');
            if (!eq) {
                for (size_t m = 0; m < k; m++)
                    free(names[m]);
                free(names);
                free(fields);
                return cmd_usage_error("audit", "append takes NAME=VALUE after the event, not '%s'", argv[i + (int)k]);
            }
            names[k] = kr_xstrndup(argv[i + (int)k], (size_t)(eq - argv[i + (int)k]));
            fields[k].name = names[k];
            fields[k].value = eq + 1;
        }
        kr_audit *log = kr_audit_open(dir, f.job, &err);
        if (log)
            kr_audit_set_segment_bytes(log, segment_bytes);
        bool ok = log && kr_audit_append(log, event, fields, n, &err);
        char head[KR_AUDIT_HEAD_MAX];
        if (ok) {
            kr_audit_head(log, head);
            printf("%s\n", head);
        }
        kr_audit_close(log);
        for (size_t k = 0; k < n; k++)
            free(names[k]);
        free(names);
        free(fields);
        return ok ? KR_RC_OK : fail_with(&err);
    }
    if (i != argc)
        return cmd_usage_error("audit", "unexpected argument '%s'", argv[i]);
    if (strcmp(what, "head") == 0) {
        kr_audit *log = kr_audit_open(dir, NULL, &err);
        if (!log)
            return fail_with(&err);
        char head[KR_AUDIT_HEAD_MAX];
        kr_audit_head(log, head);
        printf("%s\n", head);
        kr_audit_close(log);
        return KR_RC_OK;
    }
    if (strcmp(what, "verify") == 0) {
        if (!key)
            return cmd_usage_error("audit", "verify takes --key FILE (the verification key from init)");
        kr_audit_verify_opts o = {dir, key, anchor};
        int rc = kr_audit_verify(&o, stdout, &err);
        return rc >= KR_RC_REJECT ? fail_with(&err) : rc;
    }
    if (strcmp(what, "show") == 0) {
        f.dir = dir;
        int rc = kr_audit_show(&f, stdout, &err);
        return rc ? fail_with(&err) : KR_RC_OK;
    }
    return cmd_usage_error("audit", "unknown action '%s' (init, append, head, verify, show)", what);
}
