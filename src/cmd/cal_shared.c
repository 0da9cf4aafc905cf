/* cal_shared.c: helpers shared by `kiroku calendar` and `kiroku schedule`: weekday names,
 * today's date, and the warning for holidays that are not law yet. */
#include "cmd.h"
#include "cmd_cal.h"

#include <time.h>

const char *cmd_cal_weekday_name(int ymd)
{
    static const char *const names[] = {"日", "月", "火", "水", "木", "金", "土"};
    return names[kr_cal_weekday(ymd)];
}

int cmd_cal_today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

int cmd_cal_warn_projected(int year)
{
    fprintf(stderr,
            "KRK1401W the national holidays after %d are not law yet (the Cabinet Office publishes each year's in "
            "February of the year before): the days through %d were computed by the rules in force, 春分・秋分 by "
            "formula\n",
            kr_holidays_valid_through(), year);
    return KR_RC_WARN;
}

int cmd_cal_date_option(const char *cmd, const char *opt, const char *arg, int *out)
{
    if (kr_cal_parse_date(arg, out))
        return KR_RC_OK;
    return cmd_usage_error(cmd, "--%s takes a date as YYYY-MM-DD, not '%s'", opt, arg);
}
