/* test_ledger_keys.c: the normalized key encoding of the ledger: its byte order is the key's
 * order for every type a key may have (zoned, packed and binary numbers, text, dates with
 * none/open and eras), across several fields; and the keys and indexes a layout declares. */
#include "kiroku/ledger.h"
#include "unit.h"

static const char *LAYOUT = "layout k\n  encoding cp932\n  length 40\n  terminator lf\n"
                            "record data\n"
                            "  zd  S9(3)  key\n"      /* bytes 0-2 */
                            "  pd  P(5)\n"            /* 3-5 */
                            "  bi  B(2) signed\n"     /* 6-7 */
                            "  tx  X(3)\n"            /* 8-10 */
                            "  dt  date(yyyymmdd) none(00000000) open(99999999)\n" /* 11-18 */
                            "  wa  date(gyymmdd)\n"   /* 19-25 */
                            "  un  9(4)\n"            /* 26-29 */
                            "  filler X(*)\n";

/* Encodes field `name` alone as a one-field key of rec, as a ledger key over it would. */
static size_t enc1(const kr_layout *l, const char *name, const unsigned char *rec, unsigned char *out)
{
    kr_scope sc;
    kr_scope_init(&sc, l->length, l);
    kr_scope_add_layout(&sc, l, NULL, 0);
    kr_key key;
    memset(&key, 0, sizeof key);
    key.ref.name = (char *)name;
    kr_keyplan kp;
    kr_err err;
    if (!kr_keyplan_build(&kp, &sc, &key, 1, "test", &err))
        fail_msg("%s", err.text);
    size_t part;
    kr_problem pb;
    size_t len = kr_key_encode(&kp, rec, out, &part, &pb) ? kp.width : 0;
    kr_keyplan_free(&kp);
    kr_scope_free(&sc);
    return len;
}

/* Asserts that the values, written into field `name` in this order, encode ascending. */
static void assert_ascending(const kr_layout *l, const char *name, const char *const *values, size_t n)
{
    const kr_field *f = kr_layout_field(l, NULL, name, NULL);
    unsigned char rec[40], prev[64], cur[64];
    size_t plen = 0;
    for (size_t i = 0; i < n; i++) {
        memset(rec, ' ', sizeof rec);
        kr_err err;
        if (!kr_field_parse_value(l, f, values[i], rec, &err))
            fail_msg("%s=%s: %s", name, values[i], err.text);
        size_t len = enc1(l, name, rec, cur);
        assert_true(len > 0);
        if (i > 0 && !(memcmp(prev, cur, len < plen ? len : plen) < 0))
            fail_msg("%s: %s does not encode above %s", name, values[i], values[i - 1]);
        memcpy(prev, cur, len);
        plen = len;
    }
}

static void test_numbers_order_by_value(void **state)
{
    (void)state;
    kr_layout *l = unit_layout(LAYOUT);
    const char *zd[] = {"-999", "-100", "-11", "-2", "-1", "0", "1", "9", "10", "998", "999"};
    assert_ascending(l, "zd", zd, 11);
    const char *pd[] = {"-99999", "-5", "0", "3", "12345", "99999"};
    assert_ascending(l, "pd", pd, 6);
    const char *bi[] = {"-32768", "-256", "-1", "0", "1", "255", "256", "32767"};
    assert_ascending(l, "bi", bi, 8);
    const char *un[] = {"0", "1", "10", "9999"};
    assert_ascending(l, "un", un, 4);
    kr_layout_free(l);
}

static void test_signs_of_one_value_encode_alike(void **state)
{
    (void)state;
    kr_layout *l = unit_layout(LAYOUT);
    unsigned char a[40], b[40], ea[16], eb[16];
    memset(a, ' ', 40), memset(b, ' ', 40);
    memcpy(a + 3, "\x00\x12\x3C", 3); /* +123 packed, sign C */
    memcpy(b + 3, "\x00\x12\x3F", 3); /* 123 packed, sign F */
    size_t la = enc1(l, "pd", a, ea), lb = enc1(l, "pd", b, eb);
    assert_int_equal(la, 8);
    assert_int_equal(lb, 8);
    assert_memory_equal(ea, eb, 8);
    /* EBCDIC-style overpunch {, A-I read as the same positive values. */
    memcpy(a, "12C", 3), memcpy(b, "123", 3);
    la = enc1(l, "zd", a, ea), lb = enc1(l, "zd", b, eb);
    assert_memory_equal(ea, eb, 8);
    kr_layout_free(l);
}

static void test_text_orders_by_bytes(void **state)
{
    (void)state;
    kr_layout *l = unit_layout(LAYOUT);
    const char *tx[] = {"", "A", "AB", "B", "a", "ｱ", "ｲ"};
    assert_ascending(l, "tx", tx, 7);
    kr_layout_free(l);
}

static void test_dates_none_first_open_last_eras_by_day(void **state)
{
    (void)state;
    kr_layout *l = unit_layout(LAYOUT);
    const char *dt[] = {"00000000", "00010101", "19890107", "19890108", "20240229", "99991231", "99999999"};
    assert_ascending(l, "dt", dt, 7);
    /* 昭和64年1月7日 < 平成元年1月8日 < 平成31年4月30日 < 令和元年5月1日: by day, not by digits. */
    const char *wa[] = {"1450101", "3640107", "4010108", "4310430", "5010501", "5060401"};
    assert_ascending(l, "wa", wa, 6);
    kr_layout_free(l);
}

