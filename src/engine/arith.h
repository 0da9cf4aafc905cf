/* arith.h: arithmetic expressions of reformatting items compiled over bound fields
 * (arith.c), for rebuild.c (private to src/engine). */
#ifndef KIROKU_ENGINE_ARITH_H
#define KIROKU_ENGINE_ARITH_H

#include "kiroku/engine.h"
#include "parsefld.h"

typedef struct kr_arith_prog kr_arith_prog;

/* The digits of a result, as DFSORT keeps them: what a mask edits and the default TO=
 * length (a result with no edit and no TO= is a 15-byte ZD number). */
#define KR_ARITH_DIGITS 15

/* Binds the expression's fields (each must be a number) in the scope. NULL with err
 * (KRK2201E at the field's file:line:column). */
kr_arith_prog *kr_arith_build(const kr_item *it, const kr_scope *in, const kr_parseplan *pp, const char *path,
                              kr_err *err);
/* Evaluates over one record. False with pb when a field does not read as a number or a
 * result passes 31 digits (KRK2200E); a division or MOD by zero gives 0, as DFSORT's does. */
bool kr_arith_eval(const kr_arith_prog *a, const unsigned char *rec, const unsigned char *parsed, kr_i128 *v,
                   kr_problem *pb);
void kr_arith_free(kr_arith_prog *a);

#endif
