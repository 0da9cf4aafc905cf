/* runner.c: `kiroku run`: a job from its JCL to its end. The job is parsed with the run-date
 * and command-line symbols; its data sets are enqueued for the whole job (JES's enqueue: two
 * jobs never write one data set at once); the run is recorded in the catalog; the steps are
 * walked (COND=, IF/THEN/ELSE, restart) and each runs as a process of its own; the job log
 * goes to the terminal and to the run's spool with every step's listing. */
#include "kiroku/calendar.h"
#include "slurm.h"

#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void kr_run_log(kr_runner *r, const char *fmt, ...)
{
    va_list ap;
    if (r->o->log) {
        va_start(ap, fmt);
        vfprintf(r->o->log, fmt, ap);
        va_end(ap);
        fputc('\n', r->o->log);
        fflush(r->o->log);
    }
    if (r->joblog) {
        va_start(ap, fmt);
        vfprintf(r->joblog, fmt, ap);
        va_end(ap);
        fputc('\n', r->joblog);
        fflush(r->joblog);
    }
}

void kr_run_audit(kr_runner *r, const char *event, const kr_audit_field *fields, size_t n)
{
    if (!r->audit)
        return;
    kr_err err;
    if (!kr_audit_append(r->audit, event, fields, n, &err)) {
        kr_run_log(r, "%s", err.text);
        r->audit_failed = true;
    }
}

static bool make_dir(const char *path, kr_err *err)
{
    if (mkdir(path, 0777) == 0 || errno == EEXIST)
        return true;
    return kr_fail(err, KR_RC_ENV, "KRK1232E", "cannot create the folder %s: %s", path, strerror(errno));
}

/* Removes the files of a folder (not the folder). */
static void empty_dir(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
            continue;
        char *p = kr_xasprintf("%s/%s", path, e->d_name);
        kr_remove_path(p); /* a temporary may be a folder: a Berkeley DB ledger */
        free(p);
    }
    closedir(d);
}

static const char *user_name(void)
{
    struct passwd *pw = getpwuid(getuid());
    return pw ? pw->pw_name : "?";
}

static void step_label(const kr_jcl_step *js, char out[18])
{
    if (js->procstep)
        snprintf(out, 18, "%.8s.%.8s", js->name, js->procstep);
    else
        snprintf(out, 18, "%.8s", js->name);
}

/* ---- the GDG bias: (0) and (-n) as the job started ------------------------------------- */

static void bias_add(kr_runner *r, const char *base, const unsigned *gens, size_t n)
{
    r->bias = kr_xrealloc(r->bias, (r->n_bias + 1) * sizeof *r->bias);
    kr_gdgbias *b = &r->bias[r->n_bias++];
    snprintf(b->base, sizeof b->base, "%s", base);
    b->gens = kr_xmalloc((n + 1) * sizeof *b->gens);
    memcpy(b->gens, gens, n * sizeof *gens);
    b->n = n;
}

static bool bias_known(const kr_runner *r, const char *base)
{
    for (size_t i = 0; i < r->n_bias; i++)
        if (strcmp(r->bias[i].base, base) == 0)
            return true;
    return false;
}

/* Takes the state of every GDG the job refers to with (0), (-n) or as a whole (GDGORDER=), and writes it to the
 * job's folder so that a restart resolves them alike. */
static bool bias_take(kr_runner *r, kr_catalog *c, const char *file, kr_err *err)
{
    for (size_t s = 0; s < r->job->n_steps; s++) {
        const kr_jcl_step *js = r->job->steps[s];
        for (size_t i = 0; i < js->n_dds; i++)
            for (size_t k = 0; k <= js->dds[i].n_concat; k++) {
                const kr_jcl_dd *dd = k == 0 ? &js->dds[i] : &js->dds[i].concat[k - 1];
                char base[KR_DSN_MAX + 1];
                bool reads_gdg = (dd->has_gen && dd->gen <= 0) || (dd->gdgorder && !dd->temporary);
                if (!reads_gdg || !kr_dsn_check(dd->dsn, base, err) || bias_known(r, base))
                    continue;
                kr_gdg g;
                int got = kr_gdg_get(c, base, &g, err);
                if (got < 0)
                    return false;
                if (got == 1)
                    bias_add(r, base, g.gens, g.n);
            }
    }
    FILE *f = fopen(file, "w");
    if (!f)
        return kr_fail(err, KR_RC_FAIL, "KRK1233E", "%s: cannot write the job's GDG bias: %s", file, strerror(errno));
    for (size_t i = 0; i < r->n_bias; i++) {
        fprintf(f, "%s", r->bias[i].base);
        for (size_t k = 0; k < r->bias[i].n; k++)
            fprintf(f, " %u", r->bias[i].gens[k]);
        fputc('\n', f);
    }
    return fclose(f) == 0 || kr_fail(err, KR_RC_FAIL, "KRK1233E", "%s: cannot write the job's GDG bias", file);
}

