/* program.h: the one door every program that a job step runs goes through. A program
 * (SORT, VERIFY, CONVERT, LEDGER, GENERATE, IEBGENER, IEFBR14, KRSETRC, ...) is an entry of
 * a table with one `run(step)`; the step carries the data sets bound to DD names, the PARM
 * text, the listing (SYSOUT), the messages stream, the run date, the resources it may use
 * and the cancellation flag. `kiroku sort|verify|...` build a step from their arguments,
 * the job-stream runner builds it from JCL; both meet the program here and nowhere else. */
#ifndef KIROKU_PROGRAM_H
#define KIROKU_PROGRAM_H

#include <signal.h>

#include "kiroku/core.h"
#include "kiroku/layout.h"

/* A data set bound to a DD name for one step. Every string is owned by the step. */
typedef struct kr_dd_bind {
    char *ddname;             /* upper case: SORTIN, SORTOUT, SYSUT1, SYSIN, ... */
    char **paths;             /* one file, or several read one after the other (concatenation);
                                 "-" is standard input or output */
    size_t n_paths;
    char *label;              /* how messages name it (an in-stream DD's "JOB.STEP.SYSIN"), or NULL */
    char *layout;             /* the layout's name or path (LAYOUT=), or NULL */
    size_t lrecl;             /* the record length without a layout (0: the program's default) */
    kr_terminator terminator; /* with lrecl */
    bool dummy;               /* DD DUMMY: reads as empty, what is written goes nowhere */
    char *text;               /* the data itself, in memory (the command line's statements), or NULL */
    size_t text_len;
} kr_dd_bind;

typedef struct kr_step {
    char *name;               /* the step's name, for messages ("SORT" on the command line) */
    char *program;            /* the program's name as the table has it */
    char *parm;               /* PARM=, "" when none */
    kr_dd_bind *dds;
    size_t n_dds;
    int run_date;             /* yyyymmdd: DATE1 and friends */
    size_t memory;            /* the memory budget in bytes (REGION=), 0: the program's default */
    int threads;              /* threads (kiroku's CORES=), 0: the online processors */
    char *tmpdir;             /* work files (SORTWKnn), NULL: $TMPDIR or /tmp */
    char *root;               /* the data root of a job stream (IDCAMS's catalog), or NULL */
    bool no_timing;           /* leave elapsed times out of listings (golden tests) */
    FILE *sysout;             /* the listing */
    FILE *msg;                /* messages for the operator (standard error) */
    FILE *progress;           /* a terminal for progress lines, or NULL */
    const volatile sig_atomic_t *cancel; /* set by a signal handler: stop cleanly */
    char abend[8];            /* set by a program that ends abnormally ("U0100"); "" otherwise */
} kr_step;

typedef struct kr_program {
    const char *name;         /* as EXEC PGM= names it */
    const char *summary;
    int (*run)(kr_step *step); /* returns the return code (0, 4, 8, 12, 16, or up to 4095) */
} kr_program;

/* The table of programs, terminated by a NULL name (src/prog/table.c). */
extern const kr_program kr_programs[];
/* The program of that name (case-insensitive), or NULL. */
const kr_program *kr_program_find(const char *name);
/* Runs the step's program; an unknown program is KRK1201E, rc 16. */
int kr_program_run(kr_step *step);
/* IDCAMS over the catalog of root (wait: for another process to close it): statements that
 * change the catalog need the permission 'catalog' (denied: KRK1550E on msg, audited, nothing
 * run, rc 16) and are audited as a `catalog` entry with MAXCC; LISTCAT needs nothing. The
 * IDCAMS program and `kiroku idcams|catalog` all come here. Returns MAXCC. */
int kr_idcams_guarded(const char *root, bool wait, const char *text, size_t len, const char *name, FILE *sysprint,
                      FILE *msg);

/* ---- building and reading a step ------------------------------------------------------ */

void kr_step_init(kr_step *s, const char *name, const char *program);
void kr_step_free(kr_step *s);
/* Adds a DD bound to one file (path may be NULL for a DUMMY or in-memory DD); returns it
 * for further attributes. */
kr_dd_bind *kr_step_add_dd(kr_step *s, const char *ddname, const char *path);
/* Adds a DD written as the command line writes it: NAME=FILE[,layout=L][,lrecl=N]
 * [,terminator=lf|crlf|none] (KRK1208E when it is not). */
