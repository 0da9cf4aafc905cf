/* rebuild.c: INREC, OUTREC and OUTFIL reformatting compiled into small programs of copy,
 * constant, sequence-number, conversion and edit steps (FINDREP in findrep.c, alone or in an
 * IFTHEN clause); IFTHEN clauses run them under
 * conditions (WHEN=INIT and WHEN=GROUP (group.c) first, then the first WHEN=(cond) that
 * holds, or WHEN=NONE). */
#include "arith.h"
#include "findrep.h"
#include "kiroku/recio.h"
#include "datefn.h"
#include "group.h"
#include "hexbits.h"
#include "lookup.h"
#include "parsefld.h"

#include <stdlib.h>
#include <string.h>

enum { OP_COPY, OP_CONST, OP_SEQ, OP_CONVERT, OP_EDIT, OP_LOOKUP, OP_JUSTIFY, OP_DATEFN, OP_PARSED };

typedef struct op {
    int kind;
    size_t dst, len;       /* output position and length */
    size_t src;            /* OP_COPY; OP_PARSED: in the parsed fields */
    unsigned char *bytes;  /* OP_CONST: len bytes */
    kr_bound field;        /* OP_CONVERT, OP_EDIT */
    kr_fmt to;
    kr_edit edit;
    unsigned digits;
    size_t seq;            /* OP_SEQ: index of its counter */
    kr_fmt seq_fmt;
    kr_i128 seq_start, seq_incr;
    bool has_restart;
    kr_bound restart;
    kr_pos pos;
    kr_lookup *lookup;     /* OP_LOOKUP: CHANGE=/NOMATCH= */
    kr_justify *justify;   /* OP_JUSTIFY: JFY=, SQZ= */
    kr_arith_prog *arith;  /* OP_CONVERT, OP_EDIT of an arithmetic expression's result */
    kr_datefn_prog *datefn; /* OP_DATEFN: ADDDAYS, TOGREG=, ... (datefn.c) */
    char tran;             /* OP_COPY: kr_item.tran (LTOU 'U', UTOL 'L', ..., ETOA 'E', ATOE 'F') */
    bool to_end;           /* OP_COPY: p alone, to the end of the record (VB: its variable part) */
    const unsigned char *altseq; /* OP_COPY with TRAN=ALTSEQ: the table (NULL: none given); with
                                  * TRAN=ETOA/ATOE the item's byte table */
    bool parsed_src;       /* field is %nn,f: read from the parsed fields, not the record */
    bool cp932;
} op;

typedef struct program {
    op *ops;
    size_t n, cap;
    size_t length;         /* BUILD: the record it makes; OVERLAY: the last byte it writes */
    bool build;
} program;

typedef struct clause {
    kr_when when;
    kr_pred *cond;
    program prog;
    kr_findrep_prog *findrep; /* FINDREP= instead of prog (its length in prog.length) */
    program *lines;        /* OUTFIL BUILD with /: one program per record it makes */
    size_t n_lines;
    bool hit_next;
    ifgroup *group;       /* WHEN=GROUP */
    size_t group_index;    /* its state in kr_seqstate.groups */
} clause;

struct kr_rebuild {
    kr_reformat_kind kind;
    program main;
    kr_findrep_prog *findrep;
    clause *clauses;
    size_t n_clauses;
    size_t in_length, out_length;
    size_t n_seq;
    size_t n_groups;
    size_t work_length;    /* the largest record a step may make */
    size_t max_lines;      /* OUTFIL BUILD with / (or IFTHEN's): the most records from one */
    program *lines;        /* OUTFIL BUILD with /: one program per record it makes */
    size_t n_lines;
    kr_parseplan *parse;   /* PARSE=: cut before the items run (parsefld.c) */
};

static op *add_op(program *pg)
{
    KR_GROW(pg->ops, pg->cap, pg->n + 1);
    op *o = &pg->ops[pg->n++];
    memset(o, 0, sizeof *o);
    return o;
}

static bool is_numeric(const kr_bound *b)
{
    if (!b->has_field)
        return false;
    kr_ftype t = b->field.type;
    return t == KR_F_ZD || t == KR_F_PD || t == KR_F_BI || t == KR_F_DATE || t == KR_F_MYNUMBER;
}

static unsigned field_digits(const kr_bound *b)
{
    if (b->field.type == KR_F_BI)
        return b->field.length <= 2 ? 5 : b->field.length <= 4 ? 10 : 19;
    return b->field.digits;
}

/* The bytes of a constant item: encoded for the file, repeated; put at a field by name
 * (jusho:C'...'), padded the way the field pads and refused when it does not fit. */
static bool constant_bytes(const kr_item *it, const kr_scope *in, const kr_cond_ctx *ctx, const char *path,
                           kr_buf *out, kr_err *err)
{
    kr_bound tb = {0};
    if (it->has_target && !kr_bind(in, &it->target, path, &tb, err))
        return false;
    const kr_layout *l = it->has_target && tb.layout ? tb.layout : in->layout;
    kr_buf one;
    kr_buf_init(&one);
    bool ok = it->value.kind == KR_CONST_DATE ? kr_now_bytes(&it->value, ctx, path, &one, err)
                                              : kr_const_encode(&it->value, l, path, &one, err);
    for (size_t r = 0; ok && r < it->repeat; r++)
        kr_buf_add(out, one.data, one.len);
    kr_buf_free(&one);
    if (ok && it->has_target) {
        bool text = tb.has_field && (tb.field.type == KR_F_X || tb.field.type == KR_F_N || tb.field.type == KR_F_M);
        if (out->len > tb.length || (!text && out->len != tb.length))
            ok = kr_fail(err, KR_RC_ENV, "KRK0622E",
                         "%s:%d:%d: the constant is %zu bytes but %s holds %zu%s", path, it->pos.line, it->pos.col,
                         out->len, tb.name, tb.length,
                         text ? "" : "; a field that is not text takes a constant of exactly its width");
        else
            kr_const_pad(&tb, it->value.kind == KR_CONST_HEX, out);
    }
    kr_bound_free(&tb);
    return ok;
}

