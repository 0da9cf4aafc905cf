/* sortprog.c: the SORT program: binds the statements to the inputs' layouts, assembles the
 * record sources (SORTIN's files or a join of F1 and F2, then the main task's SKIPREC,
 * INCLUDE/OMIT, STOPAFT and INREC), orders the records (a copy, a sort in memory or on work
 * files, a merge of sorted inputs) into the output stage, and writes the listing. */
#include "merge.h"
#include "sortjob.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct program {
    sortjob j;
    /* SORTIN (COPY, SORT) or SORTIN01.. (MERGE, one each) */
    filesrc *files;
    stage *stages;
    seqsrc *seqs;
    char (*ddnames)[32];       /* SORTIN01.. */
    size_t n_files;
    /* the join */
    joinsrc *join;
    stage main;                /* the main task over the join */
    kr_pred *include;
    kr_rebuild *inrec;
    kr_seqstate inrec_seq;
    sorted *sorted;
    bool in_memory_fast;
} program;

size_t kr_sort_default_memory(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || size <= 0)
        return (size_t)1 << 30;
    return (size_t)pages * (size_t)size / 2;
}

int kr_sort_default_threads(void)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    return cpus > 0 ? (int)(cpus > 8 ? 8 : cpus) : 1;
}

/* Binds the main task: INCLUDE/OMIT and INREC over scope0, keys over scope1. */
static bool bind_main(program *p)
{
    sortjob *j = &p->j;
    const kr_ctl *c = j->ctl;
    kr_err e;
    if (c->include) {
        p->include = kr_pred_build(c->include, &j->scope0, &j->cctx, j->path, &e);
        if (!p->include)
            return job_fail(j, &e);
    }
    if (c->inrec.kind != KR_RF_NONE) {
        p->inrec = kr_rebuild_build(&c->inrec, &j->scope0, &j->cctx, j->path, &j->scope1, &e);
        if (!p->inrec)
            return job_fail(j, &e);
        kr_seqstate_init(&p->inrec_seq, p->inrec);
        j->len1 = kr_rebuild_length(p->inrec);
    } else {
        kr_scope_init(&j->scope1, j->scope0.reclen, j->scope0.layout);
        for (size_t i = 0; i < j->scope0.n; i++)
            kr_scope_add_field(&j->scope1, j->scope0.v[i].qual, j->scope0.v[i].type_name, &j->scope0.v[i].field,
                               j->scope0.v[i].field.offset, j->scope0.v[i].layout);
        j->len1 = j->scope0.reclen;
    }
    if ((c->op == KR_OP_SORT || c->op == KR_OP_MERGE) &&
        !kr_keyplan_build(&j->kp, &j->scope1, c->keys, c->n_keys, j->path, &e))
        return job_fail(j, &e);
    kr_keyplan_set_century(&j->kp, j->cctx.century); /* p,m,Y2T keys */
    kr_keyplan_set_altseq(&j->kp, c->altseq, c->chalt); /* AQ keys */
    return true;
}

/* Sets a stage to the main task's statements. */
static void main_stage(program *p, stage *st)
{
    const kr_ctl *c = p->j.ctl;
    st->skiprec = c->skiprec;
    st->has_stopaft = c->has_stopaft;
    st->stopaft = c->stopaft;
    st->include = p->include;
    st->omit = c->omit;
    st->inrec = p->inrec;
    st->seq = &p->inrec_seq;
    st->reclen = p->j.len1;
}

