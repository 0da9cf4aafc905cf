/* output.c: the output stage of the SORT program: SUM (totals or one record per key, the
 * rest to XSUM), OUTREC, then every OUTFIL (INCLUDE/OMIT, SAVE, STARTREC/ENDREC, SAMPLE,
 * ACCEPT, REPEAT, SPLIT/SPLITBY/SPLIT1R, BUILD, its
 * report through report.c) or SORTOUT; outputs of the input's layout get its header,
 * trailer and end records back, with the trailer's control totals recomputed. */
#include "sortjob.h"
#include "vb.h"

#include <stdlib.h>
#include <string.h>

typedef struct target {
    const char *name;     /* the DD name */
    const char *path;
    kr_writer *w;
    uint64_t written;
} target;

typedef struct output {
    target *targets;
    size_t n_targets;
    kr_pred *include;
    bool omit, save;
    uint64_t startrec, endrec, seen;
    /* SPLIT/SPLITBY/SPLIT1R: which data set the next record goes to (split.c's rule). */
    uint64_t split_by, split_written;
    bool split_1r;
    uint64_t sample_every, sample_take, accept, accepted, repeat;
    kr_rebuild *rb;
    kr_seqstate seq;
    unsigned char *buf;       /* the records OUTFIL's BUILD makes (several with /) */
    unsigned char *line;      /* a trailer record being filled */
    size_t reclen;
    const kr_layout *layout;  /* the written records' layout, or NULL */
    bool framed;
    int source;               /* framed: whose header, trailer and end records it takes */
    kr_totals *totals;
    int data_type;            /* record type of the data records (framed) */
    report *report;           /* HEADERn/TRAILERn, SECTIONS, NODETAIL */
    iftrail *iftrail;         /* IFTRAIL: the records' own header and trailer (iftrail.c) */
    vbout *vb;                /* variable-length records: FTOV, VTOF, the RDW (vb.c), or NULL */
    size_t *mask_at, *mask_len; /* a report's sensitive bytes of the record BUILD reads */
    size_t n_mask;
    unsigned char *masked;    /* that record with them as '*' */
    uint64_t data_written;
    kr_pos pos;
    sortjob *j;
} output;

struct outstage {
    sortjob *j;
    /* SUM */
    bool sum, sum_none;
    kr_bound *sum_fields;
    size_t n_sum;
    unsigned char *pending, *pending_key, *key;
    bool has_pending;
    uint64_t summed, overflows;
    uint64_t emitted;         /* records that reached OUTREC */
    kr_writer *xsum;
    const char *xsum_path;
    uint64_t xsum_written;
    /* OUTREC */
    kr_rebuild *outrec;
    kr_seqstate outrec_seq;
    unsigned char *r2;
    size_t len2;
    /* OUTFIL */
    output *outs;
    size_t n_outs;
    /* Framing records of each source (SORTIN, F1, F2): the first of each role. */
    unsigned char *trailer[SRC_COUNT], *end[SRC_COUNT];
    bool has_header[SRC_COUNT];
};

