/* ledger.h: LEDGER, keyed master files. The sequential master update (balance line: old
 * master + sorted transactions -> new master + rejects + a listing of counts) and the same
 * update on a Berkeley DB ledger (a B-tree on the layout's key fields with secondary indexes,
 * in a transactional environment with recovery). Both apply one transaction with the same
 * code, so a ledger unloaded after `apply` equals the sequential update's new master byte
 * for byte. See docs/LEDGER.md. */
#ifndef KIROKU_LEDGER_H
#define KIROKU_LEDGER_H

#include "kiroku/codec.h"
#include "kiroku/engine.h"
#include "kiroku/layout.h"
#include "kiroku/recio.h"

/* ---- keys ----------------------------------------------------------------------------- */

/* The longest encoded key a ledger accepts (KRK0802E beyond). */
#define KR_KEY_MAX 2048

/* A key: fields of one record type, in order. Its encoding (kr_keydef_encode) is the SORT
 * program's normalized key of those fields by name (engine.h): numbers by value, dates by
 * day (none before every date, open after every date), text by character. A master sorted
 * by `SORT FIELDS=(those fields,A)` is therefore in ledger key order. */
typedef struct kr_keydef {
    const kr_layout *layout;
    const kr_field **fields;
    size_t n;
    size_t max_len;   /* the encoding's width */
    kr_keyplan plan;
} kr_keydef;

/* The primary key of record type `type`: its `key` fields in declaration order. */
bool kr_keydef_primary(kr_keydef *k, const kr_layout *l, int type, kr_err *err);
/* The secondary index NAME of record type `type`: its fields declared `index(NAME)`. */
bool kr_keydef_index(kr_keydef *k, const kr_layout *l, int type, const char *name, kr_err *err);
/* The same key over the fields of another record type (found by name, same representation):
 * how a transaction record's key is read. */
bool kr_keydef_like(kr_keydef *k, const kr_keydef *model, const kr_layout *l, int type, kr_err *err);
void kr_keydef_free(kr_keydef *k);
/* Encodes the key of rec into out (at least k->max_len bytes). Returns its length, or 0 when
 * a key field holds no valid value (then *pb says why, when pb is not NULL). */
size_t kr_keydef_encode(const kr_keydef *k, const unsigned char *rec, unsigned char *out,
                        kr_problem *pb);
/* The index names declared in record type `type` (first appearance order). Caller frees the
 * array (not the names). */
size_t kr_layout_index_names(const kr_layout *l, int type, const char ***names);

/* Sets a field of rec from text as an operator types it: text (UTF-8, converted to the
 * layout's encoding and padded), a decimal number, or a date as the field writes it or as
 * YYYY-MM-DD. */
bool kr_field_parse_value(const kr_layout *l, const kr_field *f, const char *text,
                          unsigned char *rec, kr_err *err);
/* Fills a record of type `type` as COBOL's INITIALIZE would: text with spaces (N with the
 * full-width space), numbers with zero, dates with their first none() value or zeros; the
 * discriminator with the type's first value. */
void kr_record_initialize(const kr_layout *l, int type, unsigned char *rec);

/* ---- transactions --------------------------------------------------------------------- */

typedef enum kr_txaction { KR_TX_CONTROL, KR_TX_ADD, KR_TX_CHANGE, KR_TX_DELETE } kr_txaction;

/* Why a transaction was rejected (the reject record's reason code). */
typedef enum kr_reason {
    KR_REASON_NONE = 0,
    KR_REASON_ADD_EXISTS = 1,     /* add of a key the master holds */
    KR_REASON_CHANGE_MISSING = 2, /* change of a key the master does not hold */
    KR_REASON_DELETE_MISSING = 3, /* delete of a key the master does not hold */
    KR_REASON_BEFORE_DIFFERS = 4, /* a before-image field differs from the master */
    KR_REASON_INVALID = 5,        /* a key or after-image field holds no valid value */
    KR_REASON_UNKNOWN_TYPE = 6,   /* the record matches no record type of the layout */
    KR_REASON_COUNT
} kr_reason;

/* The short text of a reason ("add of an existing key"). */
const char *kr_reason_text(kr_reason r);

/* How the records of a transaction layout act on a master: built once from both layouts. */
typedef struct kr_txplan kr_txplan;

kr_txplan *kr_txplan_new(const kr_layout *master, const kr_layout *tx, kr_err *err);
void kr_txplan_free(kr_txplan *p);
const kr_keydef *kr_txplan_master_key(const kr_txplan *p);
int kr_txplan_master_type(const kr_txplan *p);

