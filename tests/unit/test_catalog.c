/* test_catalog.c: data set names and their files, the catalog's data sets, GDG roll-in,
 * roll-off, LIMIT, EMPTY/NOEMPTY, SCRATCH/NOSCRATCH, the wrap past G9999V00, reservations per
 * run (abandon, adopt), one transaction for a step's changes (killed with SIGKILL), the run
 * history, and the enqueue between two processes. */
#include "kiroku/catalog.h"
#include "unit.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct fx {
    char root[64];
    kr_catalog *c;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    snprintf(f->root, sizeof f->root, "/tmp/kiroku-cat-XXXXXX");
    if (!mkdtemp(f->root))
        return -1;
    kr_err err;
    f->c = kr_catalog_open(f->root, false, &err);
    if (!f->c) {
        print_error("%s\n", err.text);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    kr_catalog_close(f->c);
    char *cmd = kr_xasprintf("rm -rf '%s'", f->root);
    int rc = system(cmd);
    free(cmd);
    free(f);
    return rc == 0 ? 0 : -1;
}

static void touch(const char *root, const char *dsn)
{
    kr_err err;
    assert_true(kr_dsn_mkdir(root, dsn, &err));
    char *path = kr_dsn_path(root, dsn);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(dsn, fp);
    fclose(fp);
    free(path);
}

static bool exists(const char *root, const char *dsn)
{
    char *path = kr_dsn_path(root, dsn);
    bool r = access(path, F_OK) == 0;
    free(path);
    return r;
}

static void test_names(void **state)
{
    (void)state;
    char out[KR_DSN_MAX + 1];
    kr_err err;
    assert_true(kr_dsn_check("kokuho.master.@x#-1", out, &err));
    assert_string_equal(out, "KOKUHO.MASTER.@X#-1");
    assert_true(kr_dsn_check("ABCDEFGH.A1234567", out, &err));
    const char *bad[] = {"", "A..B", ".A", "A.", "1A.B", "A.-B", "ABCDEFGHI.B", "A.B%C",
                         "A2345678.B2345678.C2345678.D2345678.E2345678.F"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_false(kr_dsn_check(bad[i], out, &err));
        assert_memory_equal(err.text, "KRK1301E", 8);
        assert_int_equal(err.rc, KR_RC_ENV);
    }
    kr_dsref r;
    assert_true(kr_dsref_parse("a.b(+1)", &r, &err));
    assert_string_equal(r.name, "A.B");
    assert_true(r.relative);
    assert_int_equal(r.rel, 1);
    assert_true(kr_dsref_parse("A.B(-2)", &r, &err));
    assert_int_equal(r.rel, -2);
    assert_true(kr_dsref_parse("A.B(0)", &r, &err));
    assert_int_equal(r.rel, 0);
    assert_true(kr_dsref_parse("A.B", &r, &err));
    assert_false(r.relative);
    assert_false(kr_dsref_parse("A.B(MEMBER)", &r, &err));
    assert_false(kr_dsref_parse("A.B(1)", &r, &err));
    assert_false(kr_dsref_parse("A.B(+1", &r, &err));
    char base[KR_DSN_MAX + 1];
    unsigned gen;
    kr_gen_name("A.B", 7, out);
    assert_string_equal(out, "A.B.G0007V00");
    assert_true(kr_gen_split(out, base, &gen));
    assert_string_equal(base, "A.B");
    assert_int_equal(gen, 7);
    assert_false(kr_gen_split("A.B.G0007V01", base, &gen));
    assert_false(kr_gen_split("A.G0000V00", base, &gen));
    char *path = kr_dsn_path("/data", "KOKUHO.MASTER.G0001V00");
    assert_string_equal(path, "/data/KOKUHO/KOKUHO.MASTER.G0001V00");
    free(path);
}

