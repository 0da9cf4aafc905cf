/* store.h: Berkeley DB environments as kiroku uses them, in one place for the ledger and the
 * catalog: a lock file that lets one process at a time use a directory's environment, the
 * transactional environment opened with recovery (private regions), and Berkeley DB's own
 * messages (its errcall) kept to be turned into kr_err messages. */
#ifndef KIROKU_STORE_H
#define KIROKU_STORE_H

#include "kiroku/core.h"

#include <db.h>

/* How the owner's messages read: every message starts "WHAT DIR: ..." with the owner's own
 * message ids, so that a ledger still says KRK083xE and the catalog KRK13xxE. */
typedef struct kr_store_msgs {
    const char *what;      /* "ledger", "catalog" */
    const char *db_error;  /* a Berkeley DB call failed (rc 12) */
    const char *lock_open; /* the lock file cannot be opened (rc 16) */
    const char *lock_busy; /* another process holds the lock and we do not wait (rc 12) */
    const char *busy_hint; /* the end of the busy message: what the operator should do */
} kr_store_msgs;

typedef struct kr_store_opts {
    size_t cache_bytes;   /* Berkeley DB's cache */
    size_t log_buffer;    /* the in-memory log buffer */
    size_t log_file_max;  /* the size of one log file */
    uint32_t max_locks;   /* locks and lock objects */
    bool no_sync;         /* commits need not reach the disk one by one (a new store being
                           * built under a temporary name; a checkpoint at close flushes) */
    bool wait_for_lock;   /* wait for the lock file instead of failing at once */
} kr_store_opts;

typedef struct kr_store {
    char *dir;
    kr_store_msgs msgs;
    int lock_fd;            /* the exclusive lock on DIR/kiroku.lock, -1 when not held */
    DB_ENV *env;
    bool env_opened;
    char dberr[512];        /* Berkeley DB's last message, "" when none */
} kr_store;

/* Takes DIR/kiroku.lock (exclusive, waiting or not as opts says), then opens the
 * transactional environment in dir with recovery (DB_CREATE | DB_RECOVER | DB_PRIVATE, logs
 * removed once checkpointed). dir must exist. NULL after filling err. */
kr_store *kr_store_open(const char *dir, const kr_store_msgs *msgs, const kr_store_opts *opts, kr_err *err);
/* Fails with the owner's db_error id: "WHAT DIR: what: Berkeley DB's reason (its message)". */
bool kr_store_fail(kr_store *s, kr_err *err, int ret, const char *what);
/* Opens (creating when create) a B-tree of the environment; DB_DUP|DB_DUPSORT when dup;
 * not_durable for a store being built under a temporary name (its pages are not logged). */
bool kr_store_btree(kr_store *s, DB **db, const char *file, uint32_t pagesize, bool dup, bool create,
                    bool not_durable, kr_err *err);
/* Begins a transaction; false after filling err. */
bool kr_store_begin(kr_store *s, DB_TXN **txn, kr_err *err);
/* Commits txn (synchronously unless opened no_sync); false after filling err (the
 * transaction is then gone, as Berkeley DB says). */
bool kr_store_commit(kr_store *s, DB_TXN *txn, kr_err *err);
/* Checkpoints (so that the next open's recovery is short and old logs go), closes the
 * environment and releases the lock. The owner closes its databases first. NULL is fine. */
void kr_store_close(kr_store *s);
/* The same, telling whether the checkpoint and the close reached the disk (false after
 * filling err, when not NULL: a full disk while a store is built). */
bool kr_store_close_checked(kr_store *s, kr_err *err);

#endif
