/* test_text.c: Japanese text: encoding, character and 50音 keys, folding profiles, 外字
 * tables, and the conversion of a text field (truncation never splits a character). */
#include "unit.h"

#include "kiroku/text.h"

#include <sys/stat.h>
#include <unistd.h>

/* UTF-8 text as CP932 bytes (iconv's forms); returns the length. */
static size_t sjis(const char *u, unsigned char *out)
{
    size_t i = 0, k = 0, n = strlen(u);
    while (i < n) {
        uint32_t c;
        kr_charclass cls;
        i += kr_utf8_next((const unsigned char *)u + i, n - i, &c, &cls);
        int code = kr_cp932_encode(c, KR_DUP_IBM);
        assert_true(code >= 0);
        if (code > 0xFF)
            out[k++] = (unsigned char)(code >> 8);
        out[k++] = (unsigned char)code;
    }
    return k;
}

/* A key of text in a field of width bytes (padded as the encoding pads N). */
static void key(kr_encoding enc, const unsigned char *p, size_t n, size_t field, kr_collation c,
                const kr_fold *f, unsigned char *out, size_t width)
{
    unsigned char buf[256];
    memcpy(buf, p, n);
    kr_text_pad(enc, KR_F_N, buf + n, field - n);
    kr_textkey_text(enc, buf, field, c, f, out, width);
}

static int cmp_text(const char *a, const char *b, kr_collation c)
{
    unsigned char ka[512], kb[512];
    size_t w = kr_textkey_width_bytes(60, c);
    key(KR_ENC_UTF8, (const unsigned char *)a, strlen(a), 60, c, NULL, ka, w);
    key(KR_ENC_UTF8, (const unsigned char *)b, strlen(b), 60, c, NULL, kb, w);
    int r = memcmp(ka, kb, w);
    return r < 0 ? -1 : r > 0;
}

static void test_encode_roundtrip_and_refusals(void **state)
{
    (void)state;
    assert_int_equal(kr_cp932_encode(0x9AD9, KR_DUP_IBM), 0xFBFC); /* 髙 */
    assert_int_equal(kr_cp932_encode(0x9AD9, KR_DUP_NEC), 0xEEE0);
    assert_int_equal(kr_cp932_encode(0x5C, KR_DUP_IBM), 0x5C);
    assert_int_equal(kr_cp932_encode(0xA5, KR_DUP_IBM), -1); /* ¥: iconv's 0x5C refused */
    assert_int_equal(kr_cp932_bestfit(0xA5), 0x818F);
    assert_int_equal(kr_cp932_encode(0x301C, KR_DUP_IBM), -1); /* 〜 WAVE DASH */
    assert_int_equal(kr_cp932_bestfit(0x301C), 0x8160);
    assert_int_equal(kr_cp932_encode(0xE000, KR_DUP_IBM), 0xF040);
    assert_int_equal(kr_cp932_encode(0xE758, KR_DUP_IBM), -1);
    assert_int_equal(kr_cp932_encode(0x20B9F, KR_DUP_IBM), -1);
    assert_int_equal(kr_gaiji_pua_of_cp932(0xF9FC), 0xE757);
    assert_int_equal(kr_gaiji_pua_of_cp932(0xF07F), 0);
}

static void test_char_keys_same_across_encodings(void **state)
{
    (void)state;
    const char *names[] = {"佐藤　太郎", "ｻﾄｳ ﾀﾛｳ", "髙橋", "ABC", "渡邊", "①②", "\xef\xbc\x8d"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        unsigned char sj[64], ka[256], kb[256];
        size_t n = sjis(names[i], sj);
        size_t w = kr_textkey_width_bytes(60, KR_COLL_CHAR);
        key(KR_ENC_CP932, sj, n, 40, KR_COLL_CHAR, NULL, ka, w);
        key(KR_ENC_UTF8, (const unsigned char *)names[i], strlen(names[i]), 60, KR_COLL_CHAR, NULL, kb, w);
        assert_memory_equal(ka, kb, w);
    }
}

