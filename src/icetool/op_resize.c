/* op_resize.c: RESIZE: records of one length into records of another (TOLEN(n)): several
 * short records joined into one long record, or each long record cut into short ones, the
 * last one padded with blanks. The records come from a SORT copy (USING's INCLUDE, OMIT,
 * INREC); the cutting is here. One length must be a multiple of the other. */
#include "icetool.h"

#include <stdlib.h>
#include <string.h>

int it_op_resize(it_run *r, it_stmt *st, bool scan)
{
    int rc = KR_RC_OK;
    const char *from, *using4;
    if (!it_from_using(r, st, &from, &using4, &rc))
        return rc;
    it_operand *to = it_get(st, "TO"), *tolen = it_get(st, "TOLEN");
    uint64_t n = 0;
    if (!to || !tolen)
        return it_error(r, st, NULL, KR_RC_FAIL, "KRK2323E", "needs TO(ddname) and TOLEN(n)");
    if (!it_ddname(r, st, to, to->value ? to->value : "") || !it_number(r, st, tolen, &n))
        return KR_RC_FAIL;
    if (n < 1 || n > 1048576)
        return it_error(r, st, tolen, KR_RC_FAIL, "KRK2322E", "TOLEN(n) takes 1 to 1048576");
    if (!it_all_used(r, st))
        return KR_RC_FAIL;
    if (scan)
        return it_check_dds(r, st, from, using4, true, &rc) ? KR_RC_OK : rc;
    it_shape sh;
    char *temp = it_pass(r, st, from, using4, NULL, &sh, &rc);
    if (!temp) {
        it_shape_free(&sh);
        return rc;
    }
    if (sh.framed || (n % sh.lrecl != 0 && sh.lrecl % n != 0)) {
        rc = it_error(r, st, tolen, KR_RC_FAIL, "KRK2339E", "TOLEN(%llu) and FROM's records of %zu bytes%s: one length "
                      "must be a multiple of the other, and the layout without header or trailer records",
                      (unsigned long long)n, sh.lrecl, sh.framed ? " with header or trailer records" : "");
        it_pass_end(temp);
        it_shape_free(&sh);
        return rc;
    }
    it_shape out_sh = {.lrecl = (size_t)n, .term = sh.term, .dd = sh.dd};
    kr_writer *w = it_create(r, &out_sh, to->value, &rc);
    kr_reader *rd = w ? it_open(r, &sh, temp, &rc) : NULL;
    unsigned char *buf = kr_xmalloc((size_t)n);
    size_t fill = 0;
    uint64_t in = 0, written = 0;
    kr_err err;
    const unsigned char *rec;
    int got = 0;
    while (rd && (got = kr_reader_next(rd, &rec, &err)) == 1) {
        in++;
        for (size_t off = 0; off < sh.lrecl;) {
            size_t take = sh.lrecl - off < n - fill ? sh.lrecl - off : (size_t)n - fill;
            memcpy(buf + fill, rec + off, take);
            fill += take;
            off += take;
            if (fill == n) {
                if (!kr_writer_put(w, buf, &err)) {
                    got = -1;
                    break;
                }
                written++;
                fill = 0;
            }
        }
        if (got < 0)
            break;
    }
    if (rd && got == 0 && fill) {
        memset(buf + fill, ' ', (size_t)n - fill);
        if (!kr_writer_put(w, buf, &err))
            got = -1;
        else
            written++;
    }
    if (got < 0)
        rc = it_fail_err(r, &err);
    kr_reader_close(rd);
    if (w && rc < KR_RC_FAIL && !kr_writer_commit(w, &err))
        rc = it_fail_err(r, &err);
    else if (w && rc >= KR_RC_FAIL)
        kr_writer_abort(w);
    if (rc < KR_RC_FAIL)
        fprintf(r->toolmsg, "KRK2340I RESIZE: %llu RECORDS OF %zu BYTES INTO %llu RECORDS OF %llu BYTES IN %s\n",
                (unsigned long long)in, sh.lrecl, (unsigned long long)written, (unsigned long long)n, to->value);
    free(buf);
    it_pass_end(temp);
    it_shape_free(&sh);
    return rc;
}
