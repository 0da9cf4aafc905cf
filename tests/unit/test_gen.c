/* test_gen.c: the sample-data generator: its random numbers, its data tables, that every
 * field of every record it makes passes the field check `verify` runs, that the fields of a
 * record agree (name, reading, sex, birth date), the sample(...) vocabulary and its errors,
 * text never cut inside a character, and GENERATE's whole files. */
#include "unit.h"

#include <glob.h>

#include "kiroku/check.h"
#include "kiroku/codec.h"
#include "kiroku/gen.h"
#include "kiroku/text.h"
#include "../../src/gen/gen_private.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *TEST_LAYOUTS[] = {"tests/layouts/gen_all_cp932.layout",
                                     "tests/layouts/gen_all_utf8.layout",
                                     "tests/layouts/gen_plain.layout"};

/* The test layouts and every shipped layout (the .layout files of layouts/). */
static size_t all_layouts(glob_t *g)
{
    int rc = glob("tests/layouts/gen_*.layout", 0, NULL, g);
    rc = glob("layouts/*.layout", rc == 0 ? GLOB_APPEND : 0, NULL, g);
    (void)rc;
    assert_true(g->gl_pathc >= 3);
    return g->gl_pathc;
}

static kr_layout *load(const char *path)
{
    kr_diags d;
    kr_diags_init(&d);
    kr_layout *l = kr_layout_load(path, &d);
    for (size_t i = 0; i < d.n; i++)
        print_error("%s\n", d.items[i]);
    kr_diags_free(&d);
    if (!l)
        fail_msg("cannot load %s", path);
    return l;
}

static kr_gen *gen_ok(const kr_layout *l, uint64_t seed)
{
    kr_err err;
    kr_gen *g = kr_gen_new(l, seed, 20250401, &err);
    if (!g)
        fail_msg("%s", err.text);
    return g;
}

static void make(kr_gen *g, int type, unsigned char *rec)
{
    kr_err err;
    if (!kr_gen_record(g, type, rec, &err))
        fail_msg("%s", err.text);
}

/* ---- random numbers ---------------------------------------------------------------------- */

static void test_rng_reference_values(void **state)
{
    (void)state;
    /* xoshiro256** seeded with splitmix64, as computed by an independent Python version. */
    kr_rng r;
    kr_rng_seed(&r, 1);
    assert_true(kr_rng_next(&r) == UINT64_C(0xb3f2af6d0fc710c5));
    assert_true(kr_rng_next(&r) == UINT64_C(0x853b559647364cea));
    assert_true(kr_rng_next(&r) == UINT64_C(0x92f89756082a4514));
    kr_rng_seed(&r, 20250401);
    assert_true(kr_rng_next(&r) == UINT64_C(0x11bbe9c55cd9f36b));
}

static void test_rng_ranges(void **state)
{
    (void)state;
    kr_rng r;
    kr_rng_seed(&r, 7);
    int seen[7] = {0};
    for (int i = 0; i < 7000; i++) {
        uint64_t v = kr_rng_below(&r, 7);
        assert_true(v < 7);
        seen[v]++;
    }
    for (int i = 0; i < 7; i++)
        assert_true(seen[i] > 850 && seen[i] < 1150);
    kr_i128 big = (kr_i128)1;
    for (int i = 0; i < 31; i++)
        big *= 10;
    bool neg = false, pos = false;
    for (int i = 0; i < 1000; i++) {
        kr_i128 v = kr_rng_range(&r, -(big - 1), big - 1);
        assert_true(v > -big && v < big);
        neg |= v < 0;
        pos |= v > 0;
    }
    assert_true(neg && pos);
    assert_true(kr_rng_range(&r, 5, 5) == 5);
}

/* ---- data tables ------------------------------------------------------------------------- */

