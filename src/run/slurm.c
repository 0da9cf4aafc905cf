/* slurm.c: the Slurm step backend (`kiroku run --on slurm`): each step one sbatch job whose
 * batch script runs `kiroku exec-step` and writes the step's result and its end into the
 * run's shared work folder (ROOT/.kiroku/jobs/JOB/slurm). The runner stays the driver: it
 * submits a step when the walk reaches it, waits for the end file, and asks squeue only to
 * learn that a job has ended without one, believing that after two answers in a row and a
 * grace period for a lagging shared file system. Tasks that run side by side (a partitioned
 * SORT's RANGE pieces) go as one job array, each task waited for as a job of its own
 * (ID_TASK). COND= and IF stay the runner's; a cancel is scancel; the ids of the jobs in flight are kept in the folder so that the next run of
 * the job cancels what a killed runner left. */
#include "slurm.h"

#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define QUERY_EVERY 1.0      /* seconds between squeue questions about one job */

typedef struct slurm_backend {
    kr_runner *r;
    char *dir;               /* ROOT/.kiroku/jobs/JOB/slurm */
    char *inflight;          /* dir/inflight: the ids of the jobs submitted and not ended */
    char cwd[PATH_MAX];
    /* the task being waited for */
    kr_slurm_watch watch;
    double next_query;
    double end_seen_at;      /* when the end file was first read without the result beside it */
    bool said_no_answer;
} slurm_backend;

static char *task_file(const slurm_backend *s, const kr_run_task *t, const char *suffix)
{
    return kr_xasprintf("%s/%03zu.%s.%s", s->dir, t->no, t->label, suffix);
}

/* A job's name for squeue and scancel: ID, or ID_TASK for a job array's task. */
static void job_text(char out[32], long id, unsigned task)
{
    if (task)
        snprintf(out, 32, "%ld_%u", id, task);
    else
        snprintf(out, 32, "%ld", id);
}

/* squeue's answer about one job (or one task of a job array). */
static kr_slurm_seen ask(long id, unsigned task, char state[24], char reason[40])
{
    char idtext[32];
    job_text(idtext, id, task);
    char *argv[] = {"squeue", "-h", "-r", "-t", "all", "-o", "%i %T %r", "-j", idtext, NULL};
    kr_buf out, errout;
    kr_buf_init(&out);
    kr_buf_init(&errout);
    kr_err err;
    int status = kr_run_command(argv, KR_SLURM_ASK_TIMEOUT, &out, &errout, &err);
    state[0] = reason[0] = '\0';
    kr_slurm_seen seen =
        status < 0 ? KR_SLURM_UNKNOWN : kr_slurm_parse_squeue(status, out.data, errout.data, id, task, state, reason);
    kr_buf_free(&out);
    kr_buf_free(&errout);
    return seen;
}

static bool scancel(long id, unsigned task, kr_err *err)
{
    char idtext[32];
    job_text(idtext, id, task);
    char *argv[] = {"scancel", idtext, NULL};
    kr_buf out, errout;
    kr_buf_init(&out);
    kr_buf_init(&errout);
    int status = kr_run_command(argv, KR_SLURM_ASK_TIMEOUT, &out, &errout, err);
    bool ok = status == 0 ||
              (status > 0 && kr_fail(err, KR_RC_FAIL, "KRK1807E", "scancel %s failed: %s", idtext,
                                     errout.data && *errout.data ? errout.data : "(no message)"));
    kr_buf_free(&out);
    kr_buf_free(&errout);
    return ok;
}

/* The jobs in flight, one id a line, written whole (a killed runner leaves the truth). */
static void inflight_write(const slurm_backend *s, long add, long drop)
{
    kr_buf b;
    kr_buf_init(&b);
    FILE *f = fopen(s->inflight, "r");
    long id;
    while (f && fscanf(f, "%ld", &id) == 1)
        if (id != drop)
            kr_buf_addf(&b, "%ld\n", id);
    if (f)
        fclose(f);
    if (add)
        kr_buf_addf(&b, "%ld\n", add);
    char *tmp = kr_xasprintf("%s.tmp", s->inflight);
    f = fopen(tmp, "w");
    bool ok = f && (!b.len || fwrite(b.data, 1, b.len, f) == b.len);
    if (f && (fflush(f) != 0 || fsync(fileno(f)) != 0))
        ok = false;
    if (f && fclose(f) != 0)
        ok = false;
    if (ok)
        rename(tmp, s->inflight);
    else
        unlink(tmp);
    free(tmp);
    kr_buf_free(&b);
}

