/* secure.h: sealed exchange files (KRS1: chunked AES-256-GCM with an authenticated header),
 * their hand-over slips (受渡票), keys and key rings, digests and the roles file. Only
 * src/secure includes OpenSSL; everything here is plain C. Formats: docs/PROTECTION.md. */
#ifndef KIROKU_SECURE_H
#define KIROKU_SECURE_H

#include "kiroku/core.h"

#define KR_KEY_BYTES 32
#define KR_DIGEST_BYTES 32
#define KR_KEY_ID_MAX 48
#define KR_SEAL_HEADER_BYTES 256
#define KR_SEAL_TAG_BYTES 16
#define KR_SEAL_CHUNK_DEFAULT 65536u

/* ---- digests and small crypto helpers --------------------------------------------------- */

/* SHA-256 of a buffer. */
bool kr_sha256(const void *data, size_t n, unsigned char out[KR_DIGEST_BYTES], kr_err *err);
/* HMAC-SHA-256 of a buffer. */
bool kr_hmac_sha256(const unsigned char key[KR_KEY_BYTES], const void *data, size_t n,
                    unsigned char out[KR_DIGEST_BYTES], kr_err *err);
/* Lower-case hex of n bytes into out (2n+1 bytes). */
void kr_hex(const unsigned char *bytes, size_t n, char *out);
/* Parses exactly n bytes of hex; false when s is not that. */
bool kr_unhex(const char *s, unsigned char *out, size_t n);
/* Equal in constant time. */
bool kr_same_bytes(const void *a, const void *b, size_t n);
/* Fills out with random bytes from the system's generator. */
bool kr_random(unsigned char *out, size_t n, kr_err *err);
/* Forgets a secret (not optimised away). */
void kr_wipe(void *p, size_t n);

/* ---- keys -------------------------------------------------------------------------------- */

/* A 256-bit key and its id (letters, digits, '.', '_', '-'; 1 to 48 bytes). */
typedef struct kr_seal_key {
    char id[KR_KEY_ID_MAX + 1];
    unsigned char bytes[KR_KEY_BYTES];
    /* 0: a key file; 1: a passphrase through scrypt (the costs travel in the sealed header). */
    int kdf;
    char *passphrase;
} kr_seal_key;

/* Is id a valid key id? */
bool kr_key_id_valid(const char *id);
/* Reads a key file: one line "kiroku-key-v1 ID HEX64". Refused (KRK1501E) when the group or
 * others may read or write it, or when it is not a regular file. */
bool kr_key_read(const char *path, kr_seal_key *key, kr_err *err);
/* Finds key ID in a key ring directory (DIR/ID.key). */
bool kr_key_find(const char *ring, const char *id, kr_seal_key *key, kr_err *err);
/* Writes a new random key to path (mode 0600, never over an existing file). */
bool kr_key_create(const char *path, const char *id, kr_err *err);
/* A passphrase key: the passphrase is read from a file with the same permission rule as key
 * files (its first line); the key itself is derived per sealed file from its salt. */
bool kr_key_passphrase(const char *path, const char *id, kr_seal_key *key, kr_err *err);
void kr_key_forget(kr_seal_key *key);

/* scrypt costs for passphrases (log2 N, r, p): N = 2^15, r = 8, p = 1 (32 MiB, ~0.1 s). */
enum { KR_SCRYPT_LOG2N = 15, KR_SCRYPT_R = 8, KR_SCRYPT_P = 1, KR_SCRYPT_LOG2N_MAX = 20 };

/* ---- sealed files ---------------------------------------------------------------------- */

/* What a sealed file's header says (after its MAC was checked). */
typedef struct kr_seal_info {
    int version, kdf, scrypt_log2n, scrypt_r, scrypt_p;
    uint32_t chunk_size;
    char key_id[KR_KEY_ID_MAX + 1];
    char layout[KR_KEY_ID_MAX + 1];
    uint64_t plain_bytes;
    uint64_t records;
    uint64_t chunks;
    unsigned char sha256[KR_DIGEST_BYTES];   /* of the plaintext */
    unsigned char header_mac[KR_DIGEST_BYTES];
} kr_seal_info;

