/* number.c: zoned (9, S9 with overpunched or separate signs), packed (COMP-3) and binary
 * (COMP, COMP-5) numbers: reading, writing and formatting. */
#include "kiroku/codec.h"

#include <string.h>

/* A bad number at byte `at` of field f (KRK0301E, rc 8) into *pb when pb is not NULL. */
#define BAD_NUMBER(pb, f, at, ...) kr_problem_set(pb, KR_RC_REJECT, "KRK0301E", (f)->offset + (at), __VA_ARGS__)

/* Overpunched digit: the digit and its sign (+1/-1), or -1 when the byte is no such digit.
 * ASCII convention: '0'-'9' positive, 'p'-'y' negative (GnuCOBOL, Micro Focus).
 * EBCDIC convention in ASCII: '{' 'A'-'I' positive, '}' 'J'-'R' negative. */
static int overpunch(unsigned char b, int *sign)
{
    if (b >= '0' && b <= '9')
        return *sign = 1, b - '0';
    if (b >= 'p' && b <= 'y')
        return *sign = -1, b - 'p';
    if (b == '{')
        return *sign = 1, 0;
    if (b >= 'A' && b <= 'I')
        return *sign = 1, b - 'A' + 1;
    if (b == '}')
        return *sign = -1, 0;
    if (b >= 'J' && b <= 'R')
        return *sign = -1, b - 'J' + 1;
    return -1;
}

static unsigned char overpunch_byte(int digit, bool negative, bool ebcdic)
{
    if (ebcdic)
        return negative ? (digit ? (unsigned char)('J' + digit - 1) : '}')
                        : (digit ? (unsigned char)('A' + digit - 1) : '{');
    return negative ? (unsigned char)('p' + digit) : (unsigned char)('0' + digit);
}

static const char *show_byte(unsigned char b, char *buf)
{
    if (b >= 0x20 && b < 0x7F)
        snprintf(buf, 16, "'%c'", b);
    else
        snprintf(buf, 16, "0x%02X", b);
    return buf;
}

static bool zd_get(const kr_field *f, const unsigned char *p, kr_i128 *out, kr_problem *pb)
{
    size_t n = f->length, first = 0, last = n;
    int sign = 1;
    char sb[16];
    if (f->sign == KR_SIGN_LEADING_SEP || f->sign == KR_SIGN_TRAILING_SEP) {
        size_t at = f->sign == KR_SIGN_LEADING_SEP ? 0 : n - 1;
        if (p[at] == '-')
            sign = -1;
        else if (p[at] != '+') {
            BAD_NUMBER(pb, f, at, "the sign byte is %s; it must be '+' or '-'", show_byte(p[at], sb));
            return false;
        }
        if (at == 0)
            first = 1;
        else
            last = n - 1;
    }
    /* Up to 18 digits, well formed: 64-bit arithmetic; anything else takes the loop below,
     * which explains the problem. */
    bool over_lead = f->sign == KR_SIGN_LEADING, over_trail = f->sign == KR_SIGN_TRAILING;
    if (last - first <= 18 && last > first) {
        uint64_t u = 0;
        int s2 = sign, d = 0;
        size_t i = first, stop = over_trail ? last - 1 : last;
        if (over_lead && (d = overpunch(p[i++], &s2)) >= 0)
            u = (uint64_t)d;
        for (; d >= 0 && i < stop && (unsigned)(p[i] - '0') <= 9; i++)
            u = u * 10 + (unsigned)(p[i] - '0');
        if (d >= 0 && i == stop && over_trail && (d = overpunch(p[i++], &s2)) >= 0)
            u = u * 10 + (uint64_t)d;
        if (d >= 0 && i == last) {
            *out = s2 < 0 ? -(kr_i128)u : (kr_i128)u;
            return true;
        }
    }
    kr_i128 v = 0;
    for (size_t i = first; i < last; i++) {
        int d;
        bool signpos = (f->sign == KR_SIGN_TRAILING && i == last - 1) ||
                       (f->sign == KR_SIGN_LEADING && i == first);
        if (signpos) {
            d = overpunch(p[i], &sign);
            if (d < 0) {
                BAD_NUMBER(pb, f, i, "%s is not a digit with an overpunched sign", show_byte(p[i], sb));
                return false;
            }
        } else if (p[i] >= '0' && p[i] <= '9') {
            d = p[i] - '0';
        } else {
            if (f->sign == KR_SIGN_NONE && i == last - 1 && overpunch(p[i], &sign) >= 0)
                BAD_NUMBER(pb, f, i, "%s is an overpunched sign, but the field is unsigned (9); declare it S9",
                           show_byte(p[i], sb));
            else
                BAD_NUMBER(pb, f, i, "%s is not a digit", show_byte(p[i], sb));
            return false;
        }
        v = v * 10 + d;
    }
    *out = sign < 0 ? -v : v;
    return true;
}

