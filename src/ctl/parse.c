/* parse.c: the DFSORT control statement parser: statements -> kr_ctl. Conditions and
 * reformatting items are in cond.c and items.c; this file has the statements. */
#include "parse.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- the cursor ------------------------------------------------------------------------ */

void cp_error(cparser *p, const ctl_tok *t, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (p->failed)
        return; /* one error per statement: the rest would be noise */
    /* The word itself, the word before '=' or '(' (JFY=, TRAN=), or before ',' (ADD,+1). */
    const ctl_tok *word = t;
    const char *feature = cp_unsupported(word);
    if (!feature && t > p->toks.v && t < p->toks.v + p->toks.n &&
        (cp_is_punct(t, '=') || cp_is_punct(t, '(') || cp_is_punct(t - 1, ',')))
        feature = cp_unsupported(word = cp_is_punct(t - 1, ',') && t - 1 > p->toks.v ? t - 2 : t - 1);
    if (feature)
        kr_diags_add(p->diags, KR_RC_ENV, "KRK0707E", "%s:%d:%d: %s: not supported: %s ('%s')", p->path,
                     word->pos.line, word->pos.col, p->stmt->op, feature, word->text);
    else
        kr_diags_add(p->diags, KR_RC_ENV, "KRK0510E", "%s:%d:%d: %s: %s", p->path, t->pos.line,
                     t->pos.col, p->stmt->op, msg);
    p->failed = true;
}

ctl_tok *cp_peek(cparser *p)
{
    return &p->toks.v[p->toks.i];
}

ctl_tok *cp_peek2(cparser *p)
{
    size_t i = p->toks.i + 1;
    return &p->toks.v[i < p->toks.n ? i : p->toks.n - 1];
}

ctl_tok *cp_next(cparser *p)
{
    ctl_tok *t = &p->toks.v[p->toks.i];
    if (t->kind != CT_END)
        p->toks.i++;
    return t;
}

bool cp_is_punct(const ctl_tok *t, char c)
{
    return t->kind == CT_PUNCT && t->text[0] == c;
}

bool cp_is_kw(const ctl_tok *t, const char *kw)
{
    return t->kind == CT_WORD && strcasecmp(t->text, kw) == 0;
}

bool cp_accept(cparser *p, char c)
{
    if (cp_is_punct(cp_peek(p), c)) {
        cp_next(p);
        return true;
    }
    return false;
}

bool cp_expect(cparser *p, char c, const char *after)
{
    ctl_tok *t = cp_peek(p);
    if (cp_is_punct(t, c)) {
        cp_next(p);
        return true;
    }
    if (t->kind == CT_END)
        cp_error(p, t, "expected '%c' %s, but the statement ends", c, after);
    else
        cp_error(p, t, "expected '%c' %s, found '%s'", c, after, t->text);
    return false;
}

bool cp_number(cparser *p, const ctl_tok *t, uint64_t max, uint64_t *out, const char *what)
{
    if (t->kind != CT_NUM || t->text[0] == '+' || t->text[0] == '-' || strchr(t->text, '.')) {
        cp_error(p, t, "%s must be a whole number", what);
        return false;
    }
    uint64_t v = 0;
    for (const char *c = t->text; *c; c++) {
        v = v * 10 + (uint64_t)(*c - '0');
        if (v > max) {
            cp_error(p, t, "%s is too large (at most %llu)", what, (unsigned long long)max);
            return false;
        }
    }
    *out = v;
    return true;
}

/* keyword=NUMBER */
static bool kw_number(cparser *p, uint64_t max, uint64_t *out, const char *what)
{
    if (!cp_expect(p, '=', what))
        return false;
    return cp_number(p, cp_next(p), max, out, what);
}

kr_fmt cp_format_word(const ctl_tok *t)
{
    if (cp_date_format_word(t))
        return KR_FMT_YDATE; /* Y2T, Y4W, ...: which one is kept by cp_ref (datefn.c) */
    static const struct { const char *w; kr_fmt f; } fmts[] = {
        {"CH", KR_FMT_CH},   {"ZD", KR_FMT_ZD},     {"PD", KR_FMT_PD},     {"BI", KR_FMT_BI},
        {"FI", KR_FMT_FI},   {"SS", KR_FMT_SS},     {"TEXT", KR_FMT_TEXT}, {"KANA", KR_FMT_KANA},
        {"AC", KR_FMT_CH},   {"AQ", KR_FMT_CH},     {"CSL", KR_FMT_ZD},    {"LS", KR_FMT_ZD},
        {"ASL", KR_FMT_ZD},  {"CST", KR_FMT_ZD},    {"TS", KR_FMT_ZD},     {"AST", KR_FMT_ZD},
        {"CLO", KR_FMT_ZD},  {"OL", KR_FMT_ZD},     {"CTO", KR_FMT_ZD},    {"OT", KR_FMT_ZD},   {"CSF", KR_FMT_CSF}, {"FS", KR_FMT_CSF}, {"UFF", KR_FMT_UFF}, {"SFF", KR_FMT_SFF},
    };
    if (t->kind != CT_WORD)
        return KR_FMT_NONE;
    if (strlen(t->text) == 3 && strchr("DTdt", t->text[0]) && strchr("TCtc", t->text[1]) &&
        t->text[2] >= '1' && t->text[2] <= (t->text[0] == 'D' || t->text[0] == 'd' ? '3' : '4') &&
        !(toupper((unsigned char)t->text[0]) == 'T' && toupper((unsigned char)t->text[1]) == 'T'))
        return KR_FMT_STAMP; /* DT1-DT3, DC1-DC3, TC1-TC4 (TM below) */
    if (strlen(t->text) == 3 && (t->text[0] == 'T' || t->text[0] == 't') && (t->text[1] == 'M' || t->text[1] == 'm') &&
        t->text[2] >= '1' && t->text[2] <= '4')
        return KR_FMT_STAMP; /* TM1-TM4 */
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++)
        if (strcasecmp(t->text, fmts[i].w) == 0)
            return fmts[i].f;
    return KR_FMT_NONE;
}

