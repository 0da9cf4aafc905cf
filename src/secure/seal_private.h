/* seal_private.h: the KRS1 header, the keys derived per sealed file and the slip, shared by
 * seal.c, header.c and slip.c (private to src/secure). */
#ifndef KIROKU_SECURE_SEAL_PRIVATE_H
#define KIROKU_SECURE_SEAL_PRIVATE_H

#include "kiroku/secure.h"

#define KRS1_SALT_BYTES 32

/* The three keys of one sealed file, derived from the key (or passphrase) and its salt. */
typedef struct seal_keys {
    unsigned char header[KR_KEY_BYTES];
    unsigned char payload[KR_KEY_BYTES];
    unsigned char slip[KR_KEY_BYTES];
} seal_keys;

typedef struct seal_header {
    kr_seal_info info;
    uint32_t record_bytes;
    unsigned char salt[KRS1_SALT_BYTES];
} seal_header;

/* Encodes h into 256 bytes; the MAC (last 32 bytes) is computed with k->header. */
bool seal_header_encode(seal_header *h, const seal_keys *k, unsigned char out[KR_SEAL_HEADER_BYTES], kr_err *err);
/* Decodes the fields (no MAC check); false with KRK1504E when it is not a KRS1 header. */
bool seal_header_decode(const unsigned char in[KR_SEAL_HEADER_BYTES], const char *path, seal_header *h,
                        kr_err *err);
/* Checks the header's MAC (KRK1505E). */
bool seal_header_check(const unsigned char in[KR_SEAL_HEADER_BYTES], const char *path, const seal_keys *k,
                       kr_err *err);
/* Derives the keys for this header's salt (scrypt first for a passphrase). */
bool seal_keys_derive(const kr_seal_key *key, const seal_header *h, seal_keys *k, kr_err *err);
/* The nonce of chunk i: 11-byte big-endian counter, then 1 for the last chunk, else 0. */
void seal_nonce(uint64_t i, bool last, unsigned char nonce[12]);

/* The slip's text for a sealed file named file (its base name). */
char *slip_text(const kr_seal_info *info, const char *file, const kr_slip_fields *f, const seal_keys *k,
                kr_err *err);
/* Checks a slip against the sealed file it belongs to. */
bool slip_check(const char *slip_path, const kr_seal_info *info, const char *file, const seal_keys *k,
                kr_err *err);

#endif
