/* report.c: the reports of OCCUR and DISPLAY in a LIST data set (a file DD written
 * atomically, else the step's SYSOUT): TITLE, DATE, TIME, PAGE, LINES per page, HEADER per
 * column or the ON text, columns BETWEEN(n) apart, ANSI carriage control unless NOCC. Fields
 * that share a byte with a sensitive field (個人番号) are refused before anything is read
 * (fields.c). */
#include "report.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>


unsigned it_report_field_digits(const kr_bound *b)
{
    return (unsigned)(b->has_field && b->field.digits ? b->field.digits
                      : b->fmt == KR_FMT_PD ? 2 * b->length - 1
                      : b->fmt == KR_FMT_ZD ? b->length
                      : 3 * b->length);
}

static void put_line(report *p, const char *text, size_t n, bool indent)
{
    if (p->cc)
        kr_buf_addc(&p->out, p->line_on_page == 0 ? '1' : ' ');
    while (n && text[n - 1] == ' ')
        n--;
    for (uint64_t i = 0; indent && n && i < p->indent; i++)
        kr_buf_addc(&p->out, ' ');
    kr_buf_add(&p->out, text, n);
    kr_buf_addc(&p->out, '\n');
    p->line_on_page++;
}

void it_report_left(report *p, kr_buf *line, const char *label)
{
    if (!p->left)
        return;
    it_report_cell(line, label, strlen(label), p->left, false, false, p->between);
}

void it_report_line(report *p, const char *text, size_t n)
{
    put_line(p, text, n, true);
}

/* Line k of a heading (empty past its last). */
static const char *heading_line(const char *h, unsigned k, size_t *n)
{
    for (; k && h; k--) {
        h = strchr(h, '\n');
        if (h)
            h++;
    }
    if (!h) {
        *n = 0;
        return "";
    }
    const char *end = strchr(h, '\n');
    *n = end ? (size_t)(end - h) : strlen(h);
    return h;
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
        if (!p->date_form[0])
            kr_buf_addf(&line, "%04d/%02d/%02d  ", d / 10000, d / 100 % 100, d % 100);
        else {
            for (int k = 0; k < 3; k++) {
                char c = p->date_form[k];
                if (k)
                    kr_buf_addc(&line, p->date_form[3]);
                kr_buf_addf(&line, c == 'M' ? "%02d" : c == 'D' ? "%02d" : c == '4' ? "%04d" : "%02d",
                            c == 'M' ? d / 100 % 100 : c == 'D' ? d % 100 : c == '4' ? d / 10000 : d / 10000 % 100);
            }
            kr_buf_adds(&line, "  ");
        }
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
        put_line(p, line.data, line.len, false);
        it_report_line(p, "", 0);
    }
    if (p->brk.len) {
        it_report_line(p, p->brk.data, p->brk.len);
        it_report_line(p, "", 0);
    }
    if (p->noheader) {
        kr_buf_free(&line);
        return;
    }
    for (unsigned k = 0; k < p->heading_lines; k++) {
        kr_buf_reset(&line);
        it_report_left(p, &line, "");
        for (size_t i = 0; i < p->f->n; i++) {
            size_t n;
            const char *text = heading_line(p->headers[i], k, &n);
            it_report_cell(&line, text, n, p->width[i], p->f->v[i].numeric, i + 1 == p->f->n, p->between);
        }
        it_report_line(p, line.data, line.len);
    }
    kr_buf_reset(&line);
    it_report_left(p, &line, "");
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
    if (p->pageno == 0 || p->new_page || (p->lines && p->line_on_page >= p->lines))
        it_report_page_top(p);
    p->new_page = false;
    if (p->left) {
        kr_buf with;
        kr_buf_init(&with);
        it_report_left(p, &with, "");
        kr_buf_add(&with, line->data, line->len);
        it_report_line(p, with.data, with.len);
        kr_buf_free(&with);
    } else
        it_report_line(p, line->data, line->len);
}

void it_report_number(report *p, size_t i, kr_i128 v, unsigned scale, bool grow, kr_buf *out)
{
    if (p->plus && !p->f->v[i].fmt.edited && !p->f->v[i].fmt.lead && v >= 0)
        kr_buf_addc(out, '+');
    if (!it_format_value(&p->f->v[i].fmt, v, scale, p->digits[i], grow, out)) {
        kr_buf_reset(out);
        for (size_t k = 0; k < p->width[i]; k++)
            kr_buf_addc(out, '*');
        p->overflow = true;
    }
}

