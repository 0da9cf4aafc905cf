/* pred.c: compiled conditions. Each comparison is checked and prepared once: constants are
 * converted to the file's encoding and padded the way the field is padded, numbers scaled,
 * run-date constants resolved; evaluation then reads the record only. */
#include "foldcmp.h"
#include "kiroku/engine.h"
#include "kiroku/text.h"

#include <stdlib.h>
#include <string.h>

enum { P_AND, P_OR, P_BYTES, P_BYTES_FIELD, P_NUM, P_NUM_FIELD, P_DATE, P_DATE_FIELD, P_SS, P_FOLD, P_BITS };

struct kr_pred {
    int kind;
    kr_cmp op;
    kr_pred *a, *b;
    kr_bound left, right;
    unsigned char **vals; /* P_BYTES, P_SS: constants, each left.length bytes (SS: as written) */
    size_t *lens;
    kr_i128 *nums;        /* P_NUM: scaled to `scale` */
    unsigned scale;
    int *dates;           /* P_DATE: yyyymmdd; P_DATE with month granularity: yyyymm00 */
    kr_const right_offset; /* P_DATE_FIELD: offsets applied to the right field's date */
    bool by_month;
    bool by_year;         /* a Y2C/Y2P/... year field: dates compare by their years */
    size_t n;
    kr_foldcmp *fold;     /* P_FOLD */
    kr_const *now_vals;   /* run-date constants made text or numbers for a plain field */
    int century;          /* Y2 dates: the first year of the century window */
    const unsigned char *altseq; /* P_BYTES, P_BYTES_FIELD of AQ fields (CH under CHALT) */
};

static int apply_cmp(kr_cmp op, int c)
{
    switch (op) {
    case KR_EQ: return c == 0;
    case KR_NE: return c != 0;
    case KR_GT: return c > 0;
    case KR_GE: return c >= 0;
    case KR_LT: return c < 0;
    case KR_LE: return c <= 0;
    default: return 0; /* the bit operators are P_BITS */
    }
}

static bool is_text_field(const kr_bound *b)
{
    return b->fmt == KR_FMT_CH || b->fmt == KR_FMT_TEXT || b->fmt == KR_FMT_KANA || b->fmt == KR_FMT_SS;
}

/* X'..' against a PD0 field (DFSORT): the digits between the first digit and the sign, so
 * X'1234' for a 3-byte field; as the number they make. False when it is not that. */
static bool pd0_constant(const kr_const *k, const kr_bound *L, kr_const *out)
{
    if (k->kind != KR_CONST_HEX || k->len != L->length - 1)
        return false;
    *out = *k;
    out->kind = KR_CONST_NUM;
    out->scale = 0;
    out->num = 0;
    for (size_t i = 0; i < 2 * k->len; i++) {
        unsigned d = i % 2 ? k->bytes[i / 2] & 0x0Fu : k->bytes[i / 2] >> 4;
        if (d > 9)
            return false;
        out->num = out->num * 10 + d;
    }
    return true;
}

/* A BI field of more than 8 bytes (kr_bind_compared): compared as unsigned bytes only. */
static bool is_long_bi(const kr_bound *b)
{
    return b->fmt == KR_FMT_BI && !b->bits && b->length > 8;
}

static bool is_number_field(const kr_bound *b)
{
    return b->fmt == KR_FMT_ZD || b->fmt == KR_FMT_PD || b->fmt == KR_FMT_BI || b->fmt == KR_FMT_FI ||
           b->fmt == KR_FMT_UFF || b->fmt == KR_FMT_SFF || b->fmt == KR_FMT_CSF;
}

static bool is_date_field(const kr_bound *b)
{
    return (b->fmt == KR_FMT_NONE && b->has_field && b->field.type == KR_F_DATE) || b->fmt == KR_FMT_YDATE;
}

/* A year format (Y2C, Y2Z, Y2S, Y2P, Y2D, Y2B): read as January 1 of its year. */
static bool is_year_field(const kr_bound *b)
{
    return b->fmt == KR_FMT_YDATE && b->ydate[0] && strchr("CZSPDB", b->ydate[2]);
}

