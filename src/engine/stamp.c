/* stamp.c: DFSORT's SMF and TOD-clock date and time formats, read as numbers that BUILD
 * writes as zoned digits (or edits): DT1/DT2/DT3 an SMF date P'cyyddd' (X'0cyydddF', c the
 * century after 1900) as yyyymmdd, yyyymm, yyyyddd; TM1..TM4 an SMF time (a 4-byte binary
 * count of hundredths of a second since midnight) as hhmmss, hhmm, hh, hhmmssxx; DC1..DC3
 * and TC1..TC4 the same from an 8-byte TOD clock (bit 51 is one microsecond, counted from
 * 1900-01-01 00:00). */
#include "kiroku/engine.h"

#include <string.h>

unsigned kr_stamp_digits(const char *name)
{
    if (name[0] == 'D')
        return name[2] == '1' ? 8 : name[2] == '2' ? 6 : 7;
    return name[2] == '1' ? 6 : name[2] == '2' ? 4 : name[2] == '3' ? 2 : 8;
}

size_t kr_stamp_length(const char *name)
{
    return name[1] == 'C' ? 8 : 4; /* DCn, TCn: a TOD clock; DTn, TMn: SMF */
}

static bool bad(const kr_bound *b, kr_problem *pb, const char *what)
{
    if (pb) {
        pb->rc = KR_RC_REJECT;
        pb->id = "KRK2431E";
        pb->offset = b->offset;
        snprintf(pb->reason, sizeof pb->reason, "%s %s", b->name, what);
    }
    return false;
}

/* The date (yyyymmdd) and the hundredths of a second of the day that the field holds. */
static bool read_stamp(const kr_bound *b, const unsigned char *p, int *ymd, long *hundredths, kr_problem *pb)
{
    if (b->ydate[1] == 'C') { /* TOD clock */
        unsigned long long tod = 0;
        for (int i = 0; i < 8; i++)
            tod = tod << 8 | p[i];
        unsigned long long us = tod >> 12;
        long long days = (long long)(us / 86400000000ULL);
        *hundredths = (long)(us % 86400000000ULL / 10000);
        *ymd = kr_ymd_from_days(kr_days_from_ymd(19000101) + days);
        return true;
    }
    if (b->ydate[0] == 'T') { /* SMF time */
        unsigned long t = (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
        if (t >= 8640000)
            return bad(b, pb, "is not a time of day (hundredths of a second below 8640000)");
        *hundredths = (long)t;
        return true;
    }
    int nib[8]; /* SMF date: X'0cyydddF' */
    for (int i = 0; i < 4; i++) {
        nib[2 * i] = p[i] >> 4;
        nib[2 * i + 1] = p[i] & 0x0F;
    }
    for (int i = 0; i < 7; i++)
        if (nib[i] > 9)
            return bad(b, pb, "is not an SMF date P'cyyddd'");
    if (nib[7] != 0x0F && nib[7] != 0x0C)
        return bad(b, pb, "has no positive packed sign");
    int year = 1900 + (nib[0] * 10 + nib[1]) * 100 + nib[2] * 10 + nib[3];
    int ddd = nib[4] * 100 + nib[5] * 10 + nib[6];
    int days = kr_date_valid_ymd(year, 2, 29) ? 366 : 365;
    if (ddd < 1 || ddd > days)
        return bad(b, pb, "is not a day of the year (001-365, 366 in a leap year)");
    *ymd = kr_ymd_from_days(kr_days_from_ymd(year * 10000 + 101) + ddd - 1);
    return true;
}

bool kr_stamp_number(const kr_bound *b, const unsigned char *rec, kr_i128 *v, kr_problem *pb)
{
    int ymd = 0;
    long h = 0;
    if (!read_stamp(b, rec + b->offset, &ymd, &h, pb))
        return false;
    char n = b->ydate[2];
    if (b->ydate[0] == 'D') {
        int doy = (int)(kr_days_from_ymd(ymd) - kr_days_from_ymd(ymd / 10000 * 10000 + 101)) + 1;
        *v = n == '1' ? ymd : n == '2' ? ymd / 100 : (long)ymd / 10000 * 1000 + doy;
        return true;
    }
    long hh = h / 360000, mm = h / 6000 % 60, ss = h / 100 % 60, xx = h % 100;
    *v = n == '1' ? hh * 10000 + mm * 100 + ss : n == '2' ? hh * 100 + mm : n == '3' ? hh
       : ((hh * 100 + mm) * 100 + ss) * 100 + xx;
    return true;
}
