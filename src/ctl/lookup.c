/* lookup.c: the operands that turn a field of BUILD/OVERLAY into something else by table or
 * by rule: CHANGE=(v,find,set,find,set,...) with NOMATCH=(set) or NOMATCH=(p,m), and
 * TRAN=LTOU / TRAN=UTOL. */
#include "parse.h"

#include <stdlib.h>
#include <string.h>

static bool is_text_const(const kr_const *c)
{
    return c->kind == KR_CONST_CHAR || c->kind == KR_CONST_HEX;
}

bool cp_lookup_operand(cparser *p, kr_item *it)
{
    ctl_tok *k = cp_next(p);
    if (!cp_expect(p, '=', "after the keyword"))
        return false;
    if (cp_is_kw(k, "TRAN")) {
        ctl_tok *v = cp_next(p);
        if (cp_is_kw(v, "LTOU"))
            it->tran = 'U';
        else if (cp_is_kw(v, "UTOL"))
            it->tran = 'L';
        else {
            cp_error(p, v, "TRAN= takes LTOU (lower case to upper) or UTOL (upper to lower); '%s' is not supported",
                     v->text);
            return false;
        }
        return true;
    }
    if (!cp_expect(p, '(', cp_is_kw(k, "CHANGE") ? "after CHANGE=" : "after NOMATCH="))
        return false;
    if (cp_is_kw(k, "NOMATCH")) {
        if (it->has_nomatch) {
            cp_error(p, k, "a second NOMATCH= for this field");
            return false;
        }
        it->has_nomatch = true;
        if (cp_peek(p)->kind == CT_NUM || cp_peek(p)->kind == CT_WORD) {
            it->nomatch_is_field = true;
            if (!cp_ref(p, &it->nomatch_ref, false))
                return false;
        } else {
            ctl_tok *c = cp_peek(p);
            if (!cp_const(p, &it->nomatch))
                return false;
            if (!is_text_const(&it->nomatch)) {
                cp_error(p, c, "NOMATCH= takes C'..', X'..' or a field (p,m or a name)");
                return false;
            }
        }
        return cp_expect(p, ')', "to close NOMATCH=(...)");
    }
    if (it->change_len) {
        cp_error(p, k, "a second CHANGE= for this field");
        return false;
    }
    ctl_tok *vt = cp_next(p);
    uint64_t v;
    if (!cp_number(p, vt, 32768, &v, "CHANGE's output length"))
        return false;
    if (v == 0) {
        cp_error(p, vt, "CHANGE=(v,...): v, the length of what it gives, is at least 1");
        return false;
    }
    it->change_len = v;
    while (cp_accept(p, ',')) {
        it->change = kr_xrealloc(it->change, (it->n_change + 1) * sizeof *it->change);
        ctl_tok *c = cp_peek(p);
        if (!cp_const(p, &it->change[it->n_change]))
            return false;
        it->n_change++;
        if (!is_text_const(&it->change[it->n_change - 1])) {
            cp_error(p, c, "CHANGE= pairs are C'..' or X'..' constants (find, then what to set)");
            return false;
        }
    }
    if (it->n_change == 0 || it->n_change % 2) {
        cp_error(p, vt, "CHANGE=(v,find,set,...) takes pairs: each value to find and what to set for it");
        return false;
    }
    return cp_expect(p, ')', "to close CHANGE=(...)");
}
