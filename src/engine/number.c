/* number.c: numbers through the reformatting statements: reading a bound numeric field,
 * writing ZD/PD/BI/FI (TO=), and editing for people (EDIT=(pattern), SIGNS=, the masks
 * M0-M26 whose patterns masks.c makes). */
#include "kiroku/engine.h"

#include <string.h>

/* PD0 (DFSORT): the nibbles between a packed field's first digit and its sign, each a digit
 * 0-9, as an unsigned number; a nibble that is not a digit is bad data (KRK0620E). */
static bool pd0_number(const kr_bound *b, const unsigned char *rec, kr_i128 *v, kr_problem *pb)
{
    const unsigned char *p = rec + b->offset;
    kr_i128 n = 0;
    for (size_t i = 1; i + 1 < 2 * b->length; i++) {
        unsigned d = i % 2 ? p[i / 2] & 0x0Fu : p[i / 2] >> 4;
        if (d > 9) {
            if (pb) {
                pb->rc = KR_RC_REJECT;
                pb->id = "KRK0620E";
                pb->offset = b->offset + i / 2;
                snprintf(pb->reason, sizeof pb->reason, "%s: byte %zu is X'%02X', its %s half is not a digit",
                         b->name, i / 2 + 1, p[i / 2], i % 2 ? "right" : "left");
            }
            return false;
        }
        n = n * 10 + d;
    }
    *v = n;
    return true;
}

bool kr_bound_number(const kr_bound *b, const unsigned char *rec, kr_i128 *v, unsigned *scale,
                     kr_problem *pb)
{
    if (!b->has_field) {
        if (pb) {
            pb->rc = KR_RC_REJECT;
            pb->id = "KRK0620E";
            pb->offset = b->offset;
            snprintf(pb->reason, sizeof pb->reason, "%s is not a number", b->name);
        }
        return false;
    }
    *scale = b->field.scale;
    if (b->fmt == KR_FMT_STAMP) {
        *scale = 0;
        return kr_stamp_number(b, rec, v, pb);
    }
    if (b->pd0)
        return pd0_number(b, rec, v, pb);
    if (b->fmt == KR_FMT_UFF || b->fmt == KR_FMT_SFF || b->fmt == KR_FMT_CSF) {
        *scale = 0;
        return kr_free_number(b, rec, v, pb);
    }
    return kr_num_get(b->layout, &b->field, rec, v, pb);
}

size_t kr_number_default_length(kr_fmt f, unsigned digits)
{
    if (digits == 0)
        digits = 1;
    switch (f) {
    case KR_FMT_ZD:
        return digits;
    case KR_FMT_PD:
        return digits / 2 + 1;
    case KR_FMT_BI:
    case KR_FMT_FI:
        return digits <= 4 ? 2 : digits <= 9 ? 4 : 8;
    default:
        return digits;
    }
}

bool kr_number_put(kr_fmt f, kr_i128 v, unsigned char *dst, size_t len)
{
    bool neg = v < 0;
    unsigned __int128 a = neg ? (unsigned __int128)(-v) : (unsigned __int128)v;
    switch (f) {
    case KR_FMT_ZD: {
        for (size_t i = len; i > 0; i--) {
            dst[i - 1] = (unsigned char)('0' + (int)(a % 10));
            a /= 10;
        }
        if (a)
            return false;
        if (neg) /* overpunch the last digit, ASCII convention: 'p'..'y' */
            dst[len - 1] = (unsigned char)(dst[len - 1] - '0' + 'p');
        return true;
    }
    case KR_FMT_PD: {
        dst[len - 1] = (unsigned char)((int)(a % 10) << 4 | (neg ? 0x0D : 0x0C));
        a /= 10;
        for (size_t i = len - 1; i > 0; i--) {
            int lo = (int)(a % 10);
            a /= 10;
            int hi = (int)(a % 10);
            a /= 10;
            dst[i - 1] = (unsigned char)(hi << 4 | lo);
        }
        return a == 0;
    }
    case KR_FMT_BI:
    case KR_FMT_FI: {
        if (len > 8 || (f == KR_FMT_BI && neg))
            return false;
        if (f == KR_FMT_BI) {
            if (len < 8 && a >> (8 * len))
                return false;
        } else {
            kr_i128 lim = (kr_i128)1 << (8 * len - 1);
            if (v >= lim || v < -lim)
                return false;
        }
        uint64_t u = (uint64_t)(int64_t)v;
        if (f == KR_FMT_BI)
            u = (uint64_t)a;
        for (size_t i = len; i > 0; i--) {
            dst[i - 1] = (unsigned char)u;
            u >>= 8;
        }
        return true;
    }
    default:
        return false;
    }
}