/* One transaction record as read. */
typedef struct kr_txinfo {
    kr_txaction action;
    int type;                       /* record type in the transaction layout, -1 unknown */
    kr_reason reason;               /* set when the record is rejected before matching */
    const char *field;              /* the field at fault, or NULL */
    char detail[320];               /* the reason in full */
    size_t keylen;
    unsigned char key[KR_KEY_MAX];  /* the master key it acts on */
} kr_txinfo;

/* Reads a transaction record: its action and master key. Returns false for a record that is
 * rejected before matching (info->reason says why). Control records (header, trailer, end)
 * return true with action KR_TX_CONTROL. */
bool kr_txplan_read(const kr_txplan *p, const unsigned char *tx, kr_txinfo *info);
/* The key fields of a read transaction as text ("atena_no=123"), for messages. */
void kr_txplan_key_text(const kr_txplan *p, const kr_txinfo *info, const unsigned char *tx, kr_buf *out);

/* Applies one read transaction to the current master record of its key: cur (the master
 * record length) holds it when *exists. On success updates cur and *exists and returns
 * KR_REASON_NONE; otherwise returns the reason (info->field and info->detail filled) and
 * leaves cur and *exists as they were. */
kr_reason kr_txplan_apply(kr_txplan *p, kr_txinfo *info, const unsigned char *tx,
                          unsigned char *cur, bool *exists);

/* ---- counts, listing, rejects --------------------------------------------------------- */

typedef struct kr_ledger_stats {
    uint64_t tx_read;      /* transaction records read, control records included */
    uint64_t tx_control;   /* header, trailer and end records of the transaction file */
    uint64_t added, changed, deleted, rejected;
    uint64_t by_reason[KR_REASON_COUNT];
    uint64_t master_in;    /* data records of the old master / ledger */
    uint64_t master_out;   /* data records of the new master / ledger */
    uint64_t totals_warned; /* control totals that disagreed, accepted under TOTALS=WARN (KRK1750W) */
} kr_ledger_stats;

/* Where the listing goes and how many rejects it lists one by one. */
typedef struct kr_listing {
    FILE *out;
    const char *tx_path;
    uint64_t max_listed;
    uint64_t listed;
} kr_listing;

/* Lists one rejected transaction (up to max_listed). */
void kr_listing_reject(kr_listing *ls, uint64_t recno, const kr_txinfo *info);
/* Prints the counts. */
void kr_listing_counts(kr_listing *ls, const char *program, const kr_ledger_stats *st);

/* The reject file: each rejected transaction record as it was, followed by the reject
 * fields (see kr_reject_layout_text). */
#define KR_REJECT_SUFFIX 80

bool kr_reject_put(kr_writer *w, const kr_layout *tx, const unsigned char *rec, uint64_t recno,
                   const kr_txinfo *info, kr_err *err);
/* The layout of the reject file of a transaction layout, as layout text. */
void kr_reject_layout_text(const kr_layout *tx, kr_buf *out);

/* Counts an applied or rejected transaction, lists a reject, writes the reject record. */
bool kr_ledger_tally(kr_ledger_stats *st, kr_listing *ls, kr_writer *rejects, const kr_layout *tx,
                     const unsigned char *rec, uint64_t recno, kr_txinfo *info, kr_reason r,
                     kr_err *err);

/* ---- the sequential master update ------------------------------------------------------ */

typedef struct kr_update_opts {
    const kr_layout *master;   /* layout of the old and the new master */
    const kr_layout *tx;       /* layout of the transaction file */
    const char *old_path;      /* the old master, sorted by key, unique keys */
    const char *tx_path;       /* transactions, sorted by the master key (stable) */
    const char *new_path;      /* the new master */
    const char *rejects_path;  /* the reject file, or NULL for none */
    kr_listing *listing;
    const volatile sig_atomic_t *cancel; /* set by a signal handler: stop, write nothing */
    bool totals_warn;          /* PARM TOTALS=WARN: a control total of OLD or TRANS that disagrees
                                * is KRK1750W on the listing (rc 4), not KRK1703E (rc 12) */
} kr_update_opts;

/* Runs the update. Returns 0 (all applied), 4 (a control total accepted under TOTALS=WARN),
 * 8 (some rejected), 12 (could not finish) or 16
 * (an input out of sequence, layouts that do not fit); err says what stopped it. On any
 * return code of 12 or more no output is left. */
int kr_ledger_update(const kr_update_opts *o, kr_ledger_stats *st, kr_err *err);