static bool pd_get(const kr_field *f, const unsigned char *p, kr_i128 *out, kr_problem *pb)
{
    size_t n = f->length;
    kr_i128 v = 0;
    /* 2n-1 nibbles of digits; the first is a pad when digits is even. */
    bool pad = f->digits % 2 == 0;
    for (size_t i = 0; i < n; i++) {
        int hi = p[i] >> 4, lo = p[i] & 0x0F;
        if (hi > 9) {
            BAD_NUMBER(pb, f, i, "packed byte 0x%02X holds the nibble %X where a digit belongs", p[i], hi);
            return false;
        }
        if (i == 0 && pad && hi != 0) {
            BAD_NUMBER(pb, f, i, "packed byte 0x%02X has a digit beyond the field's %u digits", p[i], f->digits);
            return false;
        }
        v = v * 10 + hi;
        if (i + 1 < n) {
            if (lo > 9) {
                BAD_NUMBER(pb, f, i, "packed byte 0x%02X holds the nibble %X where a digit belongs", p[i], lo);
                return false;
            }
            v = v * 10 + lo;
        } else {
            if (lo < 0x0A) {
                BAD_NUMBER(pb, f, i, "packed byte 0x%02X has no sign nibble (A to F: C, A, E, F positive, D, B negative)", p[i]);
                return false;
            }
            if (lo == 0x0B || lo == 0x0D) {
                if (f->sign == KR_SIGN_NONE) {
                    BAD_NUMBER(pb, f, i, "packed byte 0x%02X has the negative sign nibble %X, but the field is "
                               "unsigned; declare it without 'unsigned'", p[i], lo);
                    return false;
                }
                v = -v;
            }
        }
    }
    *out = v;
    return true;
}

static bool bi_get(const kr_field *f, const unsigned char *p, kr_i128 *out)
{
    uint64_t u = 0;
    size_t n = f->length;
    for (size_t i = 0; i < n; i++)
        u = (u << 8) | p[f->little_endian ? n - 1 - i : i];
    if (f->binary_signed && n < 8 && (u >> (8 * n - 1)) & 1)
        u |= ~UINT64_C(0) << (8 * n);
    if (f->binary_signed)
        *out = (kr_i128)(int64_t)u;
    else
        *out = (kr_i128)u;
    return true;
}

static bool digits_get(const kr_field *f, const unsigned char *p, kr_i128 *out, kr_problem *pb)
{
    kr_i128 v = 0;
    char sb[16];
    for (size_t i = 0; i < f->length; i++) {
        if (p[i] < '0' || p[i] > '9') {
            BAD_NUMBER(pb, f, i, "%s is not a digit", show_byte(p[i], sb));
            return false;
        }
        v = v * 10 + (p[i] - '0');
    }
    *out = v;
    return true;
}

bool kr_num_get(const kr_layout *l, const kr_field *f, const unsigned char *rec, kr_i128 *out,
                kr_problem *pb)
{
    (void)l;
    const unsigned char *p = rec + f->offset;
    switch (f->type) {
    case KR_F_ZD:
        return zd_get(f, p, out, pb);
    case KR_F_PD:
        return pd_get(f, p, out, pb);
    case KR_F_BI:
        return bi_get(f, p, out);
    case KR_F_DATE:
    case KR_F_MYNUMBER:
        return digits_get(f, p, out, pb);
    default:
        BAD_NUMBER(pb, f, 0, "field '%s' is text, not a number", f->name);
        return false;
    }
}

/* 10^n for n <= 19, by table: kr_num_max runs for every value written. */
static const uint64_t POW10[20] = {1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
                                   10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
                                   100000000000ULL, 1000000000000ULL, 10000000000000ULL,
                                   100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
                                   100000000000000000ULL, 1000000000000000000ULL,
                                   10000000000000000000ULL};

/* Writes a (>= 0) as n decimal digits right-aligned at p; 64-bit arithmetic when a fits,
 * since 128-bit division is a library call. */
