/* sortjob.h: the state of one run of the SORT program, shared by its parts (private to
 * src/engine): record sources (source.c: files, the SKIPREC/INCLUDE/STOPAFT/INREC stage,
 * sequence checks), the sorted stream (sortcore.c: in memory, or runs merged through a
 * tournament tree), the join (join.c), the output stage (output.c: SUM, OUTREC, OUTFIL) and
 * the program itself (sortprog.c: binding, dispatch, the listing). */
#ifndef KIROKU_ENGINE_SORTJOB_H
#define KIROKU_ENGINE_SORTJOB_H

#include <stdio.h>

#include "kiroku/check.h"
#include "kiroku/engine.h"
#include "kiroku/recio.h"
#include "kiroku/sort.h"

typedef struct outstage outstage;
typedef struct joinsrc joinsrc;


/* Where framing records (header, trailer, end) come from: SORTIN or a join's F1 and F2. */
enum { SRC_SORTIN = 0, SRC_F1 = 1, SRC_F2 = 2, SRC_COUNT = 3 };

typedef struct progress {
    double last;
    bool shown;
} progress;

typedef struct sortjob sortjob;

struct sortjob {
    const kr_sort_opts *o;
    const kr_ctl *ctl;
    const char *path;          /* of the control statements, for messages */
    kr_err err;                /* the error that stopped the run */
    int rc;                    /* the highest return code so far */
    kr_cond_ctx cctx;
    /* The layouts of the framing sources (SORTIN, F1, F2), for the outputs to match. */
    const kr_layout *frame_layout[SRC_COUNT];
    size_t frame_lrecl[SRC_COUNT];
    /* The main task: names, keys and the record length after INREC. */
    kr_scope scope0, scope1, scope2;
    kr_keyplan kp;
    size_t len1;
    bool joined;               /* the main task's records are a join's */
    joinsrc *join;
    bool join_split;           /* a partitioned SORT splits the join by ranges of its key */
    kr_terminator out_term;    /* outputs without a layout end their records so */
    bool vb;                   /* SORTIN's records are variable-length, after an RDW (vb.c) */
    outstage *out;
    /* Resources. */
    size_t memory;
    int threads;
    const char *tmpdir;
    double started;
    /* A partitioned SORT's pieces (partition.c): where framing records go instead of the
     * output stage (ROUTE keeps them for CONCAT), and the counts CONCAT lists for the whole. */
    bool (*on_frame)(sortjob *j, int source, kr_role role, const unsigned char *rec);
    void *part;
    bool has_counts;
    uint64_t counts[6];        /* read, frames, skipped, omitted, dropped, accepted */
};

