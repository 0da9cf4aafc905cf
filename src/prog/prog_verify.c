/* prog_verify.c: the VERIFY program: SYSUT1 checked record by record against its layout
 * (LAYOUT= on the DD); PARM MAXLISTED=n, GAIJI=table. The listing ends with the counts. */
#include "kiroku/check.h"
#include "kiroku/program.h"
#include "prog.h"

#include <stdlib.h>

int kr_prog_verify(kr_step *s)
{
    kr_err err;
    kr_parm p;
    uint64_t max = 1000;
    if (!kr_parm_parse(s->parm, &p, &err))
        return kr_prog_fail(s, &err);
    const char *given = kr_parm_get(&p, "GAIJI");
    char *gaiji_name = given ? kr_xstrdup(given) : NULL;
    bool ok = kr_parm_count(&p, "MAXLISTED", 1, UINT64_MAX, &max, &err) && kr_parm_all_used(&p, "VERIFY", &err);
    kr_parm_free(&p);
    if (!ok) {
        free(gaiji_name);
        return kr_prog_fail(s, &err);
    }
    const char *path = kr_step_dd_path(s, "SYSUT1", &err);
    kr_layout *l = path ? kr_step_dd_layout(s, kr_step_dd(s, "SYSUT1"), &err) : NULL;
    if (!l) {
        free(gaiji_name);
        if (!path)
            return kr_prog_fail(s, &err);
        return err.rc ? err.rc : kr_prog_fail_text(s, KR_RC_ENV, "KRK1206E", "step %s: SYSUT1 needs LAYOUT=", s->name);
    }
    kr_gaiji *g = NULL;
    if (gaiji_name && !(g = kr_prog_load_gaiji(s, gaiji_name))) {
        free(gaiji_name);
        kr_layout_free(l);
        return KR_RC_ENV;
    }
    kr_verify_opts o = {path, l, max, g, s->cancel};
    kr_verify_stats st;
    int rc = kr_verify(&o, s->sysout, &st);
    if (rc != KR_RC_ENV) {
        fprintf(s->sysout, "KRK0399I %s: %llu record%s read", path, (unsigned long long)st.records,
                st.records == 1 ? "" : "s");
        for (size_t t = 0; t < l->n_types && t < 64; t++)
            fprintf(s->sysout, ", %llu %s", (unsigned long long)st.per_type[t], l->types[t].name);
        fprintf(s->sysout, "; %llu bad, %llu with warnings, %llu problems; return code %d\n",
                (unsigned long long)st.bad_records, (unsigned long long)st.warned_records,
                (unsigned long long)st.problems, rc);
    }
    free(gaiji_name);
    kr_gaiji_free(g);
    kr_layout_free(l);
    return rc;
}