static bool bias_load(kr_runner *r, const char *file)
{
    FILE *f = fopen(file, "r");
    if (!f)
        return false;
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        char *save = NULL, *base = strtok_r(line, " \n", &save);
        if (!base)
            continue;
        unsigned gens[KR_GDG_LIMIT_MAX];
        size_t n = 0;
        for (char *t = strtok_r(NULL, " \n", &save); t && n < KR_GDG_LIMIT_MAX; t = strtok_r(NULL, " \n", &save))
            gens[n++] = (unsigned)strtoul(t, NULL, 10);
        bias_add(r, base, gens, n);
    }
    fclose(f);
    return true;
}

/* ---- the enqueue --------------------------------------------------------------------------- */

static kr_enq *enqueue(kr_runner *r, kr_err *err)
{
    kr_enq_req *reqs = NULL;
    size_t n = 0;
    char **names = NULL;
    /* The job's own name first: two runs of one job never overlap (their work folder). */
    names = kr_xrealloc(names, (n + 1) * sizeof *names);
    names[n] = kr_xasprintf("KRJOB.%s", r->job->name);
    reqs = kr_xrealloc(reqs, (n + 1) * sizeof *reqs);
    reqs[n] = (kr_enq_req){names[n], true};
    n++;
    for (size_t s = 0; s < r->job->n_steps; s++) {
        const kr_jcl_step *js = r->job->steps[s];
        for (size_t i = 0; i < js->n_dds; i++)
            for (size_t k = 0; k <= js->dds[i].n_concat; k++) {
                const kr_jcl_dd *dd = k == 0 ? &js->dds[i] : &js->dds[i].concat[k - 1];
                if (dd->kind != KR_JCL_DD_DATASET || dd->temporary || !dd->dsn || dd->path)
                    continue;
                names = kr_xrealloc(names, (n + 1) * sizeof *names);
                names[n] = kr_xstrdup(dd->dsn);
                reqs = kr_xrealloc(reqs, (n + 1) * sizeof *reqs);
                reqs[n] = (kr_enq_req){names[n], dd->status != KR_JCL_SHR};
                n++;
            }
    }
    kr_enq *q = kr_enq_acquire(r->o->root, reqs, n, r->job->name, r->o->wait, r->o->log, err);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(reqs);
    return q;
}

/* ---- the walk's callbacks ---------------------------------------------------------------- */

static size_t parse_region(const char *region)
{
    if (!region)
        return 0;
    char *end;
    unsigned long long v = strtoull(region, &end, 10);
    size_t mul = *end == 'K' || *end == 'k' ? 1024u : *end == 'M' || *end == 'm' ? 1024u * 1024 : *end == 'G' || *end == 'g' ? 1024u * 1024 * 1024 : 1;
    /* REGION=0M: all the memory the machine gives (the program's default). */
    return (size_t)v * mul;
}

/* The step's time limit from TIME= on the JOB and EXEC statements (both checked when parsed). */
static long step_time(const kr_jcl_job *job, const kr_jcl_step *js)
{
    long job_limit = 0, step_limit = 0;
    if (job->time && !kr_jcl_time_limit(job->time, &job_limit))
        job_limit = 0;
    if (js->time && !kr_jcl_time_limit(js->time, &step_limit))
        step_limit = 0;
    return kr_jcl_time_step(job_limit, step_limit);
}

static void add_row(kr_runner *r, const kr_jcl_step *js, const char *result, double elapsed, bool ran)
{
    char elapsed_text[32];
    if (!ran || r->o->no_timing)
        snprintf(elapsed_text, sizeof elapsed_text, "-");
    else
        snprintf(elapsed_text, sizeof elapsed_text, "%.2f", elapsed);
    kr_buf_addf(&r->table, "%-8s %-8s %-8s %-10s %10s\n", js->name, js->procstep ? js->procstep : "",
                js->pgm ? js->pgm : "", result, elapsed_text);
    if (r->json.len)
        kr_buf_addc(&r->json, ',');
    kr_buf_adds(&r->json, "{\"step\":\"");
    kr_buf_add_json(&r->json, js->name, strlen(js->name));
    kr_buf_adds(&r->json, "\",\"procstep\":\"");
    if (js->procstep)
        kr_buf_add_json(&r->json, js->procstep, strlen(js->procstep));
    kr_buf_adds(&r->json, "\",\"program\":\"");
    if (js->pgm)
        kr_buf_add_json(&r->json, js->pgm, strlen(js->pgm));
    kr_buf_addf(&r->json, "\",\"result\":\"%s\",\"ran\":%s,\"elapsed\":%s}", result, ran ? "true" : "false",
                ran && !r->o->no_timing ? elapsed_text : "null");
}

