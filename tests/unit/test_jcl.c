/* test_jcl.c: the JCL language and its decisions. The COND= tables and examples and the IF
 * examples of IBM's z/OS MVS JCL Reference (SA23-1385), as tables; the step walk with stub
 * programs (a table of step -> result) against hand-checked expectations; and the parser's
 * statements, symbols, procedures and messages with their line:column. */
#include "unit.h"

#include "kiroku/jcl.h"

static kr_jcl_job *parse_ok(const char *text)
{
    kr_diags d;
    kr_diags_init(&d);
    kr_jcl_job *j = kr_jcl_parse_text(text, strlen(text), "t.jcl", NULL, &d);
    unit_expect_parsed(&d, j != NULL, "job", text);
    return j;
}

static char *parse_errors(const char *text)
{
    kr_diags d;
    kr_diags_init(&d);
    kr_jcl_job *j = kr_jcl_parse_text(text, strlen(text), "t.jcl", NULL, &d);
    kr_jcl_free(j);
    char *all = unit_diags_take(&d);
    if (j && !strstr(all, "W "))
        fail_msg("job parsed without a message:\n%s", text);
    return all;
}

#define assert_error(text, needle)                                                           \
    do {                                                                                     \
        char *e_ = parse_errors(text);                                                       \
        assert_contains(e_, needle);                                                         \
        free(e_);                                                                            \
    } while (0)

/* ---- stub runs ------------------------------------------------------------------------------ */

typedef struct stub {
    const char *step;    /* "STEP" or "STEP.PROC" */
    kr_jcl_status_kind status;
    int rc;
    const char *abend;
} stub;

typedef struct run_log {
    const stub *stubs;
    kr_buf log; /* "STEP1=rc STEP2:why ..." */
} run_log;

static void step_ref(const kr_jcl_step *s, char *out, size_t n)
{
    snprintf(out, n, "%s%s%s", s->name, s->procstep ? "." : "", s->procstep ? s->procstep : "");
}

static bool stub_run(void *ctx, const kr_jcl_step *s, kr_jcl_result *r, kr_err *err)
{
    (void)err;
    run_log *l = ctx;
    char ref[40];
    step_ref(s, ref, sizeof ref);
    r->status = KR_JCL_ENDED;
    r->rc = 0;
    for (const stub *st = l->stubs; st && st->step; st++)
        if (strcmp(st->step, ref) == 0) {
            r->status = st->status;
            r->rc = st->rc;
            if (st->abend)
                snprintf(r->abend, sizeof r->abend, "%s", st->abend);
        }
    if (r->status == KR_JCL_ABENDED)
        kr_buf_addf(&l->log, "%s=%s ", ref, r->abend);
    else
        kr_buf_addf(&l->log, "%s=%d ", ref, r->rc);
    return true;
}

static void stub_bypassed(void *ctx, const kr_jcl_step *s, kr_jcl_bypass why)
{
    run_log *l = ctx;
    static const char *const code[] = {"cond", "only", "abend", "if", "jobcond", "notstarted",
                                       "restart"};
    char ref[40];
    step_ref(s, ref, sizeof ref);
    kr_buf_addf(&l->log, "%s:%s ", ref, code[why]);
}

static void stub_prior(void *ctx, const kr_jcl_step *s, kr_jcl_result *r)
{
    run_log *l = ctx;
    char ref[40];
    step_ref(s, ref, sizeof ref);
    for (const stub *st = l->stubs; st && st->step; st++)
        if (strcmp(st->step, ref) == 0) {
            r->status = st->status;
            r->rc = st->rc;
        }
}

/* Walks a job with stub results; returns the log (caller frees). */
static char *walk(const char *text, const stub *stubs, const char *restart, kr_jcl_outcome *o)
{
    kr_jcl_job *j = parse_ok(text);
    run_log l = {stubs, {0}};
    kr_buf_init(&l.log);
    kr_jcl_walk_ops ops = {stub_run, stub_bypassed, stub_prior};
    kr_err err;
    kr_jcl_outcome out;
    if (!o)
        o = &out;
    if (!kr_jcl_walk(j, restart, &ops, &l, o, &err))
        fail_msg("walk failed: %s", err.text);
    if (o->ended_by) /* the step that ended the job, as a name in the log */
        kr_buf_addf(&l.log, "ended-by:%s ", o->ended_by->name);
    o->ended_by = NULL;
    kr_jcl_free(j);
    if (l.log.len)
        l.log.data[--l.log.len] = '\0';
    return kr_buf_take(&l.log);
}

/* ---- COND=: Table 1 of "Summary of COND parameters" (EXEC) --------------------------------- */

static void test_cond_table1(void **state)
{
    (void)state;
    /* COND=(code,op) bypasses the step when `code op RC`: code 8 against RC 4, 8, 12 */
    static const struct {
        const char *op;
        bool bypass[3]; /* RC 4, 8, 12 */
    } rows[] = {
        {"GT", {true, false, false}}, /* bypass when 8 > RC */
        {"GE", {true, true, false}},  {"EQ", {false, true, false}},
        {"LT", {false, false, true}}, {"LE", {false, true, true}},
        {"NE", {true, false, true}},
    };
    static const int rcs[] = {4, 8, 12};
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++)
        for (size_t k = 0; k < 3; k++) {
            char text[256];
            snprintf(text, sizeof text,
                     "//J JOB\n//S1 EXEC PGM=A\n//S2 EXEC PGM=B,COND=(8,%s)\n", rows[r].op);
            stub stubs[] = {{"S1", KR_JCL_ENDED, rcs[k], NULL}, {NULL, 0, 0, NULL}};
            char *log = walk(text, stubs, NULL, NULL);
            const char *want = rows[r].bypass[k] ? "S2:cond" : "S2=0";
            if (!strstr(log, want))
                fail_msg("COND=(8,%s) with RC %d: want %s, got %s", rows[r].op, rcs[k], want, log);
            free(log);
        }
}

