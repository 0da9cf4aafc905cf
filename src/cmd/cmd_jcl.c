/* cmd_jcl.c: `kiroku jcl check FILE [NAME=VALUE...]`: parses a job (procedures expanded,
 * symbols resolved), prints the job as kiroku will run it and every diagnostic. */
#include "cmd.h"
#include "kiroku/jcl.h"

#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(out, "usage: kiroku jcl check [--procs DIR]... FILE [NAME=VALUE...]\n\n"
                 "Parses the job in FILE: continuation, symbols (NAME=VALUE define symbols as\n"
                 "the runner does), procedures (procs/NAME.jcl beside FILE, then each --procs\n"
                 "DIR), IF/THEN/ELSE/ENDIF, COND=; prints the expanded job and every\n"
                 "diagnostic with file:line:column. Return code 0 valid, 4 warnings (such as\n"
                 "text past column 71), 16 errors. See docs/JCL.md.\n");
}

static const char *const op_names[] = {"GT", "GE", "EQ", "LT", "LE", "NE"};
static const char *const status_names[] = {"NEW", "OLD", "SHR", "MOD"};
static const char *const disp_names[] = {"DELETE", "KEEP", "PASS", "CATLG", "UNCATLG"};

static void add_step_ref(kr_buf *b, const kr_jcl_job *job, size_t i)
{
    const kr_jcl_step *s = job->steps[i];
    kr_buf_addf(b, "%s%s%s", s->name ? s->name : "", s->procstep ? "." : "",
                s->procstep ? s->procstep : "");
}

static void add_cond(kr_buf *b, const kr_jcl_job *job, const kr_jcl_cond *c)
{
    kr_buf_adds(b, "COND=(");
    for (size_t i = 0; i < c->n; i++) {
        kr_buf_addf(b, "%s(%d,%s", i ? "," : "", c->tests[i].code, op_names[c->tests[i].op]);
        if (c->tests[i].step != KR_JCL_ALL_STEPS) {
            kr_buf_addc(b, ',');
            add_step_ref(b, job, c->tests[i].step);
        }
        kr_buf_addc(b, ')');
    }
    if (c->mode != KR_JCL_COND_PLAIN)
        kr_buf_addf(b, "%s%s", c->n ? "," : "", c->mode == KR_JCL_COND_EVEN ? "EVEN" : "ONLY");
    kr_buf_addc(b, ')');
}

static void add_expr(kr_buf *b, const kr_jcl_job *job, const kr_jcl_expr *e)
{
    switch (e->kind) {
    case KR_JCL_X_NOT:
        kr_buf_adds(b, "NOT ");
        add_expr(b, job, e->a);
        return;
    case KR_JCL_X_AND:
    case KR_JCL_X_OR:
        kr_buf_addc(b, '(');
        add_expr(b, job, e->a);
        kr_buf_adds(b, e->kind == KR_JCL_X_AND ? " AND " : " OR ");
        add_expr(b, job, e->b);
        kr_buf_addc(b, ')');
        return;
    default:
        break;
    }
    if (e->step != KR_JCL_ALL_STEPS) {
        add_step_ref(b, job, e->step);
        kr_buf_addc(b, '.');
    }
    switch (e->kind) {
    case KR_JCL_X_RC: kr_buf_addf(b, "RC %s %d", op_names[e->op], e->value); break;
    case KR_JCL_X_ABEND: kr_buf_adds(b, "ABEND"); break;
    case KR_JCL_X_ABENDCC: kr_buf_addf(b, "ABENDCC %s %s", op_names[e->op], e->abendcc); break;
    case KR_JCL_X_RUN: kr_buf_adds(b, "RUN"); break;
    default: break;
    }
}

static void add_dd(kr_buf *b, const kr_jcl_dd *dd, const char *lead)
{
    kr_buf_addf(b, "%s%-8s", lead, dd->name ? dd->name : "");
    switch (dd->kind) {
    case KR_JCL_DD_DATASET:
        if (dd->dsn)
            kr_buf_addf(b, " DSN=%s%s", dd->temporary ? "&&" : "", dd->dsn);
        else
            kr_buf_adds(b, " (temporary, unnamed)");
        if (dd->has_gen)
            kr_buf_addf(b, "(%s%d)", dd->gen > 0 ? "+" : "", dd->gen);
        kr_buf_addf(b, " DISP=(%s,%s,%s)", status_names[dd->status], disp_names[dd->normal],
                    disp_names[dd->abnormal]);
        break;
    case KR_JCL_DD_INSTREAM:
        kr_buf_addf(b, " in-stream, %zu bytes", dd->data_len);
        if (dd->dlm)
            kr_buf_addf(b, " DLM=%s", dd->dlm);
        break;
    case KR_JCL_DD_DUMMY: kr_buf_adds(b, " DUMMY"); break;
    case KR_JCL_DD_SYSOUT: kr_buf_addf(b, " SYSOUT=%s", dd->sysout); break;
    }
    if (dd->layout)
        kr_buf_addf(b, " LAYOUT=%s", dd->layout);
    if (dd->lrecl)
        kr_buf_addf(b, " LRECL=%ld", dd->lrecl);
    if (dd->recfm)
        kr_buf_addf(b, " RECFM=%s", dd->recfm);
    kr_buf_addf(b, "  (line %d)\n", dd->line);
    if (dd->kind == KR_JCL_DD_INSTREAM) {
        const char *p = dd->data, *end = dd->data + dd->data_len;
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
            kr_buf_addf(b, "%*s| %.*s\n", (int)strspn(lead, " ") + 6, "", (int)n, p);
            p += n + 1;
        }
    }
}

