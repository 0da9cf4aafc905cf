/* datefn.c: DFSORT's date functions in reformatting, compiled once and applied per record:
 * a date read in a Y2/Y4 format (CH/ZD: Y2T yymmdd or yyddd, Y2W mmddyy or dddyy, Y4T
 * ccyymmdd or ccyyddd, Y4W mmddccyy or dddccyy; packed: Y2U, Y2V, Y2X, Y2Y, Y4U, Y4V, Y4X,
 * Y4Y) or from a date field of a layout (和暦 through the layout's eras), moved (ADDDAYS,
 * ADDMONS, ADDYEARS, LASTDAYx, NEXTDday, PREVDday) or compared (DATEDIFF), and written in a
 * Y2/Y4 form (TOJUL=, TOGREG=, with a separator), as a weekday, edited (DT=, DTNS=), as a
 * week number (WEEKNUM=), as the age on the run date (AGE=), or in the form of a layout's
 * date field (TODATE=). Two-digit years take their century from the window of Y2PAST.
 * Special indicators (all zeros, all nines, blanks) are carried through as DFSORT does. */
#include "datefn.h"

#include <stdlib.h>
#include <string.h>

typedef struct side {
    kr_bound b;
    char fmt[4];           /* "Y4T"...; "" for a layout's date field */
    bool julian;           /* yyddd / ccyyddd forms */
} side;

struct kr_datefn_prog {
    kr_datefn df;          /* the item's operands (refs not owned) */
    side in, other;
    char out_fmt[4];       /* the written form (the input's for KR_DF_SAME) */
    bool out_julian;
    kr_field todate;       /* TODATE=: the field's form, offset 0 */
    const kr_layout *todate_layout;
    size_t len;
    int century;           /* the first year of the two-digit years' window */
    int run_date;          /* yyyymmdd: AGE= counts to it */
    kr_pos pos;
};

/* Y2C, Y2Z, Y2S, Y2P, Y2D, Y2B: a two-digit year alone (read as January 1 of its year). */
static bool year_fmt(const char *f)
{
    return f[0] && strchr("CZSPDB", f[2]);
}

static bool packed_fmt(const char *f)
{
    return f[2] == 'U' || f[2] == 'V' || f[2] == 'X' || f[2] == 'Y';
}

static bool year_first(const char *f)
{
    return f[2] == 'T' || f[2] == 'U' || f[2] == 'V';
}

/* The digits a format holds: Y2 5 (julian) or 6, Y4 7 or 8. */
static int digits_of(const char *f, bool julian)
{
    return (f[1] == '2' ? 5 : 7) + !julian;
}

/* The bytes a format takes: text one per digit plus separators; packed (digits + sign + 1) / 2. */
static size_t length_of(const char *f, bool julian, char sep)
{
    int n = digits_of(f, julian);
    if (packed_fmt(f))
        return (size_t)(n + 2) / 2;
    return (size_t)n + (sep ? (julian ? 1 : 2) : 0);
}

/* Julian (yyddd, ccyyddd) or Gregorian: by the format for packed dates (Y2U/Y2X 3 bytes,
 * Y2V/Y2Y 4, Y4U/Y4X 4, Y4V/Y4Y 5), by the length for the others. */
static bool julian_of(const char *fmt, size_t m)
{
    if (year_fmt(fmt))
        return false;
    if (packed_fmt(fmt))
        return fmt[2] == 'U' || fmt[2] == 'X';
    return m == (fmt[1] == '2' ? 5u : 7u);
}

bool kr_ydate_length_ok(const char *fmt, size_t m)
{
    if (year_fmt(fmt)) /* Y2C, Y2Z, Y2S yy; Y2P X'xyyx'; Y2D X'yy'; Y2B a binary 0-99 */
        return m == (fmt[2] == 'D' || fmt[2] == 'B' ? 1u : 2u);
    bool julian = julian_of(fmt, m);
    if (packed_fmt(fmt))
        return m == length_of(fmt, julian, 0);
    return julian || m == (fmt[1] == '2' ? 6u : 8u);
}

