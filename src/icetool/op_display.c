/* op_display.c: DISPLAY: one report line per record in input order (report.c), each number
 * shown as its formatting items say (format.c), ON(NUM) and ON(VLEN); with BREAK(...) a
 * section per value of the break field, each on a new page under its BTITLE line and ended
 * by its BTOTAL, BAVERAGE, BMINIMUM and BMAXIMUM lines; then the TOTAL, AVERAGE, MINIMUM and
 * MAXIMUM lines over the whole list. STATLEFT puts the labels in a column of their own,
 * INDENT(n) moves the lines right. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

/* Statistics of the numeric columns over a set of rows (the list or a section). */
typedef struct colstats {
    kr_i128 *min, *max, *total;
    unsigned *scale;
    uint64_t rows;
    size_t n;
} colstats;

static void stats_init(colstats *s, size_t n)
{
    s->min = kr_xcalloc(n + 1, sizeof *s->min);
    s->max = kr_xcalloc(n + 1, sizeof *s->max);
    s->total = kr_xcalloc(n + 1, sizeof *s->total);
    s->scale = kr_xcalloc(n + 1, sizeof *s->scale);
    s->rows = 0;
    s->n = n;
}

static void stats_reset(colstats *s)
{
    memset(s->total, 0, s->n * sizeof *s->total);
    s->rows = 0;
}

static void stats_free(colstats *s)
{
    free(s->min);
    free(s->max);
    free(s->total);
    free(s->scale);
}

static void stats_add(colstats *s, size_t i, kr_i128 v, unsigned scale)
{
    if (!s->rows || v < s->min[i])
        s->min[i] = v;
    if (!s->rows || v > s->max[i])
        s->max[i] = v;
    s->total[i] += v;
    s->scale[i] = scale;
}

/* Does column i take part in the statistics? Numbers but ON(NUM) and NOST columns. */
static bool counted(const it_field *f)
{
    return f->numeric && !f->num && !f->fmt.nost;
}

/* TOTAL/AVERAGE/MINIMUM/MAXIMUM or their B... forms: which are wanted, with their labels. */
typedef struct statreq {
    kr_buf label[4];
    bool want[4];
} statreq;

static bool stat_operands(it_run *r, it_stmt *st, const char *const names[4], statreq *q, int *rc)
{
    bool ok = true;
    for (int k = 0; k < 4; k++) {
        kr_buf_init(&q->label[k]);
        it_operand *o = it_get(st, names[k]);
        if (o && o->value && !it_string(r, st, o, &q->label[k]))
            ok = false, *rc = KR_RC_FAIL;
        else if (o && !o->value)
            kr_buf_adds(&q->label[k], names[k]);
        q->want[k] = o != NULL;
    }
    return ok;
}

static void statreq_free(statreq *q)
{
    for (int k = 0; k < 4; k++)
        kr_buf_free(&q->label[k]);
}

static void stat_line(report *p, const colstats *s, const char *label, int which)
{
    kr_buf line, num;
    kr_buf_init(&line);
    kr_buf_init(&num);
    /* STATLEFT: the label in its column; else in the first column when that column is text
     * and wide enough, or on a line of its own above the values. */
    bool inline_label = !p->left && !p->f->v[0].numeric && kr_utf8_columns(label, strlen(label)) <= p->width[0];
    it_report_left(p, &line, label);
    for (size_t i = 0; i < p->f->n; i++) {
        bool last = i + 1 == p->f->n;
        if (i == 0 && inline_label) {
            it_report_cell(&line, label, strlen(label), p->width[i], false, last, p->between);
            continue;
        }
        if (!counted(&p->f->v[i])) {
            it_report_cell(&line, "", 0, p->width[i], false, last, p->between);
            continue;
        }
        kr_i128 v = which == 0 ? s->total[i] : which == 1 ? s->total[i] / (kr_i128)s->rows
                    : which == 2 ? s->min[i] : s->max[i];
        kr_buf_reset(&num);
        it_report_number(p, i, v, s->scale[i], true, &num);
        it_report_cell(&line, num.data, num.len, p->width[i], true, last, p->between);
    }
    if (!inline_label && !p->left)
        it_report_line(p, label, strlen(label));
    it_report_line(p, line.data, line.len);
    kr_buf_free(&line);
    kr_buf_free(&num);
}

