/* layout.h: the model of a record layout (what layouts/NAME.layout describe) and the parser
 * that builds it. A layout is immutable once parsed; every program shares it read-only. */
#ifndef KIROKU_LAYOUT_H
#define KIROKU_LAYOUT_H

#include "kiroku/core.h"

typedef enum kr_encoding { KR_ENC_CP932, KR_ENC_UTF8 } kr_encoding;
/* How records are framed: a terminator after each fixed-length record, or (KR_TERM_RDW) a
 * 4-byte record descriptor word before each variable-length record (RECFM=VB; recio.h). */
typedef enum kr_terminator { KR_TERM_NONE, KR_TERM_LF, KR_TERM_CRLF, KR_TERM_RDW } kr_terminator;
typedef enum kr_role { KR_ROLE_HEADER, KR_ROLE_DATA, KR_ROLE_TRAILER, KR_ROLE_END } kr_role;

typedef enum kr_ftype {
    KR_F_X,        /* single-byte text */
    KR_F_N,        /* double-byte text */
    KR_F_M,        /* mixed text */
    KR_F_ZD,       /* zoned decimal (9, S9) */
    KR_F_PD,       /* packed decimal */
    KR_F_BI,       /* binary integer */
    KR_F_DATE,     /* date held as digits */
    KR_F_MYNUMBER  /* 個人番号 */
} kr_ftype;

typedef enum kr_sign {
    KR_SIGN_NONE,          /* unsigned */
    KR_SIGN_TRAILING,      /* overpunched on the last digit */
    KR_SIGN_LEADING,       /* overpunched on the first digit */
    KR_SIGN_TRAILING_SEP,  /* a separate trailing + or - */
    KR_SIGN_LEADING_SEP    /* a separate leading + or - */
} kr_sign;

typedef enum kr_datefmt {
    KR_DATE_YYYYMMDD,
    KR_DATE_YYYYMM,
    KR_DATE_YYMMDD,
    KR_DATE_GYYMMDD,
    KR_DATE_GGYYMMDD
} kr_datefmt;

typedef enum kr_total_kind { KR_TOTAL_NONE, KR_TOTAL_COUNT, KR_TOTAL_SUM } kr_total_kind;

/* A byte string as written in a layout: discriminator values, codes, special dates.
 * Stored in the file's encoding, exactly as wide as the field. */
typedef struct kr_bytes {
    unsigned char *data;
    size_t len;
} kr_bytes;

typedef struct kr_code {
    kr_bytes value;
    char *label; /* UTF-8 meaning, e.g. "男" */
} kr_code;

typedef struct kr_field {
    char *name;       /* unique in its record type; "shoken(2)" for an occurrence */
    char *base_name;  /* the name without the occurrence index */
    char *label;      /* UTF-8 Japanese label, or NULL */
    char *remark;     /* the line comment, or NULL */
    kr_ftype type;
    size_t offset;    /* from the start of the record, in bytes */
    size_t length;    /* in bytes */
    unsigned chars;   /* N(n): n characters */
    unsigned digits;  /* numeric types: digits in all, scale included */
    unsigned scale;   /* implied decimal places (V) */
    kr_sign sign;
    bool binary_signed;
    bool little_endian;
    bool is_filler;
    bool is_key;
    bool sensitive;
    bool match;       /* `match`: a 個人番号 that may be a JOINKEYS key (an index that exists to link it) */
    bool star_width;  /* declared X(*) */
    kr_datefmt datefmt;
    int window;       /* yymmdd: first year of the century window */
    kr_bytes *none_values;
    size_t n_none;
    kr_bytes *open_values;
    size_t n_open;
    kr_code *codes;
    size_t n_codes;
    /* Control total (trailer fields). */
    kr_total_kind total;
    int total_type;       /* record type index totalled */
    int total_field;      /* field index in that type (sum), or -1 */
    int total_where;      /* field index of the where clause, or -1 */
    bool total_where_not; /* the clause is 'where F not = V' */
    kr_bytes total_value; /* the where clause's value */
    char *index_name;     /* secondary index membership, or NULL */
    /* `not_before(F)`: this date is never before the date in field F of the same record
     * (when both hold a date, not a none or open value). The name as written, or NULL;
     * has_not_before once F is found, F's index in the record type in not_before. */
    char *not_before_name;
    bool has_not_before;
    size_t not_before;
    char *sample;         /* sample(...) as written inside the parentheses, or NULL: how
                           * `kiroku generate` makes values for this field */
    /* Repetition: which occurs group this field belongs to (-1 none) and its occurrence. */
    int group;
    unsigned occurrence;  /* 1-based; 0 when not repeated */
    int line, col;        /* where it was declared */
} kr_field;

