/* guard.c: what every protected program does around its work: the role check (denials
 * printed and audited) and the audit entry of each run and failure, in the configured log
 * ($KIROKU_AUDIT or /var/lib/kiroku/audit); and SEAL/UNSEAL run that way, with the key
 * chosen from a key file, a key ring or a passphrase. */
#include "kiroku/audit.h"
#include "kiroku/secure.h"

#include <stdlib.h>
#include <string.h>

kr_audit *kr_guard_audit_open(FILE *msg, int *rc)
{
    const char *dir = kr_audit_default_dir();
    *rc = KR_RC_OK;
    if (!dir)
        return NULL;
    kr_err err;
    kr_err_clear(&err);
    kr_audit *log = kr_audit_open(dir, NULL, &err);
    if (!log) {
        fprintf(msg, "%s\n", err.text);
        *rc = err.rc;
    }
    return log;
}

int kr_guard_note(kr_audit *log, FILE *msg, const char *event, const kr_audit_field *fields, size_t n, int rc)
{
    if (!log)
        return rc;
    kr_err err;
    kr_err_clear(&err);
    if (!kr_audit_append(log, event, fields, n, &err)) {
        fprintf(msg, "%s\n", err.text);
        return rc > err.rc ? rc : err.rc;
    }
    return rc;
}

bool kr_guard_permitted(kr_audit *log, FILE *msg, const char *program, const char *perm, int *rc)
{
    kr_err err;
    kr_err_clear(&err);
    if (kr_role_allows(perm, &err))
        return true;
    fprintf(msg, "%s\n", err.text);
    kr_audit_field f[] = {{"program", program}, {"permission", perm}, {"message", err.text}};
    *rc = kr_guard_note(log, msg, "denied", f, 3, err.rc);
    return false;
}

bool kr_guard_allowed(const char *job, const char *program, const char *perm, FILE *msg, int *rc)
{
    *rc = KR_RC_OK;
    kr_audit *log = NULL;
    const char *dir = kr_audit_default_dir();
    if (dir) {
        kr_err err;
        kr_err_clear(&err);
        if (!(log = kr_audit_open(dir, job, &err))) {
            fprintf(msg, "%s\n", err.text);
            *rc = err.rc;
            return false;
        }
    }
    bool allowed = kr_guard_permitted(log, msg, program, perm, rc);
    kr_audit_close(log);
    return allowed;
}

int kr_guard_reveal(bool extract, const kr_audit_field *what, size_t n, FILE *msg)
{
    int rc;
    kr_audit *log = kr_guard_audit_open(msg, &rc);
    if (rc)
        return rc;
    if (!log) {
        fprintf(msg, "KRK1552E %s: no audit log is configured ($KIROKU_AUDIT); sensitive fields are never shown "
                     "or written unaudited\n", what[0].value);
        return KR_RC_ENV;
    }
    if (kr_guard_permitted(log, msg, what[0].value, "reveal", &rc) &&
        (!extract || kr_guard_permitted(log, msg, what[0].value, "extract", &rc)))
        rc = kr_guard_note(log, msg, extract ? "extract" : "reveal", what, n, KR_RC_OK);
    kr_audit_close(log);
    return rc;
}

bool kr_key_choose(const kr_key_choice *a, const char *peek, kr_seal_key *key, kr_err *err)
{
    char id[KR_KEY_ID_MAX + 1];
    if (a->key_file)
        return kr_key_read(a->key_file, key, err);
    if (a->pass_file) {
        if (!a->key_id && peek && kr_seal_peek_key_id(peek, id, err))
            return kr_key_passphrase(a->pass_file, id, key, err);
        return a->key_id ? kr_key_passphrase(a->pass_file, a->key_id, key, err)
                         : kr_fail(err, KR_RC_ENV, "KRK1503E", "a passphrase needs its key id (--key-id, KEYID=)");
    }
    const char *ring = a->ring ? a->ring : getenv("KIROKU_KEYS");
    if (!ring)
        return kr_fail(err, KR_RC_ENV, "KRK1503E",
                       "no key given: a key file, a key ring (or $KIROKU_KEYS) or a passphrase file");
    if (a->key_id)
        return kr_key_find(ring, a->key_id, key, err);
    if (!peek)
        return kr_fail(err, KR_RC_ENV, "KRK1503E", "sealing with a key ring needs the key id (--key-id, KEYID=)");
    return kr_seal_peek_key_id(peek, id, err) && kr_key_find(ring, id, key, err);
}

