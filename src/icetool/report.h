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
    unsigned heading_lines;   /* HEADER('a','b','c'): the most lines a heading has (1-3) */
    bool noheader, plus;      /* NOHEADER: no heading lines; PLUS: '+' before unedited numbers >= 0 */
    char date_form[5];        /* DATE(MD4/): the order of month, day, year and the separator */
    uint64_t lines, between, line_on_page, pageno;
    unsigned *digits;         /* the digits of each numeric column (formatting items, format.c) */
    uint64_t indent;          /* DISPLAY's INDENT(n): blanks before every line but the title */
    size_t left;              /* DISPLAY's STATLEFT: the width of the labels' column, 0 without */
    kr_buf brk;               /* DISPLAY's BREAK: the section's line under the title, empty without */
    bool new_page;            /* the next row starts a page (a new section) */
    bool overflow;            /* a value did not fit its column (asterisks shown, KRK2502W) */
    size_t lrecl;             /* the records' length, for ON(VLEN) */
    uint64_t rows;
    const char *from;         /* FROM's DD name and the record's offset, for messages */
    uint64_t offset;
} report;

/* The common operands of both reports (TITLE, DATE, TIME, PAGE, LINES, BETWEEN, HEADER,
 * NOCC, BLANK) and the column widths; false with *rc and a message. */
bool it_report_open(it_run *r, it_stmt *st, const it_fields *f, report *p, int *rc);
void it_report_free(report *p);
/* The digits a bound numeric field holds. */
unsigned it_report_field_digits(const kr_bound *b);
/* One line of the report (carriage control first unless NOCC; trailing blanks dropped). */
void it_report_line(report *p, const char *text, size_t n);
/* One cell of a row: v padded to width (right-aligned for numbers), BETWEEN blanks after
 * it unless last. */
void it_report_cell(kr_buf *line, const char *v, size_t n, size_t width, bool right, bool last, uint64_t between);
/* A new page: the title line and the column headings. */
void it_report_page_top(report *p);
/* A data row, on a new page when the page is full. */
void it_report_row(report *p, kr_buf *line);
/* The cell of field i of rec (count for VALCNT, the record's number for NUM); a numeric
 * field's value and scale in *value and *scale; false with *rc on a bad value. */
bool it_report_field_cell(report *p, size_t i, const unsigned char *rec, uint64_t count, kr_buf *line,
                          uint64_t recno, kr_i128 *value, unsigned *scale, int *rc);
/* A number of column i as its formatting items show it (asterisks and p->overflow when it
 * does not fit; grow: as many digits as it has, for statistics). */
void it_report_number(report *p, size_t i, kr_i128 v, unsigned scale, bool grow, kr_buf *out);
/* The STATLEFT column at the start of a line: label (or blanks) padded, then BETWEEN. */
void it_report_left(report *p, kr_buf *line, const char *label);

#endif
