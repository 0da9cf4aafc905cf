/* stmt.c: splits control statement text into statements as DFSORT reads them (a comment
 * line starts with '*' in column 1; a label may stand in column 1; the operand field ends at
 * the first blank outside quotes and the rest is a remark; an operand field that ends with a
 * comma continues on the next line; END ends the statements), then cuts operands into
 * tokens. */
#include "stmt.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *known_ops[] = {"SORT", "MERGE", "OPTION", "INCLUDE", "OMIT", "INREC", "OUTREC",
                                  "SUM", "OUTFIL", "RECORD", "JOINKEYS", "JOIN", "REFORMAT",
                                  "END", "ALTSEQ", "MODS", "DEBUG", NULL};

static bool is_op(const char *w)
{
    for (int i = 0; known_ops[i]; i++)
        if (strcmp(known_ops[i], w) == 0)
            return true;
    return false;
}

static int col_of(const char *line, size_t i)
{
    int col = 1;
    for (size_t k = 0; k < i; k++)
        if (((unsigned char)line[k] & 0xC0) != 0x80)
            col++;
    return col;
}

/* The operand field of a line from byte i: up to the first blank outside quotes. */
static size_t operand_end(const char *line, size_t len, size_t i)
{
    bool quoted = false;
    for (; i < len; i++) {
        char c = line[i];
        if (c == '\'')
            quoted = !quoted;
        else if (!quoted && (c == ' ' || c == '\t'))
            break;
    }
    return i;
}

static void append_operand(ctl_stmt *s, size_t *cap, const char *line, size_t a, size_t b, int lineno)
{
    size_t need = s->len + (b - a) + 1;
    if (need > *cap) {
        size_t n = *cap ? *cap : 64;
        while (n < need)
            n *= 2;
        s->text = kr_xrealloc(s->text, n);
        s->pos = kr_xrealloc(s->pos, n * sizeof *s->pos);
        *cap = n;
    }
    int col = col_of(line, a); /* then counted on, byte by byte: linear in the line */
    for (size_t k = a; k < b; k++) {
        if (k > a && ((unsigned char)line[k - 1] & 0xC0) != 0x80)
            col++;
        s->text[s->len] = line[k];
        s->pos[s->len] = (kr_pos){lineno, col};
        s->len++;
    }
    s->text[s->len] = '\0';
}

