/* parse.c: the layout language parser: text -> kr_layout, reporting every mistake with
 * its message id, file:line:column and what would fix it. */
#include "kiroku/layout.h"
#include "lex.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A control total reference as written, resolved once all record types are known. */
typedef struct total_ref {
    size_t type, field;  /* the trailer field */
    char *src_type, *src_field, *where_field;
    int line, col;
} total_ref;

typedef struct parser {
    const char *path;
    kr_diags *diags;
    kr_layout *l;
    int errors;
    bool seen_layout, seen_encoding, seen_length, seen_terminator;
    /* The record type being filled. */
    kr_rectype *cur;
    size_t cur_cap_fields, cur_cap_groups;
    size_t pos;            /* next free byte in the current record type */
    int last_field_line;
    char *when_field;      /* discriminator named on the record line */
    kr_bytes *when_values;
    size_t n_when;
    int when_line, when_col;
    /* An open group block. */
    bool in_group;
    kr_group group;
    size_t group_start_pos;
    int group_line;
    size_t cap_types;
    total_ref *totals;
    size_t n_totals, cap_totals;
    /* Parts: named field lists that records `use`; p->cur points into parts while one is
     * being written. */
    kr_rectype *parts;
    size_t n_parts, cap_parts;
    bool in_part;
    const struct use_chain *chain; /* the layouts being read, for `use LAYOUT.TYPE` loops */
    /* Hash indexes, so that a name is checked against the earlier ones in constant time:
     * record type names (the first types_indexed of l->types), and the field names of the
     * record type names_of (its first names_indexed fields). */
    kr_hashmap type_names, field_names;
    size_t types_indexed, names_indexed;
    const kr_rectype *names_of;
} parser;

/* The layouts whose reading led to this one, innermost first. */
typedef struct use_chain {
    const char *path;
    const struct use_chain *up;
} use_chain;

static void perr(parser *p, int line, int col, const char *id, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void perr(parser *p, int line, int col, const char *id, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    kr_diags_add(p->diags, KR_RC_ENV, id, "%s:%d:%d: %s", p->path, line, col, msg);
    p->errors++;
}

/* ---- helpers -------------------------------------------------------------------------- */

static bool is_word(const tok *t, const char *w)
{
    return t->kind == TOK_WORD && strcmp(t->text, w) == 0;
}

static bool is_punct(const tok *t, char c)
{
    return t->kind == TOK_PUNCT && t->text[0] == c;
}

static bool is_name(const tok *t)
{
    if (t->kind != TOK_WORD || !isalpha((unsigned char)t->text[0]))
        return false;
    for (const char *c = t->text; *c; c++)
        if (*c == '-')
            return false;
    return true;
}

/* Parses an unsigned decimal word; false when it is not one or is out of range. */
static bool word_number(const tok *t, unsigned long max, unsigned long *out)
{
    if (t->kind != TOK_WORD || !t->text[0])
        return false;
    unsigned long v = 0;
    for (const char *c = t->text; *c; c++) {
        if (!isdigit((unsigned char)*c))
            return false;
        v = v * 10 + (unsigned long)(*c - '0');
        if (v > max)
            return false;
    }
    *out = v;
    return true;
}

/* A value as written (bare word, string or hex) -> bytes. Strings must be ASCII for now:
 * a non-ASCII value would need converting to the file's encoding. */
static bool value_bytes(parser *p, int line, const tok *t, kr_bytes *out)
{
    if (t->kind == TOK_WORD || t->kind == TOK_STRING) {
        for (size_t i = 0; i < t->len; i++)
            if ((unsigned char)t->text[i] >= 0x80) {
                perr(p, line, t->col, "KRK0110E",
                     "value \"%s\" is not ASCII; write it as hex bytes in the file's "
                     "encoding, e.g. x\"8140\"",
                     t->text);
                return false;
            }
    } else if (t->kind != TOK_HEX) {
        perr(p, line, t->col, "KRK0110E", "expected a value (digits, \"text\" or x\"hex\")");
        return false;
    }
    out->data = kr_xmalloc(t->len + 1);
    memcpy(out->data, t->text, t->len);
    out->data[t->len] = 0;
    out->len = t->len;
    return true;
}

static void bytes_free(kr_bytes *b)
{
    free(b->data);
    b->data = NULL;
    b->len = 0;
}

static char *bytes_show(const kr_bytes *b)
{
    kr_buf s;
    kr_buf_init(&s);
    bool printable = true;
    for (size_t i = 0; i < b->len; i++)
        if (b->data[i] < 0x20 || b->data[i] >= 0x7F)
            printable = false;
    if (printable) {
        kr_buf_addc(&s, '"');
        kr_buf_add(&s, b->data, b->len);
        kr_buf_addc(&s, '"');
    } else {
        kr_buf_adds(&s, "x\"");
        for (size_t i = 0; i < b->len; i++)
            kr_buf_addf(&s, "%02x", b->data[i]);
        kr_buf_addc(&s, '"');
    }
    return kr_buf_take(&s);
}

static const kr_era default_eras[] = {
    {1, "明治", 18680125}, {2, "大正", 19120730}, {3, "昭和", 19261225},
    {4, "平成", 19890108}, {5, "令和", 20190501},
};

static bool parse_ymd(const char *s, int *out)
{
    int y, m, d;
    char extra;
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 || strlen(s) != 10)
        return false;
    if (!kr_date_valid_ymd(y, m, d))
        return false;
    *out = y * 10000 + m * 100 + d;
    return true;
}

/* ---- the file statements -------------------------------------------------------------- */

static void file_statement(parser *p, tok_line *tl)
{
    tok *t = tl->toks;
    kr_layout *l = p->l;
    int line = tl->line;
    if (is_word(&t[0], "layout")) {
        if (p->seen_layout) {
            perr(p, line, t[0].col, "KRK0104E", "a second 'layout' statement; a file holds one layout");
            return;
        }
        p->seen_layout = true;
        if (!is_name(&t[1])) {
            perr(p, line, t[1].col, "KRK0104E", "'layout' needs a name: layout NAME \"label\"");
            return;
        }
        l->name = kr_xstrdup(t[1].text);
        size_t k = 2;
        if (t[k].kind == TOK_STRING)
            l->label = kr_xstrdup(t[k++].text);
        if (t[k].kind != TOK_END)
            perr(p, line, t[k].col, "KRK0104E", "unexpected text after the layout name");
        return;
    }
    if (!p->seen_layout) {
        perr(p, line, t[0].col, "KRK0104E",
             "the file must start with 'layout NAME \"label\"' before '%s'", t[0].text);
        p->seen_layout = true; /* report once */
    }
    if (is_word(&t[0], "encoding")) {
        p->seen_encoding = true;
        if (is_word(&t[1], "cp932") || is_word(&t[1], "CP932") || is_word(&t[1], "sjis"))
            l->encoding = KR_ENC_CP932;
        else if (is_word(&t[1], "utf-8") || is_word(&t[1], "UTF-8") || is_word(&t[1], "utf8"))
            l->encoding = KR_ENC_UTF8;
        else
            perr(p, line, t[1].col, "KRK0103E", "unknown encoding '%s'; write cp932 or utf-8",
                 t[1].text);
    } else if (is_word(&t[0], "length")) {
        unsigned long v;
        p->seen_length = true;
        if (!word_number(&t[1], 1048576, &v) || v == 0)
            perr(p, line, t[1].col, "KRK0103E",
                 "'length' takes the record length in bytes, 1 to 1048576");
        else
            l->length = v;
    } else if (is_word(&t[0], "terminator")) {
        p->seen_terminator = true;
        if (is_word(&t[1], "crlf"))
            l->terminator = KR_TERM_CRLF;
        else if (is_word(&t[1], "lf"))
            l->terminator = KR_TERM_LF;
        else if (is_word(&t[1], "none"))
            l->terminator = KR_TERM_NONE;
        else
            perr(p, line, t[1].col, "KRK0103E", "unknown terminator '%s'; write crlf, lf or none",
                 t[1].text);
    } else if (is_word(&t[0], "overpunch")) {
        if (is_word(&t[1], "ascii"))
            l->overpunch_ebcdic = false;
        else if (is_word(&t[1], "ebcdic"))
            l->overpunch_ebcdic = true;
        else
            perr(p, line, t[1].col, "KRK0103E", "overpunch is ascii or ebcdic");
    } else if (is_word(&t[0], "era")) {
        unsigned long code;
        int start;
        if (!word_number(&t[1], 99, &code) || t[2].kind != TOK_STRING ||
            t[3].kind != TOK_WORD || !parse_ymd(t[3].text, &start)) {
            perr(p, line, t[0].col, "KRK0118E",
                 "write an era as: era CODE \"名\" YYYY-MM-DD (e.g. era 6 \"新元号\" 2040-01-01)");
            return;
        }
        size_t i;
        for (i = 0; i < l->n_eras; i++)
            if (l->eras[i].code == (int)code)
                break;
        if (i == l->n_eras) {
            l->eras = kr_xrealloc(l->eras, (l->n_eras + 1) * sizeof *l->eras);
            l->n_eras++;
        } else {
            free(l->eras[i].name);
        }
        l->eras[i].code = (int)code;
        l->eras[i].name = kr_xstrdup(t[2].text);
        l->eras[i].start = start;
        /* Keep the table sorted by start date. */
        for (size_t a = 1; a < l->n_eras; a++)
            for (size_t b = a; b > 0 && l->eras[b - 1].start > l->eras[b].start; b--) {
                kr_era tmp = l->eras[b];
                l->eras[b] = l->eras[b - 1];
                l->eras[b - 1] = tmp;
            }
        return;
    } else {
        perr(p, line, t[0].col, "KRK0102E",
             "unknown statement '%s'; before the first record a layout has encoding, length, "
             "terminator, overpunch or era",
             t[0].text);
        return;
    }
    if (t[2].kind != TOK_END)
        perr(p, line, t[2].col, "KRK0104E", "unexpected text after '%s %s'", t[0].text, t[1].text);
}

