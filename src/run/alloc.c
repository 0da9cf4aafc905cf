/* alloc.c: a step's data sets before it runs (names to files under the data root, the
 * generation (+1) reserved for the run, (0)/(-n) from the job's GDG bias, temporaries in the
 * job's folder, in-stream data, DISP=NEW/OLD/SHR/MOD checked) and after it (the dispositions
 * and the step's history, committed to the catalog in one transaction). */
#include "run_private.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static const char *status_name(kr_jcl_status s)
{
    static const char *const names[] = {"NEW", "OLD", "SHR", "MOD"};
    return names[s];
}

/* (0) or (-n) of base as the job saw it at its start. */
static bool bias_resolve(kr_runner *r, const char *base, int rel, char out[KR_DSN_MAX + 1], kr_err *err)
{
    for (size_t i = 0; i < r->n_bias; i++)
        if (strcmp(r->bias[i].base, base) == 0) {
            const kr_gdgbias *b = &r->bias[i];
            if ((size_t)-rel >= b->n)
                return kr_fail(err, KR_RC_ENV, "KRK1335E", "%s(%d): the group had %zu generation%s when the job started",
                               base, rel, b->n, b->n == 1 ? "" : "s");
            kr_gen_name(base, b->gens[b->n - 1 - (size_t)-rel], out);
            return true;
        }
    return kr_fail(err, KR_RC_ENV, "KRK1334E", "%s is not a generation data group (define it with IDCAMS)", base);
}

/* (+1) of base for this job: the generation it reserved, the same in every step and in a
 * restart (the list in the job's folder), reserved in the catalog the first time. */
static bool new_generation(kr_runner *r, kr_catalog *c, const char *base, char out[KR_DSN_MAX + 1], kr_err *err)
{
    FILE *f = fopen(r->newgens, "r");
    char line[2 * KR_DSN_MAX + 4], b[KR_DSN_MAX + 1], dsn[KR_DSN_MAX + 1];
    bool found = false;
    while (f && !found && fgets(line, sizeof line, f))
        if (sscanf(line, "%44s %44s", b, dsn) == 2 && strcmp(b, base) == 0) {
            snprintf(out, KR_DSN_MAX + 1, "%s", dsn);
            found = true;
        }
    if (f)
        fclose(f);
    if (found)
        return true;
    char ref[KR_DSN_MAX + 8];
    snprintf(ref, sizeof ref, "%s(+1)", base);
    kr_resolved res;
    if (!kr_catalog_resolve(c, ref, r->run, &res, err))
        return false;
    snprintf(out, KR_DSN_MAX + 1, "%s", res.dsn);
    f = fopen(r->newgens, "a");
    bool ok = f && fprintf(f, "%s %s\n", base, out) > 0;
    if (f && (fflush(f) != 0 || fsync(fileno(f)) != 0))
        ok = false;
    if (f && fclose(f) != 0)
        ok = false;
    return ok || kr_fail(err, KR_RC_FAIL, "KRK1233E", "%s: cannot note the job's new generation: %s", r->newgens,
                         strerror(errno));
}

/* The layout of a data set: LAYOUT= on the DD, else what the catalog keeps. */
static void set_layout(kr_alloc *a, const kr_jcl_dd *dd, const kr_dsinfo *info, bool cataloged)
{
    if (dd->layout)
        a->layout = kr_xstrdup(dd->layout);
    else if (cataloged && info->layout[0])
        a->layout = kr_xstrdup(info->layout);
    if (a->layout) {
        kr_diags d;
        kr_diags_init(&d);
        kr_layout *l = kr_layout_load(a->layout, &d);
        kr_diags_free(&d);
        if (l)
            a->stride = l->length + kr_terminator_len(l->terminator);
        kr_layout_free(l);
    }
}

/* A GDG named whole (GDGORDER=, z/OS's GDG ALL request): every generation as the job saw it
 * at its start, as one concatenation, the oldest first (FIFO) or the newest first (LIFO);
 * no generation reads as DUMMY. */
