#!/bin/sh
# partition.sh: the partitioned SORT (`kiroku sort --partitions n`: SAMPLE, ROUTE, n RANGE
# sorts side by side, CONCAT, each a process of its own) against the single SORT on the same
# data: RECORDS records of 200 bytes (default 2,000,000), key bytes 1-10 ascending then 11-18
# descending, with partitions 1, 2 and 4, on this machine. Each run REPEAT times (default 3),
# the best counts. Prints seconds, the ratio to the single sort, CPU seconds (user + system,
# every process) and the peak memory of the largest process; checks every output equals the
# single sort's with cmp. On one machine the pieces only add passes (the single sort already
# uses every core); the figures say what the split costs before it runs on several nodes.
# usage: bench/partition.sh BUILD
set -u
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
kiroku="$root/$build/kiroku"
n=${RECORDS:-2000000}
repeat=${REPEAT:-3}
need=$((n * 201 * 6 / 1048576 + 64))
. "$root/bench/common.sh"
bench_dir "$need"
export LC_ALL=C

cc -O2 -o "$dir/gendata" "$root/bench/gendata.c" || exit 1
in="$dir/part-$n.dat"
if [ ! -f "$in" ]; then
    echo "generating $n records of 200 bytes in $dir ..."
    "$dir/gendata" "$n" 200 42 "$in.tmp" && mv "$in.tmp" "$in"
fi
size=$(stat -c %s "$in")
stmt='SORT FIELDS=(1,10,CH,A,11,8,CH,D)'

# cpu CMD...: the user + system seconds of CMD and every process it waited for.
cpu() {
    /usr/bin/time -f '%U %S' -o "$dir/cpu" "$@" > /dev/null 2>&1
    awk '{ printf "%.2f", $1 + $2 }' "$dir/cpu"
}

set -- $(best "$repeat" "$kiroku" sort --lrecl 200 --terminator lf -i "$in" -o "$dir/single.out" -j 2 -T "$dir" "$stmt")
one_t=$1 one_m=$2
one_cpu=$(cpu "$kiroku" sort --lrecl 200 --terminator lf -i "$in" -o "$dir/single.out" -j 2 -T "$dir" "$stmt")
echo "partitioned SORT against the single SORT: $n records of 200 bytes ($(mib $((size / 1024))) MiB), $stmt"
echo
printf '%-12s %9s %7s %9s %10s %s\n' "run" "seconds" "ratio" "CPU s" "peak MiB" "output"
printf '%-12s %9s %7s %9s %10s %s\n' "single" "$one_t" "1.00" "$one_cpu" "$(mib "$one_m")" "reference"
for p in 1 2 4; do
    set -- $(best "$repeat" "$kiroku" sort --lrecl 200 --terminator lf -i "$in" -o "$dir/part.out" -j 2 -T "$dir" \
        --partitions "$p" "$stmt")
    t=$1 m=$2
    c=$(cpu "$kiroku" sort --lrecl 200 --terminator lf -i "$in" -o "$dir/part.out" -j 2 -T "$dir" --partitions "$p" "$stmt")
    same=$(cmp -s "$dir/part.out" "$dir/single.out" && echo "= single (cmp)" || echo "DIFFERS")
    printf '%-12s %9s %7s %9s %10s %s\n' "partitions $p" "$t" "$(ratio "$t" "$one_t")" "$c" "$(mib "$m")" "$same"
done
rm -f "$dir/part.out" "$dir/single.out"
