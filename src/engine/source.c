/* source.c: where the SORT program's records come from: the files of a DD (framing records
 * handed to the output stage on the way), the stage that applies SKIPREC, INCLUDE/OMIT,
 * STOPAFT and INREC, and the sequence check of inputs that must already be in key order.
 * Also the job's shared helpers: failures, warnings, interruption and progress. */
#include "sortjob.h"
#include "vb.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- the job ---------------------------------------------------------------------------- */

double job_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool job_fail(sortjob *j, const kr_err *e)
{
    if (!j->err.text[0])
        j->err = *e;
    if (e->rc > j->rc)
        j->rc = e->rc;
    return false;
}

bool job_failf(sortjob *j, int rc, const char *id, const char *fmt, ...)
{
    kr_err e;
    va_list ap;
    va_start(ap, fmt);
    kr_vfail(&e, rc, id, fmt, ap);
    va_end(ap);
    return job_fail(j, &e);
}

void job_warn(sortjob *j, const char *id, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(j->o->listing, "%s ", id);
    vfprintf(j->o->listing, fmt, ap);
    fprintf(j->o->listing, "\n");
    va_end(ap);
    if (j->rc < KR_RC_WARN)
        j->rc = KR_RC_WARN;
}

bool job_interrupted(sortjob *j)
{
    if (!kr_cancelled(j->o->cancel))
        return false;
    kr_err e;
    kr_fail_cancelled(&e, "SORT", UINT64_MAX, "no output was written");
    return !job_fail(j, &e);
}

void progress_tick(sortjob *j, progress *p, const char *what, uint64_t n)
{
    if (!j->o->progress)
        return;
    double t = job_now();
    if (t - j->started < 3.0 || t - p->last < 1.0)
        return;
    p->last = t;
    p->shown = true;
    fprintf(j->o->progress, "\rkiroku SORT: %s %llu records (%.0f s)   ", what, (unsigned long long)n, t - j->started);
    fflush(j->o->progress);
}

void progress_end(sortjob *j, progress *p)
{
    if (p->shown) {
        fprintf(j->o->progress, "\n");
        p->shown = false;
    }
}

bool source_problem(sortjob *j, const recsrc *src, const char *what, const kr_problem *pb)
{
    kr_buf w;
    kr_buf_init(&w);
    src->where(src->self, &w);
    bool r = job_failf(j, KR_RC_FAIL, pb->id ? pb->id : "KRK0690E", "%s byte %zu: %s: %s", w.data, pb->offset + 1,
                       what, pb->reason);
    kr_buf_free(&w);
    return r;
}

/* ---- files -------------------------------------------------------------------------------- */

void filesrc_init(filesrc *f, sortjob *j, const char *ddname, const char *const *paths, size_t n_paths,
                  const kr_layout *l, size_t lrecl, kr_terminator term, int frame_source)
{
    memset(f, 0, sizeof *f);
    f->j = j;
    f->ddname = ddname;
    f->paths = paths;
    f->n_paths = n_paths;
    f->layout = l;
    f->lrecl = lrecl;
    f->term = term;
    f->stride = lrecl + kr_terminator_len(term);
    f->framed = l && (l->has_header || l->has_trailer || l->has_end);
    f->frame_source = frame_source;
}

void filesrc_free(filesrc *f)
{
    kr_reader_close(f->r);
    f->r = NULL;
    kr_totals_free(f->totals);
    f->totals = NULL;
}

static void filesrc_where(void *self, kr_buf *out)
{
    filesrc *f = self;
    const char *path = f->ipath < f->n_paths ? f->paths[f->ipath] : f->paths[f->n_paths ? f->n_paths - 1 : 0];
    kr_buf_addf(out, "%s %s record %llu (file offset %llu)", f->ddname, path, (unsigned long long)f->recno,
                (unsigned long long)f->offset);
}

