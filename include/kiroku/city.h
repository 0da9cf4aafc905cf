/* city.h: CITY, a synthetic prefecture for the NHI streams: per city two days of the
 * resident registry, the NHI ledger and the day's NHI transactions; the federation's
 * eligibility register of the whole prefecture; and the truth, every exception the streams
 * must find (docs/CITY.md). Deterministic for a seed; every file written through its
 * layout, fields by name. */
#ifndef KIROKU_CITY_H
#define KIROKU_CITY_H

#include "kiroku/core.h"

#include <stdint.h>

#define KR_CITY_MAX 16

typedef struct kr_city_opts {
    const char *out_dir;  /* created when missing; files go to DIR/cityNN/, DIR/rengo/, DIR/truth.dat */
    unsigned cities;      /* 1..KR_CITY_MAX */
    uint64_t people;      /* residents of each city on the day before */
    uint64_t seed;
    int ref_ymd;          /* the day (yyyymmdd): today's snapshot; yesterday's is the day before */
    unsigned with;        /* KR_CITY_WITH_* bits: files written only when asked (--with WORD) */
} kr_city_opts;

/* What `kiroku city --with WORD[,WORD]` adds; the default output does not change. */
enum {
    KR_CITY_WITH_BANK = 1u << 0,   /* bank: premium ledger, the bank's 口座振替 result, their truth */
    KR_CITY_WITH_KOGAKU = 1u << 1, /* kogaku: 高額該当 months of the movers, decisions, their truth */
};

typedef struct kr_city_stats {
    uint64_t residents[2];   /* the day before, the day */
    uint64_t insured;        /* ledger records (the day before) */
    uint64_t transactions;   /* NHI transactions of the day */
    uint64_t periods;        /* records of the federation's register */
    uint64_t moves;          /* moves between cities of the day */
    uint64_t exceptions[5];  /* truth records by reason 1..4 (index 0 unused) */
    uint64_t files, bytes;
} kr_city_stats;

/* Writes the prefecture. Returns 0, or the return code with err filled (16 an argument or
 * a layout is wrong, 12 a file could not be written); a failed run commits no file. */
int kr_city_generate(const kr_city_opts *o, kr_city_stats *st, kr_err *err);

#endif
