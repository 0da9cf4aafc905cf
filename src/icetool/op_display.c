/* op_display.c: DISPLAY: one report line per record in input order (report.c), then the
 * TOTAL, AVERAGE, MINIMUM and MAXIMUM lines over the numeric columns. */
#include "report.h"

#include <string.h>

static void stat_line(report *p, const char *label, int which)
{
    kr_buf line;
    kr_buf_init(&line);
    /* The label goes in the first column when that column is text and wide enough. */
    bool inline_label = !p->f->v[0].numeric && kr_utf8_columns(label, strlen(label)) <= p->width[0];
    for (size_t i = 0; i < p->f->n; i++) {
        bool last = i + 1 == p->f->n;
        if (i == 0 && inline_label) {
            it_report_cell(&line, label, strlen(label), p->width[i], false, last, p->between);
            continue;
        }
        if (!p->f->v[i].numeric) {
            it_report_cell(&line, "", 0, p->width[i], false, last, p->between);
            continue;
        }
        kr_i128 v = which == 0 ? p->total[i] : which == 1 ? p->total[i] / (kr_i128)p->rows
                    : which == 2 ? p->min[i] : p->max[i];
        char s[80];
        it_format_number(v, p->scale[i], 1, false, s, sizeof s);
        it_report_cell(&line, s, strlen(s), p->width[i], true, last, p->between);
    }
    if (!inline_label)
        it_report_line(p, label, strlen(label));
    it_report_line(p, line.data, line.len);
    kr_buf_free(&line);
}

int it_op_display(it_run *r, it_stmt *st, bool scan)
{
    int rc = KR_RC_OK;
    const char *from = it_from(r, st, &rc), *using4 = NULL, *list = from ? it_list_dd(r, st, &rc) : NULL;
    if (!list || !it_using4(r, st, &using4, &rc))
        return rc;
    it_fields f;
    if (!it_bind_on(r, st, from, using4, false, true, IT_ON_FORMAT, &f, &rc))
        return rc;
    it_shape sh;
    report p;
    bool ok = it_report_open(r, st, &f, &p, &rc);
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
                it_report_field_cell(&p, i, rec, 0, &line, kr_reader_recno(rd), &rc);
            if (rc < KR_RC_FAIL) {
                it_report_row(&p, &line);
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
                it_report_page_top(&p);
            bool any = false;
            for (int k = 0; k < 4; k++)
                if (want[k] && (k == 0 || p.rows)) {
                    if (!any)
                        it_report_line(&p, "", 0);
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
    it_report_free(&p);
    it_fields_free(&f);
    return rc;
}
