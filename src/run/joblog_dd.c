/* joblog_dd.c: a step's DD named JOBLOG that names a data set (not SYSOUT=*): after the
 * step, the runner writes into it the step's lines of the job log, its end first (the
 * KRK1256I or KRK1258E line), then its messages, one line per fixed record of the DD's
 * LRECL (default 200), blank-padded or cut at a UTF-8 character's start. A later step reads
 * what an earlier one said (a notice built by SORT from the first error, docs/JCL.md). */
#include "run_private.h"

#include "kiroku/recio.h"

#include <stdlib.h>
#include <string.h>

enum { JOBLOG_LRECL = 200 };

/* One line as a record: cut before a UTF-8 continuation byte, padded with blanks. */
static bool put_line(kr_writer *w, const char *line, size_t lrecl, kr_err *err)
{
    unsigned char *rec = kr_xmalloc(lrecl);
    size_t n = strlen(line);
    if (n > lrecl) {
        n = lrecl;
        while (n > 0 && ((unsigned char)line[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(rec, line, n);
    memset(rec + n, ' ', lrecl - n);
    bool ok = kr_writer_put(w, rec, err);
    free(rec);
    return ok;
}

bool kr_run_joblog_dd(kr_alloc *allocs, size_t n, const char *end_line, const char *messages,
                      kr_err *err)
{
    for (size_t i = 0; i < n; i++) {
        kr_alloc *a = &allocs[i];
        if (strcmp(a->ddname, "JOBLOG") != 0 || a->sysout || a->dummy || !a->output || !a->path)
            continue;
        size_t lrecl = a->dd && a->dd->lrecl > 0 ? (size_t)a->dd->lrecl : JOBLOG_LRECL;
        kr_writer *w = kr_writer_open(a->modpath ? a->modpath : a->path, lrecl, KR_TERM_LF, err);
        bool ok = w && put_line(w, end_line, lrecl, err);
        for (const char *p = messages; ok && p && *p;) {
            const char *nl = strchr(p, '\n');
            size_t len = nl ? (size_t)(nl - p) : strlen(p);
            char *line = kr_xasprintf("%.*s", (int)len, p);
            ok = put_line(w, line, lrecl, err);
            free(line);
            p += len + (nl ? 1 : 0);
        }
        if (!ok) {
            kr_writer_abort(w);
            return false;
        }
        if (!kr_writer_commit(w, err))
            return false;
    }
    return true;
}
