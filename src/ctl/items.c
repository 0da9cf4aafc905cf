/* items.c: reformatting items of BUILD/OVERLAY (and OUTFIL HEADER1/TRAILER1): columns c:,
 * fields p,m or by name with conversions (TO=, LENGTH=, masks M0-M26, EDIT=, SIGNS=),
 * arithmetic (arith.c),
 * constants C'..', X'..', nX, nZ, nC'..', SEQNUM, COUNT and TOT; and the IFTHEN clauses. */
#include "parse.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The raw text between the '(' at token index open and its matching ')', for EDIT= and
 * SIGNS= whose patterns are not made of tokens. Leaves the cursor after the ')'. */
char *cp_raw_parenthesized(cparser *p)
{
    ctl_tok *open = cp_peek(p);
    if (!cp_is_punct(open, '(')) {
        cp_error(p, open, "expected '(' and a pattern");
        return NULL;
    }
    const char *text = p->stmt->text;
    size_t a = open->end, i = a;
    int depth = 1;
    bool quoted = false;
    for (; i < p->stmt->len; i++) {
        char c = text[i];
        if (c == '\'')
            quoted = !quoted;
        else if (!quoted && c == '(')
            depth++;
        else if (!quoted && c == ')' && --depth == 0)
            break;
    }
    if (i >= p->stmt->len) {
        cp_error(p, open, "the pattern has no closing ')'");
        return NULL;
    }
    /* Move the cursor past the token that ends at i + 1. */
    while (cp_peek(p)->kind != CT_END && cp_peek(p)->end <= i + 1)
        cp_next(p);
    return kr_xstrndup(text + a, i - a);
}

/* SIGNS=(lead+,lead-,trail+,trail-)'s raw text into four characters (NUL where omitted):
 * each a character as it is, or quoted ' ' / C' ' (so a blank, a comma or a parenthesis can
 * be written). False when an item is longer than one character or there are more than 4. */
bool cp_signs(const char *raw, char signs[5])
{
    size_t slot = 0;
    const char *c = raw;
    memset(signs, 0, 5);
    for (;;) {
        while (*c == ' ')
            c++;
        const char *start = c;
        if ((*c == 'C' || *c == 'c') && c[1] == '\'')
            c++;
        if (*c == '\'') {
            if (c[1] == '\0' || c[2] != '\'')
                return false;
            signs[slot] = c[1];
            c += 3;
        } else if (*c && *c != ',') {
            signs[slot] = *c++;
        } else if (c != start)
            return false;
        while (*c == ' ')
            c++;
        if (*c == '\0')
            return true;
        if (*c != ',' || ++slot >= 4)
            return false;
        c++;
    }
}

/* After a field: ,H|F|D (alignment) ,TO=f ,LENGTH=n ,Mnn ,EDIT=(...) ,SIGNS=(...), ,HEX. With lead_comma false the
 * first keyword comes without its comma (inside COUNT=(...)). */
