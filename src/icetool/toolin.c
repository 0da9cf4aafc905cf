/* toolin.c: ICETOOL's statements as DFSORT reads TOOLIN: an operator and its operands
 * (KEYWORD or KEYWORD(value), values with quotes and nested parentheses), comment lines
 * starting with *, blank lines, and a line ending in - continued on the next; columns
 * 73-80 are ignored as on the card. */
#include "icetool.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define IT_COLUMNS 72

typedef struct cursor {
    const char *name;
    kr_diags *d;
    bool ok;
} cursor;

static char *upper_dup(const char *s, size_t n)
{
    char *u = kr_xstrndup(s, n);
    for (char *c = u; *c; c++)
        *c = (char)toupper((unsigned char)*c);
    return u;
}

/* One logical statement: its text with the place of every byte. */
typedef struct logical {
    kr_buf text;
    int *lines, *cols;
    size_t cap;
    kr_buf echo;
} logical;

static void logical_add(logical *l, char c, int line, int col)
{
    if (l->text.len + 1 > l->cap) {
        l->cap = l->cap ? l->cap * 2 : 128;
        l->lines = kr_xrealloc(l->lines, l->cap * sizeof *l->lines);
        l->cols = kr_xrealloc(l->cols, l->cap * sizeof *l->cols);
    }
    l->lines[l->text.len] = line;
    l->cols[l->text.len] = col;
    kr_buf_addc(&l->text, c);
}

static void add_error(cursor *c, const logical *l, size_t at, const char *fmt, const char *what)
{
    size_t i = at < l->text.len ? at : (l->text.len ? l->text.len - 1 : 0);
    int line = l->text.len ? l->lines[i] : 0, col = l->text.len ? l->cols[i] : 0;
    char msg[512];
    snprintf(msg, sizeof msg, fmt, what);
    kr_diags_add(c->d, KR_RC_FAIL, "KRK2320E", "%s:%d:%d: %s", c->name, line, col, msg);
    c->ok = false;
}

static bool is_word(char ch)
{
    return isalnum((unsigned char)ch) || ch == '$' || ch == '#' || ch == '@' || ch == '_';
}

/* Splits one logical statement into an operator and its operands. */
static void split(cursor *c, logical *l, it_script *out)
{
    const char *t = l->text.data;
    size_t n = l->text.len, i = 0;
    while (i < n && t[i] == ' ')
        i++;
    if (i == n)
        return;
    it_stmt st;
    memset(&st, 0, sizeof st);
    size_t b = i;
    while (i < n && is_word(t[i]))
        i++;
    if (i == b) {
        add_error(c, l, b, "an operator such as COPY, SORT or COUNT is expected, not '%s'", (char[]){t[b], 0});
        return;
    }
    st.op = upper_dup(t + b, i - b);
    st.line = l->lines[b];
    st.col = l->cols[b];
    st.echo = kr_xstrndup(l->echo.data, l->echo.len);
    size_t cap = 0;
    bool ok = true;
    while (ok) {
        while (i < n && (t[i] == ' ' || t[i] == ','))
            i++;
        if (i == n)
            break;
        b = i;
        while (i < n && is_word(t[i]))
            i++;
        if (i == b) {
            add_error(c, l, b, "an operand such as FROM(ddname) is expected, not '%s'", (char[]){t[b], 0});
            break;
        }
        kr_grow((void **)&st.v, &cap, st.n + 1, sizeof *st.v);
        it_operand *o = &st.v[st.n++];
        memset(o, 0, sizeof *o);
        o->name = upper_dup(t + b, i - b);
        o->line = l->lines[b];
        o->col = l->cols[b];
        if (i < n && t[i] == '(') {
            size_t vb = ++i;
            int depth = 1;
            bool quoted = false;
            while (i < n && depth > 0) {
                if (t[i] == '\'') {
                    if (quoted && i + 1 < n && t[i + 1] == '\'')
                        i++;
                    else
                        quoted = !quoted;
                } else if (!quoted && t[i] == '(')
                    depth++;
                else if (!quoted && t[i] == ')')
                    depth--;
                i++;
            }
            if (depth > 0) {
                add_error(c, l, b, quoted ? "a quoted string in %s( is not closed" : "%s( has no closing parenthesis",
                          o->name);
                break;
            }
            o->value = kr_xstrndup(t + vb, i - 1 - vb);
        }
        if (i < n && t[i] != ' ' && t[i] != ',') {
            add_error(c, l, i, "a blank is expected between operands, not '%s'", (char[]){t[i], 0});
            break;
        }
    }
    out->v = kr_xrealloc(out->v, (out->n + 1) * sizeof *out->v);
    out->v[out->n++] = st;
}

bool it_parse(const char *text, size_t len, const char *name, it_script *out, kr_diags *d)
{
    memset(out, 0, sizeof *out);
    cursor c = {name, d, true};
    logical l;
    memset(&l, 0, sizeof l);
    kr_buf_init(&l.text);
    kr_buf_init(&l.echo);
    bool open = false;
    int line = 0;
    size_t p = 0;
    while (p < len) {
        size_t e = p;
        while (e < len && text[e] != '\n')
            e++;
        line++;
        size_t n = e - p;
        if (n && text[p + n - 1] == '\r')
            n--;
        if (n > IT_COLUMNS)
            n = IT_COLUMNS;
        const char *s = text + p;
        p = e < len ? e + 1 : e;
        size_t first = 0;
        while (first < n && s[first] == ' ')
            first++;
        if (!open && (first == n || s[first] == '*'))
            continue;
        size_t last = n;
        while (last > first && s[last - 1] == ' ')
            last--;
        bool cont = last > first && s[last - 1] == '-';
        if (cont)
            last--;
        if (l.echo.len)
            kr_buf_addc(&l.echo, '\n');
        kr_buf_add(&l.echo, s, n);
        for (size_t i = first; i < last; i++)
            logical_add(&l, s[i], line, (int)i + 1);
        logical_add(&l, ' ', line, (int)last + 1);
        open = cont;
        if (!open) {
            split(&c, &l, out);
            kr_buf_reset(&l.text);
            kr_buf_reset(&l.echo);
        }
    }
    if (open) {
        split(&c, &l, out);
        kr_diags_add(d, KR_RC_FAIL, "KRK2320E", "%s:%d:1: the last statement ends with '-': its continuation is missing",
                     name, line);
        c.ok = false;
    }
    kr_buf_free(&l.text);
    kr_buf_free(&l.echo);
    free(l.lines);
    free(l.cols);
    return c.ok;
}

void it_script_free(it_script *s)
{
    for (size_t i = 0; i < s->n; i++) {
        it_stmt *st = &s->v[i];
        for (size_t j = 0; j < st->n; j++) {
            free(st->v[j].name);
            free(st->v[j].value);
        }
        free(st->v);
        free(st->op);
        free(st->echo);
    }
    free(s->v);
    memset(s, 0, sizeof *s);
}
