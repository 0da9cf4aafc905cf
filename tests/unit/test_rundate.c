/* test_rundate.c: DFSORT's run-date and run-time constants (engine/rundate.c, ctl/rundate.c):
 * DATE1..DATE5, (c), P, +n/-n, TIME1..TIME3 in BUILD, and in conditions on plain fields. The
 * run is 2025-04-01 at 13:45:02.123456; every expected value is worked out by hand. */
#include "unit.h"

#include "kiroku/ctl.h"
#include "kiroku/engine.h"

static const kr_cond_ctx run = {20250401, 134502, 123456};

static kr_ctl *parse(const char *text, char **error)
{
    kr_diags d;
    kr_diags_init(&d);
    kr_ctl *c = kr_ctl_parse(text, strlen(text), "t.ctl", &d);
    *error = c || !d.n ? NULL : kr_xstrdup(d.items[0]);
    kr_diags_free(&d);
    return c;
}

/* BUILD=(items) over a 10-byte record of positions: the bytes it makes. */
static size_t build(const char *items, unsigned char *out, size_t cap)
{
    char text[512], *error;
    snprintf(text, sizeof text, " OPTION COPY\n INREC BUILD=(%s)\n", items);
    kr_ctl *c = parse(text, &error);
    if (!c)
        fail_msg("%s: %s", items, error);
    kr_scope in, outs;
    kr_scope_init(&in, 10, NULL);
    kr_err e;
    kr_rebuild *r = kr_rebuild_build(&c->inrec, &in, &run, "t.ctl", &outs, &e);
    if (!r)
        fail_msg("%s: %s", items, e.text);
    kr_seqstate seq;
    kr_seqstate_init(&seq, r);
    unsigned char rec[10];
    memset(rec, ' ', sizeof rec);
    kr_problem pb;
    size_t n = kr_rebuild_length(r);
    assert_true(n <= cap);
    assert_true(kr_rebuild_apply(r, rec, out, &seq, &pb));
    kr_seqstate_free(&seq);
    kr_rebuild_free(r);
    kr_scope_free(&outs);
    kr_scope_free(&in);
    kr_ctl_free(c);
    return n;
}

static void built_is(const char *items, const char *want)
{
    unsigned char out[128];
    size_t n = build(items, out, sizeof out);
    if (n != strlen(want) || memcmp(out, want, n) != 0)
        fail_msg("%s: got '%.*s', expected '%s'", items, (int)n, out, want);
}

static void test_dates_in_build(void **state)
{
    (void)state;
    built_is("DATE1", "20250401");
    built_is("&DATE1", "20250401");
    built_is("DATE1(-)", "2025-04-01");
    built_is("DATE1(/)-1", "2025/03/31");       /* days */
    built_is("DATE1+365", "20260401");
    built_is("DATE2", "202504");
    built_is("DATE2(-)-4", "2024-12");           /* DATE2's offsets are months */
    built_is("DATE2+9", "202601");
    built_is("DATE3", "2025091");                /* 31 + 28 + 31 + 1 */
    built_is("DATE3(.)+275", "2026.001");         /* 2025 has 365 days */
    built_is("DATE4", "2025-04-01-13.45.02");
    built_is("DATE5", "2025-04-01-13.45.02.123456");
    built_is("TIME1", "134502");
    built_is("TIME1(:)", "13:45:02");
    built_is("TIME2(.)", "13.45");
    built_is("TIME3", "13");
    built_is("DATE=(4MD/)", "2025/04/01");
    built_is("DATENS=(DM4)", "01042025");
    built_is("&TIME", "13:45:02");
    built_is("TIME=(12:)", "01:45:02 pm");
    built_is("FYEND-40Y+1D", "19860401");
    built_is("DATE1+1M,C'|',DATE1-1Y", "20250501|20240401");
    built_is("3:DATE2", "  202504");
    unsigned char out[16];
    assert_int_equal(build("DATE1P", out, sizeof out), 5);
    assert_memory_equal(out, "\x02\x02\x50\x40\x1C", 5);
    assert_int_equal(build("DATE2P-3", out, sizeof out), 4);   /* 202501 */
    assert_memory_equal(out, "\x02\x02\x50\x1C", 4);
    assert_int_equal(build("DATE3P", out, sizeof out), 4);     /* 2025091 */
    assert_memory_equal(out, "\x20\x25\x09\x1C", 4);
    assert_int_equal(build("TIME1P", out, sizeof out), 4);     /* 134502 */
    assert_memory_equal(out, "\x01\x34\x50\x2C", 4);
    assert_int_equal(build("TIME3P", out, sizeof out), 2);     /* 13 */
    assert_memory_equal(out, "\x01\x3C", 2);
}

