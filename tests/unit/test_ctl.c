/* test_ctl.c: the DFSORT control statement parser. The statement splitter (comments,
 * labels, remarks, continuation, END) and the tokenizer with the line and column of every
 * byte; every statement and operand kiroku takes into its syntax tree; and the messages of
 * a representative set of mistakes, each with its line:column. */
#include "unit.h"
#include "unit_ctl.h"

#include "ctl/stmt.h"
#include "kiroku/ctl.h"

/* ---- helpers ------------------------------------------------------------------------------ */

static kr_ctl *parse(const char *text)
{
    return unit_ctl_parse(text);
}

/* The diagnostics of statements that must be rejected, joined by newlines (caller frees). */
static char *parse_errors(const char *text)
{
    return unit_ctl_errors(text);
}

#define assert_error(text, needle) assert_ctl_error(text, needle)

static void split(const char *text, ctl_stmts *out)
{
    kr_diags d;
    kr_diags_init(&d);
    if (!ctl_split(text, strlen(text), "t.ctl", out, &d)) {
        for (size_t i = 0; i < d.n; i++)
            print_error("%s\n", d.items[i]);
        fail_msg("split failed");
    }
    kr_diags_free(&d);
}

/* ---- the splitter ------------------------------------------------------------------------- */

static void test_split_comments_labels_remarks(void **state)
{
    (void)state;
    ctl_stmts s;
    split("* a comment line\n"
          "STEP1 SORT FIELDS=(1,3,CH,A)   this is a remark\n"
          "\n"
          "  option   copy\n"
          " INCLUDE COND=(1,3,CH,EQ,C'A B')  remark after a quoted blank\n",
          &s);
    assert_int_equal(s.n, 3);
    assert_string_equal(s.v[0].op, "SORT");
    assert_int_equal(s.v[0].op_pos.line, 2);
    assert_int_equal(s.v[0].op_pos.col, 7);
    assert_string_equal(s.v[0].text, "FIELDS=(1,3,CH,A)");
    assert_int_equal(s.v[0].pos[0].col, 12); /* F of FIELDS */
    assert_string_equal(s.v[1].op, "OPTION"); /* upper-cased */
    assert_string_equal(s.v[1].text, "copy");
    assert_string_equal(s.v[2].text, "COND=(1,3,CH,EQ,C'A B')");
    ctl_stmts_free(&s);
}

static void test_split_continuation_keeps_positions(void **state)
{
    (void)state;
    ctl_stmts s;
    split(" SORT FIELDS=(1,3,CH,A,\n"
          "              5,2,ZD,D)     remark\n"
          " OUTREC BUILD=(1,10,\n"
          "* a comment between continuation lines\n"
          "   C'X')\n",
          &s);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.v[0].text, "FIELDS=(1,3,CH,A,5,2,ZD,D)");
    /* '5' stands on line 2, column 15 */
    const char *five = strchr(s.v[0].text, '5');
    size_t i = (size_t)(five - s.v[0].text);
    assert_int_equal(s.v[0].pos[i].line, 2);
    assert_int_equal(s.v[0].pos[i].col, 15);
    assert_string_equal(s.v[1].text, "BUILD=(1,10,C'X')");
    assert_non_null(strstr(s.v[0].echo, "5,2,ZD,D)"));
    ctl_stmts_free(&s);
}

static void test_split_end_stops(void **state)
{
    (void)state;
    ctl_stmts s;
    split(" SORT FIELDS=COPY\n END\n NOT A STATEMENT AT ALL\n", &s);
    assert_int_equal(s.n, 1);
    ctl_stmts_free(&s);
}

static void test_split_errors(void **state)
{
    (void)state;
    assert_error(" SORT FIELDS=COPY\n  FROBNICATE X=1\n", "KRK0501E t.ctl:2:3: 'FROBNICATE' is not a control statement");
    assert_error(" SORT FIELDS=(1,3,CH,A,\n", "KRK0502E t.ctl:1:23: the SORT statement ends with a comma");
}

static void test_tokens(void **state)
{
    (void)state;
    ctl_stmts s;
    split(" INCLUDE COND=(1,3,CH,EQ,C'IT''S',OR,4,2,BI,EQ,X'0D0a',OR,kojin(2),EQ,-12.50)\n", &s);
    ctl_toks t;
    kr_diags d;
    kr_diags_init(&d);
    assert_true(ctl_tokenize(&s.v[0], "t.ctl", &t, &d));
    bool saw_quote = false, saw_hex = false, saw_occurs = false, saw_num = false;
    for (size_t i = 0; i < t.n; i++) {
        if (t.v[i].kind == CT_STR && t.v[i].quote == 'C') {
            assert_string_equal(t.v[i].text, "IT'S");
            saw_quote = true;
        }
        if (t.v[i].kind == CT_STR && t.v[i].quote == 'X') {
            assert_int_equal(t.v[i].len, 2);
            assert_memory_equal(t.v[i].text, "\x0d\x0a", 2);
            saw_hex = true;
        }
        if (t.v[i].kind == CT_WORD && strcmp(t.v[i].text, "kojin(2)") == 0)
            saw_occurs = true;
        if (t.v[i].kind == CT_NUM && strcmp(t.v[i].text, "-12.50") == 0)
            saw_num = true;
    }
    assert_true(saw_quote && saw_hex && saw_occurs && saw_num);
    assert_int_equal(t.v[t.n - 1].kind, CT_END);
    ctl_toks_free(&t);
    ctl_stmts_free(&s);
    kr_diags_free(&d);
    assert_error(" INCLUDE COND=(1,1,CH,EQ,X'0G')\n", "KRK0503E t.ctl:1:29: 'G' is not a hex digit");
    assert_error(" INCLUDE COND=(1,1,CH,EQ,X'123')\n", "KRK0503E t.ctl:1:26: a hex constant holds pairs");
    assert_error(" INCLUDE COND=(1,1,CH,EQ,C'abc)\n", "KRK0503E t.ctl:1:26: the constant has no closing quote");
    assert_error(" INCLUDE COND=(1,2,CH,EQ,山)\n", "KRK0504E t.ctl:1:26: text outside a constant must be ASCII");
}

/* ---- SORT, MERGE, OPTION -------------------------------------------------------------------- */

