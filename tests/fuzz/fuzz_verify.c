/* fuzz_verify.c: VERIFY over any file (src/check, src/recio): the bytes as a file of a layout
 * with header, data and trailer records, control totals, text, numbers and dates; every
 * file ends with a return code and a listing, whatever its bytes. */
#include "fuzz.h"

#include "kiroku/check.h"
#include "kiroku/layout.h"

#include <string.h>
#include <unistd.h>

static const char LAYOUT[] =
    "layout fuzzv\n  encoding cp932\n  length 30\n  terminator crlf\n"
    "record header when kind = \"1\"\n  kind X(1)\n  made date(yyyymmdd)\n  filler X(*)\n"
    "record data when kind = \"2\"\n  kind X(1)\n  id 9(5) key\n  name N(3)\n  amount S9(5)\n"
    "  born date(gyymmdd)\n  filler X(*)\n"
    "record trailer when kind = \"8\"\n  kind X(1)\n  count 9(5) = count(data)\n"
    "  total S9(9) = sum(data.amount)\n  filler X(*)\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    kr_diags d;
    kr_diags_init(&d);
    kr_layout *l = kr_layout_parse(LAYOUT, sizeof LAYOUT - 1, "fuzzv.layout", &d);
    FUZZ_CHECK(l, "the target's own layout does not parse: %s", d.n ? d.items[0] : "");
    kr_diags_free(&d);
    const char *dir = getenv("TMPDIR");
    char *path = kr_xasprintf("%s/kiroku-fuzz-verify.XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    FUZZ_CHECK(fd >= 0, "cannot make a temporary file %s", path);
    FUZZ_CHECK(size == 0 || write(fd, data, size) == (ssize_t)size, "cannot write %s", path);
    close(fd);
    FILE *out = fopen("/dev/null", "w");
    kr_verify_opts o = {path, l, 5, NULL};
    kr_verify_stats st;
    memset(&st, 0, sizeof st);
    int rc = kr_verify(&o, out, &st);
    FUZZ_CHECK(rc == 0 || rc == 4 || rc == 8, "verify ended with rc %d on a readable file", rc);
    fclose(out);
    unlink(path);
    free(path);
    kr_layout_free(l);
    return 0;
}
