/* calendar.h: Japan's national holidays by rule (祝日法 from 1948-07-20 on), business-day
 * calendars (weekends, 年末年始 12/29-1/3, a city's own closed and open days from a file) and
 * schedule rules for job streams (JP1/AJS3-style run rules). Dates are Western yyyymmdd ints
 * (20260105) as elsewhere in kiroku. See docs/CALENDAR.md. */
#ifndef KIROKU_CALENDAR_H
#define KIROKU_CALENDAR_H

#include "kiroku/core.h"

/* ---- national holidays ---------------------------------------------------------------- */

/* The first day of the law (祝日法, 昭和23年法律第178号) and the last year the rules can compute
 * (the equinox formula's range). */
#define KR_HOLIDAY_FIRST_YMD 19480720
#define KR_HOLIDAY_LAST_YEAR 2099
/* More holidays than any year has had. */
#define KR_HOLIDAYS_MAX 32

typedef enum kr_holiday_kind {
    KR_HOLIDAY_NATIONAL,   /* 国民の祝日 (and the one-off days the law treats as such) */
    KR_HOLIDAY_SUBSTITUTE, /* 振替休日 */
    KR_HOLIDAY_CITIZENS    /* 国民の休日 (a day between two national holidays) */
} kr_holiday_kind;

typedef struct kr_holiday {
    int ymd;
    const char *name; /* in Japanese, UTF-8, static */
    kr_holiday_kind kind;
} kr_holiday;

/* The last year whose holidays are law (the Cabinet Office has announced the equinoxes);
 * later years are computed by the same rules but are a projection. */
int kr_holidays_valid_through(void);

/* The holidays of year, in date order, into out (KR_HOLIDAYS_MAX entries); returns their
 * number, or -1 with err filled (KRK1400E) for a year the rules do not cover (before 1948,
 * after KR_HOLIDAY_LAST_YEAR). A year past kr_holidays_valid_through() is answered; the
 * caller says it is a projection (KRK1401W). */
int kr_holidays_of_year(int year, kr_holiday *out, kr_err *err);

/* ---- business-day calendars ----------------------------------------------------------- */

typedef struct kr_calendar kr_calendar;

/* A calendar of business days: Monday to Friday, not a national holiday, not 12/29-1/3. */
kr_calendar *kr_calendar_new(void);
void kr_calendar_free(kr_calendar *cal);
/* Adds a city's closed and open days from a calendar file (docs/CALENDAR.md); every mistake
 * is reported with file:line:column (KRK1410E-KRK1413E). NAME is a path (with a '/' or
 * ending .cal) or a name looked for as calendars/NAME.cal on the layouts search path. */
bool kr_calendar_load(kr_calendar *cal, const char *name, kr_err *err);
/* The same from text in memory; file names the text in messages. */
bool kr_calendar_parse(kr_calendar *cal, const char *text, size_t len, const char *file, kr_err *err);
/* The calendar's name: the file's base name without .cal, or "japan" without a file. */
const char *kr_calendar_name(const kr_calendar *cal);

/* Why a day is closed (or NULL when it is a business day). */
typedef struct kr_dayinfo {
    bool business;
    const char *reason; /* "土曜日", "日曜日", "年末年始", a holiday's name, a file's reason; NULL when open */
} kr_dayinfo;

/* Whether ymd is a business day, and why not. Fails (KRK1400E) outside the years the rules
 * cover. A day in a year past the valid-through year is answered and remembered: see
 * kr_calendar_projected_year. */
bool kr_calendar_day(kr_calendar *cal, int ymd, kr_dayinfo *out, kr_err *err);
bool kr_calendar_is_business_day(kr_calendar *cal, int ymd, bool *out, kr_err *err);
/* The business day before ymd (the runner's previous-business-day symbol), or after it;
 * fails (KRK1402E) when none is within 31 days. */
bool kr_calendar_prev_business_day(kr_calendar *cal, int ymd, int *out, kr_err *err);
bool kr_calendar_next_business_day(kr_calendar *cal, int ymd, int *out, kr_err *err);
/* The latest year past kr_holidays_valid_through() whose national holidays this calendar
 * consulted, or 0 if none: the answers for that year are a projection, not law. */
int kr_calendar_projected_year(const kr_calendar *cal);

/* ---- dates ------------------------------------------------------------------------------ */

/* Parses YYYY-MM-DD (a real date) into yyyymmdd. */
bool kr_cal_parse_date(const char *s, int *ymd);
/* Writes yyyymmdd as YYYY-MM-DD into out (at least 11 bytes). */
void kr_cal_format_date(int ymd, char *out);
/* 0 Sunday ... 6 Saturday. */
int kr_cal_weekday(int ymd);
/* ymd plus n days. */
int kr_cal_add_days(int ymd, long n);

/* ---- schedule rules --------------------------------------------------------------------- */

typedef struct kr_schedule kr_schedule;

/* Parses one rule or several separated by ';' (the union of their run dates), e.g.
 * "BD(1);DAY(25,PREV);YEARLY(04-01,NEXT)+2". Errors (KRK1420E-KRK1425E) name
 * where:1:column, where being what the text came from (a JCL file and line, or "--rule").
 * col0 is the column of the text's first character in that line (1 for a bare rule). */
kr_schedule *kr_schedule_parse(const char *text, const char *where, int col0, kr_err *err);
void kr_schedule_free(kr_schedule *s);
/* The rule in its canonical form (the same text parses to the same rule). */
void kr_schedule_text(const kr_schedule *s, kr_buf *out);

/* The run dates in [from, to], ascending, into *out (caller frees); returns their number
 * or -1 with err filled. */
long kr_schedule_between(const kr_schedule *s, kr_calendar *cal, int from, int to, int **out, kr_err *err);
/* Whether ymd is a run date. */
bool kr_schedule_is_run_date(const kr_schedule *s, kr_calendar *cal, int ymd, bool *out, kr_err *err);
/* The first run date on or after ymd; *out is 0 when there is none within 400 days. */
bool kr_schedule_next(const kr_schedule *s, kr_calendar *cal, int ymd, int *out, kr_err *err);

#endif
