/* protect.c: what the protected subcommands share: the role check and the audit entry of
 * every run, denial and failure (the configured log: $KIROKU_AUDIT or /var/lib/kiroku/audit). */
#include "protect.h"

#include <string.h>

kr_audit *cmd_audit_open(int *rc)
{
    const char *dir = kr_audit_default_dir();
    *rc = KR_RC_OK;
    if (!dir)
        return NULL;
    kr_err err;
    kr_err_clear(&err);
    kr_audit *log = kr_audit_open(dir, NULL, &err);
    if (!log) {
        fprintf(stderr, "%s\n", err.text);
        *rc = err.rc;
    }
    return log;
}

int cmd_audit_note(kr_audit *log, const char *event, const kr_audit_field *fields, size_t n, int rc)
{
    if (!log)
        return rc;
    kr_err err;
    kr_err_clear(&err);
    if (!kr_audit_append(log, event, fields, n, &err)) {
        fprintf(stderr, "%s\n", err.text);
        return rc > err.rc ? rc : err.rc;
    }
    return rc;
}

bool cmd_permitted(kr_audit *log, const char *program, const char *perm, int *rc)
{
    kr_err err;
    kr_err_clear(&err);
    if (kr_role_allows(perm, &err))
        return true;
    fprintf(stderr, "%s\n", err.text);
    kr_audit_field f[] = {{"program", program}, {"permission", perm}, {"message", err.text}};
    *rc = cmd_audit_note(log, "denied", f, 3, err.rc);
    return false;
}
