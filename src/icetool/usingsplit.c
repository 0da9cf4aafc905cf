/* usingsplit.c: USING's statements cut in two for the operators that work between SORT's
 * sort and its OUTFIL (SPLICE): the statements SORT runs before the operator (INCLUDE, OMIT,
 * INREC, OPTION...) and the OUTFIL statements it runs after it, each text keeping every line
 * in its place (the other part's lines left blank) so messages name USING's own lines. */
#include "icetool.h"

#include <stdlib.h>
#include <string.h>

/* Does an OUTFIL statement start on line lineno? The parser keeps each OUTFIL's place. */
static bool outfil_at(const kr_ctl *c, int lineno)
{
    for (size_t i = 0; i < c->n_outfils; i++)
        if (c->outfils[i].pos.line == lineno)
            return true;
    return false;
}

typedef struct text_line {
    const char *s;
    size_t n;        /* without a '\r' before the '\n', as the parser's echo has it */
    size_t raw;      /* as written */
    int part; /* 0 none (comments, blanks), 1 before, 2 after */
} text_line;

static text_line *split_lines(const char *text, size_t len, size_t *count)
{
    text_line *v = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && text[j] != '\n')
            j++;
        size_t m = j - i;
        KR_GROW(v, cap, n + 1);
        v[n++] = (text_line){text + i, m && text[i + m - 1] == '\r' ? m - 1 : m, m, 0};
        i = j + 1;
    }
    *count = n;
    return v;
}

bool it_using_split(it_run *r, it_stmt *st, const char *using_dd, it_using_parts *out, int *rc)
{
    memset(out, 0, sizeof *out);
    kr_buf_init(&out->before);
    kr_buf_init(&out->after);
    out->ctl = it_using(r, st, using_dd, rc);
    if (!out->ctl)
        return false;
    kr_buf text;
    const char *name;
    if (!it_using_text(r, st, using_dd, &text, &name, rc)) {
        it_using_parts_free(out);
        return false;
    }
    out->label = kr_xstrdup(name ? name : using_dd);
    size_t n_lines;
    text_line *lines = split_lines(text.data ? text.data : "", text.len, &n_lines);
    /* Each statement's lines as the parser echoed them, found in order in the text. */
    size_t cursor = 0;
    for (size_t i = 0; i < out->ctl->n_echo; i++) {
        const char *e = out->ctl->echo[i];
        int part = 0;
        for (const char *l = e; l && *l;) {
            const char *nl = strchr(l, '\n');
            size_t m = nl ? (size_t)(nl - l) : strlen(l);
            while (cursor < n_lines && !(lines[cursor].n == m && memcmp(lines[cursor].s, l, m) == 0))
                cursor++;
            if (!part)
                part = outfil_at(out->ctl, (int)cursor + 1) ? 2 : 1;
            if (cursor < n_lines)
                lines[cursor++].part = part;
            l = nl ? nl + 1 : NULL;
        }
        if (part == 2)
            out->n_outfil_statements++;
    }
    for (size_t i = 0; i < n_lines; i++) {
        kr_buf_add(&out->before, lines[i].s, lines[i].part == 1 ? lines[i].raw : 0);
        kr_buf_addc(&out->before, '\n');
        kr_buf_add(&out->after, lines[i].s, lines[i].part == 2 ? lines[i].raw : 0);
        kr_buf_addc(&out->after, '\n');
    }
    free(lines);
    kr_buf_free(&text);
    return true;
}

void it_using_parts_free(it_using_parts *p)
{
    kr_buf_free(&p->before);
    kr_buf_free(&p->after);
    kr_ctl_free(p->ctl);
    free(p->label);
    memset(p, 0, sizeof *p);
}