static void test_sort_keys(void **state)
{
    (void)state;
    kr_ctl *c = parse(" SORT FIELDS=(1,3,CH,A,4,5,ZD,D,9,2,PD,A,11,4,BI,D,15,2,FI,A,\n"
                      "              shimei,TEXT,A,kana,KANA,D,F1:atena,A,data.birth,D)\n");
    assert_int_equal(c->op, KR_OP_SORT);
    assert_int_equal(c->n_keys, 9);
    kr_fmt want[] = {KR_FMT_CH, KR_FMT_ZD, KR_FMT_PD, KR_FMT_BI, KR_FMT_FI, KR_FMT_TEXT, KR_FMT_KANA,
                     KR_FMT_NONE, KR_FMT_NONE};
    bool desc[] = {false, true, false, true, false, false, true, false, true};
    for (size_t i = 0; i < 9; i++) {
        assert_int_equal(c->keys[i].ref.fmt, want[i]);
        assert_int_equal(c->keys[i].descending, desc[i]);
    }
    assert_int_equal(c->keys[1].ref.start, 4);
    assert_int_equal(c->keys[1].ref.length, 5);
    assert_null(c->keys[0].ref.name);
    assert_string_equal(c->keys[5].ref.name, "shimei");
    assert_string_equal(c->keys[7].ref.qual, "F1");
    assert_string_equal(c->keys[7].ref.name, "atena");
    assert_string_equal(c->keys[8].ref.qual, "data");
    assert_int_equal(c->keys[6].ref.pos.line, 2);
    assert_int_equal(c->keys[6].ref.pos.col, 29);
    assert_true(c->equals); /* EQUALS is the default */
    kr_ctl_free(c);

    c = parse(" SORT FIELDS=(1,3,A,9,2,D),FORMAT=ZD,NOEQUALS,SKIPREC=10,STOPAFT=5\n");
    assert_int_equal(c->keys[0].ref.fmt, KR_FMT_ZD);
    assert_int_equal(c->keys[1].ref.fmt, KR_FMT_ZD);
    assert_false(c->equals);
    assert_true(c->has_skiprec && c->has_stopaft);
    assert_int_equal(c->skiprec, 10);
    assert_int_equal(c->stopaft, 5);
    kr_ctl_free(c);
}

static void test_merge_copy_option(void **state)
{
    (void)state;
    kr_ctl *c = parse(" MERGE FIELDS=(1,8,CH,A)\n");
    assert_int_equal(c->op, KR_OP_MERGE);
    kr_ctl_free(c);
    c = parse(" SORT FIELDS=COPY\n");
    assert_int_equal(c->op, KR_OP_COPY);
    kr_ctl_free(c);
    c = parse(" OPTION COPY,NOEQUALS,SKIPREC=2,STOPAFT=3,DYNALLOC=(SYSDA,3),MAINSIZE=MAX\n");
    assert_int_equal(c->op, KR_OP_COPY);
    assert_false(c->equals);
    assert_int_equal(c->skiprec, 2);
    assert_int_equal(c->stopaft, 3);
    assert_int_equal(c->n_ignored, 2); /* tuning: accepted and listed */
    assert_string_equal(c->ignored[0], "OPTION DYNALLOC");
    kr_ctl_free(c);
    c = parse(" OPTION EQUALS\n MERGE FIELDS=COPY\n");
    assert_int_equal(c->op, KR_OP_COPY);
    assert_true(c->equals);
    kr_ctl_free(c);
}

static void test_sort_errors(void **state)
{
    (void)state;
    assert_error(" SORT FIELDS=(1,3,CH,X)\n", "KRK0510E t.ctl:1:22: SORT: expected A or D");
    assert_error(" SORT FIELDS=(1,3,A)\n", "t.ctl:1:15: SORT: key 1 at position 1 has no format: write 1,3,CH,A");
    assert_error(" SORT FIELDS=(1,3,SS,A)\n", "SS is for conditions, not keys");
    assert_error(" SORT FIELDS=(0,3,CH,A)\n", "t.ctl:1:15: SORT: positions start at 1");
    assert_error(" SORT FIELDS=(1,3,CH,A\n", "expected ')' to close FIELDS=(...), but the statement ends");
    assert_error(" SORT FIELDS=(1,3,CH,A),FORMAT=QQ\n", "t.ctl:1:32: SORT: FORMAT= takes CH, ZD");
    assert_error(" SORT FIELDS=(1,3,CH,A),WIBBLE\n", "t.ctl:1:25: SORT: unknown operand 'WIBBLE'");
    assert_error(" SORT FORMAT=CH\n", "SORT needs FIELDS=(...) or FIELDS=COPY");
    assert_error(" SORT FIELDS=COPY\n MERGE FIELDS=(1,1,CH,A)\n", "t.ctl:2:8: MERGE: a second SORT/MERGE statement");
    assert_error(" SORT FIELDS=(1,1,CH,A)\n OPTION COPY\n", "t.ctl:2:9: OPTION: OPTION COPY with a SORT or MERGE");
    assert_error(" OPTION SKIPREC=-1\n SORT FIELDS=COPY\n", "t.ctl:1:17: OPTION: SKIPREC must be a whole number");
    assert_error(" OPTION FROB\n SORT FIELDS=COPY\n", "t.ctl:1:9: OPTION: unknown option 'FROB'");
    assert_error(" INCLUDE COND=(1,1,CH,EQ,C'A')\n", "KRK0511E t.ctl: no SORT, MERGE or COPY statement");
    assert_error(" SORT FIELDS=COPY\n ALTSEQ CODE=(C1F)\n", "t.ctl:2:15: ALTSEQ: ALTSEQ CODE= takes pairs of bytes in hex");
    assert_error(" SORT FIELDS=COPY\n ALTSEQ CODE=(C1F1,C1F2)\n", "X'C1' is given two places");
}

/* ---- conditions ------------------------------------------------------------------------------ */

static const kr_cond *cond_of(const kr_ctl *c)
{
    assert_non_null(c->include);
    return c->include;
}

static void test_cond_precedence_and_parentheses(void **state)
{
    (void)state;
    /* A OR B AND C is A OR (B AND C): AND binds tighter. */
    kr_ctl *c = parse(" OPTION COPY\n INCLUDE COND=(1,1,CH,EQ,C'A',OR,2,1,CH,EQ,C'B',AND,3,1,CH,EQ,C'C')\n");
    const kr_cond *k = cond_of(c);
    assert_int_equal(k->kind, KR_COND_OR);
    assert_int_equal(k->a->kind, KR_COND_CMP);
    assert_int_equal(k->a->left.start, 1);
    assert_int_equal(k->b->kind, KR_COND_AND);
    assert_int_equal(k->b->a->left.start, 2);
    assert_int_equal(k->b->b->left.start, 3);
    kr_ctl_free(c);
    /* Parentheses override it; & and | are AND and OR. */
    c = parse(" OPTION COPY\n OMIT COND=((1,1,CH,EQ,C'A',|,2,1,CH,EQ,C'B'),&,3,1,CH,EQ,C'C')\n");
    k = cond_of(c);
    assert_true(c->omit);
    assert_int_equal(k->kind, KR_COND_AND);
    assert_int_equal(k->a->kind, KR_COND_OR);
    assert_int_equal(k->b->left.start, 3);
    kr_ctl_free(c);
}

/* The comparisons under a tree of `kind` nodes, left to right, into out from index n;
 * returns the new count. */
