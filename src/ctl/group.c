/* group.c: the operands of an IFTHEN WHEN=GROUP clause: BEGIN=(condition), END=(condition),
 * RECORDS=n, KEYBEGIN=(p,m) and PUSH=(c:p,m, c:ID=n, c:SEQ=n, ...). */
#include "parse.h"

#include <stdlib.h>
#include <string.h>

static bool push_items(cparser *p, kr_ifthen *c)
{
    if (!cp_expect(p, '(', "after PUSH="))
        return false;
    do {
        c->push = kr_xrealloc(c->push, (c->n_push + 1) * sizeof *c->push);
        kr_push *it = &c->push[c->n_push];
        memset(it, 0, sizeof *it);
        ctl_tok *t = cp_peek(p);
        it->pos = t->pos;
        if (t->kind == CT_NUM && cp_is_punct(cp_peek2(p), ':')) {
            uint64_t col;
            if (!cp_number(p, cp_next(p), 32768 * 32, &col, "a column"))
                return false;
            if (col == 0) {
                cp_error(p, t, "columns start at 1");
                return false;
            }
            cp_next(p);
            it->column = col;
            t = cp_peek(p);
        }
        if ((cp_is_kw(t, "ID") || cp_is_kw(t, "SEQ")) && cp_is_punct(cp_peek2(p), '=')) {
            bool id = cp_is_kw(t, "ID");
            cp_next(p);
            cp_next(p);
            uint64_t n;
            ctl_tok *nt = cp_next(p);
            if (!cp_number(p, nt, 15, &n, id ? "ID's digits" : "SEQ's digits"))
                return false;
            if (n == 0) {
                cp_error(p, nt, "%s=n takes 1 to 15 digits", id ? "ID" : "SEQ");
                return false;
            }
            it->kind = id ? KR_PUSH_ID : KR_PUSH_SEQ;
            it->digits = n;
        } else {
            it->kind = KR_PUSH_FIELD;
            if (!cp_ref(p, &it->ref, false))
                return false;
        }
        c->n_push++;
    } while (cp_accept(p, ','));
    return cp_expect(p, ')', "to close PUSH=(...)");
}

bool cp_group_clause(cparser *p, kr_ifthen *c, const ctl_tok *when)
{
    while (cp_accept(p, ',')) {
        ctl_tok *k = cp_next(p);
        if (!cp_expect(p, '=', "after the keyword"))
            return false;
        if (cp_is_kw(k, "BEGIN") || cp_is_kw(k, "END")) {
            kr_cond **dst = cp_is_kw(k, "BEGIN") ? &c->begin : &c->end;
            if (*dst) {
                cp_error(p, k, "a second %s= in this WHEN=GROUP clause", k->text);
                return false;
            }
            *dst = cp_cond_top(p);
            if (!*dst)
                return false;
        } else if (cp_is_kw(k, "RECORDS")) {
            ctl_tok *nt = cp_next(p);
            if (!cp_number(p, nt, UINT64_MAX / 2, &c->records, "RECORDS"))
                return false;
            if (c->records == 0) {
                cp_error(p, nt, "RECORDS=n: a group holds at least one record");
                return false;
            }
        } else if (cp_is_kw(k, "KEYBEGIN")) {
            if (!cp_expect(p, '(', "after KEYBEGIN=") || !cp_ref(p, &c->keybegin, false) ||
                !cp_expect(p, ')', "to close KEYBEGIN=(...)"))
                return false;
            c->has_keybegin = true;
        } else if (cp_is_kw(k, "PUSH")) {
            if (c->n_push) {
                cp_error(p, k, "a second PUSH= in this WHEN=GROUP clause");
                return false;
            }
            if (!push_items(p, c))
                return false;
        } else if (cp_is_kw(k, "BUILD") || cp_is_kw(k, "OVERLAY") || cp_is_kw(k, "FINDREP")) {
            cp_error(p, k, "a WHEN=GROUP clause only pushes (as in DFSORT): put %s in a WHEN=INIT clause after it",
                     k->text);
            return false;
        } else {
            cp_error(p, k, "a WHEN=GROUP clause takes BEGIN=, END=, RECORDS=, KEYBEGIN= and PUSH=, not '%s'", k->text);
            return false;
        }
    }
    if (!c->begin && !c->end && !c->records && !c->has_keybegin) {
        cp_error(p, when, "WHEN=GROUP needs BEGIN=, END=, RECORDS= or KEYBEGIN= to say where groups are");
        return false;
    }
    if (!c->n_push) {
        cp_error(p, when, "the WHEN=GROUP clause does nothing: add PUSH=(...)");
        return false;
    }
    return cp_expect(p, ')', "to close the IFTHEN clause");
}

void cp_group_free(kr_ifthen *c)
{
    kr_cond_free(c->begin);
    kr_cond_free(c->end);
    kr_ref_free(&c->keybegin);
    for (size_t i = 0; i < c->n_push; i++)
        kr_ref_free(&c->push[i].ref);
    free(c->push);
    c->push = NULL;
    c->n_push = 0;
}