bool kr_step_add_dd_spec(kr_step *s, const char *spec, kr_err *err);
/* Adds one more file to a DD's concatenation. */
void kr_dd_add_path(kr_dd_bind *dd, const char *path);
/* The DD of that name, or NULL. */
const kr_dd_bind *kr_step_dd(const kr_step *s, const char *ddname);
/* The DD's one file; NULL (err filled: KRK1202E missing, KRK1203E a concatenation where the
 * program reads one file) when the program cannot use it. A DUMMY DD is /dev/null. */
const char *kr_step_dd_path(const kr_step *s, const char *ddname, kr_err *err);
/* The DD's whole contents as text (control statements): in memory or read from its files;
 * name receives how messages should call it. */
bool kr_step_dd_text(const kr_step *s, const char *ddname, kr_buf *out, const char **name, kr_err *err);
/* Loads the DD's layout (diagnostics to the step's messages); NULL when it has none (err
 * rc 0) or when it does not load (err rc 16). */
kr_layout *kr_step_dd_layout(const kr_step *s, const kr_dd_bind *dd, kr_err *err);

/* PARM as DFSORT and IBM's utilities write it: items separated by commas, each KEYWORD or
 * KEYWORD=VALUE (values may be quoted with '...'). Keywords compare case-insensitively. */
typedef struct kr_parm_item {
    char *key, *value;        /* value NULL for a bare keyword */
    bool used;
} kr_parm_item;

typedef struct kr_parm {
    kr_parm_item *items;
    size_t n;
} kr_parm;

bool kr_parm_parse(const char *text, kr_parm *p, kr_err *err);
void kr_parm_free(kr_parm *p);
/* The value of KEY (or "" for a bare keyword), marking it used; NULL when absent. */
const char *kr_parm_get(kr_parm *p, const char *key);
bool kr_parm_flag(kr_parm *p, const char *key);
/* KEY=number; false with err (KRK1205E) when present and not a number in [min, max]. */
bool kr_parm_count(kr_parm *p, const char *key, uint64_t min, uint64_t max, uint64_t *out, kr_err *err);
/* Fails (KRK1204E, rc 16) naming the first item no program asked for. */
bool kr_parm_all_used(const kr_parm *p, const char *program, kr_err *err);

/* ---- a partitioned SORT (docs/SORT.md, "Partitioned sort") ----------------------------- */

#define KR_PARTS_MAX 999

/* The pieces of `EXEC PGM=SORT,PARM='PARTITIONS=n'` as steps of their own, in the order they
 * run: SAMPLE, ROUTE, the n RANGE sorts (which may run at the same time, on other nodes),
 * CONCAT. Each is the SORT step with PARM PHASE=... and the DDs of its work files in dir
 * (ranges, manifest, range.NNN, sorted.NNN), which a runner removes when the step ends. */
typedef struct kr_partplan {
    kr_step *steps;
    size_t n_steps;
    unsigned parts;
    size_t first_range;       /* steps[first_range .. first_range + parts) are the RANGE sorts */
} kr_partplan;

void kr_partplan_build(const kr_step *sort, unsigned parts, const char *dir, kr_partplan *plan);
void kr_partplan_free(kr_partplan *plan);
/* Shares the SORT step's budget and threads among the RANGE sorts that run at once on this
 * machine (as many as there are processors); returns how many run at once. */
size_t kr_partplan_share(kr_partplan *plan, const kr_step *sort);
/* PARM PARTITIONS=n of a SORT step that is not itself a piece: n; 0 when the step is not
 * partitioned (no PARTITIONS=, a piece, or inputs smaller than PARM PARTMIN=size); -1 with
 * err when PARTITIONS= or PARTMIN= is wrong (KRK1205E, KRK1865E). */
int kr_sort_partitions(const kr_step *s, kr_err *err);
/* The piece PHASE= names (SAMPLE, ROUTE, RANGE, CONCAT), or KR_PART_WHOLE (0) when none. */
int kr_sort_phase(const char *name);
/* Runs a SORT step's pieces as processes of this machine: the RANGE sorts side by side, as
 * many at a time as there are processors, the budget shared among them; the work files in a
 * folder of the step's tmpdir, removed at the end. The listing is CONCAT's. */
int kr_sort_partitioned(kr_step *sort, unsigned parts);

/* ---- running a step as its own process ------------------------------------------------- */

/* Writes the step's description (everything but the streams) to path, as text a cluster
 * scheduler can carry; reads it back. */
bool kr_step_save(const kr_step *s, const char *path, kr_err *err);
bool kr_step_load(kr_step *s, const char *path, kr_err *err);

#endif
