/* recio.h: fixed-length record files: reading in large blocks with every record's terminator
 * checked, and atomic output (temporary name beside the target, fsync, rename on commit,
 * removed on abort). Inputs are opened read-only and never modified. */
#ifndef KIROKU_RECIO_H
#define KIROKU_RECIO_H

#include "kiroku/core.h"
#include "kiroku/layout.h"

/* ---- reading -------------------------------------------------------------------------- */

typedef struct kr_reader kr_reader;

/* Opens path ("-" for standard input) for records of lrecl bytes followed by term. */
kr_reader *kr_reader_open(const char *path, size_t lrecl, kr_terminator term, kr_err *err);
kr_reader *kr_reader_open_layout(const char *path, const kr_layout *l, kr_err *err);
/* Returns 1 with *rec pointing at the next record (lrecl bytes, valid until the next call),
 * 0 at the end of the file, -1 on a malformed file or a read error (err names the file, the
 * record number and the byte offset). */
int kr_reader_next(kr_reader *r, const unsigned char **rec, kr_err *err);
/* Returns 1 with up to max records at *recs, each `stride` bytes apart (lrecl + terminator),
 * *n set; 0 at the end; -1 on error. The records stay valid until the next call. */
int kr_reader_next_block(kr_reader *r, const unsigned char **recs, size_t *n, size_t max,
                         kr_err *err);
/* The file offset of record i of the block the last kr_reader_next_block returned. */
uint64_t kr_reader_block_offset(const kr_reader *r, size_t i);
/* The number (1-based) and byte offset of the last record returned. */
uint64_t kr_reader_recno(const kr_reader *r);
uint64_t kr_reader_offset(const kr_reader *r);
size_t kr_reader_stride(const kr_reader *r);
const char *kr_reader_path(const kr_reader *r);
/* The file's size in bytes, or -1 when it is not a regular file. */
int64_t kr_reader_size(const kr_reader *r);
void kr_reader_close(kr_reader *r);

/* ---- memory images ------------------------------------------------------------------- */

/* Does the record at rec (lrecl bytes and then its terminator) end with the terminator? */
bool kr_record_terminated(const unsigned char *rec, size_t lrecl, kr_terminator term);
/* Explains a record whose terminator is wrong (KRK0204E); always returns false. avail is the
 * number of bytes readable from rec. */
bool kr_record_bad_terminator(const char *path, const unsigned char *rec, size_t avail, size_t lrecl,
                              kr_terminator term, uint64_t recno, uint64_t off, kr_err *err);
/* Explains a file that ends with a part of a record (KRK0205E); always returns false. */
bool kr_record_tail_error(const char *path, const unsigned char *tail, size_t left, size_t lrecl,
                          kr_terminator term, uint64_t records_before, uint64_t off, kr_err *err);
/* Checks a memory image of records: every terminator and a whole number of records. */
bool kr_records_check(const char *path, const unsigned char *data, size_t size, size_t lrecl,
                      kr_terminator term, uint64_t first_recno, uint64_t first_off, kr_err *err);

/* A whole regular file mapped read-only (its pages read ahead). */
typedef struct kr_mapping {
    const unsigned char *data;
    size_t size;
} kr_mapping;

bool kr_map_file(const char *path, kr_mapping *m, kr_err *err);
void kr_unmap_file(kr_mapping *m);

/* ---- variable-length records (rdw.c) ------------------------------------------------- */

/* A reader or writer opened with KR_TERM_RDW reads and writes RECFM=VB records: each record
 * starts with a 4-byte RDW (its length with the RDW, big-endian in bytes 1-2; bytes 3-4
 * zero), and lrecl is the longest record with its RDW (DFSORT's LRECL). In memory such a
 * record is always lrecl bytes: the RDW, the data, then binary zeros, so that positions count
 * from the RDW as in DFSORT (position 5 is the first data byte). The reader pads each record
 * so; the writer writes the first RDW-length bytes of each record it is given. */
#define KR_RDW_MIN_LRECL 5
#define KR_RDW_MAX_LRECL 32756