static void test_fields_compare_in_declaration_order(void **state)
{
    (void)state;
    kr_layout *l = unit_layout("layout k\n  encoding utf-8\n  length 10\n  terminator lf\n"
                               "record data\n  a X(2) key\n  b S9(3) key\n  filler X(*)\n");
    kr_keydef k;
    kr_err err;
    assert_true(kr_keydef_primary(&k, l, 0, &err));
    assert_int_equal(k.n, 2);
    assert_int_equal(k.max_len, 6 + 8); /* X(2) by character (3 bytes each), S9(3) as 8 bytes */
    unsigned char r1[10], r2[10], e1[64], e2[64];
    memcpy(r1, "AA00q     ", 10); /* AA, -1 */
    memcpy(r2, "AA001     ", 10); /* AA, +1 */
    assert_int_equal(kr_keydef_encode(&k, r1, e1, NULL), 14);
    assert_int_equal(kr_keydef_encode(&k, r2, e2, NULL), 14);
    assert_true(memcmp(e1, e2, 14) < 0);
    memcpy(r2, "AB99y     ", 10); /* AB, -999: the first field decides */
    kr_keydef_encode(&k, r2, e2, NULL);
    assert_true(memcmp(e1, e2, 14) < 0);
    /* An invalid key field gives no key, and says where. */
    kr_problem pb;
    memcpy(r1, "AA0X1     ", 10);
    assert_int_equal(kr_keydef_encode(&k, r1, e1, &pb), 0);
    assert_int_equal(pb.offset, 3);
    kr_keydef_free(&k);
    kr_layout_free(l);
}

static void test_keys_and_indexes_from_the_layout(void **state)
{
    (void)state;
    kr_layout *l = unit_layout("layout k\n  encoding cp932\n  length 30\n  terminator lf\n"
                               "record data\n  id 9(4) key\n  kana X(10) index(kb)\n  sex 9(1) index(s)\n"
                               "  birth date(gyymmdd) index(kb)\n  filler X(*)\n");
    const char **names;
    size_t n = kr_layout_index_names(l, 0, &names);
    assert_int_equal(n, 2);
    assert_string_equal(names[0], "kb");
    assert_string_equal(names[1], "s");
    free(names);
    kr_keydef k;
    kr_err err;
    assert_true(kr_keydef_index(&k, l, 0, "kb", &err));
    assert_int_equal(k.n, 2);
    assert_string_equal(k.fields[0]->name, "kana");
    assert_string_equal(k.fields[1]->name, "birth");
    assert_int_equal(k.max_len, 30 + 5); /* X(10) by character, a date in 5 bytes */
    kr_keydef_free(&k);
    assert_false(kr_keydef_index(&k, l, 0, "nope", &err));
    assert_contains(err.text, "KRK0804E");
    kr_layout_free(l);
}

static void test_mynumber_is_never_a_key(void **state)
{
    (void)state;
    kr_layout *l = unit_layout("layout k\n  encoding cp932\n  length 20\n  terminator lf\n"
                               "record data\n  no mynumber key\n  filler X(*)\n");
    kr_keydef k;
    kr_err err;
    assert_false(kr_keydef_primary(&k, l, 0, &err));
    assert_contains(err.text, "KRK0801E");
    kr_layout_free(l);
    l = unit_layout("layout k\n  encoding cp932\n  length 20\n  terminator lf\nrecord data\n  a X(20)\n");
    assert_false(kr_keydef_primary(&k, l, 0, &err));
    assert_contains(err.text, "KRK0803E");
    kr_layout_free(l);
}

static void test_values_typed_by_an_operator(void **state)
{
    (void)state;
    kr_layout *l = unit_layout("layout k\n  encoding cp932\n  length 30\n  terminator lf\n"
                               "record data\n  kana X(6)\n  name N(3)\n  amt S9(5)V99\n  wa date(gyymmdd)\n"
                               "  filler X(*)\n");
    unsigned char rec[30];
    memset(rec, '#', sizeof rec);
    kr_err err;
    const kr_rectype *rt = &l->types[0];
    assert_true(kr_field_parse_value(l, &rt->fields[0], "ｻﾄｳ", rec, &err));
    assert_memory_equal(rec, "\xBB\xC4\xB3   ", 6);
    assert_true(kr_field_parse_value(l, &rt->fields[1], "佐藤", rec, &err));
    assert_memory_equal(rec + 6, "\x8D\xB2\x93\xA1\x81\x40", 6);
    assert_true(kr_field_parse_value(l, &rt->fields[2], "-12.5", rec, &err));
    assert_memory_equal(rec + 12, "000125p", 7);
    assert_true(kr_field_parse_value(l, &rt->fields[3], "1989-01-08", rec, &err));
    assert_memory_equal(rec + 19, "4010108", 7);
    assert_true(kr_field_parse_value(l, &rt->fields[3], "3640107", rec, &err));
    assert_false(kr_field_parse_value(l, &rt->fields[3], "4310501", rec, &err));
    assert_contains(err.text, "KRK0813E");
    assert_false(kr_field_parse_value(l, &rt->fields[0], "ｻﾄｳｻﾄｳｻ", rec, &err));
    assert_contains(err.text, "KRK0811E");
    assert_false(kr_field_parse_value(l, &rt->fields[2], "1.234", rec, &err));
    assert_contains(err.text, "KRK0812E");
    kr_layout_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers_order_by_value),
        cmocka_unit_test(test_signs_of_one_value_encode_alike),
        cmocka_unit_test(test_text_orders_by_bytes),
        cmocka_unit_test(test_dates_none_first_open_last_eras_by_day),
        cmocka_unit_test(test_fields_compare_in_declaration_order),
        cmocka_unit_test(test_keys_and_indexes_from_the_layout),
        cmocka_unit_test(test_mynumber_is_never_a_key),
        cmocka_unit_test(test_values_typed_by_an_operator),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
