#!/bin/sh
# fuzz_corpora.sh: every fuzz target (tests/fuzz/fuzz_*.c, built by `make check` with
# replay.c in place of libFuzzer under AddressSanitizer) over its committed corpus
# tests/fuzz/corpus/TARGET: the inputs that once crashed a parser or decoder, and the seeds
# the fuzzer grew, must run clean. TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(dirname "${KIROKU:-$root/build/check/kiroku}")
targets=$(cd "$root/tests/fuzz" && ls fuzz_*.c | sed 's/\.c$//')
n=0
for t in $targets; do n=$((n + 1)); done
echo "1..$n"
i=0
for t in $targets; do
    i=$((i + 1))
    bin="$build/fuzz/$t"
    corpus="$root/tests/fuzz/corpus/$t"
    if [ ! -x "$bin" ]; then
        echo "not ok $i - $t: $bin not built (make BUILD=$build SAN=1 fuzz-replay)"
        continue
    fi
    if [ ! -d "$corpus" ] || [ -z "$(ls "$corpus")" ]; then
        echo "not ok $i - $t: no corpus in tests/fuzz/corpus/$t"
        continue
    fi
    out=$("$bin" "$corpus" 2>&1)
    if [ $? -eq 0 ]; then
        echo "ok $i - $t: $(echo "$out" | tail -1)"
    else
        echo "not ok $i - $t"
        echo "$out" | tail -30 | sed 's/^/# /'
    fi
done
