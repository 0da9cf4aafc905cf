/* jcl.h: the JCL language of kiroku's job streams: the parser (cards, continuation, symbols,
 * procedures, IF/THEN/ELSE/ENDIF) that turns a job's text into a job tree, and the decision
 * logic of z/OS JCL (COND= on JOB and EXEC, IF relational expressions, the step walk with
 * restart) as pure functions over step results that the caller supplies. Nothing here runs a
 * program or touches a data set: the runner does, through kr_jcl_walk's callbacks.
 * docs/JCL.md describes the language; the rules follow IBM's z/OS MVS JCL Reference. */
#ifndef KIROKU_JCL_H
#define KIROKU_JCL_H

#include "kiroku/core.h"

/* IF nesting (z/OS allows 15 levels) and parenthesis nesting in operands and expressions. */
#define KR_JCL_MAX_IF_DEPTH 15
#define KR_JCL_MAX_PAREN_DEPTH 16
/* At most 8 return code tests in one COND= (7 with EVEN or ONLY), as on z/OS. */
#define KR_JCL_MAX_COND_TESTS 8
/* At most 255 steps in a job, as on z/OS; the parser stops after 100 errors. Together with
 * the nesting bounds these keep the parser linear in its input. */
#define KR_JCL_MAX_STEPS 255
#define KR_JCL_MAX_ERRORS 100

/* Comparison operators of COND= tests and IF expressions (NG is LE, NL is GE). */
typedef enum { KR_JCL_GT, KR_JCL_GE, KR_JCL_EQ, KR_JCL_LT, KR_JCL_LE, KR_JCL_NE } kr_jcl_op;

/* A step reference in COND=(code,op,step[.procstep]) or in IF: resolved at parse time to the
 * index of the step in job->steps (its first occurrence before the referring statement). */
#define KR_JCL_ALL_STEPS ((size_t)-1)

typedef struct kr_jcl_cond_test {
    int code;      /* 0-4095 */
    kr_jcl_op op;  /* bypass (or end the job) when `code op RC` is true */
    size_t step;   /* index into job->steps, or KR_JCL_ALL_STEPS */
} kr_jcl_cond_test;

typedef enum { KR_JCL_COND_PLAIN, KR_JCL_COND_EVEN, KR_JCL_COND_ONLY } kr_jcl_cond_mode;

/* COND= of a JOB or EXEC statement; n == 0 and PLAIN when not given. */
typedef struct kr_jcl_cond {
    kr_jcl_cond_test tests[KR_JCL_MAX_COND_TESTS];
    size_t n;
    kr_jcl_cond_mode mode; /* EVEN or ONLY (EXEC only) */
} kr_jcl_cond;

/* An IF relational expression, as a tree. */
typedef enum {
    KR_JCL_X_NOT,     /* !a */
    KR_JCL_X_AND,     /* a & b */
    KR_JCL_X_OR,      /* a | b */
    KR_JCL_X_RC,      /* [step.]RC op value */
    KR_JCL_X_ABEND,   /* [step.]ABEND (= TRUE); ¬ABEND and ABEND=FALSE are NOT over it */
    KR_JCL_X_ABENDCC, /* [step.]ABENDCC op code, op EQ or NE */
    KR_JCL_X_RUN      /* step.RUN (= TRUE) */
} kr_jcl_expr_kind;

typedef struct kr_jcl_expr {
    kr_jcl_expr_kind kind;
    struct kr_jcl_expr *a, *b; /* operands of NOT (a), AND, OR */
    kr_jcl_op op;              /* RC, ABENDCC */
    int value;                 /* RC: 0-4095 */
    char abendcc[6];           /* ABENDCC: "S0C7", "U0100" (Sxxx hex, Uxxxx decimal) */
    size_t step;               /* KR_JCL_ALL_STEPS for RC, ABEND, ABENDCC without a step */
} kr_jcl_expr;

