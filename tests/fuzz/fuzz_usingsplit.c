/* fuzz_usingsplit.c: SPLICE's cut of USING's statements (src/icetool/usingsplit.c): for any
 * control statements that parse, the two texts have the input's lines, each line whole in
 * at most one of them, and each OUTFIL statement the parser found counted once. */
#include "fuzz.h"

#include "icetool/icetool.h"

#include <string.h>

/* The n-th line of text (without its '\n' or '\r'), or NULL past the end. */
static const char *line_at(const char *text, size_t len, size_t n, size_t *out_len)
{
    size_t i = 0;
    for (; n && i < len; i++)
        if (text[i] == '\n')
            n--;
    if (n || i > len || (i == len && len && text[len - 1] == '\n'))
        return NULL;
    size_t j = i;
    while (j < len && text[j] != '\n')
        j++;
    *out_len = j > i && text[j - 1] == '\r' ? j - i - 1 : j - i;
    return text + i;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT || memchr(data, '\0', size))
        return 0;
    kr_step step;
    kr_step_init(&step, "FUZZ", "ICETOOL");
    kr_dd_bind *b = kr_step_add_dd(&step, "CTL1CNTL", NULL);
    b->text = kr_xstrndup((const char *)data, size);
    b->text_len = size;
    FILE *sink = fopen("/dev/null", "w");
    if (!sink)
        abort();
    step.msg = sink;
    it_run r = {.step = &step, .toolmsg = sink, .dfsmsg = sink, .toolin = "TOOLIN"};
    it_stmt st = {.op = (char *)"SPLICE", .line = 1, .col = 1};
    it_using_parts p;
    int rc = 0;
    if (it_using_split(&r, &st, "CTL1CNTL", &p, &rc)) {
        FUZZ_CHECK(p.n_outfil_statements == p.ctl->n_outfils, "%zu OUTFIL statements cut, %zu parsed",
                   p.n_outfil_statements, p.ctl->n_outfils);
        const char *text = (const char *)data;
        for (size_t n = 0;; n++) {
            size_t in_len, a_len, z_len;
            const char *in = line_at(text, size, n, &in_len);
            const char *a = line_at(p.before.data ? p.before.data : "", p.before.len, n, &a_len);
            const char *z = line_at(p.after.data ? p.after.data : "", p.after.len, n, &z_len);
            FUZZ_CHECK(!in == !a && !in == !z, "line %zu: the texts have another number of lines", n + 1);
            if (!in)
                break;
            FUZZ_CHECK(!(a_len && z_len), "line %zu is in both texts", n + 1);
            FUZZ_CHECK(!a_len || (a_len == in_len && memcmp(a, in, in_len) == 0), "line %zu changed", n + 1);
            FUZZ_CHECK(!z_len || (z_len == in_len && memcmp(z, in, in_len) == 0), "line %zu changed", n + 1);
        }
        it_using_parts_free(&p);
    }
    kr_step_free(&step);
    fclose(sink);
    return 0;
}
