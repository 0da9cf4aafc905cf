/* op_splice.c: SPLICE, DFSORT's join of records with the same ON fields: SORT orders FROM's
 * records by the ON fields (stably, after USING's INCLUDE/OMIT/INREC); in each group of
 * duplicates the first record is the base and the WITH fields of the overlay records are
 * laid over it: the last record (default), each later record in turn (WITHALL: one output
 * each), the second record's for the first WITH, the third's for the second... (WITHEACH),
 * or every later record's that is not blank, the last such winning (WITHANY).
 * KEEPNODUPS keeps records without a duplicate, KEEPBASE the base as it was. USING's OUTFIL
 * statements run on the spliced records in a second SORT call, as DFSORT's OUTFIL sees what
 * ICETOOL's exit passed on. */
#include "icetool.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SPLICE_MAX_ON 10
#define SPLICE_MAX_WITH 50

enum { OVERLAY_LAST, OVERLAY_ALL, OVERLAY_EACH, OVERLAY_ANY };

typedef struct splice_with {
    size_t offset, length;
} splice_with;

typedef struct splice_ctx {
    int how;
    bool keep_nodups, keep_base;
    const splice_with *with;
    size_t n_with;
    kr_writer *w;
    unsigned char *out;
    uint64_t groups, spliced, bases, singles;
    kr_err err;
} splice_ctx;

static void overlay(unsigned char *out, const unsigned char *rec, const splice_with *w)
{
    memcpy(out + w->offset, rec + w->offset, w->length);
}

static bool blank(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ')
            return false;
    return true;
}

static int put(splice_ctx *c, const unsigned char *rec, uint64_t *count)
{
    (*count)++;
    if (!kr_writer_put(c->w, rec, &c->err))
        return c->err.rc ? c->err.rc : KR_RC_FAIL;
    return KR_RC_OK;
}

static int splice_group(void *p, const unsigned char *recs, size_t n, size_t lrecl)
{
    splice_ctx *c = p;
    if (n == 1)
        return c->keep_nodups ? put(c, recs, &c->singles) : KR_RC_OK;
    c->groups++;
    int rc = c->keep_base ? put(c, recs, &c->bases) : KR_RC_OK;
    if (c->how == OVERLAY_ALL) {
        for (size_t i = 1; rc == KR_RC_OK && i < n; i++) {
            memcpy(c->out, recs, lrecl);
            for (size_t k = 0; k < c->n_with; k++)
                overlay(c->out, recs + i * lrecl, &c->with[k]);
            rc = put(c, c->out, &c->spliced);
        }
        return rc;
    }
    if (rc != KR_RC_OK)
        return rc;
    memcpy(c->out, recs, lrecl);
    if (c->how == OVERLAY_ANY) {
        for (size_t i = 1; i < n; i++)
            for (size_t k = 0; k < c->n_with; k++)
                if (!blank(recs + i * lrecl + c->with[k].offset, c->with[k].length))
                    overlay(c->out, recs + i * lrecl, &c->with[k]);
        return put(c, c->out, &c->spliced);
    }
    for (size_t k = 0; k < c->n_with; k++) {
        size_t from = c->how == OVERLAY_LAST ? n - 1 : k + 1;
        if (from < n)
            overlay(c->out, recs + from * lrecl, &c->with[k]);
    }
    return put(c, c->out, &c->spliced);
}

/* WITH(name): a field of FROM's layout, its bytes whatever its type. */
static bool with_name(it_run *r, it_stmt *st, it_operand *o, const kr_scope *scope, splice_with *out)
{
    kr_ref ref = {.pos = {o->line, o->col}, .name = o->value};
    kr_bound b;
    kr_err err;
    bool ok = kr_bind(scope, &ref, r->toolin, &b, &err);
    if (!ok) {
        it_error(r, st, o, KR_RC_FAIL, "KRK2413E", "WITH(%s): %s", o->value, err.text);
        return false;
    }
    out->offset = b.offset;
    out->length = b.length;
    kr_bound_free(&b);
    return true;
}

