/* textkey.c: character-aware keys for the sort and match engine. A text field becomes bytes
 * that compare with memcmp in character order - the same bytes for the same text in CP932
 * or UTF-8 - or in 50音 order as a multi-level key (docs/TEXT.md, "Keys"). */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* Every character gets a weight, written like UTF-8 (1 to 4 bytes, order-preserving and
 * prefix-free, never 0x00, so zero-fill sorts shorter text first):
 *   0x01-0x7F      ASCII 0x00-0x7E (weight = byte + 1)
 *   0x80           DEL
 *   0x1A1-0x1DF    half-width katakana (0x100 + CP932 byte)
 *   0x200-0x4FC    CP932 0x8140-0x84FC: symbols, full-width ASCII, kana, Greek, Cyrillic
 *   0x700-0x7FF    a byte that is no character (0x700 + byte)
 *   0x800-0x7FBC   CP932 0x8540-0xFCFC: kanji in JIS order, NEC/IBM extensions, 外字
 *   0x10000 + cp   characters CP932 cannot write, by code point
 * So single-byte characters come first, then double-byte ones in CP932 (JIS) order, with
 * NEC/IBM duplicates as one character (the code iconv writes), then everything else. */

static inline uint32_t weight_double(unsigned code)
{
    if (code < 0x8540)
        return 0x200 + ((code >> 8) - 0x81) * 192 + ((code & 0xFF) - 0x40);
    return 0x800 + (code - 0x8540);
}

static inline uint32_t weight_single(unsigned b)
{
    if (b < 0x7F)
        return b + 1;
    if (b == 0x7F)
        return 0x80;
    return 0x100 + b;
}

/* The weight of a code point as kr_text_decode gives them (markers included). */
static uint32_t weight_cp(uint32_t c)
{
    if (c < 0x7F)
        return c + 1;
    if (c >= 0x110000)
        return c < 0x120000 ? 0x700 + (c - 0x110000) : weight_double(c - 0x120000);
    if (c < 0x10000) {
        unsigned code = kr_ucs_to_cp932_rt[c];
        if (code)
            return code < 0x100 ? weight_single(code) : weight_double(code);
    }
    return 0x10000 + c;
}

typedef struct sink {
    unsigned char *p, *end;
} sink;

static inline void put_weight(sink *s, uint32_t w)
{
    size_t room = (size_t)(s->end - s->p);
    unsigned char *p = s->p;
    if (w < 0x80 && room >= 1) {
        p[0] = (unsigned char)w;
        s->p = p + 1;
    } else if (w < 0x800 && room >= 2) {
        p[0] = (unsigned char)(0xC0 | w >> 6);
        p[1] = (unsigned char)(0x80 | (w & 0x3F));
        s->p = p + 2;
    } else if (w >= 0x800 && w < 0x10000 && room >= 3) {
        p[0] = (unsigned char)(0xE0 | w >> 12);
        p[1] = (unsigned char)(0x80 | ((w >> 6) & 0x3F));
        p[2] = (unsigned char)(0x80 | (w & 0x3F));
        s->p = p + 3;
    } else if (w >= 0x10000 && room >= 4) {
        p[0] = (unsigned char)(0xF0 | w >> 18);
        p[1] = (unsigned char)(0x80 | ((w >> 12) & 0x3F));
        p[2] = (unsigned char)(0x80 | ((w >> 6) & 0x3F));
        p[3] = (unsigned char)(0x80 | (w & 0x3F));
        s->p = p + 4;
    } else {
        s->p = s->end; /* cannot happen within kr_textkey_width; never overrun */
    }
}

size_t kr_textkey_width_bytes(size_t max_bytes, kr_collation c)
{
    /* No character takes more than twice its source bytes as a weight: one byte gives at
     * most 2, two at most 4 (a character CP932 cannot write), three or four at most 4. */
    size_t w = 2 * max_bytes;
    if (c == KR_COLL_KANA)
        w += 3 * ((max_bytes + 3) / 4);
    return w;
}

size_t kr_textkey_width(const kr_layout *l, const kr_field *f, kr_collation c)
{
    (void)l;
    return kr_textkey_width_bytes(f->length, c);
}

/* The character key of CP932 bytes without folding, straight from the bytes. */
static unsigned char *char_key_cp932(const unsigned char *p, size_t n, sink *s)
{
    unsigned char *keep = s->p;
    size_t i = 0;
    while (i < n) {
        unsigned b = p[i];
        uint32_t w;
        bool pad = false;
        if (b < 0x80) {
            w = weight_single(b);
            pad = b == ' ';
            i++;
        } else if (b >= 0xA1 && b <= 0xDF) {
            w = 0x100 + b;
            i++;
        } else if (kr_cp932_is_lead((unsigned char)b) && i + 1 < n &&
                   ((p[i + 1] >= 0x40 && p[i + 1] <= 0x7E) || (p[i + 1] >= 0x80 && p[i + 1] <= 0xFC))) {
            unsigned code = b << 8 | p[i + 1];
            unsigned canon = kr_cp932_canon[kr_cp932_lead_index((unsigned char)b) * 256 + p[i + 1]];
            w = weight_double(canon ? canon : code);
            pad = canon == 0x8140;
            i += 2;
        } else {
            w = 0x700 + b;
            i++;
        }
        put_weight(s, w);
        if (!pad)
            keep = s->p;
    }
    return keep;
}