static bool fail(outstage *s, int rc, const char *id, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static bool fail(outstage *s, int rc, const char *id, const char *fmt, ...)
{
    kr_err e;
    va_list ap;
    va_start(ap, fmt);
    kr_vfail(&e, rc, id, fmt, ap);
    va_end(ap);
    return job_fail(s->j, &e);
}

static bool problem_fail(outstage *s, const output *o, uint64_t record, const char *what, const kr_problem *pb);

static const kr_dd *find_dd(const kr_sort_opts *o, const char *name)
{
    for (size_t i = 0; i < o->n_dds; i++)
        if (strcasecmp(o->dds[i].name, name) == 0)
            return &o->dds[i];
    return NULL;
}

static bool same_layout(const kr_layout *a, const kr_layout *b)
{
    return a && b && (a == b || (a->path && b->path && strcmp(a->path, b->path) == 0));
}

/* Writes a report's record (a data record or a report line) to every data set of the output. */
static bool report_put(void *ctx, const unsigned char *rec)
{
    output *o = ctx;
    for (size_t t = 0; t < o->n_targets; t++) {
        kr_err e;
        if (!kr_writer_put(o->targets[t].w, rec, &e))
            return job_fail(o->j, &e);
    }
    return true;
}

/* ---- building the stage ----------------------------------------------------------------- */

static bool rebuilds_shape(const kr_reformat *rf)
{
    if (rf->kind == KR_RF_BUILD)
        return true;
    if (rf->kind == KR_RF_IFTHEN)
        for (size_t i = 0; i < rf->n_clauses; i++)
            if (rf->clauses[i].build)
                return true;
    return false;
}

/* A BUILD with / (several records from one), alone or in IFTHEN clauses (rebuild.c). */
static bool has_newline(const kr_reformat *rf)
{
    if (rf->kind == KR_RF_BUILD)
        for (size_t i = 0; i < rf->items.n; i++)
            if (rf->items.v[i].kind == KR_ITEM_NEWLINE)
                return true;
    if (rf->kind == KR_RF_IFTHEN)
        for (size_t c = 0; c < rf->n_clauses; c++)
            for (size_t i = 0; i < rf->clauses[c].items.n; i++)
                if (rf->clauses[c].items.v[i].kind == KR_ITEM_NEWLINE)
                    return true;
    return false;
}

/* A report for people: the bytes of r2 that hold a sensitive field (個人番号) are masked
 * before the report's BUILD reads them, unless the step says REVEAL. The OUTFIL's
 * INCLUDE/OMIT, the sections and the headers and trailers see the record as it is (the
 * latter never show a sensitive field: KRK0752E). */
static void mask_plan(output *o, const kr_scope *sc2, size_t len2)
{
    for (size_t i = 0; i < sc2->n; i++) {
        const kr_field *f = &sc2->v[i].field;
        if (!f->sensitive || f->offset >= len2)
            continue;
        o->mask_at = kr_xrealloc(o->mask_at, (o->n_mask + 1) * sizeof *o->mask_at);
        o->mask_len = kr_xrealloc(o->mask_len, (o->n_mask + 1) * sizeof *o->mask_len);
        o->mask_at[o->n_mask] = f->offset;
        o->mask_len[o->n_mask++] = f->offset + f->length > len2 ? len2 - f->offset : f->length;
    }
    if (o->n_mask)
        o->masked = kr_xmalloc(len2);
}

static const unsigned char *masked_record(const outstage *s, output *o, const unsigned char *r2)
{
    if (!o->n_mask)
        return r2;
    memcpy(o->masked, r2, s->len2);
    for (size_t i = 0; i < o->n_mask; i++)
        memset(o->masked + o->mask_at[i], '*', o->mask_len[i]);
    return o->masked;
}

/* The records an OUTFIL writes for r2: its BUILD's (*n lines with /), or r2 itself (in a
 * report, r2 masked). */
static bool outfil_build(outstage *s, output *o, const unsigned char *r2, const unsigned char **w, size_t *n)
{
    kr_problem pb;
    r2 = masked_record(s, o, r2);
    *w = r2;
    *n = 1;
    if (o->rb) {
        if (o->vb && !(r2 = vb_output_source(o->vb, r2, o->data_written + 1)))
            return false;
        if (!kr_rebuild_apply_lines(o->rb, r2, o->buf, n, &o->seq, &pb))
            return problem_fail(s, o, o->data_written + 1, "OUTFIL BUILD", &pb);
        vb_output_built(o->vb, o->rb, r2, o->buf, o->reclen);
        *w = o->buf;
    }
    return true;
}

static bool open_output(outstage *s, output *o, const kr_outfil *of, const kr_scope *sc2, bool shape_kept)
{
    sortjob *j = s->j;
    const kr_sort_opts *opt = j->o;
    kr_err e;
    o->reclen = s->len2;
    o->j = j;
    o->repeat = 1;
    kr_scope out_scope;
    kr_scope_init(&out_scope, s->len2, sc2->layout);
    if (of) {
        o->pos = of->pos;
        o->omit = of->omit;
        o->save = of->save;
        o->startrec = of->startrec;
        o->endrec = of->endrec;
        o->split_by = of->split_by;
        o->split_1r = of->split_1r;
        o->sample_every = of->sample_every;
        o->sample_take = of->sample_take;
        o->accept = of->accept;
        o->repeat = of->repeat ? of->repeat : 1;
        if (of->include) {
            o->include = kr_pred_build(of->include, sc2, &j->cctx, j->path, &e);
            if (!o->include)
                return job_fail(j, &e);
        }
        if (of->rec.kind != KR_RF_NONE) {
            o->rb = has_newline(&of->rec) ? kr_rebuild_build_lines(&of->rec, sc2, &j->cctx, j->path, &out_scope, &e)
                                          : kr_rebuild_build(&of->rec, sc2, &j->cctx, j->path, &out_scope, &e);
            if (!o->rb)
                return job_fail(j, &e);
            kr_seqstate_init(&o->seq, o->rb);
            o->reclen = kr_rebuild_length(o->rb);
            shape_kept = shape_kept && !rebuilds_shape(&of->rec);
        }
    }
    kr_scope_free(&out_scope);
    o->buf = kr_xmalloc(o->reclen * (o->rb ? kr_rebuild_lines(o->rb) : 1) + 1);
    size_t longest_frame = 0;
    for (int src = 0; src < SRC_COUNT; src++)
        if (j->frame_lrecl[src] > longest_frame)
            longest_frame = j->frame_lrecl[src];
    o->line = kr_xmalloc(o->reclen > longest_frame ? o->reclen : (longest_frame ? longest_frame : 1));
    /* Targets. */
    static const char *const sortout[] = {"SORTOUT"};
    const char *const *names = of && of->n_fnames ? (const char *const *)of->fnames : sortout;
    size_t n = of && of->n_fnames ? of->n_fnames : 1;
    o->targets = kr_xcalloc(n, sizeof *o->targets);
    const kr_layout *dd_layout = NULL;
    for (size_t t = 0; t < n; t++) {
        const kr_dd *dd = find_dd(opt, names[t]);
        if (!dd)
            return fail(s, KR_RC_ENV, "KRK0647E", "%s: no data set %s was given; name it with --dd %s=FILE%s", j->path,
                        names[t], names[t], strcasecmp(names[t], "SORTOUT") == 0 ? " or -o FILE" : "");
        for (size_t q = 0; q < s->n_outs; q++)
            for (size_t r = 0; r < s->outs[q].n_targets; r++)
                if (strcasecmp(s->outs[q].targets[r].name, names[t]) == 0)
                    return fail(s, KR_RC_ENV, "KRK0648E", "%s: %s is written by two OUTFIL statements; one data set has one writer",
                                j->path, names[t]);
        for (size_t q = 0; q <= s->n_outs; q++) /* the outputs before this one, then this OUTFIL's */
            for (size_t r = 0; r < (q < s->n_outs ? s->outs[q].n_targets : t); r++) {
                const target *other = q < s->n_outs ? &s->outs[q].targets[r] : &o->targets[r];
                if (!kr_distinct_files(other->name, other->path, dd->name, dd->path, &e))
                    return job_fail(j, &e);
            }
        if (dd->layout) {
            if (dd->layout->length != o->reclen)
                return fail(s, KR_RC_ENV, "KRK0649E",
                            "%s: %s's layout %s has %zu-byte records but the records written there are %zu bytes",
                            j->path, names[t], dd->layout->name, dd->layout->length, o->reclen);
            if (dd_layout && !same_layout(dd_layout, dd->layout))
                return fail(s, KR_RC_ENV, "KRK0649E", "%s: the data sets of one OUTFIL have different layouts", j->path);
            dd_layout = dd->layout;
        }
        o->targets[t].name = dd->name;
        o->targets[t].path = dd->path;
        o->n_targets = t + 1;
    }
    /* The records' layout: the DD's, or SORTIN's when the records keep their shape. */
    /* (an OVERLAY past the end lengthens the records: then they no longer have SORTIN's shape) */
    o->layout = dd_layout ? dd_layout
                          : (shape_kept && !j->joined && j->frame_layout[SRC_SORTIN] &&
                                     j->frame_layout[SRC_SORTIN]->length == o->reclen
                                 ? j->frame_layout[SRC_SORTIN]
                                 : NULL);
    kr_terminator term = o->layout ? o->layout->terminator : j->out_term;
    bool layout_framed = o->layout && (o->layout->has_header || o->layout->has_trailer || o->layout->has_end) &&
                         !report_wanted(of);
    if (layout_framed) {
        /* Its header, trailer and end records come from the input of that layout; when both
         * sides of a join have it, from the side whose whole record the output's BUILD copies. */
        o->source = -1;
        int side = 0;
        size_t from, len;
        if (j->joined && o->rb && kr_rebuild_single_copy(o->rb, &from, &len))
            side = join_side_of(j->join, from, len);
        bool both = j->joined && same_layout(o->layout, j->frame_layout[SRC_F1]) &&
                    same_layout(o->layout, j->frame_layout[SRC_F2]);
        if (side && same_layout(o->layout, j->frame_layout[side]))
            o->source = side;
        else if (both)
            return fail(s, KR_RC_ENV, "KRK0655E",
                        "%s: %s has the layout of both F1 and F2, so whose header and trailer it takes is not "
                        "clear; give it BUILD=(p,m) of the bytes REFORMAT took from one side's whole record",
                        j->path, o->targets[0].name);
        for (int src = 0; src < SRC_COUNT && o->source < 0; src++)
            if (same_layout(o->layout, j->frame_layout[src]) && (src != SRC_SORTIN || shape_kept || dd_layout))
                o->source = src;
        if (o->source < 0)
            return fail(s, KR_RC_ENV, "KRK0655E",
                        "%s: %s's layout %s has header/trailer records; kiroku writes them only for outputs of an "
                        "input's layout (SORTIN, or a join's F1 or F2)%s",
                        j->path, o->targets[0].name, o->layout->name,
                        shape_kept ? "" : " whose records keep their shape (no BUILD), or with that layout given on the DD");
        o->framed = true;
        o->totals = kr_totals_new(o->layout);
        o->data_type = kr_layout_data_type(o->layout);
    }
    if (of && of->has_iftrail) {
        if (o->framed || j->vb)
            return fail(s, KR_RC_ENV, "KRK2483E",
                        "%s:%d:%d: IFTRAIL finds the header and trailer among the records; %s", j->path,
                        of->iftrail_pos.line, of->iftrail_pos.col,
                        o->framed ? "this output's layout has header and trailer record types, whose control totals "
                                    "kiroku recomputes already (leave IFTRAIL out)"
                                  : "kiroku does it for fixed-length records only");
        o->iftrail = iftrail_new(j, of, sc2, o->reclen, o->targets[0].name);
        if (!o->iftrail)
            return false;
    }
    if (o->split_by && (o->framed || report_wanted(of)))
        return fail(s, KR_RC_ENV, "KRK2204E",
                    "%s:%d:%d: SPLIT, SPLITBY= and SPLIT1R= spread data records over the data sets; kiroku does not "
                    "split %s", j->path, of->pos.line, of->pos.col,
                    o->framed ? "an output framed by its layout's header and trailer (give it BUILD=)" : "a report");
    size_t lrecl = o->reclen;
    if (report_wanted(of)) {
        o->report = report_new(j, of, sc2, o->reclen, o->targets[0].name, report_put, o);
        if (!o->report)
            return false;
        lrecl = report_record_length(o->report);
        /* A list for people: pages (HEADER2, TRAILER2, SECTIONS) or printer control. HEADER1
         * and TRAILER1 alone without carriage control are DFSORT's way to frame a data set
         * with its header and trailer records: data, not a list (and a DD's layout says so). */
        bool for_people = of->has_header2 || of->has_trailer2 || of->n_sections || !of->remove_cc;
        if (for_people && !dd_layout && !opt->reveal)
            mask_plan(o, sc2, s->len2);
        if (dd_layout && lrecl != o->reclen)
            return fail(s, KR_RC_ENV, "KRK0753E",
                        "%s:%d:%d: %s has layout %s, but the report puts a carriage-control byte before each of its "
                        "records; add REMOVECC to the OUTFIL",
                        j->path, of->pos.line, of->pos.col, o->targets[0].name, dd_layout->name);
    }
    if (report_wanted(of) && (j->vb || (of && of->recfm_conv)))
        return fail(s, KR_RC_ENV, "KRK2458E", "%s:%d:%d: kiroku writes reports of fixed records only (not FTOV or "
                                              "variable-length records); give VTOF,BUILD=(5,...) first",
                    j->path, of->pos.line, of->pos.col);
    bool lines = of && has_newline(&of->rec); /* '/' in BUILD: several records of one */
    if (!lines && !vb_output_open(j, of, o->rb, o->targets[0].name, &lrecl, &term, &o->vb))
        return false;
    if (lines && (j->vb || of->recfm_conv))
        return fail(s, KR_RC_ENV, "KRK2458E", "%s:%d:%d: '/' in BUILD makes several fixed records of one; not with "
                                              "FTOV or variable-length records", j->path, of->pos.line, of->pos.col);
    for (size_t t = 0; t < o->n_targets; t++) {
        o->targets[t].w = kr_writer_open(o->targets[t].path, lrecl, term, &e);
        if (!o->targets[t].w)
            return job_fail(j, &e);
    }
    return true;
}

outstage *outstage_new(sortjob *j)
{
    const kr_ctl *c = j->ctl;
    kr_err e;
    outstage *s = kr_xcalloc(1, sizeof *s);
    s->j = j;
    /* SUM */
    if (c->has_sum) {
        s->sum = true;
        s->sum_none = c->sum_none;
        s->sum_fields = kr_xcalloc(c->n_sum ? c->n_sum : 1, sizeof *s->sum_fields);
        for (size_t i = 0; i < c->n_sum; i++) {
            if (!kr_bind(&j->scope1, &c->sum_fields[i], j->path, &s->sum_fields[i], &e)) {
                job_fail(j, &e);
                goto fail;
            }
            s->n_sum = i + 1;
            const kr_bound *b = &s->sum_fields[i];
            if (!b->has_field || (b->field.type != KR_F_ZD && b->field.type != KR_F_PD && b->field.type != KR_F_BI)) {
                fail(s, KR_RC_ENV, "KRK0656E", "%s:%d:%d: SUM adds numbers; %s is not one", j->path,
                     c->sum_fields[i].pos.line, c->sum_fields[i].pos.col, b->name);
                goto fail;
            }
            for (size_t k = 0; k < j->kp.n; k++) {
                const kr_bound *kb = &j->kp.parts[k].b;
                if (b->offset < kb->offset + kb->length && kb->offset < b->offset + b->length) {
                    fail(s, KR_RC_ENV, "KRK0657E", "%s:%d:%d: SUM field %s overlaps the key %s", j->path,
                         c->sum_fields[i].pos.line, c->sum_fields[i].pos.col, b->name, kb->name);
                    goto fail;
                }
            }
        }
        s->pending = kr_xmalloc(j->len1 ? j->len1 : 1);
        s->pending_key = kr_xmalloc(j->kp.width ? j->kp.width : 1);
        s->key = kr_xmalloc(j->kp.width ? j->kp.width : 1);
        if (c->xsum) {
            const kr_dd *dd = find_dd(j->o, "SORTXSUM");
            if (!dd) {
                fail(s, KR_RC_ENV, "KRK0658E", "%s: XSUM writes the removed records to SORTXSUM: give --dd SORTXSUM=FILE",
                     j->path);
                goto fail;
            }
            s->xsum_path = dd->path;
            s->xsum = kr_writer_open(dd->path, j->len1, dd->layout ? dd->layout->terminator : j->out_term, &e);
            if (!s->xsum) {
                job_fail(j, &e);
                goto fail;
            }
        }
    }
    /* OUTREC */
    kr_scope_init(&j->scope2, j->len1, j->scope1.layout);
    bool shape_kept = !rebuilds_shape(&c->inrec) && !j->joined;
    if (c->outrec.kind != KR_RF_NONE) {
        kr_scope_free(&j->scope2);
        s->outrec = kr_rebuild_build(&c->outrec, &j->scope1, &j->cctx, j->path, &j->scope2, &e);
        if (!s->outrec) {
            job_fail(j, &e);
            goto fail;
        }
        kr_seqstate_init(&s->outrec_seq, s->outrec);
        s->len2 = kr_rebuild_length(s->outrec);
        if (!vb_check_rebuild(j, s->outrec, &c->outrec, "OUTREC"))
            goto fail;
        s->r2 = kr_xmalloc(s->len2 ? s->len2 : 1);
        shape_kept = shape_kept && !rebuilds_shape(&c->outrec);
    } else {
        for (size_t i = 0; i < j->scope1.n; i++)
            kr_scope_add_field(&j->scope2, j->scope1.v[i].qual, j->scope1.v[i].type_name, &j->scope1.v[i].field,
                               j->scope1.v[i].field.offset, j->scope1.v[i].layout);
        j->scope2.why_no_names = j->scope1.why_no_names;
        s->len2 = j->len1;
    }
    /* OUTFIL, or SORTOUT. */
    size_t n = c->n_outfils ? c->n_outfils : 1;
    s->outs = kr_xcalloc(n, sizeof *s->outs);
    for (size_t i = 0; i < n; i++) {
        s->n_outs = i + 1;
        if (!open_output(s, &s->outs[i], c->n_outfils ? &c->outfils[i] : NULL, &j->scope2, shape_kept))
            goto fail;
    }
    return s;
fail:
    outstage_free(s);
    return NULL;
}

/* ---- records ----------------------------------------------------------------------------- */

/* SPLIT (by 1) and SPLITBY=n: n records to each data set in turn, round and round; SPLIT1R=n:
 * n to each in turn, the last one the rest. k counts the records written so far. */
static size_t split_target(uint64_t k, uint64_t by, bool one_round, size_t n)
{
    uint64_t block = k / by;
    if (one_round)
        return block < n ? (size_t)block : n - 1;
    return (size_t)(block % n);
}

static bool write_data(outstage *s, output *o, const unsigned char *values, const unsigned char *rec, size_t n)
{
    kr_err e;
    if (o->iftrail && !iftrail_data(o->iftrail, values))
        return false;
    if (o->report && !report_data(o->report, values, rec, n))
        return false;
    for (size_t l = 0; l < n; l++) {
        const unsigned char *line = vb_output_line(o->vb, rec + l * o->reclen, o->reclen);
        if (o->split_by) { /* one data set, chosen by the SPLIT rule */
            size_t t = split_target(o->split_written++, o->split_by, o->split_1r, o->n_targets);
            if (!kr_writer_put(o->targets[t].w, line, &e))
                return job_fail(s->j, &e);
            o->targets[t].written++;
            o->data_written++;
            continue;
        }
        if (!o->report)
            for (size_t t = 0; t < o->n_targets; t++)
                if (!kr_writer_put(o->targets[t].w, line, &e))
                    return job_fail(s->j, &e);
        if (!o->report || report_detail(o->report))
            for (size_t t = 0; t < o->n_targets; t++)
                o->targets[t].written++;
        o->data_written++;
        if (o->framed) {
            /* a layout of several data record types counts each record as its own type */
            int type = kr_layout_classify(o->layout, line);
            kr_totals_add(o->totals, type >= 0 && o->layout->types[type].role == KR_ROLE_DATA ? type : o->data_type,
                          line, o->data_written);
        }
    }
    return true;
}

/* Appends "DD FILE" for each data set of o (or of every output when o is NULL). */
static void name_outputs(const outstage *s, const output *o, kr_buf *b)
{
    size_t first = o ? (size_t)(o - s->outs) : 0, last = o ? first + 1 : s->n_outs;
    for (size_t i = first; i < last; i++)
        for (size_t t = 0; t < s->outs[i].n_targets; t++)
            kr_buf_addf(b, "%s%s %s", b->len ? ", " : "", s->outs[i].targets[t].name,
                          s->outs[i].targets[t].path);
}

/* A value that cannot be made for an output record: the stage, the output data set(s) it
 * was for, the record number there (record is the number among the records after SUM
 * when o is NULL, else o's own) and the byte. */
static bool problem_fail(outstage *s, const output *o, uint64_t record, const char *what, const kr_problem *pb)
{
    kr_buf names;
    kr_buf_init(&names);
    name_outputs(s, o, &names);
    bool r = fail(s, KR_RC_FAIL, pb->id ? pb->id : "KRK0659E", "%s: output record %llu (%s) byte %zu: %s", what,
                  (unsigned long long)record, names.len ? names.data : "no output", pb->offset + 1, pb->reason);
    kr_buf_free(&names);
    return r;
}

/* Writes rec as it is to every data set of o (IFTRAIL's header and trailer). */
static bool put_all(outstage *s, output *o, const unsigned char *rec)
{
    for (size_t t = 0; t < o->n_targets; t++) {
        kr_err e;
        if (!kr_writer_put(o->targets[t].w, rec, &e))
            return job_fail(s->j, &e);
    }
    return true;
}

/* IFTRAIL: the records' own header (written now, as it is) and trailer (kept for the end)
 * pass OUTFIL's processing by. IFT_DATA (or no IFTRAIL): the record is processed as any. */
static int iftrail_pass(outstage *s, output *o, const unsigned char *r2)
{
    if (!o->iftrail)
        return IFT_DATA;
    int role = iftrail_route(o->iftrail, r2);
    if (role == IFT_HEADER && !put_all(s, o, r2))
        return -1;
    return role;
}

/* A record after SUM: OUTREC, then each output. */
static bool emit(outstage *s, const unsigned char *rec)
{
    kr_problem pb;
    const unsigned char *r2 = rec;
    s->emitted++;
    if (s->outrec) {
        if (s->j->vb && !vb_rebuild_source(s->j, s->outrec, rec, s->emitted))
            return false;
        if (!kr_rebuild_apply(s->outrec, rec, s->r2, &s->outrec_seq, &pb))
            return problem_fail(s, NULL, s->emitted, "OUTREC", &pb);
        if (s->j->vb)
            vb_after_rebuild(s->outrec, rec, s->r2, s->len2);
        r2 = s->r2;
    }
    bool taken = false;
    for (size_t i = 0; i < s->n_outs; i++) {
        output *o = &s->outs[i];
        if (o->save)
            continue;
        int role = iftrail_pass(s, o, r2);
        if (role < 0)
            return false;
        if (role != IFT_DATA) {
            taken = true;
            continue;
        }
        o->seen++;
        if ((o->startrec && o->seen < o->startrec) || (o->endrec && o->seen > o->endrec))
            continue;
        if (o->sample_every) { /* m of every n, counted from STARTREC */
            uint64_t at = o->seen - (o->startrec ? o->startrec : 1);
            if (at % o->sample_every >= o->sample_take)
                continue;
        }
        if (o->include) {
            int t = vb_output_cond(s->j, o->include, r2, o->data_written + 1);
            if (t < 0)
                return false;
            if (t > 0)
                t = kr_pred_eval(o->include, r2, &pb);
            if (t < 0)
                return problem_fail(s, o, o->data_written + 1, "OUTFIL INCLUDE", &pb);
            if (t == o->omit)
                continue;
        }
        if (o->accept && o->accepted >= o->accept)
            continue;
        o->accepted++;
        taken = true;
        for (uint64_t r = 0; r < o->repeat; r++) { /* REPEAT=n: built again, so SEQNUM counts on */
            const unsigned char *w;
            size_t n;
            if (!outfil_build(s, o, r2, &w, &n) || !write_data(s, o, r2, w, n))
                return false;
        }
    }
    if (!taken)
        for (size_t i = 0; i < s->n_outs; i++) {
            output *o = &s->outs[i];
            if (!o->save)
                continue;
            int role = iftrail_pass(s, o, r2);
            if (role < 0)
                return false;
            if (role != IFT_DATA || (o->accept && o->accepted >= o->accept))
                continue;
            o->accepted++;
            for (uint64_t r = 0; r < o->repeat; r++) {
                const unsigned char *w;
                size_t n;
                if (!outfil_build(s, o, r2, &w, &n) || !write_data(s, o, r2, w, n))
                    return false;
            }
        }
    return true;
}

/* Adds rec's SUM fields into the pending record; false (and nothing changed) on overflow. */
static bool add_into_pending(outstage *s, const unsigned char *rec, bool *overflow)
{
    kr_i128 sums[64];
    *overflow = false;
    for (size_t i = 0; i < s->n_sum && i < 64; i++) {
        const kr_bound *b = &s->sum_fields[i];
        kr_i128 a, v;
        unsigned sc;
        kr_problem pb;
        if (!kr_bound_number(b, s->pending, &a, &sc, &pb) || !kr_bound_number(b, rec, &v, &sc, &pb))
            return problem_fail(s, NULL, s->emitted + 1, "SUM", &pb);
        sums[i] = a + v;
        if (sums[i] > kr_num_max(&b->field) || sums[i] < kr_num_min(&b->field)) {
            *overflow = true;
            return true;
        }
    }
    for (size_t i = 0; i < s->n_sum && i < 64; i++)
        kr_num_put(s->sum_fields[i].layout, &s->sum_fields[i].field, s->pending, sums[i]);
    return true;
}

bool outstage_put(outstage *s, const unsigned char *rec)
{
    if (!s->sum)
        return emit(s, rec);
    size_t bad;
    kr_problem pb;
    if (!kr_key_encode(&s->j->kp, rec, s->key, &bad, &pb))
        return problem_fail(s, NULL, s->emitted + 1, "SUM", &pb);
    if (s->has_pending && memcmp(s->key, s->pending_key, s->j->kp.width) == 0) {
        if (s->sum_none) {
            s->summed++;
            if (s->xsum) {
                kr_err e;
                if (!kr_writer_put(s->xsum, rec, &e))
                    return job_fail(s->j, &e);
                s->xsum_written++;
            }
            return true;
        }
        bool overflow;
        if (!add_into_pending(s, rec, &overflow))
            return false;
        if (!overflow) {
            s->summed++;
            return true;
        }
        /* DFSORT's rule: on overflow the two records stay apart, or OVFLO=RC16 stops. */
        s->overflows++;
        if (s->j->ctl->ovflo == KR_OVFLO_RC16)
            return job_failf(s->j, KR_RC_ENV, "KRK0701E",
                             "SUM overflowed after %llu output records; OVFLO=RC16 stops the step "
                             "(no output was written)", (unsigned long long)s->emitted);

    }
    if (s->has_pending && !emit(s, s->pending))
        return false;
    memcpy(s->pending, rec, s->j->len1);
    memcpy(s->pending_key, s->key, s->j->kp.width);
    s->has_pending = true;
    return true;
}

bool outstage_frame(outstage *s, int source, kr_role role, const unsigned char *rec)
{
    sortjob *j = s->j;
    size_t len = j->frame_lrecl[source];
    if (role == KR_ROLE_HEADER) {
        /* Several inputs (MERGE, concatenation) may each have a header: the first one heads
         * the output, as the first trailer and end records close it. */
        if (s->has_header[source])
            return true;
        s->has_header[source] = true;
        for (size_t i = 0; i < s->n_outs; i++) {
            output *o = &s->outs[i];
            if (!o->framed || o->source != source)
                continue;
            kr_totals_reset(o->totals);
            for (size_t t = 0; t < o->n_targets; t++) {
                kr_err e;
                if (!kr_writer_put(o->targets[t].w, rec, &e))
                    return job_fail(j, &e);
            }
        }
        return true;
    }
    unsigned char **slot = role == KR_ROLE_TRAILER ? &s->trailer[source] : &s->end[source];
    if (*slot)
        return true;
    *slot = kr_xmalloc(len);
    memcpy(*slot, rec, len);
    return true;
}

bool outstage_finish(outstage *s)
{
    sortjob *j = s->j;
    if (s->has_pending) {
        if (!emit(s, s->pending))
            goto fail;
        s->has_pending = false;
    }
    if (s->overflows && j->ctl->ovflo == KR_OVFLO_RC4)
        job_warn(j, "KRK0670W", "SUM: %llu additions overflowed; those records were written unsummed (OVFLO=RC4)",
                 (unsigned long long)s->overflows);
    else if (s->overflows)
        fprintf(j->o->listing,
                "KRK0700I SUM: %llu additions overflowed; those records were written unsummed "
                "(OVFLO=RC0, DFSORT's default: return code 0)\n", (unsigned long long)s->overflows);
    for (size_t i = 0; i < s->n_outs; i++) {
        output *o = &s->outs[i];
        if (o->report && !report_finish(o->report))
            goto fail;
        if (o->iftrail) {
            const unsigned char *trailer;
            if (!iftrail_trailer(o->iftrail, &trailer))
                goto fail;
            if (trailer && !put_all(s, o, trailer))
                goto fail;
        }
        if (o->framed) {
            kr_err e;
            const unsigned char *trailer = s->trailer[o->source], *end = s->end[o->source];
            if (trailer) {
                int tt = kr_layout_classify(o->layout, trailer);
                memcpy(o->line, trailer, o->layout->length);
                if (!kr_totals_fill(o->totals, tt, o->line, &e)) {
                    kr_err_prefix(&e, "%s", o->targets[0].name);
                    job_fail(j, &e);
                    goto fail;
                }
                for (size_t t = 0; t < o->n_targets; t++)
                    if (!kr_writer_put(o->targets[t].w, o->line, &e)) {
                        job_fail(j, &e);
                        goto fail;
                    }
            }
            if (end)
                for (size_t t = 0; t < o->n_targets; t++)
                    if (!kr_writer_put(o->targets[t].w, end, &e)) {
                        job_fail(j, &e);
                        goto fail;
                    }
        }
    }
    /* Everything is written: only now do the outputs take their names. */
    for (size_t i = 0; i < s->n_outs; i++)
        for (size_t t = 0; t < s->outs[i].n_targets; t++) {
            kr_err e;
            kr_writer *w = s->outs[i].targets[t].w;
            s->outs[i].targets[t].w = NULL;
            if (!kr_writer_commit(w, &e)) {
                job_fail(j, &e);
                goto fail;
            }
        }
    if (s->xsum) {
        kr_err e;
        kr_writer *w = s->xsum;
        s->xsum = NULL;
        if (!kr_writer_commit(w, &e)) {
            job_fail(j, &e);
            goto fail;
        }
    }
    return true;
fail:
    outstage_abort(s);
    return false;
}

void outstage_abort(outstage *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_outs; i++)
        for (size_t t = 0; t < s->outs[i].n_targets; t++) {
            kr_writer_abort(s->outs[i].targets[t].w);
            s->outs[i].targets[t].w = NULL;
        }
    kr_writer_abort(s->xsum);
    s->xsum = NULL;
}

