/* partition.c: the pieces of a partitioned SORT, each run by a process of its own from the
 * same control statements (docs/SORT.md, "Partitioned sort"): SAMPLE takes evenly spaced
 * keys of the main task's records and chooses the ranges; ROUTE writes every record, after
 * INCLUDE/OMIT, STOPAFT and INREC, to its range's file in input order and keeps the framing
 * records and counts in a manifest; RANGE sorts one range file; CONCAT reads the sorted
 * ranges in order into the ordinary output stage (SUM, OUTREC, OUTFIL, framing and control
 * totals), so the outputs are the single SORT's byte for byte. A JOINKEYS step whose main task
 * keeps no count across records is split at the join instead: SAMPLE chooses ranges of the
 * join key (a key never split), ROUTE sends each side's records to their range, each RANGE
 * joins its two shares and sorts what the main task accepts, and CONCAT merges the sorted
 * ranges by the SORT key (ties to the lower range, which holds the earlier joined records). */
#include "kiroku/ranges.h"
#include "merge.h"
#include "sorter.h"
#include "sortjob.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Samples kept per range, and at least this many in all. */
enum { SAMPLES_PER_RANGE = 1024, SAMPLES_MIN = 4096 };

typedef struct partstate {
    kr_buf frames;             /* ROUTE: the manifest's frame lines */
    kr_buf lines;              /* the listing's lines */
    filesrc f;
    bool f_on;
    char (*ddnames)[16];
    const char **paths;
    sorted *sorted;
} partstate;

static partstate *state(sortjob *j)
{
    if (!j->part) {
        partstate *ps = kr_xcalloc(1, sizeof *ps);
        kr_buf_init(&ps->frames);
        kr_buf_init(&ps->lines);
        j->part = ps;
    }
    return j->part;
}

void part_free(sortjob *j)
{
    partstate *ps = j->part;
    if (!ps)
        return;
    sorted_free(ps->sorted);
    if (ps->f_on)
        filesrc_free(&ps->f);
    kr_buf_free(&ps->frames);
    kr_buf_free(&ps->lines);
    free(ps->ddnames);
    free(ps->paths);
    free(ps);
    j->part = NULL;
}

void part_report(sortjob *j, FILE *out)
{
    partstate *ps = j->part;
    if (ps && ps->lines.len)
        fputs(ps->lines.data, out);
}

const char *part_path(sortjob *j, const char *ddname, const char *what)
{
    for (size_t i = 0; i < j->o->n_dds; i++)
        if (strcasecmp(j->o->dds[i].name, ddname) == 0)
            return j->o->dds[i].path;
    job_failf(j, KR_RC_ENV, "KRK1858E", "a partitioned SORT's piece needs %s (DD %s)", what, ddname);
    return NULL;
}

/* The DD of range r's file: SORTPnnn (records; F1's share in a split join), SORTQnnn (F2's
 * share), SORTNnnn (a split join's RANGE counts). */
static void range_dd(char out[16], char kind, unsigned r)
{
    snprintf(out, 16, "SORT%c%03u", kind, r + 1);
}

static void range_ddname(char out[16], unsigned r)
{
    range_dd(out, 'P', r);
}

static bool frame_ignore(sortjob *j, int source, kr_role role, const unsigned char *rec)
{
    (void)j, (void)source, (void)role, (void)rec;
    return true;
}

static bool frame_keep(sortjob *j, int source, kr_role role, const unsigned char *rec)
{
    static const char hex[] = "0123456789abcdef";
    kr_buf *b = &state(j)->frames;
    kr_buf_addf(b, "frame %d %d ", source, (int)role);
    for (size_t i = 0; i < j->frame_lrecl[source]; i++) {
        kr_buf_addc(b, hex[rec[i] >> 4]);
        kr_buf_addc(b, hex[rec[i] & 15]);
    }
    kr_buf_addc(b, '\n');
    return true;
}

/* Reads the stage's next record and its key: 1, 0 at the end, -1 on an error. */
static int next_keyed(sortjob *j, recsrc *src, const unsigned char **rec, unsigned char *key)
{
    int got = src->next(src->self, rec);
    if (got <= 0)
        return got;
    size_t part;
    kr_problem pb;
    if (kr_key_encode(&j->kp, *rec, key, &part, &pb))
        return 1;
    char what[200];
    snprintf(what, sizeof what, "key %s", j->kp.parts[part].b.name);
    source_problem(j, src, what, &pb);
    return -1;
}

/* SAMPLE without a pass over the input: when the main task's records are SORTIN's data
 * records as they are (no join, INCLUDE/OMIT, INREC, SKIPREC or STOPAFT) and SORTIN is
 * regular files larger than the sample, m records are read at evenly spaced places. Their
 * positions count every record of the files, which only moves the bounds a little: any
 * bounds make ranges whose concatenation is the sort. False when it does not apply (or
 * cannot read a file: the full pass then says why). */
