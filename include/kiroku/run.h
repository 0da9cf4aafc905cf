/* run.h: the job-stream runner (`kiroku run`): a JCL job parsed, its data sets allocated
 * under the data root through the catalog (DISP, generations, temporaries, in-stream data),
 * each step run as a process of its own from its step description, dispositions and the
 * step's history committed to the catalog when it ends, the JES2-style job log, restart.
 * docs/JCL.md is the operator's description. */
#ifndef KIROKU_RUN_H
#define KIROKU_RUN_H

#include <signal.h>

#include "kiroku/core.h"

/* Where the steps run: processes of this machine, or Slurm jobs (docs/SCALE.md). */
typedef enum { KR_RUN_ON_LOCAL, KR_RUN_ON_SLURM } kr_run_on;

typedef struct kr_run_opts {
    const char *jcl;              /* the job's file */
    const char *root;             /* the data root */
    int run_date;                 /* yyyymmdd */
    const char *restart;          /* STEP[.PROCSTEP], "*" (from the step where the last run of
                                     this job failed), or NULL (the JOB's RESTART=, else none) */
    const char *const *symbols;   /* NAME=VALUE from the command line */
    size_t n_symbols;
    const char *const *proc_dirs; /* cataloged procedures, after procs/ beside the job */
    size_t n_proc_dirs;
    const char *self;             /* the kiroku executable that runs each step (exec-step) */
    bool wait;                    /* wait for data sets another job holds (else fail) */
    bool no_timing;               /* times shown as "-" (golden tests) */
    bool json;                    /* the summary as JSON on out instead of the table */
    FILE *log;                    /* the job log as it happens (a terminal) */
    FILE *out;                    /* the summary (table or JSON) */
    const volatile sig_atomic_t *cancel;
    kr_run_on on;                 /* where the steps run */
    const char *partition;        /* Slurm: --partition, or NULL */
    const char *account;          /* Slurm: --account, or NULL */
    int grace;                    /* Slurm: seconds a step's result may take to appear after its
                                     job ended (a lagging shared file system) */
} kr_run_opts;

typedef struct kr_run_result {
    uint64_t run;                 /* the run's id in the catalog, 0 when it never started */
    int maxcc;                    /* the highest return code of the steps that ended */
    char abend[8];                /* "" or the first abend */
    bool jcl_error;               /* the job did not start (JCL or allocation error) */
} kr_run_result;

/* Runs the job. Returns the job's return code as a shell sees it: the highest step return
 * code (at most 255 shown), 16 for a JCL error, 20 for an abend. */
int kr_run_job(const kr_run_opts *o, kr_run_result *res);

/* Runs the job once per data record of the cataloged data set dsn (its layout from the
 * catalog), each record's fields as symbols NAME=value after o's (src/run/each.c): each run
 * a job of its own, one that fails never stopping the next. Returns the highest job return
 * code, 16 when the list cannot be read, 4 when it holds no data record. */
int kr_run_each(const kr_run_opts *o, const char *dsn, kr_run_result *res);

/* Run-date symbols (RUNDATE, RUNYEAR, FYEAR, PREVBD, ...) for a run date and a calendar
 * (CALENDAR= of the JOB, or NULL for Japan's), as NAME=VALUE strings appended to *out
 * (caller frees each and the array). err holds KRK1401W (rc 4) when the business days come
 * from projected holidays. */
bool kr_run_date_symbols(int run_date, const char *calendar, char ***out, size_t *n, kr_err *err);

/* The abend code a step's process shows when a signal ended it (SIGKILL/SIGTERM/SIGINT: S222,
 * the operator's cancel; SIGSEGV/SIGBUS: S0C4; SIGILL: S0C1; SIGFPE: S0CB; SIGXFSZ: SB37,
 * out of space; SIGABRT: S0C1... see docs/JCL.md). */
const char *kr_run_signal_abend(int sig);

#endif
