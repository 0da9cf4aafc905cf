/* report.c: the reports of OCCUR and DISPLAY in a LIST data set (a file DD written
 * atomically, else the step's SYSOUT): TITLE, DATE, TIME, PAGE, LINES per page, HEADER per
 * column or the ON text, columns BETWEEN(n) apart, ANSI carriage control unless NOCC. Fields
 * that share a byte with a sensitive field (個人番号) are refused before anything is read
 * (fields.c). */
#include "report.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>


size_t it_report_number_width(const kr_bound *b)
{
    size_t digits = b->has_field && b->field.digits ? b->field.digits
                    : b->fmt == KR_FMT_PD ? 2 * b->length - 1
                    : b->fmt == KR_FMT_ZD ? b->length
                    : 3 * b->length;
    unsigned scale = b->has_field ? b->field.scale : 0;
    return digits + 1 + (scale ? 1 : 0);
}

void it_report_line(report *p, const char *text, size_t n)
{
    if (p->cc)
        kr_buf_addc(&p->out, p->line_on_page == 0 ? '1' : ' ');
    while (n && text[n - 1] == ' ')
        n--;
    kr_buf_add(&p->out, text, n);
    kr_buf_addc(&p->out, '\n');
    p->line_on_page++;
}

void it_report_cell(kr_buf *line, const char *v, size_t n, size_t width, bool right, bool last, uint64_t between)
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

void it_report_page_top(report *p)
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
        it_report_line(p, line.data, line.len);
        it_report_line(p, "", 0);
    }
    kr_buf_reset(&line);
    for (size_t i = 0; i < p->f->n; i++)
        it_report_cell(&line, p->headers[i], strlen(p->headers[i]), p->width[i], p->f->v[i].numeric, i + 1 == p->f->n,
             p->between);
    it_report_line(p, line.data, line.len);
    kr_buf_reset(&line);
    for (size_t i = 0; i < p->f->n; i++) {
        for (size_t k = 0; k < p->width[i]; k++)
            kr_buf_addc(&line, '-');
        if (i + 1 < p->f->n)
            for (uint64_t k = 0; k < p->between; k++)
                kr_buf_addc(&line, ' ');
    }
    it_report_line(p, line.data, line.len);
    kr_buf_free(&line);
}

void it_report_row(report *p, kr_buf *line)
{
    if (p->pageno == 0 || (p->lines && p->line_on_page >= p->lines))
        it_report_page_top(p);
    it_report_line(p, line->data, line->len);
}

/* The cell of field i of rec (count for VALCNT); false with *rc on a bad value. */
bool it_report_field_cell(report *p, size_t i, const unsigned char *rec, uint64_t count, kr_buf *line, uint64_t recno,
                       int *rc)
{
    const it_field *fd = &p->f->v[i];
    bool last = i + 1 == p->f->n;
    if (fd->valcnt) {
        char v[32];
        snprintf(v, sizeof v, "%llu", (unsigned long long)count);
        it_report_cell(line, v, strlen(v), p->width[i], true, last, p->between);
        return true;
    }
    if (!fd->numeric) {
        it_report_cell(line, (const char *)rec + fd->b.offset, fd->b.length, p->width[i], false, last, p->between);
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
    it_report_cell(line, s, strlen(s), p->width[i], true, last, p->between);
    return true;
}

/* The common operands of both reports. */
bool it_report_open(it_run *r, it_stmt *st, const it_fields *f, report *p, int *rc)
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
        size_t v = f->v[i].valcnt ? 15 : f->v[i].numeric ? it_report_number_width(&f->v[i].b) : f->v[i].b.length;
        p->width[i] = w > v ? w : v;
    }
    return true;
}

void it_report_free(report *p)
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
