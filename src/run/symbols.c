/* symbols.c: the run-date symbols a job can use (&RUNDATE. and friends), computed from the
 * run date and the job's business-day calendar (Japan's national holidays and the 12/29-1/3
 * closure, and the city's closed days of the JOB's CALENDAR=). */
#include "kiroku/calendar.h"
#include "kiroku/run.h"

#include <stdlib.h>

static void add(char ***out, size_t *n, const char *name, int value, int digits)
{
    *out = kr_xrealloc(*out, (*n + 1) * sizeof **out);
    (*out)[(*n)++] = kr_xasprintf("%s=%0*d", name, digits, value);
}

bool kr_run_date_symbols(int run_date, const char *calendar, char ***out, size_t *n, kr_err *err)
{
    int y = run_date / 10000, m = run_date / 100 % 100, d = run_date % 100;
    int fy = m >= 4 ? y : y - 1;
    int prev_month = m == 1 ? (y - 1) * 100 + 12 : y * 100 + m - 1;
    kr_calendar *cal = kr_calendar_new();
    int prev_bd = 0, next_bd = 0;
    bool ok = (!calendar || kr_calendar_load(cal, calendar, err)) &&
              kr_calendar_prev_business_day(cal, run_date, &prev_bd, err) &&
              kr_calendar_next_business_day(cal, run_date, &next_bd, err);
    if (ok && kr_calendar_projected_year(cal))
        kr_fail(err, KR_RC_WARN, "KRK1401W",
                "the business days around %d are computed from holidays projected for %d (the law is known "
                "through %d)",
                run_date, kr_calendar_projected_year(cal), kr_holidays_valid_through());
    kr_calendar_free(cal);
    if (!ok)
        return false;
    add(out, n, "RUNDATE", run_date, 8);
    add(out, n, "RUNYEAR", y, 4);
    add(out, n, "RUNMONTH", m, 2);
    add(out, n, "RUNDAY", d, 2);
    add(out, n, "RUNYYMM", y * 100 + m, 6);
    add(out, n, "YYMMDD", run_date % 1000000, 6);
    add(out, n, "PREVMON", prev_month, 6);
    add(out, n, "FYEAR", fy, 4);
    add(out, n, "PREVBD", prev_bd, 8);
    add(out, n, "NEXTBD", next_bd, 8);
    /* the previous business day as data set names carry dates (Dyymmdd): a job reads what
     * another sent the business day before (the city's inbound files from the federation) */
    add(out, n, "PBYYMMDD", prev_bd % 1000000, 6);
    return true;
}
