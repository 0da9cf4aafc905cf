/* bind.c: binds field references (p,m,f or names) to the bytes and types of the record at a
 * stage of the pipeline. A scope lists the names a stage's record answers to: the input
 * layout's fields, or the fields a BUILD carried by name. */
#include "kiroku/engine.h"

#include <stdlib.h>
#include <string.h>

void kr_scope_init(kr_scope *s, size_t reclen, const kr_layout *layout)
{
    memset(s, 0, sizeof *s);
    s->reclen = reclen;
    s->layout = layout;
}

void kr_scope_add_field(kr_scope *s, const char *qual, const char *type_name, const kr_field *f,
                        size_t offset, const kr_layout *l)
{
    KR_GROW(s->v, s->cap, s->n + 1);
    kr_scope_entry *e = &s->v[s->n++];
    e->qual = qual ? kr_xstrdup(qual) : NULL;
    e->type_name = type_name;
    e->field = *f;
    e->field.offset = offset;
    e->layout = l;
}

void kr_scope_add_layout(kr_scope *s, const kr_layout *l, const char *qual, size_t offset)
{
    for (size_t t = 0; t < l->n_types; t++) {
        const kr_rectype *rt = &l->types[t];
        for (size_t i = 0; i < rt->n_fields; i++)
            if (!rt->fields[i].is_filler)
                kr_scope_add_field(s, qual, rt->name, &rt->fields[i], offset + rt->fields[i].offset, l);
    }
}

void kr_scope_free(kr_scope *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i].qual);
    free(s->v);
    memset(s, 0, sizeof *s);
}

void kr_bound_free(kr_bound *b)
{
    free(b->name);
    b->name = NULL;
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40)
        return 99;
    size_t d[41][41];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
            d[i][j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
    return d[la][lb];
}

static bool same_bytes(const kr_field *a, const kr_field *b)
{
    return a->offset == b->offset && a->length == b->length && a->type == b->type &&
           a->scale == b->scale && a->sign == b->sign;
}

/* A synthesized field for positional numbers, so that the codec reads them. */
static void positional_field(kr_bound *b)
{
    kr_field *f = &b->field;
    memset(f, 0, sizeof *f);
    f->offset = b->offset;
    f->length = b->length;
    f->group = -1;
    f->total_field = f->total_type = f->total_where = -1;
    switch (b->fmt) {
    case KR_FMT_ZD: /* and the sign formats CSL/CST (a separate sign), CLO (overpunched first) */
        f->type = KR_F_ZD;
        f->digits = (unsigned)b->length - (b->zsign == 'l' || b->zsign == 't');
        f->sign = b->zsign == 'l'   ? KR_SIGN_LEADING_SEP
                  : b->zsign == 't' ? KR_SIGN_TRAILING_SEP
                  : b->zsign == 'L' ? KR_SIGN_LEADING
                                    : KR_SIGN_TRAILING;
        b->has_field = true;
        break;
    case KR_FMT_PD:
        f->type = KR_F_PD;
        f->digits = (unsigned)(2 * b->length - 1);
        f->sign = KR_SIGN_TRAILING;
        b->has_field = true;
        break;
    case KR_FMT_BI:
    case KR_FMT_FI:
        f->type = KR_F_BI;
        f->binary_signed = b->fmt == KR_FMT_FI;
        b->has_field = true;
        break;
    case KR_FMT_STAMP: /* DT1, TM1, ...: read by kr_stamp_number as the digits they give */
        f->type = KR_F_ZD;
        f->digits = kr_stamp_digits(b->ydate);
        f->sign = KR_SIGN_NONE;
        b->has_field = true;
        break;
    case KR_FMT_UFF:
    case KR_FMT_SFF:
    case KR_FMT_CSF: /* read by kr_free_number; digits for conversions and edits */
        f->type = KR_F_ZD;
        f->digits = b->length < 31 ? (unsigned)b->length : 31;
        f->sign = KR_SIGN_TRAILING;
        b->has_field = true;
        break;
    default:
        f->type = KR_F_X;
        break;
    }
}

static kr_fmt natural_format(const kr_field *f)
{
    switch (f->type) {
    case KR_F_X:
    case KR_F_N:
    case KR_F_M:
        return KR_FMT_TEXT;
    case KR_F_ZD:
        return KR_FMT_ZD;
    case KR_F_PD:
        return KR_FMT_PD;
    case KR_F_BI:
        return f->binary_signed ? KR_FMT_FI : KR_FMT_BI;
    case KR_F_DATE:
        return KR_FMT_NONE;
    case KR_F_MYNUMBER:
        return KR_FMT_CH;
    }
    return KR_FMT_CH;
}

/* p.b,m.b: a BI key that starts at bit b of byte p and is m bytes and b bits long (DFSORT's
 * SORT FIELDS=(398.4,7.6,BI,D)); bound to the bytes it touches. */