static void test_char_key_order(void **state)
{
    (void)state;
    assert_int_equal(cmp_text("A", "AB", KR_COLL_CHAR), -1);
    assert_int_equal(cmp_text("AB", "B", KR_COLL_CHAR), -1);
    assert_int_equal(cmp_text("ｱ", "あ", KR_COLL_CHAR), -1);   /* single-byte first */
    assert_int_equal(cmp_text("Z", "ｱ", KR_COLL_CHAR), -1);
    assert_int_equal(cmp_text("あ", "ア", KR_COLL_CHAR), -1);  /* JIS order */
    assert_int_equal(cmp_text("ア", "亜", KR_COLL_CHAR), -1);
    assert_int_equal(cmp_text("亜", "唖", KR_COLL_CHAR), -1);  /* 889F < 88A0 */
    assert_int_equal(cmp_text("黑", "𠮟", KR_COLL_CHAR), -1);  /* outside CP932 last */
    assert_int_equal(cmp_text("佐藤", "佐藤　　", KR_COLL_CHAR), 0); /* padding ignored */
    assert_int_equal(cmp_text("佐藤", "佐藤 ", KR_COLL_CHAR), 0);
    assert_int_equal(cmp_text("佐藤", "佐藤 一", KR_COLL_CHAR), -1);
}

static void test_nec_ibm_duplicates_one_key(void **state)
{
    (void)state;
    unsigned char a[] = {0xEE, 0xE0, 0x8B, 0xB4}, b[] = {0xFB, 0xFC, 0x8B, 0xB4}; /* 髙橋 */
    unsigned char c[] = {0x87, 0x90}, d[] = {0x81, 0xE0};                         /* ≒ */
    unsigned char ka[64], kb[64];
    kr_textkey_text(KR_ENC_CP932, a, 4, KR_COLL_CHAR, NULL, ka, 8);
    kr_textkey_text(KR_ENC_CP932, b, 4, KR_COLL_CHAR, NULL, kb, 8);
    assert_memory_equal(ka, kb, 8);
    kr_textkey_text(KR_ENC_CP932, c, 2, KR_COLL_KANA, NULL, ka, 8);
    kr_textkey_text(KR_ENC_CP932, d, 2, KR_COLL_KANA, NULL, kb, 8);
    assert_memory_equal(ka, kb, 8);
}

static void test_kana_order(void **state)
{
    (void)state;
    /* Ordered lists: each strictly before the next. */
    const char *order[] = {"あか", "あが", "あき", "かあ", "かー", "がい", "はは", "はば", "はぱ",
                           "ばは", "ァ", "ア", "つ", "っ", "ツ", "ヅ"};
    (void)order;
    assert_int_equal(cmp_text("あか", "あが", KR_COLL_KANA), -1);
    assert_int_equal(cmp_text("あが", "あき", KR_COLL_KANA), -1);
    assert_int_equal(cmp_text("カア", "カー", KR_COLL_KANA), -1);
    assert_int_equal(cmp_text("カー", "カイ", KR_COLL_KANA), -1);
    assert_int_equal(cmp_text("はは", "はば", KR_COLL_KANA), -1);
    assert_int_equal(cmp_text("はば", "はぱ", KR_COLL_KANA), -1);
    assert_int_equal(cmp_text("はぱ", "ばは", KR_COLL_KANA), -1);
    assert_int_equal(cmp_text("ァ", "ア", KR_COLL_KANA), -1);
    assert_int_equal(cmp_text("か", "カ", KR_COLL_KANA), -1);
    assert_int_equal(cmp_text("カ", "ｶ", KR_COLL_KANA), -1);
    assert_int_equal(cmp_text("ガ", "ｶﾞ", KR_COLL_KANA), -1);
    assert_int_equal(cmp_text("ｶﾞ", "キ", KR_COLL_KANA), -1);
    assert_int_equal(cmp_text("ヴ", "エ", KR_COLL_KANA), -1);   /* ヴ weighs as ウ */
    assert_int_equal(cmp_text("ンア", "ヴィ", KR_COLL_KANA), 1); /* ん last */
    assert_int_equal(cmp_text("サトウ", "サトウ　", KR_COLL_KANA), 0);
    assert_int_equal(cmp_text("ｻﾄｳ", "サドウ", KR_COLL_KANA), -1); /* level 2 before level 4 */
    assert_int_equal(cmp_text("1", "ア", KR_COLL_KANA), -1);
    assert_int_equal(cmp_text("ン", "亜", KR_COLL_KANA), -1);
    /* The same text in CP932 and UTF-8, in fields of other widths, keys alike at one width. */
    unsigned char sj[64], ka[256], kb[256];
    size_t n = sjis("ｻﾄｳ ﾀﾛｳ", sj);
    size_t w = kr_textkey_width_bytes(60, KR_COLL_KANA);
    key(KR_ENC_CP932, sj, n, 20, KR_COLL_KANA, NULL, ka, w);
    key(KR_ENC_UTF8, (const unsigned char *)"ｻﾄｳ ﾀﾛｳ", strlen("ｻﾄｳ ﾀﾛｳ"), 60, KR_COLL_KANA, NULL, kb, w);
    assert_memory_equal(ka, kb, w);
}

