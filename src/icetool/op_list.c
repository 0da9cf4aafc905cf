/* op_list.c: OCCUR and DISPLAY: reports in a LIST data set (a file DD written atomically,
 * else the step's SYSOUT): TITLE, DATE, TIME, PAGE, LINES per page, HEADER per column or
 * the ON text, columns BETWEEN(n) apart, ANSI carriage control unless NOCC; DISPLAY's
 * TOTAL, AVERAGE, MINIMUM and MAXIMUM lines; OCCUR's ON(VALCNT) and its criteria. Fields
 * that share a byte with a sensitive field (個人番号) are refused before anything is read. */
#include "icetool.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct report {
    it_run *r;
    const it_fields *f;
    kr_buf out;
    char **headers;
    size_t *width;
    kr_buf title;
    bool date, time, page, cc;
    uint64_t lines, between, line_on_page, pageno;
    /* DISPLAY's statistics per column */
    kr_i128 *min, *max, *total;
    unsigned *scale;
    uint64_t rows;
    const char *from;         /* FROM's DD name and the record's offset, for messages */
    uint64_t offset;
} report;

static size_t number_width(const kr_bound *b)
{
    size_t digits = b->has_field && b->field.digits ? b->field.digits
                    : b->fmt == KR_FMT_PD ? 2 * b->length - 1
                    : b->fmt == KR_FMT_ZD ? b->length
                    : 3 * b->length;
    unsigned scale = b->has_field ? b->field.scale : 0;
    return digits + 1 + (scale ? 1 : 0);
}

static void add_line(report *p, const char *text, size_t n)
{
    if (p->cc)
        kr_buf_addc(&p->out, p->line_on_page == 0 ? '1' : ' ');
    while (n && text[n - 1] == ' ')
        n--;
    kr_buf_add(&p->out, text, n);
    kr_buf_addc(&p->out, '\n');
    p->line_on_page++;
}

static void cell(kr_buf *line, const char *v, size_t n, size_t width, bool right, bool last, uint64_t between)
{
    size_t cols = kr_utf8_columns(v, n);
    size_t pad = cols < width ? width - cols : 0;
    if (right)
        for (size_t i = 0; i < pad; i++)
            kr_buf_addc(line, ' ');
    kr_buf_add(line, v, n);
    if (!right)
        for (size_t i = 0; i < pad; i++)
            kr_buf_addc(line, ' ');
    if (!last)
        for (uint64_t i = 0; i < between; i++)
            kr_buf_addc(line, ' ');
}

static void page_top(report *p)
{
    p->line_on_page = 0;
    p->pageno++;
    kr_buf line;
    kr_buf_init(&line);
    if (p->date) {
        int d = p->r->step->run_date;
        kr_buf_addf(&line, "%04d/%02d/%02d  ", d / 10000, d / 100 % 100, d % 100);
    }
    if (p->time) {
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        if (p->r->step->no_timing)
            memset(&tm, 0, sizeof tm);
        kr_buf_addf(&line, "%02d:%02d:%02d  ", tm.tm_hour, tm.tm_min, tm.tm_sec);
    }
    if (p->title.len)
        kr_buf_addf(&line, "%s  ", p->title.data);
    if (p->page)
        kr_buf_addf(&line, "- %llu -", (unsigned long long)p->pageno);
    if (line.len) {
        add_line(p, line.data, line.len);
        add_line(p, "", 0);
    }
    kr_buf_reset(&line);
    for (size_t i = 0; i < p->f->n; i++)
        cell(&line, p->headers[i], strlen(p->headers[i]), p->width[i], p->f->v[i].numeric, i + 1 == p->f->n,
             p->between);
    add_line(p, line.data, line.len);
    kr_buf_reset(&line);
    for (size_t i = 0; i < p->f->n; i++) {
        for (size_t k = 0; k < p->width[i]; k++)
            kr_buf_addc(&line, '-');
        if (i + 1 < p->f->n)
            for (uint64_t k = 0; k < p->between; k++)
                kr_buf_addc(&line, ' ');
    }
    add_line(p, line.data, line.len);
    kr_buf_free(&line);
}

static void row(report *p, kr_buf *line)
{
    if (p->pageno == 0 || (p->lines && p->line_on_page >= p->lines))
        page_top(p);
    add_line(p, line->data, line->len);
}

