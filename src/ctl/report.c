/* report.c: what OUTFIL's report writing adds to the statements: the report-only items of
 * HEADERn/TRAILERn lines (/ and n/, &PAGE, &DATE, &TIME and their forms; the names of
 * COUNT/TOT's statistics) and the operands HEADER2=, TRAILER2=, LINES=, NODETAIL and
 * SECTIONS=(p,m,SKIP=,HEADER3=,TRAILER3=,...). */
#include "parse.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

bool cp_stat_word(const ctl_tok *t, kr_stat *stat, bool *sub)
{
    static const struct {
        const char *word;
        kr_stat stat;
        bool sub;
    } words[] = {
        {"TOT", KR_STAT_TOT, false},    {"TOTAL", KR_STAT_TOT, false},    {"MIN", KR_STAT_MIN, false},
        {"MAX", KR_STAT_MAX, false},    {"AVG", KR_STAT_AVG, false},      {"SUBTOT", KR_STAT_TOT, true},
        {"SUBTOTAL", KR_STAT_TOT, true}, {"SUBMIN", KR_STAT_MIN, true},   {"SUBMAX", KR_STAT_MAX, true},
        {"SUBAVG", KR_STAT_AVG, true},
    };
    if (t->kind != CT_WORD)
        return false;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (cp_is_kw(t, words[i].word)) {
            *stat = words[i].stat;
            *sub = words[i].sub;
            return true;
        }
    return false;
}

/* YDDD=(abc): ab is D4 (ddd, then the 4-digit year) or 4D, c the separator; YDDDNS=(ab) has
 * none. Written as the form "J" ab c for kr_now_date_form. */
static bool julian_form(cparser *p, const ctl_tok *at, bool separator, char form[5])
{
    char *raw = cp_raw_parenthesized(p);
    if (!raw)
        return false;
    size_t n = strlen(raw);
    bool ok = n == (separator ? 3u : 2u);
    char f[3] = {0};
    for (size_t i = 0; ok && i < 2; i++)
        f[i] = (char)toupper((unsigned char)raw[i]);
    ok = ok && (strcmp(f, "D4") == 0 || strcmp(f, "4D") == 0);
    if (ok && separator && (isalnum((unsigned char)raw[2]) || raw[2] == ' '))
        ok = false;
    if (!ok) {
        cp_error(p, at, "%s=(%s): write %s=(%s) with D4 or 4D (day of the year, 4-digit year in that order)%s",
                 at->text, raw, at->text, separator ? "abc" : "ab",
                 separator ? " and a separator that is not a letter or digit, e.g. (4D.)" : "");
        free(raw);
        return false;
    }
    form[0] = 'J';
    memcpy(form + 1, f, 2);
    form[3] = separator ? raw[2] : '\0';
    form[4] = '\0';
    free(raw);
    return true;
}

bool cp_date_form(cparser *p, const ctl_tok *at, bool separator, char form[5])
{
    if (cp_is_kw(at, "YDDD") || cp_is_kw(at, "YDDDNS"))
        return julian_form(p, at, separator, form);
    char *raw = cp_raw_parenthesized(p);
    if (!raw)
        return false;
    size_t n = strlen(raw);
    bool ok = n == (separator ? 4u : 3u);
    char f[4] = {0};
    for (size_t i = 0; ok && i < 3; i++)
        f[i] = (char)toupper((unsigned char)raw[i]);
    ok = ok && (strcmp(f, "MD4") == 0 || strcmp(f, "DM4") == 0 || strcmp(f, "4MD") == 0 || strcmp(f, "4DM") == 0);
    if (ok && separator && (isalnum((unsigned char)raw[3]) || raw[3] == ' '))
        ok = false;
    if (!ok) {
        cp_error(p, at, "%s=(%s): write %s=(%s) with MD4, DM4, 4MD or 4DM (month, day, 4-digit year in that order)%s%s%s",
                 at->text, raw, at->text, separator ? "abcd" : "abc",
                 separator ? " and a separator that is not a letter or digit, e.g. " : "", separator ? at->text : "",
                 separator ? "=(4MD-)" : "");
        free(raw);
        return false;
    }
    memcpy(form, f, 3);
    form[3] = separator ? raw[3] : '\0';
    form[4] = '\0';
    free(raw);
    return true;
}

