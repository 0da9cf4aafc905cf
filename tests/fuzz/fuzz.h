/* fuzz.h: what every fuzz target shares: libFuzzer's entry point, which `make fuzz` links
 * with libFuzzer (clang) and `make check` with replay.c (gcc), and a check that stops the
 * run on a broken invariant so the fuzzer records the input. */
#ifndef KIROKU_FUZZ_H
#define KIROKU_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "kiroku/core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts with the message when cond is false: a finding, not an expected error. */
#define FUZZ_CHECK(cond, ...)                                                                \
    do {                                                                                     \
        if (!(cond)) {                                                                       \
            fprintf(stderr, "fuzz invariant broken at %s:%d: ", __FILE__, __LINE__);         \
            fprintf(stderr, __VA_ARGS__);                                                    \
            fprintf(stderr, "\n");                                                           \
            abort();                                                                         \
        }                                                                                    \
    } while (0)

/* Inputs larger than this are skipped: the parsers' limits are tested elsewhere, and the
 * fuzzer's time is better spent on many small inputs. */
#define FUZZ_MAX_INPUT (64 * 1024)

#endif