static bool side_build(side *s, const kr_ref *r, const char *fmt, const kr_scope *in, const char *path, kr_err *err)
{
    if (!kr_bind(in, r, path, &s->b, err))
        return false;
    memcpy(s->fmt, fmt, 4);
    if (!fmt[0]) {
        if (!(s->b.has_field && s->b.field.type == KR_F_DATE && s->b.field.datefmt != KR_DATE_YYYYMM))
            return kr_fail(err, KR_RC_ENV, "KRK2253E",
                           "%s:%d:%d: %s is not a date (year, month and day) of the layout; write p,m,Y4T (or another "
                           "Y2/Y4 format) for a date by position",
                           path, r->pos.line, r->pos.col, s->b.name);
        return true;
    }
    size_t m = s->b.length;
    s->julian = julian_of(fmt, m);
    if (!kr_ydate_length_ok(fmt, m))
        return kr_fail(err, KR_RC_ENV, "KRK2253E",
                       "%s:%d:%d: %s,%s is %zu bytes; a date function's %s date is %s", path, r->pos.line, r->pos.col,
                       s->b.name, fmt, m, fmt,
                       year_fmt(fmt)   ? (fmt[2] == 'D' || fmt[2] == 'B' ? "1 byte" : "2 bytes")
                       : fmt[2] == 'T' ? (fmt[1] == '2' ? "5 bytes (yyddd) or 6 (yymmdd)" : "7 bytes (ccyyddd) or 8 (ccyymmdd)")
                       : fmt[2] == 'W' ? (fmt[1] == '2' ? "5 bytes (dddyy) or 6 (mmddyy)" : "7 bytes (dddccyy) or 8 (mmddccyy)")
                       : fmt[2] == 'U' || fmt[2] == 'X' ? (fmt[1] == '2' ? "3 packed bytes" : "4 packed bytes")
                                                        : (fmt[1] == '2' ? "4 packed bytes" : "5 packed bytes"));
    return true;
}

kr_datefn_prog *kr_datefn_build(const kr_item *it, const kr_scope *in, const kr_cond_ctx *ctx, const char *path,
                                kr_err *err)
{
    kr_datefn_prog *d = kr_xcalloc(1, sizeof *d);
    d->df = *it->datefn;
    d->pos = it->pos;
    d->century = ctx->century ? ctx->century : ctx->run_date / 10000 - 80;
    d->run_date = ctx->run_date;
    if (!side_build(&d->in, &it->ref, it->datefn->in, in, path, err))
        goto fail;
    if (d->df.op == KR_DF_DATEDIFF && !side_build(&d->other, &it->datefn->other, it->datefn->other_in, in, path, err))
        goto fail;
    switch (d->df.out) {
    case KR_DF_SAME:
        if (d->df.op == KR_DF_DATEDIFF) {
            d->len = 8; /* C'sddddddd' */
            break;
        }
        if (!d->in.fmt[0]) { /* a layout's date: written in its own form */
            d->todate = d->in.b.field;
            d->todate.offset = 0;
            d->todate_layout = d->in.b.layout;
            d->len = d->todate.length;
            break;
        }
        memcpy(d->out_fmt, d->in.fmt, 4);
        d->out_julian = d->in.julian;
        if (d->in.fmt[1] == '2' && !year_fmt(d->in.fmt)) /* DFSORT's p,m,Y2x: the year with its century */
            memcpy(d->out_fmt, year_first(d->in.fmt) ? (d->df.y2_packed ? (d->out_julian ? "Y4U" : "Y4V") : "Y4T")
                                                     : (d->df.y2_packed ? (d->out_julian ? "Y4X" : "Y4Y") : "Y4W"), 4);
        /* a year: C'yyyy', or P'ccyy' (3 bytes) with Y2xP; Y2x(c): the parts apart */
        d->len = year_fmt(d->in.fmt) ? (d->df.y2_packed ? 3 : 4) : length_of(d->out_fmt, d->out_julian, d->df.out_sep);
        break;
    case KR_DF_TOJUL:
    case KR_DF_TOGREG:
        memcpy(d->out_fmt, d->df.out_fmt, 4);
        d->out_julian = d->df.out == KR_DF_TOJUL;
        d->len = length_of(d->out_fmt, d->out_julian, d->df.out_sep);
        break;
    case KR_DF_WEEKDAY:
        d->len = (size_t)d->df.weekday;
        break;
    case KR_DF_DT: /* yyyy, mm, dd and two separators */
        d->len = 8 + (d->df.dt_form[3] ? 2 : 0);
        break;
    case KR_DF_WEEKNUM:
        d->len = 2;
        break;
    case KR_DF_AGE: /* YMD C'yyyymmdd', YM C'yyyymm', YD C'yyyyddd' */
        d->len = d->df.age[1] == 'D' ? 7 : d->df.age[2] ? 8 : 6;
        break;
    case KR_DF_TODATE: {
        kr_bound t;
        if (!kr_bind(in, &it->datefn->todate, path, &t, err))
            goto fail;
        bool date = t.has_field && t.field.type == KR_F_DATE && t.field.datefmt != KR_DATE_YYYYMM;
        if (date) {
            d->todate = t.field;
            d->todate.offset = 0;
            d->todate_layout = t.layout;
            d->len = t.field.length;
        }
        kr_bound_free(&t);
        if (!date) {
            kr_fail(err, KR_RC_ENV, "KRK2253E", "%s:%d:%d: TODATE= names a date (year, month and day) of the layout",
                    path, it->datefn->todate.pos.line, it->datefn->todate.pos.col);
            goto fail;
        }
        break;
    }
    }
    return d;
fail:
    kr_datefn_free(d);
    return NULL;
}