static kr_fold *fold_of(const char *text)
{
    kr_diags d;
    kr_diags_init(&d);
    kr_fold *f = kr_fold_parse(text, strlen(text), "test.fold", &d);
    for (size_t i = 0; i < d.n; i++)
        print_error("%s\n", d.items[i]);
    kr_diags_free(&d);
    assert_non_null(f);
    return f;
}

static size_t cps(const char *u, uint32_t *out)
{
    return kr_text_decode(KR_ENC_UTF8, (const unsigned char *)u, strlen(u), out);
}

/* Folds a under f and checks the result and the classes reported. */
static void check_fold(const kr_fold *f, const char *in, const char *want, unsigned classes)
{
    uint32_t a[64], b[64], out[64];
    size_t na = cps(in, a), nb = cps(want, b), no;
    unsigned got = kr_fold_text(f, a, na, out, &no);
    if (no != nb || memcmp(out, b, nb * sizeof *b) != 0)
        fail_msg("folding \"%s\" did not give \"%s\"", in, want);
    assert_int_equal(got, classes);
}

static void test_fold_classes(void **state)
{
    (void)state;
    kr_fold *f = fold_of("# all\nclasses width kana small dash space ivs glyph\n"
                         "glyph 髙 高\nglyph 﨑 崎\nglyph U+908A U+8FBA # 邊\nglyph 邉 辺\n");
    check_fold(f, "ｻﾄｳ", "サトウ", KR_FOLD_WIDTH);
    check_fold(f, "ｶﾞｯｺｳ", "ガツコウ", KR_FOLD_WIDTH | KR_FOLD_SMALL);
    check_fold(f, "ﾊﾟﾝ", "パン", KR_FOLD_WIDTH);
    check_fold(f, "さとう", "サトウ", KR_FOLD_KANA);
    check_fold(f, "キャ", "キヤ", KR_FOLD_SMALL);
    check_fold(f, "ヒ－ロ‐ー―", "ヒーローーー", KR_FOLD_DASH);
    check_fold(f, "佐藤　太郎", "佐藤太郎", KR_FOLD_SPACE);
    check_fold(f, "佐藤 太郎", "佐藤太郎", KR_FOLD_SPACE);
    check_fold(f, "髙﨑邊邉", "高崎辺辺", KR_FOLD_GLYPH);
    check_fold(f, "辺\xf3\xa0\x84\x80", "辺", KR_FOLD_IVS);
    check_fold(f, "ＡＢＣ１", "ABC1", KR_FOLD_WIDTH);
    check_fold(f, "カ\xe3\x82\x99", "ガ", KR_FOLD_WIDTH);
    check_fold(f, "高橋", "高橋", 0);
    /* What a match needed. */
    uint32_t a[32], b[32];
    unsigned needed;
    size_t na = cps("ｻﾄｳ ﾀﾛｳ", a), nb = cps("サトウ　タロウ", b);
    assert_true(kr_fold_match(f, a, na, b, nb, &needed));
    assert_int_equal(needed, KR_FOLD_WIDTH);
    na = cps("髙橋　はな", a), nb = cps("高橋ハナ", b);
    assert_true(kr_fold_match(f, a, na, b, nb, &needed));
    assert_int_equal(needed, KR_FOLD_GLYPH | KR_FOLD_KANA | KR_FOLD_SPACE);
    kr_buf t;
    kr_buf_init(&t);
    kr_fold_classes_text(needed, &t);
    assert_string_equal(t.data, "kana+space+glyph");
    kr_buf_free(&t);
    na = cps("高橋", a), nb = cps("高橋", b);
    assert_true(kr_fold_match(f, a, na, b, nb, &needed));
    assert_int_equal(needed, 0);
    na = cps("高橋", a), nb = cps("高梁", b);
    assert_false(kr_fold_match(f, a, na, b, nb, &needed));
    kr_fold_free(f);
    /* Only the classes a profile lists apply. */
    f = fold_of("classes width\n");
    check_fold(f, "ｻﾄｳ さとう", "サトウ さとう", KR_FOLD_WIDTH);
    kr_fold_free(f);
    /* small alone (layouts/fold/zengin.fold): half-width small kana large, still half-width. */
    f = fold_of("classes small\n");
    check_fold(f, "ｼｮｳﾀ ﾊｯﾄﾘ", "ｼﾖｳﾀ ﾊﾂﾄﾘ", KR_FOLD_SMALL);
    check_fold(f, "ｧｨｩｪｫｬｭｮｯ", "ｱｲｳｴｵﾔﾕﾖﾂ", KR_FOLD_SMALL);
    check_fold(f, "ｱｲｳﾔﾕﾖﾂ ｼﾖｳ", "ｱｲｳﾔﾕﾖﾂ ｼﾖｳ", 0);
    check_fold(f, "ジョウ", "ジヨウ", KR_FOLD_SMALL);
    kr_fold_free(f);
}

