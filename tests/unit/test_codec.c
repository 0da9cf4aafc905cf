/* test_codec.c: the field types at the byte level, checked against values worked out by
 * hand: zoned decimals with every sign convention, packed and binary numbers, writing and
 * reading back, formatting with implied decimals, dates in every format with the era
 * boundaries on both sides, day arithmetic, 個人番号 check digits, code lists, the
 * character classes of text fields and what the listing may show of a sensitive field. */
#include "unit.h"

#include "kiroku/codec.h"

/* One record type holding a field of every numeric shape. */
static const char *NUMBERS =
    "layout n\n  encoding cp932\n  length 200\n  terminator lf\n"
    "record data\n"
    "  u5   9(5)\n"
    "  u3v2 9(3)V99\n"
    "  s3   S9(3)\n"
    "  sl3  S9(3) sign(leading)\n"
    "  sts3 S9(3) sign(trailing-separate)\n"
    "  sls3 S9(3) sign(leading-separate)\n"
    "  s5v2 S9(5)V99\n"
    "  p5   P(5)\n"
    "  p4   P(4)\n"
    "  pu5  P(5) unsigned\n"
    "  p3v2 P(3)V99\n"
    "  b1s  B(1) signed\n"
    "  b2   B(2)\n"
    "  b2s  B(2) signed\n"
    "  b2l  B(2) little\n"
    "  b4s  B(4) signed\n"
    "  b4ls B(4) signed little\n"
    "  b8   B(8)\n"
    "  b8s  B(8) signed\n"
    "  u31  9(31)\n"
    "  filler X(*)\n";

static const kr_field *F(const kr_layout *l, const char *name)
{
    const kr_field *f = kr_layout_field(l, NULL, name, NULL);
    if (!f)
        fail_msg("no field %s", name);
    return f;
}

/* A blank record of the layout with `bytes` (the field's width) in field f. */
static unsigned char *rec_with(const kr_layout *l, const kr_field *f, const void *bytes)
{
    static unsigned char rec[1024];
    memset(rec, ' ', sizeof rec);
    memcpy(rec + f->offset, bytes, f->length);
    (void)l;
    return rec;
}

static kr_i128 num_ok(const kr_layout *l, const char *name, const void *bytes)
{
    const kr_field *f = F(l, name);
    kr_i128 v = 0;
    kr_problem pb;
    if (!kr_num_get(l, f, rec_with(l, f, bytes), &v, &pb))
        fail_msg("%s: %s", name, pb.reason);
    return v;
}

/* Expects a bad number: the problem's id, its offset in the field and part of its reason. */
static void num_bad(const kr_layout *l, const char *name, const void *bytes, size_t at, const char *why)
{
    const kr_field *f = F(l, name);
    kr_i128 v;
    kr_problem pb;
    memset(&pb, 0, sizeof pb);
    if (kr_num_get(l, f, rec_with(l, f, bytes), &v, &pb))
        fail_msg("%s: accepted a bad value", name);
    assert_string_equal(pb.id, "KRK0301E");
    assert_int_equal(pb.rc, KR_RC_REJECT);
    assert_int_equal(pb.offset, f->offset + at);
    assert_contains(pb.reason, why);
}

#define NUM_EQ(l, name, bytes, want) assert_true(num_ok((l), (name), (bytes)) == (kr_i128)(want))

static void test_zoned(void **state)
{
    (void)state;
    kr_layout *l = unit_layout(NUMBERS);
    NUM_EQ(l, "u5", "01234", 1234);
    NUM_EQ(l, "u5", "99999", 99999);
    NUM_EQ(l, "u3v2", "12345", 12345); /* 123.45 as 12345 hundredths */
    num_bad(l, "u5", "0123 ", 4, "' ' is not a digit");
    num_bad(l, "u5", "01A34", 2, "'A' is not a digit");
    num_bad(l, "u5", "0123p", 4, "overpunched sign, but the field is unsigned");
    num_bad(l, "u5", "\x81\x40" "123", 0, "0x81 is not a digit");

    /* Trailing overpunch, ASCII convention (GnuCOBOL, Micro Focus): p..y are -0..-9. */
    NUM_EQ(l, "s3", "123", 123);
    NUM_EQ(l, "s3", "12p", -120);
    NUM_EQ(l, "s3", "12y", -129);
    NUM_EQ(l, "s3", "00p", 0);
    /* EBCDIC convention, accepted on read whatever the layout writes: { A..I +0..+9,
     * } J..R -0..-9. */
    NUM_EQ(l, "s3", "12{", 120);
    NUM_EQ(l, "s3", "12A", 121);
    NUM_EQ(l, "s3", "12I", 129);
    NUM_EQ(l, "s3", "12}", -120);
    NUM_EQ(l, "s3", "12J", -121);
    NUM_EQ(l, "s3", "12R", -129);
    num_bad(l, "s3", "12z", 2, "'z' is not a digit with an overpunched sign");
    num_bad(l, "s3", "12 ", 2, "' ' is not a digit with an overpunched sign");
    num_bad(l, "s3", "1p3", 1, "'p' is not a digit"); /* a sign only on the last digit */
    /* Leading overpunch. */
    NUM_EQ(l, "sl3", "p23", -23);
    NUM_EQ(l, "sl3", "J23", -123);
    NUM_EQ(l, "sl3", "A23", 123);
    NUM_EQ(l, "sl3", "123", 123);
    num_bad(l, "sl3", "12p", 2, "'p' is not a digit");
    /* Separate signs: one more byte. */
    assert_int_equal(F(l, "sts3")->length, 4);
    NUM_EQ(l, "sts3", "123-", -123);
    NUM_EQ(l, "sts3", "123+", 123);
    num_bad(l, "sts3", "123 ", 3, "the sign byte is ' '; it must be '+' or '-'");
    NUM_EQ(l, "sls3", "-123", -123);
    NUM_EQ(l, "sls3", "+007", 7);
    num_bad(l, "sls3", "123+", 0, "the sign byte is '1'");
    num_bad(l, "sls3", "+12p", 3, "'p' is not a digit");
    NUM_EQ(l, "s5v2", "123456r", -1234562);
    kr_layout_free(l);
}

