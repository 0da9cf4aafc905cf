/* verify.c: LEDGER verify: the database files checked by Berkeley DB (DB->verify), every
 * record against the layout and against its key, every index entry against its record, and
 * the record count. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct vstate {
    kr_ledger *g;
    FILE *out;
    uint64_t problems;
} vstate;

static void problem(vstate *v, const char *id, uint64_t n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void problem(vstate *v, const char *id, uint64_t n, const char *fmt, ...)
{
    v->problems++;
    if (v->problems > 1000)
        return;
    fprintf(v->out, "%s ledger %s record %llu (in key order): ", id, v->g->dir, (unsigned long long)n);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(v->out, fmt, ap);
    va_end(ap);
    fputc('\n', v->out);
}

static bool verify_file(vstate *v, const char *file, kr_err *err)
{
    DB *db;
    int ret = db_create(&db, v->g->env, 0);
    if (ret)
        return kr_ledger_dbfail(v->g, err, ret, file);
    v->g->dberr[0] = '\0';
    ret = db->verify(db, file, NULL, NULL, 0); /* frees the handle whatever happens */
    if (ret) {
        v->problems++;
        fprintf(v->out, "KRK0843E ledger %s: %s fails Berkeley DB's verification: %s%s%s\n", v->g->dir, file,
                db_strerror(ret), v->g->dberr[0] ? ": " : "", v->g->dberr);
    }
    return true;
}

static void check_record(vstate *v, uint64_t n, const DBT *key, const DBT *data)
{
    kr_ledger *g = v->g;
    const kr_layout *l = g->layout;
    if (data->size != l->length) {
        problem(v, "KRK0844E", n, "%u bytes; the layout says %zu", data->size, l->length);
        return;
    }
    const unsigned char *rec = data->data;
    if (kr_layout_classify(l, rec) != g->mtype) {
        problem(v, "KRK0844E", n, "not a '%s' record", l->types[g->mtype].name);
        return;
    }
    const kr_rectype *rt = &l->types[g->mtype];
    kr_problem pb[4];
    for (size_t i = 0; i < rt->n_fields; i++) {
        size_t np = kr_field_check(l, &rt->fields[i], rec, pb, 4);
        for (size_t k = 0; k < np; k++)
            if (pb[k].rc >= KR_RC_REJECT)
                problem(v, pb[k].id, n, "byte %zu (%s): %s", pb[k].offset + 1, rt->fields[i].name, pb[k].reason);
    }
    unsigned char enc[KR_KEY_MAX];
    size_t len = kr_keydef_encode(&g->key, rec, enc, NULL);
    if (len != key->size || memcmp(enc, key->data, len) != 0)
        problem(v, "KRK0844E", n, "its key in the B-tree is not the key its fields hold");
}

static bool verify_records(vstate *v, uint64_t *n, kr_err *err)
{
    kr_ledger *g = v->g;
    DBC *cur;
    int ret = g->primary->cursor(g->primary, NULL, &cur, 0);
    if (ret)
        return kr_ledger_dbfail(g, err, ret, "cannot open a cursor");
    DBT key = {0}, data = {0};
    while ((ret = cur->get(cur, &key, &data, DB_NEXT)) == 0)
        check_record(v, ++*n, &key, &data);
    cur->close(cur);
    return ret == DB_NOTFOUND || kr_ledger_dbfail(g, err, ret, "cannot read the records");
}

static bool verify_index(vstate *v, kr_index *ix, uint64_t records, kr_err *err)
{
    kr_ledger *g = v->g;
    DBC *cur;
    int ret = ix->db->cursor(ix->db, NULL, &cur, 0);
    if (ret)
        return kr_ledger_dbfail(g, err, ret, "cannot open a cursor");
    DBT skey = {0}, pkey = {0}, data = {0};
    uint64_t n = 0;
    unsigned char enc[KR_KEY_MAX];
    while ((ret = cur->pget(cur, &skey, &pkey, &data, DB_NEXT)) == 0) {
        n++;
        size_t len = kr_keydef_encode(&ix->key, data.data, enc, NULL);
        if (len != skey.size || memcmp(enc, skey.data, len) != 0) {
            v->problems++;
            fprintf(v->out, "KRK0845E ledger %s index %s entry %llu: its key is not the one its record gives\n",
                    g->dir, ix->name, (unsigned long long)n);
        }
    }
    cur->close(cur);
    if (ret != DB_NOTFOUND)
        return kr_ledger_dbfail(g, err, ret, "cannot read an index");
    if (n != records) {
        v->problems++;
        fprintf(v->out, "KRK0845E ledger %s index %s: %llu entries for %llu records\n", g->dir, ix->name,
                (unsigned long long)n, (unsigned long long)records);
    }
    return true;
}

int kr_ledger_verify(const char *dir, FILE *out, kr_ledger_stats *st, kr_err *err)
{
    memset(st, 0, sizeof *st);
    kr_ledger *g = kr_ledger_open(dir, err);
    if (!g)
        return err->rc;
    vstate v = {g, out, 0};
    bool ok = g->env->memp_sync(g->env, NULL) == 0 || kr_fail(err, KR_RC_FAIL, "KRK0830E", "ledger %s: cannot flush its cache", dir);
    ok = ok && verify_file(&v, "control.db", err) && verify_file(&v, "master.db", err);
    for (size_t i = 0; ok && i < g->n_indexes; i++) {
        char *file = kr_xasprintf("index.%s.db", g->indexes[i].name);
        ok = verify_file(&v, file, err);
        free(file);
    }
    uint64_t n = 0, counted = 0;
    ok = ok && verify_records(&v, &n, err);
    for (size_t i = 0; ok && i < g->n_indexes; i++)
        ok = verify_index(&v, &g->indexes[i], n, err);
    if (ok && kr_ledger_count_get(g, NULL, &counted, err) && counted != n) {
        v.problems++;
        fprintf(out, "KRK0845E ledger %s: its count says %llu records, it holds %llu\n", dir,
                (unsigned long long)counted, (unsigned long long)n);
    }
    st->master_in = st->master_out = n;
    if (v.problems > 1000)
        fprintf(out, "KRK0847I ledger %s: %llu problems, the first 1000 listed\n", dir,
                (unsigned long long)v.problems);
    kr_ledger_close(g);
    if (!ok)
        return err->rc;
    return v.problems ? KR_RC_REJECT : KR_RC_OK;
}