/* ---- records -------------------------------------------------------------------------- */

static void finish_record(parser *p);

static void start_record(parser *p, tok_line *tl)
{
    tok *t = tl->toks;
    int line = tl->line;
    kr_layout *l = p->l;
    if (!is_name(&t[1])) {
        perr(p, line, t[1].col, "KRK0105E", "'record' needs a name: record NAME [ROLE] [when FIELD = VALUE]");
        return;
    }
    for (; p->types_indexed < l->n_types; p->types_indexed++) {
        const char *n = l->types[p->types_indexed].name;
        kr_hashmap_put(&p->type_names, n, strlen(n), p->types_indexed);
    }
    if (kr_hashmap_get(&p->type_names, t[1].text, strlen(t[1].text)) != KR_HASHMAP_NONE)
        perr(p, line, t[1].col, "KRK0105E", "a second record type named '%s'; give it another name", t[1].text);
    KR_GROW(l->types, p->cap_types, l->n_types + 1);
    kr_rectype *rt = &l->types[l->n_types++];
    memset(rt, 0, sizeof *rt);
    rt->name = kr_xstrdup(t[1].text);
    rt->disc_field = -1;
    rt->line = line;
    p->cur = rt;
    p->cur_cap_fields = p->cur_cap_groups = 0;
    p->pos = 0;
    bool role_given = false;
    size_t k = 2;
    static const char *roles[] = {"header", "data", "trailer", "end"};
    for (int r = 0; r < 4; r++)
        if (is_word(&t[k], roles[r])) {
            rt->role = (kr_role)r;
            role_given = true;
            k++;
            break;
        }
    if (!role_given) {
        rt->role = KR_ROLE_DATA;
        for (int r = 0; r < 4; r++)
            if (strcmp(rt->name, roles[r]) == 0)
                rt->role = (kr_role)r;
    }
    if (is_word(&t[k], "when")) {
        p->when_line = line;
        p->when_col = t[k].col;
        k++;
        if (!is_name(&t[k])) {
            perr(p, line, t[k].col, "KRK0111E", "write the discriminator as: when FIELD = VALUE");
            return;
        }
        p->when_field = kr_xstrdup(t[k].text);
        k++;
        if (is_punct(&t[k], '=')) {
            k++;
            p->when_values = kr_xcalloc(1, sizeof *p->when_values);
            if (!value_bytes(p, line, &t[k], &p->when_values[0]))
                return;
            p->n_when = 1;
            k++;
        } else if (is_word(&t[k], "in") && is_punct(&t[k + 1], '(')) {
            k += 2;
            for (;;) {
                p->when_values = kr_xrealloc(p->when_values, (p->n_when + 1) * sizeof *p->when_values);
                if (!value_bytes(p, line, &t[k], &p->when_values[p->n_when]))
                    return;
                p->n_when++;
                k++;
                if (is_punct(&t[k], ',')) {
                    k++;
                    continue;
                }
                if (is_punct(&t[k], ')')) {
                    k++;
                    break;
                }
                perr(p, line, t[k].col, "KRK0111E", "expected ',' or ')' in the list of values");
                return;
            }
        } else {
            perr(p, line, t[k].col, "KRK0111E", "write the discriminator as: when FIELD = VALUE or when FIELD in (V1, V2)");
            return;
        }
    }
    if (t[k].kind == TOK_STRING)
        rt->label = kr_xstrdup(t[k++].text);
    if (t[k].kind != TOK_END)
        perr(p, line, t[k].col, "KRK0105E", "unexpected '%s' on the record line; the roles are header, data, trailer and end",
             t[k].text);
}

/* ---- fields --------------------------------------------------------------------------- */

typedef struct field_spec {
    kr_field f;
    unsigned occurs;
    long at;        /* 1-based start, or -1 */
    long nbytes;    /* bytes(k), or -1 */
    char *total_src_type, *total_src_field, *total_where;
    int total_line, total_col;
} field_spec;

/* Parses the type starting at t[*k]; fills f->type and the widths. */
static bool parse_type(parser *p, int line, tok *t, size_t *k, kr_field *f)
{
    tok *w = &t[*k];
    if (w->kind != TOK_WORD) {
        perr(p, line, w->col, "KRK0107E", "expected a type after the field name: X(n), N(n), M(n), 9(n), S9(n), P(n), B(n), date(...) or mynumber");
        return false;
    }
    const char *s = w->text;
    f->sign = KR_SIGN_NONE;
    if (strcmp(s, "mynumber") == 0) {
        f->type = KR_F_MYNUMBER;
        f->length = 12;
        f->digits = 12;
        f->sensitive = true;
        (*k)++;
        return true;
    }
    if (strcmp(s, "date") == 0) {
        if (!is_punct(&t[*k + 1], '(') || t[*k + 2].kind != TOK_WORD || !is_punct(&t[*k + 3], ')')) {
            perr(p, line, w->col, "KRK0107E", "write a date as date(yyyymmdd), date(yyyymm), date(yymmdd), date(gyymmdd) or date(ggyymmdd)");
            return false;
        }
        static const struct { const char *name; kr_datefmt fmt; size_t len; } fmts[] = {
            {"yyyymmdd", KR_DATE_YYYYMMDD, 8}, {"yyyymm", KR_DATE_YYYYMM, 6},
            {"yymmdd", KR_DATE_YYMMDD, 6},     {"gyymmdd", KR_DATE_GYYMMDD, 7},
            {"ggyymmdd", KR_DATE_GGYYMMDD, 8},
        };
        const char *fs = t[*k + 2].text;
        for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++)
            if (strcmp(fs, fmts[i].name) == 0) {
                f->type = KR_F_DATE;
                f->datefmt = fmts[i].fmt;
                f->length = fmts[i].len;
                f->digits = (unsigned)fmts[i].len;
                f->window = 1950;
                *k += 4;
                return true;
            }
        perr(p, line, t[*k + 2].col, "KRK0107E", "unknown date format '%s'; the formats are yyyymmdd, yyyymm, yymmdd, gyymmdd and ggyymmdd", fs);
        return false;
    }
    /* X N M 9 S9 P B followed by (n) */
    kr_ftype type;
    bool is_signed = false;
    if (strcmp(s, "X") == 0)
        type = KR_F_X;
    else if (strcmp(s, "N") == 0)
        type = KR_F_N;
    else if (strcmp(s, "M") == 0)
        type = KR_F_M;
    else if (strcmp(s, "9") == 0)
        type = KR_F_ZD;
    else if (strcmp(s, "S9") == 0)
        type = KR_F_ZD, is_signed = true;
    else if (strcmp(s, "P") == 0 || strcmp(s, "SP") == 0)
        type = KR_F_PD, is_signed = true;
    else if (strcmp(s, "B") == 0)
        type = KR_F_BI;
    else {
        const char *hint = "";
        if (s[0] == 'X' || s[0] == '9')
            hint = "; write the width in parentheses, as X(10) or 9(5)";
        else if (strcasecmp(s, "pic") == 0)
            hint = "; kiroku types are X(n), N(n), 9(n), S9(n), P(n), B(n) (import a copybook with 'kiroku layout import')";
        perr(p, line, w->col, "KRK0107E", "unknown type '%s'%s", s, hint);
        return false;
    }
    if (!is_punct(&t[*k + 1], '(')) {
        perr(p, line, w->col, "KRK0107E", "'%s' needs a width in parentheses, as %s(10)", s, s);
        return false;
    }
    unsigned long n = 0;
    bool star = false;
    if (is_punct(&t[*k + 2], '*') && type == KR_F_X)
        star = true;
    else if (!word_number(&t[*k + 2], 1048576, &n) || n == 0) {
        perr(p, line, t[*k + 2].col, "KRK0109E", "the width of %s must be a number from 1%s", s,
             type == KR_F_X ? " (or * for the rest of the record)" : "");
        return false;
    }
    if (!is_punct(&t[*k + 3], ')')) {
        perr(p, line, t[*k + 3].col, "KRK0107E", "expected ')' after the width");
        return false;
    }
    *k += 4;
    f->type = type;
    f->star_width = star;
    switch (type) {
    case KR_F_X:
    case KR_F_M:
        f->length = n;
        return true;
    case KR_F_N:
        f->chars = (unsigned)n;
        f->length = 2 * n; /* utf-8 layouts are adjusted once the encoding is known */
        return true;
    default:
        break;
    }
    /* Numeric: optional V99 / V9(m). */
    unsigned long scale = 0;
    tok *v = &t[*k];
    if (v->kind == TOK_WORD && v->text[0] == 'V') {
        const char *d = v->text + 1;
        if (strcmp(d, "9") == 0 && is_punct(&t[*k + 1], '(')) {
            if (!word_number(&t[*k + 2], 38, &scale) || !is_punct(&t[*k + 3], ')')) {
                perr(p, line, v->col, "KRK0109E", "write decimal places as V9(m) or V99");
                return false;
            }
            *k += 4;
        } else if (*d && strspn(d, "9") == strlen(d)) {
            scale = strlen(d);
            (*k)++;
        } else {
            perr(p, line, v->col, "KRK0109E", "write decimal places as V9(m) or V99");
            return false;
        }
        if (type == KR_F_BI) {
            perr(p, line, v->col, "KRK0109E", "a binary field has no decimal places here");
            return false;
        }
    }
    unsigned long digits = (type == KR_F_BI) ? 0 : n + scale;
    if (type != KR_F_BI && digits > 31) {
        perr(p, line, w->col, "KRK0109E", "%lu digits is more than the 31 a decimal field may hold", digits);
        return false;
    }
    f->digits = (unsigned)digits;
    f->scale = (unsigned)scale;
    if (type == KR_F_ZD) {
        f->sign = is_signed ? KR_SIGN_TRAILING : KR_SIGN_NONE;
        f->length = digits;
    } else if (type == KR_F_PD) {
        f->sign = KR_SIGN_TRAILING;
        f->length = digits / 2 + 1;
    } else { /* binary */
        if (n != 1 && n != 2 && n != 4 && n != 8) {
            perr(p, line, t[*k - 2].col, "KRK0109E", "a binary field is 1, 2, 4 or 8 bytes, not %lu", n);
            return false;
        }
        f->length = n;
        static const unsigned maxdigits[9] = {0, 3, 5, 0, 10, 0, 0, 0, 20};
        f->digits = maxdigits[n];
    }
    return true;
}

