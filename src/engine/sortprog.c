/* sortprog.c: the SORT program: binds the statements, reads the input through SKIPREC,
 * INCLUDE/OMIT, STOPAFT and INREC, orders the records (a copy, an in-memory sort, sorted
 * runs on work files merged through a tournament tree, or a merge of sorted inputs), hands
 * them to the output stage, and writes the listing. */
#include "merge.h"
#include "sorter.h"
#include "sortjob.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void)
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

void job_warn(sortjob *j, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(j->o->listing, "KRK0670W ");
    vfprintf(j->o->listing, fmt, ap);
    fprintf(j->o->listing, "\n");
    va_end(ap);
    if (j->rc < KR_RC_WARN)
        j->rc = KR_RC_WARN;
}

static bool failf(sortjob *j, int rc, const char *id, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static bool failf(sortjob *j, int rc, const char *id, const char *fmt, ...)
{
    kr_err e;
    va_list ap;
    va_start(ap, fmt);
    kr_vfail(&e, rc, id, fmt, ap);
    va_end(ap);
    return job_fail(j, &e);
}

static bool interrupted(sortjob *j)
{
    if (j->o->cancel && *j->o->cancel)
        return !failf(j, KR_RC_FAIL, "KRK0671E", "interrupted: no output was written");
    return false;
}

/* ---- progress ------------------------------------------------------------------------- */

typedef struct progress {
    double last;
    bool shown;
} progress;

static void progress_tick(sortjob *j, progress *p, const char *what, uint64_t n)
{
    if (!j->o->progress)
        return;
    double t = now();
    if (t - j->started < 3.0 || t - p->last < 1.0)
        return;
    p->last = t;
    p->shown = true;
    fprintf(j->o->progress, "\rkiroku SORT: %s %llu records (%.0f s)   ", what, (unsigned long long)n, t - j->started);
    fflush(j->o->progress);
}

static void progress_end(sortjob *j, progress *p)
{
    if (p->shown) {
        fprintf(j->o->progress, "\n");
        p->shown = false;
    }
}

/* ---- input stage ------------------------------------------------------------------------ */

typedef struct instream {
    sortjob *j;
    const char *path;
    const char *ddname;
    kr_reader *r;
    const unsigned char *block;
    size_t nblock, iblock;
    kr_order order;
    int groups;
    unsigned char *buf;        /* INREC output */
    bool done;
    /* MERGE sequence check */
    unsigned char *prev_key, *key;
    bool has_prev;
    bool check_sequence;
    progress prog;
} instream;

static bool instream_open(sortjob *j, instream *in, const char *path, const char *ddname)
{
    memset(in, 0, sizeof *in);
    in->j = j;
    in->path = path;
    in->ddname = ddname;
    kr_err e;
    in->r = kr_reader_open(path, j->lrecl, j->term, &e);
    if (!in->r)
        return job_fail(j, &e);
    if (j->layout)
        kr_order_init(&in->order, j->layout);
    if (j->inrec)
        in->buf = kr_xmalloc(j->len1 ? j->len1 : 1);
    return true;
}

static void instream_close(instream *in)
{
    kr_reader_close(in->r);
    in->r = NULL;
    free(in->buf);
    free(in->prev_key);
    free(in->key);
    in->buf = in->prev_key = in->key = NULL;
}

static bool record_problem(sortjob *j, instream *in, uint64_t recno, const char *stage, const kr_problem *pb)
{
    return failf(j, KR_RC_FAIL, pb->id ? pb->id : "KRK0660E", "%s %s record %llu byte %zu (file offset %llu): %s: %s",
                 in->ddname, in->path, (unsigned long long)recno, pb->offset + 1,
                 (unsigned long long)((recno - 1) * j->stride + pb->offset), stage, pb->reason);
}

/* The next record after SKIPREC, INCLUDE/OMIT, STOPAFT and INREC: 1 with *out, 0 at the
 * end, -1 on an error (in j->err). Framing records go to the output stage on the way. */
static int instream_next(instream *in, const unsigned char **out)
{
    sortjob *j = in->j;
    const kr_ctl *c = j->ctl;
    for (;;) {
        if (in->iblock == in->nblock) {
            if (in->done)
                return 0;
            kr_err e;
            int got = kr_reader_next_block(in->r, &in->block, &in->nblock, 4096, &e);
            if (got < 0) {
                kr_err_prefix(&e, "%s", in->ddname);
                return job_fail(j, &e) ? 0 : -1;
            }
            in->iblock = 0;
            if (got == 0) {
                in->nblock = 0;
                in->done = true;
                if (j->framed) {
                    char reason[300];
                    if (!kr_order_finish(&in->order, reason, sizeof reason))
                        return failf(j, KR_RC_FAIL, "KRK0661E", "%s %s: %s", in->ddname, in->path, reason) ? 0 : -1;
                }
                return 0;
            }
            if ((j->read & 0xFFFF) < 4096) {
                progress_tick(j, &in->prog, "read", j->read);
                if (interrupted(j))
                    return -1;
            }
        }
        const unsigned char *rec = in->block + in->iblock * kr_reader_stride(in->r);
        uint64_t recno = kr_reader_recno(in->r) - in->nblock + in->iblock + 1;
        in->iblock++;
        j->read++;
        if (j->framed) {
            int type = kr_layout_classify(j->layout, rec);
            if (type < 0)
                return failf(j, KR_RC_FAIL, "KRK0662E",
                             "%s %s record %llu byte %zu: the discriminator matches no record type of layout %s",
                             in->ddname, in->path, (unsigned long long)recno, j->layout->disc_offset + 1,
                             j->layout->name)
                           ? 0
                           : -1;
            char reason[300];
            if (!kr_order_next(&in->order, type, recno, reason, sizeof reason))
                return failf(j, KR_RC_FAIL, "KRK0661E", "%s %s record %llu: %s", in->ddname, in->path,
                             (unsigned long long)recno, reason)
                           ? 0
                           : -1;
            kr_role role = j->layout->types[type].role;
            if (role != KR_ROLE_DATA) {
                j->frame_records++;
                if (role == KR_ROLE_HEADER && ++in->groups > 1)
                    return failf(j, KR_RC_FAIL, "KRK0663E",
                                 "%s %s record %llu: a second header group; kiroku sorts files of one group "
                                 "(split the file at its headers first)",
                                 in->ddname, in->path, (unsigned long long)recno)
                               ? 0
                               : -1;
                if (!outstage_frame(j->out, role, rec))
                    return -1;
                continue;
            }
        }
        if (j->skipped < c->skiprec) {
            j->skipped++;
            continue;
        }
        if (c->has_stopaft && j->accepted >= c->stopaft) {
            j->dropped_after_stopaft++;
            if (!j->framed) {
                in->done = true;
                in->iblock = in->nblock;
            }
            continue;
        }
        if (j->include) {
            kr_problem pb;
            int t = kr_pred_eval(j->include, rec, &pb);
            if (t < 0)
                return record_problem(j, in, recno, c->omit ? "OMIT" : "INCLUDE", &pb) ? 0 : -1;
            if (t == j->omit) {
                j->omitted++;
                continue;
            }
        }
        j->accepted++;
        if (j->inrec) {
            kr_problem pb;
            if (!kr_rebuild_apply(j->inrec, rec, in->buf, &j->inrec_seq, &pb))
                return record_problem(j, in, recno, "INREC", &pb) ? 0 : -1;
            rec = in->buf;
        }
        if (in->check_sequence) {
            size_t bad;
            kr_problem pb;
            if (!kr_key_encode(&j->kp, rec, in->key, &bad, &pb))
                return record_problem(j, in, recno, "MERGE key", &pb) ? 0 : -1;
            if (in->has_prev && memcmp(in->key, in->prev_key, j->kp.width) < 0)
                return failf(j, KR_RC_ENV, "KRK0664E",
                             "%s %s record %llu is out of sequence for MERGE (its key is lower than record %llu's); "
                             "MERGE inputs must be sorted: sort it first",
                             in->ddname, in->path, (unsigned long long)recno, (unsigned long long)(recno - 1))
                           ? 0
                           : -1;
            memcpy(in->prev_key, in->key, j->kp.width);
            in->has_prev = true;
        }
        *out = rec;
        return 1;
    }
}

/* ---- COPY -------------------------------------------------------------------------------- */

static bool do_copy(sortjob *j)
{
    const kr_sort_opts *o = j->o;
    for (size_t i = 0; i < o->n_inputs; i++) {
        instream in;
        char dd[16];
        snprintf(dd, sizeof dd, "SORTIN");
        if (!instream_open(j, &in, o->inputs[i], dd))
            return false;
        const unsigned char *rec;
        int got;
        while ((got = instream_next(&in, &rec)) > 0)
            if (!outstage_put(j->out, rec)) {
                instream_close(&in);
                return false;
            }
        progress_end(j, &in.prog);
        instream_close(&in);
        if (got < 0)
            return false;
    }
    return true;
}

/* ---- SORT -------------------------------------------------------------------------------- */

/* Key errors name the record: its number in SORTIN and the field's byte. */
static bool key_problem(sortjob *j, const char *path, uint64_t recno, size_t part, const kr_problem *pb)
{
    if (j->inrec)
        return failf(j, KR_RC_FAIL, "KRK0665E", "SORTIN %s record %llu: key %s at byte %zu of the record INREC made: %s",
                     path, (unsigned long long)recno, j->kp.parts[part].b.name, pb->offset + 1, pb->reason);
    return failf(j, KR_RC_FAIL, "KRK0665E", "SORTIN %s record %llu byte %zu (file offset %llu): key %s: %s", path,
                 (unsigned long long)recno, pb->offset + 1, (unsigned long long)((recno - 1) * j->stride + pb->offset),
                 j->kp.parts[part].b.name, pb->reason);
}

/* Writes records in entry order to the output stage (or to a run). */
static bool emit_sorted(sortjob *j, const sortent *ents, size_t n, const rectab *t, run_writer *rw)
{
    progress p = {0, false};
    for (size_t i = 0; i < n; i++) {
        if (i + 8 < n)
            __builtin_prefetch(rectab_get(t, ents[i + 8].idx));
        const unsigned char *rec = rectab_get(t, ents[i].idx);
        kr_err e;
        if (rw) {
            if (!run_writer_put(rw, rec, &e))
                return job_fail(j, &e);
        } else if (!outstage_put(j->out, rec))
            return false;
        if ((i & 0xFFFF) == 0) {
            progress_tick(j, &p, rw ? "sorted into a work file" : "written", i);
            if (interrupted(j))
                return false;
        }
    }
    progress_end(j, &p);
    return true;
}

/* ---- writing sorted records in bulk ---------------------------------------------------------- */

/* The records of a sorted table gathered in key order into buffers on every thread, while
 * a writer thread writes the previous buffer: the plain SORT's output path. */
typedef struct gather {
    const sortent *ents;
    const rectab *t;
    size_t n, reclen, outstride, block, first;
    int parts;
    kr_terminator term;
    unsigned char *buf[2];
    size_t filled[2];
    int cur;
} gather;

static void gather_part(void *arg, size_t p)
{
    gather *g = arg;
    size_t lo = g->first + p * g->block, hi = lo + g->block;
    if (lo >= g->n)
        return;
    if (hi > g->n)
        hi = g->n;
    unsigned char *o = g->buf[g->cur] + p * g->block * g->outstride;
    for (size_t i = lo; i < hi; i++) {
        if (i + 16 < hi)
            __builtin_prefetch(rectab_get(g->t, g->ents[i + 16].idx));
        memcpy(o, rectab_get(g->t, g->ents[i].idx), g->reclen);
        o += g->reclen;
        if (g->term == KR_TERM_CRLF)
            *o++ = '\r';
        if (g->term != KR_TERM_NONE)
            *o++ = '\n';
    }
}

typedef struct gwrite {
    kr_writer *w;
    const unsigned char *data;
    size_t len;
    kr_err err;
    bool ok;
} gwrite;

static void *gather_writer(void *arg)
{
    gwrite *gw = arg;
    gw->ok = kr_writer_write(gw->w, gw->data, gw->len, &gw->err);
    return NULL;
}

static bool emit_direct(sortjob *j, const sortent *ents, size_t n, const rectab *t, kr_writer *w)
{
    gather g = {.ents = ents, .t = t, .n = n, .reclen = j->len1, .parts = j->threads};
    g.term = kr_writer_terminator(w);
    g.outstride = g.reclen + kr_terminator_len(g.term);
    g.block = (4u << 20) / (g.outstride ? g.outstride : 1) + 1;
    size_t round = g.block * (size_t)g.parts;
    for (int b = 0; b < 2; b++) {
        g.buf[b] = malloc(round * g.outstride);
        if (!g.buf[b]) {
            free(g.buf[0]);
            return failf(j, KR_RC_FAIL, "KRK0666E", "cannot allocate output buffers");
        }
    }
    bool ok = true;
    progress p = {0, false};
    pthread_t writer;
    bool writing = false;
    gwrite gw = {.w = w};
    for (g.first = 0; ok && g.first < n; g.first += round) {
        parallel_for(j->threads, (size_t)g.parts, gather_part, &g);
        size_t count = n - g.first < round ? n - g.first : round;
        g.filled[g.cur] = count * g.outstride;
        if (writing) {
            pthread_join(writer, NULL);
            writing = false;
            if (!gw.ok)
                ok = job_fail(j, &gw.err);
        }
        if (!ok)
            break;
        gw.data = g.buf[g.cur];
        gw.len = g.filled[g.cur];
        if (pthread_create(&writer, NULL, gather_writer, &gw) == 0)
            writing = true;
        else
            gather_writer(&gw), ok = gw.ok || job_fail(j, &gw.err);
        g.cur ^= 1;
        progress_tick(j, &p, "written", g.first);
        if (interrupted(j))
            ok = false;
    }
    if (writing) {
        pthread_join(writer, NULL);
        if (!gw.ok && ok)
            ok = job_fail(j, &gw.err);
    }
    progress_end(j, &p);
    free(g.buf[0]);
    free(g.buf[1]);
    return ok;
}

typedef struct keyjob {
    sortjob *j;
    const rectab *t;
    sortent *ents;
    size_t n, parts;
    uint64_t first_recno;
    const char *path;
    /* the first failure, by record */
    size_t bad_idx, bad_part;
    kr_problem bad;
    bool failed, bad_terminator;
    kr_terminator term;
    pthread_mutex_t lock;
} keyjob;

static void key_part(void *arg, size_t p)
{
    keyjob *kj = arg;
    size_t lo = kj->n * p / kj->parts, hi = kj->n * (p + 1) / kj->parts;
    const kr_keyplan *kp = &kj->j->kp;
    unsigned char stackkey[512];
    unsigned char *key = kp->width <= sizeof stackkey ? stackkey : kr_xmalloc(kp->width);
    for (size_t i = lo; i < hi; i++) {
        const unsigned char *rec = rectab_get(kj->t, i);
        size_t part;
        kr_problem pb;
        bool terminated = kr_record_terminated(rec, kj->j->lrecl, kj->term);
        if (!terminated || !kr_key_encode(kp, rec, key, &part, &pb)) {
            pthread_mutex_lock(&kj->lock);
            if (!kj->failed || i < kj->bad_idx) {
                kj->failed = true;
                kj->bad_terminator = !terminated;
                kj->bad_idx = i;
                kj->bad_part = part;
                kj->bad = pb;
            }
            pthread_mutex_unlock(&kj->lock);
            break;
        }
        sortent_set(&kj->ents[i], key, kp->width, (uint32_t)i);
    }
    if (key != stackkey)
        free(key);
}

/* Sorts n records of a table in memory and sends them to rw (a run) or to the output. */
static bool sort_table(sortjob *j, const rectab *t, sortent *ents, sortent *tmp, run_writer *rw)
{
    sorter_sort(ents, tmp, t->n, &j->kp, t, j->threads);
    kr_writer *w = rw ? NULL : outstage_direct_writer(j->out, t->n);
    if (w)
        return emit_direct(j, ents, t->n, t, w);
    return emit_sorted(j, ents, t->n, t, rw);
}

/* The fast path: one regular file, mapped, sorted in place without copying a record. */
static int sort_mapped(sortjob *j)
{
    const kr_sort_opts *o = j->o;
    struct stat st;
    if (stat(o->inputs[0], &st) != 0 || !S_ISREG(st.st_mode))
        return -1; /* the general path will say why */
    /* Decide before mapping: a mapped file's pages count as the process's memory. */
    double records = (double)st.st_size / (double)j->stride;
    if ((double)st.st_size + records * 2 * sizeof(sortent) > (double)j->memory || records >= UINT32_MAX)
        return -1;
    kr_mapping m;
    kr_err e;
    if (!kr_map_file(o->inputs[0], &m, &e))
        return -1;
    size_t n = m.size / j->stride;
    /* A partial last record now; every terminator during the key pass. */
    if (m.size % j->stride) {
        kr_record_tail_error(o->inputs[0], m.data + n * j->stride, m.size % j->stride, j->lrecl, j->term, n,
                             n * j->stride, &e);
        kr_unmap_file(&m);
        kr_err_prefix(&e, "SORTIN");
        return job_fail(j, &e) ? 1 : 0;
    }
    /* Framing: header first, trailer and end last, nothing else between them. */
    size_t first = 0, last = n;
    if (j->framed) {
        const kr_layout *l = j->layout;
        if (l->has_header && n > 0 && kr_layout_classify(l, m.data) >= 0 &&
            l->types[kr_layout_classify(l, m.data)].role == KR_ROLE_HEADER)
            first = 1;
        while (last > first) {
            int t = kr_layout_classify(l, m.data + (last - 1) * j->stride);
            if (t < 0 || (l->types[t].role != KR_ROLE_TRAILER && l->types[t].role != KR_ROLE_END))
                break;
            last--;
        }
        for (size_t i = first; i < last; i++) {
            int t = kr_layout_classify(l, m.data + i * j->stride);
            if (t < 0 || l->types[t].role != KR_ROLE_DATA) {
                kr_unmap_file(&m);
                return -1; /* the general path explains the file's order */
            }
        }
        /* The order of the roles: the framing records and one data record standing for all. */
        kr_order order;
        kr_order_init(&order, l);
        char reason[300];
        bool fine = true;
        for (size_t i = 0; i < first && fine; i++)
            fine = kr_order_next(&order, kr_layout_classify(l, m.data + i * j->stride), i + 1, reason, sizeof reason);
        if (fine && last > first)
            fine = kr_order_next(&order, kr_layout_classify(l, m.data + first * j->stride), first + 1, reason,
                                 sizeof reason);
        for (size_t i = last; i < n && fine; i++)
            fine = kr_order_next(&order, kr_layout_classify(l, m.data + i * j->stride), i + 1, reason, sizeof reason);
        if (!fine || !kr_order_finish(&order, reason, sizeof reason)) {
            kr_unmap_file(&m);
            return -1; /* the general path explains the file's order */
        }
        for (size_t i = 0; i < first; i++)
            outstage_frame(j->out, KR_ROLE_HEADER, m.data + i * j->stride);
        for (size_t i = last; i < n; i++) {
            int t = kr_layout_classify(l, m.data + i * j->stride);
            outstage_frame(j->out, l->types[t].role, m.data + i * j->stride);
        }
        j->frame_records = first + (n - last);
    }
    size_t count = last - first;
    rectab t = {m.data + first * j->stride, j->stride, NULL, count};
    sortent *ents = malloc((count ? count : 1) * sizeof *ents);
    sortent *tmp = malloc((count ? count : 1) * sizeof *tmp);
    if (!ents || !tmp) {
        free(ents);
        free(tmp);
        kr_unmap_file(&m);
        return -1;
    }
    keyjob kj = {.j = j, .t = &t, .ents = ents, .n = count, .parts = (size_t)j->threads * 4,
                 .first_recno = 1 + first, .path = o->inputs[0], .term = j->term,
                 .lock = PTHREAD_MUTEX_INITIALIZER};
    if (count)
        parallel_for(j->threads, kj.parts, key_part, &kj);
    bool ok;
    j->read = n;
    if (kj.failed && kj.bad_terminator) {
        size_t at = first + kj.bad_idx;
        kr_record_bad_terminator(o->inputs[0], m.data + at * j->stride, m.size - at * j->stride, j->lrecl, j->term,
                                 at + 1, at * j->stride, &e);
        kr_err_prefix(&e, "SORTIN");
        ok = job_fail(j, &e);
    } else if (kj.failed)
        ok = key_problem(j, o->inputs[0], first + kj.bad_idx + 1, kj.bad_part, &kj.bad);
    else {
        j->accepted = count;
        j->in_memory = true;
        j->memory_used = m.size + 2 * count * sizeof(sortent);
        ok = sort_table(j, &t, ents, tmp, NULL);
    }
    free(ents);
    free(tmp);
    kr_unmap_file(&m);
    return ok ? 1 : 0;
}

typedef struct chunk {
    unsigned char *recs;
    sortent *ents, *tmp;
    size_t cap, n;
} chunk;

static size_t merge_buffer(size_t memory, size_t streams)
{
    size_t b = memory / (streams + 1);
    if (b > (8u << 20))
        b = 8u << 20;
    return b < (64u << 10) ? (64u << 10) : b;
}

/* Merges runs [from, from + k) into rw (a new run) or into the output stage. */
static bool merge_runs(sortjob *j, run *runs, size_t k, run_writer *rw)
{
    size_t bufsize = merge_buffer(j->memory, k);
    run_reader *rr = kr_xcalloc(k, sizeof *rr);
    kstream *ks = kr_xcalloc(k, sizeof *ks);
    for (size_t i = 0; i < k; i++) {
        run_reader_init(&rr[i], &runs[i], j->len1, bufsize);
        ks[i] = (kstream){run_reader_next, &rr[i]};
    }
    merger m;
    kr_err e;
    bool ok = merger_init(&m, ks, k, &j->kp, &e);
    if (!ok)
        job_fail(j, &e);
    progress p = {0, false};
    uint64_t count = 0;
    while (ok) {
        const unsigned char *rec;
        size_t from;
        int got = merger_next(&m, &rec, &from, NULL, &e);
        if (got < 0) {
            ok = job_fail(j, &e);
            break;
        }
        if (got == 0)
            break;
        ok = rw ? (run_writer_put(rw, rec, &e) || job_fail(j, &e)) : outstage_put(j->out, rec);
        if ((++count & 0xFFFF) == 0) {
            progress_tick(j, &p, "merged", count);
            if (interrupted(j))
                ok = false;
        }
    }
    progress_end(j, &p);
    merger_free(&m);
    for (size_t i = 0; i < k; i++)
        run_reader_free(&rr[i]);
    free(rr);
    free(ks);
    return ok;
}

static bool spill(sortjob *j, chunk *ch, run **runs, size_t *n_runs, size_t *cap_runs)
{
    KR_GROW(*runs, *cap_runs, *n_runs + 1);
    run *r = &(*runs)[*n_runs];
    kr_err e;
    if (!run_create(j->tmpdir, r, &e))
        return job_fail(j, &e);
    (*n_runs)++;
    run_writer rw;
    run_writer_init(&rw, r, j->len1, merge_buffer(j->memory, 1));
    rectab t = {ch->recs, j->len1, NULL, ch->n};
    bool ok = sort_table(j, &t, ch->ents, ch->tmp, &rw);
    ok = run_writer_finish(&rw, &e) ? ok : job_fail(j, &e);
    ch->n = 0;
    j->runs++;
    return ok;
}

/* The general path: records copied into chunks that fit the memory budget; a full chunk is
 * sorted and written as a run; runs are merged, several passes when there are more than a
 * pass can take. */
static bool sort_general(sortjob *j)
{
    const kr_sort_opts *o = j->o;
    size_t per = j->len1 + 2 * sizeof(sortent);
    chunk ch = {0};
    ch.cap = j->memory / per;
    if (ch.cap < 1024)
        ch.cap = 1024;
    if (ch.cap > UINT32_MAX - 1)
        ch.cap = UINT32_MAX - 1;
    /* Start small and grow, so that a small input does not claim the whole budget. */
    size_t cap = ch.cap < 4096 ? ch.cap : 4096;
    ch.recs = malloc(cap * (j->len1 ? j->len1 : 1));
    ch.ents = malloc(cap * sizeof *ch.ents);
    ch.tmp = malloc(cap * sizeof *ch.tmp);
    run *runs = NULL;
    size_t n_runs = 0, cap_runs = 0;
    bool ok = ch.recs && ch.ents && ch.tmp;
    if (!ok)
        failf(j, KR_RC_FAIL, "KRK0666E", "cannot allocate the sort's memory (%zu records); lower -m", cap);
    unsigned char stackkey[512];
    unsigned char *key = j->kp.width <= sizeof stackkey ? stackkey : kr_xmalloc(j->kp.width);
    for (size_t i = 0; ok && i < o->n_inputs; i++) {
        instream in;
        if (!instream_open(j, &in, o->inputs[i], "SORTIN")) {
            ok = false;
            break;
        }
        const unsigned char *rec;
        int got = 0;
        while (ok && (got = instream_next(&in, &rec)) > 0) {
            if (ch.n == cap) {
                if (cap < ch.cap) {
                    size_t ncap = cap * 2 < ch.cap ? cap * 2 : ch.cap;
                    unsigned char *r2 = realloc(ch.recs, ncap * (j->len1 ? j->len1 : 1));
                    if (r2)
                        ch.recs = r2;
                    sortent *e2 = r2 ? realloc(ch.ents, ncap * sizeof *ch.ents) : NULL;
                    if (e2)
                        ch.ents = e2;
                    sortent *t2 = e2 ? realloc(ch.tmp, ncap * sizeof *ch.tmp) : NULL;
                    if (t2) {
                        ch.tmp = t2;
                        cap = ncap;
                    } else
                        ch.cap = cap; /* the machine gives no more: spill at this size */
                }
                if (ch.n == cap && !spill(j, &ch, &runs, &n_runs, &cap_runs)) {
                    ok = false;
                    break;
                }
            }
            size_t part;
            kr_problem pb;
            if (!kr_key_encode(&j->kp, rec, key, &part, &pb)) {
                uint64_t recno = kr_reader_recno(in.r) - in.nblock + in.iblock;
                ok = key_problem(j, in.path, recno, part, &pb);
                break;
            }
            memcpy(ch.recs + ch.n * j->len1, rec, j->len1);
            sortent_set(&ch.ents[ch.n], key, j->kp.width, (uint32_t)ch.n);
            ch.n++;
        }
        progress_end(j, &in.prog);
        instream_close(&in);
        if (got < 0)
            ok = false;
    }
    if (key != stackkey)
        free(key);
    if (ok && n_runs == 0) {
        j->in_memory = true;
        j->memory_used = cap * per;
        rectab t = {ch.recs, j->len1, NULL, ch.n};
        ok = sort_table(j, &t, ch.ents, ch.tmp, NULL);
    } else if (ok) {
        if (ch.n)
            ok = spill(j, &ch, &runs, &n_runs, &cap_runs);
        j->memory_used = ch.cap * per;
        /* Free the chunk before merging: the merge's buffers take the budget. */
        free(ch.recs);
        free(ch.ents);
        free(ch.tmp);
        ch.recs = NULL;
        ch.ents = ch.tmp = NULL;
        size_t fanin = j->memory / (2 * (64u << 10));
        if (fanin < 2)
            fanin = 2;
        if (fanin > 1024)
            fanin = 1024;
        /* Intermediate passes merge consecutive groups of fanin runs, keeping the runs in
         * input order, so that equal keys still come out in input order (EQUALS). */
        while (ok && n_runs > fanin) {
            size_t groups = (n_runs + fanin - 1) / fanin;
            run *next = kr_xcalloc(groups, sizeof *next);
            size_t made = 0;
            for (size_t g = 0; ok && g < groups; g++) {
                size_t from = g * fanin, k = n_runs - from < fanin ? n_runs - from : fanin;
                kr_err e;
                if (k == 1) {
                    next[made++] = runs[from]; /* a lone run passes as it is */
                    runs[from].fd = -1;
                    continue;
                }
                if (!run_create(j->tmpdir, &next[made], &e)) {
                    ok = job_fail(j, &e);
                    break;
                }
                run_writer rw;
                run_writer_init(&rw, &next[made], j->len1, merge_buffer(j->memory, fanin));
                made++;
                ok = merge_runs(j, runs + from, k, &rw);
                ok = run_writer_finish(&rw, &e) ? ok : job_fail(j, &e);
            }
            for (size_t i = 0; i < n_runs; i++)
                run_close(&runs[i]);
            free(runs);
            runs = next;
            n_runs = made;
            cap_runs = groups;
            j->passes++;
        }
        size_t first = 0;
        if (ok) {
            ok = merge_runs(j, runs + first, n_runs - first, NULL);
            j->passes++;
        }
    }
    for (size_t i = 0; i < n_runs; i++)
        run_close(&runs[i]);
    free(runs);
    free(ch.recs);
    free(ch.ents);
    free(ch.tmp);
    return ok;
}

/* ---- MERGE -------------------------------------------------------------------------------- */

static int instream_stream_next(void *self, const unsigned char **rec, kr_err *err)
{
    instream *in = self;
    int got = instream_next(in, rec);
    if (got < 0)
        *err = in->j->err;
    return got;
}

static bool do_merge(sortjob *j)
{
    const kr_sort_opts *o = j->o;
    size_t k = o->n_inputs;
    instream *ins = kr_xcalloc(k, sizeof *ins);
    kstream *ks = kr_xcalloc(k, sizeof *ks);
    char (*names)[32] = kr_xcalloc(k, sizeof *names);
    bool ok = true;
    size_t opened = 0;
    for (size_t i = 0; i < k && ok; i++) {
        snprintf(names[i], sizeof names[i], "SORTIN%02zu", i + 1);
        ok = instream_open(j, &ins[i], o->inputs[i], names[i]);
        if (!ok)
            break;
        opened++;
        ins[i].check_sequence = true;
        ins[i].prev_key = kr_xmalloc(j->kp.width ? j->kp.width : 1);
        ins[i].key = kr_xmalloc(j->kp.width ? j->kp.width : 1);
        ks[i] = (kstream){instream_stream_next, &ins[i]};
    }
    merger m;
    kr_err e;
    if (ok) {
        ok = merger_init(&m, ks, k, &j->kp, &e);
        if (!ok && !j->err.text[0])
            job_fail(j, &e);
    }
    if (ok) {
        for (;;) {
            const unsigned char *rec;
            size_t from;
            int got = merger_next(&m, &rec, &from, NULL, &e);
            if (got < 0) {
                ok = j->err.text[0] ? false : job_fail(j, &e);
                break;
            }
            if (got == 0)
                break;
            if (!outstage_put(j->out, rec)) {
                ok = false;
                break;
            }
        }
        merger_free(&m);
    }
    for (size_t i = 0; i < opened; i++)
        instream_close(&ins[i]);
    free(ins);
    free(ks);
    free(names);
    return ok;
}

/* ---- setup and the listing --------------------------------------------------------------- */

static size_t default_memory(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || size <= 0)
        return (size_t)1 << 30;
    return (size_t)pages * (size_t)size / 2;
}

