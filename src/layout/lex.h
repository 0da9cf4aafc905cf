/* lex.h: the line tokenizer of the layout language (private to src/layout). */
#ifndef KIROKU_LAYOUT_LEX_H
#define KIROKU_LAYOUT_LEX_H

#include "kiroku/core.h"

typedef enum tok_kind { TOK_WORD, TOK_STRING, TOK_HEX, TOK_PUNCT, TOK_END } tok_kind;

typedef struct tok {
    tok_kind kind;
    char *text;  /* WORD: the word; STRING: decoded UTF-8; HEX: the bytes; PUNCT: the char */
    size_t len;  /* bytes of text (HEX and STRING may hold NULs) */
    int col;     /* 1-based column in characters */
} tok;

typedef struct tok_line {
    tok *toks;
    size_t n, cap;
    char *comment; /* text after '#', trimmed, or NULL */
    int line;
} tok_line;

/* Tokenizes one line. On a lexical error returns false with *errcol and errmsg set. */
bool lex_line(const char *s, size_t len, int line, tok_line *out, int *errcol, char *errmsg,
              size_t errmsg_size);
void tok_line_free(tok_line *tl);

#endif