static int cond_leaves(const kr_cond *k, kr_cond_kind kind, const kr_cond **out, int n)
{
    if (k->kind != kind) {
        out[n] = k;
        return n + 1;
    }
    return cond_leaves(k->b, kind, out, cond_leaves(k->a, kind, out, n));
}

static void test_cond_deep_and_wide(void **state)
{
    (void)state;
    /* 50,000 ORed comparisons parse into a tree as deep as their logarithm; parentheses
     * deeper than KR_COND_DEPTH_MAX are refused with a message, not a stack overflow. */
    kr_buf b;
    kr_buf_init(&b);
    kr_buf_adds(&b, " OPTION COPY\n INCLUDE COND=(");
    for (int i = 0; i < 50000; i++)
        kr_buf_adds(&b, i ? ",OR,1,1,CH,EQ,C'A'" : "1,1,CH,EQ,C'A'");
    kr_buf_adds(&b, ")\n");
    kr_ctl *c = parse(b.data);
    int depth = 0;
    for (const kr_cond *k = cond_of(c); k->kind == KR_COND_OR; k = k->a)
        depth++;
    assert_true(depth <= 16);
    kr_ctl_free(c);
    kr_buf_reset(&b);
    kr_buf_adds(&b, " OPTION COPY\n INCLUDE COND=");
    for (int i = 0; i < 50000; i++)
        kr_buf_adds(&b, "(");
    kr_buf_adds(&b, "1,1,CH,EQ,C'A'");
    for (int i = 0; i < 50000; i++)
        kr_buf_adds(&b, ")");
    kr_buf_adds(&b, "\n");
    assert_error(b.data, "parentheses nested deeper than 64");
    kr_buf_free(&b);
}

static void test_cond_operators_and_constants(void **state)
{
    (void)state;
    kr_ctl *c = parse(" OPTION COPY\n"
                      " INCLUDE COND=(1,2,ZD,EQ,12,AND,1,2,ZD,NE,-3,AND,1,2,ZD,GT,+1.5,AND,\n"
                      "   1,2,ZD,GE,0,AND,1,2,ZD,LT,99,AND,3,2,CH,LE,X'4142',AND,\n"
                      "   5,8,CH,EQ,C'AB')\n");
    const kr_cmp ops[] = {KR_EQ, KR_NE, KR_GT, KR_GE, KR_LT, KR_LE, KR_EQ};
    /* The AND chain as a balanced tree: its comparisons in order. */
    const kr_cond *cmps[7];
    assert_int_equal(cond_leaves(cond_of(c), KR_COND_AND, cmps, 0), 7);
    for (int i = 0; i < 7; i++)
        assert_int_equal(cmps[i]->op, ops[i]);
    assert_int_equal(cmps[0]->values[0].kind, KR_CONST_NUM);
    assert_true(cmps[0]->values[0].num == 12);
    assert_true(cmps[1]->values[0].num == -3);
    assert_true(cmps[2]->values[0].num == 15);
    assert_int_equal(cmps[2]->values[0].scale, 1);
    assert_int_equal(cmps[5]->values[0].kind, KR_CONST_HEX);
    assert_memory_equal(cmps[5]->values[0].bytes, "AB", 2);
    assert_int_equal(cmps[6]->values[0].kind, KR_CONST_CHAR);
    assert_int_equal(cmps[6]->values[0].len, 2);
    kr_ctl_free(c);
}

/* The comparisons of an AND/OR tree, left to right (the parser builds long chains as
 * balanced trees). */
static void comparisons(const kr_cond *k, const kr_cond **out, size_t *n, size_t max)
{
    if (!k)
        return;
    if (k->kind == KR_COND_AND || k->kind == KR_COND_OR) {
        comparisons(k->a, out, n, max);
        comparisons(k->b, out, n, max);
    } else if (*n < max)
        out[(*n)++] = k;
}

static void test_cond_dates(void **state)
{
    (void)state;
    kr_ctl *c = parse(" OPTION COPY\n"
                      " INCLUDE COND=(d,GE,DATE1-30,AND,d,LT,DATE1+1M,AND,d,NE,DATE1+2Y,AND,\n"
                      "   d,EQ,D'2024-04-01',AND,d,GT,Y'DATE1',AND,m,EQ,DATE2,AND,d,NE,DATE1)\n");
    const kr_cond *cmps[7];
    assert_int_equal(cond_leaves(cond_of(c), KR_COND_AND, cmps, 0), 7);
    const kr_const *v = &cmps[0]->values[0];
    assert_int_equal(v->kind, KR_CONST_DATE);
    assert_int_equal(v->ymd, 0); /* the run date */
    assert_int_equal(v->date_form, 1);
    assert_int_equal(v->n_offsets, 1);
    assert_int_equal(v->offset[0], -30);
    assert_int_equal(v->offset_unit[0], 'D');
    assert_int_equal(cmps[1]->values[0].offset[0], 1);
    assert_int_equal(cmps[1]->values[0].offset_unit[0], 'M');
    assert_int_equal(cmps[2]->values[0].offset[0], 2);
    assert_int_equal(cmps[2]->values[0].offset_unit[0], 'Y');
    assert_int_equal(cmps[3]->values[0].ymd, 20240401);
    assert_int_equal(cmps[4]->values[0].kind, KR_CONST_DATE);
    assert_int_equal(cmps[5]->values[0].date_form, 2);
    assert_int_equal(cmps[6]->values[0].n_offsets, 0);
    kr_ctl_free(c);
    /* the fiscal year's bounds, with chained offsets */
    c = parse(" OPTION COPY\n INCLUDE COND=(d,LE,FYEND-40Y+1D,OR,d,GE,Y'FYSTART')\n");
    const kr_cond *k = cond_of(c);
    v = &k->a->values[0];
    assert_int_equal(v->date_form, 4);
    assert_int_equal(v->n_offsets, 2);
    assert_int_equal(v->offset[0], -40);
    assert_int_equal(v->offset_unit[0], 'Y');
    assert_int_equal(v->offset[1], 1);
    assert_int_equal(v->offset_unit[1], 'D');
    assert_int_equal(k->b->values[0].date_form, 3);
    kr_ctl_free(c);
    /* offsets on a field on the right: F1:tekiyo_shuryo_ymd+1D */
    c = parse(" OPTION COPY\n INCLUDE COND=(d,NE,F1:e+1D,AND,d,LT,e-2M+3D,AND,d,EQ,e)\n");
    k = cond_of(c);
    const kr_cond *cmp[3];
    size_t n_cmp = 0;
    comparisons(k, cmp, &n_cmp, 3); /* in order, whatever the shape of the AND chain */
    assert_int_equal(n_cmp, 3);
    assert_true(cmp[0]->right_is_field);
    assert_string_equal(cmp[0]->right.qual, "F1");
    assert_int_equal(cmp[0]->right_offset.n_offsets, 1);
    assert_int_equal(cmp[0]->right_offset.offset[0], 1);
    assert_int_equal(cmp[0]->right_offset.offset_unit[0], 'D');
    assert_int_equal(cmp[1]->right_offset.n_offsets, 2);
    assert_int_equal(cmp[1]->right_offset.offset[0], -2);
    assert_int_equal(cmp[1]->right_offset.offset_unit[0], 'M');
    assert_int_equal(cmp[2]->right_offset.n_offsets, 0);
    kr_ctl_free(c);
    assert_error(" OPTION COPY\n INCLUDE COND=(d,EQ,e+1D+1D+1D+1D)\n", "a date takes at most 3 offsets");
    assert_error(" OPTION COPY\n INCLUDE COND=(d,EQ,D'2024-13-01')\n", "t.ctl:2:21: INCLUDE: D'...' takes a calendar date");
    /* A day the calendar does not have, and offsets that can only leave it. */
    assert_error(" OPTION COPY\n INCLUDE COND=(d,EQ,D'2019-02-30')\n", "t.ctl:2:21: INCLUDE: D'...' takes a calendar date");
    assert_error(" OPTION COPY\n INCLUDE COND=(d,EQ,Y'20190230')\n", "t.ctl:2:21: INCLUDE: Y'...' takes");
    assert_error(" OPTION COPY\n INCLUDE COND=(d,EQ,DATE1+99999999Y)\n", "leaves the calendar");
    assert_error(" OPTION COPY\n INCLUDE COND=(d,EQ,DATE1+1D+1M+1Y+1D)\n",
                 "t.ctl:2:35: INCLUDE: a date takes at most 3 offsets");
}

