/* runsort.c: large in-memory sorts as cache-sized runs (see runsort.h): the runs sorted and
 * gathered on every thread, their loser-tree merge, and the cuts that let several threads
 * merge pieces of the output at once. */
#include "runsort.h"
#include "sorter.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

enum { RUN_BYTES_MAX = 16 << 20, RUN_RECORDS_MIN = 64, SAMPLES_PER_PIECE = 64 };

size_t runsort_run_records(size_t memory, size_t reclen)
{
    size_t bytes = memory / 32 < RUN_BYTES_MAX ? memory / 32 : RUN_BYTES_MAX;
    size_t n = bytes / (reclen ? reclen : 1);
    return n < RUN_RECORDS_MIN ? RUN_RECORDS_MIN : n;
}

/* The whole pages of [p, p + bytes). */
static bool whole_pages(const void *p, size_t bytes, uintptr_t *from, uintptr_t *to)
{
    uintptr_t page = 4096;
    *from = ((uintptr_t)p + page - 1) & ~(page - 1);
    *to = ((uintptr_t)p + bytes) & ~(page - 1);
    return *to > *from;
}

void runsort_advise_huge(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
    uintptr_t from, to;
    if (whole_pages(p, bytes, &from, &to))
        madvise((void *)from, to - from, MADV_HUGEPAGE); /* advice only: without THP it does nothing */
#else
    (void)p;
    (void)bytes;
#endif
}

void runsort_release(const void *p, size_t bytes)
{
    uintptr_t from, to;
    if (whole_pages(p, bytes, &from, &to))
        madvise((void *)from, to - from, MADV_DONTNEED);
}