/* The sign a sign format gives a ZD field (kr_ref.zsign), 0 for the others. */
static char sign_format(const ctl_tok *t)
{
    if (cp_is_kw(t, "CSL") || cp_is_kw(t, "LS") || cp_is_kw(t, "ASL"))
        return 'l';
    if (cp_is_kw(t, "CST") || cp_is_kw(t, "TS") || cp_is_kw(t, "AST"))
        return 't';
    if (cp_is_kw(t, "CLO") || cp_is_kw(t, "OL"))
        return 'L';
    return 0;
}

/* FORMAT= gives positional fields a bare kr_fmt: a format that needs more than that (AQ, the
 * sign formats) is written on each field. */
static bool format_operand_ok(cparser *p, const ctl_tok *f)
{
    if (sign_format(f) || cp_is_kw(f, "AQ") || cp_format_word(f) == KR_FMT_STAMP) {
        cp_error(p, f, "FORMAT=%s: write %s on each field (p,m,%s)", f->text, f->text, f->text);
        return false;
    }
    return true;
}

const char *kr_fmt_name(kr_fmt f)
{
    static const char *names[] = {"",     "CH",    "ZD",  "PD",  "BI",  "FI",  "SS",
                                  "TEXT", "KANA",  "Y2/Y4", "UFF", "SFF", "CSF", "DTn/TMn"};
    return names[f];
}

/* Notes a DFSORT tuning operand that has no effect here (shown in the listing). */
static void note_ignored(kr_ctl *c, char *text)
{
    c->ignored = kr_xrealloc(c->ignored, (c->n_ignored + 1) * sizeof *c->ignored);
    c->ignored[c->n_ignored++] = text;
}

/* Skips `=value` or `=(...)` after an operand that has no effect here. */
static void skip_value(cparser *p)
{
    if (!cp_accept(p, '='))
        return;
    if (cp_accept(p, '(')) {
        int depth = 1;
        while (depth && cp_peek(p)->kind != CT_END) {
            ctl_tok *x = cp_next(p);
            depth += cp_is_punct(x, '(') - cp_is_punct(x, ')');
        }
    } else
        cp_next(p);
}

/* ---- field references ------------------------------------------------------------------ */

/* A name: `name`, `F1:name`, `type.name`. */
static bool parse_name(cparser *p, kr_ref *r)
{
    ctl_tok *t = cp_next(p);
    r->pos = t->pos;
    if (cp_is_punct(cp_peek(p), ':') || cp_is_punct(cp_peek(p), '.')) {
        ctl_tok *sep = cp_next(p);
        ctl_tok *n = cp_next(p);
        if (n->kind != CT_WORD) {
            cp_error(p, n, "expected a field name after '%s%c'", t->text, sep->text[0]);
            return false;
        }
        r->qual = kr_xstrdup(t->text);
        r->name = kr_xstrdup(n->text);
        return true;
    }
    r->name = kr_xstrdup(t->text);
    return true;
}

/* A position or length: n, or n.b (b a bit, 0-7) where FIELDS= takes bit positions. */
static bool bytes_bits(cparser *p, ctl_tok *t, uint64_t *bytes, unsigned *bit, const char *what)
{
    const char *dot = t->kind == CT_NUM ? strchr(t->text, '.') : NULL;
    *bit = 0;
    if (!dot)
        return cp_number(p, t, 32768 * 32, bytes, what);
    if (!p->bit_positions) {
        kr_diags_add(p->diags, KR_RC_ENV, "KRK2503E", "%s:%d:%d: %s: %s: bit positions (p.b,m.b) are taken by the "
                     "BI keys of SORT, MERGE and JOINKEYS FIELDS= only; INCLUDE and OMIT test bits with masks "
                     "(p,m,BI,ALL,X'..' or p,m,BI,EQ,B'..')", p->path, t->pos.line, t->pos.col, p->stmt->op, t->text);
        p->failed = true;
        return false;
    }
    bool ok = t->text[0] >= '0' && t->text[0] <= '9' && dot[1] >= '0' && dot[1] <= '7' && dot[2] == '\0';
    uint64_t v = 0;
    for (const char *c = t->text; ok && c < dot; c++) {
        ok = *c >= '0' && *c <= '9' && v <= 32768 * 32;
        v = v * 10 + (uint64_t)(*c - '0');
    }
    if (!ok || v > 32768 * 32) {
        cp_error(p, t, "%s %s: write bytes.bit, the bit 0 to 7 (398.4)", what, t->text);
        return false;
    }
    *bytes = v;
    *bit = (unsigned)(dot[1] - '0');
    return true;
}

bool cp_ref(cparser *p, kr_ref *r, bool take_format)
{
    memset(r, 0, sizeof *r);
    ctl_tok *t = cp_peek(p);
    if (t->kind == CT_NUM) {
        uint64_t start, length;
        r->pos = t->pos;
        if (!bytes_bits(p, cp_next(p), &start, &r->start_bit, "a field's start position"))
            return false;
        if (start == 0) {
            cp_error(p, t, "positions start at 1");
            return false;
        }
        if (!cp_expect(p, ',', "and the field's length after its position"))
            return false;
        ctl_tok *lt = cp_next(p);
        if (!bytes_bits(p, lt, &length, &r->length_bits, "a field's length"))
            return false;
        if (length == 0 && r->length_bits == 0) {
            cp_error(p, lt, "a field is at least 1 byte long");
            return false;
        }
        r->start = start;
        r->length = length;
    } else if (t->kind == CT_WORD) {
        if (!parse_name(p, r))
            return false;
    } else if (cp_is_punct(t, '%') && cp_peek2(p)->kind == CT_NUM && cp_peek2(p)->start == t->end) {
        uint64_t id; /* %nn: a field PARSE= cut, read in the format after it */
        r->pos = t->pos;
        cp_next(p);
        if (!cp_number(p, cp_next(p), 99, &id, "a parsed field's number (%00-%99)"))
            return false;
        r->parsed = (int)id + 1;
    } else {
        cp_error(p, t, "expected a field: a position and length (p,m) or a field name");
        return false;
    }
    if (take_format && cp_is_punct(cp_peek(p), ',') && cp_format_word(cp_peek2(p)) != KR_FMT_NONE) {
        cp_next(p);
        ctl_tok *f = cp_next(p);
        r->fmt = cp_format_word(f);
        r->aq = cp_is_kw(f, "AQ");
        r->zsign = sign_format(f);
        if (r->fmt == KR_FMT_STAMP)
            for (int i = 0; i < 3; i++)
                r->ydate[i] = (char)toupper((unsigned char)f->text[i]);
        if (r->fmt == KR_FMT_YDATE)
            cp_date_format_name(f, r->ydate);
    }
    return true;
}

