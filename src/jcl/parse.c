/* parse.c: JCL statements to a job tree. The job's statements in order: JOB first, SET,
 * EXEC (of a program; of a procedure, proc.c), DD (ddstmt.c), IF/ELSE/ENDIF (nested up to
 * 15 levels), in-stream PROC ... PEND, and the null statement that ends the job; the step
 * references of COND= and IF. Every problem is reported with its place and the parse goes
 * on, so that one run lists them all. */
#include "jcl_build.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void jcl_err_at(jcl_build *b, const char *id, jcl_pos at, const char *fmt, ...)
{
    char msg[640];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    jcl_report(b->diags, &b->errors, KR_RC_ENV, id, b->path, at, "%s", msg);
}

jcl_pos jcl_name_pos(const jcl_stmt *st)
{
    return (jcl_pos){st->line, st->name ? st->name_col : 3};
}

jcl_pos jcl_op_pos(const jcl_stmt *st)
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

char *jcl_raw_value(const jcl_text *t, const jcl_val *v)
{
    if (v->kind == JCL_V_STRING)
        return kr_xstrdup(v->text);
    return kr_xstrndup(t->text + v->vstart, v->vend - v->vstart);
}

bool jcl_check_name(jcl_build *b, const jcl_stmt *st, const char *what)
{
    if (!st->name)
        return true;
    if (!jcl_is_name(st->name, strlen(st->name))) {
        jcl_err_at(b, "KRK1101E", jcl_name_pos(st), "'%s' is no valid %s name (1-8 letters, digits, "
               "@ # $, not starting with a digit)", st->name, what);
        return false;
    }
    return true;
}

/* The job's own copy of a source file's name (steps and DDs point at it). */
const char *jcl_source_name(const jcl_build *b, const char *path)
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

/* kiroku's: symbols in the JOB statement's name (`//RCV&CITY JOB`), so that a job run once
 * per city (`kiroku run --each`) is a job of its own name per city, with its own restart.
 * Only the caller's symbols exist at the JOB statement (docs/JCL.md, "Symbols"). */
static void job_name_symbols(jcl_build *b, const jcl_scope *sc, jcl_stmt *st)
{
    if (!st->name || !strchr(st->name, '&'))
        return;
    jcl_text t;
    memset(&t, 0, sizeof t);
    for (size_t i = 0; st->name[i]; i++)
        jcl_text_add(&t, st->name[i], (jcl_pos){st->line, st->name_col + (int)i});
    jcl_substitute(&t, sc->syms, b->path, b->diags, &b->errors);
    free(st->name);
    st->name = kr_xmalloc(t.len + 1);
    for (size_t i = 0; i < t.len; i++)
        st->name[i] = (char)toupper((unsigned char)t.text[i]);
    st->name[t.len] = '\0';
    jcl_text_free(&t);
}

static char *one_word(jcl_build *b, const jcl_text *t, const jcl_val *v, const char *key)
{
    if (v->kind == JCL_V_LIST || v->kind == JCL_V_EMPTY) {
        jcl_err_at(b, "KRK1106E", v->vpos, "%s= takes one value", key);
        return NULL;
    }
    return jcl_raw_value(t, v);
}

static void handle_job(jcl_build *b, const jcl_stmt *st, const jcl_val *ops)
{
    kr_jcl_job *job = b->job;
    if (!st->name)
        jcl_err_at(b, "KRK1108E", jcl_name_pos(st), "the JOB statement needs a job name in column 3");
    else if (jcl_check_name(b, st, "job")) {
        free(job->name); /* a second JOB card (refused elsewhere) must not leak the first name */
        job->name = kr_xstrdup(st->name);
    }
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
                jcl_err_at(b, "KRK1106E", v->vpos, "RESTART= names a step: STEP or STEP.PROCSTEP");
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
            jcl_err_at(b, "KRK1105E", v->pos, "%s= is not a JOB keyword kiroku knows (COND, RESTART, "
                   "SCHEDULE, CALENDAR, CLASS, MSGCLASS, MSGLEVEL, NOTIFY, REGION, TIME)", k);
            continue;
        }
        free(*slot);
        *slot = jcl_raw_value(&st->operands, v);
        long seconds;
        if (slot == &job->time && !kr_jcl_time_limit(job->time, &seconds))
            jcl_err_at(b, "KRK1106E", v->vpos, "TIME= is minutes, (minutes,seconds), (,seconds), 1440, NOLIMIT "
                       "or MAXIMUM (minutes 0-357912, seconds 0-59)");
    }
}

/* True when the caller (the run date, NAME=VALUE on the command line) defines the symbol: its
 * value wins over the job's SET, which gives defaults. */