/* Audits a run (the event, or "failed" with the message, which is also printed). */
static int note_run(kr_audit *log, FILE *msg, const char *program, const char *event, const char *input,
                    const char *output, const kr_seal_info *info, const char *key_id, const kr_err *err, int rc)
{
    char records[32] = "", sha[2 * KR_DIGEST_BYTES + 1] = "";
    if (rc) {
        fprintf(msg, "%s\n", err->text);
        kr_audit_field f[] = {{"program", program}, {"input", input}, {"output", output ? output : "-"},
                              {"key-id", key_id}, {"message", err->text}};
        return kr_guard_note(log, msg, "failed", f, 5, rc);
    }
    snprintf(records, sizeof records, "%llu", (unsigned long long)info->records);
    kr_hex(info->sha256, KR_DIGEST_BYTES, sha);
    kr_audit_field f[] = {{"program", program}, {"input", input}, {"output", output ? output : "-"},
                          {"records", records}, {"sha256", sha}, {"key-id", key_id}};
    return kr_guard_note(log, msg, event, f, 6, rc);
}

bool kr_guard_begin(const kr_key_choice *kc, const char *peek, const char *program, const char *perm,
                    const char *verb, FILE *msg, kr_seal_key *key, kr_audit **log, int *rc)
{
    kr_err err;
    kr_err_clear(&err);
    *log = NULL;
    if (!kr_key_choose(kc, peek, key, &err)) {
        fprintf(msg, "%s\n", err.text);
        *rc = err.rc;
        return false;
    }
    *log = kr_guard_audit_open(msg, rc);
    char with_key[16 + KR_KEY_ID_MAX];
    snprintf(with_key, sizeof with_key, "%s:%s", verb, key->id);
    if (*rc == KR_RC_OK && (!perm || kr_guard_permitted(*log, msg, program, perm, rc)) &&
        kr_guard_permitted(*log, msg, program, with_key, rc))
        return true;
    kr_guard_end(*log, key);
    *log = NULL;
    return false;
}

void kr_guard_end(kr_audit *log, kr_seal_key *key)
{
    kr_audit_close(log);
    kr_key_forget(key);
}

int kr_seal_guarded(const kr_key_choice *kc, kr_seal_opts *o, FILE *listing, FILE *msg)
{
    kr_err err;
    kr_err_clear(&err);
    kr_seal_key key;
    kr_audit *log;
    char head[KR_AUDIT_HEAD_MAX];
    int rc;
    if (kr_guard_begin(kc, NULL, "SEAL", NULL, "seal", msg, &key, &log, &rc)) {
        if (log) {
            kr_audit_head(log, head);
            o->slip.audit_head = head;
        }
        o->key = &key;
        kr_seal_info info;
        rc = kr_seal(o, listing, &info, &err);
        rc = note_run(log, msg, "SEAL", "seal", o->input, o->output, rc ? NULL : &info, key.id, &err, rc);
        o->key = NULL;
        o->slip.audit_head = NULL;
        kr_guard_end(log, &key);
    }
    return rc;
}

int kr_unseal_guarded(const kr_key_choice *kc, kr_unseal_opts *o, FILE *listing, FILE *msg)
{
    kr_err err;
    kr_err_clear(&err);
    kr_seal_key key;
    kr_audit *log;
    int rc;
    const char *program = o->output ? "UNSEAL" : "SEAL --verify";
    if (kr_guard_begin(kc, o->input, program, NULL, "unseal", msg, &key, &log, &rc)) {
        o->key = &key;
        kr_seal_info info;
        rc = kr_unseal(o, listing, &info, &err);
        rc = note_run(log, msg, program, o->output ? "unseal" : "verify", o->input, o->output, rc ? NULL : &info,
                      key.id, &err, rc);
        o->key = NULL;
        kr_guard_end(log, &key);
    }
    return rc;
}