/* The cell of field i of rec (count for VALCNT); false with *rc on a bad value. */
static bool field_cell(report *p, size_t i, const unsigned char *rec, uint64_t count, kr_buf *line, uint64_t recno,
                       int *rc)
{
    const it_field *fd = &p->f->v[i];
    bool last = i + 1 == p->f->n;
    if (fd->valcnt) {
        char v[32];
        snprintf(v, sizeof v, "%llu", (unsigned long long)count);
        cell(line, v, strlen(v), p->width[i], true, last, p->between);
        return true;
    }
    if (!fd->numeric) {
        cell(line, (const char *)rec + fd->b.offset, fd->b.length, p->width[i], false, last, p->between);
        return true;
    }
    kr_i128 v;
    unsigned scale;
    kr_problem pb;
    if (!kr_bound_number(&fd->b, rec, &v, &scale, &pb)) {
        *rc = it_bad_value(p->r, p->from, recno, p->offset, &pb, fd);
        return false;
    }
    if (p->min) {
        if (!p->rows || v < p->min[i])
            p->min[i] = v;
        if (!p->rows || v > p->max[i])
            p->max[i] = v;
        p->total[i] += v;
        p->scale[i] = scale;
    }
    char s[80];
    it_format_number(v, scale, 1, false, s, sizeof s);
    cell(line, s, strlen(s), p->width[i], true, last, p->between);
    return true;
}

/* The common operands of both reports. */
static bool report_open(it_run *r, it_stmt *st, const it_fields *f, report *p, int *rc)
{
    memset(p, 0, sizeof *p);
    p->r = r;
    p->f = f;
    p->cc = !it_get(st, "NOCC");
    p->date = it_get(st, "DATE") != NULL;
    p->time = it_get(st, "TIME") != NULL;
    p->page = it_get(st, "PAGE") != NULL;
    it_get(st, "BLANK"); /* numbers are always shown blank-padded without leading zeros */
    p->lines = 58;
    p->between = 3;
    kr_buf_init(&p->title);
    kr_buf_init(&p->out);
    it_operand *o;
    if ((o = it_get(st, "TITLE")) && !it_string(r, st, o, &p->title))
        return (*rc = KR_RC_FAIL), false;
    if ((o = it_get(st, "LINES")) && (!it_number(r, st, o, &p->lines) || (p->lines < 10 && (*rc = it_error(
                                           r, st, o, KR_RC_FAIL, "KRK2322E", "LINES(n) takes 10 or more")))))
        return (*rc = KR_RC_FAIL), false;
    if ((o = it_get(st, "BETWEEN")) && !it_number(r, st, o, &p->between))
        return (*rc = KR_RC_FAIL), false;
    p->headers = kr_xcalloc(f->n + 1, sizeof *p->headers);
    p->width = kr_xcalloc(f->n + 1, sizeof *p->width);
    size_t h = 0;
    while ((o = it_get(st, "HEADER")) != NULL) {
        kr_buf b;
        kr_buf_init(&b);
        if (!it_string(r, st, o, &b)) {
            kr_buf_free(&b);
            return (*rc = KR_RC_FAIL), false;
        }
        if (h < f->n)
            p->headers[h] = kr_buf_take(&b);
        kr_buf_free(&b);
        h++;
    }
    if (h && h != f->n) {
        *rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2324E", "gives %zu HEADER(...) for %zu ON(...) fields: one each", h,
                       f->n);
        return false;
    }
    for (size_t i = 0; i < f->n; i++) {
        if (!p->headers[i])
            p->headers[i] = kr_xasprintf(f->v[i].valcnt ? "VALUE COUNT" : "(%s)", f->v[i].text);
        size_t w = kr_utf8_columns(p->headers[i], strlen(p->headers[i]));
        size_t v = f->v[i].valcnt ? 15 : f->v[i].numeric ? number_width(&f->v[i].b) : f->v[i].b.length;
        p->width[i] = w > v ? w : v;
    }
    return true;
}

static void report_free(report *p)
{
    for (size_t i = 0; p->headers && i < p->f->n; i++)
        free(p->headers[i]);
    free(p->headers);
    free(p->width);
    free(p->min);
    free(p->max);
    free(p->total);
    free(p->scale);
    kr_buf_free(&p->title);
    kr_buf_free(&p->out);
}

int it_list_write(it_run *r, const char *list, const kr_buf *out)
{
    const kr_dd_bind *b = kr_step_dd(r->step, list);
    kr_err err;
    if (!b) {
        fwrite(out->data ? out->data : "", 1, out->len, r->step->sysout);
        return KR_RC_OK;
    }
    const char *path = kr_step_dd_path(r->step, list, &err);
    kr_writer *w = path ? kr_writer_open(path, 1, KR_TERM_NONE, &err) : NULL;
    if (!w || !kr_writer_write(w, out->data ? out->data : "", out->len, &err) || !kr_writer_commit(w, &err)) {
        return it_fail_err(r, &err);
    }
    return KR_RC_OK;
}