static void test_fold_key(void **state)
{
    (void)state;
    kr_fold *f = fold_of("classes width kana space glyph\nglyph 髙 高\n");
    unsigned char ka[256], kb[256];
    size_t w = kr_textkey_width_bytes(60, KR_COLL_CHAR);
    key(KR_ENC_UTF8, (const unsigned char *)"ｻﾄｳ", strlen("ｻﾄｳ"), 60, KR_COLL_CHAR, f, ka, w);
    key(KR_ENC_UTF8, (const unsigned char *)"さ と う", strlen("さ と う"), 60, KR_COLL_CHAR, f, kb, w);
    assert_memory_equal(ka, kb, w);
    unsigned char sj[8];
    size_t n = sjis("髙", sj);
    key(KR_ENC_CP932, sj, n, 20, KR_COLL_CHAR, f, ka, w);
    key(KR_ENC_UTF8, (const unsigned char *)"高", strlen("高"), 60, KR_COLL_CHAR, f, kb, w);
    assert_memory_equal(ka, kb, w);
    kr_fold_free(f);
}

static char *fold_errors(const char *text)
{
    kr_diags d;
    kr_diags_init(&d);
    kr_fold *f = kr_fold_parse(text, strlen(text), "bad.fold", &d);
    assert_null(f);
    kr_buf b;
    kr_buf_init(&b);
    for (size_t i = 0; i < d.n; i++)
        kr_buf_addf(&b, "%s\n", d.items[i]);
    kr_diags_free(&d);
    return kr_buf_take(&b);
}

static void test_fold_errors(void **state)
{
    (void)state;
    char *e = fold_errors("classes width shape\nglyph 髙\nglyph A B\nfrobnicate\nglyph 邊 邉\nglyph 邉 辺\n");
    assert_contains(e, "KRK0403E bad.fold:1:15: 'shape' is no fold class");
    assert_contains(e, "bad.fold:2:1: expected 'classes");
    assert_contains(e, "bad.fold:3:7: a glyph rule folds a double-byte character");
    assert_contains(e, "bad.fold:4:1: expected");
    free(e);
    e = fold_errors("classes glyph\nglyph 邊 邉\nglyph 邉 辺\n");
    assert_contains(e, "bad.fold:2: the result U+9089 of this rule is folded again");
    free(e);
    e = fold_errors("classes width\nglyph 髙 高\n");
    assert_contains(e, "add 'glyph' to its classes");
    free(e);
    kr_err err;
    assert_null(kr_fold_load("no-such-profile", &err));
    assert_contains(err.text, "KRK0404E folding profile 'no-such-profile' not found");
}

static kr_gaiji *gaiji_of(const char *text)
{
    kr_diags d;
    kr_diags_init(&d);
    kr_gaiji *g = kr_gaiji_parse(text, strlen(text), "layouts/gaiji/city.gaiji", &d);
    for (size_t i = 0; i < d.n; i++)
        print_error("%s\n", d.items[i]);
    kr_diags_free(&d);
    return g;
}

static void test_gaiji_table(void **state)
{
    (void)state;
    kr_gaiji *g = gaiji_of("# 外字 of a city\n"
                           "F040  U+9AD9          MJ028924  髙 はしごだか\n"
                           "F041  U+8FBA,U+E0100  -         辺の異体字\n"
                           "U+E002 齋 MJ000001\n");
    assert_non_null(g);
    assert_string_equal(kr_gaiji_name(g), "city");
    const kr_gaiji_entry *e = kr_gaiji_lookup(g, 0xE000);
    assert_non_null(e);
    assert_int_equal(e->n_target, 1);
    assert_int_equal(e->target[0], 0x9AD9);
    assert_string_equal(e->mj, "MJ028924");
    assert_string_equal(e->comment, "髙 はしごだか");
    e = kr_gaiji_lookup(g, 0xE001);
    assert_int_equal(e->n_target, 2);
    assert_int_equal(e->target[1], 0xE0100);
    assert_string_equal(e->mj, "");
    assert_int_equal(kr_gaiji_lookup(g, 0xE002)->target[0], 0x9F4B);
    assert_null(kr_gaiji_lookup(g, 0xE003));
    /* Display: mapped and unmapped. */
    unsigned char text[] = {0xF0, 0x40, 0x8B, 0xB4, 0xF0, 0x43};
    kr_buf b;
    kr_buf_init(&b);
    kr_text_display_gaiji(KR_ENC_CP932, g, text, sizeof text, &b);
    assert_string_equal(b.data, "[外字F040→髙]橋[外字F043]");
    kr_buf_free(&b);
    kr_gaiji_free(g);
}

