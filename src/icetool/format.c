/* format.c: ICETOOL's formatting items for numbers, as DISPLAY's ON(p,m,f,item,...) and
 * BREAK(p,m,f,item,...) and COUNT's EDCOUNT(item,...) write them: SORT's edit masks Mnn and
 * patterns (the engine's kr_edit, src/engine/number.c and masks.c, does the editing), the
 * ICETOOL masks A0-A4 and B1-G6, E'pattern', Unn/Nnn (digits), LZ, NOST, L'...' and T'...'.
 * Items kiroku does not do are refused by name (KRK2500E). */
#include "icetool.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The separators of ICETOOL masks A1-A4 (thousands only) and x = 1-6 of B1-G6 (thousands,
 * decimal point). */
static const char a_groups[5] = {0, ',', '.', ' ', '\''};
static const char bg_seps[6][2] = {{',', '.'}, {'.', ','}, {' ', ','}, {'\'', '.'}, {'\'', ','}, {' ', '.'}};

size_t it_split_items(const char *value, char ***out)
{
    char **v = NULL;
    size_t n = 0, cap = 0;
    const char *s = value ? value : "";
    for (;;) {
        const char *b = s;
        bool quoted = false;
        int depth = 0;
        while (*s && (quoted || depth || *s != ',')) {
            if (*s == '\'')
                quoted = !quoted;
            else if (!quoted && *s == '(')
                depth++;
            else if (!quoted && *s == ')' && depth)
                depth--;
            s++;
        }
        kr_grow((void **)&v, &cap, n + 1, sizeof *v);
        v[n++] = kr_xstrndup(b, (size_t)(s - b));
        if (!*s)
            break;
        s++;
    }
    *out = v;
    return n;
}

void it_split_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* nn of Mnn, Unn, Nnn: 1 or 2 digits. */
static bool two_digits(const char *s, unsigned *out)
{
    size_t n = strlen(s);
    if (n < 1 || n > 2 || !isdigit((unsigned char)s[0]) || (n == 2 && !isdigit((unsigned char)s[1])))
        return false;
    *out = (unsigned)atoi(s);
    return true;
}

/* A quoted item X'...' ('' for a quote) into a new string; NULL when not one. */
static char *quoted_item(const char *s, char letter)
{
    size_t n = strlen(s);
    if (n < 3 || toupper((unsigned char)s[0]) != letter || s[1] != '\'' || s[n - 1] != '\'')
        return NULL;
    kr_buf b;
    kr_buf_init(&b);
    for (size_t i = 2; i + 1 < n; i++) {
        if (s[i] == '\'' && i + 2 < n && s[i + 1] == '\'')
            i++;
        kr_buf_addc(&b, s[i]);
    }
    kr_buf_addc(&b, '\0');
    return kr_buf_take(&b);
}

static bool item_error(it_run *r, it_stmt *st, it_operand *o, const char *id, const char *item, const char *why)
{
    it_error(r, st, o, KR_RC_FAIL, id, "%s(%s): %s %s", o->name, o->value ? o->value : "", item, why);
    return false;
}

bool it_format_item(it_run *r, it_stmt *st, it_operand *o, const char *item, it_format *f)
{
    char up[16];
    size_t n = strlen(item);
    for (size_t i = 0; i < sizeof up; i++)
        up[i] = i < n ? (char)toupper((unsigned char)item[i]) : '\0';
    up[sizeof up - 1] = '\0';
    unsigned nn;
    bool edit_item = false;
    char *text;
    if (strcmp(up, "LZ") == 0)
        f->lz = true;
    else if (strcmp(up, "NOST") == 0)
        f->nost = true;
    else if ((up[0] == 'U' || up[0] == 'N') && two_digits(up + 1, &nn)) {
        if (nn < 1 || nn > KR_MASK_MAX_DIGITS)
            return item_error(r, st, o, "KRK2501E", item, "gives the digits of the column: 01 to 31");
        f->digits = nn;
    } else if (up[0] == 'M' && two_digits(up + 1, &nn)) {
        if (nn >= KR_MASK_COUNT)
            return item_error(r, st, o, "KRK2501E", item, "is not an edit mask: M0 to M26");
        f->edit.mask = (int)nn;
        edit_item = true;
    } else if (n == 2 && up[0] == 'A' && up[1] >= '0' && up[1] <= '4') {
        f->ice_mask = 1, f->ice_decimals = 0, f->ice_group = a_groups[up[1] - '0'], f->ice_point = 0;
        edit_item = true;
    } else if (n == 2 && up[0] >= 'B' && up[0] <= 'G' && up[1] >= '1' && up[1] <= '6') {
        f->ice_mask = 1, f->ice_decimals = (unsigned)(up[0] - 'A');
        f->ice_group = bg_seps[up[1] - '1'][0], f->ice_point = bg_seps[up[1] - '1'][1];
        edit_item = true;
    } else if ((text = quoted_item(item, 'E')) != NULL) {
        size_t nines = 0;
        bool letters = false;
        for (char *c = text; *c; c++) {
            nines += *c == '9';
            letters |= *c == 'I' || *c == 'T' || *c == 'S';
            if (*c == '9')
                *c = 'T';
        }
        if (!nines || nines > KR_MASK_MAX_DIGITS || letters) {
            free(text);
            return item_error(r, st, o, "KRK2501E", item, "is an E'pattern' of 1 to 31 digits 9 and other characters "
                              "but I, T and S");
        }
        free(f->pattern);
        f->pattern = text;
        f->edit.mask = -1;
        f->edit.pattern = text;
        edit_item = true;
    } else if ((text = quoted_item(item, 'L')) != NULL) {
        free(f->lead);
        f->lead = text;
    } else if ((text = quoted_item(item, 'T')) != NULL) {
        free(f->trail);
        f->trail = text;
    } else if (up[0] == '/' || up[0] == 'F')
        return item_error(r, st, o, "KRK2500E", item, "is a formatting item kiroku does not do (division /x, F'string'): "
                          "give Mnn, Ax, B1-G6, E'pattern', Unn, Nnn, LZ, NOST, L'string' or T'string'");
    else
        return item_error(r, st, o, "KRK2501E", item, "is not a formatting item: Mnn, A0-A4, B1-G6, E'pattern', Unn, "
                          "Nnn, LZ, NOST, L'string', T'string'");
    if (edit_item) {
        if (f->edited)
            return item_error(r, st, o, "KRK2501E", item, "is a second edit: give one of Mnn, Ax, B1-G6, E'pattern'");
        f->edited = true;
        if (f->ice_mask)
            f->edit.mask = -1;
    }
    return true;
}

