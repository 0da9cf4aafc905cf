#!/bin/sh
# slurm_restart.sh: steps on a Slurm cluster of the test's own that do not end well, and the
# restarts after them (tests/slurm/steps.jcl: a copy, KRSETRC that waits, a step with COND=, a
# last copy): a step killed by `scancel` mid-run is ABEND S222 and `--restart '*'` completes
# the job; a step that abends (U0100), then restart; SIGINT to the runner cancels its Slurm
# job; a job killed so hard that it writes no end is an abend after the grace period
# (KRK1805E); a killed runner's job is cancelled by the restart (KRK1806I); a step Slurm
# refuses (more cores than the node has) is a JCL error (KRK1801E); nothing is left running.
# Skipped only when this machine cannot run the daemons. TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-slurm.XXXXXX")
. "$root/tests/lib/roles.sh" && kiroku_roles "$tmp/roles" run catalog
. "$root/tests/slurm/lib.sh"
slurm_skip_unless_possible
echo "1..11"
slurm_start 1
job="$root/tests/slurm/steps.jcl"
opts="--on slurm --date 2026-12-04 --no-timing"
run() { "$K" run "$job" $opts "$@"; }

# Starts the job with WAITER waiting 60 s, in the background ($pid), and waits until WAITER's
# Slurm job ($id) runs; false when it does not within 30 s.
start_waiting() { # ROOT [OPTION...]
    r=$1
    shift
    "$K" run "$job" $opts --root "$r" WAIT=60 "$@" > /dev/null 2> "$r.log" &
    pid=$!
    id=$(slurm_job_of "$r" WAITER 30) && slurm_wait_running "$id" 30
}

# The first runs end well after a restart: the same outputs as a run that never failed.
complete() { # ROOT LOG
    run --root "$1" --restart '*' > /dev/null 2>> "$2"
    rc=$?
    [ $rc -eq 4 ] && cmp -s "$1/ST/ST.FIRST" "$1/ST/ST.SECOND" &&
        grep -q 'KRK1256I STEPSJOB AFTER    KRSETRC  - STEP WAS EXECUTED - COND CODE 0004' "$2"
}

# 2: scancel mid-run, then restart. 11: WAITER's TIME=(2,30) was sbatch's --time=2:30 (Slurm
# counts whole minutes: 3), COPY1 without TIME= has the partition's limit.
start_waiting "$tmp/scancel" && limit=$(scontrol show job "$id" | grep -o 'TimeLimit=[^ ]*') &&
    copy1_limit=$(scontrol show job "$(slurm_job_of "$r" COPY1 1)" 2> /dev/null | grep -o 'TimeLimit=[^ ]*') &&
    scancel "$id"
wait $pid
rc=$?
if [ $rc -eq 20 ] && grep -q 'KRK1258E STEPSJOB WAITER   KRSETRC  - ABEND S222' "$r.log" &&
    grep -q 'AFTER .* STEP WAS NOT RUN: an earlier step abended' "$r.log" && complete "$r" "$r.log"; then
    echo "ok 2 - a step cancelled by scancel mid-run is ABEND S222; --restart '*' completes the job"
else echo "not ok 2 - scancel (Slurm job ${id:-none}, rc $rc)"; sed 's/^/# /' "$r.log"; fi

# 3: a step that abends, then restart.
r="$tmp/abend"
run --root "$r" END=ABEND=U0100 > /dev/null 2> "$r.log"
rc=$?
if [ $rc -eq 20 ] && grep -q 'KRK1258E STEPSJOB WAITER   KRSETRC  - ABEND U0100' "$r.log" && complete "$r" "$r.log"; then
    echo "ok 3 - a step that abends (U0100) ends the job with 20; --restart '*' completes it"
else echo "not ok 3 - abend and restart (rc $rc)"; sed 's/^/# /' "$r.log"; fi

# 4: SIGINT to the runner: it cancels its Slurm job and ends with the abend of a cancel.
start_waiting "$tmp/sigint" && kill -INT $pid
wait $pid
rc=$?
state=$(squeue -h -t all -j "${id:-0}" -o %T 2> /dev/null)
if [ $rc -eq 20 ] && [ "$state" = CANCELLED ] && grep -q 'WAITER   KRSETRC  - ABEND S222' "$r.log"; then
    echo "ok 4 - SIGINT to the runner cancels the step's Slurm job (CANCELLED, ABEND S222)"
else echo "not ok 4 - SIGINT (rc $rc, Slurm job ${id:-none} $state)"; sed 's/^/# /' "$r.log"; fi