/* values list: ( V, V, ... ) -> bytes array. */
static bool parse_value_list(parser *p, int line, tok *t, size_t *k, kr_bytes **vals, size_t *n)
{
    if (!is_punct(&t[*k], '(')) {
        perr(p, line, t[*k].col, "KRK0108E", "expected '(' and a list of values");
        return false;
    }
    (*k)++;
    for (;;) {
        kr_bytes b;
        if (!value_bytes(p, line, &t[*k], &b))
            return false;
        *vals = kr_xrealloc(*vals, (*n + 1) * sizeof **vals);
        (*vals)[(*n)++] = b;
        (*k)++;
        if (is_punct(&t[*k], ',')) {
            (*k)++;
            continue;
        }
        if (is_punct(&t[*k], ')')) {
            (*k)++;
            return true;
        }
        perr(p, line, t[*k].col, "KRK0108E", "expected ',' or ')' in the list of values");
        return false;
    }
}

static bool parse_codes(parser *p, int line, tok *t, size_t *k, kr_field *f)
{
    if (!is_punct(&t[*k], '(')) {
        perr(p, line, t[*k].col, "KRK0108E", "write codes as codes(1 \"男\", 2 \"女\")");
        return false;
    }
    (*k)++;
    for (;;) {
        kr_code c = {{NULL, 0}, NULL};
        if (!value_bytes(p, line, &t[*k], &c.value))
            return false;
        (*k)++;
        if (t[*k].kind == TOK_STRING) {
            c.label = kr_xstrdup(t[*k].text);
            (*k)++;
        }
        f->codes = kr_xrealloc(f->codes, (f->n_codes + 1) * sizeof *f->codes);
        f->codes[f->n_codes++] = c;
        if (is_punct(&t[*k], ',')) {
            (*k)++;
            continue;
        }
        if (is_punct(&t[*k], ')')) {
            (*k)++;
            return true;
        }
        perr(p, line, t[*k].col, "KRK0108E", "expected ',' or ')' in codes(...): codes(1 \"男\", 2 \"女\")");
        return false;
    }
}

static bool parse_total(parser *p, int line, tok *t, size_t *k, field_spec *fs)
{
    /* = count(TYPE [where F [not] = V]) | = sum(TYPE.FIELD [where F [not] = V]) */
    size_t start = *k;
    (*k)++; /* '=' */
    fs->total_line = line;
    fs->total_col = t[start].col;
    bool count = is_word(&t[*k], "count"), sum = is_word(&t[*k], "sum");
    if (fs->f.total != KR_TOTAL_NONE) {
        perr(p, line, t[start].col, "KRK0116E", "a second control total on one field; a field holds one total "
             "(give the other its own field)");
        return false;
    }
    if ((!count && !sum) || !is_punct(&t[*k + 1], '(') || !is_name(&t[*k + 2])) {
        perr(p, line, t[start].col, "KRK0116E", "a control total is '= count(data)', '= sum(data.FIELD)', "
             "either with 'where F = V' or 'where F not = V'");
        return false;
    }
    fs->f.total = count ? KR_TOTAL_COUNT : KR_TOTAL_SUM;
    fs->total_src_type = kr_xstrdup(t[*k + 2].text);
    *k += 3;
    if (sum) {
        if (!is_punct(&t[*k], '.') || !is_name(&t[*k + 1])) {
            perr(p, line, t[*k].col, "KRK0116E", "sum needs a record type and a field: sum(data.kingaku)");
            return false;
        }
        fs->total_src_field = kr_xstrdup(t[*k + 1].text);
        *k += 2;
    }
    if (is_word(&t[*k], "where")) {
        bool negated = is_name(&t[*k + 1]) && is_word(&t[*k + 2], "not");
        size_t eq = *k + (negated ? 3 : 2);
        if (!is_name(&t[*k + 1]) || !is_punct(&t[eq], '=')) {
            perr(p, line, t[*k].col, "KRK0116E",
                 "write the condition as: count(data where FIELD = VALUE) or (data where FIELD not = VALUE)");
            return false;
        }
        fs->total_where = kr_xstrdup(t[*k + 1].text);
        fs->f.total_where_not = negated;
        *k = eq + 1;
        if (!value_bytes(p, line, &t[*k], &fs->f.total_value))
            return false;
        (*k)++;
    }
    if (!is_punct(&t[*k], ')')) {
        perr(p, line, t[*k].col, "KRK0116E", "expected ')' to close the control total");
        return false;
    }
    (*k)++;
    return true;
}

static void field_free(kr_field *f)
{
    free(f->name);
    free(f->base_name);
    free(f->label);
    free(f->remark);
    for (size_t i = 0; i < f->n_none; i++)
        bytes_free(&f->none_values[i]);
    free(f->none_values);
    for (size_t i = 0; i < f->n_open; i++)
        bytes_free(&f->open_values[i]);
    free(f->open_values);
    for (size_t i = 0; i < f->n_codes; i++) {
        bytes_free(&f->codes[i].value);
        free(f->codes[i].label);
    }
    free(f->codes);
    bytes_free(&f->total_value);
    free(f->index_name);
    free(f->not_before_name);
    free(f->sample);
}

/* Frees what a record type (or a part) owns. */
static void rectype_free(kr_rectype *rt)
{
    for (size_t f = 0; f < rt->n_fields; f++)
        field_free(&rt->fields[f]);
    free(rt->fields);
    for (size_t g = 0; g < rt->n_groups; g++) {
        free(rt->groups[g].name);
        free(rt->groups[g].label);
    }
    free(rt->groups);
    for (size_t d = 0; d < rt->n_disc; d++)
        bytes_free(&rt->disc_values[d]);
    free(rt->disc_values);
    free(rt->name);
    free(rt->label);
}

