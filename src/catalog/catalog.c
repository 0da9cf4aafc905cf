/* catalog.c: the catalog of a data root: its Berkeley DB environment (ROOT/.kiroku/catalog,
 * through src/store), its one B-tree catalog.db, transactions that span several changes,
 * and the files removed only once a transaction has committed. */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const kr_store_msgs CATALOG_MSGS = {"catalog", "KRK1310E", "KRK1312E", "KRK1311E",
                                           "wait for it, or run without --no-wait"};

static bool make_dir(const char *path, kr_err *err)
{
    if (mkdir(path, 0777) == 0 || errno == EEXIST)
        return true;
    return kr_fail(err, KR_RC_ENV, "KRK1312E", "cannot create the folder %s: %s", path, strerror(errno));
}

kr_catalog *kr_catalog_open(const char *root, bool wait, kr_err *err)
{
    struct stat st;
    if (stat(root, &st) != 0 || !S_ISDIR(st.st_mode)) {
        kr_fail(err, KR_RC_ENV, "KRK1312E", "the data root %s is not a folder; create it or give another --root",
                root);
        return NULL;
    }
    char *meta = kr_xasprintf("%s/.kiroku", root);
    char *dir = kr_xasprintf("%s/.kiroku/catalog", root);
    kr_catalog *c = NULL;
    if (make_dir(meta, err) && make_dir(dir, err)) {
        kr_store_opts o = {.cache_bytes = 4u << 20, .log_buffer = 1u << 20, .log_file_max = 4u << 20,
                           .max_locks = 10000, .wait_for_lock = wait};
        kr_store *s = kr_store_open(dir, &CATALOG_MSGS, &o, err);
        if (s) {
            c = kr_xcalloc(1, sizeof *c);
            c->root = kr_xstrdup(root);
            c->store = s;
            if (!kr_store_btree(s, &c->db, "catalog.db", 0, false, true, false, err)) {
                kr_catalog_close(c);
                c = NULL;
            }
        }
    }
    free(meta);
    free(dir);
    return c;
}

static void drop_scratch(kr_catalog *c)
{
    for (size_t i = 0; i < c->n_scratch; i++)
        free(c->scratch[i]);
    c->n_scratch = 0;
}

void kr_catalog_close(kr_catalog *c)
{
    if (!c)
        return;
    kr_catalog_abort(c);
    if (c->db)
        c->db->close(c->db, 0);
    kr_store_close(c->store);
    free(c->scratch);
    free(c->root);
    free(c);
}

const char *kr_catalog_root(const kr_catalog *c)
{
    return c->root;
}

bool kr_catalog_begin(kr_catalog *c, kr_err *err)
{
    if (c->txn)
        return kr_fail(err, KR_RC_FAIL, "KRK1310E", "catalog %s: a transaction is already open", c->root);
    drop_scratch(c);
    return kr_store_begin(c->store, &c->txn, err);
}

static void remove_scratched(kr_catalog *c)
{
    /* The catalog no longer lists these data sets: a file left by a kill here is an orphan,
     * never a listed data set. */
    for (size_t i = 0; i < c->n_scratch; i++)
        unlink(c->scratch[i]);
    drop_scratch(c);
}

bool kr_catalog_commit(kr_catalog *c, kr_err *err)
{
    if (!c->txn)
        return kr_fail(err, KR_RC_FAIL, "KRK1310E", "catalog %s: no transaction to commit", c->root);
    DB_TXN *t = c->txn;
    c->txn = NULL;
    if (!kr_store_commit(c->store, t, err)) {
        drop_scratch(c);
        return false;
    }
    remove_scratched(c);
    return true;
}

void kr_catalog_abort(kr_catalog *c)
{
    if (c->txn) {
        c->txn->abort(c->txn);
        c->txn = NULL;
    }
    drop_scratch(c);
}

bool cat_apply(kr_catalog *c, cat_change fn, void *arg, kr_err *err)
{
    if (c->txn)
        return fn(c, c->txn, arg, err);
    if (!kr_catalog_begin(c, err))
        return false;
    if (!fn(c, c->txn, arg, err)) {
        kr_catalog_abort(c);
        return false;
    }
    return kr_catalog_commit(c, err);
}

void cat_scratch_later(kr_catalog *c, const char *path)
{
    KR_GROW(c->scratch, c->cap_scratch, c->n_scratch + 1);
    c->scratch[c->n_scratch++] = kr_xstrdup(path);
}

int cat_get(kr_catalog *c, DB_TXN *txn, const kr_buf *key, kr_buf *out, kr_err *err)
{
    DBT k = {.data = key->data, .size = (u_int32_t)key->len};
    DBT d = {.flags = DB_DBT_MALLOC};
    int ret = c->db->get(c->db, txn ? txn : c->txn, &k, &d, txn ? DB_RMW : 0);
    if (ret == DB_NOTFOUND)
        return 0;
    if (ret)
        return kr_store_fail(c->store, err, ret, "cannot read catalog.db"), -1;
    kr_buf_reset(out);
    kr_buf_add(out, d.data, d.size);
    free(d.data);
    return 1;
}

bool cat_put(kr_catalog *c, DB_TXN *txn, const kr_buf *key, const kr_buf *val, kr_err *err)
{
    DBT k = {.data = key->data, .size = (u_int32_t)key->len};
    DBT d = {.data = val->data, .size = (u_int32_t)val->len};
    int ret = c->db->put(c->db, txn, &k, &d, 0);
    return ret == 0 || kr_store_fail(c->store, err, ret, "cannot write catalog.db");
}

int cat_del(kr_catalog *c, DB_TXN *txn, const kr_buf *key, kr_err *err)
{
    DBT k = {.data = key->data, .size = (u_int32_t)key->len};
    int ret = c->db->del(c->db, txn, &k, 0);
    if (ret == DB_NOTFOUND)
        return 0;
    if (ret)
        return kr_store_fail(c->store, err, ret, "cannot delete from catalog.db"), -1;
    return 1;
}

bool cat_scan(kr_catalog *c, DB_TXN *txn, const char *prefix, size_t plen, cat_visit fn, void *arg, kr_err *err)
{
    DBC *cur;
    int ret = c->db->cursor(c->db, txn ? txn : c->txn, &cur, 0);
    if (ret)
        return kr_store_fail(c->store, err, ret, "cannot open a cursor on catalog.db");
    DBT k = {.data = (void *)prefix, .size = (u_int32_t)plen, .flags = DB_DBT_REALLOC};
    DBT d = {.flags = DB_DBT_REALLOC};
    /* The first key at or after the prefix; DB_SET_RANGE writes the found key into k, so it
     * starts as a copy of the prefix of our own. */
    k.data = kr_xmalloc(plen ? plen : 1);
    memcpy(k.data, prefix, plen);
    bool ok = true;
    for (ret = cur->get(cur, &k, &d, DB_SET_RANGE); ret == 0 && ok; ret = cur->get(cur, &k, &d, DB_NEXT)) {
        if (k.size < plen || memcmp(k.data, prefix, plen) != 0)
            break;
        char *key = kr_xstrndup(k.data, k.size);
        ok = fn(arg, key, k.size, d.data, d.size, err);
        free(key);
    }
    if (ok && ret && ret != DB_NOTFOUND)
        ok = kr_store_fail(c->store, err, ret, "cannot read catalog.db");
    free(k.data);
    free(d.data);
    cur->close(cur);
    return ok;
}
