/* test_slurm.c: the Slurm step backend's parts that need no cluster: REGION= as --mem,
 * sbatch's command line, the batch script (run here with sh and a fake kiroku), squeue's
 * answers, the watch that believes an end only after two answers, hopeless pending
 * reasons, the abend of a job that ended without a word, and the outcome of a step. */
#include "unit.h"

#include "run/slurm.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void test_mem(void **state)
{
    (void)state;
    char m[32];
    assert_false(kr_slurm_mem(NULL, 0, m));
    assert_true(kr_slurm_mem("0M", 0, m));
    assert_string_equal(m, "0");
    assert_true(kr_slurm_mem("64M", 64u << 20, m));
    assert_string_equal(m, "64M");
    assert_true(kr_slurm_mem("1500K", 1500u * 1024, m));
    assert_string_equal(m, "2M"); /* rounded up: never less than asked */
}

static bool has_arg(char **argv, const char *want)
{
    for (size_t i = 0; argv[i]; i++)
        if (strcmp(argv[i], want) == 0)
            return true;
    return false;
}

static void test_sbatch_argv(void **state)
{
    (void)state;
    kr_run_task t = {.label = "SORT1.STEP2", .no = 7, .region = "2G", .memory = (size_t)2 << 30, .cores = 4,
                     .time_limit = 12 * 60 + 10};
    kr_slurm_submit s = {"DAILY", 12, "batch", "city01", "/srv", "/srv/s.sh", "/srv/s.out"};
    char **argv = kr_slurm_sbatch_argv(&s, &t);
    assert_string_equal(argv[0], "sbatch");
    assert_true(has_arg(argv, "--parsable"));
    assert_true(has_arg(argv, "--no-requeue"));
    assert_true(has_arg(argv, "--job-name=DAILY.SORT1.STEP2"));
    assert_true(has_arg(argv, "--partition=batch"));
    assert_true(has_arg(argv, "--account=city01"));
    assert_true(has_arg(argv, "--mem=2048M"));
    assert_true(has_arg(argv, "--cpus-per-task=4"));
    assert_true(has_arg(argv, "--time=12:10"));
    assert_true(has_arg(argv, "--chdir=/srv"));
    size_t n = 0;
    while (argv[n])
        n++;
    assert_string_equal(argv[n - 1], "/srv/s.sh");
    kr_slurm_argv_free(argv);
    /* Nothing asked: no --mem, no --cpus-per-task, no partition or account. */
    kr_run_task plain = {.label = "S", .no = 1};
    kr_slurm_submit bare = {"J", 1, NULL, NULL, "/", "/s.sh", "/s.out"};
    argv = kr_slurm_sbatch_argv(&bare, &plain);
    for (size_t i = 0; argv[i]; i++) {
        assert_null(strstr(argv[i], "--mem"));
        assert_null(strstr(argv[i], "--cpus"));
        assert_null(strstr(argv[i], "--partition"));
        assert_null(strstr(argv[i], "--account"));
        assert_null(strstr(argv[i], "--time"));
    }
    kr_slurm_argv_free(argv);
}

/* Runs a batch script whose kiroku is a shell script that prints its arguments, writes the
 * result `result` and exits with `exit_status`. */
