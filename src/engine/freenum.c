/* freenum.c: DFSORT's free-form numbers, the formats PARSE's fields and text files carry:
 * UFF takes the digits of a field wherever they are (C'1,234' is 1234, C'(12)' is 12), SFF
 * the same made negative by a '-' or ')' anywhere, CSF (FS) a number with leading blanks and
 * an optional sign (C'  -123'). A field with no digits is 0. */
#include "kiroku/engine.h"

#include <stdio.h>

static bool refuse(const kr_bound *b, size_t at, const char *why, kr_problem *pb)
{
    if (pb) {
        pb->rc = KR_RC_REJECT;
        pb->id = "KRK2257E";
        pb->offset = b->offset + at;
        snprintf(pb->reason, sizeof pb->reason, "%s %s", b->name, why);
    }
    return false;
}

bool kr_free_number(const kr_bound *b, const unsigned char *rec, kr_i128 *v, kr_problem *pb)
{
    const unsigned char *p = rec + b->offset;
    size_t n = b->length, i = 0;
    kr_i128 x = 0;
    int digits = 0;
    bool neg = false;
    if (b->fmt == KR_FMT_CSF) {
        while (i < n && p[i] == ' ')
            i++;
        if (i < n && (p[i] == '+' || p[i] == '-'))
            neg = p[i++] == '-';
        for (; i < n && p[i] >= '0' && p[i] <= '9'; i++) {
            x = x * 10 + (p[i] - '0');
            if (++digits > 31)
                return refuse(b, i, "has more than 31 digits", pb);
        }
        if (i < n && p[i] != ' ')
            return refuse(b, i, "is not a CSF/FS number (blanks, a sign, digits)", pb);
        for (; i < n; i++)
            if (p[i] != ' ')
                return refuse(b, i, "is not a CSF/FS number (blanks, a sign, digits)", pb);
    } else {
        for (; i < n; i++) {
            if (p[i] >= '0' && p[i] <= '9') {
                x = x * 10 + (p[i] - '0');
                if (++digits > 31)
                    return refuse(b, i, "has more than 31 digits", pb);
            } else if (b->fmt == KR_FMT_SFF && (p[i] == '-' || p[i] == ')'))
                neg = true;
        }
    }
    *v = neg ? -x : x;
    return true;
}
