/* convert.h: CONVERT, the program that rewrites a record file of one layout as a file of
 * another: record type by record type and field by field by name, text re-encoded between
 * CP932 and UTF-8 and re-padded, numbers re-scaled, dates re-written (和暦 and Western),
 * control totals recomputed. docs/TEXT.md says what it does and lists. */
#ifndef KIROKU_CONVERT_H
#define KIROKU_CONVERT_H

#include "kiroku/layout.h"
#include "kiroku/text.h"

typedef struct kr_convert_opts {
    const char *in_path, *out_path;
    const kr_layout *from, *to;
    const kr_gaiji *gaiji;   /* the source's 外字 table, or NULL */
    kr_dupform dup;          /* which NEC/IBM duplicate CP932 output writes */
    bool truncate;           /* cut text that does not fit, at a character boundary */
    bool replace;            /* substitute characters with no form in the target */
    const kr_fold *fold;     /* NULL, or a folding profile applied to every text field */
    uint64_t max_listed;     /* warnings listed one by one (default 1000); counting goes on */
    const volatile sig_atomic_t *cancel; /* set by a signal handler: stop, write nothing */
} kr_convert_opts;

typedef struct kr_convert_stats {
    uint64_t records_in, records_out;
    uint64_t cuts, replaced, gaiji_mapped, gaiji_unmapped;
    uint64_t per_type[64];   /* records written per target record type */
} kr_convert_stats;

/* Converts opts->in_path into opts->out_path (atomically: nothing is left under that name
 * unless the whole file converted). The listing goes to listing. Returns 0 done, 4 done
 * with cuts, replacements or unmapped 外字 listed, 8 a record could not be converted (the
 * conversion stops there, no output), 12 the output could not be written, 16 the layouts do
 * not fit together or a file cannot be opened. */
int kr_convert(const kr_convert_opts *opts, FILE *listing, kr_convert_stats *stats);

#endif
