/* sorter.c: the in-memory sort (see sorter.h): a stable most-significant-digit radix sort on
 * 12-byte key prefixes, on several threads; ties on the prefix go on with the next 12 bytes
 * of the whole key, re-encoded from the records. */
#include "sorter.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* ---- threads ---------------------------------------------------------------------------- */

typedef struct pf_job {
    void (*fn)(void *arg, size_t i);
    void *arg;
    size_t parts;
    atomic_size_t next;
} pf_job;

static void *pf_worker(void *p)
{
    pf_job *job = p;
    for (;;) {
        size_t i = atomic_fetch_add(&job->next, 1);
        if (i >= job->parts)
            return NULL;
        job->fn(job->arg, i);
    }
}

void parallel_for(int threads, size_t parts, void (*fn)(void *arg, size_t i), void *arg)
{
    pf_job job = {fn, arg, parts, 0};
    atomic_init(&job.next, 0);
    int extra = threads - 1;
    if ((size_t)extra > parts)
        extra = parts > 0 ? (int)parts - 1 : 0;
    pthread_t tids[64];
    int started = 0;
    for (int t = 0; t < extra && t < 64; t++)
        if (pthread_create(&tids[started], NULL, pf_worker, &job) == 0)
            started++;
    pf_worker(&job); /* the calling thread works too; if no thread started, it does it all */
    for (int t = 0; t < started; t++)
        pthread_join(tids[t], NULL);
}

/* ---- entries ---------------------------------------------------------------------------- */

void sortent_set(sortent *e, const unsigned char *key, size_t width, uint32_t idx)
{
    unsigned char b[12] = {0};
    memcpy(b, key, width < 12 ? width : 12);
    uint64_t hi = 0;
    for (int i = 0; i < 8; i++)
        hi = hi << 8 | b[i];
    e->hi = hi;
    e->lo = (uint32_t)b[8] << 24 | (uint32_t)b[9] << 16 | (uint32_t)b[10] << 8 | b[11];
    e->idx = idx;
}

static inline unsigned digit(const sortent *e, int byte)
{
    return byte < 8 ? (unsigned)(e->hi >> (56 - 8 * byte)) & 0xFF : (unsigned)(e->lo >> (24 - 8 * (byte - 8))) & 0xFF;
}

static inline int cmp_ent(const sortent *a, const sortent *b)
{
    if (a->hi != b->hi)
        return a->hi < b->hi ? -1 : 1;
    if (a->lo != b->lo)
        return a->lo < b->lo ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

typedef struct sortctx {
    const kr_keyplan *kp;
    const rectab *t;
} sortctx;

static void msd(sortent *a, sortent *t, size_t n, int byte, int level, const sortctx *c);

/* Entries whose 12-byte prefixes at `level` are all equal: when the key is longer, load the
 * next 12 bytes and sort again; otherwise they are equal keys, already in input order. */
static void ties(sortent *a, sortent *t, size_t n, int level, const sortctx *c)
{
    size_t from = 12 * (size_t)(level + 1);
    if (n < 2 || c->kp->width <= from)
        return;
    size_t width = c->kp->width;
    unsigned char stackkey[512];
    unsigned char *key = width <= sizeof stackkey ? stackkey : kr_xmalloc(width);
    for (size_t i = 0; i < n; i++) {
        size_t bad;
        /* The key was encoded successfully once already; it cannot fail now. */
        kr_key_encode(c->kp, rectab_get(c->t, a[i].idx), key, &bad, NULL);
        sortent_set(&a[i], key + from, width - from, a[i].idx);
    }
    if (key != stackkey)
        free(key);
    msd(a, t, n, 0, level + 1, c);
}

static void insertion(sortent *a, sortent *t, size_t n, int level, const sortctx *c)
{
    for (size_t i = 1; i < n; i++) {
        sortent x = a[i];
        size_t j = i;
        while (j > 0 && cmp_ent(&x, &a[j - 1]) < 0) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = x;
    }
    /* Runs of equal prefixes go on with the rest of the key. */
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && a[j].hi == a[i].hi && a[j].lo == a[i].lo)
            j++;
        if (j - i > 1)
            ties(a + i, t + i, j - i, level, c);
        i = j;
    }
}