/* The statistics lines wanted, after a blank line; TOTAL also for no rows. */
static void stat_lines(report *p, const colstats *s, const statreq *q)
{
    bool any = false;
    for (int k = 0; k < 4; k++)
        if (q->want[k] && (k == 0 || s->rows)) {
            if (!any)
                it_report_line(p, "", 0);
            any = true;
            stat_line(p, s, q->label[k].data, k);
        }
}

/* The section's line: BTITLE and the break field's value (text without trailing blanks, a
 * number as BREAK's formatting items show it); false with *rc on a bad value. */
static bool break_line(report *p, const it_field *b, const kr_buf *btitle, const unsigned char *rec, uint64_t recno,
                       int *rc)
{
    kr_buf_reset(&p->brk);
    if (btitle->len) {
        kr_buf_add(&p->brk, btitle->data, btitle->len);
        kr_buf_addc(&p->brk, ' ');
    }
    if (!b->numeric) {
        size_t n = b->b.length;
        while (n && rec[b->b.offset + n - 1] == ' ')
            n--;
        kr_buf_add(&p->brk, rec + b->b.offset, n);
        return true;
    }
    kr_i128 v;
    unsigned scale;
    kr_problem pb;
    if (!kr_bound_number(&b->b, rec, &v, &scale, &pb)) {
        *rc = it_bad_value(p->r, p->from, recno, p->offset, &pb, b);
        return false;
    }
    unsigned digits = it_format_digits(&b->fmt, it_report_field_digits(&b->b));
    if (!it_format_value(&b->fmt, v, scale, digits, true, &p->brk))
        p->overflow = true;
    return true;
}

static size_t widest_label(const statreq *q, size_t w)
{
    for (int k = 0; k < 4; k++)
        if (q->want[k]) {
            size_t c = kr_utf8_columns(q->label[k].data, q->label[k].len);
            w = c > w ? c : w;
        }
    return w;
}

/* The rows of temp into the report, with the sections and their statistics. */
static int list_rows(it_run *r, report *p, const it_shape *sh, const char *temp, const kr_buf *btitle,
                     const statreq *bq, colstats *all, colstats *sec)
{
    int rc = KR_RC_OK;
    const it_fields *f = p->f;
    kr_reader *rd = it_open(r, sh, temp, &rc);
    const unsigned char *rec;
    kr_err err;
    int got = 0;
    kr_buf line;
    kr_buf_init(&line);
    unsigned char *prev = f->has_break ? kr_xcalloc(1, f->brk.b.length + 1) : NULL;
    kr_i128 *values = kr_xcalloc(f->n + 1, sizeof *values);
    unsigned *scales = kr_xcalloc(f->n + 1, sizeof *scales);
    while (rd && rc < KR_RC_FAIL && (got = kr_reader_next(rd, &rec, &err)) == 1) {
        if (!it_is_data(sh, rec))
            continue;
        p->offset = kr_reader_offset(rd);
        if (f->has_break && (!p->rows || memcmp(prev, rec + f->brk.b.offset, f->brk.b.length) != 0)) {
            if (p->rows)
                stat_lines(p, sec, bq);
            stats_reset(sec);
            memcpy(prev, rec + f->brk.b.offset, f->brk.b.length);
            if (!break_line(p, &f->brk, btitle, rec, kr_reader_recno(rd), &rc))
                break;
            p->new_page = true;
        }
        kr_buf_reset(&line);
        for (size_t i = 0; i < f->n && rc < KR_RC_FAIL; i++)
            it_report_field_cell(p, i, rec, p->rows + 1, &line, kr_reader_recno(rd), &values[i], &scales[i], &rc);
        if (rc >= KR_RC_FAIL)
            break;
        it_report_row(p, &line);
        for (size_t i = 0; i < f->n; i++)
            if (counted(&f->v[i])) {
                stats_add(all, i, values[i], scales[i]);
                stats_add(sec, i, values[i], scales[i]);
            }
        all->rows++;
        sec->rows++;
        p->rows++;
        if (!(p->rows & 4095) && kr_cancelled(r->step->cancel)) {
            kr_fail_cancelled(&err, "ICETOOL", p->rows, "the list was not written");
            got = -1;
            break;
        }
    }
    if (rd && got < 0)
        rc = it_fail_err(r, &err);
    if (rc < KR_RC_FAIL && f->has_break && p->rows)
        stat_lines(p, sec, bq);
    kr_reader_close(rd);
    kr_buf_free(&line);
    free(prev);
    free(values);
    free(scales);
    return rc;
}

