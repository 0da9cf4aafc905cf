/* op_defaults.c: DEFAULTS, which on z/OS lists DFSORT's installation options: here the options
 * this step's SORT calls and operators run with (memory, threads, work files, the run date,
 * SORT's option defaults, ICETOOL's own), each with where it comes from, to LIST. */
#include "icetool.h"

#include "kiroku/sort.h"

#include <stdlib.h>
#include <string.h>

static void item(kr_buf *b, const char *name, const char *value, const char *from)
{
    kr_buf_addf(b, "%-16s %-24s %s\n", name, value, from);
}

static void defaults_report(const it_run *r, kr_buf *b)
{
    const kr_step *s = r->step;
    char v[96];
    kr_buf_adds(b, "KIROKU ICETOOL DEFAULTS: THE OPTIONS OF THIS STEP'S SORT CALLS AND OPERATORS\n\n");
    item(b, "OPTION", "VALUE", "SET BY");
    item(b, "------", "-----", "------");
    size_t mem = s->memory ? s->memory : kr_sort_default_memory();
    snprintf(v, sizeof v, "%zu MiB", mem >> 20);
    item(b, "MEMORY", v, s->memory ? "REGION= / -m" : "default: half the machine's memory (REGION= / -m)");
    snprintf(v, sizeof v, "%d", s->threads > 0 ? s->threads : kr_sort_default_threads());
    item(b, "THREADS", v, s->threads > 0 ? "CORES= / -j" : "default: the online processors, at most 8 (CORES= / -j)");
    const char *env = getenv("TMPDIR");
    item(b, "WORK FILES", s->tmpdir ? s->tmpdir : env && *env ? env : "/tmp",
         s->tmpdir ? "-T" : env && *env ? "$TMPDIR" : "default (-T, $TMPDIR)");
    snprintf(v, sizeof v, "%04d/%02d/%02d", s->run_date / 10000, s->run_date / 100 % 100, s->run_date % 100);
    item(b, "RUN DATE", v, "--date / the job's date, else today (DATE1..., Y2PAST)");
    item(b, "EQUALS", "EQUALS", "OPTION NOEQUALS");
    item(b, "OVFLO", "RC0", "OPTION OVFLO=RC4|RC16 (a SUM overflow)");
    item(b, "Y2PAST", "80", "OPTION Y2PAST=s|f (two-digit years)");
    item(b, "RECORDS", "fixed, lf", "LAYOUT= / LRECL=, terminator=");
    item(b, "MODE", "STOP", "MODE CONTINUE|SCAN");
    item(b, "TOOLMSG", kr_step_dd(s, "TOOLMSG") ? "DD TOOLMSG" : "the step's listing", "DD TOOLMSG");
    item(b, "DFSMSG", kr_step_dd(s, "DFSMSG") ? "DD DFSMSG" : "the step's listing", "DD DFSMSG");
    item(b, "LINES", "58", "OCCUR, DISPLAY: LINES(n)");
    item(b, "BETWEEN", "3", "OCCUR, DISPLAY: BETWEEN(n)");
    item(b, "DIGITS", "15", "COUNT WRITE: DIGITS(d)");
    item(b, "LIMIT", "200", "VERIFY: LIMIT(n)");
}

int it_op_defaults(it_run *r, it_stmt *st, bool scan)
{
    int rc = KR_RC_OK;
    const char *list = it_list_dd(r, st, &rc);
    if (!list)
        return rc;
    if (!it_all_used(r, st))
        return KR_RC_FAIL;
    if (scan)
        return KR_RC_OK;
    kr_buf b;
    kr_buf_init(&b);
    defaults_report(r, &b);
    rc = it_list_write(r, list, &b);
    kr_buf_free(&b);
    if (rc == KR_RC_OK)
        fprintf(r->toolmsg, "KRK2421I DEFAULTS LISTED IN %s\n", list);
    return rc;
}