const char *it_list_dd(it_run *r, it_stmt *st, int *rc)
{
    it_operand *o = it_get(st, "LIST");
    if (!o || !o->value) {
        *rc = it_error(r, st, o, KR_RC_FAIL, "KRK2323E", "needs LIST(ddname)");
        return NULL;
    }
    if (!it_ddname(r, st, o, o->value)) {
        *rc = KR_RC_FAIL;
        return NULL;
    }
    return o->value;
}

/* ---- DISPLAY ----------------------------------------------------------------------------- */

static void stat_line(report *p, const char *label, int which)
{
    kr_buf line;
    kr_buf_init(&line);
    /* The label goes in the first column when that column is text and wide enough. */
    bool inline_label = !p->f->v[0].numeric && kr_utf8_columns(label, strlen(label)) <= p->width[0];
    for (size_t i = 0; i < p->f->n; i++) {
        bool last = i + 1 == p->f->n;
        if (i == 0 && inline_label) {
            cell(&line, label, strlen(label), p->width[i], false, last, p->between);
            continue;
        }
        if (!p->f->v[i].numeric) {
            cell(&line, "", 0, p->width[i], false, last, p->between);
            continue;
        }
        kr_i128 v = which == 0 ? p->total[i] : which == 1 ? p->total[i] / (kr_i128)p->rows
                    : which == 2 ? p->min[i] : p->max[i];
        char s[80];
        it_format_number(v, p->scale[i], 1, false, s, sizeof s);
        cell(&line, s, strlen(s), p->width[i], true, last, p->between);
    }
    if (!inline_label)
        add_line(p, label, strlen(label));
    add_line(p, line.data, line.len);
    kr_buf_free(&line);
}

int it_op_display(it_run *r, it_stmt *st, bool scan)
{
    int rc = KR_RC_OK;
    const char *from = it_from(r, st, &rc), *using4 = NULL, *list = from ? it_list_dd(r, st, &rc) : NULL;
    if (!list || !it_using4(r, st, &using4, &rc))
        return rc;
    it_fields f;
    if (!it_bind_on(r, st, from, using4, false, true, false, &f, &rc))
        return rc;
    it_shape sh;
    report p;
    bool ok = report_open(r, st, &f, &p, &rc);
    p.from = from;
    static const char *const stats[] = {"TOTAL", "AVERAGE", "MINIMUM", "MAXIMUM"};
    kr_buf labels[4];
    bool want[4] = {false};
    for (int k = 0; k < 4; k++) {
        kr_buf_init(&labels[k]);
        it_operand *o = ok ? it_get(st, stats[k]) : NULL;
        if (o && o->value && !it_string(r, st, o, &labels[k]))
            ok = false, rc = KR_RC_FAIL;
        else if (o && !o->value)
            kr_buf_adds(&labels[k], stats[k]);
        want[k] = o != NULL;
    }
    if (ok && (!f.n || f.n > 20))
        ok = false, rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2323E", "needs 1 to 20 ON(p,m,f) or ON(name) fields");
    if (ok && !it_all_used(r, st))
        ok = false, rc = KR_RC_FAIL;
    if (ok && scan)
        it_check_dds(r, st, from, using4, true, &rc);
    char *temp = ok && !scan ? it_pass(r, st, from, using4, NULL, &sh, &rc) : NULL;
    if (temp) {
        p.min = kr_xcalloc(f.n, sizeof *p.min);
        p.max = kr_xcalloc(f.n, sizeof *p.max);
        p.total = kr_xcalloc(f.n, sizeof *p.total);
        p.scale = kr_xcalloc(f.n, sizeof *p.scale);
        kr_reader *rd = it_open(r, &sh, temp, &rc);
        const unsigned char *rec;
        kr_err err;
        int got = 0;
        kr_buf line;
        kr_buf_init(&line);
        while (rd && rc < KR_RC_FAIL && (got = kr_reader_next(rd, &rec, &err)) == 1) {
            if (!it_is_data(&sh, rec))
                continue;
            kr_buf_reset(&line);
            p.offset = kr_reader_offset(rd);
            for (size_t i = 0; i < f.n && rc < KR_RC_FAIL; i++)
                field_cell(&p, i, rec, 0, &line, kr_reader_recno(rd), &rc);
            if (rc < KR_RC_FAIL) {
                row(&p, &line);
                p.rows++;
            }
            if (!(p.rows & 4095) && kr_cancelled(r->step->cancel)) {
                kr_fail_cancelled(&err, "ICETOOL", p.rows, "the list was not written");
                got = -1;
                break;
            }
        }
        if (rd && got < 0) {
            rc = it_fail_err(r, &err);
        }
        kr_reader_close(rd);
        kr_buf_free(&line);
        if (rc < KR_RC_FAIL) {
            if (p.pageno == 0)
                page_top(&p);
            bool any = false;
            for (int k = 0; k < 4; k++)
                if (want[k] && (k == 0 || p.rows)) {
                    if (!any)
                        add_line(&p, "", 0);
                    any = true;
                    stat_line(&p, labels[k].data, k);
                }
            int wrc = it_list_write(r, list, &p.out);
            rc = wrc > rc ? wrc : rc;
            if (wrc < KR_RC_FAIL)
                fprintf(r->toolmsg, "KRK2319I DISPLAY: %llu RECORDS LISTED IN %s\n", (unsigned long long)p.rows, list);
        }
        it_pass_end(temp);
        it_shape_free(&sh);
    }
    for (int k = 0; k < 4; k++)
        kr_buf_free(&labels[k]);
    report_free(&p);
    it_fields_free(&f);
    return rc;
}

