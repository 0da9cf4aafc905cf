/* partition.c: a SORT step with PARM PARTITIONS=n run by the runner as its pieces, each a
 * step description started like any step (kr_run_spawn: a process here, a cluster job where
 * the runner submits steps): SAMPLE, ROUTE, the RANGE sorts side by side, CONCAT. The work
 * files live in the job's work folder, wiped before the step (what a killed run left) and
 * removed after it; a restart reruns the whole step. The step's SYSOUT is CONCAT's listing
 * (or the failed piece's), its messages every piece's, and the job log has a line a piece.
 * The RANGE pieces go as one submission where the backend has them (a Slurm job array,
 * `sbatch --array=1-n`, each task finding its piece by SLURM_ARRAY_TASK_ID). */
#include "run_private.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct pieces {
    kr_runner *r;
    kr_partplan plan;
    const char *dir, *label, *spool_sysout;
    size_t no;
    const kr_run_task *asks;   /* what the step asks of the backend (REGION=, CORES=, TIME=) */
    kr_jcl_result *res;
    char **sysouts, **msgs;
} pieces;

static const char *piece_name(const kr_step *st)
{
    const char *dot = strrchr(st->name, '.');
    return dot ? dot + 1 : st->name;
}

static bool run_piece(pieces *ps, size_t i, kr_err *err)
{
    kr_step *st = &ps->plan.steps[i];
    char *stepfile = kr_xasprintf("%s/step.%s", ps->dir, piece_name(st));
    char *resultfile = kr_xasprintf("%s/result.%s", ps->dir, piece_name(st));
    double elapsed = 0;
    bool ok = kr_step_save(st, stepfile, err) &&
              kr_run_spawn(ps->r, stepfile, resultfile, ps->sysouts[i], ps->msgs[i], ps->asks, &ps->res[i], &elapsed,
                           err);
    free(stepfile);
    free(resultfile);
    return ok;
}

static void write_outcome(pieces *ps, size_t i, bool ok, const kr_err *err);

/* A RANGE piece started by a helper process, so that several run at once: the helper
 * waits for it like any step and leaves its outcome in a file. */
static pid_t start_helper(pieces *ps, size_t i)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    kr_err err;
    bool ok = run_piece(ps, i, &err);
    write_outcome(ps, i, ok, &err);
    _exit(0);
}

static bool read_outcome(pieces *ps, size_t i, kr_err *err)
{
    char *path = kr_xasprintf("%s/outcome.%s", ps->dir, piece_name(&ps->plan.steps[i]));
    kr_buf b;
    kr_buf_init(&b);
    bool ok = kr_read_file(path, &b, err);
    int status = 0, rc = 0;
    char abend[6] = "";
    if (ok && sscanf(b.data, "%d %d %5s", &status, &rc, abend) == 3) {
        ps->res[i].status = (kr_jcl_status_kind)status;
        ps->res[i].rc = rc;
        memcpy(ps->res[i].abend, strcmp(abend, "-") ? abend : "", strcmp(abend, "-") ? sizeof abend : 1);
    } else if (ok) {
        ok = false;
        kr_fail(err, KR_RC_FAIL, "KRK1864E", "%s", strncmp(b.data, "error ", 6) == 0 ? b.data + 6 : b.data);
    }
    kr_buf_free(&b);
    free(path);
    return ok;
}

static void log_piece(pieces *ps, size_t i)
{
    const kr_jcl_result *pr = &ps->res[i];
    if (pr->status == KR_JCL_ABENDED)
        kr_run_log(ps->r, "KRK1863I %-8s %-8s SORT     - PIECE %-6s ABEND %s", ps->r->job->name, ps->label,
                   piece_name(&ps->plan.steps[i]), pr->abend);
    else
        kr_run_log(ps->r, "KRK1863I %-8s %-8s SORT     - PIECE %-6s COND CODE %04d", ps->r->job->name, ps->label,
                   piece_name(&ps->plan.steps[i]), pr->rc);
}

static bool failed(const kr_jcl_result *pr)
{
    return pr->status == KR_JCL_ABENDED || pr->rc >= KR_RC_FAIL;
}

/* The outcome of task i as a helper writes it (read back by read_outcome). */
static void write_outcome(pieces *ps, size_t i, bool ok, const kr_err *err)
{
    char *path = kr_xasprintf("%s/outcome.%s", ps->dir, piece_name(&ps->plan.steps[i]));
    FILE *f = fopen(path, "w");
    if (f && ok)
        fprintf(f, "%d %d %s\n", (int)ps->res[i].status, ps->res[i].rc, ps->res[i].abend[0] ? ps->res[i].abend : "-");
    else if (f)
        fprintf(f, "error %s\n", err->text);
    if (f)
        fclose(f);
    free(path);
}