static void test_cond_fields_ss_lists_format(void **state)
{
    (void)state;
    kr_ctl *c = parse(" OPTION COPY\n"
                      " INCLUDE COND=(1,3,CH,EQ,7,3,CH,OR,a,GT,b,OR,10,20,SS,EQ,C'OK',OR,\n"
                      "   1,1,CH,EQ,L(C'A',C'B',C'C'),OR,1,1,NE,C'Z'),FORMAT=CH\n");
    const kr_cond *cmps[5];
    assert_int_equal(cond_leaves(cond_of(c), KR_COND_OR, cmps, 0), 5);
    assert_true(cmps[0]->right_is_field);
    assert_int_equal(cmps[0]->right.start, 7);
    assert_true(cmps[1]->right_is_field);
    assert_string_equal(cmps[1]->right.name, "b");
    assert_int_equal(cmps[2]->left.fmt, KR_FMT_SS);
    assert_int_equal(cmps[3]->n_values, 3);
    assert_int_equal(cmps[4]->left.fmt, KR_FMT_CH); /* from FORMAT=CH */
    kr_ctl_free(c);
    /* FORMAT= may stand before COND=, as in DFSORT's own examples. */
    c = parse(" OPTION COPY\n INCLUDE FORMAT=SS,COND=(11,60,EQ,C'OK',OR,5,3,EQ,C'J69,L92,J82')\n");
    const kr_cond *k = cond_of(c);
    assert_int_equal(k->a->left.fmt, KR_FMT_SS);
    assert_int_equal(k->b->left.fmt, KR_FMT_SS);
    kr_ctl_free(c);
}

/* FOLD=profile after a comparison of two fields (extension, foldop.c). */
static void test_cond_fold(void **state)
{
    (void)state;
    kr_ctl *c = parse(" OPTION COPY\n INCLUDE COND=(F1:kana,EQ,F2:kana,FOLD=kana,AND,a,NE,b)\n");
    const kr_cond *k = cond_of(c);
    assert_string_equal(k->a->fold, "kana");
    assert_int_equal(k->a->fold_pos.line, 2);
    assert_int_equal(k->a->fold_pos.col, 35);
    assert_null(k->b->fold);
    kr_ctl_free(c);
    assert_error(" OPTION COPY\n INCLUDE COND=(a,EQ,b,FOLD=5)\n", "t.ctl:2:28: INCLUDE: FOLD= takes the name of a folding profile");
    assert_error(" OPTION COPY\n INCLUDE COND=(1,2,ZD,EQ,3,2,ZD,FOLD=kana)\n", "t.ctl:2:33: INCLUDE: FOLD= compares text");
    assert_error(" OPTION COPY\n INCLUDE COND=(a,EQ,b,FOLD)\n", "expected '=' after FOLD");
}

static void test_cond_errors(void **state)
{
    (void)state;
    assert_error(" OPTION COPY\n INCLUDE COND=(1,1,CH,XX,C'A')\n", "t.ctl:2:23: INCLUDE: expected EQ, NE, GT, GE, LT, LE or a bit operator (ALL, NONE, SOME, BO, BZ, BM, ...), found 'XX'");
    assert_error(" OPTION COPY\n INCLUDE COND=(1,1,CH,GT,L(C'A',C'B'))\n", "t.ctl:2:26: INCLUDE: a list L(...) goes with EQ or NE");
    assert_error(" OPTION COPY\n INCLUDE COND=(1,4,SS,GT,C'A')\n", "t.ctl:2:23: INCLUDE: SS (substring) goes with EQ or NE");
    assert_error(" OPTION COPY\n INCLUDE COND=(1,4,SS,EQ,5,4,CH)\n", "t.ctl:2:26: INCLUDE: SS compares with a constant");
    assert_error(" OPTION COPY\n INCLUDE COND=(1,1,CH,EQ,C'A'\n", "expected ')' to close the condition");
    assert_error(" OPTION COPY\n INCLUDE COND=(1,1,CH,EQ,C'A'),FORMAT=XY\n", "t.ctl:2:39: INCLUDE: FORMAT= takes CH");
    assert_error(" OPTION COPY\n INCLUDE COND=(1,1,CH,EQ,C'A'),ZAP\n", "t.ctl:2:32: INCLUDE: unexpected 'ZAP' after the condition");
    assert_error(" OPTION COPY\n INCLUDE COND=ALL,FORMAT=XY\n", "FORMAT= takes CH");
    assert_error(" OPTION COPY\n INCLUDE COND=(1,1,CH,EQ,C'A')\n OMIT COND=(1,1,CH,EQ,C'B')\n",
                 "t.ctl:3:7: OMIT: a second INCLUDE/OMIT statement");
    assert_error(" OPTION COPY\n INCLUDE FORMAT=CH\n", "INCLUDE: expected COND=(...)");
}

/* ---- INREC / OUTREC ---------------------------------------------------------------------------- */