/* ---- OCCUR ------------------------------------------------------------------------------- */

typedef struct occur_ctx {
    report *p;
    int how;          /* -1 all, 0 HIGHER, 1 LOWER, 2 EQUAL, 3 ALLDUPS, 4 NODUPS */
    uint64_t n, listed;
    int rc;
} occur_ctx;

static int occur_group(void *ctx, const unsigned char *recs, size_t n, size_t lrecl)
{
    (void)lrecl;
    occur_ctx *c = ctx;
    bool keep = c->how < 0 || (c->how == 0 && n > c->n) || (c->how == 1 && n < c->n) || (c->how == 2 && n == c->n) ||
                (c->how == 3 && n > 1) || (c->how == 4 && n == 1);
    if (!keep)
        return KR_RC_OK;
    kr_buf line;
    kr_buf_init(&line);
    for (size_t i = 0; i < c->p->f->n && c->rc < KR_RC_FAIL; i++)
        field_cell(c->p, i, recs, n, &line, 0, &c->rc);
    if (c->rc < KR_RC_FAIL) {
        row(c->p, &line);
        c->listed++;
    }
    kr_buf_free(&line);
    return c->rc;
}

int it_op_occur(it_run *r, it_stmt *st, bool scan)
{
    int rc = KR_RC_OK;
    const char *from = it_from(r, st, &rc), *using4 = NULL, *list = from ? it_list_dd(r, st, &rc) : NULL;
    if (!list || !it_using4(r, st, &using4, &rc))
        return rc;
    static const char *const crit[] = {"HIGHER", "LOWER", "EQUAL", "ALLDUPS", "NODUPS"};
    occur_ctx c = {.how = -1};
    for (int k = 0; k < 5; k++) {
        it_operand *o = it_get(st, crit[k]);
        if (!o)
            continue;
        if (c.how >= 0)
            return it_error(r, st, o, KR_RC_FAIL, "KRK2324E", "%s and %s exclude each other", crit[c.how], crit[k]);
        c.how = k;
        if (k < 3 && !it_number(r, st, o, &c.n))
            return KR_RC_FAIL;
    }
    it_fields f;
    if (!it_bind_on(r, st, from, using4, false, true, true, &f, &rc))
        return rc;
    it_shape sh;
    report p;
    bool ok = report_open(r, st, &f, &p, &rc);
    p.from = from;
    if (ok && (!f.has_keys || f.n > 20))
        ok = false, rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2323E", "needs 1 to 20 ON(p,m,f) or ON(name) fields "
                                  "besides ON(VALCNT)");
    if (ok && !it_all_used(r, st))
        ok = false, rc = KR_RC_FAIL;
    char *sort_text = ok ? it_fields_sort_text(&f) : NULL;
    if (ok && scan)
        it_check_dds(r, st, from, using4, true, &rc);
    char *temp = ok && !scan ? it_pass(r, st, from, using4, sort_text, &sh, &rc) : NULL;
    if (temp) {
        c.p = &p;
        int wrc = it_walk_groups(r, &sh, &f, temp, occur_group, &c);
        rc = wrc > rc ? wrc : rc;
        if (rc < KR_RC_FAIL) {
            if (p.pageno == 0)
                page_top(&p);
            wrc = it_list_write(r, list, &p.out);
            rc = wrc > rc ? wrc : rc;
            if (wrc < KR_RC_FAIL)
                fprintf(r->toolmsg, "KRK2319I OCCUR: %llu VALUES LISTED IN %s\n", (unsigned long long)c.listed, list);
        }
        it_pass_end(temp);
        it_shape_free(&sh);
    }
    free(sort_text);
    report_free(&p);
    it_fields_free(&f);
    return rc;
}