size_t kr_datefn_length(const kr_datefn_prog *d)
{
    return d->len;
}

void kr_datefn_free(kr_datefn_prog *d)
{
    if (!d)
        return;
    kr_bound_free(&d->in.b);
    kr_bound_free(&d->other.b);
    free(d);
}

/* ---- reading and writing dates ---------------------------------------------------------- */

/* A date as read: a day (ymd), or a special indicator kept as the byte it is made of. */
typedef struct rdate {
    int ymd;
    bool is_special;       /* a special indicator, made of the byte `special` */
    char special;          /* '0', '9', ' ', X'00', X'FF' (a layout's none '0', open '9') */
} rdate;

static bool bad(kr_problem *pb, const side *s, size_t at, const char *what)
{
    if (pb) {
        pb->rc = KR_RC_REJECT;
        pb->id = "KRK2252E";
        pb->offset = s->b.offset + at;
        snprintf(pb->reason, sizeof pb->reason, "%s (%s) %s", s->b.name, s->fmt[0] ? s->fmt : "date", what);
    }
    return false;
}

static int full_year(int yy, int century)
{
    int y = century / 100 * 100 + yy;
    return y < century ? y + 100 : y;
}

/* A year format's yy as January 1 of its year. Y2S alone has special indicators: X'00', a
 * blank or X'FF' in its first byte (before, before and after every year). */
static bool read_year(int century, const side *s, const unsigned char *p, rdate *out, kr_problem *pb)
{
    int hi, lo;
    switch (s->fmt[2]) {
    case 'S':
        if (p[0] == 0x00 || p[0] == ' ' || p[0] == 0xFF) {
            out->is_special = true;
            out->special = (char)p[0];
            return true;
        }
        /* a zoned year */
        __attribute__((fallthrough));
    case 'Z':
        hi = p[0] & 0x0F;
        lo = p[1] & 0x0F;
        break;
    case 'C':
        if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
            return bad(pb, s, 0, "holds a byte that is not a digit");
        hi = p[0] - '0';
        lo = p[1] - '0';
        break;
    case 'P': /* X'xyyx': the middle two digits */
        hi = p[0] & 0x0F;
        lo = p[1] >> 4;
        break;
    case 'D':
        hi = p[0] >> 4;
        lo = p[0] & 0x0F;
        break;
    default: /* B */
        hi = p[0] / 10;
        lo = p[0] % 10;
        if (p[0] > 99)
            return bad(pb, s, 0, "is not a year 0-99");
        break;
    }
    if (hi > 9 || lo > 9)
        return bad(pb, s, 0, "is not a two-digit year");
    out->ymd = full_year(hi * 10 + lo, century) * 10000 + 101;
    return true;
}