/* A date field's value: a layout's date, or a Y2/Y4 date by position (datefn.c). */
static bool get_date(const kr_bound *b, int century, const unsigned char *rec, kr_date *out, kr_problem *pb)
{
    if (b->fmt == KR_FMT_YDATE)
        return kr_ydate_get(b, century, rec, out, pb);
    return kr_date_get(b->layout, &b->field, rec, out, pb);
}

static kr_pred *fail(kr_pred *p)
{
    kr_pred_free(p);
    return NULL;
}

kr_pred *kr_pred_build(const kr_cond *c, const kr_scope *s, const kr_cond_ctx *ctx,
                       const char *path, kr_err *err)
{
    kr_pred *p = kr_xcalloc(1, sizeof *p);
    if (c->kind != KR_COND_CMP) {
        p->kind = c->kind == KR_COND_AND ? P_AND : P_OR;
        p->a = kr_pred_build(c->a, s, ctx, path, err);
        if (!p->a)
            return fail(p);
        p->b = kr_pred_build(c->b, s, ctx, path, err);
        if (!p->b)
            return fail(p);
        return p;
    }
    p->op = c->op;
    p->century = ctx->century;
    if (ctx->altseq && c->left.fmt == KR_FMT_CH && (c->left.aq || ctx->chalt))
        p->altseq = ctx->altseq; /* used by P_BYTES and P_BYTES_FIELD only */
    if (!kr_bind_compared(s, &c->left, path, &p->left, err))
        return fail(p);
    const kr_bound *L = &p->left;
    int line = c->left.pos.line, col = c->left.pos.col;
    if (L->fmt == KR_FMT_NONE && !is_date_field(L)) {
        kr_fail(err, KR_RC_ENV, "KRK0611E", "%s:%d:%d: field %s has no format; write p,m,f (CH, ZD, PD, BI, FI, SS)",
                path, line, col, L->name);
        return fail(p);
    }
    if (c->op >= KR_BIT_ALL || (c->n_values == 1 && c->values[0].kind == KR_CONST_BITS)) {
        /* Bit tests: vals[0] the bits that must be on, vals[1] those that must be off (B'..'),
         * or vals[0] the mask (bit operators); a mask shorter than the field is padded on the
         * right with zero bits. */
        const kr_const *k = &c->values[0];
        size_t m = k->kind == KR_CONST_BITS ? k->len / 2 : k->len;
        if (m > L->length || (k->kind == KR_CONST_BITS && m != L->length)) {
            kr_fail(err, KR_RC_ENV, "KRK2206E", "%s:%d:%d: the bit %s is %zu bytes but %s is %zu",
                    path, k->pos.line, k->pos.col, k->kind == KR_CONST_BITS ? "constant" : "mask", m, L->name,
                    L->length);
            return fail(p);
        }
        p->kind = P_BITS;
        p->n = 2;
        p->vals = kr_xcalloc(2, sizeof *p->vals);
        for (int i = 0; i < 2; i++)
            p->vals[i] = kr_xcalloc(L->length, 1);
        memcpy(p->vals[0], k->bytes, m);
        if (k->kind == KR_CONST_BITS)
            memcpy(p->vals[1], k->bytes + m, m);
        return p;
    }
    if (c->right_is_field) {
        if (!kr_bind_compared(s, &c->right, path, &p->right, err))
            return fail(p);
        const kr_bound *R = &p->right;
        if (c->right_offset.n_offsets && !(is_date_field(L) && is_date_field(R))) {
            kr_fail(err, KR_RC_ENV, "KRK1601E",
                    "%s:%d:%d: %s+n/-n moves a date, but %s and %s are not both date fields of a layout",
                    path, c->right.pos.line, c->right.pos.col, R->name, L->name, R->name);
            return fail(p);
        }
        if (c->fold) {
            p->kind = P_FOLD;
            p->fold = kr_foldcmp_build(c, L, R, path, err);
            if (!p->fold)
                return fail(p);
        } else if (is_long_bi(L) || is_long_bi(R)) {
            if (L->fmt != KR_FMT_BI || R->fmt != KR_FMT_BI || L->length != R->length) {
                kr_fail(err, KR_RC_ENV, "KRK2561E",
                        "%s:%d:%d: %s and %s: a BI field longer than 8 bytes is compared byte for byte, with a BI "
                        "field of the same length or a C'...'/X'...' constant",
                        path, line, col, L->name, R->name);
                return fail(p);
            }
            p->kind = P_BYTES_FIELD;
        } else if (is_text_field(L) && is_text_field(R))
            p->kind = P_BYTES_FIELD;
        else if (is_number_field(L) && is_number_field(R))
            p->kind = P_NUM_FIELD;
        else if (is_date_field(L) && is_date_field(R))
            p->kind = P_DATE_FIELD;
        else {
            kr_fail(err, KR_RC_ENV, "KRK0612E",
                    "%s:%d:%d: %s and %s are of different kinds (text, number, date) and cannot be compared",
                    path, line, col, L->name, R->name);
            return fail(p);
        }
        p->right_offset = c->right_offset;
        p->by_year = p->kind == P_DATE_FIELD && (is_year_field(L) || is_year_field(R));
        return p;
    }
    p->n = c->n_values;
    for (size_t i = 0; i < c->n_values; i++) {
        const kr_const *k = &c->values[i];
        if (k->kind == KR_CONST_DATE && k->date_form && !is_date_field(L)) {
            /* DATE1, DATE1(-)-365, DATE1P on a plain field (rundate.c) */
            if (!p->now_vals)
                p->now_vals = kr_xcalloc(c->n_values, sizeof *p->now_vals);
            if (!kr_now_for_field(k, L, ctx, path, &p->now_vals[i], err))
                return fail(p);
            k = &p->now_vals[i];
        }
        int kcol = k->pos.col, kline = k->pos.line;
        kr_const pd0_digits;
        if (L->pd0 && (k->kind == KR_CONST_CHAR || k->kind == KR_CONST_HEX)) {
            if (!pd0_constant(k, L, &pd0_digits)) {
                kr_fail(err, KR_RC_ENV, "KRK2564E",
                        "%s:%d:%d: %s is PD0: compare it with a number or with X'..' of its %zu digits between the "
                        "first digit and the sign (%zu bytes, each half 0-9), as DFSORT does",
                        path, kline, kcol, L->name, 2 * L->length - 2, L->length - 1);
                return fail(p);
            }
            k = &pd0_digits;
        }
        bool textual = k->kind == KR_CONST_CHAR || k->kind == KR_CONST_HEX;
        if (L->fmt == KR_FMT_SS) {
            if (!textual) {
                kr_fail(err, KR_RC_ENV, "KRK0613E", "%s:%d:%d: SS searches for C'text' or X'hex'", path, kline, kcol);
                return fail(p);
            }
            p->kind = P_SS;
        } else if (textual) {
            /* Text constants compare with the field's bytes, whatever its type: codes are
             * written as text in layouts (C'1' for a 9(1) code), as DFSORT's CH compares. */
            p->kind = P_BYTES;
        } else if (is_text_field(L) || (L->has_field && L->field.type == KR_F_MYNUMBER)) {
            if (!textual) {
                kr_fail(err, KR_RC_ENV, "KRK0613E",
                        "%s:%d:%d: %s is text; compare it with C'...' or X'...'%s", path, kline, kcol, L->name,
                        is_date_field(L) ? " (or a date: D'yyyy-mm-dd', DATE1)" : "");
                return fail(p);
            }
            p->kind = P_BYTES;
        } else if (is_long_bi(L)) {
            kr_fail(err, KR_RC_ENV, "KRK2561E",
                    "%s:%d:%d: %s: a BI field longer than 8 bytes is compared byte for byte, with a BI field of the "
                    "same length or a C'...'/X'...' constant, not a number",
                    path, kline, kcol, L->name);
            return fail(p);
        } else if (is_number_field(L)) {
            if (k->kind != KR_CONST_NUM) {
                kr_fail(err, KR_RC_ENV, "KRK0613E", "%s:%d:%d: %s is a number; compare it with a number such as 100 or -5",
                        path, kline, kcol, L->name);
                return fail(p);
            }
            p->kind = P_NUM;
        } else if (is_date_field(L)) {
            if (k->kind != KR_CONST_DATE) {
                kr_fail(err, KR_RC_ENV, "KRK0613E",
                        "%s:%d:%d: %s is a date; compare it with D'yyyy-mm-dd', DATE1[+-n[D|M|Y]], FYEND-40Y+1D or C'raw digits'",
                        path, kline, kcol, L->name);
                return fail(p);
            }
            p->kind = P_DATE;
        }
        if (p->kind == P_BYTES || p->kind == P_SS) {
            if (!p->vals) {
                p->vals = kr_xcalloc(c->n_values, sizeof *p->vals);
                p->lens = kr_xcalloc(c->n_values, sizeof *p->lens);
            }
            kr_buf v;
            kr_buf_init(&v);
            if (!kr_const_encode(k, L->layout, path, &v, err)) {
                kr_buf_free(&v);
                return fail(p);
            }
            if (p->kind == P_BYTES) {
                bool exact = !is_text_field(L) && !(L->has_field && L->field.type == KR_F_MYNUMBER);
                if (exact && v.len != L->length) {
                    kr_fail(err, KR_RC_ENV, "KRK0614E",
                            "%s:%d:%d: the constant is %zu bytes but %s is %zu; compare a number with a number "
                            "(such as 100) or a date with a date (D'yyyy-mm-dd'), or write all %zu bytes",
                            path, kline, kcol, v.len, L->name, L->length, L->length);
                    kr_buf_free(&v);
                    return fail(p);
                }
                if (v.len > L->length) {
                    kr_fail(err, KR_RC_ENV, "KRK0614E",
                            "%s:%d:%d: the constant is %zu bytes but %s is %zu; it can never be equal", path,
                            kline, kcol, v.len, L->name, L->length);
                    kr_buf_free(&v);
                    return fail(p);
                }
                kr_const_pad(L, k->kind == KR_CONST_HEX, &v);
            } else if (v.len == 0) {
                kr_fail(err, KR_RC_ENV, "KRK0614E", "%s:%d:%d: SS needs a non-empty constant", path, kline, kcol);
                kr_buf_free(&v);
                return fail(p);
            }
            p->lens[i] = v.len;
            p->vals[i] = (unsigned char *)kr_buf_take(&v);
        } else if (p->kind == P_NUM) {
            if (!p->nums)
                p->nums = kr_xcalloc(c->n_values, sizeof *p->nums);
            unsigned fs = L->has_field ? L->field.scale : 0;
            if (k->scale > fs) {
                kr_fail(err, KR_RC_ENV, "KRK0614E", "%s:%d:%d: the constant has %u decimal places but %s has %u",
                        path, kline, kcol, k->scale, L->name, fs);
                return fail(p);
            }
            kr_i128 v = k->num;
            for (unsigned d = k->scale; d < fs; d++)
                v *= 10;
            p->nums[i] = v;
            p->scale = fs;
        } else if (p->kind == P_DATE) {
            if (k->date_form >= KR_NOW_DATE4 || k->now_packed || k->now_sep) {
                kr_fail(err, KR_RC_ENV, "KRK2251E",
                        "%s:%d:%d: %s is a date of the layout; compare it with DATE1, DATE2, DATE3 (with +n/-n), "
                        "FYSTART, FYEND or D'yyyy-mm-dd', not a time, a timestamp, a separator or a packed form",
                        path, kline, kcol, L->name);
                return fail(p);
            }
            if (!p->dates)
                p->dates = kr_xcalloc(c->n_values, sizeof *p->dates);
            int ymd = kr_date_resolve(k, ctx);
            if (ymd < 10101 || ymd > 99991231) {
                kr_fail(err, KR_RC_ENV, "KRK1701E",
                        "%s:%d:%d: the date is outside the calendar (years 1-9999) on the run date %d", path,
                        kline, kcol, ctx->run_date);
                return fail(p);
            }
            bool month = k->date_form == 2 || L->field.datefmt == KR_DATE_YYYYMM;
            if (i > 0 && month != p->by_month) {
                kr_fail(err, KR_RC_ENV, "KRK0614E", "%s:%d:%d: the dates of the list mix months and days", path,
                        kline, kcol);
                return fail(p);
            }
            p->by_month = month;
            p->dates[i] = is_year_field(L) ? ymd / 10000 * 10000 + 101 : month ? ymd / 100 * 100 : ymd;
        }
    }
    return p;
}