bool cp_conversion(cparser *p, kr_item *it, bool lead_comma)
{
    for (bool first = true;; first = false) {
        bool comma = !first || lead_comma;
        if (comma && !cp_is_punct(cp_peek(p), ','))
            return true;
        ctl_tok *k = comma ? cp_peek2(p) : cp_peek(p);
        if (cp_is_kw(k, "CHANGE") || cp_is_kw(k, "NOMATCH") || cp_is_kw(k, "TRAN") || cp_is_kw(k, "JFY") ||
            cp_is_kw(k, "SQZ")) {
            if (comma)
                cp_next(p);
            if (!cp_lookup_operand(p, it))
                return false;
            continue;
        }
        if (comma && cp_is_kw(k, "HEX") && !it->tran) { /* p,m,HEX: DFSORT's older TRAN=HEX (Example 16) */
            cp_next(p);
            cp_next(p);
            it->tran = 'X';
            continue;
        }
        /* p,m,H|F|D: DFSORT's alignment of an unformatted positional field on a halfword,
         * fullword or doubleword boundary (APG INREC Example 3: 5X,1,4,H) */
        if (comma && first && k->kind == CT_WORD && it->kind == KR_ITEM_FIELD && !it->ref.name &&
            it->ref.fmt == KR_FMT_NONE && !it->to_end && (cp_is_kw(k, "H") || cp_is_kw(k, "F") || cp_is_kw(k, "D"))) {
            cp_next(p);
            cp_next(p);
            it->align = cp_is_kw(k, "H") ? 2 : cp_is_kw(k, "F") ? 4 : 8;
            continue;
        }
        /* p,m,f,fo: DFSORT's short form of p,m,f,TO=fo ("p,m,f,TO=f or p,m,f,f", Getting Started) */
        kr_fmt short_to = k->kind == CT_WORD && !it->to ? cp_format_word(k) : KR_FMT_NONE;
        if (short_to == KR_FMT_ZD || short_to == KR_FMT_PD || short_to == KR_FMT_BI || short_to == KR_FMT_FI) {
            if (comma)
                cp_next(p);
            cp_next(p);
            it->to = short_to;
            continue;
        }
        bool keyword = cp_is_kw(k, "TO") || cp_is_kw(k, "LENGTH") || cp_is_kw(k, "EDIT") || cp_is_kw(k, "SIGNS");
        bool mask = k->kind == CT_WORD && (k->text[0] == 'M' || k->text[0] == 'm') && isdigit((unsigned char)k->text[1]);
        if (!keyword && !mask)
            return true;
        if (comma)
            cp_next(p);
        cp_next(p);
        if (mask) {
            int m = atoi(k->text + 1);
            if (m < 0 || m > 26) {
                cp_error(p, k, "edit masks are M0 to M26");
                return false;
            }
            it->edited = true;
            it->edit.mask = m;
            continue;
        }
        if (!cp_expect(p, '=', "after the keyword"))
            return false;
        if (cp_is_kw(k, "TO")) {
            ctl_tok *f = cp_next(p);
            it->to = cp_format_word(f);
            if (it->to != KR_FMT_ZD && it->to != KR_FMT_PD && it->to != KR_FMT_BI && it->to != KR_FMT_FI) {
                cp_error(p, f, "TO= takes ZD, PD, BI or FI; to show a number as characters use M11, M12 or EDIT=(...)");
                return false;
            }
        } else if (cp_is_kw(k, "LENGTH")) {
            uint64_t n;
            ctl_tok *lt = cp_next(p);
            if (!cp_number(p, lt, 32768, &n, "LENGTH"))
                return false;
            if (n == 0) {
                cp_error(p, lt, "LENGTH is at least 1");
                return false;
            }
            it->to_length = n;
            it->edit.length = n;
        } else if (cp_is_kw(k, "EDIT")) {
            char *pat = cp_raw_parenthesized(p);
            if (!pat)
                return false;
            free(it->edit.pattern);
            it->edit.pattern = pat;
            it->edit.mask = -1;
            it->edited = true;
        } else {
            char *raw = cp_raw_parenthesized(p);
            if (!raw)
                return false;
            /* SIGNS=(lead+,lead-,trail+,trail-): each a character or empty. */
            char signs[5] = {0};
            if (!cp_signs(raw, signs)) {
                free(raw);
                cp_error(p, k, "SIGNS=(a,b,c,d) takes up to four signs, each one character, C' ' or ' ' for a blank");
                return false;
            }
            free(raw);
            free(it->edit.signs);
            it->edit.signs = kr_xmalloc(5);
            memcpy(it->edit.signs, signs, 5);
        }
    }
}

/* A constant item starts at token i: C'..', X'..', or a repeat count written against one. */
static bool constant_at(const cparser *p, size_t i)
{
    if (i >= p->toks.n)
        return false;
    const ctl_tok *t = &p->toks.v[i];
    if (t->kind == CT_STR)
        return t->quote == 'C' || t->quote == 'X';
    return t->kind == CT_NUM && i + 1 < p->toks.n && p->toks.v[i + 1].kind == CT_STR && p->toks.v[i + 1].start == t->end;
}

