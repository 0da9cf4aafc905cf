/* prog_ledger.c: the LEDGER program. PARM names the function and its options:
 *   UPDATE  OLDMAST (LAYOUT=) + TRANS (LAYOUT=) -> NEWMAST [+ REJECTS]: the sequential update
 *   LOAD    MASTER (LAYOUT=) -> the Berkeley DB ledger in the directory LEDGER names
 *   APPLY   TRANS (LAYOUT=) onto LEDGER [+ REJECTS]
 *   UNLOAD  LEDGER -> MASTER
 *   VERIFY  LEDGER
 *   DIFF    OLDMAST + NEWMAST (LAYOUT= on one of them) -> REPORT: the fields that differ, by key
 * with MAXLISTED=n (rejects listed one by one; 0 none), PROGRESS=n (APPLY) and TOTALS=WARN
 * (UPDATE, LOAD: a control total that disagrees is a warning; audited). */
#include "kiroku/ledger.h"
#include "prog.h"

#include <stdlib.h>

typedef struct ledger_args {
    uint64_t max_listed, progress;
    bool totals_warn;
} ledger_args;

/* TOTALS=WARN: the listing's note, then the audit entry, before anything is read. */
static int totals_warn_begin(kr_step *s, const ledger_args *a, const char *const *inputs, size_t n)
{
    if (!a->totals_warn)
        return KR_RC_OK;
    kr_prog_totals_note(s);
    return kr_prog_totals_audit(s, "LEDGER", inputs, n);
}

static int run_update(kr_step *s, const ledger_args *a)
{
    kr_err err;
    const char *old = kr_step_dd_path(s, "OLDMAST", &err);
    const char *tx = old ? kr_step_dd_path(s, "TRANS", &err) : NULL;
    const char *new = tx ? kr_step_dd_path(s, "NEWMAST", &err) : NULL;
    if (!new)
        return kr_prog_fail(s, &err);
    const kr_dd_bind *rj = kr_step_dd(s, "REJECTS");
    const char *rejects = rj ? kr_step_dd_path(s, "REJECTS", &err) : NULL;
    if (rj && !rejects)
        return kr_prog_fail(s, &err);
    kr_layout *m = kr_step_dd_layout(s, kr_step_dd(s, "OLDMAST"), &err);
    kr_layout *t = m ? kr_step_dd_layout(s, kr_step_dd(s, "TRANS"), &err) : NULL;
    if (!t) {
        kr_layout_free(m);
        return err.rc ? err.rc
                      : kr_prog_fail_text(s, KR_RC_ENV, "KRK1206E", "step %s: OLDMAST and TRANS need LAYOUT=", s->name);
    }
    kr_listing ls = {s->sysout, tx, a->max_listed, 0};
    kr_update_opts o = {m, t, old, tx, new, rejects, &ls, s->cancel, a->totals_warn};
    kr_ledger_stats st;
    const char *inputs[] = {old, tx};
    int rc = totals_warn_begin(s, a, inputs, 2);
    if (rc == KR_RC_OK && (rc = kr_ledger_update(&o, &st, &err)) >= KR_RC_FAIL)
        kr_prog_fail(s, &err);
    kr_layout_free(m);
    kr_layout_free(t);
    return rc;
}

static int run_load(kr_step *s, const ledger_args *a)
{
    kr_err err;
    const char *dir = kr_step_dd_path(s, "LEDGER", &err);
    const char *master = dir ? kr_step_dd_path(s, "MASTER", &err) : NULL;
    if (!master)
        return kr_prog_fail(s, &err);
    const kr_dd_bind *dd = kr_step_dd(s, "MASTER");
    /* Parsed here for the diagnostics; the ledger keeps the layout's text. */
    kr_layout *m = kr_step_dd_layout(s, dd, &err);
    if (!m)
        return err.rc ? err.rc : kr_prog_fail_text(s, KR_RC_ENV, "KRK1206E", "step %s: MASTER needs LAYOUT=", s->name);
    char *path = kr_layout_find(dd->layout);
    kr_ledger_stats st;
    int rc = totals_warn_begin(s, a, &master, 1);
    if (rc == KR_RC_OK)
        rc = kr_ledger_load(dir, path, master, a->totals_warn ? s->sysout : NULL, &st, &err);
    if (rc >= KR_RC_FAIL)
        kr_prog_fail(s, &err);
    else if (rc < KR_RC_REJECT)
        fprintf(s->sysout, "KRK0851I ledger %s loaded: %llu record%s from %s\n", dir,
                (unsigned long long)st.master_in, st.master_in == 1 ? "" : "s", master);
    free(path);
    kr_layout_free(m);
    return rc;
}

static int run_apply(kr_step *s, const ledger_args *a)
{
    kr_err err;
    const char *dir = kr_step_dd_path(s, "LEDGER", &err);
    const char *tx = dir ? kr_step_dd_path(s, "TRANS", &err) : NULL;
    if (!tx)
        return kr_prog_fail(s, &err);
    const kr_dd_bind *rj = kr_step_dd(s, "REJECTS");
    const char *rejects = rj ? kr_step_dd_path(s, "REJECTS", &err) : NULL;
    if (rj && !rejects)
        return kr_prog_fail(s, &err);
    kr_layout *t = kr_step_dd_layout(s, kr_step_dd(s, "TRANS"), &err);
    if (!t)
        return err.rc ? err.rc : kr_prog_fail_text(s, KR_RC_ENV, "KRK1206E", "step %s: TRANS needs LAYOUT=", s->name);
    kr_ledger *g = kr_ledger_open(dir, &err);
    if (!g) {
        kr_layout_free(t);
        return kr_prog_fail(s, &err);
    }
    kr_listing ls = {s->sysout, tx, a->max_listed, 0};
    kr_apply_opts o = {t, tx, rejects, &ls, a->progress, s->cancel};
    kr_ledger_stats st;
    int rc = kr_ledger_apply(g, &o, &st, &err);
    if (rc >= KR_RC_FAIL)
        kr_prog_fail(s, &err);
    kr_ledger_close(g);
    kr_layout_free(t);
    return rc;
}

