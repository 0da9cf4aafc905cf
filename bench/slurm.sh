#!/bin/sh
# slurm.sh: the cost of running a job stream's steps as Slurm jobs: the daily 住基 stream
# (jcl/demo.jcl, N residents, 15 steps) run locally and with --on slurm on a single-node
# cluster of its own (tests/slurm/cluster.sh) on this machine, best of 3 each, each run on a
# fresh data root; the difference over the steps Slurm ran is the scheduling overhead per
# step (sbatch, the controller's scheduling, slurmd's launch, the runner seeing the end).
# usage: bench/slurm.sh BUILD [N]    (needs root and Debian's Slurm packages; else it says why)
set -u
build=${1:-build}
n=${2:-3000}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
. "$here/common.sh"
K="$build/kiroku"
cluster_sh="$root/tests/slurm/cluster.sh"
if ! why=$("$cluster_sh" can-run); then
    echo "skipped: $why"
    exit 0
fi
bench_dir 512
work="$dir/slurm"
rm -rf "$work"
mkdir -p "$work"
[ -n "${KIROKU_ROLES:-}" ] || { . "$root/tests/lib/roles.sh" && kiroku_roles "$work/roles" run; }
"$cluster_sh" start "$work/cluster" > "$work/cluster.log" 2>&1 || { echo "the cluster did not start:"; cat "$work/cluster.log"; exit 1; }
export SLURM_CONF="$work/cluster/slurm.conf" KIROKU_LAYOUTS="$root/layouts"
args="--date 2026-11-21 N=$n TOTAL=$((n + n / 50)) NEXT=$((n + 1))"

# best_run ON: the best of 3 wall times of the stream on ON (local or slurm).
best_run() {
    b=""
    for i in 1 2 3; do
        rm -rf "$work/root"
        t0=$(date +%s.%N)
        if ! "$K" run "$root/jcl/demo.jcl" --on "$1" --root "$work/root" $args > /dev/null 2> "$work/$1.log"; then
            echo "FAILED: --on $1" >&2
            tail -5 "$work/$1.log" >&2
        fi
        t1=$(date +%s.%N)
        b=$(awk -v a="$t0" -v z="$t1" -v b="$b" 'BEGIN { t = z - a; if (b == "" || t < b) printf "%.2f", t; else print b }')
    done
    echo "$b"
}
local_s=$(best_run local)
slurm_s=$(best_run slurm)
jobs=$(cat "$work"/root/.kiroku/spool/*/SLURMJOBS | wc -l)
"$cluster_sh" stop "$work/cluster" > /dev/null 2>&1 || echo "the cluster did not stop cleanly: see $work/cluster"
per=$(awk -v a="$local_s" -v b="$slurm_s" -v j="$jobs" 'BEGIN { printf "%.0f", (b - a) / j * 1000 }')
echo "jcl/demo.jcl, $n residents, 15 steps ($jobs as Slurm jobs; IDCAMS beside the catalog)"
echo "local           : $local_s s"
echo "slurm (1 node)  : $slurm_s s ($(ratio "$slurm_s" "$local_s") x local)"
echo "Slurm overhead per step: $per ms (best of 3)"
rm -rf "$work/root"
