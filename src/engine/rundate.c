/* rundate.c: the run's date and time as constants: dates relative to the run date (DATE1,
 * DATE2, DATE3, FYSTART, FYEND and their +n/-n day, month and year offsets), resolved once
 * when a step's statements are compiled, and DFSORT's DATEn, DATEn(c), DATEnP, DATE4, DATE5,
 * TIMEn, TIMEn(c) and TIMEnP as the bytes BUILD writes or the numbers conditions compare. */
#include "kiroku/engine.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int kr_ymd_add_months(int ymd, long months)
{
    long y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
    long total = y * 12 + (m - 1) + months;
    y = total / 12;
    m = total % 12 + 1;
    while (d > 28 && !kr_date_valid_ymd((int)y, (int)m, (int)d))
        d--;
    return (int)(y * 10000 + m * 100 + d);
}

int kr_date_apply_offsets(int ymd, const kr_const *k)
{
    for (int i = 0; i < k->n_offsets; i++) {
        if (k->offset_unit[i] == 'D')
            ymd = kr_ymd_from_days(kr_days_from_ymd(ymd) + k->offset[i]);
        else
            ymd = kr_ymd_add_months(ymd, k->offset_unit[i] == 'M' ? k->offset[i] : 12 * k->offset[i]);
        if (ymd < 10101 || ymd > 99991231)
            return 0; /* left the calendar: the caller says so */
    }
    return ymd;
}

int kr_date_resolve(const kr_const *k, const kr_cond_ctx *ctx)
{
    if (k->yy) { /* Y'yy': January 1 of the year the century window gives */
        int century = ctx->century ? ctx->century : ctx->run_date / 10000 - 80;
        int y = century / 100 * 100 + k->yy - 1;
        return (y < century ? y + 100 : y) * 10000 + 101;
    }
    int ymd = k->ymd ? k->ymd : ctx->run_date;
    if (!k->ymd && (k->date_form == 3 || k->date_form == 4)) {
        /* The fiscal year (年度) of the run date runs from April 1 to March 31. */
        int fy = ymd / 10000 - (ymd / 100 % 100 < 4);
        ymd = k->date_form == 3 ? fy * 10000 + 401 : (fy + 1) * 10000 + 331;
    }
    return kr_date_apply_offsets(ymd, k);
}

/* The day of the year (1-366) of yyyymmdd. */
static int day_of_year(int ymd)
{
    return (int)(kr_days_from_ymd(ymd) - kr_days_from_ymd(ymd / 10000 * 10000 + 101)) + 1;
}

static bool now_date(const kr_const *k, const kr_cond_ctx *ctx, const char *path, int *ymd, kr_err *err)
{
    *ymd = kr_date_resolve(k, ctx);
    if (*ymd < 10101 || *ymd > 99991231)
        return kr_fail(err, KR_RC_ENV, "KRK2250E",
                       "%s:%d:%d: the date is outside the calendar (years 1-9999) on the run date %d", path,
                       k->pos.line, k->pos.col, ctx->run_date);
    return true;
}

bool kr_now_number(const kr_const *k, const kr_cond_ctx *ctx, const char *path, kr_i128 *out, kr_err *err)
{
    int ymd = 0, t = ctx->run_time;
    if (k->date_form < KR_NOW_TIME1 && !now_date(k, ctx, path, &ymd, err))
        return false;
    switch (k->date_form) {
    case KR_NOW_DATE2:
        *out = ymd / 100;
        break;
    case KR_NOW_DATE3:
        *out = ymd / 10000 * 1000 + day_of_year(ymd);
        break;
    case KR_NOW_DATE4:
    case KR_NOW_DATE5:
        *out = (kr_i128)ymd * 1000000 + t;
        if (k->date_form == KR_NOW_DATE5)
            *out = *out * 1000000 + ctx->run_usec;
        break;
    case KR_NOW_TIME1:
        *out = t;
        break;
    case KR_NOW_TIME2:
        *out = t / 100;
        break;
    case KR_NOW_TIME3:
        *out = t / 10000;
        break;
    default:
        *out = ymd;
        break;
    }
    return true;
}

/* Digits of the packed forms: DATE1P 8, DATE2P 6, DATE3P 7, TIME1P 6, TIME2P 4, TIME3P 2. */
static size_t packed_length(int form)
{
    switch (form) {
    case KR_NOW_DATE2:
    case KR_NOW_DATE3:
    case KR_NOW_TIME1:
        return 4;
    case KR_NOW_TIME2:
        return 3;
    case KR_NOW_TIME3:
        return 2;
    default:
        return 5;
    }
}

