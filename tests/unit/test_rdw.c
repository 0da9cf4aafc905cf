/* test_rdw.c: variable-length records (RECFM=VB): the reader hands out each record padded
 * with binary zeros to the LRECL with its file offset, across the 4 MiB read block; every bad
 * RDW (shorter than 4, longer than the LRECL, bytes 3-4 not zero, past the end, a cut RDW) is
 * refused with the record number and byte offset, after the good records before it; the
 * writer writes each record's RDW length, and refuses a record whose RDW is not its length. */
#include "unit.h"

#include "kiroku/recio.h"

#include <unistd.h>

static char *tmp_path(const char *name)
{
    return kr_xasprintf("/tmp/kiroku-rdw-%d-%s", (int)getpid(), name);
}

/* Appends one VB record of data bytes (the RDW counts 4 more). */
static void add_record(kr_buf *b, const char *data, size_t n)
{
    unsigned char rdw[4];
    kr_rdw_set(rdw, n + 4);
    kr_buf_add(b, rdw, 4);
    kr_buf_add(b, data, n);
}

static char *write_bytes(const char *name, const kr_buf *b)
{
    char *p = tmp_path(name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b->data, 1, b->len, f), b->len);
    fclose(f);
    return p;
}

static void test_read_padded(void **state)
{
    (void)state;
    kr_buf b;
    kr_buf_init(&b);
    add_record(&b, "ABC", 3);
    add_record(&b, "", 0);
    add_record(&b, "0123456789", 10);
    char *p = write_bytes("good", &b);
    kr_err err;
    kr_reader *r = kr_reader_open(p, 16, KR_TERM_RDW, &err);
    assert_non_null(r);
    const unsigned char *recs;
    size_t n;
    assert_int_equal(kr_reader_next_block(r, &recs, &n, 100, &err), 1);
    assert_int_equal(n, 3);
    assert_int_equal(kr_reader_stride(r), 16);
    assert_int_equal(kr_rdw_length(recs), 7);
    assert_memory_equal(recs + 4, "ABC\0\0\0\0\0\0\0\0\0", 12);
    assert_int_equal(kr_rdw_length(recs + 16), 4);
    assert_int_equal(recs[16 + 4], 0);
    assert_memory_equal(recs + 32 + 4, "0123456789\0\0", 12);
    assert_int_equal(kr_reader_block_offset(r, 0), 0);
    assert_int_equal(kr_reader_block_offset(r, 1), 7);
    assert_int_equal(kr_reader_block_offset(r, 2), 11);
    assert_int_equal(kr_reader_recno(r), 3);
    assert_int_equal(kr_reader_next_block(r, &recs, &n, 100, &err), 0);
    kr_reader_close(r);
    unlink(p);
    free(p);
    kr_buf_free(&b);
}

/* A file of good records followed by bad bytes: the good ones come first, then the error. */
static void expect_bad(const char *tail, size_t tail_len, size_t lrecl, const char *id, const char *where)
{
    kr_buf b;
    kr_buf_init(&b);
    add_record(&b, "first", 5);
    add_record(&b, "second", 6);
    kr_buf_add(&b, tail, tail_len);
    char *p = write_bytes("bad", &b);
    kr_err err;
    kr_reader *r = kr_reader_open(p, lrecl, KR_TERM_RDW, &err);
    assert_non_null(r);
    const unsigned char *recs;
    size_t n;
    assert_int_equal(kr_reader_next_block(r, &recs, &n, 100, &err), 1);
    assert_int_equal(n, 2);
    assert_int_equal(kr_reader_next_block(r, &recs, &n, 100, &err), -1);
    assert_non_null(strstr(err.text, id));
    assert_non_null(strstr(err.text, where));
    assert_int_equal(err.rc, KR_RC_REJECT);
    kr_reader_close(r);
    unlink(p);
    free(p);
    kr_buf_free(&b);
}

