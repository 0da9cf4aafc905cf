/* engine.h: the record engine under the SORT program: fields bound to positions and types,
 * normalized keys that compare with memcmp, compiled conditions, reformatting (BUILD,
 * OVERLAY, IFTHEN, SEQNUM, conversions, edits). The SORT program itself is in sort.h. */
#ifndef KIROKU_ENGINE_H
#define KIROKU_ENGINE_H

#include "kiroku/codec.h"
#include "kiroku/ctl.h"
#include "kiroku/layout.h"

/* ---- binding names and positions ------------------------------------------------------- */

/* A field bound to bytes of the record at some stage of the pipeline. */
typedef struct kr_bound {
    size_t offset, length;
    kr_fmt fmt;              /* the effective format: CH, ZD, PD, BI, FI, TEXT, KANA, or NONE
                              * with has_field for a layout's own type (dates, mynumber) */
    bool has_field;          /* `field` describes the bytes (a layout field, offset adjusted) */
    kr_field field;          /* shallow copy: pointers belong to the layout */
    const kr_layout *layout; /* encoding, eras; may be NULL for positional fields */
    char *name;              /* for messages: "shimei" or "11,8,ZD" */
    char ydate[4];           /* fmt KR_FMT_YDATE: "Y2T", "Y4W", ... (datefn.c reads it) */
    char zsign;              /* fmt KR_FMT_ZD written as a sign format (kr_ref.zsign) */
    /* A bit field (p.b,m.b, BI keys only): offset/length are the bytes it touches, bit_start
     * its first bit in the first of them (0 the leftmost), bits its length; bits 0 otherwise. */
    unsigned bit_start;
    size_t bits;
} kr_bound;

/* The names a stage's record answers to. */
typedef struct kr_scope_entry {
    char *qual;              /* "F1"/"F2" or NULL */
    const char *type_name;   /* the record type the field comes from */
    kr_field field;          /* offset adjusted to the stage's record */
    const kr_layout *layout;
} kr_scope_entry;

typedef struct kr_scope {
    kr_scope_entry *v;
    size_t n, cap;
    size_t reclen;           /* the stage's record length */
    const kr_layout *layout; /* encoding of constants; NULL = bytes as written */
    const char *why_no_names;/* when names cannot be used at this stage, why */
} kr_scope;

void kr_scope_init(kr_scope *s, size_t reclen, const kr_layout *layout);
/* Adds every field of every record type of l, at offset + their offsets, qualified by qual. */
void kr_scope_add_layout(kr_scope *s, const kr_layout *l, const char *qual, size_t offset);
void kr_scope_add_field(kr_scope *s, const char *qual, const char *type_name,
                        const kr_field *f, size_t offset, const kr_layout *l);
void kr_scope_free(kr_scope *s);

/* Binds a reference. Errors name path:line:col (id KRK06xx, rc 16). */
bool kr_bind(const kr_scope *s, const kr_ref *r, const char *path, kr_bound *out, kr_err *err);
void kr_bound_free(kr_bound *b);

/* A C'..' or X'..' constant in the bytes of a file of layout l (CP932 or UTF-8; l NULL:
 * as written). */
bool kr_const_encode(const kr_const *k, const kr_layout *l, const char *path, kr_buf *out, kr_err *err);
/* Pads v, shorter than the field b, the way the field pads: blanks, full-width blanks for N
 * fields, zero bytes after an X'..' constant (hex). */
void kr_const_pad(const kr_bound *b, bool hex, kr_buf *v);

/* ---- keys ------------------------------------------------------------------------------ */

typedef struct kr_keypart {
    kr_bound b;
    bool descending;
    size_t width;      /* bytes of normalized key */
    int kind;          /* private encoding kind (key.c) */
    int coll;          /* text keys: kr_collation */
    int century;       /* Y2 date keys: the first year of the century window */
    bool aq;           /* written AQ (CH through the ALTSEQ table) */
    const unsigned char *altseq; /* AQ keys (CH ones under CHALT): the table, NULL: bytes */
} kr_keypart;

typedef struct kr_keyplan {
    kr_keypart *parts;
    size_t n;
    size_t width;      /* total normalized key bytes */
} kr_keyplan;

