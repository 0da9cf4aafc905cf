/* test_ranges.c: the key ranges of a partitioned SORT (src/engine/ranges.c): evenly spaced
 * samples, ranges of equal weight on empty input, all-equal keys, more ranges than distinct
 * keys and a heavy key, every record's range in order (so concatenation is the sort), and
 * the ranges file written and read back, damaged files refused. */
#include "unit.h"

#include "kiroku/ranges.h"

#include <unistd.h>

enum { W = 4 };

/* Keys of n records: key(i) as 4 big-endian bytes. */
typedef uint32_t (*keyfn)(uint64_t i);

static void put_key(unsigned char *k, uint32_t v)
{
    k[0] = (unsigned char)(v >> 24), k[1] = (unsigned char)(v >> 16), k[2] = (unsigned char)(v >> 8),
    k[3] = (unsigned char)v;
}

/* Samples n records, chooses parts ranges and counts the records of each; checks that the
 * ranges follow (key, position) order, so concatenating them in order is the stable sort. */
static void ranges_of(keyfn key, uint64_t n, unsigned parts, size_t target, uint64_t *counts)
{
    kr_sampler s;
    kr_sampler_init(&s, W, target);
    unsigned char k[W];
    for (uint64_t i = 0; i < n; i++) {
        put_key(k, key(i));
        kr_sampler_add(&s, k, i);
    }
    kr_ranges r;
    kr_ranges_choose(&r, parts, W, s.keys, s.pos, s.n, n);
    memset(counts, 0, parts * sizeof *counts);
    for (uint64_t i = 0; i < n; i++) {
        put_key(k, key(i));
        unsigned at = kr_ranges_find(&r, k, i);
        assert_true(at < parts);
        counts[at]++;
        /* A record with a greater (key, position) is never in a lower range. */
        if (i > 0) {
            unsigned char k0[W];
            put_key(k0, key(i - 1));
            int c = memcmp(k0, k, W);
            unsigned prev = kr_ranges_find(&r, k0, i - 1);
            if (c < 0 || c == 0)
                assert_true(prev <= at);
        }
    }
    kr_ranges_free(&r);
    kr_sampler_free(&s);
}

static uint32_t key_all_equal(uint64_t i) { (void)i; return 7; }
static uint32_t key_distinct(uint64_t i) { return (uint32_t)(i * 2654435761u); }
static uint32_t key_three(uint64_t i) { return (uint32_t)(i % 3); }
static uint32_t key_heavy(uint64_t i) { return i % 10 < 6 ? 500 : (uint32_t)(i * 2654435761u); }

static void test_empty_input(void **state)
{
    (void)state;
    uint64_t c[4];
    ranges_of(key_distinct, 0, 4, 100, c);
    for (int i = 0; i < 4; i++)
        assert_int_equal(c[i], 0);
    /* A record past the (empty) sample goes to the first range. */
    kr_ranges r;
    kr_ranges_choose(&r, 4, W, NULL, NULL, 0, 0);
    unsigned char k[W] = {0xFF, 0xFF, 0xFF, 0xFF};
    assert_int_equal(kr_ranges_find(&r, k, 12345), 0);
    kr_ranges_free(&r);
}

static void test_all_equal_keys_split_by_position(void **state)
{
    (void)state;
    uint64_t c[4];
    ranges_of(key_all_equal, 1000, 4, 2000, c);
    for (int i = 0; i < 4; i++)
        assert_int_equal(c[i], 250);
}

static void test_more_ranges_than_keys(void **state)
{
    (void)state;
    uint64_t c[7];
    ranges_of(key_three, 700, 7, 2000, c);
    for (int i = 0; i < 7; i++)
        assert_int_equal(c[i], 100);
}

static void test_heavy_key_spread(void **state)
{
    (void)state;
    /* 60% of 100,000 records on one key, sampled (not every record): no range takes more
     * than a fifth above its share. */
    uint64_t c[5];
    ranges_of(key_heavy, 100000, 5, 1000, c);
    for (int i = 0; i < 5; i++)
        assert_true(c[i] < 24000 && c[i] > 16000);
    ranges_of(key_distinct, 100000, 5, 1000, c);
    for (int i = 0; i < 5; i++)
        assert_true(c[i] < 24000 && c[i] > 16000);
}

