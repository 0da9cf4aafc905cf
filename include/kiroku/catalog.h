/* catalog.h: the data root, data set names, the catalog (data sets, generation data groups,
 * the run history) in Berkeley DB, the data set enqueue, and IDCAMS. This is the layer the
 * job-stream runner stands on; see docs/CATALOG.md.
 *
 * What the runner must do, in this order, for a step that ends well:
 *   1. write every output under a temporary name (kr_writer does) and rename it into place
 *      at the path kr_dsn_path gives (the (+1) generation's absolute name included);
 *   2. open the catalog, kr_catalog_begin, then in that one transaction: kr_gdg_roll_in for
 *      each (+1) with a normal disposition of CATLG, kr_ds_catalog for each new data set to
 *      catalog, kr_ds_uncatalog/kr_ds_delete for UNCATLG/DELETE, kr_run_add_step for the step's
 *      history; then kr_catalog_commit (it removes the files of rolled-off SCRATCH
 *      generations and deleted data sets only after the commit), and close the catalog.
 * A kill -9 before the commit leaves the catalog as it was (the renamed file is not listed; a
 * restart writes it again), after it the catalog lists the complete generation. A roll-in
 * refuses a generation whose file is not in place.
 *
 * The catalog holds a lock while it is open (other processes wait): open it for a short
 * update or query and close it; do not keep it open while a step runs. */
#ifndef KIROKU_CATALOG_H
#define KIROKU_CATALOG_H

#include "kiroku/core.h"

#include <stdio.h>

/* ---- names ------------------------------------------------------------------------------- */

#define KR_DSN_MAX 44     /* a data set name */
#define KR_GDG_BASE_MAX 35 /* a GDG base: 44 less ".GnnnnVnn" */
#define KR_GDG_LIMIT_MAX 255
#define KR_GEN_MAX 9999   /* G9999V00 is followed by G0001V00 */

/* Checks a data set name (qualifiers of 1-8 characters A-Z 0-9 @ # $ -, the first not a digit
 * or a hyphen, separated by periods, 44 characters at most) and writes it to out in upper
 * case (kiroku accepts lower case and folds it). KRK1301E (rc 16) when it is not a name. */
bool kr_dsn_check(const char *name, char out[KR_DSN_MAX + 1], kr_err *err);

/* A reference as JCL writes it: NAME, or NAME(0), NAME(-n), NAME(+1) for a GDG. */
typedef struct kr_dsref {
    char name[KR_DSN_MAX + 1]; /* upper case */
    bool relative;             /* a (n) followed the name */
    int rel;                   /* 0, -n or +1 */
} kr_dsref;
bool kr_dsref_parse(const char *text, kr_dsref *ref, kr_err *err);

/* The absolute name of generation gen (1-9999) of base: "BASE.G0001V00". */
void kr_gen_name(const char *base, unsigned gen, char out[KR_DSN_MAX + 1]);
/* When dsn is an absolute generation name, its base and number; false otherwise. */
bool kr_gen_split(const char *dsn, char base[KR_DSN_MAX + 1], unsigned *gen);

/* The file of a data set: ROOT/HLQ/DSN (its first qualifier as a folder, the whole name as
 * the file's name). Caller frees. */
char *kr_dsn_path(const char *root, const char *dsn);
/* Creates ROOT/HLQ when it is missing. */
bool kr_dsn_mkdir(const char *root, const char *dsn, kr_err *err);
/* Removes the temporary files (".DSN.kiroku-*.tmp", kr_writer's) that a step killed while
 * writing dsn left beside its file. Only for a job that holds dsn exclusively (enqueued for
 * NEW, MOD or OLD): no other process can be writing it. */
void kr_dsn_remove_temps(const char *root, const char *dsn);

/* ---- the catalog ------------------------------------------------------------------------ */

typedef struct kr_catalog kr_catalog;

/* Opens the catalog of the data root (ROOT/.kiroku/catalog, created when missing; recovery
 * runs on every open). Waits for another process that has it open, or fails at once
 * (KRK1311E) when wait is false. */
kr_catalog *kr_catalog_open(const char *root, bool wait, kr_err *err);
/* Closes; an open transaction is aborted. NULL is fine. */
void kr_catalog_close(kr_catalog *c);
const char *kr_catalog_root(const kr_catalog *c);

/* One transaction for several changes: every change between begin and commit lands together
 * or not at all. Without begin, each change commits on its own. */
bool kr_catalog_begin(kr_catalog *c, kr_err *err);
/* Commits, then removes the files of the data sets the transaction scratched. */
bool kr_catalog_commit(kr_catalog *c, kr_err *err);
void kr_catalog_abort(kr_catalog *c);

/* ---- data sets -------------------------------------------------------------------------- */

