/* sortcall.c: how ICETOOL calls the SORT program: a step of its own built from the operator
 * (SORTIN from FROM, SORTOUT from TO or a temporary file, SYSIN from USING's xxxxCNTL and the
 * operator's statements), run through the program table like any other step, its listing in
 * DFSMSG. ICETOOL never sorts by itself. */
#include "icetool.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void copy_bind(kr_step *sub, const char *ddname, const kr_dd_bind *from)
{
    kr_dd_bind *b = kr_step_add_dd(sub, ddname, NULL);
    for (size_t i = 0; i < from->n_paths; i++)
        kr_dd_add_path(b, from->paths[i]);
    b->label = from->label ? kr_xstrdup(from->label) : NULL;
    b->layout = from->layout ? kr_xstrdup(from->layout) : NULL;
    b->lrecl = from->lrecl;
    b->terminator = from->terminator;
    b->dummy = from->dummy;
    if (from->text) {
        b->text = kr_xstrndup(from->text, from->text_len);
        b->text_len = from->text_len;
    }
}

static const kr_dd_bind *need_dd(it_run *r, it_stmt *st, const char *ddname, const char *role, int *rc)
{
    const kr_dd_bind *b = kr_step_dd(r->step, ddname);
    if (!b)
        *rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2325E", "%s: the step has no DD %s", role, ddname);
    return b;
}

bool it_using_text(it_run *r, it_stmt *st, const char *using_dd, kr_buf *text, const char **name, int *rc)
{
    kr_buf_init(text);
    *name = NULL;
    if (!need_dd(r, st, using_dd, "USING", rc))
        return false;
    kr_err err;
    if (!kr_step_dd_text(r->step, using_dd, text, name, &err)) {
        kr_buf_free(text);
        *rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2325E", "USING: %s", err.text);
        return false;
    }
    return true;
}

kr_ctl *it_using(it_run *r, it_stmt *st, const char *using_dd, int *rc)
{
    kr_buf text;
    const char *name;
    if (!it_using_text(r, st, using_dd, &text, &name, rc))
        return NULL;
    kr_diags d;
    kr_diags_init(&d);
    kr_ctl *c = kr_ctl_parse_side(text.data ? text.data : "", text.len, name, &d);
    kr_buf_free(&text);
    kr_diags_print(&d, r->toolmsg);
    if (r->step->msg != r->toolmsg)
        kr_diags_print(&d, r->step->msg);
    kr_diags_free(&d);
    if (!c)
        *rc = KR_RC_ENV;
    return c;
}

int it_sort(it_run *r, it_stmt *st, const it_call *c)
{
    int rc = KR_RC_OK;
    kr_dd_bind own = {.terminator = c->from_term, .lrecl = c->from_lrecl, .layout = (char *)c->from_layout};
    char *own_path = (char *)c->from_path;
    if (c->from_path) {
        own.paths = &own_path;
        own.n_paths = 1;
    }
    const kr_dd_bind *from = c->from_path ? &own : need_dd(r, st, c->from, "FROM", &rc);
    if (!from)
        return rc;
    kr_step sub;
    kr_step_init(&sub, r->step->name, "SORT");
    sub.run_date = r->step->run_date;
    sub.memory = r->step->memory;
    sub.threads = r->step->threads;
    sub.tmpdir = r->step->tmpdir ? kr_xstrdup(r->step->tmpdir) : NULL;
    sub.root = r->step->root ? kr_xstrdup(r->step->root) : NULL;
    sub.no_timing = r->step->no_timing;
    sub.sysout = r->dfsmsg;
    sub.msg = r->step->msg;
    sub.cancel = r->step->cancel;

    /* SYSIN: USING's statements as written (their line numbers stay right), then ours. */
    kr_buf text;
    kr_buf_init(&text);
    const char *label = "ICETOOL";
    if (c->using_dd) {
        const kr_dd_bind *u = need_dd(r, st, c->using_dd, "USING", &rc);
        const char *name = NULL;
        kr_err err;
        if (u && !kr_step_dd_text(r->step, c->using_dd, &text, &name, &err))
            rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2325E", "USING: %s", err.text);
        if (name)
            label = name;
        if (text.len && text.data[text.len - 1] != '\n')
            kr_buf_addc(&text, '\n');
    }
    if (c->statements)
        kr_buf_adds(&text, c->statements);
    if (c->statements_label && !c->using_dd)
        label = c->statements_label;
    kr_dd_bind *sysin = kr_step_add_dd(&sub, "SYSIN", NULL);
    sysin->text_len = text.len;
    sysin->text = kr_buf_take(&text);
    sysin->label = kr_xstrdup(label);

    if (!c->n_merge_from)
        copy_bind(&sub, "SORTIN", from);
    for (size_t i = 0; i < c->n_merge_from; i++) {
        const kr_dd_bind *in = need_dd(r, st, c->merge_from[i], "FROM", &rc);
        char name[32];
        snprintf(name, sizeof name, "SORTIN%02u", (unsigned)(i + 1) % 100u);
        if (in)
            copy_bind(&sub, name, in);
    }
    if (c->n_to == 1) {
        const kr_dd_bind *to = need_dd(r, st, c->to[0], "TO", &rc);
        if (to)
            copy_bind(&sub, "SORTOUT", to);
    } else {
        for (size_t i = 0; i < c->n_to; i++) {
            const kr_dd_bind *to = need_dd(r, st, c->to[i], "TO", &rc);
            if (to)
                copy_bind(&sub, to->ddname, to);
        }
    }
    if (c->temp_out) {
        kr_dd_bind *t = kr_step_add_dd(&sub, "SORTOUT", c->temp_out);
        t->terminator = from->terminator;
        if (!c->temp_reformatted) {
            t->layout = from->layout ? kr_xstrdup(from->layout) : NULL;
            t->lrecl = from->lrecl;
        }
    }
    /* The data sets USING's OUTFIL statements name. */
    if (c->using_dd && rc == KR_RC_OK) {
        kr_ctl *u = it_using(r, st, c->using_dd, &rc);
        for (size_t i = 0; u && i < u->n_outfils; i++)
            for (size_t j = 0; j < u->outfils[i].n_fnames; j++) {
                const char *name = u->outfils[i].fnames[j];
                const kr_dd_bind *b = kr_step_dd(r->step, name);
                if (b && !kr_step_dd(&sub, name))
                    copy_bind(&sub, b->ddname, b);
            }
        kr_ctl_free(u);
    }
    for (size_t i = 0; rc == KR_RC_OK && i < c->n_extra_dds; i++) {
        const kr_dd_bind *b = need_dd(r, st, c->extra_dds[i], "OUTFIL", &rc);
        if (b && !kr_step_dd(&sub, b->ddname))
            copy_bind(&sub, b->ddname, b);
    }
    unsigned call = ++r->calls;
    if (rc == KR_RC_OK) {
        fprintf(r->dfsmsg, "KRK2305I SORT CALL %04u FOR %s FROM %s\n", call, c->op, c->from);
        fflush(r->dfsmsg);
        rc = kr_program_run(&sub);
        fflush(r->dfsmsg);
        if (rc < KR_RC_FAIL)
            fprintf(r->toolmsg, "KRK2306I SORT CALL %04u FOR %s FROM %s COMPLETED: RETURN CODE %02d\n", call, c->op,
                    c->from, rc);
        else
            fprintf(r->toolmsg, "KRK2307E SORT CALL %04u FOR %s FROM %s TERMINATED: RETURN CODE %02d (see DFSMSG)\n",
                    call, c->op, c->from, rc);
    }
    kr_step_free(&sub);
    return rc;
}
