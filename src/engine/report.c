/* report.c: OUTFIL report writing, as DFSORT writes reports: the report header and trailer
 * (HEADER1/TRAILER1, each on a page of its own), pages of LINES= lines with their header and
 * trailer (HEADER2/TRAILER2), sections at the breaks of SECTIONS= fields with their header and
 * trailer (HEADER3/TRAILER3, SKIP=), NODETAIL, report lines made of text, fields, `/` and
 * `n/`, &PAGE, &DATE, &TIME, COUNT and TOT/MIN/MAX/AVG with their SUB forms; and the ANSI
 * carriage-control byte before every record ('1' starts a page) unless REMOVECC. */
#include "sortjob.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { RI_CONST, RI_FIELD, RI_COUNT, RI_STAT, RI_PAGE };

typedef struct ritem {
    int kind;
    size_t pos, len;
    unsigned char *bytes;   /* RI_CONST (also &DATE and &TIME, fixed for the run) */
    kr_rebuild *field;      /* RI_FIELD: a BUILD of the one field */
    kr_seqstate seq;
    kr_bound num;           /* RI_STAT: the field added up */
    kr_stat stat;
    bool sub;               /* running over the report, never reset */
    kr_i128 add;            /* RI_COUNT: COUNT+n (n) or COUNT-n (-n) */
    kr_fmt to;
    bool edited;
    kr_edit edit;
    unsigned digits;
    /* What the item has seen since its last reset. */
    uint64_t n;
    kr_i128 sum, min, max;
} ritem;

typedef struct rline {
    ritem *v;
    size_t n;
} rline;

typedef struct rblock {
    rline *lines;           /* a line without items is a blank line */
    size_t n;
    bool present;
    const char *name;       /* "HEADER1", ... for the listing and messages */
} rblock;

typedef struct rsection {
    kr_bound key;
    unsigned skip_lines;
    bool skip_page;
    rblock header3, trailer3;
    unsigned char *current; /* the key of the section being written */
} rsection;

struct report {
    sortjob *j;
    const char *name;       /* the first DD name, for messages */
    report_put_fn put;
    void *put_ctx;
    size_t reclen;          /* of the data records and the report lines */
    size_t vlen;            /* of the records the values come from (before OUTFIL's BUILD) */
    bool cc;                /* a carriage-control byte before every record */
    bool nodetail;
    unsigned lines;         /* of a page */
    rblock header1, trailer1, header2, trailer2;
    rsection *sections;
    size_t n_sections;
    unsigned char *line, *out, *last;
    bool started, has_last;
    bool page_open, eject;
    unsigned page, line_on_page;
    uint64_t report_lines;
};

bool report_wanted(const kr_outfil *of)
{
    return of && (of->has_header1 || of->has_trailer1 || of->has_header2 || of->has_trailer2 || of->n_sections ||
                  of->nodetail);
}

/* ---- compiling report lines ------------------------------------------------------------- */

static void edit_copy(kr_edit *dst, const kr_edit *src)
{
    *dst = *src;
    dst->pattern = src->pattern ? kr_xstrdup(src->pattern) : NULL;
    dst->signs = NULL;
    if (src->signs) {
        dst->signs = kr_xmalloc(5);
        memcpy(dst->signs, src->signs, 5);
    }
}

/* A field of a report line must not show a 個人番号: refused when its bytes meet one. */
static bool shows_sensitive(const kr_scope *sc, const kr_bound *b)
{
    for (size_t i = 0; i < sc->n; i++) {
        const kr_field *f = &sc->v[i].field;
        if (f->sensitive && b->offset < f->offset + f->length && f->offset < b->offset + b->length)
            return true;
    }
    return false;
}

/* The default look of a number without an edit: digits right-aligned, leading zeros blank,
 * a leading '-' when it may be negative, the field's decimal point. */