/* Every character is in CP932; readings are katakana (and the long-vowel mark) only. */
static void check_string(const char *s, bool reading)
{
    size_t n = strlen(s), i = 0;
    assert_true(n > 0);
    while (i < n) {
        uint32_t c;
        kr_charclass cls;
        i += kr_utf8_next((const unsigned char *)s + i, n - i, &c, &cls);
        if (cls != KR_CC_DOUBLE || kr_ucs_to_cp932[c] < 0x100)
            fail_msg("\"%s\": U+%04X is not a CP932 double-byte character", s, (unsigned)c);
        if (reading && !(c >= 0x30A1 && c <= 0x30FC))
            fail_msg("reading \"%s\" holds U+%04X, not katakana", s, (unsigned)c);
    }
}

static void test_tables(void **state)
{
    (void)state;
    assert_true(gen_n_surnames >= 100 && gen_n_givens >= 100 && gen_n_cities >= 20 && gen_n_towns >= 30);
    for (size_t i = 0; i < gen_n_surnames; i++)
        check_string(gen_surnames[i].kanji, false), check_string(gen_surnames[i].kana, true);
    int sexes[3] = {0};
    for (size_t i = 0; i < gen_n_givens; i++) {
        check_string(gen_givens[i].kanji, false), check_string(gen_givens[i].kana, true);
        assert_true(gen_givens[i].sex == 1 || gen_givens[i].sex == 2);
        sexes[gen_givens[i].sex]++;
    }
    assert_true(sexes[1] > 40 && sexes[2] > 40);
    for (size_t i = 0; i < gen_n_cities; i++) {
        const gen_city *c = &gen_cities[i];
        check_string(c->pref, false), check_string(c->city, false);
        check_string(c->pref_kana, true), check_string(c->city_kana, true);
        assert_int_equal(strlen(c->post3), 3);
        assert_true(c->area[0] == '0' && strlen(c->area) >= 2 && strlen(c->area) <= 5);
    }
    for (size_t i = 0; i < gen_n_towns; i++)
        check_string(gen_towns[i].kanji, false), check_string(gen_towns[i].kana, true);
    check_string(gen_kanji_pool, false);
    /* The old and variant forms that name folding is tested on. */
    const char *variants[] = {"髙", "﨑", "邊", "齋"};
    for (size_t v = 0; v < 4; v++) {
        bool found = false;
        for (size_t i = 0; i < gen_n_surnames; i++)
            found |= strstr(gen_surnames[i].kanji, variants[v]) != NULL;
        if (!found)
            fail_msg("no surname with %s", variants[v]);
    }
}

/* ---- every field valid ------------------------------------------------------------------- */

/* Every field of every record of every layout passes verify's field check. */
static void test_every_field_passes_check(void **state)
{
    (void)state;
    glob_t paths;
    size_t n_layouts = all_layouts(&paths);
    for (size_t li = 0; li < n_layouts; li++) {
        const char *path = paths.gl_pathv[li];
        kr_layout *l = load(path);
        kr_gen *g = gen_ok(l, 42);
        unsigned char *rec = malloc(l->length);
        for (size_t t = 0; t < l->n_types; t++)
            for (int i = 0; i < 2000; i++) {
                make(g, (int)t, rec);
                assert_int_equal(kr_layout_classify(l, rec), (int)t);
                for (size_t fi = 0; fi < l->types[t].n_fields; fi++) {
                    const kr_field *f = &l->types[t].fields[fi];
                    kr_problem pb[4];
                    size_t n = kr_field_check(l, f, rec, pb, 4);
                    if (n)
                        fail_msg("%s record type %s field %s: %s", path, l->types[t].name, f->name,
                                 pb[0].reason);
                }
            }
        free(rec);
        kr_gen_free(g);
        kr_layout_free(l);
    }
    globfree(&paths);
}

