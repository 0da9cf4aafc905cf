/* lex.c: splits a line of layout text into words, strings, hex strings and punctuation. */
#include "lex.h"

#include <stdlib.h>
#include <string.h>

static bool is_word_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-';
}

static void push(tok_line *out, tok_kind kind, char *text, size_t len, int col)
{
    KR_GROW(out->toks, out->cap, out->n + 1);
    out->toks[out->n++] = (tok){kind, text, len, col};
}

/* Columns count characters, not bytes: continuation bytes of UTF-8 add nothing. The
 * cursor moves forward only, so a line's columns cost one pass over it, however long. */
typedef struct column_cursor {
    size_t at; /* byte offset the column below belongs to */
    int col;
} column_cursor;

static int column_of(column_cursor *cc, const char *s, size_t i)
{
    for (; cc->at < i; cc->at++)
        if (((unsigned char)s[cc->at] & 0xC0) != 0x80)
            cc->col++;
    return cc->col;
}

bool lex_line(const char *s, size_t len, int line, tok_line *out, int *errcol, char *errmsg,
              size_t errmsg_size)
{
    memset(out, 0, sizeof *out);
    out->line = line;
    column_cursor cc = {0, 1};
    const char *nul = memchr(s, '\0', len);
    if (nul) {
        /* C strings end at a NUL: a name or label would be cut there without a word. */
        *errcol = column_of(&cc, s, (size_t)(nul - s));
        snprintf(errmsg, errmsg_size, "a NUL byte (0x00); a layout is text (write bytes as x\"00\")");
        return false;
    }
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\r') {
            i++;
            continue;
        }
        int col = column_of(&cc, s, i);
        if (c == '#') {
            size_t a = i + 1, b = len;
            while (a < b && (s[a] == ' ' || s[a] == '\t'))
                a++;
            while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r'))
                b--;
            if (b > a)
                out->comment = kr_xstrndup(s + a, b - a);
            break;
        }
        if ((c == 'x' || c == 'X') && i + 1 < len && s[i + 1] == '"') {
            size_t j = i + 2;
            kr_buf b;
            kr_buf_init(&b);
            while (j < len && s[j] != '"') {
                if (s[j] == ' ') {
                    j++;
                    continue;
                }
                int hi = kr_hex_digit((unsigned char)s[j]);
                int lo = j + 1 < len ? kr_hex_digit((unsigned char)s[j + 1]) : -1;
                if (hi < 0 || lo < 0) {
                    kr_buf_free(&b);
                    *errcol = column_of(&cc, s, j);
                    snprintf(errmsg, errmsg_size,
                             "a hex string holds pairs of hex digits, as x\"0d0a\"");
                    return false;
                }
                kr_buf_addc(&b, (char)(hi * 16 + lo));
                j += 2;
            }
            if (j >= len) {
                kr_buf_free(&b);
                *errcol = col;
                snprintf(errmsg, errmsg_size, "the hex string has no closing '\"'");
                return false;
            }
            size_t n = b.len;
            push(out, TOK_HEX, b.data ? kr_buf_take(&b) : kr_xstrdup(""), n, col);
            i = j + 1;
            continue;
        }
        if (c == '"') {
            size_t j = i + 1;
            kr_buf b;
            kr_buf_init(&b);
            while (j < len && s[j] != '"') {
                if (s[j] == '\\' && j + 1 < len && (s[j + 1] == '"' || s[j + 1] == '\\')) {
                    kr_buf_addc(&b, s[j + 1]);
                    j += 2;
                    continue;
                }
                kr_buf_addc(&b, s[j]);
                j++;
            }
            if (j >= len) {
                kr_buf_free(&b);
                *errcol = col;
                snprintf(errmsg, errmsg_size, "the string has no closing '\"'");
                return false;
            }
            size_t n = b.len;
            push(out, TOK_STRING, b.data ? kr_buf_take(&b) : kr_xstrdup(""), n, col);
            i = j + 1;
            continue;
        }
        /* A word may start with '-' when a digit follows: a negative number. */
        if (is_word_char(c) && (c != '-' || (i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '9'))) {
            size_t j = i;
            while (j < len && is_word_char((unsigned char)s[j]))
                j++;
            push(out, TOK_WORD, kr_xstrndup(s + i, j - i), j - i, col);
            i = j;
            continue;
        }
        if (strchr("(),=.*", c)) {
            push(out, TOK_PUNCT, kr_xstrndup(s + i, 1), 1, col);
            i++;
            continue;
        }
        *errcol = col;
        if (c >= 0x80)
            snprintf(errmsg, errmsg_size,
                     "text outside quotes must be ASCII; put a Japanese label in \"...\"");
        else
            snprintf(errmsg, errmsg_size, "unexpected character '%c'", c);
        for (size_t k = 0; k < out->n; k++)
            free(out->toks[k].text);
        free(out->toks);
        free(out->comment);
        memset(out, 0, sizeof *out);
        return false;
    }
    push(out, TOK_END, kr_xstrdup(""), 0, column_of(&cc, s, len));
    return true;
}

void tok_line_free(tok_line *tl)
{
    for (size_t k = 0; k < tl->n; k++)
        free(tl->toks[k].text);
    free(tl->toks);
    free(tl->comment);
    memset(tl, 0, sizeof *tl);
}
