/* idcams_parse.c: IDCAMS's statement syntax: comments between slash-asterisk and
 * asterisk-slash (over lines too), a '-' at a line's end continues the statement on the next
 * line, a '+' continues a word without a blank; a statement is a command and its parameters,
 * separated by blanks or commas, each a keyword with an optional list in parentheses. */
#include "idcams.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* One character of the joined statement and where it stood. */
typedef struct pchar {
    char ch;
    int line, col;
} pchar;

typedef struct ptext {
    pchar *c;
    size_t n, cap;
} ptext;

static void padd(ptext *t, char ch, int line, int col)
{
    KR_GROW(t->c, t->cap, t->n + 1);
    t->c[t->n++] = (pchar){ch, line, col};
}

static bool word_char(char ch)
{
    return isalnum((unsigned char)ch) || strchr("@#$.-*&+_%", ch) != NULL;
}

typedef struct parser {
    const pchar *c;
    size_t n, i;
    char *error;
    const char *name;
} parser;

static void skip_blanks(parser *p)
{
    while (p->i < p->n && (p->c[p->i].ch == ' ' || p->c[p->i].ch == ','))
        p->i++;
}

static bool fail_at(parser *p, const char *what)
{
    if (!p->error[0]) {
        size_t at = p->i < p->n ? p->i : p->n - 1;
        snprintf(p->error, 256, "%s:%d:%d: %s", p->name, p->c[at].line, p->c[at].col, what);
    }
    return false;
}

static void item_free(idc_item *it)
{
    for (size_t i = 0; i < it->n_kids; i++)
        item_free(&it->kids[i]);
    free(it->kids);
    free(it->word);
}

/* items up to ')' (depth > 0) or the end. */
static bool parse_list(parser *p, idc_item **items, size_t *n, int depth)
{
    size_t cap = 0;
    for (;;) {
        skip_blanks(p);
        if (p->i >= p->n)
            return depth == 0 || fail_at(p, "a '(' is not closed");
        char ch = p->c[p->i].ch;
        if (ch == ')') {
            if (depth == 0)
                return fail_at(p, "a ')' without its '('");
            p->i++;
            return true;
        }
        KR_GROW(*items, cap, *n + 1);
        idc_item *it = &(*items)[(*n)++];
        memset(it, 0, sizeof *it);
        it->line = p->c[p->i].line;
        it->col = p->c[p->i].col;
        if (ch == '\'') {
            kr_buf b;
            kr_buf_init(&b);
            for (p->i++; p->i < p->n && p->c[p->i].ch != '\''; p->i++)
                kr_buf_addc(&b, p->c[p->i].ch);
            if (p->i >= p->n) {
                kr_buf_free(&b);
                return fail_at(p, "a quoted string is not closed");
            }
            p->i++;
            it->word = kr_buf_take(&b);
        } else if (word_char(ch) || ch == '=') {
            kr_buf b;
            kr_buf_init(&b);
            if (ch == '=') {
                kr_buf_addc(&b, '=');
                p->i++;
            } else {
                for (; p->i < p->n && word_char(p->c[p->i].ch); p->i++)
                    kr_buf_addc(&b, (char)toupper((unsigned char)p->c[p->i].ch));
            }
            it->word = kr_buf_take(&b);
        } else if (ch != '(') {
            char what[64];
            snprintf(what, sizeof what, "the character '%c' does not belong here", ch);
            return fail_at(p, what);
        }
        if (p->i < p->n && p->c[p->i].ch == '(') {
            p->i++;
            it->parens = true;
            if (depth > 8)
                return fail_at(p, "parentheses nested too deep");
            if (!parse_list(p, &it->kids, &it->n_kids, depth + 1))
                return false;
        }
    }
}

static void finish(idc_stmt *st, const ptext *t, const char *name)
{
    parser p = {t->c, t->n, 0, st->error, name};
    if (!parse_list(&p, &st->items, &st->n, 0))
        return;
    if (st->n && (!st->items[0].word || st->items[0].parens)) {
        p.i = 0;
        fail_at(&p, "a statement starts with a command (DEFINE, DELETE, LISTCAT, SET)");
    }
}

