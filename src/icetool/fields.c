/* fields.c: what an operator reads back: FROM's record shape (its layout or LRECL), the
 * files SORT wrote for it, and the fields of its ON(...) operands bound through the engine
 * (positions p,m,f or layout names, as in SORT FIELDS=), with 個人番号 kept out of lists. */
#include "icetool.h"

#include <stdlib.h>
#include <string.h>

bool it_is_data(const it_shape *sh, const unsigned char *rec)
{
    if (!sh->framed)
        return true;
    int t = kr_layout_classify(sh->layout, rec);
    return t >= 0 && sh->layout->types[t].role == KR_ROLE_DATA;
}

bool it_shape_of(it_run *r, it_stmt *st, const char *from, it_shape *out, int *rc)
{
    memset(out, 0, sizeof *out);
    out->dd = kr_step_dd(r->step, from);
    if (!out->dd) {
        *rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2325E", "FROM: the step has no DD %s", from);
        return false;
    }
    kr_err err;
    out->layout = kr_step_dd_layout(r->step, out->dd, &err);
    if (!out->layout && err.rc) {
        *rc = err.rc;
        return false;
    }
    if (out->layout) {
        out->framed = out->layout->has_header || out->layout->has_trailer || out->layout->has_end;
        if (out->framed && strcmp(st->op, "SELECT") == 0) {
            *rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2328E",
                           "FROM(%s): layout %s has header or trailer records, which SELECT's TO and DISCARD "
                           "could not carry with their totals: SORT with SUM FIELDS=NONE or OUTFIL instead", from, out->layout->name);
            return false;
        }
        out->lrecl = out->layout->length;
        out->term = out->layout->terminator;
    } else {
        out->lrecl = out->dd->lrecl;
        out->term = out->dd->terminator;
        if (!out->lrecl) {
            *rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2326E",
                           "FROM(%s): give the data set's layout (LAYOUT=) or its record length (LRECL=)", from);
            return false;
        }
    }
    return true;
}

void it_shape_free(it_shape *s)
{
    if (s->layout)
        kr_layout_free(s->layout);
    memset(s, 0, sizeof *s);
}

kr_reader *it_open(it_run *r, const it_shape *sh, const char *path, int *rc)
{
    kr_err err;
    kr_reader *rd = sh->layout ? kr_reader_open_layout(path, sh->layout, &err)
                               : kr_reader_open(path, sh->lrecl, sh->term, &err);
    if (!rd)
        *rc = it_fail_err(r, &err);
    return rd;
}

kr_writer *it_create(it_run *r, const it_shape *sh, const char *ddname, int *rc)
{
    kr_err err;
    const char *path = kr_step_dd_path(r->step, ddname, &err);
    kr_writer *w = NULL;
    if (path)
        w = sh->layout ? kr_writer_open_layout(path, sh->layout, &err) : kr_writer_open(path, sh->lrecl, sh->term, &err);
    if (!w) {
        *rc = it_fail_err(r, &err);
    }
    return w;
}

static bool is_numeric(const kr_bound *b)
{
    switch (b->fmt) {
    case KR_FMT_ZD: case KR_FMT_PD: case KR_FMT_BI: case KR_FMT_FI: return true;
    case KR_FMT_NONE:
        return b->has_field && (b->field.type == KR_F_ZD || b->field.type == KR_F_PD || b->field.type == KR_F_BI);
    default: return false;
    }
}

/* The layout's sensitive field that shares a byte with b, or NULL. */
static const kr_field *sensitive_overlap(const kr_layout *l, const kr_bound *b)
{
    if (b->has_field && b->field.sensitive)
        return &b->field;
    for (size_t t = 0; l && t < l->n_types; t++)
        for (size_t i = 0; i < l->types[t].n_fields; i++) {
            const kr_field *f = &l->types[t].fields[i];
            if (f->sensitive && f->offset < b->offset + b->length && b->offset < f->offset + f->length)
                return f;
        }
    return NULL;
}