static int run_script(const char *dir, const char *result, int exit_status, char **end_text)
{
    char *fake = kr_xasprintf("%s/fake kiroku's", dir); /* a space and a quote in the path */
    FILE *f = fopen(fake, "w");
    assert_non_null(f);
    fprintf(f, "#!/bin/sh\necho \"$1 ${KIROKU_JOB-unset}\"\n%s%s%s%s\nexit %d\n", *result ? "echo '" : "", result,
            *result ? "' > \"$3\"" : "", "", exit_status);
    fclose(f);
    chmod(fake, 0755);
    kr_run_task t = {.label = "STEP1", .no = 1};
    char *stepfile = kr_xasprintf("%s/step", dir), *resultfile = kr_xasprintf("%s/result", dir),
         *sysout = kr_xasprintf("%s/sysout", dir), *msgs = kr_xasprintf("%s/msgs", dir),
         *end = kr_xasprintf("%s/end", dir), *script = kr_xasprintf("%s/script.sh", dir);
    t.stepfile = stepfile;
    t.resultfile = resultfile;
    t.sysout = sysout;
    t.msgs = msgs;
    unlink(resultfile);
    unlink(end);
    kr_buf b;
    kr_buf_init(&b);
    kr_slurm_script(&b, fake, "JOB", &t, end);
    f = fopen(script, "w");
    fwrite(b.data, 1, b.len, f);
    fclose(f);
    kr_buf_free(&b);
    char *cmd = kr_xasprintf("env -u KIROKU_JOB sh '%s'", script);
    int status = system(cmd);
    *end_text = unit_slurp(end);
    char *listing = unit_slurp(sysout);
    /* the listing went to the spool; the step knew its job's name (its audit entries) */
    assert_string_equal(listing, "exec-step JOB\n");
    free(listing);
    free(cmd);
    free(fake);
    free(stepfile);
    free(resultfile);
    free(sysout);
    free(msgs);
    free(end);
    free(script);
    return WEXITSTATUS(status);
}

