/* totals_parm.c: PARM TOTALS=WARN, the one relaxation of the rule that a control total is
 * checked on every read, for every program that offers it (SORT, LEDGER UPDATE and LOAD):
 * its value (KRK1751E), the listing's note that it is in force (KRK1752I) and its audit
 * entry `totals-warn`, made before anything is read. */
#include "kiroku/audit.h"
#include "prog.h"

#include <strings.h>

bool kr_prog_totals_parm(kr_parm *p, const char *program, bool *warn, kr_err *err)
{
    const char *totals = kr_parm_get(p, "TOTALS");
    *warn = totals && strcasecmp(totals, "WARN") == 0;
    if (totals && !*warn && strcasecmp(totals, "CHECK") != 0)
        return kr_fail(err, KR_RC_ENV, "KRK1751E", "%s PARM TOTALS=%s: give TOTALS=CHECK (the default) or TOTALS=WARN",
                       program, totals);
    return true;
}

void kr_prog_totals_note(kr_step *s)
{
    fprintf(s->sysout, "KRK1752I PARM TOTALS=WARN: control totals that disagree are warnings (rc 4), not errors\n");
}

int kr_prog_totals_audit(kr_step *s, const char *program, const char *const *inputs, size_t n_inputs)
{
    int rc;
    kr_audit *log = kr_guard_audit_open(s->msg, &rc);
    if (!log)
        return rc;
    kr_buf in;
    kr_buf_init(&in);
    for (size_t i = 0; i < n_inputs; i++)
        kr_buf_addf(&in, "%s%s", i ? " " : "", inputs[i]);
    kr_audit_field fields[] = {{"program", program}, {"step", s->name}, {"option", "TOTALS=WARN"},
                               {"inputs", in.len ? in.data : "-"}};
    rc = kr_guard_note(log, s->msg, "totals-warn", fields, sizeof fields / sizeof fields[0], KR_RC_OK);
    kr_buf_free(&in);
    kr_audit_close(log);
    return rc;
}