/* What a DD statement describes. */
typedef enum {
    KR_JCL_DD_DATASET,  /* DSN= (or an unnamed temporary data set) */
    KR_JCL_DD_INSTREAM, /* DD * or DD DATA: the bytes follow the statement */
    KR_JCL_DD_DUMMY,    /* DD DUMMY (or DSN=NULLFILE): reads see end of file, writes vanish */
    KR_JCL_DD_SYSOUT    /* SYSOUT=class */
} kr_jcl_dd_kind;

typedef enum { KR_JCL_NEW, KR_JCL_OLD, KR_JCL_SHR, KR_JCL_MOD } kr_jcl_status;
typedef enum { KR_JCL_DELETE, KR_JCL_KEEP, KR_JCL_PASS, KR_JCL_CATLG, KR_JCL_UNCATLG } kr_jcl_disp;

/* GDGORDER= of a DD naming a GDG base (z/OS's GDG ALL request): none given, the oldest
 * generation first, the newest first. */
typedef enum { KR_JCL_GDG_NONE, KR_JCL_GDG_FIFO, KR_JCL_GDG_LIFO } kr_jcl_gdgorder;

typedef struct kr_jcl_dd {
    char *name;              /* ddname; NULL for a concatenation member */
    kr_jcl_dd_kind kind;
    char *dsn;               /* the name without &&, without (gen); NULL when not given */
    bool temporary;          /* &&NAME, or no DSN at all */
    char *referback;         /* DSN=*.step.dd as written ("*.STEP1.OUT"), or NULL: dsn, temporary
                                and the generation are then the referenced DD's */
    bool has_gen;            /* NAME(+1), NAME(0), NAME(-n) */
    int gen;                 /* the relative generation number */
    kr_jcl_gdgorder gdgorder; /* GDGORDER=: DSN= names a GDG base, every generation read */
    kr_jcl_status status;    /* DISP after the defaults of the JCL Reference */
    kr_jcl_disp normal, abnormal;
    bool disp_given;
    char *sysout;            /* SYSOUT class ("*" or a letter), KR_JCL_DD_SYSOUT */
    char *layout;            /* LAYOUT= (kiroku's own), or NULL */
    long lrecl;              /* LRECL= or DCB=(LRECL=), 0 when not given */
    char *recfm;             /* RECFM= or DCB=(RECFM=), or NULL */
    char *data;              /* in-stream bytes (each card with '\n'), KR_JCL_DD_INSTREAM */
    size_t data_len;
    char *dlm;               /* DLM= of DD DATA/DD *, or NULL (slash-asterisk) */
    bool symbols;            /* DD *,SYMBOLS=JCLONLY: symbols were substituted in the data */
    char *path;              /* PATH='file' (kiroku: a file outside the data root, relative
                                to the JCL's folder unless absolute), or NULL */
    struct kr_jcl_dd *concat; /* the members that follow it, in order (their name is NULL) */
    size_t n_concat;
    const char *source;      /* the file the statement is in (a job or a procedure) */
    int line;
} kr_jcl_dd;

typedef struct kr_jcl_step {
    size_t index;            /* position in job->steps */
    char *name;              /* the EXEC's name (the calling EXEC's for a procedure step) */
    char *procstep;          /* the procedure's step name, or NULL */
    char *proc;              /* the procedure's name, or NULL */
    char *pgm;
    char *parm;              /* PARM= without its quotes ('' made '), or NULL */
    kr_jcl_cond cond;
    char *region, *time;     /* kept as written, or NULL */
    int partitions, cores;   /* kiroku's PARTITIONS= and CORES=, 0 when not given */
    kr_jcl_dd *dds;          /* in order */
    size_t n_dds;
    const char *source;
    int line;
} kr_jcl_step;

typedef enum { KR_JCL_NODE_STEP, KR_JCL_NODE_IF } kr_jcl_node_kind;

struct kr_jcl_node;
typedef struct kr_jcl_nodes {
    struct kr_jcl_node *v;
    size_t n, cap;
} kr_jcl_nodes;

