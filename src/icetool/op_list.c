/* op_list.c: OCCUR and DISPLAY: reports in a LIST data set. */
#include "icetool.h"

int it_op_occur(it_run *r, it_stmt *st, bool scan)
{
    (void)scan;
    return it_error(r, st, NULL, KR_RC_FAIL, "KRK2334E", "is not done yet");
}

int it_op_display(it_run *r, it_stmt *st, bool scan)
{
    (void)scan;
    return it_error(r, st, NULL, KR_RC_FAIL, "KRK2334E", "is not done yet");
}
