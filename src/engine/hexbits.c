/* hexbits.c: TRAN=HEX, UNHEX, BIT and UNBIT (DFSORT's INREC/OUTREC/OUTFIL conversions): a
 * field's bytes shown as hexadecimal digits or as bits, and such text turned back into
 * bytes. Digits and bits are ASCII characters (kiroku's files are ASCII-based). */
#include "hexbits.h"


bool kr_tran_is_hexbits(char tran)
{
    return tran == KR_TRAN_HEX || tran == KR_TRAN_UNHEX || tran == KR_TRAN_BIT || tran == KR_TRAN_UNBIT;
}

size_t kr_hexbits_length(char tran, size_t m)
{
    switch (tran) {
    case KR_TRAN_HEX: return 2 * m;
    case KR_TRAN_BIT: return 8 * m;
    case KR_TRAN_UNHEX: return m % 2 ? 0 : m / 2;
    case KR_TRAN_UNBIT: return m % 8 ? 0 : m / 8;
    default: return 0;
    }
}

/* The byte is shown only where show_bytes says the field may be shown (a layout's field
 * that is not sensitive: a positional field may lie over a 個人番号). */
static bool bad_digit(kr_problem *pb, size_t at, unsigned char c, const char *want, bool show_bytes)
{
    if (show_bytes)
        kr_problem_set(pb, KR_RC_REJECT, "KRK2562E", at,
                       "byte %zu of the field is X'%02X', not %s: no byte is guessed", at + 1, c, want);
    else
        kr_problem_set(pb, KR_RC_REJECT, "KRK2562E", at,
                       "byte %zu of the field (not shown) is not %s: no byte is guessed", at + 1, want);
    return false;
}

bool kr_hexbits_apply(char tran, const unsigned char *src, size_t m, unsigned char *dst, bool show_bytes,
                      kr_problem *pb)
{
    static const char digits[] = "0123456789ABCDEF";
    switch (tran) {
    case KR_TRAN_HEX:
        for (size_t i = 0; i < m; i++) {
            dst[2 * i] = (unsigned char)digits[src[i] >> 4];
            dst[2 * i + 1] = (unsigned char)digits[src[i] & 0x0F];
        }
        return true;
    case KR_TRAN_BIT:
        for (size_t i = 0; i < m; i++)
            for (int b = 0; b < 8; b++)
                dst[8 * i + (size_t)b] = (unsigned char)(src[i] >> (7 - b) & 1 ? '1' : '0');
        return true;
    case KR_TRAN_UNHEX:
        for (size_t i = 0; i + 1 < m; i += 2) {
            int hi = kr_hex_digit(src[i]), lo = kr_hex_digit(src[i + 1]);
            if (hi < 0 || lo < 0)
                return bad_digit(pb, hi < 0 ? i : i + 1, hi < 0 ? src[i] : src[i + 1], "a hex digit (0-9, A-F)",
                                  show_bytes);
            dst[i / 2] = (unsigned char)(hi << 4 | lo);
        }
        return true;
    case KR_TRAN_UNBIT:
        for (size_t i = 0; i + 7 < m; i += 8) {
            unsigned v = 0;
            for (size_t b = 0; b < 8; b++) {
                if (src[i + b] != '0' && src[i + b] != '1')
                    return bad_digit(pb, i + b, src[i + b], "a bit ('0' or '1')", show_bytes);
                v = v << 1 | (unsigned)(src[i + b] - '0');
            }
            dst[i / 8] = (unsigned char)v;
        }
        return true;
    default:
        return false;
    }
}