/* One ON(...) bound: its text read as a SORT key by the statement parser. */
static bool bind_one(it_run *r, it_stmt *st, it_operand *o, it_fields *out, it_field *f, kr_key *key_out, int *rc)
{
    char *text = kr_xasprintf("  SORT FIELDS=(%s,A)\n", o->value);
    char *name = kr_xasprintf("%s:%d:%d(ON)", r->toolin, o->line, o->col);
    kr_diags d;
    kr_diags_init(&d);
    kr_ctl *c = kr_ctl_parse(text, strlen(text), name, &d);
    free(text);
    bool ok = c && c->n_keys == 1;
    if (!ok) {
        kr_diags_print(&d, r->toolmsg);
        if (r->step->msg != r->toolmsg)
            kr_diags_print(&d, r->step->msg);
        *rc = it_error(r, st, o, KR_RC_FAIL, "KRK2322E", "ON(%s): give p,m,f or a field name of the layout", o->value);
    }
    kr_diags_free(&d);
    kr_err err;
    if (ok && !kr_bind(&out->scope, &c->keys[0].ref, name, &f->b, &err)) {
        *rc = it_error(r, st, o, KR_RC_FAIL, "KRK2322E", "ON(%s): %s", o->value, err.text);
        ok = false;
    }
    if (ok && f->b.bits) {
        *rc = it_error(r, st, o, KR_RC_FAIL, "KRK2503E", "ON(%s): ICETOOL's fields are whole bytes; bit positions "
                       "(p.b,m.b) are SORT's keys (a SORT call with USING)", o->value);
        kr_bound_free(&f->b);
        ok = false;
    }
    if (ok) {
        *key_out = c->keys[0];
        key_out->ref.name = c->keys[0].ref.name ? kr_xstrdup(c->keys[0].ref.name) : NULL;
        key_out->ref.qual = c->keys[0].ref.qual ? kr_xstrdup(c->keys[0].ref.qual) : NULL;
    }
    free(name);
    kr_ctl_free(c);
    return ok;
}

/* The part of ON(...)'s value that names the field (p,m,f, a name, VALCNT, NUM or VLEN) and,
 * with IT_ON_ITEMS, the formatting items after it into f->fmt; the field text in *field. */
static bool split_on(it_run *r, it_stmt *st, it_operand *o, unsigned allow, it_field *f, char **field)
{
    if (!(allow & IT_ON_ITEMS)) {
        *field = kr_xstrdup(o->value);
        return true;
    }
    char **parts;
    size_t n = it_split_items(o->value, &parts), k = 1;
    bool on = strcmp(o->name, "ON") == 0;
    if (on && (allow & IT_ON_VALCNT) && strcmp(parts[0], "VALCNT") == 0)
        f->valcnt = true;
    else if (on && (allow & IT_ON_DISPLAY) && strcmp(parts[0], "NUM") == 0)
        f->num = true;
    else if (on && (allow & IT_ON_DISPLAY) && strcmp(parts[0], "VLEN") == 0)
        f->vlen = true;
    else if (parts[0][0] >= '0' && parts[0][0] <= '9')
        k = n < 3 ? n : 3;
    kr_buf b;
    kr_buf_init(&b);
    for (size_t i = 0; i < k; i++)
        kr_buf_addf(&b, "%s%s", i ? "," : "", parts[i]);
    bool ok = true;
    for (size_t i = k; ok && i < n; i++)
        ok = it_format_item(r, st, o, parts[i], &f->fmt);
    it_split_free(parts, n);
    *field = kr_buf_take(&b);
    return ok;
}

/* One ON(...) or BREAK(...) operand bound into f (its key into *key when it has one). */
static bool bind_operand(it_run *r, it_stmt *st, const it_shape *sh, it_operand *o, bool numbers, bool listing,
                         unsigned allow, it_fields *out, it_field *f, kr_key *key, bool *has_key, int *rc)
{
    memset(f, 0, sizeof *f);
    it_format_init(&f->fmt);
    *has_key = false;
    if (!o->value || !*o->value) {
        *rc = it_error(r, st, o, KR_RC_FAIL, "KRK2322E", "%s needs a field: %s(p,m,f) or %s(name)", o->name, o->name,
                       o->name);
        return false;
    }
    if ((allow & IT_ON_VALCNT) && strcmp(o->value, "VALCNT") == 0)
        f->valcnt = true;
    char *field = NULL;
    if (!split_on(r, st, o, allow, f, &field)) {
        free(field);
        *rc = KR_RC_FAIL;
        return false;
    }
    f->text = field;
    if (f->valcnt || f->num || f->vlen) {
        f->numeric = true;
        return true;
    }
    it_operand fo = *o;
    fo.value = field;
    if (!bind_one(r, st, &fo, out, f, key, rc)) {
        memset(&f->b, 0, sizeof f->b);
        return false;
    }
    *has_key = f->bound = true;
    f->numeric = is_numeric(&f->b);
    if (numbers && !f->numeric) {
        *rc = it_error(r, st, o, KR_RC_FAIL, "KRK2330E", "%s(%s) is not numeric: give ZD, PD, BI or FI, or a "
                       "numeric field of the layout", o->name, o->value);
        return false;
    }
    if (!f->numeric && (f->fmt.edited || f->fmt.digits || f->fmt.lz || f->fmt.lead || f->fmt.trail)) {
        *rc = it_error(r, st, o, KR_RC_FAIL, "KRK2501E", "%s(%s): formatting items edit numbers; %s is text", o->name,
                       o->value, field);
        return false;
    }
    const kr_field *sf = listing ? sensitive_overlap(sh->layout, &f->b) : NULL;
    if (sf) {
        *rc = it_error(r, st, o, KR_RC_FAIL, "KRK2327E", "%s(%s) shows bytes of the sensitive field %s (個人番号): "
                       "ICETOOL never lists them", o->name, o->value, sf->name);
        return false;
    }
    return true;
}