/* An edited (mask, EDIT=) or converted (TO=) number: o's kind and length from it, o->digits
 * already set. */
static bool compile_number_output(op *o, const kr_item *it, const char *path, kr_err *err)
{
    if (it->edited) {
        char why[256];
        if (!kr_edit_valid(&it->edit, why, sizeof why))
            return kr_fail(err, KR_RC_ENV, "KRK0624E", "%s:%d:%d: %s", path, it->pos.line, it->pos.col, why);
        o->kind = OP_EDIT;
        o->edit = it->edit;
        o->edit.pattern = it->edit.pattern ? kr_xstrdup(it->edit.pattern) : NULL;
        o->edit.signs = NULL;
        if (it->edit.signs) {
            o->edit.signs = kr_xmalloc(5);
            memcpy(o->edit.signs, it->edit.signs, 5);
        }
        o->len = kr_edit_length(&o->edit, o->digits);
        return true;
    }
    o->kind = OP_CONVERT;
    o->to = it->to;
    o->len = it->to_length ? it->to_length : kr_number_default_length(it->to, o->digits);
    if ((o->to == KR_FMT_BI || o->to == KR_FMT_FI) && o->len > 8)
        return kr_fail(err, KR_RC_ENV, "KRK0623E", "%s:%d:%d: a binary field is 1 to 8 bytes", path, it->pos.line,
                       it->pos.col);
    return true;
}

/* Compiles items into pg, reading records of the scope `in`; names carried whole by a
 * BUILD go into out (when not NULL). */
/* TRAN=HEX, UNHEX, BIT or UNBIT of a field (hexbits.c): an OP_COPY whose output is 2, 1/2, 8
 * or 1/8 times the field. Bytes of a sensitive field stay sensitive in any form: where they
 * land is marked so in the BUILD's scope (out, NULL for an overlay). */
static bool compile_hexbits(op *o, const kr_item *it, const kr_scope *in, kr_scope *out, size_t pos,
                            const char *path, kr_err *err)
{
    static const char *const names[] = {"HEX", "UNHEX", "BIT", "UNBIT"};
    const char *name = names[it->tran == KR_TRAN_HEX ? 0 : it->tran == KR_TRAN_UNHEX ? 1 : it->tran == KR_TRAN_BIT ? 2 : 3];
    if (it->to_end)
        return kr_fail(err, KR_RC_ENV, "KRK2563E",
                       "%s:%d:%d: TRAN=%s needs the field's length: write p,m,TRAN=%s (p alone is not taken)", path,
                       it->pos.line, it->pos.col, name, name);
    o->kind = OP_COPY;
    o->tran = it->tran;
    o->src = o->field.offset;
    o->len = kr_hexbits_length(it->tran, o->field.length);
    if (!o->len)
        return kr_fail(err, KR_RC_ENV, "KRK2563E",
                       "%s:%d:%d: TRAN=%s of %s: the field is %zu bytes, not a whole number of %s", path,
                       it->pos.line, it->pos.col, name, o->field.name, o->field.length,
                       it->tran == KR_TRAN_UNHEX ? "pairs of hex digits" : "8-bit groups");
    if (!out || o->parsed_src)
        return true;
    /* Where a sensitive field's bytes land: HEX and BIT widen each byte 2 or 8 times, UNHEX
     * and UNBIT narrow 2 or 8 bytes into one (any output byte a sensitive byte went into). */
    bool widen = it->tran == KR_TRAN_HEX || it->tran == KR_TRAN_BIT;
    size_t ratio = it->tran == KR_TRAN_HEX || it->tran == KR_TRAN_UNHEX ? 2 : 8;
    for (size_t k = 0; k < in->n; k++) {
        const kr_field *f = &in->v[k].field;
        size_t from = f->offset > o->src ? f->offset : o->src;
        size_t to = f->offset + f->length < o->src + o->field.length ? f->offset + f->length : o->src + o->field.length;
        if (!f->sensitive || from >= to)
            continue;
        from -= o->src;
        to -= o->src;
        kr_field moved = *f;
        moved.name = "(sensitive bytes)";
        moved.length = widen ? (to - from) * ratio : (to + ratio - 1) / ratio - from / ratio;
        kr_scope_add_field(out, in->v[k].qual, in->v[k].type_name, &moved, pos + (widen ? from * ratio : from / ratio),
                           in->v[k].layout);
    }
    return true;
}

