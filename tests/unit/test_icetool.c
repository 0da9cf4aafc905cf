/* test_icetool.c: ICETOOL's statements as DFSORT reads TOOLIN (operators, operands with
 * quotes and nested parentheses, comments, continuations, columns 73-80, errors with their
 * line and column), table-driven; USING's statements cut in two for SPLICE, each line kept in
 * its place. */
#include "unit.h"

#include "icetool/icetool.h"

#include <string.h>

typedef struct toolin_case {
    const char *text;
    bool ok;
    size_t n_stmts;
    const char *op0;          /* the first statement's operator */
    size_t n_operands0;
    const char *name_last, *value_last; /* the first statement's last operand (value NULL: bare) */
    const char *error;        /* text the first error contains */
    const char *why;
} toolin_case;

static const toolin_case cases[] = {
    {"COPY FROM(IN) TO(OUT)\n", true, 1, "COPY", 2, "TO", "OUT", NULL, "one statement"},
    {"  copy from(in) to(a,b)\n", true, 1, "COPY", 2, "TO", "a,b", NULL, "names are upper-cased, values kept"},
    {"* comment\n\n   \nCOUNT FROM(IN) EMPTY\n", true, 1, "COUNT", 2, "EMPTY", NULL, NULL,
     "comments and blank lines are skipped; a bare keyword"},
    {"DISPLAY FROM(IN) -\n  TITLE('a (b) ''c''') -\n  LIST(L)\n", true, 1, "DISPLAY", 3, "LIST", "L", NULL,
     "continuations join lines; quotes hold parentheses and doubled quotes"},
    {"SELECT FROM(IN) ON(1,3,CH) FIRST\nCOUNT FROM(IN)\n", true, 2, "SELECT", 3, "FIRST", NULL, NULL,
     "two statements"},
    {"COUNT FROM(IN)                                                          RC4\n", true, 1, "COUNT", 1,
     "FROM", "IN", NULL, "columns 73-80 are not read"},
    {"COUNT FROM(IN) HEADER('x)\n", false, 1, "COUNT", 2, NULL, NULL, ":1:16: a quoted string in HEADER( is not closed",
     "an unclosed quote, at its operand"},
    {"COPY FROM(IN) TO(OUT\n", false, 1, "COPY", 2, NULL, NULL, ":1:15: TO( has no closing parenthesis",
     "an unclosed parenthesis"},
    {"COPY FROM(IN)TO(OUT)\n", false, 1, "COPY", 1, NULL, NULL, "a blank is expected between operands",
     "operands run together"},
    {"(COPY)\n", false, 0, NULL, 0, NULL, NULL, ":1:1: an operator", "no operator"},
    {"COPY FROM(IN) -\n", false, 1, "COPY", 1, NULL, NULL, "its continuation is missing", "a dangling continuation"},
    {"", true, 0, NULL, 0, NULL, NULL, NULL, "nothing at all"},
};

static void test_toolin_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const toolin_case *c = &cases[i];
        it_script sc;
        kr_diags d;
        kr_diags_init(&d);
        bool ok = it_parse(c->text, strlen(c->text), "TOOLIN", &sc, &d);
        if (ok != c->ok)
            fail_msg("case %zu (%s): ok %d, expected %d", i, c->why, ok, c->ok);
        if (sc.n != c->n_stmts)
            fail_msg("case %zu (%s): %zu statements, expected %zu", i, c->why, sc.n, c->n_stmts);
        if (c->op0 && strcmp(sc.v[0].op, c->op0) != 0)
            fail_msg("case %zu (%s): operator %s", i, c->why, sc.v[0].op);
        if (c->op0 && sc.v[0].n != c->n_operands0)
            fail_msg("case %zu (%s): %zu operands, expected %zu", i, c->why, sc.v[0].n, c->n_operands0);
        if (c->name_last) {
            const it_operand *o = &sc.v[0].v[sc.v[0].n - 1];
            if (strcmp(o->name, c->name_last) != 0 || (c->value_last == NULL) != (o->value == NULL) ||
                (c->value_last && strcmp(o->value, c->value_last) != 0))
                fail_msg("case %zu (%s): last operand %s(%s)", i, c->why, o->name, o->value ? o->value : "-");
        }
        if (c->error && (d.n == 0 || !strstr(d.items[0], c->error) || !strstr(d.items[0], "KRK2320E")))
            fail_msg("case %zu (%s): error '%s', expected '%s'", i, c->why, d.n ? d.items[0] : "(none)", c->error);
        if (c->ok && d.n)
            fail_msg("case %zu (%s): unexpected '%s'", i, c->why, d.items[0]);
        it_script_free(&sc);
        kr_diags_free(&d);
    }
}

