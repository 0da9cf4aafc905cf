/* iftrail.c: OUTFIL IFTRAIL, as DFSORT does it: the records OUTFIL receives hold their own
 * header (the first record, with HD=YES) and trailer (the first later record TRLID picks).
 * Both pass by the OUTFIL's INCLUDE/OMIT, STARTREC, SAMPLE, ACCEPT and BUILD; the header is
 * written as it is, the trailer is kept and written last with TRLUPD's counts and totals of
 * the data records this output holds written over it (its other bytes kept). Records after
 * the trailer are not written (the trailer ends the data, as in DFSORT): a warning says how
 * many. No trailer at all is a warning too: nothing was updated. */
#include "sortjob.h"

#include <stdlib.h>
#include <string.h>

struct iftrail {
    sortjob *j;
    const char *name;      /* the output's first DD name */
    kr_pos pos;
    bool hd, header_seen;
    kr_pred *trlid;
    report *upd;           /* TRLUPD's items (report.c) */
    size_t reclen;
    unsigned char *trailer; /* the trailer met, or NULL */
    uint64_t trailer_record, after, received;
};

iftrail *iftrail_new(sortjob *j, const kr_outfil *of, const kr_scope *sc, size_t out_reclen, const char *name)
{
    if (!of || !of->has_iftrail)
        return NULL;
    iftrail *t = kr_xcalloc(1, sizeof *t);
    t->j = j;
    t->name = name;
    t->pos = of->iftrail_pos;
    t->hd = of->iftrail_hd;
    t->reclen = sc->reclen;
    kr_err e;
    if (out_reclen != sc->reclen) {
        job_failf(j, KR_RC_ENV, "KRK2480E",
                  "%s:%d:%d: IFTRAIL writes the header and trailer as they come, so the output's records are "
                  "%zu bytes as they are; this OUTFIL's BUILD makes %zu-byte records (keep the length, or use OVERLAY)",
                  j->path, t->pos.line, t->pos.col, sc->reclen, out_reclen);
        goto fail;
    }
    t->trlid = kr_pred_build(of->trlid, sc, &j->cctx, j->path, &e);
    if (!t->trlid) {
        job_fail(j, &e);
        goto fail;
    }
    t->upd = report_trlupd_new(j, &of->trlupd, sc, sc->reclen, name);
    if (!t->upd)
        goto fail;
    return t;
fail:
    iftrail_free(t);
    return NULL;
}

int iftrail_route(iftrail *t, const unsigned char *rec)
{
    t->received++;
    if (t->trailer) {
        t->after++;
        return IFT_AFTER;
    }
    if (t->hd && !t->header_seen) {
        t->header_seen = true;
        return IFT_HEADER;
    }
    kr_problem pb;
    int hit = kr_pred_eval(t->trlid, rec, &pb);
    if (hit < 0) {
        job_failf(t->j, pb.rc ? pb.rc : KR_RC_FAIL, pb.id ? pb.id : "KRK0659E",
                  "IFTRAIL TRLID: %s's record %llu byte %zu: %s", t->name, (unsigned long long)t->received,
                  pb.offset + 1, pb.reason);
        return -1;
    }
    if (!hit)
        return IFT_DATA;
    t->trailer = kr_xmalloc(t->reclen ? t->reclen : 1);
    memcpy(t->trailer, rec, t->reclen);
    t->trailer_record = t->received;
    return IFT_TRAILER;
}

bool iftrail_data(iftrail *t, const unsigned char *values)
{
    return report_trlupd_add(t->upd, values);
}

bool iftrail_trailer(iftrail *t, const unsigned char **trailer)
{
    *trailer = NULL;
    if (!t->trailer) {
        job_warn(t->j, "KRK2482W", "%s: IFTRAIL: no record met TRLID, so there was no trailer to update (%llu record%s "
                                   "received)", t->name, (unsigned long long)t->received, t->received == 1 ? "" : "s");
        return true;
    }
    if (t->after)
        job_warn(t->j, "KRK2481W", "%s: IFTRAIL: the trailer is record %llu; the %llu record%s after it %s not written "
                                   "(the trailer ends the data)", t->name, (unsigned long long)t->trailer_record,
                 (unsigned long long)t->after, t->after == 1 ? "" : "s", t->after == 1 ? "was" : "were");
    if (!report_trlupd_fill(t->upd, t->trailer))
        return false;
    *trailer = t->trailer;
    return true;
}

void iftrail_listing(const iftrail *t, FILE *out)
{
    fprintf(out, " (+ %s%s)", t->header_seen ? "its header, " : "",
            t->trailer ? "its trailer updated by TRLUPD" : "no trailer");
}

void iftrail_free(iftrail *t)
{
    if (!t)
        return;
    kr_pred_free(t->trlid);
    report_free(t->upd);
    free(t->trailer);
    free(t);
}
