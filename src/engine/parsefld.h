/* parsefld.h: PARSE= of one reformatting statement, compiled (parsefld.c), for rebuild.c
 * (private to src/engine). */
#ifndef KIROKU_ENGINE_PARSEFLD_H
#define KIROKU_ENGINE_PARSEFLD_H

#include "kiroku/engine.h"

typedef struct kr_parseplan kr_parseplan;

/* The definitions of rf with their strings in the file's encoding; NULL with err. */
kr_parseplan *kr_parseplan_build(const kr_reformat *rf, const kr_scope *in, const char *path, kr_err *err);
/* The bytes all %nn fields take side by side. */
size_t kr_parseplan_length(const kr_parseplan *pp);
/* Where %nn is in them; false when it is not defined. */
bool kr_parseplan_field(const kr_parseplan *pp, int id, size_t *offset, size_t *len);
/* Binds %nn with its own format (%01,SFF) as a field of the parsed fields' bytes, which the
 * caller reads from kr_seqstate.parsed; pp may be NULL. KRK2256E when %nn is not defined. */
bool kr_parseplan_bind(const kr_parseplan *pp, const kr_ref *r, const char *path, kr_bound *out, kr_err *err);
/* Cuts the fields of rec (reclen bytes) into out (kr_parseplan_length bytes); false with pb
 * (KRK2255E, rc 12) when a field's text is longer than its FIXLEN: nothing is cut silently. */
bool kr_parseplan_apply(const kr_parseplan *pp, const unsigned char *rec, size_t reclen, unsigned char *out,
                        kr_problem *pb);
void kr_parseplan_free(kr_parseplan *pp);

#endif
