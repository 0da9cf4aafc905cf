#!/bin/sh
# demo_stream.sh: `make demo`'s stream (scripts/demo.sh) on 3,000 generated residents with
# the build under test: every step must end within its return code, the sequential update
# and the Berkeley DB ledger must both rebuild today's snapshot byte for byte (the stream
# checks it with cmp), and a step that fails must stop the stream. TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(dirname "${KIROKU:-$root/build/check/kiroku}")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-demo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
echo "1..3"
DEMO_RECORDS=3000 DEMO_WORK="$tmp/ok" "$root/scripts/demo.sh" "$build" > "$tmp/ok.out" 2>&1
rc=$?
if [ $rc -eq 0 ] && grep -q "^demo: every step ended within its return code" "$tmp/ok.out"; then
    echo "ok 1 - the demo stream runs to its end with return code 0"
else
    echo "not ok 1 - the demo stream ended with rc $rc"; sed 's/^/# /' "$tmp/ok.out"
fi
if grep -q "master.new = today.dat, byte for byte" "$tmp/ok.out" &&
   grep -q "ledger.dat = today.dat, byte for byte" "$tmp/ok.out"; then
    echo "ok 2 - the update and the ledger both give today's snapshot"
else
    echo "not ok 2 - the update or the ledger did not give today's snapshot"
fi
# A stream whose job file is broken stops at that step with its return code.
mkdir -p "$tmp/bad/layouts"
cp "$root"/layouts/*.layout "$tmp/bad/layouts/"
sed 's/^  OPTION COPY$/  OPTION COPPY/' "$root/jobs/juki_diff.sort" > "$tmp/bad/juki_diff.sort"
mkdir -p "$tmp/bad/scripts" "$tmp/bad/jobs"
cp "$root/scripts/demo.sh" "$tmp/bad/scripts/"
cp "$tmp/bad/juki_diff.sort" "$tmp/bad/jobs/"
cp "$root/jobs/kenshin_taisho.sort" "$tmp/bad/jobs/"
DEMO_RECORDS=300 DEMO_WORK="$tmp/bad/work" "$tmp/bad/scripts/demo.sh" "$build" > "$tmp/bad.out" 2>&1
rc=$?
if [ $rc -eq 16 ] && grep -q "demo: STEP050 ended with return code 16" "$tmp/bad.out" && ! grep -q "^STEP060" "$tmp/bad.out"; then
    echo "ok 3 - a failing step stops the stream with its return code"
else
    echo "not ok 3 - a failing step did not stop the stream (rc $rc)"; sed 's/^/# /' "$tmp/bad.out"
fi