/* Decodes, drops trailing padding and folds: the code points of the key. */
static size_t key_codepoints(kr_encoding enc, const unsigned char *p, size_t n, const kr_fold *fold,
                             uint32_t *buf, uint32_t *tmp)
{
    size_t k = kr_text_decode(enc, p, n, buf);
    while (k > 0 && (buf[k - 1] == ' ' || buf[k - 1] == 0x3000))
        k--;
    if (fold) {
        size_t m;
        kr_fold_text(fold, buf, k, tmp, &m);
        memcpy(buf, tmp, m * sizeof *buf);
        k = m;
    }
    return k;
}

static void char_key(const uint32_t *cp, size_t n, sink *s)
{
    for (size_t i = 0; i < n; i++)
        put_weight(s, weight_cp(cp[i]));
}

static inline void put2(unsigned char *seg, size_t j, unsigned v)
{
    seg[j / 4] |= (unsigned char)(v << (6 - 2 * (j % 4)));
}

/* The 50音 key: level 1 the base letters (が, ガ, ｶﾞ, ヵ weigh as か; ー as the vowel before
 * it; ゝ as the letter before it), then 2 bits per character for each of level 2 (清音 0,
 * 濁音 1, 半濁音 2), level 3 (small 0, large 1, ー/ゝ 2) and level 4 (hiragana 0,
 * katakana 1, half-width 2). */
static void kana_key(const uint32_t *cp, size_t n, unsigned char *out, size_t width)
{
    /* The levels' places follow from the width alone, so that two fields (a CP932 one and a
     * UTF-8 one) give comparable keys when the caller passes both the same width: the
     * largest m with kr_textkey_width_bytes(m) <= width sets them. */
    size_t m = width / 2 + 1;
    while (m > 0 && kr_textkey_width_bytes(m, KR_COLL_KANA) > width)
        m--;
    size_t w1 = 2 * m, seg = (m + 3) / 4;
    sink s = {out, out + w1};
    unsigned char *l2 = out + w1, *l3 = l2 + seg, *l4 = l3 + seg;
    memset(l2, 0, (size_t)(out + width - l2));
    uint32_t prev_base = 0;
    size_t j = 0;
    if (n > 4 * seg) /* a width below kr_textkey_width: key what fits, never overrun */
        n = 4 * seg;
    for (size_t i = 0; i < n; i++, j++) {
        uint32_t c = cp[i];
        kr_kana k;
        if (kr_kana_of(c, &k)) {
            unsigned voicing = k.voicing;
            if (i + 1 < n && !k.voicing && !k.small) {
                uint32_t sm = cp[i + 1];
                int mark = sm == 0xFF9E || sm == 0x3099 ? 1 : sm == 0xFF9F || sm == 0x309A ? 2 : 0;
                if (mark && kr_kana_voiced(c >= 0xFF66 ? kr_kana_full(c) : c, mark)) {
                    voicing = (unsigned)mark;
                    i++;
                }
            }
            put_weight(&s, weight_cp(k.base));
            put2(l2, j, voicing);
            put2(l3, j, k.small ? 0 : 1);
            put2(l4, j, k.script);
            prev_base = k.base;
        } else if ((c == 0x30FC || c == 0xFF70) && prev_base) {
            put_weight(&s, weight_cp(kr_kana_vowel(prev_base)));
            put2(l3, j, 2);
            put2(l4, j, c == 0xFF70 ? 2 : 1);
        } else if ((c == 0x309D || c == 0x309E || c == 0x30FD || c == 0x30FE) && prev_base) {
            put_weight(&s, weight_cp(prev_base));
            put2(l2, j, c == 0x309E || c == 0x30FE ? 1 : 0);
            put2(l3, j, 2);
            put2(l4, j, c >= 0x30FD ? 1 : 0);
        } else {
            put_weight(&s, weight_cp(c));
            prev_base = 0;
        }
    }
    memset(s.p, 0, (size_t)(out + w1 - s.p));
}

void kr_textkey_text(kr_encoding enc, const unsigned char *p, size_t n, kr_collation c,
                     const kr_fold *fold, unsigned char *out, size_t width)
{
    if (c == KR_COLL_CHAR && !fold && enc == KR_ENC_CP932) {
        sink s = {out, out + width};
        unsigned char *keep = char_key_cp932(p, n, &s);
        memset(keep, 0, (size_t)(out + width - keep));
        return;
    }
    uint32_t stack[2 * 256];
    uint32_t *buf = n <= 256 ? stack : kr_xmalloc(2 * n * sizeof *buf);
    size_t k = key_codepoints(enc, p, n, fold, buf, buf + n);
    if (c == KR_COLL_CHAR) {
        sink s = {out, out + width};
        char_key(buf, k, &s);
        memset(s.p, 0, (size_t)(out + width - s.p));
    } else {
        kana_key(buf, k, out, width);
    }
    if (buf != stack)
        free(buf);
}

void kr_textkey(const kr_layout *l, const kr_field *f, const unsigned char *rec, kr_collation c,
                const kr_fold *fold, unsigned char *out, size_t width)
{
    kr_textkey_text(l->encoding, rec + f->offset, f->length, c, fold, out, width);
}