static bool setup(program *p)
{
    sortjob *j = &p->j;
    const kr_sort_opts *o = j->o;
    const kr_ctl *c = j->ctl;
    j->cctx.run_date = o->run_date;
    kr_cond_ctx_clock(&j->cctx);
    j->cctx.century = kr_century_window(c->has_y2past ? c->y2past : 80, o->run_date);
    j->cctx.altseq = c->altseq;
    j->cctx.chalt = c->chalt;
    j->memory = o->memory ? o->memory : kr_sort_default_memory();
    j->threads = o->threads > 0 ? o->threads : kr_sort_default_threads();
    j->tmpdir = o->tmpdir ? o->tmpdir : (getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (c->join[0].present) {
        j->joined = true;
        p->join = join_new(j, &j->scope0);
        if (!p->join)
            return false;
        j->join = p->join;
        j->out_term = j->frame_layout[SRC_F1] ? j->frame_layout[SRC_F1]->terminator : o->terminator;
    } else {
        size_t lrecl = o->layout ? o->layout->length : o->lrecl;
        if (lrecl == 0)
            return job_failf(j, KR_RC_ENV, "KRK0672E", "the record length is unknown: give a layout (-L) or --lrecl");
        if (o->n_inputs == 0)
            return job_failf(j, KR_RC_ENV, "KRK0673E", "no input: give SORTIN with -i FILE");
        if (c->op == KR_OP_MERGE && c->merge_files && c->merge_files != o->n_inputs)
            return job_failf(j, KR_RC_ENV, "KRK0702E", "%s:%d:%d: MERGE FILES=%llu, but %zu input%s given (-i, SORTIN01..)",
                             j->path, c->merge_files_pos.line, c->merge_files_pos.col,
                             (unsigned long long)c->merge_files, o->n_inputs, o->n_inputs == 1 ? " is" : "s are");
        if (c->op == KR_OP_MERGE && (c->has_skiprec || c->has_stopaft))
            return job_failf(j, KR_RC_ENV, "KRK0673E", "%s: SKIPREC and STOPAFT go with SORT and COPY, not MERGE", j->path);
        j->frame_layout[SRC_SORTIN] = o->layout;
        j->frame_lrecl[SRC_SORTIN] = lrecl;
        j->out_term = o->layout ? o->layout->terminator : o->terminator;
        kr_scope_init(&j->scope0, lrecl, o->layout);
        if (o->layout)
            kr_scope_add_layout(&j->scope0, o->layout, NULL, 0);
    }
    if (!bind_main(p))
        return false;
    /* A partitioned join is split at the join when no count runs across the joined records
     * (SKIPREC, STOPAFT, INREC's SEQNUM or WHEN=GROUP): each range's records then are the
     * same whichever process joins them. */
    j->join_split = o->phase != KR_PART_WHOLE && p->join && !c->has_skiprec && !c->has_stopaft &&
                    !(p->inrec && (p->inrec_seq.n || p->inrec_seq.n_groups));
    if (o->phase != KR_PART_WHOLE && o->phase != KR_PART_CONCAT)
        return true; /* the pieces before CONCAT write no output of the step's */
    j->out = outstage_new(j);
    return j->out != NULL;
}

/* ---- the operations ------------------------------------------------------------------------ */

static bool drain(program *p, recsrc src)
{
    sortjob *j = &p->j;
    const unsigned char *rec;
    int got;
    while ((got = src.next(src.self, &rec)) > 0)
        if (!outstage_put(j->out, rec))
            return false;
    return got == 0;
}

/* The main task's source: SORTIN's files through the main stage, or the join through it. */
static recsrc main_source(program *p, kr_terminator term)
{
    sortjob *j = &p->j;
    const kr_sort_opts *o = j->o;
    stage *st = &p->main;
    if (p->join) {
        stage_init(st, j, join_src(p->join), j->ctl->omit ? "OMIT" : "INCLUDE");
    } else {
        p->n_files = 1;
        p->files = kr_xcalloc(1, sizeof *p->files);
        filesrc_init(&p->files[0], j, "SORTIN", o->inputs, o->n_inputs, o->layout, j->frame_lrecl[SRC_SORTIN], term,
                     SRC_SORTIN);
        stage_init(st, j, filesrc_src(&p->files[0]), j->ctl->omit ? "OMIT" : "INCLUDE");
        st->drain = p->files[0].framed;
    }
    main_stage(p, st);
    return stage_src(st);
}

static bool do_sort(program *p)
{
    sortjob *j = &p->j;
    const kr_sort_opts *o = j->o;
    const kr_ctl *c = j->ctl;
    kr_terminator term = o->layout ? o->layout->terminator : o->terminator;
    if (!p->join && o->n_inputs == 1 && !p->include && !p->inrec && !c->has_skiprec && !c->has_stopaft) {
        p->files = kr_xcalloc(1, sizeof *p->files);
        p->n_files = 1;
        filesrc_init(&p->files[0], j, "SORTIN", o->inputs, 1, o->layout, j->frame_lrecl[SRC_SORTIN], term, SRC_SORTIN);
        p->sorted = sorted_from_file(j, &p->files[0], &j->kp, j->memory);
        if (!p->sorted && j->err.text[0])
            return false;
        if (p->sorted) {
            p->in_memory_fast = true;
            return sorted_drain(p->sorted, j->out);
        }
        filesrc_free(&p->files[0]);
        free(p->files);
        p->files = NULL;
        p->n_files = 0;
    }
    if (p->join && !join_start(p->join))
        return false;
    recsrc src = main_source(p, term);
    p->sorted = sorted_from_source(j, src, &j->kp, j->memory);
    return p->sorted && sorted_drain(p->sorted, j->out);
}

static bool do_copy(program *p)
{
    sortjob *j = &p->j;
    kr_terminator term = j->o->layout ? j->o->layout->terminator : j->o->terminator;
    if (p->join && !join_start(p->join))
        return false;
    return drain(p, main_source(p, term));
}

static int kstream_of(void *self, const unsigned char **rec, kr_err *err)
{
    seqsrc *s = self;
    int got = seqsrc_src(s).next(s, rec);
    if (got < 0)
        *err = s->j->err;
    return got;
}

static bool do_merge(program *p)
{
    sortjob *j = &p->j;
    const kr_sort_opts *o = j->o;
    size_t k = o->n_inputs;
    kr_terminator term = o->layout ? o->layout->terminator : o->terminator;
    p->n_files = k;
    p->files = kr_xcalloc(k, sizeof *p->files);
    p->stages = kr_xcalloc(k, sizeof *p->stages);
    p->seqs = kr_xcalloc(k, sizeof *p->seqs);
    kstream *ks = kr_xcalloc(k, sizeof *ks);
    p->ddnames = kr_xcalloc(k, sizeof *p->ddnames);
    for (size_t i = 0; i < k; i++) {
        snprintf(p->ddnames[i], sizeof p->ddnames[i], "SORTIN%02zu", i + 1);
        filesrc_init(&p->files[i], j, p->ddnames[i], &o->inputs[i], 1, o->layout, j->frame_lrecl[SRC_SORTIN], term,
                     SRC_SORTIN);
        stage_init(&p->stages[i], j, filesrc_src(&p->files[i]), j->ctl->omit ? "OMIT" : "INCLUDE");
        main_stage(p, &p->stages[i]);
        p->stages[i].drain = p->files[i].framed;
        seqsrc_init(&p->seqs[i], j, stage_src(&p->stages[i]), &j->kp, "MERGE");
        ks[i] = (kstream){kstream_of, &p->seqs[i]};
    }
    merger m;
    kr_err e;
    bool ok = merger_init(&m, ks, k, &j->kp, &e) || (j->err.text[0] ? false : job_fail(j, &e));
    while (ok) {
        const unsigned char *rec;
        size_t from;
        int got = merger_next(&m, &rec, &from, NULL, &e);
        if (got < 0) {
            ok = j->err.text[0] ? false : job_fail(j, &e);
            break;
        }
        if (got == 0)
            break;
        ok = outstage_put(j->out, rec);
    }
    merger_free(&m);
    free(ks);
    return ok;
}

/* A piece of a partitioned SORT (partition.c). */
static bool do_phase(program *p)
{
    sortjob *j = &p->j;
    const kr_sort_opts *o = j->o;
    if (j->ctl->op != KR_OP_SORT)
        return job_failf(j, KR_RC_ENV, "KRK1851E", "%s: only SORT is partitioned, not MERGE or COPY", j->path);
    kr_terminator term = o->layout ? o->layout->terminator : o->terminator;
    if (o->phase == KR_PART_RANGE && j->join_split) {
        const char *f1 = part_path(j, "SORTPIN", "F1's share of the range"),
                   *f2 = f1 ? part_path(j, "SORTPIN2", "F2's share of the range") : NULL;
        if (!f2)
            return false;
        join_from_shares(p->join, f1, f2);
        if (!join_start(p->join))
            return false;
        recsrc src = main_source(p, term);
        return part_range(j, &src, &p->main);
    }
    if (o->phase == KR_PART_RANGE)
        return part_range(j, NULL, NULL);
    if (o->phase == KR_PART_CONCAT)
        return part_concat(j);
    if (j->join_split)
        return o->phase == KR_PART_SAMPLE ? part_sample(j, NULL) : part_route(j, NULL, NULL);
    if (p->join && !join_start(p->join))
        return false;
    main_source(p, term);
    return o->phase == KR_PART_SAMPLE ? part_sample(j, &p->main) : part_route(j, &p->main, p->files);
}

/* ---- the listing ---------------------------------------------------------------------------- */

/* The statements as written, then those accepted without effect. */
static void listing_statements(FILE *f, const kr_ctl *c)
{
    for (size_t i = 0; i < c->n_echo; i++) {
        const char *s = c->echo[i];
        while (*s) {
            const char *nl = strchr(s, '\n');
            size_t n = nl ? (size_t)(nl - s) : strlen(s);
            fprintf(f, "           %.*s\n", (int)n, s);
            s += n + (nl ? 1 : 0);
        }
    }
    for (size_t i = 0; i < c->n_ignored; i++)
        fprintf(f, "KRK0652I %s has no effect here and was accepted\n", c->ignored[i]);
}

static void listing_head(program *p)
{
    sortjob *j = &p->j;
    const kr_sort_opts *o = j->o;
    const kr_ctl *c = j->ctl;
    FILE *f = o->listing;
    fprintf(f, "KRK0650I kiroku SORT %s  run date %04d-%02d-%02d\n", KIROKU_VERSION, o->run_date / 10000,
            o->run_date / 100 % 100, o->run_date % 100);
    fprintf(f, "KRK0651I control statements (%s):\n", c->path);
    listing_statements(f, c);
    for (int side = 0; side < 2; side++)
        if (o->jnf[side]) {
            fprintf(f, "KRK0651I control statements of JNF%dCNTL (%s):\n", side + 1, o->jnf[side]->path);
            listing_statements(f, o->jnf[side]);
        }
    if (c->join[0].present)
        return; /* the join's report names its inputs */
    for (size_t i = 0; i < o->n_inputs; i++) {
        if (c->op == KR_OP_MERGE)
            fprintf(f, "KRK0653I SORTIN%02zu %s\n", i + 1, o->inputs[i]);
        else
            fprintf(f, "KRK0653I SORTIN   %s\n", o->inputs[i]);
    }
    if (o->layout)
        fprintf(f, "KRK0654I input records: layout %s, %zu-byte records + %s, %s\n", o->layout->name,
                o->layout->length, kr_terminator_name(o->layout->terminator), kr_encoding_name(o->layout->encoding));
    else
        fprintf(f, "KRK0654I input records: %zu-byte records + %s\n", o->lrecl, kr_terminator_name(o->terminator));
}

static void listing_tail(program *p, bool ran)
{
    sortjob *j = &p->j;
    const kr_sort_opts *o = j->o;
    const kr_ctl *c = j->ctl;
    FILE *f = o->listing;
    static const char *ops[] = {"", "SORT", "MERGE", "COPY"};
    if (j->err.text[0]) {
        fprintf(f, "%s\n", j->err.text);
        /* Every error reaches stderr, wherever the listing goes (a file, standard output
         * redirected, or standard error itself). */
        if (f != stderr)
            fprintf(stderr, "%s\n", j->err.text);
    }
    if (p->join && ran && o->phase != KR_PART_RANGE && o->phase != KR_PART_CONCAT)
        join_report(p->join, f); /* CONCAT lists what ROUTE's join did */
    uint64_t read = 0, frames = 0, skipped = 0, omitted = 0, dropped = 0, accepted = 0;
    for (size_t i = 0; i < p->n_files; i++) {
        read += p->files[i].read;
        frames += p->files[i].frames;
    }
    if (p->join)
        read = p->main.skipped + p->main.omitted + p->main.dropped + p->main.accepted;
    if (p->stages)
        for (size_t i = 0; i < p->n_files; i++) {
            skipped += p->stages[i].skipped;
            omitted += p->stages[i].omitted;
            dropped += p->stages[i].dropped;
            accepted += p->stages[i].accepted;
        }
    else if (p->in_memory_fast)
        accepted = read - frames;
    else {
        skipped = p->main.skipped;
        omitted = p->main.omitted;
        dropped = p->main.dropped;
        accepted = p->main.accepted;
    }
    if (j->has_counts) {
        read = j->counts[0];
        frames = j->counts[1];
        skipped = j->counts[2];
        omitted = j->counts[3];
        dropped = j->counts[4];
        accepted = j->counts[5];
    }
    fprintf(f, "KRK0660I %s: %llu %srecord%s read", ops[c->op], (unsigned long long)read, p->join ? "joined " : "",
            read == 1 ? "" : "s");
    if (frames)
        fprintf(f, " (%llu header/trailer/end kept out)", (unsigned long long)frames);
    if (c->has_skiprec)
        fprintf(f, ", %llu skipped (SKIPREC)", (unsigned long long)skipped);
    if (c->include)
        fprintf(f, ", %llu omitted (%s)", (unsigned long long)omitted, c->omit ? "OMIT" : "INCLUDE");
    if (c->has_stopaft)
        fprintf(f, ", %llu after STOPAFT", (unsigned long long)dropped);
    fprintf(f, ", %llu accepted\n", (unsigned long long)accepted);
    if (j->out && !j->err.text[0])
        outstage_report(j->out, f);
    if (p->sorted) {
        kr_buf d;
        kr_buf_init(&d);
        sorted_describe(p->sorted, &d);
        fprintf(f, "KRK0663I %s, %s\n", d.data, c->equals ? "EQUALS" : "NOEQUALS");
        kr_buf_free(&d);
    }
    part_report(j, f);
    if (!o->no_timing)
        fprintf(f, "KRK0668I elapsed %.3f s\n", job_now() - j->started);
    fprintf(f, "KRK0669I return code %d\n", j->rc);
}

int kr_sort(const kr_sort_opts *o)
{
    program *p = kr_xcalloc(1, sizeof *p);
    sortjob *j = &p->j;
    j->o = o;
    j->ctl = o->ctl;
    j->path = o->ctl->path;
    j->started = job_now();
    listing_head(p);
    /* The whole step, or the partitioned step's last piece (the one that writes its outputs),
     * checks the DDs it was given; the pieces before it write nothing of the step's. */
    bool checks_dds = o->phase == KR_PART_WHOLE || o->phase == KR_PART_CONCAT;
    bool ok = setup(p) && (!checks_dds || job_check_dds(j)), ran = ok;
    if (ok && o->phase != KR_PART_WHOLE)
        ok = do_phase(p);
    else if (ok) {
        switch (j->ctl->op) {
        case KR_OP_COPY: ok = do_copy(p); break;
        case KR_OP_SORT: ok = do_sort(p); break;
        case KR_OP_MERGE: ok = do_merge(p); break;
        default: ok = job_failf(j, KR_RC_ENV, "KRK0675E", "%s: nothing to do", j->path);
        }
    }
    for (size_t i = 0; i < p->n_files; i++)
        progress_end(j, &p->files[i].prog);
    if (ok && j->out)
        ok = outstage_finish(j->out);
    if (!ok && j->rc < KR_RC_FAIL)
        j->rc = KR_RC_FAIL;
    if (!ok && j->out)
        outstage_abort(j->out);
    listing_tail(p, ran);
    int rc = j->rc;
    sorted_free(p->sorted);
    for (size_t i = 0; i < p->n_files; i++) {
        if (p->seqs)
            seqsrc_free(&p->seqs[i]);
        if (p->stages)
            stage_free(&p->stages[i]);
        filesrc_free(&p->files[i]);
    }
    free(p->files);
    free(p->stages);
    free(p->seqs);
    free(p->ddnames);
    stage_free(&p->main);
    part_free(j);
    join_free(p->join);
    outstage_free(j->out);
    kr_pred_free(p->include);
    if (p->inrec) {
        kr_rebuild_free(p->inrec);
        kr_seqstate_free(&p->inrec_seq);
    }
    kr_keyplan_free(&j->kp);
    kr_scope_free(&j->scope0);
    kr_scope_free(&j->scope1);
    kr_scope_free(&j->scope2);
    free(p);
    return rc;
}
