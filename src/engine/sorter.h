/* sorter.h: sorting records in memory by their normalized keys (private to src/engine).
 * Each record gets a 16-byte entry: the first 12 bytes of its normalized key and its index.
 * A most-significant-digit radix sort on those 12 bytes runs on every thread; records whose
 * 12-byte prefixes tie are ordered by their whole keys, then by index, so the sort is
 * stable: equal keys keep their input order (OPTION EQUALS). */
#ifndef KIROKU_ENGINE_SORTER_H
#define KIROKU_ENGINE_SORTER_H

#include "kiroku/engine.h"

typedef struct sortent {
    uint64_t hi;  /* key bytes 0-7, big-endian */
    uint32_t lo;  /* key bytes 8-11 */
    uint32_t idx; /* the record's index in its table */
} sortent;

/* Records in memory: contiguous (base + i * stride) or through pointers. */
typedef struct rectab {
    const unsigned char *base;
    size_t stride;
    const unsigned char **ptrs;
    size_t n;
} rectab;

static inline const unsigned char *rectab_get(const rectab *t, size_t i)
{
    return t->ptrs ? t->ptrs[i] : t->base + i * t->stride;
}

/* The entry of a record from its full normalized key. */
void sortent_set(sortent *e, const unsigned char *key, size_t width, uint32_t idx);

/* Sorts ents (n of them) in place; tmp has room for n entries. Where 12-byte prefixes tie,
 * keys longer than 12 bytes go on with keys re-encoded from t's records. threads >= 1. */
void sorter_sort(sortent *ents, sortent *tmp, size_t n, const kr_keyplan *kp, const rectab *t, int threads);

/* Runs fn(arg, i) for i in [0, parts) on up to `threads` threads. */
void parallel_for(int threads, size_t parts, void (*fn)(void *arg, size_t i), void *arg);

#endif
