/* codec.h: the field types at the byte level: zoned, packed and binary numbers, dates
 * (Western and 和暦), 個人番号 check digits, code lists, and the check of one field of a
 * record against its layout. Knows fields; knows nothing about files. */
#ifndef KIROKU_CODEC_H
#define KIROKU_CODEC_H

#include "kiroku/core.h"
#include "kiroku/layout.h"
#include "kiroku/text.h"

/* One thing wrong with a field. */
typedef struct kr_problem {
    int rc;            /* KR_RC_WARN or KR_RC_REJECT */
    const char *id;    /* message id */
    size_t offset;     /* byte offset in the record of the first offending byte */
    char reason[300];
} kr_problem;

/* Fills in *pb (nothing when pb is NULL): rc, id, the record offset and the formatted reason. */
void kr_problem_set(kr_problem *pb, int rc, const char *id, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void kr_problem_vset(kr_problem *pb, int rc, const char *id, size_t offset, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));

/* ---- numbers -------------------------------------------------------------------------- */

/* Reads a numeric field (ZD, PD, BI; dates and mynumber read as their digits) as an integer
 * of f->scale implied decimals. On a bad byte returns false and fills *pb (when not NULL). */
bool kr_num_get(const kr_layout *l, const kr_field *f, const unsigned char *rec, kr_i128 *out,
                kr_problem *pb);
/* Writes v into a numeric field; false when it does not fit (the field is left as it was). */
bool kr_num_put(const kr_layout *l, const kr_field *f, unsigned char *rec, kr_i128 v);
/* Formats v with scale implied decimals: -12345, 2 -> "-123.45". Returns the length. */
int kr_num_format(kr_i128 v, unsigned scale, char *out /* >= 48 bytes */);
/* The largest magnitude a numeric field holds (10^digits - 1, or the binary range). */
kr_i128 kr_num_max(const kr_field *f);
kr_i128 kr_num_min(const kr_field *f);

/* ---- dates ---------------------------------------------------------------------------- */

typedef enum kr_datekind { KR_DATE_VALUE, KR_DATE_NONE, KR_DATE_OPEN } kr_datekind;

typedef struct kr_date {
    kr_datekind kind;
    int ymd;      /* Western yyyymmdd (yyyymm00 for yyyymm) */
    int era;      /* index in the layout's era table, -1 for Western formats */
    int era_year; /* year within the era */
} kr_date;

bool kr_date_get(const kr_layout *l, const kr_field *f, const unsigned char *rec, kr_date *out,
                 kr_problem *pb);
/* Writes a date given as Western yyyymmdd into a date field of any format. */
bool kr_date_put(const kr_layout *l, const kr_field *f, unsigned char *rec, int ymd);
/* The era (index) in force on a Western date, or -1 before the first era. */
int kr_era_of(const kr_layout *l, int ymd);
/* Days since 1970-01-01 (negative before it) and back, for date arithmetic; years 1-9999. */
long kr_days_from_ymd(int ymd);
int kr_ymd_from_days(long days);

/* ---- 個人番号 ------------------------------------------------------------------------- */

/* The check digit of 11 base digits (番号法施行規則 第5条), or -1 when they are not digits. */
int kr_mynumber_check_digit(const unsigned char *base11);

/* ---- checking a field ----------------------------------------------------------------- */
/* A text field's bytes can be read as text: every character valid in the layout's encoding,
 * mapped, and no control byte (KRK0304E/KRK0303E in pb otherwise; the X/N character classes
 * are verify's concern, not this). What a text key is built from (SORT, the ledger). */
bool kr_text_field_readable(const kr_layout *l, const kr_field *f, const unsigned char *rec, kr_problem *pb);

/* Checks one field of a record: its bytes against its type, and its value against its codes,
 * date rules and check digit. Returns the number of problems written to out (at most max). */
size_t kr_field_check(const kr_layout *l, const kr_field *f, const unsigned char *rec,
                      kr_problem *out, size_t max);

/* A date field's not_before(F) (layout.h): true, with KRK1761E in *pb, when both f and F of
 * record type rt hold a date (not a none or open value) and f's is before F's. A field's
 * own faults are kr_field_check's; a date that cannot be read breaks no relation. */
bool kr_field_before_its_bound(const kr_layout *l, const kr_rectype *rt, const kr_field *f,
                               const unsigned char *rec, kr_problem *pb);

/* The field's value for display (text decoded to UTF-8, numbers with their decimal point,
 * dates as written plus their Western form); sensitive fields come out as '*'s.
 * show_sensitive = true shows them (only for a role allowed to, see docs/SECURITY.md). */
void kr_field_display(const kr_layout *l, const kr_field *f, const unsigned char *rec,
                      bool show_sensitive, kr_buf *out);

/* The same, with a 外字 table: text shows each 外字 as [外字F040→髙] (see kr_text_display_gaiji). */
void kr_field_display_with(const kr_layout *l, const kr_field *f, const unsigned char *rec,
                           bool show_sensitive, const kr_gaiji *gaiji, kr_buf *out);

/* The code's label when the field has codes and the value is one of them, else NULL. */
const char *kr_field_code_label(const kr_field *f, const unsigned char *rec);

#endif
