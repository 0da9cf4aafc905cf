/* run_private.h: what the runner's files share (private to src/run). */
#ifndef KIROKU_RUN_PRIVATE_H
#define KIROKU_RUN_PRIVATE_H

#include "kiroku/audit.h"
#include "kiroku/catalog.h"
#include "kiroku/jcl.h"
#include "kiroku/program.h"
#include "kiroku/run.h"

/* One data set of a step, as the runner allocated it. */
typedef struct kr_alloc {
    const kr_jcl_dd *dd;       /* the statement (a concatenation's first member) */
    char ddname[9];
    bool sysout, dummy, instream;
    bool temporary;            /* &&NAME: a file in the job's work folder */
    bool unix_file;            /* PATH=: a file outside the data root */
    bool generation, is_new;   /* a GDG generation; (+1) */
    bool output;               /* NEW or MOD: the step writes it */
    bool existed;              /* the file was there before the step */
    char dsn[KR_DSN_MAX + 1];  /* the absolute name, "" when none */
    char base[KR_DSN_MAX + 1];
    char *path;                /* the file (NULL for SYSOUT, DUMMY, in-stream) */
    char *modpath;             /* DISP=MOD: where the program writes, appended at the end */
    char **concat;             /* more files read after path */
    size_t n_concat;
    char *layout;              /* LAYOUT= or the catalog's */
    size_t stride;             /* bytes per record when known (records counted), else 0 */
} kr_alloc;

/* The GDG state at the job's start (z/OS's GDGBIAS=JOB): (0) and (-n) mean the same
 * generation in every step, a restart included. */
typedef struct kr_gdgbias {
    char base[KR_DSN_MAX + 1];
    unsigned *gens;            /* oldest first */
    size_t n;
} kr_gdgbias;

/* ---- step backends: where a step's process runs ---------------------------------------- */

/* One step handed to a backend: its description, where its outcome and streams go, what it
 * asks for; the backend fills id and started. */
typedef struct kr_run_task {
    const char *label;       /* STEP or STEP.PROCSTEP */
    const char *job;         /* the job's name: $KIROKU_JOB of a local step (its audit entries) */
    size_t no;               /* the step's number in the run */
    const char *stepfile;    /* the description `kiroku exec-step` reads */
    const char *resultfile;  /* where exec-step writes "rc N" or "abend CODE" */
    const char *sysout;      /* the step's listing in the spool */
    const char *msgs;        /* the step's messages in the spool */
    const char *region;      /* REGION= as written, or NULL */
    size_t memory;           /* REGION= in bytes (0: all the machine gives) */
    int cores;               /* CORES=, 0 when not given */
    long time_limit;         /* TIME= of the step and the job, in seconds (kr_jcl_time_step):
                                0 none, KR_JCL_TIME_NOLIMIT unlimited */
    long id;                 /* the backend's name for it: a process id, a Slurm job id */
    unsigned array_task;     /* > 0: task number in the Slurm job array `id` (start_array) */
    double started;          /* monotonic seconds when it was started */
    bool cancelled;          /* the backend was asked to cancel it */
} kr_run_task;

/* A step backend: one small struct of functions. start() starts the step from its
 * description; wait() returns 1 when the step has ended (res and elapsed filled; res status
 * KR_JCL_NOT_STARTED and err when it found that the step will never start), 0 when a
 * signal or a time slice came first (the caller looks at its cancel flag and calls again),
 * -1 on an error (err filled); cancel() asks the step to stop (wait() still reports its end);
 * close() frees the backend. */
typedef struct kr_run_backend {
    const char *name;
    void *self;
    bool (*start)(void *self, kr_run_task *t, kr_err *err);
    int (*wait)(void *self, kr_run_task *t, kr_jcl_result *res, double *elapsed, kr_err *err);
    void (*cancel)(void *self, kr_run_task *t);
    void (*close)(void *self);
    /* Optional (NULL when the backend has none): starts n tasks at once as one submission
     * (a Slurm job array), each then waited for by wait() in a process of its own; end_array
     * is called once all have ended. */
    bool (*start_array)(void *self, kr_run_task *tasks, size_t n, kr_err *err);
    void (*end_array)(void *self, kr_run_task *tasks, size_t n);
} kr_run_backend;