/* Parses the attributes after the type. */
static bool parse_attributes(parser *p, int line, tok *t, size_t k, field_spec *fs)
{
    kr_field *f = &fs->f;
    while (t[k].kind != TOK_END) {
        tok *a = &t[k];
        if (a->kind == TOK_STRING) {
            if (f->label) {
                perr(p, line, a->col, "KRK0108E", "a field has one label; this is a second");
                return false;
            }
            f->label = kr_xstrdup(a->text);
            k++;
        } else if (is_punct(a, '=')) {
            if (!parse_total(p, line, t, &k, fs))
                return false;
        } else if (is_word(a, "key")) {
            f->is_key = true;
            k++;
        } else if (is_word(a, "sensitive")) {
            f->sensitive = true;
            k++;
        } else if (is_word(a, "match")) {
            if (f->type != KR_F_MYNUMBER) {
                perr(p, line, a->col, "KRK0108E", "'match' is for a 個人番号 (mynumber) that may be a match key");
                return false;
            }
            f->match = true;
            k++;
        } else if (is_word(a, "signed")) {
            if (f->type != KR_F_BI) {
                perr(p, line, a->col, "KRK0108E", "'signed' is for binary fields; a signed zoned field is S9(n)");
                return false;
            }
            f->binary_signed = true;
            k++;
        } else if (is_word(a, "unsigned")) {
            if (f->type != KR_F_PD) {
                perr(p, line, a->col, "KRK0108E", "'unsigned' is for packed fields (sign nibble F)");
                return false;
            }
            f->sign = KR_SIGN_NONE;
            k++;
        } else if (is_word(a, "little")) {
            if (f->type != KR_F_BI) {
                perr(p, line, a->col, "KRK0108E", "'little' (little-endian) is for binary fields");
                return false;
            }
            f->little_endian = true;
            k++;
        } else if (is_word(a, "at") || is_word(a, "occurs")) {
            unsigned long v;
            if (!word_number(&t[k + 1], 1048576, &v) || v == 0) {
                perr(p, line, t[k + 1].col, "KRK0108E", "'%s' takes a number from 1", a->text);
                return false;
            }
            if (is_word(a, "at"))
                fs->at = (long)v;
            else
                fs->occurs = (unsigned)v;
            k += 2;
        } else if (is_word(a, "bytes") || is_word(a, "window")) {
            unsigned long v;
            if (!is_punct(&t[k + 1], '(') || !word_number(&t[k + 2], 1048576, &v) ||
                !is_punct(&t[k + 3], ')')) {
                perr(p, line, a->col, "KRK0108E", "write %s(N)", a->text);
                return false;
            }
            if (is_word(a, "bytes")) {
                if (f->type != KR_F_N) {
                    perr(p, line, a->col, "KRK0108E", "bytes(K) gives the byte width of an N field in a utf-8 layout");
                    return false;
                }
                fs->nbytes = (long)v;
            } else {
                if (f->type != KR_F_DATE || f->datefmt != KR_DATE_YYMMDD) {
                    perr(p, line, a->col, "KRK0108E", "window(YYYY) is for date(yymmdd) fields");
                    return false;
                }
                f->window = (int)v;
            }
            k += 4;
        } else if (is_word(a, "none") || is_word(a, "open")) {
            if (f->type != KR_F_DATE) {
                perr(p, line, a->col, "KRK0108E", "%s(...) gives special values of a date field", a->text);
                return false;
            }
            k++;
            bool ok = is_word(a, "none") ? parse_value_list(p, line, t, &k, &f->none_values, &f->n_none)
                                         : parse_value_list(p, line, t, &k, &f->open_values, &f->n_open);
            if (!ok)
                return false;
        } else if (is_word(a, "codes")) {
            k++;
            if (!parse_codes(p, line, t, &k, f))
                return false;
        } else if (is_word(a, "sign")) {
            if (f->type != KR_F_ZD || f->sign == KR_SIGN_NONE) {
                perr(p, line, a->col, "KRK0108E", "sign(...) is for signed zoned fields, S9(n)");
                return false;
            }
            static const struct { const char *w; kr_sign s; } signs[] = {
                {"trailing", KR_SIGN_TRAILING}, {"leading", KR_SIGN_LEADING},
                {"trailing-separate", KR_SIGN_TRAILING_SEP}, {"leading-separate", KR_SIGN_LEADING_SEP}};
            bool ok = false;
            if (is_punct(&t[k + 1], '(') && t[k + 2].kind == TOK_WORD && is_punct(&t[k + 3], ')'))
                for (size_t i = 0; i < 4; i++)
                    if (strcmp(t[k + 2].text, signs[i].w) == 0) {
                        f->sign = signs[i].s;
                        ok = true;
                    }
            if (!ok) {
                perr(p, line, a->col, "KRK0108E", "write sign(trailing), sign(leading), sign(trailing-separate) or sign(leading-separate)");
                return false;
            }
            k += 4;
        } else if (is_word(a, "sample")) {
            /* Kept as text; `kiroku generate` interprets it. Strings keep their quotes. */
            if (!is_punct(&t[k + 1], '(')) {
                perr(p, line, a->col, "KRK0108E", "write sample(GENERATOR ...), e.g. sample(kana_name)");
                return false;
            }
            kr_buf sb;
            kr_buf_init(&sb);
            size_t j = k + 2;
            int depth = 1;
            for (; t[j].kind != TOK_END; j++) {
                if (is_punct(&t[j], '('))
                    depth++;
                if (is_punct(&t[j], ')') && --depth == 0)
                    break;
                /* Words are separated by one space; punctuation joins ("0.5", "f(1, 2)"). */
                if (sb.len && !is_punct(&t[j], ',') && !is_punct(&t[j], ')') &&
                    !is_punct(&t[j], '(') && !is_punct(&t[j], '.') && !is_punct(&t[j - 1], '(') &&
                    !is_punct(&t[j - 1], '.'))
                    kr_buf_addc(&sb, ' ');
                if (t[j].kind == TOK_STRING) {
                    kr_buf_addc(&sb, '"');
                    kr_buf_add(&sb, t[j].text, t[j].len);
                    kr_buf_addc(&sb, '"');
                } else
                    kr_buf_add(&sb, t[j].text, t[j].len);
            }
            if (t[j].kind == TOK_END || sb.len == 0) {
                kr_buf_free(&sb);
                perr(p, line, a->col, "KRK0108E", "sample(...) needs a generator and a closing ')'");
                return false;
            }
            free(f->sample);
            f->sample = kr_buf_take(&sb);
            k = j + 1;
        } else if (is_word(a, "index")) {
            if (!is_punct(&t[k + 1], '(') || !is_name(&t[k + 2]) || !is_punct(&t[k + 3], ')')) {
                perr(p, line, a->col, "KRK0108E", "write index(NAME) to put the field in a secondary index");
                return false;
            }
            free(f->index_name); /* index(...) written twice: the last one counts */
            f->index_name = kr_xstrdup(t[k + 2].text);
            k += 4;
        } else if (is_word(a, "not_before")) {
            if (!is_punct(&t[k + 1], '(') || !is_name(&t[k + 2]) || !is_punct(&t[k + 3], ')')) {
                perr(p, line, a->col, "KRK1760E",
                     "write not_before(FIELD): this date is never before the date in FIELD of the same record");
                return false;
            }
            free(f->not_before_name);
            f->not_before_name = kr_xstrdup(t[k + 2].text);
            k += 4;
        } else {
            perr(p, line, a->col, "KRK0108E",
                 "unknown attribute '%s'; the attributes are key, sensitive, match, at, occurs, codes, "
                 "none, open, window, bytes, sign, signed, unsigned, little, index, not_before, sample and "
                 "'= count/sum(...)'",
                 a->text);
            return false;
        }
    }
    if (f->sign == KR_SIGN_TRAILING_SEP || f->sign == KR_SIGN_LEADING_SEP)
        f->length = f->digits + 1;
    return true;
}

static kr_field *append_field(parser *p)
{
    kr_rectype *rt = p->cur;
    KR_GROW(rt->fields, p->cur_cap_fields, rt->n_fields + 1);
    kr_field *f = &rt->fields[rt->n_fields++];
    memset(f, 0, sizeof *f);
    return f;
}

static void copy_bytes_list(kr_bytes **dst, size_t *dn, const kr_bytes *src, size_t n)
{
    *dn = n;
    *dst = n ? kr_xcalloc(n, sizeof **dst) : NULL;
    for (size_t i = 0; i < n; i++) {
        (*dst)[i].data = kr_xmalloc(src[i].len + 1);
        memcpy((*dst)[i].data, src[i].data, src[i].len + 1);
        (*dst)[i].len = src[i].len;
    }
}

