/* crypto.c: kiroku's only contact with OpenSSL 3: SHA-256, HMAC-SHA-256, HKDF and scrypt
 * through EVP_MD/EVP_MAC/EVP_KDF, AES-256-GCM through EVP_CIPHER, the system's random bytes. */
#include "secure/crypto.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>

bool kr_crypto_fail(kr_err *err, const char *what)
{
    unsigned long e = ERR_get_error();
    char reason[256] = "no reason given";
    if (e)
        ERR_error_string_n(e, reason, sizeof reason);
    ERR_clear_error();
    return kr_fail(err, KR_RC_FAIL, "KRK1515E", "OpenSSL: %s failed: %s", what, reason);
}

struct kr_sha {
    EVP_MD_CTX *ctx;
};

kr_sha *kr_sha_new(kr_err *err)
{
    kr_sha *s = kr_xcalloc(1, sizeof *s);
    s->ctx = EVP_MD_CTX_new();
    if (!s->ctx || !EVP_DigestInit_ex2(s->ctx, EVP_sha256(), NULL)) {
        kr_crypto_fail(err, "SHA-256 init");
        kr_sha_free(s);
        return NULL;
    }
    return s;
}

bool kr_sha_add(kr_sha *s, const void *data, size_t n, kr_err *err)
{
    return EVP_DigestUpdate(s->ctx, data, n) ? true : kr_crypto_fail(err, "SHA-256");
}

bool kr_sha_end(kr_sha *s, unsigned char out[KR_DIGEST_BYTES], kr_err *err)
{
    unsigned int len = 0;
    return EVP_DigestFinal_ex(s->ctx, out, &len) && len == KR_DIGEST_BYTES ? true
                                                                            : kr_crypto_fail(err, "SHA-256 final");
}

void kr_sha_free(kr_sha *s)
{
    if (!s)
        return;
    EVP_MD_CTX_free(s->ctx);
    free(s);
}

bool kr_sha256(const void *data, size_t n, unsigned char out[KR_DIGEST_BYTES], kr_err *err)
{
    unsigned int len = 0;
    return EVP_Digest(data, n, out, &len, EVP_sha256(), NULL) ? true : kr_crypto_fail(err, "SHA-256");
}

bool kr_hmac_sha256(const unsigned char key[KR_KEY_BYTES], const void *data, size_t n,
                    unsigned char out[KR_DIGEST_BYTES], kr_err *err)
{
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    EVP_MAC_CTX *ctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0),
                           OSSL_PARAM_construct_end()};
    size_t len = 0;
    bool ok = ctx && EVP_MAC_init(ctx, key, KR_KEY_BYTES, params) && EVP_MAC_update(ctx, data, n) &&
              EVP_MAC_final(ctx, out, &len, KR_DIGEST_BYTES) && len == KR_DIGEST_BYTES;
    EVP_MAC_CTX_free(ctx);
    EVP_MAC_free(mac);
    return ok ? true : kr_crypto_fail(err, "HMAC-SHA-256");
}

static bool kdf_derive(const char *name, OSSL_PARAM *params, unsigned char *out, size_t n, kr_err *err)
{
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, name, NULL);
    EVP_KDF_CTX *ctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
    bool ok = ctx && EVP_KDF_derive(ctx, out, n, params) > 0;
    EVP_KDF_CTX_free(ctx);
    EVP_KDF_free(kdf);
    return ok ? true : kr_crypto_fail(err, name);
}

bool kr_hkdf(const unsigned char *ikm, size_t ikm_len, const unsigned char *salt, size_t salt_len,
             const char *info, unsigned char out[KR_KEY_BYTES], kr_err *err)
{
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)"SHA256", 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, (void *)ikm, ikm_len),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)salt, salt_len),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, (void *)info, strlen(info)),
        OSSL_PARAM_construct_end()};
    return kdf_derive("HKDF", params, out, KR_KEY_BYTES, err);
}

bool kr_scrypt(const char *pass, const unsigned char *salt, size_t salt_len, int log2n, int r, int p,
               unsigned char out[KR_KEY_BYTES], kr_err *err)
{
    uint64_t n = (uint64_t)1 << log2n;
    uint32_t rr = (uint32_t)r, pp = (uint32_t)p;
    uint64_t maxmem = 128 * n * rr * 2 + (1u << 20);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, (void *)pass, strlen(pass)),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)salt, salt_len),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &rr),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &pp),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem),
        OSSL_PARAM_construct_end()};
    return kdf_derive("SCRYPT", params, out, KR_KEY_BYTES, err);
}

