/* test_layout.c: the layout language parser: the model it builds and every error it
 * reports. */
#include "unit.h"

static const char *HEAD = "layout t \"テスト\"\n  encoding cp932\n  length 40\n  terminator crlf\n";

static char *with_head(const char *body)
{
    return kr_xasprintf("%s%s", HEAD, body);
}

static void test_offsets_and_star(void **state)
{
    (void)state;
    char *text = with_head("record data\n"
                           "  a X(3) \"エー\"\n"
                           "  b 9(5)V99 key\n"
                           "  c N(4)      # four characters\n"
                           "  d S9(3) sign(trailing-separate)\n"
                           "  e P(7)\n"
                           "  filler X(*)\n");
    kr_layout *l = unit_layout(text);
    const kr_rectype *rt = &l->types[0];
    assert_int_equal(rt->n_fields, 6);
    assert_string_equal(rt->fields[0].label, "エー");
    assert_int_equal(rt->fields[1].offset, 3);
    assert_int_equal(rt->fields[1].length, 7);
    assert_int_equal(rt->fields[1].scale, 2);
    assert_true(rt->fields[1].is_key);
    assert_int_equal(rt->fields[2].offset, 10);
    assert_int_equal(rt->fields[2].length, 8);
    assert_string_equal(rt->fields[2].remark, "four characters");
    assert_int_equal(rt->fields[3].length, 4);
    assert_int_equal(rt->fields[3].sign, KR_SIGN_TRAILING_SEP);
    assert_int_equal(rt->fields[4].length, 4); /* 7 digits packed */
    assert_int_equal(rt->fields[5].offset, 26);
    assert_int_equal(rt->fields[5].length, 14);
    assert_int_equal(rt->role, KR_ROLE_DATA);
    kr_layout_free(l);
    free(text);
}

static void test_utf8_n_width(void **state)
{
    (void)state;
    const char *text = "layout u\n encoding utf-8\n length 27\n terminator lf\n"
                       "record data\n  a N(4)\n  b N(3) bytes(15)\n";
    kr_layout *l = unit_layout(text);
    assert_int_equal(l->types[0].fields[0].length, 12);
    assert_int_equal(l->types[0].fields[1].length, 15);
    assert_int_equal(l->types[0].fields[1].chars, 3);
    kr_layout_free(l);
}

static void test_occurs_and_groups(void **state)
{
    (void)state;
    char *text = with_head("record data\n"
                           "  s X(2) occurs 3 \"所見\"\n"
                           "  group g occurs 2 \"検査\"\n"
                           "    m X(1)\n"
                           "    k 9(2)\n"
                           "  end\n"
                           "  filler X(*)\n");
    kr_layout *l = unit_layout(text);
    const kr_rectype *rt = &l->types[0];
    assert_int_equal(kr_rectype_field(rt, "s(1)"), 0);
    assert_int_equal(rt->fields[2].offset, 4);
    assert_string_equal(rt->fields[2].name, "s(3)");
    int m2 = kr_rectype_field(rt, "m(2)");
    int k2 = kr_rectype_field(rt, "k(2)");
    assert_true(m2 > 0 && k2 > 0);
    assert_int_equal(rt->fields[m2].offset, 9);
    assert_int_equal(rt->fields[k2].offset, 10);
    assert_int_equal(rt->fields[k2].occurrence, 2);
    assert_int_equal(rt->n_groups, 2);
    assert_int_equal(rt->groups[1].length, 3);
    assert_int_equal(rt->groups[1].per, 2);
    assert_int_equal(kr_rectype_field(rt, "filler"), -1);
    kr_layout_free(l);
    free(text);
}