static bool compile_items(program *pg, const kr_items *items, bool build, const kr_scope *in,
                          const kr_cond_ctx *ctx, const kr_parseplan *pp, const char *path, kr_scope *out,
                          size_t *n_seq, kr_err *err)
{
    size_t pos = 0;
    pg->build = build;
    for (size_t i = 0; i < items->n; i++) {
        const kr_item *it = &items->v[i];
        size_t column = it->column;
        if (it->has_target) {
            kr_bound tb;
            if (!kr_bind(in, &it->target, path, &tb, err))
                return false;
            column = tb.offset + 1;
            kr_bound_free(&tb);
        }
        if (column) {
            if (build && column - 1 < pos)
                return kr_fail(err, KR_RC_ENV, "KRK0622E",
                               "%s:%d:%d: column %zu is before the end of what the items before it built (column %zu)",
                               path, it->pos.line, it->pos.col, column, pos + 1);
            if (build && column - 1 > pos) {
                op *o = add_op(pg); /* blanks up to the column */
                o->kind = OP_CONST;
                o->dst = pos;
                o->len = column - 1 - pos;
                o->bytes = kr_xmalloc(o->len);
                memset(o->bytes, ' ', o->len);
            }
            pos = column - 1;
        }
        if (it->align) {
            if (!build)
                return kr_fail(err, KR_RC_ENV, "KRK0622E",
                               "%s:%d:%d: the alignment H, F or D places a field of BUILD (or FIELDS=); OVERLAY "
                               "puts each field at its column",
                               path, it->pos.line, it->pos.col);
            size_t pad = (it->align - pos % it->align) % it->align;
            if (pad) {
                op *z = add_op(pg); /* binary zeros up to the boundary */
                z->kind = OP_CONST;
                z->dst = pos;
                z->len = pad;
                z->bytes = kr_xcalloc(1, pad);
                pos += pad;
            }
        }
        op *o = add_op(pg);
        o->pos = it->pos;
        o->dst = pos;
        switch (it->kind) {
        case KR_ITEM_CONST: {
            kr_buf b;
            kr_buf_init(&b);
            if (!constant_bytes(it, in, ctx, path, &b, err)) {
                kr_buf_free(&b);
                return false;
            }
            o->kind = OP_CONST;
            o->len = b.len;
            o->bytes = (unsigned char *)kr_buf_take(&b);
            break;
        }
        case KR_ITEM_SEQNUM:
            o->kind = OP_SEQ;
            o->len = it->seq_len;
            if ((it->seq_fmt == KR_FMT_BI || it->seq_fmt == KR_FMT_FI) && it->seq_len > 8)
                return kr_fail(err, KR_RC_ENV, "KRK0622E", "%s:%d:%d: a binary SEQNUM is 1 to 8 bytes", path,
                               it->pos.line, it->pos.col);
            o->seq_fmt = it->seq_fmt;
            o->seq_start = it->seq_start;
            o->seq_incr = it->seq_incr;
            o->seq = (*n_seq)++;
            if (it->seq_restart) {
                if (!kr_bind(in, &it->ref, path, &o->restart, err))
                    return false;
                o->has_restart = true;
            }
            break;
        case KR_ITEM_FIELD: {
            kr_ref r = it->ref;
            if (it->to_end) {
                if (r.start > in->reclen)
                    return kr_fail(err, KR_RC_ENV, "KRK0622E", "%s:%d:%d: position %zu is past the %zu-byte record",
                                   path, it->pos.line, it->pos.col, r.start, in->reclen);
                r.length = in->reclen - r.start + 1;
            }
            o->parsed_src = r.parsed != 0;
            if (o->parsed_src ? !kr_parseplan_bind(pp, &r, path, &o->field, err) : !kr_bind(in, &r, path, &o->field, err))
                return false;
            if ((it->change_len || it->tran || it->justify) && (it->to != KR_FMT_NONE || it->edited))
                return kr_fail(err, KR_RC_ENV, "KRK0757E",
                               "%s:%d:%d: CHANGE=, TRAN=, JFY= and SQZ= work on a field's bytes; they cannot be "
                               "combined with TO=, a mask or EDIT=",
                               path, it->pos.line, it->pos.col);
            if ((it->change_len != 0) + (it->tran != 0) + (it->justify != 0) > 1)
                return kr_fail(err, KR_RC_ENV, "KRK0757E",
                               "%s:%d:%d: a field takes one of CHANGE=, TRAN=, JFY= and SQZ=", path, it->pos.line,
                               it->pos.col);
            if (it->justify) {
                o->kind = OP_JUSTIFY;
                o->justify = kr_justify_build(it, &o->field, in, path, err);
                if (!o->justify)
                    return false;
                o->len = kr_justify_length(o->justify);
            } else if (it->change_len) {
                o->kind = OP_LOOKUP;
                o->lookup = kr_lookup_build(it, &o->field, in, path, err);
                if (!o->lookup)
                    return false;
                o->len = kr_lookup_length(o->lookup);
            } else if (it->to != KR_FMT_NONE || it->edited || o->field.fmt == KR_FMT_STAMP) {
                if (!is_numeric(&o->field))
                    return kr_fail(err, KR_RC_ENV, "KRK0623E",
                                   "%s:%d:%d: %s is not a number; TO= and edits convert ZD, PD, BI and FI fields "
                                   "(give the format: p,m,ZD,...)",
                                   path, it->pos.line, it->pos.col, o->field.name);
                o->digits = field_digits(&o->field);
                if (!compile_number_output(o, it, path, err))
                    return false;
                if (o->field.fmt == KR_FMT_STAMP && !it->edited && it->to == KR_FMT_NONE) {
                    o->to = KR_FMT_ZD; /* DT1 alone: Z'yyyymmdd', as DFSORT writes it */
                    o->len = it->to_length ? it->to_length : o->digits;
                }
            } else if (kr_tran_is_hexbits(it->tran)) {
                if (!compile_hexbits(o, it, in, build ? out : NULL, pos, path, err))
                    return false;
            } else {
                o->kind = OP_COPY;
                o->src = o->field.offset;
                o->len = o->field.length;
                o->to_end = it->to_end;
                o->tran = it->tran;
                o->altseq = it->tran == 'E' || it->tran == 'F' ? it->tran_table : ctx->altseq;
                o->cp932 = !in->layout || in->layout->encoding == KR_ENC_CP932;
                if (out && build && r.name && o->field.has_field) {
                    const kr_scope_entry *e = NULL;
                    for (size_t k = 0; k < in->n && !e; k++)
                        if (strcmp(in->v[k].field.name, r.name) == 0 && in->v[k].field.offset == o->field.offset)
                            e = &in->v[k];
                    if (e)
                        kr_scope_add_field(out, e->qual, e->type_name, &e->field, pos, e->layout);
                } else if (out && build && !r.name && !o->parsed_src) {
                    /* Bytes copied by position still hold what they held: a sensitive field's
                     * bytes stay sensitive (masked in reports, refused in their headings),
                     * under a name no statement can write. */
                    for (size_t k = 0; k < in->n; k++) {
                        const kr_field *f = &in->v[k].field;
                        size_t from = f->offset > o->src ? f->offset : o->src;
                        size_t to = f->offset + f->length < o->src + o->len ? f->offset + f->length : o->src + o->len;
                        if (!f->sensitive || from >= to)
                            continue;
                        kr_field moved = *f;
                        moved.name = "(sensitive bytes)";
                        moved.length = to - from;
                        kr_scope_add_field(out, in->v[k].qual, in->v[k].type_name, &moved, pos + (from - o->src),
                                           in->v[k].layout);
                    }
                }
            }
            break;
        }
        case KR_ITEM_ARITH: {
            if (it->change_len || it->tran || it->justify)
                return kr_fail(err, KR_RC_ENV, "KRK0757E",
                               "%s:%d:%d: CHANGE=, TRAN=, JFY= and SQZ= work on a field's bytes, not on arithmetic",
                               path, it->pos.line, it->pos.col);
            o->arith = kr_arith_build(it, in, pp, path, err);
            if (!o->arith)
                return false;
            o->digits = KR_ARITH_DIGITS;
            o->field.name = kr_xstrdup("arithmetic");
            if (!compile_number_output(o, it, path, err))
                return false;
            if (!it->edited && it->to == KR_FMT_NONE) { /* DFSORT's default: 15-digit ZD */
                o->to = KR_FMT_ZD;
                o->len = it->to_length ? it->to_length : KR_ARITH_DIGITS;
            }
            break;
        }
        case KR_ITEM_PARSED:
            o->kind = OP_PARSED;
            if (!pp || !kr_parseplan_field(pp, it->parsed, &o->src, &o->len))
                return kr_fail(err, KR_RC_ENV, "KRK2256E",
                               "%s:%d:%d: %%%02d is not defined: PARSE=(%%%02d=(...,FIXLEN=n)) in the same statement "
                               "defines it",
                               path, it->pos.line, it->pos.col, it->parsed, it->parsed);
            break;
        case KR_ITEM_DATEFN:
            o->kind = OP_DATEFN;
            o->datefn = kr_datefn_build(it, in, ctx, path, err);
            if (!o->datefn)
                return false;
            o->len = kr_datefn_length(o->datefn);
            break;
        case KR_ITEM_DATE:
        case KR_ITEM_TIME: { /* DATE=(4MD/), &TIME, ... in BUILD: the run's date or time */
            kr_buf b;
            kr_buf_init(&b);
            if (it->kind == KR_ITEM_DATE)
                kr_now_date_form(ctx->run_date, it->form, &b);
            else
                kr_now_time_form(ctx->run_time, it->form, &b);
            o->kind = OP_CONST;
            o->len = b.len;
            o->bytes = (unsigned char *)kr_buf_take(&b);
            break;
        }
        case KR_ITEM_NEWLINE:
            return kr_fail(err, KR_RC_ENV, "KRK0754E",
                           "%s:%d:%d: / writes several records from one: only OUTFIL's BUILD= (or OUTREC=) and its "
                           "IFTHEN clauses' BUILD take it, not INREC, OUTREC or an OVERLAY",
                           path, it->pos.line, it->pos.col);
        default:
            return kr_fail(err, KR_RC_ENV, "KRK0622E", "%s:%d:%d: COUNT and TOT belong in OUTFIL trailers", path,
                           it->pos.line, it->pos.col);
        }
        pos += o->len;
    }
    pg->length = pos;
    return true;
}

