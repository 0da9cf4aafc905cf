#!/bin/sh
# run.sh: `make fuzz`: links every target tests/fuzz/fuzz_*.c with libFuzzer against the
# clang-built library in BUILD (default build/fuzz) and runs each for SECONDS (default 600)
# at low priority, one after another (the machine is shared). New inputs are kept in
# BUILD/corpus/TARGET (the committed tests/fuzz/corpus/TARGET seeds it and is never
# written); a crash is written to BUILD/crash/TARGET/ and ends the script with status 1.
# usage: tests/fuzz/run.sh [BUILD [SECONDS [TARGET...]]]
set -u
build=${1:-build/fuzz}
seconds=${2:-600}
shift 2 2>/dev/null || shift $#
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
targets=${*:-$(cd tests/fuzz && ls fuzz_*.c | sed 's/\.c$//')}
cflags="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O1 -g -Iinclude -Isrc -pthread"
san="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
status=0
for t in $targets; do
    mkdir -p "$build/bin" "$build/corpus/$t" "$build/crash/$t" "tests/fuzz/corpus/$t"
    clang $cflags $san "tests/fuzz/$t.c" "$build/libkiroku.a" -ldb-5.3 -lcrypto -lpthread -o "$build/bin/$t" || exit 2
    echo "== $t: $seconds s"
    nice -n 10 "$build/bin/$t" -max_total_time="$seconds" -max_len=4096 -timeout=20 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$build/crash/$t/" "$build/corpus/$t" "tests/fuzz/corpus/$t" \
        > "$build/$t.log" 2>&1
    rc=$?
    grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' "$build/$t.log" | tail -2
    if [ $rc -ne 0 ]; then
        echo "$t: finding (status $rc), see $build/$t.log and $build/crash/$t/"
        status=1
    fi
done
exit $status
