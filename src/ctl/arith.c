/* arith.c: arithmetic expressions in reformatting items, as DFSORT writes them:
 * `p,m,f,ADD,+n,...`, fields by name, decimal constants +n / -n, the operators MIN and MAX
 * (first), MUL, DIV and MOD, then ADD and SUB, left to right within a level, and parentheses.
 * Parsed by operator precedence into postfix order without recursion; the depth of
 * parentheses is limited like a condition's. */
#include "parse.h"

#include <stdlib.h>
#include <string.h>

static kr_arith_kind op_word(const ctl_tok *t)
{
    static const struct {
        const char *w;
        kr_arith_kind k;
    } ops[] = {{"ADD", KR_AR_ADD}, {"SUB", KR_AR_SUB}, {"MUL", KR_AR_MUL}, {"DIV", KR_AR_DIV},
               {"MOD", KR_AR_MOD}, {"MIN", KR_AR_MIN}, {"MAX", KR_AR_MAX}};
    if (t->kind != CT_WORD)
        return KR_AR_FIELD;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (cp_is_kw(t, ops[i].w))
            return ops[i].k;
    return KR_AR_FIELD;
}

static int precedence(kr_arith_kind k)
{
    return k == KR_AR_MIN || k == KR_AR_MAX ? 3 : k == KR_AR_ADD || k == KR_AR_SUB ? 1 : 2;
}

static bool signed_number(const ctl_tok *t)
{
    return t->kind == CT_NUM && (t->text[0] == '+' || t->text[0] == '-');
}

static const ctl_tok *tok_at(const cparser *p, size_t i)
{
    return i < p->toks.n ? &p->toks.v[i] : NULL;
}

/* ", OP" at token i. */
static bool op_at(const cparser *p, size_t i)
{
    const ctl_tok *c = tok_at(p, i), *w = tok_at(p, i + 1);
    return c && w && cp_is_punct(c, ',') && op_word(w) != KR_AR_FIELD;
}

bool cp_arith_ahead(const cparser *p)
{
    size_t i = p->toks.i;
    const ctl_tok *t = tok_at(p, i);
    if (!t)
        return false;
    if (cp_is_punct(t, '('))
        return true;
    if (signed_number(t))
        return op_at(p, i + 1);
    if (t->kind == CT_NUM) { /* p,m,f,OP */
        const ctl_tok *c1 = tok_at(p, i + 1), *m = tok_at(p, i + 2), *c2 = tok_at(p, i + 3), *f = tok_at(p, i + 4);
        return c1 && m && c2 && f && cp_is_punct(c1, ',') && m->kind == CT_NUM && cp_is_punct(c2, ',') &&
               cp_format_word(f) != KR_FMT_NONE && op_at(p, i + 5);
    }
    if (t->kind == CT_WORD || cp_is_punct(t, '%')) { /* name[,f],OP  QUAL:name[,f],OP  type.name[,f],OP  %nn[,f],OP */
        i += cp_is_punct(t, '%') ? 2 : 1;
        const ctl_tok *q = tok_at(p, i), *n = tok_at(p, i + 1);
        if (q && n && (cp_is_punct(q, ':') || cp_is_punct(q, '.')) && n->kind == CT_WORD)
            i += 2;
        const ctl_tok *c = tok_at(p, i), *f = tok_at(p, i + 1);
        if (c && f && cp_is_punct(c, ',') && cp_format_word(f) != KR_FMT_NONE && !op_at(p, i))
            i += 2;
        return op_at(p, i);
    }
    return false;
}

static kr_arith *emit(kr_item *it, size_t *cap, kr_arith_kind k, kr_pos pos)
{
    KR_GROW(it->arith, *cap, it->n_arith + 1);
    kr_arith *a = &it->arith[it->n_arith++];
    memset(a, 0, sizeof *a);
    a->kind = k;
    a->pos = pos;
    return a;
}