static void put_decimal(unsigned char *p, size_t n, kr_i128 a)
{
    if (a <= (kr_i128)UINT64_MAX) {
        uint64_t u = (uint64_t)a;
        for (size_t i = n; i > 0; i--) {
            p[i - 1] = (unsigned char)('0' + u % 10);
            u /= 10;
        }
        return;
    }
    for (size_t i = n; i > 0; i--) {
        p[i - 1] = (unsigned char)('0' + (int)(a % 10));
        a /= 10;
    }
}

kr_i128 kr_num_max(const kr_field *f)
{
    if (f->type == KR_F_BI) {
        if (f->length == 8)
            return f->binary_signed ? (kr_i128)INT64_MAX : (kr_i128)UINT64_MAX;
        kr_i128 m = ((kr_i128)1 << (8 * f->length)) - 1;
        return f->binary_signed ? m >> 1 : m;
    }
    if (f->digits < 20)
        return (kr_i128)POW10[f->digits] - 1;
    kr_i128 m = 1;
    for (unsigned i = 0; i < f->digits; i++)
        m *= 10;
    return m - 1;
}

kr_i128 kr_num_min(const kr_field *f)
{
    if (f->type == KR_F_BI)
        return f->binary_signed ? -kr_num_max(f) - 1 : 0;
    if ((f->type == KR_F_ZD || f->type == KR_F_PD) && f->sign != KR_SIGN_NONE)
        return -kr_num_max(f);
    return 0;
}

bool kr_num_put(const kr_layout *l, const kr_field *f, unsigned char *rec, kr_i128 v)
{
    if (v > kr_num_max(f) || v < kr_num_min(f))
        return false;
    unsigned char *p = rec + f->offset;
    bool neg = v < 0;
    kr_i128 a = neg ? -v : v;
    size_t n = f->length;
    switch (f->type) {
    case KR_F_ZD: {
        size_t first = 0, last = n;
        if (f->sign == KR_SIGN_LEADING_SEP)
            p[0] = neg ? '-' : '+', first = 1;
        else if (f->sign == KR_SIGN_TRAILING_SEP)
            p[n - 1] = neg ? '-' : '+', last = n - 1;
        put_decimal(p + first, last - first, a);
        if (f->sign == KR_SIGN_TRAILING)
            p[last - 1] = overpunch_byte(p[last - 1] - '0', neg, l && l->overpunch_ebcdic);
        else if (f->sign == KR_SIGN_LEADING)
            p[first] = overpunch_byte(p[first] - '0', neg, l && l->overpunch_ebcdic);
        return true;
    }
    case KR_F_PD: {
        int sign = f->sign == KR_SIGN_NONE ? 0x0F : (neg ? 0x0D : 0x0C);
        p[n - 1] = (unsigned char)((int)(a % 10) << 4 | sign);
        a /= 10;
        for (size_t i = n - 1; i > 0; i--) {
            int lo = (int)(a % 10);
            a /= 10;
            int hi = (int)(a % 10);
            a /= 10;
            p[i - 1] = (unsigned char)(hi << 4 | lo);
        }
        return true;
    }
    case KR_F_BI: {
        uint64_t u = (uint64_t)(int64_t)v;
        if (!f->binary_signed)
            u = (uint64_t)v;
        for (size_t i = 0; i < n; i++) {
            unsigned char b = (unsigned char)(u >> (8 * i));
            p[f->little_endian ? i : n - 1 - i] = b;
        }
        return true;
    }
    case KR_F_DATE:
    case KR_F_MYNUMBER:
        put_decimal(p, n, a);
        return true;
    default:
        return false;
    }
}

int kr_num_format(kr_i128 v, unsigned scale, char *out)
{
    char digits[48];
    bool neg = v < 0;
    int n = kr_i128_format(neg ? -v : v, digits);
    int len = 0;
    if (neg)
        out[len++] = '-';
    if (scale == 0) {
        memcpy(out + len, digits, (size_t)n + 1);
        return len + n;
    }
    /* Ensure at least scale+1 digits: 5 with scale 2 -> 0.05 */
    int pad = (int)scale + 1 - n;
    char full[96];
    int fl = 0;
    for (int i = 0; i < pad; i++)
        full[fl++] = '0';
    memcpy(full + fl, digits, (size_t)n);
    fl += n;
    int intpart = fl - (int)scale;
    memcpy(out + len, full, (size_t)intpart);
    len += intpart;
    out[len++] = '.';
    memcpy(out + len, full + intpart, scale);
    len += (int)scale;
    out[len] = '\0';
    return len;
}