static bool read_date(int century, const side *s, const unsigned char *rec, rdate *out, kr_problem *pb)
{
    out->special = 0;
    out->is_special = false;
    out->ymd = 20000101; /* what a special indicator's form is drawn from */
    const unsigned char *p = rec + s->b.offset;
    if (!s->fmt[0]) {
        kr_date v;
        if (!kr_date_get(s->b.layout, &s->b.field, rec, &v, pb))
            return false;
        if (v.kind != KR_DATE_VALUE) {
            out->is_special = true;
            out->special = v.kind == KR_DATE_NONE ? '0' : '9';
        }
        if (!out->is_special)
            out->ymd = v.ymd;
        return true;
    }
    if (year_fmt(s->fmt))
        return read_year(century, s, p, out, pb);
    char dig[12];
    int n = digits_of(s->fmt, s->julian);
    if (packed_fmt(s->fmt)) {
        size_t m = s->b.length;
        int sign = p[m - 1] & 0x0F;
        if (sign != 0x0C && sign != 0x0F)
            return bad(pb, s, m - 1, "has no positive packed sign");
        char all[12];
        int k = 0;
        for (size_t i = 0; i < m; i++) {
            int hi = p[i] >> 4, lo = p[i] & 0x0F;
            if (hi > 9 || (i + 1 < m && lo > 9))
                return bad(pb, s, i, "is not packed decimal");
            all[k++] = (char)('0' + hi);
            if (i + 1 < m)
                all[k++] = (char)('0' + lo);
        }
        memcpy(dig, all + k - n, (size_t)n); /* Y2V/Y2Y/Y4V/Y4Y carry a leading 0 digit */
    } else {
        unsigned char c0 = p[0];
        bool same = true;
        for (int i = 1; i < n; i++)
            same &= p[i] == c0;
        if (same && (c0 == '0' || c0 == '9' || c0 == ' ' || c0 == 0x00 || c0 == 0xFF)) {
            out->special = (char)c0;
            out->is_special = true;
            return true;
        }
        for (int i = 0; i < n; i++) {
            if (p[i] < '0' || p[i] > '9')
                return bad(pb, s, (size_t)i, "holds a byte that is not a digit");
            dig[i] = (char)p[i];
        }
    }
    dig[n] = 0;
    if (strspn(dig, "0") == (size_t)n || strspn(dig, "9") == (size_t)n) {
        out->special = dig[0];
        out->is_special = true;
        return true;
    }
    int yl = s->fmt[1] == '2' ? 2 : 4, rest = n - yl;
    char ys[5], rs[5];
    bool yfirst = year_first(s->fmt);
    memcpy(ys, yfirst ? dig : dig + rest, (size_t)yl);
    ys[yl] = 0;
    memcpy(rs, yfirst ? dig + yl : dig, (size_t)rest);
    rs[rest] = 0;
    int y = atoi(ys);
    if (yl == 2)
        y = full_year(y, century);
    if (s->julian) {
        int ddd = atoi(rs);
        int days = kr_date_valid_ymd(y, 2, 29) ? 366 : 365;
        if (ddd < 1 || ddd > days)
            return bad(pb, s, 0, "is not a day of the year (001-365, 366 in a leap year)");
        out->ymd = kr_ymd_from_days(kr_days_from_ymd(y * 10000 + 101) + ddd - 1);
        return true;
    }
    int mo = (rs[0] - '0') * 10 + rs[1] - '0', da = (rs[2] - '0') * 10 + rs[3] - '0';
    if (!kr_date_valid_ymd(y, mo, da))
        return bad(pb, s, 0, "is not a calendar date");
    out->ymd = y * 10000 + mo * 100 + da;
    return true;
}

static int day_of_year(int ymd)
{
    return (int)(kr_days_from_ymd(ymd) - kr_days_from_ymd(ymd / 10000 * 10000 + 101)) + 1;
}

/* 0 Sunday .. 6 Saturday (1970-01-01 was a Thursday). */
static int weekday_of(int ymd)
{
    long r = (kr_days_from_ymd(ymd) + 4) % 7;
    return (int)(r < 0 ? r + 7 : r);
}