/* A node of the job: a step, or an IF construct with its THEN and ELSE nodes. */
typedef struct kr_jcl_node {
    kr_jcl_node_kind kind;
    kr_jcl_step *step;       /* STEP (owned by job->steps) */
    char *if_name;           /* IF: the statement's name, or NULL */
    kr_jcl_expr *expr;       /* IF */
    kr_jcl_nodes then_nodes, else_nodes;
    bool tests_abend;        /* IF: the expression uses ABEND, ABENDCC or ¬ABEND */
    const char *source;
    int line;
} kr_jcl_node;

/* A symbol as the job left it (caller symbols and SET), for listings. */
typedef struct kr_jcl_symbol {
    char *name, *value;
} kr_jcl_symbol;

typedef struct kr_jcl_job {
    char *name;
    char *path;              /* the job's file */
    kr_jcl_cond cond;        /* JOB COND= (no EVEN/ONLY) */
    char *restart;           /* RESTART=step[.procstep] as written, or NULL */
    char *schedule, *calendar; /* kiroku's SCHEDULE='...' and CALENDAR=name, or NULL */
    int schedule_line, schedule_col; /* where SCHEDULE's text starts (after the quote) */
    char *jobclass, *msgclass, *msglevel, *notify, *region, *time; /* kept, or NULL */
    kr_jcl_nodes nodes;
    kr_jcl_step **steps;     /* every step in order (procedures expanded) */
    size_t n_steps;
    kr_jcl_symbol *symbols;
    size_t n_symbols;
    char **sources;          /* the files read: the job, then procedures (owned) */
    size_t n_sources;
} kr_jcl_job;

/* TIME= of JOB or EXEC as a limit in seconds (z/OS MVS JCL Reference, TIME parameter):
 * minutes, (minutes,seconds) or (,seconds) with minutes 0-357912 and seconds 0-59; 1440 and
 * NOLIMIT are KR_JCL_TIME_NOLIMIT; MAXIMUM is 357912 minutes; 0 is no limit of the step's
 * own. false when the text is none of them. */
#define KR_JCL_TIME_NOLIMIT (-1L)
bool kr_jcl_time_limit(const char *text, long *seconds);
/* A step's limit from the job's and its own (0: not given): the job's NOLIMIT makes every
 * step unlimited, as on z/OS; otherwise the smaller one, or whichever is given. */
long kr_jcl_time_step(long job, long step);
/* A limit (> 0 or KR_JCL_TIME_NOLIMIT) as Slurm's --time: "M", "M:SS" or "UNLIMITED". */
void kr_jcl_time_slurm(long seconds, char out[24]);

typedef struct kr_jcl_parse_opts {
    /* Directories searched for cataloged procedures NAME.jcl after procs/ beside the job. */
    const char *const *proc_dirs;
    size_t n_proc_dirs;
    /* Symbols the caller defines (run-date symbols, NAME=VALUE from the command line), each
     * "NAME=VALUE"; SET statements in the job override them. */
    const char *const *symbols;
    size_t n_symbols;
} kr_jcl_parse_opts;

/* Parses a job. Every problem goes to diags as "KRK11nnX file:line:column: text"; returns
 * NULL when there is any error (all of them listed), the job otherwise (warnings, such as
 * text past column 71, may be in diags with rc 4). o may be NULL. */
kr_jcl_job *kr_jcl_parse(const char *path, const kr_jcl_parse_opts *o, kr_diags *diags);
/* The same over text already in memory; path names it in messages and locates procs/. */
kr_jcl_job *kr_jcl_parse_text(const char *text, size_t len, const char *path,
                              const kr_jcl_parse_opts *o, kr_diags *diags);
void kr_jcl_free(kr_jcl_job *job);

/* Finds a step by "STEP" or "STEP.PROCSTEP" (the first occurrence); NULL when none. */
const kr_jcl_step *kr_jcl_find_step(const kr_jcl_job *job, const char *ref);

/* ---- decisions --------------------------------------------------------------------------- */

