/* find.c: where 外字 tables and folding profiles are looked for (beside the layouts), and the
 * tokens of their lines. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

char *kr_text_find(const char *name, const char *subdir, const char *ext, char **looked)
{
    char dotext[32];
    snprintf(dotext, sizeof dotext, ".%s", ext);
    if (strchr(name, '/') || ends_with(name, dotext)) {
        *looked = kr_xstrdup(name);
        return kr_is_file(name) ? kr_xstrdup(name) : NULL;
    }
    char *file = kr_xasprintf("%s%s", name, dotext);
    char *found = kr_data_find(subdir, file, looked);
    free(file);
    return found;
}

bool kr_text_read(const char *name, const char *subdir, const char *ext, const char *id, const char *what,
                  kr_diags *diags, char **path, kr_buf *text)
{
    char *looked;
    *path = kr_text_find(name, subdir, ext, &looked);
    if (!*path) {
        kr_diags_add(diags, KR_RC_ENV, id, "%s '%s' not found (looked for %s)", what, name, looked);
        free(looked);
        return false;
    }
    free(looked);
    kr_err err;
    if (!kr_read_file(*path, text, &err)) {
        kr_diags_add_err(diags, &err);
        free(*path);
        *path = NULL;
        return false;
    }
    return true;
}

size_t kr_text_tokens(const char *line, size_t n, kr_tok *toks, size_t max, kr_tok *comment)
{
    size_t i = 0, k = 0;
    comment->p = NULL;
    comment->n = 0;
    while (i < n) {
        while (i < n && (line[i] == ' ' || line[i] == '\t'))
            i++;
        if (i >= n)
            break;
        if (line[i] == '#') {
            size_t s = i + 1, e = n;
            while (s < e && (line[s] == ' ' || line[s] == '\t'))
                s++;
            while (e > s && (line[e - 1] == ' ' || line[e - 1] == '\t' || line[e - 1] == '\r'))
                e--;
            comment->p = line + s;
            comment->n = e - s;
            comment->col = (int)s + 1;
            break;
        }
        size_t s = i;
        while (i < n && line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
            i++;
        if (k < max) {
            toks[k].p = line + s;
            toks[k].n = i - s;
            toks[k].col = (int)s + 1;
        }
        k++;
        if (i < n && line[i] == '\r')
            i++;
    }
    return k;
}

size_t kr_text_codepoints(const kr_tok *t, uint32_t *out, size_t max, const char **why)
{
    size_t k = 0;
    if (t->n >= 2 && (t->p[0] == 'U' || t->p[0] == 'u') && t->p[1] == '+') {
        size_t i = 0;
        while (i < t->n) {
            if (i + 2 > t->n || (t->p[i] != 'U' && t->p[i] != 'u') || t->p[i + 1] != '+') {
                *why = "write code points as U+XXXX, several joined by commas (U+8FBA,U+E0100)";
                return 0;
            }
            i += 2;
            uint32_t v = 0;
            size_t digits = 0;
            while (i < t->n && kr_hex_digit((unsigned char)t->p[i]) >= 0 && digits < 7) {
                v = v * 16 + (uint32_t)kr_hex_digit((unsigned char)t->p[i++]);
                digits++;
            }
            if (digits < 4 || (i < t->n && t->p[i] != ',')) {
                *why = "a code point is U+ and 4 to 6 hexadecimal digits";
                return 0;
            }
            if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) || v < 0x20 || (v >= 0x7F && v < 0xA0)) {
                *why = "not a character's code point (a control, a surrogate or beyond U+10FFFF)";
                return 0;
            }
            if (k == max) {
                *why = "too many code points (at most 4)";
                return 0;
            }
            out[k++] = v;
            if (i < t->n)
                i++; /* the comma */
        }
        return k;
    }
    size_t i = 0;
    while (i < t->n) {
        uint32_t c;
        kr_charclass cls;
        size_t len = kr_utf8_next((const unsigned char *)t->p + i, t->n - i, &c, &cls);
        if (cls == KR_CC_INVALID || cls == KR_CC_CONTROL) {
            *why = "not UTF-8 text (write the character itself or U+XXXX)";
            return 0;
        }
        if (k == max) {
            *why = "too many characters (at most 4)";
            return 0;
        }
        out[k++] = c;
        i += len;
    }
    return k;
}
