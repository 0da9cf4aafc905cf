/* fuzz_copybook.c: COBOL copybook import (src/copybook): any text is imported or refused
 * with messages, and what an import writes is a layout that parses (the promise of
 * kr_copybook_import). */
#include "fuzz.h"

#include "kiroku/copybook.h"
#include "kiroku/layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    kr_diags d;
    kr_diags_init(&d);
    kr_buf out;
    kr_buf_init(&out);
    kr_import_opts o = {0};
    bool ok = kr_copybook_import((const char *)data, size, "fuzz.cpy", &o, &out, &d);
    if (ok) {
        kr_diags ld;
        kr_diags_init(&ld);
        kr_layout *l = kr_layout_parse(out.data ? out.data : "", out.len, "imported.layout", &ld);
        FUZZ_CHECK(l, "the imported layout does not parse: %s\n%.*s", ld.n ? ld.items[0] : "",
                   (int)(out.len < 4000 ? out.len : 4000), out.data ? out.data : "");
        kr_layout_free(l);
        kr_diags_free(&ld);
    }
    kr_buf_free(&out);
    kr_diags_free(&d);
    return 0;
}