static void test_same_seed_same_bytes(void **state)
{
    (void)state;
    kr_layout *l = load(TEST_LAYOUTS[0]);
    kr_gen *a = gen_ok(l, 9), *b = gen_ok(l, 9), *c = gen_ok(l, 10);
    unsigned char *ra = malloc(l->length), *rb = malloc(l->length), *rc = malloc(l->length);
    int differ = 0;
    for (int i = 0; i < 200; i++) {
        int ta = kr_gen_data_type(a), tb = kr_gen_data_type(b), tc = kr_gen_data_type(c);
        assert_int_equal(ta, tb);
        make(a, ta, ra);
        make(b, tb, rb);
        make(c, tc, rc);
        assert_memory_equal(ra, rb, l->length);
        differ += memcmp(ra, rc, l->length) != 0;
    }
    assert_true(differ > 190);
    free(ra), free(rb), free(rc);
    kr_gen_free(a), kr_gen_free(b), kr_gen_free(c);
    kr_layout_free(l);
}

/* ---- the vocabulary --------------------------------------------------------------------- */

static const kr_field *field(const kr_layout *l, const char *type, const char *name)
{
    const kr_field *f = kr_layout_field(l, type, name, NULL);
    if (!f)
        fail_msg("no field %s.%s", type, name);
    return f;
}

/* The field's value as view shows it (UTF-8, padding trimmed). */
static char *shown(const kr_layout *l, const kr_field *f, const unsigned char *rec)
{
    kr_buf b;
    kr_buf_init(&b);
    kr_field_display(l, f, rec, true, &b);
    return kr_buf_take(&b);
}

static kr_i128 num(const kr_layout *l, const kr_field *f, const unsigned char *rec)
{
    kr_i128 v;
    assert_true(kr_num_get(l, f, rec, &v, NULL));
    return v;
}

/* Finds a table entry whose kanji and kana are exactly `kanji` and `kana`. */
static int person_of(const char *kanji_full, const char *kana_full, int *sex)
{
    for (size_t s = 0; s < gen_n_surnames; s++)
        for (size_t g = 0; g < gen_n_givens; g++) {
            char a[128], b[128];
            snprintf(a, sizeof a, "%s　%s", gen_surnames[s].kanji, gen_givens[g].kanji);
            snprintf(b, sizeof b, "%s　%s", gen_surnames[s].kana, gen_givens[g].kana);
            if (strcmp(a, kanji_full) == 0 && strcmp(b, kana_full) == 0) {
                *sex = gen_givens[g].sex;
                return 1;
            }
        }
    return 0;
}

static void test_person_fields_agree(void **state)
{
    (void)state;
    kr_layout *l = load(TEST_LAYOUTS[0]);
    int t = kr_layout_type(l, "kojin");
    kr_gen *g = gen_ok(l, 3);
    unsigned char *rec = malloc(l->length);
    int variants = 0;
    for (int i = 0; i < 1000; i++) {
        make(g, t, rec);
        char *kanji = shown(l, field(l, "kojin", "shimei"), rec);
        char *kana = shown(l, field(l, "kojin", "kana_n"), rec);
        char *half = shown(l, field(l, "kojin", "shimei_kana"), rec);
        char *mixed = shown(l, field(l, "kojin", "shimei_m"), rec);
        int sex = 0;
        if (!person_of(kanji, kana, &sex))
            fail_msg("\"%s\" / \"%s\" is not one person of the tables", kanji, kana);
        /* The X reading is the same name in half-width katakana; M has an ASCII space. */
        assert_non_null(strchr(half, ' '));
        assert_non_null(strchr(mixed, ' '));
        for (const char *p = half; *p; p++)
            assert_true((unsigned char)*p == ' ' || (unsigned char)*p >= 0x80);
        assert_int_equal(rec[field(l, "kojin", "seibetsu")->offset], '0' + sex);
        kr_date b1, b2;
        assert_true(kr_date_get(l, field(l, "kojin", "birth"), rec, &b1, NULL));
        assert_true(kr_date_get(l, field(l, "kojin", "birth_w"), rec, &b2, NULL));
        assert_int_equal(b1.ymd, b2.ymd);
        int age = 2025 - b1.ymd / 10000 - (b1.ymd % 10000 > 401 ? 1 : 0);
        assert_true(age >= 0 && age <= 100);
        variants += strstr(kanji, "髙") || strstr(kanji, "﨑") || strstr(kanji, "邊") || strstr(kanji, "邉") ||
                    strstr(kanji, "齋") || strstr(kanji, "齊");
        free(kanji), free(kana), free(half), free(mixed);
    }
    assert_true(variants > 10);
    free(rec);
    kr_gen_free(g);
    kr_layout_free(l);
}

