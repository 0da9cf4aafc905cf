/* check.h: whole-file rules of a layout: the order of header, data, trailer and end records,
 * and the control totals of trailers (checked on read, computed on write); and VERIFY, the
 * program that checks every record of a file and lists what is wrong. */
#ifndef KIROKU_CHECK_H
#define KIROKU_CHECK_H

#include "kiroku/codec.h"
#include "kiroku/layout.h"
#include "kiroku/text.h"

/* ---- control totals ------------------------------------------------------------------- */

typedef struct kr_totals kr_totals;

kr_totals *kr_totals_new(const kr_layout *l);
void kr_totals_free(kr_totals *t);
/* A header starts a new group: the totals count from zero again. */
void kr_totals_reset(kr_totals *t);
/* Counts one record of record type `type`. */
void kr_totals_add(kr_totals *t, int type, const unsigned char *rec, uint64_t recno);
/* Compares a trailer's total fields with what was counted; returns the problems written. */
size_t kr_totals_check(kr_totals *t, int type, const unsigned char *rec, kr_problem *out,
                       size_t max);
/* Writes what was counted into a trailer's total fields. */
bool kr_totals_fill(kr_totals *t, int type, unsigned char *rec, kr_err *err);
/* True when the layout has no control totals at all. */
bool kr_totals_none(const kr_totals *t);
/* Does every trailer of a memory image of n records (stride bytes apart) agree with the
 * records before it? True when the layout has no totals; records of no type are skipped. */
bool kr_totals_image_agree(const kr_layout *l, const unsigned char *data, size_t n, size_t stride);

/* ---- record order --------------------------------------------------------------------- */

typedef struct kr_order {
    const kr_layout *layout;
    bool in_group;       /* a header (or the file start, without headers) opened a group */
    bool ended;          /* an end record was seen */
    uint64_t group_start;
    uint64_t records;
} kr_order;

void kr_order_init(kr_order *o, const kr_layout *l);
/* Checks that a record of `type` may come next. Returns false with a reason. */
bool kr_order_next(kr_order *o, int type, uint64_t recno, char *reason, size_t size);
/* Checks the end of the file. */
bool kr_order_finish(kr_order *o, char *reason, size_t size);

/* ---- VERIFY --------------------------------------------------------------------------- */

typedef struct kr_verify_opts {
    const char *path;         /* the file */
    const kr_layout *layout;
    uint64_t max_listed;      /* problems listed before the listing stops (counting goes on) */
    const kr_gaiji *gaiji;    /* the file's 外字 table: a 外字 it lacks is a warning; NULL none */
    const volatile sig_atomic_t *cancel; /* set by a signal handler: stop (rc 12) */
} kr_verify_opts;

typedef struct kr_verify_stats {
    uint64_t records, bad_records, warned_records, problems;
    uint64_t per_type[64];
} kr_verify_stats;

/* Checks every record; writes the listing to out. Returns the return code: 0 all good,
 * 4 warnings, 8 records bad (or the file is not a record file of this layout), 16 the file
 * cannot be opened. */
int kr_verify(const kr_verify_opts *opts, FILE *out, kr_verify_stats *stats);

#endif
