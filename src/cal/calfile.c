/* calfile.c: reads a city's calendar file (docs/CALENDAR.md), one day or range a line:
 *     [closed|open] YYYY-MM-DD[..YYYY-MM-DD] [reason]
 * '#' starts a comment line. Every mistake names file:line:column. */
#include "calfile.h"
#include "kiroku/codec.h"

#include <stdlib.h>
#include <string.h>

/* A range may close at most this many days (a year and a day). */
#define MAX_RANGE_DAYS 366

typedef struct line_ctx {
    const char *file;
    int line;
    const char *start; /* the line's first byte, for columns */
} line_ctx;

static bool fail_at(kr_err *err, const line_ctx *c, const char *at, const char *id, const char *what)
{
    return kr_fail(err, KR_RC_ENV, id, "%s:%d:%d: %s", c->file, c->line, (int)(at - c->start) + 1, what);
}

static int cmp_day(const void *a, const void *b)
{
    const kr_calday *x = a, *y = b;
    return (x->ymd > y->ymd) - (x->ymd < y->ymd);
}

const kr_calday *kr_calfile_find(const kr_calfile *cf, int ymd)
{
    if (!cf->n)
        return NULL;
    kr_calday key = {ymd, false, NULL};
    return bsearch(&key, cf->days, cf->n, sizeof key, cmp_day);
}

void kr_calfile_free(kr_calfile *cf)
{
    for (size_t i = 0; i < cf->n; i++)
        free(cf->days[i].reason);
    free(cf->days);
    memset(cf, 0, sizeof *cf);
}

static const char *skip_blanks(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

static const char *word_end(const char *p, const char *end)
{
    while (p < end && *p != ' ' && *p != '\t')
        p++;
    return p;
}

/* Reads YYYY-MM-DD at p (exactly 10 bytes before end or a '.'). */
static bool date_at(const char *p, const char *end, int *ymd)
{
    if (end - p < 10)
        return false;
    char buf[11];
    memcpy(buf, p, 10);
    buf[10] = 0;
    return kr_cal_parse_date(buf, ymd);
}

/* Parses one non-empty, non-comment line into new entries of add. */
static bool parse_line(kr_calfile *add, const line_ctx *c, const char *p, const char *end, kr_err *err)
{
    bool open = false;
    const char *w = word_end(p, end);
    if ((w - p == 4 && memcmp(p, "open", 4) == 0) || (w - p == 6 && memcmp(p, "closed", 6) == 0)) {
        open = w - p == 4;
        p = skip_blanks(w, end);
        w = word_end(p, end);
    } else if (p < end && (*p < '0' || *p > '9')) {
        return fail_at(err, c, p, "KRK1411E", "a line is: [closed|open] YYYY-MM-DD[..YYYY-MM-DD] [reason]");
    }
    int from, to;
    if (!date_at(p, w, &from))
        return fail_at(err, c, p, "KRK1410E", "not a date: write YYYY-MM-DD (a real day)");
    to = from;
    if (w - p > 10) {
        if (w - p != 22 || memcmp(p + 10, "..", 2) != 0)
            return fail_at(err, c, p + 10, "KRK1410E", "a range is written YYYY-MM-DD..YYYY-MM-DD");
        if (!date_at(p + 12, w, &to))
            return fail_at(err, c, p + 12, "KRK1410E", "not a date: write YYYY-MM-DD (a real day)");
        long span = kr_days_from_ymd(to) - kr_days_from_ymd(from);
        if (span < 0)
            return fail_at(err, c, p + 12, "KRK1412E", "the range ends before it starts");
        if (span >= MAX_RANGE_DAYS)
            return fail_at(err, c, p + 12, "KRK1412E", "a range covers at most 366 days");
    }
    const char *r = skip_blanks(w, end);
    const char *rend = end;
    while (rend > r && (rend[-1] == ' ' || rend[-1] == '\t' || rend[-1] == '\r'))
        rend--;
    for (int d = from;; d = kr_cal_add_days(d, 1)) {
        if (kr_calfile_find(add, d) || kr_calfile_find(add + 1, d)) {
            char s[11];
            kr_cal_format_date(d, s);
            char *msg = kr_xasprintf("%s is given twice", s);
            fail_at(err, c, p, "KRK1413E", msg);
            free(msg);
            return false;
        }
        KR_GROW(add->days, add->cap, add->n + 1);
        add->days[add->n++] = (kr_calday){d, open, rend > r ? kr_xstrndup(r, (size_t)(rend - r)) : NULL};
        qsort(add->days, add->n, sizeof *add->days, cmp_day);
        if (d == to)
            break;
    }
    return true;
}

bool kr_calfile_parse(kr_calfile *cf, const char *text, size_t len, const char *file, kr_err *err)
{
    /* add[0] collects this file's days; add[1] is what the calendar had (read only). */
    kr_calfile add[2] = {{0}, *cf};
    const char *p = text, *end = text + len;
    line_ctx c = {file, 0, NULL};
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        c.line++;
        c.start = p;
        const char *q = skip_blanks(p, eol);
        const char *last = eol;
        if (last > q && last[-1] == '\r')
            last--;
        if (q < last && *q != '#' && !parse_line(&add[0], &c, q, last, err)) {
            kr_calfile_free(&add[0]);
            return false;
        }
        p = eol < end ? eol + 1 : end;
    }
    for (size_t i = 0; i < add[0].n; i++) {
        KR_GROW(cf->days, cf->cap, cf->n + 1);
        cf->days[cf->n++] = add[0].days[i];
    }
    free(add[0].days);
    qsort(cf->days, cf->n, sizeof *cf->days, cmp_day);
    return true;
}
