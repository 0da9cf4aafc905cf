#!/bin/sh
# run-all.sh: runs every test suite against the build in $1 (default build/check): the unit
# tests (cmocka, TAP output), the golden end-to-end tests and the differential tests, then
# prints one summary line "N passed, N failed" and exits non-zero when anything failed.
# Last, the sensitive-data scan (tests/sensitive_scan.sh) searches every message and file the
# suites wrote (their logs, and whatever they left under the suite's TMPDIR) for the test
# data's 個人番号.
set -u
build=${1:-build/check}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
log=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-tests.XXXXXX")
trap 'rm -rf "$log"' EXIT
export KIROKU="$root/$build/kiroku"
# Every suite's temporary files go under the log folder, where the scan finds what is left.
# The tests that run commands as another user (tests/diff/roles.sh, as uid 65534) must reach
# their folders there: the log folder is traversable, its tmp/ like /tmp.
chmod 755 "$log"
mkdir -p -m 1777 "$log/tmp"
export TMPDIR="$log/tmp"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

suites=0
for t in "$build"/tests/test_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    suites=$((suites + 1))
    CMOCKA_MESSAGE_OUTPUT=TAP "$t" > "$log/$name.tap" 2> "$log/$name.err"
    status=$?
    if [ $status -ne 0 ] && ! grep -q '^not ok' "$log/$name.tap"; then
        echo "not ok - $name exited with status $status" >> "$log/$name.tap"
    fi
done
for s in tests/e2e/run.sh tests/diff/*.sh; do
    [ -x "$s" ] || continue
    name=$(echo "$s" | tr '/' '_')
    suites=$((suites + 1))
    "$s" > "$log/$name.tap" 2> "$log/$name.err"
    status=$?
    if [ $status -ne 0 ] && ! grep -q '^not ok' "$log/$name.tap"; then
        echo "not ok - $s exited with status $status" >> "$log/$name.tap"
    fi
done

suites=$((suites + 1))
tests/sensitive_scan.sh "$log" > "$log/zz_sensitive_scan.tap.part" 2>&1
mv "$log/zz_sensitive_scan.tap.part" "$log/zz_sensitive_scan.tap"

passed=$(cat "$log"/*.tap 2>/dev/null | grep -c '^ok')
failed=$(cat "$log"/*.tap 2>/dev/null | grep -c '^not ok')
for f in "$log"/*.tap; do
    if grep -q '^not ok' "$f"; then
        echo "---- $(basename "$f" .tap)"
        grep -A40 '^not ok' "$f" | head -80
        err="${f%.tap}.err"
        [ -s "$err" ] && { echo "---- stderr"; tail -40 "$err"; }
    fi
done
echo "$passed passed, $failed failed ($suites suites)"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