static bool allocate_gdg_all(kr_runner *r, const kr_jcl_step *js, const kr_jcl_dd *dd, kr_alloc *a, kr_err *err)
{
    if (!kr_dsn_check(dd->dsn, a->base, err))
        return false;
    const kr_gdgbias *b = NULL;
    for (size_t i = 0; i < r->n_bias; i++)
        if (strcmp(r->bias[i].base, a->base) == 0)
            b = &r->bias[i];
    if (!b)
        return kr_fail(err, KR_RC_ENV, "KRK1334E", "step %s DD %s: %s (GDGORDER=) is not a generation data group "
                       "(define it with IDCAMS) (%s:%d)", js->name, a->ddname, a->base, dd->source, dd->line);
    snprintf(a->dsn, sizeof a->dsn, "%s", a->base);
    set_layout(a, dd, NULL, false);
    if (b->n == 0) {
        a->dummy = true;
        return true;
    }
    for (size_t k = 0; k < b->n; k++) {
        char dsn[KR_DSN_MAX + 1];
        kr_gen_name(a->base, b->gens[dd->gdgorder == KR_JCL_GDG_FIFO ? k : b->n - 1 - k], dsn);
        char *path = kr_dsn_path(r->o->root, dsn);
        if (!file_exists(path)) {
            kr_fail(err, KR_RC_ENV, "KRK1242E", "step %s DD %s: generation %s of %s is not at %s (%s:%d)", js->name,
                    a->ddname, dsn, a->base, path, dd->source, dd->line);
            free(path);
            return false;
        }
        if (k == 0) {
            a->path = path;
            continue;
        }
        a->concat = kr_xrealloc(a->concat, (a->n_concat + 1) * sizeof *a->concat);
        a->concat[a->n_concat++] = path;
    }
    return true;
}

/* A permanent data set: its absolute name, its file and the DISP checks. */
static bool allocate_dataset(kr_runner *r, kr_catalog *c, const kr_jcl_step *js, const kr_jcl_dd *dd, kr_alloc *a,
                             kr_err *err)
{
    const char *root = r->o->root;
    if (dd->has_gen) {
        char base[KR_DSN_MAX + 1];
        if (!kr_dsn_check(dd->dsn, base, err))
            return false;
        snprintf(a->base, sizeof a->base, "%s", base);
        a->generation = true;
        if (dd->gen > 0) {
            /* (+1) is the job's new generation: made by the step that says NEW, read by later
             * steps that say OLD or SHR. */
            if (dd->gen > 1)
                return kr_fail(err, KR_RC_ENV, "KRK1336E", "%s:%d: %s(+%d): kiroku creates one new generation per GDG and job, (+1)",
                               dd->source, dd->line, base, dd->gen);
            if (!new_generation(r, c, base, a->dsn, err))
                return false;
            a->is_new = dd->status == KR_JCL_NEW;
            if (a->is_new && !kr_dsn_mkdir(r->o->root, a->dsn, err))
                return false;
        } else if (!bias_resolve(r, base, dd->gen, a->dsn, err))
            return false;
    } else if (!kr_dsn_check(dd->dsn, a->dsn, err))
        return false;
    a->path = kr_dsn_path(root, a->dsn);
    kr_dsinfo info;
    int cataloged = kr_ds_lookup(c, a->dsn, &info, err);
    if (cataloged < 0)
        return false;
    a->existed = file_exists(a->path);
    set_layout(a, dd, &info, cataloged == 1);
    /* The job holds the data set exclusively: what a killed step's writer left beside it goes. */
    if (dd->status != KR_JCL_SHR)
        kr_dsn_remove_temps(root, a->dsn);
    switch (dd->status) {
    case KR_JCL_NEW:
        a->output = true;
        if (a->is_new)
            break;
        if (cataloged && r->prior_run && info.run == r->prior_run) {
            /* The run being restarted made it: the restart writes it again. */
            if (!kr_ds_delete(c, a->dsn, true, err))
                return false;
            break;
        }
        if (cataloged)
            return kr_fail(err, KR_RC_ENV, "KRK1240E", "step %s DD %s: %s is NEW but cataloged already (%s:%d)",
                           js->name, a->ddname, a->dsn, dd->source, dd->line);
        if (a->existed && !r->prior_run)
            return kr_fail(err, KR_RC_ENV, "KRK1241E",
                           "step %s DD %s: %s is NEW but its file %s exists, not cataloged (left by a run that "
                           "was killed? restart that run with --restart, or remove the file)",
                           js->name, a->ddname, a->dsn, a->path);
        return kr_dsn_mkdir(root, a->dsn, err);
    case KR_JCL_MOD:
        a->output = true;
        a->modpath = kr_xasprintf("%s/mod.%s.%s", r->jobdir, js->name, a->ddname);
        unlink(a->modpath);
        return kr_dsn_mkdir(root, a->dsn, err);
    case KR_JCL_OLD:
    case KR_JCL_SHR:
        if (!cataloged && !a->existed)
            return kr_fail(err, KR_RC_ENV, "KRK1242E", "step %s DD %s: %s (DISP=%s) is neither cataloged nor at %s (%s:%d)",
                           js->name, a->ddname, a->dsn, status_name(dd->status), a->path, dd->source, dd->line);
        break;
    }
    return true;
}