static bool caller_defines(const jcl_build *b, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; b->opts && i < b->opts->n_symbols; i++)
        if (strncasecmp(b->opts->symbols[i], name, n) == 0 && b->opts->symbols[i][n] == '=')
            return true;
    return false;
}

static void handle_set(jcl_build *b, const jcl_scope *sc, const jcl_stmt *st, const jcl_val *ops)
{
    if (ops->n == 0)
        jcl_err_at(b, "KRK1106E", jcl_op_pos(st), "SET needs NAME=value");
    for (size_t i = 0; i < ops->n; i++) {
        const jcl_val *v = &ops->items[i];
        if (!v->key || !jcl_is_name(v->key, strlen(v->key))) {
            jcl_err_at(b, "KRK1107E", v->pos, "SET assigns symbols: NAME=value, NAME 1-8 letters, "
                   "digits, @ # $");
            continue;
        }
        if (caller_defines(b, v->key))
            continue;
        char *value = v->kind == JCL_V_EMPTY ? kr_xstrdup("") : jcl_raw_value(&st->operands, v);
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
        s->parm = v->kind == JCL_V_EMPTY ? NULL : jcl_raw_value(t, v);
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
        s->time = jcl_raw_value(t, v);
        long seconds;
        if (!kr_jcl_time_limit(s->time, &seconds))
            jcl_err_at(b, "KRK1106E", v->vpos, "TIME= is minutes, (minutes,seconds), (,seconds), 1440, NOLIMIT "
                       "or MAXIMUM (minutes 0-357912, seconds 0-59)");
    } else if (strcmp(key, "PARTITIONS") == 0 || strcmp(key, "CORES") == 0) {
        int *slot = key[0] == 'P' ? &s->partitions : &s->cores;
        if (!parse_count(v, slot))
            jcl_err_at(b, "KRK1106E", v->vpos, "%s= is a number from 1 to 4096", key);
    } else {
        return false;
    }
    return true;
}

static void add_step(jcl_build *b, jcl_scope *sc, kr_jcl_step *s, const jcl_stmt *st,
                     kr_jcl_nodes *cur)
{
    kr_jcl_job *job = b->job;
    if (job->n_steps == KR_JCL_MAX_STEPS)
        jcl_err_at(b, "KRK1108E", jcl_op_pos(st), "a job has at most %d steps (as on z/OS)",
                   KR_JCL_MAX_STEPS);
    for (size_t i = 0; i < job->n_steps; i++)
        if (s->name && same(job->steps[i]->name, s->name) &&
            same(job->steps[i]->procstep, s->procstep)) {
            jcl_err_at(b, "KRK1108E", jcl_name_pos(st), "the step name %s%s%s is used twice (first on "
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
    s->source = jcl_source_name(b, sc->src->path);
    s->line = st->line;
    jcl_check_name(b, st, "step");
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
                jcl_err_at(b, "KRK1106E", v->vpos, "PGM= names a program (1-8 letters, digits, "
                       "@ # $)");
            else {
                s->pgm = kr_xstrdup(v->text);
                for (char *p = s->pgm; *p; p++)
                    *p = (char)toupper((unsigned char)*p);
            }
        } else if (!v->key || !exec_keyword(b, sc, s, v->key, &st->operands, v)) {
            jcl_err_at(b, "KRK1105E", v->key ? v->pos : v->vpos, "%s%s is not an EXEC PGM= keyword "
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
        jcl_err_at(b, "KRK1106E", jcl_op_pos(st), "EXEC needs PGM=program or a procedure name");
    add_step(b, sc, s, st, cur);
}

static void handle_exec(jcl_build *b, jcl_scope *sc, const jcl_stmt *st, const jcl_val *ops,
                        kr_jcl_nodes *cur)
{
    b->step_is_call = false;
    if (!sc->call_name)
        jcl_forget_call_dds(b);
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
            jcl_err_at(b, "KRK1106E", proc->vpos, "a procedure name has 1-8 letters, digits, @ # $");
            return;
        }
        jcl_call_proc(b, sc, st, ops, proc, cur);
        return;
    }
    make_step(b, sc, st, ops, cur);
}

/* ---- DD ---------------------------------------------------------------------------------- */

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
        jcl_err_at(b, "KRK1109E", jcl_op_pos(st), "IF constructs nest at most 15 deep");
        return;
    }
    resolve_ctx rc = {b, sc};
    jcl_resolver r = {resolve, &rc};
    bool tests_abend = false;
    kr_jcl_expr *e = jcl_parse_expr(&st->operands, &r, b->path, &tests_abend, b->diags,
                                    &b->errors);
    jcl_check_name(b, st, "IF statement");
    kr_jcl_node *n = node_add(cur, KR_JCL_NODE_IF, st, jcl_source_name(b, sc->src->path));
    n->expr = e;
    n->tests_abend = tests_abend;
    n->if_name = st->name ? kr_xstrdup(st->name) : NULL;
    stack[(*depth)++] = (if_frame){n, false, b->job->n_steps, jcl_op_pos(st)};
}

