/* internal.h: what the files of src/catalog share: the open catalog, its one B-tree of
 * prefixed keys, and the text form of its records ("name=value" lines). */
#ifndef KIROKU_CATALOG_INTERNAL_H
#define KIROKU_CATALOG_INTERNAL_H

#include "kiroku/catalog.h"
#include "kiroku/store.h"

/* Keys of catalog.db: "D" DSN (a data set), "G" BASE (a GDG base), "V" BASE "\t" RUN (a
 * reservation), "R" RUN (a run), "S" RUN STEP (a step), "#runs" (the last run id); RUN is 16
 * hex digits and STEP 4, so that keys sort by number. */
struct kr_catalog {
    char *root;
    kr_store *store;
    DB *db;
    DB_TXN *txn;        /* the open transaction of kr_catalog_begin, or NULL */
    char **scratch;     /* files to remove once the transaction commits */
    size_t n_scratch, cap_scratch;
};

/* Runs one change: inside the open transaction, or in one of its own. */
typedef bool (*cat_change)(kr_catalog *c, DB_TXN *txn, void *arg, kr_err *err);
bool cat_apply(kr_catalog *c, cat_change fn, void *arg, kr_err *err);

/* 1 found (value in out), 0 not found, -1 error. txn may be NULL (a read of its own). */
int cat_get(kr_catalog *c, DB_TXN *txn, const kr_buf *key, kr_buf *out, kr_err *err);
bool cat_put(kr_catalog *c, DB_TXN *txn, const kr_buf *key, const kr_buf *val, kr_err *err);
/* 1 deleted, 0 not there, -1 error. */
int cat_del(kr_catalog *c, DB_TXN *txn, const kr_buf *key, kr_err *err);
/* Calls fn for every key starting with prefix, in key order; fn returns false to stop with an
 * error. */
typedef bool (*cat_visit)(void *arg, const char *key, size_t klen, const char *val, size_t vlen, kr_err *err);
bool cat_scan(kr_catalog *c, DB_TXN *txn, const char *prefix, size_t plen, cat_visit fn, void *arg, kr_err *err);
/* Remembers a file to remove after the commit. */
void cat_scratch_later(kr_catalog *c, const char *path);

void cat_key(kr_buf *key, char kind, const char *name);
void cat_key_run(kr_buf *key, char kind, uint64_t run);

/* Record text: "name=value\n" lines; values escape backslash and newline. */
void kv_add(kr_buf *b, const char *name, const char *value);
void kv_addu(kr_buf *b, const char *name, uint64_t v);
void kv_addi(kr_buf *b, const char *name, int64_t v);
/* The idx-th value of name (0 for the first) copied into out (size bytes); false when absent. */
bool kv_get(const char *rec, size_t len, const char *name, size_t idx, char *out, size_t size);
uint64_t kv_getu(const char *rec, size_t len, const char *name);
int64_t kv_geti(const char *rec, size_t len, const char *name);

/* The data set record of dsn. */
void ds_encode(kr_buf *b, const kr_dsinfo *d);
void ds_decode(const char *rec, size_t len, const char *dsn, kr_dsinfo *d);
/* The GDG record. */
void gdg_encode(kr_buf *b, const kr_gdg *g);
void gdg_decode(const char *rec, size_t len, const char *base, kr_gdg *g);
int gdg_read(kr_catalog *c, DB_TXN *txn, const char *base, kr_gdg *g, kr_err *err);
bool gdg_write(kr_catalog *c, DB_TXN *txn, const kr_gdg *g, kr_err *err);
/* Removes generation dsn from its group's list (when it is there). */
bool gdg_forget(kr_catalog *c, DB_TXN *txn, const char *base, unsigned gen, kr_err *err);
/* Uncatalogs dsn inside txn, its file scratched after the commit when scratch. */
bool ds_remove(kr_catalog *c, DB_TXN *txn, const char *dsn, bool scratch, kr_err *err);

#endif
