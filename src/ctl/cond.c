/* cond.c: conditions of INCLUDE/OMIT COND=, OUTFIL INCLUDE=, IFTHEN WHEN= and JOINKEYS
 * INCLUDE=: comparisons joined by AND (&) and OR (|), AND binding tighter, with parentheses;
 * constants, field-against-field, SS substrings, the EQ list L(...), run-date constants. */
#include "parse.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static bool cmp_word(const ctl_tok *t, kr_cmp *op)
{
    static const char *ops[] = {"EQ", "NE", "GT", "GE", "LT", "LE"};
    if (t->kind != CT_WORD)
        return false;
    for (int i = 0; i < 6; i++)
        if (strcasecmp(t->text, ops[i]) == 0) {
            *op = (kr_cmp)i;
            return true;
        }
    return false;
}

static bool parse_date_literal(const char *s, int *ymd)
{
    int y, m, d;
    char extra;
    size_t n = strlen(s);
    if (n == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) == 3) {
    } else if (n == 8 && sscanf(s, "%4d%2d%2d%c", &y, &m, &d, &extra) == 3) {
    } else
        return false;
    *ymd = y * 10000 + m * 100 + d;
    return kr_date_valid_ymd(y, m, d);
}

/* Up to KR_DATE_OFFSETS of [+n|-n][D|M|Y], written without spaces right after the token that
 * ends at `end`: the -40Y+1D of FYEND-40Y+1D, the +1D of F1:tekiyo_shuryo_ymd+1D, the +1
 * (month) of DATE2+1. */
bool cp_date_offsets(cparser *p, size_t end, kr_const *out, char unit)
{
    for (;;) {
        ctl_tok *n = cp_peek(p);
        if (!(n->kind == CT_NUM && (n->text[0] == '+' || n->text[0] == '-') && n->start == end))
            break;
        if (out->n_offsets == KR_DATE_OFFSETS) {
            cp_error(p, n, "a date takes at most %d offsets", KR_DATE_OFFSETS);
            return false;
        }
        cp_next(p);
        int i = out->n_offsets++;
        out->offset[i] = strtol(n->text, NULL, 10);
        out->offset_unit[i] = unit;
        end = n->end;
        ctl_tok *u = cp_peek(p);
        if (u->kind == CT_WORD && u->start == end && strlen(u->text) == 1 && strchr("DMYdmy", u->text[0])) {
            cp_next(p);
            out->offset_unit[i] = (char)toupper((unsigned char)u->text[0]);
            end = u->end;
        }
        /* The calendar spans years 1-9999: a larger offset can only leave it. */
        long most = out->offset_unit[i] == 'Y' ? 9998 : out->offset_unit[i] == 'M' ? 119988 : 3652058;
        if (out->offset[i] > most || out->offset[i] < -most) {
            cp_error(p, n, "a date offset of %s%c leaves the calendar (years 1-9999); at most %ld%c",
                     n->text, out->offset_unit[i], most, out->offset_unit[i]);
            return false;
        }
    }
    return true;
}

bool cp_const(cparser *p, kr_const *out)
{
    memset(out, 0, sizeof *out);
    ctl_tok *t = cp_next(p);
    out->pos = t->pos;
    if (t->kind == CT_STR) {
        if (t->quote == 'Y') {
            if (cp_now_word(t, NULL)) {
                ctl_tok w = *t;
                return cp_now_const(p, &w, out);
            }
            if (t->len == 2 && isdigit((unsigned char)t->text[0]) && isdigit((unsigned char)t->text[1])) {
                out->kind = KR_CONST_DATE; /* Y'yy' for the year formats (Y2C, Y2P, ...) */
                out->yy = (t->text[0] - '0') * 10 + t->text[1] - '0' + 1;
                return true;
            }
            if (!parse_date_literal(t->text, &out->ymd)) {
                cp_error(p, t, "Y'...' takes DATE1, DATE2, DATE3, FYSTART, FYEND, a calendar date yyyymmdd or a "
                               "two-digit year yy");
                return false;
            }
            out->kind = KR_CONST_DATE;
            return true;
        }
        if (t->quote == 'D') {
            if (!parse_date_literal(t->text, &out->ymd)) {
                cp_error(p, t, "D'...' takes a calendar date as yyyy-mm-dd");
                return false;
            }
            out->kind = KR_CONST_DATE;
            return true;
        }
        out->kind = t->quote == 'X' ? KR_CONST_HEX : KR_CONST_CHAR;
        out->bytes = kr_xmalloc(t->len + 1);
        memcpy(out->bytes, t->text, t->len + 1);
        out->len = t->len;
        return true;
    }
    if (t->kind == CT_NUM) {
        out->kind = KR_CONST_NUM;
        const char *s = t->text;
        bool neg = *s == '-';
        if (*s == '+' || *s == '-')
            s++;
        kr_i128 v = 0;
        unsigned scale = 0;
        bool point = false;
        int digits = 0;
        for (; *s; s++) {
            if (*s == '.') {
                point = true;
                continue;
            }
            v = v * 10 + (*s - '0');
            if (point)
                scale++;
            if (++digits > 31) {
                cp_error(p, t, "a number has at most 31 digits");
                return false;
            }
        }
        out->num = neg ? -v : v;
        out->scale = scale;
        return true;
    }
    if (cp_is_punct(t, '&') && cp_peek(p)->start == t->end && cp_now_word(cp_peek(p), NULL))
        t = cp_next(p); /* &DATE1 is DATE1 */
    if (cp_now_word(t, NULL))
        return cp_now_const(p, t, out);
    cp_error(p, t, "expected a constant (C'text', X'hex', a number, DATE1, FYEND, D'yyyy-mm-dd'), found '%s'",
             t->text);
    return false;
}