static bool write_script(const char *path, const kr_buf *text, kr_err *err)
{
    FILE *f = fopen(path, "w");
    bool ok = f && fwrite(text->data, 1, text->len, f) == text->len;
    if (f && fclose(f) != 0)
        ok = false;
    if (ok && chmod(path, 0755) != 0)
        ok = false;
    return ok || kr_fail(err, KR_RC_FAIL, "KRK1802E", "%s: cannot write the step's batch script: %s", path,
                         strerror(errno));
}

/* Submits a script (n > 1: as a job array of n tasks, t the first) and records its id in the
 * folder's inflight and the spool's SLURMJOBS; the tasks' ids filled. */
static bool submit(slurm_backend *s, kr_run_task *t, size_t n, const char *script, const char *out, kr_err *err)
{
    kr_runner *r = s->r;
    kr_slurm_submit sub = {r->job->name, r->run, r->o->partition, r->o->account, s->cwd, script, out,
                           n > 1 ? (unsigned)n : 0};
    char **argv = kr_slurm_sbatch_argv(&sub, t);
    kr_buf so, se;
    kr_buf_init(&so);
    kr_buf_init(&se);
    double started = kr_run_now();
    int status = kr_run_command(argv, KR_SLURM_SUBMIT_TIMEOUT, &so, &se, err);
    bool ok = status == 0;
    if (status > 0) {
        size_t len = se.len;
        while (len && (se.data[len - 1] == '\n' || se.data[len - 1] == ' '))
            len--;
        kr_fail(err, KR_RC_ENV, "KRK1801E", "step %s: sbatch refused the step (exit %d): %.*s", t->label, status,
                (int)(len > 300 ? 300 : len), len ? se.data : "(no message)");
    }
    /* --parsable: "ID" or "ID;CLUSTER" */
    char *rest = NULL;
    long id = ok ? strtol(so.data, &rest, 10) : 0;
    if (ok && (id <= 0 || rest == so.data || (*rest && *rest != ';' && *rest != '\n')))
        ok = kr_fail(err, KR_RC_ENV, "KRK1803E", "step %s: sbatch answered '%.60s', not a job id", t->label,
                     so.data ? so.data : "");
    if (ok) {
        inflight_write(s, id, 0);
        /* The spool says which Slurm job ran which step (the job log stays as a local run's). */
        char *map = kr_xasprintf("%s/SLURMJOBS", r->spooldir);
        FILE *f = fopen(map, "a");
        for (size_t i = 0; i < n; i++) {
            t[i].id = id;
            t[i].array_task = n > 1 ? (unsigned)i + 1 : 0;
            t[i].started = started;
            if (f && n > 1)
                fprintf(f, "%03zu %-17s %ld_%zu\n", t[i].no, t[i].label, id, i + 1);
            else if (f)
                fprintf(f, "%03zu %-17s %ld\n", t[i].no, t[i].label, id);
        }
        if (f)
            fclose(f);
        free(map);
        memset(&s->watch, 0, sizeof s->watch);
        s->next_query = started + QUERY_EVERY;
        s->end_seen_at = 0;
        s->said_no_answer = false;
    }
    kr_slurm_argv_free(argv);
    kr_buf_free(&so);
    kr_buf_free(&se);
    return ok;
}

static bool slurm_start(void *self, kr_run_task *t, kr_err *err)
{
    slurm_backend *s = self;
    kr_runner *r = s->r;
    unlink(t->resultfile);
    char *script = task_file(s, t, "sh"), *end = task_file(s, t, "end"), *out = task_file(s, t, "out");
    unlink(end);
    kr_buf text;
    kr_buf_init(&text);
    kr_slurm_script(&text, r->o->self, r->job->name, t, end);
    t->started = kr_run_now();
    bool ok = write_script(script, &text, err) && submit(s, t, 1, script, out, err);
    kr_buf_free(&text);
    free(script);
    free(end);
    free(out);
    return ok;
}

/* The script of a job array: named after its first task. */
static char *array_file(const slurm_backend *s, const kr_run_task *t, const char *suffix)
{
    return kr_xasprintf("%s/%03zu.%s.array.%s", s->dir, t->no, t->label, suffix);
}

static bool slurm_start_array(void *self, kr_run_task *tasks, size_t n, kr_err *err)
{
    slurm_backend *s = self;
    kr_runner *r = s->r;
    char **ends = kr_xcalloc(n, sizeof *ends);
    for (size_t i = 0; i < n; i++) {
        unlink(tasks[i].resultfile);
        ends[i] = task_file(s, &tasks[i], "end");
        unlink(ends[i]);
    }
    char *script = array_file(s, tasks, "sh"), *out = array_file(s, tasks, "%a.out");
    kr_buf text;
    kr_buf_init(&text);
    kr_slurm_array_script(&text, r->o->self, r->job->name, tasks, (const char *const *)ends, n);
    bool ok = write_script(script, &text, err) && submit(s, tasks, n, script, out, err);
    kr_buf_free(&text);
    for (size_t i = 0; i < n; i++)
        free(ends[i]);
    free(ends);
    free(script);
    free(out);
    return ok;
}