typedef enum {
    KR_JCL_NOT_RUN = 0, /* bypassed, flushed, or not known (a restart's earlier step) */
    KR_JCL_ENDED,       /* the program ended with rc */
    KR_JCL_ABENDED,     /* the program ended abnormally with abend ("S0C7", "U0100") */
    KR_JCL_NOT_STARTED  /* the runner could not start it (allocation, DISP): the job ends */
} kr_jcl_status_kind;

typedef struct kr_jcl_result {
    kr_jcl_status_kind status;
    int rc;
    char abend[6];
} kr_jcl_result;

/* The results of the steps so far, indexed like job->steps (NOT_RUN for steps not reached). */
typedef struct kr_jcl_history {
    const kr_jcl_job *job;
    const kr_jcl_result *results;
    size_t upto; /* steps [0, upto) are before the step being decided */
} kr_jcl_history;

/* True when a COND= test is satisfied (the EXEC's step is bypassed, or the job ends). Tests
 * on steps that did not end normally are false (JCL Reference, COND parameter). */
bool kr_jcl_cond_satisfied(const kr_jcl_cond *c, const kr_jcl_history *h);
/* True when the step with this COND= runs: Table 2 of the JCL Reference (EVEN, ONLY, an
 * earlier abend). abend_ok says that an enclosing IF tests ABEND (the step may run after an
 * abend without EVEN). */
bool kr_jcl_cond_runs(const kr_jcl_cond *c, const kr_jcl_history *h, bool abend_ok);
/* The value of an IF relational expression. */
bool kr_jcl_expr_eval(const kr_jcl_expr *e, const kr_jcl_history *h);

typedef enum {
    KR_JCL_BY_COND,      /* a COND= test on the EXEC was satisfied */
    KR_JCL_BY_ONLY,      /* COND=ONLY and no step abended */
    KR_JCL_BY_ABEND,     /* an earlier step abended (no EVEN/ONLY, no IF testing ABEND) */
    KR_JCL_BY_IF,        /* in the clause of an IF that was not taken */
    KR_JCL_BY_JOB_COND,  /* the JOB's COND= ended the job after an earlier step */
    KR_JCL_BY_NOT_STARTED, /* an earlier step could not start: the job ended */
    KR_JCL_BY_RESTART    /* before the restart step: its result came from ops->prior */
} kr_jcl_bypass;

/* A short English phrase for a bypass reason ("COND= satisfied", ...). */
const char *kr_jcl_bypass_text(kr_jcl_bypass why);

typedef struct kr_jcl_walk_ops {
    /* Runs a step; fills result. Returning false stops the walk (a cancelled run, a runner
     * failure); err says why. */
    bool (*run_step)(void *ctx, const kr_jcl_step *step, kr_jcl_result *result, kr_err *err);
    /* Told of every step that does not run, with the reason (may be NULL). */
    void (*bypassed)(void *ctx, const kr_jcl_step *step, kr_jcl_bypass why);
    /* On a restart: the result an earlier step had (from the catalog); NULL or a NOT_RUN
     * result when not known. */
    void (*prior)(void *ctx, const kr_jcl_step *step, kr_jcl_result *result);
} kr_jcl_walk_ops;

typedef struct kr_jcl_outcome {
    int max_rc;                  /* the highest rc of the steps that ended */
    bool abended;
    char abend[6];               /* the first abend code */
    const kr_jcl_step *ended_by; /* the step after which the job ended early (an abend, job
                                    COND=, not started), or NULL */
    size_t ran, bypassed;
} kr_jcl_outcome;

/* Walks the job: decides for each step, in order, whether it runs, calls ops->run_step or
 * ops->bypassed, and fills out. restart ("STEP" or "STEP.PROCSTEP", or NULL) skips the steps
 * before it (their results from ops->prior). False with err (KRK1130E, rc 16) when restart
 * names no step, or when run_step returns false. */
bool kr_jcl_walk(const kr_jcl_job *job, const char *restart, const kr_jcl_walk_ops *ops,
                 void *ctx, kr_jcl_outcome *out, kr_err *err);

#endif