/* The length an RDW gives (bytes 1-2, big-endian). */
size_t kr_rdw_length(const unsigned char *rec);
/* Writes an RDW of len bytes at rec. */
void kr_rdw_set(unsigned char *rec, size_t len);
/* An LRECL a variable-length data set may have (5..32756); else KRK2454E naming `what`. */
bool kr_rdw_lrecl_valid(size_t lrecl, const char *what, kr_err *err);
/* Checks the RDW at p (avail bytes of the file from there): bytes 3-4 zero (KRK2451E), a
 * length of at least 4 (KRK2450E) and at most lrecl (KRK2452E), the whole record in the file
 * (KRK2453E); each names the file, the record number and the byte offset. */
bool kr_rdw_check(const char *path, const unsigned char *p, size_t avail, size_t lrecl, uint64_t recno,
                  uint64_t off, size_t *len, kr_err *err);
/* Copies a record of len bytes to dst and pads it with binary zeros to lrecl. */
void kr_rdw_pad(unsigned char *dst, const unsigned char *src, size_t len, size_t lrecl);

/* ---- writing -------------------------------------------------------------------------- */

typedef struct kr_writer kr_writer;

/* Creates a temporary file beside path ("-" writes standard output, without atomicity). */
kr_writer *kr_writer_open(const char *path, size_t lrecl, kr_terminator term, kr_err *err);
kr_writer *kr_writer_open_layout(const char *path, const kr_layout *l, kr_err *err);
/* Appends one record (lrecl bytes; the terminator is added). */
bool kr_writer_put(kr_writer *w, const unsigned char *rec, kr_err *err);
/* Appends bytes as they are (records already terminated). */
bool kr_writer_write(kr_writer *w, const void *data, size_t n, kr_err *err);
uint64_t kr_writer_count(const kr_writer *w);
/* The terminator each record gets (what kr_writer_put appends). */
kr_terminator kr_writer_terminator(const kr_writer *w);
/* Flushes, fsyncs and renames the temporary file to its name; fsyncs the directory.
 * Frees w whatever happens; on failure the temporary file is removed. */
bool kr_writer_commit(kr_writer *w, kr_err *err);
/* Removes the temporary file and frees w. Safe on NULL. */
void kr_writer_abort(kr_writer *w);

/* Outputs that are not regular files: "-", a character or block device and a FIFO are
 * written in place (no temporary name); a symbolic link is followed (the file it names is
 * replaced, the link stays) and refused when it names nothing.
 *
 * Test facility: when the environment variable KIROKU_TEST_WRITE_FAULT is "N:ERRNO" (ERRNO
 * one of ENOSPC, EIO, EFBIG), every writer opened in that process fails its N-th write(2)
 * (counting from 1) and every later one with that error, as a full disk would. Used by
 * tests/diff/faults.sh; see docs/RELIABILITY.md. */

/* Do names a and b reach one file (after symbolic links; by device and inode, or for a
 * file not yet there by its folder and name)? Devices and FIFOs are never "the same" (two
 * outputs may both be /dev/null); "-" is the same only as "-". (samefile.c) */
bool kr_same_file(const char *a, const char *b);
/* True when a and b (either may be NULL) are not one file; else KRK1702E naming both roles
 * ("NEW", "OLD"), rc 16. Called before anything is read. */
bool kr_distinct_files(const char *role_a, const char *a, const char *role_b, const char *b, kr_err *err);

/* ---- what killed runs left (reclaim.c) ------------------------------------------------ */

/* Removes from dir every writer's temporary output (.NAME.kiroku-PID-*.tmp, whatever NAME:
 * base is kept for callers) whose process is gone and whose lock nobody holds; returns how
 * many. Every writer does this when it opens. */
unsigned kr_reclaim_outputs(const char *dir, const char *base);
/* Likewise the folders of ledger loads that died (BASE.kiroku-load-PID, locked by its kiroku.lock). */
unsigned kr_reclaim_loads(const char *dir, const char *base);
/* Takes the lock that marks fd's file as in use for as long as fd stays open; false when
 * another process holds it. */
bool kr_lock_hold(int fd);

#endif
