/* join.c: JOINKEYS, JOIN and REFORMAT: two inputs (F1, F2), each filtered by its own
 * INCLUDE/OMIT and STOPAFT and sorted on its keys (or checked for order when SORTED), are
 * matched in one pass; equal keys on both sides pair every F1 record with every F2 record of
 * the key (F1 first), as DFSORT and GNU join pair them; the F2 records of a key wait in
 * memory, or on a work file when there are very many. REFORMAT builds the joined record,
 * with the indicator ? ('B', '1', '2') and FILL for the missing side. */
#include "merge.h"
#include "sortjob.h"

#include <stdlib.h>
#include <string.h>

typedef struct side {
    int no;                    /* 1 or 2 */
    char qual[3];              /* "F1", "F2" */
    const char *ddname;
    const char *path;
    const kr_layout *layout;
    size_t file_lrecl;         /* of the side's file */
    size_t lrecl;              /* of the records the join sees (after JNFnCNTL's INREC) */
    kr_terminator term;
    kr_scope scope;            /* of those records */
    const kr_ctl *jnf;         /* JNFnCNTL, or NULL */
    kr_rebuild *inrec;         /* JNFnCNTL's INREC, or NULL */
    kr_seqstate inrec_seq;
    bool omit;                 /* `include` omits */
    kr_keyplan kp;
    const kr_joinkeys *jk;
    kr_pred *include;
    filesrc fs;
    stage st;
    seqsrc seq;
    sorted *sorted;
    recsrc src;
    const unsigned char *rec;
    unsigned char *key;
    bool done, started;
    uint64_t count;            /* records that reached the match */
    const char *share;         /* a split join's RANGE: the range's share of the side, or NULL */
    bool routed;               /* a split join's ROUTE: the side was read to route it */
} side;

typedef struct ritem {
    int file;                  /* 1, 2, or 0 for the indicator */
    size_t src, len, dst;
} ritem;

struct joinsrc {
    sortjob *j;
    side s[2];
    unsigned unpaired;
    bool only;
    ritem *items;
    size_t n_items, reclen;
    unsigned char fill;
    unsigned char *out;
    /* pairing */
    bool pairing;
    unsigned char *f1copy, *group_key, *group;
    size_t group_n, group_cap, gpos, group_limit;
    bool spilled;
    run group_run;
    run_writer group_rw;
    run_reader group_rr;
    bool rr_open;
    uint64_t joined, paired, only1, only2, groups_spilled;
};

static const kr_dd *find_dd(const kr_sort_opts *o, const char *name)
{
    for (size_t i = 0; i < o->n_dds; i++)
        if (strcasecmp(o->dds[i].name, name) == 0)
            return &o->dds[i];
    return NULL;
}

/* ---- binding -------------------------------------------------------------------------------- */

/* JNFnCNTL, DFSORT's subtask statements for one side: INCLUDE or OMIT over the side's
 * records as read, then INREC; the keys and REFORMAT then see the INREC'd records. */