void kr_ref_free(kr_ref *r)
{
    free(r->name);
    free(r->qual);
    r->name = r->qual = NULL;
}

/* ---- SORT / MERGE ---------------------------------------------------------------------- */

static bool parse_keys(cparser *p, kr_key **keys, size_t *n)
{
    if (!cp_expect(p, '(', "after FIELDS="))
        return false;
    size_t cap = 0;
    for (;;) {
        kr_key k;
        memset(&k, 0, sizeof k);
        p->bit_positions = true;
        bool ok = cp_ref(p, &k.ref, true);
        p->bit_positions = false;
        if (!ok)
            return false;
        if (!cp_expect(p, ',', "and A or D (ascending, descending) after the field")) {
            kr_ref_free(&k.ref);
            return false;
        }
        ctl_tok *d = cp_next(p);
        if (cp_is_kw(d, "A"))
            k.descending = false;
        else if (cp_is_kw(d, "D"))
            k.descending = true;
        else {
            cp_error(p, d, "expected A or D (ascending, descending), found '%s'", d->text);
            kr_ref_free(&k.ref);
            return false;
        }
        KR_GROW(*keys, cap, *n + 1);
        (*keys)[(*n)++] = k;
        if (cp_accept(p, ','))
            continue;
        return cp_expect(p, ')', "to close FIELDS=(...)");
    }
}

static void apply_format(kr_key *keys, size_t n, kr_fmt f)
{
    for (size_t i = 0; i < n; i++)
        if (keys[i].ref.fmt == KR_FMT_NONE && !keys[i].ref.name)
            keys[i].ref.fmt = f;
}

static void stmt_sort(cparser *p, kr_ctl *c, bool merge)
{
    ctl_tok *first = cp_peek(p);
    if (c->op != KR_OP_NONE) {
        cp_error(p, first, "a second SORT/MERGE statement; a step does one sort, merge or copy");
        return;
    }
    c->op = merge ? KR_OP_MERGE : KR_OP_SORT;
    c->op_pos = p->stmt->op_pos;
    kr_fmt format = KR_FMT_NONE;
    bool keys_seen = false;
    do {
        ctl_tok *t = cp_next(p);
        if (cp_is_kw(t, "FIELDS")) {
            if (!cp_expect(p, '=', "after FIELDS"))
                return;
            if (cp_is_kw(cp_peek(p), "COPY")) {
                cp_next(p);
                c->op = KR_OP_COPY;
            } else if (!parse_keys(p, &c->keys, &c->n_keys))
                return;
            keys_seen = true;
        } else if (cp_is_kw(t, "FORMAT")) {
            if (!cp_expect(p, '=', "after FORMAT"))
                return;
            ctl_tok *f = cp_next(p);
            format = cp_format_word(f);
            if (format == KR_FMT_NONE || format == KR_FMT_SS) {
                cp_error(p, f, "FORMAT= takes CH, ZD, PD, BI, FI, TEXT or KANA");
                return;
            }
            if (!format_operand_ok(p, f))
                return;
        } else if (cp_is_kw(t, "EQUALS")) {
            c->equals = true;
        } else if (cp_is_kw(t, "NOEQUALS")) {
            c->equals = false;
        } else if (cp_is_kw(t, "SKIPREC")) {
            if (!kw_number(p, UINT64_MAX / 2, &c->skiprec, "SKIPREC"))
                return;
            c->has_skiprec = true;
        } else if (cp_is_kw(t, "STOPAFT")) {
            if (!kw_number(p, UINT64_MAX / 2, &c->stopaft, "STOPAFT"))
                return;
            c->has_stopaft = true;
        } else if (merge && cp_is_kw(t, "FILES")) {
            /* SORTIN01..SORTINnn: the merge checks that exactly n inputs are given. */
            c->merge_files_pos = t->pos;
            if (!kw_number(p, 100, &c->merge_files, "FILES"))
                return;
            if (c->merge_files == 0) {
                cp_error(p, t, "FILES= takes 1 to 100 inputs");
                return;
            }
        } else if (cp_is_kw(t, "SIZE") || cp_is_kw(t, "FILSZ") || cp_is_kw(t, "CKPT") ||
                   cp_is_kw(t, "DYNALLOC")) {
            /* Tuning for the mainframe: accepted and noted in the listing. */
            note_ignored(c, kr_xasprintf("%s %s", p->stmt->op, t->text));
            skip_value(p);
        } else {
            cp_error(p, t, "unknown operand '%s'; %s takes FIELDS=, FORMAT=, EQUALS, NOEQUALS, SKIPREC=%s and STOPAFT=",
                     t->text, merge ? "MERGE" : "SORT", merge ? ", FILES=" : "");
            return;
        }
    } while (cp_accept(p, ','));
    if (!keys_seen) {
        cp_error(p, first, "%s needs FIELDS=(...) or FIELDS=COPY", merge ? "MERGE" : "SORT");
        return;
    }
    apply_format(c->keys, c->n_keys, format);
    for (size_t i = 0; i < c->n_keys; i++) {
        kr_ref *r = &c->keys[i].ref;
        if (!r->name && r->fmt == KR_FMT_NONE) {
            ctl_tok fake = {CT_WORD, (char *)"", 0, 0, r->pos, 0, 0};
            cp_error(p, &fake, "key %zu at position %zu has no format: write %zu,%zu,CH,A or add FORMAT=CH",
                     i + 1, r->start, r->start, r->length);
            return;
        }
        if (r->fmt == KR_FMT_SS) {
            ctl_tok fake = {CT_WORD, (char *)"", 0, 0, r->pos, 0, 0};
            cp_error(p, &fake, "SS is for conditions, not keys");
            return;
        }
    }
    if (cp_peek(p)->kind != CT_END)
        cp_error(p, cp_peek(p), "unexpected '%s'", cp_peek(p)->text);
}

/* ---- OPTION ---------------------------------------------------------------------------- */

