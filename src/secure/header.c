/* header.c: the 256-byte KRS1 header (layout in docs/PROTECTION.md), its MAC, the keys
 * derived per file, the chunk nonces. */
#include "secure/seal_private.h"
#include "secure/crypto.h"

#include <string.h>

static const char MAGIC[4] = {'K', 'R', 'S', '1'};
enum {
    OFF_VERSION = 4, OFF_ALG = 5, OFF_KDF = 6, OFF_LOG2N = 7, OFF_R = 8, OFF_P = 9,
    OFF_CHUNK = 12, OFF_SALT = 16, OFF_KEYID = 48, OFF_LAYOUT = 97, OFF_RECBYTES = 146,
    OFF_PLAIN = 150, OFF_RECORDS = 158, OFF_SHA = 192, OFF_MAC = 224
};

static void put_be(unsigned char *p, uint64_t v, int n)
{
    for (int i = n - 1; i >= 0; i--, v >>= 8)
        p[i] = (unsigned char)v;
}

static uint64_t get_be(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

static void put_name(unsigned char *p, const char *s)
{
    size_t n = strlen(s);
    p[0] = (unsigned char)n;
    memcpy(p + 1, s, n);
}

static bool get_name(const unsigned char *p, char *out)
{
    size_t n = p[0];
    if (n > KR_KEY_ID_MAX)
        return false;
    memcpy(out, p + 1, n);
    out[n] = '\0';
    for (size_t i = n + 1; i <= KR_KEY_ID_MAX; i++)
        if (p[i])
            return false;
    return strlen(out) == n;
}

bool seal_header_encode(seal_header *h, const seal_keys *k, unsigned char out[KR_SEAL_HEADER_BYTES], kr_err *err)
{
    const kr_seal_info *in = &h->info;
    memset(out, 0, KR_SEAL_HEADER_BYTES);
    memcpy(out, MAGIC, 4);
    out[OFF_VERSION] = 1;
    out[OFF_ALG] = 1;
    out[OFF_KDF] = (unsigned char)in->kdf;
    out[OFF_LOG2N] = (unsigned char)in->scrypt_log2n;
    out[OFF_R] = (unsigned char)in->scrypt_r;
    out[OFF_P] = (unsigned char)in->scrypt_p;
    put_be(out + OFF_CHUNK, in->chunk_size, 4);
    memcpy(out + OFF_SALT, h->salt, KRS1_SALT_BYTES);
    put_name(out + OFF_KEYID, in->key_id);
    put_name(out + OFF_LAYOUT, in->layout);
    put_be(out + OFF_RECBYTES, h->record_bytes, 4);
    put_be(out + OFF_PLAIN, in->plain_bytes, 8);
    put_be(out + OFF_RECORDS, in->records, 8);
    memcpy(out + OFF_SHA, in->sha256, KR_DIGEST_BYTES);
    if (!kr_hmac_sha256(k->header, out, OFF_MAC, out + OFF_MAC, err))
        return false;
    memcpy(h->info.header_mac, out + OFF_MAC, KR_DIGEST_BYTES);
    return true;
}

bool seal_header_decode(const unsigned char in[KR_SEAL_HEADER_BYTES], const char *path, seal_header *h,
                        kr_err *err)
{
    memset(h, 0, sizeof *h);
    if (memcmp(in, MAGIC, 4) != 0)
        return kr_fail(err, KR_RC_FAIL, "KRK1504E", "%s: not a sealed file (no KRS1 header at offset 0)", path);
    if (in[OFF_VERSION] != 1 || in[OFF_ALG] != 1)
        return kr_fail(err, KR_RC_FAIL, "KRK1504E",
                       "%s: sealed with format version %d, algorithm %d; this kiroku reads version 1, "
                       "algorithm 1 (AES-256-GCM)",
                       path, in[OFF_VERSION], in[OFF_ALG]);
    kr_seal_info *o = &h->info;
    o->version = 1;
    o->kdf = in[OFF_KDF];
    o->scrypt_log2n = in[OFF_LOG2N];
    o->scrypt_r = in[OFF_R];
    o->scrypt_p = in[OFF_P];
    o->chunk_size = (uint32_t)get_be(in + OFF_CHUNK, 4);
    memcpy(h->salt, in + OFF_SALT, KRS1_SALT_BYTES);
    h->record_bytes = (uint32_t)get_be(in + OFF_RECBYTES, 4);
    o->plain_bytes = get_be(in + OFF_PLAIN, 8);
    o->records = get_be(in + OFF_RECORDS, 8);
    memcpy(o->sha256, in + OFF_SHA, KR_DIGEST_BYTES);
    memcpy(o->header_mac, in + OFF_MAC, KR_DIGEST_BYTES);
    bool ok = o->kdf <= 1 && get_name(in + OFF_KEYID, o->key_id) && get_name(in + OFF_LAYOUT, o->layout) &&
              o->chunk_size >= 16 && o->chunk_size <= (64u << 20) && in[10] == 0 && in[11] == 0;
    for (int i = OFF_RECORDS + 8; ok && i < OFF_SHA; i++)
        ok = in[i] == 0;
    if (o->kdf == 1)
        ok = ok && o->scrypt_log2n >= 10 && o->scrypt_log2n <= KR_SCRYPT_LOG2N_MAX && o->scrypt_r >= 1 &&
             o->scrypt_r <= 32 && o->scrypt_p >= 1 && o->scrypt_p <= 16;
    if (!ok)
        return kr_fail(err, KR_RC_FAIL, "KRK1504E",
                       "%s: the KRS1 header is malformed (a field out of range); the file was changed or "
                       "is not a kiroku sealed file",
                       path);
    o->chunks = o->plain_bytes == 0 ? 1 : (o->plain_bytes + o->chunk_size - 1) / o->chunk_size;
    return true;
}

bool seal_header_check(const unsigned char in[KR_SEAL_HEADER_BYTES], const char *path, const seal_keys *k,
                       kr_err *err)
{
    unsigned char mac[KR_DIGEST_BYTES];
    if (!kr_hmac_sha256(k->header, in, OFF_MAC, mac, err))
        return false;
    if (!kr_same_bytes(mac, in + OFF_MAC, KR_DIGEST_BYTES))
        return kr_fail(err, KR_RC_FAIL, "KRK1505E",
                       "%s: the header does not authenticate (bytes 0-255): the key is wrong, or the header "
                       "was changed or taken from another file; nothing was decrypted",
                       path);
    return true;
}

bool seal_keys_derive(const kr_seal_key *key, const seal_header *h, seal_keys *k, kr_err *err)
{
    unsigned char base[KR_KEY_BYTES];
    if (h->info.kdf != key->kdf)
        return kr_fail(err, KR_RC_FAIL, "KRK1506E",
                       "the sealed file wants a %s, and a %s was given",
                       h->info.kdf ? "passphrase" : "key file", key->kdf ? "passphrase" : "key file");
    if (key->kdf == 1) {
        static const char label[] = "kiroku seal v1 scrypt";
        unsigned char salt[sizeof label - 1 + KRS1_SALT_BYTES];
        memcpy(salt, label, sizeof label - 1);
        memcpy(salt + sizeof label - 1, h->salt, KRS1_SALT_BYTES);
        if (!kr_scrypt(key->passphrase, salt, sizeof salt, h->info.scrypt_log2n, h->info.scrypt_r,
                       h->info.scrypt_p, base, err))
            return false;
    } else {
        memcpy(base, key->bytes, KR_KEY_BYTES);
    }
    bool ok = kr_hkdf(base, KR_KEY_BYTES, h->salt, KRS1_SALT_BYTES, "kiroku seal v1 header", k->header, err) &&
              kr_hkdf(base, KR_KEY_BYTES, h->salt, KRS1_SALT_BYTES, "kiroku seal v1 payload", k->payload, err) &&
              kr_hkdf(base, KR_KEY_BYTES, h->salt, KRS1_SALT_BYTES, "kiroku seal v1 slip", k->slip, err);
    kr_wipe(base, sizeof base);
    return ok;
}

void seal_nonce(uint64_t i, bool last, unsigned char nonce[12])
{
    memset(nonce, 0, 12);
    put_be(nonce + 3, i, 8);
    nonce[11] = last ? 1 : 0;
}
