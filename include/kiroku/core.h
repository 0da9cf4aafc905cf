/* core.h: errors as values, return codes, allocation and growable buffers shared by every
 * module of kiroku. Nothing here knows about records or layouts. */
#ifndef KIROKU_CORE_H
#define KIROKU_CORE_H

#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define KIROKU_VERSION "0.1.0"

/* Return codes in the mainframe tradition. */
enum {
    KR_RC_OK = 0,     /* done */
    KR_RC_WARN = 4,   /* done, with warnings */
    KR_RC_REJECT = 8, /* records rejected */
    KR_RC_FAIL = 12,  /* the step could not finish */
    KR_RC_ENV = 16    /* the control statements, the layout or the environment are wrong */
};

/* An error is a value: a return code and one formatted message that starts with the
 * message id ("KRK0301E place: text"). Functions that can fail take a kr_err * and return
 * false (or NULL, or -1) after filling it. */
typedef struct kr_err {
    int rc;
    char text[1024];
} kr_err;

/* Fills err (when not NULL) and returns false, so that `return kr_fail(...)` reads well.
 * id is the message id, e.g. "KRK0301E"; fmt continues after it. */
bool kr_fail(kr_err *err, int rc, const char *id, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
bool kr_vfail(kr_err *err, int rc, const char *id, const char *fmt, va_list ap);
void kr_err_clear(kr_err *err);
/* Prefixes err->text's message (after the id) with "prefix: ". */
void kr_err_prefix(kr_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Cancellation: a program's options carry the flag its signal handler sets (SIGINT,
 * SIGTERM; NULL when none). kr_cancelled is true once it is set; kr_fail_cancelled fills err
 * with KRK0708E (rc 12): "PROGRAM interrupted (SIGINT or SIGTERM) after N records; WHAT"
 * (records UINT64_MAX: no count). */
bool kr_cancelled(const volatile sig_atomic_t *cancel);
bool kr_fail_cancelled(kr_err *err, const char *program, uint64_t records, const char *what);

/* Test facility (killpoint.c): when the environment variable KIROKU_TEST_KILL_AT names
 * phase, the process sends itself SIGKILL there, exactly as `kill -9` at that moment would
 * end it. The phases are the moments an output passes through (docs/RELIABILITY.md):
 * write-open, write-block, write-synced, write-renamed (kr_writer and the sealed formats),
 * load-filled and load-renamed (ledger load). Without the variable it does nothing. */
void kr_kill_point(const char *phase);

/* A hash index of byte strings (names, values) to numbers (src/core/hashmap.c). Zero-initialise
 * it; keys are not copied and must outlive it. kr_hashmap_put adds key -> value unless an
 * equal key is there, and returns that key's value, or KR_HASHMAP_NONE when it added. */
typedef struct kr_hashmap {
    struct kr_hashmap_slot *slots;
    size_t n_slots, n;
} kr_hashmap;
#define KR_HASHMAP_NONE ((size_t)-1)
size_t kr_hashmap_put(kr_hashmap *x, const void *key, size_t len, size_t value);
size_t kr_hashmap_get(const kr_hashmap *x, const void *key, size_t len);
void kr_hashmap_free(kr_hashmap *x);

/* A diagnostic sink: a parser (layouts, control statements, JCL, tables) reports every problem
 * it finds, not only the first, each a message starting with its id and its place
 * ("KRK0123E file:line:column: ..."). */
typedef struct kr_diags {
    char **items;
    size_t n, cap;
    int rc; /* the highest return code reported */
} kr_diags;

void kr_diags_init(kr_diags *d);
void kr_diags_free(kr_diags *d);
void kr_diags_add(kr_diags *d, int rc, const char *id, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Adds an error value as it stands (its text already starts with its id). */
void kr_diags_add_err(kr_diags *d, const kr_err *err);
void kr_diags_print(const kr_diags *d, FILE *out);

/* Allocation that cannot fail: on exhaustion the process prints KRK0001S and aborts.
 * Used for small, bounded allocations; the large buffers of the sort engine are
 * allocated with plain malloc and their failure is reported as an error value. */
void *kr_xmalloc(size_t n);
/* A large I/O block (reader, writer, SEAL's batches): from 2 MiB on aligned to 2 MiB and
 * advised as transparent huge pages, so that first touching it costs a page fault per 2 MiB
 * instead of per 4 KiB (dear on a virtual machine). Freed with free(). */
void *kr_xmalloc_block(size_t n);
void *kr_xcalloc(size_t n, size_t size);
void *kr_xrealloc(void *p, size_t n);
char *kr_xstrdup(const char *s);
char *kr_xstrndup(const char *s, size_t n);
char *kr_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grows *items (of elemsize bytes each) so that at least need elements fit. */
void kr_grow(void **items, size_t *cap, size_t need, size_t elemsize);
#define KR_GROW(arr, cap, need) kr_grow((void **)&(arr), &(cap), (need), sizeof *(arr))

/* A growable byte buffer; data is always NUL-terminated for convenience. */
typedef struct kr_buf {
    char *data;
    size_t len, cap;
} kr_buf;

void kr_buf_init(kr_buf *b);
void kr_buf_free(kr_buf *b);
void kr_buf_reset(kr_buf *b);
void kr_buf_add(kr_buf *b, const void *p, size_t n);
void kr_buf_addc(kr_buf *b, char c);
void kr_buf_adds(kr_buf *b, const char *s);
void kr_buf_addf(kr_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void kr_buf_vaddf(kr_buf *b, const char *fmt, va_list ap);
/* Appends s with JSON string escaping (no surrounding quotes). */
void kr_buf_add_json(kr_buf *b, const char *s, size_t n);
/* Appends s as a CSV field, quoted when it holds a comma, a quote or a line break. */
void kr_buf_add_csv(kr_buf *b, const char *s, size_t n);
/* Detaches the data (caller frees); the buffer is left empty. */
char *kr_buf_take(kr_buf *b);

/* Finds FILE (in SUBDIR, or NULL) on the data search path: $KIROKU_LAYOUTS (':'-separated),
 * ./layouts, then the installed layouts directory. Returns the path (caller frees) or NULL;
 * looked (when not NULL) receives the candidates tried, for messages (caller frees). */
char *kr_data_find(const char *subdir, const char *file, char **looked);
/* True when path names a regular file. */
bool kr_is_file(const char *path);
/* The installed layouts directory ($PREFIX/share/kiroku/layouts). */
const char *kr_data_installed_dir(void);

/* Copies a file's bytes onto a stream (nothing when it cannot be read). */
void kr_copy_file_to(const char *path, FILE *to);
/* Removes a file, or a folder and the files in it (rmdir.c); nothing when it is not there. */
void kr_remove_path(const char *path);

/* Reads a whole file into memory (NUL-terminated). */
bool kr_read_file(const char *path, kr_buf *out, kr_err *err);

/* Number of display columns of a UTF-8 string: East Asian wide and full-width characters
 * count 2, half-width katakana and ASCII 1. Used to align listings. */
size_t kr_utf8_columns(const char *s, size_t n);
/* The value of a hexadecimal digit (0-9, A-F, a-f), -1 for any other character. */
int kr_hex_digit(int c);

/* The calendar (calendar.c): is y-m-d a day of the Gregorian calendar, years 1-9999? */
bool kr_date_valid_ymd(int y, int m, int d);
/* Reads a date written YYYY-MM-DD (exactly so) into *ymd as yyyymmdd; false when it is not
 * a day of the calendar (2025-02-30 is not). */
bool kr_date_parse_iso(const char *s, int *ymd);

/* 128-bit integers for decimal arithmetic (31-digit packed fields, totals). */
__extension__ typedef __int128 kr_i128;
/* Writes v in decimal into out (at least 41 bytes); returns the length. */
int kr_i128_format(kr_i128 v, char *out);

#endif