static void program_free(program *pg)
{
    for (size_t i = 0; i < pg->n; i++) {
        free(pg->ops[i].bytes);
        kr_lookup_free(pg->ops[i].lookup);
        kr_justify_free(pg->ops[i].justify);
        kr_arith_free(pg->ops[i].arith);
        kr_datefn_free(pg->ops[i].datefn);
        kr_bound_free(&pg->ops[i].field);
        kr_bound_free(&pg->ops[i].restart);
        free(pg->ops[i].edit.pattern);
        free(pg->ops[i].edit.signs);
    }
    free(pg->ops);
    memset(pg, 0, sizeof *pg);
}

/* OUTFIL's BUILD=(a,/,b,2/,c) (also in an IFTHEN clause): a program per record it makes;
 * n/ gives n-1 empty records between (programs of no steps). */
static bool compile_lines(program **lines, size_t *n_lines, const kr_items *items, const kr_scope *view,
                          const kr_cond_ctx *ctx, const kr_parseplan *pp, const char *path, size_t *n_seq,
                          kr_err *err)
{
    size_t start = 0;
    for (size_t i = 0; i <= items->n; i++) {
        bool end = i == items->n;
        if (!end && items->v[i].kind != KR_ITEM_NEWLINE)
            continue;
        size_t blanks = end ? 0 : items->v[i].repeat - 1;
        *lines = kr_xrealloc(*lines, (*n_lines + 1 + blanks) * sizeof **lines);
        memset(*lines + *n_lines, 0, (1 + blanks) * sizeof **lines);
        kr_items one = {.v = items->v + start, .n = i - start, .cap = i - start};
        if (!compile_items(&(*lines)[(*n_lines)++], &one, true, view, ctx, pp, path, NULL, n_seq, err))
            return false;
        *n_lines += blanks;
        start = i + 1;
    }
    return true;
}

static bool has_newline(const kr_items *items)
{
    for (size_t i = 0; i < items->n; i++)
        if (items->v[i].kind == KR_ITEM_NEWLINE)
            return true;
    return false;
}

