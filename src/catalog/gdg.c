/* gdg.c: generation data groups: bases (DEFINE and DELETE as IDCAMS does them), relative
 * references, (+1) reserved per job run, roll-in when the step ends well, roll-off past the
 * limit (SCRATCH/NOSCRATCH, EMPTY/NOEMPTY), and the wrap from G9999V00 to G0001V00. */
#include "internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

int gdg_read(kr_catalog *c, DB_TXN *txn, const char *base, kr_gdg *g, kr_err *err)
{
    kr_buf key, val;
    kr_buf_init(&key);
    kr_buf_init(&val);
    cat_key(&key, 'G', base);
    int r = cat_get(c, txn, &key, &val, err);
    if (r == 1)
        gdg_decode(val.data, val.len, base, g);
    kr_buf_free(&key);
    kr_buf_free(&val);
    return r;
}

bool gdg_write(kr_catalog *c, DB_TXN *txn, const kr_gdg *g, kr_err *err)
{
    kr_buf key, val;
    kr_buf_init(&key);
    kr_buf_init(&val);
    cat_key(&key, 'G', g->base);
    gdg_encode(&val, g);
    bool ok = cat_put(c, txn, &key, &val, err);
    kr_buf_free(&key);
    kr_buf_free(&val);
    return ok;
}

static int need_gdg(kr_catalog *c, DB_TXN *txn, const char *base, kr_gdg *g, kr_err *err)
{
    int r = gdg_read(c, txn, base, g, err);
    if (r == 0)
        kr_fail(err, KR_RC_REJECT, "KRK1334E", "%s is not a GDG base; define it with IDCAMS DEFINE GDG", base);
    return r;
}

bool gdg_forget(kr_catalog *c, DB_TXN *txn, const char *base, unsigned gen, kr_err *err)
{
    kr_gdg g;
    int r = gdg_read(c, txn, base, &g, err);
    if (r != 1)
        return r == 0;
    size_t o = 0;
    for (size_t i = 0; i < g.n; i++)
        if (g.gens[i] != gen)
            g.gens[o++] = g.gens[i];
    if (o == g.n)
        return true;
    g.n = o;
    return gdg_write(c, txn, &g, err);
}

typedef struct gdg_arg {
    const char *base;
    unsigned limit;
    bool scratch, empty, force;
    uint64_t run, run2;
    const char *layout;
    kr_buf *note;
    char *out;
    unsigned gen;
} gdg_arg;

static bool define_change(kr_catalog *c, DB_TXN *txn, void *arg, kr_err *err)
{
    const gdg_arg *a = arg;
    kr_gdg g;
    int r = gdg_read(c, txn, a->base, &g, err);
    if (r == 1)
        return kr_fail(err, KR_RC_FAIL, "KRK1331E", "%s is a GDG base already", a->base);
    if (r < 0)
        return false;
    kr_buf key, val;
    kr_buf_init(&key);
    kr_buf_init(&val);
    cat_key(&key, 'D', a->base);
    r = cat_get(c, txn, &key, &val, err);
    kr_buf_free(&key);
    kr_buf_free(&val);
    if (r == 1)
        return kr_fail(err, KR_RC_FAIL, "KRK1331E", "%s is cataloged already as a data set", a->base);
    if (r < 0)
        return false;
    memset(&g, 0, sizeof g);
    snprintf(g.base, sizeof g.base, "%s", a->base);
    g.limit = a->limit;
    g.scratch = a->scratch;
    g.empty = a->empty;
    g.created = (int64_t)time(NULL);
    return gdg_write(c, txn, &g, err);
}

static bool base_name(const char *base, char out[KR_DSN_MAX + 1], kr_err *err)
{
    if (!kr_dsn_check(base, out, err))
        return false;
    if (strlen(out) > KR_GDG_BASE_MAX)
        return kr_fail(err, KR_RC_ENV, "KRK1301E", "GDG base %s: %zu characters, at most 35", out, strlen(out));
    return true;
}

bool kr_gdg_define(kr_catalog *c, const char *base, unsigned limit, bool scratch, bool empty, kr_err *err)
{
    char name[KR_DSN_MAX + 1];
    if (!base_name(base, name, err))
        return false;
    if (limit < 1 || limit > KR_GDG_LIMIT_MAX)
        return kr_fail(err, KR_RC_FAIL, "KRK1332E", "GDG %s: LIMIT(%u) is outside 1-255", name, limit);
    gdg_arg a = {.base = name, .limit = limit, .scratch = scratch, .empty = empty};
    return cat_apply(c, define_change, &a, err);
}