/* A deep copy of a field (for occurrences). */
static void field_copy(kr_field *dst, const kr_field *src)
{
    *dst = *src;
    dst->name = src->name ? kr_xstrdup(src->name) : NULL;
    dst->base_name = src->base_name ? kr_xstrdup(src->base_name) : NULL;
    dst->label = src->label ? kr_xstrdup(src->label) : NULL;
    dst->remark = src->remark ? kr_xstrdup(src->remark) : NULL;
    copy_bytes_list(&dst->none_values, &dst->n_none, src->none_values, src->n_none);
    copy_bytes_list(&dst->open_values, &dst->n_open, src->open_values, src->n_open);
    dst->n_codes = src->n_codes;
    dst->codes = src->n_codes ? kr_xcalloc(src->n_codes, sizeof *dst->codes) : NULL;
    for (size_t i = 0; i < src->n_codes; i++) {
        kr_bytes one;
        size_t nn;
        kr_bytes *cp;
        copy_bytes_list(&cp, &nn, &src->codes[i].value, 1);
        one = cp[0];
        free(cp);
        dst->codes[i].value = one;
        dst->codes[i].label = src->codes[i].label ? kr_xstrdup(src->codes[i].label) : NULL;
    }
    dst->total_value.data = NULL;
    dst->total_value.len = 0;
    if (src->total_value.data) {
        dst->total_value.data = kr_xmalloc(src->total_value.len + 1);
        memcpy(dst->total_value.data, src->total_value.data, src->total_value.len + 1);
        dst->total_value.len = src->total_value.len;
    }
    dst->index_name = src->index_name ? kr_xstrdup(src->index_name) : NULL;
    dst->not_before_name = src->not_before_name ? kr_xstrdup(src->not_before_name) : NULL;
    dst->sample = src->sample ? kr_xstrdup(src->sample) : NULL;
}

static bool name_taken(parser *p, const char *base)
{
    kr_rectype *rt = p->cur;
    if (p->names_of != rt || p->names_indexed > rt->n_fields) {
        kr_hashmap_free(&p->field_names);
        p->names_of = rt;
        p->names_indexed = 0;
    }
    for (; p->names_indexed < rt->n_fields; p->names_indexed++) {
        const kr_field *f = &rt->fields[p->names_indexed];
        if (!f->is_filler)
            kr_hashmap_put(&p->field_names, f->base_name, strlen(f->base_name), p->names_indexed);
    }
    return kr_hashmap_get(&p->field_names, base, strlen(base)) != KR_HASHMAP_NONE;
}

/* Places a field at p->pos (or at `at`), checking for overlaps and gaps. */
static bool place(parser *p, int line, int col, const char *name, long at)
{
    if (at < 0)
        return true;
    size_t want = (size_t)at - 1;
    kr_rectype *rt = p->cur;
    if (want < p->pos) {
        /* Which field holds byte `at`? */
        const kr_field *prev = NULL;
        for (size_t i = 0; i < rt->n_fields; i++)
            if (rt->fields[i].offset <= want && want < rt->fields[i].offset + rt->fields[i].length)
                prev = &rt->fields[i];
        if (prev)
            perr(p, line, col, "KRK0112E",
                 "field '%s' at byte %ld overlaps '%s' (bytes %zu-%zu); start it at byte %zu or shorten '%s'",
                 name, at, prev->name, prev->offset + 1, prev->offset + prev->length, p->pos + 1,
                 prev->name);
        else
            perr(p, line, col, "KRK0112E", "field '%s' at byte %ld overlaps the fields before it; start it at byte %zu",
                 name, at, p->pos + 1);
        return false;
    }
    if (want > p->pos) {
        perr(p, line, col, "KRK0113E",
             "bytes %zu-%zu before '%s' are not described; add 'filler X(%zu)' or start it at byte %zu",
             p->pos + 1, want, name, want - p->pos, p->pos + 1);
        return false;
    }
    return true;
}

/* The names a control total refers to, while they belong to no total_ref. */
static void spec_drop_totals(field_spec *fs)
{
    free(fs->total_src_type);
    free(fs->total_src_field);
    free(fs->total_where);
    fs->total_src_type = fs->total_src_field = fs->total_where = NULL;
}

/* A field line that is not kept: its field and its total's names. */
static void spec_drop(field_spec *fs)
{
    field_free(&fs->f);
    spec_drop_totals(fs);
}

static void field_line(parser *p, tok_line *tl)
{
    tok *t = tl->toks;
    int line = tl->line;
    if (!is_name(&t[0])) {
        perr(p, line, t[0].col, "KRK0102E", "expected a field name, 'group', 'end' or 'record'");
        return;
    }
    field_spec fs;
    memset(&fs, 0, sizeof fs);
    fs.at = -1;
    fs.nbytes = -1;
    kr_field *f = &fs.f;
    f->group = -1;
    f->total_type = f->total_field = f->total_where = -1;
    f->line = line;
    f->col = t[0].col;
    f->is_filler = strcmp(t[0].text, "filler") == 0 || strcmp(t[0].text, "FILLER") == 0;
    size_t k = 1;
    if (!parse_type(p, line, t, &k, f) || !parse_attributes(p, line, t, k, &fs)) {
        spec_drop(&fs);
        return;
    }
    if (f->type == KR_F_N && p->l->encoding == KR_ENC_UTF8)
        f->length = fs.nbytes > 0 ? (size_t)fs.nbytes : 3 * (size_t)f->chars;
    else if (f->type == KR_F_N && fs.nbytes > 0)
        perr(p, line, t[0].col, "KRK0108E", "bytes(K) applies to utf-8 layouts; in cp932 N(n) is 2n bytes");
    if (tl->comment)
        f->remark = kr_xstrdup(tl->comment);
    if (!f->is_filler && name_taken(p, t[0].text)) {
        perr(p, line, t[0].col, "KRK0106E", "a second field named '%s' in record '%s'; give it another name",
             t[0].text, p->cur->name);
        spec_drop(&fs);
        return;
    }
    if (f->star_width && (fs.occurs || p->in_group)) {
        perr(p, line, t[0].col, "KRK0119E", "X(*) cannot repeat; give the width");
        spec_drop(&fs);
        return;
    }
    if (!place(p, line, t[0].col, t[0].text, fs.at)) {
        spec_drop(&fs);
        return;
    }
    if (fs.occurs && p->in_group) {
        perr(p, line, t[0].col, "KRK0117E", "a field inside a group cannot repeat again; use one level of occurs");
        spec_drop(&fs);
        return;
    }
    if (f->total != KR_TOTAL_NONE && !p->in_part) { /* a part's total is an error (finish_part) */
        KR_GROW(p->totals, p->cap_totals, p->n_totals + 1);
        total_ref *tr = &p->totals[p->n_totals++];
        tr->type = (size_t)(p->cur - p->l->types);
        tr->field = p->cur->n_fields;
        tr->src_type = fs.total_src_type;
        tr->src_field = fs.total_src_field;
        tr->where_field = fs.total_where;
        tr->line = fs.total_line;
        tr->col = fs.total_col;
    } else {
        /* A part's total is refused (finish_part); its names are not kept. */
        spec_drop_totals(&fs);
    }
    f->base_name = kr_xstrdup(t[0].text);
    f->offset = p->pos;
    if (fs.occurs) {
        kr_rectype *rt = p->cur;
        KR_GROW(rt->groups, p->cur_cap_groups, rt->n_groups + 1);
        kr_group *g = &rt->groups[rt->n_groups++];
        memset(g, 0, sizeof *g);
        g->name = kr_xstrdup(t[0].text);
        g->label = f->label ? kr_xstrdup(f->label) : NULL;
        g->occurs = fs.occurs;
        g->first = rt->n_fields;
        g->per = 1;
        g->length = f->length;
        g->single_field = true;
        for (unsigned i = 1; i <= fs.occurs; i++) {
            kr_field *o = append_field(p);
            field_copy(o, f);
            free(o->name);
            o->name = kr_xasprintf("%s(%u)", t[0].text, i);
            o->group = (int)(rt->n_groups - 1);
            o->occurrence = i;
            o->offset = p->pos;
            p->pos += f->length;
        }
        field_free(f);
    } else {
        kr_field *o = append_field(p);
        *o = *f;
        o->name = kr_xstrdup(t[0].text);
        if (!f->star_width)
            p->pos += f->length;
    }
    p->last_field_line = line;
}

