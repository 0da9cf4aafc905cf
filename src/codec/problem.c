/* problem.c: filling in a kr_problem (codec.h), the one way the codecs and the field check
 * say what is wrong with a field. */
#include "kiroku/codec.h"

#include <stdio.h>

void kr_problem_vset(kr_problem *pb, int rc, const char *id, size_t offset, const char *fmt, va_list ap)
{
    if (!pb)
        return;
    pb->rc = rc;
    pb->id = id;
    pb->offset = offset;
    vsnprintf(pb->reason, sizeof pb->reason, fmt, ap);
}

void kr_problem_set(kr_problem *pb, int rc, const char *id, size_t offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kr_problem_vset(pb, rc, id, offset, fmt, ap);
    va_end(ap);
}