static void test_gaiji_errors(void **state)
{
    (void)state;
    kr_diags d;
    kr_diags_init(&d);
    const char *text = "F040 U+9AD9 MJ028924\n"
                       "8140 U+3000\n"
                       "F041 U+ZZZZ\n"
                       "F042 高 MJ12\n"
                       "F040 U+9AD8\n"
                       "F043\n";
    assert_null(kr_gaiji_parse(text, strlen(text), "t.gaiji", &d));
    kr_buf b;
    kr_buf_init(&b);
    for (size_t i = 0; i < d.n; i++)
        kr_buf_addf(&b, "%s\n", d.items[i]);
    assert_int_equal(d.n, 5);
    assert_contains(b.data, "KRK0401E t.gaiji:2:1: '8140' is not a CP932 外字 code");
    assert_contains(b.data, "KRK0401E t.gaiji:3:6: target 'U+ZZZZ'");
    assert_contains(b.data, "KRK0401E t.gaiji:4:10: 'MJ12' is not an MJ id");
    assert_contains(b.data, "KRK0401E t.gaiji:5:1: 外字 U+E000 is already mapped on line 1");
    assert_contains(b.data, "KRK0401E t.gaiji:6:1: a line is");
    kr_buf_free(&b);
    kr_diags_free(&d);
}

typedef struct notes {
    kr_tc_note n[16];
    size_t count;
} notes;

static void collect(void *ctx, const kr_tc_note *n)
{
    notes *ns = ctx;
    if (ns->count < 16)
        ns->n[ns->count++] = *n;
}

static void test_transcode(void **state)
{
    (void)state;
    unsigned char src[64], dst[64];
    size_t n = sjis("佐藤", src);
    kr_text_pad(KR_ENC_CP932, KR_F_N, src + n, 20 - n);
    kr_transcode t = {KR_ENC_CP932, KR_ENC_UTF8, KR_F_N, NULL, KR_DUP_KEEP, false, false};
    kr_tc_note err;
    notes ns = {.count = 0};
    assert_true(kr_text_transcode(&t, src, 20, dst, 14, collect, &ns, &err));
    assert_memory_equal(dst, "佐藤\xe3\x80\x80\xe3\x80\x80  ", 14);
    /* Too long: an error, or a cut at a character boundary. */
    assert_false(kr_text_transcode(&t, src, 20, dst, 5, collect, &ns, &err));
    assert_int_equal(err.what, KR_TC_NO_FIT);
    assert_int_equal(err.offset, 2);
    assert_int_equal(err.need, 6);
    t.truncate = true;
    assert_true(kr_text_transcode(&t, src, 20, dst, 5, collect, &ns, &err));
    assert_memory_equal(dst, "佐  ", 5);
    assert_int_equal(ns.count, 1);
    assert_int_equal(ns.n[0].what, KR_TC_CUT);
    assert_int_equal(ns.n[0].offset, 2);
    /* Invalid CP932: the byte offset. */
    unsigned char bad[] = {0x82, 0xA0, 0x82, 0x20, 0x81, 0x40};
    assert_false(kr_text_transcode(&t, bad, 6, dst, 9, NULL, NULL, &err));
    assert_int_equal(err.what, KR_TC_INVALID);
    assert_int_equal(err.offset, 2);
    /* No form in CP932: error, or 〓 / best fit with --replace. */
    kr_transcode back = {KR_ENC_UTF8, KR_ENC_CP932, KR_F_N, NULL, KR_DUP_IBM, false, false};
    const char *u = "𠮟〜辺\xf3\xa0\x84\x80";
    assert_false(kr_text_transcode(&back, (const unsigned char *)u, strlen(u), dst, 10, NULL, NULL, &err));
    assert_int_equal(err.what, KR_TC_NO_FORM);
    assert_int_equal(err.offset, 0);
    assert_int_equal(err.ucs, 0x20B9F);
    back.replace = true;
    ns.count = 0;
    assert_true(kr_text_transcode(&back, (const unsigned char *)u, strlen(u), dst, 10, collect, &ns, &err));
    assert_memory_equal(dst, "\x81\xac\x81\x60\x95\xd3\x81\x40\x81\x40", 10);
    assert_int_equal(ns.count, 3);
    assert_int_equal(ns.n[2].ucs, 0xE0100);
    assert_int_equal(ns.n[2].with_len, 0);
    /* 外字: unmapped ones are reported and keep their code; a table maps them. */
    unsigned char g[] = {0xF0, 0x40, 0xF0, 0x41};
    ns.count = 0;
    t.truncate = false;
    assert_true(kr_text_transcode(&t, g, 4, dst, 6, collect, &ns, &err));
    assert_memory_equal(dst, "\xee\x80\x80\xee\x80\x81", 6);
    assert_int_equal(ns.count, 2);
    assert_int_equal(ns.n[1].what, KR_TC_GAIJI_UNMAPPED);
    assert_int_equal(ns.n[1].offset, 2);
    kr_gaiji *tab = gaiji_of("F040 U+9AD9\n");
    t.gaiji = tab;
    ns.count = 0;
    assert_true(kr_text_transcode(&t, g, 4, dst, 6, collect, &ns, &err));
    assert_memory_equal(dst, "髙\xee\x80\x81", 6);
    assert_int_equal(ns.count, 2);
    assert_int_equal(ns.n[0].what, KR_TC_GAIJI_MAPPED);
    assert_int_equal(ns.n[1].what, KR_TC_GAIJI_UNMAPPED);
    kr_gaiji_free(tab);
}

