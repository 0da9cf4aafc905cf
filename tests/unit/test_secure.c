/* test_secure.c: the crypto under SEAL against published vectors (AES-GCM test cases 13 and
 * 14 of McGrew-Viega, HKDF RFC 5869 A.1, scrypt RFC 7914 §12), the KRS1 header's encoding,
 * the chunk nonces, key ids, key files' permission rule and the audit value escaping. */
#include "unit.h"

#include "kiroku/secure.h"
#include "secure/audit_private.h"
#include "secure/crypto.h"
#include "secure/seal_private.h"

#include <sys/stat.h>
#include <unistd.h>

static void hex_is(const unsigned char *bytes, size_t n, const char *want)
{
    char got[256];
    kr_hex(bytes, n, got);
    assert_string_equal(got, want);
}

static void test_gcm_vectors(void **state)
{
    (void)state;
    kr_err err;
    unsigned char key[32] = {0}, nonce[12] = {0}, plain[16] = {0}, out[16], tag[16], back[16];
    kr_gcm *g = kr_gcm_new(key, true, &err);
    assert_non_null(g);
    assert_true(kr_gcm_seal(g, nonce, plain, 16, out, tag, &err));
    hex_is(out, 16, "cea7403d4d606b6e074ec5d3baf39d18");
    hex_is(tag, 16, "d0d1c8a799996bf0265b98b5d48ab919");
    assert_true(kr_gcm_seal(g, nonce, plain, 0, out, tag, &err));
    hex_is(tag, 16, "530f8afbc74536b9a963b4f1c4cb738b");
    kr_gcm_free(g);
    kr_gcm *d = kr_gcm_new(key, false, &err);
    unsigned char c14[16], t14[16];
    assert_true(kr_unhex("cea7403d4d606b6e074ec5d3baf39d18", c14, 16));
    assert_true(kr_unhex("d0d1c8a799996bf0265b98b5d48ab919", t14, 16));
    assert_int_equal(kr_gcm_open(d, nonce, c14, 16, back, t14, &err), 1);
    assert_memory_equal(back, plain, 16);
    t14[15] ^= 1;
    assert_int_equal(kr_gcm_open(d, nonce, c14, 16, back, t14, &err), 0);
    t14[15] ^= 1;
    nonce[11] = 1; /* the same chunk read as the last one */
    assert_int_equal(kr_gcm_open(d, nonce, c14, 16, back, t14, &err), 0);
    kr_gcm_free(d);
}

static void test_hkdf_scrypt_vectors(void **state)
{
    (void)state;
    kr_err err;
    unsigned char ikm[22], salt[13], out[32];
    memset(ikm, 0x0b, sizeof ikm);
    for (int i = 0; i < 13; i++)
        salt[i] = (unsigned char)i;
    const char info[] = "\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9";
    assert_true(kr_hkdf(ikm, sizeof ikm, salt, sizeof salt, info, out, &err));
    hex_is(out, 32, "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf");
    assert_true(kr_scrypt("password", (const unsigned char *)"NaCl", 4, 10, 8, 16, out, &err));
    hex_is(out, 32, "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162");
    unsigned char digest[32];
    assert_true(kr_sha256("abc", 3, digest, &err));
    hex_is(digest, 32, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_header_round_trip(void **state)
{
    (void)state;
    kr_err err;
    seal_header h;
    memset(&h, 0, sizeof h);
    h.info.chunk_size = 65536;
    strcpy(h.info.key_id, "city-a");
    strcpy(h.info.layout, "juki");
    h.info.plain_bytes = 1000000;
    h.info.records = 1663;
    h.record_bytes = 601;
    memset(h.info.sha256, 0xab, 32);
    memset(h.salt, 7, sizeof h.salt);
    seal_keys k;
    memset(&k, 0x11, sizeof k);
    unsigned char raw[KR_SEAL_HEADER_BYTES];
    assert_true(seal_header_encode(&h, &k, raw, &err));
    assert_memory_equal(raw, "KRS1\x01\x01", 6);
    seal_header back;
    assert_true(seal_header_decode(raw, "x", &back, &err));
    assert_true(seal_header_check(raw, "x", &k, &err));
    assert_string_equal(back.info.key_id, "city-a");
    assert_string_equal(back.info.layout, "juki");
    assert_int_equal(back.info.records, 1663);
    assert_int_equal(back.info.plain_bytes, 1000000);
    assert_int_equal(back.info.chunks, 16);
    assert_int_equal(back.record_bytes, 601);
    raw[190] = 1; /* a reserved byte */
    assert_false(seal_header_decode(raw, "x", &back, &err));
    assert_non_null(strstr(err.text, "KRK1504E"));
    raw[190] = 0;
    raw[160] ^= 1;
    assert_true(seal_header_decode(raw, "x", &back, &err));
    assert_false(seal_header_check(raw, "x", &k, &err));
    assert_non_null(strstr(err.text, "KRK1505E"));
}

static void test_nonce(void **state)
{
    (void)state;
    unsigned char n[12];
    seal_nonce(0x0102030405ULL, true, n);
    hex_is(n, 12, "000000000000010203040501");
    seal_nonce(0, false, n);
    hex_is(n, 12, "000000000000000000000000");
}

static void test_key_ids_and_files(void **state)
{
    (void)state;
    assert_true(kr_key_id_valid("city-a.2026_1"));
    assert_false(kr_key_id_valid(""));
    assert_false(kr_key_id_valid(".hidden"));
    assert_false(kr_key_id_valid("a/b"));
    assert_false(kr_key_id_valid("1234567890123456789012345678901234567890123456789"));
    char dir[] = "/tmp/kiroku-test-secure.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = kr_xasprintf("%s/k.key", dir);
    kr_err err;
    kr_seal_key key;
    assert_true(kr_key_create(path, "city-a", &err));
    assert_false(kr_key_create(path, "city-a", &err)); /* never over a file */
    assert_true(kr_key_read(path, &key, &err));
    assert_string_equal(key.id, "city-a");
    kr_key_forget(&key);
    chmod(path, 0640);
    assert_false(kr_key_read(path, &key, &err));
    assert_non_null(strstr(err.text, "KRK1501E"));
    unlink(path);
    rmdir(dir);
    free(path);
}

static void test_audit_escape_and_parse(void **state)
{
    (void)state;
    kr_buf b;
    kr_buf_init(&b);
    audit_escape(&b, "a\tb\nc\\d\x01");
    assert_string_equal(b.data, "a\\tb\\nc\\\\d\\x01");
    kr_buf_free(&b);
    const char *line = "3\t2026-12-05T00:00:00.000000Z\tseal\troot(0)\t-\t"
                       "0000000000000000000000000000000000000000000000000000000000000000\tinput=x\t"
                       "1111111111111111111111111111111111111111111111111111111111111111";
    audit_entry e;
    assert_true(audit_entry_parse(line, strlen(line), &e));
    assert_int_equal(e.seq, 3);
    assert_string_equal(e.cols[COL_EVENT], "seal");
    assert_int_equal(e.signed_len, strlen(line) - 64);
    audit_entry_free(&e);
    assert_false(audit_entry_parse("0\tx", 3, &e));
    audit_entry_free(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gcm_vectors),         cmocka_unit_test(test_hkdf_scrypt_vectors),
        cmocka_unit_test(test_header_round_trip),   cmocka_unit_test(test_nonce),
        cmocka_unit_test(test_key_ids_and_files),   cmocka_unit_test(test_audit_escape_and_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