static void test_seq_range_pick_date(void **state)
{
    (void)state;
    kr_layout *l = load(TEST_LAYOUTS[0]);
    int t = kr_layout_type(l, "kojin");
    kr_gen *g = gen_ok(l, 5);
    unsigned char *rec = malloc(l->length);
    int none = 0, open = 0, yes = 0, negative = 0;
    const int n = 3000;
    for (int i = 0; i < n; i++) {
        make(g, t, rec);
        assert_true(num(l, field(l, "kojin", "atena_no"), rec) == 100000000000001 + i);
        char want[16];
        snprintf(want, sizeof want, "%010d", 5000 + 7 * i);
        assert_memory_equal(rec + field(l, "kojin", "setai_no")->offset, want, 10);
        kr_i128 h = num(l, field(l, "kojin", "hokenryo"), rec);
        assert_true(h >= 0 && h <= 9999999);
        kr_i128 k = num(l, field(l, "kojin", "kyufu"), rec);
        assert_true(k >= -500000 && k <= 500000);
        negative += k < 0;
        unsigned char y = rec[field(l, "kojin", "taisho")->offset];
        assert_true(y == 'Y' || y == 'N');
        yes += y == 'Y';
        kr_date d;
        assert_true(kr_date_get(l, field(l, "kojin", "soshitsu_ymd"), rec, &d, NULL));
        none += d.kind == KR_DATE_NONE;
        open += d.kind == KR_DATE_OPEN;
        if (d.kind == KR_DATE_VALUE)
            assert_true(d.ymd >= 20200101 && d.ymd <= 20250331);
        assert_true(kr_date_get(l, field(l, "kojin", "shutoku_ymd"), rec, &d, NULL));
        assert_true(d.ymd >= 19900101 && d.ymd <= 20250331);
    }
    assert_true(none > n * 35 / 100 && none < n * 45 / 100);
    assert_true(open > n * 16 / 100 && open < n * 24 / 100);
    assert_true(yes > n * 45 / 100 && yes < n * 55 / 100);
    assert_true(negative > n * 45 / 100 && negative < n * 55 / 100);
    /* The other data type counts its own seq. */
    int k = kr_layout_type(l, "kenshin");
    make(g, k, rec);
    assert_true(num(l, field(l, "kenshin", "atena_no"), rec) == 900000000000001);
    make(g, k, rec);
    assert_true(num(l, field(l, "kenshin", "atena_no"), rec) == 900000000000004);
    free(rec);
    kr_gen_free(g);
    kr_layout_free(l);
}

/* ---- text -------------------------------------------------------------------------------- */

static kr_layout *parse(const char *enc, const char *body)
{
    char *text = kr_xasprintf("layout t\n  encoding %s\n  length 40\n  terminator lf\nrecord data\n%s", enc, body);
    kr_layout *l = unit_layout(text);
    free(text);
    return l;
}

