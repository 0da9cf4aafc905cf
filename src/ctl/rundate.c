/* rundate.c: the run's date and time written as constants, as DFSORT writes them: DATE1,
 * DATE2, DATE3 with a separator (DATE1(-)), packed (DATE1P) and days or months to add
 * (DATE1-30, DATE2+1, DATE1(/)+7), DATE4 and DATE5 (timestamps), TIME1, TIME2, TIME3 (also
 * (c) and P), each optionally after '&'; kiroku's FYSTART and FYEND; in conditions, in
 * BUILD/OVERLAY items and in report lines. */
#include "parse.h"

#include <string.h>
#include <strings.h>

typedef struct now_word {
    const char *word;
    int form;
    bool packed;
} now_word;

static const now_word words[] = {
    {"DATE1", KR_NOW_DATE1, false},   {"DATE2", KR_NOW_DATE2, false},   {"DATE3", KR_NOW_DATE3, false},
    {"DATE4", KR_NOW_DATE4, false},   {"DATE5", KR_NOW_DATE5, false},   {"DATE1P", KR_NOW_DATE1, true},
    {"DATE2P", KR_NOW_DATE2, true},   {"DATE3P", KR_NOW_DATE3, true},   {"TIME1", KR_NOW_TIME1, false},
    {"TIME2", KR_NOW_TIME2, false},   {"TIME3", KR_NOW_TIME3, false},   {"TIME1P", KR_NOW_TIME1, true},
    {"TIME2P", KR_NOW_TIME2, true},   {"TIME3P", KR_NOW_TIME3, true},   {"FYSTART", KR_NOW_FYSTART, false},
    {"FYEND", KR_NOW_FYEND, false},   {NULL, 0, false},
};

int cp_now_word(const ctl_tok *t, bool *packed)
{
    if (t->kind != CT_WORD && !(t->kind == CT_STR && t->quote == 'Y'))
        return 0;
    for (int i = 0; words[i].word; i++)
        if (strcasecmp(t->text, words[i].word) == 0) {
            /* Y'DATE1': a date to compare with, never a stamp or a packed number. */
            if (t->kind == CT_STR && (words[i].packed || (words[i].form >= KR_NOW_DATE4 && words[i].form != KR_NOW_DATE3)))
                return 0;
            if (packed)
                *packed = words[i].packed;
            return words[i].form;
        }
    return 0;
}

/* '&' written against a run-date word: &DATE1 is DATE1. */
static bool ampersand_before_word(cparser *p)
{
    ctl_tok *a = cp_peek(p), *w = cp_peek2(p);
    return cp_is_punct(a, '&') && w->kind == CT_WORD && w->start == a->end;
}

bool cp_now_const(cparser *p, const ctl_tok *w, kr_const *out)
{
    out->kind = KR_CONST_DATE;
    out->pos = w->pos;
    out->date_form = cp_now_word(w, &out->now_packed);
    size_t end = w->end;
    bool stamp = out->date_form == KR_NOW_DATE4 || out->date_form == KR_NOW_DATE5 || out->date_form == KR_NOW_TIME3;
    /* (c): one character, not a blank, written against the word. */
    ctl_tok *open = cp_peek(p);
    if (cp_is_punct(open, '(') && open->start == end && w->kind == CT_WORD) {
        if (out->now_packed || stamp || out->date_form == KR_NOW_FYSTART || out->date_form == KR_NOW_FYEND) {
            cp_error(p, open, "%s takes no separator; (c) goes with DATE1, DATE2, DATE3, TIME1 and TIME2", w->text);
            return false;
        }
        cp_next(p);
        ctl_tok *c = cp_next(p), *close = cp_next(p);
        if (c->len != 1 || c->kind == CT_STR || !cp_is_punct(close, ')') || c->start != open->end ||
            close->start != c->end) {
            cp_error(p, c, "%s(c) takes one character that is not a blank, as in %s(-)", w->text, w->text);
            return false;
        }
        out->now_sep = c->text[0];
        end = close->end;
    }
    bool time = out->date_form >= KR_NOW_TIME1;
    if (stamp || time) {
        ctl_tok *n = cp_peek(p);
        if (n->kind == CT_NUM && (n->text[0] == '+' || n->text[0] == '-') && n->start == end) {
            cp_error(p, n, "%s is the run's %s; days or months are added to DATE1, DATE2 and DATE3 only", w->text,
                     time ? "time" : "timestamp");
            return false;
        }
        return true;
    }
    return cp_date_offsets(p, end, out, out->date_form == KR_NOW_DATE2 ? 'M' : 'D');
}

int cp_now_item(cparser *p, kr_item *it)
{
    ctl_tok *t = cp_peek(p);
    bool amp = ampersand_before_word(p);
    ctl_tok *w = amp ? cp_peek2(p) : t;
    if (cp_now_word(w, NULL)) {
        if (amp)
            cp_next(p);
        cp_next(p);
        it->kind = KR_ITEM_CONST;
        it->repeat = 1;
        return cp_now_const(p, w, &it->value) ? 1 : -1;
    }
    /* &DATE, &TIME and DATE=(abcd), DATENS=(abc), TIME=(hhc), TIMENS=(hh), as in report lines
     * (a bare DATE or TIME stays a name in BUILD). */
    bool report_word = cp_is_kw(w, "DATE") || cp_is_kw(w, "TIME") || cp_is_kw(w, "DATENS") || cp_is_kw(w, "TIMENS") ||
                       cp_is_kw(w, "YDDD") || cp_is_kw(w, "YDDDNS");
    if (report_word && (amp || cp_is_punct(cp_peek2(p), '=')))
        return cp_report_item(p, it);
    return 0;
}
