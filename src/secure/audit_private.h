/* audit_private.h: the audit entry's line format, key evolution and segment names, shared by
 * the writer (audit.c) and the reader (audit_read.c) (private to src/secure). */
#ifndef KIROKU_SECURE_AUDIT_PRIVATE_H
#define KIROKU_SECURE_AUDIT_PRIVATE_H

#include "kiroku/audit.h"
#include "kiroku/secure.h"

/* Columns of an entry: SEQ TIME EVENT USER JOB PREV name=value... TAG, tab-separated. */
enum { COL_SEQ, COL_TIME, COL_EVENT, COL_USER, COL_JOB, COL_PREV, COL_FIELDS };
#define AUDIT_MAX_COLS 64

typedef struct audit_entry {
    uint64_t seq;
    char *cols[AUDIT_MAX_COLS];   /* point into a copy of the line (escaped text) */
    size_t ncols;
    unsigned char prev[KR_DIGEST_BYTES], tag[KR_DIGEST_BYTES];
    size_t signed_len;            /* bytes covered by the tag: up to the tab before it */
    char *copy;
} audit_entry;

/* Splits one line (without its LF); false when it is not an entry's shape. */
bool audit_entry_parse(const char *line, size_t len, audit_entry *e);
void audit_entry_free(audit_entry *e);
/* The key of the next entry: K' = HMAC-SHA-256(K, "kiroku audit evolve"); K is overwritten. */
bool audit_key_evolve(unsigned char key[KR_KEY_BYTES], kr_err *err);
/* DIR/segment-NNNNNNNN.log (caller frees). */
char *audit_segment_path(const char *dir, uint64_t n);
/* Appends value escaped (\\, \t, \n, \r and other control bytes as \xHH). */
void audit_escape(kr_buf *b, const char *value);
/* Reads a verification key file ("kiroku-audit-key-v1 HEX"), with the key files' mode rule. */
bool audit_read_key(const char *path, unsigned char key[KR_KEY_BYTES], kr_err *err);

#endif
