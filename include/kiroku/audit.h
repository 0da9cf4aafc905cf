/* audit.h: the audit log: append-only segments of one-line entries, each chained to the one
 * before by HMAC-SHA-256 under a key that evolves after every entry (forward secure: a key
 * taken today cannot rewrite yesterday), fsynced per entry, whole or absent after a crash.
 * The head (SEQ:TAG) is anchored outside the log (hand-over slips, job ends) so that a cut
 * tail is found. There is no delete. Formats and the auditor's commands: docs/PROTECTION.md. */
#ifndef KIROKU_AUDIT_H
#define KIROKU_AUDIT_H

#include "kiroku/core.h"

#define KR_AUDIT_HEAD_MAX 96

typedef struct kr_audit kr_audit;

/* One name=value of an entry. Never give a sensitive field's value (個人番号). */
typedef struct kr_audit_field {
    const char *name;   /* [a-z0-9_-]+ */
    const char *value;  /* any UTF-8; tabs, line breaks and backslashes are escaped */
} kr_audit_field;

/* The log's directory: $KIROKU_AUDIT, else /var/lib/kiroku/audit when it exists, else NULL
 * (no log configured). */
const char *kr_audit_default_dir(void);

/* Creates a log in dir (created, mode 0700; refused when it already holds one) and writes
 * its first key, the verification key, to verify_key (mode 0600, never over a file): keep
 * that file away from the machine; the auditor needs it to verify. */
bool kr_audit_init(const char *dir, const char *verify_key, kr_err *err);

/* Opens the log for appending. job names the job (or NULL: $KIROKU_JOB, else "-"). */
kr_audit *kr_audit_open(const char *dir, const char *job, kr_err *err);
/* Rotation: a segment is closed and the next one begun (the chain goes on) once it holds
 * this many bytes (default 64 MiB). */
void kr_audit_set_segment_bytes(kr_audit *log, uint64_t bytes);
/* Appends one entry (event: job-start, job-end, step-start, step-end, seal, unseal, reveal,
 * denied, failed, purge, extract, ...) with the OS user, the time, the job and fields; it is
 * on disk (fdatasync) when this returns true. */
bool kr_audit_append(kr_audit *log, const char *event, const kr_audit_field *fields, size_t n, kr_err *err);
/* The chain's head "SEQ:TAGHEX" after the last entry, to anchor it elsewhere. */
void kr_audit_head(const kr_audit *log, char out[KR_AUDIT_HEAD_MAX]);
void kr_audit_close(kr_audit *log);

typedef struct kr_audit_verify_opts {
    const char *dir;
    const char *verify_key;  /* the file kr_audit_init wrote */
    const char *anchor;      /* "SEQ:TAGHEX" known from outside the log, or NULL */
} kr_audit_verify_opts;

/* Verifies the whole chain; names the first broken entry (KRK1541E, rc 12) or lists how far
 * the log is proven (KRK1540I). */
int kr_audit_verify(const kr_audit_verify_opts *o, FILE *listing, kr_err *err);

typedef struct kr_audit_filter {
    const char *dir;
    const char *from, *to;  /* dates YYYY-MM-DD (inclusive), or NULL */
    const char *user, *job, *event;
} kr_audit_filter;

/* Prints the entries that pass the filter, one a line (no verification: run verify). */
int kr_audit_show(const kr_audit_filter *f, FILE *out, kr_err *err);

/* ---- guards: what every protected program does around its work ------------------------ */

/* The configured audit log (kr_audit_default_dir), or NULL when none is (*rc 0) or it cannot
 * be opened (the message printed to msg, *rc set). */
kr_audit *kr_guard_audit_open(FILE *msg, int *rc);
/* Appends an entry when log is not NULL; returns rc, raised when the append fails. */
int kr_guard_note(kr_audit *log, FILE *msg, const char *event, const kr_audit_field *fields, size_t n, int rc);
/* True when the roles file grants perm; else prints the denial to msg, audits it, sets *rc. */
bool kr_guard_permitted(kr_audit *log, FILE *msg, const char *program, const char *perm, int *rc);

/* A protected action without a key (run, catalog, extract): perm checked against the roles
 * file; a denial printed to msg and audited (`denied`, in the configured log, as job: NULL
 * for $KIROKU_JOB). False when denied, or when a configured log cannot be opened (*rc). */
bool kr_guard_allowed(const char *job, const char *program, const char *perm, FILE *msg, int *rc);

/* Sensitive fields shown (reveal) or, when extract, written to a file (reveal and extract):
 * an audit log must be configured (else KRK1552E), the permissions are checked (denials
 * printed and audited), then what (its first field the program: {"program", "VIEW"}) is
 * audited as `reveal` or `extract` before anything is shown. 0 when allowed, else the rc. */
int kr_guard_reveal(bool extract, const kr_audit_field *what, size_t n, FILE *msg);

/* The start of a protected program that uses a key: the key chosen (peek: a sealed file whose
 * header names the key id), the audit log opened, the permission perm (when not NULL) and
 * VERB:KEYID checked. On false everything is released, the message printed and audited, *rc
 * set; on true the caller ends with kr_guard_end. */
struct kr_key_choice;
struct kr_seal_key;
bool kr_guard_begin(const struct kr_key_choice *kc, const char *peek, const char *program, const char *perm,
                    const char *verb, FILE *msg, struct kr_seal_key *key, kr_audit **log, int *rc);
void kr_guard_end(kr_audit *log, struct kr_seal_key *key);

#endif
