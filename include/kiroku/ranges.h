/* ranges.h: the key ranges of a partitioned SORT (docs/SORT.md, "Partitioned sort"): a
 * sample of the records' normalized keys taken at evenly spaced input positions, n ranges of
 * equal weight chosen from it, and the range of any record. A range's bounds are a key and
 * an input position, so that one key holding more than a range's share is split across
 * ranges by position: equal keys keep their input order when the ranges are concatenated. */
#ifndef KIROKU_RANGES_H
#define KIROKU_RANGES_H

#include "kiroku/core.h"

/* Evenly spaced samples of a stream of records: every stride-th record's key and position;
 * when more than twice the target are kept, every other one is dropped and the stride
 * doubles, so the sample stays evenly spaced without knowing the count in advance. */
typedef struct kr_sampler {
    size_t width, target;
    uint64_t stride, seen;
    unsigned char *keys;      /* n keys of width bytes */
    uint64_t *pos;
    size_t n, cap;
} kr_sampler;

void kr_sampler_init(kr_sampler *s, size_t width, size_t target);
/* The record at input position pos (0, 1, 2, ... in order) with its key. */
void kr_sampler_add(kr_sampler *s, const unsigned char *key, uint64_t pos);
void kr_sampler_free(kr_sampler *s);

/* parts ranges: range r holds the records whose (key, position) is at or past bound r - 1
 * and before bound r (keys compared with memcmp, then positions). */
typedef struct kr_ranges {
    unsigned parts;
    size_t width;
    unsigned char *keys;      /* parts - 1 bound keys of width bytes */
    uint64_t *pos;            /* their positions */
    uint64_t records;         /* the records the sample was taken from */
    size_t sampled;
} kr_ranges;

/* Chooses parts ranges of equal weight from m samples (keys and positions, in any order; they
 * are sorted here): the bounds are the samples at m * r / parts. No samples: every record
 * goes to the first range. */
void kr_ranges_choose(kr_ranges *r, unsigned parts, size_t width, unsigned char *keys, uint64_t *pos, size_t m,
                      uint64_t records);
/* Makes the bounds keys only (positions 0): every record of a key falls in one range, the
 * one whose bound is the greatest key at or before it. For a split join, whose two sides'
 * records of a key must meet; a key heavier than a range's share then leaves the ranges
 * between its bounds empty. */
void kr_ranges_by_key(kr_ranges *r);
/* The range (0 .. parts - 1) of a record. */
unsigned kr_ranges_find(const kr_ranges *r, const unsigned char *key, uint64_t pos);
/* As text ("KIROKU-RANGES 1", then "parts", "width", "records", "sampled", one "bound POS
 * HEXKEY" a line), written atomically; read back with every line checked (KRK1852E, rc 12). */
bool kr_ranges_save(const kr_ranges *r, const char *path, kr_err *err);
bool kr_ranges_load(kr_ranges *r, const char *path, kr_err *err);
void kr_ranges_free(kr_ranges *r);

#endif