static const char *tuning_options[] = {
    "DYNALLOC", "FILSZ", "SIZE", "MAINSIZE", "MAXLIM", "MINLIM", "RESINV",
    "NOLIST", "LIST", "MSGPRT", "HIPRMAX", "MOSIZE", "DSPSIZE", "AVGRLEN", "NULLOUT",
    "NULLOFL", "SPANINC", "CKPT", "NOCKPT", "ODMAXBF", "SOLRF", "NOSOLRF", "VERIFY", "NOVERIFY",
    "ZDPRINT", "NOZDPRINT", "TMAXLIM", "SDB", "NOSDB", NULL};

static void stmt_option(cparser *p, kr_ctl *c)
{
    do {
        ctl_tok *t = cp_next(p);
        if (cp_is_kw(t, "COPY")) {
            if (c->op != KR_OP_NONE && c->op != KR_OP_COPY) {
                cp_error(p, t, "OPTION COPY with a SORT or MERGE statement; a step does one of them");
                return;
            }
            c->op = KR_OP_COPY;
            c->op_pos = t->pos;
        } else if (cp_is_kw(t, "CHALT") || cp_is_kw(t, "NOCHALT")) {
            c->chalt = cp_is_kw(t, "CHALT");
        } else if (cp_is_kw(t, "EQUALS")) {
            c->equals = true;
        } else if (cp_is_kw(t, "NOEQUALS")) {
            c->equals = false;
        } else if (cp_is_kw(t, "VLSHRT") || cp_is_kw(t, "NOVLSHRT")) {
            c->vlshrt = cp_is_kw(t, "VLSHRT");
        } else if (cp_is_kw(t, "VLSCMP") || cp_is_kw(t, "NOVLSCMP")) {
            c->vlscmp = cp_is_kw(t, "VLSCMP");
        } else if (cp_is_kw(t, "SKIPREC")) {
            if (!kw_number(p, UINT64_MAX / 2, &c->skiprec, "SKIPREC"))
                return;
            c->has_skiprec = true;
        } else if (cp_is_kw(t, "STOPAFT")) {
            if (!kw_number(p, UINT64_MAX / 2, &c->stopaft, "STOPAFT"))
                return;
            c->has_stopaft = true;
        } else if (cp_is_kw(t, "Y2PAST")) {
            uint64_t v;
            if (!kw_number(p, 9999, &v, "Y2PAST"))
                return;
            if (v > 100 && (v < 1000 || v > 3000)) {
                cp_error(p, t, "Y2PAST= takes 0 to 100 (years before the run date) or a year 1000 to 3000");
                return;
            }
            c->y2past = (unsigned)v;
            c->has_y2past = true;
        } else if (cp_is_kw(t, "OVFLO")) {
            if (!cp_expect(p, '=', "after OVFLO"))
                return;
            ctl_tok *v = cp_next(p);
            if (cp_is_kw(v, "RC0"))
                c->ovflo = KR_OVFLO_RC0;
            else if (cp_is_kw(v, "RC4"))
                c->ovflo = KR_OVFLO_RC4;
            else if (cp_is_kw(v, "RC16"))
                c->ovflo = KR_OVFLO_RC16;
            else {
                cp_error(p, v, "OVFLO= takes RC0, RC4 or RC16, found '%s'", v->text);
                return;
            }
        } else {
            bool tuning = false;
            for (int i = 0; tuning_options[i]; i++)
                tuning |= cp_is_kw(t, tuning_options[i]);
            if (!tuning) {
                cp_error(p, t, "unknown option '%s'; kiroku's options are COPY, EQUALS, NOEQUALS, SKIPREC=n and STOPAFT=n",
                         t->text);
                return;
            }
            note_ignored(c, kr_xasprintf("OPTION %s", t->text));
            skip_value(p);
        }
    } while (cp_accept(p, ','));
    if (cp_peek(p)->kind != CT_END)
        cp_error(p, cp_peek(p), "unexpected '%s'", cp_peek(p)->text);
}

/* ---- INCLUDE / OMIT -------------------------------------------------------------------- */

static void stmt_include(cparser *p, kr_ctl *c, bool omit)
{
    if (c->include) {
        cp_error(p, cp_peek(p), "a second INCLUDE/OMIT statement; combine the conditions with AND or OR");
        return;
    }
    /* COND=(...) and FORMAT=f, in either order: FORMAT= gives the positional fields that
     * have none their format. */
    kr_cond *cond = NULL;
    kr_fmt format = KR_FMT_NONE;
    bool has_format = false;
    do {
        ctl_tok *t = cp_next(p);
        if (cp_is_kw(t, "COND") && !cond) {
            if (!cp_expect(p, '=', "after COND"))
                break;
            cond = cp_cond_all_none(p);
            if (!cond)
                cond = cp_cond_top(p);
            if (!cond)
                break;
        } else if (cp_is_kw(t, "FORMAT") && !has_format) {
            if (!cp_expect(p, '=', "after FORMAT"))
                break;
            ctl_tok *f = cp_next(p);
            format = cp_format_word(f);
            if (format == KR_FMT_NONE) {
                cp_error(p, f, "FORMAT= takes CH, ZD, PD, BI, FI, SS, TEXT or KANA");
                break;
            }
            if (!format_operand_ok(p, f))
                break;
            has_format = true;
        } else {
            cp_error(p, t, cond ? "unexpected '%s' after the condition" : "expected COND=(...), found '%s'",
                     t->kind == CT_END ? "the end" : t->text);
            break;
        }
    } while (cp_accept(p, ','));
    if (!p->failed && !cond)
        cp_error(p, cp_peek(p), "expected COND=(...)");
    if (!p->failed && cp_peek(p)->kind != CT_END)
        cp_error(p, cp_peek(p), "unexpected '%s' after the condition", cp_peek(p)->text);
    if (p->failed) {
        kr_cond_free(cond);
        return;
    }
    cp_cond_default_format(cond, format);
    c->include = cond;
    c->omit = omit;
    c->include_pos = p->stmt->op_pos;
}

/* ---- INREC / OUTREC -------------------------------------------------------------------- */

static void stmt_reformat(cparser *p, kr_reformat *rf, const char *name)
{
    if (rf->kind != KR_RF_NONE) {
        cp_error(p, cp_peek(p), "a second %s statement", name);
        return;
    }
    rf->pos = p->stmt->op_pos;
    cp_reformat_operands(p, rf, false);
    if (!p->failed && rf->kind == KR_RF_NONE)
        cp_error(p, cp_peek(p), "%s needs BUILD=(...), OVERLAY=(...), FINDREP=(...) or IFTHEN=(...)", name);
    if (!p->failed && cp_peek(p)->kind != CT_END)
        cp_error(p, cp_peek(p), "unexpected '%s'", cp_peek(p)->text);
}

