/* export.c: a layout as a COBOL copybook (docs/COPYBOOK.md): fixed format, one 01 level,
 * a 05 group per record type REDEFINES-ing the first, PIC/USAGE/SIGN/OCCURS per field,
 * 88-levels for discriminator values and codes, labels as comments, and `*>kiroku` lines
 * for what COBOL cannot say. Data names are unique in the copybook and never reserved. */
#include "copybook_private.h"

#include <stdlib.h>
#include <string.h>

#define LAST_COLUMN 72

typedef struct writer {
    const kr_layout *l;
    kr_buf *out;
    char **used; /* COBOL names given so far */
    size_t n_used, cap_used;
    char first[CB_NAME_MAX + 1]; /* the first record group, which the others redefine */
} writer;

static bool name_used(const writer *w, const char *name)
{
    for (size_t i = 0; i < w->n_used; i++)
        if (strcmp(w->used[i], name) == 0)
            return true;
    return false;
}

/* A unique, unreserved COBOL name for a kiroku name. */
static void unique_name(writer *w, const char *kiroku, char *out)
{
    char base[CB_NAME_MAX + 1];
    cb_cobol_word(kiroku, base);
    if (!base[0])
        strcpy(base, "F");
    strcpy(out, base);
    for (int k = 2; cb_is_reserved(out) || name_used(w, out); k++) {
        char suffix[16];
        int sl = snprintf(suffix, sizeof suffix, "-%d", k);
        size_t keep = strlen(base);
        if (keep + (size_t)sl > CB_NAME_MAX)
            keep = CB_NAME_MAX - (size_t)sl;
        while (keep > 0 && base[keep - 1] == '-')
            keep--;
        snprintf(out, CB_NAME_MAX + 1, "%.*s%s", (int)keep, base, suffix);
    }
    KR_GROW(w->used, w->cap_used, w->n_used + 1);
    w->used[w->n_used++] = kr_xstrdup(out);
}

/* ---- lines ------------------------------------------------------------------------------ */

/* Columns 1-6 blank, column 7 blank, then the words from column `col`, wrapped before column
 * 73 onto lines indented four more. The entry ends with a period. */
static void entry(writer *w, int col, const char *const *words, size_t n)
{
    kr_buf *o = w->out;
    size_t line_start = o->len;
    for (int c = 1; c < col; c++)
        kr_buf_addc(o, ' ');
    size_t at = (size_t)col - 1; /* columns used */
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(words[i]) + (i + 1 == n ? 1 : 0);
        bool first = o->len - line_start == (size_t)col - 1;
        if (!first && at + 1 + len > LAST_COLUMN) {
            kr_buf_addc(o, '\n');
            line_start = o->len;
            for (int c = 1; c < col + 4; c++)
                kr_buf_addc(o, ' ');
            at = (size_t)col + 3;
            first = true;
        }
        if (!first) {
            /* Two spaces after the level number; the clauses from column 40 when the name
             * leaves room. */
            size_t target = (i == 2 && at < 39) ? 39 : at + (i == 1 ? 2 : 1);
            while (at < target)
                kr_buf_addc(o, ' '), at++;
        }
        kr_buf_adds(o, words[i]);
        at += strlen(words[i]);
    }
    kr_buf_adds(o, ".\n");
}

/* A comment line "      *" + indentation + text, split over several lines (never inside a
 * UTF-8 character) when it would pass column 72. */
static void comment(writer *w, int col, const char *prefix, const char *text)
{
    size_t n = strlen(text), i = 0;
    do {
        size_t start = w->out->len;
        kr_buf_adds(w->out, "      *");
        kr_buf_adds(w->out, prefix);
        for (int c = 8 + (int)strlen(prefix); c < col; c++)
            kr_buf_addc(w->out, ' ');
        size_t room = LAST_COLUMN - (w->out->len - start);
        size_t take = n - i < room ? n - i : room;
        /* On a character boundary, and not next to a space (comment text is trimmed). */
        while (take > 1 && i + take < n &&
               (((unsigned char)text[i + take] & 0xC0) == 0x80 || text[i + take] == ' ' || text[i + take - 1] == ' '))
            take--;
        kr_buf_add(w->out, text + i, take);
        kr_buf_addc(w->out, '\n');
        i += take;
    } while (i < n);
}

