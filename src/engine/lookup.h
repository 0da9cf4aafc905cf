/* lookup.h: CHANGE=/NOMATCH= tables, TRAN= case changes and JFY=/SQZ= of one field, compiled
 * (lookup.c), for rebuild.c (private to src/engine). */
#ifndef KIROKU_ENGINE_LOOKUP_H
#define KIROKU_ENGINE_LOOKUP_H

#include "kiroku/engine.h"

typedef struct kr_lookup kr_lookup;

/* Compiles it's CHANGE=/NOMATCH= for the bound field, constants in the scope's encoding.
 * NULL with err (file:line:column). */
kr_lookup *kr_lookup_build(const kr_item *it, const kr_bound *field, const kr_scope *in, const char *path,
                           kr_err *err);
size_t kr_lookup_length(const kr_lookup *l);
/* Writes the set value of the first find equal to the field (or NOMATCH's) at dst; false
 * with pb when the field matches nothing and there is no NOMATCH. */
bool kr_lookup_apply(const kr_lookup *l, const unsigned char *rec, unsigned char *dst, kr_problem *pb);
void kr_lookup_free(kr_lookup *l);

/* JFY= and SQZ= of one field: its text without leading and trailing blanks (SQZ: and with
 * each run of blanks inside it replaced by MID=), LEAD= before it, TRAIL= after it, to the
 * left or the right of LENGTH= bytes (default the field's). */
typedef struct kr_justify kr_justify;
kr_justify *kr_justify_build(const kr_item *it, const kr_bound *field, const kr_scope *in, const char *path,
                             kr_err *err);
size_t kr_justify_length(const kr_justify *j);
/* False with pb when the text does not fit: nothing is cut silently. */
bool kr_justify_apply(const kr_justify *j, const unsigned char *rec, unsigned char *dst, kr_problem *pb);
void kr_justify_free(kr_justify *j);

/* TRAN=LTOU ('U') or UTOL ('L') over len bytes in place: ASCII letters only; in CP932 the
 * second byte of a double-byte character is left alone. */
void kr_tran_case(unsigned char *p, size_t len, char tran, bool cp932);
/* TRAN=ALTSEQ over len bytes in place: each single-byte character through the ALTSEQ table;
 * CP932 double-byte characters and UTF-8 sequences are left whole (never half translated). */
void kr_tran_altseq(unsigned char *p, size_t len, const unsigned char *table, bool cp932);
/* TRAN=HANZEN ('H') or ZENHAN ('Z') over len bytes in place: the text in its other width,
 * padded with blanks. False with pb (KRK2205E) when HANZEN's text no longer fits: nothing is
 * cut. */
bool kr_tran_width(unsigned char *p, size_t len, char tran, bool cp932, kr_problem *pb);

#endif