/* ---- COND=: Table 2, EVEN and ONLY ---------------------------------------------------------- */

static void test_cond_table2(void **state)
{
    (void)state;
    static const struct {
        const char *mode; /* "" EVEN ONLY */
        bool abend, satisfied, runs;
    } rows[] = {
        {",EVEN", false, false, true}, {",EVEN", false, true, false},
        {",EVEN", true, false, true},  {",EVEN", true, true, false},
        {",ONLY", false, false, false}, {",ONLY", false, true, false},
        {",ONLY", true, false, true},  {",ONLY", true, true, false},
        {"", false, false, true},      {"", false, true, false},
        {"", true, false, false},      {"", true, true, false},
    };
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        /* S1 ends with rc 8 (or abends); the test (4,LT,S0) is satisfied by S0's rc 8 */
        char text[256];
        snprintf(text, sizeof text,
                 "//J JOB\n//S0 EXEC PGM=A\n//S1 EXEC PGM=A,COND=EVEN\n"
                 "//S2 EXEC PGM=B,COND=((%d,LT,S0)%s)\n",
                 rows[r].satisfied ? 4 : 100, rows[r].mode);
        stub stubs[] = {{"S0", KR_JCL_ENDED, 8, NULL},
                        {"S1", rows[r].abend ? KR_JCL_ABENDED : KR_JCL_ENDED, 0, "S0C7"},
                        {NULL, 0, 0, NULL}};
        char *log = walk(text, stubs, NULL, NULL);
        bool ran = strstr(log, "S2=") != NULL;
        if (ran != rows[r].runs)
            fail_msg("row %zu (%s abend=%d satisfied=%d): %s", r, rows[r].mode, rows[r].abend,
                     rows[r].satisfied, log);
        free(log);
    }
}

/* ---- "Examples of COND return code testing in a job" (JCL User's Guide) --------------------- */

static void test_cond_users_guide_example(void **state)
{
    (void)state;
    const char *job = "//MYJOB JOB ,A.SMITH,COND=(10,LT)\n"
                      "//STEP1 EXEC PGM=A\n"
                      "//STEP2 EXEC PGM=B,COND=((2,EQ),(4,EQ))\n"
                      "//STEP3 EXEC PGM=C,COND=ONLY\n"
                      "//STEP4 EXEC PGM=D,\n"
                      "//  COND=((5,GT,STEP1),(2,EQ))\n"
                      "//STEP5 EXEC PGM=E\n"
                      "//STEP6 EXEC PGM=F,\n"
                      "//  COND=((8,GT,STEP5),EVEN)\n"
                      "//STEP7 EXEC PGM=G,COND=(4,GT,STEP4)\n"
                      "//STEP8 EXEC PGM=H\n"
                      "//STEP9 EXEC PGM=I,COND=ONLY\n";
    stub stubs[] = {{"STEP1", KR_JCL_ENDED, 6, NULL}, {"STEP2", KR_JCL_ENDED, 2, NULL},
                    {"STEP5", KR_JCL_ENDED, 9, NULL}, {"STEP6", KR_JCL_ENDED, 10, NULL},
                    {"STEP7", KR_JCL_ENDED, 12, NULL}, {NULL, 0, 0, NULL}};
    kr_jcl_outcome o;
    char *log = walk(job, stubs, NULL, &o);
    assert_string_equal(log, "STEP1=6 STEP2=2 STEP3:only STEP4:cond STEP5=9 STEP6=10 STEP7=12 "
                             "STEP8:jobcond STEP9:jobcond ended-by:STEP7");
    assert_int_equal(o.max_rc, 12);
    free(log);
    /* the second job of the example: //ABC JOB COND=(5,EQ), STEP1 rc 4, STEP2 COND=(7,LT) */
    stub stubs2[] = {{"STEP1", KR_JCL_ENDED, 4, NULL}, {NULL, 0, 0, NULL}};
    log = walk("//ABC JOB 12345,COND=(5,EQ)\n//STEP1 EXEC PGM=A\n//STEP2 EXEC PGM=B,COND=(7,LT)\n",
               stubs2, NULL, NULL);
    assert_string_equal(log, "STEP1=4 STEP2=0");
    free(log);
}

/* ---- IF: the examples of the JCL Reference --------------------------------------------------- */

