/* totalread.c: the control totals of a file the LEDGER program reads (a master, a
 * transaction file), checked as it reads: a trailer whose totals disagree with the records
 * before it stops the step (KRK1703E, rc 12) before anything is written or committed, or,
 * under PARM TOTALS=WARN, is KRK1750W on the listing and the step ends rc 4 at least. */
#include "internal.h"

void kr_totals_read_init(kr_totals_read *tr, const kr_layout *l, const char *path)
{
    tr->layout = l;
    tr->path = path;
    tr->totals = kr_totals_new(l);
    tr->warn_to = NULL;
    tr->warned = 0;
}

void kr_totals_read_free(kr_totals_read *tr)
{
    kr_totals_free(tr->totals);
    tr->totals = NULL;
}

bool kr_totals_read_next(kr_totals_read *tr, int type, const unsigned char *rec, uint64_t recno, kr_err *err)
{
    if (type < 0)
        return true;
    kr_role role = tr->layout->types[type].role;
    if (role == KR_ROLE_HEADER)
        kr_totals_reset(tr->totals);
    if (role != KR_ROLE_TRAILER) {
        kr_totals_add(tr->totals, type, rec, recno);
        return true;
    }
    kr_problem pb;
    if (!kr_totals_check(tr->totals, type, rec, &pb, 1))
        return true;
    if (!tr->warn_to)
        return kr_fail(err, KR_RC_FAIL, "KRK1703E",
                       "%s record %llu byte %zu: %s; the file is not what its trailer says (a record lost "
                       "or added in transfer?)",
                       tr->path, (unsigned long long)recno, pb.offset + 1, pb.reason);
    /* Relaxed only when asked (PARM TOTALS=WARN), and never silently. */
    fprintf(tr->warn_to, "KRK1750W %s record %llu byte %zu: %s; accepted because of PARM TOTALS=WARN\n", tr->path,
            (unsigned long long)recno, pb.offset + 1, pb.reason);
    tr->warned++;
    return true;
}
