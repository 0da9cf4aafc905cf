/* bits.c: DFSORT's bit comparisons in conditions: `p,m,BI,ALL,X'81'` (the mask's bits all
 * on; NONE all off; SOME some on and some off; NOTALL, NOTNONE, NOTSOME the opposites; BO,
 * BZ, BM, BNO, BNZ, BNM the same by their other names) and `p,m,BI,EQ,B'1.0.....'` (each
 * bit 1, 0 or '.' for either; 8 per byte of the field). */
#include "parse.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool cp_bit_op(const ctl_tok *t, kr_cmp *op)
{
    static const struct {
        const char *w;
        kr_cmp op;
    } ops[] = {{"ALL", KR_BIT_ALL},         {"BO", KR_BIT_ALL},        {"NONE", KR_BIT_NONE},
               {"BZ", KR_BIT_NONE},         {"SOME", KR_BIT_SOME},     {"BM", KR_BIT_SOME},
               {"NOTALL", KR_BIT_NOTALL},   {"BNO", KR_BIT_NOTALL},    {"NOTNONE", KR_BIT_NOTNONE},
               {"BNZ", KR_BIT_NOTNONE},     {"NOTSOME", KR_BIT_NOTSOME}, {"BNM", KR_BIT_NOTSOME}};
    if (t->kind != CT_WORD)
        return false;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (strcasecmp(t->text, ops[i].w) == 0) {
            *op = ops[i].op;
            return true;
        }
    return false;
}

bool cp_bit_value(cparser *p, const ctl_tok *op_tok, bool bit_op, kr_const *out)
{
    ctl_tok *v = cp_peek(p);
    memset(out, 0, sizeof *out);
    out->pos = v->pos;
    if (bit_op) {
        if (v->kind != CT_STR || v->quote != 'X' || v->len == 0) {
            cp_error(p, v, "%s tests the bits of a mask: give it as X'..'", op_tok->text);
            return false;
        }
        cp_next(p);
        out->kind = KR_CONST_HEX;
        out->len = v->len;
        out->bytes = kr_xmalloc(v->len);
        memcpy(out->bytes, v->text, v->len);
        return true;
    }
    if (!cp_is_kw(op_tok, "EQ") && !cp_is_kw(op_tok, "NE")) {
        cp_error(p, op_tok, "a bit constant B'..' is compared with EQ or NE");
        return false;
    }
    size_t n = v->len;
    if (n == 0 || n % 8 || strspn(v->text, "01.") != n) {
        cp_error(p, v, "B'..' holds 8 bits (1, 0 or . for either) for each byte of the field");
        return false;
    }
    cp_next(p);
    size_t m = n / 8;
    out->kind = KR_CONST_BITS;
    out->len = 2 * m;
    out->bytes = kr_xcalloc(2 * m, 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char bit = (unsigned char)(0x80 >> (i % 8));
        if (v->text[i] == '1')
            out->bytes[i / 8] |= bit;
        else if (v->text[i] == '0')
            out->bytes[m + i / 8] |= bit;
    }
    return true;
}
