/* apply.c: LEDGER apply: a transaction file applied to a Berkeley DB ledger in one
 * transaction. Each transaction reads the current record of its key (write-locked), is
 * applied by the same code as the sequential update's, and puts or deletes the record; the
 * secondary indexes follow through DB->associate. An error aborts the transaction; a crash
 * leaves it uncommitted, and recovery at the next open rolls it back. */
#include "internal.h"

#include <string.h>

/* Applies one transaction with a key. */
static bool apply_one(kr_ledger *g, DB_TXN *txn, kr_txplan *plan, kr_txinfo *info, const unsigned char *rec,
                      unsigned char *cur, kr_reason *r, kr_err *err)
{
    DBT key = {.data = info->key, .size = (u_int32_t)info->keylen};
    DBT data = {.data = cur, .ulen = (u_int32_t)g->layout->length, .flags = DB_DBT_USERMEM};
    int ret = g->primary->get(g->primary, txn, &key, &data, DB_RMW);
    if (ret && ret != DB_NOTFOUND)
        return kr_ledger_dbfail(g, err, ret, "cannot read a record");
    if (ret == 0 && data.size != g->layout->length)
        return kr_fail(err, KR_RC_FAIL, "KRK0838E", "ledger %s: a record of %u bytes; the layout says %zu", g->dir,
                       data.size, g->layout->length);
    bool existed = ret == 0, exists = existed;
    *r = kr_txplan_apply(plan, info, rec, cur, &exists);
    if (*r != KR_REASON_NONE)
        return true;
    if (exists) {
        DBT val = {.data = cur, .size = (u_int32_t)g->layout->length};
        ret = g->primary->put(g->primary, txn, &key, &val, 0);
    } else if (existed) {
        ret = g->primary->del(g->primary, txn, &key, 0);
    }
    return ret == 0 || kr_ledger_dbfail(g, err, ret, "cannot write a record");
}

static bool apply_all(kr_ledger *g, DB_TXN *txn, kr_txplan *plan, const kr_apply_opts *o, kr_writer *rejects,
                      kr_ledger_stats *st, kr_err *err)
{
    kr_reader *r = kr_reader_open_layout(o->tx_path, o->tx, err);
    if (!r)
        return false;
    unsigned char cur[g->layout->length];
    kr_totals_read totals; /* a transaction file's trailer is checked as it is read */
    kr_totals_read_init(&totals, o->tx, o->tx_path);
    kr_txinfo info;
    const unsigned char *rec;
    int got;
    bool ok = true;
    while (ok && (got = kr_reader_next(r, &rec, err)) > 0) {
        uint64_t recno = kr_reader_recno(r);
        if (((recno - 1) & 1023) == 0 && kr_cancelled(o->cancel)) {
            ok = kr_fail_cancelled(err, "LEDGER APPLY", st->tx_read, "nothing was applied");
            break;
        }
        st->tx_read++;
        if (!kr_totals_read_next(&totals, kr_layout_classify(o->tx, rec), rec, recno, err)) {
            ok = false;
            break;
        }
        kr_reason reason = KR_REASON_NONE;
        if (!kr_txplan_read(plan, rec, &info))
            reason = info.reason;
        else if (info.action == KR_TX_CONTROL) {
            st->tx_control++;
            continue;
        } else if (!apply_one(g, txn, plan, &info, rec, cur, &reason, err)) {
            ok = false;
            break;
        }
        ok = kr_ledger_tally(st, o->listing, rejects, o->tx, rec, recno, &info, reason, err);
        if (o->progress && st->tx_read % o->progress == 0) {
            fprintf(stderr, "KRK0846I ledger %s: %llu transactions read, not yet committed\n", g->dir,
                    (unsigned long long)st->tx_read);
            fflush(stderr);
        }
    }
    if (ok && got < 0) {
        err->rc = KR_RC_FAIL;
        ok = false;
    }
    kr_reader_close(r);
    kr_totals_read_free(&totals);
    return ok;
}

int kr_ledger_apply(kr_ledger *g, const kr_apply_opts *o, kr_ledger_stats *st, kr_err *err)
{
    memset(st, 0, sizeof *st);
    kr_txplan *plan = kr_txplan_new(g->layout, o->tx, err);
    if (!plan)
        return err->rc;
    kr_writer *rejects = NULL;
    DB_TXN *txn = NULL;
    bool ok = true;
    if (o->rejects_path &&
        !(rejects = kr_writer_open(o->rejects_path, o->tx->length + KR_REJECT_SUFFIX, o->tx->terminator, err)))
        ok = false;
    int ret;
    if (ok && (ret = g->env->txn_begin(g->env, NULL, &txn, 0)) != 0)
        ok = kr_ledger_dbfail(g, err, ret, "cannot begin the transaction");
    ok = ok && kr_ledger_count_get(g, txn, &st->master_in, err) && apply_all(g, txn, plan, o, rejects, st, err);
    st->master_out = st->master_in + st->added - st->deleted;
    ok = ok && kr_ledger_count_put(g, txn, st->master_out, err);
    if (txn) {
        ret = ok ? txn->commit(txn, 0) : txn->abort(txn);
        if (ok && ret)
            ok = kr_ledger_dbfail(g, err, ret, "cannot commit the transaction");
    }
    if (ok && rejects) {
        ok = kr_writer_commit(rejects, err);
        rejects = NULL;
    }
    kr_writer_abort(rejects);
    kr_txplan_free(plan);
    if (!ok)
        return err->rc;
    kr_listing_counts(o->listing, "apply", st);
    return st->rejected ? KR_RC_REJECT : KR_RC_OK;
}
