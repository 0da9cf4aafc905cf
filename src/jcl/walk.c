/* walk.c: the decisions of z/OS JCL over step results the caller supplies: COND= tests
 * (JCL Reference, "Summary of COND parameters", Tables 1 and 2), IF relational expressions
 * ("Relational-expression keywords"), and the walk over a job's steps with job COND=,
 * abends, IF/THEN/ELSE and restart. */
#include "jcl_private.h"

#include <stdlib.h>
#include <string.h>

static bool compare(int left, kr_jcl_op op, int right)
{
    switch (op) {
    case KR_JCL_GT: return left > right;
    case KR_JCL_GE: return left >= right;
    case KR_JCL_EQ: return left == right;
    case KR_JCL_LT: return left < right;
    case KR_JCL_LE: return left <= right;
    case KR_JCL_NE: return left != right;
    }
    return false;
}

static bool any_abend(const kr_jcl_history *h)
{
    for (size_t i = 0; i < h->upto; i++)
        if (h->results[i].status == KR_JCL_ABENDED)
            return true;
    return false;
}

bool kr_jcl_cond_satisfied(const kr_jcl_cond *c, const kr_jcl_history *h)
{
    for (size_t t = 0; t < c->n; t++) {
        const kr_jcl_cond_test *ct = &c->tests[t];
        for (size_t i = 0; i < h->upto; i++) {
            if (ct->step != KR_JCL_ALL_STEPS && ct->step != i)
                continue;
            const kr_jcl_result *r = &h->results[i];
            /* a bypassed step has no return code: its test is false */
            if (r->status == KR_JCL_ENDED && compare(ct->code, ct->op, r->rc))
                return true;
        }
    }
    return false;
}

bool kr_jcl_cond_runs(const kr_jcl_cond *c, const kr_jcl_history *h, bool abend_ok)
{
    bool abend = any_abend(h);
    bool satisfied = kr_jcl_cond_satisfied(c, h);
    switch (c->mode) {
    case KR_JCL_COND_EVEN:
        return !satisfied;
    case KR_JCL_COND_ONLY:
        return abend && !satisfied;
    case KR_JCL_COND_PLAIN:
        break;
    }
    return (!abend || abend_ok) && !satisfied;
}

bool kr_jcl_expr_eval(const kr_jcl_expr *e, const kr_jcl_history *h)
{
    switch (e->kind) {
    case KR_JCL_X_NOT:
        return !kr_jcl_expr_eval(e->a, h);
    case KR_JCL_X_AND:
        return kr_jcl_expr_eval(e->a, h) && kr_jcl_expr_eval(e->b, h);
    case KR_JCL_X_OR:
        return kr_jcl_expr_eval(e->a, h) || kr_jcl_expr_eval(e->b, h);
    default:
        break;
    }
    if (e->step != KR_JCL_ALL_STEPS) {
        const kr_jcl_result *r = e->step < h->upto ? &h->results[e->step] : NULL;
        bool ran = r && (r->status == KR_JCL_ENDED || r->status == KR_JCL_ABENDED);
        if (!ran) /* a step that did not run makes its test false */
            return false;
        switch (e->kind) {
        case KR_JCL_X_RC: return r->status == KR_JCL_ENDED && compare(r->rc, e->op, e->value);
        case KR_JCL_X_ABEND: return r->status == KR_JCL_ABENDED;
        case KR_JCL_X_ABENDCC:
            return r->status == KR_JCL_ABENDED &&
                   (strcmp(r->abend, e->abendcc) == 0) == (e->op == KR_JCL_EQ);
        case KR_JCL_X_RUN: return true;
        default: return false;
        }
    }
    switch (e->kind) {
    case KR_JCL_X_RC: { /* the highest rc of the steps that ended; 0 at the start */
        int max = 0;
        for (size_t i = 0; i < h->upto; i++)
            if (h->results[i].status == KR_JCL_ENDED && h->results[i].rc > max)
                max = h->results[i].rc;
        return compare(max, e->op, e->value);
    }
    case KR_JCL_X_ABEND:
        return any_abend(h);
    case KR_JCL_X_ABENDCC: {
        bool found = false;
        for (size_t i = 0; i < h->upto; i++)
            if (h->results[i].status == KR_JCL_ABENDED && strcmp(h->results[i].abend, e->abendcc) == 0)
                found = true;
        return found == (e->op == KR_JCL_EQ);
    }
    default:
        return false;
    }
}

const char *kr_jcl_bypass_text(kr_jcl_bypass why)
{
    switch (why) {
    case KR_JCL_BY_COND: return "COND= test satisfied";
    case KR_JCL_BY_ONLY: return "COND=ONLY and no step abended";
    case KR_JCL_BY_ABEND: return "an earlier step abended";
    case KR_JCL_BY_IF: return "IF clause not taken";
    case KR_JCL_BY_JOB_COND: return "JOB COND= test satisfied: the job ended";
    case KR_JCL_BY_NOT_STARTED: return "an earlier step could not start: the job ended";
    case KR_JCL_BY_RESTART: return "before the restart step";
    }
    return "bypassed";
}