static void test_build_items(void **state)
{
    (void)state;
    kr_ctl *c = parse(" OPTION COPY\n"
                      " INREC BUILD=(1,5,10:6,2,ZD,TO=PD,LENGTH=3,C'ab',X'00FF',3X,2Z,2C'xy',\n"
                      "   name,40,SEQNUM,5,ZD,START=100,INCR=10,RESTART=(1,2),\n"
                      "   7,3,PD,M11,7,3,PD,EDIT=(SIIT.TT),SIGNS=(+,-,,),LENGTH=9)\n");
    const kr_items *it = &c->inrec.items;
    assert_int_equal(c->inrec.kind, KR_RF_BUILD);
    assert_int_equal(it->n, 12);
    assert_int_equal(it->v[0].kind, KR_ITEM_FIELD);
    assert_int_equal(it->v[0].ref.length, 5);
    assert_int_equal(it->v[1].column, 10);
    assert_int_equal(it->v[1].to, KR_FMT_PD);
    assert_int_equal(it->v[1].to_length, 3);
    assert_int_equal(it->v[2].kind, KR_ITEM_CONST);
    assert_int_equal(it->v[2].value.kind, KR_CONST_CHAR);
    assert_int_equal(it->v[3].value.kind, KR_CONST_HEX);
    assert_memory_equal(it->v[3].value.bytes, "\x00\xff", 2);
    assert_int_equal(it->v[4].repeat, 3); /* 3X: three blanks */
    assert_int_equal(it->v[4].value.bytes[0], ' ');
    assert_int_equal(it->v[5].repeat, 2); /* 2Z: two binary zeros */
    assert_int_equal(it->v[5].value.bytes[0], 0);
    assert_int_equal(it->v[6].repeat, 2);
    assert_string_equal((char *)it->v[6].value.bytes, "xy");
    assert_string_equal(it->v[7].ref.name, "name");
    assert_true(it->v[8].to_end); /* p alone: to the end of the record */
    assert_int_equal(it->v[8].ref.start, 40);
    assert_int_equal(it->v[9].kind, KR_ITEM_SEQNUM);
    assert_int_equal(it->v[9].seq_len, 5);
    assert_int_equal(it->v[9].seq_fmt, KR_FMT_ZD);
    assert_true(it->v[9].seq_start == 100 && it->v[9].seq_incr == 10 && it->v[9].seq_restart);
    assert_int_equal(it->v[9].ref.start, 1);
    assert_int_equal(it->v[10].edit.mask, 11);
    kr_ctl_free(c);

    c = parse(" OPTION COPY\n OUTREC BUILD=(7,3,PD,EDIT=(SIIT.TT),SIGNS=(+,-,,),LENGTH=9)\n");
    const kr_item *e = &c->outrec.items.v[0];
    assert_true(e->edited);
    assert_int_equal(e->edit.mask, -1);
    assert_string_equal(e->edit.pattern, "SIIT.TT");
    assert_memory_equal(e->edit.signs, "+-\0\0", 4);
    assert_int_equal(e->edit.length, 9);
    kr_ctl_free(c);

    c = parse(" OPTION COPY\n OUTREC OVERLAY=(5:C'X',20:1,2)\n");
    assert_int_equal(c->outrec.kind, KR_RF_OVERLAY);
    assert_int_equal(c->outrec.items.v[1].column, 20);
    kr_ctl_free(c);
    /* a constant put at a field by name; F1:name before anything but a constant is a field */
    c = parse(" OPTION COPY\n OUTREC OVERLAY=(jusho:C'X',data.kana:3C'-',F2:shimei:X'40',F1:kana)\n");
    const kr_item *v = c->outrec.items.v;
    assert_true(v[0].has_target && v[0].target.qual == NULL);
    assert_string_equal(v[0].target.name, "jusho");
    assert_int_equal(v[0].kind, KR_ITEM_CONST);
    assert_true(v[1].has_target);
    assert_string_equal(v[1].target.qual, "data");
    assert_string_equal(v[1].target.name, "kana");
    assert_int_equal(v[1].repeat, 3);
    assert_string_equal(v[2].target.qual, "F2");
    assert_int_equal(v[2].value.kind, KR_CONST_HEX);
    assert_false(v[3].has_target);
    assert_int_equal(v[3].kind, KR_ITEM_FIELD);
    assert_string_equal(v[3].ref.qual, "F1");
    kr_ctl_free(c);
    c = parse(" OPTION COPY\n OUTREC FIELDS=(1,2)\n");
    assert_int_equal(c->outrec.kind, KR_RF_BUILD); /* FIELDS= is BUILD= */
    kr_ctl_free(c);
}

static void test_ifthen(void **state)
{
    (void)state;
    kr_ctl *c = parse(" OPTION COPY\n"
                      " INREC IFTHEN=(WHEN=INIT,BUILD=(1,10,C'----')),\n"
                      "       IFTHEN=(WHEN=(1,1,CH,EQ,C'A'),OVERLAY=(11:C'A'),HIT=NEXT),\n"
                      "       IFTHEN=(WHEN=(2,1,CH,EQ,C'B'),BUILD=(1,14)),\n"
                      "       IFTHEN=(WHEN=NONE,OVERLAY=(12:C'N')),IFOUTLEN=20\n");
    const kr_reformat *rf = &c->inrec;
    assert_int_equal(rf->kind, KR_RF_IFTHEN);
    assert_int_equal(rf->n_clauses, 4);
    assert_int_equal(rf->ifoutlen, 20);
    assert_int_equal(rf->clauses[0].when, KR_WHEN_INIT);
    assert_true(rf->clauses[0].build);
    assert_int_equal(rf->clauses[1].when, KR_WHEN_COND);
    assert_false(rf->clauses[1].build);
    assert_true(rf->clauses[1].hit_next);
    assert_non_null(rf->clauses[1].cond);
    assert_false(rf->clauses[2].hit_next);
    assert_int_equal(rf->clauses[3].when, KR_WHEN_NONE);
    assert_int_equal(rf->clauses[1].pos.line, 3);
    kr_ctl_free(c);
}