kr_writer *outstage_direct_writer(outstage *s, uint64_t n)
{
    if (s->sum || s->outrec || s->n_outs != 1)
        return NULL;
    output *o = &s->outs[0];
    if (o->n_targets != 1 || o->include || o->rb || o->save || o->framed || o->startrec || o->endrec ||
        o->report || o->split_by || o->sample_every || o->accept || o->repeat > 1 || o->vb || o->iftrail)
        return NULL;
    o->targets[0].written += n;
    o->data_written += n;
    o->seen += n;
    s->emitted += n;
    return o->targets[0].w;
}

uint64_t outstage_summed(const outstage *s)
{
    return s->summed;
}

void outstage_report(const outstage *s, FILE *out)
{
    if (s->sum)
        fprintf(out, "KRK0661I SUM: %llu record%s %s%s%s\n", (unsigned long long)s->summed, s->summed == 1 ? "" : "s",
                s->sum_none ? "removed as duplicates" : "added into the first of their key",
                s->xsum_path ? ", written to SORTXSUM " : "", s->xsum_path ? s->xsum_path : "");
    for (size_t i = 0; i < s->n_outs; i++) {
        const output *o = &s->outs[i];
        for (size_t t = 0; t < o->n_targets; t++) {
            fprintf(out, "KRK0662I %-8s %s: %llu record%s", o->targets[t].name, o->targets[t].path,
                    (unsigned long long)o->targets[t].written, o->targets[t].written == 1 ? "" : "s");
            if (o->framed) {
                bool h = s->has_header[o->source], tr = s->trailer[o->source] != NULL;
                fprintf(out, " between %s%s%s, control totals recomputed", h ? "header" : "", h && tr ? " and " : "",
                        tr ? "trailer" : "");
            }
            if (o->report)
                report_listing(o->report, out);
            if (o->iftrail)
                iftrail_listing(o->iftrail, out);
            fprintf(out, "\n");
        }
    }
}

void outstage_free(outstage *s)
{
    if (!s)
        return;
    outstage_abort(s);
    for (size_t i = 0; i < s->n_sum; i++)
        kr_bound_free(&s->sum_fields[i]);
    free(s->sum_fields);
    free(s->pending);
    free(s->pending_key);
    free(s->key);
    if (s->outrec) {
        kr_rebuild_free(s->outrec);
        kr_seqstate_free(&s->outrec_seq);
    }
    free(s->r2);
    for (size_t i = 0; i < s->n_outs; i++) {
        output *o = &s->outs[i];
        free(o->targets);
        kr_pred_free(o->include);
        vb_output_free(o->vb);
        if (o->rb) {
            kr_rebuild_free(o->rb);
            kr_seqstate_free(&o->seq);
        }
        free(o->buf);
        free(o->masked);
        free(o->mask_at);
        free(o->mask_len);
        free(o->line);
        kr_totals_free(o->totals);
        report_free(o->report);
        iftrail_free(o->iftrail);
    }
    free(s->outs);
    for (int src = 0; src < SRC_COUNT; src++) {
        free(s->trailer[src]);
        free(s->end[src]);
    }
    free(s);
}
