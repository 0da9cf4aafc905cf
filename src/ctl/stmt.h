/* stmt.h: control statement text split into statements and operand tokens, each byte and
 * token keeping its line and column (private to src/ctl). */
#ifndef KIROKU_CTL_STMT_H
#define KIROKU_CTL_STMT_H

#include "kiroku/ctl.h"
#include "kiroku/layout.h"

typedef struct ctl_stmt {
    char *op;          /* operation, upper case: SORT, INCLUDE, ... */
    kr_pos op_pos;
    char *text;        /* the operand field(s), continuation lines joined */
    kr_pos *pos;       /* position of each byte of text */
    size_t len;
    char *echo;        /* the statement's lines as written */
} ctl_stmt;

typedef struct ctl_stmts {
    ctl_stmt *v;
    size_t n, cap;
} ctl_stmts;

/* Splits text into statements (comments '*' in column 1, labels, remarks after the operand
 * field, continuation after a trailing comma, END). Errors go to diags. */
bool ctl_split(const char *text, size_t len, const char *path, ctl_stmts *out, kr_diags *diags);
void ctl_stmts_free(ctl_stmts *s);

typedef enum ctl_tok_kind {
    CT_WORD,   /* name or keyword */
    CT_NUM,    /* digits, with an optional sign and decimal point */
    CT_STR,    /* C'..' X'..' Y'..' D'..' or '..': text holds the bytes, quote the letter */
    CT_PUNCT,  /* any other ASCII character: ( ) , = : . & | ? + - / ... */
    CT_END
} ctl_tok_kind;

typedef struct ctl_tok {
    ctl_tok_kind kind;
    char *text;
    size_t len;
    char quote;        /* CT_STR: 'C', 'X', 'Y', 'D' or 0 for a bare '..' */
    kr_pos pos;
    size_t start, end; /* byte offsets in the operand text (adjacency) */
} ctl_tok;

typedef struct ctl_toks {
    ctl_tok *v;
    size_t n, cap;
    size_t i;          /* the parser's cursor */
} ctl_toks;

bool ctl_tokenize(const ctl_stmt *s, const char *path, ctl_toks *out, kr_diags *diags);
void ctl_toks_free(ctl_toks *t);

#endif