static void test_if_expressions(void **state)
{
    (void)state;
    static const struct {
        const char *expr;
        int rc1;           /* STEP1's rc, or -1 for an abend U0100 */
        bool then;
    } rows[] = {
        {"(RC > 4 & RC < 8)", 6, true}, /* Example 4 */
        {"(RC > 4 & RC < 8)", 8, false},
        {"(RC GT 4 AND RC LT 8)", 5, true},
        {"(ABEND | STEP1.RC > 8)", 9, true}, /* Example 2/3 */
        {"(ABEND | STEP1.RC > 8)", 8, false},
        {"(ABEND | STEP1.RC > 8)", -1, true},
        {"¬ABEND", 0, true}, /* Example 9 */
        {"¬ABEND", -1, false},
        {"(ABENDCC = U0100)", -1, true},
        {"(ABENDCC = U0100)", 0, false},
        {"(ABENDCC = S0C7)", -1, false},
        {"STEP1.RUN", 0, true},
        {"¬STEP1.RUN", 0, false},
        {"(STEP1.RUN = FALSE)", 0, false},
        {"(STEP1.ABEND = FALSE)", 0, true},
        {"(STEP1.ABEND=FALSE)", -1, false},
        {"(STEP1.RC = 0)", -1, false}, /* an abended step has no rc */
        {"(RC = 0)", -1, true},        /* RC ignores abended steps; 0 at the start */
        /* "Use of parentheses": RC 0-3 vs 0-3 or 16 */
        {"(RC LT 4 & (RC LT 12 | RC = 16))", 16, false},
        {"((RC LT 4 & RC LT 12) | RC = 16)", 16, true},
        /* AND and OR have the same priority, left to right */
        {"(RC = 16 | RC = 2 & RC = 3)", 16, false},
        {"(RC ¬= 4)", 5, true},
        {"(RC ¬> 4)", 4, true},
        {"(RC NL 4)", 3, false},
        {"NOT (RC >= 8)", 4, true},
    };
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        char text[512];
        snprintf(text, sizeof text,
                 "//J JOB\n//STEP1 EXEC PGM=A\n//T IF %s THEN\n//YES EXEC PGM=Y\n"
                 "// ELSE\n//NO EXEC PGM=N\n// ENDIF\n", rows[r].expr);
        stub stubs[] = {{"STEP1", rows[r].rc1 < 0 ? KR_JCL_ABENDED : KR_JCL_ENDED,
                         rows[r].rc1 < 0 ? 0 : rows[r].rc1, "U0100"},
                        {NULL, 0, 0, NULL}};
        char *log = walk(text, stubs, NULL, NULL);
        bool then = strstr(log, "YES=") != NULL;
        bool other = strstr(log, "NO=") != NULL;
        bool abended = rows[r].rc1 < 0;
        /* after an abend only an IF that tests ABEND lets its steps run */
        bool tests_abend = strstr(rows[r].expr, "ABEND") != NULL;
        bool want_then = rows[r].then && (!abended || tests_abend);
        bool want_else = !rows[r].then && (!abended || tests_abend);
        if (then != want_then || other != want_else)
            fail_msg("IF %s with STEP1 %d: %s", rows[r].expr, rows[r].rc1, log);
        free(log);
    }
}

/* Example 9: the decision is made when the IF is reached, not changed by later steps. */
static void test_if_decided_once(void **state)
{
    (void)state;
    const char *job = "//J JOB\n//STEP1 EXEC PGM=A\n//IFTEST6 IF ¬ABEND THEN\n"
                      "//STEP2 EXEC PGM=B\n//STEP3 EXEC PGM=C,COND=EVEN\n// ELSE\n"
                      "//STEP4 EXEC PGM=D\n// ENDIF\n";
    stub stubs[] = {{"STEP2", KR_JCL_ABENDED, 0, "S0C7"}, {NULL, 0, 0, NULL}};
    kr_jcl_outcome o;
    char *log = walk(job, stubs, NULL, &o);
    assert_string_equal(log, "STEP1=0 STEP2=S0C7 STEP3=0 STEP4:if ended-by:STEP2");
    assert_true(o.abended);
    assert_string_equal(o.abend, "S0C7");
    free(log);
    stub stubs2[] = {{"STEP1", KR_JCL_ABENDED, 0, "U0100"}, {NULL, 0, 0, NULL}};
    log = walk(job, stubs2, NULL, NULL);
    assert_string_equal(log, "STEP1=U0100 STEP2:if STEP3:if STEP4=0 ended-by:STEP1");
    free(log);
}

static void test_walk_abend_bypasses_and_nesting(void **state)
{
    (void)state;
    const char *job = "//J JOB\n//A EXEC PGM=A\n//B EXEC PGM=B\n"
                      "//I1 IF (A.RC = 0) THEN\n"
                      "//I2 IF (B.RC > 0) THEN\n//C EXEC PGM=C\n// ELSE\n//D EXEC PGM=D\n"
                      "// ENDIF\n// ENDIF\n//E EXEC PGM=E\n";
    stub s1[] = {{"B", KR_JCL_ENDED, 4, NULL}, {NULL, 0, 0, NULL}};
    char *log = walk(job, s1, NULL, NULL);
    assert_string_equal(log, "A=0 B=4 C=0 D:if E=0");
    free(log);
    stub s2[] = {{"A", KR_JCL_ENDED, 8, NULL}, {"C", KR_JCL_ENDED, 4, NULL}, {NULL, 0, 0, NULL}};
    log = walk(job, s2, NULL, NULL);
    assert_string_equal(log, "A=8 B=0 C:if D:if E=0");
    free(log);
    stub s3[] = {{"A", KR_JCL_ABENDED, 0, "S0C4"}, {NULL, 0, 0, NULL}};
    log = walk(job, s3, NULL, NULL);
    assert_string_equal(log, "A=S0C4 B:abend C:if D:if E:abend ended-by:A");
    free(log);
    stub s4[] = {{"B", KR_JCL_NOT_STARTED, 0, NULL}, {NULL, 0, 0, NULL}};
    log = walk(job, s4, NULL, NULL);
    assert_string_equal(log, "A=0 B=0 C:notstarted D:notstarted E:notstarted ended-by:B");
    free(log);
}

