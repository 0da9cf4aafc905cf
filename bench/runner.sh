#!/bin/sh
# runner.sh: the job-stream runner's overhead per step: a job of 20 IEFBR14 steps against a
# job of one, on tmpfs; the difference over 19 is what each step costs the runner (its
# process, its step description, the catalog transaction of its history, the job log).
# usage: bench/runner.sh BUILD
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
K="$build/kiroku"
bench_dir 64
# `kiroku run` needs the permission 'run' (docs/PROTECTION.md): a roles file of the bench's own.
[ -n "${KIROKU_ROLES:-}" ] || { . "$here/../tests/lib/roles.sh" && kiroku_roles "$dir/runner.roles" run; }
j1="$dir/one.jcl" j20="$dir/twenty.jcl"
printf '//ONE      JOB CLASS=A\n//S01      EXEC PGM=IEFBR14\n' > "$j1"
{
    printf '//TWENTY   JOB CLASS=A\n'
    i=1
    while [ $i -le 20 ]; do printf '//S%02d      EXEC PGM=IEFBR14\n' $i; i=$((i + 1)); done
} > "$j20"
# The catalog is made once; each run adds its history to it as a real day's run does.
"$K" run "$j1" --root "$dir/root" --date 2026-12-04 > /dev/null 2>&1
set -- $(best 5 "$K" run "$j1" --root "$dir/root" --date 2026-12-04)
one=$1
set -- $(best 5 "$K" run "$j20" --root "$dir/root" --date 2026-12-04)
twenty=$1 peak=$2
per=$(awk -v a="$one" -v b="$twenty" 'BEGIN { printf "%.1f", (b - a) / 19 * 1000 }')
echo "job of  1 IEFBR14 step : $one s"
echo "job of 20 IEFBR14 steps: $twenty s (peak $(mib "$peak") MiB)"
echo "runner overhead per step: $per ms (best of 5)"
rm -rf "$dir/root" "$j1" "$j20" "$dir/runner.roles"