static void test_record_types_and_classify(void **state)
{
    (void)state;
    char *text = with_head("record header when k = \"1\"\n  k X(1)\n  filler X(*)\n"
                           "record data when k in (\"2\", \"3\")\n  k X(1)\n  v 9(4)\n  filler X(*)\n"
                           "record trailer when k = \"8\"\n  k X(1)\n  n 9(6) = count(data)\n"
                           "  s 9(9) = sum(data.v)\n  filler X(*)\n"
                           "record end when k = \"9\"\n  k X(1)\n  filler X(*)\n");
    kr_layout *l = unit_layout(text);
    assert_int_equal(l->n_types, 4);
    assert_true(l->has_header && l->has_trailer && l->has_end && l->has_totals);
    unsigned char rec[40];
    memset(rec, ' ', sizeof rec);
    rec[0] = '3';
    assert_int_equal(kr_layout_classify(l, rec), 1);
    rec[0] = '9';
    assert_int_equal(kr_layout_classify(l, rec), 3);
    rec[0] = '7';
    assert_int_equal(kr_layout_classify(l, rec), -1);
    const kr_field *n = kr_layout_field(l, "trailer", "n", NULL);
    assert_non_null(n);
    assert_int_equal(n->total, KR_TOTAL_COUNT);
    assert_int_equal(n->total_type, 1);
    const kr_field *s = kr_layout_field(l, "trailer", "s", NULL);
    assert_int_equal(s->total, KR_TOTAL_SUM);
    assert_int_equal(s->total_field, 1);
    int ti = -1;
    assert_non_null(kr_layout_field(l, NULL, "v", &ti));
    assert_int_equal(ti, 1);
    kr_layout_free(l);
    free(text);
}

static void test_two_byte_discriminator(void **state)
{
    (void)state;
    char *text = with_head("record a when k = \"11\"\n  k X(2)\n  filler X(*)\n"
                           "record b when k = x\"3131\"\n  k X(2)\n  filler X(*)\n");
    char *errs = unit_layout_errors(text);
    assert_contains(errs, "KRK0115E");
    assert_contains(errs, "records 'a' and 'b' share");
    free(errs);
    free(text);
}

static void test_era_statement(void **state)
{
    (void)state;
    char *text = kr_xasprintf("%s  era 6 \"新元号\" 2040-01-01\nrecord data\n  d date(gyymmdd)\n  filler X(*)\n", HEAD);
    kr_layout *l = unit_layout(text);
    assert_int_equal(l->n_eras, 6);
    assert_int_equal(l->eras[5].code, 6);
    assert_int_equal(l->eras[5].start, 20400101);
    kr_layout_free(l);
    free(text);
}

/* Each mistake gets its id, its line:column and a fix. */
static void expect_error(const char *body, const char *id, const char *where, const char *fix)
{
    char *text = with_head(body);
    char *errs = unit_layout_errors(text);
    assert_contains(errs, id);
    if (where)
        assert_contains(errs, where);
    if (fix)
        assert_contains(errs, fix);
    free(errs);
    free(text);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("record data\n  a X(10)\n  b X(5) at 8\n  filler X(*)\n", "KRK0112E", "test.layout:7:3",
                 "start it at byte 11");
    expect_error("record data\n  a X(10)\n  b X(5) at 14\n  filler X(*)\n", "KRK0113E", "test.layout:7:3",
                 "add 'filler X(3)'");
    expect_error("record data\n  a X(10)\n", "KRK0114E", "test.layout:5:1", "add 'filler X(30)'");
    expect_error("record data\n  a X(50)\n", "KRK0114E", NULL, "remove 10 bytes");
    expect_error("record data\n  a Q(3)\n  filler X(*)\n", "KRK0107E", "test.layout:6:5", "unknown type 'Q'");
    expect_error("record data\n  a X(3) shiny\n  filler X(*)\n", "KRK0108E", "test.layout:6:10", "unknown attribute 'shiny'");
    expect_error("record data\n  a X(3)\n  a X(3)\n  filler X(*)\n", "KRK0106E", "test.layout:7:3", "give it another name");
    expect_error("record data\n  a 9(2) codes(1 \"x\")\n  filler X(*)\n", "KRK0110E", NULL, "write it 2 bytes wide");
    expect_error("record a when k = \"1\"\n  k X(1)\n  filler X(*)\nrecord b\n  k X(1)\n  filler X(*)\n",
                 "KRK0111E", "test.layout:8:1", "each needs one");
    expect_error("record data\n  n 9(3) = count(nothing)\n  filler X(*)\n", "KRK0116E", NULL, "'nothing'");
    expect_error("record data\n  a X(*)\n  b X(3)\n", "KRK0119E", NULL, "only for the last field");
    expect_error("record data\n  group g occurs 2\n  a X(3)\n", "KRK0117E", NULL, "add 'end'");
    expect_error("record data\n  a X(3) \"ok\" \"again\"\n  filler X(*)\n", "KRK0108E", NULL, "one label");
    expect_error("record data\n  a B(3)\n  filler X(*)\n", "KRK0109E", NULL, "1, 2, 4 or 8 bytes");
    expect_error("record data\n  a 9(3) é\n  filler X(*)\n", "KRK0101E", "test.layout:6:10", "ASCII");
    /* One total per field (a second was merged into the first); totals only on trailers
     * (one on a data record passed `layout check` and was never verified). */
    expect_error("record data when k = \"D\"\n  k X(1)\n  filler X(*)\nrecord trailer when k = \"T\"\n  k X(1)\n"
                 "  n 9(3) = count(data) = count(data)\n  filler X(*)\n", "KRK0116E", "test.layout:10:24",
                 "a second control total on one field");
    expect_error("record data when k = \"D\"\n  k X(1)\n  n 9(3) = count(data)\n  filler X(*)\n"
                 "record trailer when k = \"T\"\n  k X(1)\n  filler X(*)\n", "KRK0116E", "test.layout:7:10",
                 "is on record 'data', a data record; totals belong to trailer records");
}

