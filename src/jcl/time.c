/* time.c: the TIME= operand of JOB and EXEC (z/OS MVS JCL Reference, "TIME parameter"):
 * minutes, (minutes,seconds), (,seconds), 1440 or NOLIMIT (no limit), MAXIMUM (357,912
 * minutes), 0; as a limit in seconds, and that limit as Slurm's --time. */
#include "kiroku/jcl.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { TIME_MAX_MINUTES = 357912 };

/* A decimal number of at most 7 digits and at most max in [p, end); -1 when there is none. */
static long number(const char *p, const char *end, long max)
{
    if (p == end || end - p > 7)
        return -1;
    long v = 0;
    for (; p < end; p++) {
        if (!isdigit((unsigned char)*p))
            return -1;
        v = v * 10 + (*p - '0');
    }
    return v <= max ? v : -1;
}

bool kr_jcl_time_limit(const char *text, long *seconds)
{
    if (!text)
        return false;
    if (strcasecmp(text, "NOLIMIT") == 0 || strcmp(text, "1440") == 0) {
        *seconds = KR_JCL_TIME_NOLIMIT;
        return true;
    }
    if (strcasecmp(text, "MAXIMUM") == 0) {
        *seconds = (long)TIME_MAX_MINUTES * 60;
        return true;
    }
    size_t n = strlen(text);
    const char *p = text, *end = text + n;
    if (n >= 2 && text[0] == '(' && text[n - 1] == ')') {
        p++;
        end--;
    } else if (strchr(text, ',') || strchr(text, '(') || strchr(text, ')'))
        return false;
    const char *comma = memchr(p, ',', (size_t)(end - p));
    long minutes = 0, secs = 0;
    if (comma) {
        if (comma > p && (minutes = number(p, comma, TIME_MAX_MINUTES)) < 0)
            return false;
        if ((secs = number(comma + 1, end, 59)) < 0)
            return false;
    } else if ((minutes = number(p, end, TIME_MAX_MINUTES)) < 0)
        return false;
    if (minutes == 1440 && !comma) {
        *seconds = KR_JCL_TIME_NOLIMIT;
        return true;
    }
    *seconds = minutes * 60 + secs;
    return true;
}

long kr_jcl_time_step(long job, long step)
{
    if (job == KR_JCL_TIME_NOLIMIT)
        return KR_JCL_TIME_NOLIMIT; /* the job's NOLIMIT nullifies the steps' TIME= */
    if (step == 0 || step == KR_JCL_TIME_NOLIMIT)
        return job ? job : step;
    return job > 0 && job < step ? job : step;
}

void kr_jcl_time_slurm(long seconds, char out[24])
{
    if (seconds == KR_JCL_TIME_NOLIMIT)
        snprintf(out, 24, "UNLIMITED");
    else if (seconds % 60)
        snprintf(out, 24, "%ld:%02ld", seconds / 60, seconds % 60);
    else
        snprintf(out, 24, "%ld", seconds / 60);
}
