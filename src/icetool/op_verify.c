/* op_verify.c: VERIFY, DFSORT's check of decimal fields: every ON(p,m,PD|ZD) (or packed or
 * zoned field of FROM's layout) of every record SORT passes on (after USING's INCLUDE/OMIT/
 * INREC) is read as a number; each one that cannot be is listed with its record, byte and
 * offset (never its bytes: the field may be 個人番号's), up to LIMIT(n), and the operation
 * ends with rc 12. */
#include "icetool.h"

#include <stdlib.h>
#include <string.h>

#define VERIFY_MAX_ON 50
#define VERIFY_DEFAULT_LIMIT 200

static bool is_decimal(const it_field *f)
{
    if (f->b.fmt == KR_FMT_PD || f->b.fmt == KR_FMT_ZD)
        return true;
    return f->b.fmt == KR_FMT_NONE && f->b.has_field && (f->b.field.type == KR_F_PD || f->b.field.type == KR_F_ZD);
}

typedef struct verify_count {
    uint64_t records, invalid;
    bool limit_reached;
} verify_count;

static int examine(it_run *r, const it_shape *sh, const it_fields *f, const char *temp, uint64_t limit,
                   verify_count *vc)
{
    int rc = KR_RC_OK;
    kr_reader *rd = it_open(r, sh, temp, &rc);
    if (!rd)
        return rc;
    const unsigned char *rec;
    kr_err err;
    int got;
    while (!vc->limit_reached && (got = kr_reader_next(rd, &rec, &err)) == 1) {
        uint64_t recno = kr_reader_recno(rd);
        if (!(recno & 4095) && kr_cancelled(r->step->cancel)) {
            kr_fail_cancelled(&err, "ICETOOL", recno, "VERIFY stopped");
            got = -1;
            break;
        }
        if (!it_is_data(sh, rec))
            continue;
        vc->records++;
        for (size_t i = 0; i < f->n && !vc->limit_reached; i++) {
            kr_i128 v;
            unsigned scale;
            kr_problem pb;
            memset(&pb, 0, sizeof pb);
            if (kr_bound_number(&f->v[i].b, rec, &v, &scale, &pb))
                continue;
            vc->invalid++;
            char line[900];
            snprintf(line, sizeof line, "KRK2417E FROM(%s) record %llu byte %zu (file offset %llu of the records read): "
                     "ON(%s) is not a valid %s number: %s", sh->dd->ddname, (unsigned long long)recno,
                     pb.offset + 1, (unsigned long long)(kr_reader_offset(rd) + pb.offset), f->v[i].text,
                     f->v[i].b.fmt == KR_FMT_PD || (f->v[i].b.has_field && f->v[i].b.field.type == KR_F_PD)
                         ? "packed decimal" : "zoned decimal", pb.reason);
            fprintf(r->toolmsg, "%s\n", line);
            if (r->step->msg != r->toolmsg)
                fprintf(r->step->msg, "%s\n", line);
            if (vc->invalid == limit) {
                vc->limit_reached = true;
                fprintf(r->toolmsg, "KRK2418I VERIFY LIMIT(%llu) REACHED: the rest of FROM(%s) was not examined\n",
                        (unsigned long long)limit, sh->dd->ddname);
            }
        }
    }
    if (!vc->limit_reached && got < 0)
        rc = it_fail_err(r, &err);
    kr_reader_close(rd);
    return rc;
}

int it_op_verify(it_run *r, it_stmt *st, bool scan)
{
    int rc = KR_RC_OK;
    const char *from = it_from(r, st, &rc), *using4 = NULL;
    if (!from || !it_using4(r, st, &using4, &rc))
        return rc;
    uint64_t limit = VERIFY_DEFAULT_LIMIT;
    it_operand *lo = it_get(st, "LIMIT");
    if (lo && !it_number(r, st, lo, &limit))
        return KR_RC_FAIL;
    if (lo && limit == 0)
        return it_error(r, st, lo, KR_RC_FAIL, "KRK2322E", "LIMIT(0): give the number of invalid values to list, 1 or more");
    it_fields f;
    if (!it_bind_on(r, st, from, using4, true, false, 0, &f, &rc))
        return rc;
    if (!f.n || f.n > VERIFY_MAX_ON)
        rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2323E", "needs 1 to %d ON(p,m,PD) or ON(p,m,ZD) fields", VERIFY_MAX_ON);
    for (size_t i = 0; rc == KR_RC_OK && i < f.n; i++)
        if (!is_decimal(&f.v[i]))
            rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2419E", "ON(%s): VERIFY checks decimal fields: give PD or ZD, or "
                          "a packed or zoned field of the layout", f.v[i].text);
    if (rc == KR_RC_OK && !it_all_used(r, st))
        rc = KR_RC_FAIL;
    if (rc == KR_RC_OK && scan)
        it_check_dds(r, st, from, using4, true, &rc);
    it_shape sh;
    char *temp = NULL;
    if (rc == KR_RC_OK && !scan)
        temp = it_pass(r, st, from, using4, NULL, &sh, &rc);
    if (temp) {
        verify_count vc = {0};
        int vrc = examine(r, &sh, &f, temp, limit, &vc);
        rc = vrc > rc ? vrc : rc;
        if (vrc < KR_RC_FAIL) {
            fprintf(r->toolmsg, "KRK2420I VERIFY: %llu RECORDS EXAMINED, %llu INVALID DECIMAL VALUES\n",
                    (unsigned long long)vc.records, (unsigned long long)vc.invalid);
            if (vc.invalid && rc < KR_RC_FAIL)
                rc = KR_RC_FAIL;
        }
        it_pass_end(temp);
        it_shape_free(&sh);
    }
    it_fields_free(&f);
    return rc;
}
