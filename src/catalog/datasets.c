/* datasets.c: cataloging, uncataloging, deleting and looking up data sets. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct ds_arg {
    const char *dsn;
    const char *layout;
    uint64_t run;
    bool scratch;
} ds_arg;

static bool catalog_change(kr_catalog *c, DB_TXN *txn, void *arg, kr_err *err)
{
    const ds_arg *a = arg;
    kr_buf key, val;
    kr_buf_init(&key);
    kr_buf_init(&val);
    bool ok = false;
    cat_key(&key, 'G', a->dsn);
    int r = cat_get(c, txn, &key, &val, err);
    if (r == 1)
        kr_fail(err, KR_RC_ENV, "KRK1321E", "%s is a GDG base; catalog its generations as %s(+1)", a->dsn, a->dsn);
    if (r != 0)
        goto done;
    cat_key(&key, 'D', a->dsn);
    r = cat_get(c, txn, &key, &val, err);
    if (r == 1)
        kr_fail(err, KR_RC_ENV, "KRK1321E", "%s is cataloged already", a->dsn);
    if (r != 0)
        goto done;
    kr_dsinfo d = {.created = (int64_t)time(NULL), .run = a->run};
    snprintf(d.layout, sizeof d.layout, "%s", a->layout ? a->layout : "");
    kr_buf_reset(&val);
    ds_encode(&val, &d);
    ok = cat_put(c, txn, &key, &val, err);
done:
    kr_buf_free(&key);
    kr_buf_free(&val);
    return ok;
}

static bool checked(const char *dsn, char out[KR_DSN_MAX + 1], kr_err *err)
{
    return kr_dsn_check(dsn, out, err);
}

bool kr_ds_catalog(kr_catalog *c, const char *dsn, const char *layout, uint64_t run, kr_err *err)
{
    char name[KR_DSN_MAX + 1], base[KR_DSN_MAX + 1];
    unsigned gen;
    if (!checked(dsn, name, err))
        return false;
    if (kr_gen_split(name, base, &gen))
        return kr_fail(err, KR_RC_ENV, "KRK1321E", "%s is a generation's name; write %s(+1) to create one", name,
                       base);
    ds_arg a = {name, layout, run, false};
    return cat_apply(c, catalog_change, &a, err);
}

bool ds_remove(kr_catalog *c, DB_TXN *txn, const char *dsn, bool scratch, kr_err *err)
{
    kr_buf key, val;
    kr_buf_init(&key);
    kr_buf_init(&val);
    cat_key(&key, 'D', dsn);
    int r = cat_get(c, txn, &key, &val, err);
    bool ok = r == 1;
    if (r == 0)
        kr_fail(err, KR_RC_REJECT, "KRK1322E", "%s is not cataloged", dsn);
    if (ok) {
        kr_dsinfo d;
        ds_decode(val.data, val.len, dsn, &d);
        ok = cat_del(c, txn, &key, err) == 1 && (!d.generation || gdg_forget(c, txn, d.base, d.gen, err));
        if (ok && scratch) {
            char *path = kr_dsn_path(c->root, dsn);
            cat_scratch_later(c, path);
            free(path);
        }
    }
    kr_buf_free(&key);
    kr_buf_free(&val);
    return ok;
}

static bool remove_change(kr_catalog *c, DB_TXN *txn, void *arg, kr_err *err)
{
    const ds_arg *a = arg;
    return ds_remove(c, txn, a->dsn, a->scratch, err);
}

bool kr_ds_uncatalog(kr_catalog *c, const char *dsn, kr_err *err)
{
    char name[KR_DSN_MAX + 1];
    ds_arg a = {name, NULL, 0, false};
    return checked(dsn, name, err) && cat_apply(c, remove_change, &a, err);
}

bool kr_ds_delete(kr_catalog *c, const char *dsn, bool scratch, kr_err *err)
{
    char name[KR_DSN_MAX + 1];
    ds_arg a = {name, NULL, 0, scratch};
    return checked(dsn, name, err) && cat_apply(c, remove_change, &a, err);
}

int kr_ds_lookup(kr_catalog *c, const char *dsn, kr_dsinfo *out, kr_err *err)
{
    char name[KR_DSN_MAX + 1];
    if (!checked(dsn, name, err))
        return -1;
    kr_buf key, val;
    kr_buf_init(&key);
    kr_buf_init(&val);
    cat_key(&key, 'D', name);
    int r = cat_get(c, NULL, &key, &val, err);
    if (r == 1)
        ds_decode(val.data, val.len, name, out);
    kr_buf_free(&key);
    kr_buf_free(&val);
    return r;
}