static void test_text_fitting(void **state)
{
    (void)state;
    kr_layout *l = parse("cp932", "  x X(5)\n  n N(3)\n  m M(5)\n  filler X(*)\n");
    const kr_field *x = &l->types[0].fields[0], *n = &l->types[0].fields[1], *m = &l->types[0].fields[2];
    unsigned char rec[40];
    memset(rec, 0, sizeof rec);
    /* ダ becomes two half-width characters ﾀﾞ: both fit or neither does. */
    gen_put_text(l, x, rec, "サダダ", strlen("サダダ"));
    assert_memory_equal(rec, "\xbb\xc0\xde\xc0\xde", 5);
    gen_put_text(l, x, rec, "ササダ", strlen("ササダ"));
    assert_memory_equal(rec, "\xbb\xbb\xc0\xde ", 5);
    gen_put_text(l, x, rec, "ササササダ", strlen("ササササダ"));
    assert_memory_equal(rec, "\xbb\xbb\xbb\xbb ", 5);
    /* N: full-width, the space as 0x8140, padded with it. */
    gen_put_text(l, n, rec, "a b", 3);
    assert_memory_equal(rec + 5, "\x82\x81\x81\x40\x82\x82", 6);
    gen_put_text(l, n, rec, "山", strlen("山"));
    assert_memory_equal(rec + 5, "\x8e\x52\x81\x40\x81\x40", 6);
    /* M: a double-byte character that would straddle the end is left out. */
    gen_put_text(l, m, rec, "ab山川", strlen("ab山川"));
    assert_memory_equal(rec + 11, "ab\x8e\x52 ", 5);
    kr_layout_free(l);

    l = parse("utf-8", "  n N(2) bytes(8)\n  x X(4)\n  filler X(*)\n");
    n = &l->types[0].fields[0];
    x = &l->types[0].fields[1];
    gen_put_text(l, n, rec, "山川谷", strlen("山川谷"));
    assert_memory_equal(rec, "山川  ", 8);
    gen_put_text(l, n, rec, "山", strlen("山"));
    assert_memory_equal(rec, "山\xe3\x80\x80  ", 8);
    gen_put_text(l, x, rec, "アA", strlen("アA"));
    assert_memory_equal(rec + 8, "ｱA", 4);
    kr_layout_free(l);
}

/* ---- errors ------------------------------------------------------------------------------ */

static void expect_error(const char *body, const char *id, const char *fragment)
{
    kr_layout *l = parse("cp932", body);
    kr_err err;
    kr_gen *g = kr_gen_new(l, 1, 20250401, &err);
    if (g)
        fail_msg("sample accepted: %s", body);
    assert_int_equal(err.rc, KR_RC_ENV);
    assert_contains(err.text, id);
    assert_contains(err.text, "test.layout:6:3: field 'a' of record 'data'");
    assert_contains(err.text, fragment);
    kr_layout_free(l);
}

