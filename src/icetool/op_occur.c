/* op_occur.c: OCCUR: one report line per different value of the ON fields with how many
 * records have it (ON(VALCNT)), in key order, kept by HIGHER/LOWER/EQUAL(n), ALLDUPS or
 * NODUPS (report.c writes the lines). */
#include "report.h"

#include <stdlib.h>

typedef struct occur_ctx {
    report *p;
    int how;          /* -1 all, 0 HIGHER, 1 LOWER, 2 EQUAL, 3 ALLDUPS, 4 NODUPS */
    uint64_t n, listed;
    int rc;
} occur_ctx;

static int occur_group(void *ctx, const unsigned char *recs, size_t n, size_t lrecl)
{
    (void)lrecl;
    occur_ctx *c = ctx;
    bool keep = c->how < 0 || (c->how == 0 && n > c->n) || (c->how == 1 && n < c->n) || (c->how == 2 && n == c->n) ||
                (c->how == 3 && n > 1) || (c->how == 4 && n == 1);
    if (!keep)
        return KR_RC_OK;
    kr_buf line;
    kr_buf_init(&line);
    kr_i128 value;
    unsigned scale;
    for (size_t i = 0; i < c->p->f->n && c->rc < KR_RC_FAIL; i++)
        it_report_field_cell(c->p, i, recs, n, &line, 0, &value, &scale, &c->rc);
    if (c->rc < KR_RC_FAIL) {
        it_report_row(c->p, &line);
        c->listed++;
    }
    kr_buf_free(&line);
    return c->rc;
}

int it_op_occur(it_run *r, it_stmt *st, bool scan)
{
    int rc = KR_RC_OK;
    const char *from = it_from(r, st, &rc), *using4 = NULL, *list = from ? it_list_dd(r, st, &rc) : NULL;
    if (!list || !it_using4(r, st, &using4, &rc))
        return rc;
    static const char *const crit[] = {"HIGHER", "LOWER", "EQUAL", "ALLDUPS", "NODUPS"};
    occur_ctx c = {.how = -1};
    for (int k = 0; k < 5; k++) {
        it_operand *o = it_get(st, crit[k]);
        if (!o)
            continue;
        if (c.how >= 0)
            return it_error(r, st, o, KR_RC_FAIL, "KRK2324E", "%s and %s exclude each other", crit[c.how], crit[k]);
        c.how = k;
        if (k < 3 && !it_number(r, st, o, &c.n))
            return KR_RC_FAIL;
    }
    it_fields f;
    if (!it_bind_on(r, st, from, using4, false, true, IT_ON_VALCNT | IT_ON_ITEMS, &f, &rc))
        return rc;
    it_shape sh;
    report p;
    bool ok = it_report_open(r, st, &f, &p, &rc);
    p.from = from;
    if (ok && (!f.has_keys || f.n > 20))
        ok = false, rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2323E", "needs 1 to 20 ON(p,m,f) or ON(name) fields "
                                  "besides ON(VALCNT)");
    if (ok && !it_all_used(r, st))
        ok = false, rc = KR_RC_FAIL;
    char *sort_text = ok ? it_fields_sort_text(&f) : NULL;
    if (ok && scan)
        it_check_dds(r, st, from, using4, true, &rc);
    char *temp = ok && !scan ? it_pass(r, st, from, using4, sort_text, &sh, &rc) : NULL;
    if (temp) {
        c.p = &p;
        int wrc = it_walk_groups(r, &sh, &f, temp, occur_group, &c);
        rc = wrc > rc ? wrc : rc;
        if (rc < KR_RC_FAIL) {
            if (p.pageno == 0)
                it_report_page_top(&p);
            wrc = it_list_write(r, list, &p.out);
            rc = wrc > rc ? wrc : rc;
            if (wrc < KR_RC_FAIL)
                fprintf(r->toolmsg, "KRK2319I OCCUR: %llu VALUES LISTED IN %s\n", (unsigned long long)c.listed, list);
        }
        it_pass_end(temp);
        it_shape_free(&sh);
    }
    free(sort_text);
    it_report_free(&p);
    it_fields_free(&f);
    return rc;
}