/* A killed writer's temporary files beside a data set go; other files stay. */
static void test_remove_temps(void **state)
{
    fx *f = *state;
    const char *names[] = {".A.B.kiroku-1f2e.tmp", ".A.BC.kiroku-1.tmp", "A.B", ".A.B.kiroku-7.tmpx"};
    touch(f->root, "A.B");
    for (size_t i = 0; i < 4; i++) {
        char *path = kr_xasprintf("%s/A/%s", f->root, names[i]);
        FILE *fp = fopen(path, "w");
        assert_non_null(fp);
        fclose(fp);
        free(path);
    }
    kr_dsn_remove_temps(f->root, "A.B");
    for (size_t i = 0; i < 4; i++) {
        char *path = kr_xasprintf("%s/A/%s", f->root, names[i]);
        assert_int_equal(access(path, F_OK) == 0, i != 0);
        free(path);
    }
    kr_dsn_remove_temps(f->root, "NO.FOLDER");
}

static void test_datasets(void **state)
{
    fx *f = *state;
    kr_err err;
    kr_dsinfo d;
    assert_true(kr_ds_catalog(f->c, "kokuho.master", "nhi_shikaku", 0, &err));
    assert_int_equal(kr_ds_lookup(f->c, "KOKUHO.MASTER", &d, &err), 1);
    assert_string_equal(d.layout, "nhi_shikaku");
    assert_false(d.generation);
    assert_false(kr_ds_catalog(f->c, "KOKUHO.MASTER", NULL, 0, &err));
    assert_memory_equal(err.text, "KRK1321E", 8);
    assert_false(kr_ds_catalog(f->c, "A.G0001V00", NULL, 0, &err));
    touch(f->root, "KOKUHO.MASTER");
    assert_true(kr_ds_uncatalog(f->c, "KOKUHO.MASTER", &err));
    assert_int_equal(kr_ds_lookup(f->c, "KOKUHO.MASTER", &d, &err), 0);
    assert_true(exists(f->root, "KOKUHO.MASTER"));
    assert_false(kr_ds_uncatalog(f->c, "KOKUHO.MASTER", &err));
    assert_memory_equal(err.text, "KRK1322E", 8);
    assert_true(kr_ds_catalog(f->c, "KOKUHO.MASTER", NULL, 0, &err));
    assert_true(kr_ds_delete(f->c, "KOKUHO.MASTER", true, &err));
    assert_false(exists(f->root, "KOKUHO.MASTER"));
    /* A transaction that aborts leaves nothing, and removes no file. */
    touch(f->root, "A.B");
    assert_true(kr_catalog_begin(f->c, &err));
    assert_true(kr_ds_catalog(f->c, "A.B", NULL, 0, &err));
    assert_true(kr_ds_delete(f->c, "A.B", true, &err));
    assert_true(kr_ds_catalog(f->c, "A.C", NULL, 0, &err));
    kr_catalog_abort(f->c);
    assert_true(exists(f->root, "A.B"));
    assert_int_equal(kr_ds_lookup(f->c, "A.C", &d, &err), 0);
}

/* Creates generation (+1) of base for run, as the runner does: reserve, write, roll in. */
static void new_generation(fx *f, const char *base, uint64_t run, kr_buf *note)
{
    kr_err err;
    char dsn[KR_DSN_MAX + 1];
    assert_true(kr_gdg_reserve(f->c, base, run, dsn, &err));
    touch(f->root, dsn);
    if (!kr_gdg_roll_in(f->c, base, run, "lay", note, &err))
        fail_msg("%s", err.text);
}