void *runsort_alloc(size_t bytes)
{
    void *p = mmap(NULL, bytes ? bytes : 1, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    runsort_advise_huge(p, bytes);
    return p;
}

void runsort_free(void *p, size_t bytes)
{
    if (p)
        munmap(p, bytes ? bytes : 1);
}

void memruns_free(memruns *mr)
{
    free(mr->bounds);
    mr->bounds = NULL;
    mr->n_runs = 0;
}

/* ---- sorting the runs --------------------------------------------------------------------- */

typedef struct runjob {
    memruns *mr;
    const unsigned char *src;
    size_t stride, run_records;
    bool keys_ready, in_place, release_src;
    int workers, inner_threads;
} runjob;

/* A worker's scratch, sized for one run and used for every run it sorts. */
typedef struct scratch {
    sortent *ents, *tmp;
    unsigned char *keys, *recs;
} scratch;

static void sort_one_run(const runjob *rj, size_t r, scratch *sc)
{
    memruns *mr = rj->mr;
    const kr_keyplan *kp = mr->kp;
    size_t width = kp->width, reclen = mr->reclen;
    size_t lo = mr->bounds[r], m = mr->bounds[r + 1] - lo;
    if (m == 0)
        return;
    const unsigned char *src = rj->src + lo * rj->stride;
    unsigned char *keys = mr->keys + lo * width;
    /* The run's keys in input order: given, or encoded here into the scratch table (the
     * gather below writes the run's place in mr->keys). */
    unsigned char *kin = keys;
    if (!rj->keys_ready) {
        kin = sc->keys;
        for (size_t i = 0; i < m; i++) {
            size_t bad;
            kr_key_encode(kp, src + i * rj->stride, kin + i * width, &bad, NULL); /* checked once already */
        }
    }
    sortent *ents = sc->ents;
    for (size_t i = 0; i < m; i++)
        sortent_set(&ents[i], kin + i * width, width, (uint32_t)i);
    rectab t = {src, rj->stride, NULL, m};
    sorter_sort(ents, sc->tmp, m, kp, &t, kin, rj->inner_threads);
    /* The gather, within the run: records to their place (or to the scratch copy when the
     * run is sorted in place), keys likewise. */
    unsigned char *rout = rj->in_place ? sc->recs : mr->recs + lo * reclen;
    unsigned char *kout = kin == keys ? sc->keys : keys;
    for (size_t i = 0; i < m; i++) {
        if (i + 8 < m)
            __builtin_prefetch(src + (size_t)ents[i + 8].idx * rj->stride);
        memcpy(rout + i * reclen, src + (size_t)ents[i].idx * rj->stride, reclen);
        memcpy(kout + i * width, kin + (size_t)ents[i].idx * width, width);
    }
    if (rj->release_src)
        runsort_release(src, m * rj->stride);
    if (kout != keys)
        memcpy(keys, kout, m * width);
    if (rj->in_place)
        memcpy(mr->recs + lo * reclen, rout, m * reclen);
}

static void run_worker(void *arg, size_t w)
{
    const runjob *rj = arg;
    size_t m = rj->run_records, width = rj->mr->kp->width ? rj->mr->kp->width : 1;
    scratch sc = {kr_xmalloc(m * sizeof(sortent)), kr_xmalloc(m * sizeof(sortent)), kr_xmalloc(m * width),
                  rj->in_place ? kr_xmalloc(m * (rj->mr->reclen ? rj->mr->reclen : 1)) : NULL};
    for (size_t r = w; r < rj->mr->n_runs; r += (size_t)rj->workers)
        sort_one_run(rj, r, &sc);
    free(sc.ents);
    free(sc.tmp);
    free(sc.keys);
    free(sc.recs);
}

void runsort_sort(memruns *mr, const unsigned char *src, size_t stride, size_t run_records, bool keys_ready,
                  bool release_src, int threads)
{
    size_t n = mr->n;
    if (run_records == 0)
        run_records = 1;
    if (run_records > n)
        run_records = n ? n : 1;
    mr->n_runs = n ? (n + run_records - 1) / run_records : 0;
    mr->bounds = kr_xmalloc((mr->n_runs + 1) * sizeof *mr->bounds);
    for (size_t r = 0; r <= mr->n_runs; r++)
        mr->bounds[r] = r * run_records < n ? r * run_records : n;
    int workers = threads < 1 ? 1 : threads;
    if ((size_t)workers > mr->n_runs)
        workers = mr->n_runs ? (int)mr->n_runs : 1;
    runjob rj = {mr, src, stride, run_records, keys_ready, src == mr->recs, release_src && src != mr->recs,
                 workers, mr->n_runs == 1 ? threads : 1};
    parallel_for(workers, (size_t)workers, run_worker, &rj);
}

/* ---- the merge ---------------------------------------------------------------------------- */

/* Does run a's head come before run b's? Finished runs come last; ties go to the lower run. */
static inline bool before(const memmerge *mm, size_t a, size_t b)
{
    if (mm->pos[b] == mm->end[b])
        return mm->pos[a] != mm->end[a] || a < b;
    if (mm->pos[a] == mm->end[a])
        return false;
    size_t w = mm->mr->kp->width;
    int c = memcmp(mm->mr->keys + mm->pos[a] * w, mm->mr->keys + mm->pos[b] * w, w);
    return c < 0 || (c == 0 && a < b);
}

static size_t build(memmerge *mm, size_t node)
{
    if (node >= mm->k)
        return node - mm->k;
    size_t a = build(mm, 2 * node), b = build(mm, 2 * node + 1);
    if (before(mm, a, b)) {
        mm->tree[node] = b;
        return a;
    }
    mm->tree[node] = a;
    return b;
}

void memmerge_init(memmerge *mm, const memruns *mr, const size_t *from, const size_t *to)
{
    size_t k = mr->n_runs ? mr->n_runs : 1;
    mm->mr = mr;
    mm->k = k;
    mm->pos = kr_xcalloc(k, sizeof *mm->pos);
    mm->end = kr_xcalloc(k, sizeof *mm->end);
    mm->tree = kr_xcalloc(2 * k, sizeof *mm->tree);
    for (size_t r = 0; r < mr->n_runs; r++) {
        mm->pos[r] = from ? from[r] : mr->bounds[r];
        mm->end[r] = to ? to[r] : mr->bounds[r + 1];
    }
    mm->tree[0] = k == 1 ? 0 : build(mm, 1);
}

size_t memmerge_next(memmerge *mm)
{
    size_t w = mm->tree[0];
    if (mm->pos[w] == mm->end[w])
        return SIZE_MAX;
    size_t at = mm->pos[w]++;
    for (size_t node = (w + mm->k) / 2; node > 0; node /= 2) {
        if (before(mm, mm->tree[node], w)) {
            size_t t = mm->tree[node];
            mm->tree[node] = w;
            w = t;
        }
    }
    mm->tree[0] = w;
    return at;
}

void memmerge_free(memmerge *mm)
{
    free(mm->pos);
    free(mm->end);
    free(mm->tree);
    memset(mm, 0, sizeof *mm);
}

/* ---- cutting the merge into pieces -------------------------------------------------------- */

/* The first record of [lo, hi) whose key is not below key. */
static size_t lower_bound(const memruns *mr, size_t lo, size_t hi, const unsigned char *key)
{
    size_t w = mr->kp->width;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (memcmp(mr->keys + mid * w, key, w) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void memruns_split(const memruns *mr, size_t parts, size_t *cuts)
{
    size_t k = mr->n_runs, w = mr->kp->width;
    for (size_t r = 0; r < k; r++) {
        cuts[r] = mr->bounds[r];
        cuts[parts * k + r] = mr->bounds[r + 1];
    }
    if (parts < 2)
        return;
    /* Keys sampled evenly from every run and sorted give the pieces' boundaries. */
    size_t per = (parts * SAMPLES_PER_PIECE + k - 1) / k, total = 0;
    unsigned char *samples = kr_xmalloc(k * per * (w ? w : 1));
    for (size_t r = 0; r < k; r++) {
        size_t len = mr->bounds[r + 1] - mr->bounds[r];
        for (size_t i = 0; i < per && len; i++)
            memcpy(samples + total++ * w, mr->keys + (mr->bounds[r] + len * i / per) * w, w);
    }
    sortent *ents = kr_xmalloc((total ? total : 1) * sizeof *ents), *tmp = kr_xmalloc((total ? total : 1) * sizeof *tmp);
    for (size_t i = 0; i < total; i++)
        sortent_set(&ents[i], samples + i * w, w, (uint32_t)i);
    sorter_sort(ents, tmp, total, mr->kp, NULL, samples, 1);
    for (size_t p = 1; p < parts; p++) {
        const unsigned char *key = samples + (size_t)ents[total * p / parts].idx * w;
        for (size_t r = 0; r < k; r++) {
            size_t lo = cuts[(p - 1) * k + r];
            cuts[p * k + r] = lower_bound(mr, lo, mr->bounds[r + 1], key);
        }
    }
    free(ents);
    free(tmp);
    free(samples);
}
