/* sortjob.h: the state of one run of the SORT program, shared by its stages (private to
 * src/engine): the input stage (sortprog.c: SKIPREC, INCLUDE/OMIT, STOPAFT, INREC), the
 * ordering (in memory, runs and merges, or a copy), and the output stage (output.c: SUM,
 * OUTREC, OUTFIL). */
#ifndef KIROKU_ENGINE_SORTJOB_H
#define KIROKU_ENGINE_SORTJOB_H

#include <stdio.h>

#include "kiroku/check.h"
#include "kiroku/engine.h"
#include "kiroku/recio.h"
#include "kiroku/sort.h"

typedef struct outstage outstage;

typedef struct sortjob {
    const kr_sort_opts *o;
    const kr_ctl *ctl;
    const char *path;          /* of the control statements, for messages */
    kr_err err;                /* the error that stopped the run */
    int rc;                    /* the highest return code so far */
    /* SORTIN */
    const kr_layout *layout;
    size_t lrecl, stride;
    kr_terminator term;
    bool framed;               /* the input layout has header/trailer/end records */
    /* Stages and their record names. */
    kr_scope scope0, scope1, scope2;
    kr_cond_ctx cctx;
    kr_pred *include;
    bool omit;
    kr_rebuild *inrec;
    kr_seqstate inrec_seq;
    size_t len1;               /* record length after INREC */
    kr_keyplan kp;             /* SORT/MERGE keys over the records after INREC */
    outstage *out;
    /* Resources. */
    size_t memory;
    int threads;
    const char *tmpdir;
    /* Counts for the listing. */
    uint64_t read, skipped, omitted, accepted, dropped_after_stopaft;
    uint64_t frame_records;
    uint64_t runs, passes;
    size_t memory_used;
    bool in_memory;
    double started;
} sortjob;

/* Records a failure (the first one wins) and returns false. */
bool job_fail(sortjob *j, const kr_err *e);
/* Notes a warning (rc 4) line for the listing. */
void job_warn(sortjob *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- output stage (output.c) ----------------------------------------------------------- */

outstage *outstage_new(sortjob *j);
/* A header, trailer or end record of the input (framed inputs only). */
bool outstage_frame(outstage *s, kr_role role, const unsigned char *rec);
/* The next record after INREC, in output order. */
bool outstage_put(outstage *s, const unsigned char *rec);
bool outstage_finish(outstage *s);
void outstage_abort(outstage *s);
void outstage_report(const outstage *s, FILE *out);
void outstage_free(outstage *s);
uint64_t outstage_summed(const outstage *s);

#endif