static bool sample_in_place(sortjob *j, unsigned parts, size_t target, kr_ranges *r, kr_buf *lines)
{
    const kr_sort_opts *o = j->o;
    const kr_ctl *c = j->ctl;
    if (j->joined || c->include || c->inrec.kind != KR_RF_NONE || c->has_skiprec || c->has_stopaft)
        return false;
    size_t lrecl = j->frame_lrecl[SRC_SORTIN];
    size_t stride = lrecl + kr_terminator_len(o->layout ? o->layout->terminator : o->terminator);
    uint64_t total = 0;
    uint64_t *first = kr_xcalloc(o->n_inputs + 1, sizeof *first);
    for (size_t i = 0; i < o->n_inputs; i++) {
        struct stat sb;
        if (stat(o->inputs[i], &sb) != 0 || !S_ISREG(sb.st_mode)) {
            free(first);
            return false;
        }
        first[i] = total;
        total += (uint64_t)sb.st_size / stride;
    }
    first[o->n_inputs] = total;
    if (total <= 4 * (uint64_t)target) {
        free(first);
        return false; /* a pass over a small input costs less than the reads at random */
    }
    unsigned char *keys = kr_xmalloc(target * (j->kp.width ? j->kp.width : 1)), *rec = kr_xmalloc(stride);
    uint64_t *pos = kr_xmalloc(target * sizeof *pos);
    size_t m = 0, file = 0;
    int fd = -1;
    bool ok = true;
    for (size_t k = 0; ok && k < target; k++) {
        uint64_t at = (uint64_t)((double)total * ((double)k + 0.5) / (double)target);
        while (file + 1 < o->n_inputs && at >= first[file + 1]) {
            file++;
            if (fd >= 0)
                close(fd);
            fd = -1;
        }
        if (fd < 0 && (fd = open(o->inputs[file], O_RDONLY)) < 0)
            ok = false;
        if (ok && pread(fd, rec, stride, (off_t)((at - first[file]) * stride)) != (ssize_t)stride)
            ok = false;
        if (!ok)
            break;
        if (o->layout && (o->layout->has_header || o->layout->has_trailer || o->layout->has_end)) {
            int t = kr_layout_classify(o->layout, rec);
            if (t < 0 || o->layout->types[t].role != KR_ROLE_DATA)
                continue;
        }
        size_t part;
        kr_problem pb;
        if (!kr_key_encode(&j->kp, rec, keys + m * j->kp.width, &part, &pb))
            continue; /* ROUTE names the record */
        pos[m++] = at;
    }
    if (fd >= 0)
        close(fd);
    if (ok) {
        kr_ranges_choose(r, parts, j->kp.width, keys, pos, m, total);
        kr_buf_addf(lines, "KRK1856I SAMPLE: %llu records in the files, the keys of %zu read at evenly spaced "
                    "places, %u ranges chosen\n", (unsigned long long)total, m, parts);
    }
    free(keys);
    free(rec);
    free(pos);
    free(first);
    return ok;
}

typedef struct sampling {
    kr_sampler *smp;
    uint64_t pos;
} sampling;

static bool sample_each(void *ctx, const unsigned char *rec, const unsigned char *key)
{
    (void)rec;
    sampling *s = ctx;
    kr_sampler_add(s->smp, key, s->pos++);
    return true;
}

/* SAMPLE of a split join: the join keys of both sides' records, ranges that never split a
 * key (both sides' records of a key must meet in one RANGE). */
static bool sample_join(sortjob *j, const char *path, unsigned parts, size_t target)
{
    size_t width = join_key_width(j->join);
    kr_sampler smp;
    kr_sampler_init(&smp, width, target);
    sampling s = {&smp, 0};
    bool ok = join_side_each(j->join, 1, sample_each, &s) && join_side_each(j->join, 2, sample_each, &s);
    if (ok) {
        kr_ranges r;
        kr_ranges_choose(&r, parts, width, smp.keys, smp.pos, smp.n, s.pos);
        kr_ranges_by_key(&r);
        kr_err e;
        ok = kr_ranges_save(&r, path, &e) || job_fail(j, &e);
        kr_buf_addf(&state(j)->lines, "KRK1856I SAMPLE: %llu records of F1 and F2, the join keys of %zu taken every "
                    "%llu, %u ranges of the join key chosen\n", (unsigned long long)s.pos, smp.n,
                    (unsigned long long)smp.stride, parts);
        kr_ranges_free(&r);
    }
    kr_sampler_free(&smp);
    return ok;
}