static bool allocate_one(kr_runner *r, kr_catalog *c, const kr_jcl_step *js, const kr_jcl_dd *dd, kr_alloc *a,
                         kr_err *err)
{
    if (dd->kind == KR_JCL_DD_SYSOUT) {
        a->sysout = true;
        return true;
    }
    if (dd->kind == KR_JCL_DD_DUMMY) {
        a->dummy = true;
        return true;
    }
    if (dd->kind == KR_JCL_DD_INSTREAM) {
        a->instream = true;
        return true;
    }
    if (dd->path) {
        /* A file outside the data root (the control statements under jobs/): relative to the
         * folder of the JCL that names it; read where it is, never cataloged or disposed. */
        a->unix_file = true;
        if (dd->path[0] == '/')
            a->path = kr_xstrdup(dd->path);
        else {
            const char *src = dd->source ? dd->source : r->o->jcl;
            const char *slash = strrchr(src, '/');
            a->path = slash ? kr_xasprintf("%.*s/%s", (int)(slash - src), src, dd->path) : kr_xstrdup(dd->path);
        }
        a->existed = file_exists(a->path);
        a->output = dd->status == KR_JCL_NEW || dd->status == KR_JCL_MOD;
        if (!a->output && !a->existed)
            return kr_fail(err, KR_RC_ENV, "KRK1242E", "step %s DD %s: PATH='%s' is not there (%s) (%s:%d)", js->name,
                           a->ddname, dd->path, a->path, dd->source, dd->line);
        set_layout(a, dd, NULL, false);
        return true;
    }
    if (dd->temporary) {
        a->temporary = true;
        a->path = kr_xasprintf("%s/temp/%s", r->jobdir, dd->dsn ? dd->dsn : a->ddname);
        a->existed = file_exists(a->path);
        a->output = dd->status == KR_JCL_NEW || dd->status == KR_JCL_MOD;
        if (!a->output && !a->existed)
            return kr_fail(err, KR_RC_ENV, "KRK1242E", "step %s DD %s: the temporary data set &&%s was not passed by an earlier step (%s:%d)",
                           js->name, a->ddname, dd->dsn ? dd->dsn : a->ddname, dd->source, dd->line);
        /* NEW again (a restart): what the earlier try left goes first; a folder (a ledger
         * LEDGER LOAD makes) is not replaced by a writer as a file is */
        if (dd->status == KR_JCL_NEW && a->existed) {
            kr_remove_path(a->path);
            a->existed = false;
        }
        if (dd->status == KR_JCL_MOD) {
            a->modpath = kr_xasprintf("%s/mod.%s.%s", r->jobdir, js->name, a->ddname);
            unlink(a->modpath);
        }
        set_layout(a, dd, NULL, false);
        return true;
    }
    if (dd->gdgorder)
        return allocate_gdg_all(r, js, dd, a, err);
    return allocate_dataset(r, c, js, dd, a, err);
}

