/* vb.c: variable-length records (RECFM=VB) in the SORT program. Records travel padded to
 * the LRECL with binary zeros (recio.h), their RDW first, so positions count from the RDW as
 * in DFSORT. Here: what is refused with them; a record too short for a key, a condition or a
 * reformatting field (DFSORT's ICE218A: stopped unless VLSHRT, VLSCMP or VLFILL says
 * otherwise); the RDW after a BUILD (the built record's length); OUTFIL FTOV (an RDW before
 * each fixed record, VLTRIM= trimming), VTOF (fixed records out of variable ones). */
#include "vb.h"

#include <stdlib.h>
#include <string.h>

bool vb_setup(sortjob *j)
{
    const kr_sort_opts *o = j->o;
    kr_terminator term = o->layout ? o->layout->terminator : o->terminator;
    j->vb = term == KR_TERM_RDW;
    for (size_t i = 0; i < o->n_dds; i++) {
        const char *name = o->dds[i].name;
        bool side = strcmp(name, "SORTJNF1") == 0 || strcmp(name, "SORTJNF2") == 0;
        for (int k = 0; k < 2; k++)
            side |= j->ctl->join[k].ddname && strcmp(name, j->ctl->join[k].ddname) == 0;
        if (side && o->dds[i].terminator == KR_TERM_RDW)
            return job_failf(j, KR_RC_ENV, "KRK2457E",
                             "%s: variable-length records (RECFM=VB) are not joined by kiroku yet (JOINKEYS); "
                             "convert the side with OUTFIL VTOF first", name);
    }
    if (!j->vb)
        return true;
    kr_err e;
    if (!kr_rdw_lrecl_valid(o->lrecl, "SORTIN", &e))
        return job_fail(j, &e);
    if (j->ctl->join[0].present)
        return job_failf(j, KR_RC_ENV, "KRK2457E",
                         "SORTIN: variable-length records (RECFM=VB) are not joined by kiroku yet (JOINKEYS)");
    if (o->phase != KR_PART_WHOLE)
        return job_failf(j, KR_RC_ENV, "KRK2457E",
                         "SORTIN: variable-length records (RECFM=VB) are sorted in one piece, not partitioned "
                         "(leave PARTITIONS= out)");
    return true;
}

/* ---- the input stage ---------------------------------------------------------------------- */

static size_t keys_extent(const kr_keyplan *kp)
{
    size_t end = 0;
    for (size_t i = 0; i < kp->n; i++)
        if (kp->parts[i].b.offset + kp->parts[i].b.length > end)
            end = kp->parts[i].b.offset + kp->parts[i].b.length;
    return end;
}

void vb_stage_init(stage *s)
{
    sortjob *j = s->j;
    s->vb_cond = s->vb_inrec = s->vb_key = 0;
    if (!j->vb)
        return;
    s->vb_cond = s->include ? kr_pred_extent(s->include) : 0;
    s->vb_inrec = s->inrec ? kr_rebuild_extent(s->inrec) : 0;
    s->vb_key = keys_extent(&j->kp);
}

/* KRK2456E: the record, its length, what reads past it and how far. */
static bool short_fail(sortjob *j, const recsrc *src, const unsigned char *rec, size_t need, const char *what,
                       const char *fix)
{
    kr_buf w;
    kr_buf_init(&w);
    src->where(src->self, &w);
    size_t len = kr_rdw_length(rec);
    bool r = job_failf(j, KR_RC_FAIL, "KRK2456E",
                       "%s is %zu bytes long (its RDW) but %s reads to byte %zu: a short record (DFSORT's ICE218A); %s",
                       w.data, len, what, need, fix);
    kr_buf_free(&w);
    return r;
}

int vb_stage_cond(stage *s, const unsigned char *rec)
{
    if (!s->vb_cond || kr_rdw_length(rec) >= s->vb_cond || s->j->ctl->vlscmp)
        return 1; /* VLSCMP: the short field compares as padded with binary zeros, as it lies */
    if (s->j->ctl->vlshrt)
        return 0;
    return short_fail(s->j, &s->in, rec, s->vb_cond, s->what,
                      "OPTION VLSHRT makes the condition false for it, VLSCMP compares it padded with binary "
                      "zeros") ? 1 : -1;
}

bool vb_stage_inrec(stage *s, const unsigned char *rec)
{
    if (!s->vb_inrec || kr_rdw_length(rec) >= s->vb_inrec)
        return true;
    return short_fail(s->j, &s->in, rec, s->vb_inrec, "INREC",
                      "DFSORT stops on it too; reformat short records with OUTFIL and VLFILL=");
}

/* INREC's and OUTREC's FINDREP of the whole record run after the RDW (kr_rebuild_apply_rdw:
 * DFSORT starts at position 5 and changes the record's length); inside IFTHEN and on OUTFIL
 * it would search the RDW and the padding: not yet (whole_ok false). */
