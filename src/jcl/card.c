/* card.c: JCL cards to statements. A card is one line of the file; columns 1-71 are read
 * (72-80 hold a continuation mark and sequence numbers on z/OS: text there is warned about and
 * not read, except in in-stream data). two slashes and an asterisk start a
 * comment, two slashes alone are the null statement, slash-asterisk is a delimiter. A statement continues on the next `//` card when its operand field ends
 * with a comma (operands resume in columns 4-16), when a quoted string runs to column 71
 * (it resumes in column 16), and an IF until its THEN. Every byte of the operand text keeps
 * its line and column for messages. */
#include "jcl_private.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define LAST_COL 71

void jcl_text_add(jcl_text *t, char c, jcl_pos p)
{
    if (t->len + 2 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        t->text = kr_xrealloc(t->text, cap);
        t->pos = kr_xrealloc(t->pos, cap * sizeof *t->pos);
        t->cap = cap;
    }
    t->pos[t->len] = p;
    t->text[t->len++] = c;
    t->text[t->len] = '\0';
}

void jcl_text_free(jcl_text *t)
{
    free(t->text);
    free(t->pos);
    memset(t, 0, sizeof *t);
}

jcl_pos jcl_text_pos(const jcl_text *t, size_t i)
{
    if (i < t->len)
        return t->pos[i];
    if (t->len == 0)
        return (jcl_pos){0, 0};
    jcl_pos p = t->pos[t->len - 1];
    p.col++;
    return p;
}

void jcl_report(kr_diags *d, int *errors, int rc, const char *id, const char *path, jcl_pos p,
                const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    kr_diags_add(d, rc, id, "%s:%d:%d: %s", path, p.line, p.col, msg);
    if (rc > KR_RC_WARN && errors)
        (*errors)++;
}

/* ---- sources ----------------------------------------------------------------------------- */

static void split_lines(jcl_src *s)
{
    const char *p = s->text.data, *end = p + s->text.len;
    size_t cap = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        size_t len = (size_t)(stop - p);
        if (len && p[len - 1] == '\r')
            len--;
        KR_GROW(s->lines, cap, s->n_lines + 1);
        s->lines[s->n_lines++] = (jcl_line){p, len};
        p = nl ? nl + 1 : end;
    }
}

bool jcl_src_load(jcl_src *s, const char *path, kr_diags *d)
{
    memset(s, 0, sizeof *s);
    kr_buf_init(&s->text);
    kr_err err;
    if (!kr_read_file(path, &s->text, &err)) {
        kr_diags_add_err(d, &err);
        kr_buf_free(&s->text);
        return false;
    }
    s->path = kr_xstrdup(path);
    split_lines(s);
    return true;
}

void jcl_src_init_text(jcl_src *s, const char *text, size_t len, const char *path)
{
    memset(s, 0, sizeof *s);
    kr_buf_init(&s->text);
    kr_buf_add(&s->text, text, len);
    s->path = kr_xstrdup(path);
    split_lines(s);
}

void jcl_src_free(jcl_src *s)
{
    kr_buf_free(&s->text);
    free(s->lines);
    free(s->path);
    memset(s, 0, sizeof *s);
}

/* ---- cards ------------------------------------------------------------------------------- */

/* The readable part of a card (columns 1-71); warns once per card about text beyond it. */
static size_t card_len(jcl_reader *r, size_t i)
{
    const jcl_line *l = &r->src->lines[i];
    if (l->len <= LAST_COL)
        return l->len;
    for (size_t k = LAST_COL; k < l->len; k++)
        if (l->s[k] != ' ') {
            jcl_report(r->diags, r->errors, KR_RC_WARN, "KRK1103W", r->src->path,
                       (jcl_pos){(int)i + 1, (int)k + 1},
                       "text past column 71 is not read (columns 72-80 are the continuation "
                       "mark and sequence numbers)");
            break;
        }
    return LAST_COL;
}

static bool is_comment(const jcl_line *l)
{
    return l->len >= 3 && memcmp(l->s, "//*", 3) == 0;
}

