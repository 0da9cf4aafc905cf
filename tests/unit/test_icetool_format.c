/* test_icetool_format.c: ICETOOL's formatting items (src/icetool/format.c): each item read
 * into its format and a number shown through it, table-driven, against the results worked
 * out by hand from the item's definition (docs/ICETOOL.md, "Formatting items"); the
 * refusals by name; values that do not fit; ON's value split at its commas. */
#include "unit.h"

#include "icetool/icetool.h"

#include <stdio.h>
#include <string.h>

typedef struct format_case {
    const char *items;        /* comma-separated, as in ON(p,m,f,items) */
    long long value;
    unsigned scale, field_digits;
    bool fits;
    const char *shown;
    const char *why;
} format_case;

static const format_case cases[] = {
    {"A1,U10", 3286721, 0, 15, true, "3,286,721", "DFSORT's COUNT Example 4"},
    {"C1,N08", 137622, 0, 6, true, "1,376.22", "DFSORT's DISPLAY Example 11: two decimals placed"},
    {"C1", -93271, 0, 6, true, "-932.71", "a leading minus next to the first digit"},
    {"A0", -1234567, 0, 15, true, "-1234567", "A0: no separators"},
    {"A2", 1234567, 0, 15, true, "1.234.567", "A2: dots"},
    {"A3", 1234567, 0, 15, true, "1 234 567", "A3: blanks"},
    {"A4", 1234567, 0, 15, true, "1'234'567", "A4: apostrophes"},
    {"B2", 12345, 0, 15, true, "1.234,5", "B2: one decimal, point and comma swapped"},
    {"D3", 1234567, 0, 15, true, "1 234,567", "D3: three decimals, blank thousands"},
    {"G6", 5, 0, 15, true, "0.000005", "G6: six decimals, the last integer digit shown"},
    {"E'99/99'", 106, 0, 4, true, "01/06", "E'pattern': every 9 a digit, leading zeros shown"},
    {"E'No. 999'", 7, 0, 4, true, "No. 007", "E'pattern': characters before the first digit as written"},
    {"M4", 1234, 0, 7, true, "+12.34", "SORT's M4 through the engine"},
    {"M11,U06", 1200, 0, 7, true, "001200", "M11 for six digits"},
    {"LZ", 187, 0, 5, true, "00187", "LZ: leading zeros to the field's digits"},
    {"LZ", -45, 2, 5, true, "-000.45", "LZ with a layout's decimals"},
    {"", -1250, 2, 7, true, "-12.50", "no items: the number with the layout's decimals"},
    {"L'$',T' yen'", 1234, 0, 7, true, "$1234 yen", "leading and trailing strings"},
    {"A1,U03", 1234, 0, 15, false, NULL, "four digits in a three-digit column"},
    {"E'99'", 123, 0, 4, false, NULL, "a pattern too short"},
};

static void test_format_cases(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const format_case *k = &cases[c];
        it_format f;
        it_format_init(&f);
        char **items;
        size_t n = it_split_items(k->items, &items);
        it_operand o = {.name = "ON", .value = (char *)k->items};
        it_stmt st = {.op = "DISPLAY"};
        for (size_t i = 0; i < n; i++)
            if (items[i][0])
                assert_true(it_format_item(NULL, &st, &o, items[i], &f));
        it_split_free(items, n);
        kr_buf out;
        kr_buf_init(&out);
        unsigned digits = it_format_digits(&f, k->field_digits);
        bool fits = it_format_value(&f, (kr_i128)k->value, k->scale, digits, false, &out);
        if (fits != k->fits || (fits && strcmp(out.data, k->shown) != 0))
            fail_msg("%s: %s of %lld shows '%s' (fits %d)", k->why, k->items, k->value, out.data ? out.data : "", fits);
        if (fits)
            assert_true(it_format_width(&f, digits, k->scale) >= out.len);
        kr_buf_free(&out);
        it_format_free(&f);
    }
}

/* Reads items one after the other into one format (as ON(1,2,ZD,items...) would); the
 * last must be refused with a message holding id, the place and `text`. */
static void refused(const char *const *items, size_t n, const char *id, const char *text)
{
    kr_step step;
    memset(&step, 0, sizeof step);
    char *msg_text = NULL;
    size_t len = 0;
    FILE *msg = open_memstream(&msg_text, &len);
    it_run r = {.step = &step, .toolmsg = msg, .toolin = "TOOLIN"};
    it_operand o = {.name = "ON", .value = "1,2,ZD", .line = 3, .col = 7};
    it_stmt st = {.op = "DISPLAY"};
    it_format f;
    it_format_init(&f);
    for (size_t i = 0; i + 1 < n; i++)
        assert_true(it_format_item(&r, &st, &o, items[i], &f));
    assert_false(it_format_item(&r, &st, &o, items[n - 1], &f));
    fclose(msg);
    if (!strstr(msg_text, id) || !strstr(msg_text, "TOOLIN:3:7") || !strstr(msg_text, text))
        fail_msg("%s: %s", items[n - 1], msg_text);
    free(msg_text);
    it_format_free(&f);
}

/* The refusals: by name for what DFSORT has and kiroku does not (KRK2500E), else KRK2501E. */
static void test_format_refusals(void **state)
{
    (void)state;
    static const struct {
        const char *item, *id;
    } bad[] = {{"/K", "KRK2500E"}, {"F'$'", "KRK2500E"}, {"M27", "KRK2501E"}, {"U00", "KRK2501E"},
               {"U32", "KRK2501E"}, {"A5", "KRK2501E"}, {"H1", "KRK2501E"}, {"E'/'", "KRK2501E"},
               {"E'9T9'", "KRK2501E"}, {"XYZ", "KRK2501E"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        refused(&bad[i].item, 1, bad[i].id, bad[i].item);
    static const char *const two_edits[] = {"M4", "A1"};
    refused(two_edits, 2, "KRK2501E", "second edit");
}

static void test_split_items(void **state)
{
    (void)state;
    char **v;
    size_t n = it_split_items("12,6,ZD,E'9,9',L'(a,b)',N08", &v);
    assert_int_equal(n, 6);
    assert_string_equal(v[3], "E'9,9'");
    assert_string_equal(v[4], "L'(a,b)'");
    assert_string_equal(v[5], "N08");
    it_split_free(v, n);
    n = it_split_items("name", &v);
    assert_int_equal(n, 1);
    assert_string_equal(v[0], "name");
    it_split_free(v, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_cases),
        cmocka_unit_test(test_format_refusals),
        cmocka_unit_test(test_split_items),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
