/* prog_sort.c: the SORT program's door: control statements from SYSIN; SORTIN (one data set
 * or a concatenation) or SORTIN01, SORTIN02, ... for MERGE; every other DD (SORTOUT, OUTFIL
 * FNAMES=, SORTXSUM, SORTJNF1, SORTJNF2) handed to the engine with its layout; JNF1CNTL and
 * JNF2CNTL, a join side's own statements; the memory budget, threads and work folder from
 * the step. */
#include "kiroku/audit.h"
#include "kiroku/program.h"
#include "kiroku/sort.h"
#include "prog.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct layout_cache {
    char **names;
    kr_layout **layouts;
    size_t n;
} layout_cache;

static kr_layout *cached_layout(kr_step *s, layout_cache *c, const char *name)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->names[i], name) == 0)
            return c->layouts[i];
    kr_layout *l = kr_prog_load_layout(s, name);
    if (!l)
        return NULL;
    c->names = kr_xrealloc(c->names, (c->n + 1) * sizeof *c->names);
    c->layouts = kr_xrealloc(c->layouts, (c->n + 1) * sizeof *c->layouts);
    c->names[c->n] = kr_xstrdup(name);
    c->layouts[c->n++] = l;
    return l;
}

static void cache_free(layout_cache *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->names[i]);
        kr_layout_free(c->layouts[i]);
    }
    free(c->names);
    free(c->layouts);
}

/* SORTINnn: its number, or 0. */
static int sortin_number(const char *ddname)
{
    if (strncasecmp(ddname, "SORTIN", 6) != 0 || !ddname[6])
        return 0;
    int n = 0;
    for (const char *c = ddname + 6; *c; c++) {
        if (*c < '0' || *c > '9' || n > 99)
            return 0;
        n = n * 10 + (*c - '0');
    }
    return n;
}

static int by_sortin_number(const void *a, const void *b)
{
    const kr_dd_bind *x = *(const kr_dd_bind *const *)a, *y = *(const kr_dd_bind *const *)b;
    return sortin_number(x->ddname) - sortin_number(y->ddname);
}

/* The inputs: SORTIN's files, or the SORTINnn in their order. */
static bool collect_inputs(kr_step *s, const char ***inputs, size_t *n, const kr_dd_bind **first, kr_err *err)
{
    const kr_dd_bind *in = kr_step_dd(s, "SORTIN");
    *first = in;
    if (in) {
        if (in->dummy) {
            *inputs = kr_xmalloc(sizeof **inputs);
            (*inputs)[(*n)++] = "/dev/null";
            return true;
        }
        *inputs = kr_xmalloc((in->n_paths ? in->n_paths : 1) * sizeof **inputs);
        for (size_t i = 0; i < in->n_paths; i++)
            (*inputs)[(*n)++] = in->paths[i];
        return true;
    }
    const kr_dd_bind **numbered = kr_xmalloc((s->n_dds + 1) * sizeof *numbered);
    size_t k = 0;
    for (size_t i = 0; i < s->n_dds; i++)
        if (sortin_number(s->dds[i].ddname))
            numbered[k++] = &s->dds[i];
    qsort(numbered, k, sizeof *numbered, by_sortin_number);
    *inputs = kr_xmalloc((k ? k : 1) * sizeof **inputs);
    bool ok = true;
    for (size_t i = 0; ok && i < k; i++) {
        const char *path = kr_step_dd_path(s, numbered[i]->ddname, err);
        if (!path)
            ok = false;
        else
            (*inputs)[(*n)++] = path;
    }
    *first = k ? numbered[0] : NULL;
    free(numbered);
    return ok;
}

static bool is_input_or_control(const char *ddname)
{
    return strcasecmp(ddname, "SORTIN") == 0 || sortin_number(ddname) || strcasecmp(ddname, "SYSIN") == 0 ||
           strcasecmp(ddname, "JNF1CNTL") == 0 || strcasecmp(ddname, "JNF2CNTL") == 0;
}

/* The statements of DD `ddname` (JNF1CNTL, JNF2CNTL) when the step has it: *out NULL when it
 * does not; false (messages printed) when they do not parse. */
static bool read_statements(kr_step *s, const char *ddname, kr_ctl **out, kr_err *err, bool *failed)
{
    *out = NULL;
    *failed = false;
    if (!kr_step_dd(s, ddname))
        return true;
    kr_buf text;
    kr_buf_init(&text);
    const char *name = NULL;
    if (!kr_step_dd_text(s, ddname, &text, &name, err)) {
        kr_buf_free(&text);
        return false;
    }
    kr_diags d;
    kr_diags_init(&d);
    *out = kr_ctl_parse_side(text.data ? text.data : "", text.len, name, &d);
    kr_buf_free(&text);
    kr_diags_print(&d, s->msg);
    kr_diags_free(&d);
    *failed = !*out;
    return true;
}

