/* test_masks.c: DFSORT's edit masks M0-M26 (masks.c, number.c) against IBM's published table
 * (DFSORT Application Programming Guide, OUTREC statement, "Edit mask patterns": each mask's
 * pattern for 15 digits, its signs and its length formula in d digits), and what they print
 * for positive, negative and zero values. */
#include "unit.h"

#include "kiroku/engine.h"

#include <string.h>

/* The published 15-digit patterns, typed from the table. */
static const char *published[KR_MASK_COUNT] = {
    "IIIIIIIIIIIIIITS",      "TTTTTTTTTTTTTTTS",      "I,III,III,III,IIT.TTS", "I,III,III,III,IIT.TTCR",
    "SI,III,III,III,IIT.TT", "SI,III,III,III,IIT.TTS", "III-TTT-TTTT",          "TTT-TT-TTTT",
    "IT:TT:TT",              "IT/TT/TT",              "IIIIIIIIIIIIIIT",       "TTTTTTTTTTTTTTT",
    "SIII,III,III,III,IIT",  "SIII.III.III.III.IIT",  "SIII III III III IITS", "III III III III IITS",
    "SIII III III III IIT",  "SIII'III'III'III'IIT",  "SI,III,III,III,IIT.TT", "SI.III.III.III.IIT,TT",
    "SI III III III IIT,TTS", "I III III III IIT,TTS", "SI III III III IIT,TT", "SI'III'III'III'IIT.TT",
    "SI'III'III'III'IIT,TT", "SIIIIIIIIIIIIIIT",      "STTTTTTTTTTTTTTT",
};

/* The published length in d digits. */
static size_t published_length(int m, unsigned d)
{
    switch (m) {
    case 0: case 1: case 25: case 26: return d + 1;
    case 2: case 4: case 18: case 19: case 21: case 22: case 23: case 24: return d + 1 + d / 3;
    case 3: case 5: case 20: return d + 2 + d / 3;
    case 6: return 12;
    case 7: return 11;
    case 8: case 9: return 8;
    case 10: case 11: return d;
    case 12: case 13: case 15: case 16: case 17: return d + 1 + (d - 1) / 3;
    case 14: return d + 2 + (d - 1) / 3;
    }
    return 0;
}

static void test_patterns_as_published(void **state)
{
    (void)state;
    char pat[80];
    for (int m = 0; m < KR_MASK_COUNT; m++) {
        /* M3's CR stands in the pattern as the two letters. */
        assert_true(kr_mask_pattern(m, 15, pat, sizeof pat));
        assert_string_equal(pat, published[m]);
        for (unsigned d = 3; d <= KR_MASK_MAX_DIGITS; d++) {
            assert_true(kr_mask_pattern(m, d, pat, sizeof pat));
            kr_edit e = {.mask = m};
            assert_int_equal(strlen(pat), published_length(m, d));
            assert_int_equal(kr_edit_length(&e, d), published_length(m, d));
        }
    }
    /* Fewer digits: the rightmost positions of the pattern. */
    assert_true(kr_mask_pattern(4, 7, pat, sizeof pat));
    assert_string_equal(pat, "SII,IIT.TT");
    assert_true(kr_mask_pattern(12, 4, pat, sizeof pat));
    assert_string_equal(pat, "SI,IIT");
    assert_false(kr_mask_pattern(27, 4, pat, sizeof pat));
}

static void expect_edit(int mask, const char *signs, kr_i128 v, unsigned digits, const char *want)
{
    kr_edit e = {.mask = mask, .signs = (char *)signs};
    size_t len = kr_edit_length(&e, digits);
    char out[80] = {0};
    assert_true(kr_edit_number(&e, v, digits, (unsigned char *)out, len));
    assert_string_equal(out, want);
}

static void test_values(void **state)
{
    (void)state;
    expect_edit(0, NULL, -123, 5, "  123-");
    expect_edit(1, NULL, 123, 5, "00123 ");
    expect_edit(2, NULL, -123456, 7, " 1,234.56-");
    expect_edit(3, NULL, -5, 5, "  0.05CR");
    expect_edit(3, NULL, 5, 5, "  0.05  ");
    expect_edit(4, NULL, 123456, 7, " +1,234.56");
    expect_edit(4, NULL, 0, 7, "     +0.00");
    expect_edit(5, NULL, -123456, 7, " (1,234.56)");
    expect_edit(5, NULL, 123456, 7, "  1,234.56 ");
    expect_edit(6, NULL, 5551234567, 10, "555-123-4567");
    expect_edit(7, NULL, 123456789, 9, "123-45-6789");
    expect_edit(8, NULL, 93015, 6, " 9:30:15");
    expect_edit(9, NULL, 120125, 6, "12/01/25");
    expect_edit(10, NULL, -42, 5, "   42");
    expect_edit(11, NULL, -42, 5, "00042");
    expect_edit(12, NULL, -1234567, 7, "-1,234,567");
    expect_edit(13, NULL, -1234567, 7, "-1.234.567");
    expect_edit(14, NULL, -1234567, 7, "(1 234 567)");
    expect_edit(15, NULL, -1234567, 7, "1 234 567-");
    expect_edit(16, NULL, 1234567, 7, " 1 234 567");
    expect_edit(17, NULL, -1234567, 7, "-1'234'567");
    expect_edit(18, NULL, -123456, 7, " -1,234.56");
    expect_edit(19, NULL, 123456, 7, "  1.234,56");
    expect_edit(20, NULL, -123456, 7, " (1 234,56)");
    expect_edit(21, NULL, 123456, 7, " 1 234,56 ");
    expect_edit(22, NULL, -123456, 7, " -1 234,56");
    expect_edit(23, NULL, 123456, 7, "  1'234.56");
    expect_edit(24, NULL, -123456, 7, " -1'234,56");
    expect_edit(25, NULL, -42, 5, "   -42");
    expect_edit(26, NULL, 42, 5, "+00042");
    /* SIGNS= replaces what it gives and keeps the mask's other signs. */
    expect_edit(4, " \0\0\0", 123456, 7, "  1,234.56");
    expect_edit(4, " \0\0\0", -123456, 7, " -1,234.56");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_patterns_as_published),
        cmocka_unit_test(test_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