static void test_missing_file_attributes(void **state)
{
    (void)state;
    char *errs = unit_layout_errors("layout x\nrecord data\n  a X(3)\n");
    assert_contains(errs, "add 'encoding cp932'");
    assert_contains(errs, "add 'length N'");
    assert_contains(errs, "add 'terminator crlf'");
    free(errs);
}

static void test_show_json_and_table(void **state)
{
    (void)state;
    char *text = with_head("record data\n  a 9(1) codes(1 \"男\", 2 \"女\") \"性別\"\n  filler X(*)\n");
    kr_layout *l = unit_layout(text);
    kr_buf b;
    kr_buf_init(&b);
    kr_layout_show_json(l, &b);
    assert_contains(b.data, "\"codes\":[{\"value\":\"1\",\"label\":\"男\"}");
    assert_contains(b.data, "\"encoding\":\"cp932\",\"length\":40,\"terminator\":\"crlf\"");
    kr_buf_reset(&b);
    kr_layout_show_table(l, &b);
    assert_contains(b.data, "項番");
    assert_contains(b.data, "性別 (a)");
    assert_contains(b.data, "1:男 2:女");
    kr_buf_free(&b);
    kr_layout_free(l);
    free(text);
}

static void test_sample_attribute(void **state)
{
    (void)state;
    char *text = with_head("record data\n  a X(20) sample(pick(\"A\", \"B\")) \"名\"\n  b 9(5) sample(seq 100)\n  filler X(*)\n");
    kr_layout *l = unit_layout(text);
    assert_string_equal(l->types[0].fields[0].sample, "pick(\"A\", \"B\")");
    assert_string_equal(l->types[0].fields[0].label, "名");
    assert_string_equal(l->types[0].fields[1].sample, "seq 100");
    kr_layout_free(l);
    free(text);
    /* Decimal points join their digits; negative numbers and dates are single words. */
    text = with_head("record data\n  a S9(3)V9(1) sample(range -12.5 300.0)\n"
                     "  d date(yyyymmdd) sample(date 1950-01-01 2000-12-31 none 5)\n"
                     "  k 9(2) sample(pick 01 02 \"X\")\n  filler X(*)\n");
    l = unit_layout(text);
    assert_string_equal(l->types[0].fields[0].sample, "range -12.5 300.0");
    assert_string_equal(l->types[0].fields[1].sample, "date 1950-01-01 2000-12-31 none 5");
    assert_string_equal(l->types[0].fields[2].sample, "pick 01 02 \"X\"");
    kr_layout_free(l);
    free(text);
}

