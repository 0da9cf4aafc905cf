/* convert.c: CONVERT: a plan (which source field feeds each target field, record type by
 * record type) made once from the two layouts, then every record converted through it, with
 * a listing of everything that was not a plain copy. */
#include "kiroku/check.h"
#include "kiroku/codec.h"
#include "kiroku/convert.h"
#include "kiroku/recio.h"

#include <stdlib.h>
#include <string.h>

typedef enum how { FILL, TEXT, NUMBER, DATE, BYTES } how;

typedef struct fmap {
    const kr_field *dst, *src; /* src NULL: the target field gets its empty value */
    how how;
    kr_transcode tc;
    kr_i128 mul, div, limit; /* NUMBER: scale by *mul or /div; |v| <= limit before *mul */
} fmap;

typedef struct tplan {
    int dst_type;
    fmap *maps;
    size_t n;
} tplan;

/* An unmapped 外字, for the summary operators register them from. */
typedef struct unmapped {
    uint32_t pua;
    char code[24];
    uint64_t count, first_recno;
    const kr_field *first_field;
} unmapped;

typedef struct run {
    const kr_convert_opts *o;
    FILE *out;
    kr_convert_stats *st;
    uint64_t listed, recno, rec_offset;
    const kr_field *field; /* the source field being converted */
    const kr_field *dst;   /* and the target field */
    const unsigned char *rec;
    unmapped *um;
    size_t n_um, cap_um;
} run;

static bool is_text(kr_ftype t)
{
    return t == KR_F_X || t == KR_F_N || t == KR_F_M;
}

static bool is_number(kr_ftype t)
{
    return t == KR_F_ZD || t == KR_F_PD || t == KR_F_BI;
}

static const char *kind_name(kr_ftype t)
{
    return is_text(t) ? "text" : is_number(t) ? "a number" : t == KR_F_DATE ? "a date" : "個人番号";
}

/* ---- the plan ---------------------------------------------------------------------------- */

static bool plan_type(const kr_convert_opts *o, size_t st, tplan *p, FILE *out)
{
    const kr_rectype *srt = &o->from->types[st];
    int dt = kr_layout_type(o->to, srt->name);
    if (dt < 0) {
        fprintf(out, "KRK0413E record type '%s' of layout %s has no record type of that name in layout %s; "
                     "add it to %s or rename one of them\n",
                srt->name, o->from->name, o->to->name, o->to->name);
        return false;
    }
    const kr_rectype *drt = &o->to->types[dt];
    p->dst_type = dt;
    p->maps = kr_xcalloc(drt->n_fields ? drt->n_fields : 1, sizeof *p->maps);
    p->n = drt->n_fields;
    bool ok = true;
    bool *used = kr_xcalloc(srt->n_fields + 1, sizeof *used);
    for (size_t i = 0; i < drt->n_fields; i++) {
        const kr_field *df = &drt->fields[i];
        fmap *m = &p->maps[i];
        m->dst = df;
        m->how = FILL;
        int si = df->is_filler ? -1 : kr_rectype_field(srt, df->name);
        if (si < 0) {
            bool no_fill = df->type == KR_F_DATE && !df->n_none && df->total == KR_TOTAL_NONE;
            if (!df->is_filler && df->total == KR_TOTAL_NONE && (int)i != drt->disc_field && !no_fill)
                fprintf(out, "KRK0412I %s.%s (%s) has no source field in layout %s: written as its empty value\n",
                        drt->name, df->name, df->label ? df->label : kind_name(df->type), o->from->name);
            if (no_fill) {
                fprintf(out, "KRK0415E %s.%s is a date with no source field and no none(...) value to write; "
                             "declare none(...) on it in %s or give the source a field of that name\n",
                        drt->name, df->name, o->to->name);
                ok = false;
            }
            continue;
        }
        const kr_field *sf = &srt->fields[si];
        used[si] = true;
        if (df->total != KR_TOTAL_NONE)
            continue; /* a control total is recomputed, whatever the source said */
        m->src = sf;
        if (is_text(df->type) && is_text(sf->type)) {
            m->how = TEXT;
            m->tc = (kr_transcode){o->from->encoding, o->to->encoding, df->type, o->gaiji, o->dup,
                                   o->truncate, o->replace, o->fold};
        } else if (is_number(df->type) && is_number(sf->type)) {
            m->how = NUMBER;
            m->mul = m->div = 1;
            unsigned from = sf->scale, to_scale = df->scale;
            for (unsigned k = from; k < to_scale; k++)
                m->mul *= 10;
            for (unsigned k = to_scale; k < from; k++)
                m->div *= 10;
            m->limit = kr_num_max(df) / m->mul;
        } else if (df->type == KR_F_DATE && sf->type == KR_F_DATE) {
            m->how = DATE;
        } else if (df->type == KR_F_MYNUMBER && sf->type == KR_F_MYNUMBER) {
            m->how = BYTES;
        } else {
            kr_buf a, b;
            kr_buf_init(&a);
            kr_buf_init(&b);
            kr_field_type_text(sf, &a);
            kr_field_type_text(df, &b);
            fprintf(out, "KRK0414E %s.%s is %s in %s but %s in %s: kiroku converts text to text, numbers "
                         "to numbers and dates to dates\n",
                    drt->name, df->name, a.data, o->from->name, b.data, o->to->name);
            kr_buf_free(&a);
            kr_buf_free(&b);
            ok = false;
        }
    }
    for (size_t i = 0; i < srt->n_fields; i++)
        if (!used[i] && !srt->fields[i].is_filler)
            fprintf(out, "KRK0411I %s.%s (%s) is not in layout %s: not carried over\n", srt->name,
                    srt->fields[i].name, srt->fields[i].label ? srt->fields[i].label : kind_name(srt->fields[i].type),
                    o->to->name);
    free(used);
    return ok;
}