/* NAME:, QUAL:NAME: or TYPE.NAME: before a constant: the field the constant is put at
 * (extension). Anything else with a colon is a qualified field (F1:NAME). */
static size_t target_length(const cparser *p)
{
    size_t i = p->toks.i;
    const ctl_tok *v = p->toks.v;
    if (i + 2 < p->toks.n && v[i].kind == CT_WORD && cp_is_punct(&v[i + 1], ':') && constant_at(p, i + 2))
        return 2;
    if (i + 4 < p->toks.n && v[i].kind == CT_WORD && (cp_is_punct(&v[i + 1], ':') || cp_is_punct(&v[i + 1], '.')) &&
        v[i + 2].kind == CT_WORD && cp_is_punct(&v[i + 3], ':') && constant_at(p, i + 4))
        return 4;
    return 0;
}

/* %nn followed by a format or a conversion of its own (%01,SFF,TO=ZD  %00,JFY=(..)  %03,SFF,ADD,..):
 * read as a field, not copied as it is. */
static bool parsed_with_operands(const cparser *p)
{
    size_t i = p->toks.i;
    if (i + 3 >= p->toks.n || !cp_is_punct(&p->toks.v[i], '%') || p->toks.v[i + 1].kind != CT_NUM ||
        !cp_is_punct(&p->toks.v[i + 2], ','))
        return false;
    const ctl_tok *w = &p->toks.v[i + 3];
    if (w->kind != CT_WORD)
        return false;
    static const char *const words[] = {"TO", "EDIT", "SIGNS", "LENGTH", "JFY", "SQZ", "CHANGE", "TRAN", NULL};
    for (int k = 0; words[k]; k++)
        if (cp_is_kw(w, words[k]))
            return true;
    bool mask = (w->text[0] == 'M' || w->text[0] == 'm') && isdigit((unsigned char)w->text[1]);
    return mask || cp_format_word(w) != KR_FMT_NONE || cp_arith_ahead(p);
}

