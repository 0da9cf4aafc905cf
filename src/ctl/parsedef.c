/* parsedef.c: PARSE=(%nn=(...),...) of INREC, OUTREC and OUTFIL, as DFSORT writes it: each
 * %nn (00-99) takes ABSPOS=p, ADDPOS=n, SUBPOS=n, STARTAFT=C'x' or STARTAT=C'x', ENDBEFR=
 * or ENDAT= (one or more), PAIR=C'"' and FIXLEN=n; %=(...) moves past a field unused. The
 * items %nn of BUILD/OVERLAY then copy the parsed fields. */
#include "parse.h"

#include <stdlib.h>
#include <string.h>

/* A one-byte or longer string constant: C'..' or X'..'; TAB (ASCII X'09'). */
static bool string_operand(cparser *p, const ctl_tok *k, kr_const *out)
{
    ctl_tok *v = cp_peek(p);
    if (cp_is_kw(v, "TAB")) {
        cp_next(p);
        memset(out, 0, sizeof *out);
        out->kind = KR_CONST_HEX;
        out->bytes = kr_xmalloc(1);
        out->bytes[0] = '\t';
        out->len = 1;
        return true;
    }
    if (v->kind != CT_STR || (v->quote != 'C' && v->quote != 'X') || v->len == 0) {
        cp_error(p, v, "%s= takes a string: C'x' or X'hh'", k->text);
        return false;
    }
    return cp_const(p, out);
}

static bool definition(cparser *p, kr_parsedef *d)
{
    ctl_tok *pct = cp_next(p); /* '%' */
    d->pos = pct->pos;
    d->id = -1;
    ctl_tok *n = cp_peek(p);
    if (n->kind == CT_NUM && n->start == pct->end) {
        uint64_t id;
        if (!cp_number(p, cp_next(p), 99, &id, "a parsed field's number (%00-%99)"))
            return false;
        d->id = (int)id;
    }
    if (!cp_expect(p, '=', "after %nn") || !cp_expect(p, '(', "after %nn="))
        return false;
    do {
        ctl_tok *k = cp_next(p);
        if (!cp_expect(p, '=', "after the keyword"))
            return false;
        uint64_t v;
        if (cp_is_kw(k, "ABSPOS") || cp_is_kw(k, "ADDPOS") || cp_is_kw(k, "SUBPOS") || cp_is_kw(k, "FIXLEN")) {
            if (!cp_number(p, cp_next(p), 32768 * 32, &v, k->text))
                return false;
            if (cp_is_kw(k, "ABSPOS")) {
                if (v == 0) {
                    cp_error(p, k, "positions start at 1");
                    return false;
                }
                d->has_abspos = true;
                d->abspos = v;
            } else if (cp_is_kw(k, "FIXLEN"))
                d->fixlen = v;
            else
                d->addpos += cp_is_kw(k, "ADDPOS") ? (long)v : -(long)v;
        } else if (cp_is_kw(k, "STARTAFT") || cp_is_kw(k, "STARTAT")) {
            if (d->start) {
                cp_error(p, k, "one STARTAFT= or STARTAT= per parsed field");
                return false;
            }
            d->start = cp_is_kw(k, "STARTAFT") ? 'A' : 'T';
            if (cp_is_kw(cp_peek(p), "BLANKS") || (d->start == 'T' && cp_is_kw(cp_peek(p), "NONBLANK"))) {
                d->start_class = cp_is_kw(cp_next(p), "BLANKS") ? 'B' : 'N';
            } else if (!string_operand(p, k, &d->start_str))
                return false;
        } else if (cp_is_kw(k, "ENDBEFR") || cp_is_kw(k, "ENDAT")) {
            bool at = cp_is_kw(k, "ENDAT");
            if (d->n_ends && at != d->end_at) {
                cp_error(p, k, "a parsed field ends with ENDBEFR= strings or ENDAT= strings, not both");
                return false;
            }
            d->end_at = at;
            if (cp_is_kw(cp_peek(p), "BLANKS")) {
                cp_next(p);
                d->end_blanks = true;
                continue;
            }
            d->ends = kr_xrealloc(d->ends, (d->n_ends + 1) * sizeof *d->ends);
            memset(&d->ends[d->n_ends], 0, sizeof *d->ends);
            if (!string_operand(p, k, &d->ends[d->n_ends++]))
                return false;
        } else if (cp_is_kw(k, "REPEAT")) {
            if (!cp_number(p, cp_next(p), 100, &v, "REPEAT") || v == 0) {
                if (!p->failed)
                    cp_error(p, k, "REPEAT=v takes 1 to 100 fields");
                return false;
            }
            d->repeat = v;
        } else if (cp_is_kw(k, "PAIR") && (cp_is_kw(cp_peek(p), "QUOTE") || cp_is_kw(cp_peek(p), "APOST"))) {
            d->has_pair = true;
            d->pair = cp_is_kw(cp_next(p), "QUOTE") ? '"' : '\'';
        } else if (cp_is_kw(k, "PAIR")) {
            kr_const c;
            if (!string_operand(p, k, &c))
                return false;
            bool one = c.len == 1;
            if (one) {
                d->has_pair = true;
                d->pair = c.bytes[0];
            }
            free(c.bytes);
            if (!one) {
                cp_error(p, k, "PAIR= takes one character, as in PAIR=C'\"'");
                return false;
            }
        } else {
            cp_error(p, k, "a parsed field takes ABSPOS=, ADDPOS=, SUBPOS=, STARTAFT=, STARTAT=, ENDBEFR=, ENDAT=, "
                           "PAIR=, REPEAT= and FIXLEN=, not '%s'", k->text);
            return false;
        }
    } while (cp_accept(p, ','));
    if (!cp_expect(p, ')', "to close %nn=(...)"))
        return false;
    if (d->id >= 0 && !d->fixlen) {
        cp_error(p, pct, "%%%02d needs FIXLEN=n: the length of the field it makes", d->id);
        return false;
    }
    return true;
}

