/* jcl_build.h: the parser's state while statements become a job tree (parse.c, dd.c). */
#ifndef KIROKU_JCL_BUILD_H
#define KIROKU_JCL_BUILD_H

#include "jcl_private.h"

/* An in-stream procedure: its PROC statement's operands and the lines of its body. */
typedef struct jcl_proc {
    char *name;
    const jcl_src *src;
    jcl_stmt proc_stmt;     /* the PROC statement (defaults, not yet substituted) */
    size_t first, end;      /* body lines [first, end) */
} jcl_proc;

/* Where statements go: a job, or the body of a procedure called by an EXEC. */
typedef struct jcl_scope {
    const jcl_src *src;
    jcl_symtab *syms;
    const char *call_name;  /* the calling EXEC's name (procedure bodies), or NULL */
    const char *proc_name;
    size_t first_step;      /* the first step of this procedure call */
    const jcl_val *call_ops; /* the calling EXEC's operands (PARM.x=, COND.x=, ...) */
    const jcl_text *call_text; /* their text */
    bool *call_used;        /* per call operand: used by some procedure step */
    size_t n_steps;         /* steps made in this scope */
} jcl_scope;

typedef struct jcl_build {
    kr_jcl_job *job;
    const kr_jcl_parse_opts *opts;
    kr_diags *diags;
    int errors;
    const char *path;       /* the file being read (for messages) */
    jcl_symtab syms;        /* the job's symbols: caller's and SET */
    jcl_proc *procs;
    size_t n_procs, cap_procs;
    jcl_src **srcs;         /* procedure files read */
    size_t n_srcs, cap_srcs;
    kr_jcl_step *step;      /* the step DD statements go to */
    bool step_is_call;      /* that step came from an EXEC of a procedure */
    size_t call_first;      /* its call's first step */
    bool ended;             /* the null statement was read */
    jcl_pos restart_pos;
} jcl_build;

bool jcl_build_dd(jcl_build *b, const jcl_val *ops, kr_jcl_dd *dd);

#endif