static bool join_side_statements(joinsrc *js, side *sd)
{
    sortjob *j = js->j;
    const kr_ctl *c = sd->jnf;
    const char *what = c->join[0].present || c->join[1].present || c->has_join || c->has_reformat
                           ? "JOINKEYS, JOIN or REFORMAT"
                       : c->op != KR_OP_NONE ? "SORT, MERGE or OPTION COPY"
                       : c->has_sum ? "SUM"
                       : c->outrec.kind != KR_RF_NONE ? "OUTREC"
                       : c->n_outfils ? "OUTFIL"
                       : c->has_skiprec || c->has_stopaft ? "SKIPREC or STOPAFT (write STOPAFT= on JOINKEYS)"
                       : NULL;
    if (what)
        return job_failf(j, KR_RC_ENV, "KRK0705E",
                         "%s: JNF%dCNTL: not supported: %s in a join side's statements (kiroku takes INCLUDE or "
                         "OMIT and INREC there)", c->path, sd->no, what);
    kr_err e;
    if (c->include) {
        if (sd->include)
            return job_failf(j, KR_RC_ENV, "KRK0706E",
                             "%s:%d:%d: JNF%dCNTL has %s, and JOINKEYS FILE=F%d has INCLUDE= or OMIT= (%s:%d:%d); keep one",
                             c->path, c->include_pos.line, c->include_pos.col, sd->no, c->omit ? "OMIT" : "INCLUDE",
                             sd->no, j->path, sd->jk->pos.line, sd->jk->pos.col);
        sd->include = kr_pred_build(c->include, &sd->scope, &j->cctx, c->path, &e);
        if (!sd->include)
            return job_fail(j, &e);
        sd->omit = c->omit;
    }
    if (c->inrec.kind != KR_RF_NONE) {
        kr_scope after;
        sd->inrec = kr_rebuild_build(&c->inrec, &sd->scope, &j->cctx, c->path, &after, &e);
        if (!sd->inrec)
            return job_fail(j, &e);
        kr_seqstate_init(&sd->inrec_seq, sd->inrec);
        sd->lrecl = kr_rebuild_length(sd->inrec);
        /* The INREC'd fields keep the side's qualifier (F1:name). */
        kr_scope_free(&sd->scope);
        kr_scope_init(&sd->scope, sd->lrecl, after.layout);
        sd->scope.why_no_names = after.why_no_names;
        for (size_t i = 0; i < after.n; i++)
            kr_scope_add_field(&sd->scope, sd->qual, after.v[i].type_name, &after.v[i].field, after.v[i].field.offset,
                               after.v[i].layout);
        kr_scope_free(&after);
    }
    return true;
}

static bool bind_side(joinsrc *js, int no)
{
    sortjob *j = js->j;
    const kr_sort_opts *o = j->o;
    side *sd = &js->s[no - 1];
    sd->no = no;
    snprintf(sd->qual, sizeof sd->qual, "F%d", no);
    sd->jk = &j->ctl->join[no - 1];
    sd->ddname = sd->jk->ddname ? sd->jk->ddname : (no == 1 ? "SORTJNF1" : "SORTJNF2");
    const kr_dd *dd = find_dd(o, sd->ddname);
    size_t lrecl = o->lrecl;
    kr_terminator term = o->terminator;
    if (dd) {
        sd->path = dd->path;
        sd->layout = dd->layout ? dd->layout : dd->lrecl ? NULL : o->layout;
        if (dd->lrecl) {
            lrecl = dd->lrecl;
            term = dd->terminator;
        }
    } else if (o->n_inputs == 2) {
        sd->path = o->inputs[no - 1];
        sd->layout = o->layout;
    } else
        return job_failf(j, KR_RC_ENV, "KRK0680E",
                         "%s: JOINKEYS FILE=F%d reads %s: give it with --dd %s=FILE[,layout=L] (or -i F1 -i F2)", j->path,
                         no, sd->ddname, sd->ddname);
    sd->file_lrecl = sd->layout ? sd->layout->length : lrecl;
    sd->lrecl = sd->file_lrecl;
    sd->term = sd->layout ? sd->layout->terminator : term;
    if (!sd->lrecl)
        return job_failf(j, KR_RC_ENV, "KRK0680E", "%s: the record length of %s is unknown: give its layout", j->path,
                         sd->ddname);
    j->frame_layout[no] = sd->layout;
    j->frame_lrecl[no] = sd->file_lrecl;
    kr_scope_init(&sd->scope, sd->lrecl, sd->layout);
    if (sd->layout)
        kr_scope_add_layout(&sd->scope, sd->layout, sd->qual, 0);
    kr_err e;
    sd->omit = sd->jk->omit;
    if (sd->jk->include) {
        sd->include = kr_pred_build(sd->jk->include, &sd->scope, &j->cctx, j->path, &e);
        if (!sd->include)
            return job_fail(j, &e);
    }
    sd->jnf = o->jnf[no - 1];
    if (sd->jnf && !join_side_statements(js, sd))
        return false;
    if (!kr_keyplan_build(&sd->kp, &sd->scope, sd->jk->keys, sd->jk->n_keys, j->path, &e))
        return job_fail(j, &e);
    kr_keyplan_set_century(&sd->kp, j->cctx.century); /* p,m,Y2T keys */
    kr_keyplan_set_altseq(&sd->kp, j->cctx.altseq, j->cctx.chalt); /* AQ keys */
    for (size_t i = 0; i < sd->kp.n; i++) {
        const kr_bound *b = &sd->kp.parts[i].b;
        if (b->has_field && b->field.type == KR_F_MYNUMBER && !b->field.match)
            return job_failf(j, KR_RC_ENV, "KRK0681E",
                             "%s:%d:%d: %s is a 個人番号, which is a match key only where its layout says "
                             "`match`; match on 宛名番号", j->path,
                             sd->jk->keys[i].ref.pos.line, sd->jk->keys[i].ref.pos.col, b->name);
    }
    return true; /* the key buffer comes after kr_keyplan_align, which may widen the key */
}

