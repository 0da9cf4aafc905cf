/* ddstmt.c: DD statements in a job: the step they go to (the step before them, a procedure
 * step for `//procstep.ddname`), in-stream data, concatenations, ddnames used twice, and the
 * overrides of a procedure's DD statements (override.c merges the operands). */
#include "jcl_build.h"

#include <stdlib.h>
#include <string.h>

void jcl_dd_free(kr_jcl_dd *dd)
{
    free(dd->name);
    free(dd->dsn);
    free(dd->referback);
    free(dd->sysout);
    free(dd->layout);
    free(dd->recfm);
    free(dd->data);
    free(dd->dlm);
    free(dd->path);
    for (size_t i = 0; i < dd->n_concat; i++)
        jcl_dd_free(&dd->concat[i]);
    free(dd->concat);
}

void jcl_forget_call_dds(jcl_build *b)
{
    for (size_t i = 0; i < b->n_call_dds; i++)
        jcl_text_free(&b->call_dds[i].operands);
    b->n_call_dds = 0;
}

static void remember_call_dd(jcl_build *b, kr_jcl_step *s, size_t k, const jcl_text *t)
{
    KR_GROW(b->call_dds, b->cap_call_dds, b->n_call_dds + 1);
    jcl_dd_text *e = &b->call_dds[b->n_call_dds++];
    memset(e, 0, sizeof *e);
    e->step = s;
    e->dd = k;
    for (size_t i = 0; i < t->len; i++)
        jcl_text_add(&e->operands, t->text[i], t->pos[i]);
}

/* The step a DD statement goes to; *override is the index of the procedure's DD statement
 * that a `procstep.ddname` statement overrides, or -1. */
static kr_jcl_step *dd_target(jcl_build *b, const jcl_stmt *st, char **ddname, long *override)
{
    *override = -1;
    const char *name = st->name;
    const char *dot = name ? strchr(name, '.') : NULL;
    if (!dot) {
        *ddname = name ? kr_xstrdup(name) : NULL;
        if (name && !jcl_is_name(name, strlen(name)))
            jcl_err_at(b, "KRK1101E", jcl_name_pos(st), "'%s' is no valid ddname", name);
        return b->step;
    }
    *ddname = kr_xstrdup(dot + 1);
    if (!jcl_is_name(dot + 1, strlen(dot + 1)))
        jcl_err_at(b, "KRK1101E", jcl_name_pos(st), "'%s' is no valid ddname", dot + 1);
    if (!b->step_is_call) {
        jcl_err_at(b, "KRK1108E", jcl_name_pos(st), "%s: a procstep.ddname DD follows an EXEC of a "
               "procedure", name);
        return NULL;
    }
    for (size_t i = b->call_first; i < b->job->n_steps; i++) {
        kr_jcl_step *s = b->job->steps[i];
        if (s->procstep && strncmp(s->procstep, name, (size_t)(dot - name)) == 0 &&
            s->procstep[dot - name] == '\0') {
            for (size_t k = 0; k < s->n_dds; k++)
                if (strcmp(s->dds[k].name, *ddname) == 0)
                    *override = (long)k;
            return s;
        }
    }
    jcl_err_at(b, "KRK1111E", jcl_name_pos(st), "%s names no step of the procedure", name);
    return NULL;
}

