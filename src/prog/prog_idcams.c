/* prog_idcams.c: the IDCAMS program: its statements from SYSIN run against the catalog of
 * the step's data root, the listing on SYSPRINT (the step's SYSOUT); the return code is
 * IDCAMS's MAXCC. Statements that change the catalog (DEFINE, DELETE) need the permission
 * 'catalog' and are audited; LISTCAT is open to all. `kiroku idcams|catalog` run the same. */
#include "kiroku/audit.h"
#include "kiroku/catalog.h"
#include "prog.h"

int kr_idcams_guarded(const char *root, bool wait, const char *text, size_t len, const char *name, FILE *sysprint,
                      FILE *msg)
{
    kr_buf what;
    kr_buf_init(&what);
    int rc = KR_RC_OK;
    bool changes = kr_idcams_changes(text, len, name, &what);
    if (changes && !kr_guard_allowed(NULL, "IDCAMS", "catalog", msg, &rc)) {
        fprintf(sysprint, "IDCAMS  SYSTEM SERVICES (kiroku)\n\nKRK1575E IDCAMS: not run: the statements change "
                          "the catalog and this user may not (KRK1550E, see the messages)\n");
        kr_buf_free(&what);
        return rc;
    }
    kr_err err;
    kr_catalog *c = kr_catalog_open(root, wait, &err);
    if (!c) {
        fprintf(msg, "%s\n", err.text);
        kr_buf_free(&what);
        return err.rc;
    }
    rc = kr_idcams(c, text, len, name, sysprint);
    kr_catalog_close(c);
    if (changes) {
        int arc;
        kr_audit *log = kr_guard_audit_open(msg, &arc);
        char maxcc[16];
        snprintf(maxcc, sizeof maxcc, "%d", rc);
        kr_audit_field f[] = {{"program", "IDCAMS"}, {"root", root}, {"sysin", name}, {"statements", what.data},
                              {"maxcc", maxcc}};
        arc = kr_guard_note(log, msg, "catalog", f, sizeof f / sizeof f[0], arc);
        kr_audit_close(log);
        rc = arc > rc ? arc : rc;
    }
    kr_buf_free(&what);
    return rc;
}

int kr_prog_idcams(kr_step *s)
{
    kr_err err;
    if (!s->root)
        return kr_prog_fail_text(s, KR_RC_ENV, "KRK1209E", "step %s: IDCAMS needs a data root (it runs in a job stream)",
                                 s->name);
    kr_buf text;
    kr_buf_init(&text);
    const char *name;
    if (!kr_step_dd_text(s, "SYSIN", &text, &name, &err)) {
        kr_buf_free(&text);
        return kr_prog_fail(s, &err);
    }
    int rc = kr_idcams_guarded(s->root, true, text.data ? text.data : "", text.len, name, s->sysout, s->msg);
    kr_buf_free(&text);
    return rc;
}
