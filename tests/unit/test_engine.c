/* test_engine.c: the record engine under the SORT program, through its public API
 * (engine.h) with statements parsed by ctl.h: binding names and positions (ambiguous names
 * across record types, did-you-mean, positions past the record), the order of normalized
 * keys for every format (CH, ZD, PD, BI, FI, dates with none/open, TEXT and KANA, descending),
 * conditions (every operator, AND over OR, SS both ways, L(...) lists, field against field,
 * dates relative to the run date, era dates, text padded with the full-width space), and
 * reformatting (BUILD columns, OVERLAY past the end, constants put at a field by name, IFTHEN with HIT=NEXT, SEQNUM with
 * START/INCR/RESTART, TO= conversions with LENGTH, EDIT patterns and SIGNS, M11/M12). */
#include "unit.h"

#include "kiroku/ctl.h"
#include "kiroku/engine.h"

/* A CP932 layout of two record types; `amount` is at different bytes in each. */
static const char *LAYOUT =
    "layout t\n  encoding cp932\n  length 40\n  terminator lf\n"
    "record data when kind = \"D\"\n"
    "  kind    X(1)\n"
    "  code    X(2)\n"
    "  name    N(4)\n"                                              /* bytes 4-11 */
    "  kana    X(8)\n"                                              /* 12-19 */
    "  amount  S9(5)\n"                                             /* 20-24 */
    "  ymd     date(yyyymmdd) none(00000000) open(99999999)\n"      /* 25-32 */
    "  wareki  date(gyymmdd)\n"                                     /* 33-39 */
    "  filler  X(*)\n"
    "record other when kind = \"O\"\n"
    "  kind    X(1)\n"
    "  amount  9(3)\n"
    "  filler  X(*)\n";

typedef struct fixture {
    kr_layout *l;
    kr_scope s;      /* the layout's names over its 40-byte records */
    kr_scope pos;    /* positions only, 40-byte records */
} fixture;

static int setup(void **state)
{
    fixture *f = kr_xcalloc(1, sizeof *f);
    f->l = unit_layout(LAYOUT);
    kr_scope_init(&f->s, f->l->length, f->l);
    kr_scope_add_layout(&f->s, f->l, NULL, 0);
    kr_scope_init(&f->pos, 40, NULL);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    kr_scope_free(&f->s);
    kr_scope_free(&f->pos);
    kr_layout_free(f->l);
    free(f);
    return 0;
}

static kr_ctl *ctl(const char *text)
{
    kr_diags d;
    kr_diags_init(&d);
    kr_ctl *c = kr_ctl_parse(text, strlen(text), "t.ctl", &d);
    if (!c) {
        for (size_t i = 0; i < d.n; i++)
            print_error("%s\n", d.items[i]);
        fail_msg("statements did not parse: %s", text);
    }
    kr_diags_free(&d);
    return c;
}

/* A data record: blanks, then the fields given (NULL leaves a field blank). */
typedef struct drec {
    const char *code, *name, *kana, *amount, *ymd, *wareki;
} drec;

static void put(unsigned char *rec, size_t off, size_t len, const char *v)
{
    if (v)
        memcpy(rec + off, v, strlen(v) < len ? strlen(v) : len);
}

static void make(unsigned char rec[40], drec r)
{
    memset(rec, ' ', 40);
    rec[0] = 'D';
    put(rec, 1, 2, r.code);
    if (r.name) { /* N(4): CP932 text padded with full-width spaces */
        for (size_t i = 0; i < 8; i += 2)
            memcpy(rec + 3 + i, "\x81\x40", 2);
        put(rec, 3, 8, r.name);
    }
    put(rec, 11, 8, r.kana);
    put(rec, 19, 5, r.amount ? r.amount : "00000");
    put(rec, 24, 8, r.ymd ? r.ymd : "20240101");
    put(rec, 32, 7, r.wareki ? r.wareki : "5010501");
}

/* ---- binding -------------------------------------------------------------------------------- */

static void bind_fails(const kr_scope *s, const char *stmt, const char *needle)
{
    kr_ctl *c = ctl(stmt);
    kr_keyplan kp;
    kr_err e;
    if (kr_keyplan_build(&kp, s, c->keys, c->n_keys, "t.ctl", &e)) {
        kr_keyplan_free(&kp);
        fail_msg("%s bound but should not have", stmt);
    }
    assert_contains(e.text, needle);
    assert_int_equal(e.rc, KR_RC_ENV);
    kr_ctl_free(c);
}

static void test_bind(void **state)
{
    fixture *f = *state;
    kr_ctl *c = ctl(" SORT FIELDS=(name,A,data.amount,A,other.amount,D,5,2,CH,A)\n");
    kr_keyplan kp;
    kr_err e;
    assert_true(kr_keyplan_build(&kp, &f->s, c->keys, c->n_keys, "t.ctl", &e));
    assert_int_equal(kp.parts[0].b.offset, 3);
    assert_int_equal(kp.parts[0].b.length, 8);
    assert_int_equal(kp.parts[0].b.fmt, KR_FMT_TEXT); /* a layout's text field sorts by character */
    assert_int_equal(kp.parts[1].b.offset, 19);
    assert_int_equal(kp.parts[1].b.fmt, KR_FMT_ZD);
    assert_int_equal(kp.parts[2].b.offset, 1);
    assert_int_equal(kp.parts[2].b.length, 3);
    assert_int_equal(kp.parts[3].b.offset, 4);
    kr_keyplan_free(&kp);
    kr_ctl_free(c);

    bind_fails(&f->s, " SORT FIELDS=(amount,A)\n",
               "KRK0605E t.ctl:1:15: 'amount' is bytes 20-24 in record type 'data' but bytes 2-4 in 'other'; "
               "write data.amount or other.amount");
    bind_fails(&f->s, " SORT FIELDS=(nmae,A)\n", "KRK0604E t.ctl:1:15: no field 'nmae' in the record; did you mean 'name'?");
    bind_fails(&f->s, " SORT FIELDS=(zzzzzzzz,A)\n", "no field 'zzzzzzzz' in the record");
    bind_fails(&f->s, " SORT FIELDS=(other.name,A)\n", "no field 'other.name' in the record");
    bind_fails(&f->s, " SORT FIELDS=(38,4,CH,A)\n",
               "KRK0601E t.ctl:1:15: field 38,4 ends at byte 41, past the end of the 40-byte record");
    bind_fails(&f->s, " SORT FIELDS=(1,9,FI,A)\n", "KRK0602E t.ctl:1:15: a FI field is 1 to 8 bytes, not 9");
    bind_fails(&f->s, " SORT FIELDS=(1,17,PD,A)\n", "a PD field is 1 to 16 bytes, not 17");
    bind_fails(&f->pos, " SORT FIELDS=(name,A)\n", "KRK0604E t.ctl:1:15: field name 'name' needs a layout");
    bind_fails(&f->pos, " SORT FIELDS=(4,8,TEXT,A)\n", "TEXT compares characters and needs the file's encoding");
}