/* WITH(p,m): a field of the record, p from 1; or WITH(name) of FROM's layout. */
static bool with_operand(it_run *r, it_stmt *st, it_operand *o, size_t lrecl, const kr_scope *scope,
                         splice_with *out)
{
    const char *v = o->value ? o->value : "";
    if ((*v >= 'A' && *v <= 'Z') || (*v >= 'a' && *v <= 'z') || (unsigned char)*v >= 0x80)
        return with_name(r, st, o, scope, out);
    char *end;
    unsigned long long p = strtoull(v, &end, 10), m = 0;
    bool ok = end != v && *end == ',' && v[0] != '-';
    if (ok) {
        const char *q = end + 1;
        m = strtoull(q, &end, 10);
        ok = end != q && *end == '\0' && *q != '-' && p >= 1 && m >= 1;
    }
    if (!ok) {
        it_error(r, st, o, KR_RC_FAIL, "KRK2413E", "WITH(%s): give WITH(p,m), the position (from 1) and length "
                 "of a field the overlay record gives the base record, or WITH(name) of the layout", v);
        return false;
    }
    if (p - 1 + m > lrecl) {
        it_error(r, st, o, KR_RC_FAIL, "KRK2413E", "WITH(%s) ends at byte %llu, past the %zu-byte records "
                 "SPLICE reads", v, p - 1 + m, lrecl);
        return false;
    }
    out->offset = (size_t)(p - 1);
    out->length = (size_t)m;
    return true;
}

/* USING may choose and reformat the records before the sort and write the result with
 * OUTFIL; anything that would change the sort or the records after it is refused. */
static bool using_fits(it_run *r, it_stmt *st, const char *using4, const kr_ctl *u, int *rc)
{
    const char *what = u->op != KR_OP_NONE ? "SORT, MERGE or COPY"
                       : u->outrec.kind != KR_RF_NONE ? "OUTREC"
                       : u->has_sum ? "SUM"
                       : u->has_join ? "JOINKEYS"
                       : NULL;
    if (what)
        *rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2411E", "USING(%s): %sCNTL has %s; for SPLICE it may hold "
                       "INCLUDE, OMIT, INREC (before the sort), OUTFIL (on the spliced records) and OPTION",
                       using4, using4, what);
    return !what;
}

typedef struct splice_plan {
    const char *from, *to, *using4;
    splice_ctx ctx;
    splice_with with[SPLICE_MAX_WITH];
    it_shape sh;
    it_fields f;
    it_using_parts parts;
    const char **fnames;      /* the DDs USING's OUTFIL statements write */
    size_t n_fnames;
    bool to_in_fnames;
} splice_plan;

static int read_operands(it_run *r, it_stmt *st, splice_plan *p)
{
    int rc = KR_RC_OK;
    p->from = it_from(r, st, &rc);
    if (!p->from || !it_using4(r, st, &p->using4, &rc))
        return rc;
    it_operand *to = it_get(st, "TO");
    if (!to || !to->value)
        return it_error(r, st, to, KR_RC_FAIL, "KRK2323E", "needs TO(ddname): the data set of the spliced records");
    if (!it_ddname(r, st, to, to->value))
        return KR_RC_FAIL;
    p->to = to->value;
    if (strcmp(p->to, p->from) == 0)
        return it_error(r, st, to, KR_RC_FAIL, "KRK2414E", "TO(%s) is FROM(%s): SPLICE writes another data set "
                        "than it reads", p->to, p->from);
    static const char *const modes[] = {"WITHALL", "WITHEACH", "WITHANY"};
    it_operand *mode = NULL;
    p->ctx.how = OVERLAY_LAST;
    for (int i = 0; i < 3; i++) {
        it_operand *o = it_get(st, modes[i]);
        if (!o)
            continue;
        if (mode)
            return it_error(r, st, o, KR_RC_FAIL, "KRK2324E", "%s and %s exclude each other", mode->name, o->name);
        if (o->value)
            return it_error(r, st, o, KR_RC_FAIL, "KRK2322E", "%s takes no value", o->name);
        mode = o;
        p->ctx.how = i == 0 ? OVERLAY_ALL : i == 1 ? OVERLAY_EACH : OVERLAY_ANY;
    }
    static const char *const flags[] = {"KEEPNODUPS", "KEEPBASE"};
    for (int i = 0; i < 2; i++) {
        it_operand *o = it_get(st, flags[i]);
        if (o && o->value)
            return it_error(r, st, o, KR_RC_FAIL, "KRK2322E", "%s takes no value", o->name);
        if (i == 0)
            p->ctx.keep_nodups = o != NULL;
        else
            p->ctx.keep_base = o != NULL;
    }
    static const char *const unsupported[] = {"VLENMAX", "VLENOVLY", "VSAMTYPE", "UZERO"};
    for (int i = 0; i < 4; i++) {
        it_operand *o = it_get(st, unsupported[i]);
        if (o)
            return it_error(r, st, o, KR_RC_FAIL, "KRK2415E", "%s is not supported: kiroku's SPLICE joins "
                            "fixed-length records of files, and compares numbers by value", o->name);
    }
    return KR_RC_OK;
}