/* ---- the walk ------------------------------------------------------------------------------ */

typedef struct walker {
    const kr_jcl_job *job;
    const kr_jcl_walk_ops *ops;
    void *ctx;
    kr_jcl_result *results;
    size_t restart;          /* index of the restart step (0: none) */
    bool ended;              /* the job ended early */
    kr_jcl_bypass end_reason;
    kr_jcl_outcome *out;
    kr_err *err;
    bool failed;
    size_t seen;             /* steps [0, seen) were decided */
} walker;

static void bypass(walker *w, const kr_jcl_step *s, kr_jcl_bypass why)
{
    w->out->bypassed++;
    if (w->ops->bypassed)
        w->ops->bypassed(w->ctx, s, why);
}

static void walk_step(walker *w, const kr_jcl_step *s, bool skipped_by_if, bool abend_ok)
{
    kr_jcl_history h = {w->job, w->results, s->index};
    w->seen = s->index + 1;
    if (s->index < w->restart) {
        kr_jcl_result r = {KR_JCL_NOT_RUN, 0, ""};
        if (w->ops->prior)
            w->ops->prior(w->ctx, s, &r);
        w->results[s->index] = r;
        bypass(w, s, KR_JCL_BY_RESTART);
        return;
    }
    if (w->ended) {
        bypass(w, s, w->end_reason);
        return;
    }
    if (skipped_by_if) {
        bypass(w, s, KR_JCL_BY_IF);
        return;
    }
    if (!kr_jcl_cond_runs(&s->cond, &h, abend_ok)) {
        kr_jcl_bypass why = kr_jcl_cond_satisfied(&s->cond, &h) ? KR_JCL_BY_COND
                            : s->cond.mode == KR_JCL_COND_ONLY   ? KR_JCL_BY_ONLY
                                                                 : KR_JCL_BY_ABEND;
        bypass(w, s, why);
        return;
    }
    kr_jcl_result r = {KR_JCL_NOT_RUN, 0, ""};
    if (!w->ops->run_step(w->ctx, s, &r, w->err)) {
        w->failed = true;
        return;
    }
    w->results[s->index] = r;
    kr_jcl_outcome *o = w->out;
    if (r.status == KR_JCL_ENDED) {
        o->ran++;
        if (r.rc > o->max_rc)
            o->max_rc = r.rc;
        /* JOB COND= is tested after every step (Table 1 of the job's COND summary) */
        kr_jcl_history after = {w->job, w->results, s->index + 1};
        if (kr_jcl_cond_satisfied(&w->job->cond, &after)) {
            w->ended = true;
            w->end_reason = KR_JCL_BY_JOB_COND;
            o->ended_by = s;
        }
    } else if (r.status == KR_JCL_ABENDED) {
        o->ran++;
        if (!o->abended) {
            o->abended = true;
            memcpy(o->abend, r.abend, sizeof o->abend);
            o->abend[sizeof o->abend - 1] = '\0';
            o->ended_by = s;
        }
    } else {
        w->results[s->index].status = KR_JCL_NOT_RUN;
        w->ended = true;
        w->end_reason = KR_JCL_BY_NOT_STARTED;
        o->ended_by = s;
    }
}

static void walk_nodes(walker *w, const kr_jcl_nodes *l, bool skipped, bool abend_ok)
{
    for (size_t i = 0; i < l->n && !w->failed; i++) {
        const kr_jcl_node *n = &l->v[i];
        if (n->kind == KR_JCL_NODE_STEP) {
            walk_step(w, n->step, skipped, abend_ok);
            continue;
        }
        bool value = false;
        if (!skipped) {
            kr_jcl_history h = {w->job, w->results, w->seen};
            value = kr_jcl_expr_eval(n->expr, &h);
        }
        bool ok = abend_ok || n->tests_abend;
        walk_nodes(w, &n->then_nodes, skipped || !value, ok);
        walk_nodes(w, &n->else_nodes, skipped || value, ok);
    }
}

bool kr_jcl_walk(const kr_jcl_job *job, const char *restart, const kr_jcl_walk_ops *ops,
                 void *ctx, kr_jcl_outcome *out, kr_err *err)
{
    memset(out, 0, sizeof *out);
    walker w = {.job = job, .ops = ops, .ctx = ctx, .out = out, .err = err};
    if (restart && strcmp(restart, "*") != 0) {
        const kr_jcl_step *s = kr_jcl_find_step(job, restart);
        if (!s)
            return kr_fail(err, KR_RC_ENV, "KRK1130E", "%s: the restart step %s is not a step of "
                           "the job", job->path, restart);
        w.restart = s->index;
    }
    w.results = kr_xcalloc(job->n_steps + 1, sizeof *w.results);
    walk_nodes(&w, &job->nodes, false, false);
    free(w.results);
    return !w.failed;
}
