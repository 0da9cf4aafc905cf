/* check.c: the check of one field against its layout (what `kiroku verify` lists), and
 * the 個人番号 check digit. */
#include "kiroku/codec.h"
#include "kiroku/text.h"

#include <stdio.h>
#include <string.h>

int kr_mynumber_check_digit(const unsigned char *base11)
{
    /* Weights 2..7,2..6 applied from the rightmost base digit (番号法施行規則 第5条). */
    int sum = 0;
    for (int n = 1; n <= 11; n++) {
        unsigned char c = base11[11 - n];
        if (c < '0' || c > '9')
            return -1;
        int q = n <= 6 ? n + 1 : n - 5;
        sum += (c - '0') * q;
    }
    int r = sum % 11;
    return r <= 1 ? 0 : 11 - r;
}

static size_t add(kr_problem *out, size_t n, size_t max, int rc, const char *id, size_t offset,
                  const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static size_t add(kr_problem *out, size_t n, size_t max, int rc, const char *id, size_t offset,
                  const char *fmt, ...)
{
    if (n >= max)
        return n;
    va_list ap;
    va_start(ap, fmt);
    kr_problem_vset(&out[n], rc, id, offset, fmt, ap);
    va_end(ap);
    return n + 1;
}

/* The character as the listing shows it: itself and its bytes; for a sensitive field,
 * neither (the listing must not disclose what the field holds). */
static void show_char(const kr_field *f, kr_encoding enc, const unsigned char *p, size_t len,
                      uint32_t ucs, char *buf, size_t size)
{
    if (f->sensitive) {
        snprintf(buf, size, "(not shown: the field is sensitive)");
        return;
    }
    kr_buf b;
    kr_buf_init(&b);
    if (ucs >= 0x20 && ucs != 0x7F)
        kr_buf_adds(&b, "'"), kr_utf8_put(&b, ucs), kr_buf_adds(&b, "' ");
    kr_buf_adds(&b, enc == KR_ENC_CP932 ? "0x" : "UTF-8 ");
    for (size_t i = 0; i < len; i++)
        kr_buf_addf(&b, "%02X", p[i]);
    snprintf(buf, size, "%s", b.data);
    kr_buf_free(&b);
}

/* Does a UTF-8 character start at p and lose its last bytes at the end of the n bytes? */
static bool utf8_cut(const unsigned char *p, size_t n)
{
    if (p[0] < 0xC2 || p[0] > 0xF4)
        return false;
    size_t need = p[0] < 0xE0 ? 2 : p[0] < 0xF0 ? 3 : 4;
    if (n >= need)
        return false;
    for (size_t k = 1; k < n; k++)
        if ((p[k] & 0xC0) != 0x80)
            return false;
    return true;
}

/* Text fields: every character valid in the encoding, mapped and no control byte; and, when
 * classes, of the class the type allows (single-byte in X, double-byte in N). */
static size_t check_text(const kr_layout *l, const kr_field *f, const unsigned char *p, bool classes,
                         kr_problem *out, size_t n, size_t max)
{
    kr_encoding enc = l->encoding;
    size_t i = 0, len = f->length;
    /* In a utf-8 N field, fewer than 3 trailing spaces fill what U+3000 cannot. */
    size_t tail = len;
    if (f->type == KR_F_N && enc == KR_ENC_UTF8)
        while (tail > 0 && len - tail < 2 && p[tail - 1] == ' ')
            tail--;
    while (i < tail) {
        uint32_t c;
        kr_charclass cls;
        size_t cl = kr_text_next(enc, p + i, tail - i, &c, &cls);
        char shown[64];
        if (cls == KR_CC_INVALID) {
            bool cut = enc == KR_ENC_CP932 ? (kr_cp932_is_lead(p[i]) && i + 1 == tail)
                                           : utf8_cut(p + i, tail - i);
            if (cut)
                return add(out, n, max, KR_RC_REJECT, "KRK0304E", f->offset + i,
                           "the field ends in the middle of a character (byte 0x%02X)", p[i]);
            return add(out, n, max, KR_RC_REJECT, "KRK0304E", f->offset + i,
                       "byte 0x%02X is not valid %s", p[i], enc == KR_ENC_CP932 ? "CP932" : "UTF-8");
        }
        if (cls == KR_CC_UNMAPPED) {
            show_char(f, enc, p + i, cl, 0, shown, sizeof shown);
            return add(out, n, max, KR_RC_REJECT, "KRK0304E", f->offset + i,
                       "%s is not a CP932 character", shown);
        }
        if (cls == KR_CC_CONTROL) {
            return add(out, n, max, KR_RC_REJECT, "KRK0303E", f->offset + i,
                       "control byte 0x%02X in a text field", c);
        }
        bool single = cls == KR_CC_ASCII || cls == KR_CC_HALFKANA;
        if (classes && f->type == KR_F_X && !single) {
            show_char(f, enc, p + i, cl, c, shown, sizeof shown);
            return add(out, n, max, KR_RC_REJECT, "KRK0303E", f->offset + i,
                       "double-byte character %s in an X field; X holds single-byte text (declare N or M)",
                       shown);
        }
        if (classes && f->type == KR_F_N && single) {
            show_char(f, enc, p + i, cl, c, shown, sizeof shown);
            return add(out, n, max, KR_RC_REJECT, "KRK0303E", f->offset + i,
                       "single-byte character %s in an N field; N holds double-byte text%s", shown,
                       c == ' ' && !f->sensitive ? " (pad with the full-width space)" : "");
        }
        i += cl;
    }
    return n;
}

bool kr_text_field_readable(const kr_layout *l, const kr_field *f, const unsigned char *rec, kr_problem *pb)
{
    return check_text(l, f, rec + f->offset, false, pb, 0, 1) == 0;
}

static bool codes_match(const kr_field *f, const unsigned char *p)
{
    for (size_t i = 0; i < f->n_codes; i++)
        if (memcmp(f->codes[i].value.data, p, f->length) == 0)
            return true;
    return false;
}

const char *kr_field_code_label(const kr_field *f, const unsigned char *rec)
{
    for (size_t i = 0; i < f->n_codes; i++)
        if (memcmp(f->codes[i].value.data, rec + f->offset, f->length) == 0)
            return f->codes[i].label;
    return NULL;
}

size_t kr_field_check(const kr_layout *l, const kr_field *f, const unsigned char *rec,
                      kr_problem *out, size_t max)
{
    const unsigned char *p = rec + f->offset;
    size_t n = 0;
    kr_problem pb;
    switch (f->type) {
    case KR_F_X:
    case KR_F_N:
    case KR_F_M:
        n = check_text(l, f, p, true, out, n, max);
        break;
    case KR_F_ZD:
    case KR_F_PD:
    case KR_F_BI: {
        kr_i128 v;
        if (!kr_num_get(l, f, rec, &v, &pb) && n < max)
            out[n++] = pb;
        break;
    }
    case KR_F_DATE: {
        kr_date d;
        if (!kr_date_get(l, f, rec, &d, &pb) && n < max)
            out[n++] = pb;
        break;
    }
    case KR_F_MYNUMBER: {
        bool blank = true;
        for (size_t i = 0; i < 12; i++)
            blank &= p[i] == ' ';
        if (blank) {
            n = add(out, n, max, KR_RC_WARN, "KRK0307W", f->offset, "個人番号 is blank");
            break;
        }
        size_t i;
        for (i = 0; i < 12 && p[i] >= '0' && p[i] <= '9'; i++)
            ;
        if (i < 12) {
            n = add(out, n, max, KR_RC_REJECT, "KRK0306E", f->offset + i,
                    "個人番号 holds a byte that is not a digit at its position %zu", i + 1);
            break;
        }
        int cd = kr_mynumber_check_digit(p);
        if (cd != p[11] - '0')
            /* The expected digit would disclose the number's structure no more than the
             * digit itself; the number is never printed. */
            n = add(out, n, max, KR_RC_REJECT, "KRK0306E", f->offset + 11,
                    "個人番号 check digit does not match (番号法施行規則 第5条)");
        break;
    }
    }
    if (f->n_codes && n == 0 && !codes_match(f, p)) {
        kr_buf shown;
        kr_buf_init(&shown);
        if (!f->sensitive)
            kr_text_display(l->encoding, p, f->length, &shown);
        kr_buf list;
        kr_buf_init(&list);
        for (size_t i = 0; i < f->n_codes && i < 12; i++) {
            if (i)
                kr_buf_adds(&list, ", ");
            kr_text_display(l->encoding, f->codes[i].value.data, f->codes[i].value.len, &list);
            if (f->codes[i].label)
                kr_buf_addf(&list, " %s", f->codes[i].label);
        }
        if (f->n_codes > 12)
            kr_buf_adds(&list, ", ...");
        n = add(out, n, max, KR_RC_REJECT, "KRK0305E", f->offset, "\"%s\" is not one of the codes (%s)",
                f->sensitive ? "***" : shown.data, list.data);
        kr_buf_free(&shown);
        kr_buf_free(&list);
    }
    return n;
}

bool kr_field_before_its_bound(const kr_layout *l, const kr_rectype *rt, const kr_field *f,
                               const unsigned char *rec, kr_problem *pb)
{
    if (!f->has_not_before || f->not_before >= rt->n_fields)
        return false;
    const kr_field *bound = &rt->fields[f->not_before];
    kr_date d, b;
    if (!kr_date_get(l, f, rec, &d, NULL) || !kr_date_get(l, bound, rec, &b, NULL) ||
        d.kind != KR_DATE_VALUE || b.kind != KR_DATE_VALUE || d.ymd >= b.ymd)
        return false;
    pb->rc = KR_RC_REJECT;
    pb->id = "KRK1761E";
    pb->offset = f->offset;
    if (f->sensitive || bound->sensitive)
        snprintf(pb->reason, sizeof pb->reason, "%s is before %s (not_before(%s)); the values are not shown",
                 f->name, bound->name, bound->name);
    else
        snprintf(pb->reason, sizeof pb->reason, "%s %04d-%02d-%02d is before %s %04d-%02d-%02d (not_before(%s))",
                 f->name, d.ymd / 10000, d.ymd / 100 % 100, d.ymd % 100, bound->name, b.ymd / 10000,
                 b.ymd / 100 % 100, b.ymd % 100, bound->name);
    return true;
}
