/* sequpdate.c: the sequential master update (the balance line). The old master and the
 * transactions are both sorted by the master key; one pass takes the lower of the two
 * current keys as the active key, starts from the master record of that key (or none),
 * applies every transaction of the key in input order, and writes what remains. */
#include "internal.h"

#include <string.h>

/* The transaction file, read one record ahead, with its sequence checked. */
typedef struct txin {
    kr_reader *r;
    const char *path;
    kr_txplan *plan;
    kr_totals_read totals;
    const unsigned char *rec;
    kr_txinfo info;
    bool have;
    unsigned char last[KR_KEY_MAX];
    size_t last_len;
    uint64_t last_recno;
} txin;

typedef struct run {
    const kr_update_opts *o;
    kr_ledger_stats *st;
    kr_writer *rejects;
} run;

/* Advances to the next transaction that has a key; rejects and counts the others. */
static bool tx_next(txin *t, run *u, kr_err *err)
{
    for (;;) {
        int got = kr_reader_next(t->r, &t->rec, err);
        if (got < 0) {
            err->rc = KR_RC_FAIL;
            return false;
        }
        if (got == 0) {
            t->have = false;
            return true;
        }
        u->st->tx_read++;
        uint64_t recno = kr_reader_recno(t->r);
        if (!kr_totals_read_next(&t->totals, kr_layout_classify(u->o->tx, t->rec), t->rec, recno, err))
            return false;
        if (!kr_txplan_read(t->plan, t->rec, &t->info)) {
            if (!kr_ledger_tally(u->st, u->o->listing, u->rejects, u->o->tx, t->rec, recno, &t->info,
                                 t->info.reason, err))
                return false;
            continue;
        }
        if (t->info.action == KR_TX_CONTROL) {
            u->st->tx_control++;
            continue;
        }
        if (t->last_recno && kr_key_compare(t->info.key, t->info.keylen, t->last, t->last_len) < 0)
            return kr_fail(err, KR_RC_ENV, "KRK0823E",
                           "%s record %llu: out of sequence: its key is lower than record %llu's; sort the "
                           "transactions by the master key, keeping their order within a key",
                           t->path, (unsigned long long)recno, (unsigned long long)t->last_recno);
        memcpy(t->last, t->info.key, t->info.keylen);
        t->last_len = t->info.keylen;
        t->last_recno = recno;
        t->have = true;
        return true;
    }
}

static int balance_line(run *u, kr_txplan *plan, kr_mreader *m, txin *t, kr_frame *frame,
                        kr_writer *out, kr_err *err)
{
    const kr_layout *ml = u->o->master;
    unsigned char mkey[KR_KEY_MAX], active[KR_KEY_MAX];
    size_t mkeylen = 0, activelen;
    unsigned char cur[ml->length];
    const unsigned char *mrec = NULL;
    /* The old master's header (its first record) is read with its first data record. */
    int have_m = kr_mreader_next(m, &mrec, mkey, &mkeylen, err);
    if (have_m < 0 || !kr_frame_write_head(frame, out, err) || !tx_next(t, u, err))
        return -1;
    uint64_t keys = 0;
    while (have_m || t->have) {
        if ((keys++ & 1023) == 0 && kr_cancelled(u->o->cancel)) {
            kr_fail_cancelled(err, "LEDGER UPDATE", u->st->master_in + u->st->tx_read, "no output was written");
            return -1;
        }
        bool exists;
        if (t->have && (!have_m || kr_key_compare(t->info.key, t->info.keylen, mkey, mkeylen) < 0)) {
            memcpy(active, t->info.key, t->info.keylen);
            activelen = t->info.keylen;
            exists = false;
        } else {
            memcpy(active, mkey, mkeylen);
            activelen = mkeylen;
            memcpy(cur, mrec, ml->length);
            exists = true;
            u->st->master_in++;
            if ((have_m = kr_mreader_next(m, &mrec, mkey, &mkeylen, err)) < 0)
                return -1;
        }
        while (t->have && kr_key_compare(t->info.key, t->info.keylen, active, activelen) == 0) {
            kr_reason r = kr_txplan_apply(plan, &t->info, t->rec, cur, &exists);
            if (!kr_ledger_tally(u->st, u->o->listing, u->rejects, u->o->tx, t->rec, kr_reader_recno(t->r),
                                 &t->info, r, err) ||
                !tx_next(t, u, err))
                return -1;
        }
        if (exists) {
            if (!kr_frame_write_data(frame, out, cur, err))
                return -1;
            u->st->master_out++;
        }
    }
    return kr_frame_write_tail(frame, out, err) ? 0 : -1;
}

int kr_ledger_update(const kr_update_opts *o, kr_ledger_stats *st, kr_err *err)
{
    memset(st, 0, sizeof *st);
    if (!kr_distinct_files("NEW", o->new_path, "OLD", o->old_path, err) ||
        !kr_distinct_files("NEW", o->new_path, "TRANS", o->tx_path, err) ||
        !kr_distinct_files("--rejects", o->rejects_path, "OLD", o->old_path, err) ||
        !kr_distinct_files("--rejects", o->rejects_path, "TRANS", o->tx_path, err) ||
        !kr_distinct_files("--rejects", o->rejects_path, "NEW", o->new_path, err))
        return err->rc;
    kr_txplan *plan = kr_txplan_new(o->master, o->tx, err);
    if (!plan)
        return err->rc;
    run u = {o, st, NULL};
    kr_frame frame;
    kr_frame_init(&frame, o->master);
    kr_mreader m;
    txin t = {.path = o->tx_path, .plan = plan};
    kr_totals_read_init(&t.totals, o->tx, o->tx_path);
    kr_writer *out = NULL;
    int rc = -1;
    FILE *warn_to = o->totals_warn ? o->listing->out : NULL;
    if (!kr_mreader_open(&m, o->old_path, kr_txplan_master_key(plan), kr_txplan_master_type(plan), &frame,
                         err))
        goto done;
    m.totals.warn_to = t.totals.warn_to = warn_to;
    if (!(t.r = kr_reader_open_layout(o->tx_path, o->tx, err)))
        goto done;
    if (!(out = kr_writer_open_layout(o->new_path, o->master, err)))
        goto done;
    if (o->rejects_path &&
        !(u.rejects = kr_writer_open(o->rejects_path, o->tx->length + KR_REJECT_SUFFIX, o->tx->terminator, err)))
        goto done;
    if (balance_line(&u, plan, &m, &t, &frame, out, err) < 0)
        goto done;
    kr_writer *w = out;
    out = NULL;
    if (!kr_writer_commit(w, err))
        goto done;
    w = u.rejects;
    u.rejects = NULL;
    if (w && !kr_writer_commit(w, err))
        goto done;
    rc = 0;
    st->totals_warned = m.totals.warned + t.totals.warned;
    kr_listing_counts(o->listing, "update", st);
done:
    kr_writer_abort(out);
    kr_writer_abort(u.rejects);
    kr_mreader_close(&m);
    kr_reader_close(t.r);
    kr_totals_read_free(&t.totals);
    kr_frame_free(&frame);
    kr_txplan_free(plan);
    if (rc != 0)
        return err->rc;
    return st->rejected ? KR_RC_REJECT : st->totals_warned ? KR_RC_WARN : KR_RC_OK;
}
