/* dates.c: the few date operations the calendar needs, over codec's day numbers: ISO text
 * (YYYY-MM-DD) both ways, the weekday, adding days. */
#include "kiroku/calendar.h"
#include "kiroku/codec.h"

#include <stdio.h>
#include <string.h>

bool kr_cal_parse_date(const char *s, int *ymd)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (!kr_date_valid_ymd(y, m, d))
        return false;
    *ymd = y * 10000 + m * 100 + d;
    return true;
}

void kr_cal_format_date(int ymd, char *out)
{
    unsigned v = (unsigned)ymd;
    snprintf(out, 11, "%04u-%02u-%02u", v / 10000 % 10000, v / 100 % 100, v % 100);
}

int kr_cal_weekday(int ymd)
{
    long days = kr_days_from_ymd(ymd); /* 1970-01-01 was a Thursday (4) */
    long w = (days + 4) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

int kr_cal_add_days(int ymd, long n)
{
    return kr_ymd_from_days(kr_days_from_ymd(ymd) + n);
}