/* An error or severe message of the listing ("KRKnnnnE ..."): the operator sees it in the
 * job log, not only in the step's SYSOUT. */
static bool is_error_line(const char *line)
{
    if (strncmp(line, "KRK", 3) != 0)
        return false;
    for (int i = 3; i < 7; i++)
        if (line[i] < '0' || line[i] > '9')
            return false;
    return line[7] == 'E' || line[7] == 'S';
}

/* The step's messages (its standard error) into the job log, indented, then the errors of
 * its listing that the messages did not already say. */
static void copy_messages(kr_runner *r, const char *msgs, const char *sysout, kr_buf *copied)
{
    kr_buf seen;
    kr_buf_init(&seen);
    const char *paths[2] = {msgs, sysout};
    for (int i = 0; i < 2; i++) {
        FILE *f = fopen(paths[i], "r");
        if (!f)
            continue;
        char line[2048];
        while (fgets(line, sizeof line, f)) {
            size_t n = strlen(line);
            if (n && line[n - 1] == '\n')
                line[--n] = '\0';
            if (i == 1 && (!is_error_line(line) || (seen.data && strstr(seen.data, line))))
                continue;
            if (i == 0) {
                kr_buf_adds(&seen, line);
                kr_buf_addc(&seen, '\n');
            }
            kr_run_log(r, "  %s", line);
            kr_buf_adds(copied, line);
            kr_buf_addc(copied, '\n');
        }
        fclose(f);
    }
    kr_buf_free(&seen);
}

/* Programs that use the catalog run where it is, on the runner's machine, whatever the
 * backend: the runner stays the only writer of the catalog. */
static bool runs_beside_catalog(const char *program)
{
    return program && strcmp(program, "IDCAMS") == 0;
}

/* Runs a step on a backend to its end; the runner's cancel (a signal) is passed on to the
 * step once. 1: it ran (res, elapsed); 0: it could not be started (err); -1: an error. */
static int run_task(const kr_runner *r, const kr_run_backend *b, kr_run_task *t, kr_jcl_result *res, double *elapsed,
                    kr_err *err)
{
    memset(res, 0, sizeof *res);
    if (!b->start(b->self, t, err))
        return 0;
    return kr_run_wait_task(r, b, t, res, elapsed, err);
}

const kr_run_backend *kr_run_pieces_backend(const kr_runner *r)
{
    return r->on_slurm ? &r->slurm : &r->local;
}

int kr_run_wait_task(const kr_runner *r, const kr_run_backend *b, kr_run_task *t, kr_jcl_result *res,
                     double *elapsed, kr_err *err)
{
    for (;;) {
        int got = b->wait(b->self, t, res, elapsed, err);
        if (got != 0)
            return got > 0 ? 1 : -1;
        if (r->o->cancel && *r->o->cancel && !t->cancelled) {
            b->cancel(b->self, t);
            t->cancelled = true;
        }
    }
}

bool kr_run_spawn(const kr_runner *r, const char *stepfile, const char *resultfile, const char *sysout,
                  const char *msgs, const kr_run_task *asks, kr_jcl_result *res, double *elapsed, kr_err *err)
{
    const char *base = strrchr(stepfile, '/');
    base = base ? base + 1 : stepfile;
    if (strncmp(base, "step.", 5) == 0)
        base += 5;
    kr_run_task task = {.label = base, .job = r->job->name, .stepfile = stepfile, .resultfile = resultfile, .sysout = sysout, .msgs = msgs};
    if (asks) {
        task.region = asks->region;
        task.memory = asks->memory;
        task.cores = asks->cores;
        task.time_limit = asks->time_limit;
    }
    int ran = run_task(r, kr_run_pieces_backend(r), &task, res, elapsed, err);
    return ran > 0 && res->status != KR_JCL_NOT_STARTED;
}

/* A step that could not start (its data sets could not be allocated, its backend refused
 * it): a JCL error that ends the job, in the history so that `--restart '*'` starts here. */