/* Records a failure (the first one wins) and returns false. */
bool job_fail(sortjob *j, const kr_err *e);
bool job_failf(sortjob *j, int rc, const char *id, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Notes a warning (rc 4) line with its id for the listing. */
void job_warn(sortjob *j, const char *id, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Refuses the DDs whose statements kiroku does not read (DFSPARM, SORTCNTL...) and warns
 * (KRK0703W, rc 4) of every other DD the statements never read or write (ddcheck.c). */
bool job_check_dds(sortjob *j);
/* True (with the error recorded) when a signal asked the run to stop. */
bool job_interrupted(sortjob *j);
double job_now(void);
/* Progress on a terminal, for runs longer than a few seconds. */
void progress_tick(sortjob *j, progress *p, const char *what, uint64_t n);
void progress_end(sortjob *j, progress *p);

/* ---- record sources (source.c) -------------------------------------------------------- */

/* A stream of records: next() returns 1 with *rec (valid until its next call), 0 at the end,
 * -1 on an error (recorded in the job). where() names the last record for messages. */
typedef struct recsrc {
    int (*next)(void *self, const unsigned char **rec);
    void (*where)(void *self, kr_buf *out);
    void *self;
    size_t reclen;
    double expect;             /* records it will give at most, as far as known before reading; 0: not known */
} recsrc;

/* The files of one DD (SORTIN, SORTIN01.., SORTJNF1..) in order; framing records go to the
 * output stage as records of `frame_source`. */
typedef struct filesrc {
    sortjob *j;
    const char *ddname;
    const char *const *paths;
    size_t n_paths, ipath;
    const kr_layout *layout;
    size_t lrecl, stride;
    kr_terminator term;
    bool framed;
    int frame_source;
    kr_reader *r;
    const unsigned char *block;
    size_t nblock, iblock;
    kr_order order;
    kr_totals *totals;         /* framed: the control totals counted since the header */
    int groups;
    uint64_t recno;            /* of the last record, in its file */
    uint64_t offset;           /* its file offset */
    uint64_t read, frames;     /* all files */
    progress prog;
} filesrc;

void filesrc_init(filesrc *f, sortjob *j, const char *ddname, const char *const *paths, size_t n_paths,
                  const kr_layout *l, size_t lrecl, kr_terminator term, int frame_source);
recsrc filesrc_src(filesrc *f);
void filesrc_free(filesrc *f);

/* SKIPREC, INCLUDE/OMIT, STOPAFT and INREC over a source (a task's or a join side's). */
typedef struct stage {
    sortjob *j;
    recsrc in;
    const char *what;          /* "INCLUDE", "F1 INCLUDE", ... for messages */
    uint64_t skiprec;
    bool has_stopaft;
    uint64_t stopaft;
    bool drain;                /* after STOPAFT read on (for the trailer), else stop reading */
    const kr_pred *include;
    bool omit;
    const kr_rebuild *inrec;
    kr_seqstate *seq;
    unsigned char *buf;
    size_t reclen;             /* of its records */
    uint64_t skipped, omitted, accepted, dropped;
    /* Variable-length records (vb.c): the bytes a record must have for INCLUDE/OMIT, for
     * INREC and, after INREC, for the keys; 0 when not checked. */
    size_t vb_cond, vb_inrec, vb_key;
} stage;

void stage_init(stage *s, sortjob *j, recsrc in, const char *what);
recsrc stage_src(stage *s);
void stage_free(stage *s);

/* Checks that a source is in key order (MERGE inputs, SORTED join inputs): out of order stops
 * the run with the record (rc 16). */
typedef struct seqsrc {
    sortjob *j;
    recsrc in;
    const kr_keyplan *kp;
    const char *why;           /* "MERGE" or "JOINKEYS ... SORTED" */
    unsigned char *prev, *key;
    bool has_prev;
} seqsrc;

void seqsrc_init(seqsrc *s, sortjob *j, recsrc in, const kr_keyplan *kp, const char *why);
recsrc seqsrc_src(seqsrc *s);
void seqsrc_free(seqsrc *s);

/* Reports a record's problem (KRK0690E-style) through the source's where(). */
bool source_problem(sortjob *j, const recsrc *src, const char *what, const kr_problem *pb);

/* ---- the sorted stream (sortcore.c) ----------------------------------------------------- */

typedef struct sorted sorted;

/* Reads src to its end and sorts its records by kp within `memory` bytes (sorted runs on
 * work files when they do not fit, merged down to one final pass). NULL on an error. */
sorted *sorted_from_source(sortjob *j, recsrc src, const kr_keyplan *kp, size_t memory);
/* A single regular file sorted where it lies, mapped (no record copied): when the file
 * fits in memory and nothing changes its records on the way. NULL: not applicable (or an
 * error, when the job has one). */
sorted *sorted_from_file(sortjob *j, filesrc *f, const kr_keyplan *kp, size_t memory);
recsrc sorted_src(sorted *s);
/* Sends every record to the output stage, in bulk when the stage allows it. */
bool sorted_drain(sorted *s, outstage *out);
/* For the listing. */
void sorted_describe(const sorted *s, kr_buf *out);
void sorted_free(sorted *s);

/* ---- the join (join.c) -------------------------------------------------------------------- */



/* Binds JOINKEYS, JOIN and REFORMAT: the two sides' layouts come from their DDs. Fills the
 * main task's first scope (the REFORMAT record's names). */
joinsrc *join_new(sortjob *j, kr_scope *main_scope);
/* Opens and (when needed) sorts both sides; then join_src streams the joined records. */
bool join_start(joinsrc *js);
recsrc join_src(joinsrc *js);
size_t join_reclen(const joinsrc *js);
/* Which side's whole record REFORMAT copied to bytes [off, off + len) of the joined record:
 * 1, 2, or 0 when no side's. */
int join_side_of(const joinsrc *js, size_t off, size_t len);
void join_report(const joinsrc *js, FILE *out);
void join_free(joinsrc *js);

/* What the match did: paired, F1 only, F2 only, joined records, keys whose F2 records
 * waited on a work file; and its KRK0685I/KRK0686I lines. */
enum { JOIN_COUNTS = 5 };
void join_counts(const joinsrc *js, uint64_t out[JOIN_COUNTS]);
void join_report_match(FILE *out, const uint64_t counts[JOIN_COUNTS], size_t reclen);

/* A partitioned SORT's split join (partition.c). join_side_each reads side no (1 or 2)
 * whole, in input order through its INCLUDE/OMIT, STOPAFT and INREC (a SORTED side's order
 * checked unless NOSEQCK, framing records to the job's on_frame), and gives each record
 * (join_side_lrecl bytes) with its join key (join_key_width bytes, the same for both sides)
 * to each(); false on an error (in the job) or when each() says stop. */
typedef bool (*join_each_fn)(void *ctx, const unsigned char *rec, const unsigned char *key);
bool join_side_each(joinsrc *js, int no, join_each_fn each, void *ctx);
size_t join_side_lrecl(const joinsrc *js, int no);
size_t join_key_width(const joinsrc *js);
/* A RANGE piece joins the range's shares of the two sides (files of the records
 * join_side_each gave) instead of the sides' data sets; before join_start. */
void join_from_shares(joinsrc *js, const char *f1, const char *f2);

/* ---- OUTFIL reports (report.c) ------------------------------------------------------------ */

typedef struct report report;
/* Writes one record (report_record_length bytes) to the output's data sets. */
typedef bool (*report_put_fn)(void *ctx, const unsigned char *rec);

/* True when the OUTFIL writes a report (headers, trailers, sections or NODETAIL). */
bool report_wanted(const kr_outfil *of);
/* Compiles the report of an OUTFIL whose values come from records of scope sc and whose
 * data records (and report lines) are reclen bytes. NULL with the error in the job. */
report *report_new(sortjob *j, const kr_outfil *of, const kr_scope *sc, size_t reclen, const char *name,
                   report_put_fn put, void *put_ctx);
/* The written record: reclen, plus the carriage-control byte unless REMOVECC. */
size_t report_record_length(const report *r);
/* A data record: values is the record before OUTFIL's BUILD (fields, totals, breaks), rec
 * the n lines written for it (n > 1 with / in BUILD), each reclen bytes. */
bool report_data(report *r, const unsigned char *values, const unsigned char *rec, size_t n);
bool report_finish(report *r);
/* False with NODETAIL: the data records are counted but not written. */
bool report_detail(const report *r);
/* For the listing's KRK0662I line: " (+ HEADER1, TRAILER1 lines; 3 pages, ...)". */
void report_listing(const report *r, FILE *out);
void report_free(report *r);
/* ---- OUTFIL IFTRAIL (iftrail.c) --------------------------------------------------------------- */

typedef struct iftrail iftrail;
enum { IFT_DATA, IFT_HEADER, IFT_TRAILER, IFT_AFTER };
/* NULL when the OUTFIL has no IFTRAIL (or on an error, then in the job: check j). sc is the
 * scope of the records OUTFIL receives, out_reclen the length its BUILD writes. */
iftrail *iftrail_new(sortjob *j, const kr_outfil *of, const kr_scope *sc, size_t out_reclen, const char *name);
/* What a record OUTFIL receives is to the output: IFT_DATA (processed as any), IFT_HEADER
 * (written as it is), IFT_TRAILER (kept for the end), IFT_AFTER (after the trailer: not
 * written); -1 on an error (in the job). */
int iftrail_route(iftrail *t, const unsigned char *rec);
/* A data record written to the output (values: as OUTFIL received it) counted and totalled. */
bool iftrail_data(iftrail *t, const unsigned char *values);
/* At the end: *trailer the trailer with TRLUPD written over it, or NULL when there was none
 * (a warning); false on an error (in the job). */
bool iftrail_trailer(iftrail *t, const unsigned char **trailer);
void iftrail_listing(const iftrail *t, FILE *out);
void iftrail_free(iftrail *t);

/* IFTRAIL's TRLUPD=(...) (counts and totals only): compiled as one trailer line of reclen
 * bytes over values of scope sc; each data record added; the line's items written over a
 * copy of the input's trailer, its other bytes kept. */
report *report_trlupd_new(sortjob *j, const kr_items *items, const kr_scope *sc, size_t reclen, const char *name);
bool report_trlupd_add(report *r, const unsigned char *values);
bool report_trlupd_fill(report *r, unsigned char *trailer);

/* ---- output stage (output.c) ------------------------------------------------------------ */

outstage *outstage_new(sortjob *j);
/* A header, trailer or end record of a framing source. */
bool outstage_frame(outstage *s, int source, kr_role role, const unsigned char *rec);
/* The next record after INREC, in output order. */
bool outstage_put(outstage *s, const unsigned char *rec);
bool outstage_finish(outstage *s);
void outstage_abort(outstage *s);
void outstage_report(const outstage *s, FILE *out);
void outstage_free(outstage *s);
uint64_t outstage_summed(const outstage *s);
/* When the stage only copies records to one plain output (no SUM, OUTREC or OUTFIL work, no
 * header/trailer to rewrite), its writer, so that the caller may write n records in bulk;
 * they are counted as written. NULL otherwise. */
kr_writer *outstage_direct_writer(outstage *s, uint64_t n);

/* ---- a partitioned SORT's pieces (partition.c) ----------------------------------------- */

/* SAMPLE and ROUTE over the main task's records (after INCLUDE/OMIT, STOPAFT and INREC). */
bool part_sample(sortjob *j, stage *st);
bool part_route(sortjob *j, stage *st, const filesrc *files);
/* RANGE: one range file sorted, or (a split join) the joined records of the range's shares
 * through the main task (src and its stage st); CONCAT: the sorted ranges in order into the
 * output stage (a split join's merged by the SORT key). */
bool part_range(sortjob *j, const recsrc *joined, const stage *st);
bool part_concat(sortjob *j);
/* The piece's data set of that DD name (KRK1858E, rc 16, when not given: `what` says why). */
const char *part_path(sortjob *j, const char *ddname, const char *what);
/* The pieces' lines of the listing; frees what they kept. */
void part_report(sortjob *j, FILE *out);
void part_free(sortjob *j);

#endif
