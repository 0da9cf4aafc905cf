/* prog_purge.c: the PURGE program (EXEC PGM=PURGE): the retention rule in SYSIN applied to the
 * ledger named by the LEDGER DD on PARM RUNDATE=yyyymmdd (required); the removed records
 * sealed into SYSUT2. PARM as SEAL's: KEY=|KEYRING=|PASSFILE=, KEYID=, DATASET=, SENDER=,
 * RECEIVER=. */
#include "kiroku/secure.h"
#include "prog.h"

#include <stdlib.h>
#include <string.h>

int kr_prog_purge(kr_step *s)
{
    kr_err err;
    kr_parm p;
    if (!kr_parm_parse(s->parm, &p, &err))
        return kr_prog_fail(s, &err);
    const char *names[] = {"KEY", "KEYRING", "KEYID", "PASSFILE", "DATASET", "SENDER", "RECEIVER"};
    char *v[7];
    for (int i = 0; i < 7; i++) {
        const char *got = kr_parm_get(&p, names[i]);
        v[i] = got ? kr_xstrdup(got) : NULL;
    }
    uint64_t run_date = 0;
    bool ok = kr_parm_count(&p, "RUNDATE", 19000101, 99991231, &run_date, &err) && kr_parm_all_used(&p, "PURGE", &err);
    kr_parm_free(&p);
    kr_buf rule;
    kr_buf_init(&rule);
    const char *rule_name = NULL, *ledger = NULL, *out = NULL;
    ok = ok && (ledger = kr_step_dd_path(s, "LEDGER", &err)) && (out = kr_step_dd_path(s, "SYSUT2", &err)) &&
         kr_step_dd_text(s, "SYSIN", &rule, &rule_name, &err);
    int rc;
    if (!ok) {
        rc = kr_prog_fail(s, &err);
    } else {
        kr_key_choice kc = {v[0], v[1], v[2], v[3]};
        kr_purge_opts o = {ledger, rule.data, rule_name, (int)run_date, out, &kc, {v[4], v[5], v[6], NULL}};
        rc = kr_purge_guarded(&o, s->sysout, s->msg);
    }
    kr_buf_free(&rule);
    for (int i = 0; i < 7; i++)
        free(v[i]);
    return rc;
}