/* ---- keys ------------------------------------------------------------------------------------- */

/* Encodes the key of a and of b under `stmt` and returns memcmp's sign. */
static int key_cmp(const kr_scope *s, const char *stmt, const unsigned char *a, const unsigned char *b)
{
    kr_ctl *c = ctl(stmt);
    kr_keyplan kp;
    kr_err e;
    if (!kr_keyplan_build(&kp, s, c->keys, c->n_keys, "t.ctl", &e))
        fail_msg("%s: %s", stmt, e.text);
    unsigned char ka[512], kb[512];
    size_t part;
    kr_problem pb;
    assert_true(kp.width <= sizeof ka);
    if (!kr_key_encode(&kp, a, ka, &part, &pb) || !kr_key_encode(&kp, b, kb, &part, &pb))
        fail_msg("%s: %s", stmt, pb.reason);
    int r = memcmp(ka, kb, kp.width);
    kr_keyplan_free(&kp);
    kr_ctl_free(c);
    return r < 0 ? -1 : r > 0;
}

/* Positional keys over raw 40-byte records whose bytes 1-n are given. */
static int raw_cmp(const fixture *f, const char *stmt, const void *a, size_t na, const void *b, size_t nb)
{
    unsigned char ra[40], rb[40];
    memset(ra, ' ', 40);
    memset(rb, ' ', 40);
    memcpy(ra, a, na);
    memcpy(rb, b, nb);
    return key_cmp(&f->pos, stmt, ra, rb);
}

static void test_key_numbers(void **state)
{
    fixture *f = *state;
    /* ZD: ASCII and EBCDIC-style overpunch, signs ordered by value, not by byte. */
    assert_int_equal(raw_cmp(f, " SORT FIELDS=(1,3,ZD,A)\n", "00u", 3, "003", 3), -1); /* -5 < 3 */
    assert_int_equal(raw_cmp(f, " SORT FIELDS=(1,3,ZD,A)\n", "003", 3, "012", 3), -1);
    assert_int_equal(raw_cmp(f, " SORT FIELDS=(1,3,ZD,A)\n", "01}", 3, "009", 3), -1); /* -10 < 9 */
    assert_int_equal(raw_cmp(f, " SORT FIELDS=(1,3,ZD,A)\n", "007", 3, "00G", 3), 0);  /* 7 = +7 */
    assert_int_equal(raw_cmp(f, " SORT FIELDS=(1,3,ZD,D)\n", "00u", 3, "003", 3), 1);
    /* PD */
    assert_int_equal(raw_cmp(f, " SORT FIELDS=(1,2,PD,A)\n", "\x99\x9d", 2, "\x00\x1c", 2), -1); /* -999 < 1 */
    assert_int_equal(raw_cmp(f, " SORT FIELDS=(1,2,PD,A)\n", "\x00\x1d", 2, "\x00\x0c", 2), -1); /* -1 < 0 */
    assert_int_equal(raw_cmp(f, " SORT FIELDS=(1,2,PD,A)\n", "\x00\x0c", 2, "\x00\x0d", 2), 0);  /* +0 = -0 */
    assert_int_equal(raw_cmp(f, " SORT FIELDS=(1,2,PD,D)\n", "\x12\x3c", 2, "\x45\x6c", 2), 1);
    /* BI unsigned, FI signed */
    assert_int_equal(raw_cmp(f, " SORT FIELDS=(1,2,BI,A)\n", "\x00\xff", 2, "\xff\x00", 2), -1);
    assert_int_equal(raw_cmp(f, " SORT FIELDS=(1,2,FI,A)\n", "\xff\x00", 2, "\x00\xff", 2), -1); /* -256 < 255 */
    assert_int_equal(raw_cmp(f, " SORT FIELDS=(1,2,FI,A)\n", "\xff\xff", 2, "\x00\x00", 2), -1); /* -1 < 0 */
    assert_int_equal(raw_cmp(f, " SORT FIELDS=(1,2,FI,D)\n", "\xff\xff", 2, "\x00\x00", 2), 1);
    /* BI longer than 8 bytes (DFSORT: up to 256): unsigned, byte for byte, against memcmp on
     * random 20-byte keys, and the last byte decides */
    unsigned seed = 2560;
    for (int round = 0; round < 200; round++) {
        unsigned char ka[20], kb[20];
        for (size_t i = 0; i < sizeof ka; i++) {
            ka[i] = (unsigned char)rand_r(&seed);
            kb[i] = round % 2 && i < 12 ? ka[i] : (unsigned char)rand_r(&seed);
        }
        int want = memcmp(ka, kb, sizeof ka);
        assert_int_equal(raw_cmp(f, " SORT FIELDS=(1,20,BI,A)\n", ka, 20, kb, 20), want < 0 ? -1 : want > 0);
        assert_int_equal(raw_cmp(f, " SORT FIELDS=(1,20,BI,D)\n", ka, 20, kb, 20), want < 0 ? 1 : -(want > 0));
    }
    assert_int_equal(raw_cmp(f, " SORT FIELDS=(1,9,BI,A)\n", "\x00\x00\x00\x00\x00\x00\x00\x00\x01", 9,
                             "\x00\x00\x00\x00\x00\x00\x00\x00\x02", 9), -1);
    assert_int_equal(raw_cmp(f, " SORT FIELDS=(1,9,BI,A)\n", "\x80\x00\x00\x00\x00\x00\x00\x00\x00", 9,
                             "\x7f\xff\xff\xff\xff\xff\xff\xff\xff", 9), 1); /* unsigned: 80.. > 7F.. */
    /* PD0: the digits between the first digit and the sign; both ignored */
    assert_int_equal(raw_cmp(f, " SORT FIELDS=(1,3,PD0,A)\n", "\x91\x23\x4c", 3, "\x01\x23\x4d", 3), 0);
    assert_int_equal(raw_cmp(f, " SORT FIELDS=(1,3,PD0,A)\n", "\xf1\x23\x3c", 3, "\x01\x23\x4d", 3), -1);
    assert_int_equal(raw_cmp(f, " SORT FIELDS=(1,2,PD0,D)\n", "\x01\x0c", 2, "\x09\x9c", 2), 1);
    /* CH: the bytes; a second key decides ties */
    assert_int_equal(raw_cmp(f, " SORT FIELDS=(1,2,CH,A)\n", "AB", 2, "Ab", 2), -1);
    assert_int_equal(raw_cmp(f, " SORT FIELDS=(1,1,CH,A,2,1,CH,D)\n", "AA", 2, "AB", 2), 1);
}

