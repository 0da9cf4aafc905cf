/* vbops.c: OUTFIL's operands for variable-length records, as DFSORT writes them: FTOV (fixed
 * records out as variable ones), VTOF or CONVERT (variable records out as fixed ones),
 * VLFILL=byte (the byte for what a short record lacks) and VLTRIM=byte (FTOV: that byte
 * trimmed off each record's end). The OPTION words VLSHRT and VLSCMP are parse.c's. */
#include "parse.h"

#include <string.h>

static bool one_byte(cparser *p, const ctl_tok *k, unsigned char *out)
{
    if (!cp_expect(p, '=', "after the keyword"))
        return false;
    ctl_tok *f = cp_next(p);
    if (f->kind != CT_STR || f->len != 1 || (f->quote != 'C' && f->quote != 'X')) {
        cp_error(p, f, "%s= takes one byte: C'x' or X'hh'", k->text);
        return false;
    }
    *out = (unsigned char)f->text[0];
    return true;
}

int cp_vb_operand(cparser *p, kr_outfil *o)
{
    ctl_tok *k = cp_peek(p);
    if (cp_is_kw(k, "FTOV") || cp_is_kw(k, "VTOF") || cp_is_kw(k, "CONVERT")) {
        cp_next(p);
        int conv = cp_is_kw(k, "FTOV") ? KR_RECFM_FTOV : KR_RECFM_VTOF;
        if (o->recfm_conv && (int)o->recfm_conv != conv) {
            cp_error(p, k, "FTOV and VTOF (CONVERT) on one OUTFIL: it writes one kind of record");
            return -1;
        }
        o->recfm_conv = (enum kr_recfm_conv)conv;
        return 1;
    }
    if (cp_is_kw(k, "VLFILL")) {
        cp_next(p);
        o->has_vlfill = true;
        return one_byte(p, k, &o->vlfill) ? 1 : -1;
    }
    if (cp_is_kw(k, "VLTRIM")) {
        cp_next(p);
        o->has_vltrim = true;
        return one_byte(p, k, &o->vltrim) ? 1 : -1;
    }
    return 0;
}
