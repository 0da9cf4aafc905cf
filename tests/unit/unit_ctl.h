/* unit_ctl.h: what the unit tests of control statements share: statements parsed (the test
 * fails with the diagnostics when they do not parse), the diagnostics of statements that
 * must be rejected, and the check that a message holds a text. */
#ifndef KIROKU_TESTS_UNIT_CTL_H
#define KIROKU_TESTS_UNIT_CTL_H

#include "unit.h"

#include "kiroku/ctl.h"

static inline kr_ctl *unit_ctl_parse(const char *text)
{
    kr_diags d;
    kr_diags_init(&d);
    kr_ctl *c = kr_ctl_parse(text, strlen(text), "t.ctl", &d);
    unit_expect_parsed(&d, c != NULL, "statements", text);
    return c;
}

/* The diagnostics of statements that must be rejected, joined by newlines (caller frees). */
static inline char *unit_ctl_errors(const char *text)
{
    kr_diags d;
    kr_diags_init(&d);
    kr_ctl *c = kr_ctl_parse(text, strlen(text), "t.ctl", &d);
    if (c) {
        kr_ctl_free(c);
        kr_diags_free(&d);
        fail_msg("statements parsed but should not have:\n%s", text);
    }
    return unit_diags_take(&d);
}

/* Statements that must be rejected with a message holding needle. */
#define assert_ctl_error(text, needle)                                                       \
    do {                                                                                     \
        char *e_ = unit_ctl_errors(text);                                                    \
        assert_contains(e_, needle);                                                         \
        free(e_);                                                                            \
    } while (0)

#endif