bool ctl_split(const char *text, size_t len, const char *path, ctl_stmts *out, kr_diags *diags)
{
    memset(out, 0, sizeof *out);
    int lineno = 0;
    size_t i = 0;
    bool continuing = false;
    size_t cap = 0;
    kr_buf echo;
    kr_buf_init(&echo);
    int errors = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && text[j] != '\n')
            j++;
        lineno++;
        const char *line = text + i;
        size_t n = j - i;
        if (n && line[n - 1] == '\r')
            n--;
        i = j + 1;
        if (n == 0 || line[0] == '*')
            continue;
        size_t k = 0;
        while (k < n && (line[k] == ' ' || line[k] == '\t'))
            k++;
        if (k == n)
            continue;
        if (continuing) {
            ctl_stmt *s = &out->v[out->n - 1];
            size_t e = operand_end(line, n, k);
            append_operand(s, &cap, line, k, e, lineno);
            kr_buf_addc(&echo, '\n');
            kr_buf_add(&echo, line, n);
            continuing = s->len && s->text[s->len - 1] == ',';
            if (!continuing) {
                s->echo = kr_buf_take(&echo);
            }
            continue;
        }
        /* A new statement: [label] operation operands [remarks]. */
        size_t w = k;
        while (w < n && line[w] != ' ' && line[w] != '\t')
            w++;
        char *word = kr_xstrndup(line + k, w - k);
        for (char *c = word; *c; c++)
            *c = (char)toupper((unsigned char)*c);
        if (!is_op(word) && k == 0) {
            /* A label in column 1: the operation follows. */
            free(word);
            k = w;
            while (k < n && (line[k] == ' ' || line[k] == '\t'))
                k++;
            w = k;
            while (w < n && line[w] != ' ' && line[w] != '\t')
                w++;
            word = kr_xstrndup(line + k, w - k);
            for (char *c = word; *c; c++)
                *c = (char)toupper((unsigned char)*c);
        }
        if (!is_op(word)) {
            kr_diags_add(diags, KR_RC_ENV, "KRK0501E",
                         "%s:%d:%d: '%s' is not a control statement; the statements are SORT, MERGE, "
                         "OPTION, INCLUDE, OMIT, INREC, OUTREC, SUM, OUTFIL, JOINKEYS, JOIN, REFORMAT and END",
                         path, lineno, col_of(line, k), k < n ? word : "");
            free(word);
            errors++;
            continue;
        }
        if (strcmp(word, "END") == 0) {
            free(word);
            break;
        }
        KR_GROW(out->v, out->cap, out->n + 1);
        ctl_stmt *s = &out->v[out->n++];
        memset(s, 0, sizeof *s);
        cap = 0;
        s->op = word;
        s->op_pos = (kr_pos){lineno, col_of(line, k)};
        kr_buf_reset(&echo);
        kr_buf_add(&echo, line, n);
        k = w;
        while (k < n && (line[k] == ' ' || line[k] == '\t'))
            k++;
        size_t e = operand_end(line, n, k);
        append_operand(s, &cap, line, k, e, lineno);
        if (!s->text) {
            s->text = kr_xstrdup("");
            s->pos = kr_xmalloc(sizeof *s->pos);
        }
        continuing = s->len && s->text[s->len - 1] == ',';
        if (!continuing)
            s->echo = kr_buf_take(&echo);
    }
    if (continuing) {
        ctl_stmt *s = &out->v[out->n - 1];
        s->echo = kr_buf_take(&echo);
        kr_diags_add(diags, KR_RC_ENV, "KRK0502E",
                     "%s:%d:%d: the %s statement ends with a comma but no line continues it; remove the comma or add the operands",
                     path, s->pos[s->len - 1].line, s->pos[s->len - 1].col, s->op);
        errors++;
    }
    kr_buf_free(&echo);
    return errors == 0;
}

void ctl_stmts_free(ctl_stmts *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].op);
        free(s->v[i].text);
        free(s->v[i].pos);
        free(s->v[i].echo);
    }
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* ---- tokens ----------------------------------------------------------------------------- */

static void push(ctl_toks *t, ctl_tok_kind kind, char *text, size_t len, char quote, kr_pos pos,
                 size_t start, size_t end)
{
    KR_GROW(t->v, t->cap, t->n + 1);
    t->v[t->n++] = (ctl_tok){kind, text, len, quote, pos, start, end};
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)toupper((unsigned char)c);
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