static bool delete_change(kr_catalog *c, DB_TXN *txn, void *arg, kr_err *err)
{
    const gdg_arg *a = arg;
    kr_gdg g;
    if (need_gdg(c, txn, a->base, &g, err) != 1)
        return false;
    if (g.n && !a->force)
        return kr_fail(err, KR_RC_REJECT, "KRK1333E",
                       "GDG %s still has %zu generation(s); delete them first, or write FORCE", a->base, g.n);
    for (size_t i = 0; i < g.n; i++) {
        char gen[KR_DSN_MAX + 1];
        kr_gen_name(a->base, g.gens[i], gen);
        kr_buf key;
        kr_buf_init(&key);
        cat_key(&key, 'D', gen);
        bool ok = cat_del(c, txn, &key, err) >= 0;
        kr_buf_free(&key);
        if (!ok)
            return false;
        if (g.scratch) {
            char *path = kr_dsn_path(c->root, gen);
            cat_scratch_later(c, path);
            free(path);
        }
    }
    kr_buf key;
    kr_buf_init(&key);
    cat_key(&key, 'G', a->base);
    bool ok = cat_del(c, txn, &key, err) == 1;
    kr_buf_free(&key);
    return ok;
}

bool kr_gdg_delete(kr_catalog *c, const char *base, bool force, kr_err *err)
{
    char name[KR_DSN_MAX + 1];
    gdg_arg a = {.base = name, .force = force};
    return base_name(base, name, err) && cat_apply(c, delete_change, &a, err);
}

int kr_gdg_get(kr_catalog *c, const char *base, kr_gdg *out, kr_err *err)
{
    char name[KR_DSN_MAX + 1];
    if (!base_name(base, name, err))
        return -1;
    return gdg_read(c, NULL, name, out, err);
}

bool kr_gdg_resolve(kr_catalog *c, const char *base, int rel, char out[KR_DSN_MAX + 1], kr_err *err)
{
    char name[KR_DSN_MAX + 1];
    kr_gdg g;
    if (!base_name(base, name, err) || need_gdg(c, NULL, name, &g, err) != 1)
        return false;
    if (rel > 0 || (size_t)-rel >= g.n)
        return kr_fail(err, KR_RC_REJECT, "KRK1335E", "%s(%d): the group has %zu generation(s)%s", name, rel, g.n,
                       rel > 0 ? "; a new generation is (+1)" : "");
    kr_gen_name(name, g.gens[g.n - 1 - (size_t)-rel], out);
    return true;
}

static void reservation_key(kr_buf *key, const char *base, uint64_t run)
{
    kr_buf_reset(key);
    kr_buf_addf(key, "V%s\t%016" PRIx64, base, run);
}

static int reservation_get(kr_catalog *c, DB_TXN *txn, const char *base, uint64_t run, unsigned *gen, kr_err *err)
{
    kr_buf key, val;
    kr_buf_init(&key);
    kr_buf_init(&val);
    reservation_key(&key, base, run);
    int r = cat_get(c, txn, &key, &val, err);
    if (r == 1)
        *gen = (unsigned)kv_getu(val.data, val.len, "gen");
    kr_buf_free(&key);
    kr_buf_free(&val);
    return r;
}

static bool in_group(const kr_gdg *g, unsigned gen)
{
    for (size_t i = 0; i < g->n; i++)
        if (g->gens[i] == gen)
            return true;
    return false;
}

static bool reserve_change(kr_catalog *c, DB_TXN *txn, void *arg, kr_err *err)
{
    gdg_arg *a = arg;
    kr_gdg g;
    if (need_gdg(c, txn, a->base, &g, err) != 1)
        return false;
    int r = reservation_get(c, txn, a->base, a->run, &a->gen, err);
    if (r != 0)
        return r == 1;
    /* The next number after the last one given out, past G9999V00 back to G0001V00, never
     * one the group still holds. */
    unsigned gen = g.last;
    for (int tries = 0; tries < KR_GEN_MAX; tries++) {
        gen = gen % KR_GEN_MAX + 1;
        if (!in_group(&g, gen))
            break;
    }
    g.last = gen;
    a->gen = gen;
    kr_buf key, val;
    kr_buf_init(&key);
    kr_buf_init(&val);
    reservation_key(&key, a->base, a->run);
    kv_addu(&val, "gen", gen);
    bool ok = cat_put(c, txn, &key, &val, err) && gdg_write(c, txn, &g, err);
    kr_buf_free(&key);
    kr_buf_free(&val);
    return ok;
}