/* Compiles keys against a scope. */
bool kr_keyplan_build(kr_keyplan *kp, const kr_scope *s, const kr_key *keys, size_t n,
                      const char *path, kr_err *err);
void kr_keyplan_free(kr_keyplan *kp);
/* Gives the plan's Y2 date keys (p,m,Y2T,A) their century window (kr_century_window). */
void kr_keyplan_set_century(kr_keyplan *kp, int century);
/* Gives the plan's AQ keys (and its CH keys when chalt) the ALTSEQ table (NULL: none). */
void kr_keyplan_set_altseq(kr_keyplan *kp, const unsigned char *altseq, bool chalt);
/* Makes two key plans (a join's F1 and F2) comparable part by part: the same kinds, text and
 * numbers widened to the wider of the two. False (err filled) when a pair cannot match. */
bool kr_keyplan_align(kr_keyplan *a, kr_keyplan *b, const char *path, kr_err *err);
/* Writes kp->width bytes at out. Returns false when a key field's bytes cannot be read as
 * its type; *bad_part tells which part and pb the problem (its offset is in the record). */
bool kr_key_encode(const kr_keyplan *kp, const unsigned char *rec, unsigned char *out,
                   size_t *bad_part, kr_problem *pb);

/* ---- conditions ------------------------------------------------------------------------ */

typedef struct kr_pred kr_pred;

typedef struct kr_cond_ctx {
    int run_date;      /* yyyymmdd, for DATE1 and friends */
    int run_time;      /* hhmmss, for DATE4, DATE5 and TIMEn: the step's start */
    int run_usec;      /* microseconds of the step's start (DATE5) */
    int century;       /* two-digit years: the first year of their 100-year window (Y2PAST);
                        * 0: 80 years before the run date's year, DFSORT's Y2PAST=80 */
    const unsigned char *altseq; /* ALTSEQ CODE=: 256 bytes, or NULL (every byte itself) */
    bool chalt;        /* OPTION CHALT: CH fields collate through altseq like AQ fields */
} kr_cond_ctx;

/* Compiles a condition against a scope: formats checked, constants converted to the file's
 * encoding and padded, dates resolved. */
kr_pred *kr_pred_build(const kr_cond *c, const kr_scope *s, const kr_cond_ctx *ctx,
                       const char *path, kr_err *err);
void kr_pred_free(kr_pred *p);

/* Dates relative to the run date (rundate.c): a KR_CONST_DATE resolved to yyyymmdd, or 0
 * when its offsets leave the calendar (years 1-9999); ymd moved by k's offsets, left to
 * right; ymd moved by whole months (the 31st becomes the month's last day). */
int kr_date_resolve(const kr_const *k, const kr_cond_ctx *ctx);
int kr_date_apply_offsets(int ymd, const kr_const *k);
int kr_ymd_add_months(int ymd, long months);
/* A run-date or run-time constant (DATE1..DATE5, DATEn(c), DATEnP, TIME1..TIME3, TIMEn(c),
 * TIMEnP, FYSTART, FYEND, with offsets) as the bytes BUILD writes (packed for the P forms)
 * or as the decimal number DATEnP stands for; false (err: KRK2250E, rc 16, at the
 * constant) when its offsets leave the calendar. */
bool kr_now_bytes(const kr_const *k, const kr_cond_ctx *ctx, const char *path, kr_buf *out, kr_err *err);
bool kr_now_number(const kr_const *k, const kr_cond_ctx *ctx, const char *path, kr_i128 *out, kr_err *err);
/* A run-date constant compared with a field that is not a date of a layout, as DFSORT
 * compares it: DATE1, DATE1(c), ... DATE5 as character strings (cut on the right to a shorter
 * field), DATEnP as decimal numbers; number fields take DATEn as the number too. out owns its
 * bytes; false with KRK2251E (rc 16) when the field cannot take the constant. */
bool kr_now_for_field(const kr_const *k, const kr_bound *field, const kr_cond_ctx *ctx, const char *path,
                      kr_const *out, kr_err *err);
/* A date in a Y2/Y4 format (a bound field of fmt KR_FMT_YDATE, datefn.c) read as a layout's
 * date is: special indicators of zeros, blanks or X'00' as none (before every date), of
 * nines or X'FF' as open (after every date); two-digit years in the window from century.
 * kr_ydate_length_ok says whether m bytes hold a full date of that format. */
