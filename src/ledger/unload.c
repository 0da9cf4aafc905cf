/* unload.c: LEDGER unload and get: the ledger written back as a master file (header, data
 * in key order, trailer with its totals computed, end: the same frame code as the
 * sequential update, so the same bytes), and look-ups by primary key or secondary index. */
#include "internal.h"

#include <string.h>

int kr_ledger_unload(kr_ledger *g, const char *path, kr_ledger_stats *st, kr_err *err)
{
    memset(st, 0, sizeof *st);
    kr_frame frame;
    if (!kr_ledger_frame(g, &frame, err)) {
        kr_frame_free(&frame);
        return err->rc;
    }
    kr_writer *w = kr_writer_open_layout(path, g->layout, err);
    DBC *cur = NULL;
    bool ok = w && kr_frame_write_head(&frame, w, err);
    int ret = 0;
    if (ok && (ret = g->primary->cursor(g->primary, NULL, &cur, 0)) != 0)
        ok = kr_ledger_dbfail(g, err, ret, "cannot open a cursor");
    DBT key = {0}, data = {0};
    while (ok && (ret = cur->get(cur, &key, &data, DB_NEXT)) == 0) {
        if (data.size != g->layout->length) {
            ok = kr_fail(err, KR_RC_FAIL, "KRK0838E", "ledger %s: a record of %u bytes; the layout says %zu",
                         g->dir, data.size, g->layout->length);
            break;
        }
        ok = kr_frame_write_data(&frame, w, data.data, err);
        st->master_out++;
    }
    if (ok && ret != DB_NOTFOUND)
        ok = kr_ledger_dbfail(g, err, ret, "cannot read the records");
    if (cur)
        cur->close(cur);
    ok = ok && kr_frame_write_tail(&frame, w, err);
    kr_frame_free(&frame);
    if (ok) {
        ok = kr_writer_commit(w, err);
        w = NULL;
    }
    kr_writer_abort(w);
    return ok ? KR_RC_OK : err->rc;
}

long kr_ledger_get(kr_ledger *g, const char *index, const unsigned char *key, size_t keylen,
                   void (*fn)(const unsigned char *rec, void *arg), void *arg, kr_err *err)
{
    DB *db = g->primary;
    if (index) {
        db = NULL;
        for (size_t i = 0; i < g->n_indexes; i++)
            if (strcmp(g->indexes[i].name, index) == 0)
                db = g->indexes[i].db;
        if (!db)
            return kr_fail(err, KR_RC_ENV, "KRK0839E", "ledger %s has no index '%s'", g->dir, index), -1;
    }
    DBC *cur;
    int ret = db->cursor(db, NULL, &cur, 0);
    if (ret)
        return kr_ledger_dbfail(g, err, ret, "cannot open a cursor"), -1;
    DBT k = {.data = (void *)key, .size = (u_int32_t)keylen};
    DBT data = {0};
    long n = 0;
    for (ret = cur->get(cur, &k, &data, DB_SET); ret == 0; ret = cur->get(cur, &k, &data, DB_NEXT_DUP)) {
        fn(data.data, arg);
        n++;
    }
    cur->close(cur);
    if (ret != DB_NOTFOUND)
        return kr_ledger_dbfail(g, err, ret, "cannot read"), -1;
    return n;
}