bool ctl_tokenize(const ctl_stmt *s, const char *path, ctl_toks *out, kr_diags *diags)
{
    memset(out, 0, sizeof *out);
    const char *p = s->text;
    size_t n = s->len, i = 0;
    while (i < n) {
        char c = p[i];
        kr_pos pos = s->pos[i];
        /* Strings: C'..', X'..', Y'..', D'..', B'..' (bits), '..' */
        char q = (char)toupper((unsigned char)c);
        bool prefixed = (q == 'C' || q == 'X' || q == 'Y' || q == 'D' ||
                         (q == 'B' && (i == 0 || !isalnum((unsigned char)p[i - 1])))) &&
                        i + 1 < n && p[i + 1] == '\'';
        if (prefixed || c == '\'') {
            size_t j = i + (prefixed ? 2 : 1);
            kr_buf b;
            kr_buf_init(&b);
            for (;;) {
                if (j >= n) {
                    kr_buf_free(&b);
                    kr_diags_add(diags, KR_RC_ENV, "KRK0503E", "%s:%d:%d: the constant has no closing quote",
                                 path, pos.line, pos.col);
                    ctl_toks_free(out);
                    return false;
                }
                if (p[j] == '\'') {
                    if (j + 1 < n && p[j + 1] == '\'') {
                        kr_buf_addc(&b, '\'');
                        j += 2;
                        continue;
                    }
                    break;
                }
                kr_buf_addc(&b, p[j]);
                j++;
            }
            char quote = prefixed ? q : 0;
            if (quote == 'X') {
                if (b.len % 2) {
                    kr_buf_free(&b);
                    kr_diags_add(diags, KR_RC_ENV, "KRK0503E",
                                 "%s:%d:%d: a hex constant holds pairs of hex digits, as X'0D0A'", path,
                                 pos.line, pos.col);
                    ctl_toks_free(out);
                    return false;
                }
                kr_buf h;
                kr_buf_init(&h);
                for (size_t k = 0; k < b.len; k += 2) {
                    int hi = hexval(b.data[k]), lo = hexval(b.data[k + 1]);
                    if (hi < 0 || lo < 0) {
                        kr_buf_free(&b);
                        kr_buf_free(&h);
                        size_t bad = i + (hi < 0 ? 2 : 3) + k;
                        kr_diags_add(diags, KR_RC_ENV, "KRK0503E", "%s:%d:%d: '%c' is not a hex digit",
                                     path, s->pos[bad].line, s->pos[bad].col, p[bad]);
                        ctl_toks_free(out);
                        return false;
                    }
                    kr_buf_addc(&h, (char)(hi * 16 + lo));
                }
                kr_buf_free(&b);
                b = h;
            }
            size_t blen = b.len;
            push(out, CT_STR, b.data ? kr_buf_take(&b) : kr_xstrdup(""), blen, quote, pos, i, j + 1);
            i = j + 1;
            continue;
        }
        if (isalpha((unsigned char)c) || c == '_' || c == '#' || c == '@' || c == '$') {
            size_t j = i;
            while (j < n && (isalnum((unsigned char)p[j]) || p[j] == '_' || p[j] == '#' || p[j] == '@' ||
                             p[j] == '$'))
                j++;
            /* An occurrence index belongs to the name: shoken(2). */
            if (j < n && p[j] == '(' && j + 1 < n && isdigit((unsigned char)p[j + 1])) {
                size_t k = j + 1;
                while (k < n && isdigit((unsigned char)p[k]))
                    k++;
                if (k < n && p[k] == ')')
                    j = k + 1;
            }
            push(out, CT_WORD, kr_xstrndup(p + i, j - i), j - i, 0, pos, i, j);
            i = j;
            continue;
        }
        bool signed_num = (c == '+' || c == '-') && i + 1 < n && isdigit((unsigned char)p[i + 1]);
        if (isdigit((unsigned char)c) || signed_num) {
            size_t j = i + (signed_num ? 1 : 0);
            while (j < n && isdigit((unsigned char)p[j]))
                j++;
            if (j + 1 < n && p[j] == '.' && isdigit((unsigned char)p[j + 1])) {
                j++;
                while (j < n && isdigit((unsigned char)p[j]))
                    j++;
            }
            push(out, CT_NUM, kr_xstrndup(p + i, j - i), j - i, 0, pos, i, j);
            i = j;
            continue;
        }
        if ((unsigned char)c < 0x80 && c > ' ') {
            /* ( ) , = : . & | ? and the characters of EDIT= and SIGNS= patterns */
            push(out, CT_PUNCT, kr_xstrndup(p + i, 1), 1, 0, pos, i, i + 1);
            i++;
            continue;
        }
        kr_diags_add(diags, KR_RC_ENV, "KRK0504E",
                     "%s:%d:%d: text outside a constant must be ASCII; write Japanese text as C'...'", path,
                     pos.line, pos.col);
        ctl_toks_free(out);
        return false;
    }
    kr_pos endpos = n ? s->pos[n - 1] : s->op_pos;
    endpos.col++;
    push(out, CT_END, kr_xstrdup(""), 0, 0, endpos, n, n);
    return true;
}

void ctl_toks_free(ctl_toks *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->v[i].text);
    free(t->v);
    memset(t, 0, sizeof *t);
}