/* ---- the listing ------------------------------------------------------------------------- */

static void place(run *r, size_t byte_in_rec, kr_buf *b)
{
    const kr_field *f = r->field;
    kr_buf_addf(b, "%s record %llu byte %zu (file offset %llu)", r->o->in_path,
                (unsigned long long)r->recno, byte_in_rec + 1,
                (unsigned long long)(r->rec_offset + byte_in_rec));
    if (f)
        kr_buf_addf(b, " %s%s%s", f->name, f->label ? " " : "", f->label ? f->label : "");
}

static bool may_list(run *r)
{
    if (r->listed < r->o->max_listed) {
        r->listed++;
        return true;
    }
    if (r->listed == r->o->max_listed) {
        fprintf(r->out, "KRK0497I the listing stops after %llu warnings; counting goes on\n",
                (unsigned long long)r->o->max_listed);
        r->listed++;
    }
    return false;
}

static void show_char(uint32_t c, kr_buf *b)
{
    if (c >= 0x110000) {
        kr_buf_adds(b, "a byte that is no character");
        return;
    }
    if (kr_is_variation_selector(c)) {
        kr_buf_addf(b, "the variation selector U+%04X", (unsigned)c);
        return;
    }
    kr_buf_adds(b, "'");
    kr_utf8_put(b, c);
    kr_buf_addf(b, "' (U+%04X)", (unsigned)c);
}

/* What a message says of a character of a sensitive field: where it is, never what it is
 * (neither the character nor its code, docs/PROTECTION.md "Masking"). */
static void hidden_char(const kr_tc_note *n, kr_buf *b)
{
    kr_buf_addf(b, "the character at byte %zu of the field (not shown: the field is sensitive)", n->offset + 1);
}