/* A split join's ranges (kr_ranges_by_key): every record of a key in one range, whatever its
 * position; a key of 60% fills its range and leaves the ranges between its bounds empty,
 * the other keys still spread over the rest; ranges still follow key order. */
static void test_ranges_by_key(void **state)
{
    (void)state;
    enum { N = 100000, PARTS = 5 };
    kr_sampler s;
    kr_sampler_init(&s, W, 1000);
    unsigned char k[W];
    for (uint64_t i = 0; i < N; i++) {
        put_key(k, key_heavy(i));
        kr_sampler_add(&s, k, i);
    }
    kr_ranges r;
    kr_ranges_choose(&r, PARTS, W, s.keys, s.pos, s.n, N);
    kr_ranges_by_key(&r);
    uint64_t c[PARTS] = {0};
    unsigned heavy = PARTS;
    for (uint64_t i = 0; i < N; i++) {
        put_key(k, key_heavy(i));
        unsigned at = kr_ranges_find(&r, k, i);
        assert_true(at < PARTS);
        assert_int_equal(at, kr_ranges_find(&r, k, 0)); /* the position plays no part */
        c[at]++;
        if (key_heavy(i) == 500) {
            if (heavy == PARTS)
                heavy = at;
            assert_int_equal(at, heavy);
        }
    }
    assert_true(c[heavy] >= 60000);
    unsigned empty = 0;
    for (unsigned i = 0; i < PARTS; i++)
        empty += c[i] == 0;
    assert_true(empty >= 1 && empty <= 3);
    /* Key order: a greater key is never in a lower range. */
    for (uint32_t a = 0; a < 1000; a++) {
        unsigned char ka[W], kb[W];
        put_key(ka, a * 4000000u);
        put_key(kb, a * 4000000u + 1);
        assert_true(kr_ranges_find(&r, ka, 99) <= kr_ranges_find(&r, kb, 1));
    }
    kr_ranges_free(&r);
    kr_sampler_free(&s);
}

static void test_sampler_evenly_spaced(void **state)
{
    (void)state;
    kr_sampler s;
    kr_sampler_init(&s, W, 10);
    unsigned char k[W] = {0};
    for (uint64_t i = 0; i < 1000; i++)
        kr_sampler_add(&s, k, i);
    assert_true(s.n >= 10 && s.n <= 20);
    for (size_t i = 0; i < s.n; i++)
        assert_int_equal(s.pos[i], i * s.stride);
    kr_sampler_free(&s);
}

static void test_file_round_trip(void **state)
{
    (void)state;
    char dir[] = "/tmp/kiroku-ranges-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/ranges", dir);
    unsigned char keys[3 * W] = {1, 2, 3, 4, 0, 0, 0, 0, 0xFF, 0xFE, 0, 9};
    uint64_t pos[3] = {10, 20, 30};
    kr_ranges r, back;
    kr_ranges_choose(&r, 3, W, keys, pos, 3, 40);
    kr_err err;
    assert_true(kr_ranges_save(&r, path, &err));
    assert_true(kr_ranges_load(&back, path, &err));
    assert_int_equal(back.parts, 3);
    assert_int_equal(back.records, 40);
    assert_memory_equal(back.keys, r.keys, 2 * W);
    assert_memory_equal(back.pos, r.pos, 2 * sizeof *r.pos);
    kr_ranges_free(&back);
    /* A damaged file: a bound missing. */
    FILE *f = fopen(path, "w");
    fputs("KIROKU-RANGES 1\nparts 3\nwidth 4\nbound 10 01020304\n", f);
    fclose(f);
    assert_false(kr_ranges_load(&back, path, &err));
    assert_non_null(strstr(err.text, "KRK1852E"));
    f = fopen(path, "w");
    fputs("KIROKU-RANGES 1\nparts 2\nwidth 4\nbound 10 0102030g\n", f);
    fclose(f);
    assert_false(kr_ranges_load(&back, path, &err));
    kr_ranges_free(&r);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_input),          cmocka_unit_test(test_all_equal_keys_split_by_position),
        cmocka_unit_test(test_more_ranges_than_keys), cmocka_unit_test(test_heavy_key_spread),
        cmocka_unit_test(test_sampler_evenly_spaced), cmocka_unit_test(test_file_round_trip),
        cmocka_unit_test(test_ranges_by_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
