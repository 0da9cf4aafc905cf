/* prog_idcams.c: the IDCAMS program: its statements from SYSIN run against the catalog of
 * the step's data root, the listing on SYSPRINT (the step's SYSOUT); the return code is
 * IDCAMS's MAXCC. */
#include "kiroku/catalog.h"
#include "prog.h"

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
    kr_catalog *c = kr_catalog_open(s->root, true, &err);
    if (!c) {
        kr_buf_free(&text);
        return kr_prog_fail(s, &err);
    }
    int rc = kr_idcams(c, text.data ? text.data : "", text.len, name, s->sysout);
    kr_catalog_close(c);
    kr_buf_free(&text);
    return rc;
}