static void on_note(void *ctx, const kr_tc_note *n)
{
    run *r = ctx;
    const kr_field *f = r->field;
    const unsigned char *p = r->rec + f->offset;
    switch (n->what) {
    case KR_TC_GAIJI_MAPPED:
        r->st->gaiji_mapped++;
        return;
    case KR_TC_GAIJI_UNMAPPED: {
        r->st->gaiji_unmapped++;
        if (f->sensitive) { /* its code would show part of the value: counted, listed by place */
            if (!may_list(r))
                return;
            kr_buf b, what;
            kr_buf_init(&b);
            kr_buf_init(&what);
            place(r, f->offset + n->offset, &b);
            hidden_char(n, &what);
            fprintf(r->out, "KRK0432W %s: 外字 %s is not in %s%s: written as its substitute\n", b.data, what.data,
                    r->o->gaiji ? "外字 table " : "any 外字 table (none given)",
                    r->o->gaiji ? kr_gaiji_name(r->o->gaiji) : "");
            kr_buf_free(&b);
            kr_buf_free(&what);
            return;
        }
        unmapped *u = NULL;
        for (size_t i = 0; i < r->n_um && !u; i++)
            if (r->um[i].pua == n->ucs)
                u = &r->um[i];
        if (!u) {
            KR_GROW(r->um, r->cap_um, r->n_um + 1);
            u = &r->um[r->n_um++];
            memset(u, 0, sizeof *u);
            u->pua = n->ucs;
            kr_gaiji_code_text(r->o->from->encoding, p + n->offset, n->ucs, u->code);
            int code = kr_cp932_encode(n->ucs, KR_DUP_IBM);
            size_t used = strlen(u->code);
            if (r->o->from->encoding == KR_ENC_CP932)
                snprintf(u->code + used, sizeof u->code - used, " U+%04X", (unsigned)n->ucs);
            else if (code > 0)
                snprintf(u->code + used, sizeof u->code - used, " %04X", (unsigned)code);
            u->first_recno = r->recno;
            u->first_field = f;
        }
        u->count++;
        if (!may_list(r))
            return;
        kr_buf b;
        kr_buf_init(&b);
        place(r, f->offset + n->offset, &b);
        char written[16];
        if (r->o->to->encoding == KR_ENC_CP932) {
            int code = kr_cp932_encode(n->ucs, KR_DUP_IBM);
            snprintf(written, sizeof written, code > 0 ? "%04X" : "U+%04X", code > 0 ? (unsigned)code : (unsigned)n->ucs);
        } else
            snprintf(written, sizeof written, "U+%04X", (unsigned)n->ucs);
        fprintf(r->out, "KRK0432W %s: 外字 %s is not in %s%s: written as %s\n", b.data, u->code,
                r->o->gaiji ? "外字 table " : "any 外字 table (none given)",
                r->o->gaiji ? kr_gaiji_name(r->o->gaiji) : "", written);
        kr_buf_free(&b);
        return;
    }
    case KR_TC_CUT: {
        r->st->cuts++;
        if (!may_list(r))
            return;
        kr_buf b, cut;
        kr_buf_init(&b);
        kr_buf_init(&cut);
        place(r, f->offset + n->offset, &b);
        if (f->sensitive)
            kr_buf_adds(&cut, "(not shown: the field is sensitive)");
        else
            kr_text_display_gaiji(r->o->from->encoding, r->o->gaiji, p + n->offset, n->len, &cut);
        fprintf(r->out, "KRK0430W %s: the text needs %zu bytes in %s, the field has %zu: cut \"%s\"\n",
                b.data, n->need, r->o->to->name, r->dst->length, cut.data);
        kr_buf_free(&b);
        kr_buf_free(&cut);
        return;
    }
    case KR_TC_REPLACED: {
        r->st->replaced++;
        if (!may_list(r))
            return;
        kr_buf b, what, with;
        kr_buf_init(&b);
        kr_buf_init(&what);
        kr_buf_init(&with);
        place(r, f->offset + n->offset, &b);
        if (f->sensitive)
            hidden_char(n, &what);
        else
            show_char(n->ucs, &what);
        if (n->with_len && f->sensitive) /* a best fit would tell the character */
            kr_buf_adds(&with, "a substitute");
        else if (n->with_len)
            kr_text_display(r->o->to->encoding, n->with, n->with_len, &with);
        const char *quote = n->with_len && !f->sensitive ? "'" : "";
        fprintf(r->out, "KRK0431W %s: %s has no form in %s %s field: %s%s%s%s\n", b.data, what.data,
                r->o->to->encoding == KR_ENC_CP932 ? "CP932 for an" : "UTF-8 for an",
                r->dst->type == KR_F_X ? "X" : r->dst->type == KR_F_N ? "N" : "M",
                n->with_len ? "written as " : "left out (the character before it stays)", quote,
                n->with_len ? with.data : "", quote);
        kr_buf_free(&b);
        kr_buf_free(&what);
        kr_buf_free(&with);
        return;
    }
    default:
        return;
    }
}

/* ---- errors: the record stops the conversion ---------------------------------------------- */