/* ---- SUM ------------------------------------------------------------------------------- */

static void stmt_sum(cparser *p, kr_ctl *c)
{
    if (c->has_sum) {
        cp_error(p, cp_peek(p), "a second SUM statement");
        return;
    }
    c->has_sum = true;
    c->sum_pos = p->stmt->op_pos;
    kr_fmt format = KR_FMT_NONE;
    size_t cap = 0;
    bool fields = false;
    do {
        ctl_tok *t = cp_next(p);
        if (cp_is_kw(t, "FIELDS")) {
            fields = true;
            if (!cp_expect(p, '=', "after FIELDS"))
                return;
            if (cp_is_kw(cp_peek(p), "NONE")) {
                cp_next(p);
                c->sum_none = true;
                continue;
            }
            if (cp_accept(p, '(')) {
                if (cp_is_kw(cp_peek(p), "NONE")) {
                    cp_next(p);
                    c->sum_none = true;
                    if (!cp_expect(p, ')', "after NONE"))
                        return;
                    continue;
                }
                do {
                    kr_ref r;
                    if (!cp_ref(p, &r, true))
                        return;
                    KR_GROW(c->sum_fields, cap, c->n_sum + 1);
                    c->sum_fields[c->n_sum++] = r;
                } while (cp_accept(p, ','));
                if (!cp_expect(p, ')', "to close FIELDS=(...)"))
                    return;
            } else {
                cp_error(p, cp_peek(p), "expected FIELDS=(p,m,f,...) or FIELDS=NONE");
                return;
            }
        } else if (cp_is_kw(t, "FORMAT")) {
            if (!cp_expect(p, '=', "after FORMAT"))
                return;
            ctl_tok *f = cp_next(p);
            format = cp_format_word(f);
            if (!format_operand_ok(p, f))
                return;
        } else if (cp_is_kw(t, "XSUM")) {
            c->xsum = true;
        } else {
            cp_error(p, t, "unknown operand '%s'; SUM takes FIELDS=(...), FIELDS=NONE, FORMAT= and XSUM", t->text);
            return;
        }
    } while (cp_accept(p, ','));
    if (!fields) {
        cp_error(p, cp_peek(p), "SUM needs FIELDS=(...) or FIELDS=NONE");
        return;
    }
    for (size_t i = 0; i < c->n_sum; i++) {
        kr_ref *r = &c->sum_fields[i];
        if (r->fmt == KR_FMT_NONE && !r->name)
            r->fmt = format;
        if (!r->name && r->fmt != KR_FMT_ZD && r->fmt != KR_FMT_PD && r->fmt != KR_FMT_BI &&
            r->fmt != KR_FMT_FI) {
            ctl_tok fake = {CT_WORD, (char *)"", 0, 0, r->pos, 0, 0};
            cp_error(p, &fake, "a SUM field is ZD, PD, BI or FI (%zu,%zu has %s)", r->start, r->length,
                     r->fmt == KR_FMT_NONE ? "no format" : kr_fmt_name(r->fmt));
            return;
        }
    }
    if (cp_peek(p)->kind != CT_END)
        cp_error(p, cp_peek(p), "unexpected '%s'", cp_peek(p)->text);
}

/* ---- OUTFIL ---------------------------------------------------------------------------- */

static void stmt_outfil(cparser *p, kr_ctl *c)
{
    c->outfils = kr_xrealloc(c->outfils, (c->n_outfils + 1) * sizeof *c->outfils);
    kr_outfil *o = &c->outfils[c->n_outfils++];
    memset(o, 0, sizeof *o);
    o->pos = p->stmt->op_pos;
    if (cp_peek(p)->kind == CT_END)
        return; /* OUTFIL alone: SORTOUT, everything */
    do {
        ctl_tok *t = cp_peek(p);
        if (cp_is_kw(t, "FNAMES") || cp_is_kw(t, "FNAME")) {
            cp_next(p);
            if (!cp_expect(p, '=', "after FNAMES"))
                return;
            bool list = cp_accept(p, '(');
            do {
                ctl_tok *n = cp_next(p);
                if (n->kind != CT_WORD) {
                    cp_error(p, n, "FNAMES= names the outputs (ddnames), e.g. FNAMES=(PAIRED,ONLY1)");
                    return;
                }
                o->fnames = kr_xrealloc(o->fnames, (o->n_fnames + 1) * sizeof *o->fnames);
                o->fnames[o->n_fnames++] = kr_xstrdup(n->text);
            } while (list && cp_accept(p, ','));
            if (list && !cp_expect(p, ')', "to close FNAMES=(...)"))
                return;
        } else if (cp_is_kw(t, "INCLUDE") || cp_is_kw(t, "OMIT")) {
            cp_next(p);
            if (o->include) {
                cp_error(p, t, "a second INCLUDE/OMIT on this OUTFIL");
                return;
            }
            o->omit = cp_is_kw(t, "OMIT");
            if (!cp_expect(p, '=', "after INCLUDE/OMIT"))
                return;
            o->include = cp_cond_all_none(p);
            if (!o->include)
                o->include = cp_cond_top(p);
            if (!o->include)
                return;
        } else if (cp_is_kw(t, "SAVE")) {
            cp_next(p);
            o->save = true;
        } else if (cp_is_kw(t, "REMOVECC")) {
            cp_next(p);
            o->remove_cc = true;
        } else if (cp_is_kw(t, "STARTREC") || cp_is_kw(t, "ENDREC")) {
            cp_next(p);
            uint64_t *dst = cp_is_kw(t, "STARTREC") ? &o->startrec : &o->endrec;
            if (!kw_number(p, UINT64_MAX / 2, dst, t->text))
                return;
        } else if (cp_is_kw(t, "HEADER1") || cp_is_kw(t, "TRAILER1")) {
            cp_next(p);
            bool header = cp_is_kw(t, "HEADER1");
            if (!cp_expect(p, '=', "after HEADER1/TRAILER1"))
                return;
            if (!cp_items(p, header ? &o->header1 : &o->trailer1, true))
                return;
            if (header)
                o->has_header1 = true;
            else
                o->has_trailer1 = true;
        } else if (cp_is_kw(t, "BUILD") || cp_is_kw(t, "OUTREC") || cp_is_kw(t, "OVERLAY") || cp_is_kw(t, "FINDREP") ||
                   cp_is_kw(t, "IFTHEN") || cp_is_kw(t, "IFOUTLEN") ||
                   cp_is_kw(t, "PARSE")) {
            if (!cp_reformat_operands(p, &o->rec, true))
                return;
            continue; /* it consumed through its last operand */
        } else {
            int r = cp_split_operand(p, o);
            if (r == 0)
                r = cp_report_operand(p, o);
            if (r == 0)
                r = cp_vb_operand(p, o);
            if (r == 0)
                r = cp_iftrail_operand(p, o);
            if (r < 0)
                return;
            if (r == 0) {
                cp_error(p, t, "unknown OUTFIL operand '%s'; OUTFIL takes FNAMES=, INCLUDE=, OMIT=, SAVE, BUILD=, "
                               "OVERLAY=, IFTHEN=, HEADER1=, TRAILER1=, HEADER2=, TRAILER2=, SECTIONS=, LINES=, "
                               "NODETAIL, STARTREC=, ENDREC=, SPLIT, SPLITBY=, SPLIT1R=, SAMPLE=, ACCEPT=, REPEAT=, "
                               "FINDREP=, REMOVECC, FTOV, VTOF, VLFILL=, VLTRIM= and IFTRAIL=",
                         t->text);
                return;
            }
        }
    } while (cp_accept(p, ','));
    if (o->save && o->include)
        cp_error(p, cp_peek(p), "SAVE takes the records no other OUTFIL took; it has no INCLUDE/OMIT of its own");
    if (!p->failed)
        cp_iftrail_check(p, o);
    if (!p->failed && cp_peek(p)->kind != CT_END)
        cp_error(p, cp_peek(p), "unexpected '%s'", cp_peek(p)->text);
}