static void test_walk_restart(void **state)
{
    (void)state;
    const char *job = "//J JOB\n//A EXEC PGM=A\n//B EXEC PGM=B,COND=(0,NE,A)\n"
                      "//C EXEC PGM=C,COND=(4,LT,B)\n//T IF (A.RC = 8) THEN\n//D EXEC PGM=D\n"
                      "// ENDIF\n";
    /* a restart at C: A and B come from the catalog (A rc 8, so B was bypassed) */
    stub s[] = {{"A", KR_JCL_ENDED, 8, NULL}, {NULL, 0, 0, NULL}};
    char *log = walk(job, s, "C", NULL);
    assert_string_equal(log, "A:restart B:restart C=0 D=0");
    free(log);
    kr_jcl_job *j = parse_ok(job);
    kr_jcl_walk_ops ops = {stub_run, stub_bypassed, NULL};
    kr_err err;
    kr_jcl_outcome o;
    run_log l = {s, {0}};
    kr_buf_init(&l.log);
    assert_false(kr_jcl_walk(j, "NOSUCH", &ops, &l, &o, &err));
    assert_contains(err.text, "KRK1130E");
    kr_buf_free(&l.log);
    kr_jcl_free(j);
}

/* ---- the parser ------------------------------------------------------------------------------ */

static void test_parse_statements(void **state)
{
    (void)state;
    kr_jcl_job *j = parse_ok(
        "//PAY JOB (1),'X',CLASS=A,COND=((4,LT),(8,EQ)),\n"
        "//   SCHEDULE='last business day',CALENDAR=JP\n"
        "//* a comment\n"
        "// SET A=ONE,B='TWO, 2'\n"
        "//S1 EXEC PGM=SORT,PARM='IT''S &A',\n"
        "//   COND=((4,LT),EVEN),REGION=0M\n"
        "//IN DD DSN=&A..B(-1),DISP=SHR,LAYOUT=juki\n"
        "//   DD DSN=&&T,DISP=(OLD,DELETE)\n"
        "//OUT DD DSN=X.Y(+1),DISP=(NEW,CATLG),DCB=(LRECL=80,RECFM=FB)\n"
        "//SYSIN DD *\n"
        " SORT FIELDS=COPY\n"
        "//W DD SPACE=(TRK,(1,1)),UNIT=SYSDA\n"
        "//N DD DUMMY\n"
        "//P DD SYSOUT=A\n"
        "//S2 EXEC PGM=IEFBR14,PARM='&B'\n"
        "//\n"
        "//IGNORED EXEC PGM=X\n");
    assert_string_equal(j->name, "PAY");
    assert_int_equal(j->cond.n, 2);
    assert_int_equal(j->cond.tests[1].code, 8);
    assert_int_equal(j->cond.tests[1].op, KR_JCL_EQ);
    assert_string_equal(j->schedule, "last business day");
    assert_string_equal(j->calendar, "JP");
    assert_int_equal(j->n_steps, 2);
    const kr_jcl_step *s = j->steps[0];
    assert_string_equal(s->parm, "IT'S ONE");
    assert_int_equal(s->cond.mode, KR_JCL_COND_EVEN);
    assert_string_equal(s->region, "0M");
    assert_int_equal(s->n_dds, 6);
    const kr_jcl_dd *in = &s->dds[0];
    assert_string_equal(in->dsn, "ONE.B");
    assert_true(in->has_gen);
    assert_int_equal(in->gen, -1);
    assert_int_equal(in->status, KR_JCL_SHR);
    assert_int_equal(in->normal, KR_JCL_KEEP);
    assert_string_equal(in->layout, "juki");
    assert_int_equal(in->n_concat, 1);
    assert_true(in->concat[0].temporary);
    assert_string_equal(in->concat[0].dsn, "T");
    assert_int_equal(in->concat[0].abnormal, KR_JCL_DELETE);
    const kr_jcl_dd *out = &s->dds[1];
    assert_int_equal(out->gen, 1);
    assert_int_equal(out->normal, KR_JCL_CATLG);
    assert_int_equal(out->abnormal, KR_JCL_CATLG); /* the abnormal default is the normal */
    assert_int_equal(out->lrecl, 80);
    assert_string_equal(out->recfm, "FB");
    assert_int_equal(s->dds[2].kind, KR_JCL_DD_INSTREAM);
    assert_string_equal(s->dds[2].data, " SORT FIELDS=COPY\n");
    assert_true(s->dds[3].temporary);
    assert_int_equal(s->dds[3].status, KR_JCL_NEW); /* no DISP: (NEW,DELETE,DELETE) */
    assert_int_equal(s->dds[3].normal, KR_JCL_DELETE);
    assert_int_equal(s->dds[4].kind, KR_JCL_DD_DUMMY);
    assert_string_equal(s->dds[5].sysout, "A");
    assert_string_equal(j->steps[1]->parm, "TWO, 2");
    kr_jcl_free(j);
}

/* Continuation: a quoted string coded through column 71 resumes in column 16; an IF goes on
 * until THEN; comment cards may stand between continuation cards. */