static void put_text_date(const kr_datefn_prog *d, const rdate *v, unsigned char *dst)
{
    const char *f = d->out_fmt;
    bool jul = d->out_julian;
    char sep = d->df.out_sep; /* TOJUL=/TOGREG= (c), or p,m,Y2x(c) */
    int y = v->ymd / 10000, yl = f[1] == '2' ? 2 : 4;
    char year[12], rest[3][12]; /* room for any int: the values are 2-4 digits */
    int parts;
    snprintf(year, sizeof year, yl == 2 ? "%02d" : "%04d", yl == 2 ? y % 100 : y);
    if (jul) {
        snprintf(rest[0], sizeof rest[0], "%03d", day_of_year(v->ymd));
        parts = 1;
    } else {
        snprintf(rest[0], sizeof rest[0], "%02d", v->ymd / 100 % 100);
        snprintf(rest[1], sizeof rest[1], "%02d", v->ymd % 100);
        parts = 2;
    }
    char out[16];
    size_t k = 0;
    /* year first (T): yyyy-mm-dd, yyyy-ddd; year last (W): mm-dd-yyyy, ddd-yyyy */
    if (year_first(f)) {
        k += (size_t)snprintf(out + k, sizeof out - k, "%s", year);
        for (int i = 0; i < parts; i++) {
            if (sep)
                out[k++] = sep;
            k += (size_t)snprintf(out + k, sizeof out - k, "%s", rest[i]);
        }
    } else {
        for (int i = 0; i < parts; i++) {
            k += (size_t)snprintf(out + k, sizeof out - k, "%s", rest[i]);
            if (sep)
                out[k++] = sep;
        }
        k += (size_t)snprintf(out + k, sizeof out - k, "%s", year);
    }
    if (v->is_special) /* every digit the special byte, separators kept: 000-0000, 99999999 */
        for (size_t i = 0; i < k; i++)
            if (out[i] >= '0' && out[i] <= '9')
                out[i] = v->special;
    memcpy(dst, out, k);
}

static void put_packed_date(const kr_datefn_prog *d, const rdate *v, unsigned char *dst)
{
    const char *f = d->out_fmt;
    int n = digits_of(f, d->out_julian), yl = f[1] == '2' ? 2 : 4;
    long long y = v->ymd / 10000 % (yl == 2 ? 100 : 10000);
    long long rest = d->out_julian ? day_of_year(v->ymd) : v->ymd % 10000;
    long long rl = d->out_julian ? 1000 : 10000, yp = yl == 2 ? 100 : 10000;
    long long num = year_first(f) ? y * rl + rest : rest * yp + y;
    if (v->special == '9')
        for (num = 0; n > 0; n--)
            num = num * 10 + 9;
    else if (v->is_special)
        num = 0;
    kr_number_put(KR_FMT_PD, num, dst, length_of(f, d->out_julian, 0));
}

/* WEEKNUM=USA: weeks start on Sunday and January 1 is in week 1 (1-54). */
static int week_usa(int ymd)
{
    return (day_of_year(ymd) - 1 + weekday_of(ymd / 10000 * 10000 + 101)) / 7 + 1;
}

/* WEEKNUM=ISO (ISO 8601): weeks start on Monday, week 1 holds the year's first Thursday
 * (January 4); the first days of January may be in the last week of the year before, the
 * last days of December in week 1 of the next. */
static int week_iso(int ymd)
{
    int y = ymd / 10000, iso_wd = (weekday_of(ymd) + 6) % 7 + 1; /* Monday 1 .. Sunday 7 */
    int week = (day_of_year(ymd) - iso_wd + 10) / 7;
    if (week < 1)
        return week_iso((y - 1) * 10000 + 1231);
    int jan1 = weekday_of(y * 10000 + 101); /* 0 Sunday: 4 Thursday, 3 Wednesday */
    int weeks = jan1 == 4 || (jan1 == 3 && kr_date_valid_ymd(y, 2, 29)) ? 53 : 52;
    return week > weeks ? 1 : week;
}

/* AGE=: the whole months k from the date to the run date (the date moved by k months, the
 * month's last day when it has no such day, as ADDMONS moves it, is not after the run date),
 * then the days left; YD counts the days after the whole years. */
