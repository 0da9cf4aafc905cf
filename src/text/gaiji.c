/* gaiji.c: 外字 tables (layouts/gaiji/NAME.gaiji): what each user-defined character of one
 * source is (a code point or an IVS sequence, and its MJ id), and display with them. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define PUA_BMP_FIRST 0xE000u
#define PUA_BMP_LAST 0xF8FFu

struct kr_gaiji {
    char *name;
    kr_gaiji_entry *entries; /* sorted by pua */
    size_t n;
    int32_t bmp[PUA_BMP_LAST - PUA_BMP_FIRST + 1]; /* entry index of U+E000.., or -1 */
};

uint32_t kr_gaiji_pua_of_cp932(unsigned code)
{
    unsigned lead = code >> 8, trail = code & 0xFF;
    if (lead < 0xF0 || lead > 0xF9 || trail < 0x40 || trail > 0xFC || trail == 0x7F)
        return 0;
    return PUA_BMP_FIRST + (lead - 0xF0) * 188 + (trail - 0x40 - (trail > 0x7F));
}

static bool is_pua(uint32_t c)
{
    return (c >= PUA_BMP_FIRST && c <= PUA_BMP_LAST) || (c >= 0xF0000 && c <= 0x10FFFD);
}

static int hex4(const kr_tok *t)
{
    if (t->n != 4)
        return -1;
    int v = 0;
    for (size_t i = 0; i < 4; i++) {
        char c = t->p[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10
                : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

static int by_pua(const void *a, const void *b)
{
    const kr_gaiji_entry *x = a, *y = b;
    return x->pua < y->pua ? -1 : x->pua > y->pua;
}

static void trim(const char **p, size_t *n)
{
    while (*n && (**p == ' ' || **p == '\t' || **p == '#'))
        (*p)++, (*n)--;
    while (*n && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t' || (*p)[*n - 1] == '\r'))
        (*n)--;
}

kr_gaiji *kr_gaiji_parse(const char *text, size_t len, const char *path, kr_diags *diags)
{
    kr_gaiji *g = kr_xcalloc(1, sizeof *g);
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    g->name = kr_xstrndup(base, dot ? (size_t)(dot - base) : strlen(base));
    size_t cap = 0;
    int errors = 0, line = 0;
    size_t pos = 0;
    while (pos < len) {
        const char *s = text + pos;
        const char *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) : len - pos;
        pos += n + 1;
        line++;
        kr_tok t[8], comment;
        size_t nt = kr_text_tokens(s, n, t, 8, &comment);
        if (nt == 0)
            continue;
        if (nt < 2) {
            kr_diags_add(diags, KR_RC_ENV, "KRK0401E",
                         "%s:%d:%d: a line is: source code, target, MJ id (or -), comment", path,
                         line, t[0].col);
            errors++;
            continue;
        }
        kr_gaiji_entry e;
        memset(&e, 0, sizeof e);
        e.line = line;
        const char *why = NULL;
        int code = hex4(&t[0]);
        if (code >= 0) {
            e.pua = kr_gaiji_pua_of_cp932((unsigned)code);
            if (!e.pua)
                why = "is not a CP932 外字 code (0xF040-0xF9FC)";
        } else {
            uint32_t cps[4];
            size_t k = kr_text_codepoints(&t[0], cps, 4, &why);
            if (k == 1 && (t[0].p[0] == 'U' || t[0].p[0] == 'u') && is_pua(cps[0]))
                e.pua = cps[0];
            else
                why = "is not a 外字 code: write the CP932 code (F040) or the private-use code point (U+E000)";
        }
        if (why) {
            kr_diags_add(diags, KR_RC_ENV, "KRK0401E", "%s:%d:%d: '%.*s' %s", path, line, t[0].col,
                         (int)t[0].n, t[0].p, why);
            errors++;
            continue;
        }
        e.n_target = kr_text_codepoints(&t[1], e.target, 4, &why);
        if (!e.n_target) {
            kr_diags_add(diags, KR_RC_ENV, "KRK0401E", "%s:%d:%d: target '%.*s': %s", path, line,
                         t[1].col, (int)t[1].n, t[1].p, why);
            errors++;
            continue;
        }
        if (nt >= 3 && !(t[2].n == 1 && t[2].p[0] == '-')) {
            bool ok = t[2].n == 8 && t[2].p[0] == 'M' && t[2].p[1] == 'J';
            for (size_t i = 2; ok && i < 8; i++)
                ok = t[2].p[i] >= '0' && t[2].p[i] <= '9';
            if (!ok) {
                kr_diags_add(diags, KR_RC_ENV, "KRK0401E",
                             "%s:%d:%d: '%.*s' is not an MJ id (MJ and 6 digits, or - when there is none)",
                             path, line, t[2].col, (int)t[2].n, t[2].p);
                errors++;
                continue;
            }
            memcpy(e.mj, t[2].p, 8);
        }
        const char *cp = NULL;
        size_t cn = 0;
        if (nt >= 4) {
            cp = t[3].p;
            cn = (size_t)(s + n - cp);
        } else if (comment.p) {
            cp = comment.p;
            cn = comment.n;
        }
        if (cp) {
            trim(&cp, &cn);
            if (cn)
                e.comment = kr_xstrndup(cp, cn);
        }
        KR_GROW(g->entries, cap, g->n + 1);
        g->entries[g->n++] = e;
    }
    if (g->n)
        qsort(g->entries, g->n, sizeof *g->entries, by_pua);
    for (size_t i = 1; i < g->n; i++)
        if (g->entries[i].pua == g->entries[i - 1].pua) {
            kr_diags_add(diags, KR_RC_ENV, "KRK0401E",
                         "%s:%d:1: 外字 U+%04X is already mapped on line %d; keep one line for it", path,
                         g->entries[i].line > g->entries[i - 1].line ? g->entries[i].line : g->entries[i - 1].line,
                         (unsigned)g->entries[i].pua,
                         g->entries[i].line < g->entries[i - 1].line ? g->entries[i].line : g->entries[i - 1].line);
            errors++;
        }
    if (errors) {
        kr_gaiji_free(g);
        return NULL;
    }
    for (size_t i = 0; i <= PUA_BMP_LAST - PUA_BMP_FIRST; i++)
        g->bmp[i] = -1;
    for (size_t i = 0; i < g->n; i++)
        if (g->entries[i].pua <= PUA_BMP_LAST)
            g->bmp[g->entries[i].pua - PUA_BMP_FIRST] = (int32_t)i;
    return g;
}

kr_gaiji *kr_gaiji_load(const char *name_or_path, kr_diags *diags)
{
    char *path;
    kr_buf text;
    kr_buf_init(&text);
    kr_gaiji *g = NULL;
    if (kr_text_read(name_or_path, "gaiji", "gaiji", "KRK0402E", "外字 table", diags, &path, &text))
        g = kr_gaiji_parse(text.data, text.len, path, diags);
    kr_buf_free(&text);
    free(path);
    return g;
}

void kr_gaiji_free(kr_gaiji *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n; i++)
        free(g->entries[i].comment);
    free(g->entries);
    free(g->name);
    free(g);
}

const char *kr_gaiji_name(const kr_gaiji *g)
{
    return g->name;
}

const kr_gaiji_entry *kr_gaiji_lookup(const kr_gaiji *g, uint32_t pua)
{
    if (pua >= PUA_BMP_FIRST && pua <= PUA_BMP_LAST) {
        int32_t i = g->bmp[pua - PUA_BMP_FIRST];
        return i < 0 ? NULL : &g->entries[i];
    }
    if (!g->n)
        return NULL;
    kr_gaiji_entry key;
    key.pua = pua;
    return bsearch(&key, g->entries, g->n, sizeof *g->entries, by_pua);
}

void kr_gaiji_code_text(kr_encoding enc, const unsigned char *p, uint32_t pua, char out[16])
{
    if (enc == KR_ENC_CP932)
        snprintf(out, 16, "%02X%02X", p[0], p[1]);
    else
        snprintf(out, 16, "U+%04X", (unsigned)pua);
}

void kr_text_display_gaiji(kr_encoding enc, const kr_gaiji *g, const unsigned char *p, size_t n,
                           kr_buf *out)
{
    if (!g) {
        kr_text_display(enc, p, n, out);
        return;
    }
    size_t i = 0, from = 0;
    while (i < n) {
        uint32_t c;
        kr_charclass cls;
        size_t len = kr_text_next(enc, p + i, n - i, &c, &cls);
        if (cls == KR_CC_GAIJI) {
            kr_text_display(enc, p + from, i - from, out);
            char code[16];
            kr_gaiji_code_text(enc, p + i, c, code);
            const kr_gaiji_entry *e = kr_gaiji_lookup(g, c);
            kr_buf_addf(out, "[外字%s", code);
            if (e) {
                kr_buf_adds(out, "→");
                for (size_t k = 0; k < e->n_target; k++)
                    kr_utf8_put(out, e->target[k]);
            }
            kr_buf_addc(out, ']');
            from = i + len;
        }
        i += len;
    }
    kr_text_display(enc, p + from, n - from, out);
}
