/* partplan.c: the pieces of a partitioned SORT as steps of their own (SAMPLE, ROUTE, the
 * RANGE sorts, CONCAT): each is the SORT step itself, with PARM PHASE= and the DDs of the
 * work files that pass between the pieces (a split join's F2 shares and range counts among
 * them). A runner runs them in that order, the RANGE sorts side by side (on this machine or
 * as a cluster's jobs); each reads and writes files only. */
#include "kiroku/program.h"
#include "kiroku/sort.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

int kr_sort_phase(const char *name)
{
    static const struct {
        const char *name;
        int phase;
    } phases[] = {{"SAMPLE", KR_PART_SAMPLE}, {"ROUTE", KR_PART_ROUTE}, {"RANGE", KR_PART_RANGE},
                  {"CONCAT", KR_PART_CONCAT}};
    for (size_t i = 0; i < sizeof phases / sizeof *phases; i++)
        if (strcasecmp(name, phases[i].name) == 0)
            return phases[i].phase;
    return KR_PART_WHOLE;
}

/* The SORT step's copy: its DDs, resources and streams, with another name and PARM. */
static void copy_step(kr_step *d, const kr_step *s, const char *piece, const char *parm)
{
    char *name = kr_xasprintf("%s.%s", s->name, piece);
    kr_step_init(d, name, s->program);
    free(name);
    free(d->parm);
    d->parm = kr_xstrdup(parm);
    for (size_t i = 0; i < s->n_dds; i++) {
        const kr_dd_bind *a = &s->dds[i];
        kr_dd_bind *b = kr_step_add_dd(d, a->ddname, NULL);
        for (size_t k = 0; k < a->n_paths; k++)
            kr_dd_add_path(b, a->paths[k]);
        b->label = a->label ? kr_xstrdup(a->label) : NULL;
        b->layout = a->layout ? kr_xstrdup(a->layout) : NULL;
        b->lrecl = a->lrecl;
        b->terminator = a->terminator;
        b->dummy = a->dummy;
        if (a->text) {
            b->text = kr_xmalloc(a->text_len + 1);
            memcpy(b->text, a->text, a->text_len);
            b->text[a->text_len] = '\0';
            b->text_len = a->text_len;
        }
    }
    d->run_date = s->run_date;
    d->memory = s->memory;
    d->threads = s->threads;
    d->tmpdir = s->tmpdir ? kr_xstrdup(s->tmpdir) : NULL;
    d->root = s->root ? kr_xstrdup(s->root) : NULL;
    d->no_timing = s->no_timing;
    d->sysout = s->sysout;
    d->msg = s->msg;
    d->progress = NULL;
    d->cancel = s->cancel;
}

static void add_file(kr_step *st, const char *ddname, const char *dir, const char *file)
{
    char *path = kr_xasprintf("%s/%s", dir, file);
    kr_step_add_dd(st, ddname, path);
    free(path);
}

/* SORTx001.. bound to dir/PREFIX.001.. */
static void add_ranges(kr_step *st, char x, unsigned parts, const char *dir, const char *prefix)
{
    for (unsigned r = 1; r <= parts; r++) {
        char dd[16], file[32];
        snprintf(dd, sizeof dd, "SORT%c%03u", x, r);
        snprintf(file, sizeof file, "%s.%03u", prefix, r);
        add_file(st, dd, dir, file);
    }
}

void kr_partplan_build(const kr_step *sort, unsigned parts, const char *dir, kr_partplan *plan)
{
    memset(plan, 0, sizeof *plan);
    plan->parts = parts;
    plan->n_steps = (size_t)parts + 3;
    plan->steps = kr_xcalloc(plan->n_steps, sizeof *plan->steps);
    plan->first_range = 2;
    char parm[64];
    snprintf(parm, sizeof parm, "PHASE=SAMPLE,PARTITIONS=%u", parts);
    kr_step *st = &plan->steps[0];
    copy_step(st, sort, "SAMPLE", parm);
    add_file(st, "SORTRNG", dir, "ranges");
    st = &plan->steps[1];
    copy_step(st, sort, "ROUTE", "PHASE=ROUTE");
    add_file(st, "SORTRNG", dir, "ranges");
    add_file(st, "SORTMAN", dir, "manifest");
    add_ranges(st, 'P', parts, dir, "range");
    add_ranges(st, 'Q', parts, dir, "range2"); /* F2's shares, when the join is split */
    for (unsigned r = 1; r <= parts; r++) {
        char piece[16], file[32];
        snprintf(piece, sizeof piece, "R%03u", r);
        snprintf(parm, sizeof parm, "PHASE=RANGE,RANGE=%u", r);
        st = &plan->steps[1 + r];
        copy_step(st, sort, piece, parm);
        snprintf(file, sizeof file, "range.%03u", r);
        add_file(st, "SORTPIN", dir, file);
        snprintf(file, sizeof file, "sorted.%03u", r);
        add_file(st, "SORTPOUT", dir, file);
        /* A split join's: F2's share, and what the range's join and main task did. */
        snprintf(file, sizeof file, "range2.%03u", r);
        add_file(st, "SORTPIN2", dir, file);
        snprintf(file, sizeof file, "count.%03u", r);
        add_file(st, "SORTPCNT", dir, file);
    }
    st = &plan->steps[plan->n_steps - 1];
    copy_step(st, sort, "CONCAT", "PHASE=CONCAT");
    add_file(st, "SORTMAN", dir, "manifest");
    add_ranges(st, 'P', parts, dir, "sorted");
    add_ranges(st, 'N', parts, dir, "count");
}

