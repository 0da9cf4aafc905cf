/* gen.h: the sample-data generator: deterministic, layout-driven records whose every field
 * is valid for its layout (what `kiroku generate` writes, what `make demo` and `make bench`
 * run on, what tests use for data of many shapes). Values follow each field's sample(...)
 * attribute (docs/GENERATE.md) or, without one, the field's type. Same layout, seed and
 * reference date give the same bytes, on every machine. */
#ifndef KIROKU_GEN_H
#define KIROKU_GEN_H

#include "kiroku/core.h"
#include "kiroku/layout.h"

/* The generator's own pseudo-random numbers (xoshiro256**, seeded through splitmix64):
 * no global state, the same sequence everywhere. */
typedef struct kr_rng {
    uint64_t s[4];
} kr_rng;

void kr_rng_seed(kr_rng *r, uint64_t seed);
uint64_t kr_rng_next(kr_rng *r);
/* Uniform in [0, n); n > 0. */
uint64_t kr_rng_below(kr_rng *r, uint64_t n);
/* Uniform in [lo, hi] (lo <= hi). */
kr_i128 kr_rng_range(kr_rng *r, kr_i128 lo, kr_i128 hi);

/* ---- records one at a time ----------------------------------------------------------- */

typedef struct kr_gen kr_gen;

/* Reads every field's sample(...) attribute. ref_ymd (yyyymmdd) is the day ages are counted
 * on. Returns NULL with err (KRK10xxE, rc 16, naming the layout file, line, field and what
 * is allowed) when an attribute is wrong. The layout must outlive the generator. */
kr_gen *kr_gen_new(const kr_layout *l, uint64_t seed, int ref_ymd, kr_err *err);
void kr_gen_free(kr_gen *g);
/* Fills rec (l->length bytes) with a record of record type `type`. Control totals are
 * written as zero (kr_totals_fill writes them). False with err when a `seq` no longer fits
 * its field. */
bool kr_gen_record(kr_gen *g, int type, unsigned char *rec, kr_err *err);
/* A data record type chosen at random among the layout's data types. */
int kr_gen_data_type(kr_gen *g);

/* ---- GENERATE: a whole file ----------------------------------------------------------- */

typedef struct kr_generate_opts {
    const char *path;        /* the output ("-" for standard output) */
    const kr_layout *layout;
    uint64_t records;        /* data records in all */
    uint64_t seed;
    int ref_ymd;             /* reference date, yyyymmdd */
    uint64_t groups;         /* header..trailer groups; 1 unless the layout has headers */
    const volatile sig_atomic_t *cancel; /* set by a signal handler: stop, write nothing */
} kr_generate_opts;

typedef struct kr_generate_stats {
    uint64_t records, header, data, trailer, end;
    uint64_t bytes;
} kr_generate_stats;

/* Writes headers, the data records spread over the groups, trailers with their control
 * totals and the end record, atomically (kr_writer). Returns 0, or the return code with err
 * filled; a failed run leaves no output. */
int kr_generate(const kr_generate_opts *o, kr_generate_stats *stats, kr_err *err);

/* Parses YYYY-MM-DD into yyyymmdd; false when it is not a calendar date. */
bool kr_gen_parse_date(const char *s, int *ymd);

#endif