static bool findrep_refused(sortjob *j, const kr_reformat *rf, const char *what, bool whole_ok)
{
    if (rf->kind != KR_RF_FINDREP && !rf->findrep)
        return false;
    if (whole_ok && rf->kind == KR_RF_FINDREP)
        return false;
    job_failf(j, KR_RC_ENV, "KRK2458E",
              "%s:%d:%d: %s: FINDREP on variable-length records is not supported yet; convert with OUTFIL VTOF "
              "first", j->path, rf->pos.line, rf->pos.col, what);
    return true;
}

bool vb_check_rebuild(sortjob *j, const kr_rebuild *rb, const kr_reformat *rf, const char *what)
{
    if (!j->vb)
        return true;
    if (findrep_refused(j, rf, what, true))
        return false;
    if (kr_rebuild_keeps_rdw(rb))
        return true;
    return job_failf(j, KR_RC_ENV, "KRK2459E",
                     "%s:%d:%d: %s for variable-length records starts with the RDW: BUILD=(1,4,...) (DFSORT sets "
                     "its length); OUTFIL VTOF makes fixed records", j->path, rf->pos.line, rf->pos.col, what);
}

void vb_after_rebuild(const kr_rebuild *rb, const unsigned char *in, unsigned char *out, size_t reclen)
{
    if (reclen < 4 || !kr_rebuild_builds(rb))
        return;
    size_t len = reclen, src, in_length;
    if (kr_rebuild_rest(rb, &src, &in_length)) {
        /* The variable part: only the bytes the input record has from p on. */
        size_t have = kr_rdw_length(in), rest = have > src ? have - src : 0;
        len = reclen - (in_length - src) + rest;
        if (len < 4)
            len = 4;
    }
    kr_rdw_set(out, len);
}

bool vb_stage_key(stage *s, const unsigned char *rec)
{
    if (!s->vb_key || kr_rdw_length(rec) >= s->vb_key || s->j->ctl->vlshrt)
        return true; /* VLSHRT: the key compares padded with binary zeros */
    return short_fail(s->j, &s->in, rec, s->vb_key, "the SORT/MERGE key",
                      "OPTION VLSHRT sorts it with the missing bytes as binary zeros");
}

/* ---- the outputs --------------------------------------------------------------------------- */

struct vbout {
    sortjob *j;
    const char *ddname;
    int conv;                 /* KR_RECFM_SAME, FTOV, VTOF */
    bool vb_in, vb_out;       /* the records it gets, the records it writes */
    size_t need;              /* the bytes BUILD reads */
    bool has_fill, has_trim;
    unsigned char fill, trim;
    size_t inlen;
    unsigned char *src, *line;
};

bool vb_output_open(sortjob *j, const kr_outfil *of, const kr_rebuild *rb, const char *ddname, size_t *lrecl,
                    kr_terminator *term, vbout **out)
{
    *out = NULL;
    int conv = of ? (int)of->recfm_conv : KR_RECFM_SAME;
    const kr_dd *dd = NULL;
    for (size_t i = 0; i < j->o->n_dds; i++)
        if (strcmp(j->o->dds[i].name, ddname) == 0)
            dd = &j->o->dds[i];
    bool writes_vb = conv == KR_RECFM_FTOV || (j->vb && conv != KR_RECFM_VTOF);
    if (dd && dd->terminator == KR_TERM_RDW && !dd->layout && !writes_vb)
        return job_failf(j, KR_RC_ENV, "KRK2458E",
                         "%s: %s is RECFM=VB but the records written there are fixed; give its OUTFIL FTOV",
                         ddname, dd->path);
    bool has_fill = of && of->has_vlfill, has_trim = of && of->has_vltrim;
    const char *where = j->path;
    int line = of ? of->pos.line : 0, col = of ? of->pos.col : 0;
    if (!j->vb && conv != KR_RECFM_FTOV) {
        if (conv == KR_RECFM_VTOF || has_fill || has_trim)
            return job_failf(j, KR_RC_ENV, "KRK2458E",
                             "%s:%d:%d: %s works on variable-length records and SORTIN's are fixed (give "
                             "--recfm VB or RECFM=VB for an input with RDWs)",
                             where, line, col, conv == KR_RECFM_VTOF ? "VTOF" : has_fill ? "VLFILL=" : "VLTRIM=");
        return true;
    }
    if (j->vb && conv == KR_RECFM_FTOV)
        return job_failf(j, KR_RC_ENV, "KRK2458E",
                         "%s:%d:%d: FTOV makes variable-length records out of fixed ones; SORTIN's already have RDWs",
                         where, line, col);
    if (conv == KR_RECFM_VTOF && !rb)
        return job_failf(j, KR_RC_ENV, "KRK2458E",
                         "%s:%d:%d: VTOF needs BUILD= (or OUTREC=) to say which bytes make the fixed record, e.g. "
                         "VTOF,BUILD=(5,80)", where, line, col);
    vbout *v = kr_xcalloc(1, sizeof *v);
    v->j = j;
    v->ddname = ddname;
    v->conv = conv;
    v->vb_in = j->vb;
    v->vb_out = conv != KR_RECFM_VTOF;
    v->has_fill = has_fill || conv == KR_RECFM_VTOF;
    v->fill = has_fill ? of->vlfill : ' '; /* VTOF's default: a blank (DFSORT's X'40' in EBCDIC) */
    v->has_trim = has_trim;
    v->trim = has_trim ? of->vltrim : 0;
    v->inlen = j->o->lrecl;
    if (v->vb_in && rb && findrep_refused(j, &of->rec, "OUTFIL", false)) {
        free(v);
        return false;
    }
    if (v->vb_in && rb) {
        v->need = kr_rebuild_extent(rb);
        if (v->vb_out && !kr_rebuild_keeps_rdw(rb)) {
            free(v);
            return job_failf(j, KR_RC_ENV, "KRK2459E",
                             "%s:%d:%d: a BUILD for variable-length records starts with the RDW: BUILD=(1,4,...) "
                             "(DFSORT sets its length); give FTOV or VTOF to change the record format",
                             where, line, col);
        }
    }
    if (v->conv == KR_RECFM_FTOV) {
        *lrecl += 4;
        *term = KR_TERM_RDW;
    } else if (v->conv == KR_RECFM_VTOF) {
        *term = dd && dd->terminator != KR_TERM_RDW ? dd->terminator : KR_TERM_LF;
    }
    if (v->vb_out && *lrecl > KR_RDW_MAX_LRECL) {
        size_t n = *lrecl;
        free(v);
        return job_failf(j, KR_RC_ENV, "KRK2454E",
                         "%s:%d:%d: %s's variable-length records would be up to %zu bytes with their RDW; the "
                         "limit is %d", where, line, col, ddname, n, KR_RDW_MAX_LRECL);
    }
    if (v->vb_in)
        v->src = kr_xmalloc(v->inlen);
    v->line = kr_xmalloc(*lrecl);
    *out = v;
    return true;
}