static void test_sample_errors(void **state)
{
    (void)state;
    expect_error("  a X(10) sample(kanji)\n  filler X(*)\n", "KRK1001E", "unknown generator 'kanji'; the generators are seq");
    expect_error("  a 9(3) sample(seq)\n  filler X(*)\n", "KRK1002E", "write seq START [STEP]");
    expect_error("  a 9(3) sample(seq 1000)\n  filler X(*)\n", "KRK1004E", "START does not fit 9(3)");
    expect_error("  a 9(3)V9 sample(range 1.25 2)\n  filler X(*)\n", "KRK1002E", "write range MIN MAX");
    expect_error("  a 9(3) sample(range 5 1)\n  filler X(*)\n", "KRK1002E", "MIN is larger than MAX");
    expect_error("  a 9(3) sample(range -5 1)\n  filler X(*)\n", "KRK1004E", "the range does not fit 9(3)");
    expect_error("  a X(10) sample(name kanji)\n  filler X(*)\n", "KRK1003E", "name kanji needs an N or M field");
    expect_error("  a X(10) sample(name)\n  filler X(*)\n", "KRK1002E", "write name kanji or name kana");
    expect_error("  a 9(3) sample(address kana)\n  filler X(*)\n", "KRK1003E", "address kana needs a text field");
    expect_error("  a X(2) sample(pick A BBB)\n  filler X(*)\n", "KRK1004E", "BBB cannot be written in X(2)");
    expect_error("  a X(2) sample(pick \"山\")\n  filler X(*)\n", "KRK1004E", "\"山\" cannot be written in X(2)");
    expect_error("  a 9(2) codes(01 \"甲\", 02 \"乙\") sample(pick 03)\n  filler X(*)\n", "KRK1004E",
                 "is not one of the codes");
    expect_error("  a 9(2) codes(01 \"甲\") sample(range 1 5)\n  filler X(*)\n", "KRK1005E", "lists codes");
    expect_error("  a 9(5) sample(birth 0 10)\n  filler X(*)\n", "KRK1003E", "birth writes dates");
    expect_error("  a date(yyyymmdd) sample(birth 10 5)\n  filler X(*)\n", "KRK1002E", "write birth MINAGE MAXAGE");
    expect_error("  a date(yyyymmdd) sample(date 2024-02-30 2025-01-01)\n  filler X(*)\n", "KRK1002E", "calendar dates");
    expect_error("  a date(yyyymmdd) sample(date 2024-01-01 2025-01-01 none 10)\n  filler X(*)\n", "KRK1003E",
                 "no none(...) value");
    expect_error("  a date(yyyymmdd) none(00000000) open(99999999) sample(date 2024-01-01 2025-01-01 none 60 open 50)\n"
                 "  filler X(*)\n", "KRK1002E", "more than 100 percent");
    expect_error("  a date(yymmdd) sample(date 1940-01-01 2025-01-01)\n  filler X(*)\n", "KRK1009E",
                 "reaches 1940-01-01, which date(yymmdd) cannot hold");
    expect_error("  a date(gyymmdd) sample(date 1860-01-01 1900-01-01)\n  filler X(*)\n", "KRK1009E", "1860-01-01");
    expect_error("  a X(6) sample(postcode)\n  filler X(*)\n", "KRK1003E", "postcode");
    expect_error("  a X(10) sample(phone)\n  filler X(*)\n", "KRK1003E", "phone");
    expect_error("  a 9(1) sample(sex x)\n  filler X(*)\n", "KRK1002E", "sex takes no arguments");
    expect_error("  a X(5) sample(pick A,B)\n  filler X(*)\n", "KRK1002E", "separate the arguments with spaces");
    expect_error("  a 9(5) sample(blank)\n  filler X(*)\n", "KRK1004E", "blank would not pass verify");
    expect_error("  a mynumber sample(const 123456789012)\n  filler X(*)\n", "KRK1004E", "check digit");
    /* CP932 has no code that reads back as ¥, 〜 (U+301C) or − (U+2212): iconv's best fits
     * (0x5C, 0x8160, 0x817C) would change them, so they are refused, never written. */
    expect_error("  a M(4) sample(pick \"¥1\")\n  filler X(*)\n", "KRK1004E", "\"¥1\" cannot be written in M(4)");
    expect_error("  a N(2) sample(pick \"〜\")\n  filler X(*)\n", "KRK1004E", "\"〜\" cannot be written in N(2)");
    expect_error("  a N(2) sample(pick \"−\")\n  filler X(*)\n", "KRK1004E", "\"−\" cannot be written in N(2)");
}

static void test_seq_overflow_at_run_time(void **state)
{
    (void)state;
    kr_layout *l = parse("cp932", "  a 9(2) sample(seq 97)\n  filler X(*)\n");
    kr_gen *g = gen_ok(l, 1);
    unsigned char rec[40];
    kr_err err;
    for (int i = 0; i < 3; i++)
        assert_true(kr_gen_record(g, 0, rec, &err));
    assert_false(kr_gen_record(g, 0, rec, &err));
    assert_contains(err.text, "KRK1006E test.layout:6:3: field 'a' of record 'data': sample(seq 97) reached 100 after 3 records");
    kr_gen_free(g);
    kr_layout_free(l);
}

/* ---- GENERATE ---------------------------------------------------------------------------- */