static kr_const const_copy(const kr_const *c)
{
    kr_const out = *c;
    if (c->bytes) {
        out.bytes = kr_xmalloc(c->len + 1);
        memcpy(out.bytes, c->bytes, c->len);
        out.bytes[c->len] = 0;
    }
    return out;
}

/* REPEAT=v: v-1 more definitions like the last one, numbered on from it (%nn+1, ...). */
static bool repeat_definition(cparser *p, kr_reformat *rf, const ctl_tok *at)
{
    kr_parsedef d = rf->parse[rf->n_parse - 1];
    if (d.repeat <= 1)
        return true;
    if (d.has_abspos) {
        cp_error(p, at, "REPEAT= cuts fields one after another: ABSPOS= would cut the same one again");
        return false;
    }
    if (d.id >= 0 && d.id + d.repeat - 1 > 99) {
        cp_error(p, at, "REPEAT=%llu from %%%02d goes past %%99", (unsigned long long)d.repeat, d.id);
        return false;
    }
    rf->parse = kr_xrealloc(rf->parse, (rf->n_parse + d.repeat - 1) * sizeof *rf->parse);
    for (uint64_t r = 1; r < d.repeat; r++) {
        kr_parsedef *c = &rf->parse[rf->n_parse++];
        *c = d;
        c->id = d.id >= 0 ? d.id + (int)r : -1;
        c->start_str = const_copy(&d.start_str);
        c->ends = kr_xcalloc(d.n_ends ? d.n_ends : 1, sizeof *c->ends);
        for (size_t k = 0; k < d.n_ends; k++)
            c->ends[k] = const_copy(&d.ends[k]);
    }
    return true;
}

bool cp_parse_defs(cparser *p, kr_reformat *rf)
{
    if (!cp_expect(p, '(', "after PARSE="))
        return false;
    do {
        if (!cp_is_punct(cp_peek(p), '%')) {
            cp_error(p, cp_peek(p), "PARSE= defines %%nn=(...) fields");
            return false;
        }
        rf->parse = kr_xrealloc(rf->parse, (rf->n_parse + 1) * sizeof *rf->parse);
        kr_parsedef *d = &rf->parse[rf->n_parse++];
        memset(d, 0, sizeof *d);
        size_t first = rf->n_parse - 1;
        ctl_tok *at = cp_peek(p);
        if (!definition(p, d) || !repeat_definition(p, rf, at))
            return false;
        for (size_t k = first; k < rf->n_parse; k++)
            for (size_t i = 0; rf->parse[k].id >= 0 && i < k; i++)
                if (rf->parse[i].id == rf->parse[k].id) {
                    cp_error(p, at, "%%%02d is defined twice", rf->parse[k].id);
                    return false;
                }
    } while (cp_accept(p, ','));
    return cp_expect(p, ')', "to close PARSE=(...)");
}

int cp_parsed_item(cparser *p, kr_item *it)
{
    ctl_tok *pct = cp_peek(p), *n = cp_peek2(p);
    if (!cp_is_punct(pct, '%'))
        return 0;
    if (n->kind != CT_NUM || n->start != pct->end) {
        cp_error(p, pct, "a parsed field is written %%nn (%%00-%%99)");
        return -1;
    }
    cp_next(p);
    uint64_t id;
    if (!cp_number(p, cp_next(p), 99, &id, "a parsed field's number (%00-%99)"))
        return -1;
    it->kind = KR_ITEM_PARSED;
    it->parsed = (int)id;
    return 1;
}

void cp_parse_defs_free(kr_reformat *rf)
{
    for (size_t i = 0; i < rf->n_parse; i++) {
        kr_parsedef *d = &rf->parse[i];
        free(d->start_str.bytes);
        for (size_t k = 0; k < d->n_ends; k++)
            free(d->ends[k].bytes);
        free(d->ends);
    }
    free(rf->parse);
    rf->parse = NULL;
    rf->n_parse = 0;
}