static int plan_splice(it_run *r, it_stmt *st, splice_plan *p)
{
    int rc = read_operands(r, st, p);
    if (rc != KR_RC_OK)
        return rc;
    if (!it_shape_for(r, st, p->from, p->using4, &p->sh, &rc))
        return rc ? rc : KR_RC_FAIL;
    if (p->sh.framed)
        return it_error(r, st, NULL, KR_RC_FAIL, "KRK2412E", "FROM(%s): layout %s has header or trailer records, "
                        "which spliced records could not carry with their totals", p->from, p->sh.layout->name);
    if (!it_fields_bind(r, st, &p->sh, false, false, 0, &p->f, &rc))
        return rc ? rc : KR_RC_FAIL;
    if (!p->f.n || p->f.n > SPLICE_MAX_ON)
        return it_error(r, st, NULL, KR_RC_FAIL, "KRK2323E", "needs 1 to %d ON(p,m,f) or ON(name) fields",
                        SPLICE_MAX_ON);
    it_operand *o;
    while ((o = it_get(st, "WITH")) != NULL) {
        if (p->ctx.n_with == SPLICE_MAX_WITH)
            return it_error(r, st, o, KR_RC_FAIL, "KRK2413E", "takes at most %d WITH fields", SPLICE_MAX_WITH);
        if (!with_operand(r, st, o, p->sh.lrecl, &p->f.scope, &p->with[p->ctx.n_with]))
            return KR_RC_FAIL;
        p->ctx.n_with++;
    }
    p->ctx.with = p->with;
    if (!p->ctx.n_with)
        return it_error(r, st, NULL, KR_RC_FAIL, "KRK2323E", "needs at least one WITH(p,m): the fields the overlay "
                        "record gives the base record");
    if (!it_all_used(r, st))
        return KR_RC_FAIL;
    if (p->using4) {
        char using_dd[16];
        snprintf(using_dd, sizeof using_dd, "%sCNTL", p->using4);
        if (!it_using_split(r, st, using_dd, &p->parts, &rc))
            return rc ? rc : KR_RC_FAIL;
        if (!using_fits(r, st, p->using4, p->parts.ctl, &rc))
            return rc;
        const kr_ctl *u = p->parts.ctl;
        for (size_t i = 0; i < u->n_outfils; i++)
            for (size_t j = 0; j < u->outfils[i].n_fnames; j++) {
                const char *name = u->outfils[i].fnames[j];
                if (strcmp(name, p->to) == 0) {
                    p->to_in_fnames = true;
                    continue;
                }
                if (!kr_step_dd(r->step, name))
                    return it_error(r, st, NULL, KR_RC_FAIL, "KRK2325E", "USING(%s): OUTFIL FNAMES=%s: the step has "
                                    "no DD %s", p->using4, name, name);
                p->fnames = kr_xrealloc(p->fnames, (p->n_fnames + 1) * sizeof *p->fnames);
                p->fnames[p->n_fnames++] = name;
            }
    }
    if (!kr_step_dd(r->step, p->to))
        return it_error(r, st, NULL, KR_RC_FAIL, "KRK2325E", "TO: the step has no DD %s", p->to);
    return KR_RC_OK;
}

static void plan_free(splice_plan *p)
{
    it_fields_free(&p->f);
    it_shape_free(&p->sh);
    it_using_parts_free(&p->parts);
    free(p->fnames);
}

/* The SORT call that orders the records: USING's statements before the sort, then ours on
 * the line after USING's last. */
static char *sort_by_on(it_run *r, it_stmt *st, splice_plan *p, int *rc)
{
    char *sort_text = it_fields_sort_text(&p->f);
    kr_buf s;
    kr_buf_init(&s);
    if (p->using4)
        kr_buf_add(&s, p->parts.before.data, p->parts.before.len);
    kr_buf_adds(&s, sort_text);
    free(sort_text);
    char *temp = it_temp_name(r, "SPLICE");
    it_call c = {.op = st->op, .from = p->from, .temp_out = temp, .temp_reformatted = p->sh.reformatted,
                 .statements = s.data, .statements_label = p->using4 ? p->parts.label : NULL};
    *rc = it_sort(r, st, &c);
    kr_buf_free(&s);
    if (*rc >= KR_RC_FAIL) {
        unlink(temp);
        free(temp);
        return NULL;
    }
    return temp;
}