void vb_output_free(vbout *v)
{
    if (!v)
        return;
    free(v->src);
    free(v->line);
    free(v);
}

void vb_output_built(vbout *v, const kr_rebuild *rb, const unsigned char *in, unsigned char *out, size_t reclen)
{
    if (v && v->vb_in && v->vb_out)
        vb_after_rebuild(rb, in, out, reclen);
}

const unsigned char *vb_output_source(vbout *v, const unsigned char *rec, uint64_t recno)
{
    if (!v || !v->vb_in || !v->need)
        return rec;
    size_t len = kr_rdw_length(rec);
    if (len >= v->need)
        return rec;
    if (!v->has_fill) {
        job_failf(v->j, KR_RC_FAIL, "KRK2460E",
                  "OUTFIL BUILD: output record %llu (%s): the record is %zu bytes long (its RDW) but BUILD reads to "
                  "byte %zu: a short record (DFSORT's ICE218A); VLFILL=C'x' fills what it lacks",
                  (unsigned long long)recno, v->ddname, len, v->need);
        return NULL;
    }
    memcpy(v->src, rec, len);
    memset(v->src + len, v->fill, v->inlen - len);
    return v->src;
}

const unsigned char *vb_output_line(vbout *v, const unsigned char *line, size_t reclen)
{
    if (!v || !v->vb_out || (v->conv == KR_RECFM_SAME && !v->has_trim))
        return line; /* the record as it came or as BUILD made it: the writer writes its RDW's length */
    unsigned char *out = v->line;
    size_t len;
    if (v->conv == KR_RECFM_FTOV) {
        memcpy(out + 4, line, reclen);
        len = reclen + 4;
    } else {
        memcpy(out, line, reclen);
        len = kr_rdw_length(line);
        if (len > reclen)
            len = reclen;
    }
    if (v->has_trim) /* at least one data byte stays, as in DFSORT */
        while (len > 5 && out[len - 1] == v->trim)
            len--;
    kr_rdw_set(out, len);
    return out;
}

bool vb_rebuild_source(sortjob *j, const kr_rebuild *outrec, const unsigned char *rec, uint64_t recno)
{
    if (!j->vb)
        return true;
    size_t need = kr_rebuild_extent(outrec), len = kr_rdw_length(rec);
    if (len >= need)
        return true;
    return job_failf(j, KR_RC_FAIL, "KRK2460E",
                     "OUTREC: record %llu after SUM is %zu bytes long (its RDW) but OUTREC reads to byte %zu: a "
                     "short record (DFSORT's ICE218A); reformat short records with OUTFIL and VLFILL=",
                     (unsigned long long)recno, len, need);
}

int vb_output_cond(sortjob *j, const kr_pred *p, const unsigned char *rec, uint64_t recno)
{
    if (!j->vb)
        return 1;
    size_t need = kr_pred_extent(p), len = kr_rdw_length(rec);
    if (len >= need || j->ctl->vlscmp)
        return 1;
    if (j->ctl->vlshrt)
        return 0;
    job_failf(j, KR_RC_FAIL, "KRK2456E",
              "OUTFIL INCLUDE/OMIT: record %llu is %zu bytes long (its RDW) but the condition reads to byte %zu: a "
              "short record (DFSORT's ICE218A); OPTION VLSHRT makes the condition false for it, VLSCMP compares "
              "it padded with binary zeros", (unsigned long long)recno, len, need);
    return -1;
}
