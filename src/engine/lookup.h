/* lookup.h: CHANGE=/NOMATCH= tables and TRAN= case changes of one field, compiled
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

/* TRAN=LTOU ('U') or UTOL ('L') over len bytes in place: ASCII letters only; in CP932 the
 * second byte of a double-byte character is left alone. */
void kr_tran_case(unsigned char *p, size_t len, char tran, bool cp932);

#endif