static void slurm_end_array(void *self, kr_run_task *tasks, size_t n)
{
    slurm_backend *s = self;
    if (!n)
        return;
    inflight_write(s, 0, tasks[0].id);
    char *script = array_file(s, tasks, "sh");
    unlink(script);
    free(script);
    for (size_t i = 0; i < n; i++) {
        /* An empty output of a task that ended well is not kept (a non-empty one is). */
        char *out = kr_xasprintf("%s/%03zu.%s.array.%zu.out", s->dir, tasks[0].no, tasks[0].label, i + 1);
        struct stat st;
        if (stat(out, &st) == 0 && st.st_size == 0)
            unlink(out);
        free(out);
    }
}

/* Reads the end file: "status N" and "cancelled C". */
static bool read_end(const char *path, int *status, bool *cancelled)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    int c = 0;
    bool ok = fscanf(f, "status %d cancelled %d", status, &c) == 2;
    fclose(f);
    *cancelled = c != 0;
    return ok;
}

static void finished(slurm_backend *s, kr_run_task *t, bool keep_output)
{
    if (!t->array_task) /* an array's id and script stay until all its tasks ended (end_array) */
        inflight_write(s, 0, t->id);
    char *files[3] = {t->array_task ? NULL : task_file(s, t, "sh"), task_file(s, t, "end"), task_file(s, t, "out")};
    for (int i = 0; i < 3; i++) {
        struct stat st;
        if (files[i] && !(i == 2 && keep_output) && !(i == 2 && stat(files[i], &st) == 0 && st.st_size > 0))
            unlink(files[i]);
        free(files[i]);
    }
}

static int slurm_wait(void *self, kr_run_task *t, kr_jcl_result *res, double *elapsed, kr_err *err)
{
    slurm_backend *s = self;
    memset(res, 0, sizeof *res);
    char *end = task_file(s, t, "end");
    int status = 0;
    bool cancelled = false, ended = read_end(end, &status, &cancelled);
    free(end);
    double now = kr_run_now();
    kr_jcl_result written;
    memset(&written, 0, sizeof written);
    bool have_result = kr_run_read_result(t->resultfile, &written);
    /* The end came, the result not yet: another file may show later on a shared file system. */
    bool result_due = ended && !have_result && !cancelled && !t->cancelled && status < 128 && status != 127;
    if (result_due && !s->end_seen_at)
        s->end_seen_at = now;
    if (ended && (!result_due || now - s->end_seen_at >= s->r->o->grace)) {
        kr_slurm_outcome(status, cancelled || t->cancelled, have_result ? &written : NULL, res);
        *elapsed = now - t->started;
        finished(s, t, false);
        return 1;
    }
    if (now >= s->next_query) {
        char state[24], reason[40];
        kr_slurm_seen seen = ask(t->id, t->array_task, state, reason);
        if (seen == KR_SLURM_UNKNOWN && !s->said_no_answer) {
            kr_run_log(s->r, "KRK1804I %-8s %-8s squeue gives no answer about Slurm job %ld; still waiting",
                       s->r->job->name, t->label, t->id);
            s->said_no_answer = true;
        }
        kr_slurm_watch_answer(&s->watch, seen, state, reason, now);
        s->next_query = now + QUERY_EVERY;
    }
    if (s->watch.hopeless && !t->cancelled) {
        /* Slurm keeps it pending for a reason that will not clear: the step cannot start. */
        kr_err cerr;
        if (!scancel(t->id, t->array_task, &cerr))
            kr_run_log(s->r, "%s", cerr.text);
        finished(s, t, false);
        res->status = KR_JCL_NOT_STARTED;
        kr_fail(err, KR_RC_ENV, "KRK1808E",
                "step %s: Slurm will not run job %ld as asked (pending: %s); it was cancelled (REGION=, CORES=, "
                "--partition, --account?)",
                t->label, t->id, s->watch.reason);
        return 1;
    }
    if (s->watch.ended && (t->cancelled || now - s->watch.ended_at >= s->r->o->grace)) {
        /* The job has ended without its end file: cancelled by us while it waited, or lost
         * (its node failed, it was killed past KillWait, the shared folder never showed it). */
        *elapsed = now - t->started;
        if (t->cancelled)
            kr_slurm_outcome(0, true, have_result ? &written : NULL, res);
        else if (have_result)
            *res = written;
        else {
            res->status = KR_JCL_ABENDED;
            snprintf(res->abend, sizeof res->abend, "%s", kr_slurm_state_abend(s->watch.state));
            kr_run_log(s->r,
                       "KRK1805E %-8s %-8s Slurm job %ld ended (%s) and the step's result did not appear in %d "
                       "seconds: ABEND %s (see %s/%03zu.%s.out)",
                       s->r->job->name, t->label, t->id, s->watch.state[0] ? s->watch.state : "no longer known",
                       s->r->o->grace, res->abend, s->dir, t->no, t->label);
        }
        finished(s, t, !t->cancelled && !have_result);
        return 1;
    }
    /* A short sleep at first (most steps are short), longer for a long step; a signal
     * ends it early and the runner looks at its cancel flag. */
    double tick = now - t->started < 10 ? 0.02 : 0.25;
    struct timespec ts = {0, (long)(tick * 1e9)};
    nanosleep(&ts, NULL);
    return 0;
}