static void add_nodes(kr_buf *b, const kr_jcl_job *job, const kr_jcl_nodes *l, int depth)
{
    char lead[64];
    snprintf(lead, sizeof lead, "%*s", depth * 2, "");
    for (size_t i = 0; i < l->n; i++) {
        const kr_jcl_node *n = &l->v[i];
        if (n->kind == KR_JCL_NODE_IF) {
            kr_buf_addf(b, "%sIF ", lead);
            add_expr(b, job, n->expr);
            kr_buf_addf(b, " THEN  (%s line %d)\n", n->if_name ? n->if_name : "", n->line);
            add_nodes(b, job, &n->then_nodes, depth + 1);
            if (n->else_nodes.n) {
                kr_buf_addf(b, "%sELSE\n", lead);
                add_nodes(b, job, &n->else_nodes, depth + 1);
            }
            kr_buf_addf(b, "%sENDIF\n", lead);
            continue;
        }
        const kr_jcl_step *s = n->step;
        kr_buf_addf(b, "%sSTEP %zu ", lead, s->index + 1);
        add_step_ref(b, job, s->index);
        kr_buf_addf(b, " PGM=%s", s->pgm);
        if (s->proc)
            kr_buf_addf(b, " (procedure %s)", s->proc);
        if (s->parm)
            kr_buf_addf(b, " PARM='%s'", s->parm);
        if (s->cond.n || s->cond.mode != KR_JCL_COND_PLAIN) {
            kr_buf_addc(b, ' ');
            add_cond(b, job, &s->cond);
        }
        if (s->region)
            kr_buf_addf(b, " REGION=%s", s->region);
        if (s->time)
            kr_buf_addf(b, " TIME=%s", s->time);
        if (s->partitions)
            kr_buf_addf(b, " PARTITIONS=%d", s->partitions);
        if (s->cores)
            kr_buf_addf(b, " CORES=%d", s->cores);
        kr_buf_addf(b, "  (%s line %d)\n", s->source, s->line);
        char ddlead[72];
        snprintf(ddlead, sizeof ddlead, "%s  DD ", lead);
        char catlead[72];
        snprintf(catlead, sizeof catlead, "%s   + ", lead);
        for (size_t k = 0; k < s->n_dds; k++) {
            add_dd(b, &s->dds[k], ddlead);
            for (size_t c = 0; c < s->dds[k].n_concat; c++)
                add_dd(b, &s->dds[k].concat[c], catlead);
        }
    }
}

static void add_job(kr_buf *b, const kr_jcl_job *job)
{
    kr_buf_addf(b, "JOB %s  (%s)\n", job->name, job->path);
    if (job->cond.n) {
        kr_buf_adds(b, "  ");
        add_cond(b, job, &job->cond);
        kr_buf_addc(b, '\n');
    }
    const struct {
        const char *key, *value;
    } kept[] = {{"RESTART", job->restart},   {"SCHEDULE", job->schedule},
                {"CALENDAR", job->calendar}, {"CLASS", job->jobclass},
                {"MSGCLASS", job->msgclass}, {"MSGLEVEL", job->msglevel},
                {"NOTIFY", job->notify},     {"REGION", job->region},
                {"TIME", job->time}};
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
        if (kept[i].value)
            kr_buf_addf(b, "  %s=%s\n", kept[i].key, kept[i].value);
    for (size_t i = 0; i < job->n_symbols; i++)
        kr_buf_addf(b, "  SYMBOL &%s = '%s'\n", job->symbols[i].name, job->symbols[i].value);
    for (size_t i = 1; i < job->n_sources; i++)
        kr_buf_addf(b, "  PROCEDURE FILE %s\n", job->sources[i]);
    add_nodes(b, job, &job->nodes, 0);
    size_t dds = 0;
    for (size_t i = 0; i < job->n_steps; i++)
        dds += job->steps[i]->n_dds;
    kr_buf_addf(b, "KRK1100I job %s: %zu step%s, %zu DD statement%s\n", job->name, job->n_steps,
                job->n_steps == 1 ? "" : "s", dds, dds == 1 ? "" : "s");
}

int cmd_jcl(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return KR_RC_OK;
    }
    if (argc < 2 || strcmp(argv[1], "check") != 0)
        return cmd_usage_error("jcl", "the subcommand is check");
    const char **dirs = kr_xcalloc((size_t)argc, sizeof *dirs);
    const char **syms = kr_xcalloc((size_t)argc, sizeof *syms);
    size_t n_dirs = 0, n_syms = 0;
    const char *file = NULL;
    int rc = KR_RC_OK;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--procs") == 0 && i + 1 < argc)
            dirs[n_dirs++] = argv[++i];
        else if (argv[i][0] == '-') {
            rc = cmd_usage_error("jcl", "unknown option '%s'", argv[i]);
        } else if (!file)
            file = argv[i];
        else if (strchr(argv[i], '='))
            syms[n_syms++] = argv[i];
        else
            rc = cmd_usage_error("jcl", "'%s' is no NAME=VALUE", argv[i]);
    }
    if (rc == KR_RC_OK && !file)
        rc = cmd_usage_error("jcl", "the job's FILE is missing");
    if (rc != KR_RC_OK) {
        free(dirs);
        free(syms);
        return rc;
    }
    kr_jcl_parse_opts o = {dirs, n_dirs, syms, n_syms};
    kr_diags d;
    kr_diags_init(&d);
    kr_jcl_job *job = kr_jcl_parse(file, &o, &d);
    kr_diags_print(&d, stderr);
    rc = d.rc;
    if (job) {
        kr_buf b;
        kr_buf_init(&b);
        add_job(&b, job);
        int wrc = cmd_write_stdout(b.data, b.len);
        if (wrc > rc)
            rc = wrc;
        kr_buf_free(&b);
        kr_jcl_free(job);
    }
    kr_diags_free(&d);
    free(dirs);
    free(syms);
    return rc;
}