bool part_sample(sortjob *j, stage *st)
{
    partstate *ps = state(j);
    const char *path = part_path(j, "SORTRNG", "the key ranges it writes");
    if (!path)
        return false;
    j->on_frame = frame_ignore;
    unsigned parts = j->o->partitions ? j->o->partitions : 1;
    size_t target = (size_t)parts * SAMPLES_PER_RANGE;
    if (target < SAMPLES_MIN)
        target = SAMPLES_MIN;
    if (j->join_split)
        return sample_join(j, path, parts, target);
    kr_ranges placed;
    if (sample_in_place(j, parts, target, &placed, &ps->lines)) {
        kr_err e;
        bool ok = kr_ranges_save(&placed, path, &e) || job_fail(j, &e);
        kr_ranges_free(&placed);
        return ok;
    }
    kr_sampler smp;
    kr_sampler_init(&smp, j->kp.width, target);
    recsrc src = stage_src(st);
    unsigned char *key = kr_xmalloc(j->kp.width ? j->kp.width : 1);
    const unsigned char *rec;
    uint64_t pos = 0;
    int got;
    while ((got = next_keyed(j, &src, &rec, key)) > 0)
        kr_sampler_add(&smp, key, pos++);
    free(key);
    bool ok = got == 0;
    if (ok) {
        kr_ranges r;
        kr_ranges_choose(&r, parts, j->kp.width, smp.keys, smp.pos, smp.n, pos);
        kr_err e;
        ok = kr_ranges_save(&r, path, &e) || job_fail(j, &e);
        kr_buf_addf(&ps->lines, "KRK1856I SAMPLE: %llu records, the keys of %zu taken every %llu, %u ranges chosen\n",
                    (unsigned long long)pos, smp.n, (unsigned long long)smp.stride, parts);
        kr_ranges_free(&r);
    }
    kr_sampler_free(&smp);
    return ok;
}

/* Writes a piece's text file (the manifest, a range's counts) atomically, and frees the text. */
static bool write_text(sortjob *j, const char *path, kr_buf *b)
{
    kr_err e;
    kr_writer *w = kr_writer_open(path, 0, KR_TERM_NONE, &e);
    bool ok = w && kr_writer_write(w, b->data, b->len, &e);
    if (w)
        ok = ok ? kr_writer_commit(w, &e) : (kr_writer_abort(w), false);
    kr_buf_free(b);
    return ok || job_fail(j, &e);
}

/* The manifest: what CONCAT needs of the whole input (counts, framing records) and how many
 * records each range file holds. Written last, so that it stands for a finished ROUTE. */
static bool write_manifest(sortjob *j, const char *path, const uint64_t counts[6], const uint64_t *per,
                           unsigned parts)
{
    kr_buf b;
    kr_buf_init(&b);
    kr_buf_addf(&b, "KIROKU-PARTS 1\nparts %u\nreclen %zu\n%scounts", parts, j->len1, j->join_split ? "split 1\n" : "");
    for (int i = 0; i < 6; i++)
        kr_buf_addf(&b, " %llu", (unsigned long long)counts[i]);
    kr_buf_addc(&b, '\n');
    for (unsigned r = 0; r < parts; r++)
        kr_buf_addf(&b, "range %u %llu\n", r + 1, (unsigned long long)per[r]);
    kr_buf_add(&b, state(j)->frames.data ? state(j)->frames.data : "", state(j)->frames.len);
    if (j->join) {
        /* The join's lines of the listing, for CONCAT's. */
        char *text = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&text, &len);
        if (mem) {
            join_report(j->join, mem);
            fclose(mem);
            for (char *save = NULL, *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
                kr_buf_adds(&b, "report ");
                kr_buf_adds(&b, l);
                kr_buf_addc(&b, '\n');
            }
            free(text);
        }
    }
    return write_text(j, path, &b);
}

/* ROUTE one record at a time (a join's records): 0 at the end, -1 on an error. */
static int route_one_by_one(sortjob *j, recsrc *src, const kr_ranges *r, kr_writer **w, uint64_t *per)
{
    unsigned char *key = kr_xmalloc(j->kp.width ? j->kp.width : 1);
    const unsigned char *rec;
    uint64_t pos = 0;
    int got;
    kr_err e;
    while ((got = next_keyed(j, src, &rec, key)) > 0) {
        unsigned at = kr_ranges_find(r, key, pos++);
        per[at]++;
        if (!kr_writer_put(w[at], rec, &e) || ((pos & 0xFFFF) == 0 && job_interrupted(j))) {
            if (!j->err.text[0])
                job_fail(j, &e);
            got = -1;
            break;
        }
    }
    free(key);
    return got;
}

/* ROUTE in batches of records from SORTIN's files: each batch's keys encoded and ranges
 * found on every thread, then written in input order. */
enum { ROUTE_BATCH = 8192 };

typedef struct batch {
    const kr_keyplan *kp;
    const kr_ranges *r;
    const unsigned char *recs;
    size_t reclen, n, parts;
    uint64_t first;            /* the accepted position of recs[0] */
    unsigned *range;
    bool failed;
    size_t bad_idx, bad_part;
    kr_problem bad;
    pthread_mutex_t lock;
} batch;