/* Property: whatever the text and the width, a cut never leaves part of a character, and
 * what is written is the start of the whole conversion. */
static void test_truncation_never_splits(void **state)
{
    (void)state;
    static const char *const pool[] = {"A", "ｱ", "ｶﾞ", "あ", "髙", "𠮟", "辺\xf3\xa0\x84\x80", "ｰ", " ", "①"};
    unsigned seed = 12345;
    for (int round = 0; round < 3000; round++) {
        char text[256] = "";
        size_t chars = 0;
        seed = seed * 1103515245 + 12345;
        size_t want = (seed >> 16) % 12;
        for (size_t i = 0; i < want; i++) {
            seed = seed * 1103515245 + 12345;
            strcat(text, pool[(seed >> 16) % (sizeof pool / sizeof pool[0])]);
            chars++;
        }
        seed = seed * 1103515245 + 12345;
        size_t width = (seed >> 16) % 40 + 1;
        kr_ftype type = round % 2 ? KR_F_M : KR_F_N;
        if (type == KR_F_N) /* N holds no single-byte characters */
            continue;
        unsigned char full[256], cut[64];
        kr_transcode t = {KR_ENC_UTF8, KR_ENC_UTF8, type, NULL, KR_DUP_IBM, true, false};
        kr_tc_note err;
        assert_true(kr_text_transcode(&t, (const unsigned char *)text, strlen(text), full, 200, NULL, NULL, &err));
        assert_true(kr_text_transcode(&t, (const unsigned char *)text, strlen(text), cut, width, NULL, NULL, &err));
        /* Every character of the cut output is whole; the text part is a prefix of full. */
        size_t i = 0;
        while (i < width) {
            uint32_t c;
            kr_charclass cls;
            size_t len = kr_utf8_next(cut + i, width - i, &c, &cls);
            assert_int_not_equal(cls, KR_CC_INVALID);
            i += len;
        }
        size_t textlen = width;
        while (textlen > 0 && cut[textlen - 1] == ' ')
            textlen--;
        assert_memory_equal(cut, full, textlen);
        /* A variation selector never stands without its base at the end. */
        if (textlen >= 4)
            assert_false(memcmp(cut + textlen - 4, "\xf3\xa0\x84\x80", 4) == 0 &&
                         (textlen < 7 || memcmp(cut + textlen - 7, "辺", 3) != 0));
        /* And into CP932 too (IVS dropped by --replace). */
        kr_transcode s = {KR_ENC_UTF8, KR_ENC_CP932, KR_F_M, NULL, KR_DUP_IBM, true, true};
        assert_true(kr_text_transcode(&s, (const unsigned char *)text, strlen(text), cut, width, NULL, NULL, &err));
        i = 0;
        while (i < width) {
            uint32_t c;
            kr_charclass cls;
            size_t len = kr_cp932_next(cut + i, width - i, &c, &cls);
            assert_int_not_equal(cls, KR_CC_INVALID);
            i += len;
        }
        (void)chars;
    }
}


/* Every double-byte code through the library: the code written for its character decodes to
 * the same character under both forms, and every code of one character keys alike, in CP932
 * and in UTF-8. */
