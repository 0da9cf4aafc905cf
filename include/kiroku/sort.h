/* sort.h: the SORT program (what `kiroku sort` and `EXEC PGM=SORT` run): copy, sort, merge
 * and join of fixed records under DFSORT control statements, with INCLUDE/OMIT, INREC,
 * SUM, OUTREC and OUTFIL, a memory budget, work files and a listing. */
#ifndef KIROKU_SORT_H
#define KIROKU_SORT_H

#include <signal.h>

#include "kiroku/ctl.h"
#include "kiroku/layout.h"

/* A data set by DD name: SORTOUT, an OUTFIL FNAMES= name, SORTXSUM, SORTJNF1, SORTJNF2. */
typedef struct kr_dd {
    const char *name;
    const char *path;
    const kr_layout *layout;  /* may be NULL */
    size_t lrecl;             /* without a layout: the record length (0: the program's) */
    kr_terminator terminator; /* with lrecl */
} kr_dd;

typedef struct kr_sort_opts {
    const kr_ctl *ctl;
    const kr_layout *layout;          /* SORTIN's layout, or NULL: then lrecl and terminator */
    size_t lrecl;
    kr_terminator terminator;
    const char *const *inputs;        /* SORTIN (several: concatenated), or SORTIN01.. (MERGE) */
    size_t n_inputs;
    const kr_dd *dds;                 /* every other data set, SORTOUT among them */
    size_t n_dds;
    size_t memory;                    /* the memory budget in bytes; 0: half the machine's */
    int threads;                      /* 0: the online processors (at most 8) */
    const char *tmpdir;               /* work files; NULL: $TMPDIR or /tmp */
    int run_date;                     /* yyyymmdd: DATE1 and friends */
    FILE *listing;                    /* the SYSOUT listing */
    FILE *progress;                   /* a terminal for progress, or NULL */
    const volatile sig_atomic_t *cancel; /* set by a signal handler to stop cleanly */
    bool no_timing;                   /* leave the elapsed time out of the listing (tests) */
    bool totals_warn;                 /* PARM TOTALS=WARN: an input's control total that
                                       * disagrees is KRK1750W (rc 4), not KRK1703E */
    bool reveal;                      /* PARM REVEAL: report OUTFILs show the sensitive bytes
                                       * they would mask (the program checked the permissions
                                       * and audited it first) */
    /* A piece of a partitioned SORT (docs/SORT.md, "Partitioned sort"), else KR_PART_WHOLE:
     * SAMPLE writes the key ranges (DD SORTRNG), ROUTE writes each accepted record to its
     * range's file (SORTP001..) and the framing and counts (SORTMAN), RANGE sorts one range
     * file (SORTPIN to SORTPOUT), CONCAT sends the sorted ranges in order (SORTP001..) through
     * SUM, OUTREC and OUTFIL to the outputs. Every piece binds the same statements. */
    int phase;
    unsigned partitions;              /* SAMPLE: how many ranges */
    unsigned range;                   /* RANGE: which one (1-based, for the listing) */
    /* JNF1CNTL, JNF2CNTL: a join side's own statements (INCLUDE or OMIT, INREC), applied to
     * that side's records before its keys are read, or NULL. */
    const kr_ctl *jnf[2];
} kr_sort_opts;

enum { KR_PART_WHOLE = 0, KR_PART_SAMPLE, KR_PART_ROUTE, KR_PART_RANGE, KR_PART_CONCAT };

/* Runs the statements. Returns the return code (0, 4, 12, 16); the listing says what was
 * done and what went wrong. On any rc >= 12 no output is left behind. */
int kr_sort(const kr_sort_opts *o);
/* What a SORT runs with when kr_sort_opts leave memory or threads 0: half the machine's
 * memory (1 GiB when unknown), the online processors up to 8. */
size_t kr_sort_default_memory(void);
int kr_sort_default_threads(void);

#endif