static void test_gdg_roll(void **state)
{
    fx *f = *state;
    kr_err err;
    kr_gdg g;
    char dsn[KR_DSN_MAX + 1];
    assert_false(kr_gdg_define(f->c, "NHI.MONTHLY", 0, true, false, &err));
    assert_memory_equal(err.text, "KRK1332E", 8);
    assert_false(kr_gdg_define(f->c, "NHI.MONTHLY", 256, true, false, &err));
    assert_true(kr_gdg_define(f->c, "NHI.MONTHLY", 3, true, false, &err));
    assert_false(kr_gdg_define(f->c, "NHI.MONTHLY", 3, true, false, &err));
    assert_memory_equal(err.text, "KRK1331E", 8);
    assert_false(kr_gdg_resolve(f->c, "NHI.MONTHLY", 0, dsn, &err));
    assert_memory_equal(err.text, "KRK1335E", 8);
    kr_buf note;
    kr_buf_init(&note);
    for (uint64_t run = 1; run <= 3; run++)
        new_generation(f, "NHI.MONTHLY", run, &note);
    assert_int_equal(note.len, 0);
    assert_true(kr_gdg_resolve(f->c, "NHI.MONTHLY", 0, dsn, &err));
    assert_string_equal(dsn, "NHI.MONTHLY.G0003V00");
    assert_true(kr_gdg_resolve(f->c, "NHI.MONTHLY", -2, dsn, &err));
    assert_string_equal(dsn, "NHI.MONTHLY.G0001V00");
    assert_false(kr_gdg_resolve(f->c, "NHI.MONTHLY", -3, dsn, &err));
    /* The fourth rolls the oldest off; SCRATCH removes its file. */
    new_generation(f, "NHI.MONTHLY", 4, &note);
    assert_string_equal(note.data, "KRK1338I NHI.MONTHLY.G0001V00 rolled off GDG NHI.MONTHLY (SCRATCH: deleted)\n");
    assert_false(exists(f->root, "NHI.MONTHLY.G0001V00"));
    kr_dsinfo d;
    assert_int_equal(kr_ds_lookup(f->c, "NHI.MONTHLY.G0001V00", &d, &err), 0);
    assert_int_equal(kr_ds_lookup(f->c, "NHI.MONTHLY.G0004V00", &d, &err), 1);
    assert_true(d.generation);
    assert_string_equal(d.layout, "lay");
    assert_int_equal(d.run, 4);
    assert_int_equal(kr_gdg_get(f->c, "NHI.MONTHLY", &g, &err), 1);
    assert_int_equal(g.n, 3);
    assert_int_equal(g.gens[0], 2);
    assert_int_equal(g.gens[2], 4);
    /* DELETE of the base with generations needs FORCE. */
    assert_false(kr_gdg_delete(f->c, "NHI.MONTHLY", false, &err));
    assert_memory_equal(err.text, "KRK1333E", 8);
    /* Deleting a generation takes it out of its group. */
    assert_true(kr_ds_delete(f->c, "NHI.MONTHLY.G0003V00", true, &err));
    assert_int_equal(kr_gdg_get(f->c, "NHI.MONTHLY", &g, &err), 1);
    assert_int_equal(g.n, 2);
    assert_true(kr_gdg_delete(f->c, "NHI.MONTHLY", true, &err));
    assert_false(exists(f->root, "NHI.MONTHLY.G0004V00"));
    assert_int_equal(kr_gdg_get(f->c, "NHI.MONTHLY", &g, &err), 0);
    assert_int_equal(kr_ds_lookup(f->c, "NHI.MONTHLY.G0004V00", &d, &err), 0);
    kr_buf_free(&note);
}

static void test_gdg_empty_noscratch(void **state)
{
    fx *f = *state;
    kr_err err;
    kr_gdg g;
    kr_buf note;
    kr_buf_init(&note);
    assert_true(kr_gdg_define(f->c, "E.G", 2, false, true, &err));
    for (uint64_t run = 1; run <= 3; run++)
        new_generation(f, "E.G", run, &note);
    /* EMPTY: at the limit every older generation rolls off; NOSCRATCH keeps the files. */
    assert_int_equal(kr_gdg_get(f->c, "E.G", &g, &err), 1);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.gens[0], 3);
    assert_true(exists(f->root, "E.G.G0001V00"));
    assert_true(exists(f->root, "E.G.G0002V00"));
    assert_non_null(strstr(note.data, "E.G.G0001V00 rolled off GDG E.G (NOSCRATCH"));
    assert_non_null(strstr(note.data, "E.G.G0002V00 rolled off"));
    kr_buf_free(&note);
}

