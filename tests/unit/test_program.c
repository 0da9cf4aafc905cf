/* test_program.c: the program contract: PARM as IBM's utilities write it, DDs bound to a
 * step, the step's description written and read back, and the small programs (KRSETRC,
 * IEFBR14, IEBGENER) run through the one door. */
#include "unit.h"

#include "kiroku/program.h"

#include <unistd.h>

/* ---- PARM ------------------------------------------------------------------------------ */

typedef struct parm_case {
    const char *text;
    bool ok;
    size_t n;
    const char *key0, *value0; /* value0 NULL: a bare keyword */
    const char *why;
} parm_case;

static const parm_case parm_cases[] = {
    {"", true, 0, NULL, NULL, "no PARM"},
    {"RC=4", true, 1, "RC", "4", "one keyword and value"},
    {"UPDATE,MAXLISTED=5", true, 2, "UPDATE", NULL, "a bare keyword first"},
    {"GAIJI='a,b'", true, 1, "GAIJI", "a,b", "a quoted value keeps its comma"},
    {"GAIJI='it''s'", true, 1, "GAIJI", "it's", "'' is a quote inside quotes (JCL's rule)"},
    {"A=", true, 1, "A", "", "an empty value"},
    {"A,", false, 0, NULL, NULL, "a trailing comma"},
    {",A", false, 0, NULL, NULL, "an empty first item"},
    {"A='x", false, 0, NULL, NULL, "an unclosed quote"},
    {"A='x'B", false, 0, NULL, NULL, "text after a closing quote"},
};

static void test_parm_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof parm_cases / sizeof parm_cases[0]; i++) {
        const parm_case *c = &parm_cases[i];
        kr_parm p;
        kr_err err;
        bool ok = kr_parm_parse(c->text, &p, &err);
        if (ok != c->ok)
            fail_msg("PARM '%s' (%s): parsed %d, expected %d", c->text, c->why, ok, c->ok);
        if (!ok) {
            assert_non_null(strstr(err.text, "KRK1205E"));
            continue;
        }
        assert_int_equal(p.n, c->n);
        if (c->n) {
            assert_string_equal(p.items[0].key, c->key0);
            if (c->value0)
                assert_string_equal(p.items[0].value, c->value0);
            else
                assert_null(p.items[0].value);
        }
        kr_parm_free(&p);
    }
}

static void test_parm_use(void **state)
{
    (void)state;
    kr_parm p;
    kr_err err;
    assert_true(kr_parm_parse("maxlisted=7,TRUNCATE,SPEED=9", &p, &err));
    uint64_t n = 0;
    assert_true(kr_parm_count(&p, "MAXLISTED", 1, 100, &n, &err));
    assert_int_equal(n, 7);
    assert_true(kr_parm_flag(&p, "truncate"));
    assert_false(kr_parm_flag(&p, "REPLACE"));
    assert_false(kr_parm_all_used(&p, "CONVERT", &err));
    assert_non_null(strstr(err.text, "KRK1204E"));
    assert_non_null(strstr(err.text, "SPEED"));
    assert_false(kr_parm_count(&p, "SPEED", 1, 5, &n, &err));
    assert_non_null(strstr(err.text, "from 1 to 5"));
    assert_true(kr_parm_all_used(&p, "CONVERT", &err));
    kr_parm_free(&p);
}

/* ---- DDs ------------------------------------------------------------------------------- */

