/* test_bits_key.c: the key bytes of a bit field (kr_bits_key, src/engine/key.c) against the
 * field read bit by bit from its definition (bits bits from bit bit_start of the first byte,
 * 0 the leftmost, moved to the left of the key, the rest 0), for every start bit and the
 * lengths 1 to 40 over random bytes; and the order of two keys is the order of the numbers. */
#include "unit.h"

#include "kiroku/engine.h"

#include <stdlib.h>
#include <string.h>

static unsigned bit_at(const unsigned char *p, size_t i)
{
    return p[i / 8] >> (7 - i % 8) & 1u;
}

static void test_bits_key_definition(void **state)
{
    (void)state;
    unsigned seed = 2503;
    for (int round = 0; round < 200; round++) {
        unsigned char rec[8], key[8];
        for (size_t i = 0; i < sizeof rec; i++)
            rec[i] = (unsigned char)rand_r(&seed);
        for (unsigned start = 0; start < 8; start++)
            for (size_t bits = 1; bits <= 40; bits++) {
                memset(key, 0xAA, sizeof key);
                kr_bits_key(rec, start, bits, key);
                for (size_t i = 0; i < (bits + 7) / 8 * 8; i++) {
                    unsigned want = i < bits ? bit_at(rec, start + i) : 0;
                    if (bit_at(key, i) != want)
                        fail_msg("start %u bits %zu: key bit %zu is %u, not %u", start, bits, i, bit_at(key, i), want);
                }
            }
    }
}

static void test_bits_key_order(void **state)
{
    (void)state;
    /* 1.4,1.0 of 12 34 is 0x23 and of FF 0F is 0xF0: the keys compare as the numbers. */
    const unsigned char a[2] = {0x12, 0x34}, b[2] = {0xFF, 0x0F};
    unsigned char ka[1], kb[1];
    kr_bits_key(a, 4, 8, ka);
    kr_bits_key(b, 4, 8, kb);
    assert_int_equal(ka[0], 0x23);
    assert_int_equal(kb[0], 0xF0);
    assert_true(memcmp(ka, kb, 1) < 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bits_key_definition),
        cmocka_unit_test(test_bits_key_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
