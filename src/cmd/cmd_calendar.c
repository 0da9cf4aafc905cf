/* cmd_calendar.c: `kiroku calendar` — Japan's national holidays, the closed days or the
 * business days of a calendar for a year or a range of dates (docs/CALENDAR.md). */
#include "cmd.h"
#include "cmd_cal.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *out)
{
    fprintf(out,
            "usage: kiroku calendar [--year Y | --from YYYY-MM-DD --to YYYY-MM-DD] [--calendar NAME|FILE]\n"
            "                       [--holidays | --closed-days | --business-days]\n\n"
            "  --year Y          the days of year Y (default: this year)\n"
            "  --from, --to      the days of a range, both included\n"
            "  --calendar NAME   add a city's closed and open days (layouts/calendars/NAME.cal or a path)\n"
            "  --holidays        Japan's national holidays with their names (the default)\n"
            "  --closed-days     every closed day that is not a Saturday or Sunday, with its reason\n"
            "                    (holidays, 年末年始 12/29-1/3, the calendar file's days)\n"
            "  --business-days   the business days\n\n"
            "Holidays are law through the year the Cabinet Office has published; a later year is\n"
            "computed by the rules in force and ends with KRK1401W (return code 4).\n");
}

enum listing { LIST_HOLIDAYS, LIST_CLOSED, LIST_BUSINESS };

static void add_day(kr_buf *out, int ymd, const char *text)
{
    char d[11];
    kr_cal_format_date(ymd, d);
    kr_buf_addf(out, "%s %s%s%s\n", d, cmd_cal_weekday_name(ymd), text ? " " : "", text ? text : "");
}

static bool list_holidays(int from, int to, kr_buf *out, int *projected, kr_err *err)
{
    for (int y = from / 10000; y <= to / 10000; y++) {
        kr_holiday h[KR_HOLIDAYS_MAX];
        int n = kr_holidays_of_year(y, h, err);
        if (n < 0)
            return false;
        if (y > kr_holidays_valid_through())
            *projected = y;
        for (int i = 0; i < n; i++)
            if (h[i].ymd >= from && h[i].ymd <= to)
                add_day(out, h[i].ymd, h[i].name);
    }
    return true;
}

static bool list_days(kr_calendar *cal, enum listing what, int from, int to, kr_buf *out, kr_err *err)
{
    for (int d = from; d <= to; d = kr_cal_add_days(d, 1)) {
        kr_dayinfo info;
        if (!kr_calendar_day(cal, d, &info, err))
            return false;
        int wd = kr_cal_weekday(d);
        if (what == LIST_BUSINESS && info.business)
            add_day(out, d, NULL);
        else if (what == LIST_CLOSED && !info.business && wd != 0 && wd != 6)
            add_day(out, d, info.reason ? info.reason : "休業");
    }
    return true;
}

int cmd_calendar(int argc, char **argv)
{
    static const struct option opts[] = {{"year", required_argument, NULL, 'y'},
                                         {"from", required_argument, NULL, 'f'},
                                         {"to", required_argument, NULL, 't'},
                                         {"calendar", required_argument, NULL, 'c'},
                                         {"holidays", no_argument, NULL, 'H'},
                                         {"closed-days", no_argument, NULL, 'C'},
                                         {"business-days", no_argument, NULL, 'B'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    int from = 0, to = 0;
    uint64_t year = 0;
    const char *calname = NULL;
    enum listing what = LIST_HOLIDAYS;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'y':
            if (!cmd_parse_count(optarg, &year) || year > 9999)
                return cmd_usage_error("calendar", "--year takes a year, not '%s'", optarg);
            break;
        case 'f':
        case 't':
            if (cmd_cal_date_option("calendar", c == 'f' ? "from" : "to", optarg, c == 'f' ? &from : &to) != KR_RC_OK)
                return KR_RC_ENV;
            break;
        case 'c': calname = optarg; break;
        case 'H': what = LIST_HOLIDAYS; break;
        case 'C': what = LIST_CLOSED; break;
        case 'B': what = LIST_BUSINESS; break;
        case 'h': help(stdout); return KR_RC_OK;
        default: return cmd_usage_error("calendar", "unknown option");
        }
    }
    if (optind != argc)
        return cmd_usage_error("calendar", "unexpected argument '%s'", argv[optind]);
    if (year && (from || to))
        return cmd_usage_error("calendar", "give --year or --from and --to, not both");
    if (!year && !from && !to)
        year = (uint64_t)(cmd_cal_today() / 10000);
    if (year) {
        from = (int)year * 10000 + 101;
        to = (int)year * 10000 + 1231;
    }
    if (!from || !to || from > to)
        return cmd_usage_error("calendar", "give both --from and --to, --from not after --to");
    kr_calendar *cal = kr_calendar_new();
    kr_err err;
    kr_buf out;
    kr_buf_init(&out);
    int projected = 0;
    int rc = KR_RC_OK;
    bool ok = (!calname || kr_calendar_load(cal, calname, &err)) &&
              (what == LIST_HOLIDAYS ? list_holidays(from, to, &out, &projected, &err)
                                     : list_days(cal, what, from, to, &out, &err));
    if (ok) {
        rc = cmd_write_stdout(out.data, out.len);
        if (kr_calendar_projected_year(cal) > projected)
            projected = kr_calendar_projected_year(cal);
        if (rc == KR_RC_OK && projected)
            rc = cmd_cal_warn_projected(projected);
    } else {
        fprintf(stderr, "%s\n", err.text);
        rc = err.rc;
    }
    kr_buf_free(&out);
    kr_calendar_free(cal);
    return rc;
}