static void test_key_layout_fields(void **state)
{
    fixture *f = *state;
    unsigned char a[40], b[40];
    /* A layout's S9(5) sorts by value. */
    make(a, (drec){.amount = "0001t"}); /* -14 */
    make(b, (drec){.amount = "00002"});
    assert_int_equal(key_cmp(&f->s, " SORT FIELDS=(data.amount,A)\n", a, b), -1);
    /* Dates: none before every date, open after every date, descending the other way. */
    unsigned char none[40], early[40], late[40], open[40];
    make(none, (drec){.ymd = "00000000"});
    make(early, (drec){.ymd = "19990101"});
    make(late, (drec){.ymd = "20250331"});
    make(open, (drec){.ymd = "99999999"});
    assert_int_equal(key_cmp(&f->s, " SORT FIELDS=(ymd,A)\n", none, early), -1);
    assert_int_equal(key_cmp(&f->s, " SORT FIELDS=(ymd,A)\n", early, late), -1);
    assert_int_equal(key_cmp(&f->s, " SORT FIELDS=(ymd,A)\n", late, open), -1);
    assert_int_equal(key_cmp(&f->s, " SORT FIELDS=(ymd,D)\n", none, open), 1);
    /* Era dates sort as dates: 平成31年4月30日 before 令和元年5月1日. */
    make(a, (drec){.wareki = "4310430"});
    make(b, (drec){.wareki = "5010501"});
    assert_int_equal(key_cmp(&f->s, " SORT FIELDS=(wareki,A)\n", a, b), -1);
    /* A bad date stops the key with the reason. */
    kr_ctl *c = ctl(" SORT FIELDS=(ymd,A)\n");
    kr_keyplan kp;
    kr_err e;
    assert_true(kr_keyplan_build(&kp, &f->s, c->keys, c->n_keys, "t.ctl", &e));
    make(a, (drec){.ymd = "20251332"});
    unsigned char k[64];
    size_t part = 99;
    kr_problem pb;
    assert_false(kr_key_encode(&kp, a, k, &part, &pb));
    assert_int_equal(part, 0);
    kr_keyplan_free(&kp);
    kr_ctl_free(c);
}

static void test_key_text_and_kana(void **state)
{
    fixture *f = *state;
    unsigned char a[40], b[40];
    /* ｱ (0xB1) against あ (0x82A0): by byte あ comes first, by character the single-byte
     * ｱ does (TEXT, a layout text field's own order). */
    make(a, (drec){.kana = "\xb1"});
    make(b, (drec){.kana = "\x82\xa0"});
    assert_int_equal(key_cmp(&f->s, " SORT FIELDS=(kana,CH,A)\n", a, b), 1);
    assert_int_equal(key_cmp(&f->s, " SORT FIELDS=(kana,A)\n", a, b), -1);
    assert_int_equal(key_cmp(&f->s, " SORT FIELDS=(12,8,TEXT,A)\n", a, b), -1);
    /* カ (katakana, 0x834A) against き (hiragana, 0x82AB): by character き comes first (CP932
     * puts hiragana before katakana); in 50音 order カ does. */
    make(a, (drec){.kana = "\x83\x4a"});
    make(b, (drec){.kana = "\x82\xab"});
    assert_int_equal(key_cmp(&f->s, " SORT FIELDS=(kana,A)\n", a, b), 1);
    assert_int_equal(key_cmp(&f->s, " SORT FIELDS=(kana,KANA,A)\n", a, b), -1);
    assert_int_equal(key_cmp(&f->s, " SORT FIELDS=(kana,KANA,D)\n", a, b), 1);
    /* N(4): 山田 padded with full-width spaces equals 山田 padded with half-width ones. */
    make(a, (drec){.name = "\x8e\x52\x93\x63"});
    make(b, (drec){.name = NULL});
    memcpy(b + 3, "\x8e\x52\x93\x63    ", 8);
    assert_int_equal(key_cmp(&f->s, " SORT FIELDS=(name,A)\n", a, b), 0);
}

/* ---- conditions ------------------------------------------------------------------------------- */