static void test_packed(void **state)
{
    (void)state;
    kr_layout *l = unit_layout(NUMBERS);
    assert_int_equal(F(l, "p5")->length, 3);
    assert_int_equal(F(l, "p4")->length, 3);
    /* Sign nibbles: C, A, E, F positive; D, B negative. */
    NUM_EQ(l, "p5", "\x12\x34\x5C", 12345);
    NUM_EQ(l, "p5", "\x12\x34\x5D", -12345);
    NUM_EQ(l, "p5", "\x12\x34\x5F", 12345);
    NUM_EQ(l, "p5", "\x12\x34\x5A", 12345);
    NUM_EQ(l, "p5", "\x12\x34\x5B", -12345);
    NUM_EQ(l, "p5", "\x12\x34\x5E", 12345);
    NUM_EQ(l, "p5", "\x00\x00\x0C", 0);
    NUM_EQ(l, "p5", "\x99\x99\x9D", -99999);
    /* Even digit counts: the first nibble is a pad and must be 0. */
    NUM_EQ(l, "p4", "\x01\x23\x4C", 1234);
    num_bad(l, "p4", "\x11\x23\x4C", 0, "a digit beyond the field's 4 digits");
    /* Bad nibbles. */
    num_bad(l, "p5", "\xA2\x34\x5C", 0, "the nibble A where a digit belongs");
    num_bad(l, "p5", "\x1F\x34\x5C", 0, "the nibble F where a digit belongs");
    num_bad(l, "p5", "\x12\x3B\x5C", 1, "the nibble B where a digit belongs");
    num_bad(l, "p5", "\x12\x34\xC5", 2, "the nibble C where a digit belongs");
    num_bad(l, "p5", "\x12\x34\x55", 2, "has no sign nibble");
    NUM_EQ(l, "p3v2", "\x12\x34\x5D", -12345);
    /* An unsigned packed field takes the positive nibbles only, as unsigned zoned does. */
    NUM_EQ(l, "pu5", "\x12\x34\x5F", 12345);
    NUM_EQ(l, "pu5", "\x12\x34\x5C", 12345);
    num_bad(l, "pu5", "\x12\x34\x5D", 2, "negative sign nibble D, but the field is unsigned");
    num_bad(l, "pu5", "\x12\x34\x5B", 2, "negative sign nibble B, but the field is unsigned");
    kr_layout_free(l);
}

static void test_binary(void **state)
{
    (void)state;
    kr_layout *l = unit_layout(NUMBERS);
    NUM_EQ(l, "b1s", "\x7F", 127);
    NUM_EQ(l, "b1s", "\x80", -128);
    NUM_EQ(l, "b1s", "\xFF", -1);
    NUM_EQ(l, "b2", "\x01\x02", 258);
    NUM_EQ(l, "b2", "\xFF\xFE", 65534);
    NUM_EQ(l, "b2s", "\xFF\xFE", -2);
    NUM_EQ(l, "b2s", "\x80\x00", -32768);
    NUM_EQ(l, "b2l", "\x02\x01", 258);
    NUM_EQ(l, "b4s", "\x80\x00\x00\x00", -2147483648LL);
    NUM_EQ(l, "b4s", "\x7F\xFF\xFF\xFF", 2147483647LL);
    NUM_EQ(l, "b4ls", "\xFE\xFF\xFF\xFF", -2);
    NUM_EQ(l, "b4ls", "\x01\x00\x00\x80", -2147483647LL);
    assert_true(num_ok(l, "b8", "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF") == (kr_i128)UINT64_MAX);
    NUM_EQ(l, "b8s", "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF", -1);
    assert_true(num_ok(l, "b8s", "\x80\x00\x00\x00\x00\x00\x00\x00") == (kr_i128)INT64_MIN);
    NUM_EQ(l, "b8", "\x00\x00\x00\x00\x00\x01\x00\x00", 65536);
    kr_layout_free(l);
}

/* Writes v, reads it back; the field's neighbours are untouched. */
static void round_trip(const kr_layout *l, const char *name, kr_i128 v)
{
    const kr_field *f = F(l, name);
    unsigned char rec[256];
    memset(rec, '#', sizeof rec);
    if (!kr_num_put(l, f, rec, v)) {
        char s[64];
        kr_num_format(v, 0, s);
        fail_msg("%s: could not write %s", name, s);
    }
    for (size_t i = 0; i < sizeof rec; i++)
        if ((i < f->offset || i >= f->offset + f->length) && rec[i] != '#')
            fail_msg("%s: wrote outside the field at byte %zu", name, i);
    kr_i128 got;
    kr_problem pb;
    if (!kr_num_get(l, f, rec, &got, &pb))
        fail_msg("%s: %s", name, pb.reason);
    if (got != v) {
        char a[64], b[64];
        kr_num_format(v, 0, a);
        kr_num_format(got, 0, b);
        fail_msg("%s: wrote %s, read %s", name, a, b);
    }
}