typedef struct kr_runner {
    const kr_run_opts *o;
    kr_jcl_job *job;
    uint64_t run, prior_run;   /* this run's id; the run it restarts (0 none) */
    kr_run prior;              /* the restarted run's history */
    bool have_prior;
    char *jobdir;              /* ROOT/.kiroku/jobs/JOB: temporaries, the GDG bias */
    char *spooldir;            /* ROOT/.kiroku/spool/RUNID: the job log, each step's SYSOUT */
    FILE *joblog;              /* spool's JESMSGLG */
    kr_gdgbias *bias;
    size_t n_bias;
    char *newgens;             /* the job's folder's list of its (+1) generations: "BASE DSN" */
    size_t stepno;             /* steps run so far (spool file numbers) */
    kr_buf table;              /* the summary's rows */
    kr_buf json;               /* the JSON summary's steps */
    int maxcc;
    char abend[8];
    bool not_started;          /* a step could not start (a JCL error at allocation) */
    kr_audit *audit;           /* the audit log when one is configured, else NULL */
    bool audit_failed;         /* an entry could not be written: the job stops */
    kr_run_backend local;      /* steps as processes of this machine */
    kr_run_backend slurm;      /* steps as Slurm jobs (--on slurm) */
    bool on_slurm;             /* slurm is open: the steps run there (IDCAMS here) */
} kr_runner;

/* Appends an entry to the audit log (when one is configured); a failure is logged and stops
 * the job (nothing runs unaudited where a log is kept). */
void kr_run_audit(kr_runner *r, const char *event, const kr_audit_field *fields, size_t n);

/* Writes a line to the job log (the spool's and the terminal's); printf-like. */
void kr_run_log(kr_runner *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Allocates the data sets of a step (DISP checks, names to files, in-stream data, layouts)
 * and binds them to st; false (err filled) is a JCL error: the step does not start. */
bool kr_run_allocate(kr_runner *r, const kr_jcl_step *js, kr_alloc **allocs, size_t *n, kr_step *st,
                     kr_err *err);
/* Applies the dispositions after the step (normal, or abnormal when it abended) and commits
 * them with the step's history in one catalog transaction. */
bool kr_run_dispose(kr_runner *r, const kr_jcl_step *js, kr_alloc *allocs, size_t n,
                    const kr_jcl_result *res, double elapsed, kr_err *err);
void kr_run_allocs_free(kr_alloc *allocs, size_t n);
/* After a step: a DD named JOBLOG that names a data set gets the step's end line, then its
 * messages (lines separated by newlines), one fixed record each (joblog_dd.c). */
bool kr_run_joblog_dd(kr_alloc *allocs, size_t n, const char *end_line, const char *messages,
                      kr_err *err);

/* Runs a step's description to its end on the run's backend (local, or Slurm with --on
 * slurm), as the runner runs a step: for the runner's own pieces of a step, each asking for
 * what the step asks (asks: REGION=, CORES=, TIME=; NULL none). false (err)
 * when it could not be started or waited for. */
bool kr_run_spawn(const kr_runner *r, const char *stepfile, const char *resultfile, const char *sysout,
                  const char *msgs, const kr_run_task *asks, kr_jcl_result *res, double *elapsed, kr_err *err);

/* The backend kr_run_spawn runs a step's pieces on, and its wait for a started task to end
 * (the runner's cancel flag passed on as a cancel): 1 ended (res), -1 error (err). */
const kr_run_backend *kr_run_pieces_backend(const kr_runner *r);
int kr_run_wait_task(const kr_runner *r, const kr_run_backend *b, kr_run_task *t, kr_jcl_result *res,
                     double *elapsed, kr_err *err);

/* Runs a SORT step with PARM PARTITIONS=n as its pieces (partition.c): SYSOUT and
 * messages at the step's spool paths, the step's outcome in res; each piece asks its
 * backend for what the step asks (asks). */
bool kr_run_partitioned(kr_runner *r, const kr_step *st, size_t no, const char *label, unsigned parts,
                        const kr_run_task *asks, const char *sysout, const char *msgs, kr_jcl_result *res,
                        double *elapsed, kr_err *err);

/* The local backend (local.c): each step a child process of the runner. */
void kr_run_local_open(const kr_runner *r, kr_run_backend *b);

/* Reads a step's result file ("rc N" or "abend CODE"); false when it is missing or not one. */
bool kr_run_read_result(const char *path, kr_jcl_result *res);

/* Monotonic seconds. */
double kr_run_now(void);

#endif
