/* calfile.h: a city's calendar file: closed days (and ranges) with their reasons, and open
 * days that override weekends, holidays and 年末年始. Private to src/cal. */
#ifndef KIROKU_CAL_CALFILE_H
#define KIROKU_CAL_CALFILE_H

#include "internal.h"

typedef struct kr_calday {
    int ymd;
    bool open;
    char *reason; /* NULL when the line gave none */
} kr_calday;

typedef struct kr_calfile {
    kr_calday *days; /* sorted by ymd, each day once */
    size_t n, cap;
} kr_calfile;

/* Adds the days of a calendar file's text; the first mistake is reported as
 * "KRK141nE file:line:column: ..." and nothing is added. */
bool kr_calfile_parse(kr_calfile *cf, const char *text, size_t len, const char *file, kr_err *err);
const kr_calday *kr_calfile_find(const kr_calfile *cf, int ymd);
void kr_calfile_free(kr_calfile *cf);

#endif
