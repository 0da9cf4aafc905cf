/* decode.c: CP932 and UTF-8 decoding, one character at a time, and display decoding. */
#include "kiroku/text.h"

static int cp932_lead_index(unsigned char b)
{
    return b <= 0x9F ? b - 0x81 : b - 0xE0 + 31;
}

size_t kr_cp932_next(const unsigned char *p, size_t n, uint32_t *ucs, kr_charclass *cls)
{
    unsigned char b = p[0];
    if (!kr_cp932_is_lead(b)) {
        uint16_t c = kr_cp932_single[b];
        *ucs = c == 0xFFFF ? 0 : c;
        if (c == 0xFFFF)
            *cls = KR_CC_INVALID;
        else if (b < 0x20 || b == 0x7F)
            *cls = KR_CC_CONTROL;
        else if (b < 0x80)
            *cls = KR_CC_ASCII;
        else
            *cls = KR_CC_HALFKANA;
        return 1;
    }
    if (n < 2) {
        *ucs = 0;
        *cls = KR_CC_INVALID;
        return 1;
    }
    unsigned char t = p[1];
    if (!((t >= 0x40 && t <= 0x7E) || (t >= 0x80 && t <= 0xFC))) {
        *ucs = 0;
        *cls = KR_CC_INVALID;
        return 1;
    }
    uint16_t c = kr_cp932_double[cp932_lead_index(b) * 256 + t];
    *ucs = c;
    if (b >= 0xF0 && b <= 0xF9)
        *cls = KR_CC_GAIJI;
    else
        *cls = c ? KR_CC_DOUBLE : KR_CC_UNMAPPED;
    return 2;
}

size_t kr_utf8_next(const unsigned char *p, size_t n, uint32_t *ucs, kr_charclass *cls)
{
    unsigned char b = p[0];
    *ucs = 0;
    if (b < 0x80) {
        *ucs = b;
        *cls = (b < 0x20 || b == 0x7F) ? KR_CC_CONTROL : KR_CC_ASCII;
        return 1;
    }
    size_t len;
    uint32_t c, min;
    if (b >= 0xC2 && b <= 0xDF)
        len = 2, c = b & 0x1F, min = 0x80;
    else if (b >= 0xE0 && b <= 0xEF)
        len = 3, c = b & 0x0F, min = 0x800;
    else if (b >= 0xF0 && b <= 0xF4)
        len = 4, c = b & 0x07, min = 0x10000;
    else {
        *cls = KR_CC_INVALID;
        return 1;
    }
    if (n < len) {
        *cls = KR_CC_INVALID;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            *cls = KR_CC_INVALID;
            return 1;
        }
        c = (c << 6) | (p[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        *cls = KR_CC_INVALID;
        return 1;
    }
    *ucs = c;
    if (c >= 0xFF61 && c <= 0xFF9F)
        *cls = KR_CC_HALFKANA;
    else if ((c >= 0xE000 && c <= 0xF8FF) || (c >= 0xF0000 && c <= 0x10FFFD))
        *cls = KR_CC_GAIJI;
    else if (c >= 0x80 && c < 0xA0)
        *cls = KR_CC_CONTROL;
    else
        *cls = KR_CC_DOUBLE;
    return len;
}

size_t kr_text_next(kr_encoding enc, const unsigned char *p, size_t n, uint32_t *ucs,
                    kr_charclass *cls)
{
    return enc == KR_ENC_CP932 ? kr_cp932_next(p, n, ucs, cls) : kr_utf8_next(p, n, ucs, cls);
}

void kr_utf8_put(kr_buf *out, uint32_t c)
{
    unsigned char b[4];
    kr_buf_add(out, b, kr_utf8_encode(c, b));
}

void kr_text_display(kr_encoding enc, const unsigned char *p, size_t n, kr_buf *out)
{
    size_t i = 0;
    while (i < n) {
        uint32_t c;
        kr_charclass cls;
        size_t len = kr_text_next(enc, p + i, n - i, &c, &cls);
        switch (cls) {
        case KR_CC_ASCII:
        case KR_CC_HALFKANA:
        case KR_CC_DOUBLE:
            kr_utf8_put(out, c);
            break;
        case KR_CC_GAIJI:
            if (enc == KR_ENC_CP932)
                kr_buf_addf(out, "[外字%02X%02X]", p[i], p[i + 1]);
            else
                kr_buf_addf(out, "[外字U+%04X]", (unsigned)c);
            break;
        default:
            for (size_t k = 0; k < len; k++)
                kr_buf_addf(out, "\\x%02X", p[i + k]);
        }
        i += len;
    }
}
