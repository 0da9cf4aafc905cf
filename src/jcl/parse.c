/* parse.c: JCL statements to a job tree. The job's statements in order: JOB first, SET,
 * EXEC (of a program, or of a procedure whose steps are expanded in place with their own
 * symbols), DD (with in-stream data and concatenations), IF/ELSE/ENDIF (nested up to 15
 * levels), in-stream PROC ... PEND, and the null statement that ends the job. Every problem
 * is reported with its place and the parse goes on, so that one run lists them all. */
#include "jcl_build.h"

#include <ctype.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

static void err_at(jcl_build *b, const char *id, jcl_pos at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void err_at(jcl_build *b, const char *id, jcl_pos at, const char *fmt, ...)
{
    char msg[640];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    jcl_report(b->diags, &b->errors, KR_RC_ENV, id, b->path, at, "%s", msg);
}

static jcl_pos name_pos(const jcl_stmt *st)
{
    return (jcl_pos){st->line, st->name ? st->name_col : 3};
}

static jcl_pos op_pos(const jcl_stmt *st)
{
    return (jcl_pos){st->line, st->op_col};
}

static kr_jcl_node *node_add(kr_jcl_nodes *l, kr_jcl_node_kind kind, const jcl_stmt *st,
                             const char *source)
{
    KR_GROW(l->v, l->cap, l->n + 1);
    kr_jcl_node *n = &l->v[l->n++];
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->line = st->line;
    n->source = source;
    return n;
}

static char *raw_value(const jcl_text *t, const jcl_val *v)
{
    if (v->kind == JCL_V_STRING)
        return kr_xstrdup(v->text);
    return kr_xstrndup(t->text + v->vstart, v->vend - v->vstart);
}

static bool check_name(jcl_build *b, const jcl_stmt *st, const char *what)
{
    if (!st->name)
        return true;
    if (!jcl_is_name(st->name, strlen(st->name))) {
        err_at(b, "KRK1101E", name_pos(st), "'%s' is no valid %s name (1-8 letters, digits, "
               "@ # $, not starting with a digit)", st->name, what);
        return false;
    }
    return true;
}

/* The job's own copy of a source file's name (steps and DDs point at it). */
static const char *source_name(const jcl_build *b, const char *path)
{
    for (size_t i = 0; i < b->job->n_sources; i++)
        if (strcmp(b->job->sources[i], path) == 0)
            return b->job->sources[i];
    return b->job->path;
}

/* ---- step references --------------------------------------------------------------------- */

typedef struct resolve_ctx {
    jcl_build *b;
    const jcl_scope *sc;
} resolve_ctx;

static bool same(const char *a, const char *b)
{
    return a && b ? strcmp(a, b) == 0 : a == b;
}

static bool resolve(void *ctx, const char *step, const char *procstep, size_t *index)
{
    resolve_ctx *rc = ctx;
    const kr_jcl_job *job = rc->b->job;
    if (rc->sc->call_name && !procstep) { /* a step of the same procedure call */
        for (size_t i = rc->sc->first_step; i < job->n_steps; i++)
            if (same(job->steps[i]->procstep, step)) {
                *index = i;
                return true;
            }
        return false;
    }
    for (size_t i = 0; i < job->n_steps; i++)
        if (same(job->steps[i]->name, step) && same(job->steps[i]->procstep, procstep)) {
            *index = i;
            return true;
        }
    return false;
}

const kr_jcl_step *kr_jcl_find_step(const kr_jcl_job *job, const char *ref)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%s", ref);
    for (char *p = buf; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    char *dot = strchr(buf, '.');
    if (dot)
        *dot++ = '\0';
    for (size_t i = 0; i < job->n_steps; i++)
        if (same(job->steps[i]->name, buf) && same(job->steps[i]->procstep, dot))
            return job->steps[i];
    return NULL;
}

/* ---- JOB and SET -------------------------------------------------------------------------- */

static char *one_word(jcl_build *b, const jcl_text *t, const jcl_val *v, const char *key)
{
    if (v->kind == JCL_V_LIST || v->kind == JCL_V_EMPTY) {
        err_at(b, "KRK1106E", v->vpos, "%s= takes one value", key);
        return NULL;
    }
    return raw_value(t, v);
}

static void handle_job(jcl_build *b, const jcl_stmt *st, const jcl_val *ops)
{
    kr_jcl_job *job = b->job;
    if (!st->name)
        err_at(b, "KRK1108E", name_pos(st), "the JOB statement needs a job name in column 3");
    else if (check_name(b, st, "job"))
        job->name = kr_xstrdup(st->name);
    jcl_resolver none = {resolve, NULL};
    (void)none;
    for (size_t i = 0; i < ops->n; i++) {
        const jcl_val *v = &ops->items[i];
        if (!v->key)
            continue; /* accounting information and the programmer's name */
        const char *k = v->key;
        char **slot = NULL;
        if (strcmp(k, "COND") == 0) {
            jcl_parse_cond(v, true, NULL, b->path, &job->cond, b->diags, &b->errors);
            continue;
        } else if (strcmp(k, "RESTART") == 0) {
            const jcl_val *s = v->kind == JCL_V_LIST && v->n ? &v->items[0] : v;
            if (s->kind != JCL_V_WORD) {
                err_at(b, "KRK1106E", v->vpos, "RESTART= names a step: STEP or STEP.PROCSTEP");
                continue;
            }
            free(job->restart);
            job->restart = kr_xstrdup(s->text);
            b->restart_pos = s->vpos;
            continue;
        } else if (strcmp(k, "SCHEDULE") == 0) {
            slot = &job->schedule;
            job->schedule_line = v->vpos.line;
            job->schedule_col = v->vpos.col + (v->kind == JCL_V_STRING);
        } else if (strcmp(k, "CALENDAR") == 0) {
            slot = &job->calendar;
        } else if (strcmp(k, "CLASS") == 0) {
            slot = &job->jobclass;
        } else if (strcmp(k, "MSGCLASS") == 0) {
            slot = &job->msgclass;
        } else if (strcmp(k, "MSGLEVEL") == 0) {
            slot = &job->msglevel;
        } else if (strcmp(k, "NOTIFY") == 0) {
            slot = &job->notify;
        } else if (strcmp(k, "REGION") == 0) {
            slot = &job->region;
        } else if (strcmp(k, "TIME") == 0) {
            slot = &job->time;
        } else {
            err_at(b, "KRK1105E", v->pos, "%s= is not a JOB keyword kiroku knows (COND, RESTART, "
                   "SCHEDULE, CALENDAR, CLASS, MSGCLASS, MSGLEVEL, NOTIFY, REGION, TIME)", k);
            continue;
        }
        free(*slot);
        *slot = raw_value(&st->operands, v);
    }
}

static void handle_set(jcl_build *b, const jcl_scope *sc, const jcl_stmt *st, const jcl_val *ops)
{
    if (ops->n == 0)
        err_at(b, "KRK1106E", op_pos(st), "SET needs NAME=value");
    for (size_t i = 0; i < ops->n; i++) {
        const jcl_val *v = &ops->items[i];
        if (!v->key || !jcl_is_name(v->key, strlen(v->key))) {
            err_at(b, "KRK1107E", v->pos, "SET assigns symbols: NAME=value, NAME 1-8 letters, "
                   "digits, @ # $");
            continue;
        }
        char *value = v->kind == JCL_V_EMPTY ? kr_xstrdup("") : raw_value(&st->operands, v);
        jcl_sym_set(sc->syms, v->key, value);
        free(value);
    }
}

/* ---- EXEC -------------------------------------------------------------------------------- */

static bool parse_count(const jcl_val *v, int *out)
{
    char *end;
    long n = v->kind == JCL_V_WORD ? strtol(v->text, &end, 10) : 0;
    if (v->kind != JCL_V_WORD || *end || n < 1 || n > 4096)
        return false;
    *out = (int)n;
    return true;
}

/* Applies one EXEC keyword (PARM, COND, REGION, TIME, PARTITIONS, CORES) to a step; false
 * when the key is none of them. */
static bool exec_keyword(jcl_build *b, const jcl_scope *sc, kr_jcl_step *s, const char *key,
                         const jcl_text *t, const jcl_val *v)
{
    resolve_ctx rc = {b, sc};
    jcl_resolver r = {resolve, &rc};
    if (strcmp(key, "PARM") == 0) {
        free(s->parm);
        s->parm = v->kind == JCL_V_EMPTY ? NULL : raw_value(t, v);
        if (v->kind == JCL_V_LIST && s->parm) { /* PARM=(A,B) passes A,B */
            size_t n = strlen(s->parm);
            memmove(s->parm, s->parm + 1, n - 2);
            s->parm[n - 2] = '\0';
        }
    } else if (strcmp(key, "COND") == 0) {
        jcl_parse_cond(v, false, &r, b->path, &s->cond, b->diags, &b->errors);
    } else if (strcmp(key, "REGION") == 0) {
        free(s->region);
        s->region = one_word(b, t, v, key);
    } else if (strcmp(key, "TIME") == 0) {
        free(s->time);
        s->time = raw_value(t, v);
    } else if (strcmp(key, "PARTITIONS") == 0 || strcmp(key, "CORES") == 0) {
        int *slot = key[0] == 'P' ? &s->partitions : &s->cores;
        if (!parse_count(v, slot))
            err_at(b, "KRK1106E", v->vpos, "%s= is a number from 1 to 4096", key);
    } else {
        return false;
    }
    return true;
}

static void add_step(jcl_build *b, jcl_scope *sc, kr_jcl_step *s, const jcl_stmt *st,
                     kr_jcl_nodes *cur)
{
    kr_jcl_job *job = b->job;
    for (size_t i = 0; i < job->n_steps; i++)
        if (s->name && same(job->steps[i]->name, s->name) &&
            same(job->steps[i]->procstep, s->procstep)) {
            err_at(b, "KRK1108E", name_pos(st), "the step name %s%s%s is used twice (first on "
                   "line %d)", s->name, s->procstep ? "." : "", s->procstep ? s->procstep : "",
                   job->steps[i]->line);
            break;
        }
    size_t cap = job->n_steps;
    kr_grow((void **)&job->steps, &cap, job->n_steps + 1, sizeof *job->steps);
    s->index = job->n_steps;
    job->steps[job->n_steps++] = s;
    kr_jcl_node *n = node_add(cur, KR_JCL_NODE_STEP, st, s->source);
    n->step = s;
    sc->n_steps++;
    b->step = s;
}

static void make_step(jcl_build *b, jcl_scope *sc, const jcl_stmt *st, const jcl_val *ops,
                      kr_jcl_nodes *cur)
{
    kr_jcl_step *s = kr_xcalloc(1, sizeof *s);
    s->source = source_name(b, sc->src->path);
    s->line = st->line;
    check_name(b, st, "step");
    if (sc->call_name) {
        s->name = kr_xstrdup(sc->call_name);
        s->procstep = st->name ? kr_xstrdup(st->name) : NULL;
        s->proc = kr_xstrdup(sc->proc_name);
    } else {
        s->name = st->name ? kr_xstrdup(st->name) : NULL;
    }
    for (size_t i = 0; i < ops->n; i++) {
        const jcl_val *v = &ops->items[i];
        if (v->key && strcmp(v->key, "PGM") == 0) {
            if (v->kind != JCL_V_WORD || !jcl_is_name(v->text, strlen(v->text)))
                err_at(b, "KRK1106E", v->vpos, "PGM= names a program (1-8 letters, digits, "
                       "@ # $)");
            else {
                s->pgm = kr_xstrdup(v->text);
                for (char *p = s->pgm; *p; p++)
                    *p = (char)toupper((unsigned char)*p);
            }
        } else if (!v->key || !exec_keyword(b, sc, s, v->key, &st->operands, v)) {
            err_at(b, "KRK1105E", v->key ? v->pos : v->vpos, "%s%s is not an EXEC PGM= keyword "
                   "(PGM, PARM, COND, REGION, TIME, PARTITIONS, CORES)", v->key ? v->key : "a "
                   "positional operand", v->key ? "=" : "");
        }
    }
    if (sc->call_name) { /* the calling EXEC's PARM.x=, COND.x=, ... and unqualified ones */
        const jcl_val *cops = sc->call_ops;
        for (size_t i = 0; i < cops->n; i++) {
            const jcl_val *v = &cops->items[i];
            if (!v->key)
                continue;
            const char *dot = strchr(v->key, '.');
            char key[16];
            snprintf(key, sizeof key, "%.*s", dot ? (int)(dot - v->key) : (int)strlen(v->key),
                     v->key);
            bool qualified = dot != NULL;
            if (qualified && !same(dot + 1, s->procstep))
                continue;
            if (!qualified && strcmp(key, "PARM") == 0 && sc->n_steps > 0) {
                free(s->parm); /* an unqualified PARM= goes to the first step only */
                s->parm = NULL;
                continue;
            }
            jcl_scope outer = *sc;
            outer.call_name = NULL; /* COND= of the call names job steps */
            if (exec_keyword(b, &outer, s, key, sc->call_text, v))
                sc->call_used[i] = true;
        }
    }
    if (!s->pgm)
        err_at(b, "KRK1106E", op_pos(st), "EXEC needs PGM=program or a procedure name");
    add_step(b, sc, s, st, cur);
}

/* ---- procedures --------------------------------------------------------------------------- */

static void run_stream(jcl_build *b, jcl_reader *r, jcl_scope *sc, kr_jcl_nodes *target);

/* The operation word of a line ("PEND" for "// PEND"), for finding a procedure's end. */
static bool line_is(const jcl_line *l, const char *op)
{
    if (l->len < 3 || l->s[0] != '/' || l->s[1] != '/' || l->s[2] == '*')
        return false;
    size_t k = 2;
    while (k < l->len && l->s[k] != ' ')
        k++;
    while (k < l->len && l->s[k] == ' ')
        k++;
    size_t n = strlen(op);
    return k + n <= l->len && strncasecmp(l->s + k, op, n) == 0 &&
           (k + n == l->len || l->s[k + n] == ' ');
}

static void define_proc(jcl_build *b, jcl_reader *r, jcl_stmt *st)
{
    if (!st->name) {
        err_at(b, "KRK1111E", name_pos(st), "an in-stream PROC needs a name in column 3");
    } else {
        check_name(b, st, "procedure");
        for (size_t i = 0; i < b->n_procs; i++)
            if (strcmp(b->procs[i].name, st->name) == 0)
                err_at(b, "KRK1111E", name_pos(st), "the procedure %s is defined twice", st->name);
    }
    size_t first = r->next, end = first;
    while (end < r->end && !line_is(&r->src->lines[end], "PEND"))
        end++;
    if (end >= r->end) {
        err_at(b, "KRK1111E", op_pos(st), "the in-stream procedure has no // PEND");
        r->next = r->end;
        return;
    }
    r->next = end + 1;
    if (!st->name)
        return;
    KR_GROW(b->procs, b->cap_procs, b->n_procs + 1);
    jcl_proc *p = &b->procs[b->n_procs++];
    p->name = kr_xstrdup(st->name);
    p->src = r->src;
    p->proc_stmt = *st;
    memset(st, 0, sizeof *st);
    p->first = first;
    p->end = end;
}

/* Finds a cataloged procedure: procs/NAME.jcl beside the job, then the caller's directories. */
static char *find_proc_file(jcl_build *b, const char *name, kr_buf *looked)
{
    char *dup = kr_xstrdup(b->job->path);
    char *dir = kr_xstrdup(dirname(dup));
    free(dup);
    size_t n = 1 + (b->opts ? b->opts->n_proc_dirs : 0);
    char *found = NULL;
    for (size_t i = 0; i < n && !found; i++) {
        char *cand = i == 0 ? kr_xasprintf("%s/procs/%s.jcl", dir, name)
                            : kr_xasprintf("%s/%s.jcl", b->opts->proc_dirs[i - 1], name);
        if (kr_is_file(cand))
            found = cand;
        else {
            kr_buf_addf(looked, "%s%s", looked->len ? ", " : "", cand);
            free(cand);
        }
    }
    free(dir);
    return found;
}

static const jcl_proc *load_proc(jcl_build *b, const char *name, jcl_pos at)
{
    for (size_t i = 0; i < b->n_procs; i++)
        if (strcmp(b->procs[i].name, name) == 0)
            return &b->procs[i];
    kr_buf looked;
    kr_buf_init(&looked);
    char *path = find_proc_file(b, name, &looked);
    if (!path) {
        err_at(b, "KRK1111E", at, "the procedure %s is neither in-stream nor found (looked for %s)",
               name, looked.data ? looked.data : "");
        kr_buf_free(&looked);
        return NULL;
    }
    kr_buf_free(&looked);
    jcl_src *src = kr_xcalloc(1, sizeof *src);
    if (!jcl_src_load(src, path, b->diags)) {
        b->errors++;
        free(src);
        free(path);
        return NULL;
    }
    free(path);
    KR_GROW(b->srcs, b->cap_srcs, b->n_srcs + 1);
    b->srcs[b->n_srcs++] = src;
    size_t cap = b->job->n_sources;
    kr_grow((void **)&b->job->sources, &cap, b->job->n_sources + 1, sizeof(char *));
    b->job->sources[b->job->n_sources++] = kr_xstrdup(src->path);
    /* the file's own PROC statement (optional) gives the defaults */
    KR_GROW(b->procs, b->cap_procs, b->n_procs + 1);
    jcl_proc *p = &b->procs[b->n_procs++];
    memset(p, 0, sizeof *p);
    p->name = kr_xstrdup(name);
    p->src = src;
    p->first = 0;
    p->end = src->n_lines;
    jcl_reader r = {src, 0, src->n_lines, b->diags, &b->errors};
    jcl_stmt st;
    const char *saved = b->path;
    b->path = src->path;
    while (jcl_next_stmt(&r, &st)) {
        if (st.op && strcmp(st.op, "PROC") == 0) {
            p->proc_stmt = st;
            p->first = r.next;
        } else {
            jcl_stmt_free(&st);
        }
        break;
    }
    b->path = saved;
    return p;
}

static bool is_exec_keyword(const char *k)
{
    static const char *const words[] = {"PGM", "PROC", "PARM", "COND", "REGION", "TIME",
                                        "PARTITIONS", "CORES"};
    char base[16];
    const char *dot = strchr(k, '.');
    snprintf(base, sizeof base, "%.*s", dot ? (int)(dot - k) : (int)strlen(k), k);
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(base, words[i]) == 0)
            return true;
    return false;
}