static void not_started(kr_runner *r, const kr_jcl_step *js, const char *label, const char *why, kr_jcl_result *res)
{
    kr_run_log(r, "%s", why);
    kr_run_log(r, "KRK1252E %-8s %-8s %-8s - JCL ERROR: STEP NOT RUN; THE JOB ENDS", r->job->name, label,
               js->pgm ? js->pgm : "");
    res->status = KR_JCL_NOT_STARTED;
    r->not_started = true;
    add_row(r, js, "JCL ERROR", 0, false);
    kr_run_step hist;
    memset(&hist, 0, sizeof hist);
    snprintf(hist.name, sizeof hist.name, "%s", label);
    snprintf(hist.program, sizeof hist.program, "%.8s", js->pgm ? js->pgm : "");
    snprintf(hist.abend, sizeof hist.abend, "JCLERR");
    kr_err err;
    kr_catalog *c = kr_catalog_open(r->o->root, true, &err);
    if (!c || !kr_run_add_step(c, r->run, &hist, &err))
        kr_run_log(r, "%s", err.text);
    kr_catalog_close(c);
}

static bool run_step(void *ctx, const kr_jcl_step *js, kr_jcl_result *res, kr_err *err)
{
    kr_runner *r = ctx;
    memset(res, 0, sizeof *res);
    if (r->o->cancel && *r->o->cancel)
        return kr_fail(err, KR_RC_FAIL, "KRK1234E", "job %s cancelled before step %s", r->job->name, js->name);
    if (r->audit_failed)
        return kr_fail(err, KR_RC_FAIL, "KRK1238E", "job %s stops before step %s: the audit log cannot be written",
                       r->job->name, js->name);
    char label[18];
    step_label(js, label);
    size_t no = ++r->stepno;
    kr_step st;
    kr_step_init(&st, label, js->pgm ? js->pgm : "");
    if (js->parm) {
        free(st.parm);
        st.parm = kr_xstrdup(js->parm);
    }
    st.run_date = r->o->run_date;
    st.no_timing = r->o->no_timing;
    st.memory = parse_region(js->region);
    st.threads = js->cores;
    st.tmpdir = kr_xasprintf("%s/work", r->jobdir);
    st.root = kr_xstrdup(r->o->root);
    kr_alloc *allocs = NULL;
    size_t n = 0;
    kr_err aerr;
    if (!kr_run_allocate(r, js, &allocs, &n, &st, &aerr)) {
        not_started(r, js, label, aerr.text, res);
        kr_run_allocs_free(allocs, n);
        free(allocs);
        kr_step_free(&st);
        return true;
    }
    char *stepfile = kr_xasprintf("%s/step.%03zu.%s", r->jobdir, no, label);
    char *resultfile = kr_xasprintf("%s/result.%03zu.%s", r->jobdir, no, label);
    char *sysout = kr_xasprintf("%s/%03zu.%s.SYSOUT", r->spooldir, no, label);
    char *msgs = kr_xasprintf("%s/%03zu.%s.MSG", r->spooldir, no, label);
    double elapsed = 0;
    kr_run_task task = {.label = label, .job = r->job->name, .no = no, .stepfile = stepfile, .resultfile = resultfile,
                        .sysout = sysout, .msgs = msgs, .region = js->region, .memory = st.memory,
                        .cores = js->cores, .time_limit = step_time(r->job, js)};
    const kr_run_backend *b = r->on_slurm && !runs_beside_catalog(js->pgm) ? &r->slurm : &r->local;
    int parts = kr_sort_partitions(&st, &aerr); /* a wrong PARM: the program says so */
    int ran;
    if (parts > 0)
        ran = kr_run_partitioned(r, &st, no, label, (unsigned)parts, &task, sysout, msgs, res, &elapsed, &aerr) ? 1 : -1;
    else
        ran = kr_step_save(&st, stepfile, &aerr) ? run_task(r, b, &task, res, &elapsed, &aerr) : -1;
    if (ran > 0 && res->status == KR_JCL_NOT_STARTED)
        ran = 0; /* the backend found that it will never start */
    if (ran == 0)
        not_started(r, js, label, aerr.text, res);
    else if (ran < 0)
        *err = aerr;
    bool ok = ran >= 0;
    if (ran > 0) {
        kr_buf copied;
        kr_buf_init(&copied);
        copy_messages(r, msgs, sysout, &copied);
        char result[16];
        char *end_line;
        if (res->status == KR_JCL_ABENDED) {
            snprintf(result, sizeof result, "ABEND %s", res->abend);
            end_line = kr_xasprintf("KRK1258E %-8s %-8s %-8s - ABEND %s", r->job->name, label, st.program,
                                    res->abend);
            if (!r->abend[0])
                snprintf(r->abend, sizeof r->abend, "%s", res->abend);
        } else {
            snprintf(result, sizeof result, "RC %04d", res->rc);
            end_line = kr_xasprintf("KRK1256I %-8s %-8s %-8s - STEP WAS EXECUTED - COND CODE %04d", r->job->name,
                                    label, st.program, res->rc);
            if (res->rc > r->maxcc)
                r->maxcc = res->rc;
        }
        kr_run_log(r, "%s", end_line);
        kr_err lerr;
        if (!kr_run_joblog_dd(allocs, n, end_line, copied.data, &lerr))
            kr_run_log(r, "  %s", lerr.text);
        free(end_line);
        kr_buf_free(&copied);
        ok = kr_run_dispose(r, js, allocs, n, res, elapsed, err);
        add_row(r, js, result, elapsed, true);
    }
    unlink(stepfile);
    unlink(resultfile);
    free(stepfile);
    free(resultfile);
    free(sysout);
    free(msgs);
    kr_run_allocs_free(allocs, n);
    free(allocs);
    kr_step_free(&st);
    return ok;
}

