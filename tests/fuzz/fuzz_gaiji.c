/* fuzz_gaiji.c: 外字 tables (src/text/gaiji.c): any text parses into a table, whose every
 * entry can be looked up again, or is refused with messages. */
#include "fuzz.h"

#include "kiroku/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    kr_diags d;
    kr_diags_init(&d);
    kr_gaiji *g = kr_gaiji_parse((const char *)data, size, "fuzz.gaiji", &d);
    FUZZ_CHECK(g || d.n > 0, "a table was refused without a message");
    if (g) {
        for (uint32_t pua = 0xE000; pua < 0xE000 + 64; pua++)
            (void)kr_gaiji_lookup(g, pua);
        kr_gaiji_free(g);
    }
    kr_diags_free(&d);
    return 0;
}