void kr_pred_free(kr_pred *p)
{
    if (!p)
        return;
    kr_pred_free(p->a);
    kr_pred_free(p->b);
    kr_bound_free(&p->left);
    kr_bound_free(&p->right);
    if (p->vals)
        for (size_t i = 0; i < p->n; i++)
            free(p->vals[i]);
    free(p->vals);
    free(p->lens);
    free(p->nums);
    free(p->dates);
    if (p->now_vals)
        for (size_t i = 0; i < p->n; i++)
            free(p->now_vals[i].bytes);
    free(p->now_vals);
    kr_foldcmp_free(p->fold);
    free(p);
}

static bool ss_match(const unsigned char *field, size_t flen, const unsigned char *k, size_t klen)
{
    /* DFSORT: a constant shorter than the field is searched for in the field; a field
     * shorter than the constant is searched for in the constant. */
    const unsigned char *hay = flen >= klen ? field : k, *needle = flen >= klen ? k : field;
    size_t hl = flen >= klen ? flen : klen, nl = flen >= klen ? klen : flen;
    for (size_t i = 0; i + nl <= hl; i++)
        if (memcmp(hay + i, needle, nl) == 0)
            return true;
    return false;
}

/* memcmp, or through the ALTSEQ table t (each byte's place in the collating sequence). */
static int cmp_alt(const unsigned char *a, const unsigned char *b, size_t n, const unsigned char *t)
{
    if (!t)
        return memcmp(a, b, n);
    for (size_t i = 0; i < n; i++)
        if (t[a[i]] != t[b[i]])
            return t[a[i]] < t[b[i]] ? -1 : 1;
    return 0;
}