static void parse_fails(const char *stmt, const char *needle)
{
    char *error;
    kr_ctl *c = parse(stmt, &error);
    if (c) {
        kr_ctl_free(c);
        fail_msg("%s parsed but should not have", stmt);
    }
    assert_contains(error, needle);
    free(error);
}

static void test_parse_errors(void **state)
{
    (void)state;
    parse_fails(" OPTION COPY\n INREC BUILD=(DATE4+1)\n", "DATE1, DATE2 and DATE3 only");
    parse_fails(" OPTION COPY\n INREC BUILD=(TIME1-5)\n", "days or months are added");
    parse_fails(" OPTION COPY\n INREC BUILD=(DATE1P(-))\n", "takes no separator");
    parse_fails(" OPTION COPY\n INREC BUILD=(DATE1(ab))\n", "one character");
    parse_fails(" OPTION COPY\n INREC BUILD=(DATE1-99999999999999999999)\n", "leaves the calendar");
}

/* INCLUDE COND=cond over one 20-byte record: 1 true, 0 false; or the build error. */
static int eval(const char *cond, const char *record, char **error)
{
    char text[512], *perr;
    snprintf(text, sizeof text, " OPTION COPY\n INCLUDE COND=%s\n", cond);
    kr_ctl *c = parse(text, &perr);
    if (!c)
        fail_msg("%s: %s", cond, perr);
    kr_scope s;
    kr_scope_init(&s, 20, NULL);
    kr_err e;
    kr_pred *p = kr_pred_build(c->include, &s, &run, "t.ctl", &e);
    int r = -2;
    *error = NULL;
    if (p) {
        unsigned char rec[20];
        memset(rec, ' ', sizeof rec);
        memcpy(rec, record, strlen(record));
        kr_problem pb;
        r = kr_pred_eval(p, rec, &pb);
        kr_pred_free(p);
    } else
        *error = kr_xstrdup(e.text);
    kr_scope_free(&s);
    kr_ctl_free(c);
    return r;
}

static int holds(const char *cond, const char *record)
{
    char *error;
    int r = eval(cond, record, &error);
    if (error)
        fail_msg("%s: %s", cond, error);
    return r;
}

static void refused(const char *cond, const char *needle)
{
    char *error;
    eval(cond, "", &error);
    if (!error)
        fail_msg("%s compiled but should not have", cond);
    assert_contains(error, needle);
    free(error);
}

static void test_conditions_on_plain_fields(void **state)
{
    (void)state;
    /* IBM's INCLUDE examples: DATE1(-)-365 as C'yyyy-mm-dd', DATE3-7/+7, DATE1P on ZD */
    assert_int_equal(holds("(1,10,CH,GE,DATE1(-)-365)", "2024-04-01"), 1);
    assert_int_equal(holds("(1,10,CH,GE,DATE1(-)-365)", "2024-03-31"), 0);
    assert_int_equal(holds("(1,7,CH,GE,DATE3-7,AND,1,7,CH,LE,DATE3+7)", "2025084"), 1);
    assert_int_equal(holds("(1,7,CH,GE,DATE3-7,AND,1,7,CH,LE,DATE3+7)", "2025083"), 0);
    assert_int_equal(holds("(1,7,CH,GE,DATE3-7,AND,1,7,CH,LE,DATE3+7)", "2025098"), 1);
    assert_int_equal(holds("(1,7,CH,GE,DATE3-7,AND,1,7,CH,LE,DATE3+7)", "2025099"), 0);
    assert_int_equal(holds("(1,8,ZD,GT,DATE1P)", "20250402"), 1);
    assert_int_equal(holds("(1,8,ZD,GT,DATE1P)", "20250401"), 0);
    assert_int_equal(holds("(1,8,ZD,EQ,DATE1)", "20250401"), 1);   /* extension: the number */
    assert_int_equal(holds("(1,6,CH,EQ,DATE2-1)", "202503"), 1);
    assert_int_equal(holds("(1,8,CH,EQ,&DATE1)", "20250401"), 1);
    /* a field shorter than the string compares with the string cut on the right */
    assert_int_equal(holds("(1,13,CH,EQ,DATE4)", "2025-04-01-13"), 1);
    assert_int_equal(holds("(1,13,CH,GT,DATE4)", "2025-04-01-12"), 0);
    assert_int_equal(holds("(1,4,CH,EQ,DATE1)", "2025"), 1);
    assert_int_equal(holds("(1,6,CH,EQ,TIME1)", "134502"), 1);
    refused("(1,8,CH,EQ,DATE1P)", "KRK2251E");
    refused("(1,10,ZD,EQ,DATE1(-))", "KRK2251E");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates_in_build),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_conditions_on_plain_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
