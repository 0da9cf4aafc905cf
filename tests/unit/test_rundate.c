/* test_rundate.c: DFSORT's run-date and run-time constants (engine/rundate.c, ctl/rundate.c):
 * DATE1..DATE5, (c), P, +n/-n, TIME1..TIME3 in BUILD, and in conditions on plain fields; and
 * the date functions (engine/datefn.c, ctl/datefn.c) on Y2/Y4 dates. The run is 2025-04-01
 * at 13:45:02.123456; every expected value is worked out by hand. */
#include "unit.h"

#include "kiroku/ctl.h"
#include "kiroku/engine.h"

static const kr_cond_ctx run = {20250401, 134502, 123456, 1945};

static kr_ctl *parse(const char *text, char **error)
{
    kr_diags d;
    kr_diags_init(&d);
    kr_ctl *c = kr_ctl_parse(text, strlen(text), "t.ctl", &d);
    *error = c || !d.n ? NULL : kr_xstrdup(d.items[0]);
    kr_diags_free(&d);
    return c;
}

/* BUILD=(items) over a 10-byte record of positions holding `input` (blanks after it): the
 * bytes it makes; false (with pb) when a record's value stops it. */
static bool build_on(const char *items, const void *input, size_t input_len, unsigned char *out, size_t cap,
                     size_t *n, kr_problem *pb)
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
    memcpy(rec, input, input_len);
    *n = kr_rebuild_length(r);
    assert_true(*n <= cap);
    bool ok = kr_rebuild_apply(r, rec, out, &seq, pb);
    kr_seqstate_free(&seq);
    kr_rebuild_free(r);
    kr_scope_free(&outs);
    kr_scope_free(&in);
    kr_ctl_free(c);
    return ok;
}

static size_t build(const char *items, unsigned char *out, size_t cap)
{
    size_t n;
    kr_problem pb;
    if (!build_on(items, "", 0, out, cap, &n, &pb))
        fail_msg("%s: %s", items, pb.reason);
    return n;
}

/* items over a record holding `input`: the text they make. */
static void fn_is(const char *items, const void *input, size_t input_len, const char *want)
{
    unsigned char out[128];
    size_t n;
    kr_problem pb;
    if (!build_on(items, input, input_len, out, sizeof out, &n, &pb))
        fail_msg("%s: %s", items, pb.reason);
    if (n != strlen(want) || memcmp(out, want, n) != 0)
        fail_msg("%s: got '%.*s', expected '%s'", items, (int)n, out, want);
}

static void fn_fails(const char *items, const char *input, const char *needle)
{
    unsigned char out[128];
    size_t n;
    kr_problem pb;
    if (build_on(items, input, strlen(input), out, sizeof out, &n, &pb))
        fail_msg("%s on '%s' did not fail", items, input);
    assert_string_equal(pb.id, "KRK2252E");
    assert_contains(pb.reason, needle);
}

static void test_date_functions(void **state)
{
    (void)state;
    /* packed inputs: Y4U P'ccyyddd', Y4V P'ccyymmdd', Y2V P'yymmdd', Y4Y P'mmddccyy' */
    fn_is("1,4,Y4U,TOGREG=Y4T(-)", "\x20\x25\x09\x1C", 4, "2025-04-01");
    fn_is("1,5,Y4V,TOJUL=Y4T", "\x02\x02\x50\x40\x1C", 5, "2025091");
    fn_is("1,4,Y2V,TOGREG=Y4T", "\x08\x91\x23\x1F", 4, "19891231");   /* window 1945-2044 */
    fn_is("1,5,Y4Y,TOGREG=Y4T", "\x01\x23\x12\x02\x4C", 5, "20241231");
    /* months from the 31st land on the month's last day; leap years */
    fn_is("1,8,Y4T,ADDMONS,+1", "20240131", 8, "20240229");
    fn_is("1,8,Y4T,SUBYEARS,+1", "20240229", 8, "20230228");
    fn_is("1,8,Y4T,ADDDAYS,-1", "20250301", 8, "20250228");
    /* NEXTD/PREVD move strictly: a Tuesday's NEXTDTUE is a week later */
    fn_is("1,8,Y4T,NEXTDTUE", "20250401", 8, "20250408");
    fn_is("1,8,Y4T,PREVDTUE", "20250401", 8, "20250325");
    fn_is("1,8,Y4T,LASTDAYQ,TOGREG=Y4T(/)", "20251115", 8, "2025/12/31");
    /* special indicators pass through: zeros, nines, blanks */
    fn_is("1,8,Y4T,ADDDAYS,+5,TOGREG=Y4W(-)", "00000000", 8, "00-00-0000");
    fn_is("1,8,Y4T,LASTDAYM", "        ", 8, "        ");
    fn_is("1,8,Y4T,WEEKDAY=CHAR3", "99999999", 8, "999");
    fn_is("1,8,Y4T,DATEDIFF,1,8,Y4T", "20250401", 8, "+0000000");
    /* a two-digit year's century: 44 is 2044, 45 is 1945 in the window 1945-2044 */
    fn_is("1,6,Y2T,TOGREG=Y4T", "441231", 6, "20441231");
    fn_is("1,6,Y2T,TOGREG=Y4T", "450101", 6, "19450101");
    fn_fails("1,8,Y4T,TOJUL=Y4T", "20250229", "not a calendar date");
    fn_fails("1,7,Y4T,TOGREG=Y4T", "2024000", "not a day of the year");
    fn_fails("1,8,Y4T,ADDDAYS,+1", "2025O401", "not a digit");
    fn_fails("1,5,Y4V,TOJUL=Y4T", "\x02\x02\x50\x40\x1D", "packed sign");
    fn_fails("1,8,Y4T,ADDYEARS,+9000", "20250401", "leaves the calendar");
    assert_int_equal(kr_century_window(80, 20250401), 1945);
    assert_int_equal(kr_century_window(1990, 20250401), 1990);
    assert_int_equal(kr_century_window(0, 20250401), 2025);
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
        cmocka_unit_test(test_date_functions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
