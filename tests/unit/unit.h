/* unit.h: what every unit test file includes: cmocka and kiroku's headers, and small helpers
 * for building layouts and records from text. */
#ifndef KIROKU_TESTS_UNIT_H
#define KIROKU_TESTS_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kiroku/core.h"
#include "kiroku/layout.h"

/* A whole file as a string (caller frees), or "(none)" when it cannot be read. */
static inline char *unit_slurp(const char *path)
{
    kr_buf b;
    kr_buf_init(&b);
    kr_err err;
    if (!kr_read_file(path, &b, &err))
        kr_buf_adds(&b, "(none)");
    return kr_buf_take(&b);
}

/* Writes records given as text lines, each padded with blanks to width bytes, LF after each. */
static inline void unit_write_records(const char *path, const char *const *lines, size_t n, int width)
{
    FILE *fp = fopen(path, "wb");
    if (!fp)
        fail_msg("cannot write %s", path);
    for (size_t i = 0; i < n; i++)
        fprintf(fp, "%-*s\n", width, lines[i]);
    fclose(fp);
}

/* After a parse that must succeed: when it did not (ok false), prints the diagnostics and
 * fails the test with what and text; frees d either way. */
static inline void unit_expect_parsed(kr_diags *d, bool ok, const char *what, const char *text)
{
    if (!ok)
        for (size_t i = 0; i < d->n; i++)
            print_error("%s\n", d->items[i]);
    kr_diags_free(d);
    if (!ok)
        fail_msg("%s did not parse:\n%s", what, text);
}

/* Parses layout text that must be valid; fails the test with the diagnostics otherwise. */
static inline kr_layout *unit_layout(const char *text)
{
    kr_diags d;
    kr_diags_init(&d);
    kr_layout *l = kr_layout_parse(text, strlen(text), "test.layout", &d);
    unit_expect_parsed(&d, l != NULL, "layout", text);
    return l;
}

/* The diagnostics joined by newlines (caller frees); d is freed. */
static inline char *unit_diags_take(kr_diags *d)
{
    kr_buf b;
    kr_buf_init(&b);
    for (size_t i = 0; i < d->n; i++) {
        kr_buf_adds(&b, d->items[i]);
        kr_buf_addc(&b, '\n');
    }
    kr_diags_free(d);
    return kr_buf_take(&b);
}

/* Parses layout text that must be rejected; returns the diagnostics joined by newlines
 * (caller frees). */
static inline char *unit_layout_errors(const char *text)
{
    kr_diags d;
    kr_diags_init(&d);
    kr_layout *l = kr_layout_parse(text, strlen(text), "test.layout", &d);
    if (l) {
        kr_layout_free(l);
        kr_diags_free(&d);
        fail_msg("layout parsed but should not have");
    }
    return unit_diags_take(&d);
}

#define assert_contains(haystack, needle)                                                    \
    do {                                                                                     \
        const char *h_ = (haystack), *n_ = (needle);                                         \
        if (!strstr(h_, n_))                                                                 \
            fail_msg("expected to find \"%s\" in:\n%s", n_, h_);                             \
    } while (0)

#endif