/* A repeating group (or a single field with occurs): fields [first, first + per * occurs). */
typedef struct kr_group {
    char *name;
    char *label;
    unsigned occurs;
    size_t first;      /* index of the first field of occurrence 1 */
    size_t per;        /* fields per occurrence */
    size_t length;     /* bytes per occurrence */
    bool single_field; /* declared as `field ... occurs n` */
} kr_group;

typedef struct kr_rectype {
    char *name;
    char *label;
    kr_role role;
    kr_field *fields;
    size_t n_fields;
    kr_group *groups;
    size_t n_groups;
    int disc_field;          /* index of the discriminator field, -1 when none */
    kr_bytes *disc_values;
    size_t n_disc;
    int line;
} kr_rectype;

typedef struct kr_era {
    int code;
    char *name;
    int start; /* yyyymmdd of its first day */
} kr_era;

typedef struct kr_layout {
    char *name;
    char *label;
    char *path;
    kr_encoding encoding;
    size_t length;          /* record length, terminator excluded */
    kr_terminator terminator;
    bool overpunch_ebcdic;
    kr_rectype *types;
    size_t n_types;
    size_t disc_offset, disc_length; /* when there is more than one type */
    int type_of_byte[256];  /* 1-byte discriminators: byte -> type index, or -1 */
    kr_era *eras;           /* sorted by start */
    size_t n_eras;
    bool has_header, has_trailer, has_end, has_totals;
} kr_layout;

/* Parses layout text. path names it in messages. Returns NULL when the layout has errors
 * (all of them are in diags); warnings may be reported with a layout returned. */
kr_layout *kr_layout_parse(const char *text, size_t len, const char *path, kr_diags *diags);
/* Loads a layout by path or by name: NAME resolves to NAME.layout in $KIROKU_LAYOUTS (a
 * colon-separated list), ./layouts and the installed share directory. */
kr_layout *kr_layout_load(const char *name_or_path, kr_diags *diags);
/* The path kr_layout_load would read, or NULL. Caller frees. */
char *kr_layout_find(const char *name_or_path);
void kr_layout_free(kr_layout *l);

/* The record type of a record, or -1 when its discriminator matches none. */
int kr_layout_classify(const kr_layout *l, const unsigned char *rec);
/* Finds a field by name in a record type (-1 when absent). */
int kr_rectype_field(const kr_rectype *t, const char *name);
/* Finds a field by name: in the record type named type (when not NULL), else in the first
 * data record type that has it, else in any. Sets *type_index. Returns the field or NULL. */
const kr_field *kr_layout_field(const kr_layout *l, const char *type, const char *name,
                                int *type_index);
int kr_layout_type(const kr_layout *l, const char *name);
/* The data record type used by default (the first with role data). */
int kr_layout_data_type(const kr_layout *l);

const char *kr_role_name(kr_role r);
const char *kr_encoding_name(kr_encoding e);
const char *kr_terminator_name(kr_terminator t);
size_t kr_terminator_len(kr_terminator t);
/* A record framing by name: "none", "lf", "crlf", "rdw", or a RECFM (F, FB: none; V, VB: rdw;
 * any case). False for anything else. */
bool kr_terminator_parse(const char *name, kr_terminator *t);
/* The attribute text of a field as the layout wrote it: "X(10)", "S9(7)V99", "date(gyymmdd)". */
void kr_field_type_text(const kr_field *f, kr_buf *out);

/* Output forms of `kiroku layout show`. */
void kr_layout_show_table(const kr_layout *l, kr_buf *out);
void kr_layout_show_json(const kr_layout *l, kr_buf *out);

#endif