static kr_rebuild *build(const kr_reformat *rf, const kr_scope *in, const kr_cond_ctx *ctx, const char *path,
                         kr_scope *out_scope, bool lines_ok, kr_err *err);

kr_rebuild *kr_rebuild_build(const kr_reformat *rf, const kr_scope *in, const kr_cond_ctx *ctx,
                             const char *path, kr_scope *out_scope, kr_err *err)
{
    return build(rf, in, ctx, path, out_scope, false, err);
}

kr_rebuild *kr_rebuild_build_lines(const kr_reformat *rf, const kr_scope *in, const kr_cond_ctx *ctx,
                                   const char *path, kr_scope *out_scope, kr_err *err)
{
    return build(rf, in, ctx, path, out_scope, true, err);
}

size_t kr_rebuild_lines(const kr_rebuild *r)
{
    return r->max_lines ? r->max_lines : 1;
}

static kr_rebuild *build(const kr_reformat *rf, const kr_scope *in, const kr_cond_ctx *ctx, const char *path,
                         kr_scope *out_scope, bool lines_ok, kr_err *err)
{
    kr_rebuild *r = kr_xcalloc(1, sizeof *r);
    r->kind = rf->kind;
    r->in_length = in->reclen;
    kr_scope_init(out_scope, in->reclen, in->layout);
    if (rf->n_parse && !(r->parse = kr_parseplan_build(rf, in, path, err)))
        goto fail;
    if (lines_ok && rf->kind == KR_RF_BUILD && has_newline(&rf->items)) {
        if (!compile_lines(&r->lines, &r->n_lines, &rf->items, in, ctx, r->parse, path, &r->n_seq, err))
            goto fail;
        for (size_t l = 0; l < r->n_lines; l++)
            if (r->lines[l].length > r->out_length)
                r->out_length = r->lines[l].length;
        if (!r->out_length)
            r->out_length = 1;
        r->max_lines = r->n_lines;
    } else if (rf->kind == KR_RF_BUILD || rf->kind == KR_RF_OVERLAY) {
        bool build = rf->kind == KR_RF_BUILD;
        if (!compile_items(&r->main, &rf->items, build, in, ctx, r->parse, path, build ? out_scope : NULL, &r->n_seq, err))
            goto fail;
        r->out_length = build ? r->main.length : (r->main.length > in->reclen ? r->main.length : in->reclen);
    } else if (rf->kind == KR_RF_FINDREP) {
        r->findrep = kr_findrep_build(rf->findrep, in, path, err);
        if (!r->findrep)
            goto fail;
        r->out_length = kr_findrep_length(r->findrep);
    } else if (rf->kind == KR_RF_IFTHEN) {
        r->clauses = kr_xcalloc(rf->n_clauses, sizeof *r->clauses);
        r->n_clauses = rf->n_clauses;
        /* Each clause reads the record as the clauses before it left it: WHEN=INIT clauses
         * may lengthen it (OVERLAY=(81:SEQNUM,...) on 80-byte records) or rebuild it, and
         * later conditions and items reach those positions. After a BUILD the layout's
         * names no longer say where the fields are. */
        size_t base = in->reclen, longest = 0;
        bool any_build = false, built = false, has_none = false;
        for (size_t i = 0; i < rf->n_clauses; i++) {
            const kr_ifthen *c = &rf->clauses[i];
            clause *cl = &r->clauses[i];
            cl->when = c->when;
            cl->hit_next = c->hit_next;
            kr_scope view = *in; /* a view: the same names, the record's length at this clause */
            view.reclen = base;
            if (built && !view.why_no_names)
                view.why_no_names = "an IFTHEN WHEN=INIT clause with BUILD moved the fields; use positions";
            if (c->when == KR_WHEN_GROUP) {
                cl->group = ifgroup_build(c, &view, ctx, path, err);
                if (!cl->group)
                    goto fail;
                cl->group_index = r->n_groups++;
                if (ifgroup_length(cl->group) > base)
                    base = ifgroup_length(cl->group);
                continue;
            }
            if (c->cond) {
                cl->cond = kr_pred_build(c->cond, &view, ctx, path, err);
                if (!cl->cond)
                    goto fail;
            }
            if (lines_ok && c->build && has_newline(&c->items)) { /* OUTFIL: several records from one */
                if (c->when == KR_WHEN_INIT || c->hit_next) {
                    kr_fail(err, KR_RC_ENV, "KRK2433E",
                            "%s:%d:%d: a BUILD with / ends the record's clauses: it goes in a WHEN=(condition) clause "
                            "without HIT=NEXT or in WHEN=NONE, not in %s",
                            path, c->pos.line, c->pos.col, c->hit_next ? "one with HIT=NEXT" : "WHEN=INIT");
                    goto fail;
                }
                if (!compile_lines(&cl->lines, &cl->n_lines, &c->items, &view, ctx, r->parse, path, &r->n_seq, err))
                    goto fail;
                for (size_t l = 0; l < cl->n_lines; l++)
                    if (cl->lines[l].length > longest)
                        longest = cl->lines[l].length;
                if (cl->n_lines > r->max_lines)
                    r->max_lines = cl->n_lines;
                any_build = true;
                has_none |= c->when == KR_WHEN_NONE;
                continue;
            }
            if (c->findrep) { /* the record found and replaced: MAXLEN= or its length here */
                cl->findrep = kr_findrep_build(c->findrep, &view, path, err);
                if (!cl->findrep)
                    goto fail;
                cl->prog.length = kr_findrep_length(cl->findrep);
            } else if (!compile_items(&cl->prog, &c->items, c->build, &view, ctx, r->parse, path, NULL, &r->n_seq,
                                      err))
                goto fail;
            any_build |= c->build;
            bool sets_length = c->build || c->findrep; /* an OVERLAY only lengthens */
            if (c->when == KR_WHEN_INIT) {
                base = sets_length ? cl->prog.length : (cl->prog.length > base ? cl->prog.length : base);
                built |= c->build;
            } else {
                /* What this clause can leave: a BUILD its record; an OVERLAY at least the
                 * record it was given (at most as long as the longest before it). */
                size_t made = cl->prog.length;
                if (!sets_length && base > made)
                    made = base;
                if (made > longest)
                    longest = made;
                has_none |= c->when == KR_WHEN_NONE;
            }
        }
        /* A record no WHEN=(cond) clause takes keeps its length unless WHEN=NONE takes it. */
        if (!has_none && base > longest)
            longest = base;
        r->out_length = rf->ifoutlen ? rf->ifoutlen : longest;
        for (size_t i = 0; i < r->n_clauses; i++)
            for (size_t l = 0; l < r->clauses[i].n_lines; l++)
                if (r->clauses[i].lines[l].length > r->out_length) {
                    kr_fail(err, KR_RC_ENV, "KRK2433E",
                            "%s:%d:%d: IFOUTLEN=%zu is shorter than the %zu-byte record this BUILD with / makes", path,
                            rf->clauses[i].pos.line, rf->clauses[i].pos.col, r->out_length,
                            r->clauses[i].lines[l].length);
                    goto fail;
                }
        if (any_build)
            out_scope->why_no_names = "after IFTHEN with BUILD the record's layout depends on each record; use positions";
    }
    if (rf->kind == KR_RF_OVERLAY || rf->kind == KR_RF_FINDREP ||
        (rf->kind == KR_RF_IFTHEN && !out_scope->why_no_names)) {
        for (size_t i = 0; i < in->n; i++)
            kr_scope_add_field(out_scope, in->v[i].qual, in->v[i].type_name, &in->v[i].field,
                               in->v[i].field.offset, in->v[i].layout);
        out_scope->why_no_names = in->why_no_names;
    }
    out_scope->reclen = r->out_length;
    r->work_length = r->out_length > in->reclen ? r->out_length : in->reclen;
    for (size_t i = 0; i < r->n_clauses; i++)
        if (r->clauses[i].prog.length > r->work_length)
            r->work_length = r->clauses[i].prog.length;
    return r;
fail:
    kr_rebuild_free(r);
    kr_scope_free(out_scope);
    return NULL;
}

