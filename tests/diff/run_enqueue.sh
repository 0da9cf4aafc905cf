#!/bin/sh
# run_enqueue.sh: two jobs that name one data set (DISP=MOD) run at once: the second waits
# until the first ends (KRK1341I names the data set and its holder), or with --no-wait stops
# at once with KRK1342E and rc 16; readers and writers never overlap. Output: TAP.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
K=${KIROKU:-$root/build/check/kiroku}
export KIROKU_LAYOUTS="$root/layouts"
job="$root/tests/diff/run/enq.jcl"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-enq.XXXXXX")
. "$root/tests/lib/roles.sh" && kiroku_roles "$tmp/roles" run catalog
trap 'rm -rf "$tmp"' EXIT
for j in JOBA JOBB JOBC; do sed "s/JOBNAME/$j/g" "$job" > "$tmp/$j.jcl"; done
echo "1..3"
"$K" run "$tmp/JOBA.jcl" --root "$tmp/r" --date 2026-12-04 WAIT=3 > /dev/null 2> "$tmp/a.log" &
a=$!
# Wait until the first job holds its data sets (its first step has started).
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    [ -d "$tmp/r/.kiroku/spool/000001" ] && break
    sleep 0.2
done
"$K" run "$tmp/JOBB.jcl" --root "$tmp/r" --date 2026-12-04 --no-wait WAIT=0 > /dev/null 2> "$tmp/b.log"
rc=$?
if [ $rc -eq 16 ] && grep -q 'KRK1342E.*SHARED.DATA' "$tmp/b.log"; then
    echo "ok 1 - --no-wait: the second job stops at once, naming the data set"
else
    echo "not ok 1 - --no-wait: rc $rc"; sed 's/^/# /' "$tmp/b.log"
fi
"$K" run "$tmp/JOBC.jcl" --root "$tmp/r" --date 2026-12-04 WAIT=0 > /dev/null 2> "$tmp/c.log"
rc=$?
wait $a
rca=$?
if [ $rc -eq 0 ] && [ $rca -eq 0 ] && grep -q 'KRK1341I.*SHARED.DATA' "$tmp/c.log"; then
    echo "ok 2 - the waiting job ran after the first one ended"
else
    echo "not ok 2 - waiting: rc $rc, first job rc $rca"; sed 's/^/# /' "$tmp/c.log"
fi
# JOBC started its steps only after JOBA ended: its job log's first step line comes after
# JOBA's end in time; the catalog's run records say so.
a_end=$(grep -c 'JOB ENDED' "$tmp/a.log")
c_lines=$(grep -n 'KRK1341I' "$tmp/c.log" | head -1 | cut -d: -f1)
c_start=$(grep -n 'JOB STARTED' "$tmp/c.log" | head -1 | cut -d: -f1)
if [ "$a_end" -eq 1 ] && [ -n "$c_lines" ] && [ -n "$c_start" ] && [ "$c_lines" -lt "$c_start" ]; then
    echo "ok 3 - the second job waited before its first step"
else
    echo "not ok 3 - order of the job logs"; sed 's/^/# /' "$tmp/c.log"
fi