bool kr_gdg_reserve(kr_catalog *c, const char *base, uint64_t run, char out[KR_DSN_MAX + 1], kr_err *err)
{
    char name[KR_DSN_MAX + 1];
    gdg_arg a = {.base = name, .run = run};
    if (!base_name(base, name, err) || !cat_apply(c, reserve_change, &a, err))
        return false;
    kr_gen_name(name, a.gen, out);
    return true;
}

bool kr_gdg_reserved(kr_catalog *c, const char *base, uint64_t run, unsigned *gen, kr_err *err)
{
    char name[KR_DSN_MAX + 1];
    *gen = 0;
    return base_name(base, name, err) && reservation_get(c, NULL, name, run, gen, err) >= 0;
}

static bool roll_off(kr_catalog *c, DB_TXN *txn, const kr_gdg *g, unsigned gen, kr_buf *note, kr_err *err)
{
    char name[KR_DSN_MAX + 1];
    kr_gen_name(g->base, gen, name);
    kr_buf key;
    kr_buf_init(&key);
    cat_key(&key, 'D', name);
    bool ok = cat_del(c, txn, &key, err) >= 0;
    kr_buf_free(&key);
    if (ok && g->scratch) {
        char *path = kr_dsn_path(c->root, name);
        cat_scratch_later(c, path);
        free(path);
    }
    if (ok && note)
        kr_buf_addf(note, "KRK1338I %s rolled off GDG %s (%s)\n", name, g->base,
                    g->scratch ? "SCRATCH: deleted" : "NOSCRATCH: uncataloged, its file kept");
    return ok;
}

/* Puts generation gen into the group g as its newest (its file must be in place), rolling
 * off what passes the limit, and writes g. */
static bool add_generation(kr_catalog *c, DB_TXN *txn, kr_gdg *g, unsigned gen, const gdg_arg *a, kr_err *err)
{
    char name[KR_DSN_MAX + 1];
    kr_gen_name(g->base, gen, name);
    if (in_group(g, gen))
        return kr_fail(err, KR_RC_FAIL, "KRK1321E", "%s is cataloged already", name);
    char *path = kr_dsn_path(c->root, name);
    struct stat st;
    bool there = stat(path, &st) == 0 && S_ISREG(st.st_mode);
    free(path);
    if (!there)
        return kr_fail(err, KR_RC_FAIL, "KRK1337E",
                       "%s cannot roll in: its file is not in place (rename the output before the catalog "
                       "commits)",
                       name);
    kr_buf key, val;
    kr_buf_init(&key);
    kr_buf_init(&val);
    kr_dsinfo d = {.created = (int64_t)time(NULL), .run = a->run, .generation = true, .gen = gen};
    snprintf(d.layout, sizeof d.layout, "%s", a->layout ? a->layout : "");
    snprintf(d.base, sizeof d.base, "%s", g->base);
    cat_key(&key, 'D', name);
    ds_encode(&val, &d);
    bool ok = cat_put(c, txn, &key, &val, err);
    kr_buf_free(&key);
    kr_buf_free(&val);
    if (!ok)
        return false;
    /* Past the limit: NOEMPTY rolls off the oldest, EMPTY every generation but the new one. */
    size_t keep = g->n + 1 > g->limit ? (g->empty ? 0 : g->limit - 1) : g->n;
    size_t drop = g->n - keep;
    for (size_t i = 0; i < drop; i++)
        if (!roll_off(c, txn, g, g->gens[i], a->note, err))
            return false;
    memmove(g->gens, g->gens + drop, keep * sizeof g->gens[0]);
    g->gens[keep] = gen;
    g->n = keep + 1;
    return gdg_write(c, txn, g, err);
}

static bool roll_in_change(kr_catalog *c, DB_TXN *txn, void *arg, kr_err *err)
{
    gdg_arg *a = arg;
    kr_gdg g;
    if (need_gdg(c, txn, a->base, &g, err) != 1)
        return false;
    unsigned gen = 0;
    int r = reservation_get(c, txn, a->base, a->run, &gen, err);
    if (r == 0)
        return kr_fail(err, KR_RC_FAIL, "KRK1339E", "run %" PRIu64 " has no (+1) of GDG %s to roll in", a->run,
                       a->base);
    if (r < 0)
        return false;
    kr_buf key;
    kr_buf_init(&key);
    reservation_key(&key, a->base, a->run);
    bool ok = cat_del(c, txn, &key, err) == 1;
    kr_buf_free(&key);
    return ok && add_generation(c, txn, &g, gen, a, err);
}

bool kr_gdg_roll_in(kr_catalog *c, const char *base, uint64_t run, const char *layout, kr_buf *note,
                    kr_err *err)
{
    char name[KR_DSN_MAX + 1];
    gdg_arg a = {.base = name, .run = run, .layout = layout, .note = note};
    return base_name(base, name, err) && cat_apply(c, roll_in_change, &a, err);
}