static bool put_age(const kr_datefn_prog *d, const rdate *v, unsigned char *dst, kr_problem *pb)
{
    int run = d->run_date;
    if (v->ymd > run)
        return bad(pb, &d->in, 0, "is after the run date: AGE= counts from a date to the run date");
    long k = (long)(run / 10000 - v->ymd / 10000) * 12 + (run / 100 % 100 - v->ymd / 100 % 100);
    while (k > 0 && kr_ymd_add_months(v->ymd, k) > run)
        k--;
    bool yd = d->df.age[1] == 'D';
    long whole = yd ? k / 12 * 12 : k;
    long days = kr_days_from_ymd(run) - kr_days_from_ymd(kr_ymd_add_months(v->ymd, whole));
    char s[80];
    if (yd)
        snprintf(s, sizeof s, "%04ld%03ld", k / 12, days);
    else if (d->df.age[2])
        snprintf(s, sizeof s, "%04ld%02ld%02ld", k / 12, k % 12, days);
    else
        snprintf(s, sizeof s, "%04ld%02ld", k / 12, k % 12);
    memcpy(dst, s, d->len);
    return true;
}

/* DT=/DTNS=, WEEKNUM= and AGE=: special indicators keep their byte in every digit (a
 * separator stays), as the other forms write them. */
static bool put_edited(const kr_datefn_prog *d, const rdate *v, unsigned char *dst, kr_problem *pb)
{
    if (v->is_special) {
        memset(dst, v->special, d->len);
        if (d->df.out == KR_DF_DT && d->df.dt_form[3] && v->special != ' ' && v->special != 0x00 &&
            v->special != (char)0xFF) { /* 00/00/0000: the separators after the first two parts */
            size_t first = d->df.dt_form[0] == '4' ? 4 : 2;
            dst[first] = dst[first + 3] = (unsigned char)d->df.dt_form[3];
        }
        return true;
    }
    if (d->df.out == KR_DF_AGE)
        return put_age(d, v, dst, pb);
    if (d->df.out == KR_DF_WEEKNUM) {
        char s[16];
        snprintf(s, sizeof s, "%02d", d->df.weeknum == 'U' ? week_usa(v->ymd) : week_iso(v->ymd));
        memcpy(dst, s, 2);
        return true;
    }
    kr_buf b;
    kr_buf_init(&b);
    kr_now_date_form(v->ymd, d->df.dt_form, &b);
    memcpy(dst, b.data, d->len);
    kr_buf_free(&b);
    return true;
}

