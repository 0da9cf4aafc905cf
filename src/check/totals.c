/* totals.c: control totals of trailer records (count(TYPE), sum(TYPE.F), either with
 * 'where F = V' or 'where F not = V') accumulated per header group, checked against a
 * trailer or written into one. */
#include "kiroku/check.h"
#include "kiroku/text.h"

#include <stdlib.h>
#include <string.h>

typedef struct slot {
    int trailer_type;
    const kr_field *field;      /* the trailer's total field */
    int src_type;
    const kr_field *src_field;  /* summed field, or NULL for a count */
    const kr_field *where;      /* condition field, or NULL */
    kr_i128 value;
    uint64_t bad_recno;         /* a summed value could not be read (first such record) */
} slot;

struct kr_totals {
    const kr_layout *layout;
    slot *slots;
    size_t n;
};

kr_totals *kr_totals_new(const kr_layout *l)
{
    kr_totals *t = kr_xcalloc(1, sizeof *t);
    t->layout = l;
    for (size_t ti = 0; ti < l->n_types; ti++) {
        const kr_rectype *rt = &l->types[ti];
        for (size_t fi = 0; fi < rt->n_fields; fi++) {
            const kr_field *f = &rt->fields[fi];
            if (f->total == KR_TOTAL_NONE || f->total_type < 0)
                continue;
            t->slots = kr_xrealloc(t->slots, (t->n + 1) * sizeof *t->slots);
            slot *s = &t->slots[t->n++];
            memset(s, 0, sizeof *s);
            s->trailer_type = (int)ti;
            s->field = f;
            s->src_type = f->total_type;
            const kr_rectype *src = &l->types[f->total_type];
            s->src_field = f->total_field >= 0 ? &src->fields[f->total_field] : NULL;
            s->where = f->total_where >= 0 ? &src->fields[f->total_where] : NULL;
        }
    }
    return t;
}

void kr_totals_free(kr_totals *t)
{
    if (!t)
        return;
    free(t->slots);
    free(t);
}

void kr_totals_reset(kr_totals *t)
{
    for (size_t i = 0; i < t->n; i++) {
        t->slots[i].value = 0;
        t->slots[i].bad_recno = 0;
    }
}

void kr_totals_add(kr_totals *t, int type, const unsigned char *rec, uint64_t recno)
{
    for (size_t i = 0; i < t->n; i++) {
        slot *s = &t->slots[i];
        if (s->src_type != type)
            continue;
        if (s->where &&
            (memcmp(rec + s->where->offset, s->field->total_value.data, s->where->length) == 0) ==
                s->field->total_where_not)
            continue;
        if (!s->src_field) {
            s->value++;
            continue;
        }
        kr_i128 v;
        if (kr_num_get(t->layout, s->src_field, rec, &v, NULL))
            s->value += v;
        else if (!s->bad_recno)
            s->bad_recno = recno;
    }
}

static void describe(const slot *s, const kr_layout *l, kr_buf *out)
{
    const char *tname = l->types[s->src_type].name;
    if (s->src_field)
        kr_buf_addf(out, "sum(%s.%s", tname, s->src_field->name);
    else
        kr_buf_addf(out, "count(%s", tname);
    if (s->where) {
        kr_buf_addf(out, " where %s %s \"", s->where->name, s->field->total_where_not ? "not =" : "=");
        kr_text_display(l->encoding, s->field->total_value.data, s->field->total_value.len, out);
        kr_buf_adds(out, "\"");
    }
    kr_buf_adds(out, ")");
}

size_t kr_totals_check(kr_totals *t, int type, const unsigned char *rec, kr_problem *out,
                       size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n && n < max; i++) {
        slot *s = &t->slots[i];
        if (s->trailer_type != type)
            continue;
        kr_buf what;
        kr_buf_init(&what);
        describe(s, t->layout, &what);
        kr_problem *pb = &out[n];
        pb->rc = KR_RC_REJECT;
        pb->id = "KRK0308E";
        pb->offset = s->field->offset;
        kr_i128 have;
        if (s->bad_recno) {
            snprintf(pb->reason, sizeof pb->reason,
                     "control total %s cannot be checked: record %llu holds no valid number in it",
                     what.data, (unsigned long long)s->bad_recno);
            n++;
        } else if (!kr_num_get(t->layout, s->field, rec, &have, NULL)) {
            snprintf(pb->reason, sizeof pb->reason, "the control total %s is not a valid number", what.data);
            n++;
        } else if (have != s->value) {
            char a[64], b[64];
            kr_num_format(have, s->field->scale, a);
            kr_num_format(s->value, s->src_field ? s->src_field->scale : 0, b);
            snprintf(pb->reason, sizeof pb->reason, "control total %s says %s but the records give %s",
                     what.data, a, b);
            n++;
        }
        kr_buf_free(&what);
    }
    return n;
}

bool kr_totals_fill(kr_totals *t, int type, unsigned char *rec, kr_err *err)
{
    for (size_t i = 0; i < t->n; i++) {
        slot *s = &t->slots[i];
        if (s->trailer_type != type)
            continue;
        if (s->bad_recno)
            return kr_fail(err, KR_RC_REJECT, "KRK0308E",
                           "control total '%s' cannot be computed: record %llu holds no valid number in '%s'",
                           s->field->name, (unsigned long long)s->bad_recno, s->src_field->name);
        if (!kr_num_put(t->layout, s->field, rec, s->value)) {
            char v[64];
            kr_num_format(s->value, 0, v);
            return kr_fail(err, KR_RC_REJECT, "KRK0309E",
                           "control total '%s' (%zu bytes) cannot hold %s", s->field->name,
                           s->field->length, v);
        }
    }
    return true;
}

bool kr_totals_none(const kr_totals *t)
{
    return t->n == 0;
}

bool kr_totals_image_agree(const kr_layout *l, const unsigned char *data, size_t n, size_t stride)
{
    kr_totals *t = kr_totals_new(l);
    bool agree = true;
    for (size_t i = 0; i < n && agree && t->n; i++) {
        const unsigned char *rec = data + i * stride;
        int type = kr_layout_classify(l, rec);
        if (type < 0)
            continue; /* the caller's business */
        kr_role role = l->types[type].role;
        kr_problem pb;
        if (role == KR_ROLE_HEADER)
            kr_totals_reset(t);
        if (role == KR_ROLE_TRAILER)
            agree = kr_totals_check(t, type, rec, &pb, 1) == 0;
        else
            kr_totals_add(t, type, rec, i + 1);
    }
    kr_totals_free(t);
    return agree;
}
