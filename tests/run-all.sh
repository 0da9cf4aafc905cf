#!/bin/sh
# run-all.sh: runs every test suite against the build in $1 (default build/check), as many at
# once as the machine has cores (below): the unit
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
# The differential tests that take longest, started first so that the slots end together.
slow_diffs="tests/diff/cobol_interop.sh tests/diff/bad_inputs.sh tests/diff/city_truth.sh
  tests/diff/rengo_truth.sh tests/diff/sort_gnu.sh tests/diff/health_truth.sh tests/diff/streams_truth.sh
  tests/diff/kill_phases.sh tests/diff/seal_tamper.sh tests/diff/partition_sort.sh tests/diff/faults.sh
  tests/diff/catalog_crash.sh tests/diff/audit_tamper.sh"

# The suites run side by side, as many at once as the machine has cores
# (at most 4 unless KIROKU_TEST_JOBS says), the longest first; the golden cases are cut in shards.
# The Slurm tests start daemons of their own: they run one after the other, in one slot.
export CMOCKA_MESSAGE_OUTPUT=TAP
jobs=${KIROKU_TEST_JOBS:-$(nproc 2> /dev/null || echo 2)}
[ -n "${KIROKU_TEST_JOBS:-}" ] || [ "$jobs" -le 4 ] || jobs=4  # sanitizer processes are large
list="$log/suites.list"
: > "$list"
shards=$((jobs * 3))
cases=$(ls tests/e2e/cases)
k=0
while [ $k -lt $shards ]; do
    echo "e2e_$k tests/e2e/run.sh $(echo "$cases" | awk -v k=$k -v n=$shards 'NR % n == k' | tr '\n' ' ' | sed 's/ $//')" >> "$list"
    k=$((k + 1))
done
slurm=$(for s in tests/diff/slurm_*.sh; do [ -x "$s" ] && echo "$s"; done | tr '\n' ' ' | sed 's/ $//')
[ -n "$slurm" ] && echo "--each $slurm" >> "$list"
for s in $slow_diffs tests/diff/*.sh; do
    [ -x "$s" ] || continue
    case " $slurm " in *" $s "*) continue ;; esac
    grep -q " $s\$" "$list" && continue
    echo "$(echo "$s" | tr '/' '_') $s" >> "$list"
done
for t in "$build"/tests/test_*; do
    [ -x "$t" ] && echo "$(basename "$t") $t" >> "$list"
done
suites=$(grep -c . "$list")
[ -n "$slurm" ] && suites=$((suites - 1 + $(echo "$slurm" | wc -w)))
# (xargs -L joins a line that ends in a blank to the next: no line may end in one)
xargs -P "$jobs" -L 1 tests/lib/run_suite.sh "$log" < "$list"
# A suite that left no output did not run: that is a failure, never a pass.
while read -r name rest; do
    if [ "$name" = --each ]; then
        for s in $rest; do [ -e "$log/$(echo "$s" | tr '/' '_').tap" ] || echo "not ok - $s did not run" > "$log/$(echo "$s" | tr '/' '_').tap"; done
    else
        [ -e "$log/$name.tap" ] || echo "not ok - $name did not run" > "$log/$name.tap"
    fi
done < "$list"

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