static void test_every_code_library(void **state)
{
    (void)state;
    size_t chars = 0, dups = 0;
    for (unsigned lead = 0x81; lead <= 0xFC; lead++) {
        if (!kr_cp932_is_lead((unsigned char)lead))
            continue;
        for (unsigned trail = 0x40; trail <= 0xFC; trail++) {
            unsigned char b[2] = {(unsigned char)lead, (unsigned char)trail};
            uint32_t u;
            kr_charclass cls;
            if (kr_cp932_next(b, 2, &u, &cls) != 2 || cls == KR_CC_UNMAPPED)
                continue;
            chars++;
            int ibm = kr_cp932_encode(u, KR_DUP_IBM), nec = kr_cp932_encode(u, KR_DUP_NEC);
            assert_true(ibm > 0xFF && nec > 0xFF);
            unsigned char bi[2] = {(unsigned char)(ibm >> 8), (unsigned char)ibm};
            unsigned char bn[2] = {(unsigned char)(nec >> 8), (unsigned char)nec};
            uint32_t ui, un;
            kr_cp932_next(bi, 2, &ui, &cls);
            kr_cp932_next(bn, 2, &un, &cls);
            assert_int_equal(ui, u);
            assert_int_equal(un, u);
            if (ibm != (int)(lead << 8 | trail))
                dups++;
            /* NEC form only ever moves IBM extensions to NEC-selected ones. */
            if (nec != ibm) {
                assert_true(ibm >= 0xFA40 && ibm <= 0xFC4B);
                assert_true(nec >= 0xED40 && nec <= 0xEEFC);
            }
            unsigned char k1[8], k2[8], k3[8], u8[4];
            size_t ul = kr_utf8_encode(u, u8);
            kr_textkey_text(KR_ENC_CP932, b, 2, KR_COLL_CHAR, NULL, k1, 8);
            kr_textkey_text(KR_ENC_CP932, bi, 2, KR_COLL_CHAR, NULL, k2, 8);
            kr_textkey_text(KR_ENC_UTF8, u8, ul, KR_COLL_CHAR, NULL, k3, 8);
            assert_memory_equal(k1, k2, 8);
            if (u != 0x3000) /* all padding: an empty key in UTF-8, the same in CP932 */
                assert_memory_equal(k1, k3, 8);
        }
    }
    assert_int_equal(chars, 7724 + 1880); /* CP932's double-byte characters and 外字 */
    assert_int_equal(dups, 398); /* codes of characters that have another (Python agrees) */
}

/* Property: the character key orders random CP932 text exactly as comparing it character by
 * character - single-byte characters first, then double-byte ones by the code iconv writes -
 * and keys the same text in UTF-8 alike. */
static void test_key_order_property(void **state)
{
    (void)state;
    static const uint32_t pool[] = {'A', 'Z', '0', 0xFF71, 0xFF9E, 0x3042, 0x30A2, 0x4E9C, 0x9AD9,
                                    0x9AD8, 0x2252, 0x2160, 0xE000, 0xE757, 0x3000, ' '};
    unsigned seed = 777;
    for (int round = 0; round < 20000; round++) {
        uint32_t a[8], b[8];
        size_t na, nb;
        seed = seed * 1103515245 + 12345;
        na = (seed >> 16) % 7;
        seed = seed * 1103515245 + 12345;
        nb = (seed >> 16) % 7;
        for (size_t i = 0; i < na; i++)
            seed = seed * 1103515245 + 12345, a[i] = pool[(seed >> 16) % 16];
        for (size_t i = 0; i < nb; i++)
            seed = seed * 1103515245 + 12345, b[i] = pool[(seed >> 16) % 16];
        unsigned char sa[16], sb[16], ua[32], ub[32];
        size_t la = 0, lb = 0, lua = 0, lub = 0;
        for (size_t i = 0; i < na; i++) {
            int c = kr_cp932_encode(a[i], KR_DUP_IBM);
            if (c > 0xFF)
                sa[la++] = (unsigned char)(c >> 8);
            sa[la++] = (unsigned char)c;
            lua += kr_utf8_encode(a[i], ua + lua);
        }
        for (size_t i = 0; i < nb; i++) {
            int c = kr_cp932_encode(b[i], KR_DUP_IBM);
            if (c > 0xFF)
                sb[lb++] = (unsigned char)(c >> 8);
            sb[lb++] = (unsigned char)c;
            lub += kr_utf8_encode(b[i], ub + lub);
        }
        /* Reference: trailing spaces and U+3000 dropped, then by (double-byte?, code). */
        while (na && (a[na - 1] == ' ' || a[na - 1] == 0x3000))
            na--;
        while (nb && (b[nb - 1] == ' ' || b[nb - 1] == 0x3000))
            nb--;
        int want = 0;
        for (size_t i = 0; i < na && i < nb && !want; i++) {
            int ca = kr_cp932_encode(a[i], KR_DUP_IBM), cb = kr_cp932_encode(b[i], KR_DUP_IBM);
            want = ca < cb ? -1 : ca > cb;
        }
        if (!want)
            want = na < nb ? -1 : na > nb;
        unsigned char ka[64], kb[64], kua[64];
        kr_textkey_text(KR_ENC_CP932, sa, la, KR_COLL_CHAR, NULL, ka, 32);
        kr_textkey_text(KR_ENC_CP932, sb, lb, KR_COLL_CHAR, NULL, kb, 32);
        kr_textkey_text(KR_ENC_UTF8, ua, lua, KR_COLL_CHAR, NULL, kua, 32);
        int got = memcmp(ka, kb, 32);
        got = got < 0 ? -1 : got > 0;
        assert_int_equal(got, want);
        assert_memory_equal(ka, kua, 32);
        (void)lub;
        (void)ub;
    }
}

