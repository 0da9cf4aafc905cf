/* foldcmp.h: two text fields compared after a folding profile (FOLD= on a comparison,
 * docs/SORT.md). Private to src/engine: pred.c builds and evaluates it. */
#ifndef KIROKU_ENGINE_FOLDCMP_H
#define KIROKU_ENGINE_FOLDCMP_H

#include "kiroku/engine.h"

typedef struct kr_foldcmp kr_foldcmp;

/* Loads the profile and checks that both sides are text fields short enough for a key on
 * the stack; errors KRK1900E (rc 16) at the operand's file:line:column. */
kr_foldcmp *kr_foldcmp_build(const kr_cond *c, const kr_bound *left, const kr_bound *right, const char *path,
                             kr_err *err);
/* <0, 0, >0: the two fields' folded texts in character order (trailing padding ignored). */
int kr_foldcmp_eval(const kr_foldcmp *f, const unsigned char *rec);
void kr_foldcmp_free(kr_foldcmp *f);

#endif