void kr_rebuild_free(kr_rebuild *r)
{
    if (!r)
        return;
    kr_parseplan_free(r->parse);
    program_free(&r->main);
    for (size_t l = 0; l < r->n_lines; l++)
        program_free(&r->lines[l]);
    free(r->lines);
    kr_findrep_free(r->findrep);
    for (size_t i = 0; i < r->n_clauses; i++) {
        kr_pred_free(r->clauses[i].cond);
        program_free(&r->clauses[i].prog);
        kr_findrep_free(r->clauses[i].findrep);
        for (size_t l = 0; l < r->clauses[i].n_lines; l++)
            program_free(&r->clauses[i].lines[l]);
        free(r->clauses[i].lines);
        ifgroup_free(r->clauses[i].group);
    }
    free(r->clauses);
    free(r);
}

size_t kr_rebuild_length(const kr_rebuild *r)
{
    return r->out_length;
}

bool kr_rebuild_single_copy(const kr_rebuild *r, size_t *src, size_t *len)
{
    if (r->kind != KR_RF_BUILD || r->main.n != 1 || r->main.ops[0].kind != OP_COPY || r->main.ops[0].dst != 0)
        return false;
    *src = r->main.ops[0].src;
    *len = r->main.ops[0].len;
    return true;
}

void kr_seqstate_init(kr_seqstate *s, const kr_rebuild *r)
{
    s->n = r->n_seq;
    s->values = kr_xcalloc(s->n ? s->n : 1, sizeof *s->values);
    s->started = kr_xcalloc(s->n ? s->n : 1, sizeof *s->started);
    s->restart_keys = kr_xcalloc(s->n ? s->n : 1, sizeof *s->restart_keys);
    s->n_groups = r->n_groups;
    s->groups = kr_xcalloc(s->n_groups ? s->n_groups : 1, sizeof *s->groups);
    s->parsed = kr_xcalloc(r->parse && kr_parseplan_length(r->parse) ? kr_parseplan_length(r->parse) : 1, 1);
    for (size_t i = 0; i < r->n_clauses; i++)
        if (r->clauses[i].group)
            ifgroup_state_init(&s->groups[r->clauses[i].group_index], r->clauses[i].group, r->work_length);
}

void kr_seqstate_free(kr_seqstate *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->restart_keys[i]);
    free(s->values);
    free(s->started);
    free(s->restart_keys);
    for (size_t i = 0; i < s->n_groups; i++)
        ifgroup_state_free(&s->groups[i]);
    free(s->groups);
    free(s->parsed);
    memset(s, 0, sizeof *s);
}

static void seq_problem(kr_problem *pb, const op *o, const char *what)
{
    if (!pb)
        return;
    pb->rc = KR_RC_REJECT;
    pb->id = "KRK0625E";
    pb->offset = o->kind == OP_SEQ ? 0 : o->field.offset;
    snprintf(pb->reason, sizeof pb->reason, "%s", what);
}

/* Runs one program on src (src_len bytes) into dst (which may already hold the record for
 * an OVERLAY); returns false with pb set on a value that does not convert. */
