/* source.c: fixed-format COBOL source as tokens: columns 1-6 are the sequence area, column 7
 * the indicator ('*' and '/' comment lines, 'D' debugging lines, '-' continuation of a
 * literal), columns 8-72 the program text; tabs stop every 8 columns. Comment lines are kept
 * (they carry labels and `*>kiroku` tags); `*>` ends the text of a line. */
#include "copybook_private.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_END 72 /* the last column of the program text */

static void push(cb_source *s, cb_tok_kind kind, const char *text, size_t len, int line, int col)
{
    KR_GROW(s->toks, s->cap, s->n + 1);
    cb_tok *t = &s->toks[s->n++];
    memset(t, 0, sizeof *t);
    t->kind = kind;
    t->text = kr_xstrndup(text ? text : "", len);
    t->len = len;
    t->line = line;
    t->col = col;
}

static bool is_picture_word(const cb_source *s)
{
    if (s->n == 0 || s->toks[s->n - 1].kind != CB_WORD)
        return false;
    const char *w = s->toks[s->n - 1].text;
    if (strcmp(w, "PIC") == 0 || strcmp(w, "PICTURE") == 0)
        return true;
    return strcmp(w, "IS") == 0 && s->n >= 2 && s->toks[s->n - 2].kind == CB_WORD &&
           (strcmp(s->toks[s->n - 2].text, "PIC") == 0 || strcmp(s->toks[s->n - 2].text, "PICTURE") == 0);
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = toupper(c);
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Reads the literal starting at a[i] (the quote) into s; an unterminated literal stays open
 * for a continuation line (*open set). Returns the index after it. */
static size_t literal(cb_source *s, const char *a, size_t i, size_t end, int line, int col, bool hex,
                      bool *open, kr_diags *d, const char *path)
{
    char q = a[i++];
    kr_buf b;
    kr_buf_init(&b);
    bool closed = false;
    while (i < end) {
        if (a[i] == q) {
            if (i + 1 < end && a[i + 1] == q) {
                kr_buf_addc(&b, q);
                i += 2;
                continue;
            }
            closed = true;
            i++;
            break;
        }
        kr_buf_addc(&b, a[i++]);
    }
    push(s, CB_LITERAL, b.data, b.len, line, col);
    kr_buf_free(&b);
    cb_tok *t = &s->toks[s->n - 1];
    t->hex = hex;
    *open = !closed;
    if (hex && closed) {
        if (t->len % 2) {
            kr_diags_add(d, KR_RC_ENV, "KRK0901E", "%s:%d:%d: a hexadecimal literal holds pairs of hex digits",
                         path, line, col);
            return i;
        }
        for (size_t k = 0; k < t->len; k += 2) {
            int hi = hexval(t->text[k]), lo = hexval(t->text[k + 1]);
            if (hi < 0 || lo < 0) {
                kr_diags_add(d, KR_RC_ENV, "KRK0901E", "%s:%d:%d: '%c%c' is not a hex byte", path, line, col,
                             t->text[k], t->text[k + 1]);
                return i;
            }
            t->text[k / 2] = (char)(hi * 16 + lo);
        }
        t->len /= 2;
        t->text[t->len] = 0;
    }
    return i;
}

bool cb_source_read(const char *text, size_t len, const char *path, cb_source *out, kr_diags *d)
{
    memset(out, 0, sizeof *out);
    size_t errors_before = d->n;
    bool open_literal = false;
    int line = 0;
    size_t pos = 0;
    kr_buf a; /* the line, tabs expanded */
    kr_buf_init(&a);
    while (pos < len) {
        size_t e = pos;
        while (e < len && text[e] != '\n')
            e++;
        line++;
        kr_buf_reset(&a);
        for (size_t i = pos; i < e; i++) {
            if (text[i] == '\t')
                do
                    kr_buf_addc(&a, ' ');
                while (a.len % 8);
            else if (text[i] != '\r')
                kr_buf_addc(&a, text[i]);
        }
        pos = e + 1;
        size_t end = a.len < TEXT_END ? a.len : TEXT_END;
        while (end > 7 && a.data[end - 1] == ' ')
            end--;
        if (end <= 7) {
            push(out, CB_BLANK, NULL, 0, line, 1);
            continue;
        }
        char ind = a.data[6];
        if (ind == '*' || ind == '/') {
            size_t s = 7;
            if (a.data[s] == '>')
                s++;
            if (end - s >= 7 && strncmp(a.data + s, "kiroku ", 7) == 0) {
                push(out, CB_TAG, a.data + s + 7, end - s - 7, line, 8);
                continue;
            }
            while (s < end && (a.data[s] == ' ' || a.data[s] == '*'))
                s++;
            push(out, CB_COMMENT, a.data + s, end - s, line, (int)s + 1);
            continue;
        }
        if (ind == 'D' || ind == 'd')
            continue;
        if (ind != ' ' && ind != '-') {
            kr_diags_add(d, KR_RC_ENV, "KRK0901E",
                         "%s:%d:7: '%c' in the indicator column; a copybook is read in fixed format "
                         "(column 7: space, '*', '/', '-' or 'D')",
                         path, line, ind);
            continue;
        }
        size_t i = 7;
        if (ind == '-') {
            /* A literal continued: the line starts with a quote, then its next characters. */
            while (i < end && a.data[i] == ' ')
                i++;
            if (!open_literal || i >= end || (a.data[i] != '\'' && a.data[i] != '"')) {
                kr_diags_add(d, KR_RC_ENV, "KRK0901E",
                             "%s:%d:%zu: a continuation line continues an open literal and starts with a quote",
                             path, line, i + 1);
                continue;
            }
            cb_tok *t = &out->toks[out->n - 1];
            cb_source tmp = {NULL, 0, 0};
            i = literal(&tmp, a.data, i, end, line, (int)i + 1, false, &open_literal, d, path);
            t->text = kr_xrealloc(t->text, t->len + tmp.toks[0].len + 1);
            memcpy(t->text + t->len, tmp.toks[0].text, tmp.toks[0].len + 1);
            t->len += tmp.toks[0].len;
            cb_source_free(&tmp);
        } else if (open_literal) {
            kr_diags_add(d, KR_RC_ENV, "KRK0901E", "%s:%d: the literal of line %d is not closed", path, line,
                         out->toks[out->n - 1].line);
            open_literal = false;
        }
        while (i < end) {
            char c = a.data[i];
            int col = (int)i + 1;
            if (c == ' ' || c == ',' || c == ';') {
                i++;
                continue;
            }
            if (c == '*' && i + 1 < end && a.data[i + 1] == '>')
                break;
            if (c == '\'' || c == '"') {
                i = literal(out, a.data, i, end, line, col, false, &open_literal, d, path);
                continue;
            }
            if ((toupper(c) == 'X' || toupper(c) == 'N') && i + 1 < end && (a.data[i + 1] == '\'' || a.data[i + 1] == '"')) {
                i = literal(out, a.data, i + 1, end, line, col, toupper(c) == 'X', &open_literal, d, path);
                continue;
            }
            if (c == '.' && (i + 1 >= end || a.data[i + 1] == ' ')) {
                push(out, CB_PERIOD, ".", 1, line, col);
                i++;
                continue;
            }
            bool picture = is_picture_word(out);
            size_t j = i;
            while (j < end && a.data[j] != ' ' && (picture || (a.data[j] != ',' && a.data[j] != ';')) &&
                   (picture || (a.data[j] != '\'' && a.data[j] != '"')))
                j++;
            size_t wend = j;
            bool period = wend > i + 1 && a.data[wend - 1] == '.';
            if (period)
                wend--;
            push(out, picture ? CB_PICTURE : CB_WORD, a.data + i, wend - i, line, col);
            cb_tok *t = &out->toks[out->n - 1];
            for (size_t k = 0; k < t->len; k++)
                t->text[k] = (char)toupper((unsigned char)t->text[k]);
            if (period)
                push(out, CB_PERIOD, ".", 1, line, (int)wend + 1);
            i = j;
        }
    }
    kr_buf_free(&a);
    if (open_literal)
        kr_diags_add(d, KR_RC_ENV, "KRK0901E", "%s:%d: a literal is not closed at the end of the copybook", path, line);
    return d->n == errors_before;
}

void cb_source_free(cb_source *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->toks[i].text);
    free(s->toks);
    memset(s, 0, sizeof *s);
}