static void default_pattern(ritem *r, unsigned digits, unsigned scale, bool sign)
{
    kr_buf p;
    kr_buf_init(&p);
    if (sign)
        kr_buf_addc(&p, 'S');
    for (unsigned q = 0; q < digits; q++) {
        if (scale && q == digits - scale)
            kr_buf_addc(&p, '.');
        kr_buf_addc(&p, q + 1 >= digits - scale ? 'T' : 'I');
    }
    r->edited = true;
    r->edit.mask = -1;
    r->edit.pattern = kr_buf_take(&p);
    r->digits = digits;
    r->len = strlen(r->edit.pattern);
}

static bool compile_number(report *r, ritem *ri, const kr_item *it, unsigned default_digits, unsigned scale, bool sign)
{
    sortjob *j = r->j;
    ri->to = it->to;
    if (it->edited) {
        ri->edited = true;
        edit_copy(&ri->edit, &it->edit);
        char why[256];
        if (!kr_edit_valid(&ri->edit, why, sizeof why))
            return job_failf(r->j, KR_RC_ENV, "KRK0643E", "%s:%d:%d: %s", j->path, it->pos.line, it->pos.col, why);
        /* DFSORT edits counts and totals as 15-digit numbers: M11 shows 15 digits, and
         * LENGTH=n keeps the rightmost n of them. */
        if ((ri->kind == RI_COUNT || ri->kind == RI_STAT) && ri->digits < 15)
            ri->digits = 15;
        ri->len = kr_edit_length(&ri->edit, ri->digits);
    } else if (ri->to != KR_FMT_NONE) {
        ri->len = it->to_length ? it->to_length : kr_number_default_length(ri->to, ri->digits);
    } else
        default_pattern(ri, default_digits, scale, sign);
    return true;
}

