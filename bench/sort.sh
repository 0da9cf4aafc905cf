#!/bin/sh
# sort.sh: kiroku SORT against GNU sort and GnuCOBOL's SORT verb on the same data, side by
# side in one run: RECORDS records of 200 bytes (default 5,000,000), key bytes 1-10
# ascending then 11-18 descending. Input and outputs live on tmpfs (/dev/shm) when it has
# room, so every tool is measured without the disk; kiroku's on-disk time, with the fsync it
# always does before renaming its output into place, is shown apart. Each tool runs REPEAT
# times (default 3; GnuCOBOL once) and the best time counts: the machine may be shared.
# Prints times, ratios to GNU sort and peak memory; checks kiroku's output equals sort -s's.
# usage: bench/sort.sh BUILD
set -u
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
kiroku="$root/$build/kiroku"
n=${RECORDS:-5000000}
repeat=${REPEAT:-3}
need=$((n * 201 * 3 / 1048576 + 64))
. "$root/bench/common.sh"
bench_dir "$need"
disk=${TMPDIR:-/tmp}/kiroku-bench-disk
mkdir -p "$disk"
export LC_ALL=C
tab=$(printf '\t')

cc -O2 -o "$dir/gendata" "$root/bench/gendata.c" || exit 1
in="$dir/sort-$n.dat"
if [ ! -f "$in" ]; then
    echo "generating $n records of 200 bytes in $dir ..."
    "$dir/gendata" "$n" 200 42 "$in.tmp" && mv "$in.tmp" "$in"
fi
size=$(stat -c %s "$in")


set -- $(best "$repeat" sort -s --parallel=2 -S 8G -t "$tab" -k1.1,1.10 -k1.11,1.18r -o "$dir/gnu.out" "$in")
gnu_t=$1
set -- $(best "$repeat" sort -s --parallel=2 -S 256M -T "$dir" -t "$tab" -k1.1,1.10 -k1.11,1.18r \
    -o "$dir/gnu256.out" "$in")
gnu256_t=$1
stmt='SORT FIELDS=(1,10,CH,A,11,8,CH,D)'
set -- $(best "$repeat" "$kiroku" sort --lrecl 200 --terminator lf -i "$in" -o "$dir/kiroku.out" -j 2 -T "$dir" "$stmt")
k_t=$1 k_m=$2
grep -h KRK0663I "$dir/stdout" | sed 's/^/  /'
set -- $(best "$repeat" "$kiroku" sort --lrecl 200 --terminator lf -i "$in" -o "$dir/kiroku256.out" -j 2 -m 256M \
    -T "$dir" "$stmt")
k256_t=$1 k256_m=$2
grep -h KRK0663I "$dir/stdout" | sed 's/^/  /'
set -- $(best 1 "$kiroku" sort --lrecl 200 --terminator lf -i "$in" -o "$disk/kiroku.out" -j 2 -T "$disk" "$stmt")
kdisk_t=$1
rm -f "$disk/kiroku.out"
cob_t=-
if command -v cobc > /dev/null 2>&1; then
    if cobc -x -O2 -o "$dir/cobsort" "$root/bench/cobsort.cob" 2> "$dir/cobc.err"; then
        ln -sf "$in" "$dir/SORTIN"
        set -- $(cd "$dir" && COB_LS_FIXED=TRUE best 1 ./cobsort)
        cob_t=$1
        cmp -s "$dir/SORTOUT" "$dir/gnu.out" || echo "  note: GnuCOBOL's output differs from sort -s: $(cmp "$dir/SORTOUT" "$dir/gnu.out" 2>&1 | head -1)"
        rm -f "$dir/SORTOUT" "$dir/SORTIN"
    else
        echo "  cobc failed: $(head -3 "$dir/cobc.err")"
    fi
fi

same=no
cmp -s "$dir/kiroku.out" "$dir/gnu.out" && cmp -s "$dir/kiroku256.out" "$dir/gnu.out" && same=yes
echo
echo "SORT: $n records x 200 bytes ($(awk -v s="$size" 'BEGIN { printf "%.0f", s / 1048576 }') MiB), keys 1-10 A, 11-18 D, files in $dir, best of $repeat"
printf '  %-44s %7s s  %5s\n' "GNU sort -s --parallel=2 -S 8G" "$gnu_t" "1.00"
printf '  %-44s %7s s  %5s   peak %s MiB = %s x input (goal <= 0.25, <= 1.3 x)\n' "kiroku sort (in memory)" "$k_t" \
    "$(ratio "$k_t" "$gnu_t")" "$(mib "$k_m")" "$(awk -v k="$k_m" -v s="$size" 'BEGIN { printf "%.2f", k * 1024 / s }')"
printf '  %-44s %7s s  %5s\n' "GNU sort -s --parallel=2 -S 256M" "$gnu256_t" "1.00"
printf '  %-44s %7s s  %5s   peak %s MiB (goal <= 0.5)\n' "kiroku sort -m 256M (external)" "$k256_t" \
    "$(ratio "$k256_t" "$gnu256_t")" "$(mib "$k256_m")"
printf '  %-44s %7s s  %5s\n' "GnuCOBOL SORT verb (vs GNU sort -S 8G)" "$cob_t" "$(ratio "$cob_t" "$gnu_t")"
printf '  %-44s %7s s\n' "kiroku sort, output on disk with fsync" "$kdisk_t"
echo "  kiroku's output identical to sort -s: $same"
rm -f "$dir/gnu.out" "$dir/gnu256.out" "$dir/kiroku.out" "$dir/kiroku256.out" "$dir/stdout" "$dir/stderr" "$dir/time"