/* Adds to the main scope every field of the side's layout that lies whole within the copied
 * bytes [src, src + len), at its place in the joined record. */
static void scope_from_copy(kr_scope *main_scope, const side *sd, size_t src, size_t len, size_t dst)
{
    for (size_t i = 0; i < sd->scope.n; i++) {
        const kr_scope_entry *e = &sd->scope.v[i];
        if (e->field.offset >= src && e->field.offset + e->field.length <= src + len)
            kr_scope_add_field(main_scope, sd->qual, e->type_name, &e->field, dst + (e->field.offset - src), e->layout);
    }
}

static bool bind_reformat(joinsrc *js, kr_scope *main_scope)
{
    sortjob *j = js->j;
    const kr_ctl *c = j->ctl;
    js->items = kr_xcalloc(c->n_reformat ? c->n_reformat : 1, sizeof *js->items);
    size_t pos = 0;
    for (size_t i = 0; i < c->n_reformat; i++) {
        const kr_reformat_item *ri = &c->reformat[i];
        ritem *it = &js->items[js->n_items++];
        it->file = ri->file;
        it->dst = pos;
        if (ri->file == 0) {
            it->len = 1;
        } else {
            side *sd = &js->s[ri->file - 1];
            kr_ref r = ri->ref;
            if (ri->to_end) {
                if (r.start > sd->lrecl)
                    return job_failf(j, KR_RC_ENV, "KRK0682E", "%s:%d:%d: F%d:%zu is past the end of %s's %zu-byte records",
                                     j->path, ri->pos.line, ri->pos.col, ri->file, r.start, sd->ddname, sd->lrecl);
                r.length = sd->lrecl - r.start + 1;
            }
            kr_bound b;
            kr_err e;
            if (!kr_bind(&sd->scope, &r, j->path, &b, &e))
                return job_fail(j, &e);
            it->src = b.offset;
            it->len = b.length;
            scope_from_copy(main_scope, sd, b.offset, b.length, pos);
            kr_bound_free(&b);
        }
        pos += it->len;
    }
    js->reclen = pos;
    main_scope->reclen = pos;
    return true;
}

