#!/bin/sh
# slurm_stream.sh: the daily 住基 stream (jcl/demo.jcl, 300 residents) run on a Slurm
# cluster of the test's own (tests/slurm/cluster.sh) gives what the local run gives: the same
# outputs byte for byte, the same job log (--no-timing), the same step table, the same
# catalog listing and run history, the same audit entries; each step was a Slurm job (IDCAMS,
# which writes the catalog, ran beside it); nothing is left running afterwards. Skipped only
# when this machine cannot run the daemons (not root, Slurm not installed). TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-slurm.XXXXXX")
. "$root/tests/lib/roles.sh" && kiroku_roles "$tmp/roles" run catalog
. "$root/tests/slurm/lib.sh"
slurm_skip_unless_possible
echo "1..9"
slurm_start 1

args="--date 2026-11-21 --no-timing N=300 TOTAL=306 NEXT=301"
for side in local slurm; do
    "$K" audit init "$tmp/$side.audit" --verify-key "$tmp/$side.vk" > /dev/null 2>&1
done
KIROKU_AUDIT="$tmp/local.audit" "$K" run "$root/jcl/demo.jcl" --root "$tmp/local" $args > "$tmp/local.out" 2> "$tmp/local.log"
lrc=$?
KIROKU_AUDIT="$tmp/slurm.audit" "$K" run "$root/jcl/demo.jcl" --on slurm --root "$tmp/slurm" $args > "$tmp/slurm.out" 2> "$tmp/slurm.log"
src=$?
if [ $lrc -eq 0 ] && [ $src -eq 0 ]; then echo "ok 2 - both runs end with return code 0"; else
    echo "not ok 2 - local rc $lrc, slurm rc $src"; sed 's/^/# /' "$tmp/slurm.log" | tail -20; fi

problems=""
for f in JUKI/JUKI.SNAPSHOT.G0001V00 JUKI/JUKI.TX.G0001V00 JUKI/JUKI.MASTER.G0001V00 JUKI/JUKI.DEPARTED.D261121 \
    JUKI/JUKI.ARRIVED.D261121 JUKI/JUKI.CHANGES.D261121 KENSHIN/KENSHIN.IGAN.FY2026 KENSHIN/KENSHIN.NYUGAN.FY2026 \
    KENSHIN/KENSHIN.SHIKYU.FY2026 KENSHIN/KENSHIN.LABELS.FY2026; do
    [ -s "$tmp/local/$f" ] || problems="$problems $f missing locally;"
    cmp -s "$tmp/local/$f" "$tmp/slurm/$f" || problems="$problems $f differs;"
done
if [ -z "$problems" ]; then echo "ok 3 - the outputs are byte for byte those of the local run"; else
    echo "not ok 3 -$problems"; fi

# The audit chain's head (KRK1260I) is each log's own.
sed -e "s|$tmp/local|ROOT|g" -e 's/AUDIT HEAD .*/AUDIT HEAD -/' "$tmp/local.log" > "$tmp/local.log.cmp"
sed -e "s|$tmp/slurm|ROOT|g" -e 's/AUDIT HEAD .*/AUDIT HEAD -/' "$tmp/slurm.log" > "$tmp/slurm.log.cmp"
if cmp -s "$tmp/local.log.cmp" "$tmp/slurm.log.cmp" && cmp -s "$tmp/local.out" "$tmp/slurm.out"; then
    echo "ok 4 - the same job log and step table"; else
    echo "not ok 4 - the job logs or step tables differ"
    diff "$tmp/local.log.cmp" "$tmp/slurm.log.cmp" | sed 's/^/# /' | head -20
    diff "$tmp/local.out" "$tmp/slurm.out" | sed 's/^/# /' | head -20; fi

for side in local slurm; do
    "$K" catalog --root "$tmp/$side" list --all 2>&1 | sed "s|$tmp/$side|ROOT|g" > "$tmp/$side.cat"
    "$K" runs --root "$tmp/$side" show 1 2>&1 |
        sed -e 's/ *[0-9.]*s$//' -e '/^  START\|^  END/d' > "$tmp/$side.runs"
    "$K" audit show -d "$tmp/$side.audit" 2>&1 | sed -e 's/^[0-9]* [0-9T:.Z-]* //' -e "s|$tmp/$side|ROOT|g" |
        grep -v '^audit-init\|^KRK1544I' > "$tmp/$side.entries"
done
if [ -s "$tmp/local.cat" ] && cmp -s "$tmp/local.cat" "$tmp/slurm.cat"; then
    echo "ok 5 - the same catalog listing"; else
    echo "not ok 5 - the catalog listings differ"; diff "$tmp/local.cat" "$tmp/slurm.cat" | sed 's/^/# /' | head -20; fi
if [ -s "$tmp/local.runs" ] && cmp -s "$tmp/local.runs" "$tmp/slurm.runs"; then
    echo "ok 6 - the same run history (return codes, records, SHA-256 of every step's data sets)"; else
    echo "not ok 6 - the run histories differ"; diff "$tmp/local.runs" "$tmp/slurm.runs" | sed 's/^/# /' | head -20; fi

if [ "$(grep -c '^step-end' "$tmp/local.entries")" -eq 15 ] && cmp -s "$tmp/local.entries" "$tmp/slurm.entries"; then
    echo "ok 7 - the same audit entries (job-start, 15 step-end with every data set's records and SHA-256, job-end)"; else
    echo "not ok 7 - the audit entries differ"; diff "$tmp/local.entries" "$tmp/slurm.entries" | sed 's/^/# /' | head -20; fi

# Every step but IDCAMS's was a Slurm job of its own, and each ended COMPLETED.
steps=$(grep -c 'STEP WAS EXECUTED' "$tmp/slurm.log")
jobs=$(cat "$tmp"/slurm/.kiroku/spool/*/SLURMJOBS 2> /dev/null | wc -l)
states=$(for id in $(awk '{ print $3 }' "$tmp"/slurm/.kiroku/spool/*/SLURMJOBS); do
    squeue -h -t all -j "$id" -o %T 2> /dev/null; done | sort -u | tr '\n' ' ')
if [ "$jobs" -eq $((steps - 1)) ] && [ "$states" = "COMPLETED " ]; then
    echo "ok 8 - $jobs steps ran as Slurm jobs, all COMPLETED; IDCAMS ran beside the catalog"; else
    echo "not ok 8 - $steps steps, $jobs Slurm jobs, states: $states"; fi
slurm_stop 9
rm -rf "$tmp"
