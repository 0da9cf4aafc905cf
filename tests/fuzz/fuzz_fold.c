/* fuzz_fold.c: folding profiles (src/text/fold.c): any text parses into a profile or is
 * refused with messages; a profile folds text (the input itself, as UTF-8) without harm. */
#include "fuzz.h"

#include "kiroku/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    kr_diags d;
    kr_diags_init(&d);
    kr_fold *f = kr_fold_parse((const char *)data, size, "fuzz.fold", &d);
    FUZZ_CHECK(f || d.n > 0, "a profile was refused without a message");
    if (f) {
        /* The input's bytes as code points (byte pairs), folded: never longer. */
        size_t n = size / 2;
        uint32_t *in = kr_xcalloc(n + 1, sizeof *in), *out = kr_xcalloc(n + 1, sizeof *out);
        for (size_t i = 0; i < n; i++)
            in[i] = (uint32_t)data[2 * i] << 8 | data[2 * i + 1];
        size_t out_n = 0;
        kr_fold_text(f, in, n, out, &out_n);
        FUZZ_CHECK(out_n <= n, "folding lengthened %zu code points to %zu", n, out_n);
        unsigned needed;
        (void)kr_fold_match(f, in, n, out, out_n, &needed);
        free(in);
        free(out);
    }
    kr_fold_free(f);
    kr_diags_free(&d);
    return 0;
}