/* The hand-over slip's own fields (what SEAL writes beside the sealed file). */
typedef struct kr_slip_fields {
    const char *dataset;   /* data set name, e.g. KOKUHO.SHIKAKU */
    const char *sender;
    const char *receiver;
    const char *audit_head; /* "SEQ:TAGHEX" of the audit chain, or NULL */
} kr_slip_fields;

typedef struct kr_seal_opts {
    const char *input;      /* plaintext ("-" is refused: the size must be known) */
    const char *output;     /* sealed file; its slip is OUTPUT.slip */
    const kr_seal_key *key;
    const char *layout;     /* layout name (recorded) or NULL */
    size_t record_bytes;    /* record length with terminator when a layout is given, else 0 */
    uint32_t chunk_size;    /* 0: KR_SEAL_CHUNK_DEFAULT */
    kr_slip_fields slip;
} kr_seal_opts;

/* SEAL: encrypts input into output (atomic) and writes output.slip; lists one line. */
int kr_seal(const kr_seal_opts *o, FILE *listing, kr_seal_info *info, kr_err *err);

typedef struct kr_unseal_opts {
    const char *input;      /* sealed file */
    const char *slip;       /* its slip (NULL: INPUT.slip) */
    const char *output;     /* plaintext; NULL: verify only, nothing written */
    const kr_seal_key *key;      /* the key (for a key ring, found by kr_seal_peek's key id) */
} kr_unseal_opts;

/* UNSEAL (or verify when o->output is NULL): checks the header, every chunk, the digest,
 * the record count and the slip; the output gets its name only after all that passed. */
int kr_unseal(const kr_unseal_opts *o, FILE *listing, kr_seal_info *info, kr_err *err);

/* Reads the key id of a sealed file's header (not yet authenticated) to choose a key. */
bool kr_seal_peek_key_id(const char *path, char id[KR_KEY_ID_MAX + 1], kr_err *err);

/* How a key is named: a key file, or a key ring (default $KIROKU_KEYS) and a key id, or a
 * passphrase file and a key id. When unsealing, the sealed file's header names the key id. */
typedef struct kr_key_choice {
    const char *key_file, *ring, *key_id, *pass_file;
} kr_key_choice;

bool kr_key_choose(const kr_key_choice *c, const char *peek_sealed, kr_seal_key *key, kr_err *err);

/* SEAL and UNSEAL (verify when o->output is NULL) as programs run them: the key chosen, the
 * permission seal:KEYID / unseal:KEYID checked, the run and its outcome audited (the slip
 * carries the audit head); messages to msg. o->key is set here. Returns the return code. */
int kr_seal_guarded(const kr_key_choice *kc, kr_seal_opts *o, FILE *listing, FILE *msg);
int kr_unseal_guarded(const kr_key_choice *kc, kr_unseal_opts *o, FILE *listing, FILE *msg);

/* PURGE: the retention rule (rule_text: `RETAIN GROUP=field,DATE=field,YEARS=n`) applied to
 * the ledger in ledger_dir on run_date (yyyymmdd, required: never today by default); the
 * removed records are sealed into `sealed` (with its slip) before the ledger commits. Needs
 * the permissions purge and seal:KEYID; audited. */
typedef struct kr_purge_opts {
    const char *ledger_dir;
    const char *rule_text;
    const char *rule_name;      /* how messages name the rule (a file, "--rule") */
    int run_date;
    const char *sealed;
    const kr_key_choice *key;
    kr_slip_fields slip;
} kr_purge_opts;

int kr_purge_guarded(const kr_purge_opts *o, FILE *listing, FILE *msg);

/* ---- roles -------------------------------------------------------------------------- */

/* The roles file: default /etc/kiroku/roles; $KIROKU_ROLES may name another, which must
 * pass the same ownership rule (root-owned, writable by nobody else, in a directory only
 * root can change). Permissions: run, reveal, extract, seal:KEYID, unseal:KEYID, catalog,
 * purge. Returns true when the running user holds perm; false with KRK1550E (denied) or
 * KRK1551E (roles file refused). */
bool kr_role_allows(const char *perm, kr_err *err);
/* The running user's name (for messages and the audit log). */
void kr_user_name(char *out, size_t n);

#endif
