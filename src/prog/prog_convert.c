/* prog_convert.c: the CONVERT program: SYSUT1 (its LAYOUT=) rewritten as SYSUT2 (its LAYOUT=);
 * PARM TRUNCATE, REPLACE, DUPFORM=KEEP|IBM|NEC, MAXLISTED=n, GAIJI=table, FOLD=profile. */
#include "kiroku/convert.h"
#include "prog.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool parse_parm(kr_step *s, kr_convert_opts *o, const char **gaiji, const char **fold, kr_err *err)
{
    kr_parm p;
    if (!kr_parm_parse(s->parm, &p, err))
        return false;
    o->truncate = kr_parm_flag(&p, "TRUNCATE");
    o->replace = kr_parm_flag(&p, "REPLACE");
    *gaiji = kr_parm_get(&p, "GAIJI");
    *fold = kr_parm_get(&p, "FOLD");
    const char *dup = kr_parm_get(&p, "DUPFORM");
    bool ok = kr_parm_count(&p, "MAXLISTED", 1, UINT64_MAX, &o->max_listed, err);
    if (ok && dup) {
        if (strcasecmp(dup, "KEEP") == 0)
            o->dup = KR_DUP_KEEP;
        else if (strcasecmp(dup, "IBM") == 0)
            o->dup = KR_DUP_IBM;
        else if (strcasecmp(dup, "NEC") == 0)
            o->dup = KR_DUP_NEC;
        else
            ok = kr_fail(err, KR_RC_ENV, "KRK1205E", "PARM DUPFORM='%s': give KEEP, IBM or NEC", dup);
    }
    ok = ok && kr_parm_all_used(&p, "CONVERT", err);
    /* The value stays valid: it is copied before p goes. */
    if (*gaiji)
        *gaiji = kr_xstrdup(*gaiji);
    if (*fold)
        *fold = kr_xstrdup(*fold);
    kr_parm_free(&p);
    return ok;
}

int kr_prog_convert(kr_step *s)
{
    kr_convert_opts o;
    memset(&o, 0, sizeof o);
    o.max_listed = 1000;
    o.cancel = s->cancel;
    kr_err err;
    const char *gaiji = NULL, *fold_name = NULL;
    if (!parse_parm(s, &o, &gaiji, &fold_name, &err)) {
        free((char *)gaiji);
        free((char *)fold_name);
        return kr_prog_fail(s, &err);
    }
    int rc = KR_RC_ENV;
    kr_layout *lf = NULL, *lt = NULL;
    kr_gaiji *g = NULL;
    kr_fold *fold = NULL;
    o.in_path = kr_step_dd_path(s, "SYSUT1", &err);
    o.out_path = o.in_path ? kr_step_dd_path(s, "SYSUT2", &err) : NULL;
    if (!o.out_path) {
        rc = kr_prog_fail(s, &err);
        goto done;
    }
    lf = kr_step_dd_layout(s, kr_step_dd(s, "SYSUT1"), &err);
    lt = lf ? kr_step_dd_layout(s, kr_step_dd(s, "SYSUT2"), &err) : NULL;
    if (!lt) {
        if (!err.rc)
            rc = kr_prog_fail_text(s, KR_RC_ENV, "KRK1206E", "step %s: SYSUT1 and SYSUT2 need LAYOUT=", s->name);
        goto done;
    }
    if (gaiji && !(g = kr_prog_load_gaiji(s, gaiji)))
        goto done;
    if (fold_name && !(fold = kr_fold_load(fold_name, &err))) {
        rc = kr_prog_fail(s, &err);
        goto done;
    }
    o.fold = fold;
    o.from = lf;
    o.to = lt;
    o.gaiji = g;
    kr_convert_stats st;
    rc = kr_convert(&o, s->sysout, &st);
done:
    kr_gaiji_free(g);
    kr_fold_free(fold);
    free((char *)fold_name);
    kr_layout_free(lt);
    kr_layout_free(lf);
    free((char *)gaiji);
    return rc;
}