static bool run(const program *pg, const unsigned char *src, unsigned char *dst, kr_seqstate *seq,
                kr_problem *pb)
{
    const unsigned char *rec = src;
    for (size_t i = 0; i < pg->n; i++) {
        const op *o = &pg->ops[i];
        src = o->parsed_src ? seq->parsed : rec;
        switch (o->kind) {
        case OP_COPY:
            if (kr_tran_is_hexbits(o->tran)) {
                bool show = o->field.has_field && o->field.field.name && !o->field.field.sensitive;
                if (!kr_hexbits_apply(o->tran, src + o->src, o->field.length, dst + o->dst, show, pb)) {
                    if (pb)
                        pb->offset += o->field.offset;
                    return false;
                }
                break;
            }
            memmove(dst + o->dst, src + o->src, o->len);
            if (o->tran == 'H' || o->tran == 'Z') {
                if (!kr_tran_width(dst + o->dst, o->len, o->tran, o->cp932, pb)) {
                    if (pb)
                        pb->offset = o->field.offset;
                    return false;
                }
            } else if (o->tran == 'A') {
                if (o->altseq)
                    kr_tran_altseq(dst + o->dst, o->len, o->altseq, o->cp932);
            } else if (o->tran == 'E' || o->tran == 'F') { /* EBCDIC data: every byte, not by character */
                for (size_t b = 0; b < o->len; b++)
                    dst[o->dst + b] = o->altseq[dst[o->dst + b]];
            } else if (o->tran)
                kr_tran_case(dst + o->dst, o->len, o->tran, o->cp932);
            break;
        case OP_LOOKUP:
            if (!kr_lookup_apply(o->lookup, src, dst + o->dst, pb))
                return false;
            break;
        case OP_JUSTIFY:
            if (!kr_justify_apply(o->justify, src, dst + o->dst, pb))
                return false;
            break;
        case OP_CONST:
            memcpy(dst + o->dst, o->bytes, o->len);
            break;
        case OP_PARSED:
            memcpy(dst + o->dst, seq->parsed + o->src, o->len);
            break;
        case OP_DATEFN:
            if (!kr_datefn_apply(o->datefn, src, dst + o->dst, pb))
                return false;
            break;
        case OP_SEQ: {
            kr_i128 *v = &seq->values[o->seq];
            bool restart = !seq->started[o->seq];
            if (o->has_restart) {
                const unsigned char *k = src + o->restart.offset;
                if (!seq->restart_keys[o->seq]) {
                    seq->restart_keys[o->seq] = kr_xmalloc(o->restart.length);
                    restart = true;
                } else if (memcmp(seq->restart_keys[o->seq], k, o->restart.length) != 0)
                    restart = true;
                memcpy(seq->restart_keys[o->seq], k, o->restart.length);
            }
            *v = restart ? o->seq_start : *v + o->seq_incr;
            seq->started[o->seq] = true;
            if (!kr_number_put(o->seq_fmt, *v, dst + o->dst, o->len)) {
                seq_problem(pb, o, "SEQNUM overflowed its field");
                return false;
            }
            break;
        }
        case OP_CONVERT:
        case OP_EDIT: {
            kr_i128 v;
            unsigned scale;
            if (o->arith) {
                scale = 0;
                if (!kr_arith_eval(o->arith, src, seq->parsed, &v, pb))
                    return false;
            } else if (!kr_bound_number(&o->field, src, &v, &scale, pb))
                return false;
            bool ok = o->kind == OP_CONVERT ? kr_number_put(o->to, v, dst + o->dst, o->len)
                                            : kr_edit_number(&o->edit, v, o->digits, dst + o->dst, o->len);
            if (!ok) {
                char msg[200];
                char num[64];
                kr_num_format(v, scale, num);
                /* The value is shown only for a layout's field that is not sensitive: a
                 * positional field may lie over a 個人番号. */
                bool show = o->field.has_field && o->field.field.name && !o->field.field.sensitive;
                if (!show)
                    snprintf(num, sizeof num, "(a value of %zu digits, not shown)", strspn(num + (num[0] == '-'), "0123456789"));
                snprintf(msg, sizeof msg, "%s = %s does not fit %zu bytes as %s", o->field.name, num, o->len,
                         o->kind == OP_CONVERT ? kr_fmt_name(o->to) : "edited");
                seq_problem(pb, o, msg);
                return false;
            }
            break;
        }
        }
    }
    return true;
}

bool kr_rebuild_apply(const kr_rebuild *r, const unsigned char *rec, unsigned char *out,
                      kr_seqstate *seq, kr_problem *pb)
{
    size_t n;
    return kr_rebuild_apply_lines(r, rec, out, &n, seq, pb);
}