static bool item(cparser *p, kr_item *it, bool report)
{
    memset(it, 0, sizeof *it);
    ctl_tok *t = cp_peek(p);
    it->pos = t->pos;
    size_t target = target_length(p);
    if (target) {
        if (target == 2) { /* NAME: (cp_ref would take the colon for a qualifier's) */
            it->target.pos = t->pos;
            it->target.name = kr_xstrdup(cp_next(p)->text);
        } else if (!cp_ref(p, &it->target, false))
            return false;
        cp_next(p); /* the colon */
        it->has_target = true;
        t = cp_peek(p);
    }
    /* c: column */
    else if (t->kind == CT_NUM && cp_is_punct(cp_peek2(p), ':')) {
        uint64_t col;
        if (!cp_number(p, cp_next(p), 32768 * 32, &col, "a column") || col == 0)
            return false;
        cp_next(p);
        it->column = col;
        t = cp_peek(p);
    }
    int now = cp_now_item(p, it); /* DATE1, TIME1(:), &DATE, DATE=(4MD/), ... (rundate.c) */
    if (now)
        return now > 0;
    int parsed = parsed_with_operands(p) ? 0 : cp_parsed_item(p, it); /* %nn (parsedef.c) */
    if (parsed)
        return parsed > 0;
    int datefn = cp_datefn_item(p, it); /* p,m,Y4T,ADDDAYS,+1,TOGREG=Y4T(-), ... (datefn.c) */
    if (datefn)
        return datefn > 0;
    if (t->kind == CT_STR && (t->quote == 'C' || t->quote == 'X' || (t->quote == 0 && report))) {
        it->kind = KR_ITEM_CONST;
        it->repeat = 1;
        return cp_const(p, &it->value);
    }
    /* nX, nZ, nC'..', nX'..', and n'..' in a report's HEADERn/TRAILERn (DFSORT's 7'-') */
    if (t->kind == CT_NUM && t->text[0] != '+' && t->text[0] != '-') {
        ctl_tok *n2 = cp_peek2(p);
        if (n2->start == t->end && ((n2->kind == CT_WORD && (cp_is_kw(n2, "X") || cp_is_kw(n2, "Z"))) ||
                                    (n2->kind == CT_STR && (n2->quote == 'C' || n2->quote == 'X' ||
                                                            (n2->quote == 0 && report))))) {
            uint64_t rep;
            if (!cp_number(p, cp_next(p), 32768, &rep, "a repeat count") || rep == 0)
                return false;
            it->kind = KR_ITEM_CONST;
            it->repeat = rep;
            if (n2->kind == CT_WORD) {
                cp_next(p);
                it->value.kind = KR_CONST_HEX;
                it->value.bytes = kr_xmalloc(1);
                it->value.bytes[0] = cp_is_kw(n2, "X") ? ' ' : 0;
                it->value.len = 1;
                return true;
            }
            return cp_const(p, &it->value);
        }
    }
    if (cp_is_kw(t, "X") || cp_is_kw(t, "Z")) {
        cp_next(p);
        it->kind = KR_ITEM_CONST;
        it->repeat = 1;
        it->value.kind = KR_CONST_HEX;
        it->value.bytes = kr_xmalloc(1);
        it->value.bytes[0] = cp_is_kw(t, "X") ? ' ' : 0;
        it->value.len = 1;
        return true;
    }
    if (cp_is_kw(t, "SEQNUM")) {
        cp_next(p);
        it->kind = KR_ITEM_SEQNUM;
        uint64_t len;
        if (!cp_expect(p, ',', "and the length after SEQNUM") || !cp_number(p, cp_next(p), 31, &len, "SEQNUM's length") ||
            len == 0 || !cp_expect(p, ',', "and the format after SEQNUM's length"))
            return false;
        ctl_tok *f = cp_next(p);
        it->seq_fmt = cp_format_word(f);
        if (it->seq_fmt != KR_FMT_ZD && it->seq_fmt != KR_FMT_PD && it->seq_fmt != KR_FMT_BI &&
            it->seq_fmt != KR_FMT_FI) {
            cp_error(p, f, "SEQNUM's format is ZD, PD, BI or FI");
            return false;
        }
        it->seq_len = len;
        it->seq_start = 1;
        it->seq_incr = 1;
        while (cp_is_punct(cp_peek(p), ',') &&
               (cp_is_kw(cp_peek2(p), "START") || cp_is_kw(cp_peek2(p), "INCR") || cp_is_kw(cp_peek2(p), "RESTART"))) {
            cp_next(p);
            ctl_tok *k = cp_next(p);
            if (!cp_expect(p, '=', "after the keyword"))
                return false;
            if (cp_is_kw(k, "RESTART")) {
                if (!cp_expect(p, '(', "after RESTART=") || !cp_ref(p, &it->ref, false) ||
                    !cp_expect(p, ')', "to close RESTART=(...)"))
                    return false;
                it->seq_restart = true;
            } else {
                uint64_t v;
                if (!cp_number(p, cp_next(p), UINT64_MAX / 4, &v, k->text))
                    return false;
                if (cp_is_kw(k, "START"))
                    it->seq_start = (kr_i128)v;
                else
                    it->seq_incr = (kr_i128)v;
            }
        }
        return true;
    }
    int r = cp_newline_item(p, it);
    if (!r && report)
        r = cp_report_item(p, it);
    if (r)
        return r > 0;
    if (report && (cp_is_kw(t, "COUNT") || cp_is_kw(t, "SUBCOUNT"))) {
        cp_next(p);
        it->kind = KR_ITEM_COUNT;
        it->sub = cp_is_kw(t, "SUBCOUNT");
        ctl_tok *adj = cp_peek(p); /* COUNT+n=, COUNT-n=: the count shown n more or less */
        if (adj->kind == CT_NUM && adj->start == t->end && (adj->text[0] == '+' || adj->text[0] == '-')) {
            uint64_t n;
            ctl_tok digits = *cp_next(p);
            digits.text++;
            if (!cp_number(p, &digits, 999999999, &n, "COUNT's adjustment"))
                return false;
            it->count_add = adj->text[0] == '-' ? -(long)n : (long)n;
            if (!cp_is_punct(cp_peek(p), '=')) {
                cp_error(p, cp_peek(p), "COUNT%s takes =(edit) or =(TO=..): COUNT%s=(M11,LENGTH=8)", adj->text, adj->text);
                return false;
            }
        }
        if (cp_accept(p, '=')) {
            if (!cp_expect(p, '(', "after COUNT=") || !cp_conversion(p, it, false) ||
                !cp_expect(p, ')', "to close COUNT=(...)"))
                return false;
        }
        return true;
    }
    kr_stat stat;
    bool sub;
    if (report && cp_stat_word(t, &stat, &sub)) {
        cp_next(p);
        it->kind = KR_ITEM_TOT;
        it->stat = stat;
        it->sub = sub;
        if (!cp_expect(p, '=', "after TOT") || !cp_expect(p, '(', "after TOT="))
            return false;
        if (!cp_ref(p, &it->ref, true))
            return false;
        if (!cp_conversion(p, it, true) || !cp_expect(p, ')', "to close TOT=(...) (or MIN=, MAX=, AVG=)"))
            return false;
        return true;
    }
    /* Arithmetic: (..), p,m,f,ADD,... or name,MUL,+n ..., edited or converted like a field. */
    if (!report && cp_arith_ahead(p)) {
        if (!cp_arith(p, it))
            return false;
        return cp_conversion(p, it, true);
    }
    /* A field: p,m[,f conversion] | p (to the end) | name[,conversion] */
    it->kind = KR_ITEM_FIELD;
    if (t->kind == CT_NUM && !(cp_is_punct(cp_peek2(p), ',') && p->toks.i + 2 < p->toks.n &&
                               p->toks.v[p->toks.i + 2].kind == CT_NUM)) {
        uint64_t s;
        if (!cp_number(p, cp_next(p), 32768 * 32, &s, "a position") || s == 0)
            return false;
        it->ref.pos = t->pos;
        it->ref.start = s;
        it->to_end = true;
        return true;
    }
    if (t->kind != CT_NUM && t->kind != CT_WORD && !cp_is_punct(t, '%')) {
        cp_error(p, t, "expected a field (p,m or a name), a constant (C'..', X'..', nX), SEQNUM or a column c:");
        return false;
    }
    if (!cp_ref(p, &it->ref, true))
        return false;
    if (!cp_conversion(p, it, true))
        return false;
    if (report && it->align) {
        cp_error(p, t, "the alignment H, F or D places a field of a record's BUILD, not of a report's line");
        return false;
    }
    return true;
}