/* `*>kiroku KEY VALUE`; a value too long for one line goes on in `*>kiroku +REST` lines,
 * which the importer appends as they are: a cut falls on a UTF-8 character boundary, before
 * a space where one is near, and never leaves a space at the end of a line (it would be
 * trimmed). */
static void tag(writer *w, const char *key, const char *value)
{
    size_t n = strlen(value), i = 0;
    bool first = true;
    while (first || i < n) {
        size_t room = LAST_COLUMN - strlen("      *>kiroku ") - (first ? strlen(key) + 1 : 1);
        size_t take = n - i;
        if (take > room) {
            take = room;
            while (take > 1 && ((unsigned char)value[i + take] & 0xC0) == 0x80)
                take--;
            for (size_t k = take; k > room / 2; k--)
                if (value[i + k] == ' ') {
                    take = k;
                    break;
                }
            while (take > 1 && value[i + take - 1] == ' ')
                take--;
        }
        if (first)
            kr_buf_addf(w->out, "      *>kiroku %s %.*s\n", key, (int)take, value + i);
        else
            kr_buf_addf(w->out, "      *>kiroku +%.*s\n", (int)take, value + i);
        i += take;
        first = false;
    }
}

/* ---- values ------------------------------------------------------------------------------ */

static bool printable(const kr_bytes *v)
{
    for (size_t i = 0; i < v->len; i++)
        if (v->data[i] < 0x20 || v->data[i] >= 0x7F)
            return false;
    return true;
}

/* A value as a COBOL literal for an 88-level of field f. */
static char *cobol_literal(const kr_field *f, const kr_bytes *v)
{
    kr_buf b;
    kr_buf_init(&b);
    if (f->type == KR_F_ZD) {
        kr_buf_add(&b, v->data, v->len); /* digits */
    } else if (printable(v)) {
        kr_buf_addc(&b, '\'');
        for (size_t i = 0; i < v->len; i++) {
            if (v->data[i] == '\'')
                kr_buf_addc(&b, '\'');
            kr_buf_addc(&b, (char)v->data[i]);
        }
        kr_buf_addc(&b, '\'');
    } else {
        kr_buf_adds(&b, "X'");
        for (size_t i = 0; i < v->len; i++)
            kr_buf_addf(&b, "%02X", v->data[i]);
        kr_buf_addc(&b, '\'');
    }
    return kr_buf_take(&b);
}

/* Can the values of f be 88-levels? (alphanumeric, or unsigned integer zoned digits) */
static bool conditions_fit(const kr_field *f, const kr_bytes *vals, size_t n)
{
    if (f->type == KR_F_X)
        return true;
    if (f->type != KR_F_ZD || f->sign != KR_SIGN_NONE || f->scale)
        return false;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < vals[i].len; k++)
            if (vals[i].data[k] < '0' || vals[i].data[k] > '9')
                return false;
    return true;
}

static void condition(writer *w, int col, const kr_field *f, const char *cobol_field, const char *suffix,
                      const kr_bytes *v, const char *label)
{
    char base[128], name[CB_NAME_MAX + 1];
    snprintf(base, sizeof base, "%s-%s", cobol_field, suffix);
    unique_name(w, base, name);
    if (label)
        comment(w, col, "", label);
    char *lit = cobol_literal(f, v);
    const char *words[] = {"88", name, "VALUE", lit};
    entry(w, col, words, 4);
    free(lit);
}

/* ---- fields ------------------------------------------------------------------------------ */

static const char *const date_formats[] = {"yyyymmdd", "yyyymm", "yymmdd", "gyymmdd", "ggyymmdd"};

