/* store.c: the Berkeley DB ledger: one transactional environment per ledger directory
 * (private regions, recovery on every open, an exclusive lock file so that one process at a
 * time uses it), the primary B-tree keyed on the normalized master key, one secondary B-tree
 * per index(NAME) attached with DB->associate, and the control database holding the layout
 * text and the master's header, trailer and end records. The environment itself is
 * src/store's. */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CACHE_BYTES (256u << 20)
#define LOG_BUFFER (8u << 20)
#define LOG_FILE_MAX (16u << 20)
#define MAX_LOCKS 1000000
#define PAGE_SIZE 8192
/* Index files have a page size no other file of the ledger has: the cache reuses a buffer
 * it evicts as is only for a page of the same size, so an index page is never made in a
 * buffer that held master records (see src/store/env.c for the other half). */
#define INDEX_PAGE_SIZE 4096

static const kr_store_msgs LEDGER_MSGS = {"ledger", "KRK0830E", "KRK0831E", "KRK0832E",
                                          "run one ledger command at a time"};

bool kr_ledger_dbfail(kr_ledger *g, kr_err *err, int ret, const char *what)
{
    return kr_store_fail(g->store, err, ret, what);
}

static bool env_open(kr_ledger *g, bool create, kr_err *err)
{
    /* A load builds a new ledger under a temporary name: its commits need not reach the
     * disk one by one; the final checkpoint and close flush everything before the rename. */
    kr_store_opts o = {.cache_bytes = CACHE_BYTES, .log_buffer = LOG_BUFFER, .log_file_max = LOG_FILE_MAX,
                       .max_locks = MAX_LOCKS, .no_sync = create};
    g->store = kr_store_open(g->dir, &LEDGER_MSGS, &o, err);
    if (!g->store)
        return false;
    g->env = g->store->env;
    g->dberr = g->store->dberr;
    return true;
}

static int index_callback(DB *sec, const DBT *pkey, const DBT *pdata, DBT *skey)
{
    (void)pkey;
    const kr_index *ix = sec->app_private;
    unsigned char buf[KR_KEY_MAX];
    size_t n = kr_keydef_encode(&ix->key, pdata->data, buf, NULL);
    if (n == 0)
        return DB_DONOTINDEX;
    memset(skey, 0, sizeof *skey);
    skey->data = malloc(n);
    if (!skey->data)
        return ENOMEM;
    memcpy(skey->data, buf, n);
    skey->size = (u_int32_t)n;
    skey->flags = DB_DBT_APPMALLOC;
    return 0;
}

static bool db_open(kr_ledger *g, DB **db, const char *file, uint32_t pagesize, bool dup, bool create,
                    kr_err *err)
{
    /* A load writes into a new ledger under a temporary name: nothing to recover should it
     * fail, so its pages are not logged; closing flushes them before the rename. */
    return kr_store_btree(g->store, db, file, pagesize, dup, create, create, err);
}

static bool load_layout(kr_ledger *g, const char *text, const char *path, kr_err *err)
{
    kr_diags d;
    kr_diags_init(&d);
    g->layout = kr_layout_parse(text, strlen(text), path, &d);
    if (!g->layout) {
        kr_fail(err, KR_RC_ENV, "KRK0833E", "ledger %s: its layout (%s) does not parse: %s", g->dir, path,
                d.n ? d.items[0] : "?");
        kr_diags_free(&d);
        return false;
    }
    kr_diags_free(&d);
    g->mtype = kr_layout_data_type(g->layout);
    if (g->mtype < 0)
        return kr_fail(err, KR_RC_ENV, "KRK0803E", "%s: the layout has no data record type", path);
    return kr_keydef_primary(&g->key, g->layout, g->mtype, err);
}

static bool open_indexes(kr_ledger *g, bool create, kr_err *err)
{
    const char **names;
    size_t n = kr_layout_index_names(g->layout, g->mtype, &names);
    g->indexes = kr_xcalloc(n ? n : 1, sizeof *g->indexes);
    for (size_t i = 0; i < n; i++) {
        kr_index *ix = &g->indexes[i];
        ix->name = names[i];
        if (!kr_keydef_index(&ix->key, g->layout, g->mtype, names[i], err))
            break;
        g->n_indexes++;
        char *file = kr_xasprintf("index.%s.db", names[i]);
        bool ok = db_open(g, &ix->db, file, INDEX_PAGE_SIZE, true, create, err);
        free(file);
        if (!ok)
            break;
        ix->db->app_private = ix;
        int ret = g->primary->associate(g->primary, NULL, ix->db, index_callback, 0);
        if (ret) {
            kr_ledger_dbfail(g, err, ret, "cannot attach an index");
            break;
        }
    }
    free(names);
    return g->n_indexes == n && (n == 0 || g->indexes[n - 1].db);
}