static bool adopt_file_change(kr_catalog *c, DB_TXN *txn, void *arg, kr_err *err)
{
    gdg_arg *a = arg;
    kr_gdg g;
    if (need_gdg(c, txn, a->base, &g, err) != 1)
        return false;
    /* Numbers given out later go on after this one. */
    if (a->gen > g.last)
        g.last = a->gen;
    return add_generation(c, txn, &g, a->gen, a, err);
}

bool kr_gdg_catalog_generation(kr_catalog *c, const char *dsn, const char *layout, kr_buf *note, kr_err *err)
{
    char name[KR_DSN_MAX + 1], base[KR_DSN_MAX + 1];
    gdg_arg a = {.base = base, .layout = layout, .note = note};
    if (!kr_dsn_check(dsn, name, err))
        return false;
    if (!kr_gen_split(name, base, &a.gen))
        return kr_fail(err, KR_RC_ENV, "KRK1301E", "%s is not a generation's name (BASE.GnnnnV00)", name);
    return cat_apply(c, adopt_file_change, &a, err);
}

/* Every reservation of run: deleted (run2 == 0) or handed to run2. */
typedef struct resv_visit {
    kr_catalog *c;
    DB_TXN *txn;
    uint64_t run, run2;
} resv_visit;

static bool move_reservation(void *arg, const char *key, size_t klen, const char *val, size_t vlen, kr_err *err)
{
    resv_visit *v = arg;
    const char *tab = memchr(key, '\t', klen);
    if (!tab || strtoull(tab + 1, NULL, 16) != v->run)
        return true;
    kr_buf k, d;
    kr_buf_init(&k);
    kr_buf_init(&d);
    kr_buf_add(&k, key, klen);
    bool ok = cat_del(v->c, v->txn, &k, err) >= 0;
    if (ok && v->run2) {
        kr_buf_reset(&k);
        kr_buf_add(&k, key, (size_t)(tab - key));
        kr_buf_addf(&k, "\t%016" PRIx64, v->run2);
        kr_buf_add(&d, val, vlen);
        ok = cat_put(v->c, v->txn, &k, &d, err);
    }
    kr_buf_free(&k);
    kr_buf_free(&d);
    return ok;
}

static bool move_change(kr_catalog *c, DB_TXN *txn, void *arg, kr_err *err)
{
    gdg_arg *a = arg;
    resv_visit v = {c, txn, a->run, a->run2};
    return cat_scan(c, txn, "V", 1, move_reservation, &v, err);
}

bool kr_gdg_abandon(kr_catalog *c, uint64_t run, kr_err *err)
{
    gdg_arg a = {.run = run};
    return cat_apply(c, move_change, &a, err);
}

bool kr_gdg_adopt(kr_catalog *c, uint64_t old_run, uint64_t new_run, kr_err *err)
{
    gdg_arg a = {.run = old_run, .run2 = new_run};
    return cat_apply(c, move_change, &a, err);
}

bool kr_catalog_resolve(kr_catalog *c, const char *ref, uint64_t run, kr_resolved *out, kr_err *err)
{
    memset(out, 0, sizeof *out);
    kr_dsref r;
    if (!kr_dsref_parse(ref, &r, err))
        return false;
    if (!r.relative) {
        unsigned gen;
        kr_gdg g;
        int is_gdg = strlen(r.name) <= KR_GDG_BASE_MAX ? gdg_read(c, NULL, r.name, &g, err) : 0;
        if (is_gdg == 1)
            return kr_fail(err, KR_RC_ENV, "KRK1302E",
                           "%s is a GDG base: name one generation, %s(0), %s(-n) or %s(+1), or read every "
                           "generation with GDGORDER=FIFO (oldest first) or GDGORDER=LIFO on the DD",
                           r.name, r.name, r.name, r.name);
        if (is_gdg < 0)
            return false;
        snprintf(out->dsn, sizeof out->dsn, "%s", r.name);
        out->generation = kr_gen_split(r.name, out->base, &gen);
        return true;
    }
    out->generation = true;
    snprintf(out->base, sizeof out->base, "%s", r.name);
    if (r.rel > 1)
        return kr_fail(err, KR_RC_ENV, "KRK1336E", "%s: kiroku creates one new generation per GDG and job, (+1)", ref);
    if (r.rel == 1) {
        out->is_new = true;
        return kr_gdg_reserve(c, r.name, run, out->dsn, err);
    }
    return kr_gdg_resolve(c, r.name, r.rel, out->dsn, err);
}
