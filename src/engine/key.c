/* key.c: normalized keys. Every key field is encoded once into bytes that compare with
 * memcmp in the field's order: text as it stands or by character, numbers as sign-flipped
 * big-endian integers, dates as (none | date | open), descending parts complemented. */
#include "kiroku/engine.h"
#include "kiroku/text.h"

#include <stdlib.h>
#include <string.h>

enum {
    K_BYTES,     /* the bytes as they are */
    K_INT,       /* a decoded number, 8 or 16 bytes */
    K_BIG_BIN,   /* big-endian binary: the bytes, sign bit flipped when signed */
    K_DATE,      /* 1 byte class + 4 bytes yyyymmdd */
    K_TEXT       /* code points, 3 bytes each, padding trimmed */
};

static void put_be(unsigned char *out, size_t width, kr_i128 v)
{
    unsigned __int128 u = (unsigned __int128)v;
    if (width == 8)
        u = (unsigned __int128)((uint64_t)(int64_t)v ^ (UINT64_C(1) << 63));
    else
        u ^= (unsigned __int128)1 << 127;
    for (size_t i = width; i > 0; i--) {
        out[i - 1] = (unsigned char)u;
        u >>= 8;
    }
}

static bool part_setup(kr_keypart *k, const kr_ref *r, const char *path, kr_err *err)
{
    kr_bound *b = &k->b;
    switch (b->fmt) {
    case KR_FMT_CH:
        k->kind = K_BYTES;
        k->width = b->length;
        return true;
    case KR_FMT_ZD:
    case KR_FMT_PD:
        k->kind = K_INT;
        k->width = b->field.digits <= 18 ? 8 : 16;
        return true;
    case KR_FMT_BI:
    case KR_FMT_FI:
        if (b->has_field && b->field.little_endian) {
            k->kind = K_INT;
            k->width = 16;
        } else {
            k->kind = K_BIG_BIN;
            k->width = b->length;
        }
        return true;
    case KR_FMT_TEXT:
        k->kind = K_TEXT;
        k->width = 3 * b->length;
        return true;
    case KR_FMT_KANA:
        return kr_fail(err, KR_RC_ENV, "KRK0606E",
                       "%s:%d:%d: KANA keys (50音 order) are not available in this build", path, r->pos.line,
                       r->pos.col);
    case KR_FMT_NONE:
        if (b->has_field && b->field.type == KR_F_DATE) {
            k->kind = K_DATE;
            k->width = 5;
            return true;
        }
        return kr_fail(err, KR_RC_ENV, "KRK0606E", "%s:%d:%d: key %s has no format: write it as p,m,f,A",
                       path, r->pos.line, r->pos.col, b->name);
    case KR_FMT_SS:
        break;
    }
    return kr_fail(err, KR_RC_ENV, "KRK0606E", "%s:%d:%d: %s cannot be a key format", path, r->pos.line,
                   r->pos.col, kr_fmt_name(b->fmt));
}

bool kr_keyplan_build(kr_keyplan *kp, const kr_scope *s, const kr_key *keys, size_t n,
                      const char *path, kr_err *err)
{
    memset(kp, 0, sizeof *kp);
    kp->parts = kr_xcalloc(n ? n : 1, sizeof *kp->parts);
    for (size_t i = 0; i < n; i++) {
        kr_keypart *k = &kp->parts[i];
        if (!kr_bind(s, &keys[i].ref, path, &k->b, err) || !part_setup(k, &keys[i].ref, path, err)) {
            kp->n = i + 1;
            kr_keyplan_free(kp);
            return false;
        }
        k->descending = keys[i].descending;
        kp->width += k->width;
        kp->n = i + 1;
    }
    return true;
}

void kr_keyplan_free(kr_keyplan *kp)
{
    for (size_t i = 0; i < kp->n; i++)
        kr_bound_free(&kp->parts[i].b);
    free(kp->parts);
    memset(kp, 0, sizeof *kp);
}

/* Text by character: code points in 3 bytes each, trailing padding (spaces, U+3000) left
 * out, zero-filled. The same text gives the same key in CP932 and UTF-8. */
static void text_key(const kr_bound *b, const unsigned char *p, unsigned char *out, size_t width)
{
    kr_encoding enc = b->layout ? b->layout->encoding : KR_ENC_CP932;
    size_t n = b->length, i = 0, o = 0;
    size_t last_significant = 0; /* output length after the last non-padding character */
    while (i < n && o + 3 <= width) {
        uint32_t c;
        kr_charclass cls;
        size_t len = kr_text_next(enc, p + i, n - i, &c, &cls);
        if (cls == KR_CC_INVALID || cls == KR_CC_UNMAPPED)
            c = 0x110000u + p[i]; /* past Unicode: bad bytes sort last, still distinct */
        out[o] = (unsigned char)(c >> 16);
        out[o + 1] = (unsigned char)(c >> 8);
        out[o + 2] = (unsigned char)c;
        o += 3;
        if (c != ' ' && c != 0x3000)
            last_significant = o;
        i += len;
    }
    memset(out + last_significant, 0, width - last_significant);
}

bool kr_key_encode(const kr_keyplan *kp, const unsigned char *rec, unsigned char *out,
                   size_t *bad_part, kr_problem *pb)
{
    unsigned char *o = out;
    for (size_t i = 0; i < kp->n; i++) {
        const kr_keypart *k = &kp->parts[i];
        const kr_bound *b = &k->b;
        const unsigned char *p = rec + b->offset;
        switch (k->kind) {
        case K_BYTES:
            memcpy(o, p, k->width);
            break;
        case K_BIG_BIN:
            memcpy(o, p, k->width);
            if (b->fmt == KR_FMT_FI)
                o[0] ^= 0x80;
            break;
        case K_INT: {
            kr_i128 v;
            if (!kr_num_get(b->layout, &b->field, rec, &v, pb)) {
                *bad_part = i;
                return false;
            }
            put_be(o, k->width, v);
            break;
        }
        case K_DATE: {
            kr_date d;
            if (!kr_date_get(b->layout, &b->field, rec, &d, pb)) {
                *bad_part = i;
                return false;
            }
            o[0] = d.kind == KR_DATE_NONE ? 0 : d.kind == KR_DATE_VALUE ? 1 : 2;
            uint32_t ymd = d.kind == KR_DATE_VALUE ? (uint32_t)d.ymd : 0;
            o[1] = (unsigned char)(ymd >> 24);
            o[2] = (unsigned char)(ymd >> 16);
            o[3] = (unsigned char)(ymd >> 8);
            o[4] = (unsigned char)ymd;
            break;
        }
        case K_TEXT:
            text_key(b, p, o, k->width);
            break;
        }
        if (k->descending)
            for (size_t j = 0; j < k->width; j++)
                o[j] = (unsigned char)~o[j];
        o += k->width;
    }
    return true;
}