/* Whole files of every layout verify: record order, control totals, every field. */
static void test_generate_file_verifies(void **state)
{
    (void)state;
    char dir[] = "/tmp/kiroku-gen-XXXXXX";
    assert_non_null(mkdtemp(dir));
    glob_t paths;
    size_t n_layouts = all_layouts(&paths);
    for (size_t li = 0; li < n_layouts; li++) {
        kr_layout *l = load(paths.gl_pathv[li]);
        char *path = kr_xasprintf("%s/out%zu.dat", dir, li);
        kr_generate_opts o = {path, l, 1001, 77, 20250401, l->has_header ? 3 : 1};
        kr_generate_stats st;
        kr_err err;
        if (kr_generate(&o, &st, &err) != 0)
            fail_msg("%s", err.text);
        assert_int_equal(st.data, 1001);
        assert_int_equal(st.header, l->has_header ? 3 : 0);
        assert_int_equal(st.trailer, l->has_trailer ? (l->has_header ? 3 : 1) : 0);
        struct stat sb;
        assert_int_equal(stat(path, &sb), 0);
        assert_int_equal((uint64_t)sb.st_size, st.bytes);
        FILE *out = tmpfile();
        kr_verify_opts vo = {path, l, 100};
        kr_verify_stats vs;
        int rc = kr_verify(&vo, out, &vs);
        if (rc != 0) {
            char line[512];
            rewind(out);
            while (fgets(line, sizeof line, out))
                print_error("%s", line);
            fail_msg("%s does not verify (rc %d)", paths.gl_pathv[li], rc);
        }
        assert_int_equal(vs.records, st.records);
        fclose(out);
        unlink(path);
        free(path);
        kr_layout_free(l);
    }
    globfree(&paths);
    /* --groups without headers, and a failed run leaves nothing behind. */
    kr_layout *l = load(TEST_LAYOUTS[2]);
    char *path = kr_xasprintf("%s/none.dat", dir);
    kr_generate_opts o = {path, l, 10, 1, 20250401, 2};
    kr_err err;
    assert_int_equal(kr_generate(&o, NULL, &err), KR_RC_ENV);
    assert_contains(err.text, "KRK1007E");
    kr_layout_free(l);
    l = parse("cp932", "  a 9(2) sample(seq 90)\n  filler X(*)\n");
    o = (kr_generate_opts){path, l, 20, 1, 20250401, 1};
    assert_int_equal(kr_generate(&o, NULL, &err), KR_RC_ENV);
    assert_contains(err.text, "KRK1006E");
    /* Interrupted (the flag a SIGINT handler sets): rc 12, KRK0708E, nothing written. */
    kr_layout_free(l);
    volatile sig_atomic_t cancel = 1;
    l = parse("cp932", "  a 9(4) sample(seq 1)\n  filler X(*)\n");
    o = (kr_generate_opts){path, l, 5000, 1, 20250401, 1, &cancel};
    kr_generate_stats st;
    assert_int_equal(kr_generate(&o, &st, &err), KR_RC_FAIL);
    assert_contains(err.text, "KRK0708E GENERATE interrupted (SIGINT or SIGTERM) after 0 records");
    kr_layout_free(l);
    assert_int_equal(rmdir(dir), 0); /* empty: no output, no temporary file */
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rng_reference_values),
        cmocka_unit_test(test_rng_ranges),
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_every_field_passes_check),
        cmocka_unit_test(test_same_seed_same_bytes),
        cmocka_unit_test(test_person_fields_agree),
        cmocka_unit_test(test_seq_range_pick_date),
        cmocka_unit_test(test_text_fitting),
        cmocka_unit_test(test_sample_errors),
        cmocka_unit_test(test_seq_overflow_at_run_time),
        cmocka_unit_test(test_generate_file_verifies),
    };
    return cmocka_run_group_tests_name("gen", tests, NULL, NULL);
}