/* Evaluates `INCLUDE COND=cond` on rec against scope s with the run date run_ymd. */
static int eval_at(const kr_scope *s, const char *cond, const unsigned char *rec, int run_ymd)
{
    char text[1024];
    snprintf(text, sizeof text, " OPTION COPY\n INCLUDE COND=%s\n", cond);
    kr_ctl *c = ctl(text);
    kr_cond_ctx cx = {run_ymd};
    kr_err e;
    kr_pred *p = kr_pred_build(c->include, s, &cx, "t.ctl", &e);
    if (!p)
        fail_msg("%s: %s", cond, e.text);
    kr_problem pb;
    int r = kr_pred_eval(p, rec, &pb);
    kr_pred_free(p);
    kr_ctl_free(c);
    return r;
}

static int eval_on(const kr_scope *s, const char *cond, const unsigned char *rec)
{
    return eval_at(s, cond, rec, 20250401);
}

static char *pred_error(const kr_scope *s, const char *cond)
{
    char text[1024];
    snprintf(text, sizeof text, " OPTION COPY\n INCLUDE COND=%s\n", cond);
    kr_ctl *c = ctl(text);
    kr_cond_ctx cx = {20250401};
    kr_err e;
    kr_pred *p = kr_pred_build(c->include, s, &cx, "t.ctl", &e);
    kr_ctl_free(c);
    if (p) {
        kr_pred_free(p);
        fail_msg("%s compiled but should not have", cond);
    }
    return kr_xstrdup(e.text);
}

#define assert_pred_error(s, cond, needle)                                                   \
    do {                                                                                     \
        char *e_ = pred_error(s, cond);                                                      \
        assert_contains(e_, needle);                                                         \
        free(e_);                                                                            \
    } while (0)

static int eval_raw(const fixture *f, const char *cond, const char *bytes)
{
    unsigned char rec[40];
    memset(rec, ' ', 40);
    memcpy(rec, bytes, strlen(bytes));
    return eval_on(&f->pos, cond, rec);
}