static void test_gdg_reservations(void **state)
{
    fx *f = *state;
    kr_err err;
    char a[KR_DSN_MAX + 1], b[KR_DSN_MAX + 1];
    kr_resolved r;
    assert_true(kr_gdg_define(f->c, "R.G", 5, true, false, &err));
    /* Every (+1) of one run is the same generation; another run gets the next. */
    assert_true(kr_catalog_resolve(f->c, "R.G(+1)", 10, &r, &err));
    assert_true(r.is_new);
    assert_string_equal(r.dsn, "R.G.G0001V00");
    assert_true(kr_gdg_reserve(f->c, "R.G", 10, a, &err));
    assert_string_equal(a, "R.G.G0001V00");
    assert_true(kr_gdg_reserve(f->c, "R.G", 11, b, &err));
    assert_string_equal(b, "R.G.G0002V00");
    assert_false(kr_catalog_resolve(f->c, "R.G", 10, &r, &err));
    assert_memory_equal(err.text, "KRK1302E", 8);
    assert_true(kr_catalog_resolve(f->c, "R.OTHER", 10, &r, &err));
    assert_string_equal(r.dsn, "R.OTHER");
    assert_false(r.generation);
    assert_false(kr_catalog_resolve(f->c, "R.G(+2)", 10, &r, &err));
    assert_memory_equal(err.text, "KRK1336E", 8);
    /* Roll-in needs the file in place. */
    assert_false(kr_gdg_roll_in(f->c, "R.G", 10, NULL, NULL, &err));
    assert_memory_equal(err.text, "KRK1337E", 8);
    /* Abandon drops run 10's reservation; its number is not given out again. */
    assert_true(kr_gdg_abandon(f->c, 10, &err));
    unsigned gen;
    assert_true(kr_gdg_reserved(f->c, "R.G", 10, &gen, &err));
    assert_int_equal(gen, 0);
    assert_false(kr_gdg_roll_in(f->c, "R.G", 10, NULL, NULL, &err));
    assert_memory_equal(err.text, "KRK1339E", 8);
    /* A restart (run 12 of run 11) adopts the reservation: the same generation. */
    assert_true(kr_gdg_adopt(f->c, 11, 12, &err));
    assert_true(kr_gdg_reserve(f->c, "R.G", 12, a, &err));
    assert_string_equal(a, "R.G.G0002V00");
    touch(f->root, a);
    assert_true(kr_gdg_roll_in(f->c, "R.G", 12, NULL, NULL, &err));
    assert_true(kr_catalog_resolve(f->c, "R.G(0)", 13, &r, &err));
    assert_string_equal(r.dsn, "R.G.G0002V00");
    assert_false(r.is_new);
    assert_true(kr_gdg_reserve(f->c, "R.G", 13, a, &err));
    assert_string_equal(a, "R.G.G0003V00");
}

static void test_gdg_wrap(void **state)
{
    fx *f = *state;
    kr_err err;
    kr_gdg g;
    assert_true(kr_gdg_define(f->c, "W.G", 2, true, false, &err));
    /* Numbers 1-9996 go to runs that never roll them in (one transaction: quick). */
    assert_true(kr_catalog_begin(f->c, &err));
    for (uint64_t run = 1; run < 9997; run++) {
        char dsn[KR_DSN_MAX + 1];
        assert_true(kr_gdg_reserve(f->c, "W.G", run, dsn, &err));
    }
    assert_true(kr_catalog_commit(f->c, &err));
    new_generation(f, "W.G", 9997, NULL);
    new_generation(f, "W.G", 9998, NULL);
    assert_int_equal(kr_gdg_get(f->c, "W.G", &g, &err), 1);
    assert_int_equal(g.last, 9998);
    assert_true(kr_gdg_abandon(f->c, 1, &err));
    new_generation(f, "W.G", 20000, NULL);
    new_generation(f, "W.G", 20001, NULL);
    char dsn[KR_DSN_MAX + 1];
    assert_true(kr_gdg_resolve(f->c, "W.G", 0, dsn, &err));
    assert_string_equal(dsn, "W.G.G0001V00");
    assert_true(kr_gdg_resolve(f->c, "W.G", -1, dsn, &err));
    assert_string_equal(dsn, "W.G.G9999V00");
}