joinsrc *join_new(sortjob *j, kr_scope *main_scope)
{
    joinsrc *js = kr_xcalloc(1, sizeof *js);
    js->j = j;
    js->unpaired = j->ctl->has_join ? j->ctl->join_unpaired : 0;
    js->only = j->ctl->join_only;
    js->fill = j->ctl->fill;
    kr_scope_init(main_scope, 0, j->o->layout);
    if (!bind_side(js, 1) || !bind_side(js, 2))
        goto fail;
    main_scope->layout = js->s[0].layout ? js->s[0].layout : js->s[1].layout;
    kr_err e;
    if (!kr_keyplan_align(&js->s[0].kp, &js->s[1].kp, j->path, &e)) {
        job_fail(j, &e);
        goto fail;
    }
    for (int k = 0; k < 2; k++)
        js->s[k].key = kr_xmalloc(js->s[k].kp.width ? js->s[k].kp.width : 1);
    for (size_t i = 0; i < js->s[0].kp.n; i++)
        if (js->s[0].kp.parts[i].descending != js->s[1].kp.parts[i].descending) {
            job_failf(j, KR_RC_ENV, "KRK0683E", "%s: JOINKEYS key %zu is ascending on one side and descending on the other",
                      j->path, i + 1);
            goto fail;
        }
    if (!bind_reformat(js, main_scope))
        goto fail;
    js->out = kr_xmalloc(js->reclen ? js->reclen : 1);
    js->f1copy = kr_xmalloc(js->s[0].lrecl);
    js->group_key = kr_xmalloc(js->s[0].kp.width ? js->s[0].kp.width : 1);
    js->group_limit = j->memory / 8 / js->s[1].lrecl + 1;
    return js;
fail:
    join_free(js);
    return NULL;
}

size_t join_reclen(const joinsrc *js)
{
    return js->reclen;
}

int join_side_of(const joinsrc *js, size_t off, size_t len)
{
    for (size_t i = 0; i < js->n_items; i++) {
        const ritem *it = &js->items[i];
        if (it->file && it->dst == off && it->len == len && it->src == 0 && it->len == js->s[it->file - 1].lrecl)
            return it->file;
    }
    return 0;
}

/* ---- the sides -------------------------------------------------------------------------------- */

/* The side's records as the match sees them: its file through its INCLUDE/OMIT, STOPAFT
 * and INREC (JNFnCNTL), in input order. */
static recsrc side_stage(joinsrc *js, side *sd)
{
    const kr_joinkeys *jk = sd->jk;
    stage_init(&sd->st, js->j, filesrc_src(&sd->fs), sd->no == 1 ? "F1 INCLUDE" : "F2 INCLUDE");
    sd->st.include = sd->include;
    sd->st.omit = sd->omit;
    if (sd->inrec) {
        sd->st.inrec = sd->inrec;
        sd->st.seq = &sd->inrec_seq;
        sd->st.reclen = sd->lrecl;
    }
    sd->st.has_stopaft = jk->stopaft > 0;
    sd->st.stopaft = jk->stopaft;
    sd->st.drain = sd->fs.framed;
    return stage_src(&sd->st);
}

/* A SORTED side's records with their order checked, unless NOSEQCK. */
static recsrc side_checked(joinsrc *js, side *sd, recsrc src)
{
    if (sd->jk->noseqck)
        return src;
    seqsrc_init(&sd->seq, js->j, src, &sd->kp, sd->no == 1 ? "JOINKEYS F1 (SORTED)" : "JOINKEYS F2 (SORTED)");
    return seqsrc_src(&sd->seq);
}

/* A split join's RANGE: the side is the range's share, records as side_stage gave them (no
 * framing; INCLUDE/OMIT, STOPAFT and INREC already applied; a SORTED side's order checked). */
static bool start_share(joinsrc *js, side *sd, size_t memory)
{
    sortjob *j = js->j;
    filesrc_init(&sd->fs, j, sd->no == 1 ? "SORTPIN" : "SORTPIN2", &sd->share, 1, NULL, sd->lrecl, KR_TERM_NONE,
                 sd->no);
    sd->started = true;
    if (sd->jk->sorted) {
        sd->src = filesrc_src(&sd->fs);
        return true;
    }
    sd->sorted = sorted_from_file(j, &sd->fs, &sd->kp, memory);
    if (!sd->sorted && j->err.text[0])
        return false;
    if (!sd->sorted)
        sd->sorted = sorted_from_source(j, filesrc_src(&sd->fs), &sd->kp, memory);
    if (!sd->sorted)
        return false;
    sd->src = sorted_src(sd->sorted);
    return true;
}

