/* test_arith.c: arithmetic in reformatting items (src/ctl/arith.c, src/engine/arith.c): the
 * postfix order DFSORT's precedence gives (MIN and MAX, then MUL, DIV and MOD, then ADD and
 * SUB, left to right; parentheses), the values over records (DIV toward zero, MOD with the
 * dividend's sign, by zero 0, 31 digits), the depth limit, and a 50,000-operator chain that
 * must neither recurse nor grow quadratic. */
#include "unit.h"

#include "kiroku/ctl.h"
#include "kiroku/engine.h"

static kr_ctl *parse(const char *text, char **errors)
{
    kr_diags d;
    kr_diags_init(&d);
    kr_ctl *c = kr_ctl_parse(text, strlen(text), "t.ctl", &d);
    kr_buf b;
    kr_buf_init(&b);
    for (size_t i = 0; i < d.n; i++)
        kr_buf_adds(&b, d.items[i]);
    kr_buf_add(&b, "", 1);
    *errors = kr_buf_take(&b);
    kr_diags_free(&d);
    return c;
}

/* The postfix steps of the first INREC item as text: F (field), numbers, + - * / % < >. */
static char *postfix(const char *build)
{
    char text[4096], *errors;
    snprintf(text, sizeof text, " OPTION COPY\n INREC BUILD=(%s)\n", build);
    kr_ctl *c = parse(text, &errors);
    if (!c)
        fail_msg("%s: %s", build, errors);
    free(errors);
    const kr_item *it = &c->inrec.items.v[0];
    assert_int_equal(it->kind, KR_ITEM_ARITH);
    static const char sym[] = "FC+-*/%<>";
    kr_buf b;
    kr_buf_init(&b);
    for (size_t i = 0; i < it->n_arith; i++) {
        char one[48];
        if (it->arith[i].kind == KR_AR_CONST) {
            kr_i128_format(it->arith[i].value, one);
        } else {
            one[0] = sym[it->arith[i].kind];
            one[1] = '\0';
        }
        if (i)
            kr_buf_adds(&b, " ");
        kr_buf_adds(&b, one);
    }
    kr_buf_add(&b, "", 1);
    kr_ctl_free(c);
    return kr_buf_take(&b);
}

#define assert_postfix(build, want)                                                          \
    do {                                                                                     \
        char *p_ = postfix(build);                                                           \
        assert_string_equal(p_, want);                                                       \
        free(p_);                                                                            \
    } while (0)

static void test_precedence(void **state)
{
    (void)state;
    assert_postfix("1,2,ZD,ADD,3,2,ZD,MUL,+10", "F F 10 * +");
    assert_postfix("1,2,ZD,MUL,+10,SUB,3,2,ZD", "F 10 * F -");
    assert_postfix("1,2,ZD,SUB,+1,SUB,+2", "F 1 - 2 -");
    assert_postfix("1,2,ZD,MUL,+2,MIN,+5", "F 2 5 < *");
    assert_postfix("((1,2,ZD,MUL,+10),SUB,3,2,ZD)", "F 10 * F -");
    assert_postfix("(1,2,ZD,ADD,+1),MUL,-3", "F 1 + -3 *");
    assert_postfix("amount,DIV,+12,MOD,+5,ADD,+1,MAX,+0", "F 12 / 5 % 1 0 > +");
}

static void test_errors(void **state)
{
    (void)state;
    char *errors;
    kr_ctl *c = parse(" OPTION COPY\n INREC BUILD=((1,2,ZD,ADD,+1)\n", &errors);
    assert_null(c);
    assert_non_null(strstr(errors, "t.ctl:2"));
    free(errors);
    c = parse(" OPTION COPY\n INREC BUILD=(1,2,ZD,ADD,+1.5)\n", &errors);
    assert_null(c);
    assert_non_null(strstr(errors, "an arithmetic constant is +n or -n"));
    free(errors);
    kr_buf b;
    kr_buf_init(&b);
    kr_buf_adds(&b, " OPTION COPY\n INREC BUILD=(");
    for (int i = 0; i < 70; i++)
        kr_buf_adds(&b, "(");
    kr_buf_adds(&b, "1,2,ZD");
    for (int i = 0; i < 70; i++)
        kr_buf_adds(&b, ")");
    kr_buf_adds(&b, ")\n");
    kr_buf_add(&b, "", 1);
    c = parse(b.data, &errors);
    assert_null(c);
    assert_non_null(strstr(errors, "arithmetic nested deeper than 64 parentheses"));
    free(errors);
    kr_buf_free(&b);
}