# 5: the batch script and the step killed (SIGKILL): no end, no result; an abend after the grace.
# The step's process and its batch script, found by the step description only this run has.
if start_waiting "$tmp/lost" --grace 2; then
    i=0
    while [ -z "$(pgrep -f "$r/.kiroku/jobs/STEPSJOB/step.002.WAITER")" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    step=$(pgrep -f "$r/.kiroku/jobs/STEPSJOB/step.002.WAITER" | head -1)
    shell=$(ps -o ppid= -p "$step" | tr -d ' ')
    kill -KILL "$shell" "$step"
fi
wait $pid
rc=$?
if [ $rc -eq 20 ] && grep -q "KRK1805E STEPSJOB WAITER   Slurm job $id ended .* did not appear in 2 seconds: ABEND" "$r.log" &&
    complete "$r" "$r.log"; then
    echo "ok 5 - a job that ended without a result is an abend after the grace period (KRK1805E); restart completes"
else echo "not ok 5 - lost job (rc $rc)"; sed 's/^/# /' "$r.log"; fi

# 6: the runner killed (SIGKILL) while its step runs: the restart cancels the leftover job first.
start_waiting "$tmp/killed" && kill -KILL $pid
wait $pid 2> /dev/null
if complete "$r" "$r.log" && grep -q "KRK1806I STEPSJOB Slurm job $id of an earlier run is still there; cancelled" "$r.log" &&
    [ "$(squeue -h -t all -j "$id" -o %T 2> /dev/null)" = CANCELLED ]; then
    echo "ok 6 - a killed runner's Slurm job is cancelled by the restart (KRK1806I), which completes"
else echo "not ok 6 - killed runner (Slurm job ${id:-none})"; sed 's/^/# /' "$r.log"; fi

# 7: a partition Slurm does not have: sbatch refuses the step; a JCL error at that step.
r="$tmp/refused"
"$K" run "$job" $opts --partition nosuch --root "$r" > /dev/null 2> "$r.log"
rc=$?
if [ $rc -eq 16 ] && grep -q 'KRK1801E step COPY1: sbatch refused the step' "$r.log" &&
    grep -q 'KRK1252E STEPSJOB COPY1    IEBGENER - JCL ERROR: STEP NOT RUN' "$r.log"; then
    echo "ok 7 - a step sbatch refuses (--partition nosuch) is a JCL error (KRK1801E, rc 16)"
else echo "not ok 7 - refused step (rc $rc)"; sed 's/^/# /' "$r.log"; fi

# 8: more cores than the node has: Slurm keeps it pending for ever; cancelled, a JCL error.
r="$tmp/hopeless"
run --root "$r" CORES=4096 > /dev/null 2> "$r.log"
rc=$?
id=$(slurm_job_of "$r" WAITER 1)
if [ $rc -eq 16 ] && grep -q "KRK1808E step WAITER: Slurm will not run job $id as asked (pending: " "$r.log" &&
    grep -q 'KRK1252E STEPSJOB WAITER   KRSETRC  - JCL ERROR: STEP NOT RUN' "$r.log" &&
    [ "$(squeue -h -t all -j "$id" -o %T 2> /dev/null)" = CANCELLED ]; then
    echo "ok 8 - a step Slurm will never start (CORES=4096) is cancelled, a JCL error (KRK1808E, rc 16)"
else echo "not ok 8 - hopeless step (rc $rc)"; sed 's/^/# /' "$r.log"; fi

# 9: no Slurm to ask (its commands not on PATH): the job does not start.
mkdir -p "$tmp/nopath"
PATH="$tmp/nopath" "$K" run "$job" --on slurm --root "$tmp/noslurm" > /dev/null 2> "$tmp/noslurm.log"
rc=$?
if [ $rc -eq 16 ] && grep -q 'KRK1800E Slurm does not answer' "$tmp/noslurm.log" && [ ! -d "$tmp/noslurm/ST" ]; then
    echo "ok 9 - without Slurm to ask the job does not start (KRK1800E, rc 16)"
else echo "not ok 9 - no Slurm (rc $rc)"; sed 's/^/# /' "$tmp/noslurm.log"; fi
# (Both read while WAITER ran: a finished job is forgotten after MinJobAge.)
if [ "${limit:-}" = TimeLimit=00:03:00 ] && [ "${copy1_limit:-}" = TimeLimit=UNLIMITED ]; then
    echo "ok 10 - TIME=(2,30) on EXEC is sbatch's --time (${limit}); a step without TIME= has the partition's"
else echo "not ok 10 - TIME=: WAITER ${limit:-none}, COPY1 ${copy1_limit:-none}"; fi
slurm_stop 11
rm -rf "$tmp"
