/* foldop.c: the FOLD= operand of a comparison (extension): `F1:shimei,EQ,F2:shimei,FOLD=names`
 * compares two text fields after the folding profile layouts/fold/names.fold, so that results
 * intake can say which profile made two names equal (docs/SORT.md "Names under a folding
 * profile"). Only the profile's name is kept here; the engine loads it (engine/foldcmp.c). */
#include "parse.h"

#include <stdlib.h>
#include <string.h>

bool cp_fold_operand(cparser *p, kr_cond *c)
{
    if (!cp_is_punct(cp_peek(p), ',') || !cp_is_kw(cp_peek2(p), "FOLD"))
        return true;
    cp_next(p);
    ctl_tok *kw = cp_next(p);
    if (!cp_expect(p, '=', "after FOLD (FOLD=profile, a file of layouts/fold/)"))
        return false;
    ctl_tok *v = cp_next(p);
    bool quoted = v->kind == CT_STR && (v->quote == 'C' || v->quote == 0);
    if (v->kind != CT_WORD && !quoted) {
        cp_error(p, v, "FOLD= takes the name of a folding profile (names, kana, width, glyph), found '%s'",
                 v->text);
        return false;
    }
    if (c->left.fmt == KR_FMT_ZD || c->left.fmt == KR_FMT_PD || c->left.fmt == KR_FMT_BI ||
        c->left.fmt == KR_FMT_FI || c->left.fmt == KR_FMT_SS) {
        cp_error(p, kw, "FOLD= compares text; the field's format must be CH (or none)");
        return false;
    }
    c->fold = kr_xmalloc(v->len + 1);
    memcpy(c->fold, v->text, v->len);
    c->fold[v->len] = '\0';
    c->fold_pos = kw->pos;
    return true;
}