static void test_dd_binding(void **state)
{
    (void)state;
    kr_step s;
    kr_step_init(&s, "STEP1", "SORT");
    kr_err err;
    assert_true(kr_step_add_dd_spec(&s, "sortout=out.dat,layout=juki,terminator=crlf", &err));
    assert_true(kr_step_add_dd_spec(&s, "SORTXSUM=x.dat,lrecl=80,terminator=none", &err));
    assert_false(kr_step_add_dd_spec(&s, "BAD=x,lrecl=0", &err));
    assert_non_null(strstr(err.text, "KRK1208E"));
    assert_false(kr_step_add_dd_spec(&s, "=x", &err));
    const kr_dd_bind *d = kr_step_dd(&s, "SORTOUT");
    assert_non_null(d);
    assert_string_equal(d->paths[0], "out.dat");
    assert_string_equal(d->layout, "juki");
    assert_int_equal(d->terminator, KR_TERM_CRLF);
    d = kr_step_dd(&s, "sortxsum");
    assert_int_equal(d->lrecl, 80);
    assert_int_equal(d->terminator, KR_TERM_NONE);
    kr_dd_bind *in = kr_step_add_dd(&s, "SORTIN", "a");
    kr_dd_add_path(in, "b");
    assert_null(kr_step_dd_path(&s, "SORTIN", &err));
    assert_non_null(strstr(err.text, "KRK1203E"));
    assert_null(kr_step_dd_path(&s, "SYSIN", &err));
    assert_non_null(strstr(err.text, "KRK1202E"));
    kr_step_add_dd(&s, "NOTHING", NULL)->dummy = true;
    assert_string_equal(kr_step_dd_path(&s, "NOTHING", &err), "/dev/null");
    kr_step_free(&s);
}

/* ---- the step's description ------------------------------------------------------------ */

static void test_step_file_round_trip(void **state)
{
    (void)state;
    char dir[] = "/tmp/kiroku-step-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = kr_xasprintf("%s/step", dir);
    kr_step s;
    kr_step_init(&s, "STEP 1%", "SORT");
    free(s.parm);
    s.parm = kr_xstrdup("GAIJI='a b',X");
    s.run_date = 20261205;
    s.memory = 1u << 30;
    s.threads = 2;
    s.no_timing = true;
    s.tmpdir = kr_xstrdup("/tmp/work dir");
    kr_dd_bind *in = kr_step_add_dd(&s, "SORTIN", "/d/a");
    kr_dd_add_path(in, "/d/b\nc");
    in->layout = kr_xstrdup("juki");
    in->lrecl = 80;
    in->terminator = KR_TERM_CRLF;
    kr_dd_bind *sysin = kr_step_add_dd(&s, "SYSIN", NULL);
    sysin->text = kr_xstrdup(" SORT FIELDS=(1,10,CH,A)\n");
    sysin->text_len = strlen(sysin->text);
    sysin->label = kr_xstrdup("JOB.STEP1.SYSIN");
    kr_step_add_dd(&s, "SORTOUT", NULL)->dummy = true;
    kr_err err;
    assert_true(kr_step_save(&s, path, &err));
    kr_step r;
    if (!kr_step_load(&r, path, &err))
        fail_msg("%s", err.text);
    assert_string_equal(r.name, "STEP 1%");
    assert_string_equal(r.program, "SORT");
    assert_string_equal(r.parm, "GAIJI='a b',X");
    assert_int_equal(r.run_date, 20261205);
    assert_int_equal(r.memory, 1u << 30);
    assert_int_equal(r.threads, 2);
    assert_true(r.no_timing);
    assert_string_equal(r.tmpdir, "/tmp/work dir");
    assert_int_equal(r.n_dds, 3);
    assert_int_equal(r.dds[0].n_paths, 2);
    assert_string_equal(r.dds[0].paths[1], "/d/b\nc");
    assert_string_equal(r.dds[0].layout, "juki");
    assert_int_equal(r.dds[0].lrecl, 80);
    assert_int_equal(r.dds[0].terminator, KR_TERM_CRLF);
    assert_int_equal(r.dds[1].text_len, s.dds[1].text_len);
    assert_memory_equal(r.dds[1].text, s.dds[1].text, s.dds[1].text_len);
    assert_string_equal(r.dds[1].label, "JOB.STEP1.SYSIN");
    assert_true(r.dds[2].dummy);
    kr_step_free(&r);
    kr_step_free(&s);

    /* A description cut short is refused, not half taken. */
    FILE *f = fopen(path, "w");
    fputs("KIROKU-STEP 1\nname X\nprogram SORT\n", f);
    fclose(f);
    assert_false(kr_step_load(&r, path, &err));
    assert_non_null(strstr(err.text, "KRK1221E"));
    unlink(path);
    rmdir(dir);
    free(path);
}

/* ---- the small programs ---------------------------------------------------------------- */