static void test_reformat_errors(void **state)
{
    (void)state;
    assert_error(" OPTION COPY\n INREC BUILD=(1,3,ZD,M27)\n", "t.ctl:2:22: INREC: edit masks are M0 to M26");
    assert_error(" OPTION COPY\n INREC BUILD=(1,3,ZD,TO=TEXT)\n", "t.ctl:2:25: INREC: TO= takes ZD, PD, BI or FI");
    assert_error(" OPTION COPY\n INREC BUILD=(1,3,ZD,TO=CH)\n", "t.ctl:2:25: INREC: TO= takes ZD, PD, BI or FI; to show a number as characters use M11");
    assert_error(" OPTION COPY\n INREC BUILD=(SEQNUM,8,CH)\n", "t.ctl:2:24: INREC: SEQNUM's format is ZD, PD, BI or FI");
    assert_error(" OPTION COPY\n INREC BUILD=(1,3,ZD,LENGTH=0)\n", "LENGTH is at least 1");
    assert_error(" OPTION COPY\n INREC IFTHEN=(WHEN=(1,1,CH,EQ,C'A'))\n", "t.ctl:2:16: INREC: the IFTHEN clause does nothing");
    assert_error(" OPTION COPY\n INREC IFTHEN=(WHEN=INIT,OVERLAY=(1:C'A'),HIT=NEXT)\n",
                 "WHEN=INIT clauses always go on to the next");
    assert_error(" OPTION COPY\n INREC IFTHEN=(WHEN=(1,1,CH,EQ,C'A'),BUILD=(1,2),HIT=MAYBE)\n", "HIT= takes NEXT");
    assert_error(" OPTION COPY\n INREC IFTHEN=(WHEN=ALWAYS,BUILD=(1,2))\n", "t.ctl:2:21: INREC: WHEN= takes INIT, GROUP, NONE or a condition");
    assert_error(" OPTION COPY\n INREC BUILD=(1,2),IFTHEN=(WHEN=NONE,BUILD=(1,2))\n",
                 "t.ctl:2:20: INREC: IFTHEN clauses cannot be mixed with BUILD or OVERLAY");
    assert_error(" OPTION COPY\n OUTREC BUILD=(1,2)\n OUTREC BUILD=(3,4)\n", "t.ctl:3:9: OUTREC: a second OUTREC statement");
    assert_error(" OPTION COPY\n INREC\n", "INREC: expected BUILD=, OVERLAY=, FINDREP=, IFTHEN= or IFOUTLEN=, but the statement ends");
    assert_error(" OPTION COPY\n INREC SORTA=(1,2)\n", "t.ctl:2:8: INREC: expected BUILD=, OVERLAY=, FINDREP=, IFTHEN= or IFOUTLEN=, found 'SORTA'");
    assert_error(" OPTION COPY\n INREC BUILD=(1,2,C'A'\n", "expected ')' to close the list of items");
}

/* ---- SUM, OUTFIL --------------------------------------------------------------------------------- */

static void test_sum(void **state)
{
    (void)state;
    kr_ctl *c = parse(" SORT FIELDS=(1,4,CH,A)\n SUM FIELDS=(5,4,ZD,9,3,PD,12,4,BI,16,2,FI,amount)\n");
    assert_true(c->has_sum);
    assert_false(c->sum_none);
    assert_int_equal(c->n_sum, 5);
    assert_int_equal(c->sum_fields[1].fmt, KR_FMT_PD);
    assert_string_equal(c->sum_fields[4].name, "amount");
    kr_ctl_free(c);
    c = parse(" SORT FIELDS=(1,4,CH,A)\n SUM FIELDS=(5,4,9,4),FORMAT=ZD\n");
    assert_int_equal(c->sum_fields[0].fmt, KR_FMT_ZD);
    assert_int_equal(c->sum_fields[1].fmt, KR_FMT_ZD);
    kr_ctl_free(c);
    c = parse(" SORT FIELDS=(1,4,CH,A)\n SUM FIELDS=NONE,XSUM\n");
    assert_true(c->sum_none && c->xsum);
    kr_ctl_free(c);
    c = parse(" SORT FIELDS=(1,4,CH,A)\n SUM FIELDS=(NONE)\n");
    assert_true(c->sum_none);
    kr_ctl_free(c);
    assert_error(" SORT FIELDS=(1,4,CH,A)\n SUM FIELDS=(5,4,CH)\n", "t.ctl:2:14: SUM: a SUM field is ZD, PD, BI or FI (5,4 has CH)");
    assert_error(" SORT FIELDS=(1,4,CH,A)\n SUM FIELDS=(5,4,ZD),XSUM\n", "t.ctl:2:2: XSUM goes with SUM FIELDS=NONE");
    assert_error(" OPTION COPY\n SUM FIELDS=NONE\n", "t.ctl:2:2: SUM needs a SORT or MERGE");
    assert_error(" SORT FIELDS=(1,4,CH,A)\n SUM XSUM\n", "SUM needs FIELDS=(...) or FIELDS=NONE");
}

static void test_outfil(void **state)
{
    (void)state;
    kr_ctl *c = parse(" OPTION COPY\n"
                      " OUTFIL FNAMES=(A,B),INCLUDE=(1,1,CH,EQ,C'X'),BUILD=(1,10),STARTREC=2,ENDREC=9\n"
                      " OUTFIL FNAMES=REST,SAVE\n"
                      " OUTFIL FNAMES=RPT,OMIT=(1,1,CH,EQ,C'X'),\n"
                      "   HEADER1=('REPORT',5X,C'DATE'),\n"
                      "   TRAILER1=(C'COUNT ',COUNT=(M11,LENGTH=6),C' TOTAL ',TOT=(20,5,ZD,M12),\n"
                      "             40:TOT=(amount,TO=PD,LENGTH=6)),REMOVECC\n"
                      " OUTFIL\n");
    assert_int_equal(c->n_outfils, 4);
    const kr_outfil *o = &c->outfils[0];
    assert_int_equal(o->n_fnames, 2);
    assert_string_equal(o->fnames[1], "B");
    assert_non_null(o->include);
    assert_false(o->omit);
    assert_int_equal(o->rec.kind, KR_RF_BUILD);
    assert_int_equal(o->startrec, 2);
    assert_int_equal(o->endrec, 9);
    assert_true(c->outfils[1].save);
    o = &c->outfils[2];
    assert_true(o->omit);
    assert_true(o->has_header1 && o->has_trailer1 && o->remove_cc);
    assert_int_equal(o->header1.n, 3);
    assert_int_equal(o->header1.v[0].kind, KR_ITEM_CONST); /* bare '...' in a report line */
    assert_int_equal(o->trailer1.n, 5);
    assert_int_equal(o->trailer1.v[1].kind, KR_ITEM_COUNT);
    assert_int_equal(o->trailer1.v[1].edit.mask, 11);
    assert_int_equal(o->trailer1.v[1].edit.length, 6);
    assert_int_equal(o->trailer1.v[3].kind, KR_ITEM_TOT);
    assert_int_equal(o->trailer1.v[3].ref.start, 20);
    assert_int_equal(o->trailer1.v[3].edit.mask, 12);
    assert_int_equal(o->trailer1.v[4].column, 40);
    assert_int_equal(o->trailer1.v[4].to, KR_FMT_PD);
    assert_string_equal(o->trailer1.v[4].ref.name, "amount");
    assert_int_equal(c->outfils[3].n_fnames, 0); /* OUTFIL alone: SORTOUT */
    kr_ctl_free(c);
    assert_error(" OPTION COPY\n OUTFIL FNAMES=A,SAVE,INCLUDE=(1,1,CH,EQ,C'X')\n", "SAVE takes the records no other OUTFIL took");
    assert_error(" OPTION COPY\n OUTFIL FNAMES=A,SPLIT,SPLITBY=2\n", "t.ctl:2:24: OUTFIL: one of SPLIT, SPLITBY= and SPLIT1R= per OUTFIL");
    assert_error(" OPTION COPY\n OUTFIL FNAMES=A,SAMPLE=(2,3)\n", "SAMPLE=(n,m) takes m records of every n");
    assert_error(" OPTION COPY\n OUTFIL FNAMES=A,ACCEPT=0\n", "ACCEPT is at least 1");
    assert_error(" OPTION COPY\n OUTFIL FNAMES=A,SPLOT\n", "KRK0510E t.ctl:2:18: OUTFIL: unknown OUTFIL operand 'SPLOT'");
    assert_error(" OPTION COPY\n OUTFIL FNAMES=(A,'B')\n", "t.ctl:2:19: OUTFIL: FNAMES= names the outputs");
    assert_error(" OPTION COPY\n OUTFIL FNAMES=A,INCLUDE=(1,1,CH,EQ,C'X'),OMIT=(1,1,CH,EQ,C'Y')\n",
                 "t.ctl:2:43: OUTFIL: a second INCLUDE/OMIT on this OUTFIL");
}

