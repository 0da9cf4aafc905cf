/* rundate.c: dates relative to the run date (DATE1, DATE2, FYSTART, FYEND and their +n/-n
 * day, month and year offsets), resolved once when a step's statements are compiled. */
#include "kiroku/engine.h"

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
    int ymd = k->ymd ? k->ymd : ctx->run_date;
    if (!k->ymd && (k->date_form == 3 || k->date_form == 4)) {
        /* The fiscal year (年度) of the run date runs from April 1 to March 31. */
        int fy = ymd / 10000 - (ymd / 100 % 100 < 4);
        ymd = k->date_form == 3 ? fy * 10000 + 401 : (fy + 1) * 10000 + 331;
    }
    return kr_date_apply_offsets(ymd, k);
}
