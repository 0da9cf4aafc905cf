/* op_subset.c: the operators that work by record position: SUBSET (keep or remove header
 * records, trailer records, the first or last n, relative record numbers; the others to
 * DISCARD) and DATASORT (sort the data records between header and trailer records, which
 * stay where they are). The records pass through SORT (SUBSET: a copy with USING's
 * INCLUDE/OMIT for OUTPUT; DATASORT: USING's SORT statement with SKIPREC/STOPAFT over the
 * data records); the positions are counted here. */
#include "icetool.h"

#include <stdlib.h>
#include <string.h>

/* Records of every file of a DD (a concatenation counts as one data set). */
static int64_t count_dd(it_run *r, const it_shape *sh, int *rc)
{
    int64_t n = 0;
    for (size_t i = 0; i < sh->dd->n_paths || (sh->dd->dummy && i == 0); i++) {
        kr_reader *rd = it_open(r, sh, sh->dd->dummy ? "/dev/null" : sh->dd->paths[i], rc);
        if (!rd)
            return -1;
        const unsigned char *recs;
        size_t k;
        kr_err err;
        int got;
        while ((got = kr_reader_next_block(rd, &recs, &k, 65536, &err)) == 1)
            n += (int64_t)k;
        kr_reader_close(rd);
        if (got < 0) {
            *rc = it_fail_err(r, &err);
            return -1;
        }
        if (sh->dd->dummy)
            break;
    }
    return n;
}

/* Copies records [from, to) (1-based from) of the DD's files, or of one file, to w. */
static int copy_range(it_run *r, const it_shape *sh, const char *const *paths, size_t n_paths, uint64_t first,
                      uint64_t last, kr_writer *w)
{
    int rc = KR_RC_OK;
    uint64_t no = 0;
    for (size_t i = 0; i < n_paths && no < last && rc == KR_RC_OK; i++) {
        kr_reader *rd = it_open(r, sh, paths[i], &rc);
        if (!rd)
            break;
        const unsigned char *rec;
        kr_err err;
        int got = 0;
        while (no < last && (got = kr_reader_next(rd, &rec, &err)) == 1)
            if (++no >= first && no < last && !kr_writer_put(w, rec, &err)) {
                got = -1;
                break;
            }
        if (got < 0 && no < last) {
            rc = it_fail_err(r, &err);
        }
        kr_reader_close(rd);
    }
    return rc;
}

/* HEADER, HEADER(n), FIRST, FIRST(n) (head) or TRAILER..., LAST... (tail): n, 0 when none. */
static bool edge_count(it_run *r, it_stmt *st, const char *a, const char *b, uint64_t *n, bool *given)
{
    *n = 0;
    *given = false;
    const char *names[2] = {a, b};
    for (int k = 0; k < 2; k++) {
        it_operand *o = it_get(st, names[k]);
        if (!o)
            continue;
        if (*given) {
            it_error(r, st, o, KR_RC_FAIL, "KRK2324E", "%s and %s exclude each other", a, b);
            return false;
        }
        *given = true;
        *n = 1;
        if (o->value && !it_number(r, st, o, n))
            return false;
    }
    return true;
}

/* ---- SUBSET ------------------------------------------------------------------------------ */

typedef struct rrn {
    uint64_t from, to;  /* inclusive; to UINT64_MAX for '*' */
} rrn;

static bool parse_rrn(it_run *r, it_stmt *st, it_operand *o, rrn *out)
{
    const char *v = o->value ? o->value : "";
    char *end;
    out->from = strtoull(v, &end, 10);
    out->to = out->from;
    if (*end == ',') {
        if (strcmp(end + 1, "*") == 0)
            out->to = UINT64_MAX;
        else
            out->to = strtoull(end + 1, &end, 10);
    }
    if (!o->value || out->from == 0 || out->to < out->from || (*end && *end != '*' && *end != ',')) {
        it_error(r, st, o, KR_RC_FAIL, "KRK2322E", "RRN(%s): give RRN(x), RRN(x,y) or RRN(x,*) with 1 <= x <= y", v);
        return false;
    }
    return true;
}

