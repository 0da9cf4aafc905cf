/* fuzz_ctl.c: DFSORT control statements (src/ctl): any text parses into statements or is
 * refused with messages, both as a step's SYSIN and as a join side's JNFnCNTL. */
#include "fuzz.h"

#include "kiroku/ctl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    for (int side = 0; side < 2; side++) {
        kr_diags d;
        kr_diags_init(&d);
        kr_ctl *c = side ? kr_ctl_parse_side((const char *)data, size, "fuzz.ctl", &d)
                         : kr_ctl_parse((const char *)data, size, "fuzz.ctl", &d);
        FUZZ_CHECK(c || d.n > 0, "statements were refused without a message");
        kr_ctl_free(c);
        kr_diags_free(&d);
    }
    return 0;
}
