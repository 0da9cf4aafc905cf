/* symbols.c: JCL symbols. A table of NAME=value pairs (caller symbols, SET, PROC defaults,
 * EXEC overrides) and the substitution of &NAME in operand text with JCL's period rules: a
 * name is 1-8 characters (A-Z, 0-9, @ # $, not starting with a digit) and ends at the first
 * other character; a period right after it is a delimiter and is dropped (&A..B is the value
 * of A followed by .B); && is not a symbol (temporary data set names) and stays as it is. */
#include "jcl_private.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NAME 8

void jcl_sym_set(jcl_symtab *t, const char *name, const char *value)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->v[i].name, name) == 0) {
            free(t->v[i].value);
            t->v[i].value = kr_xstrdup(value);
            return;
        }
    KR_GROW(t->v, t->cap, t->n + 1);
    t->v[t->n].name = kr_xstrdup(name);
    t->v[t->n].value = kr_xstrdup(value);
    t->n++;
}

const char *jcl_sym_get(const jcl_symtab *t, const char *name)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->v[i].name, name) == 0)
            return t->v[i].value;
    return NULL;
}

void jcl_sym_copy(jcl_symtab *dst, const jcl_symtab *src)
{
    for (size_t i = 0; i < src->n; i++)
        jcl_sym_set(dst, src->v[i].name, src->v[i].value);
}

void jcl_sym_free(jcl_symtab *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].name);
        free(t->v[i].value);
    }
    free(t->v);
    memset(t, 0, sizeof *t);
}

static bool first_char(char c)
{
    return isalpha((unsigned char)c) || c == '@' || c == '#' || c == '$';
}

static bool name_char(char c)
{
    return first_char(c) || isdigit((unsigned char)c);
}

bool jcl_is_name(const char *s, size_t n)
{
    if (n == 0 || n > MAX_NAME || !first_char(s[0]))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!name_char(s[i]))
            return false;
    return true;
}

void jcl_substitute(jcl_text *t, const jcl_symtab *syms, const char *path, kr_diags *d, int *errors)
{
    if (!memchr(t->text ? t->text : "", '&', t->len))
        return;
    jcl_text out;
    memset(&out, 0, sizeof out);
    size_t i = 0;
    while (i < t->len) {
        char c = t->text[i];
        if (c != '&') {
            jcl_text_add(&out, c, t->pos[i]);
            i++;
            continue;
        }
        if (i + 1 < t->len && t->text[i + 1] == '&') { /* &&NAME: a temporary data set */
            jcl_text_add(&out, '&', t->pos[i]);
            jcl_text_add(&out, '&', t->pos[i + 1]);
            i += 2;
            while (i < t->len && name_char(t->text[i])) {
                jcl_text_add(&out, t->text[i], t->pos[i]);
                i++;
            }
            continue;
        }
        size_t b = i + 1, e = b;
        if (e < t->len && first_char(t->text[e]))
            while (e < t->len && name_char(t->text[e]))
                e++;
        if (e == b) { /* & alone: the AND of an IF, or text */
            jcl_text_add(&out, c, t->pos[i]);
            i++;
            continue;
        }
        char name[64];
        size_t n = e - b;
        if (n > MAX_NAME) {
            jcl_report(d, errors, KR_RC_ENV, "KRK1107E", path, t->pos[i],
                       "a symbol name has at most 8 characters: &%.*s", (int)n, t->text + b);
            n = MAX_NAME;
        }
        for (size_t k = 0; k < n; k++)
            name[k] = (char)toupper((unsigned char)t->text[b + k]);
        name[n] = '\0';
        const char *v = jcl_sym_get(syms, name);
        if (!v) {
            jcl_report(d, errors, KR_RC_ENV, "KRK1107E", path, t->pos[i],
                       "the symbol &%s is not defined (define it with // SET, on the PROC "
                       "statement, on the EXEC that calls the procedure, or as %s=VALUE on "
                       "the command line)", name, name);
            v = "";
        }
        for (const char *p = v; *p; p++)
            jcl_text_add(&out, *p, t->pos[i]);
        i = e;
        if (i < t->len && t->text[i] == '.')
            i++; /* the period ends the name and is not part of the text */
    }
    jcl_text_free(t);
    *t = out;
}