typedef struct kr_dsinfo {
    char dsn[KR_DSN_MAX + 1];
    char layout[256];   /* the LAYOUT= it was cataloged with, "" when none */
    int64_t created;    /* seconds since the epoch */
    uint64_t run;       /* the run that cataloged it, 0 when none (IDCAMS, an operator) */
    bool generation;    /* a GDG generation */
    char base[KR_DSN_MAX + 1];
    unsigned gen;
} kr_dsinfo;

/* Catalogs dsn (KRK1321E when it is cataloged already, or is a GDG base; a generation is
 * cataloged by kr_gdg_roll_in, never here). layout may be NULL. */
bool kr_ds_catalog(kr_catalog *c, const char *dsn, const char *layout, uint64_t run, kr_err *err);
/* Removes dsn from the catalog; its file stays. KRK1322E when it is not cataloged. */
bool kr_ds_uncatalog(kr_catalog *c, const char *dsn, kr_err *err);
/* Uncatalogs dsn and, when scratch, removes its file after the commit. A generation leaves
 * its GDG too. */
bool kr_ds_delete(kr_catalog *c, const char *dsn, bool scratch, kr_err *err);
/* 1 with *out when dsn is cataloged, 0 when not, -1 on an error. */
int kr_ds_lookup(kr_catalog *c, const char *dsn, kr_dsinfo *out, kr_err *err);

/* ---- generation data groups ------------------------------------------------------------ */

typedef struct kr_gdg {
    char base[KR_DSN_MAX + 1];
    unsigned limit;        /* 1-255 */
    bool scratch, empty;
    int64_t created;
    unsigned last;         /* the last generation number given out (0 before the first) */
    size_t n;              /* the generations in the group, oldest first */
    unsigned gens[KR_GDG_LIMIT_MAX];
} kr_gdg;

/* DEFINE GDG: KRK1331E when the name is taken, KRK1332E for a limit outside 1-255. */
bool kr_gdg_define(kr_catalog *c, const char *base, unsigned limit, bool scratch, bool empty, kr_err *err);
/* DELETE of a base: KRK1333E when it still has generations unless force (then each
 * generation is deleted as kr_ds_delete does, its file removed when the GDG is SCRATCH). */
bool kr_gdg_delete(kr_catalog *c, const char *base, bool force, kr_err *err);
/* 1 with *out, 0 when base is not a GDG, -1 on an error. */
int kr_gdg_get(kr_catalog *c, const char *base, kr_gdg *out, kr_err *err);
/* The absolute name of (0) (rel 0) or (-n) (rel -n). KRK1334E when base is not a GDG,
 * KRK1335E when the group has no such generation. */
bool kr_gdg_resolve(kr_catalog *c, const char *base, int rel, char out[KR_DSN_MAX + 1], kr_err *err);
/* (+1) for run R: the next generation number, the same for every call of one run (kept in
 * the catalog until rolled in or abandoned). Numbers are never given out twice: an abandoned
 * one is skipped. */
bool kr_gdg_reserve(kr_catalog *c, const char *base, uint64_t run, char out[KR_DSN_MAX + 1], kr_err *err);
/* Rolls run R's reserved generation of base into the group (the step ended well): its file
 * must be in place (KRK1337E otherwise). Generations past the limit roll off (NOEMPTY: the
 * oldest; EMPTY: all the others); SCRATCH removes their files after the commit, NOSCRATCH
 * uncatalogs them. Lines about what rolled off (KRK1338I) are appended to note (or NULL). */
bool kr_gdg_roll_in(kr_catalog *c, const char *base, uint64_t run, const char *layout, kr_buf *note,
                    kr_err *err);
/* Catalogs an existing file as generation BASE.GnnnnV00 of its group, as the newest (IDCAMS
 * DEFINE NONVSAM of a generation's name: an operator recovering a generation); rolls off as
 * kr_gdg_roll_in does. */
bool kr_gdg_catalog_generation(kr_catalog *c, const char *dsn, const char *layout, kr_buf *note, kr_err *err);
/* Drops every reservation of run R (the job ended without rolling them in). */
bool kr_gdg_abandon(kr_catalog *c, uint64_t run, kr_err *err);
/* Hands run old_run's reservations to new_run (a restart writes the same generations). */
bool kr_gdg_adopt(kr_catalog *c, uint64_t old_run, uint64_t new_run, kr_err *err);
/* The generation run R reserved for base, 0 when none. */
bool kr_gdg_reserved(kr_catalog *c, const char *base, uint64_t run, unsigned *gen, kr_err *err);

/* A reference resolved for run R: NAME as it is, (0)/(-n) to the cataloged generation,
 * (+1) to the reserved one (is_new). Only (+1) may create ((+2) and up: KRK1336E). */
typedef struct kr_resolved {
    char dsn[KR_DSN_MAX + 1];
    bool generation, is_new;
    char base[KR_DSN_MAX + 1];
} kr_resolved;
bool kr_catalog_resolve(kr_catalog *c, const char *ref, uint64_t run, kr_resolved *out, kr_err *err);

