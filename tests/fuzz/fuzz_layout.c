/* fuzz_layout.c: the layout language (src/layout): any text either parses into a layout
 * that can be shown as a table and as JSON, or is refused with messages. */
#include "fuzz.h"

#include "kiroku/layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    kr_diags d;
    kr_diags_init(&d);
    kr_layout *l = kr_layout_parse((const char *)data, size, "fuzz.layout", &d);
    FUZZ_CHECK(l || d.n > 0, "a layout was refused without a message");
    if (l) {
        kr_buf out;
        kr_buf_init(&out);
        kr_layout_show_table(l, &out);
        kr_layout_show_json(l, &out);
        kr_buf_free(&out);
        kr_layout_free(l);
    }
    kr_diags_free(&d);
    return 0;
}