/* ---- JOINKEYS / JOIN / REFORMAT -------------------------------------------------------- */

static void stmt_joinkeys(cparser *p, kr_ctl *c)
{
    kr_joinkeys jk;
    memset(&jk, 0, sizeof jk);
    jk.pos = p->stmt->op_pos;
    int file = 0;
    do {
        ctl_tok *t = cp_next(p);
        if (cp_is_kw(t, "FILE") || cp_is_kw(t, "F1") || cp_is_kw(t, "F2")) {
            if (cp_is_kw(t, "FILE")) {
                if (!cp_expect(p, '=', "after FILE"))
                    goto fail;
                t = cp_next(p);
            } else if (cp_accept(p, '=')) {
                ctl_tok *dd = cp_next(p); /* F1=ddname: the data set's DD name */
                if (dd->kind != CT_WORD) {
                    cp_error(p, dd, "%s= takes a DD name", t->text);
                    goto fail;
                }
                free(jk.ddname);
                jk.ddname = kr_xstrdup(dd->text);
            }
            if (cp_is_kw(t, "F1"))
                file = 1;
            else if (cp_is_kw(t, "F2"))
                file = 2;
            else {
                cp_error(p, t, "FILE= is F1 or F2");
                goto fail;
            }
        } else if (cp_is_kw(t, "FIELDS")) {
            if (!cp_expect(p, '=', "after FIELDS") || !parse_keys(p, &jk.keys, &jk.n_keys))
                goto fail;
        } else if (cp_is_kw(t, "SORTED")) {
            jk.sorted = true;
        } else if (cp_is_kw(t, "NOSEQCK")) {
            jk.noseqck = true;
        } else if (cp_is_kw(t, "INCLUDE") || cp_is_kw(t, "OMIT")) {
            if (jk.include) {
                cp_error(p, t, "a second INCLUDE/OMIT on this JOINKEYS");
                goto fail;
            }
            jk.omit = cp_is_kw(t, "OMIT");
            if (!cp_expect(p, '=', "after INCLUDE/OMIT"))
                goto fail;
            jk.include = cp_cond_top(p);
            if (!jk.include)
                goto fail;
        } else if (cp_is_kw(t, "STOPAFT")) {
            if (!kw_number(p, UINT64_MAX / 2, &jk.stopaft, "STOPAFT"))
                goto fail;
        } else if (cp_is_kw(t, "TYPE") || cp_is_kw(t, "TASKID")) {
            if (!cp_expect(p, '=', "after TYPE/TASKID"))
                goto fail;
            cp_next(p);
        } else {
            cp_error(p, t, "unknown JOINKEYS operand '%s'; JOINKEYS takes FILE=F1|F2, FIELDS=, SORTED, NOSEQCK, "
                           "INCLUDE=, OMIT= and STOPAFT=",
                     t->text);
            goto fail;
        }
    } while (cp_accept(p, ','));
    if (cp_peek(p)->kind != CT_END) {
        cp_error(p, cp_peek(p), "unexpected '%s'", cp_peek(p)->text);
        goto fail;
    }
    if (!file) {
        ctl_tok fake = {CT_WORD, (char *)"", 0, 0, jk.pos, 0, 0};
        cp_error(p, &fake, "JOINKEYS needs FILE=F1 or FILE=F2");
        goto fail;
    }
    if (!jk.n_keys) {
        ctl_tok fake = {CT_WORD, (char *)"", 0, 0, jk.pos, 0, 0};
        cp_error(p, &fake, "JOINKEYS needs FIELDS=(...)");
        goto fail;
    }
    if (c->join[file - 1].present) {
        ctl_tok fake = {CT_WORD, (char *)"", 0, 0, jk.pos, 0, 0};
        cp_error(p, &fake, "a second JOINKEYS for F%d", file);
        goto fail;
    }
    for (size_t i = 0; i < jk.n_keys; i++)
        if (jk.keys[i].ref.fmt == KR_FMT_NONE && !jk.keys[i].ref.name)
            jk.keys[i].ref.fmt = KR_FMT_CH; /* JOINKEYS positions compare as bytes */
    jk.present = true;
    c->join[file - 1] = jk;
    return;
fail:
    for (size_t i = 0; i < jk.n_keys; i++)
        kr_ref_free(&jk.keys[i].ref);
    free(jk.keys);
    kr_cond_free(jk.include);
    free(jk.ddname);
}