static bool start_side(joinsrc *js, side *sd, size_t memory)
{
    if (sd->share)
        return start_share(js, sd, memory);
    sortjob *j = js->j;
    const kr_joinkeys *jk = sd->jk;
    filesrc_init(&sd->fs, j, sd->ddname, &sd->path, 1, sd->layout, sd->file_lrecl, sd->term, sd->no);
    bool plain = !sd->include && !sd->inrec && !jk->stopaft;
    if (!jk->sorted && plain) {
        sd->sorted = sorted_from_file(j, &sd->fs, &sd->kp, memory);
        if (!sd->sorted && j->err.text[0])
            return false;
    }
    if (!sd->sorted) {
        recsrc src = side_stage(js, sd);
        if (jk->sorted)
            sd->src = side_checked(js, sd, src);
        else {
            sd->sorted = sorted_from_source(j, src, &sd->kp, memory);
            if (!sd->sorted)
                return false;
            sd->src = sorted_src(sd->sorted);
        }
    } else
        sd->src = sorted_src(sd->sorted);
    sd->started = true;
    return true;
}

/* The join key of the side's current record; a key that cannot be read names the record. */
static bool side_key(joinsrc *js, side *sd)
{
    size_t part;
    kr_problem pb;
    if (kr_key_encode(&sd->kp, sd->rec, sd->key, &part, &pb))
        return true;
    char what[160];
    snprintf(what, sizeof what, "JOINKEYS %s key %s", sd->qual, sd->kp.parts[part].b.name);
    return source_problem(js->j, &sd->src, what, &pb);
}

static bool advance(joinsrc *js, side *sd)
{
    int got = sd->src.next(sd->src.self, &sd->rec);
    if (got < 0)
        return false;
    if (got == 0) {
        sd->done = true;
        sd->rec = NULL;
        return true;
    }
    sd->count++;
    return side_key(js, sd);
}

bool join_start(joinsrc *js)
{
    size_t memory = js->j->memory / 2;
    if (!start_side(js, &js->s[0], memory) || !start_side(js, &js->s[1], memory))
        return false;
    return advance(js, &js->s[0]) && advance(js, &js->s[1]);
}

/* ---- the match ---------------------------------------------------------------------------------- */

static void build(joinsrc *js, const unsigned char *r1, const unsigned char *r2, char indicator)
{
    for (size_t i = 0; i < js->n_items; i++) {
        const ritem *it = &js->items[i];
        unsigned char *d = js->out + it->dst;
        if (it->file == 0)
            *d = (unsigned char)indicator;
        else {
            const unsigned char *r = it->file == 1 ? r1 : r2;
            if (r)
                memcpy(d, r + it->src, it->len);
            else
                memset(d, js->fill, it->len);
        }
    }
    js->joined++;
}

static bool group_add(joinsrc *js, const unsigned char *rec)
{
    size_t len = js->s[1].lrecl;
    kr_err e;
    if (js->spilled) {
        if (!run_writer_put(&js->group_rw, rec, &e))
            return job_fail(js->j, &e);
        js->group_n++;
        return true;
    }
    if (js->group_n == js->group_limit) {
        /* Too many F2 records share this key to keep in memory: move them to a work file. */
        if (!run_create(js->j->tmpdir, &js->group_run, &e))
            return job_fail(js->j, &e);
        run_writer_init(&js->group_rw, &js->group_run, len, 1u << 20);
        for (size_t i = 0; i < js->group_n; i++)
            if (!run_writer_put(&js->group_rw, js->group + i * len, &e))
                return job_fail(js->j, &e);
        js->spilled = true;
        js->groups_spilled++;
        return group_add(js, rec);
    }
    KR_GROW(js->group, js->group_cap, (js->group_n + 1) * len);
    memcpy(js->group + js->group_n * len, rec, len);
    js->group_n++;
    return true;
}

