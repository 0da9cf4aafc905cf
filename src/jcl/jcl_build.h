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

/* The operand text of a DD statement a procedure call made, for `//procstep.ddname DD`
 * overrides after the calling EXEC. */
typedef struct jcl_dd_text {
    kr_jcl_step *step;
    size_t dd;
    jcl_text operands;
} jcl_dd_text;

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
    bool in_call;           /* the statements read are a procedure's */
    bool step_is_call;      /* that step came from an EXEC of a procedure */
    size_t call_first;      /* its call's first step */
    jcl_dd_text *call_dds;  /* the DD statements of the last procedure call */
    size_t n_call_dds, cap_call_dds;
    bool ended;             /* the null statement was read */
    jcl_pos restart_pos;
} jcl_build;

bool jcl_build_dd(jcl_build *b, const jcl_val *ops, kr_jcl_dd *dd);
/* The operands of a procedure's DD statement (proc) with an override's (over) applied. */
void jcl_override_text(const jcl_text *proc, const jcl_text *over, jcl_text *out);

/* Reports an error at a place of the file being read (b->path). */
void jcl_err_at(jcl_build *b, const char *id, jcl_pos at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
jcl_pos jcl_name_pos(const jcl_stmt *st);
jcl_pos jcl_op_pos(const jcl_stmt *st);
/* The job's own copy of a source file's name (steps and DDs point at it). */
const char *jcl_source_name(const jcl_build *b, const char *path);

/* The statements of a job or of a procedure body, into target (parse.c). */
void jcl_run_stream(jcl_build *b, jcl_reader *r, jcl_scope *sc, kr_jcl_nodes *target);
/* A value as written (a quoted string without its quotes). */
char *jcl_raw_value(const jcl_text *t, const jcl_val *v);
/* Reports a statement name that is no valid name; what names the kind ("step"). */
bool jcl_check_name(jcl_build *b, const jcl_stmt *st, const char *what);

/* An in-stream PROC statement: remembers its body up to PEND (proc.c). */
void jcl_define_proc(jcl_build *b, jcl_reader *r, jcl_stmt *st);
/* An EXEC of the procedure pv: its steps into cur (proc.c). */
void jcl_call_proc(jcl_build *b, jcl_scope *sc, const jcl_stmt *st, const jcl_val *ops,
                   const jcl_val *pv, kr_jcl_nodes *cur);

/* A DD statement: to its step, with its in-stream data (ddstmt.c). */
void jcl_handle_dd(jcl_build *b, jcl_reader *r, const jcl_scope *sc, const jcl_stmt *st,
                   const jcl_val *ops);
void jcl_dd_free(kr_jcl_dd *dd);
/* Forgets the DD statements of the last procedure call (a new EXEC in the job). */
void jcl_forget_call_dds(jcl_build *b);

#endif
