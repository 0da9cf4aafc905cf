/* op_select.c: SELECT (records by how often their ON key occurs: FIRST, LAST, FIRSTDUP,
 * LASTDUP, each optionally (n) records of a key, NODUPS, ALLDUPS, HIGHER(n), LOWER(n), EQUAL(n), the others to DISCARD) and UNIQUE
 * (how many keys). SORT orders the records by the keys (stably, so FIRST is the first in
 * the input); the groups of equal keys are read here, keys compared as the engine encodes
 * them (numbers by value, text by character). */
#include "icetool.h"

#include <stdlib.h>
#include <string.h>

enum { SEL_FIRST, SEL_LAST, SEL_FIRSTDUP, SEL_LASTDUP, SEL_NODUPS, SEL_ALLDUPS, SEL_HIGHER, SEL_LOWER, SEL_EQUAL };
static const char *const sel_names[] = {"FIRST", "LAST", "FIRSTDUP", "LASTDUP", "NODUPS", "ALLDUPS", "HIGHER",
                                        "LOWER", "EQUAL"};
#define SEL_N 9

/* Walks the sorted file group by group: on_group(records, n, stride). */
typedef struct walker {
    it_run *r;
    const it_shape *sh;
    const it_fields *f;
    int (*on_group)(void *ctx, const unsigned char *recs, size_t n, size_t lrecl);
    void *ctx;
} walker;

static int walk_groups(walker *w, const char *temp)
{
    int rc = KR_RC_OK;
    kr_reader *rd = it_open(w->r, w->sh, temp, &rc);
    if (!rd)
        return rc;
    size_t kw = w->f->keys.width, lrecl = w->sh->lrecl;
    unsigned char *key = kr_xmalloc(kw + 1), *prev = kr_xmalloc(kw + 1);
    kr_buf group;
    kr_buf_init(&group);
    size_t n = 0;
    const unsigned char *rec;
    kr_err err;
    int got;
    while ((got = kr_reader_next(rd, &rec, &err)) == 1) {
        uint64_t recno = kr_reader_recno(rd);
        if (!(recno & 4095) && kr_cancelled(w->r->step->cancel)) {
            kr_fail_cancelled(&err, "ICETOOL", recno, "the operation wrote nothing");
            got = -1;
            break;
        }
        if (!it_is_data(w->sh, rec))
            continue;
        size_t bad;
        kr_problem pb;
        if (!kr_key_encode(&w->f->keys, rec, key, &bad, &pb)) {
            size_t k = 0; /* the bad part's field among the ON fields (VALCNT has no key part) */
            for (size_t i = 0; i < w->f->n; i++)
                if (!w->f->v[i].valcnt && k++ == bad) {
                    rc = it_bad_value(w->r, w->sh->dd->ddname, recno, kr_reader_offset(rd), &pb, &w->f->v[i]);
                    break;
                }
            if (rc == KR_RC_OK)
                rc = KR_RC_FAIL;
            break;
        }
        if (n && memcmp(key, prev, kw) != 0) {
            rc = w->on_group(w->ctx, (const unsigned char *)group.data, n, lrecl);
            kr_buf_reset(&group);
            n = 0;
            if (rc >= KR_RC_FAIL)
                break;
        }
        memcpy(prev, key, kw);
        kr_buf_add(&group, rec, lrecl);
        n++;
    }
    if (got < 0) {
        rc = it_fail_err(w->r, &err);
    } else if (rc < KR_RC_FAIL && n)
        rc = w->on_group(w->ctx, (const unsigned char *)group.data, n, lrecl);
    kr_buf_free(&group);
    free(key);
    free(prev);
    kr_reader_close(rd);
    return rc;
}

typedef struct select_ctx {
    int how;
    uint64_t n;
    kr_writer *to, *discard;
    uint64_t kept, dropped;
    kr_err err;
} select_ctx;

static bool put(select_ctx *c, kr_writer *w, const unsigned char *rec, uint64_t *count)
{
    (*count)++;
    return !w || kr_writer_put(w, rec, &c->err);
}

