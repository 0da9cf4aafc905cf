/* merge.h: sorted runs on temporary files and the k-way merge of sorted record streams
 * through a tournament (loser) tree (private to src/engine). */
#ifndef KIROKU_ENGINE_MERGE_H
#define KIROKU_ENGINE_MERGE_H

#include "kiroku/engine.h"

/* ---- runs: fixed-length records on an unlinked temporary file ---------------------------- */

typedef struct run {
    int fd;
    uint64_t records;
    uint64_t bytes;   /* written so far (messages) */
    const char *dir;  /* the folder it is in (-T; messages), as given to run_create */
} run;

/* Creates an anonymous temporary file in dir: it is unlinked at once, so it disappears
 * whatever way the process ends. */
bool run_create(const char *dir, run *r, kr_err *err);
void run_close(run *r);

typedef struct run_writer {
    run *r;
    unsigned char *buf;
    size_t len, cap;
    size_t reclen;
} run_writer;

void run_writer_init(run_writer *w, run *r, size_t reclen, size_t bufsize);
bool run_writer_put(run_writer *w, const unsigned char *rec, kr_err *err);
bool run_writer_finish(run_writer *w, kr_err *err);

/* ---- streams and the merge ------------------------------------------------------------- */

/* A source of records in key order: next() returns 1 with *rec (valid until its next call),
 * 0 at the end, -1 on an error. */
typedef struct kstream {
    int (*next)(void *self, const unsigned char **rec, kr_err *err);
    void *self;
} kstream;

/* A stream over a run (records read back in blocks of bufsize bytes). */
typedef struct run_reader {
    run *r;
    unsigned char *buf;
    size_t cap, len, pos;
    size_t reclen;
    off_t offset;
    uint64_t left;
} run_reader;

void run_reader_init(run_reader *rr, run *r, size_t reclen, size_t bufsize);
void run_reader_free(run_reader *rr);
int run_reader_next(void *self, const unsigned char **rec, kr_err *err);

typedef struct merger {
    size_t k;
    kstream *in;
    const kr_keyplan *kp;
    unsigned char *keys;          /* k keys of kp->width bytes */
    const unsigned char **recs;   /* the head record of each stream, NULL when done */
    size_t *tree;                 /* loser tree: tree[0] is the winner */
    bool primed;
    size_t last;                  /* the stream whose record was returned last */
} merger;

bool merger_init(merger *m, kstream *in, size_t k, const kr_keyplan *kp, kr_err *err);
/* Returns 1 with the next record in key order (ties: the lower stream first), its stream
 * index and its key; 0 when every stream is done; -1 on an error. */
int merger_next(merger *m, const unsigned char **rec, size_t *from, const unsigned char **key,
                kr_err *err);
void merger_free(merger *m);

#endif