static void test_num_put(void **state)
{
    (void)state;
    kr_layout *l = unit_layout(NUMBERS);
    static const char *fields[] = {"u5", "u3v2", "s3", "sl3", "sts3", "sls3", "s5v2", "p5", "p4", "pu5",
                                   "p3v2", "b1s", "b2", "b2s", "b2l", "b4s", "b4ls", "b8", "b8s", "u31"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const kr_field *f = F(l, fields[i]);
        kr_i128 max = kr_num_max(f), min = kr_num_min(f);
        kr_i128 vals[] = {0, 1, 7, max, max - 1, max / 3, min, min + 1, min / 3, -1, -7};
        for (size_t k = 0; k < sizeof vals / sizeof vals[0]; k++)
            if (vals[k] >= min && vals[k] <= max)
                round_trip(l, fields[i], vals[k]);
        /* One beyond either end does not fit, and the field is left as it was. */
        unsigned char rec[256];
        memset(rec, '#', sizeof rec);
        assert_false(kr_num_put(l, f, rec, max + 1));
        assert_false(kr_num_put(l, f, rec, min - 1));
        for (size_t b = 0; b < sizeof rec; b++)
            assert_int_equal(rec[b], '#');
    }
    assert_true(kr_num_max(F(l, "u5")) == 99999);
    assert_true(kr_num_min(F(l, "u5")) == 0);
    assert_true(kr_num_min(F(l, "s3")) == -999);
    assert_true(kr_num_max(F(l, "b2s")) == 32767);
    assert_true(kr_num_min(F(l, "b2s")) == -32768);
    assert_true(kr_num_max(F(l, "b2")) == 65535);
    assert_true(kr_num_max(F(l, "b8")) == (kr_i128)UINT64_MAX);
    assert_true(kr_num_min(F(l, "pu5")) == 0);

    /* The bytes written, by hand. */
    unsigned char rec[256];
    memset(rec, ' ', sizeof rec);
    const kr_field *f = F(l, "s3");
    assert_true(kr_num_put(l, f, rec, -120));
    assert_memory_equal(rec + f->offset, "12p", 3);
    assert_true(kr_num_put(l, f, rec, 5));
    assert_memory_equal(rec + f->offset, "005", 3);
    f = F(l, "sl3");
    assert_true(kr_num_put(l, f, rec, -23));
    assert_memory_equal(rec + f->offset, "p23", 3);
    f = F(l, "sts3");
    assert_true(kr_num_put(l, f, rec, -4));
    assert_memory_equal(rec + f->offset, "004-", 4);
    f = F(l, "sls3");
    assert_true(kr_num_put(l, f, rec, 4));
    assert_memory_equal(rec + f->offset, "+004", 4);
    f = F(l, "p5");
    assert_true(kr_num_put(l, f, rec, -12345));
    assert_memory_equal(rec + f->offset, "\x12\x34\x5D", 3);
    f = F(l, "p4");
    assert_true(kr_num_put(l, f, rec, 1234));
    assert_memory_equal(rec + f->offset, "\x01\x23\x4C", 3);
    f = F(l, "pu5");
    assert_true(kr_num_put(l, f, rec, 12345));
    assert_memory_equal(rec + f->offset, "\x12\x34\x5F", 3);
    assert_false(kr_num_put(l, f, rec, -1)); /* unsigned */
    f = F(l, "b2s");
    assert_true(kr_num_put(l, f, rec, -2));
    assert_memory_equal(rec + f->offset, "\xFF\xFE", 2);
    f = F(l, "b2l");
    assert_true(kr_num_put(l, f, rec, 258));
    assert_memory_equal(rec + f->offset, "\x02\x01", 2);
    f = F(l, "u5");
    assert_false(kr_num_put(l, f, rec, -1));
    kr_layout_free(l);

    /* A layout that writes the EBCDIC convention. */
    l = unit_layout("layout e\n encoding cp932\n length 6\n terminator none\n overpunch ebcdic\n"
                    "record data\n  a S9(3)\n  b S9(3) sign(leading)\n");
    memset(rec, ' ', sizeof rec);
    assert_true(kr_num_put(l, F(l, "a"), rec, -120));
    assert_true(kr_num_put(l, F(l, "b"), rec, 121));
    assert_memory_equal(rec, "12}A21", 6);
    assert_true(kr_num_put(l, F(l, "a"), rec, 129));
    assert_true(kr_num_put(l, F(l, "b"), rec, -999));
    assert_memory_equal(rec, "12IR99", 6);
    round_trip(l, "a", -5);
    round_trip(l, "b", 0);
    kr_layout_free(l);
}