/* The restarted run's history of a step, or NULL. */
static const kr_run_step *prior_step(const kr_runner *r, const char *label)
{
    const kr_run_step *found = NULL;
    for (size_t i = 0; r->have_prior && i < r->prior.n_steps; i++)
        if (strcmp(r->prior.steps[i].name, label) == 0)
            found = &r->prior.steps[i];
    return found;
}

static void bypassed(void *ctx, const kr_jcl_step *js, kr_jcl_bypass why)
{
    kr_runner *r = ctx;
    char label[18];
    step_label(js, label);
    kr_run_log(r, "KRK1257I %-8s %-8s %-8s - STEP WAS NOT RUN: %s", r->job->name, label, js->pgm ? js->pgm : "",
               kr_jcl_bypass_text(why));
    char run[24];
    snprintf(run, sizeof run, "%llu", (unsigned long long)r->run);
    kr_audit_field f[] = {{"job", r->job->name}, {"run", run}, {"step", label},
                          {"program", js->pgm ? js->pgm : ""}, {"reason", kr_jcl_bypass_text(why)}};
    kr_run_audit(r, "step-bypassed", f, sizeof f / sizeof f[0]);
    add_row(r, js, why == KR_JCL_BY_RESTART ? "RESTART" : "FLUSH", 0, false);
    kr_run_step hist;
    memset(&hist, 0, sizeof hist);
    snprintf(hist.name, sizeof hist.name, "%s", label);
    snprintf(hist.program, sizeof hist.program, "%.8s", js->pgm ? js->pgm : "");
    /* A step before the restart point keeps its history in the new run, so that a restart
     * of the restart knows it. */
    const kr_run_step *before = why == KR_JCL_BY_RESTART ? prior_step(r, label) : NULL;
    kr_err err;
    kr_catalog *c = kr_catalog_open(r->o->root, true, &err);
    if (!c || !kr_run_add_step(c, r->run, before ? before : &hist, &err))
        kr_run_log(r, "%s", err.text);
    kr_catalog_close(c);
}

static void prior(void *ctx, const kr_jcl_step *js, kr_jcl_result *res)
{
    kr_runner *r = ctx;
    memset(res, 0, sizeof *res);
    char label[18];
    step_label(js, label);
    const kr_run_step *s = prior_step(r, label);
    if (s) {
        if (!s->ran)
            res->status = KR_JCL_NOT_RUN;
        else if (s->abend[0]) {
            res->status = KR_JCL_ABENDED;
            snprintf(res->abend, sizeof res->abend, "%.5s", s->abend);
        } else {
            res->status = KR_JCL_ENDED;
            res->rc = s->rc;
        }
    }
}

/* ---- restart -------------------------------------------------------------------------------- */

/* The newest run of this job, its history loaded; 0 when it never ran. */
static bool find_prior(kr_runner *r, kr_catalog *c, kr_err *err)
{
    kr_run *runs = NULL;
    size_t n = 0;
    if (!kr_run_list(c, &runs, &n, err))
        return false;
    uint64_t id = 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(runs[i].job, r->job->name) == 0)
            id = runs[i].id;
    kr_runs_free(runs, n);
    if (!id)
        return kr_fail(err, KR_RC_ENV, "KRK1235E", "job %s: nothing to restart, it has never run on this data root",
                       r->job->name);
    int got = kr_run_get(c, id, &r->prior, err);
    if (got <= 0)
        return got == 0 ? kr_fail(err, KR_RC_FAIL, "KRK1235E", "run %llu is not in the catalog", (unsigned long long)id)
                        : false;
    r->have_prior = true;
    r->prior_run = id;
    return true;
}

