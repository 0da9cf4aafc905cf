/* rdw.c: variable-length records (RECFM=V/VB): the 4-byte record descriptor word before each
 * record (its length, big-endian in bytes 1-2, counting the RDW itself; bytes 3-4 zero), its
 * checks with the record number and file offset of what is wrong, and the padded in-memory
 * form the engine works on (the RDW, the data, binary zeros up to the maximum length). */
#include "kiroku/recio.h"

#include <string.h>

size_t kr_rdw_length(const unsigned char *rec)
{
    return (size_t)rec[0] << 8 | rec[1];
}

void kr_rdw_set(unsigned char *rec, size_t len)
{
    rec[0] = (unsigned char)(len >> 8);
    rec[1] = (unsigned char)len;
    rec[2] = 0;
    rec[3] = 0;
}

bool kr_rdw_lrecl_valid(size_t lrecl, const char *what, kr_err *err)
{
    if (lrecl >= KR_RDW_MIN_LRECL && lrecl <= KR_RDW_MAX_LRECL)
        return true;
    return kr_fail(err, KR_RC_ENV, "KRK2454E",
                   "%s: a variable-length record's LRECL is its maximum length with the 4-byte RDW, %d to %d, "
                   "not %zu", what, KR_RDW_MIN_LRECL, KR_RDW_MAX_LRECL, lrecl);
}

bool kr_rdw_check(const char *path, const unsigned char *p, size_t avail, size_t lrecl, uint64_t recno,
                  uint64_t off, size_t *len, kr_err *err)
{
    if (avail < 4)
        return kr_fail(err, KR_RC_REJECT, "KRK2453E",
                       "%s: record %llu at byte %llu: the file ends %zu byte%s into its 4-byte RDW", path,
                       (unsigned long long)recno, (unsigned long long)off, avail, avail == 1 ? "" : "s");
    size_t n = kr_rdw_length(p);
    if (p[2] != 0 || p[3] != 0)
        return kr_fail(err, KR_RC_REJECT, "KRK2451E",
                       "%s: record %llu at byte %llu: the RDW's bytes 3-4 are X'%02X%02X', not zeros (a spanned "
                       "segment or not an RDW: kiroku reads RECFM=V/VB, not VS/VBS)",
                       path, (unsigned long long)recno, (unsigned long long)off, p[2], p[3]);
    if (n < 4)
        return kr_fail(err, KR_RC_REJECT, "KRK2450E",
                       "%s: record %llu at byte %llu: the RDW says %zu bytes, less than the RDW itself (4)", path,
                       (unsigned long long)recno, (unsigned long long)off, n);
    if (n > lrecl)
        return kr_fail(err, KR_RC_REJECT, "KRK2452E",
                       "%s: record %llu at byte %llu: the RDW says %zu bytes, more than the LRECL %zu (the "
                       "longest record with its RDW)", path, (unsigned long long)recno, (unsigned long long)off,
                       n, lrecl);
    if (n > avail)
        return kr_fail(err, KR_RC_REJECT, "KRK2453E",
                       "%s: record %llu at byte %llu: the RDW says %zu bytes, but the file ends %zu bytes later "
                       "(at byte %llu)", path, (unsigned long long)recno, (unsigned long long)off, n, avail,
                       (unsigned long long)(off + avail));
    *len = n;
    return true;
}

void kr_rdw_pad(unsigned char *dst, const unsigned char *src, size_t len, size_t lrecl)
{
    memcpy(dst, src, len);
    memset(dst + len, 0, lrecl - len);
}
