/* datefn.h: DFSORT's date functions of one reformatting item, compiled (datefn.c), for
 * rebuild.c (private to src/engine). */
#ifndef KIROKU_ENGINE_DATEFN_H
#define KIROKU_ENGINE_DATEFN_H

#include "kiroku/engine.h"

typedef struct kr_datefn_prog kr_datefn_prog;

/* Compiles it (a KR_ITEM_DATEFN) over records of the scope; two-digit years in ctx's century
 * window. NULL with err (KRK2253E, file:line:column). */
kr_datefn_prog *kr_datefn_build(const kr_item *it, const kr_scope *in, const kr_cond_ctx *ctx, const char *path,
                                kr_err *err);
size_t kr_datefn_length(const kr_datefn_prog *d);
/* Writes the result at dst; false with pb (KRK2252E, rc 12) on a date that is not one. */
bool kr_datefn_apply(const kr_datefn_prog *d, const unsigned char *rec, unsigned char *dst, kr_problem *pb);
void kr_datefn_free(kr_datefn_prog *d);

#endif