void cp_item_free(kr_item *it)
{
    cp_datefn_free(it->datefn);
    free(it->tran_table);
    for (size_t i = 0; i < it->n_change; i++) {
        free(it->change[i].bytes);
        if (it->change_refs)
            kr_ref_free(&it->change_refs[i]);
    }
    free(it->change);
    free(it->change_refs);
    free(it->nomatch.bytes);
    free(it->lead.bytes);
    free(it->trail.bytes);
    free(it->mid.bytes);
    kr_ref_free(&it->nomatch_ref);
    kr_ref_free(&it->ref);
    kr_ref_free(&it->target);
    free(it->value.bytes);
    free(it->edit.pattern);
    free(it->edit.signs);
    cp_arith_free(it);
}

bool cp_items(cparser *p, kr_items *out, bool report)
{
    if (!cp_expect(p, '(', "to open the list of items"))
        return false;
    if (cp_accept(p, ')'))
        return true;
    do {
        KR_GROW(out->v, out->cap, out->n + 1);
        kr_item *it = &out->v[out->n];
        if (!item(p, it, report)) {
            cp_item_free(it);
            return false;
        }
        out->n++;
    } while (cp_accept(p, ','));
    return cp_expect(p, ')', "to close the list of items");
}

static bool ifthen(cparser *p, kr_reformat *rf)
{
    if (!cp_expect(p, '(', "after IFTHEN="))
        return false;
    rf->clauses = kr_xrealloc(rf->clauses, (rf->n_clauses + 1) * sizeof *rf->clauses);
    kr_ifthen *c = &rf->clauses[rf->n_clauses++];
    memset(c, 0, sizeof *c);
    c->pos = cp_peek(p)->pos;
    c->build = true;
    ctl_tok *w = cp_next(p);
    if (!cp_is_kw(w, "WHEN") || !cp_expect(p, '=', "after WHEN")) {
        cp_error(p, w, "an IFTHEN clause starts with WHEN=INIT, WHEN=GROUP, WHEN=(condition) or WHEN=NONE");
        return false;
    }
    ctl_tok *k = cp_peek(p);
    if (cp_is_kw(k, "GROUP")) {
        cp_next(p);
        c->when = KR_WHEN_GROUP;
        for (size_t i = 0; i + 1 < rf->n_clauses; i++)
            if (rf->clauses[i].when != KR_WHEN_INIT && rf->clauses[i].when != KR_WHEN_GROUP) {
                cp_error(p, k, "WHEN=GROUP clauses come with the WHEN=INIT clauses, before WHEN=(condition) and WHEN=NONE");
                return false;
            }
        return cp_group_clause(p, c, w);
    }
    if (cp_is_kw(k, "INIT")) {
        cp_next(p);
        c->when = KR_WHEN_INIT;
    } else if (cp_is_kw(k, "NONE")) {
        cp_next(p);
        c->when = KR_WHEN_NONE;
    } else if (cp_is_punct(k, '(')) {
        c->when = KR_WHEN_COND;
        c->cond = cp_cond_top(p);
        if (!c->cond)
            return false;
    } else {
        cp_error(p, k, "WHEN= takes INIT, GROUP, NONE or a condition in parentheses");
        return false;
    }
    bool action = false;
    while (cp_accept(p, ',')) {
        ctl_tok *a = cp_next(p);
        if (cp_is_kw(a, "BUILD") || cp_is_kw(a, "OVERLAY") || cp_is_kw(a, "FIELDS") || cp_is_kw(a, "OUTREC")) {
            if (action) {
                cp_error(p, a, "an IFTHEN clause has one BUILD, OVERLAY or FINDREP");
                return false;
            }
            action = true;
            c->build = !cp_is_kw(a, "OVERLAY");
            if (!cp_expect(p, '=', "after BUILD/OVERLAY") || !cp_items(p, &c->items, false))
                return false;
        } else if (cp_is_kw(a, "FINDREP")) {
            if (action) {
                cp_error(p, a, "an IFTHEN clause has one BUILD, OVERLAY or FINDREP");
                return false;
            }
            action = true;
            c->build = false;
            if (!cp_expect(p, '=', "after FINDREP") || !(c->findrep = cp_findrep(p)))
                return false;
        } else if (cp_is_kw(a, "HIT")) {
            if (!cp_expect(p, '=', "after HIT") || !cp_is_kw(cp_peek(p), "NEXT")) {
                cp_error(p, a, "HIT= takes NEXT");
                return false;
            }
            cp_next(p);
            c->hit_next = true;
        } else {
            cp_error(p, a, "an IFTHEN clause takes BUILD=, OVERLAY=, FINDREP= and HIT=NEXT, not '%s'", a->text);
            return false;
        }
    }
    if (!action) {
        cp_error(p, w, "the IFTHEN clause does nothing: add BUILD=(...), OVERLAY=(...) or FINDREP=(...)");
        return false;
    }
    if (c->when == KR_WHEN_INIT && c->hit_next) {
        cp_error(p, w, "WHEN=INIT clauses always go on to the next; HIT=NEXT is for WHEN=(condition)");
        return false;
    }
    return cp_expect(p, ')', "to close the IFTHEN clause");
}

