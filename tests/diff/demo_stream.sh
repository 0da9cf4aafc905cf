#!/bin/sh
# demo_stream.sh: `make demo` (scripts/demo.sh) run small with the build under test: the
# city's daily NHI stream ends with return code 0, its 確認リスト is the generator's truth
# (the demo checks it with cmp and says so), and the summary by reason is printed. TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(dirname "${KIROKU:-$root/build/check/kiroku}")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-demo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
echo "1..3"
DEMO_PEOPLE=400 DEMO_WORK="$tmp/demo" "$root/scripts/demo.sh" "$build" > "$tmp/out" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -q 'KRK1259I KOKUHODY - JOB ENDED: MAXCC 0000' "$tmp/out"
if [ $? -eq 0 ]; then echo "ok 1 - the demo's stream ends with return code 0"; else
    echo "not ok 1 - the demo's stream ended with $rc"; sed 's/^/# /' "$tmp/out"; fi
grep -q '= the generator.s truth for city 01, byte for byte' "$tmp/out"
if [ $? -eq 0 ]; then echo "ok 2 - the demo's 確認リスト is the truth"; else echo "not ok 2 - the demo's 確認リスト is not the truth"; fi
[ "$(grep -c '^  理由 [1-4] ' "$tmp/out")" = 4 ]
if [ $? -eq 0 ]; then echo "ok 3 - the summary gives the four reasons"; else echo "not ok 3 - no summary by reason"; fi