void idc_parse(const char *sysin, size_t len, const char *name, idc_stmt **out, size_t *n)
{
    /* Comments go first (blanks in their place, line ends kept). */
    char *text = kr_xstrndup(sysin, len);
    for (size_t i = 0; i + 1 < len; i++) {
        if (text[i] == '/' && text[i + 1] == '*') {
            size_t j = i + 2;
            while (j + 1 < len && !(text[j] == '*' && text[j + 1] == '/'))
                j++;
            size_t end = j + 1 < len ? j + 2 : len;
            for (size_t k = i; k < end; k++)
                if (text[k] != '\n')
                    text[k] = ' ';
            i = end - 1;
        }
    }
    idc_stmt *stmts = NULL;
    size_t cap = 0, count = 0;
    ptext t = {0};
    kr_buf echo;
    kr_buf_init(&echo);
    bool continued = false;
    int line = 0;
    const char *p = sysin, *q = text, *end = sysin + len;
    while (p < end) {
        line++;
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        size_t n_line = eol ? (size_t)(eol - p) : (size_t)(end - p);
        if (n_line && p[n_line - 1] == '\r')
            n_line--;
        /* The line as the listing echoes it; then its text without comments. */
        size_t last = n_line;
        while (last && (q[last - 1] == ' ' || q[last - 1] == '\t'))
            last--;
        bool blank = last == 0;
        if (!blank || continued) {
            size_t shown = n_line;
            while (shown && (p[shown - 1] == ' ' || p[shown - 1] == '\t'))
                shown--;
            kr_buf_add(&echo, p, shown);
            kr_buf_addc(&echo, '\n');
        }
        char cont = last ? q[last - 1] : 0;
        size_t use = (cont == '-' || cont == '+') ? last - 1 : last;
        size_t first = 0;
        if (continued && t.n && t.c[t.n - 1].ch == '+') {
            t.n--; /* '+' joins the word across the line: no blank, leading blanks dropped */
            while (first < use && (q[first] == ' ' || q[first] == '\t'))
                first++;
        }
        for (size_t k = first; k < use; k++)
            padd(&t, q[k] == '\t' ? ' ' : q[k], line, (int)k + 1);
        if (cont == '+')
            padd(&t, '+', line, (int)last);
        else if (cont == '-')
            padd(&t, ' ', line, (int)last);
        continued = cont == '-' || cont == '+';
        if (!continued && !blank) {
            KR_GROW(stmts, cap, count + 1);
            idc_stmt *st = &stmts[count++];
            memset(st, 0, sizeof *st);
            st->text = kr_buf_take(&echo);
            size_t s0 = 0;
            while (s0 < t.n && t.c[s0].ch == ' ')
                s0++;
            st->line = s0 < t.n ? t.c[s0].line : line;
            st->col = s0 < t.n ? t.c[s0].col : 1;
            if (t.n)
                finish(st, &t, name);
            t.n = 0;
        } else if (blank && !continued) {
            kr_buf_reset(&echo);
        }
        p += (eol ? (size_t)(eol - p) + 1 : (size_t)(end - p));
        q = text + (p - sysin);
    }
    if (continued) {
        /* The last line asked for a continuation that never came: what there is runs. */
        KR_GROW(stmts, cap, count + 1);
        idc_stmt *st = &stmts[count++];
        memset(st, 0, sizeof *st);
        st->text = kr_buf_take(&echo);
        st->line = t.n ? t.c[0].line : line;
        st->col = 1;
        if (t.n && t.c[t.n - 1].ch == '+')
            t.n--;
        if (t.n)
            finish(st, &t, name);
    }
    kr_buf_free(&echo);
    free(t.c);
    free(text);
    *out = stmts;
    *n = count;
}

void idc_stmts_free(idc_stmt *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < s[i].n; j++)
            item_free(&s[i].items[j]);
        free(s[i].items);
        free(s[i].text);
    }
    free(s);
}

bool idc_is(const char *word, const char *names)
{
    if (!word)
        return false;
    size_t n = strlen(word);
    for (const char *p = names; *p;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && memcmp(p, word, n) == 0)
            return true;
        p += len + (bar ? 1 : 0);
    }
    return false;
}
