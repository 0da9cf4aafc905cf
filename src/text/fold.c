/* fold.c: folding profiles for name matching (layouts/fold/PROFILE.fold): the built-in fold
 * classes (width, kana, small, dash, space, ivs) and the glyph table of old and new forms,
 * applied to code points, with the set of classes that changed the text. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct glyph_rule {
    uint32_t from, to;
    int line;
} glyph_rule;

struct kr_fold {
    char *name;
    unsigned classes;
    bool classes_given;  /* a 'classes' statement was written */
    glyph_rule *glyphs; /* sorted by from */
    size_t n_glyphs, cap_glyphs;
};

static const char *const CLASS_NAMES[] = {"width", "kana", "small", "dash", "space", "ivs", "glyph"};
#define N_CLASSES (sizeof CLASS_NAMES / sizeof CLASS_NAMES[0])

const char *kr_fold_class_name(unsigned bit)
{
    for (size_t i = 0; i < N_CLASSES; i++)
        if (bit == 1u << i)
            return CLASS_NAMES[i];
    return NULL;
}

void kr_fold_classes_text(unsigned set, kr_buf *out)
{
    if (!set) {
        kr_buf_adds(out, "none");
        return;
    }
    bool first = true;
    for (size_t i = 0; i < N_CLASSES; i++)
        if (set & (1u << i)) {
            kr_buf_addf(out, "%s%s", first ? "" : "+", CLASS_NAMES[i]);
            first = false;
        }
}

/* Long-vowel marks and dashes that stand for one another in names. */
static bool is_dash(uint32_t c)
{
    switch (c) {
    case 0x002D: /* - */
    case 0x2010: /* ‐ */
    case 0x2011:
    case 0x2012:
    case 0x2013: /* – */
    case 0x2014: /* — */
    case 0x2015: /* ― */
    case 0x2212: /* − */
    case 0x2500: /* ─ */
    case 0xFE63:
    case 0xFF0D: /* － */
    case 0xFF70: /* ｰ */
        return true;
    default:
        return false;
    }
}

static int by_from(const void *a, const void *b)
{
    const glyph_rule *x = a, *y = b;
    return x->from < y->from ? -1 : x->from > y->from;
}

