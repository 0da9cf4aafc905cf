/* sortcore.c: the sorted stream. A source's records sorted by a key plan within a memory
 * budget: whole in memory (a mapped file sorted where it lies, or records copied into a
 * chunk) when they are few enough for that to be the fastest way (sortplan.c), otherwise as
 * sorted runs on unlinked work files merged through a tournament tree, in consecutive
 * groups so that equal keys keep their input order (EQUALS), down to one final pass that is
 * streamed to whoever reads the result: the output stage, or a join. */
#include "merge.h"
#include "sorter.h"
#include "sortplan.h"
#include "sortjob.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct sorted {
    sortjob *j;
    const kr_keyplan *kp;
    size_t reclen, memory;
    /* in memory */
    bool in_memory;
    kr_mapping map;
    unsigned char *recs;
    sortent *ents, *tmp;
    size_t n, cap, pos;
    rectab t;
    /* in memory, read one record at a time: a block gathered in key order */
    unsigned char *blk;
    size_t blk_n, blk_pos, gathered;
    /* external */
    run *runs;
    size_t n_runs, cap_runs;
    run_reader *rr;
    kstream *ks;
    merger m;
    bool merging;
    uint64_t runs_made, passes;
    size_t memory_used;
    size_t mapped_bytes;       /* a mapped input's size: page cache, listed apart from the budget */
    progress prog;
};

static size_t merge_buffer(size_t memory, size_t streams)
{
    size_t b = memory / (streams + 1);
    if (b > (8u << 20))
        b = 8u << 20;
    return b < (64u << 10) ? (64u << 10) : b;
}

static size_t merge_fanin(size_t memory)
{
    size_t fanin = memory / (2 * (64u << 10));
    return fanin < 2 ? 2 : fanin > 1024 ? 1024 : fanin;
}

void sorted_free(sorted *s)
{
    if (!s)
        return;
    if (s->merging)
        merger_free(&s->m);
    if (s->rr)
        for (size_t i = 0; i < s->n_runs; i++)
            run_reader_free(&s->rr[i]);
    free(s->rr);
    free(s->ks);
    for (size_t i = 0; i < s->n_runs; i++)
        run_close(&s->runs[i]);
    free(s->runs);
    kr_unmap_file(&s->map);
    free(s->blk);
    free(s->recs);
    free(s->ents);
    free(s->tmp);
    free(s);
}

/* ---- key extraction on every thread (mapped files) --------------------------------------- */

typedef struct keyjob {
    sortjob *j;
    const kr_keyplan *kp;
    const rectab *t;
    sortent *ents;             /* the entries to fill */
    size_t n, parts, lrecl;
    kr_terminator term;
    size_t bad_idx, bad_part;
    kr_problem bad;
    bool failed, bad_terminator;
    pthread_mutex_t lock;
} keyjob;

