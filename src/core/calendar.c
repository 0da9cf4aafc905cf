/* calendar.c: the Gregorian calendar's days, for every module that reads a date written by a
 * person (option values, control statements, layouts) or stored in a field. */
#include "kiroku/core.h"

#include <stdio.h>
#include <string.h>

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

bool kr_date_valid_ymd(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

bool kr_date_parse_iso(const char *s, int *ymd)
{
    int y, m, d;
    char extra;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3)
        return false;
    if (!kr_date_valid_ymd(y, m, d))
        return false;
    *ymd = y * 10000 + m * 100 + d;
    return true;
}