bool kr_run_allocate(kr_runner *r, const kr_jcl_step *js, kr_alloc **allocs, size_t *n, kr_step *st, kr_err *err)
{
    *allocs = kr_xcalloc(js->n_dds + 1, sizeof **allocs);
    *n = 0;
    /* The catalog is opened only for a step that names a cataloged data set. */
    bool named = false;
    for (size_t i = 0; i < js->n_dds; i++)
        for (size_t k = 0; k <= js->dds[i].n_concat; k++) {
            const kr_jcl_dd *dd = k == 0 ? &js->dds[i] : &js->dds[i].concat[k - 1];
            named |= dd->kind == KR_JCL_DD_DATASET && !dd->temporary && !dd->path;
        }
    kr_catalog *c = named ? kr_catalog_open(r->o->root, true, err) : NULL;
    if (named && !c)
        return false;
    bool ok = true;
    for (size_t i = 0; ok && i < js->n_dds; i++) {
        const kr_jcl_dd *dd = &js->dds[i];
        kr_alloc *a = &(*allocs)[(*n)++];
        a->dd = dd;
        snprintf(a->ddname, sizeof a->ddname, "%s", dd->name ? dd->name : "");
        ok = allocate_one(r, c, js, dd, a, err);
        for (size_t k = 0; ok && k < dd->n_concat; k++) {
            kr_alloc member = {0};
            snprintf(member.ddname, sizeof member.ddname, "%s", a->ddname);
            ok = allocate_one(r, c, js, &dd->concat[k], &member, err);
            if (ok && member.dummy && dd->concat[k].gdgorder) {
                kr_run_allocs_free(&member, 1);
                continue; /* a GDG named whole that has no generation adds nothing */
            }
            if (ok && !member.path)
                ok = kr_fail(err, KR_RC_ENV, "KRK1244E", "step %s DD %s: a concatenation joins data sets only (%s:%d)",
                             js->name, a->ddname, dd->concat[k].source, dd->concat[k].line);
            if (ok) {
                a->concat = kr_xrealloc(a->concat, (a->n_concat + 1) * sizeof *a->concat);
                a->concat[a->n_concat++] = member.path;
                member.path = NULL;
                for (size_t m = 0; m < member.n_concat; m++) {
                    a->concat = kr_xrealloc(a->concat, (a->n_concat + 1) * sizeof *a->concat);
                    a->concat[a->n_concat++] = member.concat[m];
                }
                member.n_concat = 0;
            }
            kr_run_allocs_free(&member, 1);
        }
        if (ok && a->dummy && dd->gdgorder && a->n_concat) {
            /* an empty GDG named whole, then other data sets: they are the concatenation */
            a->dummy = false;
            a->path = a->concat[0];
            memmove(a->concat, a->concat + 1, --a->n_concat * sizeof *a->concat);
        }
        if (!ok || a->sysout)
            continue;
        kr_dd_bind *b = kr_step_add_dd(st, a->ddname, a->modpath ? a->modpath : a->path);
        b->dummy = a->dummy;
        b->layout = a->layout ? kr_xstrdup(a->layout) : NULL;
        b->lrecl = dd->lrecl > 0 ? (size_t)dd->lrecl : 0;
        if (dd->recfm && (dd->recfm[0] == 'V' || dd->recfm[0] == 'v'))
            b->terminator = KR_TERM_RDW; /* RECFM=V/VB: records after their RDW (recio.h) */
        for (size_t k = 0; k < a->n_concat; k++)
            kr_dd_add_path(b, a->concat[k]);
        if (a->instream) {
            b->text = kr_xstrndup(dd->data ? dd->data : "", dd->data_len);
            b->text_len = dd->data_len;
            b->label = kr_xasprintf("%s:%d(%s.%s)", dd->source, dd->line + 1, js->name, a->ddname);
        }
    }
    kr_catalog_close(c);
    return ok;
}

void kr_run_allocs_free(kr_alloc *allocs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(allocs[i].path);
        free(allocs[i].modpath);
        free(allocs[i].layout);
        for (size_t k = 0; k < allocs[i].n_concat; k++)
            free(allocs[i].concat[k]);
        free(allocs[i].concat);
    }
}

/* ---- after the step -------------------------------------------------------------------- */

/* DISP=MOD: the step's records appended to the data set, atomically (a copy of the old file
 * with the new records after it, renamed into place). */
static bool append_mod(const kr_alloc *a, kr_err *err)
{
    if (!file_exists(a->modpath))
        return true;
    char *tmp = kr_xasprintf("%s.kiroku-mod.tmp", a->path);
    int out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    bool ok = out >= 0;
    const char *parts[2] = {a->path, a->modpath};
    char *buf = kr_xmalloc(1u << 20);
    for (int i = 0; ok && i < 2; i++) {
        int in = open(parts[i], O_RDONLY | O_CLOEXEC);
        if (in < 0) {
            ok = i == 0 && errno == ENOENT;
            continue;
        }
        ssize_t got;
        while (ok && (got = read(in, buf, 1u << 20)) > 0)
            ok = write(out, buf, (size_t)got) == got;
        ok = ok && got == 0;
        close(in);
    }
    free(buf);
    ok = ok && fsync(out) == 0;
    if (out >= 0 && close(out) != 0)
        ok = false;
    ok = ok && rename(tmp, a->path) == 0;
    if (!ok) {
        kr_fail(err, KR_RC_FAIL, "KRK1245E", "cannot add the records of DD %s to %s: %s", a->ddname, a->path,
                strerror(errno));
        unlink(tmp);
    } else
        unlink(a->modpath);
    free(tmp);
    return ok;
}

