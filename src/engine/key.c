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
    K_TEXT,      /* by character or 50音 (kr_textkey), the same for CP932 and UTF-8 */
    K_YDATE,     /* a Y2/Y4 date (p,m,Y2T): encoded as K_DATE (datefn.c reads it) */
    K_BITS       /* a bit field (p.b,m.b,BI): its bits moved to the left, the last byte's rest 0 */
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
        if (b->bits) {
            k->kind = K_BITS;
            k->width = (b->bits + 7) / 8;
        } else if (b->has_field && b->field.little_endian) {
            k->kind = K_INT;
            k->width = 16;
        } else {
            k->kind = K_BIG_BIN;
            k->width = b->length;
        }
        return true;
    case KR_FMT_TEXT:
    case KR_FMT_KANA:
        k->kind = K_TEXT;
        k->coll = b->fmt == KR_FMT_KANA ? KR_COLL_KANA : KR_COLL_CHAR;
        k->width = kr_textkey_width(b->layout, &b->field, (kr_collation)k->coll);
        return true;
    case KR_FMT_NONE:
        if (b->has_field && b->field.type == KR_F_DATE) {
            k->kind = K_DATE;
            k->width = 5;
            return true;
        }
        return kr_fail(err, KR_RC_ENV, "KRK0606E", "%s:%d:%d: key %s has no format: write it as p,m,f,A",
                       path, r->pos.line, r->pos.col, b->name);
    case KR_FMT_UFF:
    case KR_FMT_SFF:
    case KR_FMT_CSF:
        k->kind = K_INT;
        k->width = 16;
        return true;
    case KR_FMT_YDATE:
        k->kind = K_YDATE;
        k->width = 5;
        return true;
    case KR_FMT_SS:
    case KR_FMT_STAMP: /* DFSORT: DTn, TMn, ... only in reformatting */
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
        k->aq = keys[i].ref.aq;
        kp->width += k->width;
        kp->n = i + 1;
    }
    return true;
}

static const char *kind_name(int kind)
{
    switch (kind) {
    case K_BYTES: return "bytes (CH)";
    case K_INT:
    case K_BIG_BIN: return "a number";
    case K_DATE:
    case K_YDATE: return "a date";
    case K_BITS: return "bits (p.b,m.b,BI)";
    default: return "text";
    }
}

bool kr_keyplan_align(kr_keyplan *a, kr_keyplan *b, const char *path, kr_err *err)
{
    if (a->n != b->n)
        return kr_fail(err, KR_RC_ENV, "KRK0607E", "%s: F1 has %zu key fields and F2 has %zu", path, a->n, b->n);
    a->width = b->width = 0;
    for (size_t i = 0; i < a->n; i++) {
        kr_keypart *x = &a->parts[i], *y = &b->parts[i];
        /* A bit key against a whole-byte BI key: the bytes are bits from bit 0. */
        for (int side = 0; side < 2; side++) {
            kr_keypart *u = side ? y : x, *v = side ? x : y;
            if (u->kind == K_BITS && v->kind == K_BIG_BIN && v->b.fmt == KR_FMT_BI) {
                v->kind = K_BITS;
                v->b.bits = v->b.length * 8;
            }
        }
        bool numbers = (x->kind == K_INT || x->kind == K_BIG_BIN) && (y->kind == K_INT || y->kind == K_BIG_BIN);
        bool dates = (x->kind == K_DATE || x->kind == K_YDATE) && (y->kind == K_DATE || y->kind == K_YDATE);
        if (x->kind != y->kind && !numbers && !dates)
            return kr_fail(err, KR_RC_ENV, "KRK0607E", "%s: key %zu is %s in F1 (%s) but %s in F2 (%s); they never match",
                           path, i + 1, kind_name(x->kind), x->b.name, kind_name(y->kind), y->b.name);
        if (x->kind == K_TEXT && x->coll != y->coll)
            return kr_fail(err, KR_RC_ENV, "KRK0607E", "%s: key %zu compares by character on one side and by 50音 on the other",
                           path, i + 1);
        if (x->kind == K_BITS && x->b.bits != y->b.bits)
            return kr_fail(err, KR_RC_ENV, "KRK0607E",
                           "%s: key %zu is %zu bits in F1 (%s) but %zu in F2 (%s); bit keys must be as long", path,
                           i + 1, x->b.bits, x->b.name, y->b.bits, y->b.name);
        if (x->kind == K_BYTES && x->width != y->width)
            return kr_fail(err, KR_RC_ENV, "KRK0607E",
                           "%s: key %zu is %zu bytes in F1 (%s) but %zu in F2 (%s); CH keys must be as long", path,
                           i + 1, x->width, x->b.name, y->width, y->b.name);
        if (numbers) {
            unsigned sx = x->b.has_field ? x->b.field.scale : 0, sy = y->b.has_field ? y->b.field.scale : 0;
            if (sx != sy)
                return kr_fail(err, KR_RC_ENV, "KRK0607E",
                               "%s: key %zu has %u decimal places in F1 (%s) but %u in F2 (%s); they never match", path,
                               i + 1, sx, x->b.name, sy, y->b.name);
            /* Compare by value on both sides: decoded, in the same width. */
            x->kind = y->kind = K_INT;
            size_t w = x->width > y->width ? x->width : y->width;
            x->width = y->width = w <= 8 && x->b.field.type != KR_F_BI && y->b.field.type != KR_F_BI ? 8 : 16;
            if (!x->b.has_field || !y->b.has_field)
                return kr_fail(err, KR_RC_ENV, "KRK0607E", "%s: key %zu: give both sides' numbers a format", path, i + 1);
        }
        if (x->kind == K_TEXT) {
            size_t w = x->width > y->width ? x->width : y->width;
            x->width = y->width = w;
        }
        a->width += x->width;
        b->width += y->width;
    }
    return true;
}