bool cp_reformat_operands(cparser *p, kr_reformat *rf, bool in_outfil)
{
    do {
        ctl_tok *t = cp_peek(p);
        if (cp_is_kw(t, "BUILD") || cp_is_kw(t, "FIELDS") || (in_outfil && cp_is_kw(t, "OUTREC")) ||
            cp_is_kw(t, "OVERLAY")) {
            cp_next(p);
            if (rf->kind != KR_RF_NONE) {
                cp_error(p, t, "one BUILD, OVERLAY or set of IFTHEN clauses per statement");
                return false;
            }
            rf->kind = cp_is_kw(t, "OVERLAY") ? KR_RF_OVERLAY : KR_RF_BUILD;
            if (!cp_expect(p, '=', "after BUILD/OVERLAY") || !cp_items(p, &rf->items, false))
                return false;
        } else if (cp_is_kw(t, "FINDREP")) {
            cp_next(p);
            if (rf->kind != KR_RF_NONE) {
                cp_error(p, t, "one BUILD, OVERLAY, FINDREP or set of IFTHEN clauses per statement");
                return false;
            }
            rf->kind = KR_RF_FINDREP;
            if (!cp_expect(p, '=', "after FINDREP"))
                return false;
            rf->findrep = cp_findrep(p);
            if (!rf->findrep)
                return false;
        } else if (cp_is_kw(t, "IFTHEN")) {
            cp_next(p);
            if (rf->kind != KR_RF_NONE && rf->kind != KR_RF_IFTHEN) {
                cp_error(p, t, "IFTHEN clauses cannot be mixed with BUILD or OVERLAY");
                return false;
            }
            rf->kind = KR_RF_IFTHEN;
            if (!cp_expect(p, '=', "after IFTHEN") || !ifthen(p, rf))
                return false;
        } else if (cp_is_kw(t, "PARSE")) { /* PARSE=(%nn=(...),...) (parsedef.c) */
            cp_next(p);
            if (rf->n_parse) {
                cp_error(p, t, "one PARSE= per statement");
                return false;
            }
            if (!cp_expect(p, '=', "after PARSE") || !cp_parse_defs(p, rf))
                return false;
        } else if (cp_is_kw(t, "IFOUTLEN")) {
            cp_next(p);
            uint64_t n;
            if (!cp_expect(p, '=', "after IFOUTLEN") || !cp_number(p, cp_next(p), 32768 * 32, &n, "IFOUTLEN"))
                return false;
            rf->ifoutlen = n;
        } else if (in_outfil) {
            return true; /* another OUTFIL operand: the caller goes on */
        } else {
            if (t->kind == CT_END)
                cp_error(p, t, "expected BUILD=, OVERLAY=, FINDREP=, IFTHEN= or IFOUTLEN=, but the statement ends");
            else
                cp_error(p, t, "expected BUILD=, OVERLAY=, FINDREP=, IFTHEN= or IFOUTLEN=, found '%s'", t->text);
            return false;
        }
        if (in_outfil && !(cp_is_punct(cp_peek(p), ',') &&
                           (cp_is_kw(cp_peek2(p), "BUILD") || cp_is_kw(cp_peek2(p), "OVERLAY") ||
                            cp_is_kw(cp_peek2(p), "FINDREP") ||
                            cp_is_kw(cp_peek2(p), "IFTHEN") || cp_is_kw(cp_peek2(p), "IFOUTLEN") ||
                            cp_is_kw(cp_peek2(p), "PARSE") ||
                            cp_is_kw(cp_peek2(p), "OUTREC"))))
            return true;
    } while (cp_accept(p, ','));
    return true;
}
