/* date.c: dates held as digits: Western (yyyymmdd, yyyymm, yymmdd with a century window) and
 * 和暦 (gyymmdd, ggyymmdd) through the layout's era table, with none/open special values. */
#include "kiroku/codec.h"

#include <string.h>

/* Days since 1970-01-01 (H. Hinnant's days_from_civil; years 1-9999 keep y >= 0). */
long kr_days_from_ymd(int ymd)
{
    long y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
    y -= m <= 2;
    long era = y / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int kr_ymd_from_days(long days)
{
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    return (int)(y * 10000 + m * 100 + d);
}

int kr_era_of(const kr_layout *l, int ymd)
{
    int found = -1;
    for (size_t i = 0; i < l->n_eras; i++)
        if (l->eras[i].start <= ymd)
            found = (int)i;
    return found;
}

static int era_index(const kr_layout *l, int code)
{
    for (size_t i = 0; i < l->n_eras; i++)
        if (l->eras[i].code == code)
            return (int)i;
    return -1;
}

/* A bad date at byte `at` of field f (KRK0302E, rc 8) into *pb when pb is not NULL. */
#define BAD_DATE(pb, f, at, ...) kr_problem_set(pb, KR_RC_REJECT, "KRK0302E", (f)->offset + (at), __VA_ARGS__)

static bool matches(const kr_bytes *vals, size_t n, const unsigned char *p, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (vals[i].len == len && memcmp(vals[i].data, p, len) == 0)
            return true;
    return false;
}

static int digits(const unsigned char *p, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (p[i] - '0');
    return v;
}

bool kr_date_get(const kr_layout *l, const kr_field *f, const unsigned char *rec, kr_date *out,
                 kr_problem *pb)
{
    const unsigned char *p = rec + f->offset;
    out->era = -1;
    out->era_year = 0;
    out->ymd = 0;
    if (matches(f->none_values, f->n_none, p, f->length)) {
        out->kind = KR_DATE_NONE;
        return true;
    }
    if (matches(f->open_values, f->n_open, p, f->length)) {
        out->kind = KR_DATE_OPEN;
        return true;
    }
    out->kind = KR_DATE_VALUE;
    for (size_t i = 0; i < f->length; i++)
        if (p[i] < '0' || p[i] > '9') {
            bool blank = true;
            for (size_t k = 0; k < f->length; k++)
                blank &= p[k] == ' ';
            if (blank)
                BAD_DATE(pb, f, i, "the date is blank; if blank means no date, add none(\"%*s\") to the field",
                         (int)f->length, "");
            else if (p[i] >= 0x20 && p[i] < 0x7F)
                BAD_DATE(pb, f, i, "'%c' in a date; a date is all digits", p[i]);
            else
                BAD_DATE(pb, f, i, "0x%02X in a date; a date is all digits", p[i]);
            return false;
        }
    int y, m, d;
    switch (f->datefmt) {
    case KR_DATE_YYYYMMDD:
        y = digits(p, 4), m = digits(p + 4, 2), d = digits(p + 6, 2);
        break;
    case KR_DATE_YYYYMM:
        y = digits(p, 4), m = digits(p + 4, 2), d = 1;
        break;
    case KR_DATE_YYMMDD:
        y = digits(p, 2), m = digits(p + 2, 2), d = digits(p + 4, 2);
        y = f->window + ((y - f->window % 100) + 100) % 100;
        break;
    case KR_DATE_GYYMMDD:
    case KR_DATE_GGYYMMDD: {
        size_t gl = f->datefmt == KR_DATE_GYYMMDD ? 1 : 2;
        int code = digits(p, gl);
        int yy = digits(p + gl, 2);
        m = digits(p + gl + 2, 2), d = digits(p + gl + 4, 2);
        int e = era_index(l, code);
        if (e < 0) {
            BAD_DATE(pb, f, 0, "era code %d is not in the era table (1 明治 .. 5 令和, or an 'era' of the layout)", code);
            return false;
        }
        const kr_era *era = &l->eras[e];
        if (yy == 0) {
            BAD_DATE(pb, f, gl, "year 00 of %s does not exist (元年 is written 01)", era->name);
            return false;
        }
        y = era->start / 10000 + yy - 1;
        out->era = e;
        out->era_year = yy;
        if (!kr_date_valid_ymd(y, m, d)) {
            BAD_DATE(pb, f, gl + 2, "%s%d年%d月%d日 is not a calendar date", era->name, yy, m, d);
            return false;
        }
        int ymd = y * 10000 + m * 100 + d;
        if (ymd < era->start) {
            BAD_DATE(pb, f, 0, "%s%d年%d月%d日 does not exist: %s began on %04d-%02d-%02d", era->name, yy,
                     m, d, era->name, era->start / 10000, era->start / 100 % 100, era->start % 100);
            return false;
        }
        /* The era ends the day before the next one (by start date) begins. */
        for (size_t i = 0; i < l->n_eras; i++)
            if (l->eras[i].start > era->start && ymd >= l->eras[i].start) {
                int last = kr_ymd_from_days(kr_days_from_ymd(l->eras[i].start) - 1);
                BAD_DATE(pb, f, 0, "%s%d年%d月%d日 does not exist: %s ended on %04d-%02d-%02d", era->name,
                         yy, m, d, era->name, last / 10000, last / 100 % 100, last % 100);
                return false;
            }
        out->ymd = ymd;
        return true;
    }
    default:
        return false;
    }
    if (!kr_date_valid_ymd(y, m, d)) {
        if (m < 1 || m > 12)
            BAD_DATE(pb, f, f->datefmt == KR_DATE_YYMMDD ? 2 : 4, "month %02d does not exist", m);
        else
            BAD_DATE(pb, f, f->datefmt == KR_DATE_YYMMDD ? 4 : 6, "%04d-%02d-%02d is not a calendar date", y, m, d);
        return false;
    }
    out->ymd = f->datefmt == KR_DATE_YYYYMM ? y * 10000 + m * 100 : y * 10000 + m * 100 + d;
    return true;
}

static void put_digits(unsigned char *p, size_t n, int v)
{
    for (size_t i = n; i > 0; i--) {
        p[i - 1] = (unsigned char)('0' + v % 10);
        v /= 10;
    }
}

bool kr_date_put(const kr_layout *l, const kr_field *f, unsigned char *rec, int ymd)
{
    unsigned char *p = rec + f->offset;
    int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
    switch (f->datefmt) {
    case KR_DATE_YYYYMMDD:
        put_digits(p, 8, ymd);
        return true;
    case KR_DATE_YYYYMM:
        put_digits(p, 6, ymd / 100);
        return true;
    case KR_DATE_YYMMDD:
        if (y < f->window || y > f->window + 99)
            return false;
        put_digits(p, 6, (y % 100) * 10000 + m * 100 + d);
        return true;
    case KR_DATE_GYYMMDD:
    case KR_DATE_GGYYMMDD: {
        int e = kr_era_of(l, ymd);
        if (e < 0)
            return false;
        size_t gl = f->datefmt == KR_DATE_GYYMMDD ? 1 : 2;
        int code = l->eras[e].code;
        int yy = y - l->eras[e].start / 10000 + 1;
        if (code >= (gl == 1 ? 10 : 100) || yy > 99)
            return false;
        put_digits(p, gl, code);
        put_digits(p + gl, 6, yy * 10000 + m * 100 + d);
        return true;
    }
    }
    return false;
}
