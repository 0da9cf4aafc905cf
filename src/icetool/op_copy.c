/* op_copy.c: COPY and SORT: FROM to TO(dd,...) through the SORT program, with USING's
 * statements (SORT needs a SORT statement there); several TO data sets are OUTFIL
 * FNAMES=, as DFSORT does it. */
#include "icetool.h"

#include <stdlib.h>
#include <string.h>

#define IT_MAX_TO 10

static int copy_or_sort(it_run *r, it_stmt *st, bool scan, bool sort)
{
    int rc = KR_RC_OK;
    const char *from = it_from(r, st, &rc), *using4 = NULL;
    if (!from || !it_using4(r, st, &using4, &rc))
        return rc;
    it_operand *to = it_get(st, "TO");
    char *list = to && to->value ? kr_xstrdup(to->value) : NULL;
    const char *names[IT_MAX_TO];
    size_t n = 0;
    for (char *save = NULL, *t = list ? strtok_r(list, ",", &save) : NULL; t; t = strtok_r(NULL, ",", &save)) {
        if (n == IT_MAX_TO) {
            rc = it_error(r, st, to, KR_RC_FAIL, "KRK2322E", "TO names at most %d data sets", IT_MAX_TO);
            break;
        }
        if (!it_ddname(r, st, to, t)) {
            rc = KR_RC_FAIL;
            break;
        }
        names[n++] = t;
    }
    if (rc == KR_RC_OK && !n && !using4)
        rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2323E", "needs TO(ddname,...) or USING(xxxx) with OUTFIL statements");
    if (rc == KR_RC_OK && sort && !using4)
        rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2323E", "needs USING(xxxx): DD xxxxCNTL holds its SORT statement");
    if (rc == KR_RC_OK && !it_all_used(r, st))
        rc = KR_RC_FAIL;
    for (size_t i = 0; rc == KR_RC_OK && i < n; i++)
        if (!kr_step_dd(r->step, names[i]))
            rc = it_error(r, st, to, KR_RC_FAIL, "KRK2325E", "TO: the step has no DD %s", names[i]);
    if (rc == KR_RC_OK && scan)
        it_check_dds(r, st, from, using4, false, &rc);
    if (rc == KR_RC_OK && !scan) {
        kr_buf s;
        kr_buf_init(&s);
        if (!sort)
            kr_buf_adds(&s, "  OPTION COPY\n");
        if (n > 1) {
            kr_buf_adds(&s, "  OUTFIL FNAMES=(");
            for (size_t i = 0; i < n; i++)
                kr_buf_addf(&s, "%s%s", i ? "," : "", names[i]);
            kr_buf_adds(&s, ")\n");
        }
        char using_dd[16];
        snprintf(using_dd, sizeof using_dd, "%.4sCNTL", using4 ? using4 : "");
        it_call c = {.op = st->op, .from = from, .to = names, .n_to = n, .using_dd = using4 ? using_dd : NULL,
                     .statements = s.len ? s.data : NULL};
        rc = it_sort(r, st, &c);
        kr_buf_free(&s);
    }
    free(list);
    return rc;
}

int it_op_copy(it_run *r, it_stmt *st, bool scan)
{
    return copy_or_sort(r, st, scan, false);
}

int it_op_sort(it_run *r, it_stmt *st, bool scan)
{
    return copy_or_sort(r, st, scan, true);
}