int it_op_subset(it_run *r, it_stmt *st, bool scan)
{
    int rc = KR_RC_OK;
    const char *from, *using4;
    if (!it_from_using(r, st, &from, &using4, &rc))
        return rc;
    it_operand *to = it_get(st, "TO"), *discard = it_get(st, "DISCARD"), *in = it_get(st, "INPUT"),
               *out = it_get(st, "OUTPUT"), *keep = it_get(st, "KEEP"), *remove = it_get(st, "REMOVE");
    if ((to && !it_ddname(r, st, to, to->value ? to->value : "")) ||
        (discard && !it_ddname(r, st, discard, discard->value ? discard->value : "")))
        return KR_RC_FAIL;
    if (!to && !discard)
        return it_error(r, st, NULL, KR_RC_FAIL, "KRK2323E", "needs TO(ddname), DISCARD(ddname) or both");
    if (!in == !out || !keep == !remove)
        return it_error(r, st, NULL, KR_RC_FAIL, "KRK2323E", "needs one of INPUT or OUTPUT and one of KEEP or REMOVE");
    if (in && using4)
        return it_error(r, st, in, KR_RC_FAIL, "KRK2324E", "INPUT counts the records before USING's INCLUDE/OMIT, "
                        "which kiroku does not do yet: write OUTPUT, or COPY first");
    uint64_t head, tail;
    bool has_head, has_tail;
    if (!edge_count(r, st, "HEADER", "FIRST", &head, &has_head) || !edge_count(r, st, "TRAILER", "LAST", &tail, &has_tail))
        return KR_RC_FAIL;
    rrn rrns[300];
    size_t n_rrn = 0;
    it_operand *o;
    while ((o = it_get(st, "RRN")) != NULL) {
        if (n_rrn == 300)
            return it_error(r, st, o, KR_RC_FAIL, "KRK2322E", "at most 300 RRN operands");
        if (!parse_rrn(r, st, o, &rrns[n_rrn++]))
            return KR_RC_FAIL;
    }
    if (!has_head && !has_tail && !n_rrn)
        return it_error(r, st, NULL, KR_RC_FAIL, "KRK2323E", "needs HEADER, FIRST(n), TRAILER, LAST(n) or RRN(x)");
    if (!it_all_used(r, st))
        return KR_RC_FAIL;
    if (scan)
        return it_check_dds(r, st, from, using4, IT_USING_SELECTS, &rc) ? KR_RC_OK : rc;
    it_shape sh;
    char *temp = it_pass(r, st, from, using4, NULL, &sh, &rc);
    if (!temp) {
        it_shape_free(&sh);
        return rc;
    }
    kr_writer *wt = to ? it_create(r, &sh, to->value, &rc) : NULL;
    kr_writer *wd = discard && rc < KR_RC_FAIL ? it_create(r, &sh, discard->value, &rc) : NULL;
    kr_reader *rd = rc < KR_RC_FAIL ? it_open(r, &sh, temp, &rc) : NULL;
    uint64_t total = 0, kept = 0, dropped = 0;
    kr_err err;
    const unsigned char *rec;
    int got = 0;
    if (rd) {
        while ((got = kr_reader_next(rd, &rec, &err)) == 1)
            total++;
        kr_reader_close(rd);
        rd = got < 0 ? NULL : it_open(r, &sh, temp, &rc);
    }
    while (rd && (got = kr_reader_next(rd, &rec, &err)) == 1) {
        uint64_t no = kr_reader_recno(rd);
        bool hit = (has_head && no <= head) || (has_tail && no + tail > total);
        for (size_t i = 0; !hit && i < n_rrn; i++)
            hit = no >= rrns[i].from && no <= rrns[i].to;
        bool in_to = keep ? hit : !hit;
        kr_writer *w = in_to ? wt : wd;
        if (in_to)
            kept++;
        else
            dropped++;
        if (w && !kr_writer_put(w, rec, &err)) {
            got = -1;
            break;
        }
    }
    if (got < 0) {
        rc = it_fail_err(r, &err);
    }
    kr_reader_close(rd);
    if (rc < KR_RC_FAIL && wt && !kr_writer_commit(wt, &err))
        rc = it_fail_err(r, &err);
    else if (rc < KR_RC_FAIL)
        wt = NULL;
    if (rc < KR_RC_FAIL && wd && !kr_writer_commit(wd, &err))
        rc = it_fail_err(r, &err);
    else if (rc < KR_RC_FAIL)
        wd = NULL;
    kr_writer_abort(wt);
    kr_writer_abort(wd);
    if (rc < KR_RC_FAIL)
        fprintf(r->toolmsg, "KRK2336I SUBSET: %llu RECORDS KEPT%s%s, %llu REMOVED%s%s\n", (unsigned long long)kept,
                to ? " IN " : "", to ? to->value : "", (unsigned long long)dropped, discard ? " TO " : "",
                discard ? discard->value : "");
    it_pass_end(temp);
    it_shape_free(&sh);
    return rc;
}

/* ---- DATASORT ---------------------------------------------------------------------------- */