static void slurm_cancel(void *self, kr_run_task *t)
{
    slurm_backend *s = self;
    kr_err err;
    if (!scancel(t->id, t->array_task, &err))
        kr_run_log(s->r, "%s", err.text);
}

static void slurm_close(void *self)
{
    slurm_backend *s = self;
    free(s->dir);
    free(s->inflight);
    free(s);
}

/* The jobs an earlier runner of this job submitted and never saw end (it was killed): they
 * are cancelled and waited for, so that a restart never runs beside them. */
static void cancel_leftovers(slurm_backend *s)
{
    FILE *f = fopen(s->inflight, "r");
    if (!f)
        return;
    long ids[64];
    size_t n = 0;
    while (n < 64 && fscanf(f, "%ld", &ids[n]) == 1)
        n++;
    fclose(f);
    for (size_t i = 0; i < n; i++) {
        kr_slurm_watch w;
        memset(&w, 0, sizeof w);
        char state[24], reason[40];
        double t0 = kr_run_now();
        bool asked = false;
        while (!kr_slurm_watch_answer(&w, ask(ids[i], 0, state, reason), state, reason, kr_run_now()) &&
               kr_run_now() - t0 < s->r->o->grace) {
            if (!asked) {
                kr_err err;
                kr_run_log(s->r, "KRK1806I %-8s Slurm job %ld of an earlier run is still there; cancelled",
                           s->r->job->name, ids[i]);
                if (!scancel(ids[i], 0, &err))
                    kr_run_log(s->r, "%s", err.text);
                asked = true;
            }
            struct timespec ts = {0, 200000000};
            nanosleep(&ts, NULL);
        }
    }
    unlink(s->inflight);
}

bool kr_run_slurm_open(kr_runner *r, kr_run_backend *b, kr_err *err)
{
    /* Slurm must answer before anything runs. */
    struct passwd *pw = getpwuid(getuid());
    char *argv[] = {"squeue", "-h", "-o", "%i", "-u", pw ? pw->pw_name : "root", NULL};
    kr_buf out, errout;
    kr_buf_init(&out);
    kr_buf_init(&errout);
    int status = kr_run_command(argv, KR_SLURM_ASK_TIMEOUT, &out, &errout, err);
    if (status > 0)
        kr_fail(err, KR_RC_ENV, "KRK1800E", "Slurm does not answer (squeue exit %d): %.200s", status,
                errout.data && *errout.data ? errout.data : "(no message)");
    else if (status < 0) {
        kr_err cause = *err;
        kr_fail(err, KR_RC_ENV, "KRK1800E", "Slurm does not answer: %s", cause.text);
    }
    kr_buf_free(&out);
    kr_buf_free(&errout);
    if (status != 0)
        return false;
    slurm_backend *s = kr_xcalloc(1, sizeof *s);
    s->r = r;
    if (!getcwd(s->cwd, sizeof s->cwd)) {
        free(s);
        return kr_fail(err, KR_RC_ENV, "KRK1800E", "cannot name the current folder for the steps: %s", strerror(errno));
    }
    s->dir = kr_xasprintf("%s/slurm", r->jobdir);
    s->inflight = kr_xasprintf("%s/inflight", s->dir);
    if (mkdir(s->dir, 0777) != 0 && errno != EEXIST) {
        kr_fail(err, KR_RC_ENV, "KRK1802E", "cannot create the folder %s: %s", s->dir, strerror(errno));
        slurm_close(s);
        return false;
    }
    cancel_leftovers(s);
    *b = (kr_run_backend){"slurm", s, slurm_start, slurm_wait, slurm_cancel, slurm_close, slurm_start_array,
                          slurm_end_array};
    return true;
}
