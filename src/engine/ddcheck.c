/* ddcheck.c: the data sets a SORT step is given but never reads or writes. DFSORT reads
 * statements from DDs kiroku does not (DFSPARM, SORTCNTL, SYMNAMES): those are refused, so
 * that no statement is silently left out; any other DD the statements never name is a
 * warning (a misspelt OUTFIL FNAMES=, SORTOUT beside OUTFILs that name other data sets). */
#include "sortjob.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* DDs of the job's furniture that no SORT statement names: dumps, diagnostics, work files. */
static bool is_furniture(const char *name)
{
    static const char *const names[] = {"SYSOUT", "SYSPRINT", "SYSUDUMP", "SYSABEND", "SYSMDUMP", "SORTDIAG",
                                        "SORTSNAP", "JOBLOG", NULL};
    for (int i = 0; names[i]; i++)
        if (strcasecmp(name, names[i]) == 0)
            return true;
    if (strncasecmp(name, "SORTWK", 6) == 0 && name[6]) {
        for (const char *c = name + 6; *c; c++)
            if (*c < '0' || *c > '9')
                return false;
        return true;
    }
    return false;
}

/* The work files a partitioned SORT's CONCAT piece is given (partplan.c): the manifest, the
 * sorted ranges SORTP001.. and a split join's range counts SORTN001... */
static bool is_partition_work(const sortjob *j, const char *name)
{
    if (j->o->phase != KR_PART_CONCAT)
        return false;
    if (strcasecmp(name, "SORTMAN") == 0)
        return true;
    if ((strncasecmp(name, "SORTP", 5) != 0 && strncasecmp(name, "SORTN", 5) != 0) || !name[5])
        return false;
    for (const char *c = name + 5; *c; c++)
        if (*c < '0' || *c > '9')
            return false;
    return true;
}

/* DDs whose statements DFSORT would read and kiroku does not. */
static const char *statements_dd(const char *name)
{
    static const char *const names[] = {"DFSPARM", "SORTCNTL", "$ORTPARM", "SYMNAMES", "SYMNOUT", "SORTMODS", NULL};
    for (int i = 0; names[i]; i++)
        if (strcasecmp(name, names[i]) == 0)
            return names[i];
    return NULL;
}

static bool in_list(const char *name, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] && strcasecmp(name, list[i]) == 0)
            return true;
    return false;
}

bool job_check_dds(sortjob *j)
{
    const kr_sort_opts *o = j->o;
    const kr_ctl *c = j->ctl;
    /* The names the statements read or write. */
    size_t cap = 4 + c->n_outfils;
    for (size_t i = 0; i < c->n_outfils; i++)
        cap += c->outfils[i].n_fnames;
    const char **used = kr_xcalloc(cap, sizeof *used);
    size_t n = 0;
    if (!c->n_outfils)
        used[n++] = "SORTOUT";
    for (size_t i = 0; i < c->n_outfils; i++) {
        const kr_outfil *of = &c->outfils[i];
        if (!of->n_fnames)
            used[n++] = "SORTOUT";
        for (size_t k = 0; k < of->n_fnames; k++)
            used[n++] = of->fnames[k];
    }
    if (c->xsum)
        used[n++] = "SORTXSUM";
    if (c->join[0].present)
        for (int s = 0; s < 2; s++)
            used[n++] = c->join[s].ddname ? c->join[s].ddname : s == 0 ? "SORTJNF1" : "SORTJNF2";
    bool ok = true;
    for (size_t i = 0; i < o->n_dds && ok; i++) {
        const char *name = o->dds[i].name;
        if (in_list(name, used, n) || is_furniture(name) || is_partition_work(j, name))
            continue;
        const char *stmts = statements_dd(name);
        if (stmts)
            ok = job_failf(j, KR_RC_ENV, "KRK0704E",
                           "DD %s (%s): not supported: statements in %s; kiroku reads its statements from SYSIN "
                           "(-c FILE), JNF1CNTL and JNF2CNTL only", name, o->dds[i].path, stmts);
        else {
            fprintf(o->listing, "KRK0703W DD %s (%s) is given but the statements never read or write it%s\n", name,
                    o->dds[i].path,
                    strcasecmp(name, "SORTOUT") == 0 ? " (the OUTFIL statements name other data sets)" : "");
            if (j->rc < KR_RC_WARN)
                j->rc = KR_RC_WARN;
        }
    }
    free(used);
    return ok;
}
