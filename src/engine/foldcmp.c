/* foldcmp.c: FOLD= on a comparison of two text fields (extension, docs/SORT.md "Names
 * under a folding profile"): each side is turned into its character key after the folding
 * profile (text/textkey.c), so ｻﾄｳ ﾀﾛｳ in a CP932 file and サトウ　タロウ in a UTF-8 one
 * compare equal under `kana`, 髙橋 and 高橋 under `names`; the keys compare with memcmp. */
#include "foldcmp.h"
#include "kiroku/text.h"

#include <stdlib.h>
#include <string.h>

/* A key of each side is built on the stack: fields up to this many bytes. */
#define FOLDCMP_MAX_KEY 1024

struct kr_foldcmp {
    kr_fold *fold;
    kr_encoding enc_left, enc_right;
    size_t off_left, len_left, off_right, len_right;
    size_t width;
};

static bool textual(const kr_bound *b)
{
    return b->fmt == KR_FMT_CH || b->fmt == KR_FMT_TEXT || b->fmt == KR_FMT_KANA;
}

static kr_encoding encoding_of(const kr_bound *b)
{
    return b->layout ? b->layout->encoding : KR_ENC_CP932;
}

kr_foldcmp *kr_foldcmp_build(const kr_cond *c, const kr_bound *left, const kr_bound *right, const char *path,
                             kr_err *err)
{
    int line = c->fold_pos.line, col = c->fold_pos.col;
    if (!textual(left) || !textual(right)) {
        kr_fail(err, KR_RC_ENV, "KRK1900E", "%s:%d:%d: FOLD=%s compares text, but %s is not a text field",
                path, line, col, c->fold, textual(left) ? right->name : left->name);
        return NULL;
    }
    size_t wl = kr_textkey_width_bytes(left->length, KR_COLL_CHAR);
    size_t wr = kr_textkey_width_bytes(right->length, KR_COLL_CHAR);
    size_t width = wl > wr ? wl : wr;
    if (width > FOLDCMP_MAX_KEY) {
        kr_fail(err, KR_RC_ENV, "KRK1900E", "%s:%d:%d: FOLD= compares fields of up to %d bytes; %s is %zu",
                path, line, col, FOLDCMP_MAX_KEY / 2, wl > wr ? left->name : right->name,
                wl > wr ? left->length : right->length);
        return NULL;
    }
    kr_err ferr = {0};
    kr_fold *fold = kr_fold_load(c->fold, &ferr);
    if (!fold) {
        kr_fail(err, KR_RC_ENV, "KRK1901E", "%s:%d:%d: FOLD=%s: the folding profile cannot be loaded: %s", path,
                line, col, c->fold, ferr.text);
        return NULL;
    }
    kr_foldcmp *f = kr_xcalloc(1, sizeof *f);
    f->fold = fold;
    f->enc_left = encoding_of(left);
    f->enc_right = encoding_of(right);
    f->off_left = left->offset;
    f->len_left = left->length;
    f->off_right = right->offset;
    f->len_right = right->length;
    f->width = width;
    return f;
}

int kr_foldcmp_eval(const kr_foldcmp *f, const unsigned char *rec)
{
    unsigned char a[FOLDCMP_MAX_KEY], b[FOLDCMP_MAX_KEY];
    kr_textkey_text(f->enc_left, rec + f->off_left, f->len_left, KR_COLL_CHAR, f->fold, a, f->width);
    kr_textkey_text(f->enc_right, rec + f->off_right, f->len_right, KR_COLL_CHAR, f->fold, b, f->width);
    return memcmp(a, b, f->width);
}

void kr_foldcmp_free(kr_foldcmp *f)
{
    if (!f)
        return;
    kr_fold_free(f->fold);
    free(f);
}