static void stmt_join(cparser *p, kr_ctl *c)
{
    c->has_join = true;
    c->join_pos = p->stmt->op_pos;
    ctl_tok *t = cp_next(p);
    if (!cp_is_kw(t, "UNPAIRED")) {
        cp_error(p, t, "JOIN takes UNPAIRED[,F1][,F2][,ONLY]");
        return;
    }
    unsigned sides = 0;
    while (cp_accept(p, ',')) {
        ctl_tok *w = cp_next(p);
        if (cp_is_kw(w, "F1"))
            sides |= KR_JOIN_F1;
        else if (cp_is_kw(w, "F2"))
            sides |= KR_JOIN_F2;
        else if (cp_is_kw(w, "ONLY"))
            c->join_only = true;
        else {
            cp_error(p, w, "JOIN UNPAIRED takes F1, F2 and ONLY, not '%s'", w->text);
            return;
        }
    }
    c->join_unpaired = sides ? sides : (KR_JOIN_F1 | KR_JOIN_F2);
    if (cp_peek(p)->kind != CT_END)
        cp_error(p, cp_peek(p), "unexpected '%s'", cp_peek(p)->text);
}

static void stmt_reformat_join(cparser *p, kr_ctl *c)
{
    if (c->has_reformat) {
        cp_error(p, cp_peek(p), "a second REFORMAT statement");
        return;
    }
    c->has_reformat = true;
    c->reformat_pos = p->stmt->op_pos;
    do {
        ctl_tok *t = cp_next(p);
        if (cp_is_kw(t, "FIELDS")) {
            if (!cp_expect(p, '=', "after FIELDS") || !cp_expect(p, '(', "after FIELDS="))
                return;
            int file = 0;
            do {
                ctl_tok *x = cp_peek(p);
                kr_reformat_item it;
                memset(&it, 0, sizeof it);
                it.pos = x->pos;
                if (cp_is_punct(x, '?')) {
                    cp_next(p);
                } else {
                    if ((cp_is_kw(x, "F1") || cp_is_kw(x, "F2")) && cp_is_punct(cp_peek2(p), ':')) {
                        file = cp_is_kw(x, "F1") ? 1 : 2;
                        cp_next(p);
                        cp_next(p);
                    }
                    if (!file) {
                        cp_error(p, x, "a REFORMAT field names its file first: F1:p,m or F2:name");
                        return;
                    }
                    it.file = file;
                    x = cp_peek(p);
                    bool pair = x->kind == CT_NUM && cp_is_punct(cp_peek2(p), ',') &&
                                p->toks.i + 2 < p->toks.n && p->toks.v[p->toks.i + 2].kind == CT_NUM;
                    if (x->kind == CT_NUM && !pair) {
                        uint64_t s;
                        if (!cp_number(p, cp_next(p), 32768 * 32, &s, "a position"))
                            return;
                        it.ref.pos = x->pos;
                        it.ref.start = s;
                        it.to_end = true;
                    } else if (!cp_ref(p, &it.ref, false)) {
                        return;
                    }
                }
                c->reformat = kr_xrealloc(c->reformat, (c->n_reformat + 1) * sizeof *c->reformat);
                c->reformat[c->n_reformat++] = it;
            } while (cp_accept(p, ','));
            if (!cp_expect(p, ')', "to close REFORMAT FIELDS=(...)"))
                return;
        } else if (cp_is_kw(t, "FILL")) {
            if (!cp_expect(p, '=', "after FILL"))
                return;
            ctl_tok *f = cp_next(p);
            if (f->kind != CT_STR || f->len != 1 || (f->quote != 'C' && f->quote != 'X')) {
                cp_error(p, f, "FILL= takes one byte: C'x' or X'hh'");
                return;
            }
            c->fill = (unsigned char)f->text[0];
        } else {
            cp_error(p, t, "unknown REFORMAT operand '%s'; REFORMAT takes FIELDS=(...) and FILL=", t->text);
            return;
        }
    } while (cp_accept(p, ','));
    if (cp_peek(p)->kind != CT_END)
        cp_error(p, cp_peek(p), "unexpected '%s'", cp_peek(p)->text);
}

/* ---- entry point ----------------------------------------------------------------------- */

