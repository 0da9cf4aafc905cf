/* holidays.c: the national holidays of one year from the table of rules (jp_law.c): the
 * holidays in force, the equinoxes by the published formula, then 振替休日 and 国民の休日 as
 * the amendments of 1973, 1985 and 2005 define them. */
#include "internal.h"
#include "kiroku/codec.h"

#include <stdlib.h>
#include <string.h>

int kr_holidays_valid_through(void)
{
    return kr_jp_valid_through;
}

/* The day of March (vernal) or September (autumnal) of the equinox: the formula of the
 * 新こよみ便利帳 (国立天文台's ephemeris, fitted), in millionths so that it is exact. */
static int equinox_day(int year, bool vernal)
{
    long base;
    long leaps;
    if (year <= 1979) {
        base = vernal ? 20835700 : 23258800;
        leaps = (year - 1983) / 4; /* C truncates toward zero, as the formula's int() */
    } else {
        base = vernal ? 20843100 : 23248800;
        leaps = (year - 1980) / 4;
    }
    long v = base + 242194L * (year - 1980) - 1000000L * leaps;
    return (int)(v / 1000000);
}

/* The day of the month of the nth Monday. */
static int nth_monday(int year, int month, int n)
{
    int first = kr_cal_weekday(year * 10000 + month * 100 + 1);
    int day1 = 1 + (8 - first) % 7;
    return day1 + 7 * (n - 1);
}

static int rule_date(const jp_rule *r, int year)
{
    switch (r->kind) {
    case JP_FIXED:
        return year * 10000 + r->month * 100 + r->day;
    case JP_MONDAY:
        return year * 10000 + r->month * 100 + nth_monday(year, r->month, r->day);
    case JP_VERNAL:
        return year * 10000 + 300 + equinox_day(year, true);
    case JP_AUTUMNAL:
        return year * 10000 + 900 + equinox_day(year, false);
    }
    return 0;
}

typedef struct year_days {
    int year;
    long day0;                /* day number of January 1st */
    const char *name[367];    /* by day of the year (0-based) */
    kr_holiday_kind kind[367];
} year_days;

static int doy(const year_days *y, int ymd)
{
    return (int)(kr_days_from_ymd(ymd) - y->day0);
}

static bool national(const year_days *y, int i)
{
    return i >= 0 && i < 367 && y->name[i] && y->kind[i] == KR_HOLIDAY_NATIONAL;
}

static void add_substitutes(year_days *y, int ndays)
{
    for (int i = 0; i < ndays; i++) {
        int ymd = kr_ymd_from_days(y->day0 + i);
        if (!national(y, i) || ymd < kr_jp_substitute_from || kr_cal_weekday(ymd) != 0)
            continue;
        int j = i + 1;
        if (ymd >= kr_jp_substitute_2007)
            while (national(y, j))
                j++;
        if (j < ndays && !y->name[j]) {
            y->name[j] = "振替休日";
            y->kind[j] = KR_HOLIDAY_SUBSTITUTE;
        }
    }
}

static void add_citizens_days(year_days *y, int ndays)
{
    for (int i = 1; i + 1 < ndays; i++) {
        int ymd = kr_ymd_from_days(y->day0 + i);
        if (ymd < kr_jp_citizens_from || y->name[i] || !national(y, i - 1) || !national(y, i + 1))
            continue;
        if (ymd < kr_jp_substitute_2007 && kr_cal_weekday(ymd) == 0)
            continue; /* before 2007 a Sunday between two holidays stayed a Sunday */
        y->name[i] = "国民の休日";
        y->kind[i] = KR_HOLIDAY_CITIZENS;
    }
}

int kr_holidays_of_year(int year, kr_holiday *out, kr_err *err)
{
    if (year < KR_HOLIDAY_FIRST_YMD / 10000 || year > KR_HOLIDAY_LAST_YEAR) {
        kr_fail(err, KR_RC_ENV, "KRK1400E",
                "year %d: the holiday rules cover %d-07-20 (祝日法) to %d (the equinox formula's range)", year,
                KR_HOLIDAY_FIRST_YMD / 10000, KR_HOLIDAY_LAST_YEAR);
        return -1;
    }
    year_days *y = kr_xcalloc(1, sizeof *y);
    y->year = year;
    y->day0 = kr_days_from_ymd(year * 10000 + 101);
    int ndays = (int)(kr_days_from_ymd((year + 1) * 10000 + 101) - y->day0);
    for (size_t r = 0; r < kr_jp_rules_count; r++) {
        const jp_rule *rule = &kr_jp_rules[r];
        if (rule->from / 10000 > year || rule->to / 10000 < year)
            continue;
        int ymd = rule_date(rule, year);
        if (ymd < rule->from || ymd > rule->to)
            continue;
        y->name[doy(y, ymd)] = rule->name;
        y->kind[doy(y, ymd)] = KR_HOLIDAY_NATIONAL;
    }
    add_substitutes(y, ndays);
    add_citizens_days(y, ndays);
    int n = 0;
    for (int i = 0; i < ndays && n < KR_HOLIDAYS_MAX; i++)
        if (y->name[i])
            out[n++] = (kr_holiday){kr_ymd_from_days(y->day0 + i), y->name[i], y->kind[i]};
    free(y);
    return n;
}
