/* env.c: a directory's Berkeley DB environment: the lock file that keeps one process in it,
 * the transactional environment opened with recovery, Berkeley DB's messages caught by its
 * errcall so that they end up in a kr_err, and the zeroing allocator Berkeley DB is given so
 * that no page it writes carries stale bytes of the process's heap. */
#include "kiroku/store.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

static void db_message(const DB_ENV *env, const char *prefix, const char *msg)
{
    (void)prefix;
    kr_store *s = env->app_private;
    if (s)
        snprintf(s->dberr, sizeof s->dberr, "%s", msg);
}

bool kr_store_fail(kr_store *s, kr_err *err, int ret, const char *what)
{
    if (s->dberr[0])
        return kr_fail(err, KR_RC_FAIL, s->msgs.db_error, "%s %s: %s: %s (%s)", s->msgs.what, s->dir, what,
                       db_strerror(ret), s->dberr);
    return kr_fail(err, KR_RC_FAIL, s->msgs.db_error, "%s %s: %s: %s", s->msgs.what, s->dir, what,
                   db_strerror(ret));
}

/* Berkeley DB clears only the header of a new page (DB_PAGE_DB_LEN; the whole page only in
 * encrypted environments) and copies only the used parts of a page it splits, and a private
 * environment's cache buffers are malloc'ed one by one: the unused middle of a page it writes
 * held whatever the heap held there before, which in a ledger load was master records
 * (個人番号, names) in an index file. Every allocation Berkeley DB makes is zeroed instead. */
static void *zeroed_malloc(size_t n)
{
    return calloc(1, n ? n : 1);
}

static void install_zeroed_malloc(void)
{
    db_env_set_func_malloc(zeroed_malloc);
}

static bool lock_dir(kr_store *s, bool wait, kr_err *err)
{
    char *path = kr_xasprintf("%s/kiroku.lock", s->dir);
    s->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    free(path);
    if (s->lock_fd < 0)
        return kr_fail(err, KR_RC_ENV, s->msgs.lock_open, "%s %s: cannot open its lock file: %s", s->msgs.what,
                       s->dir, strerror(errno));
    int r;
    while ((r = flock(s->lock_fd, LOCK_EX | (wait ? 0 : LOCK_NB))) != 0 && errno == EINTR)
        ;
    if (r != 0)
        return kr_fail(err, KR_RC_FAIL, s->msgs.lock_busy, "%s %s is in use by another process; %s", s->msgs.what,
                       s->dir, s->msgs.busy_hint);
    return true;
}

static bool env_open(kr_store *s, const kr_store_opts *o, kr_err *err)
{
    static pthread_once_t zeroed = PTHREAD_ONCE_INIT;
    pthread_once(&zeroed, install_zeroed_malloc);
    int ret = db_env_create(&s->env, 0);
    if (ret)
        return kr_store_fail(s, err, ret, "cannot create the environment handle");
    s->env->app_private = s;
    s->env->set_errcall(s->env, db_message);
    s->env->set_cachesize(s->env, 0, (u_int32_t)o->cache_bytes, 1);
    s->env->set_lg_bsize(s->env, (u_int32_t)o->log_buffer);
    s->env->set_lg_max(s->env, (u_int32_t)o->log_file_max);
    s->env->set_lk_max_locks(s->env, o->max_locks);
    s->env->set_lk_max_objects(s->env, o->max_locks);
    s->env->log_set_config(s->env, DB_LOG_AUTO_REMOVE, 1);
    if (o->no_sync)
        s->env->set_flags(s->env, DB_TXN_NOSYNC, 1);
    u_int32_t flags = DB_CREATE | DB_INIT_TXN | DB_INIT_LOCK | DB_INIT_LOG | DB_INIT_MPOOL | DB_PRIVATE |
                      DB_RECOVER;
    ret = s->env->open(s->env, s->dir, flags, 0666);
    if (ret)
        return kr_store_fail(s, err, ret, "cannot open the environment (with recovery)");
    s->env_opened = true;
    return true;
}

kr_store *kr_store_open(const char *dir, const kr_store_msgs *msgs, const kr_store_opts *opts, kr_err *err)
{
    kr_store *s = kr_xcalloc(1, sizeof *s);
    s->dir = kr_xstrdup(dir);
    s->msgs = *msgs;
    s->lock_fd = -1;
    if (!lock_dir(s, opts->wait_for_lock, err) || !env_open(s, opts, err)) {
        kr_store_close(s);
        return NULL;
    }
    return s;
}

bool kr_store_btree(kr_store *s, DB **db, const char *file, uint32_t pagesize, bool dup, bool create,
                    bool not_durable, kr_err *err)
{
    int ret = db_create(db, s->env, 0);
    if (ret)
        return kr_store_fail(s, err, ret, file);
    if (dup)
        (*db)->set_flags(*db, DB_DUP | DB_DUPSORT);
    if (pagesize)
        (*db)->set_pagesize(*db, pagesize);
    if (not_durable)
        (*db)->set_flags(*db, DB_TXN_NOT_DURABLE);
    ret = (*db)->open(*db, NULL, file, NULL, DB_BTREE, DB_AUTO_COMMIT | (create ? DB_CREATE : 0), 0666);
    if (ret) {
        /* A handle whose open failed must still be closed. */
        (*db)->close(*db, 0);
        *db = NULL;
        return kr_store_fail(s, err, ret, file);
    }
    return true;
}

bool kr_store_begin(kr_store *s, DB_TXN **txn, kr_err *err)
{
    int ret = s->env->txn_begin(s->env, NULL, txn, 0);
    return ret == 0 || kr_store_fail(s, err, ret, "cannot begin a transaction");
}

bool kr_store_commit(kr_store *s, DB_TXN *txn, kr_err *err)
{
    int ret = txn->commit(txn, 0);
    return ret == 0 || kr_store_fail(s, err, ret, "cannot commit the transaction");
}

bool kr_store_close_checked(kr_store *s, kr_err *err)
{
    if (!s)
        return true;
    int ret = 0;
    const char *what = NULL;
    if (s->env) {
        if (s->env_opened && (ret = s->env->txn_checkpoint(s->env, 0, 0, DB_FORCE)) != 0)
            what = "cannot checkpoint";
        int r2 = s->env->close(s->env, 0);
        if (r2 && !ret) {
            ret = r2;
            what = "cannot close the environment";
        }
        s->env = NULL;
    }
    if (ret && err)
        kr_store_fail(s, err, ret, what);
    if (s->lock_fd >= 0)
        close(s->lock_fd);
    free(s->dir);
    free(s);
    return ret == 0;
}

void kr_store_close(kr_store *s)
{
    kr_store_close_checked(s, NULL);
}