static void test_cond_operators(void **state)
{
    fixture *f = *state;
    /* 1,3,ZD holds 42 */
    const char *r = "042ABC";
    struct { const char *cond; int want; } cases[] = {
        {"(1,3,ZD,EQ,42)", 1},  {"(1,3,ZD,EQ,+42)", 1}, {"(1,3,ZD,NE,42)", 0}, {"(1,3,ZD,GT,41)", 1},
        {"(1,3,ZD,GT,42)", 0},  {"(1,3,ZD,GE,42)", 1},  {"(1,3,ZD,LT,42)", 0}, {"(1,3,ZD,LE,42)", 1},
        {"(1,3,ZD,LT,-1)", 0},  {"(4,3,CH,EQ,C'ABC')", 1}, {"(4,3,CH,GT,C'ABB')", 1},
        {"(4,3,CH,LT,C'ABD')", 1}, {"(4,2,CH,EQ,X'4142')", 1}, {"(4,3,CH,NE,C'ABC')", 0},
        /* AND binds tighter than OR: true OR (false AND false) is true; (true OR false) AND
         * false would be false. */
        {"(1,3,ZD,EQ,42,OR,1,3,ZD,EQ,1,AND,1,3,ZD,EQ,2)", 1},
        {"((1,3,ZD,EQ,42,OR,1,3,ZD,EQ,1),AND,1,3,ZD,EQ,2)", 0},
        {"(1,3,ZD,EQ,1,AND,1,3,ZD,EQ,2,OR,4,1,CH,EQ,C'A')", 1},
        {"(1,3,ZD,EQ,1,&,4,1,CH,EQ,C'A'|4,1,CH,EQ,C'Z')", 0},
        /* lists */
        {"(4,1,CH,EQ,L(C'X',C'A',C'Y'))", 1}, {"(4,1,CH,NE,L(C'X',C'A'))", 0},
        {"(4,1,CH,NE,L(C'X',C'Y'))", 1}, {"(1,3,ZD,EQ,L(1,42,7))", 1}, {"(1,3,ZD,NE,L(1,7))", 1},
        /* field against field: text padded with blanks, numbers by value */
        {"(4,2,CH,EQ,4,3,CH)", 0}, {"(4,1,CH,LT,5,1,CH)", 1}, {"(1,2,ZD,LT,2,2,ZD)", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (eval_raw(f, cases[i].cond, r) != cases[i].want)
            fail_msg("%s on \"%s\": expected %d", cases[i].cond, r, cases[i].want);
    /* padding: "AB" followed by blanks equals "AB " */
    assert_int_equal(eval_raw(f, "(1,2,CH,EQ,10,3,CH)", "AB       AB "), 1);
    /* numbers of different scales compare by value: 1,3,ZD (12) against the layout's S9(5) */
    unsigned char rec[40];
    make(rec, (drec){.code = "12", .amount = "00012"});
    assert_int_equal(eval_on(&f->s, "(2,2,ZD,EQ,data.amount)", rec), 1);
    /* a number that cannot be read gives -1 and the reason */
    assert_int_equal(eval_raw(f, "(1,3,ZD,EQ,1)", "A!C"), -1);
}

static void test_cond_substring(void **state)
{
    fixture *f = *state;
    /* the constant searched for in the field */
    assert_int_equal(eval_raw(f, "(1,10,SS,EQ,C'OK')", "....OK...."), 1);
    assert_int_equal(eval_raw(f, "(1,10,SS,EQ,C'OK')", "....O K..."), 0);
    assert_int_equal(eval_raw(f, "(1,10,SS,NE,C'OK')", "....O K..."), 1);
    /* a field shorter than the constant is searched for in the constant (DFSORT's rule) */
    assert_int_equal(eval_raw(f, "(1,3,SS,EQ,C'J69,L92,J82')", "L92"), 1);
    assert_int_equal(eval_raw(f, "(1,3,SS,EQ,C'J69,L92,J82')", "L93"), 0);
    assert_int_equal(eval_raw(f, "(1,3,SS,EQ,C'J69,L92,J82')", "9,L"), 1); /* as DFSORT: any substring */
    assert_pred_error(&f->pos, "(1,3,SS,EQ,12)", "SS searches for C'text' or X'hex'");
}

static void test_cond_dates(void **state)
{
    fixture *f = *state;
    unsigned char rec[40];
    /* the run date is 2025-04-01 */
    make(rec, (drec){.ymd = "20250302"});
    assert_int_equal(eval_on(&f->s, "(ymd,GE,DATE1-30)", rec), 1);  /* 2025-03-02 */
    assert_int_equal(eval_on(&f->s, "(ymd,GE,DATE1-29)", rec), 0);
    assert_int_equal(eval_on(&f->s, "(ymd,LT,DATE1)", rec), 1);
    assert_int_equal(eval_on(&f->s, "(ymd,EQ,D'2025-03-02')", rec), 1);
    assert_int_equal(eval_on(&f->s, "(ymd,EQ,Y'20250302')", rec), 1);
    make(rec, (drec){.ymd = "20250501"});
    assert_int_equal(eval_on(&f->s, "(ymd,GT,DATE1+1M)", rec), 0);   /* 2025-05-01 */
    assert_int_equal(eval_on(&f->s, "(ymd,EQ,DATE1+1M)", rec), 1);
    assert_int_equal(eval_on(&f->s, "(ymd,LT,DATE1+1Y)", rec), 1);
    assert_int_equal(eval_on(&f->s, "(ymd,EQ,DATE2)", rec), 0);       /* 2025-04 */
    make(rec, (drec){.ymd = "20250415"});
    assert_int_equal(eval_on(&f->s, "(ymd,EQ,DATE2)", rec), 1);       /* the same month */
    /* the fiscal year of 2025-04-01 is 2025-04-01..2026-03-31 */
    make(rec, (drec){.ymd = "20250401"});
    assert_int_equal(eval_on(&f->s, "(ymd,EQ,FYSTART)", rec), 1);
    make(rec, (drec){.ymd = "20260331"});
    assert_int_equal(eval_on(&f->s, "(ymd,EQ,FYEND)", rec), 1);
    /* aged 40 or more at the fiscal year's end: born on or before 1986-04-01 */
    make(rec, (drec){.ymd = "19860401"});
    assert_int_equal(eval_on(&f->s, "(ymd,LE,FYEND-40Y+1D)", rec), 1);
    make(rec, (drec){.ymd = "19860402"});
    assert_int_equal(eval_on(&f->s, "(ymd,LE,FYEND-40Y+1D)", rec), 0);
    /* a run date in January to March belongs to the fiscal year that began the April before */
    make(rec, (drec){.ymd = "20240401"});
    assert_int_equal(eval_at(&f->s, "(ymd,EQ,FYSTART)", rec, 20250331), 1);
    assert_int_equal(eval_at(&f->s, "(ymd,EQ,FYEND-1Y)", rec, 20250331), 0);
    make(rec, (drec){.ymd = "20250331"});
    assert_int_equal(eval_at(&f->s, "(ymd,EQ,FYEND)", rec, 20250101), 1);
    /* none and open: none before every date, open after every date */
    make(rec, (drec){.ymd = "00000000"});
    assert_int_equal(eval_on(&f->s, "(ymd,LT,D'1900-01-01')", rec), 1);
    make(rec, (drec){.ymd = "99999999"});
    assert_int_equal(eval_on(&f->s, "(ymd,GT,D'2999-12-31')", rec), 1);
    assert_int_equal(eval_on(&f->s, "(ymd,EQ,C'99999999')", rec), 1); /* the raw digits */
    /* a date field moved by offsets on the right (F1:end+1D): the old end and the new start
     * meet when end + 1 day is the start; none and open are not moved */
    make(rec, (drec){.ymd = "20250331", .wareki = "5070401"}); /* 令和7年4月1日 */
    assert_int_equal(eval_on(&f->s, "(wareki,EQ,ymd+1D)", rec), 1);
    assert_int_equal(eval_on(&f->s, "(wareki,LT,ymd+2D)", rec), 1);
    assert_int_equal(eval_on(&f->s, "(wareki,GT,ymd)", rec), 1);
    assert_int_equal(eval_on(&f->s, "(ymd,EQ,wareki-1D)", rec), 1);
    assert_int_equal(eval_on(&f->s, "(ymd,EQ,wareki-1M+30D)", rec), 1); /* 2025-03-01 + 30 days */
    make(rec, (drec){.ymd = "99999999", .wareki = "5070401"});
    assert_int_equal(eval_on(&f->s, "(wareki,LT,ymd+1D)", rec), 1);      /* open stays open */
    make(rec, (drec){.ymd = "00000000", .wareki = "5070401"});
    assert_int_equal(eval_on(&f->s, "(wareki,GT,ymd+1D)", rec), 1);      /* none stays none */
    /* era dates compare as dates; date fields against each other */
    make(rec, (drec){.ymd = "20190501", .wareki = "5010501"});
    assert_int_equal(eval_on(&f->s, "(wareki,GT,D'2019-04-30')", rec), 1);
    assert_int_equal(eval_on(&f->s, "(wareki,EQ,ymd)", rec), 1);
    make(rec, (drec){.ymd = "20190501", .wareki = "4310430"});
    assert_int_equal(eval_on(&f->s, "(wareki,LT,ymd)", rec), 1);
    assert_pred_error(&f->s, "(ymd,EQ,20250101)", "ymd is a date; compare it with D'yyyy-mm-dd'");
    assert_pred_error(&f->s, "(ymd,EQ,name)", "ymd and name are of different kinds");
    assert_pred_error(&f->s, "(code,EQ,kana+1D)", "KRK1601E t.ctl:2:24: kana+n/-n moves a date");
}

static void test_cond_text_constants(void **state)
{
    fixture *f = *state;
    unsigned char rec[40];
    make(rec, (drec){.name = "\x8e\x52\x93\x63", .kana = "\xd4\xcf\xc0\xde"}); /* 山田, ﾔﾏﾀﾞ */
    /* a UTF-8 constant is converted to CP932 and padded with the full-width space for an N
     * field, with blanks for an X field */
    assert_int_equal(eval_on(&f->s, "(name,EQ,C'山田')", rec), 1);
    assert_int_equal(eval_on(&f->s, "(name,EQ,C'山')", rec), 0);
    assert_int_equal(eval_on(&f->s, "(kana,EQ,C'ﾔﾏﾀﾞ')", rec), 1);
    assert_int_equal(eval_on(&f->s, "(name,SS,EQ,C'田')", rec), 1);
    /* CH over an N field compares the bytes, padded with blanks: not equal */
    assert_int_equal(eval_on(&f->s, "(4,8,CH,EQ,C'山田')", rec), 0);
    assert_pred_error(&f->s, "(name,EQ,C'山田太郎花')", "the constant is 10 bytes but name is 8; it can never be equal");
    assert_pred_error(&f->s, "(name,EQ,C'\xe2\x82\xac')", "U+20AC in the constant has no CP932 form");
    assert_pred_error(&f->s, "(data.amount,EQ,C'1')", "the constant is 1 bytes but amount is 5");
    assert_pred_error(&f->s, "(data.amount,EQ,1.5)", "the constant has 1 decimal places but amount has 0");
    assert_pred_error(&f->s, "(name,EQ,5)", "name is text; compare it with C'...' or X'...'");
}

/* ---- reformatting -------------------------------------------------------------------------------- */

typedef struct reformat {
    kr_ctl *c;
    kr_rebuild *r;
    kr_scope out;
    kr_seqstate seq;
} reformat;

/* Compiles the INREC of `stmt` over 40-byte records of positions only. */
static void rf_open(reformat *x, const kr_scope *s, const char *stmt)
{
    char text[1024];
    snprintf(text, sizeof text, " OPTION COPY\n INREC %s\n", stmt);
    x->c = ctl(text);
    kr_cond_ctx cx = {20250401};
    kr_err e;
    x->r = kr_rebuild_build(&x->c->inrec, s, &cx, "t.ctl", &x->out, &e);
    if (!x->r)
        fail_msg("%s: %s", stmt, e.text);
    kr_seqstate_init(&x->seq, x->r);
}

static void rf_close(reformat *x)
{
    kr_seqstate_free(&x->seq);
    kr_rebuild_free(x->r);
    kr_scope_free(&x->out);
    kr_ctl_free(x->c);
}

/* Reformats a 40-byte record that starts with `in` and checks the result. */
static void rf_is(reformat *x, const char *in, const void *want, size_t want_len)
{
    unsigned char rec[40], out[256];
    memset(rec, ' ', 40);
    memcpy(rec, in, strlen(in));
    kr_problem pb;
    if (!kr_rebuild_apply(x->r, rec, out, &x->seq, &pb))
        fail_msg("apply: %s", pb.reason);
    assert_int_equal(kr_rebuild_length(x->r), want_len);
    if (memcmp(out, want, want_len) != 0)
        fail_msg("got \"%.*s\", expected \"%.*s\"", (int)want_len, out, (int)want_len, (const char *)want);
}

/* s padded with blanks to n bytes (a static buffer). */
static const char *pad(const char *s, size_t n)
{
    static char buf[256];
    memset(buf, ' ', n);
    memcpy(buf, s, strlen(s));
    return buf;
}

static char *rf_error(const kr_scope *s, const char *stmt)
{
    char text[1024];
    snprintf(text, sizeof text, " OPTION COPY\n INREC %s\n", stmt);
    kr_ctl *c = ctl(text);
    kr_cond_ctx cx = {20250401};
    kr_err e;
    kr_scope out;
    kr_rebuild *r = kr_rebuild_build(&c->inrec, s, &cx, "t.ctl", &out, &e);
    kr_ctl_free(c);
    if (r) {
        kr_rebuild_free(r);
        kr_scope_free(&out);
        fail_msg("%s compiled but should not have", stmt);
    }
    return kr_xstrdup(e.text);
}

#define assert_rf_error(s, stmt, needle)                                                     \
    do {                                                                                     \
        char *e_ = rf_error(s, stmt);                                                        \
        assert_contains(e_, needle);                                                         \
        free(e_);                                                                            \
    } while (0)

static void test_build_and_overlay(void **state)
{
    fixture *f = *state;
    reformat x;
    /* columns: blanks fill up to a column; p alone runs to the record's end */
    rf_open(&x, &f->pos, "BUILD=(3,2,6:1,2,C'-',2X,X'41',2C'ab',38)");
    rf_is(&x, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcd", "CD   AB-  Aababbcd", 18);
    rf_close(&x);
    /* OVERLAY keeps the record and may extend it; the gap is blank */
    rf_open(&x, &f->pos, "OVERLAY=(2:C'xy',45:C'Z')");
    rf_is(&x, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcd",
          "AxyDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcd    Z", 45);
    rf_close(&x);
    /* names carried by BUILD keep answering at their new positions */
    rf_open(&x, &f->s, "BUILD=(code,data.amount,2X,kind)");
    kr_ctl *c = ctl(" SORT FIELDS=(data.amount,A,kind,A)\n");
    kr_keyplan kp;
    kr_err e;
    assert_true(kr_keyplan_build(&kp, &x.out, c->keys, c->n_keys, "t.ctl", &e));
    assert_int_equal(kp.parts[0].b.offset, 2);
    assert_int_equal(kp.parts[1].b.offset, 9);
    kr_keyplan_free(&kp);
    kr_ctl_free(c);
    rf_close(&x);
    /* a constant put at a field by name, padded as the field pads (N: full-width blanks) */
    rf_open(&x, &f->s, "OVERLAY=(name:C'山田',kana:C'AB',data.amount:C'0001{')");
    rf_is(&x, "DXY", pad("DXY\x8E\x52\x93\x63\x81\x40\x81\x40" "AB      0001{", 40), 40);
    rf_close(&x);
    assert_rf_error(&f->s, "OVERLAY=(data.amount:C'12')", "the constant is 2 bytes but amount holds 5; a field that is not text");
    assert_rf_error(&f->s, "OVERLAY=(kana:C'ABCDEFGHI')", "the constant is 9 bytes but kana holds 8");
    assert_rf_error(&f->s, "OVERLAY=(kanji:C'A')", "no field 'kanji'");
    assert_rf_error(&f->pos, "BUILD=(10:1,2,5:C'X')", "KRK0622E t.ctl:2:22: column 5 is before the end of what the items before it built");
    assert_rf_error(&f->pos, "BUILD=(41)", "position 41 is past the 40-byte record");
    assert_rf_error(&f->pos, "BUILD=(1,4,CH,M11)", "1,4,CH is not a number");
}

static void test_ifthen(void **state)
{
    fixture *f = *state;
    reformat x;
    rf_open(&x, &f->pos,
            "IFTHEN=(WHEN=INIT,BUILD=(1,4,C'....')),"
            "IFTHEN=(WHEN=(1,1,CH,EQ,C'A'),OVERLAY=(5:C'a'),HIT=NEXT),"
            "IFTHEN=(WHEN=(2,1,CH,EQ,C'B'),OVERLAY=(6:C'b')),"
            "IFTHEN=(WHEN=(3,1,CH,EQ,C'C'),OVERLAY=(7:C'c')),"
            "IFTHEN=(WHEN=NONE,OVERLAY=(8:C'n'))");
    rf_is(&x, "ABCD", "ABCDab..", 8); /* A goes on (HIT=NEXT), B stops before C */
    rf_is(&x, "AxCD", "AxCDa.c.", 8); /* A goes on, B fails, C hits */
    rf_is(&x, "xxCD", "xxCD..c.", 8);
    rf_is(&x, "xxxx", "xxxx...n", 8); /* nothing hit: NONE */
    rf_is(&x, "Axxx", "Axxxa...", 8); /* a HIT=NEXT clause is a hit: NONE does not run */
    rf_close(&x);
    /* conditions after WHEN=INIT read the record it built */
    rf_open(&x, &f->pos, "IFTHEN=(WHEN=INIT,BUILD=(3,2,1,2)),IFTHEN=(WHEN=(1,2,CH,EQ,C'CD'),OVERLAY=(5:C'!'))");
    rf_is(&x, "ABCD", "CDAB!", 5);
    rf_close(&x);
    /* WHEN=INIT may lengthen the record; later clauses read and write past the input's end
     * (DFSORT's Sort Example 14 marks 80-byte records at 81 and sorts on it) */
    rf_open(&x, &f->pos, "IFTHEN=(WHEN=INIT,OVERLAY=(41:C'1')),IFTHEN=(WHEN=(1,1,CH,EQ,C'H'),OVERLAY=(41:C'0',42:41,1))");
    assert_int_equal(kr_rebuild_length(x.r), 42);
    unsigned char rec[40], out[64];
    memset(rec, ' ', 40);
    rec[0] = 'H';
    kr_problem pb;
    assert_true(kr_rebuild_apply(x.r, rec, out, &x.seq, &pb));
    assert_memory_equal(out + 40, "01", 2);
    rec[0] = 'D';
    assert_true(kr_rebuild_apply(x.r, rec, out, &x.seq, &pb));
    assert_memory_equal(out + 40, "1 ", 2);
    rf_close(&x);
    /* ... but not past the record the clauses before them left */
    assert_rf_error(&f->pos, "IFTHEN=(WHEN=INIT,OVERLAY=(41:C'1')),IFTHEN=(WHEN=(42,1,CH,EQ,C'H'),OVERLAY=(1:C'x'))",
                    "field 42,1 ends at byte 42, past the end of the 41-byte record");
    /* after WHEN=INIT with BUILD the layout's names no longer say where the fields are */
    assert_rf_error(&f->s, "IFTHEN=(WHEN=INIT,BUILD=(code,kind)),IFTHEN=(WHEN=(kind,EQ,C'D'),OVERLAY=(1:C'x'))",
                    "field name 'kind' cannot be used here: an IFTHEN WHEN=INIT clause with BUILD moved the fields");
    /* when every record meets a BUILD (WHEN=NONE takes the rest) the output is as long as
     * the longest BUILD, not the input; without WHEN=NONE the input's length stays possible */
    rf_open(&x, &f->pos, "IFTHEN=(WHEN=(1,1,CH,EQ,C'A'),BUILD=(C'1',1,3)),IFTHEN=(WHEN=NONE,BUILD=(C'3',1,2))");
    assert_int_equal(kr_rebuild_length(x.r), 4);
    rf_is(&x, "ABCD", "1ABC", 4);
    rf_is(&x, "ZBCD", "3ZB ", 4);
    rf_close(&x);
    rf_open(&x, &f->pos, "IFTHEN=(WHEN=(1,1,CH,EQ,C'A'),BUILD=(C'1',1,3))");
    assert_int_equal(kr_rebuild_length(x.r), 40);
    rf_close(&x);
    /* IFOUTLEN cuts or pads every record to its length */
    rf_open(&x, &f->pos, "IFTHEN=(WHEN=(1,1,CH,EQ,C'A'),BUILD=(1,3)),IFTHEN=(WHEN=NONE,BUILD=(1,1)),IFOUTLEN=6");
    rf_is(&x, "ABCD", "ABC   ", 6);
    rf_is(&x, "ZBCD", "Z     ", 6);
    rf_close(&x);
}

static void test_seqnum(void **state)
{
    fixture *f = *state;
    reformat x;
    rf_open(&x, &f->pos, "BUILD=(SEQNUM,3,ZD,C' ',SEQNUM,4,ZD,START=1000,INCR=100,C' ',SEQNUM,2,ZD,RESTART=(1,1))");
    rf_is(&x, "A", "001 1000 01", 11);
    rf_is(&x, "A", "002 1100 02", 11);
    rf_is(&x, "B", "003 1200 01", 11); /* the key changed: the third counter starts again */
    rf_is(&x, "B", "004 1300 02", 11);
    rf_is(&x, "A", "005 1400 01", 11);
    rf_close(&x);
    rf_open(&x, &f->pos, "BUILD=(SEQNUM,2,BI,SEQNUM,3,PD,START=5)");
    rf_is(&x, "", "\x00\x01\x00\x00\x5c", 5);
    rf_is(&x, "", "\x00\x02\x00\x00\x6c", 5);
    rf_close(&x);
    /* a SEQNUM in an IFTHEN clause counts the records that clause took */
    rf_open(&x, &f->pos, "IFTHEN=(WHEN=(1,1,CH,EQ,C'A'),OVERLAY=(3:SEQNUM,2,ZD)),IFTHEN=(WHEN=NONE,OVERLAY=(3:SEQNUM,2,ZD,START=50))");
    rf_is(&x, "A", pad("A 01", 40), 40);
    rf_is(&x, "B", pad("B 50", 40), 40);
    rf_is(&x, "A", pad("A 02", 40), 40);
    rf_close(&x);
    /* overflow is an error naming SEQNUM */
    rf_open(&x, &f->pos, "BUILD=(SEQNUM,1,ZD,START=9)");
    unsigned char rec[40] = {0}, out[8];
    kr_problem pb;
    assert_true(kr_rebuild_apply(x.r, rec, out, &x.seq, &pb));
    assert_false(kr_rebuild_apply(x.r, rec, out, &x.seq, &pb));
    assert_contains(pb.reason, "SEQNUM overflowed its field");
    rf_close(&x);
}

static void test_conversions(void **state)
{
    fixture *f = *state;
    reformat x;
    /* 1,4,ZD holds -123 (ASCII overpunch: s is -3); 5,2,PD holds +45 */
    rf_open(&x, &f->pos, "BUILD=(1,4,ZD,TO=PD,1,4,ZD,TO=PD,LENGTH=4,1,4,ZD,TO=FI,1,4,ZD,TO=FI,LENGTH=4,"
                         "5,2,PD,TO=ZD,5,2,PD,TO=BI,LENGTH=1,5,2,PD,TO=ZD,LENGTH=5)");
    rf_is(&x, "012s\x04\x5c",
          "\x00\x12\x3d"             /* TO=PD: 4 digits need 3 bytes */
          "\x00\x00\x12\x3d"         /* LENGTH=4 */
          "\xff\x85"                 /* TO=FI: 4 digits take 2 bytes */
          "\xff\xff\xff\x85"
          "045"                      /* TO=ZD: PD(2) has 3 digits */
          "\x2d"
          "00045",
          22);
    rf_close(&x);
    /* a value that does not fit is an error naming the field and the value */
    rf_open(&x, &f->pos, "BUILD=(1,4,ZD,TO=BI,LENGTH=2)");
    unsigned char rec[40], out[8];
    memset(rec, ' ', 40);
    memcpy(rec, "012s", 4);
    kr_problem pb;
    assert_false(kr_rebuild_apply(x.r, rec, out, &x.seq, &pb));
    /* A positional field may lie over a 個人番号: its value is not shown. */
    assert_contains(pb.reason, "1,4,ZD = (a value of 3 digits, not shown) does not fit 2 bytes as BI");
    rf_close(&x);
    assert_rf_error(&f->pos, "BUILD=(1,4,ZD,TO=FI,LENGTH=9)", "a binary field is 1 to 8 bytes");
}

static void test_edits(void **state)
{
    fixture *f = *state;
    reformat x;
    /* 1,4,ZD: -123 then 1234; bytes 5-9: a 5-byte PD date 12152024 */
    rf_open(&x, &f->pos, "BUILD=(1,4,ZD,M11,C'|',1,4,ZD,M12,C'|',1,4,ZD,M12,LENGTH=5,C'|',"
                         "5,5,PD,EDIT=(TT-TT-TTTT),C'|',1,4,ZD,EDIT=(SIIT.TT),SIGNS=(+,-),C'|',"
                         "1,4,ZD,EDIT=(IIITS),SIGNS=(,,,-))");
    rf_is(&x, "012s\x01\x21\x52\x02\x4c", "0123|  -123| -123|12-15-2024|  -1.23| 123-", 42);
    rf_is(&x, "1234\x01\x21\x52\x02\x4c", "1234| 1,234|1,234|12-15-2024| +12.34|1234 ", 42);
    rf_close(&x);
    /* leading zeros stay blank up to the first T; separators before it too */
    rf_open(&x, &f->pos, "BUILD=(1,4,ZD,M12,1,4,ZD,EDIT=(I,IIT))");
    rf_is(&x, "0000", "     0    0", 11);
    rf_close(&x);
    /* a LENGTH that would cut a digit is an error at the record */
    rf_open(&x, &f->pos, "BUILD=(1,4,ZD,M12,LENGTH=4)");
    unsigned char rec[40], out[8];
    memset(rec, ' ', 40);
    memcpy(rec, "1234", 4);
    kr_problem pb;
    assert_false(kr_rebuild_apply(x.r, rec, out, &x.seq, &pb));
    assert_contains(pb.reason, "does not fit 4 bytes as edited");
    rf_close(&x);
    assert_rf_error(&f->pos, "BUILD=(1,4,ZD,EDIT=(S.,))",
                    "KRK0624E t.ctl:2:15: an EDIT pattern has 1 to 31 digit positions (I or T)");
    assert_rf_error(&f->pos, "BUILD=(1,4,ZD,EDIT=(I.S.T))", "S (the sign) stands first or last");
    assert_rf_error(&f->pos, "BUILD=(1,4,ZD,EDIT=(--))", "an EDIT pattern has 1 to 31 digit positions");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_bind, setup, teardown),
        cmocka_unit_test_setup_teardown(test_key_numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_key_layout_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_key_text_and_kana, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cond_operators, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cond_substring, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cond_dates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cond_text_constants, setup, teardown),
        cmocka_unit_test_setup_teardown(test_build_and_overlay, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ifthen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_seqnum, setup, teardown),
        cmocka_unit_test_setup_teardown(test_conversions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edits, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