/* TIME=(hhc): hh is 24 or 12, c the separator; TIMENS=(hh) has none. */
static bool time_form(cparser *p, const ctl_tok *at, bool separator, char form[5])
{
    char *raw = cp_raw_parenthesized(p);
    if (!raw)
        return false;
    size_t n = strlen(raw);
    bool ok = n == (separator ? 3u : 2u) && (strncmp(raw, "24", 2) == 0 || strncmp(raw, "12", 2) == 0);
    if (ok && separator && (isalnum((unsigned char)raw[2]) || raw[2] == ' '))
        ok = false;
    if (!ok) {
        cp_error(p, at, "%s=(%s): write %s", separator ? "TIME" : "TIMENS", raw,
                 separator ? "TIME=(24:) or TIME=(12:) (24- or 12-hour clock and a separator)" : "TIMENS=(24) or TIMENS=(12)");
        free(raw);
        return false;
    }
    memcpy(form, raw, 2);
    form[2] = separator ? raw[2] : '\0';
    form[3] = '\0';
    free(raw);
    return true;
}

int cp_newline_item(cparser *p, kr_item *it)
{
    ctl_tok *t = cp_peek(p);
    if (cp_is_punct(t, '/')) {
        cp_next(p);
        it->kind = KR_ITEM_NEWLINE;
        it->repeat = 1;
        return 1;
    }
    if (t->kind == CT_NUM && cp_is_punct(cp_peek2(p), '/') && cp_peek2(p)->start == t->end) {
        uint64_t n;
        if (!cp_number(p, cp_next(p), 255, &n, "the lines of n/"))
            return -1;
        if (n == 0) {
            cp_error(p, t, "n/ ends the line and adds n-1 blank lines: n is at least 1");
            return -1;
        }
        cp_next(p);
        it->kind = KR_ITEM_NEWLINE;
        it->repeat = n;
        return 1;
    }
    return 0;
}

int cp_report_item(cparser *p, kr_item *it)
{
    ctl_tok *t = cp_peek(p);
    /* &PAGE, &DATE, &TIME or PAGE, DATE, TIME (with or without the ampersand) */
    bool amp = cp_is_punct(t, '&');
    ctl_tok *w = amp ? cp_peek2(p) : t;
    if (amp && !(w->kind == CT_WORD && w->start == t->end)) {
        cp_error(p, t, "'&' in a report line starts &PAGE, &DATE or &TIME");
        return -1;
    }
    bool page = cp_is_kw(w, "PAGE"), date = cp_is_kw(w, "DATE") || cp_is_kw(w, "YDDD"),
         datens = cp_is_kw(w, "DATENS") || cp_is_kw(w, "YDDDNS"), time = cp_is_kw(w, "TIME"),
         timens = cp_is_kw(w, "TIMENS");
    if (!page && !date && !datens && !time && !timens) {
        if (amp) {
            cp_error(p, w, "'&%s' is not a report item; write &PAGE, &DATE or &TIME", w->text);
            return -1;
        }
        return 0;
    }
    if (amp)
        cp_next(p);
    cp_next(p);
    bool form = cp_accept(p, '=');
    if ((datens || timens) && !form) {
        cp_error(p, w, "%s needs its form: %s", w->text,
                 !datens ? "TIMENS=(24)" : cp_is_kw(w, "YDDDNS") ? "YDDDNS=(4D)" : "DATENS=(4MD)");
        return -1;
    }
    if (page) {
        it->kind = KR_ITEM_PAGE;
        if (form && (!cp_expect(p, '(', "after PAGE=") || !cp_conversion(p, it, false) ||
                     !cp_expect(p, ')', "to close PAGE=(...)")))
            return -1;
        return 1;
    }
    if (date || datens) {
        it->kind = KR_ITEM_DATE;
        strcpy(it->form, "MD2/");
        if (cp_is_kw(w, "YDDD") && !form) {
            cp_error(p, w, "YDDD needs its form: YDDD=(4D/)");
            return -1;
        }
        if (form && !cp_date_form(p, w, date, it->form))
            return -1;
        return 1;
    }
    it->kind = KR_ITEM_TIME;
    strcpy(it->form, "24:");
    if (form && !time_form(p, w, time, it->form))
        return -1;
    return 1;
}