/* The profiles shipped in layouts/fold load, and names.fold folds as its comment says. */
static void test_shipped_profiles(void **state)
{
    (void)state;
    static const char *const names[] = {"names", "kana", "width", "glyph"};
    for (size_t i = 0; i < 4; i++) {
        kr_err err;
        kr_fold *f = kr_fold_load(names[i], &err);
        if (!f)
            fail_msg("%s", err.text);
        kr_fold_free(f);
    }
    kr_err err;
    kr_fold *f = kr_fold_load("names", &err);
    check_fold(f, "髙橋　ﾀﾛｰ", "高橋タロー", KR_FOLD_GLYPH | KR_FOLD_SPACE | KR_FOLD_WIDTH | KR_FOLD_DASH);
    check_fold(f, "渡邊", "渡辺", KR_FOLD_GLYPH);
    check_fold(f, "\xef\xa8\x90本", "塚本", KR_FOLD_GLYPH);
    assert_int_equal(kr_fold_classes(f), KR_FOLD_ALL);
    kr_fold_free(f);
    f = kr_fold_load("kana", &err);
    check_fold(f, "ｻﾄｳ ﾀﾛｳ", "サトウタロウ", KR_FOLD_WIDTH | KR_FOLD_SPACE);
    check_fold(f, "ヨッシャ", "ヨッシャ", 0);
    kr_fold_free(f);
}

/* A profile's include is looked up beside the including file first, wherever the current
 * directory is (it was looked up from the current directory and the search path only). */
static void test_fold_include_beside(void **state)
{
    (void)state;
    char dir[] = "/tmp/kiroku-fold-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *sub = kr_xasprintf("%s/more", dir), *a = kr_xasprintf("%s/mine.fold", dir),
         *b = kr_xasprintf("%s/more/local_glyphs.fold", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    FILE *f = fopen(a, "w");
    fputs("classes glyph\ninclude more/local_glyphs\n", f);
    fclose(f);
    f = fopen(b, "w");
    fputs("glyph 髙 高\n", f);
    fclose(f);
    kr_err err;
    kr_fold *fold = kr_fold_load(a, &err);
    if (!fold)
        fail_msg("%s", err.text);
    check_fold(fold, "髙橋", "高橋", KR_FOLD_GLYPH);
    kr_fold_free(fold);
    unlink(b);
    unlink(a);
    rmdir(sub);
    rmdir(dir);
    free(a);
    free(b);
    free(sub);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encode_roundtrip_and_refusals),
        cmocka_unit_test(test_char_keys_same_across_encodings),
        cmocka_unit_test(test_char_key_order),
        cmocka_unit_test(test_nec_ibm_duplicates_one_key),
        cmocka_unit_test(test_kana_order),
        cmocka_unit_test(test_fold_classes),
        cmocka_unit_test(test_fold_key),
        cmocka_unit_test(test_fold_errors),
        cmocka_unit_test(test_shipped_profiles),
        cmocka_unit_test(test_fold_include_beside),
        cmocka_unit_test(test_gaiji_table),
        cmocka_unit_test(test_gaiji_errors),
        cmocka_unit_test(test_transcode),
        cmocka_unit_test(test_truncation_never_splits),
        cmocka_unit_test(test_every_code_library),
        cmocka_unit_test(test_key_order_property),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