kr_ledger *kr_ledger_open_dir(const char *dir, bool create, const char *layout_text,
                              const char *layout_path, kr_err *err)
{
    kr_ledger *g = kr_xcalloc(1, sizeof *g);
    g->dir = kr_xstrdup(dir);
    kr_buf text, path;
    kr_buf_init(&text);
    kr_buf_init(&path);
    bool ok = false;
    if (!create) {
        char *probe = kr_xasprintf("%s/control.db", dir);
        struct stat st;
        bool is = stat(probe, &st) == 0;
        free(probe);
        if (!is) {
            kr_fail(err, KR_RC_ENV, "KRK0834E", "%s is not a ledger (no control.db); create it with 'kiroku ledger load'",
                    dir);
            goto done;
        }
    }
    if (!env_open(g, create, err) || !db_open(g, &g->control, "control.db", PAGE_SIZE, false, create, err))
        goto done;
    if (create) {
        if (!kr_ledger_control_put(g, NULL, "layout", layout_text, strlen(layout_text), err) ||
            !kr_ledger_control_put(g, NULL, "layout.path", layout_path, strlen(layout_path), err))
            goto done;
        kr_buf_adds(&text, layout_text);
        kr_buf_adds(&path, layout_path);
    } else {
        bool f1, f2;
        if (!kr_ledger_control_get(g, "layout", &text, &f1, err) ||
            !kr_ledger_control_get(g, "layout.path", &path, &f2, err))
            goto done;
        if (!f1 || !f2) {
            kr_fail(err, KR_RC_ENV, "KRK0834E", "ledger %s holds no layout; it was not made by 'kiroku ledger load'",
                    dir);
            goto done;
        }
    }
    if (!load_layout(g, text.data, path.data, err) || !db_open(g, &g->primary, "master.db", PAGE_SIZE, false, create, err) ||
        !open_indexes(g, create, err))
        goto done;
    ok = true;
done:
    kr_buf_free(&text);
    kr_buf_free(&path);
    if (!ok) {
        kr_ledger_close(g);
        return NULL;
    }
    return g;
}

kr_ledger *kr_ledger_open(const char *dir, kr_err *err)
{
    return kr_ledger_open_dir(dir, false, NULL, NULL, err);
}

/* Keeps the first Berkeley DB error of a close. */
static void close_step(kr_ledger *g, int ret, const char *what, int *first, kr_err *err)
{
    if (ret && !*first) {
        *first = ret;
        kr_ledger_dbfail(g, err, ret, what);
    }
}

bool kr_ledger_close_checked(kr_ledger *g, kr_err *err)
{
    if (!g)
        return true;
    int first = 0;
    kr_err ignored;
    if (!err)
        err = &ignored;
    /* Secondaries close before their primary. */
    for (size_t i = 0; i < g->n_indexes; i++)
        if (g->indexes[i].db)
            close_step(g, g->indexes[i].db->close(g->indexes[i].db, 0), "cannot write an index", &first, err);
    for (size_t i = 0; i < g->n_indexes; i++)
        kr_keydef_free(&g->indexes[i].key);
    free(g->indexes);
    if (g->primary)
        close_step(g, g->primary->close(g->primary, 0), "cannot write the records", &first, err);
    if (g->control)
        close_step(g, g->control->close(g->control, 0), "cannot write the control records", &first, err);
    /* The checkpoint and the environment's close flush what is left. */
    if (!kr_store_close_checked(g->store, first ? NULL : err) && !first)
        first = -1;
    kr_keydef_free(&g->key);
    kr_layout_free(g->layout);
    free(g->dir);
    free(g);
    return first == 0;
}

void kr_ledger_close(kr_ledger *g)
{
    kr_ledger_close_checked(g, NULL);
}

const kr_layout *kr_ledger_layout(const kr_ledger *g)
{
    return g->layout;
}

bool kr_ledger_control_get(kr_ledger *g, const char *name, kr_buf *out, bool *found, kr_err *err)
{
    DBT key = {.data = (void *)name, .size = (u_int32_t)strlen(name)};
    DBT data = {.flags = DB_DBT_MALLOC};
    int ret = g->control->get(g->control, NULL, &key, &data, 0);
    *found = ret == 0;
    if (ret == DB_NOTFOUND)
        return true;
    if (ret)
        return kr_ledger_dbfail(g, err, ret, "cannot read the control database");
    kr_buf_reset(out);
    kr_buf_add(out, data.data, data.size);
    free(data.data);
    return true;
}

bool kr_ledger_control_put(kr_ledger *g, DB_TXN *txn, const char *name, const void *data, size_t n,
                           kr_err *err)
{
    DBT key = {.data = (void *)name, .size = (u_int32_t)strlen(name)};
    DBT val = {.data = (void *)data, .size = (u_int32_t)n};
    int ret = g->control->put(g->control, txn, &key, &val, 0);
    return ret == 0 || kr_ledger_dbfail(g, err, ret, "cannot write the control database");
}

bool kr_ledger_frame(kr_ledger *g, kr_frame *f, kr_err *err)
{
    kr_frame_init(f, g->layout);
    static const char *const names[] = {"header", "trailer", "end"};
    kr_buf b;
    kr_buf_init(&b);
    bool ok = true;
    for (int i = 0; i < 3 && ok; i++) {
        bool found;
        ok = kr_ledger_control_get(g, names[i], &b, &found, err);
        if (ok && found && b.len == g->layout->length) {
            unsigned char **slot = i == 0 ? &f->header : i == 1 ? &f->trailer : &f->end;
            *slot = kr_xmalloc(b.len);
            memcpy(*slot, b.data, b.len);
        }
    }
    kr_buf_free(&b);
    return ok;
}

bool kr_ledger_count_get(kr_ledger *g, DB_TXN *txn, uint64_t *n, kr_err *err)
{
    DBT key = {.data = "count", .size = 5};
    unsigned char buf[8];
    DBT data = {.data = buf, .ulen = sizeof buf, .flags = DB_DBT_USERMEM};
    int ret = g->control->get(g->control, txn, &key, &data, DB_RMW);
    if (ret || data.size != 8)
        return kr_ledger_dbfail(g, err, ret ? ret : EINVAL, "cannot read the record count");
    *n = 0;
    for (int i = 0; i < 8; i++)
        *n = *n << 8 | buf[i];
    return true;
}

bool kr_ledger_count_put(kr_ledger *g, DB_TXN *txn, uint64_t n, kr_err *err)
{
    unsigned char buf[8];
    for (int i = 7; i >= 0; i--, n >>= 8)
        buf[i] = (unsigned char)n;
    return kr_ledger_control_put(g, txn, "count", buf, 8, err);
}
