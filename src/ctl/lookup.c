/* lookup.c: the operands that turn a field of BUILD/OVERLAY into something else by table or
 * by rule: CHANGE=(v,find,set,find,set,...) with NOMATCH=(set) or NOMATCH=(p,m),
 * (a set value may be a field), TRAN=LTOU / UTOL / HANZEN / ZENHAN / ALTSEQ / ETOA / ATOE, JFY=(SHIFT=,LEAD=,TRAIL=,LENGTH=) and SQZ=(... MID=). */
#include "parse.h"

#include <stdlib.h>
#include <string.h>

static bool is_text_const(const kr_const *c)
{
    return c->kind == KR_CONST_CHAR || c->kind == KR_CONST_HEX;
}

static bool justify(cparser *p, kr_item *it, const ctl_tok *k)
{
    bool sqz = cp_is_kw(k, "SQZ");
    if (it->justify) {
        cp_error(p, k, "a second JFY= or SQZ= for this field");
        return false;
    }
    it->justify = sqz ? 'S' : 'J';
    if (!cp_expect(p, '(', sqz ? "after SQZ=" : "after JFY="))
        return false;
    bool shift = false;
    do {
        ctl_tok *o = cp_next(p);
        if (!cp_expect(p, '=', "after the keyword"))
            return false;
        if (cp_is_kw(o, "SHIFT")) {
            ctl_tok *v = cp_next(p);
            if (!cp_is_kw(v, "LEFT") && !cp_is_kw(v, "RIGHT")) {
                cp_error(p, v, "SHIFT= takes LEFT or RIGHT");
                return false;
            }
            it->shift_right = cp_is_kw(v, "RIGHT");
            shift = true;
        } else if (cp_is_kw(o, "LEAD") || cp_is_kw(o, "TRAIL") || (sqz && cp_is_kw(o, "MID"))) {
            kr_const *dst = cp_is_kw(o, "LEAD") ? &it->lead : cp_is_kw(o, "TRAIL") ? &it->trail : &it->mid;
            ctl_tok *c = cp_peek(p);
            free(dst->bytes);
            if (!cp_const(p, dst))
                return false;
            if (!is_text_const(dst)) {
                cp_error(p, c, "%s= takes C'..' or X'..'", o->text);
                return false;
            }
        } else if (sqz && cp_is_kw(o, "PAIR")) {
            ctl_tok *v = cp_next(p);
            if (!cp_is_kw(v, "QUOTE") && !cp_is_kw(v, "APOST")) {
                cp_error(p, v, "PAIR= takes QUOTE (\"..\") or APOST ('..')");
                return false;
            }
            it->pair = cp_is_kw(v, "QUOTE") ? '"' : '\'';
        } else if (cp_is_kw(o, "LENGTH")) {
            uint64_t n;
            ctl_tok *nt = cp_next(p);
            if (!cp_number(p, nt, 32768, &n, "LENGTH"))
                return false;
            if (n == 0) {
                cp_error(p, nt, "LENGTH is at least 1");
                return false;
            }
            it->justify_len = n;
        } else {
            cp_error(p, o, "%s takes SHIFT=, LEAD=, TRAIL=%s and LENGTH=; '%s' is not supported", k->text,
                     sqz ? ", MID=, PAIR=" : "", o->text);
            return false;
        }
    } while (cp_accept(p, ','));
    if (!shift) {
        cp_error(p, k, "%s=(SHIFT=LEFT or SHIFT=RIGHT, ...): say which way", k->text);
        return false;
    }
    return cp_expect(p, ')', "to close the list");
}

bool cp_lookup_operand(cparser *p, kr_item *it)
{
    ctl_tok *k = cp_next(p);
    if (!cp_expect(p, '=', "after the keyword"))
        return false;
    if (cp_is_kw(k, "JFY") || cp_is_kw(k, "SQZ"))
        return justify(p, it, k);
    if (cp_is_kw(k, "TRAN")) {
        ctl_tok *v = cp_next(p);
        if (cp_is_kw(v, "LTOU"))
            it->tran = 'U';
        else if (cp_is_kw(v, "UTOL"))
            it->tran = 'L';
        else if (cp_is_kw(v, "HANZEN"))
            it->tran = 'H';
        else if (cp_is_kw(v, "ZENHAN"))
            it->tran = 'Z';
        else if (cp_is_kw(v, "ALTSEQ"))
            it->tran = 'A';
        else if (cp_is_kw(v, "ETOA") || cp_is_kw(v, "ATOE")) {
            it->tran = cp_is_kw(v, "ETOA") ? 'E' : 'F';
            it->tran_table = kr_xmalloc(256);
            char why[200];
            if (!cp_ebcdic_table(it->tran == 'E', it->tran_table, why, sizeof why)) {
                cp_error(p, v, "TRAN=%s: %s", v->text, why);
                return false;
            }
        } else {
            cp_error(p, v,
                     "TRAN= takes LTOU (lower case to upper), UTOL (upper to lower), HANZEN (half-width to "
                     "full-width), ZENHAN (full-width to half-width), ALTSEQ (the ALTSEQ table), ETOA (EBCDIC to "
                     "ASCII) or ATOE (ASCII to EBCDIC); '%s' is not supported",
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
        it->change_refs = kr_xrealloc(it->change_refs, (it->n_change + 1) * sizeof *it->change_refs);
        memset(&it->change[it->n_change], 0, sizeof *it->change);
        memset(&it->change_refs[it->n_change], 0, sizeof *it->change_refs);
        ctl_tok *c = cp_peek(p);
        bool set = it->n_change % 2 == 1;
        if (set && (c->kind == CT_NUM || c->kind == CT_WORD)) { /* a field as the value to set */
            it->n_change++;
            if (!cp_ref(p, &it->change_refs[it->n_change - 1], false))
                return false;
            continue;
        }
        if (!cp_const(p, &it->change[it->n_change]))
            return false;
        it->n_change++;
        if (!is_text_const(&it->change[it->n_change - 1])) {
            cp_error(p, c, "CHANGE= pairs are a C'..' or X'..' constant to find, then a constant or a field (p,m or "
                           "a name) to set");
            return false;
        }
    }
    if (it->n_change == 0 || it->n_change % 2) {
        cp_error(p, vt, "CHANGE=(v,find,set,...) takes pairs: each value to find and what to set for it");
        return false;
    }
    return cp_expect(p, ')', "to close CHANGE=(...)");
}
