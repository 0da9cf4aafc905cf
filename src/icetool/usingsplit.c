/* usingsplit.c: USING's statements cut in two for the operators that work between SORT's
 * sort and its OUTFIL (SPLICE): the statements SORT runs before the operator (INCLUDE, OMIT,
 * INREC, OPTION...) and the OUTFIL statements it runs after it, each text keeping every line
 * in its place (the other part's lines left blank) so messages name USING's own lines. */
#include "icetool.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The operation word of a statement's first line: the first word, or the second when the
 * first stands in column 1 and is not an operation (a label). Only OUTFIL matters here. */
static bool starts_outfil(const char *line, size_t n)
{
    size_t k = 0;
    while (k < n && (line[k] == ' ' || line[k] == '\t'))
        k++;
    for (int word = 0; word < 2 && k < n; word++) {
        size_t w = k;
        while (w < n && line[w] != ' ' && line[w] != '\t')
            w++;
        if (w - k == 6 && strncasecmp(line + k, "OUTFIL", 6) == 0)
            return true;
        if (k != 0)
            return false; /* not in column 1: this was the operation */
        k = w;
        while (k < n && (line[k] == ' ' || line[k] == '\t'))
            k++;
    }
    return false;
}

typedef struct text_line {
    const char *s;
    size_t n;
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
        if (m && text[i + m - 1] == '\r')
            m--;
        KR_GROW(v, cap, n + 1);
        v[n++] = (text_line){text + i, m, 0};
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
            if (!part)
                part = starts_outfil(l, m) ? 2 : 1;
            while (cursor < n_lines && !(lines[cursor].n == m && memcmp(lines[cursor].s, l, m) == 0))
                cursor++;
            if (cursor < n_lines)
                lines[cursor++].part = part;
            l = nl ? nl + 1 : NULL;
        }
        if (part == 2)
            out->n_outfil_statements++;
    }
    for (size_t i = 0; i < n_lines; i++) {
        kr_buf_add(&out->before, lines[i].s, lines[i].part == 1 ? lines[i].n : 0);
        kr_buf_addc(&out->before, '\n');
        kr_buf_add(&out->after, lines[i].s, lines[i].part == 2 ? lines[i].n : 0);
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
