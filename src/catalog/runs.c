/* runs.c: the run history: runs (job, JCL, run date, user, times, highest rc or abend,
 * restart-of) and their steps (program, rc or abend, elapsed time, records and SHA-256 of
 * every DD), as `kiroku runs` lists them and a restart reads them. */
#include "internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static void run_encode(kr_buf *b, const kr_run *r)
{
    kv_add(b, "job", r->job);
    kv_add(b, "jcl", r->jcl);
    kv_add(b, "date", r->date);
    kv_add(b, "user", r->user);
    kv_addi(b, "start", r->start);
    kv_addi(b, "end", r->end);
    kv_addi(b, "maxrc", r->maxrc);
    kv_add(b, "abend", r->abend);
    kv_addu(b, "restart_of", r->restart_of);
}

static void run_decode(const char *v, size_t n, uint64_t id, kr_run *r)
{
    memset(r, 0, sizeof *r);
    r->id = id;
    kv_get(v, n, "job", 0, r->job, sizeof r->job);
    kv_get(v, n, "jcl", 0, r->jcl, sizeof r->jcl);
    kv_get(v, n, "date", 0, r->date, sizeof r->date);
    kv_get(v, n, "user", 0, r->user, sizeof r->user);
    r->start = kv_geti(v, n, "start");
    r->end = kv_geti(v, n, "end");
    r->maxrc = (int)kv_geti(v, n, "maxrc");
    kv_get(v, n, "abend", 0, r->abend, sizeof r->abend);
    r->restart_of = kv_getu(v, n, "restart_of");
}

static void step_encode(kr_buf *b, const kr_run_step *s)
{
    kv_add(b, "name", s->name);
    kv_add(b, "program", s->program);
    kv_add(b, "ran", s->ran ? "yes" : "no");
    kv_addi(b, "rc", s->rc);
    kv_add(b, "abend", s->abend);
    kv_addu(b, "elapsed_ms", s->elapsed_ms);
    for (size_t i = 0; i < s->n_dds; i++) {
        const kr_run_dd *d = &s->dds[i];
        char line[256];
        snprintf(line, sizeof line, "%s\t%s\t%s\t%" PRIu64 "\t%s", d->ddname, d->dsn, d->output ? "out" : "in",
                 d->records, d->sha256);
        kv_add(b, "dd", line);
    }
}

static void copy_field(char **p, char *out, size_t size)
{
    char *tab = strchr(*p, '\t');
    size_t n = tab ? (size_t)(tab - *p) : strlen(*p);
    snprintf(out, size, "%.*s", (int)n, *p);
    *p += n + (tab ? 1 : 0);
}

static void step_decode(const char *v, size_t n, kr_run_step *s)
{
    memset(s, 0, sizeof *s);
    char flag[8];
    kv_get(v, n, "name", 0, s->name, sizeof s->name);
    kv_get(v, n, "program", 0, s->program, sizeof s->program);
    kv_get(v, n, "ran", 0, flag, sizeof flag);
    s->ran = strcmp(flag, "yes") == 0;
    s->rc = (int)kv_geti(v, n, "rc");
    kv_get(v, n, "abend", 0, s->abend, sizeof s->abend);
    s->elapsed_ms = kv_getu(v, n, "elapsed_ms");
    char line[256];
    size_t cap = 0;
    for (size_t i = 0; kv_get(v, n, "dd", i, line, sizeof line); i++) {
        KR_GROW(s->dds, cap, s->n_dds + 1);
        kr_run_dd *d = &s->dds[s->n_dds++];
        memset(d, 0, sizeof *d);
        char *p = line, num[24];
        copy_field(&p, d->ddname, sizeof d->ddname);
        copy_field(&p, d->dsn, sizeof d->dsn);
        copy_field(&p, flag, sizeof flag);
        d->output = strcmp(flag, "out") == 0;
        copy_field(&p, num, sizeof num);
        d->records = strtoull(num, NULL, 10);
        copy_field(&p, d->sha256, sizeof d->sha256);
    }
}

typedef struct run_arg {
    const kr_run *run;
    const kr_run_step *step;
    uint64_t id;
    int maxrc;
    const char *abend;
    int64_t end;
} run_arg;

static bool begin_change(kr_catalog *c, DB_TXN *txn, void *arg, kr_err *err)
{
    run_arg *a = arg;
    kr_buf key, val;
    kr_buf_init(&key);
    kr_buf_init(&val);
    kr_buf_adds(&key, "#runs");
    int r = cat_get(c, txn, &key, &val, err);
    bool ok = r >= 0;
    if (ok) {
        a->id = (r == 1 ? kv_getu(val.data, val.len, "last") : 0) + 1;
        kr_buf_reset(&val);
        kv_addu(&val, "last", a->id);
        ok = cat_put(c, txn, &key, &val, err);
    }
    if (ok) {
        cat_key_run(&key, 'R', a->id);
        kr_buf_reset(&val);
        run_encode(&val, a->run);
        ok = cat_put(c, txn, &key, &val, err);
    }
    kr_buf_free(&key);
    kr_buf_free(&val);
    return ok;
}

