/* copybook_private.h: what the files of src/copybook share: COBOL names and the reading of
 * fixed-format source into tokens. */
#ifndef KIROKU_COPYBOOK_PRIVATE_H
#define KIROKU_COPYBOOK_PRIVATE_H

#include "kiroku/copybook.h"

/* The longest COBOL data name the copybooks use (the standard's limit). */
#define CB_NAME_MAX 30

/* Is upper (an upper-case word) reserved in GnuCOBOL? (reserved.c) */
bool cb_is_reserved(const char *upper);

/* A kiroku name as a COBOL word: upper case, '_' -> '-' (names.c). */
void cb_cobol_word(const char *name, char *out /* CB_NAME_MAX + 1 */);
/* A COBOL word as a kiroku name: lower case, '-' -> '_', a letter first. */
char *cb_kiroku_name(const char *word);
/* Appends a value as the layout language writes it: "text" (escaped) or x"hex". */
void cb_layout_value(kr_buf *b, const unsigned char *p, size_t n);

/* ---- fixed-format source (source.c) ---------------------------------------------------- */

typedef enum cb_tok_kind {
    CB_WORD,     /* a COBOL word or a number: text upper-cased for words */
    CB_LITERAL,  /* 'x' / "x" / X'hex' / N'x': bytes in text, len */
    CB_PICTURE,  /* the character string after PIC / PICTURE [IS] */
    CB_PERIOD,   /* the separator period */
    CB_COMMENT,  /* a comment line: text after the indicator (or after *>), trimmed */
    CB_TAG,      /* a `*>kiroku ...` line: the text after "kiroku " */
    CB_BLANK     /* an empty line (ends a run of comments) */
} cb_tok_kind;

typedef struct cb_tok {
    cb_tok_kind kind;
    char *text;
    size_t len;
    bool hex;        /* X'..' literal */
    int line, col;
} cb_tok;

typedef struct cb_source {
    cb_tok *toks;
    size_t n, cap;
} cb_source;

/* Splits copybook text into tokens; lexical errors go to diags (KRK0901E). */
bool cb_source_read(const char *text, size_t len, const char *path, cb_source *out, kr_diags *d);
void cb_source_free(cb_source *s);

#endif