static void text_error(run *r, const kr_tc_note *n)
{
    const unsigned char *p = r->rec + r->field->offset;
    kr_buf b, what;
    kr_buf_init(&b);
    kr_buf_init(&what);
    place(r, r->field->offset + n->offset, &b);
    const char *enc = r->o->from->encoding == KR_ENC_CP932 ? "CP932" : "UTF-8";
    switch (n->what) {
    case KR_TC_INVALID:
        if (r->field->sensitive) {
            hidden_char(n, &what);
            fprintf(r->out, "KRK0420E %s: %s is not valid %s\n", b.data, what.data, enc);
        } else if (n->ucs)
            fprintf(r->out, "KRK0420E %s: control byte 0x%02X in a text field\n", b.data, (unsigned)n->ucs);
        else {
            for (size_t i = 0; i < n->len && i < 4; i++)
                kr_buf_addf(&what, " 0x%02X", p[n->offset + i]);
            if (n->len == 1 && n->offset + 1 < r->field->length)
                kr_buf_addf(&what, " (followed by 0x%02X)", p[n->offset + 1]);
            fprintf(r->out, "KRK0420E %s: invalid %s sequence%s\n", b.data, enc, what.data);
        }
        break;
    case KR_TC_NO_FORM:
        if (r->field->sensitive)
            hidden_char(n, &what);
        else
            show_char(n->ucs, &what);
        fprintf(r->out, "KRK0421E %s: %s has no form in %s for %s field of %s (--replace writes a "
                        "substitute and lists it)\n",
                b.data, what.data, r->o->to->encoding == KR_ENC_CP932 ? "CP932" : "UTF-8",
                r->dst->type == KR_F_X ? "the X" : r->dst->type == KR_F_N ? "the N" : "the M", r->o->to->name);
        break;
    case KR_TC_NO_FIT:
        if (r->field->sensitive)
            kr_buf_adds(&what, "(not shown: the field is sensitive)");
        else
            kr_text_display_gaiji(r->o->from->encoding, r->o->gaiji, p + n->offset, n->len, &what);
        fprintf(r->out, "KRK0422E %s: the text needs %zu bytes in layout %s but its field %s has %zu; \"%s\" "
                        "does not fit (--truncate cuts at a character boundary and lists the cut)\n",
                b.data, n->need, r->o->to->name, r->dst->name, r->dst->length, what.data);
        break;
    default:
        break;
    }
    kr_buf_free(&b);
    kr_buf_free(&what);
}