static void msd(sortent *a, sortent *t, size_t n, int byte, int level, const sortctx *c)
{
    for (;;) {
        if (n < 2)
            return;
        if (n < 40) {
            insertion(a, t, n, level, c);
            return;
        }
        if (byte == 12) {
            ties(a, t, n, level, c);
            return;
        }
        size_t count[256] = {0};
        for (size_t i = 0; i < n; i++)
            count[digit(&a[i], byte)]++;
        if (count[digit(&a[0], byte)] == n) {
            byte++;
            continue;
        }
        size_t off[256], pos = 0;
        for (int d = 0; d < 256; d++) {
            off[d] = pos;
            pos += count[d];
        }
        for (size_t i = 0; i < n; i++)
            t[off[digit(&a[i], byte)]++] = a[i];
        memcpy(a, t, n * sizeof *a);
        pos = 0;
        for (int d = 0; d < 256; d++) {
            if (count[d] > 1)
                msd(a + pos, t + pos, count[d], byte + 1, level, c);
            pos += count[d];
        }
        return;
    }
}

/* ---- the top level on several threads ---------------------------------------------------- */

typedef struct top {
    sortent *a, *t;
    size_t n;
    int byte;
    int parts;
    size_t counts[64][256];
    size_t offs[64][256];
    size_t bucket_start[257];
    const sortctx *c;
} top;

static void top_count(void *arg, size_t p)
{
    top *tp = arg;
    size_t lo = tp->n * p / (size_t)tp->parts, hi = tp->n * (p + 1) / (size_t)tp->parts;
    size_t *cnt = tp->counts[p];
    memset(cnt, 0, 256 * sizeof *cnt);
    for (size_t i = lo; i < hi; i++)
        cnt[digit(&tp->a[i], tp->byte)]++;
}

static void top_scatter(void *arg, size_t p)
{
    top *tp = arg;
    size_t lo = tp->n * p / (size_t)tp->parts, hi = tp->n * (p + 1) / (size_t)tp->parts;
    size_t *off = tp->offs[p];
    for (size_t i = lo; i < hi; i++)
        tp->t[off[digit(&tp->a[i], tp->byte)]++] = tp->a[i];
}

static void top_copy(void *arg, size_t p)
{
    top *tp = arg;
    size_t lo = tp->n * p / (size_t)tp->parts, hi = tp->n * (p + 1) / (size_t)tp->parts;
    memcpy(tp->a + lo, tp->t + lo, (hi - lo) * sizeof *tp->a);
}

static void top_bucket(void *arg, size_t d)
{
    top *tp = arg;
    size_t s = tp->bucket_start[d], e = tp->bucket_start[d + 1];
    if (e - s > 1)
        msd(tp->a + s, tp->t + s, e - s, tp->byte + 1, 0, tp->c);
}

void sorter_sort(sortent *ents, sortent *tmp, size_t n, const kr_keyplan *kp, const rectab *t, int threads)
{
    sortctx c = {kp, t};
    if (threads <= 1 || n < 65536) {
        msd(ents, tmp, n, 0, 0, &c);
        return;
    }
    top *tp = kr_xcalloc(1, sizeof *tp);
    tp->a = ents;
    tp->t = tmp;
    tp->n = n;
    tp->c = &c;
    tp->parts = threads > 64 ? 64 : threads;
    for (tp->byte = 0; tp->byte < 12; tp->byte++) {
        parallel_for(threads, (size_t)tp->parts, top_count, tp);
        size_t total[256] = {0};
        for (int p = 0; p < tp->parts; p++)
            for (int d = 0; d < 256; d++)
                total[d] += tp->counts[p][d];
        int used = 0;
        for (int d = 0; d < 256; d++)
            used += total[d] != 0;
        if (used == 1)
            continue; /* every key has the same byte here */
        size_t pos = 0;
        for (int d = 0; d < 256; d++) {
            tp->bucket_start[d] = pos;
            for (int p = 0; p < tp->parts; p++) {
                tp->offs[p][d] = pos;
                pos += tp->counts[p][d];
            }
        }
        tp->bucket_start[256] = pos;
        parallel_for(threads, (size_t)tp->parts, top_scatter, tp);
        parallel_for(threads, (size_t)tp->parts, top_copy, tp);
        parallel_for(threads, 256, top_bucket, tp);
        free(tp);
        return;
    }
    /* All 12 prefix bytes equal everywhere. */
    ties(ents, tmp, n, 0, &c);
    free(tp);
}