static bool compile_item(report *r, ritem *ri, const kr_item *it, const kr_scope *sc, bool trailer,
                         const char *block, const struct tm *now)
{
    sortjob *j = r->j;
    kr_err e;
    switch (it->kind) {
    case KR_ITEM_CONST: {
        kr_buf b;
        kr_buf_init(&b);
        bool stamp = it->value.kind == KR_CONST_DATE; /* DATE1, TIME1(:), ... (rundate.c) */
        if (!(stamp ? kr_now_bytes(&it->value, &j->cctx, j->path, &b, &e)
                  : kr_const_encode(&it->value, sc->layout, j->path, &b, &e))) {
            kr_buf_free(&b);
            return job_fail(j, &e);
        }
        ri->kind = RI_CONST;
        ri->len = b.len * it->repeat;
        ri->bytes = kr_xmalloc(ri->len ? ri->len : 1);
        for (size_t q = 0; q < it->repeat; q++)
            memcpy(ri->bytes + q * b.len, b.data, b.len);
        kr_buf_free(&b);
        return true;
    }
    case KR_ITEM_DATE:
    case KR_ITEM_TIME: {
        kr_buf b;
        kr_buf_init(&b);
        if (it->kind == KR_ITEM_DATE)
            kr_now_date_form(j->o->run_date, it->form, &b);
        else
            kr_now_time_form(now->tm_hour * 10000 + now->tm_min * 100 + now->tm_sec, it->form, &b);
        ri->kind = RI_CONST;
        ri->len = b.len;
        ri->bytes = (unsigned char *)kr_buf_take(&b);
        return true;
    }
    case KR_ITEM_PAGE:
        ri->kind = RI_PAGE;
        ri->digits = 6;
        return compile_number(r, ri, it, 6, 0, false);
    case KR_ITEM_COUNT:
    case KR_ITEM_TOT:
        if (!trailer)
            return job_failf(r->j, KR_RC_ENV, "KRK0751E",
                         "%s:%d:%d: %s comes before the records it would count; COUNT, TOT, MIN, MAX and AVG go in "
                         "trailers (TRAILER1, TRAILER2, TRAILER3)",
                         j->path, it->pos.line, it->pos.col, block);
        ri->sub = it->sub;
        if (it->kind == KR_ITEM_COUNT) {
            ri->kind = RI_COUNT;
            ri->add = it->count_add;
            ri->digits = 15;
            return compile_number(r, ri, it, 8, 0, false);
        }
        ri->kind = RI_STAT;
        ri->stat = it->stat;
        if (!kr_bind(sc, &it->ref, j->path, &ri->num, &e))
            return job_fail(j, &e);
        if (!ri->num.has_field ||
            (ri->num.field.type != KR_F_ZD && ri->num.field.type != KR_F_PD && ri->num.field.type != KR_F_BI))
            return job_failf(r->j, KR_RC_ENV, "KRK0642E", "%s:%d:%d: TOT, MIN, MAX and AVG take numbers; %s is not one",
                         j->path, it->pos.line, it->pos.col, ri->num.name);
        if (shows_sensitive(sc, &ri->num))
            return job_failf(r->j, KR_RC_ENV, "KRK0752E",
                         "%s:%d:%d: %s lies over a sensitive field (個人番号); a report never shows one", j->path,
                         it->pos.line, it->pos.col, ri->num.name);
        ri->digits = ri->num.field.type == KR_F_BI ? 19 : ri->num.field.digits;
        return compile_number(r, ri, it, ri->digits, ri->num.field.scale, true);
    case KR_ITEM_FIELD: {
        kr_item one = *it;
        one.column = 0;
        kr_reformat rf = {.kind = KR_RF_BUILD, .pos = it->pos, .items = {.v = &one, .n = 1, .cap = 1}};
        kr_scope out;
        kr_scope_init(&out, 0, sc->layout);
        ri->kind = RI_FIELD;
        ri->field = kr_rebuild_build(&rf, sc, &j->cctx, j->path, &out, &e);
        kr_scope_free(&out);
        if (!ri->field)
            return job_fail(j, &e);
        kr_seqstate_init(&ri->seq, ri->field);
        ri->len = kr_rebuild_length(ri->field);
        kr_bound b;
        kr_ref ref = it->ref;
        if (it->to_end)
            ref.length = sc->reclen >= ref.start ? sc->reclen - ref.start + 1 : 1;
        if (kr_bind(sc, &ref, j->path, &b, &e)) {
            bool bad = shows_sensitive(sc, &b);
            kr_bound_free(&b);
            if (bad)
                return job_failf(r->j, KR_RC_ENV, "KRK0752E",
                             "%s:%d:%d: the field lies over a sensitive field (個人番号); a report never shows one",
                             j->path, it->pos.line, it->pos.col);
        }
        return true;
    }
    default:
        return job_failf(r->j, KR_RC_ENV, "KRK0644E",
                     "%s:%d:%d: %s holds text, fields, c:, nX, /, &PAGE, &DATE, &TIME, COUNT and TOT/MIN/MAX/AVG; "
                     "not SEQNUM",
                     j->path, it->pos.line, it->pos.col, block);
    }
}

static rline *new_line(rblock *b)
{
    b->lines = kr_xrealloc(b->lines, (b->n + 1) * sizeof *b->lines);
    rline *l = &b->lines[b->n++];
    memset(l, 0, sizeof *l);
    return l;
}

static bool compile_block(report *r, rblock *b, const char *name, const kr_items *items, const kr_scope *sc,
                          bool trailer, const struct tm *now)
{
    b->present = true;
    b->name = name;
    rline *cur = new_line(b);
    size_t pos = 0;
    bool ended = false; /* the last item was / or n/ */
    for (size_t i = 0; i < items->n; i++) {
        const kr_item *it = &items->v[i];
        if (it->kind == KR_ITEM_NEWLINE) {
            for (size_t q = 1; q < it->repeat; q++)
                new_line(b);
            cur = new_line(b);
            pos = 0;
            ended = true;
            continue;
        }
        ended = false;
        size_t at = (size_t)(cur - b->lines);
        cur->v = kr_xrealloc(cur->v, (cur->n + 1) * sizeof *cur->v);
        ritem *ri = &cur->v[cur->n++];
        memset(ri, 0, sizeof *ri);
        if (!compile_item(r, ri, it, sc, trailer, name, now))
            return false;
        cur = &b->lines[at];
        if (it->column)
            pos = it->column - 1;
        ri->pos = pos;
        pos += ri->len;
        if (pos > r->reclen)
            return job_failf(r->j, KR_RC_ENV, "KRK0645E", "%s:%d:%d: the %s line is %zu bytes but the output's records are %zu",
                         r->j->path, it->pos.line, it->pos.col, name, pos, r->reclen);
    }
    /* A closing / or n/ ends the last line: no empty line after it. */
    if (ended && b->n > 1)
        b->n--, free(b->lines[b->n].v);
    return true;
}