static int select_group(void *p, const unsigned char *recs, size_t n, size_t lrecl)
{
    select_ctx *c = p;
    for (size_t i = 0; i < n; i++) {
        bool keep;
        switch (c->how) {
        case SEL_FIRST: keep = i < c->n; break;
        case SEL_LAST: keep = n - i <= c->n; break;
        case SEL_FIRSTDUP: keep = n > 1 && i < c->n; break;
        case SEL_LASTDUP: keep = n > 1 && n - i <= c->n; break;
        case SEL_NODUPS: keep = n == 1; break;
        case SEL_ALLDUPS: keep = n > 1; break;
        case SEL_HIGHER: keep = n > c->n; break;
        case SEL_LOWER: keep = n < c->n; break;
        default: keep = n == c->n; break;
        }
        if (!(keep ? put(c, c->to, recs + i * lrecl, &c->kept) : put(c, c->discard, recs + i * lrecl, &c->dropped)))
            return c->err.rc ? c->err.rc : KR_RC_FAIL;
    }
    return KR_RC_OK;
}

static const char *dd_operand(it_run *r, it_stmt *st, const char *name, int *rc)
{
    it_operand *o = it_get(st, name);
    if (!o)
        return NULL;
    if (!it_ddname(r, st, o, o->value ? o->value : "")) {
        *rc = KR_RC_FAIL;
        return NULL;
    }
    return o->value;
}

int it_op_select(it_run *r, it_stmt *st, bool scan)
{
    int rc = KR_RC_OK;
    const char *from = it_from(r, st, &rc), *using4 = NULL;
    if (!from || !it_using4(r, st, &using4, &rc))
        return rc;
    const char *to = dd_operand(r, st, "TO", &rc), *discard = dd_operand(r, st, "DISCARD", &rc);
    if (rc != KR_RC_OK)
        return rc;
    select_ctx c = {.how = -1};
    for (int i = 0; i < SEL_N; i++) {
        it_operand *o = it_get(st, sel_names[i]);
        if (!o)
            continue;
        if (c.how >= 0)
            return it_error(r, st, o, KR_RC_FAIL, "KRK2324E", "%s and %s exclude each other", sel_names[c.how],
                            sel_names[i]);
        c.how = i;
        c.n = 1; /* FIRST, LAST, FIRSTDUP, LASTDUP: one record of each key unless (n) */
        if ((i >= SEL_HIGHER || (i <= SEL_LASTDUP && o->value)) && !it_number(r, st, o, &c.n))
            return KR_RC_FAIL;
        if (i <= SEL_LASTDUP && c.n == 0)
            return it_error(r, st, o, KR_RC_FAIL, "KRK2322E", "%s(0) keeps nothing: give 1 or more", o->name);
        if (i > SEL_LASTDUP && i < SEL_HIGHER && o->value)
            return it_error(r, st, o, KR_RC_FAIL, "KRK2322E", "%s takes no value", o->name);
    }
    if (c.how < 0)
        return it_error(r, st, NULL, KR_RC_FAIL, "KRK2323E", "needs one of FIRST, LAST, FIRSTDUP, LASTDUP, NODUPS, "
                        "ALLDUPS, HIGHER(n), LOWER(n), EQUAL(n)");
    if (!to && !discard)
        return it_error(r, st, NULL, KR_RC_FAIL, "KRK2323E", "needs TO(ddname), DISCARD(ddname) or both");
    it_fields f;
    if (!it_bind_on(r, st, from, using4, false, false, 0, &f, &rc))
        return rc;
    if (!f.n || f.n > 10)
        rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2323E", "needs 1 to 10 ON(p,m,f) or ON(name) key fields");
    else if (!it_all_used(r, st))
        rc = KR_RC_FAIL;
    it_shape sh;
    char *temp = NULL, *sort_text = rc == KR_RC_OK ? it_fields_sort_text(&f) : NULL;
    if (rc == KR_RC_OK && scan)
        it_check_dds(r, st, from, using4, true, &rc);
    if (rc == KR_RC_OK && !scan)
        temp = it_pass(r, st, from, using4, sort_text, &sh, &rc);
    if (temp) {
        if (to)
            c.to = it_create(r, &sh, to, &rc);
        if (discard && rc < KR_RC_FAIL)
            c.discard = it_create(r, &sh, discard, &rc);
        if (rc < KR_RC_FAIL) {
            walker w = {r, &sh, &f, select_group, &c};
            int wrc = walk_groups(&w, temp);
            if (wrc > rc)
                rc = wrc;
        }
        kr_err err;
        if (rc < KR_RC_FAIL && c.to && !kr_writer_commit(c.to, &err)) {
            rc = it_fail_err(r, &err);
            c.to = NULL;
        } else if (rc < KR_RC_FAIL)
            c.to = NULL;
        if (rc < KR_RC_FAIL && c.discard && !kr_writer_commit(c.discard, &err)) {
            rc = it_fail_err(r, &err);
        } else if (rc < KR_RC_FAIL)
            c.discard = NULL;
        if (rc >= KR_RC_FAIL && c.err.rc)
            fprintf(r->toolmsg, "%s\n", c.err.text);
        kr_writer_abort(c.to);
        kr_writer_abort(c.discard);
        if (rc < KR_RC_FAIL)
            fprintf(r->toolmsg, "KRK2316I SELECT %s: %llu RECORDS SELECTED%s%s, %llu NOT SELECTED%s%s\n",
                    sel_names[c.how], (unsigned long long)c.kept, to ? " TO " : "", to ? to : "",
                    (unsigned long long)c.dropped, discard ? " TO " : "", discard ? discard : "");
        it_pass_end(temp);
        it_shape_free(&sh);
    }
    free(sort_text);
    it_fields_free(&f);
    return rc;
}