/* OUTFIL report writing: / and n/, &PAGE/&DATE/&TIME and their forms, the statistics with
 * their SUB forms, HEADER2/TRAILER2, LINES=, NODETAIL and SECTIONS with two break fields. */
static void test_outfil_report(void **state)
{
    (void)state;
    kr_ctl *c = parse(" OPTION COPY\n"
                      " OUTFIL FNAMES=R,LINES=20,NODETAIL,\n"
                      "   HEADER2=(2/,'T',&DATE,DATE=(4MD-),DATENS=(DM4),&TIME,TIME=(12.),TIMENS=(24),\n"
                      "            PAGE,&PAGE=(M11,LENGTH=3),/,'X'),\n"
                      "   TRAILER2=(SUBCOUNT,TOTAL=(1,4,ZD),SUBAVG=(1,4,ZD,M12),MIN=(name),SUBMAX=(1,4,ZD)),\n"
                      "   SECTIONS=(5,2,SKIP=3L,HEADER3=('K',5,2),TRAILER3=(COUNT),\n"
                      "             ku,CH,SKIP=P,TRAILER3=(SUBTOT=(1,4,ZD)))\n");
    const kr_outfil *o = &c->outfils[0];
    assert_true(o->has_header2 && o->has_trailer2 && o->nodetail);
    assert_int_equal(o->lines, 20);
    const kr_item *h = o->header2.v;
    assert_int_equal(o->header2.n, 12);
    assert_int_equal(h[0].kind, KR_ITEM_NEWLINE);
    assert_int_equal(h[0].repeat, 2);
    assert_int_equal(h[2].kind, KR_ITEM_DATE);
    assert_string_equal(h[2].form, "MD2/");
    assert_string_equal(h[3].form, "4MD-");
    assert_string_equal(h[4].form, "DM4");
    assert_int_equal(h[5].kind, KR_ITEM_TIME);
    assert_string_equal(h[5].form, "24:");
    assert_string_equal(h[6].form, "12.");
    assert_string_equal(h[7].form, "24");
    assert_int_equal(h[8].kind, KR_ITEM_PAGE);
    assert_int_equal(h[9].kind, KR_ITEM_PAGE);
    assert_int_equal(h[9].edit.mask, 11);
    assert_int_equal(h[10].kind, KR_ITEM_NEWLINE);
    assert_int_equal(h[10].repeat, 1);
    const kr_item *t = o->trailer2.v;
    assert_true(t[0].kind == KR_ITEM_COUNT && t[0].sub);
    assert_true(t[1].kind == KR_ITEM_TOT && t[1].stat == KR_STAT_TOT && !t[1].sub);
    assert_true(t[2].stat == KR_STAT_AVG && t[2].sub && t[2].edit.mask == 12);
    assert_true(t[3].stat == KR_STAT_MIN && !t[3].sub);
    assert_string_equal(t[3].ref.name, "name");
    assert_true(t[4].stat == KR_STAT_MAX && t[4].sub);
    assert_int_equal(o->n_sections, 2);
    assert_int_equal(o->sections[0].ref.start, 5);
    assert_int_equal(o->sections[0].skip_lines, 3);
    assert_true(o->sections[0].has_header3 && o->sections[0].has_trailer3);
    assert_int_equal(o->sections[0].header3.n, 2);
    assert_string_equal(o->sections[1].ref.name, "ku");
    assert_int_equal(o->sections[1].ref.fmt, KR_FMT_CH);
    assert_true(o->sections[1].skip_page && !o->sections[1].has_header3);
    kr_ctl_free(c);
    assert_error(" OPTION COPY\n OUTFIL FNAMES=A,HEADER2=(DATE=(YMD/))\n", "t.ctl:2:27: OUTFIL: DATE=(YMD/)");
    assert_error(" OPTION COPY\n OUTFIL FNAMES=A,HEADER2=(&DAY)\n", "'&DAY' is not a report item");
    assert_error(" OPTION COPY\n OUTFIL FNAMES=A,LINES=0\n", "LINES= is the lines of a page");
    assert_error(" OPTION COPY\n OUTFIL FNAMES=A,TRAILER3=(COUNT)\n", "TRAILER3= belongs to a break field");
    assert_error(" OPTION COPY\n OUTFIL FNAMES=A,SECTIONS=(1,2,SKIP=2X)\n", "SKIP= takes P");
    assert_error(" OPTION COPY\n OUTFIL FNAMES=A,SECTIONS=(1,2,HEADER3=('a'),HEADER3=('b'))\n",
                 "a second HEADER3 for this break field");
}

/* IFTHEN WHEN=GROUP: BEGIN/END conditions, RECORDS, KEYBEGIN and the PUSH items. */
static void test_ifthen_group(void **state)
{
    (void)state;
    kr_ctl *c = parse(" OPTION COPY\n"
                      " INREC IFTHEN=(WHEN=INIT,OVERLAY=(40:C'x')),\n"
                      "       IFTHEN=(WHEN=GROUP,BEGIN=(1,3,CH,EQ,C'HDR'),END=(1,3,CH,EQ,C'TRL'),RECORDS=9,\n"
                      "               KEYBEGIN=(ku),PUSH=(31:ID=3,SEQ=2,50:6,8,name)),\n"
                      "       IFTHEN=(WHEN=(31,3,ZD,EQ,1),OVERLAY=(60:C'y'))\n");
    const kr_ifthen *g = &c->inrec.clauses[1];
    assert_int_equal(g->when, KR_WHEN_GROUP);
    assert_non_null(g->begin);
    assert_non_null(g->end);
    assert_int_equal(g->records, 9);
    assert_true(g->has_keybegin);
    assert_string_equal(g->keybegin.name, "ku");
    assert_int_equal(g->n_push, 4);
    assert_true(g->push[0].kind == KR_PUSH_ID && g->push[0].column == 31 && g->push[0].digits == 3);
    assert_true(g->push[1].kind == KR_PUSH_SEQ && g->push[1].column == 0 && g->push[1].digits == 2);
    assert_true(g->push[2].kind == KR_PUSH_FIELD && g->push[2].column == 50 && g->push[2].ref.start == 6 &&
                g->push[2].ref.length == 8);
    assert_string_equal(g->push[3].ref.name, "name");
    kr_ctl_free(c);
    assert_error(" OPTION COPY\n INREC IFTHEN=(WHEN=GROUP,PUSH=(ID=1))\n", "WHEN=GROUP needs BEGIN=");
    assert_error(" OPTION COPY\n INREC IFTHEN=(WHEN=GROUP,RECORDS=0,PUSH=(ID=1))\n", "RECORDS=n: a group holds");
    assert_error(" OPTION COPY\n INREC IFTHEN=(WHEN=GROUP,RECORDS=2,PUSH=(ID=16))\n", "ID's digits");
    assert_error(" OPTION COPY\n INREC IFTHEN=(WHEN=NONE,OVERLAY=(1:C'a')),IFTHEN=(WHEN=GROUP,RECORDS=2,PUSH=(ID=1))\n",
                 "WHEN=GROUP clauses come with the WHEN=INIT clauses");
}

