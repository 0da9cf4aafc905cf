/* constant.c: constants of the control statements in the file's encoding. Statements are
 * UTF-8 text; a C'...' constant compared with or written into a CP932 file is converted
 * with the build-time CP932 table; X'...' bytes are taken as written. */
#include "kiroku/engine.h"
#include "kiroku/text.h"

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
        uint16_t code = c < 0x10000 ? kr_ucs_to_cp932[c] : 0;
        if (c != 0 && code == 0)
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
