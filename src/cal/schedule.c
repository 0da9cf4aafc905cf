/* schedule.c: the run dates of a schedule: each rule's base dates (every business day, the
 * nth business day of a month, a fixed day, weekdays, a day of the year), shifted to the
 * previous or next business day when closed (or skipped), then moved N business days. */
#include "internal.h"
#include "kiroku/codec.h"

#include <stdlib.h>

/* How far a shift can move a date (kr_calendar_prev/next_business_day look this far). */
#define SHIFT_DAYS 31
#define FIRST_YMD KR_HOLIDAY_FIRST_YMD
#define LAST_YMD (KR_HOLIDAY_LAST_YEAR * 10000 + 1231)

typedef struct collect {
    int *days;
    size_t n, cap;
} collect;

static bool business(kr_calendar *cal, int ymd, bool *out, kr_err *err)
{
    return kr_calendar_is_business_day(cal, ymd, out, err);
}

/* n business days after (n > 0) or before (n < 0) the business day ymd. */
static bool add_business_days(kr_calendar *cal, int ymd, int n, int *out, kr_err *err)
{
    for (; n > 0; n--)
        if (!kr_calendar_next_business_day(cal, ymd, &ymd, err))
            return false;
    for (; n < 0; n++)
        if (!kr_calendar_prev_business_day(cal, ymd, &ymd, err))
            return false;
    *out = ymd;
    return true;
}

static int days_in_month(int y, int m)
{
    return kr_ymd_from_days(kr_days_from_ymd((m == 12 ? y + 1 : y) * 10000 + (m == 12 ? 1 : m + 1) * 100 + 1) - 1) % 100;
}

/* The nth business day of a month (n < 0 from its end), or 0 when the month has fewer. */
static bool nth_business_day(kr_calendar *cal, int y, int m, int n, int *out, kr_err *err)
{
    int last = days_in_month(y, m);
    int step = n > 0 ? 1 : -1;
    int count = 0;
    *out = 0;
    for (int d = n > 0 ? 1 : last; d >= 1 && d <= last; d += step) {
        int ymd = y * 10000 + m * 100 + d;
        if (ymd < FIRST_YMD)
            continue;
        bool b;
        if (!business(cal, ymd, &b, err))
            return false;
        if (b && ++count == abs(n)) {
            *out = ymd;
            return true;
        }
    }
    return true;
}

/* The date a base date runs on after its shift (0: not run). */
static bool shifted(kr_calendar *cal, const sched_rule *r, int base, int *out, kr_err *err)
{
    bool b = true;
    if (r->shift != SHIFT_RUN && !business(cal, base, &b, err))
        return false;
    *out = base;
    if (b)
        return true;
    if (r->shift == SHIFT_PREV)
        return kr_calendar_prev_business_day(cal, base, out, err);
    if (r->shift == SHIFT_NEXT)
        return kr_calendar_next_business_day(cal, base, out, err);
    *out = 0;
    return true;
}

/* The base dates of month y/m for the month-wise rules (0 when the month has none). */
static bool month_base(kr_calendar *cal, const sched_rule *r, int y, int m, int *out, kr_err *err)
{
    *out = 0;
    switch (r->base) {
    case SCHED_BD_NTH:
        return nth_business_day(cal, y, m, r->n, out, err);
    case SCHED_DAY:
        if (r->n == 0)
            *out = y * 10000 + m * 100 + days_in_month(y, m);
        else if (r->n <= days_in_month(y, m))
            *out = y * 10000 + m * 100 + r->n;
        return true;
    case SCHED_YEARLY:
        if (r->n / 100 == m && r->n % 100 <= days_in_month(y, m))
            *out = y * 10000 + r->n;
        return true;
    default:
        return true;
    }
}

/* Whether a base date is one of the day-wise rules' (DAILY, BD, WEEKDAY). */
static bool day_base(kr_calendar *cal, const sched_rule *r, int ymd, bool *out, kr_err *err)
{
    switch (r->base) {
    case SCHED_DAILY:
        *out = true;
        return true;
    case SCHED_BD:
        return business(cal, ymd, out, err);
    case SCHED_WEEKDAY:
        *out = (r->mask >> kr_cal_weekday(ymd)) & 1u;
        return true;
    default:
        *out = false;
        return true;
    }
}