int it_op_datasort(it_run *r, it_stmt *st, bool scan)
{
    int rc = KR_RC_OK;
    const char *from, *using4;
    if (!it_from_using(r, st, &from, &using4, &rc))
        return rc;
    it_operand *to = it_get(st, "TO");
    if (!to || !it_ddname(r, st, to, to->value ? to->value : ""))
        return to ? KR_RC_FAIL : it_error(r, st, NULL, KR_RC_FAIL, "KRK2323E", "needs TO(ddname)");
    if (!using4)
        return it_error(r, st, NULL, KR_RC_FAIL, "KRK2323E", "needs USING(xxxx): DD xxxxCNTL holds its SORT statement");
    uint64_t head, tail;
    bool has_head, has_tail;
    if (!edge_count(r, st, "HEADER", "FIRST", &head, &has_head) || !edge_count(r, st, "TRAILER", "LAST", &tail, &has_tail))
        return KR_RC_FAIL;
    if (!has_head && !has_tail)
        return it_error(r, st, NULL, KR_RC_FAIL, "KRK2323E", "needs HEADER, FIRST(n), TRAILER or LAST(n): the records "
                        "that stay where they are");
    if (!it_all_used(r, st))
        return KR_RC_FAIL;
    char using_dd[16];
    snprintf(using_dd, sizeof using_dd, "%sCNTL", using4);
    if (scan) {
        if (!kr_step_dd(r->step, to->value))
            return it_error(r, st, to, KR_RC_FAIL, "KRK2325E", "TO: the step has no DD %s", to->value);
        return it_check_dds(r, st, from, using4, IT_USING_ANY, &rc) ? KR_RC_OK : rc;
    }
    kr_ctl *u = it_using(r, st, using_dd, &rc);
    if (!u)
        return rc;
    bool sorts = u->op == KR_OP_SORT, plain = u->inrec.kind == KR_RF_NONE && u->outrec.kind == KR_RF_NONE &&
                                            !u->n_outfils && !u->has_sum && !u->has_skiprec && !u->has_stopaft;
    kr_ctl_free(u);
    if (!sorts || !plain)
        return it_error(r, st, NULL, KR_RC_FAIL, "KRK2331E", "USING(%s): %s must hold a SORT statement and may add "
                        "INCLUDE/OMIT, nothing that changes the records or their count", using4, using_dd);
    it_shape sh;
    if (!it_shape_of(r, st, from, &sh, &rc))
        return rc;
    if (sh.framed) {
        rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2328E", "FROM(%s): layout %s has header and trailer records "
                        "already: SORT keeps them in place", from, sh.layout->name);
        it_shape_free(&sh);
        return rc;
    }
    int64_t n = count_dd(r, &sh, &rc);
    if (n < 0) {
        it_shape_free(&sh);
        return rc;
    }
    if ((uint64_t)n < head + tail) {
        it_shape_free(&sh);
        return it_error(r, st, NULL, KR_RC_FAIL, "KRK2337E", "FROM(%s) has %lld records, fewer than the %llu header "
                        "and %llu trailer records", from, (long long)n, (unsigned long long)head,
                        (unsigned long long)tail);
    }
    uint64_t middle = (uint64_t)n - head - tail;
    char *temp = it_temp_name(r, "DATASORT");
    if (middle) {
        char *stmts = kr_xasprintf("  OPTION SKIPREC=%llu,STOPAFT=%llu\n", (unsigned long long)head,
                                   (unsigned long long)middle);
        it_call c = {.op = st->op, .from = from, .temp_out = temp, .using_dd = using_dd, .statements = stmts};
        rc = it_sort(r, st, &c);
        free(stmts);
    }
    kr_writer *w = rc < KR_RC_FAIL ? it_create(r, &sh, to->value, &rc) : NULL;
    const char *const *paths = (const char *const *)sh.dd->paths;
    size_t n_paths = sh.dd->dummy ? 0 : sh.dd->n_paths;
    if (w)
        rc = copy_range(r, &sh, paths, n_paths, 1, head + 1, w);
    if (w && rc < KR_RC_FAIL && middle) {
        const char *t = temp;
        int crc = copy_range(r, &sh, &t, 1, 1, UINT64_MAX, w);
        rc = crc > rc ? crc : rc;
    }
    if (w && rc < KR_RC_FAIL) {
        int crc = copy_range(r, &sh, paths, n_paths, head + middle + 1, UINT64_MAX, w);
        rc = crc > rc ? crc : rc;
    }
    kr_err err;
    if (w && rc < KR_RC_FAIL && !kr_writer_commit(w, &err))
        rc = it_fail_err(r, &err);
    else if (w && rc >= KR_RC_FAIL)
        kr_writer_abort(w);
    if (rc < KR_RC_FAIL)
        fprintf(r->toolmsg, "KRK2338I DATASORT: %llu HEADER, %llu DATA AND %llu TRAILER RECORDS TO %s\n",
                (unsigned long long)head, (unsigned long long)middle, (unsigned long long)tail, to->value);
    it_pass_end(temp);
    it_shape_free(&sh);
    return rc;
}