static void test_parts_and_use(void **state)
{
    (void)state;
    char *text = with_head("part common \"共通\"\n"
                           "  id 9(8) key \"宛名番号\"\n"
                           "  s X(2) occurs 2\n"
                           "end\n"
                           "record a when k = \"1\"\n  k X(1)\n  use common\n  x X(3)\n  filler X(*)\n"
                           "record b when k = \"2\"\n  k X(1)\n  use common\n  filler X(*)\n");
    kr_layout *l = unit_layout(text);
    assert_int_equal(l->n_types, 2); /* a part is no record type */
    const kr_field *id = kr_layout_field(l, "b", "id", NULL);
    assert_non_null(id);
    assert_int_equal(id->offset, 1);
    assert_true(id->is_key);
    assert_string_equal(id->label, "宛名番号");
    const kr_field *s2 = kr_layout_field(l, "a", "s(2)", NULL);
    assert_non_null(s2);
    assert_int_equal(s2->offset, 11);
    assert_int_equal(l->types[0].groups[0].first, 2);
    assert_int_equal(kr_layout_field(l, "a", "x", NULL)->offset, 13);
    kr_layout_free(l);
    free(text);
    expect_error("record a\n  use nothing\n  filler X(*)\n", "KRK0123E", "test.layout:6:7", "no part 'nothing'");
    expect_error("part p\n  a X(1)\nend\nrecord r\n  a X(1)\n  use p\n  filler X(*)\n", "KRK0123E", NULL,
                 "already has a field 'a'");
    expect_error("part p\n  a X(*)\nend\nrecord r\n  use p\n  filler X(*)\n", "KRK0121E", NULL, "give 'a' a width");
    expect_error("record r\n  use nosuchlayout.data\n  filler X(*)\n", "KRK0122E", NULL, "is not found");
}

/* A NUL byte is an error at its column, wherever it is (in a label it cut the text short and
 * the layout passed); columns after long runs of UTF-8 text count characters. */
static void test_nul_bytes_and_columns(void **state)
{
    (void)state;
    static const char body[] = "record data\n  a X(3) sample(one \"ab\0cd\")\n  filler X(*)\n";
    char *text = kr_xasprintf("%s", HEAD);
    size_t head = strlen(text), n = head + sizeof body - 1;
    text = kr_xrealloc(text, n);
    memcpy(text + head, body, sizeof body - 1);
    kr_diags d;
    kr_diags_init(&d);
    kr_layout *l = kr_layout_parse(text, n, "test.layout", &d);
    assert_null(l);
    char *errs = unit_diags_take(&d);
    assert_contains(errs, "KRK0101E");
    assert_contains(errs, "test.layout:6:24");
    assert_contains(errs, "NUL byte");
    free(errs);
    free(text);
    kr_buf b;
    kr_buf_init(&b);
    kr_buf_adds(&b, "record data\n  a X(3) \"");
    for (int i = 0; i < 20000; i++)
        kr_buf_adds(&b, "あ");
    kr_buf_adds(&b, "\" é\n  filler X(*)\n");
    expect_error(b.data, "KRK0101E", "test.layout:6:20013", "ASCII");
    kr_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_offsets_and_star),
        cmocka_unit_test(test_utf8_n_width),
        cmocka_unit_test(test_occurs_and_groups),
        cmocka_unit_test(test_record_types_and_classify),
        cmocka_unit_test(test_two_byte_discriminator),
        cmocka_unit_test(test_era_statement),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_missing_file_attributes),
        cmocka_unit_test(test_show_json_and_table),
        cmocka_unit_test(test_sample_attribute),
        cmocka_unit_test(test_parts_and_use),
        cmocka_unit_test(test_nul_bytes_and_columns),
    };
    return cmocka_run_group_tests_name("layout", tests, NULL, NULL);
}