static void field_error(run *r, const char *id, size_t byte_in_rec, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void field_error(run *r, const char *id, size_t byte_in_rec, const char *fmt, ...)
{
    kr_buf b;
    kr_buf_init(&b);
    place(r, byte_in_rec, &b);
    fprintf(r->out, "%s %s: ", id, b.data);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(r->out, fmt, ap);
    va_end(ap);
    fputc('\n', r->out);
    kr_buf_free(&b);
}

/* ---- converting one field ----------------------------------------------------------------- */

static bool convert_number(run *r, const fmap *m, unsigned char *out)
{
    kr_i128 v;
    kr_problem pb;
    if (!kr_num_get(r->o->from, m->src, r->rec, &v, &pb)) {
        field_error(r, "KRK0425E", pb.offset, "%s", pb.reason);
        return false;
    }
    kr_i128 w = v;
    bool ok = true;
    if (m->div > 1) {
        ok = v % m->div == 0;
        w = v / m->div;
    } else if (m->mul > 1) {
        ok = v <= m->limit && v >= -m->limit;
        w = v * m->mul;
    }
    if (ok && kr_num_put(r->o->to, m->dst, out, w))
        return true;
    char shown[64];
    kr_num_format(v, m->src->scale, shown);
    if (!ok && m->div > 1)
        field_error(r, "KRK0423E", m->src->offset, "%s has more decimals than %s.%s keeps (%u): it would be cut",
                    shown, r->o->to->name, m->dst->name, m->dst->scale);
    else
        field_error(r, "KRK0423E", m->src->offset, "%s does not fit in %s.%s (%s%u digits, %u decimals)", shown,
                    r->o->to->name, m->dst->name, w < 0 && kr_num_min(m->dst) == 0 ? "unsigned, " : "",
                    m->dst->digits, m->dst->scale);
    return false;
}

static bool special_date(run *r, const fmap *m, unsigned char *out, const kr_bytes *vals, size_t n,
                         const char *what)
{
    if (!n) {
        field_error(r, "KRK0424E", m->src->offset, "the date is '%s' but %s.%s declares no %s(...) value to write it as",
                    what, r->o->to->name, m->dst->name, what);
        return false;
    }
    memcpy(out + m->dst->offset, vals[0].data, m->dst->length);
    return true;
}

static const char *const DATE_FORMATS[] = {"yyyymmdd", "yyyymm", "yymmdd", "gyymmdd", "ggyymmdd"};

static bool convert_date(run *r, const fmap *m, unsigned char *out)
{
    kr_date d;
    kr_problem pb;
    if (!kr_date_get(r->o->from, m->src, r->rec, &d, &pb)) {
        field_error(r, "KRK0425E", pb.offset, "%s", pb.reason);
        return false;
    }
    if (d.kind == KR_DATE_NONE)
        return special_date(r, m, out, m->dst->none_values, m->dst->n_none, "none");
    if (d.kind == KR_DATE_OPEN)
        return special_date(r, m, out, m->dst->open_values, m->dst->n_open, "open");
    bool src_month = m->src->datefmt == KR_DATE_YYYYMM, dst_month = m->dst->datefmt == KR_DATE_YYYYMM;
    if (src_month != dst_month) {
        field_error(r, "KRK0424E", m->src->offset, "%04d-%02d%s: a %s date cannot become a %s one without %s",
                    d.ymd / 10000, d.ymd / 100 % 100, src_month ? "" : "-..",
                    DATE_FORMATS[m->src->datefmt], DATE_FORMATS[m->dst->datefmt],
                    src_month ? "inventing a day" : "losing its day");
        return false;
    }
    if (!kr_date_put(r->o->to, m->dst, out, d.ymd)) {
        field_error(r, "KRK0424E", m->src->offset, "%04d-%02d-%02d cannot be written as %s in %s.%s (%s)",
                    d.ymd / 10000, d.ymd / 100 % 100, d.ymd % 100, DATE_FORMATS[m->dst->datefmt],
                    r->o->to->name, m->dst->name,
                    m->dst->datefmt == KR_DATE_YYMMDD ? "outside the field's century window"
                                                      : "before the first era, or past year 99 of its era");
        return false;
    }
    return true;
}

/* A 個人番号 is copied as it is, after the check `verify` makes: a wrong check digit or a
 * byte that is not a digit stops the conversion like a bad zoned digit (RELIABILITY.md,
 * "Invalid values"); a blank one is no value and is copied. The number is never shown. */
static bool copy_mynumber(run *r, const fmap *m, unsigned char *out)
{
    kr_problem pb[1];
    if (kr_field_check(r->o->from, m->src, r->rec, pb, 1) && pb[0].rc >= KR_RC_REJECT) {
        field_error(r, "KRK0425E", pb[0].offset, "%s", pb[0].reason);
        return false;
    }
    memcpy(out + m->dst->offset, r->rec + m->src->offset, m->dst->length);
    return true;
}

static bool convert_field(run *r, const fmap *m, unsigned char *out)
{
    r->field = m->src;
    r->dst = m->dst;
    switch (m->how) {
    case FILL: {
        const kr_field *f = m->dst;
        unsigned char *p = out + f->offset;
        if (is_text(f->type) || f->type == KR_F_MYNUMBER)
            kr_text_pad(r->o->to->encoding, f->type, p, f->length);
        else if (f->type == KR_F_DATE)
            memcpy(p, f->none_values[0].data, f->length);
        else
            kr_num_put(r->o->to, f, out, 0);
        return true;
    }
    case TEXT: {
        kr_tc_note err;
        if (kr_text_transcode(&m->tc, r->rec + m->src->offset, m->src->length, out + m->dst->offset,
                              m->dst->length, on_note, r, &err))
            return true;
        text_error(r, &err);
        return false;
    }
    case NUMBER:
        return convert_number(r, m, out);
    case DATE:
        return convert_date(r, m, out);
    case BYTES:
        return copy_mynumber(r, m, out);
    }
    return false;
}

/* The target's discriminator holds one of its record type's values, whatever the source's. */
static void fix_discriminator(const kr_layout *l, int type, unsigned char *out)
{
    const kr_rectype *rt = &l->types[type];
    if (rt->disc_field < 0 || !rt->n_disc)
        return;
    const kr_field *f = &rt->fields[rt->disc_field];
    for (size_t i = 0; i < rt->n_disc; i++)
        if (memcmp(out + f->offset, rt->disc_values[i].data, f->length) == 0)
            return;
    memcpy(out + f->offset, rt->disc_values[0].data, f->length);
}

/* ---- the program ------------------------------------------------------------------------- */

static int cmp_unmapped(const void *a, const void *b)
{
    const unmapped *x = a, *y = b;
    return x->pua < y->pua ? -1 : x->pua > y->pua;
}

static void summary(run *r, int rc)
{
    const kr_convert_opts *o = r->o;
    if (r->n_um) {
        qsort(r->um, r->n_um, sizeof *r->um, cmp_unmapped);
        fprintf(r->out, "KRK0440I 外字 not in %s%s (register them in a 外字 table, layouts/gaiji/NAME.gaiji):\n",
                o->gaiji ? "外字 table " : "any table", o->gaiji ? kr_gaiji_name(o->gaiji) : "");
        for (size_t i = 0; i < r->n_um; i++)
            fprintf(r->out, "KRK0440I   %s  %llu time%s, first in record %llu field %s\n", r->um[i].code,
                    (unsigned long long)r->um[i].count, r->um[i].count == 1 ? "" : "s",
                    (unsigned long long)r->um[i].first_recno, r->um[i].first_field->name);
    }
    kr_convert_stats *st = r->st;
    fprintf(r->out, "KRK0499I %s -> %s: %llu record%s read, %llu written", o->in_path, o->out_path,
            (unsigned long long)st->records_in, st->records_in == 1 ? "" : "s", (unsigned long long)st->records_out);
    for (size_t t = 0; t < o->to->n_types && t < 64; t++)
        fprintf(r->out, ", %llu %s", (unsigned long long)st->per_type[t], o->to->types[t].name);
    fprintf(r->out, "; %llu cut, %llu replaced, 外字 %llu mapped and %llu unmapped; return code %d\n",
            (unsigned long long)st->cuts, (unsigned long long)st->replaced,
            (unsigned long long)st->gaiji_mapped, (unsigned long long)st->gaiji_unmapped, rc);
}

static int convert_records(run *r, tplan *plans, kr_reader *rd, kr_writer *w)
{
    const kr_convert_opts *o = r->o;
    const kr_layout *from = o->from, *to = o->to;
    kr_totals *src_totals = kr_totals_new(from), *dst_totals = kr_totals_new(to);
    kr_order order;
    kr_order_init(&order, from);
    unsigned char *out = kr_xmalloc(to->length);
    kr_err err;
    kr_problem probs[16];
    char reason[300];
    int rc = KR_RC_OK;
    const unsigned char *block;
    size_t n;
    int got;
    while (rc == KR_RC_OK && (got = kr_reader_next_block(rd, &block, &n, 4096, &err)) > 0) {
        if (kr_cancelled(r->o->cancel)) {
            kr_fail_cancelled(&err, "CONVERT", r->st->records_in, "no output was written");
            fprintf(r->out, "%s\n", err.text);
            rc = err.rc;
            break;
        }
        size_t stride = kr_reader_stride(rd);
        uint64_t first = kr_reader_recno(rd) - n + 1;
        for (size_t i = 0; i < n && rc == KR_RC_OK; i++) {
            const unsigned char *rec = block + i * stride;
            r->rec = rec;
            r->recno = first + i;
            r->rec_offset = (r->recno - 1) * stride;
            r->field = NULL;
            r->st->records_in++;
            int st = kr_layout_classify(from, rec);
            if (st < 0) {
                kr_buf shown;
                kr_buf_init(&shown);
                kr_text_display(from->encoding, rec + from->disc_offset, from->disc_length, &shown);
                field_error(r, "KRK0426E", from->disc_offset, "discriminator \"%s\" matches no record type of layout %s",
                            shown.data, from->name);
                kr_buf_free(&shown);
                rc = KR_RC_REJECT;
                break;
            }
            if (!kr_order_next(&order, st, r->recno, reason, sizeof reason)) {
                field_error(r, "KRK0426E", 0, "%s", reason);
                rc = KR_RC_REJECT;
                break;
            }
            const kr_rectype *srt = &from->types[st];
            if (srt->role == KR_ROLE_HEADER)
                kr_totals_reset(src_totals);
            if (srt->role == KR_ROLE_TRAILER) {
                size_t np = kr_totals_check(src_totals, st, rec, probs, 16);
                if (np) {
                    field_error(r, probs[0].id, probs[0].offset, "%s (the source's control total is wrong)", probs[0].reason);
                    rc = KR_RC_REJECT;
                    break;
                }
            } else
                kr_totals_add(src_totals, st, rec, r->recno);
            tplan *p = &plans[st];
            for (size_t k = 0; k < p->n; k++)
                if (!convert_field(r, &p->maps[k], out)) {
                    rc = KR_RC_REJECT;
                    break;
                }
            if (rc != KR_RC_OK)
                break;
            r->field = NULL;
            fix_discriminator(to, p->dst_type, out);
            kr_role role = to->types[p->dst_type].role;
            if (role == KR_ROLE_HEADER)
                kr_totals_reset(dst_totals);
            if (role == KR_ROLE_TRAILER) {
                if (!kr_totals_fill(dst_totals, p->dst_type, out, &err)) {
                    field_error(r, "KRK0427E", 0, "%s", err.text);
                    rc = KR_RC_REJECT;
                    break;
                }
            } else
                kr_totals_add(dst_totals, p->dst_type, out, r->recno);
            if (!kr_writer_put(w, out, &err)) {
                fprintf(r->out, "%s\n", err.text);
                rc = err.rc;
                break;
            }
            r->st->records_out++;
            if (p->dst_type < 64)
                r->st->per_type[p->dst_type]++;
        }
    }
    if (rc == KR_RC_OK && got < 0) {
        fprintf(r->out, "%s\n", err.text);
        rc = err.rc > KR_RC_REJECT ? err.rc : KR_RC_REJECT;
    }
    if (rc == KR_RC_OK && !kr_order_finish(&order, reason, sizeof reason)) {
        fprintf(r->out, "KRK0426E %s after record %llu: %s\n", o->in_path,
                (unsigned long long)r->st->records_in, reason);
        rc = KR_RC_REJECT;
    }
    free(out);
    kr_totals_free(src_totals);
    kr_totals_free(dst_totals);
    return rc;
}

int kr_convert(const kr_convert_opts *opts, FILE *listing, kr_convert_stats *stats)
{
    kr_convert_opts o = *opts;
    if (!o.max_listed)
        o.max_listed = 1000;
    memset(stats, 0, sizeof *stats);
    run r;
    memset(&r, 0, sizeof r);
    r.o = &o;
    r.out = listing;
    r.st = stats;
    fprintf(listing, "KRK0410I convert %s (layout %s, %s) -> %s (layout %s, %s)%s%s%s%s\n", o.in_path,
            o.from->name, kr_encoding_name(o.from->encoding), o.out_path, o.to->name,
            kr_encoding_name(o.to->encoding), o.gaiji ? ", 外字 table " : "",
            o.gaiji ? kr_gaiji_name(o.gaiji) : "", o.truncate ? ", --truncate" : "",
            o.replace ? ", --replace" : "");
    tplan *plans = kr_xcalloc(o.from->n_types, sizeof *plans);
    bool ok = true;
    for (size_t t = 0; t < o.from->n_types; t++)
        ok &= plan_type(&o, t, &plans[t], listing);
    int rc = KR_RC_ENV;
    kr_err err;
    kr_reader *rd = NULL;
    kr_writer *w = NULL;
    if (ok && !(rd = kr_reader_open_layout(o.in_path, o.from, &err)))
        fprintf(listing, "%s\n", err.text);
    else if (ok && !(w = kr_writer_open_layout(o.out_path, o.to, &err)))
        fprintf(listing, "%s\n", err.text);
    else if (ok) {
        rc = convert_records(&r, plans, rd, w);
        if (rc == KR_RC_OK && (stats->cuts || stats->replaced || stats->gaiji_unmapped))
            rc = KR_RC_WARN;
        if (rc <= KR_RC_WARN) {
            if (!kr_writer_commit(w, &err)) {
                fprintf(listing, "%s\n", err.text);
                rc = err.rc;
            }
        } else {
            kr_writer_abort(w);
            fprintf(listing, "KRK0498E the conversion stopped at record %llu: %s was not written\n",
                    (unsigned long long)stats->records_in, o.out_path);
            stats->records_out = 0;
        }
        w = NULL;
    }
    kr_writer_abort(w);
    kr_reader_close(rd);
    if (rc != KR_RC_ENV || ok)
        summary(&r, rc);
    for (size_t t = 0; t < o.from->n_types; t++)
        free(plans[t].maps);
    free(plans);
    free(r.um);
    return rc;
}
