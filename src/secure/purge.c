/* purge.c: the PURGE program's work: a retention rule (`RETAIN GROUP=field,DATE=field,
 * YEARS=n`) applied to a Berkeley DB ledger on an explicit run date; the removed records are
 * sealed (KRS1 with its slip) before the ledger's transaction commits, the counts listed, the
 * run audited. Needs the permissions purge and seal:KEYID. */
#include "kiroku/audit.h"
#include "kiroku/codec.h"
#include "kiroku/ledger.h"
#include "kiroku/secure.h"

#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Parses the rule's one statement; names are copied into the rule's buffers. */
static bool parse_rule(const char *text, const char *where, char *group, char *date, int *years, kr_err *err)
{
    group[0] = date[0] = '\0';
    *years = -1;
    int line = 1;
    bool seen = false;
    for (const char *p = text; *p;) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        char buf[512];
        if (len >= sizeof buf)
            return kr_fail(err, KR_RC_ENV, "KRK1572E", "%s:%d:1: a line longer than 511 bytes", where, line);
        memcpy(buf, p, len);
        buf[len] = '\0';
        char *s = buf + strspn(buf, " \t\r");
        if (*s && *s != '*') {
            if (seen)
                return kr_fail(err, KR_RC_ENV, "KRK1572E", "%s:%d:%d: one RETAIN statement only", where, line,
                               (int)(s - buf) + 1);
            if (strncmp(s, "RETAIN", 6) != 0 || (s[6] != ' ' && s[6] != '\t'))
                return kr_fail(err, KR_RC_ENV, "KRK1572E",
                               "%s:%d:%d: expected RETAIN GROUP=field,DATE=field,YEARS=n", where, line,
                               (int)(s - buf) + 1);
            seen = true;
            char *save = NULL;
            for (char *item = strtok_r(s + 7, ", \t\r", &save); item; item = strtok_r(NULL, ", \t\r", &save)) {
                int col = (int)(item - buf) + 1;
                char *eq = strchr(item, '=');
                if (!eq)
                    return kr_fail(err, KR_RC_ENV, "KRK1572E", "%s:%d:%d: '%s' is not KEYWORD=value", where, line,
                                   col, item);
                *eq = '\0';
                const char *v = eq + 1;
                char *end;
                if (strcmp(item, "GROUP") == 0 && strlen(v) < 64)
                    strcpy(group, v);
                else if (strcmp(item, "DATE") == 0 && strlen(v) < 64)
                    strcpy(date, v);
                else if (strcmp(item, "YEARS") == 0 && (*years = (int)strtol(v, &end, 10), *v && !*end) &&
                         *years >= 1 && *years <= 100)
                    ;
                else
                    return kr_fail(err, KR_RC_ENV, "KRK1572E",
                                   "%s:%d:%d: %s=%s: RETAIN knows GROUP=field, DATE=field, YEARS=1..100", where,
                                   line, col, item, v);
            }
        }
        line++;
        p = eol ? eol + 1 : p + len;
    }
    if (!seen || !group[0] || !date[0] || *years < 0)
        return kr_fail(err, KR_RC_ENV, "KRK1572E", "%s: give RETAIN GROUP=field,DATE=field,YEARS=n", where);
    return true;
}

/* The run date less `years` years (29 February becomes 28 February). */
static int cutoff_of(int run_date, int years)
{
    int y = run_date / 10000 - years, m = run_date / 100 % 100, d = run_date % 100;
    if (!kr_date_valid_ymd(y, m, d))
        d = 28;
    return y * 10000 + m * 100 + d;
}

typedef struct purge_run {
    const kr_purge_opts *o;
    kr_writer *removed;
    char *plain;
    kr_seal_key *key;
    const char *layout_name;
    size_t record_bytes;
    kr_seal_info info;
    int seal_rc;
} purge_run;

/* The hook before the ledger commits: the removed records written, sealed, the plaintext gone. */
static bool seal_removed(void *arg, kr_err *err)
{
    purge_run *pr = arg;
    kr_writer *w = pr->removed;
    pr->removed = NULL;
    if (!kr_writer_commit(w, err))
        return false;
    kr_seal_opts so = {pr->plain, pr->o->sealed, pr->key, pr->layout_name, pr->record_bytes, 0, pr->o->slip};
    pr->seal_rc = kr_seal(&so, NULL, &pr->info, err);
    unlink(pr->plain);
    return pr->seal_rc == KR_RC_OK;
}