bool kr_datefn_apply(const kr_datefn_prog *d, const unsigned char *rec, unsigned char *dst, kr_problem *pb)
{
    rdate v;
    if (!read_date(d->century, &d->in, rec, &v, pb))
        return false;
    if (d->df.op == KR_DF_DATEDIFF) {
        rdate w;
        if (!read_date(d->century, &d->other, rec, &w, pb))
            return false;
        if (v.is_special || w.is_special)
            return bad(pb, v.is_special ? &d->in : &d->other, 0,
                       "is a special indicator (zeros, nines or blanks): DATEDIFF needs two dates");
        long diff = kr_days_from_ymd(v.ymd) - kr_days_from_ymd(w.ymd);
        char s[32];
        snprintf(s, sizeof s, "%c%07ld", diff < 0 ? '-' : '+', diff < 0 ? -diff : diff);
        memcpy(dst, s, 8);
        return true;
    }
    if (!v.is_special) {
        int y = v.ymd / 10000, m = v.ymd / 100 % 100;
        switch (d->df.op) {
        case KR_DF_ADDDAYS:
            v.ymd = kr_ymd_from_days(kr_days_from_ymd(v.ymd) + d->df.amount);
            break;
        case KR_DF_ADDMONS:
            v.ymd = kr_ymd_add_months(v.ymd, d->df.amount);
            break;
        case KR_DF_ADDYEARS:
            v.ymd = kr_ymd_add_months(v.ymd, 12 * d->df.amount);
            break;
        case KR_DF_LASTDAYW: /* the week's Saturday */
            v.ymd = kr_ymd_from_days(kr_days_from_ymd(v.ymd) + 6 - weekday_of(v.ymd));
            break;
        case KR_DF_LASTDAYM:
            v.ymd = kr_ymd_add_months(y * 10000 + m * 100 + 1, 1);
            v.ymd = kr_ymd_from_days(kr_days_from_ymd(v.ymd) - 1);
            break;
        case KR_DF_LASTDAYQ:
            v.ymd = kr_ymd_add_months(y * 10000 + ((m - 1) / 3 * 3 + 1) * 100 + 1, 3);
            v.ymd = kr_ymd_from_days(kr_days_from_ymd(v.ymd) - 1);
            break;
        case KR_DF_LASTDAYY:
            v.ymd = y * 10000 + 1231;
            break;
        case KR_DF_NEXTD:
        case KR_DF_PREVD: {
            int w = weekday_of(v.ymd), target = (int)d->df.amount;
            int step = d->df.op == KR_DF_NEXTD ? (target - w + 7) % 7 : -((w - target + 7) % 7);
            if (step == 0)
                step = d->df.op == KR_DF_NEXTD ? 7 : -7;
            v.ymd = kr_ymd_from_days(kr_days_from_ymd(v.ymd) + step);
            break;
        }
        default:
            break;
        }
        if (v.ymd < 10101 || v.ymd > 99991231)
            return bad(pb, &d->in, 0, "moved leaves the calendar (years 1-9999)");
    }
    if (d->df.out == KR_DF_DT || d->df.out == KR_DF_WEEKNUM || d->df.out == KR_DF_AGE)
        return put_edited(d, &v, dst, pb);
    if (d->df.out == KR_DF_WEEKDAY) {
        static const char *const names[] = {"SUNDAY   ", "MONDAY   ", "TUESDAY  ", "WEDNESDAY",
                                            "THURSDAY ", "FRIDAY   ", "SATURDAY "};
        if (v.is_special) {
            memset(dst, v.special, d->len);
            return true;
        }
        int w = weekday_of(v.ymd);
        if (d->df.weekday == 1)
            dst[0] = (unsigned char)('1' + w);
        else
            memcpy(dst, names[w], (size_t)d->df.weekday);
        return true;
    }
    if (d->todate_layout || d->todate.length) {
        const kr_field *f = &d->todate;
        if (v.is_special) {
            const kr_bytes *sv = v.special == '9' ? f->open_values : f->none_values;
            size_t nsv = v.special == '9' ? f->n_open : f->n_none;
            if (nsv && sv[0].len == f->length) {
                memcpy(dst, sv[0].data, f->length);
                return true;
            }
            memset(dst, v.special == ' ' ? ' ' : v.special, f->length);
            return true;
        }
        if (!kr_date_put(d->todate_layout, f, dst, v.ymd))
            return bad(pb, &d->in, 0, "has no form in the TODATE= field (an era it does not know, or a year out of its window)");
        return true;
    }
    if (v.is_special && (v.special == ' ' || v.special == 0x00 || v.special == (char)0xFF)) {
        memset(dst, v.special, d->len);
        return true;
    }
    if (year_fmt(d->out_fmt) && d->df.y2_packed) { /* p,m,Y2CP: P'ccyy' */
        long long y = v.special == '9' ? 9999 : v.is_special ? 0 : v.ymd / 10000 % 10000;
        kr_number_put(KR_FMT_PD, y, dst, 3);
        return true;
    }
    if (year_fmt(d->out_fmt)) { /* p,m,Y2C: the year with its century */
        char y[12];
        snprintf(y, sizeof y, "%04d", v.ymd / 10000 % 10000);
        memcpy(dst, y, 4);
        return true;
    }
    if (packed_fmt(d->out_fmt))
        put_packed_date(d, &v, dst);
    else
        put_text_date(d, &v, dst);
    return true;
}

bool kr_ydate_get(const kr_bound *b, int century, const unsigned char *rec, kr_date *out, kr_problem *pb)
{
    side s;
    memset(&s, 0, sizeof s);
    s.b = *b;
    memcpy(s.fmt, b->ydate, 4);
    s.julian = julian_of(s.fmt, b->length);
    rdate v;
    if (!read_date(century, &s, rec, &v, pb))
        return false;
    out->era = -1;
    out->era_year = 0;
    out->ymd = v.ymd;
    out->kind = !v.is_special ? KR_DATE_VALUE
              : v.special == '9' || v.special == (char)0xFF ? KR_DATE_OPEN : KR_DATE_NONE;
    return true;
}