static uint32_t glyph_of(const kr_fold *f, uint32_t c)
{
    size_t lo = 0, hi = f->n_glyphs;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (f->glyphs[mid].from == c)
            return f->glyphs[mid].to;
        if (f->glyphs[mid].from < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

unsigned kr_fold_text_classes(const kr_fold *f, unsigned mask, const uint32_t *in, size_t n,
                              uint32_t *out, size_t *out_n)
{
    unsigned cls = f ? f->classes & mask : 0, changed = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = in[i];
        if ((cls & KR_FOLD_IVS) && kr_is_variation_selector(c)) {
            changed |= KR_FOLD_IVS;
            continue;
        }
        /* Spaces and dashes first, so that a full-width one counts as that fold alone. */
        if ((cls & KR_FOLD_SPACE) && (c == ' ' || c == 0x3000)) {
            changed |= KR_FOLD_SPACE;
            continue;
        }
        if ((cls & KR_FOLD_DASH) && is_dash(c)) {
            c = 0x30FC;
            changed |= KR_FOLD_DASH;
        }
        if (cls & KR_FOLD_WIDTH) {
            uint32_t w = 0;
            if (c >= 0xFF01 && c <= 0xFF5E)
                w = c - 0xFEE0;
            else if (c == 0x3000)
                w = ' ';
            else if (c >= 0xFF61 && c <= 0xFF9F)
                w = kr_kana_full(c);
            if (w) {
                c = w;
                changed |= KR_FOLD_WIDTH;
            }
            /* A sound mark after a kana (ｶﾞ, or カ + U+3099) makes one character: ガ. */
            if (i + 1 < n) {
                uint32_t m = in[i + 1];
                int mark = m == 0xFF9E || m == 0x3099 ? 1 : m == 0xFF9F || m == 0x309A ? 2 : 0;
                uint32_t v = mark ? kr_kana_voiced(c, mark) : 0;
                if (v) {
                    c = v;
                    i++;
                    changed |= KR_FOLD_WIDTH;
                }
            }
        }
        if (cls & KR_FOLD_KANA) {
            if ((c >= 0x3041 && c <= 0x3096) || c == 0x309D || c == 0x309E) {
                c += 0x60;
                changed |= KR_FOLD_KANA;
            }
        }
        if (cls & KR_FOLD_SMALL) {
            uint32_t l = kr_kana_large(c);
            if (l) {
                c = l;
                changed |= KR_FOLD_SMALL;
            }
        }
        if (cls & KR_FOLD_GLYPH) {
            uint32_t g = glyph_of(f, c);
            if (g) {
                c = g;
                changed |= KR_FOLD_GLYPH;
            }
        }
        out[k++] = c;
    }
    *out_n = k;
    return changed;
}

unsigned kr_fold_text(const kr_fold *f, const uint32_t *in, size_t n, uint32_t *out, size_t *out_n)
{
    return kr_fold_text_classes(f, KR_FOLD_ALL, in, n, out, out_n);
}

static bool equal_under(const kr_fold *f, unsigned mask, const uint32_t *a, size_t na,
                        const uint32_t *b, size_t nb, uint32_t *fa, uint32_t *fb)
{
    size_t ka, kb;
    kr_fold_text_classes(f, mask, a, na, fa, &ka);
    kr_fold_text_classes(f, mask, b, nb, fb, &kb);
    return ka == kb && memcmp(fa, fb, ka * sizeof *fa) == 0;
}

bool kr_fold_match(const kr_fold *f, const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                   unsigned *needed)
{
    *needed = 0;
    if (na == nb && memcmp(a, b, na * sizeof *a) == 0)
        return true;
    uint32_t *fa = kr_xmalloc((na + 1) * sizeof *fa), *fb = kr_xmalloc((nb + 1) * sizeof *fb);
    unsigned set = f ? f->classes : 0;
    bool match = set && equal_under(f, set, a, na, b, nb, fa, fb);
    if (match) {
        /* Drop every class the match does without: what is left was needed. */
        for (size_t i = 0; i < N_CLASSES; i++) {
            unsigned bit = 1u << i;
            if ((set & bit) && equal_under(f, set & ~bit, a, na, b, nb, fa, fb))
                set &= ~bit;
        }
        *needed = set;
    }
    free(fa);
    free(fb);
    return match;
}

unsigned kr_fold_classes(const kr_fold *f)
{
    return f->classes;
}

const char *kr_fold_name(const kr_fold *f)
{
    return f->name;
}

void kr_fold_free(kr_fold *f)
{
    if (!f)
        return;
    free(f->glyphs);
    free(f->name);
    free(f);
}

/* ---- the profile file ------------------------------------------------------------------- */

static bool tok_is(const kr_tok *t, const char *word)
{
    return t->n == strlen(word) && memcmp(t->p, word, t->n) == 0;
}

static bool parse_into(kr_fold *f, const char *text, size_t len, const char *path, int depth,
                       bool top, kr_diags *diags);

/* An included profile beside the including file: NAME.fold or NAME (a relative path from
 * that file's folder); NULL when there is none. Absolute names are left to the search. */
static char *beside(const char *including, const char *name)
{
    if (name[0] == '/')
        return NULL;
    const char *slash = strrchr(including, '/');
    size_t n = strlen(name);
    bool has_ext = n > 5 && strcmp(name + n - 5, ".fold") == 0;
    char *p = slash ? kr_xasprintf("%.*s/%s%s", (int)(slash - including), including, name, has_ext ? "" : ".fold")
                    : kr_xasprintf("%s%s", name, has_ext ? "" : ".fold");
    if (kr_is_file(p))
        return p;
    free(p);
    return NULL;
}

static void include(kr_fold *f, const kr_tok *t, const char *path, int line, int depth,
                    kr_diags *diags)
{
    char *name = kr_xstrndup(t->p, t->n);
    char *looked = NULL;
    char *found = beside(path, name);
    if (!found)
        found = kr_text_find(name, "fold", "fold", &looked);
    if (!found)
        kr_diags_add(diags, KR_RC_ENV, "KRK0404E", "%s:%d:%d: folding profile '%s' not found (looked for %s)",
                     path, line, t->col, name, looked);
    else if (depth >= 8)
        kr_diags_add(diags, KR_RC_ENV, "KRK0403E",
                     "%s:%d:%d: includes nest deeper than 8 (does '%s' include itself?)", path, line,
                     t->col, name);
    else {
        kr_buf text;
        kr_buf_init(&text);
        kr_err err;
        if (!kr_read_file(found, &text, &err))
            kr_diags_add_err(diags, &err);
        else
            parse_into(f, text.data, text.len, found, depth + 1, false, diags);
        kr_buf_free(&text);
    }
    free(found);
    free(looked);
    free(name);
}

static bool parse_into(kr_fold *f, const char *text, size_t len, const char *path, int depth,
                       bool top, kr_diags *diags)
{
    size_t before = diags->n;
    int line = 0;
    size_t pos = 0;
    while (pos < len) {
        const char *s = text + pos;
        const char *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) : len - pos;
        pos += n + 1;
        line++;
        kr_tok t[16], comment;
        size_t nt = kr_text_tokens(s, n, t, 16, &comment);
        if (nt == 0)
            continue;
        if (tok_is(&t[0], "classes")) {
            if (!top) {
                kr_diags_add(diags, KR_RC_ENV, "KRK0403E",
                             "%s:%d:%d: 'classes' belongs to the profile that includes this file, not here",
                             path, line, t[0].col);
                continue;
            }
            f->classes_given = true;
            for (size_t i = 1; i < nt && i < 16; i++) {
                size_t k;
                for (k = 0; k < N_CLASSES; k++)
                    if (tok_is(&t[i], CLASS_NAMES[k]))
                        break;
                if (k == N_CLASSES)
                    kr_diags_add(diags, KR_RC_ENV, "KRK0403E",
                                 "%s:%d:%d: '%.*s' is no fold class (width, kana, small, dash, space, ivs, glyph)",
                                 path, line, t[i].col, (int)t[i].n, t[i].p);
                else
                    f->classes |= 1u << k;
            }
        } else if (tok_is(&t[0], "include") && nt == 2) {
            include(f, &t[1], path, line, depth, diags);
        } else if (tok_is(&t[0], "glyph") && nt == 3) {
            uint32_t from[4], to[4];
            const char *why = NULL;
            size_t nf = kr_text_codepoints(&t[1], from, 4, &why);
            size_t nto = nf ? kr_text_codepoints(&t[2], to, 4, &why) : 0;
            if (!nf || !nto) {
                kr_diags_add(diags, KR_RC_ENV, "KRK0403E", "%s:%d:%d: %s", path, line,
                             nf ? t[2].col : t[1].col, why);
            } else if (nf != 1 || nto != 1) {
                kr_diags_add(diags, KR_RC_ENV, "KRK0403E",
                             "%s:%d:%d: a glyph rule maps one character to one character", path, line,
                             t[1].col);
            } else if (from[0] < 0x80 || (from[0] >= 0xFF61 && from[0] <= 0xFF9F)) {
                kr_diags_add(diags, KR_RC_ENV, "KRK0403E",
                             "%s:%d:%d: a glyph rule folds a double-byte character; single-byte ones are the width class's",
                             path, line, t[1].col);
            } else if (from[0] == to[0]) {
                kr_diags_add(diags, KR_RC_ENV, "KRK0403E", "%s:%d:%d: the rule maps a character to itself",
                             path, line, t[1].col);
            } else {
                KR_GROW(f->glyphs, f->cap_glyphs, f->n_glyphs + 1);
                f->glyphs[f->n_glyphs++] = (glyph_rule){from[0], to[0], line};
            }
        } else {
            kr_diags_add(diags, KR_RC_ENV, "KRK0403E",
                         "%s:%d:%d: expected 'classes CLASS...', 'include PROFILE' or 'glyph FROM TO'",
                         path, line, t[0].col);
        }
    }
    return diags->n == before;
}