static void test_runs(void **state)
{
    fx *f = *state;
    kr_err err;
    kr_run r = {.start = 1000, .restart_of = 0};
    snprintf(r.job, sizeof r.job, "NHIDAILY");
    snprintf(r.jcl, sizeof r.jcl, "jcl/daily.jcl");
    snprintf(r.date, sizeof r.date, "2026-12-04");
    snprintf(r.user, sizeof r.user, "operator");
    uint64_t id1, id2;
    assert_true(kr_run_begin(f->c, &r, &id1, &err));
    assert_true(kr_run_begin(f->c, &r, &id2, &err));
    assert_int_equal(id1, 1);
    assert_int_equal(id2, 2);
    kr_run_dd dds[2] = {{"SORTIN", "NHI.IN", false, 3, ""}, {"SORTOUT", "NHI.OUT.G0001V00", true, 3, "ab12"}};
    kr_run_step s = {"SORT1", "SORT", true, 0, "", 125, 2, dds};
    kr_run_step s2 = {"CHECK", "KRSETRC", true, 0, "U0100", 7, 0, NULL};
    assert_true(kr_catalog_begin(f->c, &err));
    assert_true(kr_run_add_step(f->c, id1, &s, &err));
    assert_true(kr_run_add_step(f->c, id1, &s2, &err));
    assert_true(kr_catalog_commit(f->c, &err));
    assert_true(kr_run_end(f->c, id1, 0, "U0100", 1010, &err));
    assert_false(kr_run_add_step(f->c, 99, &s, &err));
    assert_memory_equal(err.text, "KRK1351E", 8);
    kr_run got;
    assert_int_equal(kr_run_get(f->c, id1, &got, &err), 1);
    assert_string_equal(got.job, "NHIDAILY");
    assert_string_equal(got.jcl, "jcl/daily.jcl");
    assert_string_equal(got.abend, "U0100");
    assert_int_equal(got.end, 1010);
    assert_int_equal(got.n_steps, 2);
    assert_string_equal(got.steps[0].name, "SORT1");
    assert_int_equal(got.steps[0].n_dds, 2);
    assert_string_equal(got.steps[0].dds[1].dsn, "NHI.OUT.G0001V00");
    assert_true(got.steps[0].dds[1].output);
    assert_string_equal(got.steps[0].dds[1].sha256, "ab12");
    assert_int_equal(got.steps[0].dds[0].records, 3);
    assert_string_equal(got.steps[1].abend, "U0100");
    kr_run_free(&got);
    assert_int_equal(kr_run_get(f->c, 5, &got, &err), 0);
    kr_run *runs;
    size_t n;
    assert_true(kr_run_list(f->c, &runs, &n, &err));
    assert_int_equal(n, 2);
    assert_int_equal(runs[1].id, 2);
    assert_int_equal(runs[1].end, 0);
    kr_runs_free(runs, n);
}

static void test_digest(void **state)
{
    fx *f = *state;
    kr_err err;
    char *path = kr_xasprintf("%s/abc", f->root);
    FILE *fp = fopen(path, "w");
    fputs("abc", fp);
    fclose(fp);
    char hex[65];
    assert_true(kr_sha256_file(path, hex, &err));
    /* FIPS 180-2's example. */
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    free(path);
}

/* The enqueue: a child holds A.B exclusively; we are refused without waiting, with its pid
 * and job in the message; shared holders do not exclude each other. */