static void test_num_format(void **state)
{
    (void)state;
    static const struct {
        long long v;
        unsigned scale;
        const char *want;
    } cases[] = {
        {12345, 2, "123.45"}, {-12345, 2, "-123.45"}, {5, 2, "0.05"}, {-5, 2, "-0.05"}, {0, 3, "0.000"},
        {7, 0, "7"}, {-7, 0, "-7"}, {0, 0, "0"}, {100, 2, "1.00"}, {1, 1, "0.1"}, {123456789, 9, "0.123456789"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[48];
        int n = kr_num_format(cases[i].v, cases[i].scale, out);
        assert_string_equal(out, cases[i].want);
        assert_int_equal(n, (int)strlen(cases[i].want));
    }
    /* 31 digits, the widest decimal field. */
    kr_i128 big = 0;
    for (int i = 0; i < 31; i++)
        big = big * 10 + 9;
    char out[48];
    kr_num_format(-big, 4, out);
    assert_string_equal(out, "-999999999999999999999999999.9999");
}

/* ---- dates ---------------------------------------------------------------------------- */

static const char *DATES =
    "layout d\n  encoding cp932\n  length 80\n  terminator lf\n"
    "record data\n"
    "  ymd  date(yyyymmdd) none(00000000) open(99999999)\n"
    "  ymd2 date(yyyymmdd)\n"
    "  ym   date(yyyymm) none(000000)\n"
    "  yy   date(yymmdd)\n"
    "  yy30 date(yymmdd) window(1930)\n"
    "  g    date(gyymmdd) none(0000000, \"       \")\n"
    "  gg   date(ggyymmdd) open(99999999)\n"
    "  filler X(*)\n";

static kr_date date_ok(const kr_layout *l, const char *name, const char *text)
{
    const kr_field *f = F(l, name);
    kr_date d;
    kr_problem pb;
    if (!kr_date_get(l, f, rec_with(l, f, text), &d, &pb))
        fail_msg("%s \"%s\": %s", name, text, pb.reason);
    return d;
}

static void date_is(const kr_layout *l, const char *name, const char *text, int ymd)
{
    kr_date d = date_ok(l, name, text);
    assert_int_equal(d.kind, KR_DATE_VALUE);
    if (d.ymd != ymd)
        fail_msg("%s \"%s\": %d, not %d", name, text, d.ymd, ymd);
}

static void date_bad(const kr_layout *l, const char *name, const char *text, size_t at, const char *why)
{
    const kr_field *f = F(l, name);
    kr_date d;
    kr_problem pb;
    memset(&pb, 0, sizeof pb);
    if (kr_date_get(l, f, rec_with(l, f, text), &d, &pb))
        fail_msg("%s \"%s\": accepted", name, text);
    assert_string_equal(pb.id, "KRK0302E");
    assert_int_equal(pb.offset, f->offset + at);
    assert_contains(pb.reason, why);
}

static void test_western_dates(void **state)
{
    (void)state;
    kr_layout *l = unit_layout(DATES);
    date_is(l, "ymd", "20240401", 20240401);
    date_is(l, "ymd", "20240229", 20240229);
    date_is(l, "ymd", "20000229", 20000229); /* divisible by 400: a leap year */
    date_bad(l, "ymd", "19000229", 6, "1900-02-29 is not a calendar date"); /* by 100: not */
    date_bad(l, "ymd", "20230229", 6, "2023-02-29 is not a calendar date");
    date_bad(l, "ymd", "20240431", 6, "2024-04-31 is not a calendar date");
    date_bad(l, "ymd", "20241301", 4, "month 13 does not exist");
    date_bad(l, "ymd", "20240001", 4, "month 00 does not exist");
    date_bad(l, "ymd", "20240100", 6, "is not a calendar date");
    date_bad(l, "ymd", "2024-4-1", 4, "'-' in a date");
    assert_int_equal(date_ok(l, "ymd", "00000000").kind, KR_DATE_NONE);
    assert_int_equal(date_ok(l, "ymd", "99999999").kind, KR_DATE_OPEN);
    /* Without none/open, those are plain (wrong) dates; blanks get a hint. */
    date_bad(l, "ymd2", "00000000", 4, "month 00 does not exist");
    date_bad(l, "ymd2", "99999999", 4, "month 99 does not exist");
    date_bad(l, "ymd2", "        ", 0, "the date is blank; if blank means no date, add none(\"        \")");
    date_bad(l, "ymd2", "2024\x81\x40" "01", 4, "0x81 in a date");

    date_is(l, "ym", "202404", 20240400);
    date_bad(l, "ym", "202413", 4, "month 13 does not exist");
    assert_int_equal(date_ok(l, "ym", "000000").kind, KR_DATE_NONE);

    /* yymmdd: the window's first year and the 99 after it (default 1950). */
    date_is(l, "yy", "500101", 19500101);
    date_is(l, "yy", "991231", 19991231);
    date_is(l, "yy", "000101", 20000101);
    date_is(l, "yy", "491231", 20491231);
    date_is(l, "yy30", "300101", 19300101);
    date_is(l, "yy30", "291231", 20291231);
    date_is(l, "yy", "000229", 20000229);
    date_bad(l, "yy", "010229", 4, "2001-02-29 is not a calendar date");
    date_bad(l, "yy", "011301", 2, "month 13 does not exist");
    kr_layout_free(l);
}

/* Each era's first day and the day before it, its last day and the day after it. */
static void test_era_boundaries(void **state)
{
    (void)state;
    kr_layout *l = unit_layout(DATES);
    static const struct {
        const char *g;
        int ymd; /* 0: does not exist */
        const char *why;
    } cases[] = {
        {"1010125", 18680125, NULL},                                /* 明治元年1月25日 */
        {"1010124", 0, "明治1年1月24日 does not exist: 明治 began on 1868-01-25"},
        {"1450729", 19120729, NULL},                                /* 明治45年7月29日 */
        {"1450730", 0, "明治45年7月30日 does not exist: 明治 ended on 1912-07-29"},
        {"2010730", 19120730, NULL},                                /* 大正元年7月30日 */
        {"2010729", 0, "大正 began on 1912-07-30"},
        {"2151224", 19261224, NULL},                                /* 大正15年12月24日 */
        {"2151225", 0, "大正 ended on 1926-12-24"},
        {"3011225", 19261225, NULL},                                /* 昭和元年12月25日 */
        {"3011224", 0, "昭和 began on 1926-12-25"},
        {"3640107", 19890107, NULL},                                /* 昭和64年1月7日 */
        {"3640108", 0, "昭和 ended on 1989-01-07"},
        {"4010108", 19890108, NULL},                                /* 平成元年1月8日 */
        {"4010107", 0, "平成 began on 1989-01-08"},
        {"4310430", 20190430, NULL},                                /* 平成31年4月30日 */
        {"4310501", 0, "平成31年5月1日 does not exist: 平成 ended on 2019-04-30"},
        {"5010501", 20190501, NULL},                                /* 令和元年5月1日 */
        {"5010430", 0, "令和1年4月30日 does not exist: 令和 began on 2019-05-01"},
        {"5060401", 20240401, NULL},
        {"4120229", 20000229, NULL},                                /* 平成12年: 2000, leap */
        {"4110229", 0, "平成11年2月29日 is not a calendar date"},
        {"3631301", 0, "昭和63年13月1日 is not a calendar date"},
        {"5000101", 0, "year 00 of 令和 does not exist (元年 is written 01)"},
        {"6010101", 0, "era code 6 is not in the era table"},
        {"0010101", 0, "era code 0 is not in the era table"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (cases[i].ymd) {
            kr_date d = date_ok(l, "g", cases[i].g);
            assert_int_equal(d.ymd, cases[i].ymd);
            assert_int_equal(l->eras[d.era].code, cases[i].g[0] - '0');
            assert_int_equal(d.era_year, (cases[i].g[1] - '0') * 10 + cases[i].g[2] - '0');
        } else {
            const kr_field *f = F(l, "g");
            kr_date d;
            kr_problem pb;
            if (kr_date_get(l, f, rec_with(l, f, cases[i].g), &d, &pb))
                fail_msg("%s accepted", cases[i].g);
            assert_contains(pb.reason, cases[i].why);
        }
    }
    assert_int_equal(date_ok(l, "g", "0000000").kind, KR_DATE_NONE);
    assert_int_equal(date_ok(l, "g", "       ").kind, KR_DATE_NONE);
    date_bad(l, "g", "4310500", 3, "平成31年5月0日 is not a calendar date");
    /* Two-digit era codes. */
    date_is(l, "gg", "05060401", 20240401);
    date_is(l, "gg", "04310430", 20190430);
    date_bad(l, "gg", "04310501", 0, "平成 ended on 2019-04-30");
    date_bad(l, "gg", "07010101", 0, "era code 7 is not in the era table");
    date_bad(l, "gg", "05000101", 2, "year 00 of 令和");
    assert_int_equal(date_ok(l, "gg", "99999999").kind, KR_DATE_OPEN);
    assert_int_equal(kr_era_of(l, 19890107), 2);
    assert_int_equal(kr_era_of(l, 19890108), 3);
    assert_int_equal(kr_era_of(l, 18680125), 0);
    assert_int_equal(kr_era_of(l, 18680124), -1);
    kr_layout_free(l);

    /* A new era declared in the layout ends 令和 the day before it begins. */
    l = unit_layout("layout e\n encoding cp932\n length 7\n terminator lf\n era 6 \"新元号\" 2040-01-01\n"
                    "record data\n  g date(gyymmdd)\n");
    date_is(l, "g", "5211231", 20391231);
    date_bad(l, "g", "5220101", 0, "令和 ended on 2039-12-31");
    date_is(l, "g", "6010101", 20400101);
    unsigned char rec[8];
    assert_true(kr_date_put(l, F(l, "g"), rec, 20400102));
    assert_memory_equal(rec, "6010102", 7);
    kr_layout_free(l);
}

static void put_is(const kr_layout *l, const char *name, int ymd, const char *want)
{
    const kr_field *f = F(l, name);
    unsigned char rec[128];
    memset(rec, '#', sizeof rec);
    if (!want) {
        assert_false(kr_date_put(l, f, rec, ymd));
        return;
    }
    if (!kr_date_put(l, f, rec, ymd))
        fail_msg("%s: cannot write %d", name, ymd);
    assert_memory_equal(rec + f->offset, want, f->length);
    assert_int_equal(rec[f->offset + f->length], '#');
}

static void test_date_put(void **state)
{
    (void)state;
    kr_layout *l = unit_layout(DATES);
    put_is(l, "ymd", 20240401, "20240401");
    put_is(l, "ymd", 10101, "00010101");
    put_is(l, "ym", 20240415, "202404");
    put_is(l, "yy", 19500101, "500101");
    put_is(l, "yy", 20491231, "491231");
    put_is(l, "yy", 19491231, NULL); /* before the window */
    put_is(l, "yy", 20500101, NULL); /* after it */
    put_is(l, "yy30", 19300101, "300101");
    put_is(l, "g", 20190430, "4310430");
    put_is(l, "g", 20190501, "5010501");
    put_is(l, "g", 19890107, "3640107");
    put_is(l, "g", 19890108, "4010108");
    put_is(l, "g", 18680125, "1010125");
    put_is(l, "g", 18680124, NULL); /* before 明治 */
    put_is(l, "g", 21171231, "5991231");
    put_is(l, "g", 21180101, NULL); /* 令和100年 does not fit two digits */
    put_is(l, "gg", 20240401, "05060401");
    put_is(l, "gg", 19261225, "03011225");

    /* Every day from 明治元年1月25日 to 2117-12-31 goes out as 和暦 and comes back the same,
     * in both widths. */
    const kr_field *g = F(l, "g"), *gg = F(l, "gg");
    unsigned char rec[128];
    memset(rec, ' ', sizeof rec);
    long first = kr_days_from_ymd(18680125), last = kr_days_from_ymd(21171231);
    for (long day = first; day <= last; day++) {
        int ymd = kr_ymd_from_days(day);
        kr_date d1, d2;
        kr_problem pb;
        if (!kr_date_put(l, g, rec, ymd) || !kr_date_put(l, gg, rec, ymd))
            fail_msg("cannot write %d", ymd);
        if (!kr_date_get(l, g, rec, &d1, &pb) || !kr_date_get(l, gg, rec, &d2, &pb))
            fail_msg("%d came back wrong: %s", ymd, pb.reason);
        if (d1.ymd != ymd || d2.ymd != ymd || d1.era != d2.era || d1.era != kr_era_of(l, ymd))
            fail_msg("%d came back as %d / %d", ymd, d1.ymd, d2.ymd);
    }
    kr_layout_free(l);
}

static void test_day_arithmetic(void **state)
{
    (void)state;
    /* Days counted from 1970-01-01. */
    assert_int_equal(kr_days_from_ymd(19700101), 0);
    assert_int_equal(kr_days_from_ymd(19700102), 1);
    assert_int_equal(kr_days_from_ymd(19691231), -1);
    assert_int_equal(kr_days_from_ymd(20000301), 11017);
    assert_int_equal(kr_days_from_ymd(20190501) - kr_days_from_ymd(20190430), 1);
    assert_int_equal(kr_days_from_ymd(20240301) - kr_days_from_ymd(20240228), 2);
    assert_int_equal(kr_days_from_ymd(20230301) - kr_days_from_ymd(20230228), 1);
    assert_int_equal(kr_days_from_ymd(20010101) - kr_days_from_ymd(20000101), 366);
    assert_int_equal(kr_days_from_ymd(19010101) - kr_days_from_ymd(19000101), 365);
    /* Every day of years 1 to 9999: the two functions are inverse, and each day is the
     * calendar day after the one before. */
    long first = kr_days_from_ymd(10101), last = kr_days_from_ymd(99991231);
    int prev = kr_ymd_from_days(first);
    assert_int_equal(prev, 10101);
    for (long day = first + 1; day <= last; day++) {
        int ymd = kr_ymd_from_days(day);
        int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
        int py = prev / 10000, pm = prev / 100 % 100, pd = prev % 100;
        bool next = (y == py && m == pm && d == pd + 1) || (y == py && m == pm + 1 && d == 1) ||
                    (y == py + 1 && m == 1 && d == 1 && pm == 12 && pd == 31);
        if (!next || !kr_date_valid_ymd(y, m, d) || kr_days_from_ymd(ymd) != day)
            fail_msg("day %ld: %d after %d", day, ymd, prev);
        prev = ymd;
    }
    assert_int_equal(prev, 99991231);
    assert_true(kr_date_valid_ymd(2024, 2, 29));
    assert_false(kr_date_valid_ymd(2100, 2, 29));
    assert_false(kr_date_valid_ymd(0, 1, 1));
    assert_false(kr_date_valid_ymd(10000, 1, 1));
    assert_false(kr_date_valid_ymd(2024, 4, 31));
}

/* ---- 個人番号 ------------------------------------------------------------------------- */

static void test_mynumber_check_digit(void **state)
{
    (void)state;
    /* Weights 2,3,4,5,6,7,2,3,4,5,6 from the rightmost base digit; r = sum mod 11;
     * check = r <= 1 ? 0 : 11 - r. Each worked by hand: */
    static const struct {
        const char *base;
        int check;
    } cases[] = {
        {"12345678901", 8}, /* 212 mod 11 = 3 (the example of the 番号法施行規則) */
        {"00000000000", 0}, /* 0 */
        {"00000000001", 9}, /* 1x2 = 2 */
        {"00000000005", 1}, /* 5x2 = 10 */
        {"00000000006", 0}, /* 6x2 = 12, r = 1 */
        {"00000100000", 4}, /* the 6th from the right weighs 7 */
        {"00001000000", 9}, /* the 7th weighs 2 again */
        {"10000000000", 5}, /* the 11th weighs 6 */
        {"99999999999", 6}, /* 9 x 47 = 423, r = 5 */
        {"31415926535", 2}, /* 5x2+3x3+5x4+6x5+2x6+9x7+5x2+1x3+4x4+1x5+3x6 = 196, r = 9 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (kr_mynumber_check_digit((const unsigned char *)cases[i].base) != cases[i].check)
            fail_msg("%s: %d, not %d", cases[i].base, kr_mynumber_check_digit((const unsigned char *)cases[i].base),
                     cases[i].check);
    assert_int_equal(kr_mynumber_check_digit((const unsigned char *)"1234567890A"), -1);
    assert_int_equal(kr_mynumber_check_digit((const unsigned char *)"12345 78901"), -1);
}

static size_t check(const kr_layout *l, const char *name, const void *bytes, kr_problem *out)
{
    const kr_field *f = F(l, name);
    return kr_field_check(l, f, rec_with(l, f, bytes), out, 8);
}

static void test_mynumber_field(void **state)
{
    (void)state;
    kr_layout *l = unit_layout("layout m\n encoding cp932\n length 12\n terminator lf\n"
                               "record data\n  kojin_no mynumber\n");
    const kr_field *f = F(l, "kojin_no");
    assert_true(f->sensitive);
    kr_problem pb[8];
    assert_int_equal(check(l, "kojin_no", "123456789018", pb), 0);
    assert_int_equal(check(l, "kojin_no", "314159265352", pb), 0);
    assert_int_equal(check(l, "kojin_no", "123456789017", pb), 1);
    assert_string_equal(pb[0].id, "KRK0306E");
    assert_int_equal(pb[0].offset, 11);
    assert_null(strstr(pb[0].reason, "12345678901")); /* the number is never in a message */
    assert_int_equal(check(l, "kojin_no", "1234567890A8", pb), 1);
    assert_string_equal(pb[0].id, "KRK0306E");
    assert_int_equal(pb[0].offset, 10);
    assert_contains(pb[0].reason, "position 11");
    assert_int_equal(check(l, "kojin_no", "            ", pb), 1);
    assert_string_equal(pb[0].id, "KRK0307W");
    assert_int_equal(pb[0].rc, KR_RC_WARN);
    /* Shown masked, and as itself only when asked. */
    kr_buf b;
    kr_buf_init(&b);
    kr_field_display(l, f, rec_with(l, f, "123456789018"), false, &b);
    assert_string_equal(b.data, "************");
    kr_buf_reset(&b);
    kr_field_display(l, f, rec_with(l, f, "123456789018"), true, &b);
    assert_string_equal(b.data, "123456789018");
    kr_buf_free(&b);
    kr_layout_free(l);
}

/* ---- codes ---------------------------------------------------------------------------- */

static void test_codes(void **state)
{
    (void)state;
    kr_layout *l = unit_layout("layout c\n encoding cp932\n length 10\n terminator lf\n"
                               "record data\n"
                               "  sex   9(1) codes(1 \"男\", 2 \"女\")\n"
                               "  kubun X(2) codes(\" A\" \"エー\", B1, \"  \" \"なし\")\n"
                               "  flag  9(1) codes(0, 1) sensitive\n"
                               "  zoku  9(2) codes(01 \"世帯主\", 02 \"妻\")\n"
                               "  filler X(*)\n");
    kr_problem pb[8];
    assert_int_equal(check(l, "sex", "2", pb), 0);
    assert_string_equal(kr_field_code_label(F(l, "sex"), rec_with(l, F(l, "sex"), "2")), "女");
    assert_int_equal(check(l, "sex", "3", pb), 1);
    assert_string_equal(pb[0].id, "KRK0305E");
    assert_int_equal(pb[0].offset, 0);
    assert_contains(pb[0].reason, "\"3\" is not one of the codes (1 男, 2 女)");
    /* A value that is not a number at all is a number problem, not a code problem. */
    assert_int_equal(check(l, "sex", "x", pb), 1);
    assert_string_equal(pb[0].id, "KRK0301E");
    assert_int_equal(check(l, "kubun", " A", pb), 0);
    assert_int_equal(check(l, "kubun", "  ", pb), 0);
    assert_int_equal(check(l, "kubun", "B1", pb), 0);
    assert_null(kr_field_code_label(F(l, "kubun"), rec_with(l, F(l, "kubun"), "B1")));
    assert_int_equal(check(l, "kubun", "A ", pb), 1); /* exact bytes: "A " is not " A" */
    assert_int_equal(check(l, "kubun", "b1", pb), 1);
    assert_int_equal(check(l, "zoku", "01", pb), 0);
    assert_int_equal(check(l, "zoku", "1 ", pb), 1); /* not digits */
    assert_int_equal(check(l, "zoku", "03", pb), 1);
    /* A sensitive field's value is not shown. */
    assert_int_equal(check(l, "flag", "7", pb), 1);
    assert_contains(pb[0].reason, "\"***\" is not one of the codes");
    kr_layout_free(l);
}

/* ---- text ----------------------------------------------------------------------------- */

static void text_ok(const kr_layout *l, const char *name, const void *bytes)
{
    kr_problem pb[8];
    size_t n = check(l, name, bytes, pb);
    if (n)
        fail_msg("%s: %s", name, pb[0].reason);
}

static void text_bad(const kr_layout *l, const char *name, const void *bytes, const char *id, size_t at,
                     const char *why)
{
    kr_problem pb[8];
    size_t n = check(l, name, bytes, pb);
    if (n != 1)
        fail_msg("%s: %zu problems, not 1", name, n);
    assert_string_equal(pb[0].id, id);
    assert_int_equal(pb[0].offset, F(l, name)->offset + at);
    assert_contains(pb[0].reason, why);
}

static void test_cp932_text(void **state)
{
    (void)state;
    kr_layout *l = unit_layout("layout t\n encoding cp932\n length 40\n terminator lf\n"
                               "record data\n  x X(6)\n  n N(3)\n  m M(6)\n  s N(3) sensitive\n  sx X(4) sensitive\n"
                               "  filler X(*)\n");
    text_ok(l, "x", "\xB1\xB2\xB3 A1");                /* ｱｲｳ A1 */
    text_bad(l, "x", "\x83\x41    ", "KRK0303E", 0, "double-byte character 'ア' 0x8341 in an X field");
    text_bad(l, "x", "AB\tCD ", "KRK0303E", 2, "control byte 0x09");
    text_bad(l, "x", "AB\x80   ", "KRK0304E", 2, "byte 0x80 is not valid CP932");
    text_bad(l, "x", "ABCDE\x82", "KRK0304E", 5, "the field ends in the middle of a character (byte 0x82)");
    text_ok(l, "n", "\x8E\x52\x93\x63\x81\x40");       /* 山田　 */
    text_ok(l, "n", "\xF0\x40\x93\x63\x81\x40");       /* 外字 F040 is a double-byte character */
    text_ok(l, "n", "\xFB\xFC\xEE\xE0\x81\x40");       /* IBM and NEC-selected IBM extensions (髙) */
    text_bad(l, "n", "\x8E\x52 \x93\x63 ", "KRK0303E", 2, "single-byte character ' ' 0x20 in an N field; "
                                                       "N holds double-byte text (pad with the full-width space)");
    text_bad(l, "n", "\xB1\x81\x40\x81\x40 ", "KRK0303E", 0, "single-byte character 'ｱ' 0xB1 in an N field");
    text_bad(l, "n", "\x85\x40\x81\x40\x81\x40", "KRK0304E", 0, "0x8540 is not a CP932 character");
    text_bad(l, "n", "\x81\x7F\x81\x40\x81\x40", "KRK0304E", 0, "byte 0x81 is not valid CP932");
    text_ok(l, "m", "A\x8E\x52" "1  ");                /* A山1 */
    text_bad(l, "m", "A\x8E\x52" "1 \x8E", "KRK0304E", 5, "the field ends in the middle of a character");
    /* A sensitive field: the character and its bytes are not shown. */
    text_bad(l, "s", "\x8E\x52" "A\x93\x63 ", "KRK0303E", 2, "(not shown: the field is sensitive)");
    kr_problem pb[8];
    check(l, "s", "\x8E\x52" "A\x93\x63 ", pb);
    assert_null(strstr(pb[0].reason, "'A'"));
    assert_null(strstr(pb[0].reason, "0x41"));
    check(l, "sx", "\x8E\x52  ", pb);
    assert_contains(pb[0].reason, "double-byte character (not shown: the field is sensitive) in an X field");
    assert_null(strstr(pb[0].reason, "8E52"));
    check(l, "s", "\x85\x40\x81\x40\x81\x40", pb);
    assert_contains(pb[0].reason, "(not shown: the field is sensitive) is not a CP932 character");
    kr_layout_free(l);
}

static void test_utf8_text(void **state)
{
    (void)state;
    /* N(3) in 11 bytes: 山田 + U+3000 and two spaces, which may fill what U+3000 cannot. */
    kr_layout *l = unit_layout("layout u\n encoding utf-8\n length 40\n terminator lf\n"
                    "record data\n  n N(3) bytes(11)\n  x X(6)\n  m M(6)\n  filler X(*)\n");
    text_ok(l, "n", "\xE5\xB1\xB1\xE7\x94\xB0\xE3\x80\x80  ");
    text_bad(l, "n", "\xE5\xB1\xB1\xE7\x94\xB0   \xE3\x80", "KRK0303E", 6, "single-byte character ' '");
    text_bad(l, "n", "\xE5\xB1\xB1\xEF\xBD\xB1\xE3\x80\x80  ", "KRK0303E", 3, "single-byte character 'ｱ' UTF-8 EFBDB1");
    text_bad(l, "n", "\xE5\xB1\xB1\xC3\x28\xE3\x80\x80   ", "KRK0304E", 3, "byte 0xC3 is not valid UTF-8");
    text_bad(l, "n", "\xE5\xB1\xB1\xE7\x94\xB0\xE3\x80\x80\xE3\x80", "KRK0304E", 9,
             "the field ends in the middle of a character (byte 0xE3)");
    /* Invalid near the end, but not a character cut short: 0xE3 then 'A'. */
    text_bad(l, "n", "\xE5\xB1\xB1\xE3\x80\x80\xE3\x80\x80\xE3\x41", "KRK0304E", 9, "byte 0xE3 is not valid UTF-8");
    text_bad(l, "n", "\xE5\xB1\xB1\xE3\x80\x80\xE3\x80\x80\xF0\x9F", "KRK0304E", 9, "ends in the middle of a character");
    text_bad(l, "n", "\xED\xA0\x80\xE7\x94\xB0\xE3\x80\x80  ", "KRK0304E", 0, "not valid UTF-8"); /* a surrogate */
    text_ok(l, "n", "\xEE\x80\x80\xE7\x94\xB0\xE3\x80\x80  "); /* U+E000: 外字, double-byte class */
    text_ok(l, "x", "AB12  ");
    text_bad(l, "x", "\xE5\xB1\xB1   ", "KRK0303E", 0, "double-byte character '山' UTF-8 E5B1B1 in an X field");
    text_bad(l, "x", "AB\xC2\x85  ", "KRK0303E", 2, "control byte 0x85");
    text_ok(l, "m", "A\xE5\xB1\xB1  ");
    kr_layout_free(l);
}

/* ---- display -------------------------------------------------------------------------- */

static void shown(const kr_layout *l, const char *name, const void *bytes, const char *want)
{
    const kr_field *f = F(l, name);
    kr_buf b;
    kr_buf_init(&b);
    kr_field_display(l, f, rec_with(l, f, bytes), false, &b);
    if (!b.data || strcmp(b.data, want) != 0)
        fail_msg("%s: shown as \"%s\", not \"%s\"", name, b.data ? b.data : "", want);
    kr_buf_free(&b);
}

static void test_display(void **state)
{
    (void)state;
    kr_layout *l = unit_layout(NUMBERS);
    shown(l, "u3v2", "01250", "12.50");
    shown(l, "s5v2", "123456r", "-12345.62");
    shown(l, "p3v2", "\x12\x34\x5D", "-123.45");
    shown(l, "u5", "01 34", "?01 34");
    shown(l, "p5", "\x12\x34\x55", "?\\x124U");
    kr_layout_free(l);
    l = unit_layout(DATES);
    shown(l, "g", "4310430", "平成31年4月30日 2019-04-30");
    shown(l, "gg", "05010501", "令和1年5月1日 2019-05-01");
    shown(l, "ymd", "20240401", "2024-04-01");
    shown(l, "ymd", "00000000", "(none)");
    shown(l, "gg", "99999999", "(open)");
    shown(l, "ym", "202404", "2024-04");
    shown(l, "g", "4310501", "?4310501");
    kr_layout_free(l);
    l = unit_layout("layout t\n encoding cp932\n length 20\n terminator lf\n"
                    "record data\n  n N(4)\n  x X(6) sensitive\n  filler X(*)\n");
    shown(l, "n", "\x8E\x52\xF0\x40\x81\x40\x81\x40", "山[外字F040]");
    shown(l, "x", "ABC   ", "******");
    kr_layout_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zoned),
        cmocka_unit_test(test_packed),
        cmocka_unit_test(test_binary),
        cmocka_unit_test(test_num_put),
        cmocka_unit_test(test_num_format),
        cmocka_unit_test(test_western_dates),
        cmocka_unit_test(test_era_boundaries),
        cmocka_unit_test(test_date_put),
        cmocka_unit_test(test_day_arithmetic),
        cmocka_unit_test(test_mynumber_check_digit),
        cmocka_unit_test(test_mynumber_field),
        cmocka_unit_test(test_codes),
        cmocka_unit_test(test_cp932_text),
        cmocka_unit_test(test_utf8_text),
        cmocka_unit_test(test_display),
    };
    return cmocka_run_group_tests_name("codec", tests, NULL, NULL);
}