static void test_bad_rdws(void **state)
{
    (void)state;
    expect_bad("\x00\x03\x00\x00xyz", 7, 40, "KRK2450E", "record 3 at byte 19: the RDW says 3 bytes");
    expect_bad("\x00\x08\x00\x01xyzw", 8, 40, "KRK2451E", "record 3 at byte 19: the RDW's bytes 3-4 are X'0001'");
    expect_bad("\x00\x30\x00\x00xyzw", 8, 40, "KRK2452E", "record 3 at byte 19: the RDW says 48 bytes, more than the LRECL 40");
    expect_bad("\x00\x10\x00\x00xyzw", 8, 40, "KRK2453E", "record 3 at byte 19: the RDW says 16 bytes, but the file ends 8");
    expect_bad("\x00\x10", 2, 40, "KRK2453E", "record 3 at byte 19: the file ends 2 bytes into its 4-byte RDW");
}

/* Records of every length from 4 to 32756 bytes straddle the reader's 4 MiB blocks. */
static void test_read_across_blocks(void **state)
{
    (void)state;
    kr_buf b;
    kr_buf_init(&b);
    char *data = kr_xmalloc(KR_RDW_MAX_LRECL);
    size_t nrec = 0;
    for (size_t len = 0; b.len < (5u << 20); len = (len + 997) % (KR_RDW_MAX_LRECL - 3), nrec++) {
        for (size_t i = 0; i < len; i++)
            data[i] = (char)('A' + (nrec + i) % 26);
        add_record(&b, data, len);
    }
    char *p = write_bytes("big", &b);
    kr_err err;
    kr_reader *r = kr_reader_open(p, KR_RDW_MAX_LRECL, KR_TERM_RDW, &err);
    assert_non_null(r);
    const unsigned char *recs;
    size_t n, seen = 0;
    uint64_t off = 0;
    int got;
    while ((got = kr_reader_next_block(r, &recs, &n, 4096, &err)) == 1)
        for (size_t i = 0; i < n; i++, seen++) {
            const unsigned char *rec = recs + i * KR_RDW_MAX_LRECL;
            size_t len = kr_rdw_length(rec);
            assert_int_equal(kr_reader_block_offset(r, i), off);
            assert_memory_equal(rec, b.data + off, len);
            for (size_t k = len; k < KR_RDW_MAX_LRECL; k += 1001)
                assert_int_equal(rec[k], 0);
            off += len;
        }
    assert_int_equal(got, 0);
    assert_int_equal(seen, nrec);
    assert_int_equal(off, b.len);
    kr_reader_close(r);
    unlink(p);
    free(p);
    free(data);
    kr_buf_free(&b);
}

static void test_write(void **state)
{
    (void)state;
    char *p = tmp_path("out");
    kr_err err;
    kr_writer *w = kr_writer_open(p, 12, KR_TERM_RDW, &err);
    assert_non_null(w);
    unsigned char rec[12] = {0};
    kr_rdw_set(rec, 6);
    memcpy(rec + 4, "HIxxxxxx", 8);
    assert_true(kr_writer_put(w, rec, &err));
    kr_rdw_set(rec, 12);
    assert_true(kr_writer_put(w, rec, &err));
    kr_rdw_set(rec, 13);
    assert_false(kr_writer_put(w, rec, &err));
    assert_non_null(strstr(err.text, "KRK2455E"));
    assert_non_null(strstr(err.text, "output record 3: its RDW says 13 bytes"));
    kr_rdw_set(rec, 2);
    assert_false(kr_writer_put(w, rec, &err));
    assert_true(kr_writer_commit(w, &err));
    char *got = unit_slurp(p);
    assert_memory_equal(got, "\x00\x06\x00\x00HI\x00\x0c\x00\x00HIxxxxxx", 18);
    free(got);
    unlink(p);
    free(p);
}

static void test_lrecl_limits(void **state)
{
    (void)state;
    kr_err err;
    assert_true(kr_rdw_lrecl_valid(5, "SORTIN", &err));
    assert_true(kr_rdw_lrecl_valid(32756, "SORTIN", &err));
    assert_false(kr_rdw_lrecl_valid(32757, "SORTIN", &err));
    assert_non_null(strstr(err.text, "KRK2454E SORTIN:"));
    assert_false(kr_rdw_lrecl_valid(4, "SORTIN", &err));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_padded),
        cmocka_unit_test(test_bad_rdws),
        cmocka_unit_test(test_read_across_blocks),
        cmocka_unit_test(test_write),
        cmocka_unit_test(test_lrecl_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
