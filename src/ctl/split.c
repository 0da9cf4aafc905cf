/* split.c: OUTFIL's operands that choose and spread records: SPLIT, SPLITBY=n, SPLIT1R=n,
 * SAMPLE=n or (n,m), ACCEPT=n and REPEAT=n; and COND=ALL / COND=NONE (INCLUDE=ALL|NONE on
 * OUTFIL), as DFSORT writes them. */
#include "parse.h"

#include <string.h>

static bool count(cparser *p, const ctl_tok *k, uint64_t *out)
{
    if (!cp_expect(p, '=', "after the keyword"))
        return false;
    ctl_tok *t = cp_next(p);
    if (!cp_number(p, t, UINT64_MAX / 4, out, k->text))
        return false;
    if (*out == 0) {
        cp_error(p, t, "%s is at least 1", k->text);
        return false;
    }
    return true;
}

int cp_split_operand(cparser *p, kr_outfil *o)
{
    ctl_tok *k = cp_peek(p);
    if (cp_is_kw(k, "SPLIT") || cp_is_kw(k, "SPLITBY") || cp_is_kw(k, "SPLIT1R")) {
        cp_next(p);
        if (o->split_by) {
            cp_error(p, k, "one of SPLIT, SPLITBY= and SPLIT1R= per OUTFIL");
            return -1;
        }
        if (cp_is_kw(k, "SPLIT")) {
            o->split_by = 1;
            return 1;
        }
        o->split_1r = cp_is_kw(k, "SPLIT1R");
        return count(p, k, &o->split_by) ? 1 : -1;
    }
    if (cp_is_kw(k, "SAMPLE")) {
        cp_next(p);
        if (!cp_expect(p, '=', "after SAMPLE"))
            return -1;
        bool list = cp_accept(p, '(');
        ctl_tok *t = cp_next(p);
        if (!cp_number(p, t, UINT64_MAX / 4, &o->sample_every, "SAMPLE's interval"))
            return -1;
        o->sample_take = 1;
        if (list && cp_accept(p, ',')) {
            ctl_tok *m = cp_next(p);
            if (!cp_number(p, m, UINT64_MAX / 4, &o->sample_take, "SAMPLE's count"))
                return -1;
        }
        if (list && !cp_expect(p, ')', "to close SAMPLE=(n,m)"))
            return -1;
        if (o->sample_every == 0 || o->sample_take == 0 || o->sample_take > o->sample_every) {
            cp_error(p, t, "SAMPLE=(n,m) takes m records of every n: 1 <= m <= n");
            return -1;
        }
        return 1;
    }
    if (cp_is_kw(k, "ACCEPT") || cp_is_kw(k, "REPEAT")) {
        cp_next(p);
        return count(p, k, cp_is_kw(k, "ACCEPT") ? &o->accept : &o->repeat) ? 1 : -1;
    }
    return 0;
}

kr_cond *cp_cond_all_none(cparser *p)
{
    ctl_tok *t = cp_peek(p);
    if (!cp_is_kw(t, "ALL") && !cp_is_kw(t, "NONE"))
        return NULL;
    cp_next(p);
    /* 1,1,CH compared with itself: always equal (ALL) or never unequal (NONE). A condition
     * like any other, so the engine needs nothing of its own for it. */
    kr_cond *c = kr_xcalloc(1, sizeof *c);
    c->kind = KR_COND_CMP;
    c->pos = t->pos;
    c->left = (kr_ref){.pos = t->pos, .start = 1, .length = 1, .fmt = KR_FMT_CH};
    c->right = c->left;
    c->right_is_field = true;
    c->op = cp_is_kw(t, "ALL") ? KR_EQ : KR_NE;
    return c;
}
