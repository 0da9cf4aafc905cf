/* keys.c: the keys of a ledger: which fields make the primary key and each secondary index,
 * encoded as the SORT program's normalized keys (engine.h), a byte string whose memcmp order
 * is the key's order: the B-tree needs no comparison function, any Berkeley DB tool reads
 * the files, and a master sorted by kiroku sort on the same fields is in ledger order. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static bool key_type_ok(const kr_layout *l, const kr_field *f, kr_err *err)
{
    if (f->type == KR_F_MYNUMBER)
        return kr_fail(err, KR_RC_ENV, "KRK0801E",
                       "%s:%d:%d: field '%s' is a 個人番号, which is never a key; key the ledger on 宛名番号",
                       l->path ? l->path : l->name, f->line, f->col, f->name);
    return true;
}

static void add_field(kr_keydef *k, const kr_field *f)
{
    k->fields = kr_xrealloc(k->fields, (k->n + 1) * sizeof *k->fields);
    k->fields[k->n++] = f;
}

/* Builds the normalized-key plan of the fields of record type `type`, by name. */
static bool finish(kr_keydef *k, int type, const char *what, kr_err *err)
{
    const kr_layout *l = k->layout;
    kr_scope sc;
    kr_scope_init(&sc, l->length, l);
    kr_scope_add_layout(&sc, l, NULL, 0);
    kr_key *keys = kr_xcalloc(k->n ? k->n : 1, sizeof *keys);
    for (size_t i = 0; i < k->n; i++) {
        keys[i].ref.name = (char *)k->fields[i]->name;
        keys[i].ref.qual = l->types[type].name;
        keys[i].ref.pos = (kr_pos){k->fields[i]->line, k->fields[i]->col};
    }
    bool ok = kr_keyplan_build(&k->plan, &sc, keys, k->n, l->path ? l->path : l->name, err);
    free(keys);
    kr_scope_free(&sc);
    if (!ok) {
        kr_keydef_free(k);
        return false;
    }
    k->max_len = k->plan.width;
    if (k->max_len > KR_KEY_MAX) {
        kr_fail(err, KR_RC_ENV, "KRK0802E", "%s: %s is %zu bytes encoded, more than the %d a key may have",
                k->layout->name, what, k->max_len, KR_KEY_MAX);
        kr_keydef_free(k);
        return false;
    }
    return true;
}

/* The fields of the record type that belong to the key (index NULL) or to the index. */
static bool collect(kr_keydef *k, const kr_layout *l, int type, const char *index, kr_err *err)
{
    memset(k, 0, sizeof *k);
    k->layout = l;
    const kr_rectype *rt = &l->types[type];
    for (size_t i = 0; i < rt->n_fields; i++) {
        const kr_field *f = &rt->fields[i];
        if (index ? !f->index_name || strcmp(f->index_name, index) != 0 : !f->is_key)
            continue;
        if (!key_type_ok(l, f, err)) {
            kr_keydef_free(k);
            return false;
        }
        add_field(k, f);
    }
    return true;
}

bool kr_keydef_primary(kr_keydef *k, const kr_layout *l, int type, kr_err *err)
{
    if (!collect(k, l, type, NULL, err))
        return false;
    if (k->n == 0) {
        const kr_rectype *rt = &l->types[type];
        kr_fail(err, KR_RC_ENV, "KRK0803E",
                "%s:%d: record '%s' has no key field; mark the fields of the ledger's key with 'key'",
                l->path ? l->path : l->name, rt->line, rt->name);
        return false;
    }
    return finish(k, type, "the key", err);
}

bool kr_keydef_index(kr_keydef *k, const kr_layout *l, int type, const char *name, kr_err *err)
{
    if (!collect(k, l, type, name, err))
        return false;
    if (k->n == 0) {
        kr_fail(err, KR_RC_ENV, "KRK0804E", "%s: record '%s' has no index '%s'; its indexes are declared with index(NAME)",
                l->name, l->types[type].name, name);
        return false;
    }
    return finish(k, type, "the index", err);
}