static void test_enqueue(void **state)
{
    fx *f = *state;
    int ready[2], go[2];
    assert_int_equal(pipe(ready), 0);
    assert_int_equal(pipe(go), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        kr_err err;
        kr_enq_req reqs[] = {{"A.B", true}, {"S.R", false}};
        kr_enq *q = kr_enq_acquire(f->root, reqs, 2, "HOLDER", false, NULL, &err);
        char ch = q ? 'y' : 'n';
        if (write(ready[1], &ch, 1) != 1 || read(go[0], &ch, 1) != 1)
            _exit(2);
        kr_enq_release(q);
        _exit(0);
    }
    char ch;
    assert_int_equal(read(ready[0], &ch, 1), 1);
    assert_int_equal(ch, 'y');
    kr_err err;
    kr_enq_req ex = {"a.b", false};
    assert_null(kr_enq_acquire(f->root, &ex, 1, "ME", false, NULL, &err));
    char want[128];
    snprintf(want, sizeof want, "KRK1342E A.B is in use (wanted shared): held by job HOLDER, pid %ld", (long)pid);
    assert_memory_equal(err.text, want, strlen(want));
    kr_enq_req sh = {"S.R", false};
    kr_enq *q = kr_enq_acquire(f->root, &sh, 1, "ME", false, NULL, &err);
    assert_non_null(q);
    kr_enq_release(q);
    kr_enq_req sx = {"S.R", true};
    assert_null(kr_enq_acquire(f->root, &sx, 1, "ME", false, NULL, &err));
    /* With wait: we wait until the holder lets go. */
    assert_int_equal(write(go[1], "x", 1), 1);
    FILE *log = tmpfile();
    kr_enq_req both[] = {{"A.B", true}, {"A.B", false}};
    q = kr_enq_acquire(f->root, both, 2, "ME", true, log, &err);
    assert_non_null(q);
    kr_enq_release(q);
    fclose(log);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    close(ready[0]), close(ready[1]), close(go[0]), close(go[1]);
}