struct kr_gcm {
    EVP_CIPHER_CTX *ctx;
    EVP_CIPHER *cipher;
    bool encrypt;
};

kr_gcm *kr_gcm_new(const unsigned char key[KR_KEY_BYTES], bool encrypt, kr_err *err)
{
    kr_gcm *g = kr_xcalloc(1, sizeof *g);
    g->encrypt = encrypt;
    g->cipher = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL);
    g->ctx = EVP_CIPHER_CTX_new();
    bool ok = g->cipher && g->ctx &&
              (encrypt ? EVP_EncryptInit_ex2(g->ctx, g->cipher, key, NULL, NULL)
                       : EVP_DecryptInit_ex2(g->ctx, g->cipher, key, NULL, NULL));
    if (!ok) {
        kr_crypto_fail(err, "AES-256-GCM init");
        kr_gcm_free(g);
        return NULL;
    }
    return g;
}

bool kr_gcm_seal(kr_gcm *g, const unsigned char nonce[12], const unsigned char *in, size_t n,
                 unsigned char *out, unsigned char tag[KR_SEAL_TAG_BYTES], kr_err *err)
{
    int len = 0, fin = 0;
    if (n > INT32_MAX)
        return kr_fail(err, KR_RC_FAIL, "KRK1515E", "AES-256-GCM: a chunk of %zu bytes is too long", n);
    bool ok = EVP_EncryptInit_ex2(g->ctx, NULL, NULL, nonce, NULL) &&
              (n == 0 || EVP_EncryptUpdate(g->ctx, out, &len, in, (int)n)) &&
              EVP_EncryptFinal_ex(g->ctx, out + len, &fin) &&
              EVP_CIPHER_CTX_ctrl(g->ctx, EVP_CTRL_AEAD_GET_TAG, KR_SEAL_TAG_BYTES, tag);
    return ok ? true : kr_crypto_fail(err, "AES-256-GCM encrypt");
}

int kr_gcm_open(kr_gcm *g, const unsigned char nonce[12], const unsigned char *in, size_t n,
                unsigned char *out, const unsigned char tag[KR_SEAL_TAG_BYTES], kr_err *err)
{
    int len = 0, fin = 0;
    if (n > INT32_MAX) {
        kr_fail(err, KR_RC_FAIL, "KRK1515E", "AES-256-GCM: a chunk of %zu bytes is too long", n);
        return -1;
    }
    if (!EVP_DecryptInit_ex2(g->ctx, NULL, NULL, nonce, NULL) ||
        (n && !EVP_DecryptUpdate(g->ctx, out, &len, in, (int)n)) ||
        !EVP_CIPHER_CTX_ctrl(g->ctx, EVP_CTRL_AEAD_SET_TAG, KR_SEAL_TAG_BYTES, (void *)tag)) {
        kr_crypto_fail(err, "AES-256-GCM decrypt");
        return -1;
    }
    int ok = EVP_DecryptFinal_ex(g->ctx, out + len, &fin);
    ERR_clear_error();
    return ok > 0 ? 1 : 0;
}

void kr_gcm_free(kr_gcm *g)
{
    if (!g)
        return;
    EVP_CIPHER_CTX_free(g->ctx);
    EVP_CIPHER_free(g->cipher);
    free(g);
}

bool kr_random(unsigned char *out, size_t n, kr_err *err)
{
    return RAND_bytes(out, (int)n) == 1 ? true : kr_crypto_fail(err, "random bytes");
}

bool kr_same_bytes(const void *a, const void *b, size_t n)
{
    return CRYPTO_memcmp(a, b, n) == 0;
}

void kr_wipe(void *p, size_t n)
{
    OPENSSL_cleanse(p, n);
}

void kr_hex(const unsigned char *bytes, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
    out[2 * n] = '\0';
}

bool kr_unhex(const char *s, unsigned char *out, size_t n)
{
    if (strlen(s) != 2 * n)
        return false;
    for (size_t i = 0; i < n; i++) {
        int hi = kr_hex_digit((unsigned char)s[2 * i]), lo = kr_hex_digit((unsigned char)s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[i] = (unsigned char)(hi << 4 | lo);
    }
    return true;
}
