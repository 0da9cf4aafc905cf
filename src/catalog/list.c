/* list.c: the catalog's entries by level (the leading qualifiers of their names), for LISTCAT
 * and `kiroku catalog list`. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct entries {
    kr_catentry *items;
    size_t n, cap;
    const char *level;
    bool gdg;
} entries;

static bool in_level(const char *name, const char *level)
{
    size_t n = strlen(level);
    return n == 0 || (strncmp(name, level, n) == 0 && (name[n] == '\0' || name[n] == '.'));
}

static bool add_entry(void *arg, const char *key, size_t klen, const char *val, size_t vlen, kr_err *err)
{
    (void)klen, (void)err;
    entries *e = arg;
    if (!in_level(key + 1, e->level))
        return true;
    KR_GROW(e->items, e->cap, e->n + 1);
    kr_catentry *it = &e->items[e->n++];
    memset(it, 0, sizeof *it);
    it->is_gdg = e->gdg;
    if (e->gdg)
        gdg_decode(val, vlen, key + 1, &it->gdg);
    else
        ds_decode(val, vlen, key + 1, &it->ds);
    return true;
}

static const char *entry_name(const kr_catentry *e)
{
    return e->is_gdg ? e->gdg.base : e->ds.dsn;
}

static int by_name(const void *a, const void *b)
{
    const kr_catentry *x = a, *y = b;
    int r = strcmp(entry_name(x), entry_name(y));
    /* A GDG base comes before its generations and any data set of the same name. */
    return r ? r : (int)y->is_gdg - (int)x->is_gdg;
}

bool kr_catalog_list(kr_catalog *c, const char *level, kr_catentry **out, size_t *n, kr_err *err)
{
    entries e = {.level = level, .gdg = true};
    bool ok = cat_scan(c, NULL, "G", 1, add_entry, &e, err);
    e.gdg = false;
    ok = ok && cat_scan(c, NULL, "D", 1, add_entry, &e, err);
    if (!ok) {
        free(e.items);
        e.items = NULL;
        e.n = 0;
    } else if (e.n) {
        qsort(e.items, e.n, sizeof *e.items, by_name);
    }
    *out = e.items;
    *n = e.n;
    return ok;
}
