/* idcams.h: IDCAMS statements as the parser gives them to the commands (private to
 * src/catalog): a command word and its parameters, each a keyword with an optional list in
 * parentheses, every item with its line and column. */
#ifndef KIROKU_CATALOG_IDCAMS_H
#define KIROKU_CATALOG_IDCAMS_H

#include "internal.h"

typedef struct idc_item {
    char *word;              /* upper case; NULL for a bare "(...)" group */
    int line, col;
    bool parens;             /* a list in parentheses followed */
    struct idc_item *kids;   /* its items */
    size_t n_kids;
} idc_item;

typedef struct idc_stmt {
    char *text;              /* the statement's lines as written, for the listing */
    int line, col;           /* where its command starts */
    idc_item *items;         /* items[0] is the command */
    size_t n;
    char error[256];         /* a syntax error ("" when none), with its place */
} idc_stmt;

/* Splits sysin into statements: comments removed, lines joined at a trailing '-' (with a
 * blank) or '+' (without). Statements are freed with idc_stmts_free. */
void idc_parse(const char *sysin, size_t len, const char *name, idc_stmt **out, size_t *n);
void idc_stmts_free(idc_stmt *s, size_t n);

/* Does word name keyword, in full or in one of IDCAMS's abbreviations (a '|'-separated list,
 * e.g. "LISTCAT|LISTC")? */
bool idc_is(const char *word, const char *names);

/* LISTCAT: the listing of its entries; returns the condition code. */
int idc_listcat(kr_catalog *c, const idc_stmt *st, const char *name, FILE *out);

#endif
