/* arith.c: arithmetic in reformatting (ADD, SUB, MUL, DIV, MOD, MIN, MAX over fields and +n
 * constants): the parser's postfix steps with their fields bound, evaluated on a stack of
 * 128-bit integers. Values are the fields' integers (implied decimals are the user's to line
 * up, as in DFSORT); DIV truncates toward zero, MOD has the dividend's sign; a result past
 * 31 digits stops the step (KRK2200E) where DFSORT would carry on with an overflowed value. */
#include "arith.h"

#include <stdlib.h>
#include <string.h>

typedef struct step {
    kr_arith_kind kind;
    kr_bound field;
    bool parsed;       /* the field is %nn,f: read from the parsed fields */
    kr_i128 value;
} step;

struct kr_arith_prog {
    step *steps;
    size_t n;
    size_t depth; /* the stack the steps need */
};

static const kr_i128 LIMIT = (kr_i128)10000000000000000LL * 1000000000000000LL; /* 10^31 */

static bool numeric(const kr_bound *b)
{
    if (!b->has_field)
        return false;
    kr_ftype t = b->field.type;
    return t == KR_F_ZD || t == KR_F_PD || t == KR_F_BI;
}

kr_arith_prog *kr_arith_build(const kr_item *it, const kr_scope *in, const kr_parseplan *pp, const char *path,
                              kr_err *err)
{
    kr_arith_prog *a = kr_xcalloc(1, sizeof *a);
    a->steps = kr_xcalloc(it->n_arith ? it->n_arith : 1, sizeof *a->steps);
    size_t depth = 0;
    for (size_t i = 0; i < it->n_arith; i++) {
        const kr_arith *s = &it->arith[i];
        step *d = &a->steps[a->n++];
        d->kind = s->kind;
        d->value = s->value;
        if (s->kind == KR_AR_FIELD) {
            d->parsed = s->ref.parsed != 0;
            if (d->parsed ? !kr_parseplan_bind(pp, &s->ref, path, &d->field, err)
                          : !kr_bind(in, &s->ref, path, &d->field, err))
                goto fail;
            if (!numeric(&d->field)) {
                kr_fail(err, KR_RC_ENV, "KRK2201E",
                        "%s:%d:%d: %s is not a number; arithmetic takes ZD, PD, BI and FI fields (give the "
                        "format: p,m,ZD) and constants +n",
                        path, s->pos.line, s->pos.col, d->field.name);
                goto fail;
            }
        }
        if (s->kind == KR_AR_FIELD || s->kind == KR_AR_CONST) {
            if (++depth > a->depth)
                a->depth = depth;
        } else
            depth--;
    }
    return a;
fail:
    kr_arith_free(a);
    return NULL;
}

static void overflow(kr_problem *pb, const step *s)
{
    if (!pb)
        return;
    static const char *names[] = {"", "", "ADD", "SUB", "MUL", "DIV", "MOD", "MIN", "MAX"};
    pb->rc = KR_RC_REJECT;
    pb->id = "KRK2200E";
    pb->offset = 0;
    snprintf(pb->reason, sizeof pb->reason, "arithmetic: the result of %s has more than 31 digits", names[s->kind]);
}

bool kr_arith_eval(const kr_arith_prog *a, const unsigned char *rec, const unsigned char *parsed, kr_i128 *v,
                   kr_problem *pb)
{
    kr_i128 small[32];
    kr_i128 *st = a->depth <= 32 ? small : kr_xmalloc(a->depth * sizeof *st);
    size_t n = 0;
    bool ok = true;
    for (size_t i = 0; i < a->n && ok; i++) {
        const step *s = &a->steps[i];
        if (s->kind == KR_AR_FIELD) {
            unsigned scale;
            ok = kr_bound_number(&s->field, s->parsed ? parsed : rec, &st[n++], &scale, pb);
            continue;
        }
        if (s->kind == KR_AR_CONST) {
            st[n++] = s->value;
            continue;
        }
        kr_i128 y = st[--n], x = st[n - 1], r = 0;
        switch (s->kind) {
        case KR_AR_ADD: r = x + y; break;
        case KR_AR_SUB: r = x - y; break;
        case KR_AR_MUL:
            if (__builtin_mul_overflow(x, y, &r))
                r = LIMIT; /* both below 10^31: past what 128 bits hold means past 31 digits */
            break;
        case KR_AR_DIV: r = y == 0 ? 0 : x / y; break;
        case KR_AR_MOD: r = y == 0 ? 0 : x % y; break;
        case KR_AR_MIN: r = x < y ? x : y; break;
        case KR_AR_MAX: r = x > y ? x : y; break;
        default: break;
        }
        if (r >= LIMIT || r <= -LIMIT) {
            overflow(pb, s);
            ok = false;
        }
        st[n - 1] = r;
    }
    if (ok)
        *v = st[0];
    if (st != small)
        free(st);
    return ok;
}

void kr_arith_free(kr_arith_prog *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->n; i++)
        kr_bound_free(&a->steps[i].field);
    free(a->steps);
    free(a);
}