/* Evaluates BUILD=(expr,TO=FI,LENGTH=8) over a 10-byte record of two ZD fields (1-5, 6-10). */
static bool eval(const char *expr, const char *rec, long long *result, char *why)
{
    char text[400000], *errors;
    snprintf(text, sizeof text, " OPTION COPY\n INREC BUILD=(%s,TO=FI,LENGTH=8)\n", expr);
    kr_ctl *c = parse(text, &errors);
    if (!c)
        fail_msg("%.300s: %s", expr, errors);
    free(errors);
    kr_scope in, out;
    kr_scope_init(&in, 10, NULL);
    kr_cond_ctx cx = {20250401};
    kr_err err;
    kr_rebuild *r = kr_rebuild_build(&c->inrec, &in, &cx, "t.ctl", &out, &err);
    if (!r)
        fail_msg("%s", err.text);
    kr_seqstate seq;
    kr_seqstate_init(&seq, r);
    unsigned char buf[8];
    kr_problem pb;
    bool ok = kr_rebuild_apply(r, (const unsigned char *)rec, buf, &seq, &pb);
    if (ok) {
        unsigned long long u = 0;
        for (int i = 0; i < 8; i++)
            u = u << 8 | buf[i];
        *result = (long long)u;
    } else
        snprintf(why, 400, "%s %.300s", pb.id, pb.reason);
    kr_seqstate_free(&seq);
    kr_rebuild_free(r);
    kr_scope_free(&out);
    kr_scope_free(&in);
    kr_ctl_free(c);
    return ok;
}

static long long value(const char *expr, const char *rec)
{
    long long v = 0;
    char why[400];
    if (!eval(expr, rec, &v, why))
        fail_msg("%s: %s", expr, why);
    return v;
}

static void test_values(void **state)
{
    (void)state;
    /* 00017 and -00005 ('u' is 5 negative, ASCII overpunch). */
    const char *rec = "000170000u";
    assert_int_equal(value("1,5,ZD,ADD,6,5,ZD,MUL,+2", rec), 7);
    assert_int_equal(value("(1,5,ZD,ADD,6,5,ZD),MUL,+2", rec), 24);
    assert_int_equal(value("1,5,ZD,DIV,6,5,ZD", rec), -3);
    assert_int_equal(value("1,5,ZD,MOD,6,5,ZD", rec), 2);
    assert_int_equal(value("6,5,ZD,MOD,+3", rec), -2);
    assert_int_equal(value("1,5,ZD,DIV,+0", rec), 0);
    assert_int_equal(value("1,5,ZD,MOD,+0", rec), 0);
    assert_int_equal(value("1,5,ZD,MIN,6,5,ZD", rec), -5);
    assert_int_equal(value("1,5,ZD,MAX,6,5,ZD,MUL,+10", rec), 170);
    long long v;
    char why[400];
    assert_false(eval("+9999999999999999999999999999999,ADD,+1", rec, &v, why));
    assert_non_null(strstr(why, "KRK2200E"));
    assert_false(eval("+9999999999999999999999999999999,MUL,+9999999999999999999999999999999", rec, &v, why));
    assert_non_null(strstr(why, "KRK2200E"));
}

static void test_long_chain(void **state)
{
    (void)state;
    kr_buf b;
    kr_buf_init(&b);
    kr_buf_adds(&b, "1,5,ZD");
    for (int i = 0; i < 50000; i++)
        kr_buf_adds(&b, i % 2 ? ",SUB,+1" : ",ADD,+2");
    kr_buf_add(&b, "", 1);
    assert_int_equal(value(b.data, "000170000u"), 17 + 25000);
    kr_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_precedence),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_long_chain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
