/* icetool.h (private): ICETOOL's statements, its run state and what the operators share. */
#ifndef KIROKU_ICETOOL_PRIVATE_H
#define KIROKU_ICETOOL_PRIVATE_H

#include "kiroku/ctl.h"
#include "kiroku/engine.h"
#include "kiroku/icetool.h"
#include "kiroku/recio.h"

/* One operand as written: KEYWORD or KEYWORD(value); value is the text between the
 * parentheses, quotes kept. */
typedef struct it_operand {
    char *name;          /* upper case */
    char *value;         /* NULL for a bare keyword */
    int line, col;
    bool used;
} it_operand;

/* One operator statement (its continuation lines joined). */
typedef struct it_stmt {
    char *op;            /* upper case */
    int line, col;
    it_operand *v;
    size_t n;
    char *echo;          /* the lines as written, for TOOLMSG */
} it_stmt;

typedef struct it_script {
    it_stmt *v;
    size_t n;
} it_script;

/* Parses TOOLIN's text: comments (*), blank lines, `-` continuations. Errors (KRK2320E,
 * rc 12) go to d with name:line:column. */
bool it_parse(const char *text, size_t len, const char *name, it_script *out, kr_diags *d);
void it_script_free(it_script *s);

/* The run of one ICETOOL step. */
typedef struct it_run {
    kr_step *step;
    FILE *toolmsg, *dfsmsg;
    const char *toolin;  /* how messages name TOOLIN */
    unsigned calls;      /* SORT calls so far */
    unsigned temps;      /* temporary files so far */
} it_run;