/* "*": the first step of the restarted run that did not end well: it abended, could not
 * finish (rc 12 or more), could not start (a JCL error), or has no history (the run was
 * killed during it); NULL when every step ended well (the run was killed after its last
 * step: nothing is left to do). */
static void failed_step(kr_runner *r, char **out)
{
    for (size_t s = 0; s < r->job->n_steps; s++) {
        const kr_jcl_step *js = r->job->steps[s];
        char label[18];
        step_label(js, label);
        const kr_run_step *h = NULL;
        for (size_t i = 0; i < r->prior.n_steps; i++)
            if (strcmp(r->prior.steps[i].name, label) == 0)
                h = &r->prior.steps[i];
        if (!h || h->abend[0] || (h->ran && h->rc >= KR_RC_FAIL)) {
            *out = kr_xstrdup(label);
            return;
        }
    }
    *out = NULL;
}

/* ---- the job ------------------------------------------------------------------------------------ */

static void free_symbols(char **syms, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(syms[i]);
    free(syms);
}

static char **parse_symbols(const kr_run_opts *o, const char *calendar, size_t *n, kr_err *err)
{
    char **syms = NULL;
    *n = 0;
    kr_err_clear(err);
    if (!kr_run_date_symbols(o->run_date, calendar, &syms, n, err)) {
        free_symbols(syms, *n);
        return NULL;
    }
    for (size_t i = 0; i < o->n_symbols; i++) {
        syms = kr_xrealloc(syms, (*n + 1) * sizeof *syms);
        syms[(*n)++] = kr_xstrdup(o->symbols[i]);
    }
    return syms;
}

static void summary(kr_runner *r, const kr_run_result *res)
{
    if (!r->o->out)
        return;
    if (r->o->json) {
        fprintf(r->o->out, "{\"job\":\"%s\",\"run\":%llu,\"maxcc\":%d,\"abend\":\"%s\",\"jcl_error\":%s,\"steps\":[%s]}\n",
                r->job ? r->job->name : "", (unsigned long long)res->run, res->maxcc, res->abend,
                res->jcl_error ? "true" : "false", r->json.data ? r->json.data : "");
        return;
    }
    if (!r->table.len)
        return;
    fprintf(r->o->out, "%-8s %-8s %-8s %-10s %10s\n%s", "STEPNAME", "PROCSTEP", "PROGRAM", "RESULT", "ELAPSED",
            r->table.data);
}

static int job_rc(const kr_run_result *res)
{
    if (res->jcl_error)
        return KR_RC_ENV;
    if (res->abend[0])
        return 20;
    return res->maxcc > 255 ? 255 : res->maxcc;
}