typedef struct unique_ctx {
    uint64_t n;
} unique_ctx;

static int unique_group(void *p, const unsigned char *recs, size_t n, size_t lrecl)
{
    (void)recs, (void)n, (void)lrecl;
    ((unique_ctx *)p)->n++;
    return KR_RC_OK;
}

int it_op_unique(it_run *r, it_stmt *st, bool scan)
{
    int rc = KR_RC_OK;
    const char *from = it_from(r, st, &rc), *using4 = NULL;
    if (!from || !it_using4(r, st, &using4, &rc))
        return rc;
    it_fields f;
    if (!it_bind_on(r, st, from, using4, false, false, 0, &f, &rc))
        return rc;
    if (f.n != 1)
        rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2323E", "needs one ON(p,m,f) or ON(name) field");
    else if (!it_all_used(r, st))
        rc = KR_RC_FAIL;
    it_shape sh;
    char *temp = NULL, *sort_text = rc == KR_RC_OK ? it_fields_sort_text(&f) : NULL;
    if (rc == KR_RC_OK && scan)
        it_check_dds(r, st, from, using4, true, &rc);
    if (rc == KR_RC_OK && !scan)
        temp = it_pass(r, st, from, using4, sort_text, &sh, &rc);
    if (temp) {
        unique_ctx c = {0};
        walker w = {r, &sh, &f, unique_group, &c};
        int wrc = walk_groups(&w, temp);
        if (wrc > rc)
            rc = wrc;
        if (wrc < KR_RC_FAIL)
            fprintf(r->toolmsg, "KRK2315I NUMBER OF UNIQUE VALUES: %015llu\n", (unsigned long long)c.n);
        it_pass_end(temp);
        it_shape_free(&sh);
    }
    free(sort_text);
    it_fields_free(&f);
    return rc;
}

/* OCCUR walks the same groups (op_occur.c). */
int it_walk_groups(it_run *r, const it_shape *sh, const it_fields *f, const char *temp,
                   int (*on_group)(void *ctx, const unsigned char *recs, size_t n, size_t lrecl), void *ctx)
{
    walker w = {r, sh, f, on_group, ctx};
    return walk_groups(&w, temp);
}