static void block_free(rblock *b)
{
    for (size_t l = 0; l < b->n; l++) {
        for (size_t i = 0; i < b->lines[l].n; i++) {
            ritem *ri = &b->lines[l].v[i];
            free(ri->bytes);
            if (ri->field) {
                kr_rebuild_free(ri->field);
                kr_seqstate_free(&ri->seq);
            }
            kr_bound_free(&ri->num);
            free(ri->edit.pattern);
            free(ri->edit.signs);
        }
        free(b->lines[l].v);
    }
    free(b->lines);
    memset(b, 0, sizeof *b);
}

report *report_new(sortjob *j, const kr_outfil *of, const kr_scope *sc, size_t reclen, const char *name,
                   report_put_fn put, void *put_ctx)
{
    report *r = kr_xcalloc(1, sizeof *r);
    r->j = j;
    r->name = name;
    r->put = put;
    r->put_ctx = put_ctx;
    r->reclen = reclen;
    r->cc = !of->remove_cc;
    r->nodetail = of->nodetail;
    r->lines = of->lines ? (unsigned)of->lines : 60;
    r->line = kr_xmalloc(reclen + 1);
    r->out = kr_xmalloc(reclen + 1);
    r->vlen = sc->reclen;
    r->last = kr_xmalloc(sc->reclen ? sc->reclen : 1);
    time_t t = time(NULL);
    struct tm now;
    localtime_r(&t, &now);
    if ((of->has_header1 && !compile_block(r, &r->header1, "HEADER1", &of->header1, sc, false, &now)) ||
        (of->has_trailer1 && !compile_block(r, &r->trailer1, "TRAILER1", &of->trailer1, sc, true, &now)) ||
        (of->has_header2 && !compile_block(r, &r->header2, "HEADER2", &of->header2, sc, false, &now)) ||
        (of->has_trailer2 && !compile_block(r, &r->trailer2, "TRAILER2", &of->trailer2, sc, true, &now)))
        goto fail;
    r->sections = kr_xcalloc(of->n_sections ? of->n_sections : 1, sizeof *r->sections);
    for (size_t i = 0; i < of->n_sections; i++) {
        const kr_section *s = &of->sections[i];
        rsection *rs = &r->sections[i];
        r->n_sections = i + 1;
        kr_err e;
        if (!kr_bind(sc, &s->ref, j->path, &rs->key, &e)) {
            job_fail(j, &e);
            goto fail;
        }
        rs->skip_lines = s->skip_lines;
        rs->skip_page = s->skip_page;
        rs->current = kr_xmalloc(rs->key.length ? rs->key.length : 1);
        if ((s->has_header3 && !compile_block(r, &rs->header3, "HEADER3", &s->header3, sc, false, &now)) ||
            (s->has_trailer3 && !compile_block(r, &rs->trailer3, "TRAILER3", &s->trailer3, sc, true, &now)))
            goto fail;
    }
    if (r->trailer2.present && r->header2.n + r->trailer2.n >= r->lines) {
        job_failf(r->j, KR_RC_ENV, "KRK0750E",
              "%s:%d:%d: LINES=%u leaves no room for records between the page header (%zu lines) and trailer (%zu)",
              j->path, of->pos.line, of->pos.col, r->lines, r->header2.n, r->trailer2.n);
        goto fail;
    }
    return r;
fail:
    report_free(r);
    return NULL;
}

size_t report_record_length(const report *r)
{
    return r->reclen + (r->cc ? 1 : 0);
}

bool report_detail(const report *r)
{
    return !r->nodetail;
}

