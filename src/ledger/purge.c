/* purge.c: LEDGER purge: the records of every group (e.g. a household, by 世帯番号) in which
 * each record's date (e.g. 資格喪失年月日) is a date before the cut-off are removed in one
 * transaction, after each was handed to the caller's writer and the caller's commit hook
 * succeeded (it makes the removed records durable elsewhere). A record without a date (none
 * or open: still eligible) keeps its whole group. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* The groups seen, as their field's bytes and whether one record keeps the group. */
typedef struct group_set {
    unsigned char *bytes; /* n * width */
    bool *keep;
    size_t n, cap, width;
} group_set;

/* A pair is [width: 2 bytes][the group's bytes][keep: 1 byte]; pairs compare by group, then
 * keep, and carry their width so that the comparison needs no state. */
static int cmp_pair(const void *a, const void *b)
{
    const unsigned char *p = a;
    size_t width = (size_t)p[0] << 8 | p[1];
    return memcmp(p + 2, (const unsigned char *)b + 2, width + 1);
}

static size_t group_find(const group_set *s, const unsigned char *g)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = memcmp(s->bytes + mid * s->width, g, s->width);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return SIZE_MAX;
}

static bool find_fields(kr_ledger *g, const kr_purge_rule *r, const kr_field **gf, const kr_field **df, kr_err *err)
{
    const kr_rectype *t = &g->layout->types[g->mtype];
    int gi = kr_rectype_field(t, r->group_field), di = kr_rectype_field(t, r->date_field);
    if (gi < 0 || di < 0)
        return kr_fail(err, KR_RC_ENV, "KRK1571E", "ledger %s: layout %s has no field '%s' in record type %s", g->dir,
                       g->layout->name, gi < 0 ? r->group_field : r->date_field, t->name);
    *gf = &t->fields[gi];
    *df = &t->fields[di];
    if ((*gf)->length > 4096)
        return kr_fail(err, KR_RC_ENV, "KRK1571E", "ledger %s: group field '%s' is wider than 4096 bytes", g->dir,
                       r->group_field);
    if ((*df)->type != KR_F_DATE)
        return kr_fail(err, KR_RC_ENV, "KRK1571E", "ledger %s: field '%s' is not a date", g->dir, r->date_field);
    return true;
}

/* Is the record's date before the cut-off? */
static bool expired(kr_ledger *g, const kr_field *df, const unsigned char *rec, int cutoff)
{
    kr_date d;
    return kr_date_get(g->layout, df, rec, &d, NULL) && d.kind == KR_DATE_VALUE && d.ymd < cutoff;
}

/* Pass 1: every group, and whether a record keeps it. */
static bool collect(kr_ledger *g, DB_TXN *txn, const kr_field *gf, const kr_field *df, int cutoff, group_set *s,
                    kr_err *err)
{
    DBC *cur;
    int ret = g->primary->cursor(g->primary, txn, &cur, 0);
    if (ret)
        return kr_ledger_dbfail(g, err, ret, "cannot open a cursor");
    DBT key = {0}, data = {0};
    /* first all (group, keep) pairs, then sorted and folded */
    unsigned char *pairs = NULL;
    size_t n = 0, cap = 0, w = s->width + 3;
    while ((ret = cur->get(cur, &key, &data, DB_NEXT)) == 0) {
        if (data.size != g->layout->length)
            continue;
        if ((n + 1) * w > cap) {
            cap = cap ? cap * 2 : 4096 * w;
            pairs = kr_xrealloc(pairs, cap);
        }
        unsigned char *p = pairs + n * w;
        p[0] = (unsigned char)(s->width >> 8);
        p[1] = (unsigned char)s->width;
        memcpy(p + 2, (unsigned char *)data.data + gf->offset, s->width);
        p[2 + s->width] = expired(g, df, data.data, cutoff) ? 0 : 1;
        n++;
    }
    cur->close(cur);
    if (ret != DB_NOTFOUND) {
        free(pairs);
        return kr_ledger_dbfail(g, err, ret, "cannot read the records");
    }
    if (n)
        qsort(pairs, n, w, cmp_pair);
    s->bytes = kr_xmalloc(n * s->width + 1);
    s->keep = kr_xcalloc(n + 1, sizeof *s->keep);
    for (size_t i = 0; i < n; i++) {
        const unsigned char *p = pairs + i * w + 2;
        if (s->n && memcmp(s->bytes + (s->n - 1) * s->width, p, s->width) == 0) {
            s->keep[s->n - 1] |= p[s->width];
            continue;
        }
        memcpy(s->bytes + s->n * s->width, p, s->width);
        s->keep[s->n++] = p[s->width];
    }
    free(pairs);
    return true;
}

int kr_ledger_purge(kr_ledger *g, const kr_purge_rule *r, kr_writer *removed,
                    bool (*commit)(void *arg, kr_err *err), void *arg, kr_purge_stats *st, kr_err *err)
{
    memset(st, 0, sizeof *st);
    const kr_field *gf = NULL, *df = NULL;
    if (!find_fields(g, r, &gf, &df, err))
        return err->rc;
    group_set s = {.width = gf->length};
    DB_TXN *txn = NULL;
    DBC *cur = NULL;
    int ret = g->env->txn_begin(g->env, NULL, &txn, 0);
    bool ok = ret == 0 || kr_ledger_dbfail(g, err, ret, "cannot begin the transaction");
    ok = ok && kr_ledger_count_get(g, txn, &st->records_in, err) && collect(g, txn, gf, df, r->cutoff, &s, err);
    for (size_t i = 0; ok && i < s.n; i++)
        s.keep[i] ? st->groups_kept++ : st->groups_purged++;
    if (ok && (ret = g->primary->cursor(g->primary, txn, &cur, 0)) != 0)
        ok = kr_ledger_dbfail(g, err, ret, "cannot open a cursor");
    DBT key = {0}, data = {0};
    while (ok && (ret = cur->get(cur, &key, &data, DB_NEXT | DB_RMW)) == 0) {
        size_t at = data.size == g->layout->length ? group_find(&s, (unsigned char *)data.data + gf->offset) : SIZE_MAX;
        if (at == SIZE_MAX || s.keep[at])
            continue;
        ok = kr_writer_put(removed, data.data, err);
        if (ok && (ret = cur->del(cur, 0)) != 0)
            ok = kr_ledger_dbfail(g, err, ret, "cannot delete a record");
        st->records_purged++;
    }
    if (ok && ret != DB_NOTFOUND)
        ok = kr_ledger_dbfail(g, err, ret, "cannot read the records");
    if (cur)
        cur->close(cur);
    st->records_out = st->records_in - st->records_purged;
    ok = ok && kr_ledger_count_put(g, txn, st->records_out, err) && commit(arg, err);
    if (txn) {
        ret = ok ? txn->commit(txn, 0) : txn->abort(txn);
        if (ok && ret)
            ok = kr_ledger_dbfail(g, err, ret, "cannot commit the transaction");
    }
    free(s.bytes);
    free(s.keep);
    return ok ? KR_RC_OK : err->rc;
}