bool it_report_field_cell(report *p, size_t i, const unsigned char *rec, uint64_t count, kr_buf *line, uint64_t recno,
                          kr_i128 *value, unsigned *scale, int *rc)
{
    const it_field *fd = &p->f->v[i];
    bool last = i + 1 == p->f->n;
    if (!fd->numeric) {
        it_report_cell(line, (const char *)rec + fd->b.offset, fd->b.length, p->width[i], false, last, p->between);
        return true;
    }
    kr_i128 v = fd->vlen ? (kr_i128)p->lrecl : (kr_i128)count;
    unsigned sc = 0;
    kr_problem pb;
    if (!fd->valcnt && !fd->num && !fd->vlen && !kr_bound_number(&fd->b, rec, &v, &sc, &pb)) {
        *rc = it_bad_value(p->r, p->from, recno, p->offset, &pb, fd);
        return false;
    }
    *value = v;
    *scale = sc;
    kr_buf s;
    kr_buf_init(&s);
    it_report_number(p, i, v, sc, false, &s);
    it_report_cell(line, s.data, s.len, p->width[i], true, last, p->between);
    kr_buf_free(&s);
    return true;
}

/* HEADER('line1'[,'line2'[,'line3']]): the heading's lines joined by newlines into out. */
static bool heading(it_run *r, it_stmt *st, it_operand *o, kr_buf *out, unsigned *lines)
{
    char **parts;
    size_t n = it_split_items(o->value, &parts);
    bool ok = n <= 3;
    if (!ok)
        it_error(r, st, o, KR_RC_FAIL, "KRK2322E", "HEADER(%s): a heading has 1 to 3 lines, HEADER('a','b','c')",
                 o->value);
    for (size_t i = 0; ok && i < n; i++) {
        it_operand part = *o;
        part.value = parts[i];
        if (i)
            kr_buf_addc(out, '\n');
        ok = it_string(r, st, &part, out);
    }
    if (ok && n > *lines)
        *lines = (unsigned)n;
    kr_buf_addc(out, '\0');
    out->len--;
    it_split_free(parts, n);
    return ok;
}

/* DATE(abcs): a, b, c one each of M (month), D (day) and 4 (yyyy) or Y (yy), s the separator:
 * DATE(MD4/) is mm/dd/yyyy. */
static bool date_form(it_run *r, it_stmt *st, it_operand *o, char form[5])
{
    const char *v = o->value;
    bool ok = strlen(v) == 4 && v[3] != ' ';
    int m = 0, d = 0, y = 0;
    for (int k = 0; ok && k < 3; k++) {
        m += v[k] == 'M';
        d += v[k] == 'D';
        y += v[k] == '4' || v[k] == 'Y';
    }
    if (!ok || m != 1 || d != 1 || y != 1) {
        it_error(r, st, o, KR_RC_FAIL, "KRK2501E", "DATE(%s): give DATE or DATE(abcs), abc M, D and 4 (or Y) in "
                 "any order and s the separator, such as DATE(MD4/)", v);
        return false;
    }
    memcpy(form, v, 4);
    form[4] = '\0';
    return true;
}

/* The common operands of both reports. */
bool it_report_open(it_run *r, it_stmt *st, const it_fields *f, report *p, int *rc)
{
    memset(p, 0, sizeof *p);
    p->r = r;
    p->f = f;
    p->cc = !it_get(st, "NOCC");
    p->noheader = it_get(st, "NOHEADER") != NULL;
    p->plus = it_get(st, "PLUS") != NULL;
    it_operand *dt = it_get(st, "DATE");
    p->date = dt != NULL;
    if (dt && dt->value && !date_form(r, st, dt, p->date_form))
        return (*rc = KR_RC_FAIL), false;
    p->time = it_get(st, "TIME") != NULL;
    p->page = it_get(st, "PAGE") != NULL;
    it_get(st, "BLANK"); /* numbers are always shown blank-padded without leading zeros */
    p->lines = 58;
    p->heading_lines = 1;
    p->between = 3;
    kr_buf_init(&p->title);
    kr_buf_init(&p->brk);
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
    p->digits = kr_xcalloc(f->n + 1, sizeof *p->digits);
    size_t h = 0;
    while ((o = it_get(st, "HEADER")) != NULL) {
        kr_buf b;
        kr_buf_init(&b);
        if (!heading(r, st, o, &b, &p->heading_lines)) {
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
        size_t w = 0;
        for (unsigned k = 0; !p->noheader && k < p->heading_lines; k++) {
            size_t n;
            const char *line = heading_line(p->headers[i], k, &n);
            size_t c = kr_utf8_columns(line, n);
            w = c > w ? c : w;
        }
        const it_field *fd = &f->v[i];
        unsigned own = fd->valcnt || fd->num || fd->vlen ? 15 : fd->numeric ? it_report_field_digits(&fd->b) : 0;
        p->digits[i] = it_format_digits(&fd->fmt, own);
        unsigned scale = fd->numeric && !fd->valcnt && fd->b.has_field ? fd->b.field.scale : 0;
        bool plain = !fd->fmt.edited && !fd->fmt.digits && !fd->fmt.lead && !fd->fmt.trail;
        size_t v = fd->valcnt && plain ? 15 : fd->numeric ? it_format_width(&fd->fmt, p->digits[i], scale) : fd->b.length;
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
    free(p->digits);
    kr_buf_free(&p->brk);
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