static bool group_rewind(joinsrc *js)
{
    js->gpos = 0;
    if (!js->spilled)
        return true;
    if (js->rr_open)
        run_reader_free(&js->group_rr);
    run_reader_init(&js->group_rr, &js->group_run, js->s[1].lrecl, 1u << 20);
    js->rr_open = true;
    return true;
}

static void group_clear(joinsrc *js)
{
    js->group_n = 0;
    js->gpos = 0;
    if (js->spilled) {
        if (js->rr_open)
            run_reader_free(&js->group_rr);
        js->rr_open = false;
        run_close(&js->group_run);
        js->spilled = false;
    }
}

static int join_next(void *self, const unsigned char **out)
{
    joinsrc *js = self;
    side *a = &js->s[0], *b = &js->s[1];
    size_t width = a->kp.width;
    for (;;) {
        if (js->pairing) {
            if (js->gpos < js->group_n) {
                const unsigned char *g;
                if (js->spilled) {
                    kr_err e;
                    if (run_reader_next(&js->group_rr, &g, &e) <= 0)
                        return job_fail(js->j, &e) ? 0 : -1;
                } else
                    g = js->group + js->gpos * b->lrecl;
                js->gpos++;
                if (js->only)
                    continue;
                build(js, js->f1copy, g, 'B');
                js->paired++;
                *out = js->out;
                return 1;
            }
            /* This F1 record has met every F2 record of the key: the next F1 record. */
            if (!advance(js, a))
                return -1;
            if (!a->done && memcmp(a->key, js->group_key, width) == 0) {
                memcpy(js->f1copy, a->rec, a->lrecl);
                group_rewind(js);
                continue;
            }
            js->pairing = false;
            group_clear(js);
            continue;
        }
        if (a->done && b->done)
            return 0;
        int c = a->done ? 1 : b->done ? -1 : memcmp(a->key, b->key, width);
        if (c < 0) {
            bool emit = js->unpaired & KR_JOIN_F1;
            if (emit)
                build(js, a->rec, NULL, '1');
            js->only1++;
            if (!advance(js, a))
                return -1;
            if (emit) {
                *out = js->out;
                return 1;
            }
            continue;
        }
        if (c > 0) {
            bool emit = js->unpaired & KR_JOIN_F2;
            if (emit)
                build(js, NULL, b->rec, '2');
            js->only2++;
            if (!advance(js, b))
                return -1;
            if (emit) {
                *out = js->out;
                return 1;
            }
            continue;
        }
        /* Equal keys: every F2 record of the key waits; each F1 record of the key meets them. */
        memcpy(js->group_key, b->key, width);
        while (!b->done && memcmp(b->key, js->group_key, width) == 0) {
            if (!group_add(js, b->rec) || !advance(js, b))
                return -1;
        }
        if (js->spilled) {
            kr_err e;
            if (!run_writer_finish(&js->group_rw, &e))
                return job_fail(js->j, &e) ? 0 : -1;
        }
        memcpy(js->f1copy, a->rec, a->lrecl);
        group_rewind(js);
        js->pairing = true;
    }
}

static void join_where(void *self, kr_buf *out)
{
    joinsrc *js = self;
    kr_buf_addf(out, "joined record %llu", (unsigned long long)js->joined);
}

recsrc join_src(joinsrc *js)
{
    return (recsrc){join_next, join_where, js, js->reclen};
}