static void batch_part(void *arg, size_t p)
{
    batch *b = arg;
    size_t lo = b->n * p / b->parts, hi = b->n * (p + 1) / b->parts;
    unsigned char *key = kr_xmalloc(b->kp->width ? b->kp->width : 1);
    for (size_t i = lo; i < hi; i++) {
        size_t part = 0;
        kr_problem pb;
        if (!kr_key_encode(b->kp, b->recs + i * b->reclen, key, &part, &pb)) {
            pthread_mutex_lock(&b->lock);
            if (!b->failed || i < b->bad_idx) {
                b->failed = true;
                b->bad_idx = i;
                b->bad_part = part;
                b->bad = pb;
            }
            pthread_mutex_unlock(&b->lock);
            break;
        }
        b->range[i] = kr_ranges_find(b->r, key, b->first + i);
    }
    free(key);
}

static int route_batches(sortjob *j, recsrc *src, const filesrc *files, const kr_ranges *r, kr_writer **w,
                         uint64_t *per)
{
    size_t reclen = src->reclen;
    unsigned char *recs = kr_xmalloc(ROUTE_BATCH * (reclen ? reclen : 1));
    unsigned *range = kr_xmalloc(ROUTE_BATCH * sizeof *range);
    uint64_t *recno = kr_xmalloc(ROUTE_BATCH * sizeof *recno);
    size_t *ipath = kr_xmalloc(ROUTE_BATCH * sizeof *ipath);
    batch b = {.kp = &j->kp, .r = r, .recs = recs, .reclen = reclen, .range = range, .parts = (size_t)j->threads * 4,
               .lock = PTHREAD_MUTEX_INITIALIZER};
    int got = 1;
    kr_err e;
    while (got > 0) {
        const unsigned char *rec;
        b.n = 0;
        while (b.n < ROUTE_BATCH && (got = src->next(src->self, &rec)) > 0) {
            memcpy(recs + b.n * reclen, rec, reclen);
            recno[b.n] = files->recno;
            ipath[b.n++] = files->ipath;
        }
        if (got < 0)
            break;
        if (b.n)
            parallel_for(j->threads, b.parts, batch_part, &b);
        size_t upto = b.failed ? b.bad_idx : b.n;
        for (size_t i = 0; i < upto; i++) {
            per[range[i]]++;
            if (!kr_writer_put(w[range[i]], recs + i * reclen, &e)) {
                job_fail(j, &e);
                got = -1;
                break;
            }
        }
        if (got >= 0 && b.failed) {
            /* Named as the single sort names it (source_problem): the file's record. */
            job_failf(j, KR_RC_FAIL, b.bad.id ? b.bad.id : "KRK0690E",
                      "%s %s record %llu (file offset %llu) byte %zu: key %s: %s", files->ddname,
                      files->paths[ipath[b.bad_idx]], (unsigned long long)recno[b.bad_idx],
                      (unsigned long long)((recno[b.bad_idx] ? recno[b.bad_idx] - 1 : 0) * files->stride),
                      b.bad.offset + 1, j->kp.parts[b.bad_part].b.name, b.bad.reason);
            got = -1;
        }
        b.first += b.n;
        if (got >= 0 && job_interrupted(j))
            got = -1;
    }
    free(recs);
    free(range);
    free(recno);
    free(ipath);
    return got;
}

typedef struct routing {
    sortjob *j;
    const kr_ranges *r;
    kr_writer **w;
    uint64_t *per;
} routing;

static bool route_each(void *ctx, const unsigned char *rec, const unsigned char *key)
{
    routing *rt = ctx;
    unsigned at = kr_ranges_find(rt->r, key, 0);
    rt->per[at]++;
    kr_err e;
    return kr_writer_put(rt->w[at], rec, &e) || job_fail(rt->j, &e);
}

/* Opens range files of one kind (P, Q) for records of reclen bytes. */
static bool open_ranges(sortjob *j, char kind, unsigned parts, size_t reclen, kr_writer **w)
{
    kr_err e;
    for (unsigned i = 0; i < parts; i++) {
        char dd[16];
        range_dd(dd, kind, i);
        const char *path = part_path(j, dd, "a range's file");
        if (!path || !((w[i] = kr_writer_open(path, reclen, KR_TERM_NONE, &e)) != NULL || job_fail(j, &e)))
            return false;
    }
    return true;
}

static bool close_ranges(sortjob *j, kr_writer **w, unsigned parts, bool ok)
{
    kr_err e;
    for (unsigned i = 0; i < parts; i++)
        if (w[i]) {
            if (ok)
                ok = kr_writer_commit(w[i], &e) || job_fail(j, &e);
            else
                kr_writer_abort(w[i]);
        }
    return ok;
}

