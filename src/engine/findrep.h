/* findrep.h: FINDREP over whole records, compiled (findrep.c), for rebuild.c (private to
 * src/engine). */
#ifndef KIROKU_ENGINE_FINDREP_H
#define KIROKU_ENGINE_FINDREP_H

#include "kiroku/engine.h"

typedef struct kr_findrep_prog kr_findrep_prog;

/* Encodes the constants for the scope's file (CP932 or UTF-8) and fixes the output length
 * (MAXLEN= or the input's). NULL with err. */
kr_findrep_prog *kr_findrep_build(const kr_findrep *f, const kr_scope *in, const char *path, kr_err *err);
size_t kr_findrep_length(const kr_findrep_prog *f);
/* Replaces in rec (in_len bytes) into out (kr_findrep_length bytes, blank-padded). False
 * with pb (KRK2202E) when the result passes the output length under OVERRUN=ERROR. */
bool kr_findrep_apply(const kr_findrep_prog *f, const unsigned char *rec, size_t in_len, unsigned char *out,
                      kr_problem *pb);
/* The same into room bytes instead of kr_findrep_length (a variable-length record's data after
 * its RDW); *used (when not NULL) the bytes the result has before the blank padding. */
bool kr_findrep_apply_in(const kr_findrep_prog *f, const unsigned char *rec, size_t in_len, unsigned char *out,
                         size_t room, size_t *used, kr_problem *pb);
void kr_findrep_free(kr_findrep_prog *f);

#endif
