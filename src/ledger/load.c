/* load.c: LEDGER load: a new Berkeley DB ledger from a master file (sorted by its key, each
 * key once, every record checked against the layout). The ledger is built under a
 * temporary name beside the target and renamed into place when complete, so a failed load
 * leaves nothing that looks like a ledger. */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Records put per Berkeley DB transaction while loading. */
#define LOAD_BATCH 50000

static bool empty_or_absent(const char *dir, kr_err *err)
{
    struct stat st;
    if (stat(dir, &st) != 0)
        return true;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(dir);
        bool empty = true;
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL)
            empty &= strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
        if (d)
            closedir(d);
        if (empty)
            return true;
    }
    return kr_fail(err, KR_RC_ENV, "KRK0835E",
                   "%s exists; load makes a new ledger: remove it, or give a new or empty directory", dir);
}

/* Checks every field of a master record. */
static bool check_record(const kr_layout *l, int type, const unsigned char *rec, const char *path,
                         uint64_t recno, kr_err *err)
{
    const kr_rectype *rt = &l->types[type];
    kr_problem pb[4];
    for (size_t i = 0; i < rt->n_fields; i++) {
        size_t np = kr_field_check(l, &rt->fields[i], rec, pb, 4);
        for (size_t k = 0; k < np; k++)
            if (pb[k].rc >= KR_RC_REJECT)
                return kr_fail(err, KR_RC_REJECT, "KRK0836E",
                               "%s record %llu byte %zu (%s): %s; nothing was loaded", path,
                               (unsigned long long)recno, pb[k].offset + 1, rt->fields[i].name, pb[k].reason);
    }
    return true;
}

static bool put_frame(kr_ledger *g, DB_TXN *txn, const kr_frame *f, kr_err *err)
{
    size_t len = g->layout->length;
    return (!f->header || kr_ledger_control_put(g, txn, "header", f->header, len, err)) &&
           (!f->trailer || kr_ledger_control_put(g, txn, "trailer", f->trailer, len, err)) &&
           (!f->end || kr_ledger_control_put(g, txn, "end", f->end, len, err));
}

static bool fill(kr_ledger *g, const char *master_path, FILE *totals_warn, kr_ledger_stats *st, kr_err *err)
{
    kr_frame frame;
    kr_frame_init(&frame, g->layout);
    kr_mreader m;
    bool ok = kr_mreader_open(&m, master_path, &g->key, g->mtype, &frame, err);
    m.totals.warn_to = totals_warn;
    DB_TXN *txn = NULL;
    const unsigned char *rec;
    unsigned char key[KR_KEY_MAX];
    size_t keylen;
    int got = 0, ret;
    while (ok && (got = kr_mreader_next(&m, &rec, key, &keylen, err)) > 0) {
        if (!check_record(g->layout, g->mtype, rec, master_path, kr_reader_recno(m.r), err)) {
            ok = false;
            break;
        }
        if (!txn && (ret = g->env->txn_begin(g->env, NULL, &txn, 0)) != 0) {
            ok = kr_ledger_dbfail(g, err, ret, "cannot begin a transaction");
            break;
        }
        DBT k = {.data = key, .size = (u_int32_t)keylen};
        DBT d = {.data = (void *)rec, .size = (u_int32_t)g->layout->length};
        if ((ret = g->primary->put(g->primary, txn, &k, &d, 0)) != 0) {
            ok = kr_ledger_dbfail(g, err, ret, "cannot store a record");
            break;
        }
        if (++st->master_in % LOAD_BATCH == 0) {
            ret = txn->commit(txn, 0);
            txn = NULL;
            if (ret) {
                ok = kr_ledger_dbfail(g, err, ret, "cannot commit");
                break;
            }
        }
    }
    if (got < 0)
        ok = false;
    if (ok && !txn && (ret = g->env->txn_begin(g->env, NULL, &txn, 0)) != 0)
        ok = kr_ledger_dbfail(g, err, ret, "cannot begin a transaction");
    if (ok)
        ok = put_frame(g, txn, &frame, err) && kr_ledger_count_put(g, txn, st->master_in, err);
    if (txn) {
        ret = ok ? txn->commit(txn, 0) : txn->abort(txn);
        if (ok && ret)
            ok = kr_ledger_dbfail(g, err, ret, "cannot commit");
    }
    st->master_out = st->master_in;
    st->totals_warned = m.totals.warned;
    kr_mreader_close(&m);
    kr_frame_free(&frame);
    return ok;
}

int kr_ledger_load(const char *dir, const char *layout_path, const char *master_path, FILE *totals_warn,
                   kr_ledger_stats *st, kr_err *err)
{
    memset(st, 0, sizeof *st);
    if (!empty_or_absent(dir, err))
        return err->rc;
    kr_buf text;
    kr_buf_init(&text);
    if (!kr_read_file(layout_path, &text, err)) {
        kr_buf_free(&text);
        return err->rc;
    }
    char *copy = kr_xstrdup(dir), *copy2 = kr_xstrdup(dir);
    kr_reclaim_loads(dirname(copy), basename(copy2)); /* what killed loads left */
    free(copy);
    free(copy2);
    char *tmp = kr_xasprintf("%s.kiroku-load-%ld", dir, (long)getpid());
    if (mkdir(tmp, 0777) != 0) {
        kr_fail(err, KR_RC_ENV, "KRK0835E", "cannot create %s: %s", tmp, strerror(errno));
        kr_buf_free(&text);
        free(tmp);
        return err->rc;
    }
    kr_ledger *g = kr_ledger_open_dir(tmp, true, text.data, layout_path, err);
    kr_buf_free(&text);
    bool ok = g && fill(g, master_path, totals_warn, st, err);
    if (ok)
        kr_kill_point("load-filled");
    /* A full disk shows here too: the pages of a load reach the files when it closes. */
    if (g && !kr_ledger_close_checked(g, ok ? err : NULL))
        ok = false;
    if (ok && rename(tmp, dir) != 0)
        ok = kr_fail(err, KR_RC_FAIL, "KRK0837E", "cannot rename %s to %s: %s", tmp, dir, strerror(errno));
    if (ok)
        kr_kill_point("load-renamed");
    if (!ok) {
        kr_remove_path(tmp);
        free(tmp);
        return err->rc;
    }
    copy = kr_xstrdup(dir);
    int dfd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    free(copy);
    free(tmp);
    return st->totals_warned ? KR_RC_WARN : KR_RC_OK;
}