void report_listing(const report *r, FILE *out)
{
    kr_buf b;
    kr_buf_init(&b);
    const rblock *blocks[] = {&r->header1, &r->trailer1, &r->header2, &r->trailer2};
    for (size_t i = 0; i < 4; i++)
        if (blocks[i]->present)
            kr_buf_addf(&b, "%s%s", b.len ? ", " : "", blocks[i]->name);
    bool h3 = false, t3 = false;
    for (size_t i = 0; i < r->n_sections; i++) {
        h3 = h3 || r->sections[i].header3.present;
        t3 = t3 || r->sections[i].trailer3.present;
    }
    if (h3)
        kr_buf_addf(&b, "%sHEADER3", b.len ? ", " : "");
    if (t3)
        kr_buf_addf(&b, "%sTRAILER3", b.len ? ", " : "");
    if (b.len)
        kr_buf_addf(&b, " lines");
    bool paged = r->header2.present || r->trailer2.present || r->n_sections;
    const char *sep = b.len ? "; " : "";
    if (paged || r->cc) {
        kr_buf_addf(&b, "%s%u page%s", sep, r->page, r->page == 1 ? "" : "s");
        sep = ", ";
    }
    if (r->cc)
        kr_buf_addf(&b, "%sANSI carriage control in byte 1", sep), sep = ", ";
    if (r->nodetail)
        kr_buf_addf(&b, "%sno detail lines", sep);
    if (b.len)
        fprintf(out, " (+ %.*s)", (int)b.len, (const char *)b.data);
    kr_buf_free(&b);
}

void report_free(report *r)
{
    if (!r)
        return;
    block_free(&r->header1);
    block_free(&r->trailer1);
    block_free(&r->header2);
    block_free(&r->trailer2);
    for (size_t i = 0; i < r->n_sections; i++) {
        kr_bound_free(&r->sections[i].key);
        block_free(&r->sections[i].header3);
        block_free(&r->sections[i].trailer3);
        free(r->sections[i].current);
    }
    free(r->sections);
    free(r->line);
    free(r->out);
    free(r->last);
    free(r);
}

/* ---- writing ------------------------------------------------------------------------------ */

static bool put_line(report *r, const unsigned char *body, bool report_line)
{
    const unsigned char *rec = body;
    if (r->cc) {
        r->out[0] = r->eject ? '1' : ' ';
        memcpy(r->out + 1, body, r->reclen);
        rec = r->out;
    }
    r->eject = false;
    r->line_on_page++;
    if (report_line)
        r->report_lines++;
    return r->put(r->put_ctx, rec);
}

static bool show_number(report *r, ritem *ri, kr_i128 v, unsigned char *dst)
{
    bool ok = ri->edited ? kr_edit_number(&ri->edit, v, ri->digits, dst, ri->len) : kr_number_put(ri->to, v, dst, ri->len);
    if (!ok)
        return job_failf(r->j, KR_RC_FAIL, "KRK0646E", "%s: a %s of the report line does not fit its %zu bytes", r->name,
                     ri->kind == RI_COUNT ? "COUNT" : ri->kind == RI_PAGE ? "&PAGE" : "TOT, MIN, MAX or AVG", ri->len);
    return true;
}

/* Puts the items of a block's line l over line; fields show rec (the first record of a
 * header's scope, the last of a trailer's), nothing when there is none. */