static kr_cond *new_node(kr_cond_kind kind, kr_pos pos)
{
    kr_cond *c = kr_xcalloc(1, sizeof *c);
    c->kind = kind;
    c->pos = pos;
    return c;
}

static bool next_is_field_pair(cparser *p)
{
    /* p2,m2[,f2] on the right of a comparison: a number, a comma and a number. */
    ctl_tok *a = cp_peek(p);
    if (a->kind != CT_NUM || a->text[0] == '+' || a->text[0] == '-')
        return false;
    size_t i = p->toks.i;
    return i + 2 < p->toks.n && cp_is_punct(&p->toks.v[i + 1], ',') && p->toks.v[i + 2].kind == CT_NUM &&
           p->toks.v[i + 2].text[0] != '+' && p->toks.v[i + 2].text[0] != '-';
}

static bool is_constant_word(const ctl_tok *t)
{
    return t->kind == CT_WORD && cp_now_word(t, NULL);
}

static kr_cond *comparison(cparser *p)
{
    ctl_tok *first = cp_peek(p);
    kr_cond *c = new_node(KR_COND_CMP, first->pos);
    if (!cp_ref(p, &c->left, true))
        goto fail;
    if (!cp_expect(p, ',', "and a comparison (EQ, NE, GT, GE, LT, LE) after the field"))
        goto fail;
    ctl_tok *o = cp_next(p);
    bool bit_op = cp_bit_op(o, &c->op);
    if (!bit_op && !cmp_word(o, &c->op)) {
        cp_error(p, o, "expected EQ, NE, GT, GE, LT, LE or a bit operator (ALL, NONE, SOME, BO, BZ, BM, ...), found '%s'",
                 o->text);
        goto fail;
    }
    if (!cp_expect(p, ',', "and a value after the comparison"))
        goto fail;
    ctl_tok *v = cp_peek(p);
    if (bit_op || (v->kind == CT_STR && v->quote == 'B')) { /* bits.c */
        c->values = kr_xcalloc(1, sizeof *c->values);
        c->n_values = 1;
        if (!cp_bit_value(p, o, bit_op, &c->values[0]))
            goto fail;
        return c;
    }
    if (next_is_field_pair(p) || (v->kind == CT_WORD && !is_constant_word(v) &&
                                  !(cp_is_kw(v, "L") && cp_is_punct(cp_peek2(p), '(')))) {
        if (c->left.fmt == KR_FMT_SS) {
            cp_error(p, v, "SS compares with a constant C'...'");
            goto fail;
        }
        c->right_is_field = true;
        if (!cp_ref(p, &c->right, true))
            goto fail;
        /* F1:tekiyo_shuryo_ymd+1D: offsets right after the field's last token. */
        c->right_offset.kind = KR_CONST_DATE;
        c->right_offset.pos = c->right.pos;
        if (!cp_date_offsets(p, p->toks.v[p->toks.i - 1].end, &c->right_offset, 'D'))
            goto fail;
        if (!cp_fold_operand(p, c))
            goto fail;
        return c;
    }
    if (cp_is_kw(v, "L") && cp_is_punct(cp_peek2(p), '(')) {
        /* L(v1,v2,...): EQ any of them; NE none of them. */
        if (c->op != KR_EQ && c->op != KR_NE) {
            cp_error(p, v, "a list L(...) goes with EQ or NE");
            goto fail;
        }
        cp_next(p);
        cp_next(p);
        do {
            c->values = kr_xrealloc(c->values, (c->n_values + 1) * sizeof *c->values);
            if (!cp_const(p, &c->values[c->n_values]))
                goto fail;
            c->n_values++;
        } while (cp_accept(p, ','));
        if (!cp_expect(p, ')', "to close L(...)"))
            goto fail;
        return c;
    }
    c->values = kr_xcalloc(1, sizeof *c->values);
    if (!cp_const(p, &c->values[0]))
        goto fail;
    c->n_values = 1;
    if (c->left.fmt == KR_FMT_SS && c->op != KR_EQ && c->op != KR_NE) {
        cp_error(p, o, "SS (substring) goes with EQ or NE");
        goto fail;
    }
    return c;
fail:
    kr_cond_free(c);
    return NULL;
}