/* A decimal constant +n or -n of up to 31 digits. */
static bool constant(cparser *p, const ctl_tok *t, kr_i128 *v)
{
    const char *s = t->text + 1;
    size_t n = strlen(s);
    if (n == 0 || n > 31 || strspn(s, "0123456789") != n) {
        cp_error(p, t, "an arithmetic constant is +n or -n: a sign and 1 to 31 digits, no decimal point");
        return false;
    }
    kr_i128 x = 0;
    for (size_t i = 0; i < n; i++)
        x = x * 10 + (s[i] - '0');
    *v = t->text[0] == '-' ? -x : x;
    return true;
}

typedef struct pending {
    kr_arith_kind kind; /* an operator, or KR_AR_FIELD for an open parenthesis */
    kr_pos pos;
} pending;

bool cp_arith(cparser *p, kr_item *it)
{
    it->kind = KR_ITEM_ARITH;
    size_t cap = 0, n_stack = 0, cap_stack = 0;
    pending *stack = NULL;
    int depth = 0;
    bool ok = false;
    for (;;) {
        /* An operand, after any open parentheses. */
        while (cp_is_punct(cp_peek(p), '(')) {
            ctl_tok *o = cp_next(p);
            if (++depth > KR_COND_DEPTH_MAX) {
                cp_error(p, o, "arithmetic nested deeper than %d parentheses", KR_COND_DEPTH_MAX);
                goto out;
            }
            KR_GROW(stack, cap_stack, n_stack + 1);
            stack[n_stack++] = (pending){KR_AR_FIELD, o->pos};
        }
        ctl_tok *t = cp_peek(p);
        if (signed_number(t)) {
            kr_arith *a = emit(it, &cap, KR_AR_CONST, t->pos);
            if (!constant(p, t, &a->value))
                goto out;
            cp_next(p);
        } else if (t->kind == CT_NUM || t->kind == CT_WORD || cp_is_punct(t, '%')) {
            kr_arith *a = emit(it, &cap, KR_AR_FIELD, t->pos);
            if (!cp_ref(p, &a->ref, true))
                goto out;
        } else {
            cp_error(p, t, "expected a field (p,m,f or a name), a constant +n or -n, or '(' in arithmetic");
            goto out;
        }
        /* Close what the operand ends. */
        while (depth > 0 && cp_is_punct(cp_peek(p), ')')) {
            cp_next(p);
            while (stack[n_stack - 1].kind != KR_AR_FIELD) {
                n_stack--;
                emit(it, &cap, stack[n_stack].kind, stack[n_stack].pos);
            }
            n_stack--;
            depth--;
        }
        /* An operator goes on; anything else ends the expression. */
        if (!op_at(p, p->toks.i)) {
            if (depth > 0) {
                cp_error(p, cp_peek(p), "expected ')' or an operator (ADD, SUB, MUL, DIV, MOD, MIN, MAX)");
                goto out;
            }
            break;
        }
        cp_next(p);
        ctl_tok *w = cp_next(p);
        kr_arith_kind k = op_word(w);
        while (n_stack > 0 && stack[n_stack - 1].kind != KR_AR_FIELD &&
               precedence(stack[n_stack - 1].kind) >= precedence(k)) {
            n_stack--;
            emit(it, &cap, stack[n_stack].kind, stack[n_stack].pos);
        }
        if (!cp_expect(p, ',', "and an operand after the operator"))
            goto out;
        KR_GROW(stack, cap_stack, n_stack + 1);
        stack[n_stack++] = (pending){k, w->pos};
    }
    while (n_stack > 0) {
        n_stack--;
        emit(it, &cap, stack[n_stack].kind, stack[n_stack].pos);
    }
    ok = true;
out:
    free(stack);
    return ok;
}

void cp_arith_free(kr_item *it)
{
    for (size_t i = 0; i < it->n_arith; i++)
        kr_ref_free(&it->arith[i].ref);
    free(it->arith);
    it->arith = NULL;
    it->n_arith = 0;
}