/* PIC and USAGE words of a field (into pic, usage, sign). */
static void picture(const kr_layout *l, const kr_field *f, char *pic, size_t size, const char **usage,
                    const char **sign)
{
    *usage = NULL;
    *sign = NULL;
    switch (f->type) {
    case KR_F_X:
    case KR_F_M:
        snprintf(pic, size, "X(%zu)", f->length);
        return;
    case KR_F_N:
        if (l->encoding == KR_ENC_CP932)
            snprintf(pic, size, "N(%u)", f->chars);
        else
            snprintf(pic, size, "X(%zu)", f->length);
        return;
    case KR_F_DATE:
    case KR_F_MYNUMBER:
        snprintf(pic, size, "9(%zu)", f->length);
        return;
    case KR_F_BI: {
        /* Digits for which GnuCOBOL's default binary-size (1-2-4-8) gives the same bytes;
         * 2, 4 and 8 bytes are the same under IBM's 2-4-8 as well. */
        unsigned d = f->length == 1 ? 2 : f->length == 2 ? 4 : f->length == 4 ? 9 : 18;
        snprintf(pic, size, "%s9(%u)", f->binary_signed ? "S" : "", d);
        *usage = f->little_endian ? "COMP-5" : "COMP";
        return;
    }
    case KR_F_ZD:
    case KR_F_PD: {
        bool s = f->sign != KR_SIGN_NONE;
        unsigned whole = f->digits - f->scale;
        int n = snprintf(pic, size, "%s9(%u)", s ? "S" : "", whole);
        if (f->scale)
            snprintf(pic + n, size - (size_t)n, "V9(%u)", f->scale);
        if (f->type == KR_F_PD)
            *usage = "COMP-3";
        else if (f->sign == KR_SIGN_LEADING)
            *sign = "SIGN LEADING";
        else if (f->sign == KR_SIGN_TRAILING_SEP)
            *sign = "SIGN TRAILING SEPARATE";
        else if (f->sign == KR_SIGN_LEADING_SEP)
            *sign = "SIGN LEADING SEPARATE";
        return;
    }
    }
}

/* The kiroku type when the picture does not say it. */
static bool kiroku_type(const kr_layout *l, const kr_field *f, kr_buf *b)
{
    switch (f->type) {
    case KR_F_M:
    case KR_F_MYNUMBER:
        kr_field_type_text(f, b);
        return true;
    case KR_F_DATE:
        kr_buf_addf(b, "date(%s)", date_formats[f->datefmt]);
        return true;
    case KR_F_N:
        if (l->encoding == KR_ENC_CP932)
            return false;
        kr_buf_addf(b, "N(%u)", f->chars);
        if (f->length != 3 * (size_t)f->chars)
            kr_buf_addf(b, " bytes(%zu)", f->length);
        return true;
    default:
        return false;
    }
}

/* Attributes COBOL has no clause for. */
static void kiroku_attrs(const kr_layout *l, const kr_field *f, bool codes_as_88, kr_buf *b)
{
#define SEP() (b->len ? kr_buf_addc(b, ' ') : (void)0)
    if (f->is_key)
        SEP(), kr_buf_adds(b, "key");
    if (f->sensitive && f->type != KR_F_MYNUMBER)
        SEP(), kr_buf_adds(b, "sensitive");
    if (f->type == KR_F_DATE && f->datefmt == KR_DATE_YYMMDD && f->window != 1950)
        SEP(), kr_buf_addf(b, "window(%d)", f->window);
    for (int k = 0; k < 2; k++) {
        const kr_bytes *vals = k ? f->open_values : f->none_values;
        size_t n = k ? f->n_open : f->n_none;
        if (!n)
            continue;
        SEP(), kr_buf_adds(b, k ? "open(" : "none(");
        for (size_t i = 0; i < n; i++) {
            if (i)
                kr_buf_adds(b, ", ");
            cb_layout_value(b, vals[i].data, vals[i].len);
        }
        kr_buf_addc(b, ')');
    }
    if (f->n_codes && !codes_as_88) {
        SEP(), kr_buf_adds(b, "codes(");
        for (size_t i = 0; i < f->n_codes; i++) {
            if (i)
                kr_buf_adds(b, ", ");
            cb_layout_value(b, f->codes[i].value.data, f->codes[i].value.len);
            if (f->codes[i].label) {
                kr_buf_adds(b, " \"");
                kr_buf_adds(b, f->codes[i].label);
                kr_buf_addc(b, '"');
            }
        }
        kr_buf_addc(b, ')');
    }
    if (f->total != KR_TOTAL_NONE && f->total_type >= 0) {
        const kr_rectype *src = &l->types[f->total_type];
        SEP();
        if (f->total == KR_TOTAL_SUM)
            kr_buf_addf(b, "= sum(%s.%s", src->name, src->fields[f->total_field].name);
        else
            kr_buf_addf(b, "= count(%s", src->name);
        if (f->total_where >= 0) {
            kr_buf_addf(b, " where %s %s ", src->fields[f->total_where].name, f->total_where_not ? "not =" : "=");
            cb_layout_value(b, f->total_value.data, f->total_value.len);
        }
        kr_buf_addc(b, ')');
    }
    if (f->index_name)
        SEP(), kr_buf_addf(b, "index(%s)", f->index_name);
    if (f->not_before_name)
        SEP(), kr_buf_addf(b, "not_before(%s)", f->not_before_name);
    if (f->sample)
        SEP(), kr_buf_addf(b, "sample(%s)", f->sample);
#undef SEP
}

