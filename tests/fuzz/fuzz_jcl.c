/* fuzz_jcl.c: the JCL parser (src/jcl): any text parses into a job or is refused with
 * messages. */
#include "fuzz.h"

#include "kiroku/jcl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    kr_diags d;
    kr_diags_init(&d);
    kr_jcl_job *job = kr_jcl_parse_text((const char *)data, size, "/nonexistent/fuzz.jcl", NULL, &d);
    FUZZ_CHECK(job || d.n > 0, "a job was refused without a message");
    kr_jcl_free(job);
    kr_diags_free(&d);
    return 0;
}