static bool bind_bits(const kr_scope *s, const kr_ref *r, const char *path, kr_bound *out, kr_err *err)
{
    if (r->fmt != KR_FMT_BI)
        return kr_fail(err, KR_RC_ENV, "KRK2503E", "%s:%d:%d: %zu.%u,%zu.%u,%s: bit positions (p.b,m.b) are for BI "
                       "keys", path, r->pos.line, r->pos.col, r->start, r->start_bit, r->length, r->length_bits,
                       r->fmt ? kr_fmt_name(r->fmt) : "(no format)");
    out->fmt = KR_FMT_BI;
    out->offset = r->start - 1;
    out->bit_start = r->start_bit;
    out->bits = r->length * 8 + r->length_bits;
    out->length = (r->start_bit + out->bits + 7) / 8;
    if (out->offset + out->length > s->reclen)
        return kr_fail(err, KR_RC_ENV, "KRK0601E", "%s:%d:%d: field %zu.%u,%zu.%u ends in byte %zu, past the end of "
                       "the %zu-byte record", path, r->pos.line, r->pos.col, r->start, r->start_bit, r->length,
                       r->length_bits, out->offset + out->length, s->reclen);
    out->name = kr_xasprintf("%zu.%u,%zu.%u,BI", r->start, r->start_bit, r->length, r->length_bits);
    return true;
}