kr_fold *kr_fold_parse(const char *text, size_t len, const char *path, kr_diags *diags)
{
    kr_fold *f = kr_xcalloc(1, sizeof *f);
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    f->name = kr_xstrndup(base, dot ? (size_t)(dot - base) : strlen(base));
    bool ok = parse_into(f, text, len, path, 0, true, diags);
    if (ok) {
        if (f->n_glyphs)
            qsort(f->glyphs, f->n_glyphs, sizeof *f->glyphs, by_from);
        for (size_t i = 1; i < f->n_glyphs; i++)
            if (f->glyphs[i].from == f->glyphs[i - 1].from && f->glyphs[i].to != f->glyphs[i - 1].to) {
                kr_diags_add(diags, KR_RC_ENV, "KRK0403E",
                             "%s: U+%04X has two glyph rules with different results (lines %d and %d)",
                             path, (unsigned)f->glyphs[i].from, f->glyphs[i - 1].line, f->glyphs[i].line);
                ok = false;
            }
        /* A rule's result must not be folded again: 邊 -> 邉 -> 辺 is written 邊 -> 辺. */
        for (size_t i = 0; ok && i < f->n_glyphs; i++)
            if (glyph_of(f, f->glyphs[i].to)) {
                kr_diags_add(diags, KR_RC_ENV, "KRK0403E",
                             "%s:%d: the result U+%04X of this rule is folded again by another rule; fold to the final form",
                             path, f->glyphs[i].line, (unsigned)f->glyphs[i].to);
                ok = false;
            }
        /* A table of rules alone (glyph.fold) applies them when loaded as a profile. */
        if (!f->classes_given && f->n_glyphs)
            f->classes = KR_FOLD_GLYPH;
        if (ok && f->n_glyphs && !(f->classes & KR_FOLD_GLYPH)) {
            kr_diags_add(diags, KR_RC_ENV, "KRK0403E",
                         "%s: the profile has glyph rules but does not apply them; add 'glyph' to its classes",
                         path);
            ok = false;
        }
    }
    if (!ok) {
        kr_fold_free(f);
        return NULL;
    }
    return f;
}

kr_fold *kr_fold_load_diags(const char *profile, kr_diags *diags)
{
    char *path;
    kr_buf text;
    kr_buf_init(&text);
    kr_fold *f = NULL;
    if (kr_text_read(profile, "fold", "fold", "KRK0404E", "folding profile", diags, &path, &text))
        f = kr_fold_parse(text.data, text.len, path, diags);
    kr_buf_free(&text);
    free(path);
    return f;
}

kr_fold *kr_fold_load(const char *profile, kr_err *err)
{
    kr_diags d;
    kr_diags_init(&d);
    kr_fold *f = kr_fold_load_diags(profile, &d);
    if (!f && d.n) {
        /* d.items[0] already starts with its id. */
        err->rc = d.rc ? d.rc : KR_RC_ENV;
        if (d.n > 1)
            snprintf(err->text, sizeof err->text, "%s (and %zu more problems)", d.items[0], d.n - 1);
        else
            snprintf(err->text, sizeof err->text, "%s", d.items[0]);
    }
    kr_diags_free(&d);
    return f;
}