/* Applies `//procstep.ddname DD` to the procedure's DD statement k of step s. */
static void override_dd(jcl_build *b, const jcl_stmt *st, kr_jcl_step *s, size_t k,
                        kr_jcl_dd *over)
{
    jcl_dd_text *orig = NULL;
    for (size_t i = 0; i < b->n_call_dds; i++)
        if (b->call_dds[i].step == s && b->call_dds[i].dd == k)
            orig = &b->call_dds[i];
    if (!orig) { /* added by the job, not by the procedure */
        jcl_err_at(b, "KRK1108E", jcl_name_pos(st), "the ddname %s is used twice in the step (first "
               "on line %d)", over->name, s->dds[k].line);
        jcl_dd_free(over);
        return;
    }
    jcl_text merged;
    jcl_override_text(&orig->operands, &st->operands, &merged);
    jcl_val ops;
    kr_jcl_dd dd;
    memset(&dd, 0, sizeof dd);
    dd.line = st->line;
    dd.source = over->source;
    bool ok = jcl_operands(&merged, b->path, &ops, b->diags, &b->errors) &&
              jcl_build_dd(b, &ops, &dd);
    jcl_val_free(&ops);
    jcl_text_free(&orig->operands);
    orig->operands = merged;
    if (!ok) {
        jcl_dd_free(&dd);
        jcl_dd_free(over);
        return;
    }
    dd.name = over->name;
    dd.data = over->data;
    dd.data_len = over->data_len;
    over->name = over->data = NULL;
    kr_jcl_dd *old = &s->dds[k];
    dd.concat = old->concat; /* an override applies to the first data set of a concatenation */
    dd.n_concat = old->n_concat;
    old->concat = NULL;
    old->n_concat = 0;
    jcl_dd_free(old);
    *old = dd;
    jcl_dd_free(over);
}

/* DD *,SYMBOLS=JCLONLY: the job's symbols replaced in the in-stream data, each undefined one
 * reported at its line and column (the data's first line follows the DD statement). */
static void substitute_data(jcl_build *b, const jcl_scope *sc, const jcl_stmt *st, kr_buf *data)
{
    jcl_text t;
    memset(&t, 0, sizeof t);
    jcl_pos p = {st->line + 1, 1};
    for (size_t i = 0; i < data->len; i++) {
        jcl_text_add(&t, data->data[i], p);
        if (data->data[i] == '\n') {
            p.line++;
            p.col = 1;
        } else
            p.col++;
    }
    jcl_substitute(&t, sc->syms, b->path, b->diags, &b->errors);
    kr_buf_reset(data);
    kr_buf_add(data, t.text ? t.text : "", t.len);
    jcl_text_free(&t);
}

void jcl_handle_dd(jcl_build *b, jcl_reader *r, const jcl_scope *sc, const jcl_stmt *st,
                      const jcl_val *ops)
{
    kr_jcl_dd dd;
    memset(&dd, 0, sizeof dd);
    dd.line = st->line;
    dd.source = jcl_source_name(b, r->src->path);
    b->in_call = sc->call_name != NULL;
    bool ok = jcl_build_dd(b, ops, &dd);
    if (dd.kind == KR_JCL_DD_INSTREAM) {
        bool is_data = ops->n && ops->items[0].text && ops->items[0].text[0] != '*';
        kr_buf data;
        kr_buf_init(&data);
        jcl_read_data(r, dd.dlm, !is_data, &data);
        if (dd.symbols)
            substitute_data(b, sc, st, &data);
        dd.data_len = data.len;
        dd.data = kr_buf_take(&data);
    }
    kr_jcl_step *s = NULL;
    long override = -1;
    if (!b->step) {
        jcl_err_at(b, "KRK1108E", jcl_op_pos(st), "a DD statement before the first EXEC");
    } else {
        s = dd_target(b, st, &dd.name, &override);
    }
    if (!s || !ok) {
        jcl_dd_free(&dd);
        return;
    }
    if (override >= 0) {
        override_dd(b, st, s, (size_t)override, &dd);
        return;
    }
    if (!dd.name) {
        if (s->n_dds == 0) {
            jcl_err_at(b, "KRK1108E", jcl_op_pos(st), "a DD statement without a name continues a "
                   "concatenation: it follows a named DD statement");
            jcl_dd_free(&dd);
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
            jcl_err_at(b, "KRK1108E", jcl_name_pos(st), "the ddname %s is used twice in the step (first "
                   "on line %d)", dd.name, s->dds[k].line);
            jcl_dd_free(&dd);
            return;
        }
    size_t cap = s->n_dds;
    kr_grow((void **)&s->dds, &cap, s->n_dds + 1, sizeof *s->dds);
    s->dds[s->n_dds++] = dd;
    if (sc->call_name)
        remember_call_dd(b, s, s->n_dds - 1, &st->operands);
}
