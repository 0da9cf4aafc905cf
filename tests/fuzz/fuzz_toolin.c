/* fuzz_toolin.c: ICETOOL's TOOLIN statements (src/icetool/toolin.c): any text parses into
 * statements or is refused with messages; every statement has an operator and its operands
 * names. */
#include "fuzz.h"

#include "icetool/icetool.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    kr_diags d;
    kr_diags_init(&d);
    it_script sc;
    bool ok = it_parse((const char *)data, size, "TOOLIN", &sc, &d);
    FUZZ_CHECK(ok || d.n > 0, "TOOLIN was refused without a message");
    for (size_t i = 0; ok && i < sc.n; i++) {
        FUZZ_CHECK(sc.v[i].op && sc.v[i].op[0], "a statement without an operator");
        for (size_t j = 0; j < sc.v[i].n; j++)
            FUZZ_CHECK(sc.v[i].v[j].name && sc.v[i].v[j].name[0], "an operand without a name");
    }
    it_script_free(&sc);
    kr_diags_free(&d);
    return 0;
}
