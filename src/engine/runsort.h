/* runsort.h: large in-memory sorts as runs sized for the caches and the TLB (private to
 * src/engine). Records are cut into runs of consecutive input records; each run is sorted
 * on one thread and gathered, records and full keys, into key order, so that no step reads
 * at random across more than one run. The runs are then merged by their contiguous keys
 * through a loser tree, reading every run and writing the output sequentially; equal keys go
 * to the lower run first, so the sort stays stable (EQUALS). */
#ifndef KIROKU_ENGINE_RUNSORT_H
#define KIROKU_ENGINE_RUNSORT_H

#include "kiroku/engine.h"

/* Records sorted in runs: run r holds records [bounds[r], bounds[r + 1]) in key order. */
typedef struct memruns {
    unsigned char *recs;  /* n records of reclen bytes */
    unsigned char *keys;  /* their full normalized keys, kp->width bytes each, same order */
    size_t n, reclen;
    const kr_keyplan *kp;
    size_t *bounds;
    size_t n_runs;
} memruns;

/* Records per run for a memory budget: runs of at most 16 MiB of records and 1/32 of
 * the budget (so that a small -m makes small runs), at least 64 records. */
size_t runsort_run_records(size_t memory, size_t reclen);

/* Large buffers: anonymous memory the kernel is asked to back with huge pages
 * (MADV_HUGEPAGE), so that walks over them miss the TLB less. NULL when memory is short. */
void *runsort_alloc(size_t bytes);
void runsort_free(void *p, size_t bytes);
/* Asks for huge pages on the whole pages of a buffer allocated otherwise. */
void runsort_advise_huge(void *p, size_t bytes);
/* Gives back the pages of a read-only file mapping's part that is no longer needed. */
void runsort_release(const void *p, size_t bytes);

/* Sorts the n records at src (stride bytes apart; their first reclen bytes are the record)
 * into mr->recs in runs of run_records, on `threads` threads. mr->recs, mr->keys (n * width
 * bytes) and mr->kp are set by the caller; mr->recs may be src itself (stride == reclen: the
 * runs are sorted in place). keys_ready: mr->keys already holds the records' keys in input
 * order; otherwise they are encoded here (they must be known to encode). release_src: src is
 * a file mapping whose pages are given back as each run is gathered. */
void runsort_sort(memruns *mr, const unsigned char *src, size_t stride, size_t run_records, bool keys_ready,
                  bool release_src, int threads);
void memruns_free(memruns *mr);

/* The merge of runs [from[r], to[r]) for every run r, one record at a time. */
typedef struct memmerge {
    const memruns *mr;
    size_t k;
    size_t *pos, *end;
    size_t *tree; /* loser tree: tree[0] is the winner; leaves are k..2k-1 */
} memmerge;

/* from and to: NULL for whole runs. */
void memmerge_init(memmerge *mm, const memruns *mr, const size_t *from, const size_t *to);
/* The index in mr of the next record in key order, or SIZE_MAX at the end. */
size_t memmerge_next(memmerge *mm);
void memmerge_free(memmerge *mm);

/* Cuts the merge into `parts` pieces by key, for merging them on several threads: piece p
 * takes records [cuts[p * n_runs + r], cuts[(p + 1) * n_runs + r]) of run r; every key of
 * a piece comes before every key of the next. cuts has (parts + 1) * n_runs entries. */
void memruns_split(const memruns *mr, size_t parts, size_t *cuts);

#endif