/* Waits for helper pids[k]; a cancel of the runner (SIGINT, SIGTERM) while it waits is
 * passed on to every helper still running (pids[k..n)), which cancels its piece. */
static void wait_helper(const pieces *ps, pid_t *pids, size_t k, size_t n, bool *passed_on)
{
    int status;
    while (waitpid(pids[k], &status, 0) < 0 && errno == EINTR)
        if (!*passed_on && ps->r->o->cancel && *ps->r->o->cancel) {
            *passed_on = true;
            for (size_t q = k; q < n; q++)
                if (pids[q] > 0)
                    kill(pids[q], SIGTERM);
        }
}

/* Pieces [from, to) as one submission of the backend (a Slurm job array): each task waited
 * for by a helper process of its own, as a job of its own. */
static bool run_array(pieces *ps, size_t from, size_t to, const kr_run_backend *b, kr_err *err)
{
    size_t n = to - from;
    kr_run_task *tasks = kr_xcalloc(n, sizeof *tasks);
    char **stepfiles = kr_xcalloc(n, sizeof *stepfiles), **resultfiles = kr_xcalloc(n, sizeof *resultfiles);
    bool ok = true;
    for (size_t k = 0; k < n; k++) {
        kr_step *st = &ps->plan.steps[from + k];
        stepfiles[k] = kr_xasprintf("%s/step.%s", ps->dir, piece_name(st));
        resultfiles[k] = kr_xasprintf("%s/result.%s", ps->dir, piece_name(st));
        tasks[k] = (kr_run_task){.label = piece_name(st), .stepfile = stepfiles[k], .resultfile = resultfiles[k],
                                 .sysout = ps->sysouts[from + k], .msgs = ps->msgs[from + k],
                                 .region = ps->asks->region, .memory = ps->asks->memory, .cores = ps->asks->cores,
                                 .time_limit = ps->asks->time_limit};
        ok = ok && kr_step_save(st, stepfiles[k], err);
    }
    ok = ok && b->start_array(b->self, tasks, n, err);
    pid_t *pids = kr_xcalloc(n, sizeof *pids);
    for (size_t k = 0; ok && k < n; k++) {
        fflush(NULL);
        pids[k] = fork();
        if (pids[k] == 0) {
            kr_err werr;
            double elapsed = 0;
            int got = kr_run_wait_task(ps->r, b, &tasks[k], &ps->res[from + k], &elapsed, &werr);
            write_outcome(ps, from + k, got > 0, &werr);
            _exit(0);
        }
        if (pids[k] < 0)
            ok = kr_fail(err, KR_RC_FAIL, "KRK1231E", "cannot start a step's process: %s", strerror(errno));
    }
    bool passed_on = false;
    for (size_t k = 0; k < n; k++) {
        if (pids[k] <= 0)
            continue;
        wait_helper(ps, pids, k, n, &passed_on);
        if (ok && (ok = read_outcome(ps, from + k, err)))
            log_piece(ps, from + k);
    }
    if (tasks[0].id)
        b->end_array(b->self, tasks, n);
    for (size_t k = 0; k < n; k++) {
        free(stepfiles[k]);
        free(resultfiles[k]);
    }
    free(stepfiles);
    free(resultfiles);
    free(tasks);
    free(pids);
    return ok;
}

/* Runs pieces [from, to), `width` at a time (all at once as a job array where the backend
 * has them); false when the runner itself failed. */
static bool run_group(pieces *ps, size_t from, size_t to, size_t width, kr_err *err)
{
    const kr_run_backend *b = kr_run_pieces_backend(ps->r);
    if (to - from > 1 && b->start_array)
        return run_array(ps, from, to, b, err);
    if (to - from == 1 || width <= 1) {
        for (size_t i = from; i < to; i++) {
            if (!run_piece(ps, i, err))
                return false;
            log_piece(ps, i);
            if (failed(&ps->res[i]))
                break;
        }
        return true;
    }
    pid_t *pids = kr_xcalloc(to - from, sizeof *pids);
    size_t next = from, done = from, running = 0;
    bool ok = true, passed_on = false;
    while (done < to) {
        while (ok && next < to && running < width) {
            pids[next - from] = start_helper(ps, next);
            if (pids[next - from] < 0)
                ok = kr_fail(err, KR_RC_FAIL, "KRK1231E", "cannot start a step's process: %s", strerror(errno));
            else
                running++;
            next++;
        }
        if (done >= next)
            break;
        if (pids[done - from] > 0) {
            wait_helper(ps, pids, done - from, next - from, &passed_on);
            running--;
            if (ok && (ok = read_outcome(ps, done, err)))
                log_piece(ps, done);
        }
        done++;
    }
    free(pids);
    return ok;
}