static void test_toolin_places(void **state)
{
    (void)state;
    const char *text = "* c\n  SELECT FROM(IN) -\n     ON(1,2,CH) FIRST\n";
    it_script sc;
    kr_diags d;
    kr_diags_init(&d);
    assert_true(it_parse(text, strlen(text), "T", &sc, &d));
    assert_int_equal(sc.n, 1);
    assert_int_equal(sc.v[0].line, 2);
    assert_int_equal(sc.v[0].col, 3);
    assert_int_equal(sc.v[0].v[1].line, 3);
    assert_int_equal(sc.v[0].v[1].col, 6);
    assert_string_equal(sc.v[0].v[1].value, "1,2,CH");
    assert_string_equal(sc.v[0].echo, "  SELECT FROM(IN) -\n     ON(1,2,CH) FIRST");
    it_script_free(&sc);
    kr_diags_free(&d);
}

/* SPLICE's USING: OUTFIL statements (continued, labelled, after comments) go after the
 * splice, everything else before it, every line where it was. */
static void test_using_split(void **state)
{
    (void)state;
    static const char text[] = "* mark\n"                                   /* 1 */
                               "  INREC OVERLAY=(13:C'1')\n"                /* 2 */
                               "  OUTFIL FNAMES=A,\n"                       /* 3 */
                               "* between the lines of one statement\n"     /* 4 */
                               "     INCLUDE=(13,1,CH,EQ,C'1')\n"           /* 5 */
                               "  INCLUDE COND=(1,1,CH,EQ,C'X')\n"          /* 6 */
                               "LBL OUTFIL FNAMES=B\n"                      /* 7 */
                               "  OPTION EQUALS\n";                         /* 8 */
    kr_step step;
    kr_step_init(&step, "T", "ICETOOL");
    kr_dd_bind *b = kr_step_add_dd(&step, "CTL1CNTL", NULL);
    b->text = kr_xstrdup(text);
    b->text_len = strlen(text);
    FILE *sink = fopen("/dev/null", "w");
    assert_non_null(sink);
    step.msg = sink;
    it_run r = {.step = &step, .toolmsg = sink, .dfsmsg = sink, .toolin = "T"};
    it_stmt st = {.op = (char *)"SPLICE", .line = 1, .col = 1};
    it_using_parts parts;
    int rc = 0;
    assert_true(it_using_split(&r, &st, "CTL1CNTL", &parts, &rc));
    assert_int_equal(parts.n_outfil_statements, 2);
    assert_int_equal(parts.ctl->n_outfils, 2);
    kr_buf_addc(&parts.before, '\0');
    kr_buf_addc(&parts.after, '\0');
    assert_string_equal(parts.before.data, "\n  INREC OVERLAY=(13:C'1')\n\n\n\n  INCLUDE COND=(1,1,CH,EQ,C'X')\n\n"
                                           "  OPTION EQUALS\n");
    assert_string_equal(parts.after.data, "\n\n  OUTFIL FNAMES=A,\n\n     INCLUDE=(13,1,CH,EQ,C'1')\n\n"
                                          "LBL OUTFIL FNAMES=B\n\n");
    it_using_parts_free(&parts);
    kr_step_free(&step);
    fclose(sink);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_toolin_cases),
        cmocka_unit_test(test_toolin_places),
        cmocka_unit_test(test_using_split),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