bool kr_rebuild_apply_lines(const kr_rebuild *r, const unsigned char *rec, unsigned char *out, size_t *n,
                            kr_seqstate *seq, kr_problem *pb)
{
    *n = 1;
    if (r->parse && !kr_parseplan_apply(r->parse, rec, r->in_length, seq->parsed, pb))
        return false;
    bool ok = true;
    if (r->n_lines) { /* OUTFIL BUILD with /: its records side by side in out */
        for (size_t l = 0; l < r->n_lines && ok; l++) {
            memset(out + l * r->out_length, ' ', r->out_length);
            ok = run(&r->lines[l], rec, out + l * r->out_length, seq, pb);
        }
        *n = r->n_lines;
    } else if (r->kind == KR_RF_BUILD) {
        ok = run(&r->main, rec, out, seq, pb);
    } else if (r->kind == KR_RF_FINDREP) {
        ok = kr_findrep_apply(r->findrep, rec, r->in_length, out, pb);
    } else if (r->kind == KR_RF_OVERLAY) {
        memcpy(out, rec, r->in_length);
        if (r->out_length > r->in_length)
            memset(out + r->in_length, ' ', r->out_length - r->in_length);
        ok = run(&r->main, rec, out, seq, pb);
    } else {
        /* IFTHEN: work in a buffer as long as the longest step may make. */
        unsigned char stackbuf[4096];
        unsigned char *cur = r->work_length <= sizeof stackbuf / 2 ? stackbuf : kr_xmalloc(2 * r->work_length);
        unsigned char *tmp = cur + r->work_length;
        size_t len = r->in_length;
        memcpy(cur, rec, len);
        memset(cur + len, ' ', r->work_length - len);
        bool hit = false, stop = false;
        for (size_t i = 0; i < r->n_clauses && ok && !stop; i++) {
            const clause *c = &r->clauses[i];
            if (c->when == KR_WHEN_GROUP) {
                ok = ifgroup_apply(c->group, &seq->groups[c->group_index], cur, r->work_length, pb);
                if (ifgroup_length(c->group) > len)
                    len = ifgroup_length(c->group);
                continue;
            }
            if (c->when == KR_WHEN_COND) {
                int t = kr_pred_eval(c->cond, cur, pb);
                if (t < 0) {
                    ok = false;
                    break;
                }
                if (!t)
                    continue;
                hit = true;
                stop = !c->hit_next;
            } else if (c->when == KR_WHEN_NONE) {
                if (hit)
                    continue;
            }
            if (c->n_lines) { /* the last clause this record meets: its records straight to out */
                for (size_t l = 0; l < c->n_lines && ok; l++) {
                    memset(out + l * r->out_length, ' ', r->out_length);
                    ok = run(&c->lines[l], cur, out + l * r->out_length, seq, pb);
                }
                *n = c->n_lines;
                if (cur != stackbuf)
                    free(cur);
                return ok;
            } else if (c->findrep) {
                memcpy(tmp, cur, r->work_length);
                ok = kr_findrep_apply(c->findrep, tmp, len, cur, pb);
                len = c->prog.length;
            } else if (c->prog.build) {
                memset(tmp, ' ', r->work_length);
                ok = run(&c->prog, cur, tmp, seq, pb);
                memcpy(cur, tmp, r->work_length);
                len = c->prog.length;
            } else {
                memcpy(tmp, cur, r->work_length);
                ok = run(&c->prog, tmp, cur, seq, pb);
                if (c->prog.length > len)
                    len = c->prog.length;
            }
        }
        if (ok) {
            memcpy(out, cur, r->out_length <= r->work_length ? r->out_length : r->work_length);
            if (r->out_length > r->work_length)
                memset(out + r->work_length, ' ', r->out_length - r->work_length);
            if (len < r->out_length)
                memset(out + len, ' ', r->out_length - len);
        }
        if (cur != stackbuf)
            free(cur);
    }
    return ok;
}

/* The end of the last input byte a program's fields read (copies, conversions, edits,
 * CHANGE/JFY/SQZ, a SEQNUM's RESTART= field); for an overlay also the last byte it writes. */
static size_t program_extent(const program *pg)
{
    size_t end = 0;
    for (size_t i = 0; i < pg->n; i++) {
        const op *o = &pg->ops[i];
        size_t e = pg->build ? 0 : o->dst + o->len;
        if (o->kind == OP_COPY && o->to_end)
            continue; /* the variable part: as much as the record has, maybe nothing */
        size_t read = o->kind == OP_COPY && kr_tran_is_hexbits(o->tran) ? o->field.length : o->len;
        if (o->kind == OP_COPY && o->src + read > e)
            e = o->src + read;
        else if (o->kind != OP_COPY && o->field.length && o->field.offset + o->field.length > e)
            e = o->field.offset + o->field.length;
        if (o->has_restart && o->restart.offset + o->restart.length > e)
            e = o->restart.offset + o->restart.length;
        if (e > end)
            end = e;
    }
    return end;
}

size_t kr_rebuild_extent(const kr_rebuild *r)
{
    size_t end = program_extent(&r->main);
    for (size_t i = 0; i < r->n_clauses; i++) {
        size_t e = program_extent(&r->clauses[i].prog);
        if (e > end)
            end = e;
    }
    return end;
}

bool kr_rebuild_builds(const kr_rebuild *r)
{
    return r->kind == KR_RF_BUILD || r->main.build;
}

bool kr_rebuild_is_findrep(const kr_rebuild *r)
{
    return r->kind == KR_RF_FINDREP;
}

bool kr_rebuild_apply_rdw(const kr_rebuild *r, const unsigned char *rec, unsigned char *out, kr_problem *pb)
{
    size_t have = kr_rdw_length(rec), used = 0, room = r->out_length > 4 ? r->out_length - 4 : 0;
    if (have < 4)
        have = 4;
    if (have > r->in_length)
        have = r->in_length;
    memset(out, 0, r->out_length);
    memcpy(out, rec, 4);
    if (!kr_findrep_apply_in(r->findrep, rec + 4, have - 4, out + 4, room, &used, pb))
        return false;
    memset(out + 4 + used, 0, room - used); /* not the blanks of a fixed record */
    kr_rdw_set(out, 4 + used);
    return true;
}

bool kr_rebuild_keeps_rdw(const kr_rebuild *r)
{
    if (r->kind != KR_RF_BUILD)
        return true; /* an overlay, FINDREP or IFTHEN works on the record in place */
    return r->main.n > 0 && r->main.ops[0].kind == OP_COPY && r->main.ops[0].src == 0 && r->main.ops[0].dst == 0 &&
           r->main.ops[0].len >= 4 && !r->main.ops[0].tran;
}

bool kr_rebuild_rest(const kr_rebuild *r, size_t *src, size_t *in_length)
{
    if (r->kind != KR_RF_BUILD || r->main.n == 0)
        return false;
    const op *o = &r->main.ops[r->main.n - 1];
    if (o->kind != OP_COPY || !o->to_end || o->dst + o->len != r->out_length)
        return false;
    *src = o->src;
    *in_length = r->in_length;
    return true;
}
