/* op_copy.c: COPY, SORT and MERGE: FROM to TO(dd,...) through the SORT program, with
 * USING's statements (SORT and MERGE need their statement there); several TO data sets are
 * OUTFIL FNAMES=, as DFSORT does it; MERGE's FROM data sets are SORTIN01, SORTIN02... */
#include "icetool.h"

#include <stdlib.h>
#include <string.h>

#define IT_MAX_TO 10
#define IT_MAX_MERGE_FROM 10

enum { DO_COPY, DO_SORT, DO_MERGE };

/* A list of DD names: TO(a,b,...) or MERGE's FROM(a,b,...), cut in place in *list. */
static int dd_list(it_run *r, it_stmt *st, it_operand *o, char **list, const char **names, size_t max, size_t *n)
{
    *n = 0;
    *list = o && o->value ? kr_xstrdup(o->value) : NULL;
    for (char *save = NULL, *t = *list ? strtok_r(*list, ",", &save) : NULL; t; t = strtok_r(NULL, ",", &save)) {
        if (*n == max)
            return it_error(r, st, o, KR_RC_FAIL, "KRK2322E", "%s names at most %zu data sets", o->name, max);
        if (!it_ddname(r, st, o, t))
            return KR_RC_FAIL;
        names[(*n)++] = t;
    }
    return KR_RC_OK;
}

/* MERGE's USING must hold the MERGE statement (MERGE FIELDS=). */
static bool has_merge_statement(it_run *r, it_stmt *st, const char *using4, int *rc)
{
    char using_dd[16];
    snprintf(using_dd, sizeof using_dd, "%.4sCNTL", using4);
    kr_ctl *u = it_using(r, st, using_dd, rc);
    if (!u)
        return false;
    bool ok = u->op == KR_OP_MERGE;
    kr_ctl_free(u);
    if (!ok)
        *rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2416E", "USING(%s): %s has no MERGE statement; MERGE merges by "
                       "the MERGE FIELDS= written there", using4, using_dd);
    return ok;
}

static int copy_sort_merge(it_run *r, it_stmt *st, bool scan, int what)
{
    int rc = KR_RC_OK;
    const char *from = NULL, *using4 = NULL;
    const char *from_names[IT_MAX_MERGE_FROM];
    size_t n_from = 0;
    char *from_list = NULL;
    if (what == DO_MERGE) {
        it_operand *f = it_get(st, "FROM");
        if (!f || !f->value)
            return it_error(r, st, f, KR_RC_FAIL, "KRK2323E", "needs FROM(ddname,...): the data sets to merge");
        rc = dd_list(r, st, f, &from_list, from_names, IT_MAX_MERGE_FROM, &n_from);
        from = n_from ? from_names[0] : NULL;
        if (rc == KR_RC_OK && !from)
            rc = it_error(r, st, f, KR_RC_FAIL, "KRK2323E", "needs FROM(ddname,...): the data sets to merge");
        if (rc != KR_RC_OK) {
            free(from_list);
            return rc;
        }
    } else {
        from = it_from(r, st, &rc);
        if (!from)
            return rc;
    }
    if (!it_using4(r, st, &using4, &rc)) {
        free(from_list);
        return rc;
    }
    it_operand *to = it_get(st, "TO");
    char *list = NULL;
    const char *names[IT_MAX_TO];
    size_t n = 0;
    rc = dd_list(r, st, to, &list, names, IT_MAX_TO, &n);
    if (rc == KR_RC_OK && !n && !using4)
        rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2323E", "needs TO(ddname,...) or USING(xxxx) with OUTFIL statements");
    if (rc == KR_RC_OK && what != DO_COPY && !using4)
        rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2323E", "needs USING(xxxx): DD xxxxCNTL holds its %s statement",
                      what == DO_SORT ? "SORT" : "MERGE");
    if (rc == KR_RC_OK && !it_all_used(r, st))
        rc = KR_RC_FAIL;
    for (size_t i = 0; rc == KR_RC_OK && i < n_from; i++) {
        if (!kr_step_dd(r->step, from_names[i]))
            rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2325E", "FROM: the step has no DD %s", from_names[i]);
        for (size_t j = 0; rc == KR_RC_OK && j < n; j++)
            if (strcmp(from_names[i], names[j]) == 0)
                rc = it_error(r, st, to, KR_RC_FAIL, "KRK2322E", "TO(%s) is also a FROM data set", names[j]);
    }
    if (rc == KR_RC_OK && what == DO_MERGE)
        has_merge_statement(r, st, using4, &rc);
    for (size_t i = 0; rc == KR_RC_OK && i < n; i++)
        if (!kr_step_dd(r->step, names[i]))
            rc = it_error(r, st, to, KR_RC_FAIL, "KRK2325E", "TO: the step has no DD %s", names[i]);
    if (rc == KR_RC_OK && scan)
        it_check_dds(r, st, from, using4, IT_USING_ANY, &rc);
    if (rc == KR_RC_OK && !scan) {
        kr_buf s;
        kr_buf_init(&s);
        if (what == DO_COPY)
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
                     .statements = s.len ? s.data : NULL, .merge_from = n_from ? from_names : NULL,
                     .n_merge_from = n_from};
        rc = it_sort(r, st, &c);
        kr_buf_free(&s);
    }
    free(list);
    free(from_list);
    return rc;
}

int it_op_copy(it_run *r, it_stmt *st, bool scan)
{
    return copy_sort_merge(r, st, scan, DO_COPY);
}

int it_op_sort(it_run *r, it_stmt *st, bool scan)
{
    return copy_sort_merge(r, st, scan, DO_SORT);
}

int it_op_merge(it_run *r, it_stmt *st, bool scan)
{
    return copy_sort_merge(r, st, scan, DO_MERGE);
}