int kr_purge_guarded(const kr_purge_opts *o, FILE *listing, FILE *msg)
{
    kr_err err;
    kr_err_clear(&err);
    if (o->run_date <= 0) {
        fprintf(msg, "KRK1570E PURGE: no run date given; PURGE never assumes today (give --date / PARM RUNDATE=)\n");
        return KR_RC_ENV;
    }
    char group[64], date[64];
    int years;
    if (!parse_rule(o->rule_text, o->rule_name, group, date, &years, &err)) {
        fprintf(msg, "%s\n", err.text);
        return err.rc;
    }
    kr_seal_key key;
    kr_audit *log;
    int rc;
    if (!kr_guard_begin(o->key, NULL, "PURGE", "purge", "seal", msg, &key, &log, &rc))
        return rc;
    if (!log) {
        kr_guard_end(log, &key);
        fprintf(msg, "KRK1552E PURGE: no audit log is configured ($KIROKU_AUDIT); a purge removes records for good "
                     "and is never run unaudited\n");
        return KR_RC_ENV;
    }
    kr_purge_rule rule = {group, date, cutoff_of(o->run_date, years)};
    purge_run pr = {o, NULL, NULL, &key, NULL, 0, {0}, 0};
    kr_purge_stats st = {0};
    char *copy = kr_xstrdup(o->sealed);
    char *tmpdir = kr_xasprintf("%s/.kiroku-purge-XXXXXX", dirname(copy));
    free(copy);
    kr_ledger *g = NULL;
    if (!mkdtemp(tmpdir)) {
        kr_fail(&err, KR_RC_ENV, "KRK1573E", "%s: cannot create a private work folder: %s", tmpdir, strerror(errno));
        rc = err.rc;
    } else if (!(g = kr_ledger_open(o->ledger_dir, &err))) {
        rc = err.rc;
    } else {
        pr.plain = kr_xasprintf("%s/removed", tmpdir);
        const kr_layout *l = kr_ledger_layout(g);
        pr.layout_name = l->name;
        pr.record_bytes = l->length + kr_terminator_len(l->terminator);
        pr.removed = kr_writer_open_layout(pr.plain, l, &err);
        rc = pr.removed ? kr_ledger_purge(g, &rule, pr.removed, seal_removed, &pr, &st, &err) : err.rc;
    }
    kr_writer_abort(pr.removed);
    if (pr.plain)
        unlink(pr.plain);
    rmdir(tmpdir);
    if (rc && pr.seal_rc == KR_RC_OK && pr.info.chunks)
        unlink(o->sealed); /* sealed, then the commit failed: the records are still in the ledger */
    char counts[200], cut[16];
    snprintf(cut, sizeof cut, "%08d", rule.cutoff);
    snprintf(counts, sizeof counts, "in=%llu removed=%llu kept=%llu groups-removed=%llu groups-kept=%llu",
             (unsigned long long)st.records_in, (unsigned long long)st.records_purged,
             (unsigned long long)st.records_out, (unsigned long long)st.groups_purged,
             (unsigned long long)st.groups_kept);
    char sha[2 * KR_DIGEST_BYTES + 1];
    kr_hex(pr.info.sha256, KR_DIGEST_BYTES, sha);
    if (rc == KR_RC_OK) {
        fprintf(listing,
                "KRK1574I PURGE %s: %llu records in, %llu removed (%llu %s groups with every %s before %s), %llu "
                "kept (%llu groups); the removed records sealed into %s (key id %s, SHA-256 %s)\n",
                o->ledger_dir, (unsigned long long)st.records_in, (unsigned long long)st.records_purged,
                (unsigned long long)st.groups_purged, group, date, cut, (unsigned long long)st.records_out,
                (unsigned long long)st.groups_kept, o->sealed, key.id, sha);
        kr_audit_field f[] = {{"program", "PURGE"}, {"ledger", o->ledger_dir}, {"rule", o->rule_text},
                              {"cutoff", cut}, {"counts", counts}, {"output", o->sealed}, {"sha256", sha},
                              {"key-id", key.id}};
        rc = kr_guard_note(log, msg, "purge", f, 8, rc);
    } else {
        fprintf(msg, "%s\n", err.text);
        kr_audit_field f[] = {{"program", "PURGE"}, {"ledger", o->ledger_dir}, {"cutoff", cut}, {"message", err.text}};
        rc = kr_guard_note(log, msg, "failed", f, 4, rc);
    }
    kr_ledger_close(g);
    free(pr.plain);
    free(tmpdir);
    kr_guard_end(log, &key);
    return rc;
}
