/* value.c: field values made from text (what an operator types after `field=` for
 * `kiroku ledger get`) and records initialized as COBOL's INITIALIZE does (the starting
 * image of a record that an add transaction fills). */
#include "internal.h"
#include "kiroku/text.h"

#include <string.h>

/* Pads text bytes [len, width) of a text field. */
static void pad_text(const kr_layout *l, const kr_field *f, unsigned char *p, size_t len)
{
    size_t width = f->length;
    if (f->type == KR_F_N && l->encoding == KR_ENC_CP932) {
        while (len + 2 <= width)
            p[len++] = 0x81, p[len++] = 0x40;
    } else if (f->type == KR_F_N) {
        while (len + 3 <= width)
            p[len++] = 0xE3, p[len++] = 0x80, p[len++] = 0x80;
    }
    while (len < width)
        p[len++] = ' ';
}

void kr_record_initialize(const kr_layout *l, int type, unsigned char *rec)
{
    const kr_rectype *rt = &l->types[type];
    memset(rec, ' ', l->length);
    for (size_t i = 0; i < rt->n_fields; i++) {
        const kr_field *f = &rt->fields[i];
        unsigned char *p = rec + f->offset;
        switch (f->type) {
        case KR_F_X:
        case KR_F_M:
            break;
        case KR_F_N:
            pad_text(l, f, p, 0);
            break;
        case KR_F_ZD:
        case KR_F_PD:
        case KR_F_BI:
            kr_num_put(l, f, rec, 0);
            break;
        case KR_F_DATE:
            if (f->n_none)
                memcpy(p, f->none_values[0].data, f->length);
            else
                memset(p, '0', f->length);
            break;
        case KR_F_MYNUMBER:
            memset(p, '0', f->length);
            break;
        }
    }
    if (rt->disc_field >= 0 && rt->n_disc)
        memcpy(rec + rt->fields[rt->disc_field].offset, rt->disc_values[0].data,
               rt->disc_values[0].len);
}

/* UTF-8 text into the layout's encoding. */
static bool put_text(const kr_layout *l, const kr_field *f, const char *text, unsigned char *rec,
                     kr_err *err)
{
    unsigned char *p = rec + f->offset;
    const unsigned char *s = (const unsigned char *)text;
    size_t n = strlen(text), len = 0;
    for (size_t i = 0; i < n;) {
        uint32_t c;
        kr_charclass cls;
        size_t cl = kr_utf8_next(s + i, n - i, &c, &cls);
        if (cls == KR_CC_INVALID)
            return kr_fail(err, KR_RC_ENV, "KRK0810E", "%s=%s: the value is not valid UTF-8", f->name, text);
        unsigned char out[4];
        size_t ol;
        if (l->encoding == KR_ENC_UTF8) {
            memcpy(out, s + i, cl);
            ol = cl;
        } else {
            uint16_t code = c < 0x10000 ? kr_ucs_to_cp932[c] : 0;
            if (code == 0 && c != 0)
                return kr_fail(err, KR_RC_ENV, "KRK0810E", "%s=%s: U+%04X has no CP932 code", f->name, text,
                               (unsigned)c);
            ol = 0;
            if (code > 0xFF)
                out[ol++] = (unsigned char)(code >> 8);
            out[ol++] = (unsigned char)code;
        }
        if (len + ol > f->length)
            return kr_fail(err, KR_RC_ENV, "KRK0811E", "%s=%s: the value is longer than the field's %zu bytes",
                           f->name, text, f->length);
        memcpy(p + len, out, ol);
        len += ol;
        i += cl;
    }
    pad_text(l, f, p, len);
    return true;
}

static bool put_number(const kr_layout *l, const kr_field *f, const char *text, unsigned char *rec,
                       kr_err *err)
{
    const char *s = text;
    bool neg = false;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    kr_i128 v = 0;
    unsigned decimals = 0, digits = 0;
    bool point = false;
    for (; *s; s++) {
        if (*s == '.' && !point) {
            point = true;
            continue;
        }
        if (*s < '0' || *s > '9' || digits >= 38)
            return kr_fail(err, KR_RC_ENV, "KRK0812E", "%s=%s: not a number", f->name, text);
        if (point && ++decimals > f->scale)
            return kr_fail(err, KR_RC_ENV, "KRK0812E", "%s=%s: more than the field's %u decimal places",
                           f->name, text, f->scale);
        v = v * 10 + (*s - '0');
        digits++;
    }
    if (digits == 0)
        return kr_fail(err, KR_RC_ENV, "KRK0812E", "%s=%s: not a number", f->name, text);
    for (; decimals < f->scale; decimals++)
        v *= 10;
    if (!kr_num_put(l, f, rec, neg ? -v : v))
        return kr_fail(err, KR_RC_ENV, "KRK0812E", "%s=%s: does not fit the field (%zu bytes)", f->name, text,
                       f->length);
    return true;
}

static bool put_date(const kr_layout *l, const kr_field *f, const char *text, unsigned char *rec,
                     kr_err *err)
{
    size_t n = strlen(text);
    int y, m, d;
    if (n == f->length) { /* as the field writes it */
        memcpy(rec + f->offset, text, n);
        kr_date dt;
        kr_problem pb;
        if (!kr_date_get(l, f, rec, &dt, &pb))
            return kr_fail(err, KR_RC_ENV, "KRK0813E", "%s=%s: %s", f->name, text, pb.reason);
        return true;
    }
    char tail;
    if (sscanf(text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || !kr_date_valid_ymd(y, m, d))
        return kr_fail(err, KR_RC_ENV, "KRK0813E",
                       "%s=%s: give the date as the field writes it (%zu digits) or as YYYY-MM-DD", f->name,
                       text, f->length);
    if (!kr_date_put(l, f, rec, y * 10000 + m * 100 + d))
        return kr_fail(err, KR_RC_ENV, "KRK0813E", "%s=%s: the field cannot hold that date", f->name, text);
    return true;
}

bool kr_field_parse_value(const kr_layout *l, const kr_field *f, const char *text,
                          unsigned char *rec, kr_err *err)
{
    switch (f->type) {
    case KR_F_X:
    case KR_F_N:
    case KR_F_M:
        return put_text(l, f, text, rec, err);
    case KR_F_ZD:
    case KR_F_PD:
    case KR_F_BI:
        return put_number(l, f, text, rec, err);
    case KR_F_DATE:
        return put_date(l, f, text, rec, err);
    case KR_F_MYNUMBER:
        break;
    }
    return kr_fail(err, KR_RC_ENV, "KRK0814E", "%s: a 個人番号 is never looked up", f->name);
}
