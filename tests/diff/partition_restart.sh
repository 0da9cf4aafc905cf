#!/bin/sh
# partition_restart.sh: a RANGE piece of a partitioned SORT killed (SIGKILL, halfway through
# its output; KIROKU_TEST_KILL_RANGE names it) in a job stream and on the command line. The
# job abends in that step with nothing cataloged and no work folder left; `--restart '*'`
# reruns the step and its output is byte for byte that of a run never killed. The command
# line's sort ends rc 12 with no output and no work folder. Prints TAP.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
K=${KIROKU:-$root/build/check/kiroku}
export KIROKU_LAYOUTS="$root/layouts"
job="$root/tests/diff/run/part.jcl"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-partkill.XXXXXX")
. "$root/tests/lib/roles.sh" && kiroku_roles "$tmp/roles" run catalog
trap 'rm -rf "$tmp"' EXIT
N=2000
define() {
    mkdir -p "$1"
    printf '  DEFINE GDG NAME(PK.SORTED) LIMIT(3) SCRATCH\n' | "$K" idcams --root "$1" > /dev/null
}
echo "1..6"
define "$tmp/ref"
"$K" run "$job" --root "$tmp/ref" --date 2026-12-04 N=$N > /dev/null 2> "$tmp/ref.log"
[ $? = 0 ] && echo "ok 1 - the reference run" || { echo "not ok 1 - the reference run"; sed 's/^/# /' "$tmp/ref.log"; }

define "$tmp/k"
KIROKU_TEST_KILL_RANGE=2 "$K" run "$job" --root "$tmp/k" --date 2026-12-04 N=$N > /dev/null 2> "$tmp/k.log"
rc=$?
if [ $rc != 0 ] && grep -q 'PIECE R002   ABEND S222' "$tmp/k.log" && [ ! -e "$tmp/k/PK/PK.SORTED.G0001V00" ] &&
    [ -z "$(ls -A "$tmp/k/.kiroku/jobs/PARTKILL/work")" ]; then
    echo "ok 2 - a killed RANGE piece abends the step (S222), nothing cataloged, no work folder left"
else
    echo "not ok 2 - killed range: rc $rc"; sed 's/^/# /' "$tmp/k.log"; ls -A "$tmp/k/.kiroku/jobs/PARTKILL/work" | sed 's/^/# left: /'
fi
"$K" run "$job" --root "$tmp/k" --date 2026-12-04 --restart '*' N=$N > /dev/null 2> "$tmp/k2.log"
rc=$?
grep -q 'PIECE R002   COND CODE 0000' "$tmp/k2.log" && [ $rc = 0 ] &&
    echo "ok 3 - the restart reruns the step's pieces" || { echo "not ok 3 - restart rc $rc"; sed 's/^/# /' "$tmp/k2.log"; }
cmp -s "$tmp/ref/PK/PK.SORTED.G0001V00" "$tmp/k/PK/PK.SORTED.G0001V00" &&
    echo "ok 4 - the restarted output is the uninterrupted run's, byte for byte" || echo "not ok 4 - the outputs differ"

# The command line: the same kill; rc 12, no output, no work folder.
"$K" generate -L juki -o "$tmp/in.dat" --records $N --seed 5 > /dev/null 2>&1
mkdir "$tmp/w"
KIROKU_TEST_KILL_RANGE=1 "$K" sort -L juki -i "$tmp/in.dat" -o "$tmp/out.dat" -T "$tmp/w" --partitions 2 \
    'SORT FIELDS=(atena_no,D)' > "$tmp/cl.log" 2>&1
rc=$?
[ $rc = 12 ] && grep -q KRK1862E "$tmp/cl.log" && [ ! -e "$tmp/out.dat" ] && [ -z "$(ls -A "$tmp/w")" ] &&
    echo "ok 5 - kiroku sort --partitions: a killed piece is rc 12 (KRK1862E), no output, no work folder" ||
    { echo "not ok 5 - rc $rc"; sed 's/^/# /' "$tmp/cl.log"; ls -A "$tmp/w" | sed 's/^/# left: /'; }
"$K" sort -L juki -i "$tmp/in.dat" -o "$tmp/out.dat" -T "$tmp/w" --partitions 2 'SORT FIELDS=(atena_no,D)' > /dev/null 2>&1
"$K" sort -L juki -i "$tmp/in.dat" -o "$tmp/one.dat" 'SORT FIELDS=(atena_no,D)' > /dev/null 2>&1
cmp -s "$tmp/out.dat" "$tmp/one.dat" && echo "ok 6 - run again, the output is the single sort's" ||
    echo "not ok 6 - the outputs differ"