static int run_unload(kr_step *s)
{
    kr_err err;
    const char *dir = kr_step_dd_path(s, "LEDGER", &err);
    const char *master = dir ? kr_step_dd_path(s, "MASTER", &err) : NULL;
    if (!master)
        return kr_prog_fail(s, &err);
    kr_ledger *g = kr_ledger_open(dir, &err);
    if (!g)
        return kr_prog_fail(s, &err);
    kr_ledger_stats st;
    int rc = kr_ledger_unload(g, master, &st, &err);
    if (rc)
        kr_prog_fail(s, &err);
    else
        fprintf(s->sysout, "KRK0852I ledger %s unloaded: %llu record%s to %s\n", dir,
                (unsigned long long)st.master_out, st.master_out == 1 ? "" : "s", master);
    kr_ledger_close(g);
    return rc;
}

static int run_verify(kr_step *s)
{
    kr_err err;
    const char *dir = kr_step_dd_path(s, "LEDGER", &err);
    if (!dir)
        return kr_prog_fail(s, &err);
    kr_ledger_stats st;
    int rc = kr_ledger_verify(dir, s->sysout, &st, &err);
    if (rc >= KR_RC_FAIL)
        return kr_prog_fail(s, &err);
    fprintf(s->sysout, "KRK0854I ledger %s: %llu record%s verified; return code %d\n", dir,
            (unsigned long long)st.master_in, st.master_in == 1 ? "" : "s", rc);
    return rc;
}

static int run_diff(kr_step *s)
{
    kr_err err;
    const char *old = kr_step_dd_path(s, "OLDMAST", &err);
    const char *new = old ? kr_step_dd_path(s, "NEWMAST", &err) : NULL;
    const char *report = new ? kr_step_dd_path(s, "REPORT", &err) : NULL;
    if (!report)
        return kr_prog_fail(s, &err);
    const kr_dd_bind *with = kr_step_dd(s, "OLDMAST")->layout ? kr_step_dd(s, "OLDMAST") : kr_step_dd(s, "NEWMAST");
    kr_layout *l = kr_step_dd_layout(s, with, &err);
    if (!l)
        return err.rc ? err.rc
                      : kr_prog_fail_text(s, KR_RC_ENV, "KRK1206E", "step %s: OLDMAST or NEWMAST needs LAYOUT=", s->name);
    kr_diff_stats st;
    int rc = kr_ledger_diff(l, old, new, report, &st, &err);
    if (rc)
        kr_prog_fail(s, &err);
    else
        fprintf(s->sysout,
                "KRK1953I LEDGER DIFF: %llu records in the old master, %llu in the new; %llu the same, %llu changed "
                "(%llu field%s), %llu added, %llu deleted\n",
                (unsigned long long)st.old_records, (unsigned long long)st.new_records, (unsigned long long)st.same,
                (unsigned long long)st.changed, (unsigned long long)st.fields, st.fields == 1 ? "" : "s",
                (unsigned long long)st.added, (unsigned long long)st.removed);
    kr_layout_free(l);
    return rc;
}

int kr_prog_ledger(kr_step *s)
{
    static const char *const functions[] = {"UPDATE", "LOAD", "APPLY", "UNLOAD", "VERIFY", "DIFF"};
    kr_err err;
    kr_parm p;
    if (!kr_parm_parse(s->parm, &p, &err))
        return kr_prog_fail(s, &err);
    int fn = -1, given = 0;
    for (int i = 0; i < 6; i++)
        if (kr_parm_flag(&p, functions[i])) {
            fn = i;
            given++;
        }
    ledger_args a = {1000, 0, false};
    bool ok = kr_parm_count(&p, "MAXLISTED", 0, UINT64_MAX, &a.max_listed, &err) &&
              kr_parm_count(&p, "PROGRESS", 0, UINT64_MAX, &a.progress, &err) &&
              kr_prog_totals_parm(&p, "LEDGER", &a.totals_warn, &err);
    if (ok && a.totals_warn && fn != 0 && fn != 1)
        ok = kr_fail(&err, KR_RC_ENV, "KRK1762E", "step %s: PARM TOTALS=WARN is for LEDGER UPDATE and LOAD (the "
                     "files they read); %s checks every control total", s->name, fn < 0 ? "LEDGER" : functions[fn]);
    if (ok && given != 1)
        ok = kr_fail(&err, KR_RC_ENV, "KRK1205E", "step %s: LEDGER needs one of PARM=UPDATE, LOAD, APPLY, UNLOAD, VERIFY, DIFF",
                     s->name);
    ok = ok && kr_parm_all_used(&p, "LEDGER", &err);
    kr_parm_free(&p);
    if (!ok)
        return kr_prog_fail(s, &err);
    switch (fn) {
    case 0: return run_update(s, &a);
    case 1: return run_load(s, &a);
    case 2: return run_apply(s, &a);
    case 3: return run_unload(s);
    case 4: return run_verify(s);
    default: return run_diff(s);
    }
}
