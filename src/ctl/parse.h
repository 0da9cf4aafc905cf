/* parse.h: the parser's cursor over one statement's tokens, shared by parse.c (statements),
 * cond.c (conditions) and items.c (reformatting items). Private to src/ctl. */
#ifndef KIROKU_CTL_PARSE_H
#define KIROKU_CTL_PARSE_H

#include "stmt.h"

typedef struct cparser {
    const char *path;
    kr_diags *diags;
    ctl_stmt *stmt;
    ctl_toks toks;
    bool failed;
    int depth;      /* parentheses open in the condition being parsed */
    bool bit_positions; /* cp_ref takes p.b,m.b (the keys of FIELDS=) */
} cparser;

/* The deepest nesting of parentheses a condition may have (deeper ones are refused with a
 * message, instead of exhausting the stack). */
#define KR_COND_DEPTH_MAX 64

/* One error per statement, at t. When t (or the word before a '=' or '(' at t) is a DFSORT
 * word kiroku does not have, the message says "not supported: FEATURE" instead. */
void cp_error(cparser *p, const ctl_tok *t, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The feature a DFSORT word kiroku does not have belongs to, or NULL (unsupported.c). */
const char *cp_unsupported(const ctl_tok *t);
ctl_tok *cp_peek(cparser *p);
ctl_tok *cp_peek2(cparser *p);
ctl_tok *cp_next(cparser *p);
bool cp_is_punct(const ctl_tok *t, char c);
bool cp_is_kw(const ctl_tok *t, const char *kw);
bool cp_accept(cparser *p, char c);
bool cp_expect(cparser *p, char c, const char *after);
bool cp_number(cparser *p, const ctl_tok *t, uint64_t max, uint64_t *out, const char *what);
kr_fmt cp_format_word(const ctl_tok *t);
/* A field: p,m[,f] or a name; take_format reads a following format word. */
bool cp_ref(cparser *p, kr_ref *r, bool take_format);
void kr_ref_free(kr_ref *r);

/* `(condition)` as after COND=; NULL on error. */
kr_cond *cp_cond_top(cparser *p);
/* Gives positional fields without a format the FORMAT= of the statement. */
void cp_cond_default_format(kr_cond *c, kr_fmt f);
/* `,FOLD=profile` after a comparison of two fields (foldop.c); true when absent. */
bool cp_fold_operand(cparser *p, kr_cond *c);
/* A constant: C'..', X'..', numbers, DATE1[+-n[DMY]], D'yyyy-mm-dd', Y'..'. */
bool cp_const(cparser *p, kr_const *out);
/* Up to KR_DATE_OFFSETS of [+n|-n][D|M|Y] written against the token that ends at end; a
 * number without a unit counts in `unit` (cond.c). */
bool cp_date_offsets(cparser *p, size_t end, kr_const *out, char unit);

/* The run's date and time (rundate.c): the kr_now_form a word (or Y'..') names, 0 when none,
 * *packed for DATEnP/TIMEnP; the constant after its word w (consumed): (c), +n/-n; an item
 * of BUILD/OVERLAY: DATE1.., &DATE1.., &DATE, DATE=(abcd), TIME=(..) (1 parsed, 0 not one,
 * -1 an error). */
int cp_now_word(const ctl_tok *t, bool *packed);
bool cp_now_const(cparser *p, const ctl_tok *w, kr_const *out);
int cp_now_item(cparser *p, kr_item *it);

/* Date functions (datefn.c): the Y2/Y4 format words; an item p,m,Yxx,... or NAME,ADDDAYS,...
 * (1 parsed, 0 not one, -1 an error); freeing what it made. */
bool cp_date_format_word(const ctl_tok *t);
void cp_date_format_name(const ctl_tok *t, char out[4]);
int cp_datefn_item(cparser *p, kr_item *it);
void cp_datefn_free(kr_datefn *df);

/* PARSE= (parsedef.c): the definitions after PARSE= into rf; an item %nn (1 parsed, 0 not
 * one, -1 an error); freeing the definitions. */
bool cp_parse_defs(cparser *p, kr_reformat *rf);
int cp_parsed_item(cparser *p, kr_item *it);
void cp_parse_defs_free(kr_reformat *rf);

/* `(item, item, ...)`; report = HEADER1/TRAILER1 items (COUNT, TOT, bare '..'). */
bool cp_items(cparser *p, kr_items *out, bool report);
void cp_item_free(kr_item *it);
/* BUILD=/FIELDS=/OUTREC=/OVERLAY=/IFTHEN=/IFOUTLEN= operands into rf. On OUTFIL the
 * operands share the statement with others: stops before anything else. */
bool cp_reformat_operands(cparser *p, kr_reformat *rf, bool in_outfil);
void kr_reformat_free(kr_reformat *rf);
void cp_items_free(kr_items *it);
/* After a field or inside COUNT=(..)/PAGE=(..): TO=, LENGTH=, Mnn, EDIT=, SIGNS=. */
bool cp_conversion(cparser *p, kr_item *it, bool lead_comma);
bool cp_signs(const char *raw, char signs[5]);
/* The raw text of a parenthesized pattern (EDIT=(..), DATE=(..)); the cursor moves past it. */
char *cp_raw_parenthesized(cparser *p);

/* Report items and operands (report.c). Each returns 1: parsed into it, 0: not one of them
 * (nothing consumed), -1: an error. */
/* / and n/: a new line (in report lines and OUTFIL's BUILD). */
int cp_newline_item(cparser *p, kr_item *it);
/* DATE=(abcd), DATENS=(abc) and DT=/DTNS= of a date (at is the keyword; MD4, DM4, 4MD, 4DM
 * and the separator), YDDD=(abc), YDDDNS=(ab) (D4, 4D; the form "J" ab c): the cursor after
 * the '='. */
bool cp_date_form(cparser *p, const ctl_tok *at, bool separator, char form[5]);
/* The report-only items of HEADERn/TRAILERn: &PAGE, &DATE, &TIME and their forms. */
int cp_report_item(cparser *p, kr_item *it);
/* TOT/TOTAL, MIN, MAX, AVG, SUBTOT/SUBTOTAL, SUBMIN, SUBMAX, SUBAVG. */
bool cp_stat_word(const ctl_tok *t, kr_stat *stat, bool *sub);
/* HEADER2=, TRAILER2=, LINES=, NODETAIL, SECTIONS= of an OUTFIL at the cursor. 1: parsed,
 * 0: not one of them, -1: an error. */
int cp_report_operand(cparser *p, kr_outfil *o);
void cp_report_free(kr_outfil *o);
/* CHANGE=(v,find,set,...), NOMATCH=(..), TRAN=LTOU|UTOL after a field (lookup.c), the
 * cursor at the keyword. */
bool cp_lookup_operand(cparser *p, kr_item *it);
/* TRAN=ETOA (to_ascii) or ATOE: the 256-byte table of code page 037 (EBCDIC, iconv's IBM037)
 * and ISO 8859-1, built through iconv (ebcdic.c); false with why when iconv lacks it. */
bool cp_ebcdic_table(bool to_ascii, unsigned char table[256], char *why, size_t why_len);
/* An arithmetic expression starts at the cursor: '(' or an operand followed by ,ADD ,SUB
 * ,MUL ,DIV ,MOD ,MIN or ,MAX (arith.c). */
bool cp_arith_ahead(const cparser *p);
/* The expression into it (KR_ITEM_ARITH, postfix); the cursor after it. */
bool cp_arith(cparser *p, kr_item *it);
void cp_arith_free(kr_item *it);
/* SPLIT, SPLITBY=, SPLIT1R=, SAMPLE=, ACCEPT=, REPEAT= of an OUTFIL at the cursor (split.c):
 * 1 parsed, 0 not one of them, -1 an error. */
int cp_split_operand(cparser *p, kr_outfil *o);
/* IFTRAIL=(HD=,TRLID=,TRLUPD=) of an OUTFIL at the cursor (iftrail.c): 1 parsed, 0 not it,
 * -1 an error; after the statement, the operands it cannot go with; freeing. */
int cp_iftrail_operand(cparser *p, kr_outfil *o);
bool cp_iftrail_check(cparser *p, const kr_outfil *o);
void cp_iftrail_free(kr_outfil *o);
/* FTOV, VTOF/CONVERT, VLFILL=, VLTRIM= (vbops.c): 1 consumed, 0 not one of them, -1 error. */
int cp_vb_operand(cparser *p, kr_outfil *o);
/* COND=ALL / COND=NONE (and OUTFIL INCLUDE=ALL|NONE) at the cursor: a condition that always
 * or never holds; NULL (nothing consumed) when the cursor is at neither word. */
kr_cond *cp_cond_all_none(cparser *p);
/* Bit comparisons (bits.c): is t a bit operator (ALL, BO, NONE, BZ, SOME, BM, NOTALL, BNO,
 * NOTNONE, BNZ, NOTSOME, BNM)? Then the value after it: X'mask' for a bit operator, B'..'
 * (after EQ or NE) otherwise, into out. */
bool cp_bit_op(const ctl_tok *t, kr_cmp *op);
bool cp_bit_value(cparser *p, const ctl_tok *op_tok, bool bit_op, kr_const *out);
/* The ALTSEQ statement (altseq.c): CODE=(ffpp,...) into c->altseq. */
void cp_stmt_altseq(cparser *p, kr_ctl *c);
/* FINDREP=(...) at the cursor (after FINDREP=) into a new kr_findrep (findrep.c). */
kr_findrep *cp_findrep(cparser *p);
void cp_findrep_free(kr_findrep *f);
/* The operands after IFTHEN=(WHEN=GROUP (group.c), through the clause's closing ')'. */
bool cp_group_clause(cparser *p, kr_ifthen *c, const ctl_tok *when);
void cp_group_free(kr_ifthen *c);

#endif