static bool is_slashes(const jcl_line *l)
{
    return l->len >= 2 && l->s[0] == '/' && l->s[1] == '/' && !is_comment(l);
}

static char *upper_dup(const char *s, size_t n)
{
    char *r = kr_xstrndup(s, n);
    for (char *p = r; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return r;
}

/* Appends the operand field of card i from column `from` (0-based) to st; returns the
 * state after it: 0 done, 1 continued after a comma, 2 continued inside a quoted string. */
static int scan_operands(jcl_reader *r, size_t i, size_t n, size_t from, bool in_quote,
                         bool whole, jcl_stmt *st)
{
    const jcl_line *l = &r->src->lines[i];
    size_t k = from;
    if (whole) { /* IF: the rest of the card, blanks and all */
        size_t e = n;
        while (e > k && l->s[e - 1] == ' ')
            e--;
        if (st->operands.len && k < e)
            jcl_text_add(&st->operands, ' ', (jcl_pos){(int)i + 1, (int)k});
        for (; k < e; k++)
            jcl_text_add(&st->operands, l->s[k], (jcl_pos){(int)i + 1, (int)k + 1});
        return 0;
    }
    for (; k < n; k++) {
        char c = l->s[k];
        if (!in_quote && c == ' ')
            break;
        if (c == '\'')
            in_quote = !in_quote;
        jcl_text_add(&st->operands, c, (jcl_pos){(int)i + 1, (int)k + 1});
    }
    if (in_quote)
        return k >= LAST_COL ? 2 : 3; /* 3: a quote not closed on a short card */
    if (st->operands.len && st->operands.text[st->operands.len - 1] == ',')
        return 1;
    return 0;
}

static bool if_complete(const jcl_text *t)
{
    size_t n = t->len;
    if (n < 4 || strncasecmp(t->text + n - 4, "THEN", 4) != 0)
        return false;
    return n == 4 || t->text[n - 5] == ' ' || t->text[n - 5] == ')';
}

/* Reads the continuation cards of st (state from scan_operands). */
static void continue_stmt(jcl_reader *r, jcl_stmt *st, int state, bool whole)
{
    while (state == 1 || state == 2 || (whole && !if_complete(&st->operands))) {
        while (r->next < r->end && is_comment(&r->src->lines[r->next]))
            r->next++;
        size_t i = r->next;
        const jcl_line *l = i < r->end ? &r->src->lines[i] : NULL;
        size_t n = l ? card_len(r, i) : 0;
        if (!l || !is_slashes(l) || (n > 2 && l->s[2] != ' ')) {
            jcl_pos p = jcl_text_pos(&st->operands, st->operands.len);
            if (whole)
                jcl_report(r->diags, r->errors, KR_RC_ENV, "KRK1109E", r->src->path,
                           (jcl_pos){st->line, st->op_col},
                           "IF without THEN: the relational expression must end with THEN");
            else
                jcl_report(r->diags, r->errors, KR_RC_ENV, "KRK1102E", r->src->path, p,
                           state == 2 ? "the quoted string runs to column 71 but the next card "
                                        "does not continue it (// and the text from column 16)"
                                      : "the operand field ends with a comma but the next card "
                                        "does not continue it (// and operands in columns 4-16)");
            return;
        }
        r->next++;
        size_t k = 2;
        while (k < n && l->s[k] == ' ')
            k++;
        if (k >= n) {
            jcl_report(r->diags, r->errors, KR_RC_ENV, "KRK1102E", r->src->path,
                       (jcl_pos){(int)i + 1, 3}, "a continuation card without operands");
            return;
        }
        if (state == 2 && k != 15) {
            jcl_report(r->diags, r->errors, KR_RC_ENV, "KRK1102E", r->src->path,
                       (jcl_pos){(int)i + 1, (int)k + 1},
                       "a continued quoted string resumes in column 16");
        } else if (state != 2 && k > 15) {
            jcl_report(r->diags, r->errors, KR_RC_ENV, "KRK1102E", r->src->path,
                       (jcl_pos){(int)i + 1, (int)k + 1},
                       "continued operands must start in columns 4-16");
        }
        state = scan_operands(r, i, n, k, state == 2, whole, st);
        if (state == 3) {
            jcl_report(r->diags, r->errors, KR_RC_ENV, "KRK1104E", r->src->path,
                       jcl_text_pos(&st->operands, st->operands.len),
                       "a quoted string is not closed");
            return;
        }
    }
}

bool jcl_next_stmt(jcl_reader *r, jcl_stmt *st)
{
    memset(st, 0, sizeof *st);
    while (r->next < r->end) {
        size_t i = r->next++;
        const jcl_line *l = &r->src->lines[i];
        if (is_comment(l))
            continue;
        if (l->len >= 2 && l->s[0] == '/' && l->s[1] == '*')
            continue; /* a delimiter with no data before it */
        size_t n = card_len(r, i);
        if (!is_slashes(l)) {
            size_t k = 0;
            while (k < l->len && l->s[k] == ' ')
                k++;
            if (k == l->len)
                continue; /* a blank line */
            jcl_report(r->diags, r->errors, KR_RC_ENV, "KRK1101E", r->src->path,
                       (jcl_pos){(int)i + 1, 1},
                       "not a JCL statement: a statement starts with // in columns 1-2 (or "
                       "is data after DD * or DD DATA)");
            continue;
        }
        st->line = (int)i + 1;
        size_t k = 2;
        if (k < n && l->s[k] != ' ') {
            size_t b = k;
            while (k < n && l->s[k] != ' ')
                k++;
            st->name = upper_dup(l->s + b, k - b);
            st->name_col = (int)b + 1;
        }
        while (k < n && l->s[k] == ' ')
            k++;
        if (k >= n) {
            if (st->name) {
                jcl_report(r->diags, r->errors, KR_RC_ENV, "KRK1101E", r->src->path,
                           (jcl_pos){st->line, (int)k + 1}, "the statement has no operation "
                           "(JOB, EXEC, DD, SET, IF, ELSE, ENDIF, PROC or PEND)");
                free(st->name);
                st->name = NULL;
                continue;
            }
            return true; /* the null statement */
        }
        size_t b = k;
        while (k < n && l->s[k] != ' ')
            k++;
        st->op = upper_dup(l->s + b, k - b);
        st->op_col = (int)b + 1;
        while (k < n && l->s[k] == ' ')
            k++;
        bool whole = strcmp(st->op, "IF") == 0;
        if (strcmp(st->op, "ELSE") == 0 || strcmp(st->op, "ENDIF") == 0 ||
            strcmp(st->op, "PEND") == 0)
            return true; /* no operands: the rest is a comment */
        int state = k < n ? scan_operands(r, i, n, k, false, whole, st) : 0;
        if (state == 3) {
            jcl_report(r->diags, r->errors, KR_RC_ENV, "KRK1104E", r->src->path,
                       jcl_text_pos(&st->operands, st->operands.len),
                       "a quoted string is not closed");
            return true;
        }
        continue_stmt(r, st, state, whole);
        return true;
    }
    return false;
}

void jcl_stmt_free(jcl_stmt *st)
{
    free(st->name);
    free(st->op);
    jcl_text_free(&st->operands);
    memset(st, 0, sizeof *st);
}

void jcl_read_data(jcl_reader *r, const char *dlm, bool stop_at_statement, kr_buf *out)
{
    const char *end = dlm ? dlm : "/*";
    size_t dl = strlen(end);
    while (r->next < r->end) {
        const jcl_line *l = &r->src->lines[r->next];
        if (l->len >= dl && memcmp(l->s, end, dl) == 0) {
            r->next++;
            return;
        }
        if (stop_at_statement && l->len >= 2 && l->s[0] == '/' && l->s[1] == '/')
            return;
        kr_buf_add(out, l->s, l->len);
        kr_buf_addc(out, '\n');
        r->next++;
    }
}
