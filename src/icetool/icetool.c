/* icetool.c: the ICETOOL program: TOOLIN's operators one after the other, each statement
 * echoed to TOOLMSG with its return code, MODE STOP/CONTINUE/SCAN as DFSORT has them (after
 * an operation ends with 12 or more, STOP only checks the remaining statements), and the
 * run's return code the highest of its operations'. */
#include "icetool.h"

#include <string.h>

typedef struct it_operator {
    const char *name;
    int (*run)(it_run *r, it_stmt *st, bool scan);
} it_operator;

static const it_operator operators[] = {
    {"COPY", it_op_copy},     {"SORT", it_op_sort},   {"COUNT", it_op_count},     {"SELECT", it_op_select},
    {"UNIQUE", it_op_unique}, {"STATS", it_op_stats}, {"RANGE", it_op_range},     {"OCCUR", it_op_occur},
    {"DISPLAY", it_op_display}, {"SUBSET", it_op_subset}, {"DATASORT", it_op_datasort},
    {"RESIZE", it_op_resize},   {"SPLICE", it_op_splice}, {"MERGE", it_op_merge},
    {"VERIFY", it_op_verify}, {"DEFAULTS", it_op_defaults}, {NULL, NULL},
};

/* TOOLMSG and DFSMSG: the DD's file when the step has one, else the step's SYSOUT. */
static FILE *message_file(kr_step *s, const char *ddname, FILE **opened, int *rc)
{
    *opened = NULL;
    const kr_dd_bind *b = kr_step_dd(s, ddname);
    if (!b || b->dummy || !b->n_paths)
        return b && b->dummy ? (*opened = fopen("/dev/null", "w")) : s->sysout;
    if (strcmp(b->paths[0], "-") == 0)
        return stdout;
    *opened = fopen(b->paths[0], "w");
    if (!*opened) {
        fprintf(s->msg, "KRK2333E DD %s: cannot write %s\n", ddname, b->paths[0]);
        *rc = KR_RC_FAIL;
    }
    return *opened;
}

static int run_statements(it_run *r, it_script *sc)
{
    enum { STOP, CONTINUE, SCAN } mode = STOP;
    bool scanning = false;
    int highest = KR_RC_OK;
    for (size_t i = 0; i < sc->n; i++) {
        it_stmt *st = &sc->v[i];
        fprintf(r->toolmsg, "%s\n", st->echo);
        if (strcmp(st->op, "MODE") == 0) {
            const char *m = st->n == 1 && !st->v[0].value ? st->v[0].name : "";
            if (strcmp(m, "STOP") == 0 || strcmp(m, "CONTINUE") == 0 || strcmp(m, "SCAN") == 0) {
                mode = m[1] == 'T' ? STOP : m[1] == 'O' ? CONTINUE : SCAN;
                scanning = mode == SCAN;
                fprintf(r->toolmsg, "KRK2304I MODE IN EFFECT: %s\n", m);
            } else {
                int rc = it_error(r, st, st->n ? &st->v[0] : NULL, KR_RC_FAIL, "KRK2322E", "takes STOP, CONTINUE or SCAN");
                highest = rc > highest ? rc : highest;
            }
            continue;
        }
        const it_operator *op = operators;
        while (op->name && strcmp(op->name, st->op) != 0)
            op++;
        int rc;
        if (!op->name)
            rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2334E", "is not an ICETOOL operator kiroku has (COPY, SORT, COUNT, "
                          "SELECT, UNIQUE, STATS, RANGE, OCCUR, DISPLAY, SUBSET, DATASORT, RESIZE, SPLICE, MERGE, VERIFY, DEFAULTS, MODE; see "
                          "docs/ICETOOL.md)");
        else if (kr_cancelled(r->step->cancel)) {
            kr_err err;
            kr_fail_cancelled(&err, "ICETOOL", UINT64_MAX, "the remaining operations were not run");
            fprintf(r->toolmsg, "%s\n", err.text);
            fprintf(r->step->msg, "%s\n", err.text);
            rc = err.rc;
            scanning = true;
        } else
            rc = op->run(r, st, scanning);
        if (scanning && rc == KR_RC_OK)
            fprintf(r->toolmsg, "KRK2317I OPERATION NOT PERFORMED (statements checked only)\n");
        else
            fprintf(r->toolmsg, "KRK2302I OPERATION RETURN CODE: %02d\n", rc);
        if (rc > highest)
            highest = rc;
        if (rc >= KR_RC_FAIL && mode == STOP && !scanning) {
            scanning = true;
            fprintf(r->toolmsg, "KRK2318I MODE STOP: the remaining statements are checked, not run\n");
        }
        fflush(r->toolmsg);
    }
    return highest;
}

int kr_icetool(kr_step *s)
{
    int rc = KR_RC_OK;
    if (s->parm && *s->parm) {
        fprintf(s->msg, "KRK1204E step %s: ICETOOL takes no PARM ('%s')\n", s->name, s->parm);
        return KR_RC_ENV;
    }
    FILE *tm_opened, *dm_opened;
    FILE *toolmsg = message_file(s, "TOOLMSG", &tm_opened, &rc);
    FILE *dfsmsg = rc == KR_RC_OK ? message_file(s, "DFSMSG", &dm_opened, &rc) : NULL;
    if (rc != KR_RC_OK) {
        if (tm_opened)
            fclose(tm_opened);
        return rc;
    }
    it_run r = {.step = s, .toolmsg = toolmsg, .dfsmsg = dfsmsg};
    fprintf(toolmsg, "KRK2300I ICETOOL RUN STARTED\n");
    kr_buf text;
    kr_buf_init(&text);
    kr_err err;
    const char *name = NULL;
    if (!kr_step_dd(s, "TOOLIN")) {
        fprintf(toolmsg, "KRK2332E step %s: ICETOOL reads its statements from DD TOOLIN, which the step does not have\n",
                s->name);
        fprintf(s->msg, "KRK2332E step %s: ICETOOL reads its statements from DD TOOLIN, which the step does not have\n",
                s->name);
        rc = KR_RC_FAIL;
    } else if (!kr_step_dd_text(s, "TOOLIN", &text, &name, &err)) {
        fprintf(toolmsg, "%s\n", err.text);
        fprintf(s->msg, "%s\n", err.text);
        rc = KR_RC_FAIL;
    }
    if (rc == KR_RC_OK) {
        r.toolin = name;
        fprintf(toolmsg, "KRK2301I SOURCE FOR ICETOOL STATEMENTS: %s\n", name);
        it_script sc;
        kr_diags d;
        kr_diags_init(&d);
        bool ok = it_parse(text.data ? text.data : "", text.len, name, &sc, &d);
        kr_diags_print(&d, toolmsg);
        if (s->msg != toolmsg)
            kr_diags_print(&d, s->msg);
        kr_diags_free(&d);
        if (!ok)
            rc = KR_RC_FAIL;
        else if (!sc.n) {
            fprintf(toolmsg, "KRK2335W %s holds no operator statement\n", name);
            rc = KR_RC_WARN;
        } else
            rc = run_statements(&r, &sc);
        it_script_free(&sc);
    }
    kr_buf_free(&text);
    fprintf(toolmsg, "KRK2303I ICETOOL RUN ENDED - RETURN CODE: %02d\n", rc);
    if (dm_opened)
        fclose(dm_opened);
    if (tm_opened && fclose(tm_opened) != 0 && rc < KR_RC_FAIL) {
        fprintf(s->msg, "KRK2333E DD TOOLMSG: cannot write its messages\n");
        rc = KR_RC_FAIL;
    }
    return rc;
}