/* ---- comparing two masters (LEDGER DIFF) ----------------------------------------------- */

typedef struct kr_diff_stats {
    uint64_t old_records, new_records;
    uint64_t same, changed, added, removed; /* records by key */
    uint64_t fields;                        /* fields that differ, in the changed records */
} kr_diff_stats;

/* Compares two masters of layout l (each sorted, unique keys, as `update` reads them) by key,
 * field by field, and writes the report (UTF-8 lines, tab-separated): for a key in both
 * whose record differs, one line per field that differs, "KEY\tchange\tFIELD\tOLD\tNEW" in
 * the layout's field order; "KEY\tadd" for a key only in the new master, "KEY\tdelete" for one
 * only in the old. KEY is "name=value[,name=value]"; values as `kiroku view` shows them, a
 * sensitive field's as '*'s. Returns 0, or 12/16 with err (no report left). */
int kr_ledger_diff(const kr_layout *l, const char *old_path, const char *new_path, const char *report_path,
                   kr_diff_stats *st, kr_err *err);

/* ---- the Berkeley DB ledger ----------------------------------------------------------- */

typedef struct kr_ledger kr_ledger;

/* Creates a ledger in directory dir (which must not exist, or be empty) from a master file:
 * its layout text is stored with it. Built under a temporary name and renamed into place.
 * totals_warn NULL: the master's control totals must agree (KRK1703E, rc 12); else (PARM
 * TOTALS=WARN) a disagreement is KRK1750W written there and the load ends rc 4. */
int kr_ledger_load(const char *dir, const char *layout_path, const char *master_path, FILE *totals_warn,
                   kr_ledger_stats *st, kr_err *err);
/* Opens a ledger (running recovery first when a process died in it). */
kr_ledger *kr_ledger_open(const char *dir, kr_err *err);
void kr_ledger_close(kr_ledger *g);
/* Closes g as kr_ledger_close does and tells whether every page, log record and checkpoint
 * reached the files (false with the message on a full disk or a write error). Frees g
 * whatever happens. */
bool kr_ledger_close_checked(kr_ledger *g, kr_err *err);
const kr_layout *kr_ledger_layout(const kr_ledger *g);

typedef struct kr_apply_opts {
    const kr_layout *tx;
    const char *tx_path;        /* any order; several per key apply in input order */
    const char *rejects_path;   /* or NULL */
    kr_listing *listing;
    uint64_t progress;          /* print KRK0846I every `progress` transactions (0: never) */
    const volatile sig_atomic_t *cancel; /* set by a signal handler: stop, apply nothing */
} kr_apply_opts;

/* Applies a transaction file in one Berkeley DB transaction: all of it, or (on an error, or a
 * crash) nothing. Return codes as kr_ledger_update. */
int kr_ledger_apply(kr_ledger *g, const kr_apply_opts *o, kr_ledger_stats *st, kr_err *err);
/* Writes the master file in key order: header, data, trailer with its totals computed. */
int kr_ledger_unload(kr_ledger *g, const char *path, kr_ledger_stats *st, kr_err *err);
/* Calls fn for every record whose key (index NULL) or index key equals key. Returns the
 * number of records found, or -1 on an error. */
long kr_ledger_get(kr_ledger *g, const char *index, const unsigned char *key, size_t keylen,
                   void (*fn)(const unsigned char *rec, void *arg), void *arg, kr_err *err);
/* PURGE's retention rule: the records of every group (same group_field bytes) in which each
 * record's date_field is a date before cutoff (yyyymmdd) are removed; a record whose date is
 * none or open keeps its group. */
typedef struct kr_purge_rule {
    const char *group_field;
    const char *date_field;
    int cutoff;
} kr_purge_rule;

typedef struct kr_purge_stats {
    uint64_t records_in, records_purged, records_out, groups_kept, groups_purged;
} kr_purge_stats;

/* Removes what the rule says in one transaction: each removed record is put to `removed`
 * first; commit(arg) is called before the transaction commits (it makes the removed records
 * durable: PURGE seals them) and its failure rolls everything back. */
int kr_ledger_purge(kr_ledger *g, const kr_purge_rule *r, kr_writer *removed,
                    bool (*commit)(void *arg, kr_err *err), void *arg, kr_purge_stats *st, kr_err *err);
/* Checks the database files (DB->verify), every record against the layout, every key and
 * every index entry. Writes one line per problem. Returns 0 or 8 (or 12/16). */
int kr_ledger_verify(const char *dir, FILE *out, kr_ledger_stats *st, kr_err *err);

#endif