void kr_keyplan_set_century(kr_keyplan *kp, int century)
{
    for (size_t i = 0; i < kp->n; i++)
        kp->parts[i].century = century;
}

void kr_keyplan_set_altseq(kr_keyplan *kp, const unsigned char *altseq, bool chalt)
{
    for (size_t i = 0; i < kp->n; i++)
        if (kp->parts[i].kind == K_BYTES && kp->parts[i].b.fmt == KR_FMT_CH && (kp->parts[i].aq || chalt))
            kp->parts[i].altseq = altseq;
}

void kr_keyplan_free(kr_keyplan *kp)
{
    for (size_t i = 0; i < kp->n; i++)
        kr_bound_free(&kp->parts[i].b);
    free(kp->parts);
    memset(kp, 0, sizeof *kp);
}

void kr_bits_key(const unsigned char *p, unsigned bit_start, size_t bits, unsigned char *out)
{
    size_t width = (bits + 7) / 8;
    for (size_t j = 0; j < width; j++) {
        unsigned v = (unsigned)p[j] << 8 | (bit_start && j + 1 < (bit_start + bits + 7) / 8 ? p[j + 1] : 0);
        out[j] = (unsigned char)(v >> (8 - bit_start));
    }
    if (bits % 8)
        out[width - 1] &= (unsigned char)(0xFF << (8 - bits % 8));
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
            if (k->altseq)
                for (size_t j = 0; j < k->width; j++)
                    o[j] = k->altseq[p[j]];
            else
                memcpy(o, p, k->width);
            break;
        case K_BIG_BIN:
            memcpy(o, p, k->width);
            if (b->fmt == KR_FMT_FI)
                o[0] ^= 0x80;
            break;
        case K_BITS:
            kr_bits_key(p, b->bit_start, b->bits, o);
            break;
        case K_INT: {
            kr_i128 v;
            unsigned scale;
            if (!kr_bound_number(b, rec, &v, &scale, pb)) {
                *bad_part = i;
                return false;
            }
            put_be(o, k->width, v);
            break;
        }
        case K_DATE:
        case K_YDATE: {
            kr_date d;
            bool read = k->kind == K_DATE ? kr_date_get(b->layout, &b->field, rec, &d, pb)
                                          : kr_ydate_get(b, k->century, rec, &d, pb);
            if (!read) {
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
            /* Invalid text stops the step like a bad zoned digit: its key would be made of
             * guessed weights (RELIABILITY.md, "Invalid values"). */
            if (!kr_text_field_readable(b->layout, &b->field, rec, pb)) {
                *bad_part = i;
                return false;
            }
            kr_textkey(b->layout, &b->field, rec, (kr_collation)k->coll, NULL, o, k->width);
            break;
        }
        if (k->descending)
            for (size_t j = 0; j < k->width; j++)
                o[j] = (unsigned char)~o[j];
        o += k->width;
    }
    return true;
}