int kr_run_job(const kr_run_opts *o, kr_run_result *res)
{
    memset(res, 0, sizeof *res);
    kr_runner r;
    memset(&r, 0, sizeof r);
    r.o = o;
    kr_buf_init(&r.table);
    kr_buf_init(&r.json);
    kr_run_local_open(&r, &r.local);
    kr_err err;
    kr_err_clear(&err);
    size_t n_syms = 0;
    char **syms = NULL;
    kr_enq *enq = NULL;
    kr_catalog *c = NULL;
    char *restart = NULL;
    bool nothing_to_do = false;
    /* The job is read once with Japan's calendar; when its JOB card names a city's calendar
     * (CALENDAR=), once more with the business days of that calendar. */
    const char *calendar = NULL;
    bool ok = true;
    for (int pass = 0; ok && pass < 2; pass++) {
        kr_jcl_free(r.job);
        r.job = NULL;
        free_symbols(syms, n_syms);
        syms = parse_symbols(o, calendar, &n_syms, &err);
        ok = syms != NULL;
        if (ok && err.rc && o->log)
            fprintf(o->log, "%s\n", err.text);
        if (ok) {
            kr_jcl_parse_opts po = {o->proc_dirs, o->n_proc_dirs, (const char *const *)syms, n_syms};
            kr_diags d;
            kr_diags_init(&d);
            r.job = kr_jcl_parse(o->jcl, &po, &d);
            if (o->log && (pass == 1 || !r.job || !r.job->calendar))
                kr_diags_print(&d, o->log);
            kr_diags_free(&d);
            ok = r.job != NULL;
            if (!ok)
                kr_err_clear(&err);
        }
        if (!ok || !r.job->calendar || pass == 1)
            break;
        calendar = kr_xstrdup(r.job->calendar);
    }
    /* The roles file must give this user 'run' before anything is made under the data root,
     * the catalog is opened or a step is submitted (locally or to Slurm). */
    int denied_rc = KR_RC_OK;
    if (ok && !kr_guard_allowed(r.job->name, "RUN", "run", o->log ? o->log : stderr, &denied_rc))
        ok = false;
    char *kiroku_dir = kr_xasprintf("%s/.kiroku", o->root);
    char *jobs_dir = kr_xasprintf("%s/jobs", kiroku_dir);
    char *spool_dir = kr_xasprintf("%s/spool", kiroku_dir);
    ok = ok && make_dir(o->root, &err) && make_dir(kiroku_dir, &err) && make_dir(jobs_dir, &err) &&
         make_dir(spool_dir, &err);
    if (ok) {
        r.jobdir = kr_xasprintf("%s/%s", jobs_dir, r.job->name);
        char *temp = kr_xasprintf("%s/temp", r.jobdir), *work = kr_xasprintf("%s/work", r.jobdir);
        ok = make_dir(r.jobdir, &err) && make_dir(temp, &err) && make_dir(work, &err);
        free(temp);
        free(work);
    }
    ok = ok && (enq = enqueue(&r, &err)) != NULL;
    /* Slurm answers before anything runs or is recorded. */
    if (ok && o->on == KR_RUN_ON_SLURM)
        ok = r.on_slurm = kr_run_slurm_open(&r, &r.slurm, &err);
    ok = ok && (c = kr_catalog_open(o->root, true, &err)) != NULL;
    const char *asked = o->restart ? o->restart : r.job ? r.job->restart : NULL;
    if (ok && asked) {
        ok = find_prior(&r, c, &err);
        if (ok && strcmp(asked, "*") == 0) {
            failed_step(&r, &restart);
            if (!restart) {
                if (o->log)
                    fprintf(o->log, "KRK1236I job %s: run %llu ended every step well; nothing to restart\n",
                            r.job->name, (unsigned long long)r.prior_run);
                nothing_to_do = true;
                ok = false;
            }
        } else if (ok)
            restart = kr_xstrdup(asked);
    }
    if (ok) {
        kr_run rec;
        memset(&rec, 0, sizeof rec);
        snprintf(rec.job, sizeof rec.job, "%s", r.job->name);
        snprintf(rec.jcl, sizeof rec.jcl, "%s", o->jcl);
        kr_cal_format_date(o->run_date, rec.date);
        snprintf(rec.user, sizeof rec.user, "%s", user_name());
        rec.start = (int64_t)time(NULL);
        rec.restart_of = r.prior_run;
        ok = kr_run_begin(c, &rec, &r.run, &err) && (!r.prior_run || kr_gdg_adopt(c, r.prior_run, r.run, &err));
    }
    char *bias = r.jobdir ? kr_xasprintf("%s/gdgbias", r.jobdir) : NULL;
    r.newgens = r.jobdir ? kr_xasprintf("%s/newgens", r.jobdir) : NULL;
    if (ok && !restart) {
        unlink(r.newgens);
        char *temp = kr_xasprintf("%s/temp", r.jobdir);
        empty_dir(temp);
        free(temp);
        ok = bias_take(&r, c, bias, &err);
    } else if (ok && !bias_load(&r, bias))
        ok = bias_take(&r, c, bias, &err);
    free(bias);
    kr_catalog_close(c);
    c = NULL;
    if (ok) {
        r.spooldir = kr_xasprintf("%s/%06llu", spool_dir, (unsigned long long)r.run);
        ok = make_dir(r.spooldir, &err);
        char *log = ok ? kr_xasprintf("%s/JESMSGLG", r.spooldir) : NULL;
        if (ok && !(r.joblog = fopen(log, "w")))
            ok = kr_fail(&err, KR_RC_FAIL, "KRK1230E", "%s: cannot create the job log: %s", log, strerror(errno));
        free(log);
    }
    /* The audit log, when one is configured ($KIROKU_AUDIT): entries carry the job's name.
     * A log that is configured but cannot be opened stops the job: nothing runs unaudited. */
    const char *audit_dir = ok ? kr_audit_default_dir() : NULL;
    if (audit_dir && !(r.audit = kr_audit_open(audit_dir, r.job->name, &err)))
        ok = false;
    char run_id[24];
    snprintf(run_id, sizeof run_id, "%llu", (unsigned long long)r.run);
    if (ok) {
        char date[11];
        kr_cal_format_date(o->run_date, date);
        kr_audit_field f[] = {{"job", r.job->name}, {"run", run_id}, {"jcl", o->jcl}, {"date", date},
                              {"root", o->root}, {"restart", restart ? restart : ""}};
        kr_run_audit(&r, "job-start", f, sizeof f / sizeof f[0]);
    }
    res->run = r.run;
    kr_jcl_outcome out;
    memset(&out, 0, sizeof out);
    if (ok) {
        char date[11];
        kr_cal_format_date(o->run_date, date);
        kr_run_log(&r, "KRK1255I %-8s - JOB STARTED: run %llu, %s, run date %s, user %s%s%s", r.job->name,
                   (unsigned long long)r.run, o->jcl, date, user_name(), restart ? ", restart at " : "",
                   restart ? restart : "");
        kr_jcl_walk_ops ops = {run_step, bypassed, prior};
        bool walked = kr_jcl_walk(r.job, restart, &ops, &r, &out, &err);
        if (!walked)
            kr_run_log(&r, "%s", err.text);
        res->maxcc = r.maxcc;
        res->jcl_error = r.not_started;
        snprintf(res->abend, sizeof res->abend, "%s", r.abend);
        if (!walked && !res->abend[0])
            snprintf(res->abend, sizeof res->abend, "%s", o->cancel && *o->cancel ? "S222" : "S0C1");
        bool failed = res->abend[0] || out.ended_by || r.maxcc >= KR_RC_FAIL || !walked;
        c = kr_catalog_open(o->root, true, &err);
        if (c) {
            /* A JCL error ends the job with 16 whatever its steps returned. */
            kr_run_end(c, r.run, r.not_started && r.maxcc < KR_RC_ENV ? KR_RC_ENV : r.maxcc, res->abend,
                       (int64_t)time(NULL), &err);
            /* A job that ended well leaves nothing for a restart: temporaries go, and the
             * generations it reserved but did not roll in are given up. */
            if (!failed)
                kr_gdg_abandon(c, r.run, &err);
            kr_catalog_close(c);
        }
        if (!failed) {
            char *temp = kr_xasprintf("%s/temp", r.jobdir);
            empty_dir(temp);
            free(temp);
        }
        char maxcc[16];
        snprintf(maxcc, sizeof maxcc, "%d", r.maxcc);
        kr_audit_field f[] = {{"job", r.job->name}, {"run", run_id}, {"maxcc", maxcc}, {"abend", res->abend},
                              {"jcl-error", r.not_started ? "yes" : "no"}};
        kr_run_audit(&r, "job-end", f, sizeof f / sizeof f[0]);
        kr_run_log(&r, "KRK1259I %-8s - JOB ENDED: %sMAXCC %04d%s%s%s", r.job->name, r.not_started ? "JCL ERROR, " : "",
                   r.maxcc, res->abend[0] ? ", ABEND " : "", res->abend, failed ? "; restart with --restart" : "");
        if (r.audit && !r.audit_failed) {
            /* The chain's head, anchored outside the log: in the job log. */
            char head[KR_AUDIT_HEAD_MAX];
            kr_audit_head(r.audit, head);
            kr_run_log(&r, "KRK1260I %-8s - AUDIT HEAD %s", r.job->name, head);
        }
    } else if (!nothing_to_do) {
        if (err.text[0] && o->log)
            fprintf(o->log, "%s\n", err.text);
        res->jcl_error = true;
        if (o->log && r.job)
            fprintf(o->log, "KRK1252E %-8s - JOB NOT RUN\n", r.job->name);
    }
    summary(&r, res);
    r.local.close(r.local.self);
    if (r.on_slurm)
        r.slurm.close(r.slurm.self);
    kr_audit_close(r.audit);
    if (r.joblog)
        fclose(r.joblog);
    kr_enq_release(enq);
    free_symbols(syms, n_syms);
    free((char *)calendar);
    for (size_t i = 0; i < r.n_bias; i++)
        free(r.bias[i].gens);
    free(r.bias);
    if (r.have_prior)
        kr_run_free(&r.prior);
    free(restart);
    free(kiroku_dir);
    free(jobs_dir);
    free(spool_dir);
    free(r.jobdir);
    free(r.newgens);
    free(r.spooldir);
    kr_buf_free(&r.table);
    kr_buf_free(&r.json);
    kr_jcl_free(r.job);
    return job_rc(res);
}