/* ROUTE of a split join: F1's records to SORTPnnn, F2's to SORTQnnn, by the join key. */
static bool route_join(sortjob *j, const kr_ranges *r, const char *mpath)
{
    partstate *ps = state(j);
    unsigned parts = r->parts;
    kr_writer **w1 = kr_xcalloc(parts, sizeof *w1), **w2 = kr_xcalloc(parts, sizeof *w2);
    uint64_t *per1 = kr_xcalloc(parts, sizeof *per1), *per2 = kr_xcalloc(parts, sizeof *per2);
    bool ok = open_ranges(j, 'P', parts, join_side_lrecl(j->join, 1), w1) &&
              open_ranges(j, 'Q', parts, join_side_lrecl(j->join, 2), w2);
    j->on_frame = frame_keep;
    routing f1 = {j, r, w1, per1}, f2 = {j, r, w2, per2};
    ok = ok && join_side_each(j->join, 1, route_each, &f1) && join_side_each(j->join, 2, route_each, &f2);
    ok = close_ranges(j, w1, parts, ok);
    ok = close_ranges(j, w2, parts, ok);
    for (unsigned i = 0; i < parts; i++)
        per1[i] += per2[i];
    uint64_t counts[6] = {0, 0, 0, 0, 0, 0}; /* the main task's are the RANGE pieces' */
    ok = ok && write_manifest(j, mpath, counts, per1, parts);
    for (unsigned i = 0; ok && i < parts; i++)
        kr_buf_addf(&ps->lines, "KRK1855I range %u: %llu F1 and %llu F2 records routed\n", i + 1,
                    (unsigned long long)(per1[i] - per2[i]), (unsigned long long)per2[i]);
    free(w1);
    free(w2);
    free(per1);
    free(per2);
    return ok;
}

bool part_route(sortjob *j, stage *st, const filesrc *files)
{
    partstate *ps = state(j);
    const char *rpath = part_path(j, "SORTRNG", "the key ranges it reads"), *mpath = rpath ? part_path(j, "SORTMAN", "the manifest it writes") : NULL;
    if (!mpath)
        return false;
    kr_ranges r;
    kr_err e;
    if (!kr_ranges_load(&r, rpath, &e))
        return job_fail(j, &e);
    size_t width = j->join_split ? join_key_width(j->join) : j->kp.width;
    if (r.width != width) {
        kr_ranges_free(&r);
        return job_failf(j, KR_RC_FAIL, "KRK1852E", "%s: keys of %zu bytes, the statements make %zu; the ranges "
                         "file belongs to other statements", rpath, r.width, width);
    }
    if (j->join_split) {
        bool ok = route_join(j, &r, mpath);
        kr_ranges_free(&r);
        return ok;
    }
    unsigned parts = r.parts;
    kr_writer **w = kr_xcalloc(parts, sizeof *w);
    uint64_t *per = kr_xcalloc(parts, sizeof *per);
    bool ok = true;
    for (unsigned i = 0; ok && i < parts; i++) {
        char dd[16];
        range_ddname(dd, i);
        const char *path = part_path(j, dd, "a range's file");
        ok = path && ((w[i] = kr_writer_open(path, j->len1, KR_TERM_NONE, &e)) != NULL || job_fail(j, &e));
    }
    j->on_frame = frame_keep;
    recsrc src = stage_src(st);
    int got = 0;
    if (ok)
        got = files && j->threads > 1 ? route_batches(j, &src, files, &r, w, per) : route_one_by_one(j, &src, &r, w, per);
    ok = ok && got == 0;
    for (unsigned i = 0; i < parts; i++)
        if (w[i]) {
            if (ok)
                ok = kr_writer_commit(w[i], &e) || job_fail(j, &e);
            else
                kr_writer_abort(w[i]);
        }
    if (ok) {
        uint64_t counts[6] = {0, 0, st->skipped, st->omitted, st->dropped, st->accepted};
        if (files) {
            counts[0] = files->read;
            counts[1] = files->frames;
        } else
            counts[0] = st->skipped + st->omitted + st->dropped + st->accepted;
        ok = write_manifest(j, mpath, counts, per, parts);
    }
    for (unsigned i = 0; ok && i < parts; i++)
        kr_buf_addf(&ps->lines, "KRK1855I range %u: %llu records routed\n", i + 1, (unsigned long long)per[i]);
    free(w);
    free(per);
    kr_ranges_free(&r);
    return ok;
}