bool kr_ydate_get(const kr_bound *b, int century, const unsigned char *rec, kr_date *out, kr_problem *pb);
bool kr_ydate_length_ok(const char *fmt, size_t m);
/* Sets ctx's run_time and run_usec from the clock (a step's start). */
void kr_cond_ctx_clock(kr_cond_ctx *ctx);
/* The first year of the century window of OPTION Y2PAST=y2past (DFSORT's default is 80) on
 * the run date's year: s years before it, or a fixed year f >= 1000. */
int kr_century_window(unsigned y2past, int run_date);
/* The run date in a DATE= form ("MD2/": mm/dd/yy, "4MD-": yyyy-mm-dd; kr_item.form; a
 * YDDD= form "JD4/": ddd/yyyy, "J4D": yyyyddd) and a
 * time hhmmss in a TIME= form ("24:": hh:mm:ss, "12:": hh:mm:ss am, "24": hhmmss). */
void kr_now_date_form(int ymd, const char *form, kr_buf *out);
void kr_now_time_form(int hhmmss, const char *form, kr_buf *out);
/* 1 true, 0 false, -1 a field could not be read (pb says where and why). */
int kr_pred_eval(const kr_pred *p, const unsigned char *rec, kr_problem *pb);
/* The end (offset + length) of the last byte the condition's fields read. */
size_t kr_pred_extent(const kr_pred *p);

/* ---- reformatting ---------------------------------------------------------------------- */

typedef struct kr_rebuild kr_rebuild;

/* Compiles INREC/OUTREC/OUTFIL reformatting for input records of the scope's length.
 * *out_scope receives the names of the reformatted record (only those BUILD carried by
 * name; none after IFTHEN with BUILD). */
kr_rebuild *kr_rebuild_build(const kr_reformat *rf, const kr_scope *in, const kr_cond_ctx *ctx,
                             const char *path, kr_scope *out_scope, kr_err *err);
void kr_rebuild_free(kr_rebuild *r);
size_t kr_rebuild_length(const kr_rebuild *r);
/* True when the reformatting is a BUILD of one field copied as it is: its bytes then are
 * the input's bytes [*src, *src + *len). */
bool kr_rebuild_single_copy(const kr_rebuild *r, size_t *src, size_t *len);
/* The end (offset + length) of the last input byte the fields of the reformatting read
 * (copies, conversions, edits, CHANGE/JFY/SQZ, RESTART=; not arithmetic operands, date
 * functions or PARSE's cursor), and of the last byte an overlay writes. */
size_t kr_rebuild_extent(const kr_rebuild *r);
/* True when the reformatting builds a new record (BUILD/FIELDS), not an overlay. */
bool kr_rebuild_builds(const kr_rebuild *r);
/* Variable-length records: true when a BUILD's first item copies the RDW unchanged (1,4 or
 * 1,m with m of at least 4, at output position 1), as DFSORT requires; true for overlays. */
bool kr_rebuild_keeps_rdw(const kr_rebuild *r);
/* True when a BUILD ends with `p` alone (from p to the end of the record: a variable-length
 * record's variable part) at the end of its output: *src is p - 1, *in_length the input
 * record's (padded) length. */
bool kr_rebuild_rest(const kr_rebuild *r, size_t *src, size_t *in_length);
/* Reformats rec into out (kr_rebuild_length bytes). Returns false with pb on a field that
 * cannot be converted. seq is the record's sequence state (SEQNUM), kept by the caller. */
/* Where a WHEN=GROUP clause is: in a group or not, the group's number, the record's number
 * in it, the group's first record (what PUSH copies), the KEYBEGIN field's last value. */
typedef struct kr_groupstate {
    bool in_group, has_key;
    uint64_t id, seq;
    unsigned char *first, *key;
} kr_groupstate;

typedef struct kr_seqstate {
    kr_i128 *values;
    bool *started;
    unsigned char **restart_keys;
    size_t n;
    kr_groupstate *groups;   /* one per WHEN=GROUP clause */
    size_t n_groups;
    unsigned char *parsed;   /* PARSE=: the %nn fields of the record at hand */
} kr_seqstate;
void kr_seqstate_init(kr_seqstate *s, const kr_rebuild *r);
void kr_seqstate_free(kr_seqstate *s);
bool kr_rebuild_apply(const kr_rebuild *r, const unsigned char *rec, unsigned char *out,
                      kr_seqstate *seq, kr_problem *pb);