bool kr_bind(const kr_scope *s, const kr_ref *r, const char *path, kr_bound *out, kr_err *err)
{
    memset(out, 0, sizeof *out);
    out->layout = s->layout;
    out->zsign = r->zsign;
    if (r->name && r->fmt == KR_FMT_STAMP)
        return kr_fail(err, KR_RC_ENV, "KRK2432E", "%s:%d:%d: %s,%s: an SMF or TOD date or time is written by position (p,m,%s)",
                       path, r->pos.line, r->pos.col, r->name, r->ydate, r->ydate);
    if (r->parsed) /* only a reformatting statement's items read its PARSE= fields (rebuild.c) */
        return kr_fail(err, KR_RC_ENV, "KRK2256E",
                       "%s:%d:%d: %%%02d is a field PARSE= cuts: only the BUILD, OVERLAY or IFTHEN items of the "
                       "statement that parses it read it",
                       path, r->pos.line, r->pos.col, r->parsed - 1);
    if (!r->name && (r->start_bit || r->length_bits))
        return bind_bits(s, r, path, out, err);
    if (!r->name) {
        out->offset = r->start - 1;
        out->length = r->length;
        out->fmt = r->fmt;
        if (out->offset + out->length > s->reclen)
            return kr_fail(err, KR_RC_ENV, "KRK0601E",
                           "%s:%d:%d: field %zu,%zu ends at byte %zu, past the end of the %zu-byte record",
                           path, r->pos.line, r->pos.col, r->start, r->length, r->start + r->length - 1,
                           s->reclen);
        if (r->fmt == KR_FMT_BI || r->fmt == KR_FMT_FI) {
            if (r->length > 8)
                return kr_fail(err, KR_RC_ENV, "KRK0602E", "%s:%d:%d: a %s field is 1 to 8 bytes, not %zu",
                               path, r->pos.line, r->pos.col, kr_fmt_name(r->fmt), r->length);
        }
        bool separate = r->zsign == 'l' || r->zsign == 't';
        if (r->fmt == KR_FMT_ZD && (r->length > (separate ? 32u : 31u) || (separate && r->length < 2)))
            return kr_fail(err, KR_RC_ENV, separate ? "KRK2430E" : "KRK0602E",
                           "%s:%d:%d: a %s field is %s bytes, not %zu", path, r->pos.line, r->pos.col,
                           separate ? "CSL/CST (a sign and digits)" : "ZD", separate ? "2 to 32" : "1 to 31", r->length);
        if (r->fmt == KR_FMT_PD && r->length > 16)
            return kr_fail(err, KR_RC_ENV, "KRK0602E", "%s:%d:%d: a PD field is 1 to 16 bytes, not %zu", path,
                           r->pos.line, r->pos.col, r->length);
        if ((r->fmt == KR_FMT_TEXT || r->fmt == KR_FMT_KANA) && !s->layout)
            return kr_fail(err, KR_RC_ENV, "KRK0602E",
                           "%s:%d:%d: %s compares characters and needs the file's encoding: give a layout (-L)",
                           path, r->pos.line, r->pos.col, kr_fmt_name(r->fmt));
        if (r->fmt == KR_FMT_STAMP) {
            if (r->length != kr_stamp_length(r->ydate))
                return kr_fail(err, KR_RC_ENV, "KRK2432E",
                               "%s:%d:%d: %zu,%zu,%s: an %s is %zu bytes", path, r->pos.line, r->pos.col, r->start,
                               r->length, r->ydate, r->ydate[1] == 'C' ? "8-byte TOD clock" : r->ydate[0] == 'D' ?
                               "SMF date P'cyyddd'" : "SMF time (hundredths of a second, binary)",
                               kr_stamp_length(r->ydate));
            memcpy(out->ydate, r->ydate, 4);
        }
        if (r->fmt == KR_FMT_YDATE) {
            if (!r->ydate[0])
                return kr_fail(err, KR_RC_ENV, "KRK2253E",
                               "%s:%d:%d: FORMAT=Y2x/Y4x does not say which: write the date's format on the field "
                               "(p,m,Y2T)",
                               path, r->pos.line, r->pos.col);
            if (!kr_ydate_length_ok(r->ydate, r->length))
                return kr_fail(err, KR_RC_ENV, "KRK2253E",
                               "%s:%d:%d: %zu,%zu,%s is not as long as a %s field (Y2T/Y2W 5 or 6 bytes, Y4T/Y4W "
                               "7 or 8, packed Y2U/Y2X 3, Y2V/Y2Y 4, Y4U/Y4X 4, Y4V/Y4Y 5; years Y2C/Y2Z/Y2S/Y2P 2, "
                               "Y2D/Y2B 1)",
                               path, r->pos.line, r->pos.col, r->start, r->length, r->ydate, r->ydate);
            memcpy(out->ydate, r->ydate, 4);
        }
        positional_field(out);
        if (r->fmt == KR_FMT_TEXT || r->fmt == KR_FMT_KANA)
            out->has_field = true; /* an X field over the bytes, for character decoding */
        out->name = kr_xasprintf("%zu,%zu%s%s", r->start, r->length, r->fmt ? "," : "",
                                 r->fmt == KR_FMT_YDATE || r->fmt == KR_FMT_STAMP ? r->ydate : kr_fmt_name(r->fmt));
        return true;
    }
    if (s->why_no_names)
        return kr_fail(err, KR_RC_ENV, "KRK0603E", "%s:%d:%d: field name '%s' cannot be used here: %s", path,
                       r->pos.line, r->pos.col, r->name, s->why_no_names);
    const kr_scope_entry *found = NULL;
    const kr_scope_entry *other = NULL;
    for (size_t i = 0; i < s->n; i++) {
        const kr_scope_entry *e = &s->v[i];
        if (strcmp(e->field.name, r->name) != 0)
            continue;
        if (r->qual && !((e->qual && strcasecmp(e->qual, r->qual) == 0) ||
                         (e->type_name && strcmp(e->type_name, r->qual) == 0)))
            continue;
        if (!found)
            found = e;
        else if (!same_bytes(&found->field, &e->field) && !other)
            other = e;
    }
    if (!found) {
        const char *best = NULL;
        size_t bestd = 3;
        for (size_t i = 0; i < s->n; i++) {
            size_t d = edit_distance(r->name, s->v[i].field.name);
            if (d < bestd) {
                bestd = d;
                best = s->v[i].field.name;
            }
        }
        if (s->n == 0)
            return kr_fail(err, KR_RC_ENV, "KRK0604E",
                           "%s:%d:%d: field name '%s' needs a layout: give -L LAYOUT (or write the field as p,m,f)",
                           path, r->pos.line, r->pos.col, r->name);
        return kr_fail(err, KR_RC_ENV, "KRK0604E", "%s:%d:%d: no field '%s%s%s' in the record%s%s%s", path,
                       r->pos.line, r->pos.col, r->qual ? r->qual : "", r->qual ? "." : "", r->name,
                       best ? "; did you mean '" : "", best ? best : "", best ? "'?" : "");
    }
    if (other)
        return kr_fail(err, KR_RC_ENV, "KRK0605E",
                       "%s:%d:%d: '%s' is bytes %zu-%zu in record type '%s' but bytes %zu-%zu in '%s'; "
                       "write %s.%s or %s.%s",
                       path, r->pos.line, r->pos.col, r->name, found->field.offset + 1,
                       found->field.offset + found->field.length, found->type_name, other->field.offset + 1,
                       other->field.offset + other->field.length, other->type_name, found->type_name, r->name,
                       other->type_name, r->name);
    out->field = found->field;
    out->has_field = true;
    out->layout = found->layout;
    out->offset = found->field.offset;
    out->length = found->field.length;
    out->fmt = r->fmt != KR_FMT_NONE ? r->fmt : natural_format(&found->field);
    if (r->fmt == KR_FMT_YDATE) { /* name,Y2T: the field's bytes read as that date format */
        if (!kr_ydate_length_ok(r->ydate, out->length))
            return kr_fail(err, KR_RC_ENV, "KRK2253E", "%s:%d:%d: %s is %zu bytes, not a full %s date", path,
                           r->pos.line, r->pos.col, r->name, out->length, r->ydate);
        memcpy(out->ydate, r->ydate, 4);
        positional_field(out);
    }
    bool numeric = r->fmt == KR_FMT_ZD || r->fmt == KR_FMT_PD || r->fmt == KR_FMT_BI || r->fmt == KR_FMT_FI ||
                   r->fmt == KR_FMT_UFF || r->fmt == KR_FMT_SFF || r->fmt == KR_FMT_CSF;
    if (numeric && r->fmt != natural_format(&found->field))
        positional_field(out); /* an explicit other format: read the bytes that way */
    out->name = kr_xasprintf("%s%s%s", found->qual ? found->qual : "", found->qual ? ":" : "", r->name);
    return true;
}
