/* encode.c: code points to CP932 and UTF-8 (round-trip codes only; best-fit forms only on
 * request), decoding a field into code points, and the conversion of a text field from one
 * encoding and type to another with its padding, 外字 mapping, cuts and replacements. */
#include "kiroku/text.h"

#include <string.h>

int kr_cp932_encode(uint32_t c, kr_dupform form)
{
    if (c >= 0x10000)
        return -1;
    unsigned code = kr_ucs_to_cp932_rt[c];
    if (code == 0 && c != 0)
        return -1;
    if (form == KR_DUP_NEC && code > 0xFF)
        code = kr_cp932_nec[kr_cp932_lead_index((unsigned char)(code >> 8)) * 256 + (code & 0xFF)];
    return (int)code;
}

int kr_cp932_bestfit(uint32_t c)
{
    /* iconv writes U+00A5 and U+203E as 0x5C and 0x7E, which CP932 reads as '\' and '~':
     * kiroku writes the full-width forms instead. */
    if (c == 0xA5)
        return 0x818F;
    if (c == 0x203E)
        return 0x8150;
    if (c >= 0x10000 || kr_ucs_to_cp932_rt[c])
        return 0;
    unsigned code = kr_ucs_to_cp932[c];
    return code > 0xFF ? (int)code : 0;
}