static void field_free(it_field *f)
{
    if (f->bound)
        kr_bound_free(&f->b);
    free(f->text);
    it_format_free(&f->fmt);
}

bool it_fields_bind(it_run *r, it_stmt *st, const it_shape *sh, bool numbers, bool listing, unsigned allow,
                    it_fields *out, int *rc)
{
    memset(out, 0, sizeof *out);
    kr_scope_init(&out->scope, sh->lrecl, sh->layout);
    if (sh->layout)
        kr_scope_add_layout(&out->scope, sh->layout, NULL, 0);
    kr_key *keys = kr_xcalloc(st->n + 2, sizeof *keys);
    size_t n_keys = 0;
    bool ok = true, has_key;
    it_operand *o;
    while (ok && (o = it_get(st, "ON")) != NULL) {
        out->v = kr_xrealloc(out->v, (out->n + 1) * sizeof *out->v);
        it_field *f = &out->v[out->n];
        ok = bind_operand(r, st, sh, o, numbers, listing, allow, out, f, &keys[n_keys], &has_key, rc);
        n_keys += has_key;
        if (ok || f->text)
            out->n++;
        else
            field_free(f);
    }
    if (ok && (allow & IT_ON_DISPLAY) && (o = it_get(st, "BREAK")) != NULL) {
        kr_key key;
        memset(&key, 0, sizeof key);
        ok = bind_operand(r, st, sh, o, false, listing, IT_ON_ITEMS, out, &out->brk, &key, &has_key, rc);
        out->has_break = ok || out->brk.text;
        if (!ok && !out->has_break)
            field_free(&out->brk);
        free(key.ref.name);
        free(key.ref.qual);
        if (ok && (o = it_get(st, "BREAK")) != NULL)
            ok = false, *rc = it_error(r, st, o, KR_RC_FAIL, "KRK2321E", "has one BREAK(...)");
    }
    if (ok && n_keys) {
        kr_err err;
        if (!kr_keyplan_build(&out->keys, &out->scope, keys, n_keys, r->toolin, &err)) {
            *rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2322E", "ON: %s", err.text);
            ok = false;
        } else
            out->has_keys = true;
    }
    for (size_t i = 0; i < n_keys; i++) {
        free(keys[i].ref.name);
        free(keys[i].ref.qual);
    }
    free(keys);
    if (!ok)
        it_fields_free(out);
    return ok;
}

bool it_bind_on(it_run *r, it_stmt *st, const char *from, const char *using4, bool numbers, bool listing,
                unsigned allow, it_fields *f, int *rc)
{
    it_shape sh;
    if (!it_shape_for(r, st, from, using4, &sh, rc))
        return false;
    bool ok = it_fields_bind(r, st, &sh, numbers, listing, allow, f, rc);
    if (ok) {
        f->layout = sh.layout; /* the bound fields point into it */
        sh.layout = NULL;
    }
    it_shape_free(&sh);
    return ok;
}

void it_fields_free(it_fields *f)
{
    for (size_t i = 0; i < f->n; i++)
        field_free(&f->v[i]);
    if (f->has_break)
        field_free(&f->brk);
    free(f->v);
    kr_scope_free(&f->scope);
    if (f->has_keys)
        kr_keyplan_free(&f->keys);
    if (f->layout)
        kr_layout_free(f->layout);
    memset(f, 0, sizeof *f);
}

char *it_fields_sort_text(const it_fields *f)
{
    kr_buf b;
    kr_buf_init(&b);
    kr_buf_adds(&b, "  SORT FIELDS=(");
    bool first = true;
    for (size_t i = 0; i < f->n; i++) {
        if (f->v[i].valcnt)
            continue;
        kr_buf_addf(&b, "%s%s,A", first ? "" : ",", f->v[i].text);
        first = false;
    }
    kr_buf_adds(&b, ")\n");
    return kr_buf_take(&b);
}

int it_bad_value(it_run *r, const char *path, uint64_t recno, uint64_t off, const kr_problem *pb, const it_field *f)
{
    char line[800];
    snprintf(line, sizeof line, "KRK2329E FROM(%s) record %llu byte %zu (file offset %llu of the records read): ON(%s) "
             "cannot be read: %s", path,
             (unsigned long long)recno, pb->offset + 1, (unsigned long long)(off + pb->offset), f->text, pb->reason);
    fprintf(r->toolmsg, "%s\n", line);
    if (r->step->msg != r->toolmsg)
        fprintf(r->step->msg, "%s\n", line);
    return KR_RC_FAIL;
}