/* group NAME occurs N ["label"] ... end */
static void group_start(parser *p, tok_line *tl)
{
    tok *t = tl->toks;
    unsigned long n;
    if (p->in_group) {
        perr(p, tl->line, t[0].col, "KRK0117E", "groups do not nest; close the open group with 'end' first");
        return;
    }
    if (!is_name(&t[1]) || !is_word(&t[2], "occurs") || !word_number(&t[3], 100000, &n) || n == 0) {
        perr(p, tl->line, t[0].col, "KRK0117E", "write a repeating group as: group NAME occurs N \"label\"");
        return;
    }
    memset(&p->group, 0, sizeof p->group);
    p->group.name = kr_xstrdup(t[1].text);
    p->group.occurs = (unsigned)n;
    size_t k = 4;
    if (t[k].kind == TOK_STRING)
        p->group.label = kr_xstrdup(t[k++].text);
    if (t[k].kind != TOK_END)
        perr(p, tl->line, t[k].col, "KRK0117E", "unexpected text after the group's label");
    p->group.first = p->cur->n_fields;
    p->group_start_pos = p->pos;
    p->group_line = tl->line;
    p->in_group = true;
}

static void group_end(parser *p, tok_line *tl)
{
    kr_rectype *rt = p->cur;
    if (!p->in_group) {
        perr(p, tl->line, tl->toks[0].col, "KRK0117E", "'end' closes a group, and no group is open");
        return;
    }
    p->in_group = false;
    kr_group g = p->group;
    g.per = rt->n_fields - g.first;
    g.length = p->pos - p->group_start_pos;
    if (g.per == 0) {
        perr(p, tl->line, tl->toks[0].col, "KRK0117E", "group '%s' has no fields", g.name);
        free(g.name);
        free(g.label);
        return;
    }
    KR_GROW(rt->groups, p->cur_cap_groups, rt->n_groups + 1);
    int gi = (int)rt->n_groups;
    rt->groups[rt->n_groups++] = g;
    /* Rename occurrence 1 and append occurrences 2..n. */
    for (size_t i = g.first; i < g.first + g.per; i++) {
        kr_field *f = &rt->fields[i];
        char *n = kr_xasprintf("%s(1)", f->base_name);
        free(f->name);
        f->name = n;
        f->group = gi;
        f->occurrence = 1;
    }
    for (unsigned o = 2; o <= g.occurs; o++)
        for (size_t i = 0; i < g.per; i++) {
            kr_field *nf = append_field(p);
            kr_field *src = &rt->fields[g.first + i]; /* append_field may move the array */
            field_copy(nf, src);
            free(nf->name);
            nf->name = kr_xasprintf("%s(%u)", src->base_name, o);
            nf->occurrence = o;
            nf->offset = src->offset + (o - 1) * g.length;
        }
    p->pos += (g.occurs - 1) * g.length;
}

static void check_value_width(parser *p, const kr_field *f, const kr_bytes *v, const char *what)
{
    if (v->len != f->length) {
        char *s = bytes_show(v);
        perr(p, f->line, f->col, "KRK0110E",
             "%s %s of field '%s' is %zu bytes but the field is %zu; write it %zu bytes wide",
             what, s, f->name, v->len, f->length, f->length);
        free(s);
    }
}

static void finish_part(parser *p);

/* not_before(F): F is a date field declared before this one in the same record (the
 * generator writes fields in order), and this one is a date. */
static void resolve_not_before(parser *p, kr_rectype *rt)
{
    for (size_t i = 0; i < rt->n_fields; i++) {
        kr_field *f = &rt->fields[i];
        f->has_not_before = false;
        if (!f->not_before_name)
            continue;
        int fi = kr_rectype_field(rt, f->not_before_name);
        if (f->type != KR_F_DATE)
            perr(p, f->line, f->col, "KRK1760E", "not_before(...) is for date(...) fields; '%s' is not one", f->name);
        else if (fi < 0 || (size_t)fi >= i)
            perr(p, f->line, f->col, "KRK1760E",
                 "not_before(%s): '%s' is not a field of record '%s' declared before '%s'", f->not_before_name,
                 f->not_before_name, rt->name, f->name);
        else if (rt->fields[fi].type != KR_F_DATE)
            perr(p, f->line, f->col, "KRK1760E", "not_before(%s): '%s' is not a date(...) field", f->not_before_name,
                 f->not_before_name);
        else {
            f->has_not_before = true;
            f->not_before = (size_t)fi;
        }
    }
}

static void finish_record(parser *p)
{
    kr_rectype *rt = p->cur;
    if (!rt)
        return;
    kr_layout *l = p->l;
    if (p->in_group) {
        perr(p, p->group_line, 1, "KRK0117E", "group '%s' is not closed; add 'end' after its fields", p->group.name);
        free(p->group.name);
        free(p->group.label);
        p->in_group = false;
    }
    if (p->in_part) {
        finish_part(p);
        return;
    }
    /* X(*) takes what remains; only the last field may use it. */
    for (size_t i = 0; i < rt->n_fields; i++) {
        kr_field *f = &rt->fields[i];
        if (!f->star_width)
            continue;
        if (i != rt->n_fields - 1) {
            perr(p, f->line, f->col, "KRK0119E", "X(*) is only for the last field of a record; give '%s' a width", f->name);
            continue;
        }
        if (l->length && p->pos >= l->length) {
            perr(p, f->line, f->col, "KRK0119E", "no bytes are left for '%s X(*)': the fields before it take %zu of %zu; remove it",
                 f->name, p->pos, l->length);
            continue;
        }
        f->length = l->length - p->pos;
        p->pos = l->length;
    }
    if (rt->n_fields == 0)
        perr(p, rt->line, 1, "KRK0114E", "record '%s' has no fields", rt->name);
    else if (l->length && p->pos != l->length) {
        if (p->pos < l->length)
            perr(p, rt->line, 1, "KRK0114E",
                 "record '%s' is %zu bytes but the layout length is %zu; add 'filler X(%zu)' or correct a width",
                 rt->name, p->pos, l->length, l->length - p->pos);
        else
            perr(p, p->last_field_line, 1, "KRK0114E",
                 "record '%s' is %zu bytes but the layout length is %zu; remove %zu bytes of fields or raise 'length'",
                 rt->name, p->pos, l->length, p->pos - l->length);
    }
    resolve_not_before(p, rt);
    /* Value widths. */
    for (size_t i = 0; i < rt->n_fields; i++) {
        kr_field *f = &rt->fields[i];
        if (f->occurrence > 1)
            continue;
        for (size_t c = 0; c < f->n_codes; c++)
            check_value_width(p, f, &f->codes[c].value, "code");
        for (size_t c = 0; c < f->n_none; c++)
            check_value_width(p, f, &f->none_values[c], "none value");
        for (size_t c = 0; c < f->n_open; c++)
            check_value_width(p, f, &f->open_values[c], "open value");
    }
    /* The discriminator. */
    if (p->when_field) {
        int fi = kr_rectype_field(rt, p->when_field);
        if (fi < 0)
            perr(p, p->when_line, p->when_col, "KRK0111E", "the discriminator '%s' is not a field of record '%s'",
                 p->when_field, rt->name);
        else {
            rt->disc_field = fi;
            const kr_field *f = &rt->fields[fi];
            for (size_t v = 0; v < p->n_when; v++)
                if (p->when_values[v].len != f->length) {
                    char *s = bytes_show(&p->when_values[v]);
                    perr(p, p->when_line, p->when_col, "KRK0111E",
                         "discriminator value %s is %zu bytes but '%s' is %zu; write it %zu bytes wide",
                         s, p->when_values[v].len, f->name, f->length, f->length);
                    free(s);
                }
        }
        rt->disc_values = p->when_values;
        rt->n_disc = p->n_when;
        free(p->when_field);
    }
    p->when_field = NULL;
    p->when_values = NULL;
    p->n_when = 0;
    p->cur = NULL;
}

/* ---- parts and `use` ---------------------------------------------------------------------- */

/* part NAME ["label"]: a named list of fields that records take with `use NAME`. */
static void start_part(parser *p, tok_line *tl)
{
    tok *t = tl->toks;
    if (!is_name(&t[1])) {
        perr(p, tl->line, t[1].col, "KRK0121E", "'part' needs a name: part NAME \"label\"");
        return;
    }
    for (size_t i = 0; i < p->n_parts; i++)
        if (strcmp(p->parts[i].name, t[1].text) == 0)
            perr(p, tl->line, t[1].col, "KRK0121E", "a second part named '%s'; give it another name", t[1].text);
    KR_GROW(p->parts, p->cap_parts, p->n_parts + 1);
    kr_rectype *pt = &p->parts[p->n_parts++];
    memset(pt, 0, sizeof *pt);
    pt->name = kr_xstrdup(t[1].text);
    pt->disc_field = -1;
    pt->line = tl->line;
    size_t k = 2;
    if (t[k].kind == TOK_STRING)
        pt->label = kr_xstrdup(t[k++].text);
    if (t[k].kind != TOK_END)
        perr(p, tl->line, t[k].col, "KRK0121E", "unexpected '%s' after the part's name", t[k].text);
    p->cur = pt;
    p->cur_cap_fields = p->cur_cap_groups = 0;
    p->pos = 0;
    p->in_part = true;
}

