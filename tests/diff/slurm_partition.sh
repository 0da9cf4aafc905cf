#!/bin/sh
# slurm_partition.sh: partitioned SORT steps on a Slurm cluster of the test's own
# (tests/slurm/part.jcl): a sort whose key has two values and a JOINKEYS split at the join
# (both sides' records of a key many times), 3 ranges, each beside the same SORT in one
# piece. On Slurm as locally: the partitioned outputs are the single sort's (IEBCOMPR in the
# job) and the local run's byte for byte, the join was split (KRK2151I), every piece was a
# Slurm job, the RANGE pieces of a step one job array, and nothing is left running. Skipped only when this machine cannot run the
# daemons (not root, Slurm not installed). TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-slurm.XXXXXX")
. "$root/tests/lib/roles.sh" && kiroku_roles "$tmp/roles" run catalog
. "$root/tests/slurm/lib.sh"
slurm_skip_unless_possible
echo "1..7"
slurm_start 1
job="$root/tests/slurm/part.jcl"
args="--date 2026-12-05 --no-timing N=600 P=3"
"$K" run "$job" --root "$tmp/local" $args > "$tmp/local.out" 2> "$tmp/local.log"
lrc=$?
"$K" run "$job" --on slurm --root "$tmp/slurm" $args > "$tmp/slurm.out" 2> "$tmp/slurm.log"
src=$?
cmps=$(grep -c 'CMP\(SORT\|JOIN\) *IEBCOMPR - STEP WAS EXECUTED - COND CODE 0000' "$tmp/slurm.log")
if [ $lrc -eq 0 ] && [ $src -eq 0 ] && [ "$cmps" = 2 ]; then
    echo "ok 2 - both runs end with rc 0; on Slurm the partitioned sort and join equal the single ones (IEBCOMPR)"
else echo "not ok 2 - local rc $lrc, slurm rc $src, $cmps comparisons equal"; sed 's/^/# /' "$tmp/slurm.log" | tail -20; fi

problems=""
for f in PT/PT.PSORT PT/PT.PJOIN PT/PT.SJOIN; do
    [ -s "$tmp/local/$f" ] || problems="$problems $f missing locally;"
    cmp -s "$tmp/local/$f" "$tmp/slurm/$f" || problems="$problems $f differs;"
done
if [ -z "$problems" ]; then echo "ok 3 - the outputs are byte for byte the local run's"; else echo "not ok 3 -$problems"; fi

sysout=$(ls "$tmp"/slurm/.kiroku/spool/*/0*.PJOIN.SYSOUT 2> /dev/null | head -1)
if [ -n "$sysout" ] && grep -q '^KRK2151I the join split in 3 ranges' "$sysout" &&
    [ "$(grep -c '^KRK1855I range' "$sysout")" = 3 ]; then
    echo "ok 4 - the join was split in 3 ranges of its key (KRK2151I)"
else echo "not ok 4 - the join was not split"; sed 's/^/# /' "${sysout:-/dev/null}" | tail -20; fi

# Every piece of both partitioned steps ran as a Slurm job, and each COMPLETED; the three
# RANGE pieces of a step as one job array (sbatch --array=1-3), tasks ID_1..ID_3.
pieces=$(grep -c 'KRK1863I PARTJOB  P\(SORT\|JOIN\) ' "$tmp/slurm.log")
# The spool's SLURMJOBS: "000 PIECE ID" for a piece of a step, "000 R00k ID_k" for a task.
ids=$(cat "$tmp"/slurm/.kiroku/spool/*/SLURMJOBS 2> /dev/null | awk '$1 == "000" { print $3 }' | sort -u)
states=$(for id in $ids; do squeue -h -r -t all -j "$id" -o %T 2> /dev/null; done | sort -u | tr '\n' ' ')
n=$(echo $ids | wc -w)
arrays=$(cat "$tmp"/slurm/.kiroku/spool/*/SLURMJOBS | awk '$1 == "000" && $2 ~ /^R00[1-3]$/ {
    split($3, a, "_"); if (a[2] != substr($2, 4) + 0) bad = 1; seen[a[1]]++ }
    END { for (k in seen) { if (seen[k] != 3) bad = 1; m++ } print (bad ? "bad" : m) }')
if [ "$pieces" = 12 ] && [ "$n" = 12 ] && [ "$states" = "COMPLETED " ] && [ "$arrays" = 2 ]; then
    echo "ok 5 - the 12 pieces ran as Slurm jobs, all COMPLETED; each step's 3 RANGE pieces as one job array"
else echo "not ok 5 - $pieces pieces logged, Slurm jobs: $n, states: $states, arrays: $arrays"
    cat "$tmp"/slurm/.kiroku/spool/*/SLURMJOBS | sed 's/^/# /'; fi
# 6: PJOIN's TIME=3 is every piece's --time, the job array's tasks included.
limits=$(cat "$tmp"/slurm/.kiroku/spool/*/SLURMJOBS | awk '$1 == "000" { print $3 }' | tail -6 |
    while read -r id; do scontrol show job "$id" 2> /dev/null | grep -o 'TimeLimit=[^ ]*'; done | sort | uniq -c |
    awk '{ printf "%s %s;", $1, $2 }')
if [ "$limits" = "6 TimeLimit=00:03:00;" ]; then
    echo "ok 6 - the step's TIME=3 is each of its 6 pieces' time limit"
else echo "not ok 6 - the pieces' limits: ${limits:-none}"; fi
slurm_stop 7
rm -rf "$tmp"