bool kr_run_partitioned(kr_runner *r, const kr_step *st, size_t no, const char *label, unsigned parts,
                        const kr_run_task *asks, const char *sysout, const char *msgs, kr_jcl_result *res,
                        double *elapsed, kr_err *err)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    memset(res, 0, sizeof *res);
    char *dir = kr_xasprintf("%s/work/part.%s", r->jobdir, label);
    kr_remove_path(dir); /* what a killed run of this step left */
    if (mkdir(dir, 0700) != 0) {
        bool f = kr_fail(err, KR_RC_FAIL, "KRK1861E", "step %s: cannot create the partitioned sort's work folder %s: %s",
                         label, dir, strerror(errno));
        free(dir);
        return f;
    }
    pieces ps = {.r = r, .dir = dir, .label = label, .no = no, .spool_sysout = sysout, .asks = asks};
    kr_partplan_build(st, parts, dir, &ps.plan);
    /* Here the RANGE pieces share this machine's memory and cores; on Slurm each runs on a
     * node of its own with what the step asked for (REGION=, CORES=) or the node's. */
    size_t n = ps.plan.n_steps, width = r->on_slurm ? parts : kr_partplan_share(&ps.plan, st);
    ps.res = kr_xcalloc(n, sizeof *ps.res);
    ps.sysouts = kr_xcalloc(n, sizeof *ps.sysouts);
    ps.msgs = kr_xcalloc(n, sizeof *ps.msgs);
    for (size_t i = 0; i < n; i++) {
        ps.sysouts[i] = i + 1 == n ? kr_xstrdup(sysout)
                                   : kr_xasprintf("%s/%03zu.%s.%s.SYSOUT", r->spooldir, no, label,
                                                  piece_name(&ps.plan.steps[i]));
        ps.msgs[i] = kr_xasprintf("%s/%s.MSG", dir, piece_name(&ps.plan.steps[i]));
    }
    size_t groups[4][2] = {{0, 1}, {1, 2}, {2, 2 + (size_t)parts}, {2 + (size_t)parts, n}};
    bool ok = true;
    size_t stop = n; /* the piece that failed, or n */
    for (size_t g = 0; ok && g < 4 && stop == n; g++) {
        if (g > 0 && r->o->cancel && *r->o->cancel) {
            /* Cancelled (SIGINT, SIGTERM) between pieces: the next one is not started. */
            stop = groups[g][0];
            ps.res[stop].status = KR_JCL_ABENDED;
            snprintf(ps.res[stop].abend, sizeof ps.res[stop].abend, "S222");
            break;
        }
        ok = run_group(&ps, groups[g][0], groups[g][1], g == 2 ? width : 1, err);
        for (size_t i = groups[g][0]; ok && i < groups[g][1] && stop == n; i++)
            if (failed(&ps.res[i]))
                stop = i;
    }
    /* The step's outcome: the first abend, else the highest return code. */
    for (size_t i = 0; i < n; i++) {
        if (ps.res[i].status == KR_JCL_ABENDED && res->status != KR_JCL_ABENDED) {
            *res = ps.res[i];
        } else if (ps.res[i].status == KR_JCL_ENDED && res->status != KR_JCL_ABENDED) {
            res->status = KR_JCL_ENDED;
            if (ps.res[i].rc > res->rc)
                res->rc = ps.res[i].rc;
        }
    }
    FILE *m = fopen(msgs, "w");
    if (m) {
        for (size_t i = 0; i < n; i++)
            kr_copy_file_to(ps.msgs[i], m);
        fclose(m);
    }
    if (stop < n && stop + 1 < n) {
        /* The step's SYSOUT is the listing of the piece that stopped it. */
        FILE *o = fopen(sysout, "w");
        if (o) {
            kr_copy_file_to(ps.sysouts[stop], o);
            fclose(o);
        }
    }
    if (ok && res->status == KR_JCL_NOT_RUN)
        ok = kr_fail(err, KR_RC_FAIL, "KRK1864E", "step %s: no piece of the partitioned sort ran", label);
    for (size_t i = 0; i < n; i++) {
        free(ps.sysouts[i]);
        free(ps.msgs[i]);
    }
    free(ps.sysouts);
    free(ps.msgs);
    free(ps.res);
    kr_partplan_free(&ps.plan);
    kr_remove_path(dir);
    free(dir);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    *elapsed = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    return ok;
}