void it_format_init(it_format *f)
{
    memset(f, 0, sizeof *f);
    f->edit.mask = -1;
}

void it_format_free(it_format *f)
{
    free(f->pattern);
    free(f->lead);
    free(f->trail);
    it_format_init(f);
}

/* The EDIT pattern of an ICETOOL mask (A0-A4, B1-G6) for `digits` digits: a leading sign,
 * the integer digits in groups of three (the last always shown), the decimals. */
static void ice_pattern(const it_format *f, unsigned digits, char *out, size_t size)
{
    unsigned dec = f->ice_decimals, whole = digits > dec ? digits - dec : 1;
    size_t k = 0;
    out[k++] = 'S';
    for (unsigned i = 0; i < whole && k + 4 < size; i++) {
        unsigned left = whole - i;
        out[k++] = left == 1 ? 'T' : 'I';
        if (f->ice_group && left > 1 && (left - 1) % 3 == 0)
            out[k++] = f->ice_group;
    }
    if (dec && k + dec + 2 < size) {
        out[k++] = f->ice_point;
        for (unsigned i = 0; i < dec; i++)
            out[k++] = 'T';
    }
    out[k] = '\0';
}

/* The engine's edit for the column: the item's mask or pattern. */
static kr_edit column_edit(const it_format *f, unsigned digits, char *pat, size_t size)
{
    kr_edit e = f->edit;
    if (f->ice_mask) {
        ice_pattern(f, digits, pat, size);
        e.mask = -1;
        e.pattern = pat;
    }
    return e;
}

unsigned it_format_digits(const it_format *f, unsigned field_digits)
{
    if (f->pattern) {
        unsigned n = 0;
        for (const char *c = f->pattern; *c; c++)
            n += *c == 'T';
        return n;
    }
    return f->digits ? f->digits : field_digits;
}

size_t it_format_width(const it_format *f, unsigned digits, unsigned scale)
{
    size_t w;
    if (f->edited) {
        char pat[2 * KR_MASK_MAX_DIGITS + 8];
        kr_edit e = column_edit(f, digits, pat, sizeof pat);
        w = kr_edit_length(&e, digits);
    } else
        w = digits + 1 + (scale ? 1 : 0) + (scale >= digits ? 1 : 0);
    return w + (f->lead ? strlen(f->lead) : 0) + (f->trail ? strlen(f->trail) : 0);
}

/* Digits of |v|. */
static unsigned digits_of(kr_i128 v)
{
    char s[64];
    kr_i128_format(v < 0 ? -v : v, s);
    return (unsigned)strlen(s);
}

bool it_format_value(const it_format *f, kr_i128 v, unsigned scale, unsigned digits, bool grow, kr_buf *out)
{
    char text[160];
    if (grow && digits_of(v) > digits)
        digits = digits_of(v);
    if (f->edited) {
        char pat[2 * KR_MASK_MAX_DIGITS + 8];
        if (digits > KR_MASK_MAX_DIGITS)
            return false;
        kr_edit e = column_edit(f, digits, pat, sizeof pat);
        size_t len = kr_edit_length(&e, digits);
        if (len >= sizeof text || !kr_edit_number(&e, v, digits, (unsigned char *)text, len))
            return false;
        text[len] = '\0';
        /* E'pattern' shows every character as written: the engine blanks those before the
         * first digit (they are not significant to an EDIT pattern). */
        for (size_t i = 0; f->pattern && i < len && f->pattern[i] != 'T'; i++)
            text[i] = f->pattern[i];
    } else {
        if (digits_of(v) > digits && digits_of(v) > scale)
            return false;
        it_format_number(v, scale, f->lz ? digits : 1, false, text, sizeof text);
    }
    const char *t = text;
    while (*t == ' ')
        t++;
    if (f->lead)
        kr_buf_adds(out, f->lead);
    kr_buf_adds(out, t);
    if (f->trail)
        kr_buf_adds(out, f->trail);
    return true;
}