static int cmp_bytes_padded(const unsigned char *a, size_t la, const unsigned char *b, size_t lb,
                            const unsigned char *t)
{
    size_t n = la < lb ? la : lb;
    int c = cmp_alt(a, b, n, t);
    if (c)
        return c;
    unsigned char blank = t ? t[' '] : ' ';
    for (size_t i = n; i < la; i++)
        if ((t ? t[a[i]] : a[i]) != blank)
            return (t ? t[a[i]] : a[i]) < blank ? -1 : 1;
    for (size_t i = n; i < lb; i++)
        if ((t ? t[b[i]] : b[i]) != blank)
            return (t ? t[b[i]] : b[i]) < blank ? 1 : -1;
    return 0;
}

static int date_rank(const kr_date *d, bool by_month)
{
    /* none < every date < open */
    if (d->kind == KR_DATE_NONE)
        return -1;
    if (d->kind == KR_DATE_OPEN)
        return 99999999 + 1;
    return by_month ? d->ymd / 100 * 100 : d->ymd;
}

static int cmp_i128(kr_i128 a, kr_i128 b)
{
    return a < b ? -1 : a > b;
}

int kr_pred_eval(const kr_pred *p, const unsigned char *rec, kr_problem *pb)
{
    switch (p->kind) {
    case P_AND: {
        int a = kr_pred_eval(p->a, rec, pb);
        if (a <= 0)
            return a;
        return kr_pred_eval(p->b, rec, pb);
    }
    case P_OR: {
        int a = kr_pred_eval(p->a, rec, pb);
        if (a != 0)
            return a;
        return kr_pred_eval(p->b, rec, pb);
    }
    case P_BYTES: {
        const unsigned char *f = rec + p->left.offset;
        bool any = false;
        for (size_t i = 0; i < p->n && !any; i++) {
            int c = cmp_alt(f, p->vals[i], p->left.length, p->altseq);
            if (p->n == 1)
                return apply_cmp(p->op, c);
            any = c == 0;
        }
        return p->op == KR_EQ ? any : !any;
    }
    case P_SS: {
        bool any = false;
        for (size_t i = 0; i < p->n && !any; i++)
            any = ss_match(rec + p->left.offset, p->left.length, p->vals[i], p->lens[i]);
        return p->op == KR_EQ ? any : !any;
    }
    case P_BITS: {
        const unsigned char *f = rec + p->left.offset;
        bool on = true, off = true;
        for (size_t i = 0; i < p->left.length; i++) {
            on &= (f[i] & p->vals[0][i]) == p->vals[0][i];
            off &= (f[i] & (p->op >= KR_BIT_ALL ? p->vals[0][i] : p->vals[1][i])) == 0;
        }
        switch (p->op) {
        case KR_EQ: return on && off; /* B'..': its ones on and its zeros off */
        case KR_NE: return !(on && off);
        case KR_BIT_ALL: return on;
        case KR_BIT_NONE: return off;
        case KR_BIT_SOME: return !on && !off;
        case KR_BIT_NOTALL: return !on;
        case KR_BIT_NOTNONE: return !off;
        case KR_BIT_NOTSOME: return on || off;
        default: return 0;
        }
    }
    case P_BYTES_FIELD:
        return apply_cmp(p->op, cmp_bytes_padded(rec + p->left.offset, p->left.length, rec + p->right.offset,
                                                 p->right.length, p->altseq));
    case P_FOLD:
        return apply_cmp(p->op, kr_foldcmp_eval(p->fold, rec));
    case P_NUM: {
        kr_i128 v;
        unsigned sc;
        if (!kr_bound_number(&p->left, rec, &v, &sc, pb))
            return -1;
        bool any = false;
        for (size_t i = 0; i < p->n && !any; i++) {
            int c = cmp_i128(v, p->nums[i]);
            if (p->n == 1)
                return apply_cmp(p->op, c);
            any = c == 0;
        }
        return p->op == KR_EQ ? any : !any;
    }
    case P_NUM_FIELD: {
        kr_i128 a, b;
        unsigned sa, sb;
        if (!kr_bound_number(&p->left, rec, &a, &sa, pb) || !kr_bound_number(&p->right, rec, &b, &sb, pb))
            return -1;
        for (; sa < sb; sa++)
            a *= 10;
        for (; sb < sa; sb++)
            b *= 10;
        return apply_cmp(p->op, cmp_i128(a, b));
    }
    case P_DATE: {
        kr_date d;
        if (!get_date(&p->left, p->century, rec, &d, pb))
            return -1;
        int v = date_rank(&d, p->by_month);
        bool any = false;
        for (size_t i = 0; i < p->n && !any; i++) {
            int c = v < p->dates[i] ? -1 : v > p->dates[i];
            if (p->n == 1)
                return apply_cmp(p->op, c);
            any = c == 0;
        }
        return p->op == KR_EQ ? any : !any;
    }
    case P_DATE_FIELD: {
        kr_date a, b;
        if (!get_date(&p->left, p->century, rec, &a, pb) || !get_date(&p->right, p->century, rec, &b, pb))
            return -1;
        bool month = p->left.field.datefmt == KR_DATE_YYYYMM || p->right.field.datefmt == KR_DATE_YYYYMM;
        if (b.kind == KR_DATE_VALUE && p->right_offset.n_offsets)
            b.ymd = kr_date_apply_offsets(b.ymd, &p->right_offset);
        if (p->by_year) {
            a.ymd = a.ymd / 10000 * 10000 + 101;
            b.ymd = b.ymd / 10000 * 10000 + 101;
        }
        int x = date_rank(&a, month), y = date_rank(&b, month);
        return apply_cmp(p->op, x < y ? -1 : x > y);
    }
    }
    return 0;
}

/* The end of the last byte any comparison reads (variable-length records: a record shorter
 * than this is short for the condition). A stack instead of recursion: conditions may nest
 * deeply. */
size_t kr_pred_extent(const kr_pred *p)
{
    size_t end = 0, n = 0, cap = 16;
    const kr_pred **stack = kr_xmalloc(cap * sizeof *stack);
    if (p)
        stack[n++] = p;
    while (n) {
        const kr_pred *q = stack[--n];
        if (q->kind == P_AND || q->kind == P_OR) {
            KR_GROW(stack, cap, n + 2);
            if (q->a)
                stack[n++] = q->a;
            if (q->b)
                stack[n++] = q->b;
            continue;
        }
        if (q->left.offset + q->left.length > end)
            end = q->left.offset + q->left.length;
        if (q->right.length && q->right.offset + q->right.length > end)
            end = q->right.offset + q->right.length;
    }
    free(stack);
    return end;
}