static void finish_part(parser *p)
{
    kr_rectype *pt = p->cur;
    for (size_t i = 0; i < pt->n_fields; i++) {
        if (pt->fields[i].star_width)
            perr(p, pt->fields[i].line, pt->fields[i].col, "KRK0121E",
                 "X(*) belongs at the end of a record, not in part '%s'; give '%s' a width", pt->name, pt->fields[i].name);
        if (pt->fields[i].total != KR_TOTAL_NONE)
            perr(p, pt->fields[i].line, pt->fields[i].col, "KRK0121E",
                 "control totals belong in a trailer record, not in part '%s'", pt->name);
    }
    if (pt->n_fields == 0)
        perr(p, pt->line, 1, "KRK0121E", "part '%s' has no fields", pt->name);
    pt->role = KR_ROLE_DATA;
    p->in_part = false;
    p->cur = NULL;
}

static kr_layout *parse_chain(const char *text, size_t len, const char *path, kr_diags *diags,
                              const use_chain *chain);

/* Finds `layout.type` in another layout: next to this one first, then on the search path. */
static kr_layout *load_other(parser *p, const char *name, int line, int col)
{
    char *path = NULL;
    const char *slash = strrchr(p->path, '/');
    char *near = slash ? kr_xasprintf("%.*s/%s.layout", (int)(slash - p->path), p->path, name)
                       : kr_xasprintf("%s.layout", name);
    if (kr_is_file(near))
        path = near;
    else
        free(near);
    if (!path)
        path = kr_layout_find(name);
    if (!path) {
        perr(p, line, col, "KRK0122E", "layout '%s' is not found (next to %s, in $KIROKU_LAYOUTS, ./layouts or %s)",
             name, p->path, kr_data_installed_dir());
        return NULL;
    }
    use_chain here = {p->path, p->chain};
    for (const use_chain *c = &here; c; c = c->up)
        if (strcmp(c->path, path) == 0) {
            perr(p, line, col, "KRK0122E", "layout '%s' (%s) is being read already: the layouts use one another in a loop",
                 name, path);
            free(path);
            return NULL;
        }
    kr_buf text;
    kr_buf_init(&text);
    kr_err err;
    kr_layout *other = NULL;
    if (!kr_read_file(path, &text, &err))
        perr(p, line, col, "KRK0122E", "%s", err.text);
    else {
        kr_diags d;
        kr_diags_init(&d);
        other = parse_chain(text.data, text.len, path, &d, &here);
        if (!other)
            perr(p, line, col, "KRK0122E", "layout '%s' (%s) has errors; 'kiroku layout check %s' lists them", name,
                 path, path);
        kr_diags_free(&d);
    }
    kr_buf_free(&text);
    free(path);
    return other;
}

/* Copies the fields (and repeating groups) of src into the current record at p->pos. */
static void use_fields(parser *p, const kr_rectype *src, size_t src_length, int line, int col, const char *what)
{
    kr_rectype *rt = p->cur;
    for (size_t i = 0; i < src->n_fields; i++)
        if (!src->fields[i].is_filler && src->fields[i].occurrence <= 1 && name_taken(p, src->fields[i].base_name)) {
            perr(p, line, col, "KRK0123E", "use %s: record '%s' already has a field '%s'", what, rt->name,
                 src->fields[i].base_name);
            return;
        }
    size_t group_base = rt->n_groups, field_base = rt->n_fields;
    for (size_t g = 0; g < src->n_groups; g++) {
        KR_GROW(rt->groups, p->cur_cap_groups, rt->n_groups + 1);
        kr_group *ng = &rt->groups[rt->n_groups++];
        *ng = src->groups[g];
        ng->name = kr_xstrdup(src->groups[g].name);
        ng->label = src->groups[g].label ? kr_xstrdup(src->groups[g].label) : NULL;
        ng->first += field_base;
    }
    for (size_t i = 0; i < src->n_fields; i++) {
        kr_field *f = append_field(p);
        field_copy(f, &src->fields[i]);
        f->offset += p->pos;
        f->star_width = false; /* its width was resolved where it was declared */
        f->is_key = src->fields[i].is_key;
        if (f->group >= 0)
            f->group += (int)group_base;
        f->line = line;
        f->col = col;
        f->total = KR_TOTAL_NONE;
        f->total_type = f->total_field = f->total_where = -1;
    }
    p->pos += src_length;
    p->last_field_line = line;
}

/* use PART | use LAYOUT.TYPE | use LAYOUT.PART */
static void use_line(parser *p, tok_line *tl)
{
    tok *t = tl->toks;
    int line = tl->line;
    if (!is_name(&t[1])) {
        perr(p, line, t[1].col, "KRK0123E", "write 'use PART' or 'use LAYOUT.RECORD'");
        return;
    }
    if (p->in_group) {
        perr(p, line, t[0].col, "KRK0123E", "'use' cannot stand inside a group");
        return;
    }
    if (is_punct(&t[2], '.')) {
        if (!is_name(&t[3]) || t[4].kind != TOK_END) {
            perr(p, line, t[2].col, "KRK0123E", "write 'use LAYOUT.RECORD', e.g. use juki.data");
            return;
        }
        kr_layout *other = load_other(p, t[1].text, line, t[1].col);
        if (!other)
            return;
        if (other->encoding != p->l->encoding)
            perr(p, line, t[1].col, "KRK0123E", "layout %s is %s but this layout is %s; text fields would change width",
                 other->name, kr_encoding_name(other->encoding), kr_encoding_name(p->l->encoding));
        else {
            int ti = kr_layout_type(other, t[3].text);
            if (ti < 0)
                perr(p, line, t[3].col, "KRK0123E", "layout %s has no record '%s'", other->name, t[3].text);
            else {
                char *what = kr_xasprintf("%s.%s", t[1].text, t[3].text);
                use_fields(p, &other->types[ti], other->length, line, t[1].col, what);
                free(what);
            }
        }
        kr_layout_free(other);
        return;
    }
    if (t[2].kind != TOK_END) {
        perr(p, line, t[2].col, "KRK0123E", "unexpected '%s' after 'use %s'", t[2].text, t[1].text);
        return;
    }
    for (size_t i = 0; i < p->n_parts; i++)
        if (strcmp(p->parts[i].name, t[1].text) == 0 && &p->parts[i] != p->cur) {
            const kr_rectype *pt = &p->parts[i];
            size_t length = 0;
            for (size_t f = 0; f < pt->n_fields; f++)
                if (pt->fields[f].offset + pt->fields[f].length > length)
                    length = pt->fields[f].offset + pt->fields[f].length;
            use_fields(p, pt, length, line, t[1].col, t[1].text);
            return;
        }
    perr(p, line, t[1].col, "KRK0123E", "no part '%s' is declared before this line (part %s ... end)", t[1].text,
         t[1].text);
}

