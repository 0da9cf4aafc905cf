/* constant.c: constants of the control statements in the file's encoding, padded to a
 * field the way the field pads. Statements are UTF-8 text; a C'...' constant compared with
 * or written into a CP932 file is converted with the text module's encoder (kr_cp932_encode, which refuses iconv's lossy best-fit
 * codes such as U+00A5 -> 0x5C); X'...' bytes are taken as written. */
#include "kiroku/engine.h"
#include "kiroku/text.h"

#include <stdlib.h>
#include <string.h>

bool kr_const_encode(const kr_const *k, const kr_layout *l, const char *path, kr_buf *out, kr_err *err)
{
    if (k->kind == KR_CONST_HEX || !l || l->encoding == KR_ENC_UTF8) {
        kr_buf_add(out, k->bytes, k->len);
        return true;
    }
    size_t i = 0;
    while (i < k->len) {
        uint32_t c;
        kr_charclass cls;
        size_t n = kr_utf8_next(k->bytes + i, k->len - i, &c, &cls);
        if (cls == KR_CC_INVALID)
            return kr_fail(err, KR_RC_ENV, "KRK0610E", "%s:%d:%d: the constant is not valid UTF-8", path,
                           k->pos.line, k->pos.col);
        int code = kr_cp932_encode(c, KR_DUP_IBM);
        if (code < 0)
            return kr_fail(err, KR_RC_ENV, "KRK0610E",
                           "%s:%d:%d: U+%04X in the constant has no CP932 form; write it as X'..' bytes", path,
                           k->pos.line, k->pos.col, (unsigned)c);
        if (code > 0xFF)
            kr_buf_addc(out, (char)(code >> 8));
        kr_buf_addc(out, (char)code);
        i += n;
    }
    return true;
}

void kr_const_pad(const kr_bound *b, bool hex, kr_buf *v)
{
    size_t have = v->len;
    if (have >= b->length)
        return;
    unsigned char *tail = kr_xmalloc(b->length - have);
    if (hex)
        memset(tail, 0, b->length - have);
    else {
        bool n_field = b->has_field && b->field.type == KR_F_N && b->fmt != KR_FMT_CH;
        kr_text_pad(b->layout ? b->layout->encoding : KR_ENC_UTF8, n_field ? KR_F_N : KR_F_X, tail,
                    b->length - have);
    }
    kr_buf_add(v, tail, b->length - have);
    free(tail);
}