static bool fill_line(report *r, rblock *b, size_t l, const unsigned char *rec, unsigned char *line)
{
    {
        for (size_t i = 0; i < b->lines[l].n; i++) {
            ritem *ri = &b->lines[l].v[i];
            unsigned char *dst = line + ri->pos;
            switch (ri->kind) {
            case RI_CONST:
                memcpy(dst, ri->bytes, ri->len);
                break;
            case RI_FIELD:
                if (rec) {
                    kr_problem pb;
                    unsigned char *tmp = kr_xmalloc(ri->len ? ri->len : 1);
                    bool ok = kr_rebuild_apply(ri->field, rec, tmp, &ri->seq, &pb);
                    if (ok)
                        memcpy(dst, tmp, ri->len);
                    free(tmp);
                    if (!ok)
                        return job_failf(r->j, pb.rc ? pb.rc : KR_RC_FAIL, pb.id ? pb.id : "KRK0659E", "%s: %s line: %s",
                                     r->name, b->name, pb.reason);
                }
                break;
            case RI_PAGE:
                if (!show_number(r, ri, r->page, dst))
                    return false;
                break;
            case RI_COUNT:
                if (!show_number(r, ri, (kr_i128)ri->n + ri->add, dst))
                    return false;
                break;
            case RI_STAT: {
                kr_i128 v = ri->stat == KR_STAT_TOT ? ri->sum
                            : ri->n == 0          ? 0
                            : ri->stat == KR_STAT_MIN ? ri->min
                            : ri->stat == KR_STAT_MAX ? ri->max
                                                      : ri->sum / (kr_i128)ri->n;
                if (!show_number(r, ri, v, dst))
                    return false;
                break;
            }
            }
        }
    }
    return true;
}

/* Writes a block's lines (blank but for their items). */
static bool write_block(report *r, rblock *b, const unsigned char *rec)
{
    for (size_t l = 0; l < b->n; l++) {
        memset(r->line, ' ', r->reclen);
        if (!fill_line(r, b, l, rec, r->line) || !put_line(r, r->line, true))
            return false;
    }
    return true;
}

/* Adds a record to the COUNT and TOT items of a trailer. */
static bool block_add(report *r, rblock *b, const unsigned char *rec)
{
    for (size_t l = 0; l < b->n; l++)
        for (size_t i = 0; i < b->lines[l].n; i++) {
            ritem *ri = &b->lines[l].v[i];
            if (ri->kind == RI_COUNT)
                ri->n++;
            if (ri->kind != RI_STAT)
                continue;
            kr_i128 v;
            unsigned scale;
            kr_problem pb;
            if (!kr_bound_number(&ri->num, rec, &v, &scale, &pb))
                return job_failf(r->j, pb.rc ? pb.rc : KR_RC_FAIL, pb.id ? pb.id : "KRK0620E", "%s: %s: %s", r->name, b->name,
                             pb.reason);
            if (ri->n == 0 || v < ri->min)
                ri->min = v;
            if (ri->n == 0 || v > ri->max)
                ri->max = v;
            ri->sum += v;
            ri->n++;
        }
    return true;
}

/* After its trailer is written, a page's or a section's COUNT and TOT start again; the SUB
 * forms run on over the whole report. */
static void block_reset(rblock *b)
{
    for (size_t l = 0; l < b->n; l++)
        for (size_t i = 0; i < b->lines[l].n; i++) {
            ritem *ri = &b->lines[l].v[i];
            if (!ri->sub)
                ri->n = 0, ri->sum = ri->min = ri->max = 0;
        }
}

static bool open_page(report *r, const unsigned char *rec)
{
    r->page++;
    r->page_open = true;
    r->line_on_page = 0;
    r->eject = true;
    return !r->header2.present || write_block(r, &r->header2, rec);
}

static bool close_page(report *r)
{
    if (!r->page_open)
        return true;
    r->page_open = false;
    if (r->trailer2.present) {
        if (!write_block(r, &r->trailer2, r->has_last ? r->last : NULL))
            return false;
        block_reset(&r->trailer2);
    }
    return true;
}

/* Makes room for n lines on the page (with the page trailer still to come): a new page when
 * they do not fit, unless the page holds nothing yet but its header. */
static bool room(report *r, size_t n, const unsigned char *rec)
{
    if (!r->page_open)
        return open_page(r, rec);
    if (r->line_on_page + n + r->trailer2.n > r->lines && r->line_on_page > r->header2.n)
        return close_page(r) && open_page(r, rec);
    return true;
}

static bool report_start(report *r, const unsigned char *rec)
{
    r->started = true;
    if (!r->header1.present)
        return true;
    r->page = 1;
    r->eject = true;
    r->line_on_page = 0;
    return write_block(r, &r->header1, rec);
}

