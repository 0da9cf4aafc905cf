/* internal.h: what the files of src/ledger share and nobody else needs. */
#ifndef KIROKU_LEDGER_INTERNAL_H
#define KIROKU_LEDGER_INTERNAL_H

#include "kiroku/check.h"
#include "kiroku/ledger.h"

/* Do two fields hold their values the same way (type, width, digits, sign, date format and
 * special values), so that copying the bytes of one into the other copies the value? When
 * not, why is written to why. */
bool kr_field_same_repr(const kr_field *a, const kr_field *b, char *why, size_t size);

/* Compares two encoded keys as the B-tree does. */
int kr_key_compare(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen);

/* ---- the frame of a master file: header, trailer and end records ---------------------- */

/* The control records of a master stay out of the key processing: a new master's header and
 * end record are copied from the old one (or initialized when it had none), its trailer is
 * copied with its control totals recomputed over the data records written. */
typedef struct kr_frame {
    const kr_layout *layout;
    int header_type, trailer_type, end_type; /* -1 when the layout has no such record */
    unsigned char *header, *trailer, *end;   /* from the old master, NULL when absent */
    kr_totals *totals;
    uint64_t written;
} kr_frame;

void kr_frame_init(kr_frame *f, const kr_layout *l);
void kr_frame_free(kr_frame *f);
/* Keeps a control record of the old master. */
void kr_frame_take(kr_frame *f, int type, const unsigned char *rec);
bool kr_frame_write_head(kr_frame *f, kr_writer *w, kr_err *err);
bool kr_frame_write_data(kr_frame *f, kr_writer *w, const unsigned char *rec, kr_err *err);
bool kr_frame_write_tail(kr_frame *f, kr_writer *w, kr_err *err);

/* ---- control totals as a file is read (totalread.c) ---------------------------------------- */

/* The totals of one input file: every record goes through kr_totals_read_next in order.
 * warn_to NULL: a trailer that disagrees is KRK1703E (rc 12); else KRK1750W is written
 * there and counted in warned (PARM TOTALS=WARN). */
typedef struct kr_totals_read {
    const kr_layout *layout;
    const char *path;
    kr_totals *totals;
    FILE *warn_to;
    uint64_t warned;
} kr_totals_read;

void kr_totals_read_init(kr_totals_read *tr, const kr_layout *l, const char *path);
void kr_totals_read_free(kr_totals_read *tr);
/* type is the record's type (kr_layout_classify; a negative type is skipped). */
bool kr_totals_read_next(kr_totals_read *tr, int type, const unsigned char *rec, uint64_t recno, kr_err *err);

/* ---- reading a master file ---------------------------------------------------------------- */

/* Reads the data records of a master file with their keys, checking that the file is one
 * header group of the layout, every data record of the master's data type with a valid key,
 * the keys ascending and unique. Control records go to the frame. */
typedef struct kr_mreader {
    kr_reader *r;
    const char *path;
    const kr_layout *layout;
    const kr_keydef *key;
    int mtype;
    kr_frame *frame;
    kr_order order;
    kr_totals_read totals; /* the control totals, checked at each trailer (warn_to: TOTALS=WARN) */
    unsigned char last[KR_KEY_MAX];
    size_t last_len;
    uint64_t last_recno;
} kr_mreader;

bool kr_mreader_open(kr_mreader *m, const char *path, const kr_keydef *key, int mtype, kr_frame *frame,
                     kr_err *err);
/* 1 with the next data record and its key, 0 at the end, -1 on an error (12: the file is not
 * a master of its layout; 16: a key out of sequence). */
int kr_mreader_next(kr_mreader *m, const unsigned char **rec, unsigned char *key, size_t *keylen,
                    kr_err *err);
void kr_mreader_close(kr_mreader *m);

/* ---- the Berkeley DB store --------------------------------------------------------------- */

#include "kiroku/store.h"

/* A secondary index: its name, key and database. */
typedef struct kr_index {
    const char *name;
    kr_keydef key;
    DB *db;
} kr_index;

struct kr_ledger {
    char *dir;
    kr_store *store;       /* the lock on DIR/kiroku.lock and the environment (src/store) */
    DB_ENV *env;           /* store->env */
    DB *primary;           /* master.db: encoded key -> master record */
    DB *control;           /* control.db: the layout text, header, trailer and end records */
    kr_index *indexes;     /* index.NAME.db each */
    size_t n_indexes;
    kr_layout *layout;
    kr_keydef key;
    int mtype;
    char *dberr;           /* store->dberr: Berkeley DB's last message */
};

/* Opens (creating, for load) the ledger in dir: lock, environment with recovery, databases.
 * layout_text is given when creating. */
kr_ledger *kr_ledger_open_dir(const char *dir, bool create, const char *layout_text,
                              const char *layout_path, kr_err *err);
/* Fails with a Berkeley DB error: KRK0830E and what Berkeley DB said. */
bool kr_ledger_dbfail(kr_ledger *g, kr_err *err, int ret, const char *what);
/* Control records: "header", "trailer", "end", "layout", "layout.path". */
bool kr_ledger_control_get(kr_ledger *g, const char *name, kr_buf *out, bool *found, kr_err *err);
bool kr_ledger_control_put(kr_ledger *g, DB_TXN *txn, const char *name, const void *data, size_t n,
                           kr_err *err);
/* The number of data records, kept in the control record "count". */
bool kr_ledger_count_get(kr_ledger *g, DB_TXN *txn, uint64_t *n, kr_err *err);
bool kr_ledger_count_put(kr_ledger *g, DB_TXN *txn, uint64_t n, kr_err *err);
/* Reads the frame (header, trailer, end) kept at load. */
bool kr_ledger_frame(kr_ledger *g, kr_frame *f, kr_err *err);

#endif
