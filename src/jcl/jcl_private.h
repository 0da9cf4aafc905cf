/* jcl_private.h: what the files of src/jcl share: the card reader (lines to statements with
 * the place of every byte), operand values, symbols and the parser's state. */
#ifndef KIROKU_JCL_PRIVATE_H
#define KIROKU_JCL_PRIVATE_H

#include "kiroku/jcl.h"

/* The place of one byte of a statement's operand text. */
typedef struct jcl_pos {
    int line, col;
} jcl_pos;

/* Operand text with the place of each byte (text is NUL-terminated). */
typedef struct jcl_text {
    char *text;
    jcl_pos *pos;
    size_t len, cap;
} jcl_text;

void jcl_text_add(jcl_text *t, char c, jcl_pos p);
void jcl_text_free(jcl_text *t);
/* The place of byte i, or the place after the last byte. */
jcl_pos jcl_text_pos(const jcl_text *t, size_t i);

/* A source file split into lines (without their line ends). */
typedef struct jcl_line {
    const char *s;
    size_t len;
} jcl_line;

typedef struct jcl_src {
    char *path;
    kr_buf text;
    jcl_line *lines;
    size_t n_lines;
} jcl_src;

bool jcl_src_load(jcl_src *s, const char *path, kr_diags *d);
void jcl_src_init_text(jcl_src *s, const char *text, size_t len, const char *path);
void jcl_src_free(jcl_src *s);

/* Reads statements from lines [next, end) of a source. */
typedef struct jcl_reader {
    const jcl_src *src;
    size_t next, end;
    kr_diags *diags;
    int *errors;
} jcl_reader;

typedef struct jcl_stmt {
    int line;          /* the first card's line */
    char *name;        /* NULL when column 3 is blank */
    int name_col;
    char *op;          /* NULL for the null statement */
    int op_col;
    jcl_text operands; /* joined over continuation cards, without comments */
} jcl_stmt;

/* Reads the next statement; false at the end of the lines. Comments are skipped; lines
 * that are no statement are reported and skipped. */
bool jcl_next_stmt(jcl_reader *r, jcl_stmt *st);
void jcl_stmt_free(jcl_stmt *st);
/* Reads in-stream data after a DD * or DD DATA: until dlm (NULL: slash-asterisk) in columns 1-2, or
 * (stop_at_statement, DD *) a line starting with "//". */
void jcl_read_data(jcl_reader *r, const char *dlm, bool stop_at_statement, kr_buf *out);

/* Reports an error or warning at a place of a source. */
void jcl_report(kr_diags *d, int *errors, int rc, const char *id, const char *path, jcl_pos p,
                const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* ---- operand values ---------------------------------------------------------------------- */

typedef enum { JCL_V_EMPTY, JCL_V_WORD, JCL_V_STRING, JCL_V_LIST } jcl_v_kind;

typedef struct jcl_val {
    jcl_v_kind kind;
    char *key;       /* KEY= before it, or NULL */
    char *text;      /* WORD, STRING (quotes removed, '' made ') */
    struct jcl_val *items; /* LIST */
    size_t n, cap;
    jcl_pos pos;     /* of the key or the value */
    jcl_pos vpos;    /* of the value */
    size_t vstart, vend; /* the value's bytes in the operand text */
} jcl_val;

/* Splits operand text into a list of values (KEY=value or positional). False after
 * reporting a syntax error. */
bool jcl_operands(const jcl_text *t, const char *path, jcl_val *out, kr_diags *d, int *errors);
void jcl_val_free(jcl_val *v);

/* ---- symbols ----------------------------------------------------------------------------- */

typedef struct jcl_symtab {
    kr_jcl_symbol *v;
    size_t n, cap;
} jcl_symtab;

void jcl_sym_set(jcl_symtab *t, const char *name, const char *value);
const char *jcl_sym_get(const jcl_symtab *t, const char *name);
void jcl_sym_copy(jcl_symtab *dst, const jcl_symtab *src);
void jcl_sym_free(jcl_symtab *t);
/* True when s is a valid symbol name (1-8 of A-Z 0-9 @ # $, not starting with a digit). */
bool jcl_is_name(const char *s, size_t n);
/* Replaces &NAME and &NAME. in t (JCL's period rules; && stays); an undefined symbol is
 * reported at its place. */
void jcl_substitute(jcl_text *t, const jcl_symtab *syms, const char *path, kr_diags *d, int *errors);

/* ---- conditions -------------------------------------------------------------------------- */

/* Resolves a step reference ("STEP" or "STEP.PROCSTEP") for COND= and IF: set by the parser. */
typedef struct jcl_resolver {
    bool (*resolve)(void *ctx, const char *step, const char *procstep, size_t *index);
    void *ctx;
} jcl_resolver;

/* Parses a COND= value (job: EVEN/ONLY and step names are refused). */
bool jcl_parse_cond(const jcl_val *v, bool job, const jcl_resolver *r, const char *path,
                    kr_jcl_cond *out, kr_diags *d, int *errors);
/* Parses an IF statement's operand text (up to and including THEN). */
kr_jcl_expr *jcl_parse_expr(const jcl_text *t, const jcl_resolver *r, const char *path,
                            bool *tests_abend, kr_diags *d, int *errors);
void jcl_expr_free(kr_jcl_expr *e);
bool jcl_op_from_word(const char *w, kr_jcl_op *op);

#endif