static kr_cond *or_expr(cparser *p);

static kr_cond *primary(cparser *p)
{
    if (cp_is_punct(cp_peek(p), '(')) {
        if (p->depth >= KR_COND_DEPTH_MAX) {
            cp_error(p, cp_peek(p), "parentheses nested deeper than %d; write the condition flatter",
                     KR_COND_DEPTH_MAX);
            return NULL;
        }
        cp_next(p);
        p->depth++;
        kr_cond *c = or_expr(p);
        p->depth--;
        if (!c)
            return NULL;
        if (!cp_expect(p, ')', "to close the parenthesis")) {
            kr_cond_free(c);
            return NULL;
        }
        return c;
    }
    return comparison(p);
}

/* A connector: ",AND," / ",&," / "&" and the same for OR. */
static bool connector(cparser *p, const char *word, char sym)
{
    size_t save = p->toks.i;
    bool comma = cp_accept(p, ',');
    ctl_tok *t = cp_peek(p);
    if (cp_is_kw(t, word) || cp_is_punct(t, sym)) {
        cp_next(p);
        cp_accept(p, ',');
        return true;
    }
    (void)comma;
    p->toks.i = save;
    return false;
}

/* Joins terms[lo..hi) with AND or OR as a balanced tree, so that a condition of many
 * comparisons is only as deep as their logarithm (every walk of it recurses). The order of
 * the terms is kept, so evaluation stops where it would have in a chain. */
static kr_cond *balanced(kr_cond **terms, size_t lo, size_t hi, kr_cond_kind kind)
{
    if (hi - lo == 1)
        return terms[lo];
    size_t mid = lo + (hi - lo) / 2;
    kr_cond *n = new_node(kind, terms[lo]->pos);
    n->a = balanced(terms, lo, mid, kind);
    n->b = balanced(terms, mid, hi, kind);
    return n;
}

/* term { connector term }, the terms parsed by `term`. */
static kr_cond *chain(cparser *p, kr_cond *(*term)(cparser *), const char *word, char sym, kr_cond_kind kind)
{
    kr_cond **terms = NULL;
    size_t n = 0, cap = 0;
    bool bad = false;
    for (;;) {
        kr_cond *t = term(p);
        if (!t) {
            bad = true;
            break;
        }
        KR_GROW(terms, cap, n + 1);
        terms[n++] = t;
        if (!connector(p, word, sym))
            break;
    }
    kr_cond *c = NULL;
    if (!bad)
        c = balanced(terms, 0, n, kind);
    else
        for (size_t i = 0; i < n; i++)
            kr_cond_free(terms[i]);
    free(terms);
    return c;
}

static kr_cond *and_expr(cparser *p)
{
    return chain(p, primary, "AND", '&', KR_COND_AND);
}

static kr_cond *or_expr(cparser *p)
{
    return chain(p, and_expr, "OR", '|', KR_COND_OR);
}

kr_cond *cp_cond_top(cparser *p)
{
    if (!cp_expect(p, '(', "to open the condition"))
        return NULL;
    kr_cond *c = or_expr(p);
    if (!c)
        return NULL;
    if (!cp_expect(p, ')', "to close the condition (or AND/OR between comparisons)")) {
        kr_cond_free(c);
        return NULL;
    }
    return c;
}

void cp_cond_default_format(kr_cond *c, kr_fmt f)
{
    if (!c)
        return;
    cp_cond_default_format(c->a, f);
    cp_cond_default_format(c->b, f);
    if (c->kind == KR_COND_CMP) {
        if (!c->left.name && c->left.fmt == KR_FMT_NONE)
            c->left.fmt = f;
        if (c->right_is_field && !c->right.name && c->right.fmt == KR_FMT_NONE)
            c->right.fmt = f;
    }
}