/* Whole-layout checks once every record type is known. */
static void finish_layout(parser *p)
{
    kr_layout *l = p->l;
    if (!p->seen_layout)
        perr(p, 1, 1, "KRK0104E", "the file has no 'layout NAME' statement");
    if (!p->seen_encoding)
        perr(p, 1, 1, "KRK0104E", "the layout does not say its encoding; add 'encoding cp932' or 'encoding utf-8'");
    if (!p->seen_length)
        perr(p, 1, 1, "KRK0104E", "the layout does not say its record length; add 'length N' (bytes)");
    if (!p->seen_terminator)
        perr(p, 1, 1, "KRK0104E", "the layout does not say its record terminator; add 'terminator crlf', 'lf' or 'none'");
    if (l->n_types == 0) {
        perr(p, 1, 1, "KRK0105E", "the layout has no record; add 'record data' and its fields");
        return;
    }
    if (l->n_types > 1) {
        const kr_field *first = NULL;
        const kr_rectype *first_t = NULL;
        for (size_t i = 0; i < l->n_types; i++) {
            kr_rectype *rt = &l->types[i];
            if (rt->disc_field < 0) {
                if (rt->n_disc == 0)
                    perr(p, rt->line, 1, "KRK0111E",
                         "record '%s' has no 'when': with several record types each needs one, e.g. record %s when kubun = \"2\"",
                         rt->name, rt->name);
                continue;
            }
            const kr_field *f = &rt->fields[rt->disc_field];
            if (!first) {
                first = f;
                first_t = rt;
                l->disc_offset = f->offset;
                l->disc_length = f->length;
            } else if (f->offset != first->offset || f->length != first->length) {
                perr(p, rt->line, 1, "KRK0111E",
                     "the discriminator of record '%s' is bytes %zu-%zu but that of '%s' is bytes %zu-%zu; "
                     "every record type must be told apart by the same bytes",
                     rt->name, f->offset + 1, f->offset + f->length, first_t->name, first->offset + 1,
                     first->offset + first->length);
            }
        }
        kr_hashmap values = {0};
        for (size_t j = 0; j < l->n_types; j++)
            for (size_t b = 0; b < l->types[j].n_disc; b++) {
                const kr_bytes *v = &l->types[j].disc_values[b];
                size_t i = kr_hashmap_put(&values, v->data, v->len, j);
                if (i != KR_HASHMAP_NONE && i != j) {
                    char *s = bytes_show(v);
                    perr(p, l->types[j].line, 1, "KRK0115E",
                         "records '%s' and '%s' share the discriminator value %s; give each record type its own value",
                         l->types[i].name, l->types[j].name, s);
                    free(s);
                }
            }
        kr_hashmap_free(&values);
    } else if (l->types[0].disc_field >= 0) {
        const kr_field *f = &l->types[0].fields[l->types[0].disc_field];
        l->disc_offset = f->offset;
        l->disc_length = f->length;
    }
    for (int b = 0; b < 256; b++)
        l->type_of_byte[b] = -1;
    if (l->disc_length == 1)
        for (size_t i = 0; i < l->n_types; i++)
            for (size_t a = 0; a < l->types[i].n_disc; a++)
                if (l->types[i].disc_values[a].len == 1)
                    l->type_of_byte[l->types[i].disc_values[a].data[0]] = (int)i;
    /* Roles. */
    for (size_t i = 0; i < l->n_types; i++) {
        kr_role r = l->types[i].role;
        l->has_header |= r == KR_ROLE_HEADER;
        l->has_trailer |= r == KR_ROLE_TRAILER;
        l->has_end |= r == KR_ROLE_END;
    }
    if (kr_layout_data_type(l) < 0)
        perr(p, 1, 1, "KRK0105E", "the layout has no data record type");
    /* Control totals. */
    for (size_t i = 0; i < p->n_totals; i++) {
        total_ref *tr = &p->totals[i];
        kr_rectype *rt = &l->types[tr->type];
        if (tr->field >= rt->n_fields)
            continue;
        kr_field *f = &rt->fields[tr->field];
        l->has_totals = true;
        if (f->type != KR_F_ZD && f->type != KR_F_PD && f->type != KR_F_BI) {
            perr(p, tr->line, tr->col, "KRK0116E", "control total '%s' must be numeric (9, S9, P or B)", f->name);
            continue;
        }
        int st = kr_layout_type(l, tr->src_type);
        if (st < 0) {
            perr(p, tr->line, tr->col, "KRK0116E", "control total '%s' counts record type '%s', which the layout does not have",
                 f->name, tr->src_type);
            continue;
        }
        if (rt->role != KR_ROLE_TRAILER) {
            /* Only trailers are checked (verify) and filled (programs that write): a total
             * elsewhere would pass `layout check` and never be looked at. */
            perr(p, tr->line, tr->col, "KRK0116E",
                 "control total '%s' is on record '%s', a %s record; totals belong to trailer records",
                 f->name, rt->name, rt->role == KR_ROLE_HEADER ? "header" : rt->role == KR_ROLE_END ? "end" : "data");
            continue;
        }
        f->total_type = st;
        if (tr->src_field) {
            int sf = kr_rectype_field(&l->types[st], tr->src_field);
            if (sf < 0) {
                perr(p, tr->line, tr->col, "KRK0116E", "control total '%s' sums '%s.%s', which is not a field",
                     f->name, tr->src_type, tr->src_field);
                continue;
            }
            kr_ftype ft = l->types[st].fields[sf].type;
            if (ft != KR_F_ZD && ft != KR_F_PD && ft != KR_F_BI) {
                perr(p, tr->line, tr->col, "KRK0116E", "control total '%s' sums '%s.%s', which is not numeric",
                     f->name, tr->src_type, tr->src_field);
                continue;
            }
            if (l->types[st].fields[sf].scale != f->scale) {
                perr(p, tr->line, tr->col, "KRK0116E",
                     "control total '%s' has %u decimal places but '%s.%s' has %u; give both the same V9(m)",
                     f->name, f->scale, tr->src_type, tr->src_field, l->types[st].fields[sf].scale);
                continue;
            }
            f->total_field = sf;
        }
        if (tr->where_field) {
            int wf = kr_rectype_field(&l->types[st], tr->where_field);
            if (wf < 0) {
                perr(p, tr->line, tr->col, "KRK0116E", "'where %s' names no field of record '%s'", tr->where_field,
                     tr->src_type);
                continue;
            }
            if (l->types[st].fields[wf].length != f->total_value.len) {
                perr(p, tr->line, tr->col, "KRK0116E", "the value after 'where %s =' must be %zu bytes wide",
                     tr->where_field, l->types[st].fields[wf].length);
                continue;
            }
            f->total_where = wf;
        }
    }
}

/* ---- entry points --------------------------------------------------------------------- */

kr_layout *kr_layout_parse(const char *text, size_t len, const char *path, kr_diags *diags)
{
    return parse_chain(text, len, path, diags, NULL);
}

static kr_layout *parse_chain(const char *text, size_t len, const char *path, kr_diags *diags,
                              const use_chain *chain)
{
    parser p;
    memset(&p, 0, sizeof p);
    p.chain = chain;
    p.path = path ? path : "(layout)";
    p.diags = diags;
    p.l = kr_xcalloc(1, sizeof *p.l);
    p.l->path = kr_xstrdup(p.path);
    p.l->terminator = KR_TERM_LF;
    p.l->n_eras = sizeof default_eras / sizeof default_eras[0];
    p.l->eras = kr_xcalloc(p.l->n_eras, sizeof *p.l->eras);
    for (size_t i = 0; i < p.l->n_eras; i++) {
        p.l->eras[i] = default_eras[i];
        p.l->eras[i].name = kr_xstrdup(default_eras[i].name);
    }
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    int line = 0;
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && text[j] != '\n')
            j++;
        line++;
        tok_line tl;
        int errcol = 0;
        char errmsg[256];
        if (!lex_line(text + i, j - i, line, &tl, &errcol, errmsg, sizeof errmsg)) {
            perr(&p, line, errcol, "KRK0101E", "%s", errmsg);
        } else if (tl.toks[0].kind != TOK_END) {
            tok *t0 = &tl.toks[0];
            if (is_word(t0, "record") || is_word(t0, "part")) {
                finish_record(&p);
                if (!p.seen_layout)
                    perr(&p, line, 1, "KRK0104E", "the file must start with 'layout NAME' before its records");
                p.seen_layout = true;
                if (is_word(t0, "record"))
                    start_record(&p, &tl);
                else
                    start_part(&p, &tl);
            } else if (!p.cur) {
                file_statement(&p, &tl);
            } else if (is_word(t0, "group")) {
                group_start(&p, &tl);
            } else if (is_word(t0, "end") && tl.toks[1].kind == TOK_END) {
                if (p.in_part && !p.in_group)
                    finish_record(&p);
                else
                    group_end(&p, &tl);
            } else if (is_word(t0, "use")) {
                use_line(&p, &tl);
            } else {
                field_line(&p, &tl);
            }
        }
        tok_line_free(&tl);
        i = j + 1;
    }
    finish_record(&p);
    finish_layout(&p);
    for (size_t t = 0; t < p.n_totals; t++) {
        free(p.totals[t].src_type);
        free(p.totals[t].src_field);
        free(p.totals[t].where_field);
    }
    free(p.totals);
    for (size_t pi = 0; pi < p.n_parts; pi++)
        rectype_free(&p.parts[pi]);
    free(p.parts);
    kr_hashmap_free(&p.type_names);
    kr_hashmap_free(&p.field_names);
    if (p.errors) {
        kr_layout_free(p.l);
        return NULL;
    }
    return p.l;
}

void kr_layout_free(kr_layout *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n_types; i++)
        rectype_free(&l->types[i]);
    free(l->types);
    for (size_t i = 0; i < l->n_eras; i++)
        free(l->eras[i].name);
    free(l->eras);
    free(l->name);
    free(l->label);
    free(l->path);
    free(l);
}