/* A split join's RANGE: what its main task and join did, for CONCAT's listing (SORTPCNT). */
static bool write_range_counts(sortjob *j, const stage *st, uint64_t records)
{
    const char *path = part_path(j, "SORTPCNT", "the range's counts it writes");
    if (!path)
        return false;
    uint64_t c[JOIN_COUNTS];
    join_counts(j->join, c);
    kr_buf b;
    kr_buf_init(&b);
    kr_buf_addf(&b, "KIROKU-RANGE 1\nrecords %llu\nmain %llu %llu\njoin %llu %llu %llu %llu %llu\n",
                (unsigned long long)records, (unsigned long long)st->omitted, (unsigned long long)st->accepted,
                (unsigned long long)c[0], (unsigned long long)c[1], (unsigned long long)c[2], (unsigned long long)c[3],
                (unsigned long long)c[4]);
    return write_text(j, path, &b);
}

bool part_range(sortjob *j, const recsrc *joined, const stage *st)
{
    partstate *ps = state(j);
    const char *in = joined ? "" : part_path(j, "SORTPIN", "the range file it sorts"),
               *out = in ? part_path(j, "SORTPOUT", "the sorted range it writes") : NULL;
    if (!out)
        return false;
    if (joined) {
        ps->sorted = sorted_from_source(j, *joined, &j->kp, j->memory);
    } else {
        ps->paths = kr_xmalloc(sizeof *ps->paths);
        ps->paths[0] = in;
        filesrc_init(&ps->f, j, "SORTPIN", ps->paths, 1, NULL, j->len1, KR_TERM_NONE, SRC_SORTIN);
        ps->f_on = true;
        ps->sorted = sorted_from_file(j, &ps->f, &j->kp, j->memory);
        if (!ps->sorted && j->err.text[0])
            return false;
        if (!ps->sorted)
            ps->sorted = sorted_from_source(j, filesrc_src(&ps->f), &j->kp, j->memory);
    }
    if (!ps->sorted)
        return false;
    kr_err e;
    kr_writer *w = kr_writer_open(out, j->len1, KR_TERM_NONE, &e);
    if (!w)
        return job_fail(j, &e);
    recsrc s = sorted_src(ps->sorted);
    const unsigned char *rec;
    int got;
    uint64_t n = 0;
    bool ok = true;
    /* Fault injection for the restart tests (tests/diff/partition_restart.sh): the range
     * named by KIROKU_TEST_KILL_RANGE kills itself halfway through its output. */
    const char *kill_range = getenv("KIROKU_TEST_KILL_RANGE");
    bool kill_me = kill_range && (unsigned)atoi(kill_range) == j->o->range && ps->f_on;
    while (ok && (got = s.next(s.self, &rec)) > 0) {
        if (kill_me && n == ps->f.read / 2)
            raise(SIGKILL);
        ok = kr_writer_put(w, rec, &e) || job_fail(j, &e);
        if ((++n & 0xFFFF) == 0 && job_interrupted(j))
            ok = false;
    }
    ok = ok && got == 0;
    ok = ok ? kr_writer_commit(w, &e) || job_fail(j, &e) : (kr_writer_abort(w), false);
    if (ok && joined)
        ok = write_range_counts(j, st, n);
    if (ok) {
        kr_buf d;
        kr_buf_init(&d);
        sorted_describe(ps->sorted, &d);
        kr_buf_addf(&ps->lines, "KRK1857I range %u: %llu records %s\n", j->o->range, (unsigned long long)n, d.data);
        kr_buf_free(&d);
    }
    return ok;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static bool manifest_bad(sortjob *j, const char *path, int line, const char *why)
{
    return job_failf(j, KR_RC_FAIL, "KRK1853E", "%s line %d: %s; the partitioned sort's manifest is damaged "
                     "(rerun the step from its route)", path, line, why);
}

/* Reads the manifest: counts and per-range records into the job, frames into the output
 * stage (the header is written there at once, before any data record). */
static bool read_manifest(sortjob *j, const char *path, unsigned *parts, uint64_t **per)
{
    bool split = false;
    kr_buf text;
    kr_buf_init(&text);
    kr_err e;
    if (!kr_read_file(path, &text, &e)) {
        kr_buf_free(&text);
        return job_fail(j, &e);
    }
    bool ok = true;
    int line = 0;
    size_t reclen = 0;
    unsigned got_ranges = 0;
    char *save = NULL;
    *parts = 0;
    for (char *l = strtok_r(text.data, "\n", &save); l && ok; l = strtok_r(NULL, "\n", &save)) {
        line++;
        unsigned long long c[6], count;
        unsigned r;
        int source, role, used = 0;
        if (line == 1)
            ok = strcmp(l, "KIROKU-PARTS 1") == 0 || manifest_bad(j, path, line, "not a manifest");
        else if (sscanf(l, "parts %u", parts) == 1) {
            ok = (*parts >= 1 && *parts <= 999 && !*per) || manifest_bad(j, path, line, "a bad count of ranges");
            if (ok)
                *per = kr_xcalloc(*parts, sizeof **per);
        } else if (strcmp(l, "split 1") == 0) {
            split = true;
        } else if (sscanf(l, "reclen %zu", &reclen) == 1)
            ok = reclen == j->len1 || manifest_bad(j, path, line, "records of another length than the statements make");
        else if (sscanf(l, "counts %llu %llu %llu %llu %llu %llu", &c[0], &c[1], &c[2], &c[3], &c[4], &c[5]) == 6) {
            for (int i = 0; i < 6; i++)
                j->counts[i] = c[i];
            j->has_counts = true;
        } else if (sscanf(l, "range %u %llu", &r, &count) == 2) {
            ok = (*per && r >= 1 && r <= *parts) || manifest_bad(j, path, line, "a range out of count");
            if (ok) {
                (*per)[r - 1] = count;
                got_ranges++;
            }
        } else if (sscanf(l, "frame %d %d %n", &source, &role, &used) == 2 && used > 0) {
            const char *h = l + used;
            ok = (source >= 0 && source < SRC_COUNT && role >= KR_ROLE_HEADER && role <= KR_ROLE_END &&
                  strlen(h) == 2 * j->frame_lrecl[source]) ||
                 manifest_bad(j, path, line, "a bad framing record");
            unsigned char *rec = kr_xmalloc(j->frame_lrecl[source] + 1);
            for (size_t i = 0; ok && i < j->frame_lrecl[source]; i++) {
                int hi = hexval(h[2 * i]), lo = hexval(h[2 * i + 1]);
                ok = (hi >= 0 && lo >= 0) || manifest_bad(j, path, line, "a framing record that is not hex");
                if (ok)
                    rec[i] = (unsigned char)(hi << 4 | lo);
            }
            ok = ok && outstage_frame(j->out, source, (kr_role)role, rec);
            free(rec);
        } else if (strncmp(l, "report ", 7) == 0) {
            kr_buf_adds(&state(j)->lines, l + 7);
            kr_buf_addc(&state(j)->lines, '\n');
        } else
            ok = manifest_bad(j, path, line, "an unknown line");
    }
    if (ok && (!*per || got_ranges != *parts || !j->has_counts))
        ok = manifest_bad(j, path, line, "counts or ranges missing");
    if (ok && split != j->join_split)
        ok = manifest_bad(j, path, line, split ? "the join was split, the statements do not split it"
                                               : "the join was not split, the statements split it");
    kr_buf_free(&text);
    return ok;
}

static bool counts_bad(sortjob *j, const char *path, const char *why)
{
    return job_failf(j, KR_RC_FAIL, "KRK2150E", "%s: %s; a split join's RANGE piece did not finish (rerun the step)",
                     path, why);
}

/* A split join's RANGE counts (SORTNnnn): its sorted records, its main task's omitted and
 * accepted records and its join's counts, added to sums[0..1 + JOIN_COUNTS]. */
static bool read_range_counts(sortjob *j, unsigned r, uint64_t *records, uint64_t sums[2 + JOIN_COUNTS])
{
    char dd[16];
    range_dd(dd, 'N', r);
    const char *path = part_path(j, dd, "the RANGE pieces' counts");
    if (!path)
        return false;
    kr_buf text;
    kr_buf_init(&text);
    kr_err e;
    if (!kr_read_file(path, &text, &e)) {
        kr_buf_free(&text);
        return job_fail(j, &e);
    }
    unsigned long long n = 0, m[2], c[JOIN_COUNTS];
    int got = 0;
    char *save = NULL;
    bool ok = true;
    for (char *l = strtok_r(text.data, "\n", &save); l && ok; l = strtok_r(NULL, "\n", &save)) {
        if (got == 0)
            ok = strcmp(l, "KIROKU-RANGE 1") == 0;
        else if (got == 1)
            ok = sscanf(l, "records %llu", &n) == 1;
        else if (got == 2)
            ok = sscanf(l, "main %llu %llu", &m[0], &m[1]) == 2;
        else if (got == 3)
            ok = sscanf(l, "join %llu %llu %llu %llu %llu", &c[0], &c[1], &c[2], &c[3], &c[4]) == 5;
        else
            ok = false;
        got++;
    }
    kr_buf_free(&text);
    if (!ok || got != 4)
        return counts_bad(j, path, "not a range's counts");
    *records = n;
    sums[0] += m[0];
    sums[1] += m[1];
    for (int i = 0; i < JOIN_COUNTS; i++)
        sums[2 + i] += c[i];
    return true;
}

static int range_next(void *self, const unsigned char **rec, kr_err *err)
{
    filesrc *f = self;
    int got = filesrc_src(f).next(f, rec);
    if (got < 0)
        *err = f->j->err;
    return got;
}

/* CONCAT of a split join: the sorted ranges merged by the SORT key, ties to the lower range
 * (its joined records came first); counts and the join's lines added up from the ranges. */
static bool concat_join(sortjob *j, unsigned parts, const char *const *paths, char (*ddnames)[16])
{
    partstate *ps = state(j);
    uint64_t sums[2 + JOIN_COUNTS] = {0}, *want = kr_xcalloc(parts, sizeof *want);
    bool ok = true;
    for (unsigned i = 0; ok && i < parts; i++)
        ok = read_range_counts(j, i, &want[i], sums);
    filesrc *f = kr_xcalloc(parts, sizeof *f);
    kstream *ks = kr_xcalloc(parts, sizeof *ks);
    for (unsigned i = 0; i < parts; i++) {
        filesrc_init(&f[i], j, ddnames[i], &paths[i], 1, NULL, j->len1, KR_TERM_NONE, SRC_SORTIN);
        ks[i] = (kstream){range_next, &f[i]};
    }
    merger m;
    kr_err e;
    bool merging = ok && (merger_init(&m, ks, parts, &j->kp, &e) || (j->err.text[0] ? false : job_fail(j, &e)));
    ok = merging;
    while (ok) {
        const unsigned char *rec;
        size_t from;
        int got = merger_next(&m, &rec, &from, NULL, &e);
        if (got < 0)
            ok = j->err.text[0] ? false : job_fail(j, &e);
        if (got <= 0)
            break;
        ok = outstage_put(j->out, rec);
    }
    if (merging)
        merger_free(&m);
    for (unsigned i = 0; ok && i < parts; i++) {
        if (f[i].read != want[i])
            ok = job_failf(j, KR_RC_FAIL, "KRK1854E", "%s %s: %llu records, the range's join and sort wrote %llu; "
                           "the file was changed (rerun the step)", ddnames[i], paths[i], (unsigned long long)f[i].read,
                           (unsigned long long)want[i]);
        else
            kr_buf_addf(&ps->lines, "KRK1855I range %u: %llu records\n", i + 1, (unsigned long long)want[i]);
    }
    for (unsigned i = 0; i < parts; i++)
        filesrc_free(&f[i]);
    if (ok) {
        uint64_t omitted = sums[0], accepted = sums[1];
        uint64_t counts[6] = {omitted + accepted, 0, 0, omitted, 0, accepted};
        memcpy(j->counts, counts, sizeof counts);
        char *text = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&text, &len);
        if (mem) {
            join_report_match(mem, sums + 2, join_reclen(j->join));
            fclose(mem);
            kr_buf_add(&ps->lines, text, len);
            free(text);
        }
        kr_buf_addf(&ps->lines, "KRK2151I the join split in %u ranges of its key: each range's F1 and F2 records "
                    "joined and sorted by a process of its own, the ranges merged by the SORT key, EQUALS\n", parts);
    }
    free(f);
    free(ks);
    free(want);
    return ok;
}

