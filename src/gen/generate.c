/* generate.c: GENERATE, a whole file of sample records: header, data records of random data
 * types, trailer with its control totals (kr_totals, as verify counts them), per group, then
 * the end record; written atomically. */
#include "gen_private.h"
#include "kiroku/check.h"
#include "kiroku/recio.h"

#include <stdlib.h>
#include <string.h>

static int first_of_role(const kr_layout *l, kr_role role)
{
    for (size_t i = 0; i < l->n_types; i++)
        if (l->types[i].role == role)
            return (int)i;
    return -1;
}

typedef struct run {
    const kr_layout *l;
    kr_gen *g;
    kr_writer *w;
    kr_totals *totals;
    unsigned char *rec;
    kr_generate_stats *st;
} run;

static bool emit(run *r, int type, kr_err *err)
{
    const kr_rectype *rt = &r->l->types[type];
    if (!kr_gen_record(r->g, type, r->rec, err))
        return false;
    if (rt->role == KR_ROLE_HEADER)
        kr_totals_reset(r->totals);
    if (rt->role == KR_ROLE_TRAILER) {
        if (!kr_totals_fill(r->totals, type, r->rec, err))
            return false;
    } else {
        kr_totals_add(r->totals, type, r->rec, r->st->records + 1);
    }
    if (!kr_writer_put(r->w, r->rec, err))
        return false;
    r->st->records++;
    switch (rt->role) {
    case KR_ROLE_HEADER: r->st->header++; break;
    case KR_ROLE_DATA: r->st->data++; break;
    case KR_ROLE_TRAILER: r->st->trailer++; break;
    case KR_ROLE_END: r->st->end++; break;
    }
    return true;
}

int kr_generate(const kr_generate_opts *o, kr_generate_stats *stats, kr_err *err)
{
    const kr_layout *l = o->layout;
    kr_generate_stats dummy;
    kr_generate_stats *st = stats ? stats : &dummy;
    memset(st, 0, sizeof *st);
    if (!kr_distinct_files("-o", o->path, "the layout", l->path, err))
        return err->rc;
    int header = first_of_role(l, KR_ROLE_HEADER), trailer = first_of_role(l, KR_ROLE_TRAILER);
    int end = first_of_role(l, KR_ROLE_END);
    uint64_t groups = o->groups ? o->groups : 1;
    if (groups > 1 && header < 0) {
        kr_fail(err, KR_RC_ENV, "KRK1007E",
                "%s: --groups %llu needs a layout with a header record type; layout %s has none",
                l->path, (unsigned long long)groups, l->name);
        return err->rc;
    }
    if (kr_layout_data_type(l) < 0 && o->records > 0) {
        kr_fail(err, KR_RC_ENV, "KRK1007E", "%s: layout %s has no data record type", l->path, l->name);
        return err->rc;
    }
    run r = {l, NULL, NULL, NULL, NULL, st};
    r.g = kr_gen_new(l, o->seed, o->ref_ymd, err);
    if (!r.g)
        return err->rc;
    r.w = kr_writer_open_layout(o->path, l, err);
    if (!r.w) {
        kr_gen_free(r.g);
        return err->rc;
    }
    r.totals = kr_totals_new(l);
    r.rec = kr_xmalloc(l->length);
    bool ok = true;
    for (uint64_t grp = 0; ok && grp < groups; grp++) {
        if (header >= 0)
            ok = emit(&r, header, err);
        uint64_t n = o->records / groups + (grp < o->records % groups ? 1 : 0);
        for (uint64_t i = 0; ok && i < n; i++) {
            if ((i & 1023) == 0 && kr_cancelled(o->cancel))
                ok = kr_fail_cancelled(err, "GENERATE", st->records, "no output was written");
            else
                ok = emit(&r, kr_gen_data_type(r.g), err);
        }
        if (ok && trailer >= 0)
            ok = emit(&r, trailer, err);
    }
    if (ok && end >= 0)
        ok = emit(&r, end, err);
    free(r.rec);
    kr_totals_free(r.totals);
    kr_gen_free(r.g);
    if (!ok) {
        kr_writer_abort(r.w);
        return err->rc;
    }
    if (!kr_writer_commit(r.w, err))
        return err->rc;
    st->bytes = st->records * (l->length + kr_terminator_len(l->terminator));
    return KR_RC_OK;
}
