/* display.c: a field's value as people read it: decoded text, numbers with their decimal
 * point, dates in both calendars, sensitive fields masked. */
#include "kiroku/codec.h"
#include "kiroku/text.h"

#include <string.h>

static void raw_escaped(const unsigned char *p, size_t n, kr_buf *out)
{
    kr_buf_adds(out, "?");
    for (size_t i = 0; i < n; i++) {
        if (p[i] >= 0x20 && p[i] < 0x7F)
            kr_buf_addc(out, (char)p[i]);
        else
            kr_buf_addf(out, "\\x%02X", p[i]);
    }
}

/* Text without its padding: trailing spaces and full-width spaces. */
static size_t trimmed_length(kr_encoding enc, const unsigned char *p, size_t n)
{
    for (;;) {
        if (n >= 1 && p[n - 1] == ' ') {
            n--;
            continue;
        }
        if (enc == KR_ENC_CP932 && n >= 2 && p[n - 2] == 0x81 && p[n - 1] == 0x40) {
            /* Only when 0x81 really starts a character: count lead bytes before it. */
            size_t i = 0;
            while (i < n - 2)
                i += kr_cp932_is_lead(p[i]) && i + 1 < n ? 2 : 1;
            if (i == n - 2) {
                n -= 2;
                continue;
            }
        }
        if (enc == KR_ENC_UTF8 && n >= 3 && p[n - 3] == 0xE3 && p[n - 2] == 0x80 && p[n - 1] == 0x80) {
            n -= 3;
            continue;
        }
        return n;
    }
}

void kr_field_display(const kr_layout *l, const kr_field *f, const unsigned char *rec,
                      bool show_sensitive, kr_buf *out)
{
    kr_field_display_with(l, f, rec, show_sensitive, NULL, out);
}

void kr_field_display_with(const kr_layout *l, const kr_field *f, const unsigned char *rec,
                           bool show_sensitive, const kr_gaiji *gaiji, kr_buf *out)
{
    const unsigned char *p = rec + f->offset;
    if (f->sensitive && !show_sensitive) {
        for (size_t i = 0; i < f->length; i++)
            kr_buf_addc(out, '*');
        return;
    }
    char num[64];
    switch (f->type) {
    case KR_F_X:
    case KR_F_N:
    case KR_F_M:
        kr_text_display_gaiji(l->encoding, gaiji, p, trimmed_length(l->encoding, p, f->length), out);
        return;
    case KR_F_ZD:
    case KR_F_PD:
    case KR_F_BI: {
        kr_i128 v;
        if (!kr_num_get(l, f, rec, &v, NULL)) {
            raw_escaped(p, f->length, out);
            return;
        }
        kr_num_format(v, f->scale, num);
        kr_buf_adds(out, num);
        return;
    }
    case KR_F_DATE: {
        kr_date d;
        if (!kr_date_get(l, f, rec, &d, NULL)) {
            raw_escaped(p, f->length, out);
            return;
        }
        if (d.kind == KR_DATE_NONE) {
            kr_buf_adds(out, "(none)");
            return;
        }
        if (d.kind == KR_DATE_OPEN) {
            kr_buf_adds(out, "(open)");
            return;
        }
        if (f->datefmt == KR_DATE_YYYYMM) {
            kr_buf_addf(out, "%04d-%02d", d.ymd / 10000, d.ymd / 100 % 100);
            return;
        }
        if (d.era >= 0)
            kr_buf_addf(out, "%s%d年%d月%d日 ", l->eras[d.era].name, d.era_year, d.ymd / 100 % 100,
                        d.ymd % 100);
        kr_buf_addf(out, "%04d-%02d-%02d", d.ymd / 10000, d.ymd / 100 % 100, d.ymd % 100);
        return;
    }
    case KR_F_MYNUMBER:
        kr_buf_add(out, (const char *)p, 12);
        return;
    }
}