void kr_partplan_free(kr_partplan *plan)
{
    for (size_t i = 0; i < plan->n_steps; i++)
        kr_step_free(&plan->steps[i]);
    free(plan->steps);
    memset(plan, 0, sizeof *plan);
}

size_t kr_partplan_share(kr_partplan *plan, const kr_step *sort)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    size_t width = cpus > 0 ? (size_t)cpus : 1;
    if (width > plan->parts)
        width = plan->parts;
    size_t memory = sort->memory;
    if (!memory) {
        long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
        memory = pages > 0 && size > 0 ? (size_t)pages * (size_t)size / 2 : (size_t)1 << 30;
    }
    int threads = sort->threads > 0 ? sort->threads : (cpus > 0 ? (int)cpus : 1);
    for (unsigned r = 0; r < plan->parts; r++) {
        kr_step *st = &plan->steps[plan->first_range + r];
        st->memory = memory / width < 65536 ? 65536 : memory / width;
        st->threads = threads / (int)width > 1 ? threads / (int)width : 1;
    }
    return width;
}

/* A size: bytes, or with K, M or G. */
static bool parse_bytes(const char *v, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    if (end == v || errno || *v == '-')
        return false;
    uint64_t mul = 1;
    switch (*end) {
    case 'K': case 'k': mul = 1024; end++; break;
    case 'M': case 'm': mul = 1024 * 1024; end++; break;
    case 'G': case 'g': mul = 1024 * 1024 * 1024; end++; break;
    default: break;
    }
    if (*end || n > UINT64_MAX / mul)
        return false;
    *out = n * mul;
    return true;
}

/* The bytes of the SORT step's inputs (SORTIN's files, or the join's two sides); false
 * (err: KRK1867E) when one of them cannot be read twice (standard input, a FIFO, a socket),
 * as SAMPLE and ROUTE each read them. */
static bool input_bytes(const kr_step *s, uint64_t *total, kr_err *err)
{
    *total = 0;
    for (size_t i = 0; i < s->n_dds; i++) {
        const kr_dd_bind *d = &s->dds[i];
        if (strncasecmp(d->ddname, "SORTIN", 6) != 0 && strncasecmp(d->ddname, "SORTJNF", 7) != 0)
            continue;
        for (size_t k = 0; k < d->n_paths; k++) {
            struct stat st;
            bool once = strcmp(d->paths[k], "-") == 0 ||
                        (stat(d->paths[k], &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)));
            if (once)
                return kr_fail(err, KR_RC_ENV, "KRK1867E", "step %s DD %s: %s can be read only once; a partitioned "
                               "sort reads its input twice (to sample, to route): give a file", s->name, d->ddname,
                               strcmp(d->paths[k], "-") == 0 ? "standard input" : d->paths[k]);
            if (stat(d->paths[k], &st) == 0)
                *total += (uint64_t)st.st_size;
        }
    }
    return true;
}

int kr_sort_partitions(const kr_step *s, kr_err *err)
{
    if (strcasecmp(s->program, "SORT") != 0)
        return 0;
    kr_parm p;
    if (!kr_parm_parse(s->parm, &p, err))
        return -1;
    uint64_t parts = 0, min = 0;
    const char *min_text = kr_parm_get(&p, "PARTMIN");
    int n = 0;
    if (!kr_parm_count(&p, "PARTITIONS", 1, KR_PARTS_MAX, &parts, err))
        n = -1;
    else if (min_text && !parse_bytes(min_text, &min))
        n = kr_fail(err, KR_RC_ENV, "KRK1865E", "PARM PARTMIN='%s': give the inputs' size from which to partition, "
                    "such as 512M or 2G", min_text) ? 0 : -1;
    else if (min_text && !parts)
        n = kr_fail(err, KR_RC_ENV, "KRK1865E", "PARM PARTMIN= goes with PARTITIONS=n") ? 0 : -1;
    else if (!kr_parm_get(&p, "PHASE") && parts) {
        uint64_t bytes;
        if (!input_bytes(s, &bytes, err))
            n = -1;
        else if (!min || bytes >= min)
            n = (int)parts;
    }
    kr_parm_free(&p);
    return n;
}