/* HEADER3=(..) / TRAILER3=(..) / SKIP=nL|P / PAGEHEAD after a break field. */
static bool section_operand(cparser *p, kr_section *s, const ctl_tok *k)
{
    if (cp_is_kw(k, "SKIP")) {
        if (!cp_expect(p, '=', "after SKIP"))
            return false;
        ctl_tok *v = cp_next(p);
        if (cp_is_kw(v, "P")) {
            s->skip_page = true;
            return true;
        }
        /* nL: a number and the letter L, written together */
        ctl_tok *l = cp_peek(p);
        uint64_t n;
        if (v->kind == CT_NUM && l->kind == CT_WORD && l->start == v->end && cp_is_kw(l, "L") &&
            cp_number(p, v, 255, &n, "SKIP's lines")) {
            cp_next(p);
            s->skip_lines = (unsigned)n;
            return true;
        }
        if (!p->failed)
            cp_error(p, v, "SKIP= takes P (each section on a new page) or nL (n blank lines between sections)");
        return false;
    }
    bool header = cp_is_kw(k, "HEADER3");
    if (header || cp_is_kw(k, "TRAILER3")) {
        if ((header && s->has_header3) || (!header && s->has_trailer3)) {
            cp_error(p, k, "a second %s for this break field", k->text);
            return false;
        }
        if (!cp_expect(p, '=', "after HEADER3/TRAILER3") || !cp_items(p, header ? &s->header3 : &s->trailer3, true))
            return false;
        if (header)
            s->has_header3 = true;
        else
            s->has_trailer3 = true;
        return true;
    }
    cp_error(p, k, "SECTIONS= takes break fields p,m[,f] each followed by SKIP=, HEADER3= and TRAILER3=; "
                   "'%s' is not supported",
             k->text);
    return false;
}

static bool sections(cparser *p, kr_outfil *o)
{
    if (!cp_expect(p, '=', "after SECTIONS") || !cp_expect(p, '(', "after SECTIONS="))
        return false;
    do {
        ctl_tok *k = cp_peek(p);
        if (k->kind == CT_WORD && cp_is_punct(cp_peek2(p), '=')) {
            if (o->n_sections == 0) {
                cp_error(p, k, "SECTIONS= starts with a break field (p,m or a name) before %s=", k->text);
                return false;
            }
            cp_next(p);
            if (!section_operand(p, &o->sections[o->n_sections - 1], k))
                return false;
            continue;
        }
        o->sections = kr_xrealloc(o->sections, (o->n_sections + 1) * sizeof *o->sections);
        kr_section *s = &o->sections[o->n_sections];
        memset(s, 0, sizeof *s);
        if (!cp_ref(p, &s->ref, true))
            return false;
        o->n_sections++;
    } while (cp_accept(p, ','));
    return cp_expect(p, ')', "to close SECTIONS=(...)");
}

int cp_report_operand(cparser *p, kr_outfil *o)
{
    ctl_tok *t = cp_peek(p);
    bool h2 = cp_is_kw(t, "HEADER2"), t2 = cp_is_kw(t, "TRAILER2");
    if (h2 || t2) {
        cp_next(p);
        if ((h2 && o->has_header2) || (t2 && o->has_trailer2)) {
            cp_error(p, t, "a second %s on this OUTFIL", t->text);
            return -1;
        }
        if (!cp_expect(p, '=', "after HEADER2/TRAILER2") || !cp_items(p, h2 ? &o->header2 : &o->trailer2, true))
            return -1;
        if (h2)
            o->has_header2 = true;
        else
            o->has_trailer2 = true;
        return 1;
    }
    if (cp_is_kw(t, "HEADER3") || cp_is_kw(t, "TRAILER3")) {
        cp_error(p, t, "%s= belongs to a break field: SECTIONS=(p,m,%s=(...))", t->text, t->text);
        return -1;
    }
    if (cp_is_kw(t, "LINES")) {
        cp_next(p);
        if (!cp_expect(p, '=', "after LINES"))
            return -1;
        ctl_tok *n = cp_next(p);
        if (!cp_number(p, n, 255, &o->lines, "LINES"))
            return -1;
        if (o->lines < 1) {
            cp_error(p, n, "LINES= is the lines of a page, 1 to 255");
            return -1;
        }
        return 1;
    }
    if (cp_is_kw(t, "NODETAIL")) {
        cp_next(p);
        o->nodetail = true;
        return 1;
    }
    if (cp_is_kw(t, "SECTIONS")) {
        cp_next(p);
        if (o->n_sections) {
            cp_error(p, t, "a second SECTIONS= on this OUTFIL");
            return -1;
        }
        return sections(p, o) ? 1 : -1;
    }
    return 0;
}

void cp_report_free(kr_outfil *o)
{
    cp_items_free(&o->header2);
    cp_items_free(&o->trailer2);
    for (size_t i = 0; i < o->n_sections; i++) {
        kr_ref_free(&o->sections[i].ref);
        cp_items_free(&o->sections[i].header3);
        cp_items_free(&o->sections[i].trailer3);
    }
    free(o->sections);
    o->sections = NULL;
    o->n_sections = 0;
}