int it_op_display(it_run *r, it_stmt *st, bool scan)
{
    int rc = KR_RC_OK;
    const char *from = it_from(r, st, &rc), *using4 = NULL, *list = from ? it_list_dd(r, st, &rc) : NULL;
    if (!list || !it_using4(r, st, &using4, &rc))
        return rc;
    it_fields f;
    if (!it_bind_on(r, st, from, using4, false, true, IT_ON_ITEMS | IT_ON_DISPLAY, &f, &rc))
        return rc;
    it_shape sh;
    report p;
    bool ok = it_report_open(r, st, &f, &p, &rc);
    p.from = from;
    static const char *const stats[] = {"TOTAL", "AVERAGE", "MINIMUM", "MAXIMUM"};
    static const char *const bstats[] = {"BTOTAL", "BAVERAGE", "BMINIMUM", "BMAXIMUM"};
    statreq q, bq;
    kr_buf btitle;
    kr_buf_init(&btitle);
    ok = stat_operands(r, st, stats, &q, &rc) && ok;
    ok = stat_operands(r, st, bstats, &bq, &rc) && ok;
    it_operand *o;
    if (ok && (o = it_get(st, "BTITLE")) && !it_string(r, st, o, &btitle))
        ok = false, rc = KR_RC_FAIL;
    static const char *const break_ops[] = {"BTITLE", "BTOTAL", "BAVERAGE", "BMINIMUM", "BMAXIMUM"};
    for (size_t i = 0; ok && !f.has_break && i < st->n; i++)
        for (int k = 0; ok && k < 5; k++)
            if (st->v[i].used && strcmp(st->v[i].name, break_ops[k]) == 0)
                ok = false, rc = it_error(r, st, &st->v[i], KR_RC_FAIL, "KRK2324E", "%s goes with BREAK(p,m,f)",
                                          st->v[i].name);
    if (ok && (o = it_get(st, "INDENT")) && !it_number(r, st, o, &p.indent))
        ok = false, rc = KR_RC_FAIL;
    if (ok && it_get(st, "STATLEFT"))
        p.left = widest_label(&bq, widest_label(&q, 1));
    if (ok && (!f.n || f.n > 20))
        ok = false, rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2323E", "needs 1 to 20 ON(p,m,f) or ON(name) fields");
    if (ok && !it_all_used(r, st))
        ok = false, rc = KR_RC_FAIL;
    if (ok && scan)
        it_check_dds(r, st, from, using4, true, &rc);
    char *temp = ok && !scan ? it_pass(r, st, from, using4, NULL, &sh, &rc) : NULL;
    if (temp) {
        colstats all, sec;
        stats_init(&all, f.n);
        stats_init(&sec, f.n);
        p.lrecl = sh.lrecl;
        int lrc = list_rows(r, &p, &sh, temp, &btitle, &bq, &all, &sec);
        rc = lrc > rc ? lrc : rc;
        if (rc < KR_RC_FAIL) {
            if (p.pageno == 0)
                it_report_page_top(&p);
            stat_lines(&p, &all, &q);
            int wrc = it_list_write(r, list, &p.out);
            rc = wrc > rc ? wrc : rc;
            if (wrc < KR_RC_FAIL)
                fprintf(r->toolmsg, "KRK2319I DISPLAY: %llu RECORDS LISTED IN %s\n", (unsigned long long)p.rows, list);
            if (wrc < KR_RC_FAIL && p.overflow) {
                it_error(r, st, NULL, KR_RC_WARN, "KRK2502W", "a value has more digits than its column holds "
                         "(Unn, Nnn, E'pattern'): shown as asterisks in %s", list);
                rc = rc > KR_RC_WARN ? rc : KR_RC_WARN;
            }
        }
        stats_free(&all);
        stats_free(&sec);
        it_pass_end(temp);
        it_shape_free(&sh);
    }
    statreq_free(&q);
    statreq_free(&bq);
    kr_buf_free(&btitle);
    it_report_free(&p);
    it_fields_free(&f);
    return rc;
}
