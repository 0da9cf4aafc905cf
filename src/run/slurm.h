/* slurm.h: the Slurm step backend's parts (private to src/run; the unit tests include it):
 * the sbatch command line and the batch script of a step, squeue's answers, and the watch
 * that never trusts a single one. docs/SCALE.md is the operator's description. */
#ifndef KIROKU_RUN_SLURM_H
#define KIROKU_RUN_SLURM_H

#include "run_private.h"

/* Runs a command (argv[0] searched in PATH) to its end, its standard output and error
 * gathered (each NUL-terminated). Returns its exit status (128+n when signal n ended it), or
 * -1 when it could not be started or gave no answer in timeout seconds (then it is killed;
 * err: KRK1801E). */
int kr_run_command(char *const argv[], double timeout, kr_buf *out, kr_buf *errout, kr_err *err);

/* Seconds a Slurm command may take: a question (squeue, scancel), a submission (sbatch,
 * which retries while the controller is busy). */
#define KR_SLURM_ASK_TIMEOUT 30.0
#define KR_SLURM_SUBMIT_TIMEOUT 120.0

/* Opens the Slurm backend for a run: checks that Slurm answers, cancels the Slurm jobs an
 * earlier run of the job left running (a killed runner), makes the job folder's slurm/.
 * false (err) when Slurm cannot be used: the job does not start. */
bool kr_run_slurm_open(kr_runner *r, kr_run_backend *b, kr_err *err);

/* --mem for REGION= (NULL: none): "0" for REGION=0M (all of the node's memory, as on z/OS
 * REGION=0M is all there is), else MiB rounded up with "M". false when no --mem is asked. */
bool kr_slurm_mem(const char *region, size_t memory, char out[32]);

/* What sbatch needs to submit a task: the arguments besides the script. */
typedef struct kr_slurm_submit {
    const char *job;         /* the JCL job's name */
    uint64_t run;            /* the run's id in the catalog */
    const char *partition;   /* --partition, or NULL */
    const char *account;     /* --account, or NULL */
    const char *cwd;         /* --chdir: the runner's folder (relative names in the step) */
    const char *script;      /* the batch script */
    const char *out;         /* the batch script's own output (the step's goes to the spool); an
                                array's has %a, the task's number */
    unsigned array;          /* > 0: a job array of tasks 1..array (--array), the first task's
                                REGION=, CORES= and TIME= for all */
} kr_slurm_submit;

/* The sbatch command line (NULL-terminated; free with kr_slurm_argv_free). */
char **kr_slurm_sbatch_argv(const kr_slurm_submit *s, const kr_run_task *t);
void kr_slurm_argv_free(char **argv);

/* The batch script of a task: runs `KIROKU exec-step`, its streams into the spool, then
 * writes the end file ("status N" and "cancelled 0|1") and exits 0 unless the step ended
 * abnormally. */
void kr_slurm_script(kr_buf *b, const char *kiroku, const char *job, const kr_run_task *t, const char *endfile);
/* The batch script of a job array: task k (SLURM_ARRAY_TASK_ID) runs tasks[k - 1] as
 * kr_slurm_script runs one, its end into endfiles[k - 1]. */
void kr_slurm_array_script(kr_buf *b, const char *kiroku, const char *job, const kr_run_task *tasks,
                           const char *const *endfiles, size_t n);

/* One squeue answer about a job. */
typedef enum {
    KR_SLURM_UNKNOWN,   /* squeue failed: no answer (the controller is busy or away) */
    KR_SLURM_ACTIVE,    /* pending, running, completing, suspended, requeued... */
    KR_SLURM_ENDED,     /* a final state: COMPLETED, FAILED, CANCELLED, TIMEOUT, ... */
    KR_SLURM_ABSENT     /* the controller no longer knows the job (past MinJobAge) */
} kr_slurm_seen;

/* Reads `squeue -h -r -t all -o "%i %T %r" -j ID` (or ID_TASK, task > 0, for a job array's
 * task): its exit status, output and error text; the state's name and the reason a pending
 * job waits into state and reason ("" when none). */
kr_slurm_seen kr_slurm_parse_squeue(int status, const char *out, const char *errtext, long id, unsigned task,
                                    char state[24], char reason[40]);

/* Whether a pending job's reason says it will never start as asked: its request exceeds
 * the partition's or an association's or QOS's limits, or names what is not there
 * (BadConstraints, PartitionConfig, InvalidAccount, AssocMax..., QOSMax...). */
bool kr_slurm_reason_hopeless(const char *reason);

/* The watch over one job's squeue answers: its end is believed only after two answers in a
 * row say so (an answer that fails neither confirms nor denies). */
#define KR_SLURM_CONFIRM 2
typedef struct kr_slurm_watch {
    int in_a_row;            /* answers in a row that said ended or absent */
    int hopeless_in_a_row;   /* answers in a row that said pending for a hopeless reason */
    bool hopeless;           /* that is confirmed: the job will never start */
    bool ended;              /* the end is confirmed */
    double ended_at;         /* when it was */
    char state[24];          /* the last state squeue gave */
    char reason[40];         /* the last reason it gave */
} kr_slurm_watch;

/* Feeds one answer at time now; true when the end is confirmed (by this answer or before).
 * A pending job with a hopeless reason in two answers in a row sets hopeless. */
bool kr_slurm_watch_answer(kr_slurm_watch *w, kr_slurm_seen seen, const char *state, const char *reason, double now);

/* The abend of a step whose job ended in a Slurm state without writing its end: CANCELLED
 * S222, TIMEOUT and DEADLINE S322, OUT_OF_MEMORY S878, anything else (a node lost, the job
 * gone) S0F3, the system's failure. */
const char *kr_slurm_state_abend(const char *state);

/* The step's outcome from its end file's status and cancelled flag and its result file
 * (NULL when it wrote none): an abend the step wrote wins, then a cancel (S222), a signal,
 * the return code; no result: S806 when the program could not be run (127), else S0C1. */
void kr_slurm_outcome(int status, bool cancelled, const kr_jcl_result *written, kr_jcl_result *res);

#endif