bool part_concat(sortjob *j)
{
    partstate *ps = state(j);
    const char *mpath = part_path(j, "SORTMAN", "the manifest it reads");
    if (!mpath)
        return false;
    unsigned parts = 0;
    uint64_t *per = NULL;
    bool ok = read_manifest(j, mpath, &parts, &per);
    if (ok) {
        ps->ddnames = kr_xcalloc(parts, sizeof *ps->ddnames);
        ps->paths = kr_xcalloc(parts, sizeof *ps->paths);
        for (unsigned i = 0; ok && i < parts; i++) {
            range_ddname(ps->ddnames[i], i);
            ok = (ps->paths[i] = part_path(j, ps->ddnames[i], "the sorted ranges it concatenates")) != NULL;
        }
    }
    if (ok && j->join_split) {
        ok = concat_join(j, parts, ps->paths, ps->ddnames);
        free(per);
        return ok;
    }
    for (unsigned i = 0; ok && i < parts; i++) {
        /* Each range on its own, so that a short or long range file is named. */
        filesrc f;
        filesrc_init(&f, j, ps->ddnames[i], &ps->paths[i], 1, NULL, j->len1, KR_TERM_NONE, SRC_SORTIN);
        recsrc src = filesrc_src(&f);
        const unsigned char *rec;
        int got;
        while (ok && (got = src.next(src.self, &rec)) > 0)
            ok = outstage_put(j->out, rec);
        ok = ok && got == 0;
        if (ok && f.read != per[i])
            ok = job_failf(j, KR_RC_FAIL, "KRK1854E", "%s %s: %llu records, the route wrote %llu; the range's sort "
                           "did not finish (rerun it)", ps->ddnames[i], ps->paths[i], (unsigned long long)f.read,
                           (unsigned long long)per[i]);
        filesrc_free(&f);
        if (ok)
            kr_buf_addf(&ps->lines, "KRK1855I range %u: %llu records\n", i + 1, (unsigned long long)per[i]);
    }
    if (ok)
        kr_buf_addf(&ps->lines, "KRK1850I sorted in %u key range%s by separate processes, concatenated in order, "
                    "EQUALS\n", parts, parts == 1 ? "" : "s");
    free(per);
    return ok;
}