int kr_prog_sort(kr_step *s)
{
    kr_sort_opts o;
    memset(&o, 0, sizeof o);
    kr_err err;
    kr_parm p;
    if (!kr_parm_parse(s->parm, &p, &err))
        return kr_prog_fail(s, &err);
    uint64_t parts = 0, range = 0;
    int phase = KR_PART_WHOLE;
    const char *phase_name = kr_parm_get(&p, "PHASE");
    kr_parm_get(&p, "PARTMIN"); /* kr_sort_partitions reads it */
    bool ok = kr_prog_totals_parm(&p, "SORT", &o.totals_warn, &err) &&
              kr_parm_count(&p, "PARTITIONS", 1, KR_PARTS_MAX, &parts, &err) &&
              kr_parm_count(&p, "RANGE", 1, KR_PARTS_MAX, &range, &err) &&
              (!phase_name || (phase = kr_sort_phase(phase_name)) != KR_PART_WHOLE ||
               kr_fail(&err, KR_RC_ENV, "KRK1859E", "PARM PHASE='%s': a partitioned SORT's pieces are SAMPLE, "
                       "ROUTE, RANGE and CONCAT", phase_name)) &&
              kr_parm_all_used(&p, "SORT", &err);
    kr_parm_free(&p);
    if (!ok)
        return kr_prog_fail(s, &err);
    if (o.totals_warn)
        kr_prog_totals_note(s);
    /* TOTALS=WARN sorts in one piece: the partitioned pieces always check the totals. */
    if (phase == KR_PART_WHOLE && !o.totals_warn) {
        int n = kr_sort_partitions(s, &err);
        if (n < 0)
            return kr_prog_fail(s, &err);
        if (n > 0)
            return kr_sort_partitioned(s, (unsigned)n);
        if (parts)
            fprintf(s->msg, "KRK1866I step %s: the inputs are smaller than PARTMIN=: sorted in one piece\n", s->name);
    }
    o.phase = phase;
    o.partitions = (unsigned)parts;
    o.range = (unsigned)range;

    kr_buf text;
    kr_buf_init(&text);
    const char *sysin_name = NULL;
    if (!kr_step_dd_text(s, "SYSIN", &text, &sysin_name, &err)) {
        kr_buf_free(&text);
        return kr_prog_fail(s, &err);
    }
    kr_diags d;
    kr_diags_init(&d);
    kr_ctl *ctl = kr_ctl_parse(text.data ? text.data : "", text.len, sysin_name, &d);
    kr_buf_free(&text);
    kr_diags_print(&d, s->msg);
    kr_diags_free(&d);
    if (!ctl)
        return KR_RC_ENV;

    int rc = KR_RC_OK;
    kr_ctl *jnf[2] = {NULL, NULL};
    for (int i = 0; i < 2 && rc == KR_RC_OK; i++) {
        bool failed;
        if (!read_statements(s, i == 0 ? "JNF1CNTL" : "JNF2CNTL", &jnf[i], &err, &failed))
            rc = kr_prog_fail(s, &err);
        else if (failed)
            rc = KR_RC_ENV;
    }
    layout_cache lc = {0};
    const char **inputs = NULL;
    size_t n_inputs = 0;
    const kr_dd_bind *first = NULL;
    kr_dd *dds = kr_xcalloc(s->n_dds + 1, sizeof *dds);
    size_t n_dds = 0;
    if (rc != KR_RC_OK)
        goto done;
    if (!collect_inputs(s, &inputs, &n_inputs, &first, &err)) {
        rc = kr_prog_fail(s, &err);
        goto done;
    }
    if (first && first->layout && !(o.layout = cached_layout(s, &lc, first->layout)))
        rc = KR_RC_ENV;
    if (first) {
        o.lrecl = first->lrecl;
        o.terminator = first->terminator;
    } else
        o.terminator = KR_TERM_LF;
    for (size_t i = 0; i < s->n_dds && rc == KR_RC_OK; i++) {
        const kr_dd_bind *b = &s->dds[i];
        if (is_input_or_control(b->ddname))
            continue;
        const char *path = kr_step_dd_path(s, b->ddname, &err);
        if (!path) {
            rc = kr_prog_fail(s, &err);
            break;
        }
        kr_dd dd = {b->ddname, path, NULL, b->lrecl, b->terminator};
        if (b->layout && !(dd.layout = cached_layout(s, &lc, b->layout)))
            rc = KR_RC_ENV;
        dds[n_dds++] = dd;
    }
    if (rc == KR_RC_OK && !o.layout && !o.lrecl && !ctl->join[0].present)
        rc = kr_prog_fail_text(s, KR_RC_ENV, "KRK1206E",
                               "step %s: give the input's layout (LAYOUT=, -L) or its record length (LRECL=, --lrecl)",
                               s->name);
    if (rc == KR_RC_OK) {
        o.ctl = ctl;
        o.inputs = inputs;
        o.n_inputs = n_inputs;
        o.dds = dds;
        o.n_dds = n_dds;
        o.memory = s->memory;
        o.threads = s->threads;
        o.tmpdir = s->tmpdir;
        o.run_date = s->run_date;
        o.listing = s->sysout;
        o.progress = s->progress;
        o.cancel = s->cancel;
        o.no_timing = s->no_timing;
        o.jnf[0] = jnf[0];
        o.jnf[1] = jnf[1];
        rc = o.totals_warn ? kr_prog_totals_audit(s, "SORT", inputs, n_inputs) : KR_RC_OK;
        if (rc == KR_RC_OK)
            rc = kr_sort(&o);
    }
done:
    kr_ctl_free(ctl);
    kr_ctl_free(jnf[0]);
    kr_ctl_free(jnf[1]);
    cache_free(&lc);
    free(dds);
    free(inputs);
    return rc;
}
