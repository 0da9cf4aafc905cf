/* calendar.c: business days: Monday to Friday, not a national holiday, not 12/29-1/3
 * (行政機関の休日に関する法律 第1条), unless a city's calendar file closes or opens the day.
 * The holidays of each year are computed once, when a day of that year is first asked. */
#include "calfile.h"
#include "kiroku/codec.h"

#include <stdlib.h>
#include <string.h>

#define YEARS (KR_HOLIDAY_LAST_YEAR - KR_HOLIDAY_FIRST_YMD / 10000 + 1)
/* How far prev/next look for a business day. */
#define SEARCH_DAYS 31

typedef struct year_cache {
    bool done;
    int n;
    kr_holiday days[KR_HOLIDAYS_MAX];
} year_cache;

struct kr_calendar {
    char *name;
    kr_calfile file;
    year_cache *years; /* YEARS entries, filled on demand */
    int projected;     /* the latest year past the valid-through year consulted */
};

kr_calendar *kr_calendar_new(void)
{
    kr_calendar *cal = kr_xcalloc(1, sizeof *cal);
    cal->name = kr_xstrdup("japan");
    cal->years = kr_xcalloc(YEARS, sizeof *cal->years);
    return cal;
}

void kr_calendar_free(kr_calendar *cal)
{
    if (!cal)
        return;
    kr_calfile_free(&cal->file);
    free(cal->years);
    free(cal->name);
    free(cal);
}

const char *kr_calendar_name(const kr_calendar *cal)
{
    return cal->name;
}

int kr_calendar_projected_year(const kr_calendar *cal)
{
    return cal->projected;
}

static void set_name_from_path(kr_calendar *cal, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".cal") == 0)
        n -= 4;
    free(cal->name);
    cal->name = kr_xstrndup(base, n);
}

bool kr_calendar_parse(kr_calendar *cal, const char *text, size_t len, const char *file, kr_err *err)
{
    if (!kr_calfile_parse(&cal->file, text, len, file, err))
        return false;
    set_name_from_path(cal, file);
    return true;
}

bool kr_calendar_load(kr_calendar *cal, const char *name, kr_err *err)
{
    size_t n = strlen(name);
    char *path;
    if (strchr(name, '/') || (n > 4 && strcmp(name + n - 4, ".cal") == 0)) {
        path = kr_xstrdup(name);
    } else {
        char *file = kr_xasprintf("%s.cal", name);
        char *looked = NULL;
        path = kr_data_find("calendars", file, &looked);
        free(file);
        if (!path) {
            kr_fail(err, KR_RC_ENV, "KRK1414E", "calendar '%s' not found (looked for %s)", name,
                    looked ? looked : "calendars/NAME.cal");
            free(looked);
            return false;
        }
        free(looked);
    }
    kr_buf text;
    kr_buf_init(&text);
    bool ok = kr_read_file(path, &text, err) && kr_calendar_parse(cal, text.data, text.len, path, err);
    kr_buf_free(&text);
    free(path);
    return ok;
}

static const year_cache *holidays_of(kr_calendar *cal, int year, kr_err *err)
{
    year_cache *y = &cal->years[year - KR_HOLIDAY_FIRST_YMD / 10000];
    if (!y->done) {
        y->n = kr_holidays_of_year(year, y->days, err);
        if (y->n < 0)
            return NULL;
        y->done = true;
    }
    if (year > kr_holidays_valid_through() && year > cal->projected)
        cal->projected = year;
    return y;
}

static bool in_range(int ymd, kr_err *err)
{
    if (ymd >= KR_HOLIDAY_FIRST_YMD && ymd / 10000 <= KR_HOLIDAY_LAST_YEAR)
        return true;
    char d[11];
    kr_cal_format_date(ymd, d);
    return kr_fail(err, KR_RC_ENV, "KRK1400E", "%s: the holiday rules cover %d-07-20 (祝日法) to %d-12-31 (the equinox formula's range)", d,
                   KR_HOLIDAY_FIRST_YMD / 10000, KR_HOLIDAY_LAST_YEAR);
}

bool kr_calendar_day(kr_calendar *cal, int ymd, kr_dayinfo *out, kr_err *err)
{
    if (!in_range(ymd, err))
        return false;
    const kr_calday *own = kr_calfile_find(&cal->file, ymd);
    if (own) {
        *out = (kr_dayinfo){own->open, own->open ? NULL : own->reason};
        return true;
    }
    int md = ymd % 10000;
    int wd = kr_cal_weekday(ymd);
    if (wd == 0 || wd == 6) {
        *out = (kr_dayinfo){false, wd == 0 ? "日曜日" : "土曜日"};
        return true;
    }
    if (md >= 1229 || md <= 103) {
        *out = (kr_dayinfo){false, "年末年始"};
        return true;
    }
    const year_cache *y = holidays_of(cal, ymd / 10000, err);
    if (!y)
        return false;
    for (int i = 0; i < y->n; i++)
        if (y->days[i].ymd == ymd) {
            *out = (kr_dayinfo){false, y->days[i].name};
            return true;
        }
    *out = (kr_dayinfo){true, NULL};
    return true;
}

bool kr_calendar_is_business_day(kr_calendar *cal, int ymd, bool *out, kr_err *err)
{
    kr_dayinfo info;
    if (!kr_calendar_day(cal, ymd, &info, err))
        return false;
    *out = info.business;
    return true;
}

static bool step_business_day(kr_calendar *cal, int ymd, int dir, int *out, kr_err *err)
{
    int d = ymd;
    for (int i = 0; i < SEARCH_DAYS; i++) {
        d = kr_cal_add_days(d, dir);
        bool business;
        if (!kr_calendar_is_business_day(cal, d, &business, err))
            return false;
        if (business) {
            *out = d;
            return true;
        }
    }
    char s[11];
    kr_cal_format_date(ymd, s);
    return kr_fail(err, KR_RC_FAIL, "KRK1402E", "%s: no business day within %d days %s it in calendar %s", s,
                   SEARCH_DAYS, dir < 0 ? "before" : "after", cal->name);
}

bool kr_calendar_prev_business_day(kr_calendar *cal, int ymd, int *out, kr_err *err)
{
    return step_business_day(cal, ymd, -1, out, err);
}

bool kr_calendar_next_business_day(kr_calendar *cal, int ymd, int *out, kr_err *err)
{
    return step_business_day(cal, ymd, +1, out, err);
}
