/* cmd_cal.h: what `kiroku calendar` and `kiroku schedule` share (cal_shared.c). */
#ifndef KIROKU_CMD_CAL_H
#define KIROKU_CMD_CAL_H

#include "kiroku/calendar.h"

/* 日 月 火 水 木 金 土 for a date. */
const char *cmd_cal_weekday_name(int ymd);
/* Today's date (local time) as yyyymmdd. */
int cmd_cal_today(void);
/* Parses the date of option --opt (YYYY-MM-DD) into *out; returns KR_RC_OK or the usage
 * error's return code. */
int cmd_cal_date_option(const char *cmd, const char *opt, const char *arg, int *out);
/* Prints KRK1401W for the latest year answered by projection; returns KR_RC_WARN. */
int cmd_cal_warn_projected(int year);

#endif
