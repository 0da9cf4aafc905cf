/* store.c: the Berkeley DB ledger: one transactional environment per ledger directory
 * (private regions, recovery on every open, an exclusive lock file so that one process at a
 * time uses it), the primary B-tree keyed on the normalized master key, one secondary B-tree
 * per index(NAME) attached with DB->associate, and the control database holding the layout
 * text and the master's header, trailer and end records. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define CACHE_BYTES (256u << 20)
#define LOG_BUFFER (8u << 20)
#define LOG_FILE_MAX (16u << 20)
#define MAX_LOCKS 1000000
#define PAGE_SIZE 8192

static void db_message(const DB_ENV *env, const char *prefix, const char *msg)
{
    (void)prefix;
    kr_ledger *g = env->app_private;
    if (g)
        snprintf(g->dberr, sizeof g->dberr, "%s", msg);
}

bool kr_ledger_dbfail(kr_ledger *g, kr_err *err, int ret, const char *what)
{
    if (g->dberr[0])
        return kr_fail(err, KR_RC_FAIL, "KRK0830E", "ledger %s: %s: %s (%s)", g->dir, what, db_strerror(ret),
                       g->dberr);
    return kr_fail(err, KR_RC_FAIL, "KRK0830E", "ledger %s: %s: %s", g->dir, what, db_strerror(ret));
}

static bool env_open(kr_ledger *g, bool create, kr_err *err)
{
    int ret = db_env_create(&g->env, 0);
    if (ret)
        return kr_ledger_dbfail(g, err, ret, "cannot create the environment handle");
    g->env->app_private = g;
    g->env->set_errcall(g->env, db_message);
    g->env->set_cachesize(g->env, 0, CACHE_BYTES, 1);
    g->env->set_lg_bsize(g->env, LOG_BUFFER);
    g->env->set_lg_max(g->env, LOG_FILE_MAX);
    g->env->set_lk_max_locks(g->env, MAX_LOCKS);
    g->env->set_lk_max_objects(g->env, MAX_LOCKS);
    g->env->log_set_config(g->env, DB_LOG_AUTO_REMOVE, 1);
    /* A load builds a new ledger under a temporary name: its commits need not reach the
     * disk one by one; the final checkpoint and close flush everything before the rename. */
    if (create)
        g->env->set_flags(g->env, DB_TXN_NOSYNC, 1);
    u_int32_t flags = DB_CREATE | DB_INIT_TXN | DB_INIT_LOCK | DB_INIT_LOG | DB_INIT_MPOOL | DB_PRIVATE |
                      DB_RECOVER;
    ret = g->env->open(g->env, g->dir, flags, 0666);
    if (ret)
        return kr_ledger_dbfail(g, err, ret, "cannot open the environment (with recovery)");
    g->env_opened = true;
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

static bool db_open(kr_ledger *g, DB **db, const char *file, bool dup, bool create, kr_err *err)
{
    int ret = db_create(db, g->env, 0);
    if (ret)
        return kr_ledger_dbfail(g, err, ret, file);
    if (dup)
        (*db)->set_flags(*db, DB_DUP | DB_DUPSORT);
    (*db)->set_pagesize(*db, PAGE_SIZE);
    /* A load writes into a new ledger under a temporary name: nothing to recover should it
     * fail, so its pages are not logged; closing flushes them before the rename. */
    if (create)
        (*db)->set_flags(*db, DB_TXN_NOT_DURABLE);
    ret = (*db)->open(*db, NULL, file, NULL, DB_BTREE, DB_AUTO_COMMIT | (create ? DB_CREATE : 0), 0666);
    if (ret)
        return kr_ledger_dbfail(g, err, ret, file);
    return true;
}

static bool lock_dir(kr_ledger *g, kr_err *err)
{
    char *path = kr_xasprintf("%s/kiroku.lock", g->dir);
    g->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    free(path);
    if (g->lock_fd < 0)
        return kr_fail(err, KR_RC_ENV, "KRK0831E", "ledger %s: cannot open its lock file: %s", g->dir,
                       strerror(errno));
    if (flock(g->lock_fd, LOCK_EX | LOCK_NB) != 0)
        return kr_fail(err, KR_RC_FAIL, "KRK0832E",
                       "ledger %s is in use by another process; run one ledger command at a time", g->dir);
    return true;
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
        bool ok = db_open(g, &ix->db, file, true, create, err);
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
    g->lock_fd = -1;
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
    if (!lock_dir(g, err) || !env_open(g, create, err) || !db_open(g, &g->control, "control.db", false, create, err))
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
    if (!load_layout(g, text.data, path.data, err) || !db_open(g, &g->primary, "master.db", false, create, err) ||
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
    if (g->env) {
        /* A checkpoint makes the next open's recovery short and lets old logs go. */
        if (g->env_opened)
            close_step(g, g->env->txn_checkpoint(g->env, 0, 0, DB_FORCE), "cannot checkpoint", &first, err);
        close_step(g, g->env->close(g->env, 0), "cannot close the environment", &first, err);
    }
    kr_keydef_free(&g->key);
    kr_layout_free(g->layout);
    if (g->lock_fd >= 0)
        close(g->lock_fd);
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