/* Every entry whose name starts with the qualifiers of level ("" for all), in name order:
 * GDG bases and data sets; for listings. */
typedef struct kr_catentry {
    bool is_gdg;
    kr_gdg gdg;
    kr_dsinfo ds;
} kr_catentry;
bool kr_catalog_list(kr_catalog *c, const char *level, kr_catentry **out, size_t *n, kr_err *err);

/* ---- the run history ------------------------------------------------------------------- */

typedef struct kr_run_dd {
    char ddname[9];
    char dsn[KR_DSN_MAX + 1]; /* the absolute name, "" for SYSOUT, DUMMY, in-stream */
    bool output;
    uint64_t records;
    char sha256[65];          /* of an output's file, "" when none */
} kr_run_dd;

typedef struct kr_run_step {
    char name[18];     /* STEP or STEP.PROCSTEP */
    char program[9];
    bool ran;          /* false: bypassed (COND, IF) */
    int rc;
    char abend[8];     /* "" or S0C4, U0100, ... */
    uint64_t elapsed_ms;
    size_t n_dds;
    kr_run_dd *dds;
} kr_run_step;

typedef struct kr_run {
    uint64_t id;
    char job[9];
    char jcl[1024];
    char date[11];     /* the run date, YYYY-MM-DD */
    char user[33];
    int64_t start, end; /* seconds since the epoch; end 0 while running (or killed) */
    int maxrc;
    char abend[8];
    uint64_t restart_of; /* 0 when not a restart */
    size_t n_steps;
    kr_run_step *steps;
} kr_run;

/* Records a new run from r's job, jcl, date, user, start, restart_of; *id receives its id
 * (1, 2, ...). */
bool kr_run_begin(kr_catalog *c, const kr_run *r, uint64_t *id, kr_err *err);
/* Adds a step's outcome (in the step-end transaction). */
bool kr_run_add_step(kr_catalog *c, uint64_t id, const kr_run_step *s, kr_err *err);
/* The job's end: highest rc, abend, end time. */
bool kr_run_end(kr_catalog *c, uint64_t id, int maxrc, const char *abend, int64_t end, kr_err *err);
/* 1 with *out (steps included; kr_run_free), 0 when there is no such run, -1 on an error. */
int kr_run_get(kr_catalog *c, uint64_t id, kr_run *out, kr_err *err);
/* Every run, oldest first, without steps (free with kr_runs_free). */
bool kr_run_list(kr_catalog *c, kr_run **out, size_t *n, kr_err *err);
void kr_run_free(kr_run *r);
void kr_runs_free(kr_run *runs, size_t n);

/* The SHA-256 of a file as 64 hex digits (OpenSSL). */
bool kr_sha256_file(const char *path, char hex[65], kr_err *err);

/* ---- the data set enqueue ---------------------------------------------------------------- */

/* A job's hold on data sets, as JES's enqueue: exclusive for NEW, MOD, OLD; shared for SHR;
 * for the whole job, between processes (fcntl locks on ROOT/.kiroku/enq/DSN: released when
 * the process ends, however it ends). One kr_enq per job and process. */
typedef struct kr_enq_req {
    const char *dsn;   /* a GDG is enqueued by its base name */
    bool exclusive;
} kr_enq_req;

typedef struct kr_enq kr_enq;

/* Takes every data set of reqs (a name given twice is held exclusively if either asks so), in
 * name order so that two jobs cannot deadlock. When one is held by another job: with wait,
 * writes KRK1341I naming it and its holder to log (when not NULL) and waits; without,
 * fails with KRK1342E naming the data set, the holder's pid and job. */
kr_enq *kr_enq_acquire(const char *root, const kr_enq_req *reqs, size_t n, const char *job, bool wait, FILE *log,
                       kr_err *err);
void kr_enq_release(kr_enq *q);

/* ---- IDCAMS ------------------------------------------------------------------------------- */

/* Runs IDCAMS statements (sysin, len bytes; sysin_name for the places in messages) against
 * the catalog, with IDCAMS's listing on sysprint: DEFINE GENERATIONDATAGROUP|GDG, DELETE,
 * LISTCAT, SET MAXCC=|LASTCC=, comments and continuation as IDCAMS reads them (see
 * docs/CATALOG.md). Returns the highest condition code (MAXCC: 0, 4, 8, 12 or 16). */
int kr_idcams(kr_catalog *c, const char *sysin, size_t len, const char *sysin_name, FILE *sysprint);
/* Would these statements change the catalog (any statement but LISTCAT and SET that parses:
 * DEFINE, DELETE, and whatever IDCAMS command may come)? Their text, one blank between words,
 * is added to what ("; " between statements) for the audit log. */
bool kr_idcams_changes(const char *sysin, size_t len, const char *sysin_name, kr_buf *what);

#endif