/* USING's OUTFIL statements over the spliced records (a COPY). */
static int outfil_pass(it_run *r, it_stmt *st, splice_plan *p, const char *spliced)
{
    kr_buf s;
    kr_buf_init(&s);
    kr_buf_add(&s, p->parts.after.data, p->parts.after.len);
    kr_buf_adds(&s, "  OPTION COPY\n");
    const char *to[1] = {p->to};
    it_call c = {.op = st->op, .from = p->from, .from_path = spliced,
                 .from_layout = p->sh.reformatted ? NULL : p->sh.dd->layout, .from_lrecl = p->sh.lrecl,
                 .from_term = p->sh.term, .to = to, .n_to = p->to_in_fnames ? 0 : 1, .statements = s.data,
                 .statements_label = p->parts.label, .extra_dds = p->fnames, .n_extra_dds = p->n_fnames};
    if (p->to_in_fnames) {
        c.extra_dds = kr_xrealloc(p->fnames, (p->n_fnames + 1) * sizeof *p->fnames);
        p->fnames = (const char **)c.extra_dds;
        p->fnames[p->n_fnames] = p->to;
        c.n_extra_dds = p->n_fnames + 1;
    }
    int rc = it_sort(r, st, &c);
    kr_buf_free(&s);
    return rc;
}

static kr_writer *open_spliced(it_run *r, splice_plan *p, const char *path, int *rc)
{
    if (!path)
        return it_create(r, &p->sh, p->to, rc);
    kr_err err;
    kr_writer *w = p->sh.layout ? kr_writer_open_layout(path, p->sh.layout, &err)
                                : kr_writer_open(path, p->sh.lrecl, p->sh.term, &err);
    if (!w)
        *rc = it_fail_err(r, &err);
    return w;
}

static int run_splice(it_run *r, it_stmt *st, splice_plan *p)
{
    int rc = KR_RC_OK;
    char *sorted = sort_by_on(r, st, p, &rc);
    if (!sorted)
        return rc;
    bool outfil = p->using4 && p->parts.n_outfil_statements;
    char *spliced = outfil ? it_temp_name(r, "SPLICED") : NULL;
    p->ctx.w = open_spliced(r, p, spliced, &rc);
    if (p->ctx.w) {
        p->ctx.out = kr_xmalloc(p->sh.lrecl);
        int wrc = it_walk_groups(r, &p->sh, &p->f, sorted, splice_group, &p->ctx);
        rc = wrc > rc ? wrc : rc;
        kr_err err;
        if (rc < KR_RC_FAIL && !kr_writer_commit(p->ctx.w, &err))
            rc = it_fail_err(r, &err);
        else if (rc >= KR_RC_FAIL) {
            if (p->ctx.err.rc)
                it_fail_err(r, &p->ctx.err);
            kr_writer_abort(p->ctx.w);
        }
        free(p->ctx.out);
    }
    unlink(sorted);
    free(sorted);
    if (rc < KR_RC_FAIL && outfil) {
        int orc = outfil_pass(r, st, p, spliced);
        rc = orc > rc ? orc : rc;
    }
    if (spliced)
        unlink(spliced);
    free(spliced);
    if (rc < KR_RC_FAIL)
        fprintf(r->toolmsg, "KRK2410I SPLICE: %llu GROUPS OF DUPLICATES, %llu SPLICED RECORDS, %llu BASE RECORDS "
                "KEPT, %llu RECORDS WITHOUT DUPLICATE KEPT%s%s\n", (unsigned long long)p->ctx.groups,
                (unsigned long long)p->ctx.spliced, (unsigned long long)p->ctx.bases,
                (unsigned long long)p->ctx.singles, outfil ? ", THROUGH OUTFIL" : " TO ", outfil ? "" : p->to);
    return rc;
}

int it_op_splice(it_run *r, it_stmt *st, bool scan)
{
    splice_plan p;
    memset(&p, 0, sizeof p);
    int rc = plan_splice(r, st, &p);
    if (rc == KR_RC_OK && !scan)
        rc = run_splice(r, st, &p);
    plan_free(&p);
    return rc;
}