/* Whether the records of a DD are counted (its layout is known). */
static bool allocs_counted(const kr_alloc *allocs, size_t n, const char *ddname)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(allocs[i].ddname, ddname) == 0)
            return allocs[i].stride != 0;
    return false;
}

static uint64_t records_in(const char *path, size_t stride)
{
    struct stat st;
    if (!path || !stride || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    return (uint64_t)st.st_size / stride;
}

/* The records of a data set; of every generation for a GDG named whole. */
static uint64_t records_of(const kr_alloc *a)
{
    uint64_t n = records_in(a->path, a->stride);
    for (size_t k = 0; a->dd && a->dd->gdgorder && k < a->n_concat; k++)
        n += records_in(a->concat[k], a->stride);
    return n;
}

/* One data set's disposition inside the step's catalog transaction. */
static bool dispose_one(kr_runner *r, kr_catalog *c, const kr_alloc *a, kr_jcl_disp disp, bool abended, kr_err *err)
{
    if (a->unix_file)
        return true;
    if (a->temporary)
        return true; /* deleted after the commit (below), so that a restart still finds it */
    bool there = file_exists(a->path);
    kr_dsinfo info;
    int cataloged = kr_ds_lookup(c, a->dsn, &info, err);
    if (cataloged < 0)
        return false;
    switch (disp) {
    case KR_JCL_CATLG:
        if (!there) {
            kr_run_log(r, "KRK1246W %-8s %-8s %s: not cataloged: the step left no data set", r->job->name,
                       a->ddname, a->dsn);
            return true;
        }
        if (cataloged)
            return true;
        if (a->is_new) {
            kr_buf note;
            kr_buf_init(&note);
            bool ok = kr_gdg_roll_in(c, a->base, r->run, a->layout, &note, err);
            if (ok)
                kr_run_log(r, "KRK1247I %-8s %-8s %s rolled into %s", r->job->name, a->ddname, a->dsn, a->base);
            if (note.len)
                kr_run_log(r, "%.*s", (int)(note.len && note.data[note.len - 1] == '\n' ? note.len - 1 : note.len),
                           note.data);
            kr_buf_free(&note);
            return ok;
        }
        if (!kr_ds_catalog(c, a->dsn, a->layout, r->run, err))
            return false;
        kr_run_log(r, "KRK1248I %-8s %-8s %s cataloged", r->job->name, a->ddname, a->dsn);
        return true;
    case KR_JCL_DELETE:
        if (cataloged) {
            if (!kr_ds_delete(c, a->dsn, true, err))
                return false;
        } else if (there && unlink(a->path) != 0)
            return kr_fail(err, KR_RC_FAIL, "KRK1249E", "cannot delete %s: %s", a->path, strerror(errno));
        if (cataloged || there)
            kr_run_log(r, "KRK1250I %-8s %-8s %s deleted%s", r->job->name, a->ddname, a->dsn, abended ? " (abnormal end)" : "");
        return true;
    case KR_JCL_UNCATLG:
        if (cataloged && !kr_ds_uncatalog(c, a->dsn, err))
            return false;
        return true;
    case KR_JCL_KEEP:
    case KR_JCL_PASS:
        return true;
    }
    return true;
}

bool kr_run_dispose(kr_runner *r, const kr_jcl_step *js, kr_alloc *allocs, size_t n, const kr_jcl_result *res,
                    double elapsed, kr_err *err)
{
    bool abended = res->status == KR_JCL_ABENDED;
    for (size_t i = 0; i < n; i++)
        if (!abended && allocs[i].modpath && !append_mod(&allocs[i], err))
            return false;
    kr_run_step hist;
    memset(&hist, 0, sizeof hist);
    if (js->procstep)
        snprintf(hist.name, sizeof hist.name, "%.8s.%.8s", js->name, js->procstep);
    else
        snprintf(hist.name, sizeof hist.name, "%.8s", js->name);
    snprintf(hist.program, sizeof hist.program, "%.8s", js->pgm ? js->pgm : "");
    hist.ran = true;
    hist.rc = res->status == KR_JCL_ENDED ? res->rc : 0;
    snprintf(hist.abend, sizeof hist.abend, "%s", abended ? res->abend : "");
    hist.elapsed_ms = (uint64_t)(elapsed * 1000);
    hist.dds = kr_xcalloc(n + 1, sizeof *hist.dds);
    for (size_t i = 0; i < n; i++) {
        const kr_alloc *a = &allocs[i];
        if (a->sysout || a->dummy || a->instream)
            continue;
        kr_run_dd *d = &hist.dds[hist.n_dds++];
        snprintf(d->ddname, sizeof d->ddname, "%s", a->ddname);
        snprintf(d->dsn, sizeof d->dsn, "%s", a->temporary || a->unix_file ? "" : a->dsn);
        d->output = a->output;
        d->records = records_of(a);
        struct stat st;
        if (a->output && !abended && stat(a->path, &st) == 0 && S_ISREG(st.st_mode) &&
            !kr_sha256_file(a->path, d->sha256, err)) {
            free(hist.dds);
            return false;
        }
    }
    kr_catalog *c = kr_catalog_open(r->o->root, true, err);
    bool ok = c && kr_catalog_begin(c, err);
    for (size_t i = 0; ok && i < n; i++) {
        const kr_alloc *a = &allocs[i];
        if (a->sysout || a->dummy || a->instream)
            continue;
        ok = dispose_one(r, c, a, abended ? a->dd->abnormal : a->dd->normal, abended, err);
    }
    ok = ok && kr_run_add_step(c, r->run, &hist, err);
    if (ok)
        ok = kr_catalog_commit(c, err);
    else if (c)
        kr_catalog_abort(c);
    kr_catalog_close(c);
    /* A temporary data set whose disposition is DELETE goes only once the step's history is
     * committed: killed before, the restart at this step reads it again. */
    for (size_t i = 0; ok && i < n; i++)
        if (allocs[i].temporary && (abended ? allocs[i].dd->abnormal : allocs[i].dd->normal) == KR_JCL_DELETE)
            kr_remove_path(allocs[i].path);
    /* The step in the audit log: program, outcome, every data set with its records and digest. */
    kr_buf ins, outs;
    kr_buf_init(&ins);
    kr_buf_init(&outs);
    for (size_t i = 0; i < hist.n_dds; i++) {
        kr_buf *b = hist.dds[i].output ? &outs : &ins;
        kr_buf_addf(b, "%s%s=%s:%llu%s%s", b->len ? ";" : "", hist.dds[i].ddname,
                    hist.dds[i].dsn[0] ? hist.dds[i].dsn : "(temporary)", (unsigned long long)hist.dds[i].records,
                    hist.dds[i].sha256[0] ? ":" : "", hist.dds[i].sha256);
    }
    char run[24], result[24];
    snprintf(run, sizeof run, "%llu", (unsigned long long)r->run);
    if (abended)
        snprintf(result, sizeof result, "ABEND %s", res->abend);
    else
        snprintf(result, sizeof result, "RC %04d", res->rc);
    kr_audit_field f[] = {{"job", r->job->name}, {"run", run}, {"step", hist.name}, {"program", hist.program},
                          {"result", result}, {"inputs", ins.data ? ins.data : ""},
                          {"outputs", outs.data ? outs.data : ""}};
    kr_run_audit(r, "step-end", f, sizeof f / sizeof f[0]);
    kr_buf_free(&ins);
    kr_buf_free(&outs);
    for (size_t i = 0; i < hist.n_dds; i++)
        if (hist.dds[i].records || hist.dds[i].sha256[0])
        {
            char count[40] = "";
            if (allocs_counted(allocs, n, hist.dds[i].ddname))
                snprintf(count, sizeof count, " %llu record%s", (unsigned long long)hist.dds[i].records,
                         hist.dds[i].records == 1 ? "" : "s");
            kr_run_log(r, "KRK1251I %-8s %-8s %-8s %s%s%s%.16s", r->job->name, hist.name, hist.dds[i].ddname,
                       hist.dds[i].dsn[0] ? hist.dds[i].dsn : "(temporary)", count,
                       hist.dds[i].sha256[0] ? " sha256 " : "", hist.dds[i].sha256);
        }
    free(hist.dds);
    return ok;
}