/* Labels, tags, the entry and its 88-levels. */
static void field_entry(writer *w, const kr_rectype *rt, const kr_field *f, int level, int col,
                        unsigned occurs)
{
    const kr_layout *l = w->l;
    const char *kname = f->group >= 0 ? f->base_name : f->name;
    char cname[CB_NAME_MAX + 1] = "FILLER";
    bool is_disc = rt->disc_field >= 0 && &rt->fields[rt->disc_field] == f;
    bool codes_as_88 = f->n_codes && !is_disc && conditions_fit(f, NULL, 0) &&
                       conditions_fit(f, &f->codes[0].value, 1);
    for (size_t i = 0; codes_as_88 && i < f->n_codes; i++)
        codes_as_88 = conditions_fit(f, &f->codes[i].value, 1);
    if (f->label)
        comment(w, col, "", f->label);
    if (!f->is_filler) {
        unique_name(w, kname, cname);
        char *back = cb_kiroku_name(cname);
        if (strcmp(back, kname) != 0)
            tag(w, "name", kname);
        free(back);
    }
    kr_buf b;
    kr_buf_init(&b);
    if (kiroku_type(l, f, &b))
        tag(w, "type", b.data);
    kr_buf_reset(&b);
    kiroku_attrs(l, f, codes_as_88 || is_disc, &b);
    if (b.len)
        tag(w, "attr", b.data);
    kr_buf_free(&b);
    char lv[8], pic[64], times[32];
    const char *usage, *sign;
    snprintf(lv, sizeof lv, "%02d", level);
    picture(l, f, pic, sizeof pic, &usage, &sign);
    const char *words[12];
    size_t n = 0;
    words[n++] = lv;
    words[n++] = cname;
    words[n++] = "PIC";
    words[n++] = pic;
    if (usage)
        words[n++] = usage;
    if (sign)
        words[n++] = sign;
    if (occurs) {
        snprintf(times, sizeof times, "%u", occurs);
        words[n++] = "OCCURS";
        words[n++] = times;
        words[n++] = "TIMES";
    }
    entry(w, col, words, n);
    if (is_disc && conditions_fit(f, rt->disc_values, rt->n_disc)) {
        for (size_t i = 0; i < rt->n_disc; i++)
            condition(w, col + 4, f, cname, rt->name, &rt->disc_values[i], NULL);
    } else if (codes_as_88) {
        for (size_t i = 0; i < f->n_codes; i++) {
            char suffix[64];
            const kr_bytes *v = &f->codes[i].value;
            bool plain = v->len < 20;
            for (size_t k = 0; k < v->len; k++)
                plain &= (v->data[k] >= '0' && v->data[k] <= '9') || (v->data[k] >= 'A' && v->data[k] <= 'Z') ||
                         (v->data[k] >= 'a' && v->data[k] <= 'z');
            if (plain)
                snprintf(suffix, sizeof suffix, "%.*s", (int)v->len, (const char *)v->data);
            else
                snprintf(suffix, sizeof suffix, "C%zu", i + 1);
            condition(w, col + 4, f, cname, suffix, v, f->codes[i].label);
        }
    }
}