/* Reading operands: each marks the operand used. */
it_operand *it_get(it_stmt *st, const char *name);
/* The statement's place for messages: "TOOLIN:line:col". */
void it_place(const it_run *r, const it_operand *o, const it_stmt *st, char *out, size_t size);
/* Prints an error (id, rc) at the operand or statement to TOOLMSG; returns rc. */
int it_error(it_run *r, const it_stmt *st, const it_operand *o, int rc, const char *id, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* The operand as a number n >= 0 (HIGHER(n)...); false with a message. */
bool it_number(it_run *r, it_stmt *st, it_operand *o, uint64_t *out);
/* A quoted string 'text' ('' for a quote) into out; false with a message. */
bool it_string(it_run *r, it_stmt *st, it_operand *o, kr_buf *out);
/* A DD name (1-8 characters, letters, digits, national characters); false with a message. */
bool it_ddname(it_run *r, it_stmt *st, it_operand *o, const char *value);
/* Prints a library error to TOOLMSG and standard error; returns its rc, at least 12. */
int it_fail_err(it_run *r, const kr_err *err);
/* v with scale decimals after a point, at least min_digits digits (leading zeros), '-' for
 * negatives and, with plus, '+' for the others. */
void it_format_number(kr_i128 v, unsigned scale, unsigned min_digits, bool plus, char *out, size_t size);
/* Fails (KRK2321E) on the first operand the operator did not read. */
bool it_all_used(it_run *r, it_stmt *st);

/* ---- calling SORT ---------------------------------------------------------------------- */

/* One call of the SORT program for an operator: SORTIN is DD `from`; SORTOUT is DD `to`
 * (or the file temp_out in the shape of FROM when to is NULL, or nothing when both are
 * NULL); the statements are xxxxCNTL's (USING) followed by `statements`; extra DDs (OUTFIL
 * FNAMES=) are passed by name. Returns SORT's return code; messages to TOOLMSG. */
typedef struct it_call {
    const char *op;
    const char *from;
    const char *const *to;
    size_t n_to;
    const char *temp_out;
    bool temp_reformatted;    /* INREC shapes temp_out: SORT decides its length */
    const char *using_dd;     /* "CTL1CNTL" or NULL */
    const char *statements;   /* e.g. "  SORT FIELDS=(1,5,CH,A)\n" */
    const char *statements_label; /* how SORT names `statements` when they are USING's own lines */
    /* SORTIN from a file of ICETOOL's own instead of DD `from` (which then only names it in
     * messages): its layout's name (or NULL) and else its record length and terminator. */
    const char *from_path;
    const char *from_layout;
    size_t from_lrecl;
    kr_terminator from_term;
    /* MERGE: the inputs SORTIN01, SORTIN02, ... from these DDs instead of SORTIN from `from`. */
    const char *const *merge_from;
    size_t n_merge_from;
    /* More DDs of the step the statements write (OUTFIL FNAMES= outside USING's text). */
    const char *const *extra_dds;
    size_t n_extra_dds;
} it_call;
int it_sort(it_run *r, it_stmt *st, const it_call *c);
/* The text of USING's DD and how messages name it (free text); false with a message when the
 * step has no such DD or it cannot be read. */
bool it_using_text(it_run *r, it_stmt *st, const char *using_dd, kr_buf *text, const char **name, int *rc);
/* USING's statements parsed (to check what an operator allows there); NULL with a message
 * when the DD is missing or the statements do not parse. */
kr_ctl *it_using(it_run *r, it_stmt *st, const char *using_dd, int *rc);
/* USING's statements cut in two, every line kept in its place: `before` holds what SORT runs
 * before the operator's own work (INCLUDE, OMIT, INREC, OPTION...), `after` the OUTFIL
 * statements it runs on the operator's output (SPLICE). ctl is the whole parsed. */
typedef struct it_using_parts {
    kr_buf before, after;
    size_t n_outfil_statements;
    kr_ctl *ctl;
    char *label;              /* how messages name USING's DD */
} it_using_parts;
bool it_using_split(it_run *r, it_stmt *st, const char *using_dd, it_using_parts *out, int *rc);
void it_using_parts_free(it_using_parts *p);
/* A temporary file name in the step's work folder (free it). */
char *it_temp_name(it_run *r, const char *what);

/* ---- the records an operator reads back --------------------------------------------- */

/* FROM's record shape: its layout (may be NULL), record length and terminator. */
typedef struct it_shape {
    kr_layout *layout;
    size_t lrecl;
    kr_terminator term;
    const kr_dd_bind *dd;
    bool framed;              /* the layout has header, trailer or end records */
    bool reformatted;         /* USING's INREC changed the records: no layout, lrecl INREC's */
} it_shape;
/* The shape of the records an operator reads back: FROM's, or what USING's INREC makes of
 * them (its length from the engine; fields by position only). */
bool it_shape_for(it_run *r, it_stmt *st, const char *from, const char *using4, it_shape *sh, int *rc);
/* Is rec a data record (not a header, trailer or end record of a framed layout)? The
 * operators that read records back count and list data records only. */
bool it_is_data(const it_shape *sh, const unsigned char *rec);
/* The shape of DD `from`; SELECT refuses framed layouts (headers/trailers, KRK2328E). */
bool it_shape_of(it_run *r, it_stmt *st, const char *from, it_shape *out, int *rc);
void it_shape_free(it_shape *s);
kr_reader *it_open(it_run *r, const it_shape *sh, const char *path, int *rc);
kr_writer *it_create(it_run *r, const it_shape *sh, const char *ddname, int *rc);

/* ---- formatting items (format.c) ------------------------------------------------------ */

/* How a number is shown: ON(p,m,f,item,...), BREAK(...), EDCOUNT(item,...). */
typedef struct it_format {
    bool edited;              /* an edit item: Mnn, an ICETOOL mask or E'pattern' */
    kr_edit edit;             /* Mnn (mask) or E'pattern' (pattern, 9 read as T) */
    bool ice_mask;            /* A0-A4, B1-G6: the pattern is built for the column's digits */
    unsigned ice_decimals;
    char ice_group, ice_point;
    unsigned digits;          /* Unn/Nnn: the digits the column holds; 0 = the field's */
    bool lz, nost;            /* LZ: leading zeros; NOST: no statistics for the column */
    char *lead, *trail;       /* L'string', T'string' */
    char *pattern;            /* owned E'pattern' */
} it_format;
void it_format_init(it_format *f);
void it_format_free(it_format *f);
/* One item of o's value into f; false with a message (KRK2500E, KRK2501E). */
bool it_format_item(it_run *r, it_stmt *st, it_operand *o, const char *item, it_format *f);
/* The digits a column shows: E'pattern''s, Unn/Nnn, else the field's. */
unsigned it_format_digits(const it_format *f, unsigned field_digits);
/* The width of a value of `digits` digits (scale decimals) as f shows it. */
size_t it_format_width(const it_format *f, unsigned digits, unsigned scale);
/* v (scale decimals) as f shows it for `digits` digits (more when grow and v has more),
 * leading blanks removed, appended to out; false when it does not fit. */
bool it_format_value(const it_format *f, kr_i128 v, unsigned scale, unsigned digits, bool grow, kr_buf *out);
/* A value split at its commas outside quotes and parentheses (free with it_split_free). */
size_t it_split_items(const char *value, char ***out);
void it_split_free(char **v, size_t n);

/* The fields of ON(...) operands bound to the record. */
typedef struct it_field {
    kr_bound b;
    char *text;               /* as written in ON(...), without formatting items */
    bool numeric;
    bool bound;               /* b is bound (free it) */
    bool valcnt;              /* OCCUR's ON(VALCNT) */
    bool num, vlen;           /* DISPLAY's ON(NUM) (the record's number), ON(VLEN) (its length) */
    it_format fmt;            /* DISPLAY's formatting items */
} it_field;

/* What ON(...) may be besides a field: it_fields_bind's `allow`. */
#define IT_ON_VALCNT 1u       /* OCCUR's ON(VALCNT) */
#define IT_ON_ITEMS 2u        /* formatting items after the field (DISPLAY, OCCUR) */
#define IT_ON_DISPLAY 4u      /* DISPLAY's ON(NUM), ON(VLEN) and BREAK(...) */

typedef struct it_fields {
    it_field *v;
    size_t n;
    kr_scope scope;
    kr_keyplan keys;          /* over every field but VALCNT, ascending */
    bool has_keys;
    kr_layout *layout;        /* owned when it_bind_on bound them: the fields point into it */
    it_field brk;             /* DISPLAY's BREAK(...) when has_break */
    bool has_break;
} it_fields;

/* Binds every ON(...) of st. numbers: the fields must be numeric (STATS, RANGE);
 * listing: sensitive fields are refused (DISPLAY, OCCUR, UNIQUE: KRK2327E). */
bool it_fields_bind(it_run *r, it_stmt *st, const it_shape *sh, bool numbers, bool listing, unsigned allow,
                    it_fields *out, int *rc);
void it_fields_free(it_fields *f);
/* The start the field operators share: the shape of the records they read back (FROM's,
 * or after USING's INREC) and their ON fields bound to it; the fields keep the layout. */
bool it_bind_on(it_run *r, it_stmt *st, const char *from, const char *using4, bool numbers, bool listing,
                unsigned allow, it_fields *f, int *rc);
/* The SORT FIELDS= text sorting by the fields (for the SORT call). */
char *it_fields_sort_text(const it_fields *f);
/* Reports a field that cannot be read in record recno of path (KRK2329E, rc 12). */
int it_bad_value(it_run *r, const char *path, uint64_t recno, uint64_t off, const kr_problem *pb, const it_field *f);

/* The reports' LIST(ddname) operand (required), checked. */
const char *it_list_dd(it_run *r, it_stmt *st, int *rc);
/* Writes a report to LIST: the DD's file (atomically) or, without such a DD, the step's
 * listing. */
int it_list_write(it_run *r, const char *list, const kr_buf *out);

/* ---- the operators ---------------------------------------------------------------------- */

int it_op_copy(it_run *r, it_stmt *st, bool scan);
int it_op_sort(it_run *r, it_stmt *st, bool scan);
int it_op_count(it_run *r, it_stmt *st, bool scan);
int it_op_select(it_run *r, it_stmt *st, bool scan);
int it_op_unique(it_run *r, it_stmt *st, bool scan);
int it_op_stats(it_run *r, it_stmt *st, bool scan);
int it_op_range(it_run *r, it_stmt *st, bool scan);
int it_op_occur(it_run *r, it_stmt *st, bool scan);
int it_op_display(it_run *r, it_stmt *st, bool scan);
int it_op_subset(it_run *r, it_stmt *st, bool scan);
int it_op_datasort(it_run *r, it_stmt *st, bool scan);
int it_op_resize(it_run *r, it_stmt *st, bool scan);
int it_op_splice(it_run *r, it_stmt *st, bool scan);
int it_op_merge(it_run *r, it_stmt *st, bool scan);
int it_op_verify(it_run *r, it_stmt *st, bool scan);
int it_op_defaults(it_run *r, it_stmt *st, bool scan);

/* ---- what the operators share (pass.c) ------------------------------------------------ */

/* FROM(ddname) (required), checked. */
const char *it_from(it_run *r, it_stmt *st, int *rc);
/* USING(xxxx) when given (*out NULL when not); false with a message when malformed. */
bool it_using4(it_run *r, it_stmt *st, const char **out, int *rc);
/* One SORT call writing FROM's records chosen by USING (INCLUDE/OMIT only) to a temporary
 * file, sorted by sort_text when not NULL; returns the file (remove it with it_pass_end)
 * with *rc SORT's return code, or NULL with *rc >= 12. */
char *it_pass(it_run *r, it_stmt *st, const char *from, const char *using4, const char *sort_text, it_shape *sh,
              int *rc);
void it_pass_end(char *temp);
/* What MODE SCAN checks besides the operands: FROM's DD, USING's DD and statements. */
bool it_check_dds(it_run *r, it_stmt *st, const char *from, const char *using4, bool selects_only, int *rc);
/* Walks a file sorted by the fields' keys one group of equal keys at a time (op_select.c). */
int it_walk_groups(it_run *r, const it_shape *sh, const it_fields *f, const char *temp,
                   int (*on_group)(void *ctx, const unsigned char *recs, size_t n, size_t lrecl), void *ctx);

#endif
