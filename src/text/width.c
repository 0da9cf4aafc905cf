/* width.c: text between half-width and full-width forms, for SORT's TRAN=HANZEN and
 * TRAN=ZENHAN: half-width katakana (with ﾞ and ﾟ joined to their letter: ｶﾞ is ガ), ASCII
 * letters, digits and signs, and the blank between words, to their full-width forms, and
 * back. Characters with no other form, and the trailing blanks that pad a field, stay as they
 * are, byte for byte; a character the target encoding cannot write (CP932's few) stays too. */
#include "internal.h"

#include <string.h>

/* The half-width katakana or punctuation (U+FF61-U+FF9D) whose full-width form, alone or with
 * a sound mark, is c; *mark 0, 1 (ﾞ) or 2 (ﾟ). 0 when there is none. */
static uint32_t half_of(uint32_t c, int *mark)
{
    for (uint32_t h = 0xFF61; h <= 0xFF9D; h++) {
        uint32_t f = kr_kana_full(h);
        for (int m = 0; m <= 2; m++)
            if ((m == 0 ? f : kr_kana_voiced(f, m)) == c) {
                *mark = m;
                return h;
            }
    }
    return 0;
}

static void put(kr_encoding enc, uint32_t c, const unsigned char *orig, size_t orig_len, kr_buf *out)
{
    unsigned char b[4];
    if (enc == KR_ENC_UTF8) {
        kr_buf_add(out, b, kr_utf8_encode(c, b));
        return;
    }
    int code = kr_cp932_encode(c, KR_DUP_IBM);
    if (code < 0) { /* no CP932 form: the character as it was */
        kr_buf_add(out, orig, orig_len);
        return;
    }
    if (code > 0xFF) {
        b[0] = (unsigned char)(code >> 8);
        b[1] = (unsigned char)code;
        kr_buf_add(out, b, 2);
    } else {
        b[0] = (unsigned char)code;
        kr_buf_add(out, b, 1);
    }
}

void kr_text_width(kr_encoding enc, bool to_full, const unsigned char *p, size_t n, kr_buf *out)
{
    size_t end = n;
    while (end > 0 && p[end - 1] == ' ')
        end--;
    size_t i = 0;
    while (i < end) {
        uint32_t c;
        kr_charclass cls;
        size_t len = kr_text_next(enc, p + i, end - i, &c, &cls);
        if (len == 0)
            len = 1;
        uint32_t to = 0, mark_char = 0;
        size_t used = len;
        if (cls != KR_CC_INVALID && cls != KR_CC_UNMAPPED) {
            if (to_full) {
                if (c == ' ')
                    to = 0x3000;
                else if (c >= 0x21 && c <= 0x7E)
                    to = c - 0x21 + 0xFF01;
                else if (c >= 0xFF61 && c <= 0xFF9F) {
                    to = kr_kana_full(c);
                    if (i + len < end) { /* a sound mark after it joins it */
                        uint32_t m;
                        kr_charclass mc;
                        size_t ml = kr_text_next(enc, p + i + len, end - i - len, &m, &mc);
                        int mark = m == 0xFF9E ? 1 : m == 0xFF9F ? 2 : 0;
                        uint32_t v = mark ? kr_kana_voiced(to, mark) : 0;
                        if (v) {
                            to = v;
                            used = len + ml;
                        }
                    }
                }
            } else {
                int mark = 0;
                if (c == 0x3000)
                    to = ' ';
                else if (c >= 0xFF01 && c <= 0xFF5E)
                    to = c - 0xFF01 + 0x21;
                else if ((c >= 0x30A1 && c <= 0x30FC) || (c >= 0x3001 && c <= 0x300D)) {
                    to = half_of(c, &mark);
                    mark_char = mark == 1 ? 0xFF9E : mark == 2 ? 0xFF9F : 0;
                }
            }
        }
        if (to) {
            put(enc, to, p + i, used, out);
            if (mark_char)
                put(enc, mark_char, p + i, 0, out);
        } else
            kr_buf_add(out, p + i, used);
        i += used;
    }
}
