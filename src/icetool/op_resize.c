/* op_resize.c: RESIZE: records of one length into records of another (TOLEN(n)), as DFSORT
 * does it: as many whole short records as fit joined into one long record, the rest of it
 * blanks; or each long record cut into pieces, its last piece padded with blanks. A record
 * is never split across two output records. The records come from a SORT call (USING's
 * INCLUDE, OMIT, INREC and SORT); the joining and cutting is here. */
#include "icetool.h"

#include <stdlib.h>
#include <string.h>

/* Writes buf's first fill bytes padded with blanks to n. */
static bool put_padded(kr_writer *w, unsigned char *buf, size_t fill, size_t n, uint64_t *written, kr_err *err)
{
    memset(buf + fill, ' ', n - fill);
    if (!kr_writer_put(w, buf, err))
        return false;
    (*written)++;
    return true;
}

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
        return it_check_dds(r, st, from, using4, IT_USING_SELECTS_SORT, &rc) ? KR_RC_OK : rc;
    it_shape sh;
    char *temp = it_pass_sorting(r, st, from, using4, &sh, &rc);
    if (!temp) {
        it_shape_free(&sh);
        return rc;
    }
    if (sh.framed) {
        rc = it_error(r, st, tolen, KR_RC_FAIL, "KRK2339E", "FROM's layout has header or trailer records: RESIZE "
                      "joins or cuts every record alike; resize the data records only");
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
        if (sh.lrecl <= n) { /* joined: a record that no longer fits starts the next one */
            if (fill + sh.lrecl > n) {
                if (!put_padded(w, buf, fill, (size_t)n, &written, &err)) {
                    got = -1;
                    break;
                }
                fill = 0;
            }
            memcpy(buf + fill, rec, sh.lrecl);
            fill += sh.lrecl;
            continue;
        }
        for (size_t off = 0; off < sh.lrecl && got > 0; off += (size_t)n) { /* cut */
            size_t take = sh.lrecl - off < n ? sh.lrecl - off : (size_t)n;
            memcpy(buf, rec + off, take);
            if (!put_padded(w, buf, take, (size_t)n, &written, &err))
                got = -1;
        }
        if (got < 0)
            break;
    }
    if (rd && got == 0 && fill && !put_padded(w, buf, fill, (size_t)n, &written, &err))
        got = -1;
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
