/* pass.c: the operators that read records back (COUNT, SELECT, UNIQUE, STATS, RANGE,
 * OCCUR, DISPLAY) start the same way: FROM's shape, USING's statements checked (only
 * INCLUDE or OMIT may choose the records), and one SORT call that writes the chosen records,
 * sorted by the ON fields when the operator needs them in order, to a temporary file. */
#include "icetool.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* USING's statements may only choose records (INCLUDE/OMIT) and reformat them before the
 * operator reads them (INREC) for these operators; RESIZE (may_sort) lets them sort the
 * records too (SORT, or COPY), as DFSORT's RESIZE Example 2 does. *sorts says whether they
 * name SORT or COPY themselves. */
static bool using_selects_only(it_run *r, it_stmt *st, const char *using_dd, bool may_sort, bool *sorts, int *rc)
{
    kr_ctl *u = it_using(r, st, using_dd, rc);
    if (!u)
        return false;
    bool sort_or_copy = u->op == KR_OP_SORT || u->op == KR_OP_COPY;
    const char *what = u->op != KR_OP_NONE && !(may_sort && sort_or_copy) ? (may_sort ? "MERGE" : "SORT, MERGE or COPY")
                       : u->outrec.kind != KR_RF_NONE ? "OUTREC"
                       : u->has_sum ? "SUM"
                       : u->n_outfils ? "OUTFIL"
                       : u->has_join ? "JOINKEYS"
                       : NULL;
    if (sorts)
        *sorts = sort_or_copy;
    kr_ctl_free(u);
    if (what)
        *rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2331E", "USING(%.4s): %s has %s; for %s it may hold INCLUDE, OMIT "
                       "%sand INREC only", using_dd, using_dd, what, st->op, may_sort ? "SORT, COPY " : "");
    return !what;
}

bool it_check_dds(it_run *r, it_stmt *st, const char *from, const char *using4, it_using_rule rule, int *rc)
{
    if (!kr_step_dd(r->step, from)) {
        *rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2325E", "FROM: the step has no DD %s", from);
        return false;
    }
    if (!using4)
        return true;
    char using_dd[16];
    snprintf(using_dd, sizeof using_dd, "%sCNTL", using4);
    if (rule != IT_USING_ANY)
        return using_selects_only(r, st, using_dd, rule == IT_USING_SELECTS_SORT, NULL, rc);
    kr_ctl *u = it_using(r, st, using_dd, rc);
    kr_ctl_free(u);
    return u != NULL;
}

bool it_shape_for(it_run *r, it_stmt *st, const char *from, const char *using4, it_shape *sh, int *rc)
{
    if (!it_shape_of(r, st, from, sh, rc))
        return false;
    if (!using4)
        return true;
    char using_dd[16];
    snprintf(using_dd, sizeof using_dd, "%sCNTL", using4);
    if (!kr_step_dd(r->step, using_dd))
        return true; /* reported where the DD is needed */
    kr_ctl *u = it_using(r, st, using_dd, rc);
    if (!u) {
        it_shape_free(sh);
        return false;
    }
    bool ok = true;
    if (u->inrec.kind != KR_RF_NONE) {
        /* The engine says how long INREC makes the records; names are gone after it. */
        kr_scope in, out;
        kr_scope_init(&in, sh->lrecl, sh->layout);
        if (sh->layout)
            kr_scope_add_layout(&in, sh->layout, NULL, 0);
        kr_cond_ctx ctx = {r->step->run_date};
        kr_err err;
        kr_rebuild *rb = kr_rebuild_build(&u->inrec, &in, &ctx, using_dd, &out, &err);
        if (!rb) {
            *rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2331E", "USING(%s): %s", using4, err.text);
            ok = false;
        } else {
            sh->lrecl = kr_rebuild_length(rb);
            if (sh->layout) {
                sh->term = sh->layout->terminator;
                kr_layout_free(sh->layout);
                sh->layout = NULL;
            }
            sh->framed = false;
            sh->reformatted = true;
            kr_rebuild_free(rb);
            kr_scope_free(&out);
        }
        kr_scope_free(&in);
    }
    kr_ctl_free(u);
    if (!ok)
        it_shape_free(sh);
    return ok;
}

static char *pass(it_run *r, it_stmt *st, const char *from, const char *using4, const char *sort_text, bool may_sort,
                  it_shape *sh, int *rc)
{
    if (!it_shape_for(r, st, from, using4, sh, rc))
        return NULL;
    char using_dd[16] = "";
    bool using_sorts = false;
    if (using4)
        snprintf(using_dd, sizeof using_dd, "%sCNTL", using4);
    if (using4 && !using_selects_only(r, st, using_dd, may_sort, &using_sorts, rc))
        return NULL;
    char *temp = it_temp_name(r, st->op);
    it_call c = {.op = st->op, .from = from, .temp_out = temp, .temp_reformatted = sh->reformatted, .using_dd = using4 ? using_dd : NULL,
                 .statements = sort_text ? sort_text : using_sorts ? "" : "  OPTION COPY\n"};
    int src = it_sort(r, st, &c);
    if (src >= KR_RC_FAIL) {
        unlink(temp);
        free(temp);
        *rc = src;
        return NULL;
    }
    *rc = src;
    return temp;
}

char *it_pass(it_run *r, it_stmt *st, const char *from, const char *using4, const char *sort_text, it_shape *sh, int *rc)
{
    return pass(r, st, from, using4, sort_text, false, sh, rc);
}

char *it_pass_sorting(it_run *r, it_stmt *st, const char *from, const char *using4, it_shape *sh, int *rc)
{
    return pass(r, st, from, using4, NULL, true, sh, rc);
}

void it_pass_end(char *temp)
{
    if (temp)
        unlink(temp);
    free(temp);
}

const char *it_from(it_run *r, it_stmt *st, int *rc)
{
    it_operand *o = it_get(st, "FROM");
    if (!o || !o->value) {
        *rc = it_error(r, st, o, KR_RC_FAIL, "KRK2323E", "needs FROM(ddname)");
        return NULL;
    }
    if (!it_ddname(r, st, o, o->value)) {
        *rc = KR_RC_FAIL;
        return NULL;
    }
    return o->value;
}

bool it_using4(it_run *r, it_stmt *st, const char **out, int *rc)
{
    *out = NULL;
    it_operand *o = it_get(st, "USING");
    if (!o)
        return true;
    size_t n = o->value ? strlen(o->value) : 0;
    if (n != 4 || !it_ddname(r, st, o, o->value)) {
        *rc = it_error(r, st, o, KR_RC_FAIL, "KRK2322E", "USING(xxxx) names 4 characters: the statements are in DD "
                       "xxxxCNTL");
        return false;
    }
    *out = o->value;
    return true;
}

bool it_from_using(it_run *r, it_stmt *st, const char **from, const char **using4, int *rc)
{
    *using4 = NULL;
    *from = it_from(r, st, rc);
    return *from && it_using4(r, st, using4, rc);
}
