/* copybook.h: COBOL copybooks from layouts and layouts from copybooks, so that COBOL
 * programs (GnuCOBOL) and copybook tools read the same files as kiroku. The mapping and
 * what GnuCOBOL makes of each type are in docs/COPYBOOK.md. What COBOL cannot say (kiroku
 * names, dates, 個人番号, keys, control totals...) travels in `*>kiroku` comment lines, which
 * a compiler ignores and the importer reads back. */
#ifndef KIROKU_COPYBOOK_H
#define KIROKU_COPYBOOK_H

#include "kiroku/core.h"
#include "kiroku/layout.h"

/* Appends the copybook of layout l to out: fixed format (indicator in column 7, nothing past
 * column 72), one 01 level, a 05 group per record type, each after the first REDEFINES the
 * first; Japanese labels as comments. */
void kr_copybook_write(const kr_layout *l, kr_buf *out);

typedef struct kr_import_opts {
    const char *name;       /* layout name; NULL: from the copybook */
    const char *encoding;   /* "cp932" / "utf-8"; NULL: from the copybook, else cp932 */
    size_t length;          /* record length; 0: the longest record */
    const char *terminator; /* "crlf" / "lf" / "none"; NULL: from the copybook, else none */
} kr_import_opts;

/* Reads copybook text (path names it in messages) and appends layout text to out. Every
 * problem goes to diags with its copybook line and column (KRK09xxE); returns false when
 * there are errors (warnings leave it true). The layout written always parses. */
bool kr_copybook_import(const char *text, size_t len, const char *path, const kr_import_opts *o,
                        kr_buf *out, kr_diags *diags);

#endif
