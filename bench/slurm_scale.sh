#!/bin/sh
# slurm_scale.sh: what running on Slurm costs for the work that needs it, on a single-node
# cluster of its own (tests/slurm/cluster.sh) on this machine: a partitioned SORT and a
# partitioned JOINKEYS (bench/jobs/scale.jcl, N register records of 600 bytes) with
# partitions 1, 2 and 4, locally and with --on slurm; and the federation's daily stream
# (its four jobs, tests/lib/rengo_prefecture.sh's rengo_day) on a generated prefecture of 3
# cities, locally and on Slurm, with
# its steps' elapsed times (the per-step costs docs/SCALE.md's model starts from). One run
# each (the machine is shared: the load average is printed with the figures).
# usage: bench/slurm_scale.sh BUILD [N] [PEOPLE]   (needs root and Debian's Slurm packages)
set -u
build=${1:-build}
n=${2:-200000}
people=${3:-20000}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
. "$here/common.sh"
. "$root/tests/lib/rengo_prefecture.sh"
K="$build/kiroku"
case $K in /*) ;; *) K="$root/$K" ;; esac
cluster_sh="$root/tests/slurm/cluster.sh"
if ! why=$("$cluster_sh" can-run); then
    echo "skipped: $why"
    exit 0
fi
bench_dir $((n * 600 * 6 / 1048576 + 512))
work="$dir/slurm_scale"
rm -rf "$work"
mkdir -p "$work"
"$cluster_sh" start "$work/cluster" > "$work/cluster.log" 2>&1 || { echo "the cluster did not start:"; cat "$work/cluster.log"; exit 1; }
export SLURM_CONF="$work/cluster/slurm.conf" KIROKU_LAYOUTS="$root/layouts" LC_ALL=C.UTF-8
unset KIROKU_AUDIT
. "$root/tests/lib/roles.sh" && kiroku_roles "$work/roles" run catalog 'seal:*' 'unseal:*'
# elapsed STEP LOG: the step's seconds in the step table.
elapsed() { awk -v s="$1" '$1 == s { print $NF }' "$2"; }

echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "partitioned SORT and JOINKEYS (bench/jobs/scale.jcl, $n records of 600 bytes), seconds per step"
printf '%-12s %10s %10s %10s %10s  %s\n' partitions "sort local" "sort slurm" "join local" "join slurm" "outputs"
for p in 1 2 4; do
    for on in local slurm; do
        rm -rf "$work/root"
        "$K" run "$here/jobs/scale.jcl" --on "$on" --root "$work/root" --date 2026-12-05 N="$n" P="$p" \
            > "$work/$on.$p.out" 2> "$work/$on.$p.log" || { echo "FAILED: --on $on P=$p" >&2; tail -5 "$work/$on.$p.log" >&2; }
        eval "sort_$on=\$(elapsed PSORT \"\$work/\$on.\$p.out\") join_$on=\$(elapsed PJOIN \"\$work/\$on.\$p.out\")"
        cat "$work/root/SC/SC.SORTED" "$work/root/SC/SC.JOINED" 2> /dev/null | cksum > "$work/sum.$on"
        # Each piece's own elapsed (its listing's KRK0668I), for the last partition count.
        for step in PSORT PJOIN; do
            for f in "$work"/root/.kiroku/spool/*/[0-9][0-9][0-9]."$step".*SYSOUT; do
                piece=$(basename "$f" .SYSOUT | sed "s/^[0-9]*\.$step\.\{0,1\}//")
                printf '%s %s %s %s\n' "$step" "${piece:-CONCAT}" "$on" "$(awk '/^KRK0668I/ { print $3 }' "$f")"
            done
        done > "$work/pieces.$on"
    done
    same=$(cmp -s "$work/sum.local" "$work/sum.slurm" && echo "slurm = local" || echo "DIFFER")
    printf '%-12s %10s %10s %10s %10s  %s\n' "$p" "$sort_local" "$sort_slurm" "$join_local" "$join_slurm" "$same"
done
rm -rf "$work/root"
echo "each piece's seconds with $p partitions (its listing's KRK0668I; CONCAT is the step's SYSOUT)"
printf '%-6s %-7s %8s %8s\n' step piece local slurm
awk '{ k = $1 " " $2; if (!(k in seen)) { seen[k] = 1; o[++n] = k } t[k, $3] = $4 }
    END { for (i = 1; i <= n; i++) { split(o[i], a, " "); printf "%-6s %-7s %8s %8s\n", a[1], a[2], t[o[i], "local"], t[o[i], "slurm"] } }' \
    "$work/pieces.local" "$work/pieces.slurm"

# The federation's stream: 3 cities' own streams seal their files, then its four jobs.
w="$work/rengo"
day=2026-06-15 d=260615
(
    rengo_prefecture "$K" "$root" "$w" "$people" 23 "$day" > "$work/prefecture.log"
) || { echo "the prefecture could not be prepared (see $w)"; "$cluster_sh" stop "$work/cluster" > /dev/null 2>&1; exit 1; }
periods=$(($(wc -c < "$w/pref/rengo/rireki_0.dat") / $(head -1 "$w/pref/rengo/rireki_0.dat" | wc -c)))
echo
echo "the federation's daily stream (jcl/rengo_open, rengo_recv per city, rengo_merge, rengo_send per city): 3 cities of $people people, a register of $periods periods"
for on in local slurm; do
    rm -rf "$w/run"
    cp -a "$w/fed" "$w/run"
    t0=$(date +%s.%N)
    rengo_day "$K" "$root" "$w/run" "$day" "$w/keys" --on "$on" \
        > "$w/$on.out" 2> "$w/$on.log" || { echo "FAILED: rengo --on $on" >&2; tail -5 "$w/$on.log" >&2; }
    t1=$(date +%s.%N)
    eval "total_$on=\$(awk -v a=\$t0 -v z=\$t1 'BEGIN { printf \"%.2f\", z - a }')"
    cp "$w/run/RENGO/RENGO.RIREKI.G0002V00" "$w/rireki.$on" 2> /dev/null
done
same=$(cmp -s "$w/rireki.local" "$w/rireki.slurm" && echo "the same new register" || echo "REGISTERS DIFFER")
echo "local: $total_local s, slurm: $total_slurm s ($(ratio "$total_slurm" "$total_local") x local; $same)"
printf '%-11s %-8s %9s %9s\n' step program local slurm
# The step tables, one per job in order (open, each city's receive, merge, each city's send):
# STEP PROGRAM RC nnnn SECONDS, named here JOBn.STEP.
awk 'FNR == 1 { f++; j = 0 } /^STEPNAME/ { j++; next }
    j && NF >= 5 { k = "J" j "." $1; t[f, k] = $NF; p[k] = $2; if (f == 1) o[++n] = k }
    END { for (i = 1; i <= n; i++) printf "%-11s %-8s %9s %9s\n", o[i], p[o[i]], t[1, o[i]], t[2, o[i]] }' \
    "$w/local.out" "$w/slurm.out"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
"$cluster_sh" stop "$work/cluster" > /dev/null 2>&1 || echo "the cluster did not stop cleanly: see $work/cluster"
rm -rf "$work"
