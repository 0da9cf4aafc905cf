/* rule_parse.c: the schedule rule language (docs/CALENDAR.md), one rule or several joined by
 * ';'. Keywords in any case; every mistake names where:1:column.
 *     rule   := base [('+'|'-') N]            N business days after / before the base date
 *     base   := DAILY | BD | BD(n|-n|LAST) | DAY(d|LAST[,shift]) | WEEKDAY(MON..SUN,...[,shift])
 *             | YEARLY(MM-DD[,shift])
 *     shift  := PREV | NEXT | SKIP                (when the day is closed; SKIP by default) */
#include "internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_NTH 23    /* no month has more business days */
#define MAX_OFFSET 99 /* business days */

typedef struct scanner {
    const char *text, *p;
    const char *where;
    int col0;
    kr_err *err;
} scanner;

static const char *const weekday_names[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

static bool fail(scanner *s, const char *at, const char *id, const char *fmt, const char *arg)
{
    char what[256];
    snprintf(what, sizeof what, fmt, arg);
    return kr_fail(s->err, KR_RC_ENV, id, "%s:%d: %s", s->where, s->col0 + (int)(at - s->text), what);
}

static void blanks(scanner *s)
{
    while (*s->p == ' ' || *s->p == '\t')
        s->p++;
}

/* The next word (letters, digits, '-') as a pointer and length, not consumed. */
static size_t word(scanner *s)
{
    blanks(s);
    size_t n = 0;
    while (isalnum((unsigned char)s->p[n]) || (n > 0 && s->p[n] == '-' && isdigit((unsigned char)s->p[n + 1])) ||
           (n == 0 && s->p[n] == '-'))
        n++;
    return n;
}

static bool is_word(const char *p, size_t n, const char *kw)
{
    return strlen(kw) == n && strncasecmp(p, kw, n) == 0;
}

static bool expect(scanner *s, char c)
{
    blanks(s);
    if (*s->p != c) {
        char want[2] = {c, 0};
        return fail(s, s->p, "KRK1422E", "'%s' expected here", want);
    }
    s->p++;
    return true;
}

/* A whole number in [lo, hi] (a leading '-' allowed when lo < 0). */
static bool number(scanner *s, int lo, int hi, int *out, const char *what)
{
    blanks(s);
    const char *at = s->p;
    char *end;
    long v = strtol(s->p, &end, 10);
    if (end == s->p || (!isdigit((unsigned char)*s->p) && *s->p != '-') || v < lo || v > hi)
        return fail(s, at, "KRK1421E", "%s", what);
    s->p = end;
    *out = (int)v;
    return true;
}

static bool shift_word(const char *p, size_t n, sched_shift *out)
{
    if (is_word(p, n, "PREV"))
        *out = SHIFT_PREV;
    else if (is_word(p, n, "NEXT"))
        *out = SHIFT_NEXT;
    else if (is_word(p, n, "SKIP"))
        *out = SHIFT_SKIP;
    else
        return false;
    return true;
}

/* [, shift] ) */
static bool shift_and_close(scanner *s, sched_rule *r)
{
    blanks(s);
    if (*s->p == ',') {
        s->p++;
        size_t n = word(s);
        if (!shift_word(s->p, n, &r->shift))
            return fail(s, s->p, "KRK1421E", "%s", "a shift is PREV, NEXT or SKIP");
        s->p += n;
    }
    return expect(s, ')');
}

static bool parse_bd(scanner *s, sched_rule *r)
{
    blanks(s);
    if (*s->p != '(') {
        r->base = SCHED_BD;
        return true;
    }
    s->p++;
    r->base = SCHED_BD_NTH;
    size_t n = word(s);
    if (is_word(s->p, n, "LAST")) {
        r->n = -1;
        s->p += n;
    } else {
        const char *at = s->p;
        if (!number(s, -MAX_NTH, MAX_NTH, &r->n, "BD(n): n is 1 to 23, -1 to -23 (from the month's end) or LAST"))
            return false;
        if (r->n == 0)
            return fail(s, at, "KRK1421E", "%s", "BD(n): n is 1 to 23, -1 to -23 (from the month's end) or LAST");
    }
    return expect(s, ')');
}

static bool parse_day(scanner *s, sched_rule *r)
{
    r->base = SCHED_DAY;
    if (!expect(s, '('))
        return false;
    size_t n = word(s);
    if (is_word(s->p, n, "LAST")) {
        r->n = 0;
        s->p += n;
    } else if (!number(s, 1, 31, &r->n, "DAY(d): d is a day of the month, 1 to 31, or LAST")) {
        return false;
    }
    return shift_and_close(s, r);
}

static bool parse_weekday(scanner *s, sched_rule *r)
{
    r->base = SCHED_WEEKDAY;
    if (!expect(s, '('))
        return false;
    for (;;) {
        size_t n = word(s);
        int wd = -1;
        for (int i = 0; i < 7; i++)
            if (is_word(s->p, n, weekday_names[i]))
                wd = i;
        if (wd < 0) {
            if (r->mask && shift_word(s->p, n, &r->shift)) {
                s->p += n;
                return expect(s, ')');
            }
            return fail(s, s->p, "KRK1421E", "%s", "a weekday is MON, TUE, WED, THU, FRI, SAT or SUN");
        }
        r->mask |= 1u << wd;
        s->p += n;
        blanks(s);
        if (*s->p != ',')
            return expect(s, ')');
        s->p++;
    }
}

static bool parse_yearly(scanner *s, sched_rule *r)
{
    r->base = SCHED_YEARLY;
    if (!expect(s, '('))
        return false;
    blanks(s);
    const char *at = s->p;
    int m = 0, d = 0;
    if (strlen(at) < 5 || !isdigit((unsigned char)at[0]) || !isdigit((unsigned char)at[1]) || at[2] != '-' ||
        !isdigit((unsigned char)at[3]) || !isdigit((unsigned char)at[4]) || isdigit((unsigned char)at[5]))
        return fail(s, at, "KRK1421E", "%s", "YEARLY(MM-DD): a month and day, e.g. 04-01");
    m = (at[0] - '0') * 10 + (at[1] - '0');
    d = (at[3] - '0') * 10 + (at[4] - '0');
    if (m < 1 || m > 12 || d < 1 || d > (m == 2 ? 29 : (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31))
        return fail(s, at, "KRK1421E", "%s", "YEARLY(MM-DD): not a day of the year");
    r->n = m * 100 + d;
    s->p += 5;
    return shift_and_close(s, r);
}

static bool parse_rule(scanner *s, sched_rule *r)
{
    *r = (sched_rule){.shift = SHIFT_SKIP};
    size_t n = word(s);
    const char *at = s->p;
    if (n == 0)
        return fail(s, at, "KRK1424E", "%s", "a rule expected here: DAILY, BD, BD(n), DAY(d), WEEKDAY(...) or YEARLY(MM-DD)");
    s->p += n;
    bool ok;
    if (is_word(at, n, "DAILY")) {
        r->base = SCHED_DAILY;
        r->shift = SHIFT_RUN;
        ok = true;
    } else if (is_word(at, n, "BD")) {
        ok = parse_bd(s, r);
    } else if (is_word(at, n, "DAY")) {
        ok = parse_day(s, r);
    } else if (is_word(at, n, "WEEKDAY")) {
        ok = parse_weekday(s, r);
    } else if (is_word(at, n, "YEARLY")) {
        ok = parse_yearly(s, r);
    } else {
        char *w = kr_xstrndup(at, n);
        fail(s, at, "KRK1420E", "unknown rule '%s': DAILY, BD, BD(n), DAY(d), WEEKDAY(...) or YEARLY(MM-DD)", w);
        free(w);
        return false;
    }
    if (!ok)
        return false;
    blanks(s);
    if (*s->p == '+' || *s->p == '-') {
        const char *sign = s->p++;
        if (r->base == SCHED_DAILY)
            return fail(s, sign, "KRK1423E", "%s", "DAILY runs every day: an offset needs a business-day rule");
        if (!isdigit((unsigned char)*s->p) || !number(s, 1, MAX_OFFSET, &r->offset, "an offset is 1 to 99 business days"))
            return fail(s, s->p, "KRK1423E", "%s", "an offset is 1 to 99 business days, e.g. +3");
        if (*sign == '-')
            r->offset = -r->offset;
    }
    return true;
}

kr_schedule *kr_schedule_parse(const char *text, const char *where, int col0, kr_err *err)
{
    scanner s = {text, text, where, col0, err};
    kr_schedule *sch = kr_xcalloc(1, sizeof *sch);
    size_t cap = 0;
    for (;;) {
        KR_GROW(sch->rules, cap, sch->n + 1);
        if (!parse_rule(&s, &sch->rules[sch->n])) {
            kr_schedule_free(sch);
            return NULL;
        }
        sch->n++;
        blanks(&s);
        if (*s.p == ';') {
            s.p++;
            continue;
        }
        if (*s.p) {
            fail(&s, s.p, "KRK1422E", "%s", "';' or the end of the rule expected here");
            kr_schedule_free(sch);
            return NULL;
        }
        return sch;
    }
}

void kr_schedule_free(kr_schedule *s)
{
    if (!s)
        return;
    free(s->rules);
    free(s);
}

static const char *shift_text(sched_shift sh)
{
    return sh == SHIFT_PREV ? ",PREV" : sh == SHIFT_NEXT ? ",NEXT" : "";
}

void kr_schedule_text(const kr_schedule *s, kr_buf *out)
{
    for (size_t i = 0; i < s->n; i++) {
        const sched_rule *r = &s->rules[i];
        if (i)
            kr_buf_addc(out, ';');
        switch (r->base) {
        case SCHED_DAILY:
            kr_buf_adds(out, "DAILY");
            break;
        case SCHED_BD:
            kr_buf_adds(out, "BD");
            break;
        case SCHED_BD_NTH:
            if (r->n == -1)
                kr_buf_adds(out, "BD(LAST)");
            else
                kr_buf_addf(out, "BD(%d)", r->n);
            break;
        case SCHED_DAY:
            if (r->n == 0)
                kr_buf_addf(out, "DAY(LAST%s)", shift_text(r->shift));
            else
                kr_buf_addf(out, "DAY(%d%s)", r->n, shift_text(r->shift));
            break;
        case SCHED_WEEKDAY:
            kr_buf_adds(out, "WEEKDAY(");
            for (int d = 1, first = 1; d <= 7; d++)
                if (r->mask & (1u << (d % 7))) {
                    kr_buf_addf(out, "%s%s", first ? "" : ",", weekday_names[d % 7]);
                    first = 0;
                }
            kr_buf_addf(out, "%s)", shift_text(r->shift));
            break;
        case SCHED_YEARLY:
            kr_buf_addf(out, "YEARLY(%02d-%02d%s)", r->n / 100, r->n % 100, shift_text(r->shift));
            break;
        }
        if (r->offset)
            kr_buf_addf(out, "%+d", r->offset);
    }
}