static bool section_trailer(report *r, rsection *s)
{
    if (!s->trailer3.present)
        return true;
    if (!room(r, s->trailer3.n, r->last) || !write_block(r, &s->trailer3, r->last))
        return false;
    block_reset(&s->trailer3);
    return true;
}

bool report_data(report *r, const unsigned char *values, const unsigned char *rec, size_t n)
{
    bool first = !r->started;
    if (first && !report_start(r, values))
        return false;
    /* The outermost break field that changed; every section inside it ends too. */
    size_t brk = r->n_sections;
    for (size_t i = 0; i < r->n_sections && !first; i++) {
        rsection *s = &r->sections[i];
        if (memcmp(values + s->key.offset, s->current, s->key.length) != 0) {
            brk = i;
            break;
        }
    }
    if (first)
        brk = 0;
    if (!first && brk < r->n_sections) {
        for (size_t i = r->n_sections; i-- > brk;)
            if (!section_trailer(r, &r->sections[i]))
                return false;
        rsection *s = &r->sections[brk];
        if (s->skip_page) {
            if (!close_page(r))
                return false;
        } else if (s->skip_lines && r->page_open) {
            if (r->line_on_page + s->skip_lines + r->trailer2.n > r->lines) {
                if (!close_page(r))
                    return false;
            } else {
                memset(r->line, ' ', r->reclen);
                for (unsigned q = 0; q < s->skip_lines; q++)
                    if (!put_line(r, r->line, true))
                        return false;
            }
        }
    }
    for (size_t i = brk; i < r->n_sections; i++) {
        rsection *s = &r->sections[i];
        memcpy(s->current, values + s->key.offset, s->key.length);
        if (s->header3.present &&
            (!room(r, s->header3.n + (r->nodetail ? 0 : n), values) || !write_block(r, &s->header3, values)))
            return false;
    }
    if (!r->nodetail && !room(r, n, values))
        return false;
    if (!block_add(r, &r->trailer1, values) || !block_add(r, &r->trailer2, values))
        return false;
    for (size_t i = 0; i < r->n_sections; i++)
        if (!block_add(r, &r->sections[i].trailer3, values))
            return false;
    memcpy(r->last, values, r->vlen);
    r->has_last = true;
    for (size_t l = 0; l < n && !r->nodetail; l++)
        if (!put_line(r, rec + l * r->reclen, false))
            return false;
    return true;
}

bool report_finish(report *r)
{
    if (!r->started) {
        if (!report_start(r, NULL))
            return false;
    } else
        for (size_t i = r->n_sections; i-- > 0;)
            if (!section_trailer(r, &r->sections[i]))
                return false;
    if (!close_page(r))
        return false;
    if (!r->trailer1.present)
        return true;
    r->page++;
    r->eject = true;
    r->line_on_page = 0;
    return write_block(r, &r->trailer1, r->has_last ? r->last : NULL);
}

/* ---- IFTRAIL's TRLUPD: one trailer line written over the input's own trailer ---------------- */

report *report_trlupd_new(sortjob *j, const kr_items *items, const kr_scope *sc, size_t reclen, const char *name)
{
    report *r = kr_xcalloc(1, sizeof *r);
    r->j = j;
    r->name = name;
    r->reclen = reclen;
    r->lines = 60;
    r->line = kr_xmalloc(reclen + 1);
    r->out = kr_xmalloc(reclen + 1);
    r->vlen = sc->reclen;
    r->last = kr_xmalloc(sc->reclen ? sc->reclen : 1);
    r->sections = kr_xcalloc(1, sizeof *r->sections);
    time_t t = time(NULL);
    struct tm now;
    localtime_r(&t, &now);
    if (!compile_block(r, &r->trailer1, "TRLUPD", items, sc, true, &now)) {
        report_free(r);
        return NULL;
    }
    return r;
}

bool report_trlupd_add(report *r, const unsigned char *values)
{
    return block_add(r, &r->trailer1, values);
}

bool report_trlupd_fill(report *r, unsigned char *trailer)
{
    return fill_line(r, &r->trailer1, 0, NULL, trailer);
}
