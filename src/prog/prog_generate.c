/* prog_generate.c: the GENERATE program: valid sample records written to SYSUT2 (its
 * LAYOUT=); PARM RECORDS=n (required), SEED=s, GROUPS=g, DATE=YYYY-MM-DD (the reference date
 * of ages; the step's run date when not given). */
#include "kiroku/gen.h"
#include "prog.h"

int kr_prog_generate(kr_step *s)
{
    kr_generate_opts o = {NULL, NULL, 0, 1, s->run_date, 1, s->cancel};
    kr_err err;
    kr_parm p;
    if (!kr_parm_parse(s->parm, &p, &err))
        return kr_prog_fail(s, &err);
    const char *records = kr_parm_get(&p, "RECORDS"), *date = kr_parm_get(&p, "DATE");
    bool ok = kr_parm_count(&p, "RECORDS", 0, UINT64_MAX, &o.records, &err) &&
              kr_parm_count(&p, "SEED", 0, UINT64_MAX, &o.seed, &err) &&
              kr_parm_count(&p, "GROUPS", 1, UINT64_MAX, &o.groups, &err);
    if (ok && !records)
        ok = kr_fail(&err, KR_RC_ENV, "KRK1205E", "step %s: GENERATE needs PARM RECORDS=n", s->name);
    if (ok && date && !kr_gen_parse_date(date, &o.ref_ymd))
        ok = kr_fail(&err, KR_RC_ENV, "KRK1205E", "PARM DATE='%s': give a calendar date as YYYY-MM-DD", date);
    ok = ok && kr_parm_all_used(&p, "GENERATE", &err);
    kr_parm_free(&p);
    if (!ok)
        return kr_prog_fail(s, &err);
    o.path = kr_step_dd_path(s, "SYSUT2", &err);
    if (!o.path)
        return kr_prog_fail(s, &err);
    kr_layout *l = kr_step_dd_layout(s, kr_step_dd(s, "SYSUT2"), &err);
    if (!l)
        return err.rc ? err.rc : kr_prog_fail_text(s, KR_RC_ENV, "KRK1206E", "step %s: SYSUT2 needs LAYOUT=", s->name);
    o.layout = l;
    kr_generate_stats st;
    int rc = kr_generate(&o, &st, &err);
    if (rc != KR_RC_OK)
        kr_prog_fail(s, &err);
    else
        fprintf(s->msg,
                "KRK1008I %s: %llu records written (%llu header, %llu data, %llu trailer, %llu end), "
                "%llu bytes; seed %llu, date %04d-%02d-%02d\n",
                o.path, (unsigned long long)st.records, (unsigned long long)st.header,
                (unsigned long long)st.data, (unsigned long long)st.trailer, (unsigned long long)st.end,
                (unsigned long long)st.bytes, (unsigned long long)o.seed, o.ref_ymd / 10000, o.ref_ymd / 100 % 100,
                o.ref_ymd % 100);
    kr_layout_free(l);
    return rc;
}