static void fmt_bytes(size_t n, char *out, size_t size)
{
    if (n >= (size_t)1 << 30)
        snprintf(out, size, "%.1f GiB", (double)n / (double)(1u << 30));
    else if (n >= (size_t)1 << 20)
        snprintf(out, size, "%.1f MiB", (double)n / (double)(1u << 20));
    else
        snprintf(out, size, "%.1f KiB", (double)n / 1024.0);
}

static bool setup(sortjob *j)
{
    const kr_sort_opts *o = j->o;
    const kr_ctl *c = j->ctl;
    kr_err e;
    j->layout = o->layout;
    j->lrecl = o->layout ? o->layout->length : o->lrecl;
    j->term = o->layout ? o->layout->terminator : o->terminator;
    j->stride = j->lrecl + kr_terminator_len(j->term);
    if (j->lrecl == 0)
        return failf(j, KR_RC_ENV, "KRK0672E", "the record length is unknown: give a layout (-L) or --lrecl");
    j->framed = o->layout && (o->layout->has_header || o->layout->has_trailer || o->layout->has_end);
    j->cctx.run_date = o->run_date;
    if (o->n_inputs == 0)
        return failf(j, KR_RC_ENV, "KRK0673E", "no input: give SORTIN with -i FILE");
    if (c->op == KR_OP_MERGE && o->n_inputs < 1)
        return failf(j, KR_RC_ENV, "KRK0673E", "MERGE needs its inputs SORTIN01, SORTIN02... (-i FILE, several times)");
    if (c->join[0].present)
        return failf(j, KR_RC_ENV, "KRK0674E", "%s: JOINKEYS is not handled by this build of the SORT program", j->path);
    kr_scope_init(&j->scope0, j->lrecl, o->layout);
    if (o->layout)
        kr_scope_add_layout(&j->scope0, o->layout, NULL, 0);
    if (c->include) {
        j->include = kr_pred_build(c->include, &j->scope0, &j->cctx, j->path, &e);
        if (!j->include)
            return job_fail(j, &e);
        j->omit = c->omit;
    }
    if (c->inrec.kind != KR_RF_NONE) {
        j->inrec = kr_rebuild_build(&c->inrec, &j->scope0, &j->cctx, j->path, &j->scope1, &e);
        if (!j->inrec)
            return job_fail(j, &e);
        kr_seqstate_init(&j->inrec_seq, j->inrec);
        j->len1 = kr_rebuild_length(j->inrec);
    } else {
        kr_scope_init(&j->scope1, j->lrecl, o->layout);
        for (size_t i = 0; i < j->scope0.n; i++)
            kr_scope_add_field(&j->scope1, NULL, j->scope0.v[i].type_name, &j->scope0.v[i].field,
                               j->scope0.v[i].field.offset, j->scope0.v[i].layout);
        j->len1 = j->lrecl;
    }
    if (c->op == KR_OP_SORT || c->op == KR_OP_MERGE) {
        if (!kr_keyplan_build(&j->kp, &j->scope1, c->keys, c->n_keys, j->path, &e))
            return job_fail(j, &e);
    }
    j->memory = o->memory ? o->memory : default_memory();
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    j->threads = o->threads > 0 ? o->threads : (cpus > 0 ? (int)(cpus > 8 ? 8 : cpus) : 1);
    j->tmpdir = o->tmpdir ? o->tmpdir : (getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    j->out = outstage_new(j);
    return j->out != NULL;
}

static void listing_head(sortjob *j)
{
    const kr_sort_opts *o = j->o;
    const kr_ctl *c = j->ctl;
    FILE *f = o->listing;
    fprintf(f, "KRK0650I kiroku SORT %s  run date %04d-%02d-%02d\n", KIROKU_VERSION, o->run_date / 10000,
            o->run_date / 100 % 100, o->run_date % 100);
    fprintf(f, "KRK0651I control statements (%s):\n", c->path);
    for (size_t i = 0; i < c->n_echo; i++) {
        const char *s = c->echo[i];
        while (*s) {
            const char *nl = strchr(s, '\n');
            size_t n = nl ? (size_t)(nl - s) : strlen(s);
            fprintf(f, "           %.*s\n", (int)n, s);
            s += n + (nl ? 1 : 0);
        }
    }
    for (size_t i = 0; i < c->n_ignored; i++)
        fprintf(f, "KRK0652I %s has no effect here and was accepted\n", c->ignored[i]);
    for (size_t i = 0; i < o->n_inputs; i++)
        if (c->op == KR_OP_MERGE)
            fprintf(f, "KRK0653I SORTIN%02zu %s\n", i + 1, o->inputs[i]);
        else
            fprintf(f, "KRK0653I SORTIN   %s\n", o->inputs[i]);
    fprintf(f, "KRK0654I input records: ");
    if (o->layout)
        fprintf(f, "layout %s, %zu-byte records + %s, %s\n", o->layout->name, o->layout->length,
                kr_terminator_name(o->layout->terminator), kr_encoding_name(o->layout->encoding));
    else
        fprintf(f, "%zu-byte records + %s\n", o->lrecl, kr_terminator_name(o->terminator));
}

static void listing_tail(sortjob *j)
{
    const kr_sort_opts *o = j->o;
    const kr_ctl *c = j->ctl;
    FILE *f = o->listing;
    static const char *ops[] = {"", "SORT", "MERGE", "COPY"};
    if (j->err.text[0])
        fprintf(f, "%s\n", j->err.text);
    fprintf(f, "KRK0660I %s: %llu records read", ops[c->op], (unsigned long long)j->read);
    if (j->frame_records)
        fprintf(f, " (%llu header/trailer/end kept out)", (unsigned long long)j->frame_records);
    if (c->has_skiprec)
        fprintf(f, ", %llu skipped (SKIPREC)", (unsigned long long)j->skipped);
    if (c->include)
        fprintf(f, ", %llu omitted (%s)", (unsigned long long)j->omitted, c->omit ? "OMIT" : "INCLUDE");
    if (c->has_stopaft)
        fprintf(f, ", %llu after STOPAFT", (unsigned long long)j->dropped_after_stopaft);
    fprintf(f, ", %llu accepted\n", (unsigned long long)j->accepted);
    if (j->out && !j->err.text[0])
        outstage_report(j->out, f);
    if (c->op == KR_OP_SORT) {
        char mem[32], used[32];
        fmt_bytes(j->memory, mem, sizeof mem);
        fmt_bytes(j->memory_used, used, sizeof used);
        if (j->in_memory)
            fprintf(f, "KRK0663I sorted in memory: %s used of a %s budget, %d thread%s, key %zu bytes, %s\n", used,
                    mem, j->threads, j->threads == 1 ? "" : "s", j->kp.width, c->equals ? "EQUALS" : "NOEQUALS");
        else if (j->runs)
            fprintf(f, "KRK0663I sorted in %llu runs on work files in %s, merged in %llu pass%s: %s used of a %s "
                       "budget, %d thread%s, key %zu bytes, %s\n",
                    (unsigned long long)j->runs, j->tmpdir, (unsigned long long)j->passes, j->passes == 1 ? "" : "es",
                    used, mem, j->threads, j->threads == 1 ? "" : "s", j->kp.width, c->equals ? "EQUALS" : "NOEQUALS");
    }
    if (!o->no_timing)
        fprintf(f, "KRK0668I elapsed %.3f s\n", now() - j->started);
    fprintf(f, "KRK0669I return code %d\n", j->rc);
}

int kr_sort(const kr_sort_opts *o)
{
    sortjob j;
    memset(&j, 0, sizeof j);
    j.o = o;
    j.ctl = o->ctl;
    j.path = o->ctl->path;
    j.started = now();
    listing_head(&j);
    bool ok = setup(&j);
    if (ok) {
        switch (o->ctl->op) {
        case KR_OP_COPY:
            ok = do_copy(&j);
            break;
        case KR_OP_MERGE:
            ok = do_merge(&j);
            break;
        case KR_OP_SORT: {
            int fast = -1;
            if (o->n_inputs == 1 && !j.include && !j.inrec && !o->ctl->has_skiprec && !o->ctl->has_stopaft &&
                strcmp(o->inputs[0], "-") != 0)
                fast = sort_mapped(&j);
            ok = fast < 0 ? sort_general(&j) : fast == 1;
            break;
        }
        default:
            ok = failf(&j, KR_RC_ENV, "KRK0675E", "%s: nothing to do", j.path);
        }
    }
    if (ok && j.out)
        ok = outstage_finish(j.out);
    if (!ok && j.rc < KR_RC_FAIL)
        j.rc = KR_RC_FAIL;
    if (!ok && j.out)
        outstage_abort(j.out);
    listing_tail(&j);
    int rc = j.rc;
    outstage_free(j.out);
    kr_pred_free(j.include);
    if (j.inrec) {
        kr_rebuild_free(j.inrec);
        kr_seqstate_free(&j.inrec_seq);
    }
    kr_keyplan_free(&j.kp);
    kr_scope_free(&j.scope0);
    kr_scope_free(&j.scope1);
    kr_scope_free(&j.scope2);
    return rc;
}