size_t kr_utf8_encode(uint32_t c, unsigned char *b)
{
    if (c < 0x80) {
        b[0] = (unsigned char)c;
        return 1;
    }
    if (c < 0x800) {
        b[0] = (unsigned char)(0xC0 | c >> 6);
        b[1] = (unsigned char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        b[0] = (unsigned char)(0xE0 | c >> 12);
        b[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (c & 0x3F));
        return 3;
    }
    b[0] = (unsigned char)(0xF0 | c >> 18);
    b[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
    b[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    b[3] = (unsigned char)(0x80 | (c & 0x3F));
    return 4;
}

size_t kr_text_decode(kr_encoding enc, const unsigned char *p, size_t n, uint32_t *out)
{
    size_t i = 0, k = 0;
    while (i < n) {
        uint32_t c;
        kr_charclass cls;
        size_t len = kr_text_next(enc, p + i, n - i, &c, &cls);
        if (cls == KR_CC_INVALID)
            c = 0x110000 + p[i];
        else if (cls == KR_CC_UNMAPPED)
            c = 0x120000 + (uint32_t)(p[i] << 8 | p[i + 1]);
        out[k++] = c;
        i += len;
    }
    return k;
}

void kr_text_pad(kr_encoding enc, kr_ftype type, unsigned char *dst, size_t width)
{
    size_t i = 0;
    if (type == KR_F_N) {
        if (enc == KR_ENC_CP932)
            for (; i + 2 <= width; i += 2)
                dst[i] = 0x81, dst[i + 1] = 0x40;
        else
            for (; i + 3 <= width; i += 3)
                dst[i] = 0xE3, dst[i + 1] = 0x80, dst[i + 2] = 0x80;
    }
    memset(dst + i, ' ', width - i);
}

/* One character, with CP932's common cases inline (the conversion's inner loop). */
static inline size_t next_char(kr_encoding enc, const unsigned char *p, size_t n, uint32_t *c,
                               kr_charclass *cls)
{
    if (enc == KR_ENC_CP932) {
        unsigned b = p[0];
        if (b >= 0xA1 && b <= 0xDF) {
            *c = 0xFF61 + (b - 0xA1);
            *cls = KR_CC_HALFKANA;
            return 1;
        }
        if (n >= 2 && kr_cp932_is_lead((unsigned char)b) && (b < 0xF0 || b > 0xF9)) {
            /* The table holds 0 for a trail byte that is no trail byte, and for no character. */
            uint16_t u = kr_cp932_double[kr_cp932_lead_index((unsigned char)b) * 256 + p[1]];
            if (u) {
                *c = u;
                *cls = KR_CC_DOUBLE;
                return 2;
            }
        }
    }
    return kr_text_next(enc, p, n, c, cls);
}

/* Where the text ends once trailing spaces and full-width spaces are dropped. Only the
 * character boundaries matter here, so lead bytes are enough to step. */
static size_t text_end(kr_encoding enc, const unsigned char *p, size_t n)
{
    if (enc == KR_ENC_CP932) {
        /* A space is never a trail byte: trailing spaces go from the back. What ends there
         * is the text, unless it may be a lead byte or a full-width space: then step. */
        size_t back = n;
        while (back > 0 && p[back - 1] == ' ')
            back--;
        if (back == 0 || (!kr_cp932_is_lead(p[back - 1]) && !(back >= 2 && p[back - 2] == 0x81 && p[back - 1] == 0x40)))
            return back;
    }
    size_t i = 0, end = 0;
    while (i < n) {
        unsigned b = p[i];
        size_t len = 1;
        bool pad = b == ' ';
        if (enc == KR_ENC_CP932) {
            if (kr_cp932_is_lead((unsigned char)b) && i + 1 < n) {
                len = 2;
                pad = b == 0x81 && p[i + 1] == 0x40;
            }
        } else if (b >= 0xC2 && b <= 0xF4) {
            len = b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
            if (i + len > n)
                len = 1;
            pad = len == 3 && b == 0xE3 && p[i + 1] == 0x80 && p[i + 2] == 0x80;
        }
        i += len;
        if (!pad)
            end = i;
    }
    return end;
}

/* A character of U+0800..U+FFFF as its three UTF-8 bytes; returns 3. */
static inline size_t put_utf8_3(unsigned char *b, uint32_t c)
{
    b[0] = (unsigned char)(0xE0 | c >> 12);
    b[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    b[2] = (unsigned char)(0x80 | (c & 0x3F));
    return 3;
}

static bool single_width(uint32_t c)
{
    return c < 0x80 || (c >= 0xFF61 && c <= 0xFF9F);
}

/* Encodes c for the target: its bytes into b, their count returned; 0 when the target
 * encoding or field type has no form for c. */
static size_t encode_one(const kr_transcode *t, uint32_t c, unsigned char *b)
{
    if (t->to_type == KR_F_X && !single_width(c))
        return 0;
    if (t->to_type == KR_F_N && single_width(c))
        return 0;
    if (t->to == KR_ENC_UTF8) {
        if (c >= 0x110000 || (c >= 0x80 && c < 0xA0))
            return 0;
        return kr_utf8_encode(c, b);
    }
    int code = kr_cp932_encode(c, t->dup == KR_DUP_NEC ? KR_DUP_NEC : KR_DUP_IBM);
    if (code < 0)
        return 0;
    if (code > 0xFF) {
        b[0] = (unsigned char)(code >> 8);
        b[1] = (unsigned char)code;
        return 2;
    }
    b[0] = (unsigned char)code;
    return 1;
}

/* The substitute for a character without a form: the best-fit form, else 〓 (N, M) or ?. */
static size_t substitute(const kr_transcode *t, uint32_t c, unsigned char *b)
{
    if (t->to_type != KR_F_X) {
        int bf = kr_cp932_bestfit(c);
        if (bf) {
            uint32_t u = kr_cp932_double[kr_cp932_lead_index((unsigned char)(bf >> 8)) * 256 + (bf & 0xFF)];
            size_t n = encode_one(t, u, b);
            if (n)
                return n;
        }
        size_t n = encode_one(t, 0x3013, b); /* 〓 GETA MARK */
        if (n)
            return n;
    }
    b[0] = '?';
    return 1;
}

bool kr_text_transcode(const kr_transcode *t, const unsigned char *src, size_t n,
                       unsigned char *dst, size_t width, kr_tc_notify notify, void *ctx,
                       kr_tc_note *err_note)
{
    size_t end = text_end(t->from, src, n);
    size_t i = 0, len = 0, prev_i = 0, prev_len = 0;
    bool keep_bytes = t->dup == KR_DUP_KEEP && t->from == KR_ENC_CP932 && t->to == KR_ENC_CP932 && !t->fold;
    /* CP932 to UTF-8: a double-byte character of the table (no 外字) in an N or M field, and
     * a half-width katakana in an X or M field, are three UTF-8 bytes, written straight. */
    bool to_utf8 = t->from == KR_ENC_CP932 && t->to == KR_ENC_UTF8 && !t->fold;
    bool dbcs_to_utf8 = to_utf8 && t->to_type != KR_F_X, kana_to_utf8 = to_utf8 && t->to_type != KR_F_N;
    kr_tc_note note;
    while (i < end) {
        if (kana_to_utf8 && src[i] >= 0xA1 && src[i] <= 0xDF && len + 3 <= width) {
            prev_i = i;
            prev_len = len;
            len += put_utf8_3(dst + len, 0xFF61 + (uint32_t)(src[i] - 0xA1));
            i += 1;
            continue;
        }
        if (dbcs_to_utf8 && i + 1 < end && len + 3 <= width && kr_cp932_is_lead(src[i]) &&
            (src[i] < 0xF0 || src[i] > 0xF9)) {
            uint32_t u = kr_cp932_double[kr_cp932_lead_index(src[i]) * 256 + src[i + 1]];
            if (u >= 0x800 && !single_width(u)) {
                prev_i = i;
                prev_len = len;
                len += put_utf8_3(dst + len, u);
                i += 2;
                continue;
            }
        }
        unsigned char b[32];
        size_t bl = 0, cl;
        uint32_t c;
        kr_charclass cls;
        /* ASCII is the common case in both encodings. */
        if (src[i] >= 0x20 && src[i] < 0x7F && !t->fold) {
            if (t->to_type == KR_F_N)
                goto no_form_ascii;
            if (len + 1 > width) {
                cl = 1;
                c = src[i];
                goto no_fit;
            }
            prev_i = i;
            prev_len = len;
            dst[len++] = src[i++];
            continue;
        }
        cl = next_char(t->from, src + i, end - i, &c, &cls);
        if (cls == KR_CC_INVALID || cls == KR_CC_UNMAPPED || cls == KR_CC_CONTROL) {
            memset(err_note, 0, sizeof *err_note);
            err_note->what = KR_TC_INVALID;
            err_note->offset = i;
            err_note->len = cl;
            err_note->ucs = cls == KR_CC_CONTROL ? c : 0;
            return false;
        }
        const uint32_t *seq = &c;
        size_t nseq = 1;
        if (cls == KR_CC_GAIJI) {
            const kr_gaiji_entry *e = t->gaiji ? kr_gaiji_lookup(t->gaiji, c) : NULL;
            if (notify) {
                memset(&note, 0, sizeof note);
                note.what = e ? KR_TC_GAIJI_MAPPED : KR_TC_GAIJI_UNMAPPED;
                note.offset = i;
                note.len = cl;
                note.ucs = c;
                notify(ctx, &note);
            }
            if (e) {
                seq = e->target;
                nseq = e->n_target;
            }
        }
        uint32_t folded[16];
        if (t->fold && nseq <= 16) {
            size_t nf = 0;
            kr_fold_text(t->fold, seq, nseq, folded, &nf);
            seq = folded;
            nseq = nf;
        }
        if (keep_bytes && seq == &c && cl == 2 && t->to_type != KR_F_X) {
            memcpy(b, src + i, 2);
            bl = 2;
        } else {
            for (size_t k = 0; k < nseq; k++) {
                size_t m = encode_one(t, seq[k], b + bl);
                if (m) {
                    bl += m;
                    continue;
                }
                /* No form in the target. */
                if (!t->replace) {
                    memset(err_note, 0, sizeof *err_note);
                    err_note->what = KR_TC_NO_FORM;
                    err_note->offset = i;
                    err_note->len = cl;
                    err_note->ucs = seq[k];
                    return false;
                }
                size_t before = bl;
                /* A variation selector degenerates to its base character alone. */
                if (!kr_is_variation_selector(seq[k]))
                    bl += substitute(t, seq[k], b + bl);
                if (notify) {
                    memset(&note, 0, sizeof note);
                    note.what = KR_TC_REPLACED;
                    note.offset = i;
                    note.len = cl;
                    note.ucs = seq[k];
                    note.with_len = bl - before;
                    memcpy(note.with, b + before, bl - before);
                    notify(ctx, &note);
                }
            }
        }
        if (len + bl > width) {
            /* An IVS is one character with its base: cut before the base, not between. */
            if (kr_is_variation_selector(c) && i > 0) {
                i = prev_i;
                len = prev_len;
            }
            goto no_fit;
        }
        prev_i = i;
        prev_len = len;
        memcpy(dst + len, b, bl);
        len += bl;
        i += cl;
        continue;
    no_form_ascii:
        c = src[i];
        cl = 1;
        if (!t->replace) {
            memset(err_note, 0, sizeof *err_note);
            err_note->what = KR_TC_NO_FORM;
            err_note->offset = i;
            err_note->len = 1;
            err_note->ucs = c;
            return false;
        }
        bl = substitute(t, c, b);
        if (notify) {
            memset(&note, 0, sizeof note);
            note.what = KR_TC_REPLACED;
            note.offset = i;
            note.len = 1;
            note.ucs = c;
            note.with_len = bl;
            memcpy(note.with, b, bl);
            notify(ctx, &note);
        }
        if (len + bl > width)
            goto no_fit;
        prev_i = i;
        prev_len = len;
        memcpy(dst + len, b, bl);
        len += bl;
        i += 1;
        continue;
    no_fit:
        /* What the whole text needs, for the message. */
        {
            size_t need = len, j = i;
            while (j < end) {
                uint32_t u;
                kr_charclass k2;
                size_t l2 = kr_text_next(t->from, src + j, end - j, &u, &k2);
                unsigned char tmp[8];
                size_t m = k2 == KR_CC_INVALID ? 1 : encode_one(t, u, tmp);
                need += m ? m : 2;
                j += l2;
            }
            if (!t->truncate) {
                memset(err_note, 0, sizeof *err_note);
                err_note->what = KR_TC_NO_FIT;
                err_note->offset = i;
                err_note->len = end - i;
                err_note->need = need;
                return false;
            }
            if (notify) {
                memset(&note, 0, sizeof note);
                note.what = KR_TC_CUT;
                note.offset = i;
                note.len = end - i;
                note.need = need;
                notify(ctx, &note);
            }
            break;
        }
    }
    kr_text_pad(t->to, t->to_type, dst + len, width - len);
    return true;
}