static int filesrc_fail(filesrc *f, const char *id, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int filesrc_fail(filesrc *f, const char *id, const char *fmt, ...)
{
    char msg[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    job_failf(f->j, KR_RC_FAIL, id, "%s %s record %llu: %s", f->ddname, f->paths[f->ipath],
              (unsigned long long)f->recno, msg);
    return -1;
}

static int filesrc_next(void *self, const unsigned char **out)
{
    filesrc *f = self;
    sortjob *j = f->j;
    for (;;) {
        if (f->iblock == f->nblock) {
            if (f->ipath >= f->n_paths)
                return 0;
            kr_err e;
            if (!f->r) {
                f->r = kr_reader_open(f->paths[f->ipath], f->lrecl, f->term, &e);
                if (!f->r) {
                    kr_err_prefix(&e, "%s", f->ddname);
                    return job_fail(j, &e) ? 0 : -1;
                }
                if (f->layout)
                    kr_order_init(&f->order, f->layout);
                if (f->framed && !f->totals)
                    f->totals = kr_totals_new(f->layout);
                if (f->totals)
                    kr_totals_reset(f->totals); /* each file has its own trailer */
                f->groups = 0;
            }
            int got = kr_reader_next_block(f->r, &f->block, &f->nblock, 4096, &e);
            if (got < 0) {
                kr_err_prefix(&e, "%s", f->ddname);
                return job_fail(j, &e) ? 0 : -1;
            }
            f->iblock = 0;
            if (got == 0) {
                f->nblock = 0;
                if (f->framed) {
                    char reason[300];
                    if (!kr_order_finish(&f->order, reason, sizeof reason))
                        return job_failf(j, KR_RC_FAIL, "KRK0691E", "%s %s: %s", f->ddname, f->paths[f->ipath], reason)
                                   ? 0
                                   : -1;
                }
                kr_reader_close(f->r);
                f->r = NULL;
                f->ipath++;
                continue;
            }
            progress_tick(j, &f->prog, "read", f->read);
            if (job_interrupted(j))
                return -1;
        }
        const unsigned char *rec = f->block + f->iblock * f->stride;
        f->recno = kr_reader_recno(f->r) - f->nblock + f->iblock + 1;
        f->offset = kr_reader_block_offset(f->r, f->iblock);
        f->iblock++;
        f->read++;
        if (f->framed) {
            int type = kr_layout_classify(f->layout, rec);
            if (type < 0)
                return filesrc_fail(f, "KRK0692E", "byte %zu: the discriminator matches no record type of layout %s",
                                    f->layout->disc_offset + 1, f->layout->name);
            char reason[300];
            if (!kr_order_next(&f->order, type, f->recno, reason, sizeof reason))
                return filesrc_fail(f, "KRK0691E", "%s", reason);
            kr_role role = f->layout->types[type].role;
            /* Control totals are checked on every read: a file that lost or gained a
             * record in transfer stops here, before its trailer is recomputed. */
            if (role == KR_ROLE_HEADER)
                kr_totals_reset(f->totals);
            if (role == KR_ROLE_TRAILER) {
                kr_problem pb;
                if (kr_totals_check(f->totals, type, rec, &pb, 1)) {
                    if (!f->j->o->totals_warn)
                        return filesrc_fail(f, "KRK1703E", "byte %zu: %s; the file is not what its trailer says "
                                                           "(a record lost or added in transfer?)",
                                            pb.offset + 1, pb.reason);
                    /* Relaxed only when asked (PARM TOTALS=WARN), and never silently. */
                    job_warn(f->j, "KRK1750W", "%s %s record %llu byte %zu: %s; accepted because of PARM TOTALS=WARN: "
                                               "the output's trailer counts the records it holds",
                             f->ddname, f->paths[f->ipath], (unsigned long long)f->recno, pb.offset + 1, pb.reason);
                }
            } else {
                kr_totals_add(f->totals, type, rec, f->recno);
            }
            if (role != KR_ROLE_DATA) {
                f->frames++;
                if (role == KR_ROLE_HEADER && ++f->groups > 1)
                    return filesrc_fail(f, "KRK0693E", "a second header group; kiroku sorts files of one group "
                                                       "(split the file at its headers first)");
                if (!(j->on_frame ? j->on_frame(j, f->frame_source, role, rec)
                                  : outstage_frame(j->out, f->frame_source, role, rec)))
                    return -1;
                continue;
            }
        }
        *out = rec;
        return 1;
    }
}

/* The records a DD's files hold, from their sizes (standard input's too, when it is a
 * file): 0 when one is not a regular file or the records are of variable length. */
static double filesrc_expect(const filesrc *f)
{
    if (f->term == KR_TERM_RDW || !f->stride)
        return 0;
    double bytes = 0;
    for (size_t i = 0; i < f->n_paths; i++) {
        struct stat st;
        bool in = strcmp(f->paths[i], "-") == 0;
        if ((in ? fstat(STDIN_FILENO, &st) : stat(f->paths[i], &st)) != 0 || !S_ISREG(st.st_mode))
            return 0;
        bytes += (double)st.st_size;
    }
    return bytes / (double)f->stride;
}

recsrc filesrc_src(filesrc *f)
{
    return (recsrc){filesrc_next, filesrc_where, f, f->lrecl, filesrc_expect(f)};
}

/* ---- the stage: SKIPREC, INCLUDE/OMIT, STOPAFT, INREC ------------------------------------ */

void stage_init(stage *s, sortjob *j, recsrc in, const char *what)
{
    memset(s, 0, sizeof *s);
    s->j = j;
    s->in = in;
    s->what = what;
    s->reclen = in.reclen;
}

void stage_free(stage *s)
{
    free(s->buf);
    s->buf = NULL;
}

static void stage_where(void *self, kr_buf *out)
{
    stage *s = self;
    s->in.where(s->in.self, out);
}

static int stage_next(void *self, const unsigned char **out)
{
    stage *s = self;
    for (;;) {
        if (s->has_stopaft && s->accepted >= s->stopaft && !s->drain)
            return 0;
        const unsigned char *rec;
        int got = s->in.next(s->in.self, &rec);
        if (got <= 0)
            return got;
        if (s->skipped < s->skiprec) {
            s->skipped++;
            continue;
        }
        if (s->has_stopaft && s->accepted >= s->stopaft) {
            s->dropped++;
            continue;
        }
        if (s->include) {
            kr_problem pb;
            int t = s->vb_cond ? vb_stage_cond(s, rec) : 1;
            if (t < 0)
                return -1;
            if (t > 0)
                t = kr_pred_eval(s->include, rec, &pb);
            if (t < 0)
                return source_problem(s->j, &s->in, s->what, &pb) ? 0 : -1;
            if (t == s->omit) {
                s->omitted++;
                continue;
            }
        }
        s->accepted++;
        if (s->vb_inrec && !vb_stage_inrec(s, rec))
            return -1;
        if (s->inrec) {
            if (!s->buf)
                s->buf = kr_xmalloc(s->reclen ? s->reclen : 1);
            kr_problem pb;
            bool rdw = s->j->vb && kr_rebuild_is_findrep(s->inrec); /* after the RDW */
            if (!(rdw ? kr_rebuild_apply_rdw(s->inrec, rec, s->buf, &pb)
                      : kr_rebuild_apply(s->inrec, rec, s->buf, s->seq, &pb)))
                return source_problem(s->j, &s->in, "INREC", &pb) ? 0 : -1;
            if (s->j->vb)
                vb_after_rebuild(s->inrec, rec, s->buf, s->reclen);
            rec = s->buf;
        }
        if (s->vb_key && !vb_stage_key(s, rec))
            return -1;
        *out = rec;
        return 1;
    }
}

recsrc stage_src(stage *s)
{
    return (recsrc){stage_next, stage_where, s, s->reclen, s->in.expect};
}

/* ---- sequence check ----------------------------------------------------------------------- */

void seqsrc_init(seqsrc *s, sortjob *j, recsrc in, const kr_keyplan *kp, const char *why)
{
    memset(s, 0, sizeof *s);
    s->j = j;
    s->in = in;
    s->kp = kp;
    s->why = why;
    s->prev = kr_xmalloc(kp->width ? kp->width : 1);
    s->key = kr_xmalloc(kp->width ? kp->width : 1);
}

void seqsrc_free(seqsrc *s)
{
    free(s->prev);
    free(s->key);
    s->prev = s->key = NULL;
}

static void seqsrc_where(void *self, kr_buf *out)
{
    seqsrc *s = self;
    s->in.where(s->in.self, out);
}

static int seqsrc_next(void *self, const unsigned char **out)
{
    seqsrc *s = self;
    int got = s->in.next(s->in.self, out);
    if (got <= 0)
        return got;
    size_t part;
    kr_problem pb;
    if (!kr_key_encode(s->kp, *out, s->key, &part, &pb))
        return source_problem(s->j, &s->in, "key", &pb) ? 0 : -1;
    if (s->has_prev && memcmp(s->key, s->prev, s->kp->width) < 0) {
        kr_buf w;
        kr_buf_init(&w);
        s->in.where(s->in.self, &w);
        job_failf(s->j, KR_RC_ENV, "KRK0694E",
                  "%s is out of sequence for %s: its key is lower than the record's before it; sort the input first%s",
                  w.data, s->why, strstr(s->why, "SORTED") ? " or leave SORTED out" : "");
        kr_buf_free(&w);
        return -1;
    }
    memcpy(s->prev, s->key, s->kp->width);
    s->has_prev = true;
    return 1;
}

recsrc seqsrc_src(seqsrc *s)
{
    return (recsrc){seqsrc_next, seqsrc_where, s, s->in.reclen};
}