void jcl_run_stream(jcl_build *b, jcl_reader *r, jcl_scope *sc, kr_jcl_nodes *target)
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
        if (is_job) {
            if (!in_job || b->job->nodes.n || b->job->name || b->job->n_steps)
                jcl_err_at(b, "KRK1108E", jcl_op_pos(&st), "a second JOB statement: one file holds one "
                       "job");
            jcl_substitute(&st.operands, sc->syms, b->path, b->diags, &b->errors);
            job_name_symbols(b, sc, &st);
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
            jcl_err_at(b, "KRK1108E", jcl_op_pos(&st), "a job starts with its //name JOB statement");
        if (strcmp(op, "PROC") == 0) {
            if (in_job)
                jcl_define_proc(b, r, &st);
            else
                jcl_err_at(b, "KRK1111E", jcl_op_pos(&st), "a PROC statement inside a procedure");
            jcl_stmt_free(&st);
            continue;
        }
        if (strcmp(op, "PEND") == 0) {
            if (in_job)
                jcl_err_at(b, "KRK1111E", jcl_op_pos(&st), "PEND without its PROC statement");
            jcl_stmt_free(&st);
            if (!in_job)
                break;
            continue;
        }
        if (strcmp(op, "ELSE") == 0 || strcmp(op, "ENDIF") == 0) {
            if (depth == 0)
                jcl_err_at(b, "KRK1109E", jcl_op_pos(&st), "%s without its IF", op);
            else if (op[1] == 'L') {
                if (stack[depth - 1].in_else)
                    jcl_err_at(b, "KRK1109E", jcl_op_pos(&st), "a second ELSE for the IF on line %d",
                           stack[depth - 1].pos.line);
                stack[depth - 1].in_else = true;
            } else {
                if_frame *f = &stack[--depth];
                if (b->job->n_steps == f->steps_at_open)
                    jcl_err_at(b, "KRK1109E", f->pos, "the IF has no EXEC statement in its THEN or "
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
                jcl_handle_dd(b, r, sc, &st, &ops);
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
            jcl_err_at(b, "KRK1101E", jcl_op_pos(&st), "'%s' is no JCL operation kiroku knows (JOB, "
                   "EXEC, DD, SET, IF, ELSE, ENDIF, PROC, PEND)", op);
        }
        jcl_val_free(&ops);
        jcl_stmt_free(&st);
    }
    while (depth > 0)
        jcl_err_at(b, "KRK1109E", stack[--depth].pos, "the IF has no ENDIF");
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
    jcl_run_stream(&b, &r, &sc, &b.job->nodes);
    if (b.errors >= KR_JCL_MAX_ERRORS) {
        b.path = src->path;
        jcl_err_at(&b, "KRK1113E", (jcl_pos){r.next < r.end ? (int)r.next + 1 : (int)r.end, 1},
                   "%d errors: the rest of the job is not read", KR_JCL_MAX_ERRORS);
    }
    if (!b.job->name && b.errors == 0)
        jcl_err_at(&b, "KRK1108E", (jcl_pos){1, 1}, "no JOB statement: a job starts with //name JOB");
    if (b.job->restart && strcmp(b.job->restart, "*") != 0 &&
        !kr_jcl_find_step(b.job, b.job->restart)) {
        b.path = src->path;
        jcl_err_at(&b, "KRK1112E", b.restart_pos, "RESTART=%s names no step of the job",
               b.job->restart);
    }
    if (b.errors == 0 && b.job->n_steps == 0)
        jcl_err_at(&b, "KRK1108E", (jcl_pos){1, 1}, "the job has no EXEC statement");
    b.job->symbols = jcl_sym_take(&b.syms, &b.job->n_symbols);
    for (size_t i = 0; i < b.n_procs; i++) {
        free(b.procs[i].name);
        jcl_stmt_free(&b.procs[i].proc_stmt);
    }
    free(b.procs);
    jcl_forget_call_dds(&b);
    free(b.call_dds);
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
            jcl_dd_free(&s->dds[k]);
        free(s->dds);
        free(s);
    }
    free(job->steps);
    for (size_t i = 0; i < job->n_symbols; i++) {
        free(job->symbols[i].name);
        free(job->symbols[i].value);
    }
    free(job->symbols);
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