static bool take(kr_calendar *cal, const sched_rule *r, int base, int s_from, int s_to, int from, int to,
                 collect *c, kr_err *err)
{
    int s;
    if (!base || !shifted(cal, r, base, &s, err))
        return base == 0;
    if (!s || s < s_from || s > s_to)
        return true;
    int run = s;
    if (r->offset && !add_business_days(cal, s, r->offset, &run, err))
        return false;
    if (run >= from && run <= to) {
        KR_GROW(c->days, c->cap, c->n + 1);
        c->days[c->n++] = run;
    }
    return true;
}

/* The shifted dates that can land in [from, to] once moved by the rule's offset. */
static bool shifted_range(kr_calendar *cal, const sched_rule *r, int from, int to, int *s_from, int *s_to,
                          kr_err *err)
{
    *s_from = from;
    *s_to = to;
    if (!r->offset)
        return true;
    int first, last;
    bool b;
    if (!business(cal, from, &b, err))
        return false;
    first = from;
    if (!b && !kr_calendar_next_business_day(cal, from, &first, err))
        return false;
    if (!business(cal, to, &b, err))
        return false;
    last = to;
    if (!b && !kr_calendar_prev_business_day(cal, to, &last, err))
        return false;
    return add_business_days(cal, first, -r->offset, s_from, err) &&
           add_business_days(cal, last, -r->offset, s_to, err);
}

static bool rule_between(kr_calendar *cal, const sched_rule *r, int from, int to, collect *c, kr_err *err)
{
    int s_from, s_to;
    if (!shifted_range(cal, r, from, to, &s_from, &s_to, err))
        return false;
    /* base dates that a shift can bring into [s_from, s_to], within the calendar's years */
    long lo = kr_days_from_ymd(s_from) - (r->shift == SHIFT_NEXT ? SHIFT_DAYS : 0);
    long hi = kr_days_from_ymd(s_to) + (r->shift == SHIFT_PREV ? SHIFT_DAYS : 0);
    if (lo < kr_days_from_ymd(FIRST_YMD))
        lo = kr_days_from_ymd(FIRST_YMD);
    if (hi > kr_days_from_ymd(LAST_YMD))
        hi = kr_days_from_ymd(LAST_YMD);
    if (r->base == SCHED_DAILY || r->base == SCHED_BD || r->base == SCHED_WEEKDAY) {
        for (long d = lo; d <= hi; d++) {
            bool is;
            int ymd = kr_ymd_from_days(d);
            if (!day_base(cal, r, ymd, &is, err) ||
                (is && !take(cal, r, ymd, s_from, s_to, from, to, c, err)))
                return false;
        }
        return true;
    }
    int a = kr_ymd_from_days(lo), b = kr_ymd_from_days(hi);
    for (int y = a / 10000, m = a / 100 % 100; y * 100 + m <= b / 100; m = m == 12 ? 1 : m + 1, y += m == 1) {
        int base;
        if (!month_base(cal, r, y, m, &base, err))
            return false;
        if (base && (kr_days_from_ymd(base) < lo || kr_days_from_ymd(base) > hi))
            continue;
        if (!take(cal, r, base, s_from, s_to, from, to, c, err))
            return false;
    }
    return true;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

long kr_schedule_between(const kr_schedule *s, kr_calendar *cal, int from, int to, int **out, kr_err *err)
{
    collect c = {0};
    *out = NULL;
    for (size_t i = 0; i < s->n; i++)
        if (!rule_between(cal, &s->rules[i], from, to, &c, err)) {
            free(c.days);
            return -1;
        }
    if (c.n)
        qsort(c.days, c.n, sizeof *c.days, cmp_int);
    size_t n = 0;
    for (size_t i = 0; i < c.n; i++)
        if (n == 0 || c.days[n - 1] != c.days[i])
            c.days[n++] = c.days[i];
    *out = c.days;
    return (long)n;
}

bool kr_schedule_is_run_date(const kr_schedule *s, kr_calendar *cal, int ymd, bool *out, kr_err *err)
{
    int *days;
    long n = kr_schedule_between(s, cal, ymd, ymd, &days, err);
    free(days);
    if (n < 0)
        return false;
    *out = n > 0;
    return true;
}

bool kr_schedule_next(const kr_schedule *s, kr_calendar *cal, int ymd, int *out, kr_err *err)
{
    int to = kr_cal_add_days(ymd, 400);
    if (to > LAST_YMD)
        to = LAST_YMD;
    int *days;
    long n = kr_schedule_between(s, cal, ymd, to, &days, err);
    if (n < 0)
        return false;
    *out = n > 0 ? days[0] : 0;
    free(days);
    return true;
}