void join_report(const joinsrc *js, FILE *out)
{
    for (int i = 0; i < 2; i++) {
        const side *sd = &js->s[i];
        fprintf(out, "KRK0684I %s %s %s: %llu record%s read", sd->qual, sd->ddname, sd->path,
                (unsigned long long)sd->fs.read, sd->fs.read == 1 ? "" : "s");
        if (sd->fs.frames)
            fprintf(out, " (%llu header/trailer/end kept out)", (unsigned long long)sd->fs.frames);
        if (sd->include)
            fprintf(out, ", %llu omitted (%s)", (unsigned long long)sd->st.omitted, sd->omit ? "OMIT" : "INCLUDE");
        if (sd->jk->stopaft)
            fprintf(out, ", %llu after STOPAFT", (unsigned long long)sd->st.dropped);
        if (sd->sorted) {
            kr_buf d;
            kr_buf_init(&d);
            sorted_describe(sd->sorted, &d);
            fprintf(out, "; %s\n", d.data);
            kr_buf_free(&d);
        } else if (sd->routed)
            fprintf(out, "; %llu taken to the key ranges\n", (unsigned long long)sd->count);
        else if (sd->jk->sorted)
            fprintf(out, "; in key order as given (SORTED%s)\n", sd->jk->noseqck ? ", NOSEQCK" : "");
        else
            fprintf(out, "; not sorted: the run stopped first\n");
    }
    if (js->s[0].routed)
        return; /* the match is the RANGE pieces': CONCAT adds their counts up */
    uint64_t counts[JOIN_COUNTS];
    join_counts(js, counts);
    join_report_match(out, counts, js->reclen);
}

void join_counts(const joinsrc *js, uint64_t out[JOIN_COUNTS])
{
    out[0] = js->paired;
    out[1] = js->only1;
    out[2] = js->only2;
    out[3] = js->joined;
    out[4] = js->groups_spilled;
}

void join_report_match(FILE *out, const uint64_t c[JOIN_COUNTS], size_t reclen)
{
    fprintf(out, "KRK0685I JOIN: %llu paired, %llu F1 only, %llu F2 only; %llu joined records of %zu bytes to the main task\n",
            (unsigned long long)c[0], (unsigned long long)c[1], (unsigned long long)c[2], (unsigned long long)c[3],
            reclen);
    if (c[4])
        fprintf(out, "KRK0686I JOIN: the F2 records of %llu key%s did not fit in memory and waited on a work file\n",
                (unsigned long long)c[4], c[4] == 1 ? "" : "s");
}

/* ---- a partitioned SORT's split join (partition.c) ------------------------------------------ */

bool join_side_each(joinsrc *js, int no, join_each_fn each, void *ctx)
{
    sortjob *j = js->j;
    side *sd = &js->s[no - 1];
    filesrc_init(&sd->fs, j, sd->ddname, &sd->path, 1, sd->layout, sd->file_lrecl, sd->term, sd->no);
    sd->started = true;
    sd->routed = true;
    recsrc src = side_stage(js, sd);
    if (sd->jk->sorted)
        src = side_checked(js, sd, src);
    sd->src = src;
    int got;
    while ((got = src.next(src.self, &sd->rec)) > 0) {
        sd->count++;
        if (!side_key(js, sd) || !each(ctx, sd->rec, sd->key))
            return false;
        if ((sd->count & 0xFFFF) == 0 && job_interrupted(j))
            return false;
    }
    return got == 0;
}

size_t join_side_lrecl(const joinsrc *js, int no)
{
    return js->s[no - 1].lrecl;
}

size_t join_key_width(const joinsrc *js)
{
    return js->s[0].kp.width;
}

void join_from_shares(joinsrc *js, const char *f1, const char *f2)
{
    js->s[0].share = f1;
    js->s[1].share = f2;
}

void join_free(joinsrc *js)
{
    if (!js)
        return;
    for (int i = 0; i < 2; i++) {
        side *sd = &js->s[i];
        if (sd->started) {
            sorted_free(sd->sorted);
            seqsrc_free(&sd->seq);
            stage_free(&sd->st);
            filesrc_free(&sd->fs);
        }
        kr_pred_free(sd->include);
        if (sd->inrec) {
            kr_rebuild_free(sd->inrec);
            kr_seqstate_free(&sd->inrec_seq);
        }
        kr_keyplan_free(&sd->kp);
        kr_scope_free(&sd->scope);
        free(sd->key);
    }
    group_clear(js);
    free(js->group);
    free(js->items);
    free(js->out);
    free(js->f1copy);
    free(js->group_key);
    free(js);
}