bool kr_now_bytes(const kr_const *k, const kr_cond_ctx *ctx, const char *path, kr_buf *out, kr_err *err)
{
    kr_i128 v;
    if (!kr_now_number(k, ctx, path, &v, err))
        return false;
    if (k->now_packed) {
        unsigned char pd[8];
        size_t len = packed_length(k->date_form);
        kr_number_put(KR_FMT_PD, v, pd, len);
        kr_buf_add(out, pd, len);
        return true;
    }
    int ymd = k->date_form < KR_NOW_TIME1 ? kr_date_resolve(k, ctx) : 0;
    int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100, t = ctx->run_time;
    int hh = t / 10000, mi = t / 100 % 100, ss = t % 100;
    char c = k->now_sep, s[40];
    switch (k->date_form) {
    case KR_NOW_DATE2:
        c ? snprintf(s, sizeof s, "%04d%c%02d", y, c, m) : snprintf(s, sizeof s, "%04d%02d", y, m);
        break;
    case KR_NOW_DATE3:
        c ? snprintf(s, sizeof s, "%04d%c%03d", y, c, day_of_year(ymd))
          : snprintf(s, sizeof s, "%04d%03d", y, day_of_year(ymd));
        break;
    case KR_NOW_DATE4:
        snprintf(s, sizeof s, "%04d-%02d-%02d-%02d.%02d.%02d", y, m, d, hh, mi, ss);
        break;
    case KR_NOW_DATE5:
        snprintf(s, sizeof s, "%04d-%02d-%02d-%02d.%02d.%02d.%06d", y, m, d, hh, mi, ss, ctx->run_usec);
        break;
    case KR_NOW_TIME1:
        c ? snprintf(s, sizeof s, "%02d%c%02d%c%02d", hh, c, mi, c, ss) : snprintf(s, sizeof s, "%06d", t);
        break;
    case KR_NOW_TIME2:
        c ? snprintf(s, sizeof s, "%02d%c%02d", hh, c, mi) : snprintf(s, sizeof s, "%02d%02d", hh, mi);
        break;
    case KR_NOW_TIME3:
        snprintf(s, sizeof s, "%02d", hh);
        break;
    default:
        c ? snprintf(s, sizeof s, "%04d%c%02d%c%02d", y, c, m, c, d) : snprintf(s, sizeof s, "%08d", ymd);
        break;
    }
    kr_buf_add(out, s, strlen(s));
    return true;
}

void kr_cond_ctx_clock(kr_cond_ctx *ctx)
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    localtime_r(&ts.tv_sec, &tm);
    ctx->run_time = tm.tm_hour * 10000 + tm.tm_min * 100 + tm.tm_sec;
    ctx->run_usec = (int)(ts.tv_nsec / 1000);
}

void kr_now_date_form(int ymd, const char *form, kr_buf *out)
{
    if (form[0] == 'J') { /* YDDD=(abc): the day of the year and the year, "JD4/" or "J4D" */
        char ddd[24], year[16];
        long doy = kr_days_from_ymd(ymd) - kr_days_from_ymd(ymd / 10000 * 10000 + 101) + 1;
        snprintf(ddd, sizeof ddd, "%03ld", doy);
        snprintf(year, sizeof year, "%04d", ymd / 10000);
        kr_buf_adds(out, form[1] == 'D' ? ddd : year);
        if (form[3])
            kr_buf_addc(out, form[3]);
        kr_buf_adds(out, form[1] == 'D' ? year : ddd);
        return;
    }
    for (int i = 0; i < 3; i++) {
        char part[8];
        switch (form[i]) {
        case 'M':
            snprintf(part, sizeof part, "%02d", ymd / 100 % 100);
            break;
        case 'D':
            snprintf(part, sizeof part, "%02d", ymd % 100);
            break;
        case '2':
            snprintf(part, sizeof part, "%02d", ymd / 10000 % 100);
            break;
        default:
            snprintf(part, sizeof part, "%04d", ymd / 10000);
            break;
        }
        if (i && form[3])
            kr_buf_addc(out, form[3]);
        kr_buf_add(out, part, strlen(part));
    }
}

void kr_now_time_form(int hhmmss, const char *form, kr_buf *out)
{
    bool twelve = form[0] == '1';
    int hour = hhmmss / 10000, h = hour, m = hhmmss / 100 % 100, sec = hhmmss % 100;
    if (twelve)
        h = h % 12 == 0 ? 12 : h % 12;
    char s[32];
    if (form[2])
        snprintf(s, sizeof s, "%02d%c%02d%c%02d", h, form[2], m, form[2], sec);
    else
        snprintf(s, sizeof s, "%02d%02d%02d", h, m, sec);
    kr_buf_add(out, s, strlen(s));
    if (twelve)
        kr_buf_add(out, hour < 12 ? " am" : " pm", 3);
}

bool kr_now_for_field(const kr_const *k, const kr_bound *field, const kr_cond_ctx *ctx, const char *path,
                      kr_const *out, kr_err *err)
{
    memset(out, 0, sizeof *out);
    out->pos = k->pos;
    kr_fmt f = field->fmt;
    bool number = f == KR_FMT_ZD || f == KR_FMT_PD || f == KR_FMT_BI || f == KR_FMT_FI;
    if (number) {
        if (k->now_sep)
            return kr_fail(err, KR_RC_ENV, "KRK2251E",
                           "%s:%d:%d: %s is a number; compare it with DATE1P, DATE2P or DATE3P (a date with a "
                           "separator is text)",
                           path, k->pos.line, k->pos.col, field->name);
        out->kind = KR_CONST_NUM;
        return kr_now_number(k, ctx, path, &out->num, err);
    }
    if (k->now_packed)
        return kr_fail(err, KR_RC_ENV, "KRK2251E",
                       "%s:%d:%d: %s is not a number; DATEnP is a decimal number for ZD, PD, BI and FI fields "
                       "(write DATE1, DATE1(c), ... for text)",
                       path, k->pos.line, k->pos.col, field->name);
    kr_buf b;
    kr_buf_init(&b);
    if (!kr_now_bytes(k, ctx, path, &b, err)) {
        kr_buf_free(&b);
        return false;
    }
    /* DFSORT compares a field shorter than the string with the string cut on the right:
     * (1,13,CH,GT,DATE4) compares with C'yyyy-mm-dd-hh'. */
    if (f != KR_FMT_SS && b.len > field->length)
        b.len = field->length;
    out->kind = KR_CONST_CHAR;
    out->len = b.len;
    kr_buf_addc(&b, 0);
    out->bytes = (unsigned char *)kr_buf_take(&b);
    return true;
}

int kr_century_window(unsigned y2past, int run_date)
{
    if (y2past >= 1000)
        return (int)y2past;
    return run_date / 10000 - (int)y2past;
}
