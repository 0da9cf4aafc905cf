/* text.c: placing generated text into X, N and M fields: each character converted to the
 * width the field holds (half-width katakana in X, full-width in N), encoded in the layout's
 * encoding (CP932 through the text module's round-trip encoder, kr_cp932_encode: never a
 * best-fit code that reads back as another character), cut before a character that does not
 * fit and padded as docs/LAYOUTS.md says. */
#include "gen_private.h"
#include "kiroku/text.h"

#include <string.h>

/* Full-width katakana U+30A1..U+30FC -> half-width (offset from U+FF00) and a voicing mark
 * (1 ﾞ, 2 ﾟ), per Unicode's compatibility mappings; ヵ ヶ ヮ ヰ ヱ take their plain forms.
 * 0 means no half-width form. */
static const uint8_t kata_to_half[0x30FD - 0x30A1][2] = {
    {0x67, 0}, {0x71, 0}, {0x68, 0}, {0x72, 0}, {0x69, 0}, {0x73, 0}, {0x6A, 0}, {0x74, 0},
    {0x6B, 0}, {0x75, 0}, {0x76, 0}, {0x76, 1}, {0x77, 0}, {0x77, 1}, {0x78, 0}, {0x78, 1},
    {0x79, 0}, {0x79, 1}, {0x7A, 0}, {0x7A, 1}, {0x7B, 0}, {0x7B, 1}, {0x7C, 0}, {0x7C, 1},
    {0x7D, 0}, {0x7D, 1}, {0x7E, 0}, {0x7E, 1}, {0x7F, 0}, {0x7F, 1}, {0x80, 0}, {0x80, 1},
    {0x81, 0}, {0x81, 1}, {0x6F, 0}, {0x82, 0}, {0x82, 1}, {0x83, 0}, {0x83, 1}, {0x84, 0},
    {0x84, 1}, {0x85, 0}, {0x86, 0}, {0x87, 0}, {0x88, 0}, {0x89, 0}, {0x8A, 0}, {0x8A, 1},
    {0x8A, 2}, {0x8B, 0}, {0x8B, 1}, {0x8B, 2}, {0x8C, 0}, {0x8C, 1}, {0x8C, 2}, {0x8D, 0},
    {0x8D, 1}, {0x8D, 2}, {0x8E, 0}, {0x8E, 1}, {0x8E, 2}, {0x8F, 0}, {0x90, 0}, {0x91, 0},
    {0x92, 0}, {0x93, 0}, {0x6C, 0}, {0x94, 0}, {0x6D, 0}, {0x95, 0}, {0x6E, 0}, {0x96, 0},
    {0x97, 0}, {0x98, 0}, {0x99, 0}, {0x9A, 0}, {0x9B, 0}, {0x9C, 0}, {0x9C, 0}, {0x72, 0},
    {0x74, 0}, {0x66, 0}, {0x9D, 0}, {0x73, 1}, {0x76, 0}, {0x79, 0}, {0x9C, 1}, {0x00, 0},
    {0x00, 0}, {0x66, 1}, {0x65, 0}, {0x70, 0},
};

/* Converts one character to the forms a field of type t holds; returns how many code
 * points were written to out (0: the field cannot hold it). */
static size_t convert(kr_ftype t, uint32_t c, uint32_t out[2])
{
    if (t == KR_F_X) {
        if (c >= 0x20 && c < 0x7F)
            return out[0] = c, 1;
        if (c == 0x3000)
            return out[0] = ' ', 1;
        if (c >= 0xFF01 && c <= 0xFF5E)
            return out[0] = c - 0xFEE0, 1;
        if (c >= 0xFF61 && c <= 0xFF9F)
            return out[0] = c, 1;
        if (c >= 0x3041 && c <= 0x3096)
            c += 0x60; /* hiragana -> katakana */
        if (c >= 0x30A1 && c <= 0x30FC && kata_to_half[c - 0x30A1][0]) {
            out[0] = 0xFF00 + kata_to_half[c - 0x30A1][0];
            if (!kata_to_half[c - 0x30A1][1])
                return 1;
            out[1] = kata_to_half[c - 0x30A1][1] == 1 ? 0xFF9E : 0xFF9F;
            return 2;
        }
        return 0;
    }
    if (t == KR_F_N) {
        if (c == ' ')
            return out[0] = 0x3000, 1;
        if (c > 0x20 && c < 0x7F)
            return out[0] = c + 0xFEE0, 1;
        if (c >= 0xFF61 && c <= 0xFF9F)
            return out[0] = kr_kana_full(c), 1;
        if (c < 0x80)
            return 0;
        return out[0] = c, 1;
    }
    if (c < 0x20 || c == 0x7F)
        return 0;
    return out[0] = c, 1;
}

/* Encodes c for a field of type t; 0 when the encoding has no such character or the type
 * does not hold it (a single-byte character in N, a double-byte one in X). */
static size_t encode(kr_encoding enc, kr_ftype t, uint32_t c, unsigned char out[4])
{
    bool single;
    size_t n;
    if (enc == KR_ENC_CP932) {
        /* The text module's round-trip encoder: a character whose CP932 code would read back
         * as another (iconv's best fits: ¥ -> 0x5C, 〜, −) has no code here. */
        int v = kr_cp932_encode(c, KR_DUP_IBM);
        if (v < 0)
            return 0;
        single = v < 0x100;
        if (single)
            out[0] = (unsigned char)v, n = 1;
        else
            out[0] = (unsigned char)(v >> 8), out[1] = (unsigned char)v, n = 2;
    } else {
        single = c < 0x80 || (c >= 0xFF61 && c <= 0xFF9F);
        n = kr_utf8_encode(c, out);
    }
    if ((t == KR_F_X && !single) || (t == KR_F_N && single))
        return 0;
    return n;
}

void gen_pad_text(const kr_layout *l, const kr_field *f, unsigned char *rec, size_t used)
{
    unsigned char *p = rec + f->offset;
    size_t len = f->length;
    if (f->type == KR_F_N) {
        if (l->encoding == KR_ENC_CP932) {
            for (; used + 2 <= len; used += 2)
                p[used] = 0x81, p[used + 1] = 0x40;
        } else {
            for (; used + 3 <= len; used += 3)
                p[used] = 0xE3, p[used + 1] = 0x80, p[used + 2] = 0x80;
        }
    }
    if (used < len)
        memset(p + used, ' ', len - used);
}

size_t gen_put_text(const kr_layout *l, const kr_field *f, unsigned char *rec, const char *s,
                    size_t n)
{
    unsigned char *p = rec + f->offset;
    size_t cap = f->length, used = 0, i = 0;
    while (i < n) {
        uint32_t c;
        kr_charclass cls;
        size_t cl = kr_utf8_next((const unsigned char *)s + i, n - i, &c, &cls);
        if (cls == KR_CC_INVALID)
            break;
        uint32_t conv[2];
        size_t nc = convert(f->type, c, conv);
        unsigned char bytes[8];
        size_t nb = 0;
        bool ok = nc > 0;
        for (size_t k = 0; k < nc && ok; k++) {
            size_t b = encode(l->encoding, f->type, conv[k], bytes + nb);
            ok = b > 0;
            nb += b;
        }
        if (!ok || used + nb > cap)
            break;
        memcpy(p + used, bytes, nb);
        used += nb;
        i += cl;
    }
    gen_pad_text(l, f, rec, used);
    return i;
}

size_t gen_text_capacity(const kr_layout *l, const kr_field *f)
{
    if (f->type == KR_F_N)
        return l->encoding == KR_ENC_CP932 ? f->length / 2 : f->length / 3;
    return f->length;
}