bool kr_edit_valid(const kr_edit *e, char *why, size_t size)
{
    if (e->mask >= 0) {
        if (e->mask < KR_MASK_COUNT)
            return true;
        snprintf(why, size, "edit masks are M0 to M26");
        return false;
    }
    const char *p = e->pattern;
    size_t digits = 0, signs = 0;
    for (size_t i = 0; p[i]; i++) {
        if (p[i] == 'I' || p[i] == 'T')
            digits++;
        else if (p[i] == 'S') {
            if (i != 0 && p[i + 1] != '\0') {
                snprintf(why, size, "S (the sign) stands first or last in an EDIT pattern");
                return false;
            }
            signs++;
        }
    }
    if (digits == 0 || digits > 31) {
        snprintf(why, size, "an EDIT pattern has 1 to 31 digit positions (I or T)");
        return false;
    }
    if (strlen(p) > 88) {
        snprintf(why, size, "an EDIT pattern is at most 88 characters");
        return false;
    }
    return true;
}

size_t kr_edit_length(const kr_edit *e, unsigned digits)
{
    if (e->length)
        return e->length;
    if (e->mask >= 0) {
        char pat[2 * KR_MASK_MAX_DIGITS + 8];
        kr_mask_pattern(e->mask, digits, pat, sizeof pat);
        return strlen(pat);
    }
    return strlen(e->pattern);
}

bool kr_edit_number(const kr_edit *e, kr_i128 v, unsigned digits, unsigned char *dst, size_t len)
{
    char pat[2 * KR_MASK_MAX_DIGITS + 8];
    const char *p;
    /* Signs (lead+, lead-, trail+, trail-): a pattern's default is blank and '-'; SIGNS=
     * replaces them, an omitted one being blank. A mask has its own (M4: + and -, M5: the
     * parentheses); SIGNS= replaces those it gives, the others stay the mask's. */
    char signs[4] = {' ', '-', ' ', '-'};
    if (e->mask >= 0) {
        kr_mask_pattern(e->mask, digits, pat, sizeof pat);
        p = pat;
        kr_mask_signs(e->mask, signs);
        for (int i = 0; i < 4; i++) {
            if (e->signs && e->signs[i])
                signs[i] = e->signs[i];
            if (!signs[i])
                signs[i] = ' ';
        }
    } else {
        p = e->pattern;
        if (e->signs)
            for (int i = 0; i < 4; i++)
                signs[i] = e->signs[i] ? e->signs[i] : ' ';
    }
    char lead_pos = signs[0], lead_neg = signs[1], trail_pos = signs[2], trail_neg = signs[3];
    bool neg = v < 0;
    unsigned __int128 a = neg ? (unsigned __int128)(-v) : (unsigned __int128)v;
    size_t plen = strlen(p), npos = 0;
    for (size_t i = 0; i < plen; i++)
        npos += p[i] == 'I' || p[i] == 'T';
    char digs[KR_MASK_MAX_DIGITS + 9];
    for (size_t i = npos; i > 0; i--) {
        digs[i - 1] = (char)('0' + (int)(a % 10));
        a /= 10;
    }
    if (a)
        return false; /* more digits than the pattern holds */
    char out[96];
    size_t d = 0;
    bool significant = false;
    for (size_t i = 0; i < plen; i++) {
        char c = p[i];
        if (c == 'I' || c == 'T') {
            char digit = digs[d++];
            if (c == 'T' || digit != '0')
                significant = true;
            out[i] = significant ? digit : ' ';
        } else if (c == 'S') {
            out[i] = i == 0 ? (neg ? lead_neg : lead_pos) : (neg ? trail_neg : trail_pos);
        } else {
            out[i] = significant ? c : ' ';
        }
    }
    /* M3: CR after a negative number, two blanks after any other. */
    if (e->mask >= 0 && kr_mask_cr(e->mask) && plen >= 2 && !neg)
        out[plen - 2] = out[plen - 1] = ' ';
    /* A leading sign moves next to the first digit shown. */
    if (p[0] == 'S' && plen > 1) {
        char sign = out[0];
        size_t first = 1;
        while (first < plen && out[first] == ' ')
            first++;
        out[0] = ' ';
        if (first > 1)
            out[first - 1] = sign;
        else
            out[0] = sign;
    }
    /* Fit into len: right-aligned. LENGTH=n keeps the rightmost n positions, as DFSORT does
     * (M11's leading zeros, separators and blanks may go); a significant digit or the sign of
     * a negative number is never cut. */
    if (len >= plen) {
        memset(dst, ' ', len - plen);
        memcpy(dst + (len - plen), out, plen);
        return true;
    }
    for (size_t i = 0; i < plen - len; i++) {
        char c = out[i];
        if ((c >= '1' && c <= '9') || (neg && c != ' ' && (c == lead_neg || c == trail_neg)))
            return false;
    }
    memcpy(dst, out + (plen - len), len);
    return true;
}
