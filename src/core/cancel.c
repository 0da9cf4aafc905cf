/* cancel.c: how a long-running library function learns that its program was asked to stop
 * (the flag a SIGINT/SIGTERM handler in main sets) and the one message every program ends
 * with then. */
#include "kiroku/core.h"

bool kr_cancelled(const volatile sig_atomic_t *cancel)
{
    return cancel && *cancel;
}

bool kr_fail_cancelled(kr_err *err, const char *program, uint64_t records, const char *what)
{
    if (records == UINT64_MAX)
        return kr_fail(err, 12, "KRK0708E", "%s interrupted (SIGINT or SIGTERM); %s", program, what);
    return kr_fail(err, 12, "KRK0708E", "%s interrupted (SIGINT or SIGTERM) after %llu record%s; %s", program,
                   (unsigned long long)records, records == 1 ? "" : "s", what);
}
