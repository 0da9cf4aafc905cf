/* operand.c: a statement's operand field as values: a comma-separated list of positional
 * values and KEY=value pairs, where a value is a word (a name such as A.B(+1) or &&TEMP keeps
 * its parentheses), a quoted string ('' is one apostrophe) or a parenthesised sub-list, as in
 * DISP=(NEW,CATLG) or COND=((4,LT),(8,GT,STEP1),EVEN). Nesting is bounded. */
#include "jcl_private.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct lexer {
    const jcl_text *t;
    size_t i;
    const char *path;
    kr_diags *d;
    int *errors;
    bool failed;
} lexer;

static void lex_error(lexer *x, size_t at, const char *fmt, const char *arg)
{
    if (!x->failed)
        jcl_report(x->d, x->errors, KR_RC_ENV, "KRK1104E", x->path, jcl_text_pos(x->t, at), fmt,
                   arg);
    x->failed = true;
}

static char peek(const lexer *x)
{
    return x->i < x->t->len ? x->t->text[x->i] : '\0';
}

static void add_item(jcl_val *list, const jcl_val *item)
{
    KR_GROW(list->items, list->cap, list->n + 1);
    list->items[list->n++] = *item;
}

/* A quoted string from x->i (at the opening quote). */
static char *read_string(lexer *x)
{
    size_t start = x->i++;
    kr_buf b;
    kr_buf_init(&b);
    for (;;) {
        if (x->i >= x->t->len) {
            lex_error(x, start, "a quoted string is not closed%s", "");
            break;
        }
        char c = x->t->text[x->i++];
        if (c == '\'') {
            if (peek(x) == '\'') {
                kr_buf_addc(&b, '\'');
                x->i++;
                continue;
            }
            break;
        }
        kr_buf_addc(&b, c);
    }
    return kr_buf_take(&b);
}

/* A word: up to , ) or the end; parentheses and quotes inside it are kept whole. */
static char *read_word(lexer *x)
{
    size_t start = x->i;
    int depth = 0;
    bool quote = false;
    while (x->i < x->t->len) {
        char c = x->t->text[x->i];
        if (quote) {
            if (c == '\'')
                quote = false;
        } else if (c == '\'') {
            quote = true;
        } else if (c == '(') {
            if (++depth > KR_JCL_MAX_PAREN_DEPTH) {
                lex_error(x, x->i, "parentheses nested too deeply%s", "");
                return kr_xstrdup("");
            }
        } else if (c == ')') {
            if (depth == 0)
                break;
            depth--;
        } else if (c == ',' && depth == 0) {
            break;
        }
        x->i++;
    }
    if (quote)
        lex_error(x, start, "a quoted string is not closed%s", "");
    else if (depth)
        lex_error(x, start, "a parenthesis is not closed%s", "");
    return kr_xstrndup(x->t->text + start, x->i - start);
}

static void parse_list(lexer *x, jcl_val *list, int depth, bool top);
static void parse_value_body(lexer *x, jcl_val *v, int depth);

static void parse_value(lexer *x, jcl_val *v, int depth)
{
    v->vpos = jcl_text_pos(x->t, x->i);
    v->vstart = x->i;
    parse_value_body(x, v, depth);
    v->vend = x->i;
}

static void parse_value_body(lexer *x, jcl_val *v, int depth)
{
    char c = peek(x);
    if (c == '(') {
        if (depth >= KR_JCL_MAX_PAREN_DEPTH) {
            lex_error(x, x->i, "parentheses nested too deeply%s", "");
            return;
        }
        size_t open = x->i++;
        v->kind = JCL_V_LIST;
        parse_list(x, v, depth + 1, false);
        if (peek(x) != ')') {
            lex_error(x, open, "a parenthesis is not closed%s", "");
            return;
        }
        x->i++;
        if (peek(x) && peek(x) != ',' && peek(x) != ')')
            lex_error(x, x->i, "a comma or the end of the operands was expected after ')'%s",
                      "");
    } else if (c == '\'') {
        v->kind = JCL_V_STRING;
        v->text = read_string(x);
        if (peek(x) && peek(x) != ',' && peek(x) != ')')
            lex_error(x, x->i, "a comma was expected after the quoted string%s", "");
    } else if (c == ',' || c == ')' || c == '\0') {
        v->kind = JCL_V_EMPTY;
    } else {
        v->kind = JCL_V_WORD;
        v->text = read_word(x);
    }
}

static bool is_key_char(char c)
{
    return isalnum((unsigned char)c) || c == '@' || c == '#' || c == '$' || c == '.';
}

static void parse_list(lexer *x, jcl_val *list, int depth, bool top)
{
    for (;;) {
        jcl_val item;
        memset(&item, 0, sizeof item);
        item.pos = jcl_text_pos(x->t, x->i);
        size_t k = x->i;
        while (k < x->t->len && is_key_char(x->t->text[k]))
            k++;
        if (k > x->i && k < x->t->len && x->t->text[k] == '=') {
            item.key = kr_xstrndup(x->t->text + x->i, k - x->i);
            for (char *p = item.key; *p; p++)
                *p = (char)toupper((unsigned char)*p);
            x->i = k + 1;
        }
        parse_value(x, &item, depth);
        add_item(list, &item);
        if (x->failed)
            return;
        char c = peek(x);
        if (c == ',') {
            x->i++;
            continue;
        }
        if (c == ')' && !top)
            return;
        if (c == '\0')
            return;
        lex_error(x, x->i, "unexpected '%s' in the operands", c == ')' ? ")" : "text");
        return;
    }
}

bool jcl_operands(const jcl_text *t, const char *path, jcl_val *out, kr_diags *d, int *errors)
{
    memset(out, 0, sizeof *out);
    out->kind = JCL_V_LIST;
    if (t->len == 0)
        return true;
    lexer x = {t, 0, path, d, errors, false};
    parse_list(&x, out, 0, true);
    if (!x.failed && x.i < t->len)
        lex_error(&x, x.i, "unexpected ')' in the operands%s", "");
    return !x.failed;
}

void jcl_val_free(jcl_val *v)
{
    for (size_t i = 0; i < v->n; i++)
        jcl_val_free(&v->items[i]);
    free(v->items);
    free(v->key);
    free(v->text);
    memset(v, 0, sizeof *v);
}
