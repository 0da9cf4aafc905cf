/* city.h: CITY, a synthetic prefecture for the NHI streams: per city two days of the
 * resident registry, the NHI ledger and the day's NHI transactions; the federation's
 * eligibility register of the whole prefecture; and the truth, every exception the streams
 * must find (docs/CITY.md). Deterministic for a seed; every file written through its
 * layout, fields by name. */
#ifndef KIROKU_CITY_H
#define KIROKU_CITY_H

#include "kiroku/core.h"

#include <stdint.h>

/* Chiba's municipalities: 37 cities, 16 towns, 1 village (docs/CITY.md) */
#define KR_CITY_MAX 54

/* What `--with WORD[,WORD]` adds to the default files (docs/CITY.md); the words are in
 * cmd_city.c. */
#define KR_CITY_WITH_HEALTH (1u << 0) /* screening results and the truth of their intake */
#define KR_CITY_WITH_CORRECTIONS (1u << 1) /* cityNN/corrections/: the correction stream's data */
#define KR_CITY_WITH_RETENTION   (1u << 2) /* cityNN/retention/: the retention purge's data */
#define KR_CITY_WITH_BANK (1u << 3)   /* the premium ledger, the bank's 口座振替 result, their truth */
#define KR_CITY_WITH_KOGAKU (1u << 4) /* the movers' 高額該当 months, decisions, their truth */
#define KR_CITY_WITH_FEDERATION (1u << 5) /* the federation's register and 個人番号 index the day before */

typedef struct kr_city_opts {
    const char *out_dir;  /* created when missing; files go to DIR/cityNN/, DIR/rengo/, DIR/truth.dat */
    unsigned cities;      /* 1..KR_CITY_MAX */
    uint64_t people;      /* residents of each city on the day before */
    uint64_t seed;
    int ref_ymd;          /* the day (yyyymmdd): today's snapshot; yesterday's is the day before */
    unsigned with;        /* KR_CITY_WITH_* */
} kr_city_opts;

typedef struct kr_city_stats {
    uint64_t residents[2];   /* the day before, the day */
    uint64_t insured;        /* ledger records (the day before) */
    uint64_t transactions;   /* NHI transactions of the day */
    uint64_t periods;        /* records of the federation's register */
    uint64_t moves;          /* moves between cities of the day */
    uint64_t exceptions[5];  /* truth records by reason 1..4 (index 0 unused) */
    uint64_t files, bytes;
    uint64_t health_results; /* --with health: results written (truth records) */
    uint64_t health_doses;   /* --with health: vaccination records taken in (truth records) */
} kr_city_stats;

/* Writes the prefecture. Returns 0, or the return code with err filled (16 an argument or
 * a layout is wrong, 12 a file could not be written); a failed run commits no file. */
int kr_city_generate(const kr_city_opts *o, kr_city_stats *st, kr_err *err);

#endif
