/* internal.h: what the files of src/text share and nobody else needs. */
#ifndef KIROKU_TEXT_INTERNAL_H
#define KIROKU_TEXT_INTERNAL_H

#include "kiroku/text.h"

/* Finds NAME.EXT in SUBDIR of the layout search path ($KIROKU_LAYOUTS, ./layouts, the
 * installed share directory), or takes name as a path when it holds a '/' or ends in .EXT.
 * Returns a path (caller frees) or NULL; *looked describes where it looked (caller frees). */
char *kr_text_find(const char *name, const char *subdir, const char *ext, char **looked);
/* Finds (as kr_text_find) and reads a table file into text. False with a message in diags
 * (id, "WHAT 'NAME' not found (looked for ...)", or the read error); *path is the file found
 * (caller frees). */
bool kr_text_read(const char *name, const char *subdir, const char *ext, const char *id, const char *what,
                  kr_diags *diags, char **path, kr_buf *text);

/* A token of a table line (gaiji, fold): a character written as itself or as U+XXXX. */
typedef struct kr_tok {
    const char *p;
    size_t n;
    int col; /* 1-based */
} kr_tok;

/* Splits a line into tokens at spaces and tabs, up to max; a '#' at a token's start begins a
 * comment, which is returned in *comment (trimmed, NULL when none). Returns the count. */
size_t kr_text_tokens(const char *line, size_t n, kr_tok *toks, size_t max, kr_tok *comment);
/* Parses "U+XXXX[,U+XXXX...]" or UTF-8 characters into code points (at most max). Returns
 * the count, or 0 with why set when the token is neither. */
size_t kr_text_codepoints(const kr_tok *t, uint32_t *out, size_t max, const char **why);

/* Kana facts for folding and the 50音 collation (kana.c). */
typedef struct kr_kana {
    uint16_t base;   /* the large unvoiced hiragana (か for が, ガ, ｶ, ヵ), 0 when not kana */
    uint8_t voicing; /* 0 清音, 1 濁音, 2 半濁音 */
    uint8_t small;   /* 1 for small kana (ぁ, ッ, ｬ) */
    uint8_t script;  /* 0 hiragana, 1 katakana, 2 half-width katakana */
} kr_kana;

/* Facts about c; false when c is no kana letter (the marks ー ゝ ヽ are no letters). */
bool kr_kana_of(uint32_t c, kr_kana *out);
/* The vowel (あいうえお, or ん) of a base hiragana. */
uint32_t kr_kana_vowel(uint32_t base);
/* c with a voiced (mark 1) or semi-voiced (mark 2) sound mark, or 0 when it takes none. */
uint32_t kr_kana_voiced(uint32_t c, int mark);
/* The large form of a small kana, else 0. */
uint32_t kr_kana_large(uint32_t c);

#endif