static void call_proc(jcl_build *b, jcl_scope *sc, const jcl_stmt *st, const jcl_val *ops,
                      const jcl_val *pv, kr_jcl_nodes *cur)
{
    if (sc->call_name) {
        err_at(b, "KRK1111E", pv->vpos, "a procedure calls the procedure %s: nested procedures "
               "are not supported", pv->text);
        return;
    }
    if (!st->name) {
        err_at(b, "KRK1108E", name_pos(st), "an EXEC of a procedure needs a step name");
        return;
    }
    check_name(b, st, "step");
    char *name = kr_xstrdup(pv->text);
    for (char *p = name; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    const jcl_proc *proc = load_proc(b, name, pv->vpos);
    if (!proc) {
        free(name);
        return;
    }
    /* symbols: the job's, then the PROC's defaults, then the EXEC's overrides */
    jcl_symtab syms;
    memset(&syms, 0, sizeof syms);
    jcl_sym_copy(&syms, sc->syms);
    const char *saved = b->path;
    if (proc->proc_stmt.op) {
        b->path = proc->src->path;
        jcl_text t;
        memset(&t, 0, sizeof t);
        for (size_t i = 0; i < proc->proc_stmt.operands.len; i++)
            jcl_text_add(&t, proc->proc_stmt.operands.text[i], proc->proc_stmt.operands.pos[i]);
        jcl_substitute(&t, sc->syms, b->path, b->diags, &b->errors);
        jcl_val defs;
        if (jcl_operands(&t, b->path, &defs, b->diags, &b->errors))
            for (size_t i = 0; i < defs.n; i++) {
                const jcl_val *v = &defs.items[i];
                if (!v->key || !jcl_is_name(v->key, strlen(v->key))) {
                    err_at(b, "KRK1107E", v->pos, "a PROC statement gives symbols: NAME=default");
                    continue;
                }
                char *value = v->kind == JCL_V_EMPTY ? kr_xstrdup("") : raw_value(&t, v);
                jcl_sym_set(&syms, v->key, value);
                free(value);
            }
        jcl_val_free(&defs);
        jcl_text_free(&t);
        b->path = saved;
    }
    for (size_t i = 0; i < ops->n; i++) {
        const jcl_val *v = &ops->items[i];
        if (!v->key || is_exec_keyword(v->key))
            continue;
        if (!jcl_is_name(v->key, strlen(v->key))) {
            err_at(b, "KRK1105E", v->pos, "%s= is no EXEC keyword and no symbol name", v->key);
            continue;
        }
        char *value = v->kind == JCL_V_EMPTY ? kr_xstrdup("") : raw_value(&st->operands, v);
        jcl_sym_set(&syms, v->key, value);
        free(value);
    }
    jcl_scope inner = {.src = proc->src, .syms = &syms, .call_name = st->name,
                       .proc_name = name, .first_step = b->job->n_steps, .call_ops = ops,
                       .call_text = &st->operands};
    inner.call_used = kr_xcalloc(ops->n + 1, sizeof(bool));
    jcl_reader r = {proc->src, proc->first, proc->end, b->diags, &b->errors};
    b->path = proc->src->path;
    run_stream(b, &r, &inner, cur);
    b->path = saved;
    for (size_t i = 0; i < ops->n; i++) {
        const jcl_val *v = &ops->items[i];
        if (v->key && strchr(v->key, '.') && is_exec_keyword(v->key) && !inner.call_used[i])
            err_at(b, "KRK1111E", v->pos, "%s names no step of the procedure %s", v->key, name);
    }
    if (inner.n_steps == 0)
        err_at(b, "KRK1111E", pv->vpos, "the procedure %s has no EXEC statement", name);
    b->step = inner.n_steps ? b->job->steps[inner.first_step] : NULL;
    b->step_is_call = inner.n_steps > 0;
    b->call_first = inner.first_step;
    free(inner.call_used);
    free(name);
    jcl_sym_free(&syms);
}

static void handle_exec(jcl_build *b, jcl_scope *sc, const jcl_stmt *st, const jcl_val *ops,
                        kr_jcl_nodes *cur)
{
    b->step_is_call = false;
    const jcl_val *proc = NULL;
    bool pgm = false;
    for (size_t i = 0; i < ops->n; i++) {
        const jcl_val *v = &ops->items[i];
        if (v->key && strcmp(v->key, "PGM") == 0)
            pgm = true;
        else if (v->key && strcmp(v->key, "PROC") == 0)
            proc = v;
        else if (i == 0 && !v->key && v->kind == JCL_V_WORD)
            proc = v;
    }
    if (proc && !pgm) {
        if (proc->kind != JCL_V_WORD || !jcl_is_name(proc->text, strlen(proc->text))) {
            err_at(b, "KRK1106E", proc->vpos, "a procedure name has 1-8 letters, digits, @ # $");
            return;
        }
        call_proc(b, sc, st, ops, proc, cur);
        return;
    }
    make_step(b, sc, st, ops, cur);
}

/* ---- DD ---------------------------------------------------------------------------------- */

static kr_jcl_step *dd_target(jcl_build *b, const jcl_stmt *st, char **ddname)
{
    const char *name = st->name;
    const char *dot = name ? strchr(name, '.') : NULL;
    if (!dot) {
        *ddname = name ? kr_xstrdup(name) : NULL;
        if (name && !jcl_is_name(name, strlen(name)))
            err_at(b, "KRK1101E", name_pos(st), "'%s' is no valid ddname", name);
        return b->step;
    }
    *ddname = kr_xstrdup(dot + 1);
    if (!jcl_is_name(dot + 1, strlen(dot + 1)))
        err_at(b, "KRK1101E", name_pos(st), "'%s' is no valid ddname", dot + 1);
    if (!b->step_is_call) {
        err_at(b, "KRK1108E", name_pos(st), "%s: a procstep.ddname DD follows an EXEC of a "
               "procedure", name);
        return NULL;
    }
    for (size_t i = b->call_first; i < b->job->n_steps; i++) {
        kr_jcl_step *s = b->job->steps[i];
        if (s->procstep && strncmp(s->procstep, name, (size_t)(dot - name)) == 0 &&
            s->procstep[dot - name] == '\0') {
            for (size_t k = 0; k < s->n_dds; k++)
                if (strcmp(s->dds[k].name, *ddname) == 0) {
                    err_at(b, "KRK1111E", name_pos(st), "%s overrides a DD statement of the "
                           "procedure: overrides are not supported yet (add DD statements "
                           "under new names, or change the procedure)", name);
                    return NULL;
                }
            return s;
        }
    }
    err_at(b, "KRK1111E", name_pos(st), "%s names no step of the procedure", name);
    return NULL;
}

static void dd_free(kr_jcl_dd *dd)
{
    free(dd->name);
    free(dd->dsn);
    free(dd->sysout);
    free(dd->layout);
    free(dd->recfm);
    free(dd->data);
    free(dd->dlm);
    for (size_t i = 0; i < dd->n_concat; i++)
        dd_free(&dd->concat[i]);
    free(dd->concat);
}

static void handle_dd(jcl_build *b, jcl_reader *r, const jcl_stmt *st, const jcl_val *ops)
{
    kr_jcl_dd dd;
    memset(&dd, 0, sizeof dd);
    dd.line = st->line;
    dd.source = source_name(b, r->src->path);
    bool ok = jcl_build_dd(b, ops, &dd);
    if (dd.kind == KR_JCL_DD_INSTREAM) {
        bool is_data = ops->n && ops->items[0].text && ops->items[0].text[0] != '*';
        kr_buf data;
        kr_buf_init(&data);
        jcl_read_data(r, dd.dlm, !is_data, &data);
        dd.data_len = data.len;
        dd.data = kr_buf_take(&data);
    }
    kr_jcl_step *s = NULL;
    if (!b->step) {
        err_at(b, "KRK1108E", op_pos(st), "a DD statement before the first EXEC");
    } else {
        s = dd_target(b, st, &dd.name);
    }
    if (!s || !ok) {
        dd_free(&dd);
        return;
    }
    if (!dd.name) {
        if (s->n_dds == 0) {
            err_at(b, "KRK1108E", op_pos(st), "a DD statement without a name continues a "
                   "concatenation: it follows a named DD statement");
            dd_free(&dd);
            return;
        }
        kr_jcl_dd *head = &s->dds[s->n_dds - 1];
        size_t cap = head->n_concat;
        kr_grow((void **)&head->concat, &cap, head->n_concat + 1, sizeof *head->concat);
        head->concat[head->n_concat++] = dd;
        return;
    }
    for (size_t k = 0; k < s->n_dds; k++)
        if (strcmp(s->dds[k].name, dd.name) == 0) {
            err_at(b, "KRK1108E", name_pos(st), "the ddname %s is used twice in the step (first "
                   "on line %d)", dd.name, s->dds[k].line);
            dd_free(&dd);
            return;
        }
    size_t cap = s->n_dds;
    kr_grow((void **)&s->dds, &cap, s->n_dds + 1, sizeof *s->dds);
    s->dds[s->n_dds++] = dd;
}

/* ---- the statement stream ----------------------------------------------------------------- */

typedef struct if_frame {
    kr_jcl_node *node;
    bool in_else;
    size_t steps_at_open;
    jcl_pos pos;
} if_frame;

static kr_jcl_nodes *current(kr_jcl_nodes *target, if_frame *stack, int depth)
{
    if (depth == 0)
        return target;
    if_frame *f = &stack[depth - 1];
    return f->in_else ? &f->node->else_nodes : &f->node->then_nodes;
}

static void handle_if(jcl_build *b, jcl_scope *sc, const jcl_stmt *st, if_frame *stack,
                      int *depth, kr_jcl_nodes *cur)
{
    if (*depth >= KR_JCL_MAX_IF_DEPTH) {
        err_at(b, "KRK1109E", op_pos(st), "IF constructs nest at most 15 deep");
        return;
    }
    resolve_ctx rc = {b, sc};
    jcl_resolver r = {resolve, &rc};
    bool tests_abend = false;
    kr_jcl_expr *e = jcl_parse_expr(&st->operands, &r, b->path, &tests_abend, b->diags,
                                    &b->errors);
    check_name(b, st, "IF statement");
    kr_jcl_node *n = node_add(cur, KR_JCL_NODE_IF, st, source_name(b, sc->src->path));
    n->expr = e;
    n->tests_abend = tests_abend;
    n->if_name = st->name ? kr_xstrdup(st->name) : NULL;
    stack[(*depth)++] = (if_frame){n, false, b->job->n_steps, op_pos(st)};
}

static void run_stream(jcl_build *b, jcl_reader *r, jcl_scope *sc, kr_jcl_nodes *target)
{
    if_frame stack[KR_JCL_MAX_IF_DEPTH];
    int depth = 0;
    bool in_job = sc->call_name == NULL;
    jcl_stmt st;
    while (!b->ended && jcl_next_stmt(r, &st)) {
        kr_jcl_nodes *cur = current(target, stack, depth);
        if (!st.op) {
            if (in_job)
                b->ended = true; /* the null statement ends the job */
            jcl_stmt_free(&st);
            break;
        }
        const char *op = st.op;
        bool is_job = strcmp(op, "JOB") == 0;
        if (in_job && !b->job->name && !is_job && b->job->n_steps == 0 &&
            !b->job->path[0]) { /* unreachable: path is always set */
        }
        if (is_job) {
            if (!in_job || b->job->nodes.n || b->job->name || b->job->n_steps)
                err_at(b, "KRK1108E", op_pos(&st), "a second JOB statement: one file holds one "
                       "job");
            jcl_substitute(&st.operands, sc->syms, b->path, b->diags, &b->errors);
            jcl_val ops;
            if (jcl_operands(&st.operands, b->path, &ops, b->diags, &b->errors))
                handle_job(b, &st, &ops);
            else if (st.name && !b->job->name)
                b->job->name = kr_xstrdup(st.name);
            jcl_val_free(&ops);
            jcl_stmt_free(&st);
            continue;
        }
        if (in_job && !b->job->name && b->errors == 0)
            err_at(b, "KRK1108E", op_pos(&st), "a job starts with its //name JOB statement");
        if (strcmp(op, "PROC") == 0) {
            if (in_job)
                define_proc(b, r, &st);
            else
                err_at(b, "KRK1111E", op_pos(&st), "a PROC statement inside a procedure");
            jcl_stmt_free(&st);
            continue;
        }
        if (strcmp(op, "PEND") == 0) {
            if (in_job)
                err_at(b, "KRK1111E", op_pos(&st), "PEND without its PROC statement");
            jcl_stmt_free(&st);
            if (!in_job)
                break;
            continue;
        }
        if (strcmp(op, "ELSE") == 0 || strcmp(op, "ENDIF") == 0) {
            if (depth == 0)
                err_at(b, "KRK1109E", op_pos(&st), "%s without its IF", op);
            else if (op[1] == 'L') {
                if (stack[depth - 1].in_else)
                    err_at(b, "KRK1109E", op_pos(&st), "a second ELSE for the IF on line %d",
                           stack[depth - 1].pos.line);
                stack[depth - 1].in_else = true;
            } else {
                if_frame *f = &stack[--depth];
                if (b->job->n_steps == f->steps_at_open)
                    err_at(b, "KRK1109E", f->pos, "the IF has no EXEC statement in its THEN or "
                           "ELSE clause");
            }
            jcl_stmt_free(&st);
            continue;
        }
        jcl_substitute(&st.operands, sc->syms, b->path, b->diags, &b->errors);
        if (strcmp(op, "IF") == 0) {
            handle_if(b, sc, &st, stack, &depth, cur);
            jcl_stmt_free(&st);
            continue;
        }
        jcl_val ops;
        bool parsed = jcl_operands(&st.operands, b->path, &ops, b->diags, &b->errors);
        if (strcmp(op, "DD") == 0) {
            if (parsed)
                handle_dd(b, r, &st, &ops);
            else { /* still skip its in-stream data */
                kr_buf skip;
                kr_buf_init(&skip);
                if (st.operands.len && (st.operands.text[0] == '*' ||
                                        strncasecmp(st.operands.text, "DATA", 4) == 0))
                    jcl_read_data(r, NULL, st.operands.text[0] == '*', &skip);
                kr_buf_free(&skip);
            }
        } else if (!parsed) {
            /* reported */
        } else if (strcmp(op, "EXEC") == 0) {
            handle_exec(b, sc, &st, &ops, cur);
        } else if (strcmp(op, "SET") == 0) {
            handle_set(b, sc, &st, &ops);
        } else {
            err_at(b, "KRK1101E", op_pos(&st), "'%s' is no JCL operation kiroku knows (JOB, "
                   "EXEC, DD, SET, IF, ELSE, ENDIF, PROC, PEND)", op);
        }
        jcl_val_free(&ops);
        jcl_stmt_free(&st);
    }
    while (depth > 0)
        err_at(b, "KRK1109E", stack[--depth].pos, "the IF has no ENDIF");
}

/* ---- entry points ------------------------------------------------------------------------- */

static void add_caller_symbols(jcl_build *b)
{
    if (!b->opts)
        return;
    for (size_t i = 0; i < b->opts->n_symbols; i++) {
        const char *s = b->opts->symbols[i];
        const char *eq = strchr(s, '=');
        char name[16];
        size_t n = eq ? (size_t)(eq - s) : 0;
        if (!eq || !jcl_is_name(s, n)) {
            kr_diags_add(b->diags, KR_RC_ENV, "KRK1107E", "symbol '%s' (given by the caller): "
                         "write NAME=VALUE, NAME 1-8 letters, digits, @ # $", s);
            b->errors++;
            continue;
        }
        for (size_t k = 0; k < n; k++)
            name[k] = (char)toupper((unsigned char)s[k]);
        name[n] = '\0';
        jcl_sym_set(&b->syms, name, eq + 1);
    }
}

static kr_jcl_job *parse_src(const jcl_src *src, const kr_jcl_parse_opts *o, kr_diags *diags)
{
    jcl_build b;
    memset(&b, 0, sizeof b);
    b.opts = o;
    b.diags = diags;
    b.path = src->path;
    b.job = kr_xcalloc(1, sizeof *b.job);
    b.job->path = kr_xstrdup(src->path);
    b.job->sources = kr_xcalloc(1, sizeof(char *));
    b.job->sources[0] = kr_xstrdup(src->path);
    b.job->n_sources = 1;
    add_caller_symbols(&b);
    jcl_scope sc = {.src = src, .syms = &b.syms};
    jcl_reader r = {src, 0, src->n_lines, diags, &b.errors};
    run_stream(&b, &r, &sc, &b.job->nodes);
    if (!b.job->name && b.errors == 0)
        err_at(&b, "KRK1108E", (jcl_pos){1, 1}, "no JOB statement: a job starts with //name JOB");
    if (b.job->restart && strcmp(b.job->restart, "*") != 0 &&
        !kr_jcl_find_step(b.job, b.job->restart)) {
        b.path = src->path;
        err_at(&b, "KRK1112E", b.restart_pos, "RESTART=%s names no step of the job",
               b.job->restart);
    }
    if (b.errors == 0 && b.job->n_steps == 0)
        err_at(&b, "KRK1108E", (jcl_pos){1, 1}, "the job has no EXEC statement");
    b.job->symbols = b.syms.v;
    b.job->n_symbols = b.syms.n;
    for (size_t i = 0; i < b.n_procs; i++) {
        free(b.procs[i].name);
        jcl_stmt_free(&b.procs[i].proc_stmt);
    }
    free(b.procs);
    for (size_t i = 0; i < b.n_srcs; i++) {
        jcl_src_free(b.srcs[i]);
        free(b.srcs[i]);
    }
    free(b.srcs);
    if (b.errors) {
        kr_jcl_free(b.job);
        return NULL;
    }
    return b.job;
}

kr_jcl_job *kr_jcl_parse_text(const char *text, size_t len, const char *path,
                              const kr_jcl_parse_opts *o, kr_diags *diags)
{
    jcl_src src;
    jcl_src_init_text(&src, text, len, path);
    kr_jcl_job *job = parse_src(&src, o, diags);
    jcl_src_free(&src);
    return job;
}

kr_jcl_job *kr_jcl_parse(const char *path, const kr_jcl_parse_opts *o, kr_diags *diags)
{
    jcl_src src;
    if (!jcl_src_load(&src, path, diags))
        return NULL;
    kr_jcl_job *job = parse_src(&src, o, diags);
    jcl_src_free(&src);
    return job;
}

static void nodes_free(kr_jcl_nodes *l)
{
    for (size_t i = 0; i < l->n; i++) {
        kr_jcl_node *n = &l->v[i];
        if (n->kind == KR_JCL_NODE_IF) {
            jcl_expr_free(n->expr);
            free(n->if_name);
            nodes_free(&n->then_nodes);
            nodes_free(&n->else_nodes);
        }
    }
    free(l->v);
}

void kr_jcl_free(kr_jcl_job *job)
{
    if (!job)
        return;
    nodes_free(&job->nodes);
    for (size_t i = 0; i < job->n_steps; i++) {
        kr_jcl_step *s = job->steps[i];
        free(s->name);
        free(s->procstep);
        free(s->proc);
        free(s->pgm);
        free(s->parm);
        free(s->region);
        free(s->time);
        for (size_t k = 0; k < s->n_dds; k++)
            dd_free(&s->dds[k]);
        free(s->dds);
        free(s);
    }
    free(job->steps);
    jcl_symtab t = {job->symbols, job->n_symbols, job->n_symbols};
    jcl_sym_free(&t);
    for (size_t i = 0; i < job->n_sources; i++)
        free(job->sources[i]);
    free(job->sources);
    free(job->name);
    free(job->path);
    free(job->restart);
    free(job->schedule);
    free(job->calendar);
    free(job->jobclass);
    free(job->msgclass);
    free(job->msglevel);
    free(job->notify);
    free(job->region);
    free(job->time);
    free(job);
}