/* OUTFIL's IFTHEN clauses whose BUILD has / (several records from one): compiled as
 * kr_rebuild_build does, with those clauses allowed (the last clause a record meets: a
 * WHEN=(cond) without HIT=NEXT, or WHEN=NONE). kr_rebuild_lines is the most records one
 * input record makes; kr_rebuild_apply_lines writes them into out (that many times
 * kr_rebuild_length bytes, each record padded with blanks) and says how many in *n. */
kr_rebuild *kr_rebuild_build_lines(const kr_reformat *rf, const kr_scope *in, const kr_cond_ctx *ctx,
                                   const char *path, kr_scope *out_scope, kr_err *err);
size_t kr_rebuild_lines(const kr_rebuild *r);
bool kr_rebuild_apply_lines(const kr_rebuild *r, const unsigned char *rec, unsigned char *out, size_t *n,
                            kr_seqstate *seq, kr_problem *pb);

/* ---- numbers in and out (conversions and edit masks) ------------------------------------ */

/* The key bytes of a bit field: `bits` bits from bit bit_start (0 the leftmost) of p, moved
 * to the left of (bits + 7) / 8 bytes, the rest of the last byte 0 (key.c). */
void kr_bits_key(const unsigned char *p, unsigned bit_start, size_t bits, unsigned char *out);

/* Reads a bound numeric field (ZD, PD, BI, FI or a layout number) with its scale. */
bool kr_bound_number(const kr_bound *b, const unsigned char *rec, kr_i128 *v, unsigned *scale,
                     kr_problem *pb);
/* A field in DFSORT's free forms (freenum.c): UFF (the digits wherever they are), SFF (the
 * same, negative with a '-' or ')' anywhere), CSF/FS (leading blanks, a sign, digits);
 * false with pb (KRK2257E, rc 12) past 31 digits or, for CSF, on anything else. */
bool kr_free_number(const kr_bound *b, const unsigned char *rec, kr_i128 *v, kr_problem *pb);
/* SMF and TOD-clock dates and times (stamp.c): the digits DTn/TMn/DCn/TCn give (DT1 8:
 * yyyymmdd), the bytes they read (SMF 4, TOD 8), the value; false with pb (KRK2431E, rc 12)
 * on a date or time that is not one. */
unsigned kr_stamp_digits(const char *name);
size_t kr_stamp_length(const char *name);
bool kr_stamp_number(const kr_bound *b, const unsigned char *rec, kr_i128 *v, kr_problem *pb);
/* Writes v in format f (ZD, PD, BI, FI) into len bytes; false on overflow. */
bool kr_number_put(kr_fmt f, kr_i128 v, unsigned char *dst, size_t len);
/* The default length of TO=f for a number of `digits` digits. */
size_t kr_number_default_length(kr_fmt f, unsigned digits);
/* Edits v (scale decimals) with a pattern (I, T, S and literals) or a mask into len bytes. */
bool kr_edit_number(const kr_edit *e, kr_i128 v, unsigned digits, unsigned char *dst, size_t len);
size_t kr_edit_length(const kr_edit *e, unsigned digits);
/* Checks an edit specification once (supported masks, pattern shape). */
bool kr_edit_valid(const kr_edit *e, char *why, size_t size);

/* DFSORT's edit masks M0-M26 (masks.c). */
#define KR_MASK_COUNT 27
#define KR_MASK_MAX_DIGITS 31
/* The EDIT pattern of mask M<mask> for a number of `digits` digits (the rightmost positions
 * of the published 15-digit pattern, extended the same way for more); M6-M9 have a fixed
 * number of digits. out holds at least 2 * KR_MASK_MAX_DIGITS + 8 bytes. */
bool kr_mask_pattern(int mask, unsigned digits, char *out, size_t size);
/* The mask's SIGNS=(lead+,lead-,trail+,trail-), NUL where it has none. */
void kr_mask_signs(int mask, char signs[4]);
/* M3: the pattern's last two positions are CR for a negative number, blanks otherwise. */
bool kr_mask_cr(int mask);

#endif