bool kr_run_begin(kr_catalog *c, const kr_run *r, uint64_t *id, kr_err *err)
{
    run_arg a = {.run = r};
    if (!cat_apply(c, begin_change, &a, err))
        return false;
    *id = a.id;
    return true;
}

typedef struct count_steps {
    size_t n;
} count_steps;

static bool count_one(void *arg, const char *key, size_t klen, const char *val, size_t vlen, kr_err *err)
{
    (void)key, (void)klen, (void)val, (void)vlen, (void)err;
    ((count_steps *)arg)->n++;
    return true;
}

static bool step_change(kr_catalog *c, DB_TXN *txn, void *arg, kr_err *err)
{
    run_arg *a = arg;
    kr_buf key, val;
    kr_buf_init(&key);
    kr_buf_init(&val);
    cat_key_run(&key, 'R', a->id);
    int r = cat_get(c, txn, &key, &val, err);
    if (r == 0)
        kr_fail(err, KR_RC_FAIL, "KRK1351E", "the catalog has no run %" PRIu64, a->id);
    bool ok = r == 1;
    count_steps n = {0};
    cat_key_run(&key, 'S', a->id);
    ok = ok && cat_scan(c, txn, key.data, key.len, count_one, &n, err);
    if (ok) {
        kr_buf_addf(&key, "%04zx", n.n + 1);
        kr_buf_reset(&val);
        step_encode(&val, a->step);
        ok = cat_put(c, txn, &key, &val, err);
    }
    kr_buf_free(&key);
    kr_buf_free(&val);
    return ok;
}

bool kr_run_add_step(kr_catalog *c, uint64_t id, const kr_run_step *s, kr_err *err)
{
    run_arg a = {.step = s, .id = id};
    return cat_apply(c, step_change, &a, err);
}

static bool end_change(kr_catalog *c, DB_TXN *txn, void *arg, kr_err *err)
{
    run_arg *a = arg;
    kr_buf key, val;
    kr_buf_init(&key);
    kr_buf_init(&val);
    cat_key_run(&key, 'R', a->id);
    int r = cat_get(c, txn, &key, &val, err);
    if (r == 0)
        kr_fail(err, KR_RC_FAIL, "KRK1351E", "the catalog has no run %" PRIu64, a->id);
    bool ok = r == 1;
    if (ok) {
        kr_run run;
        run_decode(val.data, val.len, a->id, &run);
        run.maxrc = a->maxrc;
        snprintf(run.abend, sizeof run.abend, "%s", a->abend ? a->abend : "");
        run.end = a->end;
        kr_buf_reset(&val);
        run_encode(&val, &run);
        ok = cat_put(c, txn, &key, &val, err);
    }
    kr_buf_free(&key);
    kr_buf_free(&val);
    return ok;
}

bool kr_run_end(kr_catalog *c, uint64_t id, int maxrc, const char *abend, int64_t end, kr_err *err)
{
    run_arg a = {.id = id, .maxrc = maxrc, .abend = abend, .end = end};
    return cat_apply(c, end_change, &a, err);
}

static bool add_step(void *arg, const char *key, size_t klen, const char *val, size_t vlen, kr_err *err)
{
    (void)key, (void)klen, (void)err;
    kr_run *r = arg;
    r->steps = kr_xrealloc(r->steps, (r->n_steps + 1) * sizeof *r->steps);
    step_decode(val, vlen, &r->steps[r->n_steps++]);
    return true;
}

int kr_run_get(kr_catalog *c, uint64_t id, kr_run *out, kr_err *err)
{
    kr_buf key, val;
    kr_buf_init(&key);
    kr_buf_init(&val);
    cat_key_run(&key, 'R', id);
    int r = cat_get(c, NULL, &key, &val, err);
    if (r == 1) {
        run_decode(val.data, val.len, id, out);
        cat_key_run(&key, 'S', id);
        if (!cat_scan(c, NULL, key.data, key.len, add_step, out, err)) {
            kr_run_free(out);
            r = -1;
        }
    }
    kr_buf_free(&key);
    kr_buf_free(&val);
    return r;
}

typedef struct run_list {
    kr_run *runs;
    size_t n, cap;
} run_list;

static bool add_run(void *arg, const char *key, size_t klen, const char *val, size_t vlen, kr_err *err)
{
    (void)klen, (void)err;
    run_list *l = arg;
    KR_GROW(l->runs, l->cap, l->n + 1);
    run_decode(val, vlen, strtoull(key + 1, NULL, 16), &l->runs[l->n++]);
    return true;
}

bool kr_run_list(kr_catalog *c, kr_run **out, size_t *n, kr_err *err)
{
    run_list l = {0};
    bool ok = cat_scan(c, NULL, "R", 1, add_run, &l, err);
    if (!ok) {
        free(l.runs);
        l.runs = NULL;
        l.n = 0;
    }
    *out = l.runs;
    *n = l.n;
    return ok;
}

void kr_run_free(kr_run *r)
{
    for (size_t i = 0; i < r->n_steps; i++)
        free(r->steps[i].dds);
    free(r->steps);
    r->steps = NULL;
    r->n_steps = 0;
}

void kr_runs_free(kr_run *runs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        kr_run_free(&runs[i]);
    free(runs);
}
