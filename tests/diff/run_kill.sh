#!/bin/sh
# run_kill.sh: kill -9 the runner and its step at many points of a job (before, during and
# after a step's output is renamed into place and the catalog updated), then restart with
# --restart '*' until the job ends: every time the outputs are byte for byte those of a run
# that was never killed, and the catalog lists no generation whose file is not complete.
# Output: TAP.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
K=${KIROKU:-$root/build/check/kiroku}
export KIROKU_LAYOUTS="$root/layouts"
job="$root/tests/diff/run/kill.jcl"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-kill.XXXXXX")
. "$root/tests/lib/roles.sh" && kiroku_roles "$tmp/roles" run catalog
trap 'rm -rf "$tmp"' EXIT
N=3000
define() {
    mkdir -p "$1"
    printf '  DEFINE GDG NAME(KT.SORTED) LIMIT(3) SCRATCH\n  DEFINE GDG NAME(KT.COPY) LIMIT(3) SCRATCH\n' |
        "$K" idcams --root "$1" > /dev/null
}
outputs="KT/KT.SORTED.G0001V00 KT/KT.COPY.G0001V00 KT/KT.BYNO.D261204"

# The reference: a run never interrupted.
define "$tmp/ref"
t0=$(date +%s.%N)
"$K" run "$job" --root "$tmp/ref" --date 2026-12-04 N=$N > /dev/null 2> "$tmp/ref.log" ||
    { echo "1..1"; echo "not ok 1 - the reference run failed"; sed 's/^/# /' "$tmp/ref.log"; exit 1; }

t1=$(date +%s.%N)
# Kill points spread over the reference run's length, from its start to just past its end.
delays=$(awk -v a="$t0" -v b="$t1" 'BEGIN { for (k = 1; k <= 12; k++) printf "%.3f ", (b - a) * k / 12 }')
n=0
for d in $delays; do n=$((n + 1)); done
echo "1..$n"
i=0
for d in $delays; do
    i=$((i + 1))
    r="$tmp/r$i"
    define "$r"
    setsid "$K" run "$job" --root "$r" --date 2026-12-04 N=$N > /dev/null 2> "$r.log" &
    pid=$!
    sleep "$d"
    kill -KILL "-$pid" 2> /dev/null
    wait "$pid" 2> /dev/null
    rc=$?
    # Where the kill fell: after the last step line the job log has.
    at=$(grep -o 'KRK125[0-9][A-Z] KILLJOB  [A-Z0-9]*' "$r.log" | tail -1 | sed 's/.*KILLJOB  *//')
    # Restart until the job ends well (at most 5 times; none when it ended before the kill);
    # a kill before the run was recorded leaves nothing to restart: then the job runs afresh.
    tries=0
    while [ $rc -ne 0 ] && [ $tries -lt 5 ]; do
        tries=$((tries + 1))
        if "$K" runs --root "$r" 2> /dev/null | grep -q KILLJOB; then
            "$K" run "$job" --root "$r" --date 2026-12-04 --restart '*' N=$N > /dev/null 2>> "$r.log"
        else
            "$K" run "$job" --root "$r" --date 2026-12-04 N=$N > /dev/null 2>> "$r.log"
        fi
        rc=$?
    done
    problems=""
    [ $rc -eq 0 ] || problems="$problems the restarted job ended with $rc;"
    for f in $outputs; do
        cmp -s "$tmp/ref/$f" "$r/$f" || problems="$problems $f differs;"
    done
    # Every cataloged generation is complete: its file is there and equals the reference.
    for g in $("$K" catalog list --root "$r" 2> /dev/null | sed -n 's/^NONVSAM -* *\(KT\.[A-Z.]*G[0-9]*V00\)$/\1/p'); do
        cmp -s "$tmp/ref/KT/$g" "$r/KT/$g" || problems="$problems cataloged $g is not complete;"
    done
    leftovers=$(find "$r/KT" -name '.*.tmp' | wc -l)
    [ "$leftovers" -eq 0 ] || problems="$problems $leftovers temporary files left;"
    if [ -z "$problems" ]; then
        echo "ok $i - killed after ${d}s (after ${at:-the start}), restarted $tries time(s): outputs identical, catalog complete"
    else
        echo "not ok $i - killed after ${d}s:$problems"
        sed 's/^/# /' "$r.log" | tail -30
    fi
done