static void test_parse_continuation(void **state)
{
    (void)state;
    char text[512];
    /* "//S EXEC PGM=A,PARM='" is 21 columns: the string runs through column 71 */
    snprintf(text, sizeof text, "//J JOB\n//S EXEC PGM=A,PARM='%s\n//%13sBCD',\n"
             "//* a comment between continuation cards\n//  REGION=4M\n"
             "//T IF (S.RC = 0 |\n//      S.RC = 4)\n//      THEN\n//U EXEC PGM=B\n// ENDIF\n",
             "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "");
    kr_jcl_job *j = parse_ok(text);
    assert_string_equal(j->steps[0]->parm, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaBCD");
    assert_string_equal(j->steps[0]->region, "4M");
    assert_int_equal(j->nodes.n, 2);
    assert_int_equal(j->nodes.v[1].expr->kind, KR_JCL_X_OR);
    kr_jcl_free(j);
}

static void test_parse_disp_defaults(void **state)
{
    (void)state;
    /* "DISP parameter, Defaults" of the JCL Reference */
    static const struct {
        const char *disp;
        kr_jcl_status st;
        kr_jcl_disp normal, abnormal;
    } rows[] = {
        {"NEW", KR_JCL_NEW, KR_JCL_DELETE, KR_JCL_DELETE},
        {"OLD", KR_JCL_OLD, KR_JCL_KEEP, KR_JCL_KEEP},
        {"SHR", KR_JCL_SHR, KR_JCL_KEEP, KR_JCL_KEEP},
        {"MOD", KR_JCL_MOD, KR_JCL_KEEP, KR_JCL_KEEP},
        {"(,KEEP)", KR_JCL_NEW, KR_JCL_KEEP, KR_JCL_KEEP},
        {"(NEW,PASS)", KR_JCL_NEW, KR_JCL_PASS, KR_JCL_DELETE},
        {"(OLD,PASS)", KR_JCL_OLD, KR_JCL_PASS, KR_JCL_KEEP},
        {"(OLD,,DELETE)", KR_JCL_OLD, KR_JCL_KEEP, KR_JCL_DELETE},
        {"(,,KEEP)", KR_JCL_NEW, KR_JCL_DELETE, KR_JCL_KEEP},
        {"(SHR,UNCATLG)", KR_JCL_SHR, KR_JCL_UNCATLG, KR_JCL_UNCATLG},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char text[200];
        snprintf(text, sizeof text, "//J JOB\n//S EXEC PGM=A\n//D DD DSN=A.B,DISP=%s\n",
                 rows[i].disp);
        kr_jcl_job *j = parse_ok(text);
        const kr_jcl_dd *d = &j->steps[0]->dds[0];
        if (d->status != rows[i].st || d->normal != rows[i].normal || d->abnormal != rows[i].abnormal)
            fail_msg("DISP=%s: %d %d %d", rows[i].disp, d->status, d->normal, d->abnormal);
        kr_jcl_free(j);
    }
}

static void test_parse_symbols_period_rules(void **state)
{
    (void)state;
    kr_jcl_job *j = parse_ok("//J JOB\n// SET A=X,B=Y\n"
                             "//S EXEC PGM=P,PARM='&A..&B.Z &A&B &A.&B. &&T'\n");
    assert_string_equal(j->steps[0]->parm, "X.YZ XY XY &&T");
    kr_jcl_free(j);
    const char *syms[] = {"RUNDATE=20261205", "A=CALLER"};
    kr_jcl_parse_opts o = {NULL, 0, syms, 2};
    kr_diags d;
    kr_diags_init(&d);
    const char *text = "//J JOB\n//S EXEC PGM=P,PARM='&RUNDATE &A'\n// SET A=SET\n"
                       "//T EXEC PGM=P,PARM='&A'\n";
    j = kr_jcl_parse_text(text, strlen(text), "t.jcl", &o, &d);
    assert_non_null(j);
    /* The caller's value (the command line) wins over the job's SET, which gives defaults. */
    assert_string_equal(j->steps[0]->parm, "20261205 CALLER");
    assert_string_equal(j->steps[1]->parm, "CALLER");
    kr_jcl_free(j);
    kr_diags_free(&d);
}

/* kiroku's: the JOB statement's name may hold the caller's symbols (a job run per city). */
static void test_parse_job_name_symbols(void **state)
{
    (void)state;
    const char *syms[] = {"CITY=07"};
    kr_jcl_parse_opts o = {NULL, 0, syms, 1};
    kr_diags d;
    kr_diags_init(&d);
    const char *text = "//rcv&CITY JOB\n//S EXEC PGM=P\n";
    kr_jcl_job *j = kr_jcl_parse_text(text, strlen(text), "t.jcl", &o, &d);
    assert_non_null(j);
    assert_string_equal(j->name, "RCV07");
    kr_jcl_free(j);
    kr_diags_free(&d);
    /* undefined, or a name too long once replaced: errors at the name */
    const char *cases[] = {"//RCV&NONE JOB\n//S EXEC PGM=P\n", "//RCVLONG&CITY JOB\n//S EXEC PGM=P\n"};
    for (size_t i = 0; i < 2; i++) {
        kr_diags_init(&d);
        j = kr_jcl_parse_text(cases[i], strlen(cases[i]), "t.jcl", &o, &d);
        assert_null(j);
        assert_true(d.n > 0);
        kr_diags_free(&d);
    }
}

static void test_parse_procedures(void **state)
{
    (void)state;
    /* precedence: EXEC override > PROC default > SET (JCL Reference, SET "Overrides") */
    kr_jcl_job *j = parse_ok("//J JOB\n// SET D=SETV,E=SETE\n"
                             "//P PROC D=PROCV,F=PF\n"
                             "//S1 EXEC PGM=A,PARM='&D &E &F'\n"
                             "//IN DD DSN=&F..IN,DISP=SHR\n"
                             "//S2 EXEC PGM=B,PARM=X,COND=(4,LT,S1)\n"
                             "// PEND\n"
                             "//CALL EXEC P,F=OVR,PARM.S2='Y',COND.S1=EVEN\n"
                             "//S2.ADD DD DUMMY\n"
                             "//AFTER EXEC PGM=C,COND=(0,NE,CALL.S2)\n");
    assert_int_equal(j->n_steps, 3);
    assert_string_equal(j->steps[0]->name, "CALL");
    assert_string_equal(j->steps[0]->procstep, "S1");
    assert_string_equal(j->steps[0]->proc, "P");
    assert_string_equal(j->steps[0]->parm, "PROCV SETE OVR");
    assert_string_equal(j->steps[0]->dds[0].dsn, "OVR.IN");
    assert_int_equal(j->steps[0]->cond.mode, KR_JCL_COND_EVEN);
    assert_string_equal(j->steps[1]->parm, "Y");
    assert_int_equal(j->steps[1]->cond.tests[0].step, 0); /* S1 of the same call */
    assert_int_equal(j->steps[1]->n_dds, 1);
    assert_string_equal(j->steps[1]->dds[0].name, "ADD");
    assert_int_equal(j->steps[2]->cond.tests[0].step, 1);
    kr_jcl_free(j);
}

/* `//procstep.ddname DD` overrides: coded keywords replace, KEY= removes, the rest stays. */
static void test_parse_dd_overrides(void **state)
{
    (void)state;
    kr_jcl_job *j = parse_ok("//J JOB\n//P PROC\n//S1 EXEC PGM=A\n"
                             "//IN DD DSN=A.B,DISP=SHR,LAYOUT=X\n"
                             "//   DD DSN=A.C,DISP=SHR\n"
                             "//OUT DD DUMMY,LRECL=80\n"
                             "//SYSIN DD *\n OLD\n/*\n"
                             "//KEEP DD SYSOUT=A\n"
                             "// PEND\n"
                             "//C EXEC P\n"
                             "//S1.IN DD DSN=C.D,LAYOUT=\n"
                             "//S1.OUT DD DSN=E.F(+1),DISP=(NEW,CATLG)\n"
                             "//S1.SYSIN DD *\n NEW\n"
                             "//S1.KEEP DD DSN=G.H,DISP=OLD\n"
                             "//S1.EXTRA DD SYSOUT=*\n");
    const kr_jcl_step *s = j->steps[0];
    assert_int_equal(s->n_dds, 5);
    assert_string_equal(s->dds[0].name, "IN");
    assert_string_equal(s->dds[0].dsn, "C.D");
    assert_int_equal(s->dds[0].status, KR_JCL_SHR);
    assert_null(s->dds[0].layout);
    assert_int_equal(s->dds[0].n_concat, 1);
    assert_string_equal(s->dds[0].concat[0].dsn, "A.C");
    assert_int_equal(s->dds[1].kind, KR_JCL_DD_DATASET);
    assert_string_equal(s->dds[1].dsn, "E.F");
    assert_int_equal(s->dds[1].gen, 1);
    assert_int_equal(s->dds[1].lrecl, 80);
    assert_int_equal(s->dds[1].normal, KR_JCL_CATLG);
    assert_string_equal(s->dds[2].data, " NEW\n");
    assert_int_equal(s->dds[3].kind, KR_JCL_DD_DATASET);
    assert_string_equal(s->dds[3].dsn, "G.H");
    assert_null(s->dds[3].sysout);
    assert_string_equal(s->dds[4].name, "EXTRA");
    assert_string_equal(s->dds[4].sysout, "*");
    kr_jcl_free(j);
    assert_error("//J JOB\n//P PROC\n//S1 EXEC PGM=A\n// PEND\n//C EXEC P\n//S9.X DD DUMMY\n",
                 "KRK1111E t.jcl:6:3: S9.X names no step of the procedure");
}

/* Backward references: DSN=*.dd, *.step.dd, *.step.procstep.dd, and *.procstep.dd inside a
 * procedure. */
static void test_parse_referbacks(void **state)
{
    (void)state;
    kr_jcl_job *j = parse_ok("//J JOB\n//P PROC\n//A EXEC PGM=A\n//O DD DSN=&&W,DISP=(NEW,PASS)\n"
                             "//B EXEC PGM=B\n//I DD DSN=*.A.O,DISP=(OLD,DELETE)\n// PEND\n"
                             "//S1 EXEC PGM=A\n//OUT DD DSN=G.X(+1),DISP=(NEW,CATLG)\n"
                             "//IN DD DSN=*.OUT,DISP=SHR\n"
                             "//C EXEC P\n"
                             "//S2 EXEC PGM=B\n//X DD DSN=*.S1.OUT,DISP=SHR\n"
                             "//Y DD DSN=*.C.A.O,DISP=SHR\n");
    assert_string_equal(j->steps[0]->dds[1].dsn, "G.X");
    assert_int_equal(j->steps[0]->dds[1].gen, 1);
    assert_string_equal(j->steps[0]->dds[1].referback, "*.OUT");
    assert_string_equal(j->steps[2]->dds[0].dsn, "W");
    assert_true(j->steps[2]->dds[0].temporary);
    assert_string_equal(j->steps[3]->dds[0].dsn, "G.X");
    assert_string_equal(j->steps[3]->dds[1].dsn, "W");
    kr_jcl_free(j);
    assert_error("//J JOB\n//S EXEC PGM=A\n//X DD DSN=*.NO.DD,DISP=SHR\n",
                 "KRK1106E t.jcl:3:12: *.NO.DD names no earlier DD statement");
}

/* GDGORDER= (z/OS 2.1): a GDG named whole; read by default, only with a base name. */
static void test_parse_gdgorder(void **state)
{
    (void)state;
    kr_jcl_job *j = parse_ok("//J JOB\n//S EXEC PGM=A\n//D DD DSN=A.TX,GDGORDER=FIFO\n"
                             "//E DD DSN=A.TX,GDGORDER=LIFO,DISP=OLD\n//F DD DSN=A.TX,GDGORDER=USECATLG\n"
                             "//G DD DSN=A.TX(0),DISP=SHR\n");
    const kr_jcl_dd *d = j->steps[0]->dds;
    assert_int_equal(d[0].gdgorder, KR_JCL_GDG_FIFO);
    assert_int_equal(d[0].status, KR_JCL_SHR);
    assert_int_equal(d[0].normal, KR_JCL_KEEP);
    assert_int_equal(d[1].gdgorder, KR_JCL_GDG_LIFO);
    assert_int_equal(d[1].status, KR_JCL_OLD);
    assert_int_equal(d[2].gdgorder, KR_JCL_GDG_LIFO);
    assert_int_equal(d[3].gdgorder, KR_JCL_GDG_NONE);
    kr_jcl_free(j);
    assert_error("//J JOB\n//S EXEC PGM=A\n//D DD DSN=A.TX,GDGORDER=NEWEST\n", "KRK1106E t.jcl:3:26:");
    assert_error("//J JOB\n//S EXEC PGM=A\n//D DD DSN=A.TX(0),GDGORDER=FIFO\n", "GDGORDER= goes with");
    assert_error("//J JOB\n//S EXEC PGM=A\n//D DD DSN=A.TX,GDGORDER=FIFO,DISP=(NEW,CATLG)\n",
                 "GDGORDER= goes with");
    assert_error("//J JOB\n//S EXEC PGM=A\n//D DD DSN=&&T,GDGORDER=FIFO\n", "GDGORDER= goes with");
}

static void test_parse_errors(void **state)
{
    (void)state;
    assert_error("//S EXEC PGM=A\n", "KRK1108E t.jcl:1:5: a job starts with");
    assert_error("//J JOB\n//S EXEC PGM=A,PARM=&NOPE\n", "KRK1107E t.jcl:2:21: the symbol &NOPE");
    assert_error("//J JOB\n//S EXEC PGM=A,\n//X DD DUMMY\n", "KRK1102E t.jcl:2:16:");
    assert_error("//J JOB\n//S EXEC PGM=A,\n//                   PARM=X\n",
                 "KRK1102E t.jcl:3:22: continued operands must start in columns 4-16");
    assert_error("//J JOB\n//S EXEC PGM=A,PARM='X\n", "KRK1104E");
    assert_error("//J JOB\n//S EXEC PGM=A,FOO=1\n", "KRK1105E t.jcl:2:16: FOO=");
    assert_error("//J JOB\n//S EXEC PGM=A\n//D DD DSN=A,DISP=(NEW,PASS,PASS)\n",
                 "KRK1106E t.jcl:3:29:");
    assert_error("//J JOB\n//S EXEC PGM=A,COND=(4,XX)\n", "KRK1106E t.jcl:2:24:");
    assert_error("//J JOB\n//S EXEC PGM=A,COND=(4,LT,NOSTEP)\n", "KRK1112E t.jcl:2:27:");
    assert_error("//J JOB\n//S EXEC PGM=A\n// ELSE\n", "KRK1109E t.jcl:3:4: ELSE without");
    assert_error("//J JOB\n//S EXEC PGM=A\n//I IF RC > 4 THEN\n//T EXEC PGM=B\n",
                 "KRK1109E t.jcl:3:5: the IF has no ENDIF");
    assert_error("//J JOB\n//S EXEC PGM=A\n//I IF (RC > ) THEN\n//T EXEC PGM=B\n// ENDIF\n",
                 "KRK1110E t.jcl:3:14:");
    assert_error("//J JOB\n//S EXEC NOPROC\n", "KRK1111E t.jcl:2:10: the procedure NOPROC");
    assert_error("//J JOB\n//S EXEC PGM=A\n//S EXEC PGM=B\n", "KRK1108E t.jcl:3:3: the step name S");
    assert_error("//J JOB\n//S EXEC PGM=A\nDATA\n", "KRK1101E t.jcl:3:1:");
    assert_error("//J JOB\n//S EXEC PGM=A,PARM=X" "                                                 TOOLONG\n",
                 "KRK1103W t.jcl:2:72:");
    /* several errors in one run */
    char *e = parse_errors("//J JOB\n//S EXEC PGM=A,X=1\n//D DD DISP=BAD\n//T EXEC PGM=B,COND=(1,ZZ)\n");
    assert_contains(e, "t.jcl:2:");
    assert_contains(e, "t.jcl:3:");
    assert_contains(e, "t.jcl:4:");
    free(e);
}

static void test_parse_bounded_nesting(void **state)
{
    (void)state;
    kr_buf b;
    kr_buf_init(&b);
    kr_buf_adds(&b, "//J JOB\n//S EXEC PGM=A\n");
    for (int i = 0; i < 16; i++)
        kr_buf_adds(&b, "// IF RC = 0 THEN\n//X EXEC PGM=A\n");
    char *e = parse_errors(b.data);
    assert_contains(e, "KRK1109E t.jcl:33:4: IF constructs nest at most 15 deep");
    free(e);
    kr_buf_reset(&b);
    kr_buf_adds(&b, "//J JOB\n//S EXEC PGM=A,PARM=");
    for (int i = 0; i < 40; i++)
        kr_buf_addc(&b, '(');
    kr_buf_addc(&b, '\n');
    e = parse_errors(b.data);
    assert_contains(e, "KRK1104E t.jcl:2:");
    free(e);
    /* 300 steps: the 256th is refused; thousands of bad lines stop after 100 errors */
    kr_buf_reset(&b);
    kr_buf_adds(&b, "//J JOB\n");
    for (int i = 0; i < 300; i++)
        kr_buf_addf(&b, "//S%d EXEC PGM=A\n", i);
    e = parse_errors(b.data);
    assert_contains(e, "KRK1108E t.jcl:257:");
    assert_contains(e, "at most 255 steps");
    free(e);
    kr_buf_reset(&b);
    kr_buf_adds(&b, "//J JOB\n//S EXEC PGM=A\n");
    for (int i = 0; i < 5000; i++)
        kr_buf_adds(&b, "not jcl\n");
    e = parse_errors(b.data);
    assert_contains(e, "KRK1113E t.jcl:103:1: 100 errors");
    size_t lines = 0;
    for (const char *p = e; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 101);
    free(e);
    kr_buf_free(&b);
}

/* TIME= as the JCL Reference's syntax and examples give it (TIME=(12,10), (,30), 5, NOLIMIT,
 * 1440, MAXIMUM = 357912 minutes), the job's limit over the step's, Slurm's --time. */
static void test_time_parameter(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        long seconds;
    } good[] = {{"5", 300},           {"(12,10)", 730},           {"(,30)", 30},   {"(5)", 300},
                {"0", 0},             {"NOLIMIT", KR_JCL_TIME_NOLIMIT}, {"1440", KR_JCL_TIME_NOLIMIT},
                {"(1440)", KR_JCL_TIME_NOLIMIT}, {"MAXIMUM", 357912L * 60}, {"(357912,59)", 357912L * 60 + 59}};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        long got = -99;
        if (!kr_jcl_time_limit(good[i].text, &got) || got != good[i].seconds)
            fail_msg("TIME=%s: %ld, not %ld", good[i].text, got, good[i].seconds);
    }
    static const char *const bad[] = {"", "()", "(,)", "(1,60)", "357913", "(12,10,1)", "5M", "-1", "(,-3)",
                                      "12,10", "NOLIMITS", "(12"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        long got;
        if (kr_jcl_time_limit(bad[i], &got))
            fail_msg("TIME=%s was accepted", bad[i]);
    }
    assert_int_equal(kr_jcl_time_step(0, 0), 0);
    assert_int_equal(kr_jcl_time_step(0, 60), 60);
    assert_int_equal(kr_jcl_time_step(120, 0), 120);
    assert_int_equal(kr_jcl_time_step(120, 60), 60);
    assert_int_equal(kr_jcl_time_step(60, 120), 60);
    assert_int_equal(kr_jcl_time_step(KR_JCL_TIME_NOLIMIT, 60), KR_JCL_TIME_NOLIMIT);
    assert_int_equal(kr_jcl_time_step(120, KR_JCL_TIME_NOLIMIT), 120);
    assert_int_equal(kr_jcl_time_step(0, KR_JCL_TIME_NOLIMIT), KR_JCL_TIME_NOLIMIT);
    char out[24];
    kr_jcl_time_slurm(300, out);
    assert_string_equal(out, "5");
    kr_jcl_time_slurm(730, out);
    assert_string_equal(out, "12:10");
    kr_jcl_time_slurm(30, out);
    assert_string_equal(out, "0:30");
    kr_jcl_time_slurm(KR_JCL_TIME_NOLIMIT, out);
    assert_string_equal(out, "UNLIMITED");
    /* On EXEC and JOB: checked when parsed, at the value. */
    kr_jcl_job *j = parse_ok("//J JOB ,TIME=(2,30)\n//S EXEC PGM=IEFBR14,TIME=(,45)\n");
    assert_string_equal(j->time, "(2,30)");
    assert_string_equal(j->steps[0]->time, "(,45)");
    kr_jcl_free(j);
    assert_error("//J JOB\n//S EXEC PGM=IEFBR14,TIME=(1,75)\n", "KRK1106E t.jcl:2:27: TIME=");
    assert_error("//J JOB ,TIME=FOREVER\n//S EXEC PGM=IEFBR14\n", "KRK1106E");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cond_table1),
        cmocka_unit_test(test_cond_table2),
        cmocka_unit_test(test_cond_users_guide_example),
        cmocka_unit_test(test_if_expressions),
        cmocka_unit_test(test_if_decided_once),
        cmocka_unit_test(test_walk_abend_bypasses_and_nesting),
        cmocka_unit_test(test_walk_restart),
        cmocka_unit_test(test_parse_statements),
        cmocka_unit_test(test_parse_continuation),
        cmocka_unit_test(test_parse_disp_defaults),
        cmocka_unit_test(test_parse_symbols_period_rules),
        cmocka_unit_test(test_parse_job_name_symbols),
        cmocka_unit_test(test_parse_procedures),
        cmocka_unit_test(test_parse_dd_overrides),
        cmocka_unit_test(test_parse_referbacks),
        cmocka_unit_test(test_parse_gdgorder),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_parse_bounded_nesting),
        cmocka_unit_test(test_time_parameter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
