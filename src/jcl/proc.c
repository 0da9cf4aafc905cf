/* proc.c: procedures. An in-stream PROC ... PEND is remembered as the lines of its body; a
 * cataloged one is procs/NAME.jcl beside the job or NAME.jcl in the caller's directories. An
 * EXEC of a procedure reads the body again with its own symbols (the job's, the PROC's
 * defaults, the EXEC's overrides) and names its steps CALL.PROCSTEP; PARM.x=, COND.x= and
 * the like go to procedure step x. */
#include "jcl_build.h"

#include <ctype.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

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

void jcl_define_proc(jcl_build *b, jcl_reader *r, jcl_stmt *st)
{
    if (!st->name) {
        jcl_err_at(b, "KRK1111E", jcl_name_pos(st), "an in-stream PROC needs a name in column 3");
    } else {
        jcl_check_name(b, st, "procedure");
        for (size_t i = 0; i < b->n_procs; i++)
            if (strcmp(b->procs[i].name, st->name) == 0)
                jcl_err_at(b, "KRK1111E", jcl_name_pos(st), "the procedure %s is defined twice", st->name);
    }
    size_t first = r->next, end = first;
    while (end < r->end && !line_is(&r->src->lines[end], "PEND"))
        end++;
    if (end >= r->end) {
        jcl_err_at(b, "KRK1111E", jcl_op_pos(st), "the in-stream procedure has no // PEND");
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
        jcl_err_at(b, "KRK1111E", at, "the procedure %s is neither in-stream nor found (looked for %s)",
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

void jcl_call_proc(jcl_build *b, jcl_scope *sc, const jcl_stmt *st, const jcl_val *ops,
                      const jcl_val *pv, kr_jcl_nodes *cur)
{
    if (sc->call_name) {
        jcl_err_at(b, "KRK1111E", pv->vpos, "a procedure calls the procedure %s: nested procedures "
               "are not supported", pv->text);
        return;
    }
    if (!st->name) {
        jcl_err_at(b, "KRK1108E", jcl_name_pos(st), "an EXEC of a procedure needs a step name");
        return;
    }
    jcl_check_name(b, st, "step");
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
                    jcl_err_at(b, "KRK1107E", v->pos, "a PROC statement gives symbols: NAME=default");
                    continue;
                }
                char *value = v->kind == JCL_V_EMPTY ? kr_xstrdup("") : jcl_raw_value(&t, v);
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
            jcl_err_at(b, "KRK1105E", v->pos, "%s= is no EXEC keyword and no symbol name", v->key);
            continue;
        }
        char *value = v->kind == JCL_V_EMPTY ? kr_xstrdup("") : jcl_raw_value(&st->operands, v);
        jcl_sym_set(&syms, v->key, value);
        free(value);
    }
    jcl_scope inner = {.src = proc->src, .syms = &syms, .call_name = st->name,
                       .proc_name = name, .first_step = b->job->n_steps, .call_ops = ops,
                       .call_text = &st->operands};
    inner.call_used = kr_xcalloc(ops->n + 1, sizeof(bool));
    jcl_reader r = {proc->src, proc->first, proc->end, b->diags, &b->errors};
    b->path = proc->src->path;
    jcl_run_stream(b, &r, &inner, cur);
    b->path = saved;
    for (size_t i = 0; i < ops->n; i++) {
        const jcl_val *v = &ops->items[i];
        if (v->key && strchr(v->key, '.') && is_exec_keyword(v->key) && !inner.call_used[i])
            jcl_err_at(b, "KRK1111E", v->pos, "%s names no step of the procedure %s", v->key, name);
    }
    if (inner.n_steps == 0)
        jcl_err_at(b, "KRK1111E", pv->vpos, "the procedure %s has no EXEC statement", name);
    b->step = inner.n_steps ? b->job->steps[inner.first_step] : NULL;
    b->step_is_call = inner.n_steps > 0;
    b->call_first = inner.first_step;
    free(inner.call_used);
    free(name);
    jcl_sym_free(&syms);
}