/* A second process cannot open the catalog while we hold it (no wait). */
static void test_catalog_busy(void **state)
{
    fx *f = *state;
    pid_t pid = fork();
    if (pid == 0) {
        kr_err err;
        kr_catalog *c = kr_catalog_open(f->root, false, &err);
        _exit(!c && strncmp(err.text, "KRK1311E", 8) == 0 ? 0 : 1);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* A step's end in one transaction: two roll-ins and the step's history. A child repeats it
 * until it is killed with SIGKILL; after recovery the runs with a recorded step are exactly
 * the runs whose generations both groups hold. */
static void step_end_loop(const char *root)
{
    kr_err err;
    kr_catalog *c = kr_catalog_open(root, true, &err);
    if (!c)
        _exit(3);
    for (;;) {
        kr_run r = {.start = 1};
        snprintf(r.job, sizeof r.job, "LOOP");
        uint64_t run;
        char a[KR_DSN_MAX + 1], b[KR_DSN_MAX + 1];
        if (!kr_run_begin(c, &r, &run, &err) || !kr_gdg_reserve(c, "K.A", run, a, &err) ||
            !kr_gdg_reserve(c, "K.B", run, b, &err))
            _exit(4);
        touch(root, a);
        touch(root, b);
        kr_run_step s = {"S1", "IEFBR14", true, 0, "", 1, 0, NULL};
        if (!kr_catalog_begin(c, &err) || !kr_gdg_roll_in(c, "K.A", run, NULL, NULL, &err) ||
            !kr_gdg_roll_in(c, "K.B", run, NULL, NULL, &err) || !kr_run_add_step(c, run, &s, &err) ||
            !kr_catalog_commit(c, &err))
            _exit(5);
    }
}

/* The runs whose generations group base holds, as a bitmap over run ids below 4096. */
static void runs_of(kr_catalog *c, const char *base, unsigned char *seen)
{
    kr_err err;
    kr_gdg g;
    assert_int_equal(kr_gdg_get(c, base, &g, &err), 1);
    for (size_t i = 0; i < g.n; i++) {
        char name[KR_DSN_MAX + 1];
        kr_dsinfo d;
        kr_gen_name(base, g.gens[i], name);
        assert_int_equal(kr_ds_lookup(c, name, &d, &err), 1);
        assert_true(d.run < 4096);
        seen[d.run] = 1;
        assert_true(exists(kr_catalog_root(c), name));
    }
}

static void test_step_end_killed(void **state)
{
    fx *f = *state;
    kr_err err;
    assert_true(kr_gdg_define(f->c, "K.A", 255, false, false, &err));
    assert_true(kr_gdg_define(f->c, "K.B", 255, false, false, &err));
    kr_catalog_close(f->c);
    f->c = NULL;
    size_t committed = 0;
    for (int round = 0; round < 3; round++) {
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0)
            step_end_loop(f->root);
        usleep(150000 + 70000 * (useconds_t)round);
        kill(pid, SIGKILL);
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        f->c = kr_catalog_open(f->root, false, &err);
        assert_non_null(f->c);
        static unsigned char in_a[4096], in_b[4096], stepped[4096];
        memset(in_a, 0, sizeof in_a), memset(in_b, 0, sizeof in_b), memset(stepped, 0, sizeof stepped);
        runs_of(f->c, "K.A", in_a);
        runs_of(f->c, "K.B", in_b);
        kr_run *runs;
        size_t n;
        assert_true(kr_run_list(f->c, &runs, &n, &err));
        size_t with_step = 0;
        for (size_t i = 0; i < n; i++) {
            kr_run r;
            assert_int_equal(kr_run_get(f->c, runs[i].id, &r, &err), 1);
            assert_true(r.n_steps <= 1 && r.id < 4096);
            stepped[r.id] = (unsigned char)r.n_steps;
            with_step += r.n_steps;
            kr_run_free(&r);
        }
        kr_runs_free(runs, n);
        /* Every generation belongs to a run whose step was recorded, and the newest 255 such
         * runs (LIMIT(255): older ones rolled off, NOSCRATCH) have theirs in both groups. */
        size_t newest = 0;
        for (size_t id = 4096; id-- > 0;) {
            if (in_a[id] || in_b[id])
                assert_true(stepped[id]);
            if (stepped[id] && newest++ < 255) {
                assert_true(in_a[id]);
                assert_true(in_b[id]);
            }
        }
        assert_true(with_step >= committed);
        committed = with_step;
        kr_catalog_close(f->c);
        f->c = NULL;
    }
    /* The loop got somewhere: a test that never commits proves nothing. */
    assert_true(committed > 0);
}

/* Which IDCAMS statements change the catalog (the permission 'catalog'), and their text
 * for the audit log. */
static void idcams_changes_is(const char *sysin, bool changes, const char *what)
{
    kr_buf b;
    kr_buf_init(&b);
    assert_int_equal(kr_idcams_changes(sysin, strlen(sysin), "SYSIN", &b), changes);
    assert_string_equal(b.len ? b.data : "", what);
    kr_buf_free(&b);
}

static void test_idcams_changes(void **state)
{
    (void)state;
    idcams_changes_is("  LISTCAT LEVEL(KR) ALL\n  SET MAXCC=0\n", false, "");
    idcams_changes_is("  LISTC\n/* a comment */\n", false, "");
    idcams_changes_is("  DEFINE GDG (NAME(KR.G) -\n      LIMIT(3))\n", true, "DEFINE GDG (NAME(KR.G) - LIMIT(3))");
    idcams_changes_is("  LISTCAT\n  DEL KR.A\n  DELETE (KR.B KR.C) FORCE\n", true, "DEL KR.A; DELETE (KR.B KR.C) FORCE");
    idcams_changes_is("  ALTER KR.A NEWNAME(KR.B)\n", true, "ALTER KR.A NEWNAME(KR.B)");
    idcams_changes_is("  DEFINE GDG (NAME(KR.G)\n", false, ""); /* a syntax error runs nothing */
    idcams_changes_is("", false, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_idcams_changes),
        cmocka_unit_test_setup_teardown(test_datasets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_remove_temps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gdg_roll, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gdg_empty_noscratch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gdg_reservations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gdg_wrap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_runs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_digest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_enqueue, setup, teardown),
        cmocka_unit_test_setup_teardown(test_catalog_busy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_step_end_killed, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