/* A job array's script: task k runs the k-th step and writes the k-th end file only. */
static void test_array_script(void **state)
{
    (void)state;
    const char *tmpdir = getenv("TMPDIR");
    char *dir = kr_xasprintf("%s/kiroku-slurm-array.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    assert_non_null(mkdtemp(dir));
    char *fake = kr_xasprintf("%s/fake", dir);
    FILE *f = fopen(fake, "w");
    fprintf(f, "#!/bin/sh\necho \"$2 ${KIROKU_JOB-unset}\"\necho 'rc 4' > \"$3\"\nexit 4\n");
    fclose(f);
    chmod(fake, 0755);
    kr_run_task t[2];
    char *files[2][5];
    const char *ends[2];
    for (int i = 0; i < 2; i++) {
        for (int k = 0; k < 5; k++)
            files[i][k] = kr_xasprintf("%s/%d.%d", dir, i + 1, k);
        t[i] = (kr_run_task){.label = "R", .stepfile = files[i][0], .resultfile = files[i][1], .sysout = files[i][2],
                             .msgs = files[i][3]};
        ends[i] = files[i][4];
    }
    kr_buf b;
    kr_buf_init(&b);
    kr_slurm_array_script(&b, fake, "JOB", t, ends, 2);
    char *script = kr_xasprintf("%s/array.sh", dir);
    f = fopen(script, "w");
    fwrite(b.data, 1, b.len, f);
    fclose(f);
    kr_buf_free(&b);
    char *cmd = kr_xasprintf("env -u KIROKU_JOB SLURM_ARRAY_TASK_ID=2 sh '%s'", script);
    assert_int_equal(WEXITSTATUS(system(cmd)), 0);
    char *end = unit_slurp(files[1][4]), *listing = unit_slurp(files[1][2]);
    assert_string_equal(end, "status 4\ncancelled 0\n");
    char *want = kr_xasprintf("%s JOB\n", files[1][0]); /* and it knew its job's name */
    assert_string_equal(listing, want); /* task 2 ran step 2 (and wrote result 2: its end says rc 4) */
    free(want);
    free(end);
    free(listing);
    assert_int_equal(access(files[0][4], F_OK), -1); /* task 1's end is not written */
    free(cmd);
    cmd = kr_xasprintf("SLURM_ARRAY_TASK_ID=3 sh '%s' 2> /dev/null", script);
    assert_int_equal(WEXITSTATUS(system(cmd)), 1); /* no such task */
    free(cmd);
    for (int i = 0; i < 2; i++)
        for (int k = 0; k < 5; k++)
            free(files[i][k]);
    cmd = kr_xasprintf("rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(script);
    free(fake);
    free(dir);
}

static void test_script(void **state)
{
    (void)state;
    const char *tmpdir = getenv("TMPDIR");
    char *dir = kr_xasprintf("%s/kiroku-slurm-unit.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    assert_non_null(mkdtemp(dir));
    char *end;
    /* A return code, even 8: the job exits 0 (Slurm's afterok would stop at a warning). */
    assert_int_equal(run_script(dir, "rc 8", 8, &end), 0);
    assert_string_equal(end, "status 8\ncancelled 0\n");
    free(end);
    /* An abend: the job exits 1. */
    assert_int_equal(run_script(dir, "abend U0100", 16, &end), 1);
    assert_string_equal(end, "status 16\ncancelled 0\n");
    free(end);
    /* No result at all (the program could not run). */
    assert_int_equal(run_script(dir, "", 127, &end), 1);
    assert_string_equal(end, "status 127\ncancelled 0\n");
    free(end);
    char *cmd = kr_xasprintf("rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(dir);
}

static void test_parse_squeue(void **state)
{
    (void)state;
    char st[24], why[40];
    assert_int_equal(kr_slurm_parse_squeue(0, "12 RUNNING None\n", "", 12, 0, st, why), KR_SLURM_ACTIVE);
    assert_string_equal(st, "RUNNING");
    assert_int_equal(kr_slurm_parse_squeue(0, "12 PENDING PartitionConfig\n", "", 12, 0, st, why), KR_SLURM_ACTIVE);
    assert_string_equal(why, "PartitionConfig");
    assert_int_equal(kr_slurm_parse_squeue(0, "12 COMPLETED None\n", "", 12, 0, st, why), KR_SLURM_ENDED);
    assert_int_equal(kr_slurm_parse_squeue(0, "12 CANCELLED None\n", "", 12, 0, st, why), KR_SLURM_ENDED);
    /* Another job's line is not this job's. */
    assert_int_equal(kr_slurm_parse_squeue(0, "123 RUNNING None\n", "", 12, 0, st, why), KR_SLURM_ABSENT);
    assert_int_equal(kr_slurm_parse_squeue(0, "", "", 12, 0, st, why), KR_SLURM_ABSENT);
    /* A job array's task (squeue -r): ID_TASK, the other tasks' lines not taken for it. */
    assert_int_equal(kr_slurm_parse_squeue(0, "12_1 COMPLETED None\n12_2 RUNNING None\n", "", 12, 2, st, why),
                     KR_SLURM_ACTIVE);
    assert_string_equal(st, "RUNNING");
    assert_int_equal(kr_slurm_parse_squeue(0, "12_1 COMPLETED None\n12_20 RUNNING None\n", "", 12, 2, st, why),
                     KR_SLURM_ABSENT);
    assert_int_equal(kr_slurm_parse_squeue(0, "12_3 PENDING None\n", "", 12, 3, st, why), KR_SLURM_ACTIVE);
    assert_int_equal(kr_slurm_parse_squeue(1, "", "slurm_load_jobs error: Invalid job id specified\n", 12, 0, st, why),
                     KR_SLURM_ABSENT);
    /* Any other failure is no answer at all. */
    assert_int_equal(kr_slurm_parse_squeue(1, "", "Unable to contact slurm controller (connect failure)\n", 12, 0, st, why),
                     KR_SLURM_UNKNOWN);
}

static void test_watch(void **state)
{
    (void)state;
    kr_slurm_watch w;
    memset(&w, 0, sizeof w);
    /* One answer that says the job is gone is not believed... */
    assert_false(kr_slurm_watch_answer(&w, KR_SLURM_ABSENT, "", "", 1.0));
    /* ...a failed question neither confirms nor denies... */
    assert_false(kr_slurm_watch_answer(&w, KR_SLURM_UNKNOWN, "", "", 2.0));
    /* ...an answer that it runs starts over... */
    assert_false(kr_slurm_watch_answer(&w, KR_SLURM_ACTIVE, "RUNNING", "None", 3.0));
    assert_false(kr_slurm_watch_answer(&w, KR_SLURM_ENDED, "FAILED", "None", 4.0));
    /* ...two in a row are. */
    assert_true(kr_slurm_watch_answer(&w, KR_SLURM_ABSENT, "", "", 5.0));
    assert_true(w.ended);
    assert_true(w.ended_at == 5.0);
    assert_string_equal(w.state, "");
    /* Pending for a reason that never clears, twice: hopeless; Resources is only waiting. */
    memset(&w, 0, sizeof w);
    assert_false(kr_slurm_watch_answer(&w, KR_SLURM_ACTIVE, "PENDING", "Resources", 1.0));
    assert_false(kr_slurm_watch_answer(&w, KR_SLURM_ACTIVE, "PENDING", "BadConstraints", 2.0));
    assert_false(w.hopeless);
    assert_false(kr_slurm_watch_answer(&w, KR_SLURM_ACTIVE, "PENDING", "BadConstraints", 3.0));
    assert_true(w.hopeless);
    assert_true(kr_slurm_reason_hopeless("PartitionConfig"));
    assert_true(kr_slurm_reason_hopeless("QOSMaxCpuPerJobLimit"));
    assert_false(kr_slurm_reason_hopeless("Priority"));
    assert_false(kr_slurm_reason_hopeless("Resources"));
}

static void test_outcome(void **state)
{
    (void)state;
    kr_jcl_result res, rc4 = {KR_JCL_ENDED, 4, ""}, ab = {KR_JCL_ABENDED, 0, "U0100"};
    kr_slurm_outcome(4, false, &rc4, &res);
    assert_int_equal(res.status, KR_JCL_ENDED);
    assert_int_equal(res.rc, 4);
    kr_slurm_outcome(16, false, &ab, &res);
    assert_string_equal(res.abend, "U0100");
    /* Cancelled (scancel): S222 even when the program ended with a return code. */
    kr_slurm_outcome(0, true, &rc4, &res);
    assert_int_equal(res.status, KR_JCL_ABENDED);
    assert_string_equal(res.abend, "S222");
    /* Killed by a signal: the same abends as a local step's. */
    kr_slurm_outcome(128 + 11, false, NULL, &res);
    assert_string_equal(res.abend, "S0C4");
    kr_slurm_outcome(127, false, NULL, &res);
    assert_string_equal(res.abend, "S806");
    kr_slurm_outcome(0, false, NULL, &res);
    assert_string_equal(res.abend, "S0C1");
    assert_string_equal(kr_slurm_state_abend("CANCELLED"), "S222");
    assert_string_equal(kr_slurm_state_abend("TIMEOUT"), "S322");
    assert_string_equal(kr_slurm_state_abend("OUT_OF_MEMORY"), "S878");
    assert_string_equal(kr_slurm_state_abend("NODE_FAIL"), "S0F3");
    assert_string_equal(kr_slurm_state_abend(""), "S0F3");
}

static void test_command(void **state)
{
    (void)state;
    kr_buf out, errout;
    kr_buf_init(&out);
    kr_buf_init(&errout);
    kr_err err;
    char *ok[] = {"sh", "-c", "echo out; echo err >&2; exit 3", NULL};
    assert_int_equal(kr_run_command(ok, 10, &out, &errout, &err), 3);
    assert_string_equal(out.data, "out\n");
    assert_string_equal(errout.data, "err\n");
    kr_buf_free(&out);
    kr_buf_free(&errout);
    kr_buf_init(&out);
    kr_buf_init(&errout);
    char *none[] = {"kiroku-no-such-command", NULL};
    assert_int_equal(kr_run_command(none, 10, &out, &errout, &err), -1);
    assert_non_null(strstr(err.text, "KRK1801E"));
    /* A command that hangs is stopped at its timeout. */
    char *hang[] = {"sleep", "30", NULL};
    assert_int_equal(kr_run_command(hang, 0.3, &out, &errout, &err), -1);
    assert_non_null(strstr(err.text, "gave no answer"));
    kr_buf_free(&out);
    kr_buf_free(&errout);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mem),          cmocka_unit_test(test_sbatch_argv), cmocka_unit_test(test_script), cmocka_unit_test(test_array_script),
        cmocka_unit_test(test_parse_squeue), cmocka_unit_test(test_watch),       cmocka_unit_test(test_outcome),
        cmocka_unit_test(test_command),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