static void key_part(void *arg, size_t p)
{
    keyjob *kj = arg;
    size_t lo = kj->n * p / kj->parts, hi = kj->n * (p + 1) / kj->parts;
    const kr_keyplan *kp = kj->kp;
    unsigned char stackkey[512];
    unsigned char *key = kp->width <= sizeof stackkey ? stackkey : kr_xmalloc(kp->width);
    for (size_t i = lo; i < hi; i++) {
        const unsigned char *rec = rectab_get(kj->t, i);
        size_t part = 0;
        kr_problem pb;
        bool terminated = kr_record_terminated(rec, kj->lrecl, kj->term);
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

/* The framing of a mapped file: header first, trailer and end last, data between. Returns
 * false when the file is not that simple (the streaming path then explains it). */
static bool mapped_frame(sortjob *j, filesrc *f, const kr_mapping *m, size_t n, size_t *first, size_t *last)
{
    const kr_layout *l = f->layout;
    *first = 0;
    *last = n;
    if (!f->framed)
        return true;
    if (l->has_header && n > 0 && kr_layout_classify(l, m->data) >= 0 &&
        l->types[kr_layout_classify(l, m->data)].role == KR_ROLE_HEADER)
        *first = 1;
    while (*last > *first) {
        int t = kr_layout_classify(l, m->data + (*last - 1) * f->stride);
        if (t < 0 || (l->types[t].role != KR_ROLE_TRAILER && l->types[t].role != KR_ROLE_END))
            break;
        (*last)--;
    }
    for (size_t i = *first; i < *last; i++) {
        int t = kr_layout_classify(l, m->data + i * f->stride);
        if (t < 0 || l->types[t].role != KR_ROLE_DATA)
            return false;
    }
    /* The order of the roles: the framing records and one data record standing for all. */
    kr_order order;
    kr_order_init(&order, l);
    char reason[300];
    bool fine = true;
    for (size_t i = 0; i < *first && fine; i++)
        fine = kr_order_next(&order, kr_layout_classify(l, m->data + i * f->stride), i + 1, reason, sizeof reason);
    if (fine && *last > *first)
        fine = kr_order_next(&order, kr_layout_classify(l, m->data + *first * f->stride), *first + 1, reason,
                             sizeof reason);
    for (size_t i = *last; i < n && fine; i++)
        fine = kr_order_next(&order, kr_layout_classify(l, m->data + i * f->stride), i + 1, reason, sizeof reason);
    if (!fine || !kr_order_finish(&order, reason, sizeof reason))
        return false;
    if (!kr_totals_image_agree(l, m->data, n, f->stride))
        return false; /* the streaming path names the trailer that disagrees */
    for (size_t i = 0; i < *first; i++)
        outstage_frame(j->out, f->frame_source, KR_ROLE_HEADER, m->data + i * f->stride);
    for (size_t i = *last; i < n; i++) {
        int t = kr_layout_classify(l, m->data + i * f->stride);
        outstage_frame(j->out, f->frame_source, l->types[t].role, m->data + i * f->stride);
    }
    f->frames = *first + (n - *last);
    return true;
}

sorted *sorted_from_file(sortjob *j, filesrc *f, const kr_keyplan *kp, size_t memory)
{
    if (f->n_paths != 1 || strcmp(f->paths[0], "-") == 0 || f->term == KR_TERM_RDW)
        return NULL; /* variable-length records are read (and padded) by the reader */
    const char *path = f->paths[0];
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return NULL;
    /* Decide before mapping: a mapped file's pages count as the process's memory. */
    double records = (double)st.st_size / (double)f->stride;
    if (!sort_whole((double)st.st_size, records, 2 * sizeof(sortent), memory) || records >= UINT32_MAX)
        return NULL;
    sorted *s = kr_xcalloc(1, sizeof *s);
    s->j = j;
    s->kp = kp;
    s->reclen = f->lrecl;
    s->memory = memory;
    kr_err e;
    if (!kr_map_file(path, &s->map, &e)) {
        sorted_free(s);
        return NULL;
    }
    size_t n = s->map.size / f->stride;
    if (s->map.size % f->stride) {
        kr_record_tail_error(path, s->map.data + n * f->stride, s->map.size % f->stride, f->lrecl, f->term, n,
                             n * f->stride, &e);
        kr_err_prefix(&e, "%s", f->ddname);
        job_fail(j, &e);
        sorted_free(s);
        return NULL;
    }
    size_t first, last;
    if (!mapped_frame(j, f, &s->map, n, &first, &last)) {
        sorted_free(s);
        return NULL; /* the streaming path explains the file's order */
    }
    f->read = n;
    s->n = last - first;
    s->t = (rectab){s->map.data + first * f->stride, f->stride, NULL, s->n};
    s->ents = malloc((s->n ? s->n : 1) * sizeof *s->ents);
    s->tmp = malloc((s->n ? s->n : 1) * sizeof *s->tmp);
    if (!s->ents || !s->tmp) {
        sorted_free(s);
        return NULL;
    }
    keyjob kj = {.j = j, .kp = kp, .t = &s->t, .ents = s->ents, .n = s->n,
                 .parts = (size_t)j->threads * 4, .lrecl = f->lrecl, .term = f->term,
                 .lock = PTHREAD_MUTEX_INITIALIZER};
    if (s->n)
        parallel_for(j->threads, kj.parts, key_part, &kj);
    if (kj.failed) {
        size_t at = first + kj.bad_idx;
        if (kj.bad_terminator) {
            kr_record_bad_terminator(path, s->map.data + at * f->stride, s->map.size - at * f->stride, f->lrecl,
                                     f->term, at + 1, at * f->stride, &e);
            kr_err_prefix(&e, "%s", f->ddname);
            job_fail(j, &e);
        } else
            job_failf(j, KR_RC_FAIL, "KRK0695E", "%s %s record %zu byte %zu (file offset %zu): key %s: %s", f->ddname,
                      path, at + 1, kj.bad.offset + 1, at * f->stride + kj.bad.offset, kp->parts[kj.bad_part].b.name,
                      kj.bad.reason);
        sorted_free(s);
        return NULL;
    }
    s->in_memory = true;
    sorter_sort(s->ents, s->tmp, s->n, kp, &s->t, j->threads);
    s->memory_used = 2 * s->n * sizeof(sortent);
    s->mapped_bytes = s->map.size;
    return s;
}

/* ---- chunks, runs and merges (any source) ------------------------------------------------- */

/* Writes records in entry order to a run. */
static bool write_run(sortjob *j, const sortent *ents, size_t n, const rectab *t, run_writer *rw)
{
    kr_err e;
    for (size_t i = 0; i < n; i++) {
        if (i + 8 < n)
            __builtin_prefetch(rectab_get(t, ents[i + 8].idx));
        if (!run_writer_put(rw, rectab_get(t, ents[i].idx), &e))
            return job_fail(j, &e);
        if ((i & 0xFFFF) == 0 && job_interrupted(j))
            return false;
    }
    return true;
}

/* Writes the chunk's records [lo, lo + n) as one run, sorted whole and written in key
 * order. Sorting them as cache-sized runs merged on their way to the work file cost 15-20%
 * more processor time for chunks of 128 MiB and 1 GiB (the keys encoded twice, the records
 * copied twice more): the work file's writes hide the random reads. */
static bool spill_run(sorted *s, const rectab *t, size_t lo, size_t n)
{
    sortjob *j = s->j;
    KR_GROW(s->runs, s->cap_runs, s->n_runs + 1);
    run *r = &s->runs[s->n_runs];
    kr_err e;
    if (!run_create(j->tmpdir, r, &e))
        return job_fail(j, &e);
    s->n_runs++;
    s->runs_made++;
    run_writer rw;
    run_writer_init(&rw, r, s->reclen, merge_buffer(s->memory, 1));
    sorter_sort(s->ents + lo, s->tmp + lo, n, s->kp, t, j->threads);
    bool ok = write_run(j, s->ents + lo, n, t, &rw);
    return run_writer_finish(&rw, &e) ? ok : job_fail(j, &e);
}

/* Writes the chunk to work files: as one run, or, when it is larger than a work file's chunk
 * (the first chunk of a source of unknown size, read in the hope of sorting it whole), as
 * runs of a work file's chunk each, so that no sort gathers at random across more. */
static bool spill(sorted *s)
{
    size_t per_run = sort_chunk_records(s->reclen, 2 * sizeof(sortent), s->memory, false);
    rectab t = {s->recs, s->reclen, NULL, s->n};
    bool ok = true;
    for (size_t lo = 0; ok && lo < s->n; lo += per_run)
        ok = spill_run(s, &t, lo, s->n - lo < per_run ? s->n - lo : per_run);
    s->n = 0;
    return ok;
}

/* Merges runs [from, from + k) into rw. */
static bool merge_into(sorted *s, run *runs, size_t k, run_writer *rw)
{
    sortjob *j = s->j;
    size_t bufsize = merge_buffer(s->memory, k);
    run_reader *rr = kr_xcalloc(k, sizeof *rr);
    kstream *ks = kr_xcalloc(k, sizeof *ks);
    for (size_t i = 0; i < k; i++) {
        run_reader_init(&rr[i], &runs[i], s->reclen, bufsize);
        ks[i] = (kstream){run_reader_next, &rr[i]};
    }
    merger m;
    kr_err e;
    bool ok = merger_init(&m, ks, k, s->kp, &e) || job_fail(j, &e);
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
        ok = run_writer_put(rw, rec, &e) || job_fail(j, &e);
        if ((++count & 0xFFFF) == 0) {
            progress_tick(j, &s->prog, "merged", count);
            if (job_interrupted(j))
                ok = false;
        }
    }
    if (ok || m.keys)
        merger_free(&m);
    for (size_t i = 0; i < k; i++)
        run_reader_free(&rr[i]);
    free(rr);
    free(ks);
    return ok;
}

/* Intermediate passes: consecutive groups of fanin runs merge into one, keeping the runs in
 * input order, until one final pass can take them all. */
static bool reduce_runs(sorted *s)
{
    sortjob *j = s->j;
    size_t fanin = merge_fanin(s->memory);
    bool ok = true;
    while (ok && s->n_runs > fanin) {
        size_t groups = (s->n_runs + fanin - 1) / fanin;
        run *next = kr_xcalloc(groups, sizeof *next);
        size_t made = 0;
        for (size_t g = 0; ok && g < groups; g++) {
            size_t from = g * fanin, k = s->n_runs - from < fanin ? s->n_runs - from : fanin;
            kr_err e;
            if (k == 1) {
                next[made++] = s->runs[from]; /* a lone run passes as it is */
                s->runs[from].fd = -1;
                continue;
            }
            if (!run_create(j->tmpdir, &next[made], &e)) {
                ok = job_fail(j, &e);
                break;
            }
            run_writer rw;
            run_writer_init(&rw, &next[made], s->reclen, merge_buffer(s->memory, fanin));
            made++;
            ok = merge_into(s, s->runs + from, k, &rw);
            ok = run_writer_finish(&rw, &e) ? ok : job_fail(j, &e);
        }
        for (size_t i = 0; i < s->n_runs; i++)
            run_close(&s->runs[i]);
        free(s->runs);
        s->runs = next;
        s->n_runs = made;
        s->cap_runs = groups;
        s->passes++;
    }
    return ok;
}

sorted *sorted_from_source(sortjob *j, recsrc src, const kr_keyplan *kp, size_t memory)
{
    sorted *s = kr_xcalloc(1, sizeof *s);
    s->j = j;
    s->kp = kp;
    s->reclen = src.reclen;
    s->memory = memory;
    size_t per = s->reclen + 2 * sizeof(sortent);
    /* A source known to hold more than is sorted whole starts with a work file's chunk. */
    bool whole = src.expect == 0 || sort_whole(src.expect * (double)s->reclen, src.expect, 2 * sizeof(sortent), memory);
    size_t limit = sort_chunk_records(s->reclen, 2 * sizeof(sortent), memory, whole);
    /* Start small and grow, so that a small input does not claim the whole budget. */
    s->cap = limit < 4096 ? limit : 4096;
    s->recs = malloc(s->cap * (s->reclen ? s->reclen : 1));
    s->ents = malloc(s->cap * sizeof *s->ents);
    s->tmp = malloc(s->cap * sizeof *s->tmp);
    bool ok = s->recs && s->ents && s->tmp;
    if (!ok)
        job_failf(j, KR_RC_FAIL, "KRK0696E", "cannot allocate the sort's memory; lower -m");
    unsigned char stackkey[512];
    unsigned char *key = kp->width <= sizeof stackkey ? stackkey : kr_xmalloc(kp->width);
    const unsigned char *rec;
    int got = 0;
    while (ok && (got = src.next(src.self, &rec)) > 0) {
        if (s->n == s->cap) {
            if (s->cap < limit) {
                size_t ncap = s->cap * 2 < limit ? s->cap * 2 : limit;
                unsigned char *r2 = realloc(s->recs, ncap * (s->reclen ? s->reclen : 1));
                if (r2)
                    s->recs = r2;
                sortent *e2 = r2 ? realloc(s->ents, ncap * sizeof *s->ents) : NULL;
                if (e2)
                    s->ents = e2;
                sortent *t2 = e2 ? realloc(s->tmp, ncap * sizeof *s->tmp) : NULL;
                if (t2) {
                    s->tmp = t2;
                    s->cap = ncap;
                } else
                    limit = s->cap; /* the machine gives no more: spill at this size */
            }
            if (s->n == s->cap && !spill(s)) {
                ok = false;
                break;
            }
        }
        size_t part;
        kr_problem pb;
        if (!kr_key_encode(kp, rec, key, &part, &pb)) {
            char what[200];
            snprintf(what, sizeof what, "key %s", kp->parts[part].b.name);
            ok = source_problem(j, &src, what, &pb);
            break;
        }
        memcpy(s->recs + s->n * s->reclen, rec, s->reclen);
        sortent_set(&s->ents[s->n], key, kp->width, (uint32_t)s->n);
        s->n++;
    }
    if (key != stackkey)
        free(key);
    if (got < 0)
        ok = false;
    s->memory_used = s->cap * per;
    if (ok && s->n_runs == 0) {
        s->in_memory = true;
        s->t = (rectab){s->recs, s->reclen, NULL, s->n};
        sorter_sort(s->ents, s->tmp, s->n, kp, &s->t, j->threads);
        return s;
    }
    if (ok && s->n)
        ok = spill(s);
    /* The chunk's memory goes before merging: the merge's buffers take the budget. */
    free(s->recs);
    free(s->ents);
    free(s->tmp);
    s->recs = NULL;
    s->ents = s->tmp = NULL;
    if (ok)
        ok = reduce_runs(s);
    if (ok) {
        size_t k = s->n_runs;
        size_t bufsize = merge_buffer(memory, k);
        s->rr = kr_xcalloc(k ? k : 1, sizeof *s->rr);
        s->ks = kr_xcalloc(k ? k : 1, sizeof *s->ks);
        for (size_t i = 0; i < k; i++) {
            run_reader_init(&s->rr[i], &s->runs[i], s->reclen, bufsize);
            s->ks[i] = (kstream){run_reader_next, &s->rr[i]};
        }
        kr_err e;
        ok = merger_init(&s->m, s->ks, k, kp, &e) || job_fail(j, &e);
        s->merging = ok;
        s->passes++;
    }
    if (!ok) {
        sorted_free(s);
        return NULL;
    }
    return s;
}

/* ---- reading the result -------------------------------------------------------------------- */

/* The records gathered in key order into buffers on every thread, GATHER_BYTES each: for the
 * plain SORT's output while a writer thread writes the previous buffer, and in blocks for
 * readers of one record at a time. */
enum { GATHER_BYTES = 4 << 20 };

typedef struct gather {
    const sortent *ents;
    const rectab *t;
    size_t n, reclen, outstride, block, first;
    int parts;
    kr_terminator term;
    unsigned char *buf[2];
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

/* The next block of records in key order, gathered on every thread: a reader that takes one
 * record at a time (SUM, OUTREC, OUTFIL, a join) then reads memory in order, where taking
 * each record from its place would read at random across all of them (at 20 million records
 * of 200 bytes, SUM cost twice the plain sort that way: docs/SORT.md, "Speed"). */
static void gather_block(sorted *s)
{
    size_t reclen = s->reclen ? s->reclen : 1;
    gather g = {.ents = s->ents, .t = &s->t, .n = s->n, .reclen = s->reclen, .outstride = s->reclen,
                .block = GATHER_BYTES / reclen + 1, .first = s->gathered, .parts = s->j->threads < 1 ? 1 : s->j->threads,
                .term = KR_TERM_NONE};
    size_t round = g.block * (size_t)g.parts;
    if (!s->blk)
        s->blk = kr_xmalloc(round * reclen);
    g.buf[0] = s->blk;
    parallel_for(s->j->threads, (size_t)g.parts, gather_part, &g);
    s->blk_n = s->n - s->gathered < round ? s->n - s->gathered : round;
    s->blk_pos = 0;
    s->gathered += s->blk_n;
}

static int sorted_next(void *self, const unsigned char **rec)
{
    sorted *s = self;
    if (s->in_memory) {
        if (s->blk_pos == s->blk_n) {
            if (s->gathered >= s->n)
                return 0;
            gather_block(s);
        }
        *rec = s->blk + s->blk_pos++ * s->reclen;
        s->pos++;
        return 1;
    }
    size_t from;
    kr_err e;
    int got = merger_next(&s->m, rec, &from, NULL, &e);
    if (got < 0)
        job_fail(s->j, &e);
    return got;
}

static void sorted_where(void *self, kr_buf *out)
{
    sorted *s = self;
    kr_buf_addf(out, "sorted record %zu", s->pos);
}

recsrc sorted_src(sorted *s)
{
    return (recsrc){sorted_next, sorted_where, s, s->reclen};
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

static bool drain_direct(sorted *s, kr_writer *w)
{
    sortjob *j = s->j;
    gather g = {.ents = s->ents, .t = &s->t, .n = s->n, .reclen = s->reclen, .parts = j->threads};
    g.term = kr_writer_terminator(w);
    g.outstride = g.reclen + kr_terminator_len(g.term);
    g.block = GATHER_BYTES / (g.outstride ? g.outstride : 1) + 1;
    size_t round = g.block * (size_t)g.parts;
    for (int b = 0; b < 2; b++) {
        g.buf[b] = malloc(round * g.outstride);
        if (!g.buf[b]) {
            free(g.buf[0]);
            return job_failf(j, KR_RC_FAIL, "KRK0696E", "cannot allocate output buffers");
        }
    }
    bool ok = true, writing = false;
    pthread_t writer;
    gwrite gw = {.w = w};
    for (g.first = 0; ok && g.first < g.n; g.first += round) {
        parallel_for(j->threads, (size_t)g.parts, gather_part, &g);
        size_t count = g.n - g.first < round ? g.n - g.first : round;
        if (writing) {
            pthread_join(writer, NULL);
            writing = false;
            if (!gw.ok)
                ok = job_fail(j, &gw.err);
        }
        if (!ok)
            break;
        gw.data = g.buf[g.cur];
        gw.len = count * g.outstride;
        if (pthread_create(&writer, NULL, gather_writer, &gw) == 0)
            writing = true;
        else {
            gather_writer(&gw);
            ok = gw.ok || job_fail(j, &gw.err);
        }
        g.cur ^= 1;
        progress_tick(j, &s->prog, "written", g.first);
        if (job_interrupted(j))
            ok = false;
    }
    if (writing) {
        pthread_join(writer, NULL);
        if (!gw.ok && ok)
            ok = job_fail(j, &gw.err);
    }
    progress_end(j, &s->prog);
    free(g.buf[0]);
    free(g.buf[1]);
    return ok;
}

bool sorted_drain(sorted *s, outstage *out)
{
    kr_writer *w = s->in_memory ? outstage_direct_writer(out, s->n) : NULL;
    if (w)
        return drain_direct(s, w);
    const unsigned char *rec;
    int got;
    uint64_t count = 0;
    while ((got = sorted_next(s, &rec)) > 0) {
        if (!outstage_put(out, rec))
            return false;
        if ((++count & 0xFFFF) == 0) {
            progress_tick(s->j, &s->prog, "written", count);
            if (job_interrupted(s->j))
                return false;
        }
    }
    progress_end(s->j, &s->prog);
    return got == 0;
}

static void fmt_bytes(size_t n, kr_buf *out)
{
    if (n >= (size_t)1 << 30)
        kr_buf_addf(out, "%.1f GiB", (double)n / (double)(1u << 30));
    else if (n >= (size_t)1 << 20)
        kr_buf_addf(out, "%.1f MiB", (double)n / (double)(1u << 20));
    else
        kr_buf_addf(out, "%.1f KiB", (double)n / 1024.0);
}

void sorted_describe(const sorted *s, kr_buf *out)
{
    if (s->in_memory)
        kr_buf_adds(out, "sorted in memory: ");
    else
        kr_buf_addf(out, "sorted in %llu runs on work files in %s, merged in %llu pass%s: ",
                    (unsigned long long)s->runs_made, s->j->tmpdir, (unsigned long long)s->passes,
                    s->passes == 1 ? "" : "es");
    fmt_bytes(s->memory_used, out);
    kr_buf_adds(out, " used of a ");
    fmt_bytes(s->memory, out);
    kr_buf_adds(out, " budget");
    if (s->mapped_bytes) {
        kr_buf_adds(out, " and the input mapped (");
        fmt_bytes(s->mapped_bytes, out);
        kr_buf_adds(out, " of page cache)");
    }
    kr_buf_addf(out, ", %d thread%s, key %zu bytes", s->j->threads, s->j->threads == 1 ? "" : "s", s->kp->width);
}