static kr_ctl *parse_statements(const char *text, size_t len, const char *path, kr_diags *diags, bool side)
{
    ctl_stmts stmts;
    bool ok = ctl_split(text, len, path, &stmts, diags);
    kr_ctl *c = kr_xcalloc(1, sizeof *c);
    c->path = kr_xstrdup(path);
    c->equals = true;
    c->fill = ' ';
    size_t echo_cap = 0;
    int errors = ok ? 0 : 1;
    for (size_t i = 0; i < stmts.n; i++) {
        ctl_stmt *s = &stmts.v[i];
        KR_GROW(c->echo, echo_cap, c->n_echo + 1);
        c->echo[c->n_echo++] = kr_xstrdup(s->echo ? s->echo : s->op);
        cparser p;
        memset(&p, 0, sizeof p);
        p.path = path;
        p.diags = diags;
        p.stmt = s;
        if (!ctl_tokenize(s, path, &p.toks, diags)) {
            errors++;
            continue;
        }
        const char *op = s->op;
        if (strcmp(op, "SORT") == 0)
            stmt_sort(&p, c, false);
        else if (strcmp(op, "MERGE") == 0)
            stmt_sort(&p, c, true);
        else if (strcmp(op, "OPTION") == 0)
            stmt_option(&p, c);
        else if (strcmp(op, "INCLUDE") == 0 || strcmp(op, "OMIT") == 0)
            stmt_include(&p, c, strcmp(op, "OMIT") == 0);
        else if (strcmp(op, "INREC") == 0)
            stmt_reformat(&p, &c->inrec, "INREC");
        else if (strcmp(op, "OUTREC") == 0)
            stmt_reformat(&p, &c->outrec, "OUTREC");
        else if (strcmp(op, "SUM") == 0)
            stmt_sum(&p, c);
        else if (strcmp(op, "OUTFIL") == 0)
            stmt_outfil(&p, c);
        else if (strcmp(op, "JOINKEYS") == 0)
            stmt_joinkeys(&p, c);
        else if (strcmp(op, "JOIN") == 0)
            stmt_join(&p, c);
        else if (strcmp(op, "REFORMAT") == 0)
            stmt_reformat_join(&p, c);
        else if (strcmp(op, "ALTSEQ") == 0)
            cp_stmt_altseq(&p, c);
        else if (strcmp(op, "RECORD") == 0 || strcmp(op, "DEBUG") == 0) {
            note_ignored(c, kr_xasprintf("%s statement", op));
        } else {
            ctl_tok at = {CT_WORD, (char *)"", 0, 0, s->op_pos, 0, 0};
            cp_error(&p, &at, "%s is not supported by kiroku", op);
        }
        if (p.failed)
            errors++;
        ctl_toks_free(&p.toks);
    }
    ctl_stmts_free(&stmts);
    if (!errors) {
        if (side) {
            /* A join side's statements (JNFnCNTL) need no operation; the engine says what they may hold. */
        } else if (c->op == KR_OP_NONE && !c->join[0].present && !c->join[1].present) {
            kr_diags_add(diags, KR_RC_ENV, "KRK0511E",
                         "%s: no SORT, MERGE or COPY statement; write e.g. SORT FIELDS=(1,10,CH,A) or OPTION COPY",
                         path);
            errors++;
        } else if ((c->join[0].present || c->join[1].present) &&
                   !(c->join[0].present && c->join[1].present)) {
            kr_diags_add(diags, KR_RC_ENV, "KRK0511E", "%s: a join needs two JOINKEYS statements, FILE=F1 and FILE=F2",
                         path);
            errors++;
        } else if (c->join[0].present && c->join[0].n_keys != c->join[1].n_keys) {
            kr_diags_add(diags, KR_RC_ENV, "KRK0511E",
                         "%s:%d:%d: JOINKEYS F1 has %zu key fields but F2 has %zu; give both the same number",
                         path, c->join[1].pos.line, c->join[1].pos.col, c->join[0].n_keys, c->join[1].n_keys);
            errors++;
        } else if (c->join[0].present && !c->has_reformat) {
            kr_diags_add(diags, KR_RC_ENV, "KRK0511E",
                         "%s: a join needs a REFORMAT statement saying which fields of F1 and F2 make the joined record",
                         path);
            errors++;
        } else if (c->has_reformat && !c->join[0].present) {
            kr_diags_add(diags, KR_RC_ENV, "KRK0511E", "%s:%d:%d: REFORMAT without JOINKEYS", path,
                         c->reformat_pos.line, c->reformat_pos.col);
            errors++;
        } else if (c->xsum && !c->sum_none) {
            kr_diags_add(diags, KR_RC_ENV, "KRK0511E", "%s:%d:%d: XSUM goes with SUM FIELDS=NONE", path,
                         c->sum_pos.line, c->sum_pos.col);
            errors++;
        } else if (c->has_sum && c->op != KR_OP_SORT && c->op != KR_OP_MERGE && !c->join[0].present) {
            kr_diags_add(diags, KR_RC_ENV, "KRK0511E", "%s:%d:%d: SUM needs a SORT or MERGE (equal keys must be together)",
                         path, c->sum_pos.line, c->sum_pos.col);
            errors++;
        }
        if (c->join[0].present && c->op == KR_OP_NONE)
            c->op = KR_OP_COPY;
    }
    if (errors) {
        kr_ctl_free(c);
        return NULL;
    }
    return c;
}

void kr_cond_free(kr_cond *c)
{
    if (!c)
        return;
    kr_cond_free(c->a);
    kr_cond_free(c->b);
    kr_ref_free(&c->left);
    kr_ref_free(&c->right);
    free(c->fold);
    for (size_t i = 0; i < c->n_values; i++)
        free(c->values[i].bytes);
    free(c->values);
    free(c);
}

void cp_items_free(kr_items *it)
{
    for (size_t i = 0; i < it->n; i++)
        cp_item_free(&it->v[i]);
    free(it->v);
    memset(it, 0, sizeof *it);
}

void kr_reformat_free(kr_reformat *rf)
{
    cp_parse_defs_free(rf);
    cp_items_free(&rf->items);
    for (size_t i = 0; i < rf->n_clauses; i++) {
        kr_cond_free(rf->clauses[i].cond);
        cp_items_free(&rf->clauses[i].items);
        cp_findrep_free(rf->clauses[i].findrep);
        cp_group_free(&rf->clauses[i]);
    }
    free(rf->clauses);
    cp_findrep_free(rf->findrep);
    memset(rf, 0, sizeof *rf);
}

kr_ctl *kr_ctl_parse(const char *text, size_t len, const char *path, kr_diags *diags)
{
    return parse_statements(text, len, path, diags, false);
}

kr_ctl *kr_ctl_parse_side(const char *text, size_t len, const char *path, kr_diags *diags)
{
    return parse_statements(text, len, path, diags, true);
}

void kr_ctl_free(kr_ctl *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n_keys; i++)
        kr_ref_free(&c->keys[i].ref);
    free(c->keys);
    free(c->altseq);
    kr_cond_free(c->include);
    kr_reformat_free(&c->inrec);
    kr_reformat_free(&c->outrec);
    for (size_t i = 0; i < c->n_sum; i++)
        kr_ref_free(&c->sum_fields[i]);
    free(c->sum_fields);
    for (size_t i = 0; i < c->n_outfils; i++) {
        kr_outfil *o = &c->outfils[i];
        for (size_t k = 0; k < o->n_fnames; k++)
            free(o->fnames[k]);
        free(o->fnames);
        kr_cond_free(o->include);
        kr_reformat_free(&o->rec);
        cp_items_free(&o->header1);
        cp_items_free(&o->trailer1);
        cp_report_free(o);
        cp_iftrail_free(o);
    }
    free(c->outfils);
    for (int f = 0; f < 2; f++) {
        for (size_t i = 0; i < c->join[f].n_keys; i++)
            kr_ref_free(&c->join[f].keys[i].ref);
        free(c->join[f].keys);
        kr_cond_free(c->join[f].include);
        free(c->join[f].ddname);
    }
    for (size_t i = 0; i < c->n_reformat; i++)
        kr_ref_free(&c->reformat[i].ref);
    free(c->reformat);
    for (size_t i = 0; i < c->n_echo; i++)
        free(c->echo[i]);
    free(c->echo);
    for (size_t i = 0; i < c->n_ignored; i++)
        free(c->ignored[i]);
    free(c->ignored);
    free(c->path);
    free(c);
}
