/* group.c: IFTHEN WHEN=GROUP, as DFSORT groups records: a group begins at a record that
 * satisfies BEGIN= (or where the KEYBEGIN= field changes, or at the first record after a
 * group when only END= or RECORDS= is given) and ends at a record that satisfies END=, after
 * RECORDS= records, or where the next begins. PUSH= overlays every record of a group with
 * fields of the group's first record, the group's number (ID=n) and the record's number in
 * the group (SEQ=n), as zoned decimal digits that keep the rightmost n; records outside
 * every group get blanks there. */
#include "group.h"

#include <stdlib.h>
#include <string.h>

typedef struct push_op {
    kr_push_kind kind;
    size_t dst, len, src;
} push_op;

struct ifgroup {
    kr_pred *begin, *end;
    uint64_t records;
    bool has_key;
    kr_bound key;
    push_op *ops;
    size_t n_ops;
    size_t length;         /* the end of the last byte written */
};

ifgroup *ifgroup_build(const kr_ifthen *c, const kr_scope *view, const kr_cond_ctx *ctx, const char *path,
                         kr_err *err)
{
    ifgroup *g = kr_xcalloc(1, sizeof *g);
    if (c->begin && !(g->begin = kr_pred_build(c->begin, view, ctx, path, err)))
        goto fail;
    if (c->end && !(g->end = kr_pred_build(c->end, view, ctx, path, err)))
        goto fail;
    g->records = c->records;
    if (c->has_keybegin) {
        if (!kr_bind(view, &c->keybegin, path, &g->key, err))
            goto fail;
        g->has_key = true;
    }
    g->ops = kr_xcalloc(c->n_push, sizeof *g->ops);
    size_t pos = view->reclen;
    bool first = true;
    for (size_t i = 0; i < c->n_push; i++) {
        const kr_push *it = &c->push[i];
        push_op *o = &g->ops[g->n_ops++];
        o->kind = it->kind;
        if (it->column)
            pos = it->column - 1;
        else if (first)
            pos = 0; /* DFSORT: PUSH without c: starts at column 1 */
        first = false;
        if (it->kind == KR_PUSH_FIELD) {
            kr_bound b;
            if (!kr_bind(view, &it->ref, path, &b, err))
                goto fail;
            o->src = b.offset;
            o->len = b.length;
            kr_bound_free(&b);
        } else
            o->len = it->digits;
        o->dst = pos;
        pos += o->len;
        if (pos > g->length)
            g->length = pos;
    }
    return g;
fail:
    ifgroup_free(g);
    return NULL;
}

size_t ifgroup_length(const ifgroup *g)
{
    return g->length;
}

void ifgroup_state_init(kr_groupstate *st, const ifgroup *g, size_t work_length)
{
    memset(st, 0, sizeof *st);
    st->first = kr_xmalloc(work_length ? work_length : 1);
    st->key = kr_xmalloc(g->has_key && g->key.length ? g->key.length : 1);
}

void ifgroup_state_free(kr_groupstate *st)
{
    free(st->first);
    free(st->key);
    memset(st, 0, sizeof *st);
}

static void put_digits(unsigned char *dst, size_t n, uint64_t v)
{
    for (size_t i = n; i > 0; i--) {
        dst[i - 1] = (unsigned char)('0' + v % 10);
        v /= 10;
    }
}

bool ifgroup_apply(const ifgroup *g, kr_groupstate *st, unsigned char *cur, size_t work_length, kr_problem *pb)
{
    bool begins = false, ends = false;
    if (g->begin) {
        int t = kr_pred_eval(g->begin, cur, pb);
        if (t < 0)
            return false;
        begins = t;
    }
    if (g->has_key) {
        const unsigned char *k = cur + g->key.offset;
        if (!st->has_key || memcmp(k, st->key, g->key.length) != 0)
            begins = true;
        memcpy(st->key, k, g->key.length);
        st->has_key = true;
    }
    if (!g->begin && !g->has_key && !st->in_group)
        begins = true;
    if (g->end) {
        int t = kr_pred_eval(g->end, cur, pb);
        if (t < 0)
            return false;
        ends = t;
    }
    if (begins) {
        st->in_group = true;
        st->id++;
        st->seq = 0;
        memcpy(st->first, cur, work_length);
    }
    bool in = st->in_group;
    if (in) {
        st->seq++;
        if (ends || (g->records && st->seq >= g->records))
            st->in_group = false;
    }
    for (size_t i = 0; i < g->n_ops; i++) {
        const push_op *o = &g->ops[i];
        unsigned char *dst = cur + o->dst;
        if (!in)
            memset(dst, ' ', o->len);
        else if (o->kind == KR_PUSH_FIELD)
            memmove(dst, st->first + o->src, o->len);
        else
            put_digits(dst, o->len, o->kind == KR_PUSH_ID ? st->id : st->seq);
    }
    return true;
}

void ifgroup_free(ifgroup *g)
{
    if (!g)
        return;
    kr_pred_free(g->begin);
    kr_pred_free(g->end);
    kr_bound_free(&g->key);
    free(g->ops);
    free(g);
}
