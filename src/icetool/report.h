/* report.h (private): the report writer OCCUR and DISPLAY share (report.c): title line,
 * column headings, rows, pages and carriage control, written into a buffer for LIST. */
#ifndef KIROKU_ICETOOL_REPORT_H
#define KIROKU_ICETOOL_REPORT_H

#include "icetool.h"

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

/* The common operands of both reports (TITLE, DATE, TIME, PAGE, LINES, BETWEEN, HEADER,
 * NOCC, BLANK) and the column widths; false with *rc and a message. */
bool it_report_open(it_run *r, it_stmt *st, const it_fields *f, report *p, int *rc);
void it_report_free(report *p);
/* The widest number a bound numeric field holds, sign and point included. */
size_t it_report_number_width(const kr_bound *b);
/* One line of the report (carriage control first unless NOCC; trailing blanks dropped). */
void it_report_line(report *p, const char *text, size_t n);
/* One cell of a row: v padded to width (right-aligned for numbers), BETWEEN blanks after
 * it unless last. */
void it_report_cell(kr_buf *line, const char *v, size_t n, size_t width, bool right, bool last, uint64_t between);
/* A new page: the title line and the column headings. */
void it_report_page_top(report *p);
/* A data row, on a new page when the page is full. */
void it_report_row(report *p, kr_buf *line);
/* The cell of field i of rec (count for VALCNT); false with *rc on a bad value. */
bool it_report_field_cell(report *p, size_t i, const unsigned char *rec, uint64_t count, kr_buf *line,
                          uint64_t recno, int *rc);

#endif