/* CHANGE=/NOMATCH= and TRAN= after a field. */
static void test_change_tran(void **state)
{
    (void)state;
    kr_ctl *c = parse(" OPTION COPY\n"
                      " OUTREC BUILD=(14,1,CHANGE=(12,C'1',C'SHIP',X'32',C'HOLD'),NOMATCH=(C'?'),\n"
                      "   1,2,CHANGE=(3,C'A',C'B'),NOMATCH=(5,3),name,TRAN=LTOU,7,2,TRAN=UTOL)\n");
    const kr_item *v = c->outrec.items.v;
    assert_int_equal(v[0].change_len, 12);
    assert_int_equal(v[0].n_change, 4);
    assert_int_equal(v[0].change[2].kind, KR_CONST_HEX);
    assert_true(v[0].has_nomatch && !v[0].nomatch_is_field);
    assert_true(v[1].has_nomatch && v[1].nomatch_is_field && v[1].nomatch_ref.start == 5);
    assert_int_equal(v[2].tran, 'U');
    assert_int_equal(v[3].tran, 'L');
    kr_ctl_free(c);
    assert_error(" OPTION COPY\n OUTREC BUILD=(1,1,CHANGE=(2,C'1'))\n", "takes pairs");
    assert_error(" OPTION COPY\n OUTREC BUILD=(1,1,CHANGE=(0,C'1',C'2'))\n", "v, the length");
    assert_error(" OPTION COPY\n OUTREC BUILD=(1,1,CHANGE=(2,5,C'2'))\n", "a C'..' or X'..' constant to find, then a constant or a field");
    assert_error(" OPTION COPY\n OUTREC BUILD=(1,1,TRAN=XYZ)\n", "'XYZ' is not supported");
    c = parse(" ALTSEQ CODE=(6141,5B40)\n OPTION COPY,CHALT\n OUTREC BUILD=(1,1,TRAN=ALTSEQ,1,1,AQ,TO=ZD)\n");
    assert_non_null(c->altseq);
    assert_int_equal(c->altseq[0x61], 0x41);
    assert_int_equal(c->altseq[0x5B], 0x40);
    assert_int_equal(c->altseq[0x62], 0x62);
    assert_true(c->chalt);
    assert_int_equal(c->outrec.items.v[0].tran, 'A');
    assert_true(c->outrec.items.v[1].ref.aq);
    kr_ctl_free(c);
    c = parse(" OPTION COPY\n OUTREC BUILD=(1,1,CHANGE=(5,C'A',3,5,C'B',C'b'),1,2,TRAN=HANZEN,1,2,TRAN=ZENHAN)\n");
    v = c->outrec.items.v;
    assert_int_equal(v[0].n_change, 4);
    assert_int_equal(v[0].change_refs[1].start, 3);
    assert_int_equal(v[0].change_refs[1].length, 5);
    assert_int_equal(v[0].change_refs[3].length, 0);
    assert_int_equal(v[1].tran, 'H');
    assert_int_equal(v[2].tran, 'Z');
    kr_ctl_free(c);
    c = parse(" OPTION COPY\n OUTREC BUILD=(1,9,JFY=(SHIFT=RIGHT,LEAD=C'<',LENGTH=12),1,9,SQZ=(SHIFT=LEFT,MID=C','))\n");
    v = c->outrec.items.v;
    assert_true(v[0].justify == 'J' && v[0].shift_right && v[0].justify_len == 12 && v[0].lead.len == 1);
    assert_true(v[1].justify == 'S' && !v[1].shift_right && v[1].mid.bytes[0] == ',');
    kr_ctl_free(c);
    assert_error(" OPTION COPY\n OUTREC BUILD=(1,9,JFY=(LEAD=C'x'))\n", "say which way");
    assert_error(" OPTION COPY\n OUTREC BUILD=(1,9,JFY=(SHIFT=LEFT,MID=C'x'))\n", "'MID' is not supported");
}

static void test_every_error_is_reported_once_per_statement(void **state)
{
    (void)state;
    /* Three wrong statements give three messages, each at its own line. */
    char *e = parse_errors(" SORT FIELDS=(1,3,CH,Q)\n INCLUDE COND=(1,1,CH,ZZ,C'A')\n OUTREC BUILD=(1,2,ZD,M99)\n");
    assert_contains(e, "t.ctl:1:22:");
    assert_contains(e, "t.ctl:2:23:");
    assert_contains(e, "t.ctl:3:23:");
    size_t lines = 0;
    for (const char *p = e; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 3);
    free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_comments_labels_remarks),
        cmocka_unit_test(test_split_continuation_keeps_positions),
        cmocka_unit_test(test_split_end_stops),
        cmocka_unit_test(test_split_errors),
        cmocka_unit_test(test_tokens),
        cmocka_unit_test(test_sort_keys),
        cmocka_unit_test(test_merge_copy_option),
        cmocka_unit_test(test_sort_errors),
        cmocka_unit_test(test_cond_precedence_and_parentheses),
        cmocka_unit_test(test_cond_operators_and_constants),
        cmocka_unit_test(test_cond_dates),
        cmocka_unit_test(test_cond_deep_and_wide),
        cmocka_unit_test(test_cond_fields_ss_lists_format),
        cmocka_unit_test(test_cond_fold),
        cmocka_unit_test(test_cond_errors),
        cmocka_unit_test(test_build_items),
        cmocka_unit_test(test_ifthen),
        cmocka_unit_test(test_reformat_errors),
        cmocka_unit_test(test_sum),
        cmocka_unit_test(test_outfil),
        cmocka_unit_test(test_outfil_report),
        cmocka_unit_test(test_ifthen_group),
        cmocka_unit_test(test_change_tran),
        cmocka_unit_test(test_every_error_is_reported_once_per_statement),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
