/* crypto.h: the OpenSSL 3 EVP calls kiroku makes, behind small functions (private to
 * src/secure): SHA-256 streams, HMAC, HKDF, scrypt, AES-256-GCM per chunk. */
#ifndef KIROKU_SECURE_CRYPTO_H
#define KIROKU_SECURE_CRYPTO_H

#include "kiroku/secure.h"

/* A SHA-256 stream. */
typedef struct kr_sha kr_sha;
kr_sha *kr_sha_new(kr_err *err);
bool kr_sha_add(kr_sha *s, const void *data, size_t n, kr_err *err);
bool kr_sha_end(kr_sha *s, unsigned char out[KR_DIGEST_BYTES], kr_err *err);
void kr_sha_free(kr_sha *s);

/* HKDF-SHA-256 (RFC 5869): 32 bytes from ikm, salt and the label info (a C string). */
bool kr_hkdf(const unsigned char *ikm, size_t ikm_len, const unsigned char *salt, size_t salt_len,
             const char *info, unsigned char out[KR_KEY_BYTES], kr_err *err);
/* scrypt (RFC 7914) with N = 2^log2n. */
bool kr_scrypt(const char *pass, const unsigned char *salt, size_t salt_len, int log2n, int r, int p,
               unsigned char out[KR_KEY_BYTES], kr_err *err);

/* AES-256-GCM with one key and a fresh 12-byte nonce per chunk. */
typedef struct kr_gcm kr_gcm;
kr_gcm *kr_gcm_new(const unsigned char key[KR_KEY_BYTES], bool encrypt, kr_err *err);
/* Encrypts n bytes (out may equal in) and writes the 16-byte tag. */
bool kr_gcm_seal(kr_gcm *g, const unsigned char nonce[12], const unsigned char *in, size_t n,
                 unsigned char *out, unsigned char tag[KR_SEAL_TAG_BYTES], kr_err *err);
/* Decrypts n bytes; returns 1 when the tag is right, 0 when it is not, -1 on a library error. */
int kr_gcm_open(kr_gcm *g, const unsigned char nonce[12], const unsigned char *in, size_t n,
                unsigned char *out, const unsigned char tag[KR_SEAL_TAG_BYTES], kr_err *err);
void kr_gcm_free(kr_gcm *g);

/* Reads the first line of a secret file (key, passphrase), refused (KRK1501E) when the group
 * or others may read or write it. what names it in messages. */
bool kr_secret_read(const char *path, const char *what, char *line, size_t cap, kr_err *err);

/* A library failure as KRK1515E with OpenSSL's reason. */
bool kr_crypto_fail(kr_err *err, const char *what);

#endif
