/* prog.h: what the programs of the table share (private to src/prog). */
#ifndef KIROKU_PROG_H
#define KIROKU_PROG_H

#include "kiroku/program.h"
#include "kiroku/text.h"

/* Prints err's message to the step's messages and returns its return code. */
int kr_prog_fail(kr_step *s, const kr_err *err);
int kr_prog_fail_text(kr_step *s, int rc, const char *id, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Loads a 外字 table; diagnostics to the step's messages; NULL when it does not load. */
kr_gaiji *kr_prog_load_gaiji(kr_step *s, const char *name);
/* Loads a layout by name or path; diagnostics to the step's messages. */
kr_layout *kr_prog_load_layout(kr_step *s, const char *name);

/* PARM TOTALS=WARN|CHECK (totals_parm.c): *warn when WARN; KRK1751E (rc 16) for any other
 * value. The listing's note KRK1752I. The audit entry `totals-warn` (program, step, the
 * inputs) when an audit log is configured: the step's rc, 0 when written. */
bool kr_prog_totals_parm(kr_parm *p, const char *program, bool *warn, kr_err *err);
void kr_prog_totals_note(kr_step *s);
int kr_prog_totals_audit(kr_step *s, const char *program, const char *const *inputs, size_t n_inputs);

int kr_prog_sort(kr_step *s);
int kr_prog_icetool(kr_step *s);
int kr_prog_verify(kr_step *s);
int kr_prog_convert(kr_step *s);
int kr_prog_generate(kr_step *s);
int kr_prog_ledger(kr_step *s);
int kr_prog_iefbr14(kr_step *s);
int kr_prog_iebcompr(kr_step *s);
int kr_prog_iebgener(kr_step *s);
int kr_prog_krsetrc(kr_step *s);
int kr_prog_idcams(kr_step *s);
int kr_prog_seal(kr_step *s);
int kr_prog_unseal(kr_step *s);
int kr_prog_purge(kr_step *s);

#endif