static int run_parm(const char *program, const char *parm, char *abend)
{
    kr_step s;
    kr_step_init(&s, "T", program);
    free(s.parm);
    s.parm = kr_xstrdup(parm);
    FILE *null = fopen("/dev/null", "w");
    s.msg = s.sysout = null;
    int rc = kr_program_run(&s);
    if (abend)
        strcpy(abend, s.abend);
    fclose(null);
    kr_step_free(&s);
    return rc;
}

static void test_krsetrc(void **state)
{
    (void)state;
    char abend[8];
    assert_int_equal(run_parm("KRSETRC", "RC=6", abend), 6);
    assert_string_equal(abend, "");
    assert_int_equal(run_parm("krsetrc", "", abend), 0);
    assert_int_equal(run_parm("KRSETRC", "RC=4095", NULL), 4095);
    assert_int_equal(run_parm("KRSETRC", "RC=4096", NULL), 16);
    run_parm("KRSETRC", "ABEND=U0100", abend);
    assert_string_equal(abend, "U0100");
    run_parm("KRSETRC", "ABEND=s0c7", abend);
    assert_string_equal(abend, "S0C7");
    assert_int_equal(run_parm("KRSETRC", "ABEND=U5000", abend), 16);
    assert_string_equal(abend, "");
    assert_int_equal(run_parm("IEFBR14", "", NULL), 0);
    assert_int_equal(run_parm("NOSUCH", "", NULL), 16);
}

static void test_iebgener(void **state)
{
    (void)state;
    char dir[] = "/tmp/kiroku-gener-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *a = kr_xasprintf("%s/a", dir), *b = kr_xasprintf("%s/b", dir), *out = kr_xasprintf("%s/out", dir);
    const char *la[] = {"one", "two"}, *lb[] = {"three"};
    unit_write_records(a, la, 2, 5);
    unit_write_records(b, lb, 1, 5);
    kr_step s;
    kr_step_init(&s, "COPY", "IEBGENER");
    FILE *null = fopen("/dev/null", "w");
    s.msg = s.sysout = null;
    kr_dd_bind *in = kr_step_add_dd(&s, "SYSUT1", a);
    kr_dd_add_path(in, b);
    in->lrecl = 5;
    kr_step_add_dd(&s, "SYSUT2", out);
    kr_step_add_dd(&s, "SYSIN", NULL)->dummy = true;
    assert_int_equal(kr_program_run(&s), 0);
    char *got = unit_slurp(out);
    assert_string_equal(got, "one  \ntwo  \nthree\n");
    free(got);
    kr_step_free(&s);

    /* SYSUT1 DD *: the in-stream lines are copied. */
    unlink(out);
    kr_step_init(&s, "NOTE", "IEBGENER");
    s.msg = s.sysout = null;
    kr_dd_bind *note = kr_step_add_dd(&s, "SYSUT1", NULL);
    note->text = kr_xstrdup("REJECTED CITY 02\n");
    note->text_len = strlen(note->text);
    kr_step_add_dd(&s, "SYSUT2", out);
    assert_int_equal(kr_program_run(&s), 0);
    got = unit_slurp(out);
    assert_string_equal(got, "REJECTED CITY 02\n");
    free(got);
    kr_step_free(&s);

    /* A record cut short stops the copy and leaves no output. */
    unlink(out);
    FILE *f = fopen(b, "w");
    fputs("thr", f);
    fclose(f);
    kr_step_init(&s, "COPY", "IEBGENER");
    s.msg = s.sysout = null;
    in = kr_step_add_dd(&s, "SYSUT1", a);
    kr_dd_add_path(in, b);
    in->lrecl = 5;
    kr_step_add_dd(&s, "SYSUT2", out);
    assert_int_equal(kr_program_run(&s), 12);
    assert_int_not_equal(access(out, F_OK), 0);
    kr_step_free(&s);
    fclose(null);
    unlink(a);
    unlink(b);
    rmdir(dir);
    free(a);
    free(b);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parm_cases),       cmocka_unit_test(test_parm_use),
        cmocka_unit_test(test_dd_binding),       cmocka_unit_test(test_step_file_round_trip),
        cmocka_unit_test(test_krsetrc),          cmocka_unit_test(test_iebgener),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