static void record(writer *w, size_t ti)
{
    const kr_layout *l = w->l;
    const kr_rectype *rt = &l->types[ti];
    kr_buf b;
    kr_buf_init(&b);
    kr_buf_addf(&b, "%s_%s", l->name, rt->name);
    char cname[CB_NAME_MAX + 1];
    unique_name(w, b.data, cname);
    kr_buf_reset(&b);
    kr_buf_addf(&b, "%s %s", rt->name, kr_role_name(rt->role));
    if (rt->disc_field >= 0)
        kr_buf_addf(&b, " when %s", rt->fields[rt->disc_field].name);
    kr_buf_adds(w->out, "\n");
    if (rt->label)
        comment(w, 12, "", rt->label);
    tag(w, "record", b.data);
    kr_buf_free(&b);
    if (ti == 0) {
        snprintf(w->first, sizeof w->first, "%s", cname);
        const char *words[] = {"05", cname};
        entry(w, 12, words, 2);
    } else {
        const char *words[] = {"05", cname, "REDEFINES", w->first};
        entry(w, 12, words, 4);
    }
    for (size_t i = 0; i < rt->n_fields; i++) {
        const kr_field *f = &rt->fields[i];
        if (f->group < 0) {
            field_entry(w, rt, f, 10, 16, 0);
            continue;
        }
        const kr_group *g = &rt->groups[f->group];
        if (f->occurrence != 1)
            continue;
        if (g->single_field) {
            field_entry(w, rt, f, 10, 16, g->occurs);
            continue;
        }
        if (i == g->first) {
            char gname[CB_NAME_MAX + 1], times[32];
            if (g->label)
                comment(w, 16, "", g->label);
            unique_name(w, g->name, gname);
            char *back = cb_kiroku_name(gname);
            if (strcmp(back, g->name) != 0)
                tag(w, "name", g->name);
            free(back);
            snprintf(times, sizeof times, "%u", g->occurs);
            const char *words[] = {"10", gname, "OCCURS", times, "TIMES"};
            entry(w, 16, words, 5);
        }
        field_entry(w, rt, f, 15, 20, 0);
    }
}

/* The eras every layout starts with (docs/LAYOUTS.md); others are written as tags. */
static bool default_era(const kr_era *e)
{
    static const struct { int code; const char *name; int start; } eras[] = {
        {1, "明治", 18680125}, {2, "大正", 19120730}, {3, "昭和", 19261225},
        {4, "平成", 19890108}, {5, "令和", 20190501}};
    for (size_t i = 0; i < 5; i++)
        if (eras[i].code == e->code && strcmp(eras[i].name, e->name) == 0 && eras[i].start == e->start)
            return true;
    return false;
}

void kr_copybook_write(const kr_layout *l, kr_buf *out)
{
    writer w = {l, out, NULL, 0, 0, ""};
    char top[CB_NAME_MAX + 1];
    unique_name(&w, l->name, top);
    static const char *terms[] = {"no terminator", "LF", "CR LF"};
    kr_buf_adds(out, "      *================================================================\n");
    char *title = kr_xasprintf("%s %s", top, l->label ? l->label : "");
    comment(&w, 9, "", title);
    free(title);
    kr_buf_addf(out, "      * from kiroku layout %s: %s, %zu bytes + %s.\n", l->name,
                l->encoding == KR_ENC_CP932 ? "CP932" : "UTF-8", l->length, terms[l->terminator]);
    kr_buf_adds(out, "      * Made by `kiroku layout copybook`; see docs/COPYBOOK.md.\n");
    kr_buf_adds(out, "      * B fields are COMP (big-endian) or COMP-5 (little-endian) with\n"
                     "      * PIC 9(2)/9(4)/9(9)/9(18) for 1/2/4/8 bytes: GnuCOBOL's default\n"
                     "      * binary-size 1-2-4-8 (2, 4 and 8 bytes also under 2-4-8).\n");
    if (l->encoding == KR_ENC_UTF8)
        kr_buf_adds(out, "      * UTF-8 N fields are PIC X of their byte width.\n");
    if (l->overpunch_ebcdic)
        kr_buf_adds(out, "      * Signs are EBCDIC-style overpunch: compile with -fsign=EBCDIC.\n");
    kr_buf_adds(out, "      *================================================================\n\n");
    tag(&w, "layout", l->name);
    tag(&w, "encoding", kr_encoding_name(l->encoding));
    char num[32];
    snprintf(num, sizeof num, "%zu", l->length);
    tag(&w, "length", num);
    tag(&w, "terminator", kr_terminator_name(l->terminator));
    if (l->overpunch_ebcdic)
        tag(&w, "overpunch", "ebcdic");
    for (size_t i = 0; i < l->n_eras; i++)
        if (!default_era(&l->eras[i])) {
            const kr_era *e = &l->eras[i];
            char era[128];
            snprintf(era, sizeof era, "%d \"%s\" %04d-%02d-%02d", e->code, e->name, e->start / 10000,
                     e->start / 100 % 100, e->start % 100);
            tag(&w, "era", era);
        }
    if (l->label)
        comment(&w, 9, "", l->label);
    const char *words[] = {"01", top};
    entry(&w, 8, words, 2);
    for (size_t t = 0; t < l->n_types; t++)
        record(&w, t);
    for (size_t i = 0; i < w.n_used; i++)
        free(w.used[i]);
    free(w.used);
}
