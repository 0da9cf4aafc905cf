/* group.h: IFTHEN WHEN=GROUP clauses compiled (group.c), for rebuild.c (private to
 * src/engine). */
#ifndef KIROKU_ENGINE_GROUP_H
#define KIROKU_ENGINE_GROUP_H

#include "kiroku/engine.h"

typedef struct ifgroup ifgroup;

/* Compiles a WHEN=GROUP clause over records as the clauses before it leave them (scope
 * view). NULL with err (file:line:column). */
ifgroup *ifgroup_build(const kr_ifthen *c, const kr_scope *view, const kr_cond_ctx *ctx, const char *path,
                         kr_err *err);
/* The end of the last byte PUSH writes (the record grows to it). */
size_t ifgroup_length(const ifgroup *g);
/* The bytes of the record the state keeps (the group's first record, the key). */
void ifgroup_state_init(kr_groupstate *st, const ifgroup *g, size_t work_length);
void ifgroup_state_free(kr_groupstate *st);
/* Applies the clause to the record in cur (work_length bytes, blank past its end): decides
 * whether it begins, continues or ends a group, and pushes (blanks outside a group). */
bool ifgroup_apply(const ifgroup *g, kr_groupstate *st, unsigned char *cur, size_t work_length, kr_problem *pb);
void ifgroup_free(ifgroup *g);

#endif