bool kr_keydef_like(kr_keydef *k, const kr_keydef *model, const kr_layout *l, int type, kr_err *err)
{
    memset(k, 0, sizeof *k);
    k->layout = l;
    const kr_rectype *rt = &l->types[type];
    for (size_t i = 0; i < model->n; i++) {
        const kr_field *mf = model->fields[i];
        int fi = kr_rectype_field(rt, mf->name);
        if (fi < 0) {
            kr_fail(err, KR_RC_ENV, "KRK0805E",
                    "%s:%d: record '%s' has no field '%s', part of the key of %s; add it",
                    l->path ? l->path : l->name, rt->line, rt->name, mf->name, model->layout->name);
            kr_keydef_free(k);
            return false;
        }
        const kr_field *f = &rt->fields[fi];
        char why[200];
        if (!kr_field_same_repr(mf, f, why, sizeof why)) {
            kr_fail(err, KR_RC_ENV, "KRK0806E", "%s:%d:%d: field '%s' of record '%s' %s",
                    l->path ? l->path : l->name, f->line, f->col, f->name, rt->name, why);
            kr_keydef_free(k);
            return false;
        }
        add_field(k, f);
    }
    return finish(k, type, "the key", err);
}

void kr_keydef_free(kr_keydef *k)
{
    free(k->fields);
    k->fields = NULL;
    k->n = 0;
    kr_keyplan_free(&k->plan);
}

static bool same_bytes_list(const kr_bytes *a, size_t na, const kr_bytes *b, size_t nb)
{
    if (na != nb)
        return false;
    for (size_t i = 0; i < na; i++)
        if (a[i].len != b[i].len || memcmp(a[i].data, b[i].data, a[i].len) != 0)
            return false;
    return true;
}

bool kr_field_same_repr(const kr_field *a, const kr_field *b, char *why, size_t size)
{
    kr_buf ta, tb;
    kr_buf_init(&ta);
    kr_buf_init(&tb);
    kr_field_type_text(a, &ta);
    kr_field_type_text(b, &tb);
    bool ok = true;
    if (a->type != b->type || a->length != b->length || a->digits != b->digits || a->scale != b->scale) {
        snprintf(why, size, "is %s (%zu bytes) but the master's is %s (%zu bytes); declare it the same",
                 tb.data, b->length, ta.data, a->length);
        ok = false;
    } else if (a->sign != b->sign || a->binary_signed != b->binary_signed ||
               a->little_endian != b->little_endian) {
        snprintf(why, size, "is signed or ordered differently from the master's %s; declare it the same", ta.data);
        ok = false;
    } else if (a->type == KR_F_DATE &&
               (a->datefmt != b->datefmt || a->window != b->window ||
                !same_bytes_list(a->none_values, a->n_none, b->none_values, b->n_none) ||
                !same_bytes_list(a->open_values, a->n_open, b->open_values, b->n_open))) {
        snprintf(why, size, "has other window, none() or open() values than the master's; declare them the same");
        ok = false;
    }
    kr_buf_free(&ta);
    kr_buf_free(&tb);
    return ok;
}

size_t kr_keydef_encode(const kr_keydef *k, const unsigned char *rec, unsigned char *out,
                        kr_problem *pb)
{
    size_t part;
    kr_problem local;
    if (!kr_key_encode(&k->plan, rec, out, &part, pb ? pb : &local))
        return 0;
    return k->plan.width;
}

int kr_key_compare(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    if (c)
        return c;
    return alen < blen ? -1 : alen > blen ? 1 : 0;
}

size_t kr_layout_index_names(const kr_layout *l, int type, const char ***names)
{
    const kr_rectype *rt = &l->types[type];
    size_t n = 0;
    *names = NULL;
    for (size_t i = 0; i < rt->n_fields; i++) {
        const char *name = rt->fields[i].index_name;
        if (!name)
            continue;
        bool seen = false;
        for (size_t j = 0; j < n; j++)
            seen |= strcmp((*names)[j], name) == 0;
        if (seen)
            continue;
        *names = kr_xrealloc(*names, (n + 1) * sizeof **names);
        (*names)[n++] = name;
    }
    return n;
}
