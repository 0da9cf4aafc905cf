/* sortplan.h: how a SORT's records are sorted, chosen on what is fast rather than on what
 * fits (private to src/engine; docs/SORT.md, "Speed"). Records are sorted whole in memory
 * when they hold at most SORT_WHOLE_MAX bytes and fit the budget with their sort entries:
 * the gather that follows reads them at random, and over more than some gigabytes of 4 KiB
 * pages every read is a TLB miss whose page walk misses the caches too. More records are
 * sorted on work files, in chunks of SORT_CHUNK_MEMORY (or the budget, if smaller), each
 * sorted whole and written as a run, then merged. */
#ifndef KIROKU_ENGINE_SORTPLAN_H
#define KIROKU_ENGINE_SORTPLAN_H

#include <stdbool.h>
#include <stddef.h>

/* Measured on the project's machine, 200-byte records (docs/SORT.md, "Memory, work files and
 * threads"): sorted whole, 5.6 GiB took less time than on work files, 9.4 GiB half again as
 * much processor time. Chunks of 1 GiB beat 512 MiB, 2 GiB and 3 GiB at 9.4 GiB. */
#define SORT_WHOLE_MAX ((size_t)6 << 30)
#define SORT_CHUNK_MEMORY ((size_t)1 << 30)

/* Whether `records` records holding `bytes` bytes, each needing `per` bytes more while sorted,
 * are sorted whole within a budget of `memory` bytes. */
bool sort_whole(double bytes, double records, size_t per, size_t memory);

/* How many records of `reclen` bytes (each needing `per` bytes more) a chunk read from a
 * stream holds: the first chunk as many as may be sorted whole (a source that ends within it
 * is sorted in memory), the later ones a work file's chunk. At least 1024; less than
 * UINT32_MAX (the entries' index). */
size_t sort_chunk_records(size_t reclen, size_t per, size_t memory, bool first);

#endif
