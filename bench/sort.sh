#!/bin/sh
# sort.sh: kiroku SORT against GNU sort and GnuCOBOL's SORT verb on the same data, side by
# side in one run: RECORDS records of 200 bytes (default 5,000,000), key bytes 1-10
# ascending then 11-18 descending, input in the page cache. Prints times, ratios to GNU sort
# and peak memory; checks that kiroku's output equals `sort -s`'s byte for byte.
# usage: bench/sort.sh BUILD   (RECORDS=n, BENCH_DIR=dir to override)
set -u
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
kiroku="$root/$build/kiroku"
n=${RECORDS:-5000000}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/kiroku-bench}
mkdir -p "$dir"
export LC_ALL=C
timefmt='%e %M'

cc -O2 -o "$dir/gendata" "$root/bench/gendata.c" || exit 1
if [ ! -f "$dir/sort-$n.dat" ]; then
    echo "generating $n records of 200 bytes in $dir ..."
    "$dir/gendata" "$n" 200 42 "$dir/sort-$n.dat.tmp" && mv "$dir/sort-$n.dat.tmp" "$dir/sort-$n.dat"
fi
in="$dir/sort-$n.dat"
size=$(stat -c %s "$in")
cat "$in" > /dev/null # into the page cache

# Runs a command, prints "seconds peak-KiB".
measure() {
    /usr/bin/time -f "$timefmt" -o "$dir/time" "$@" > "$dir/stdout" 2> "$dir/stderr" || {
        echo "FAILED: $*" >&2
        tail -5 "$dir/stderr" "$dir/stdout" >&2
        echo "0 0"
        return
    }
    cat "$dir/time"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

tab=$(printf '\t')
set -- $(measure sort -s --parallel=2 -S 8G -t "$tab" -k1.1,1.10 -k1.11,1.18r -o "$dir/gnu.out" "$in")
gnu_t=$1 gnu_m=$2
set -- $(measure sort -s --parallel=2 -S 256M -T "$dir" -t "$tab" -k1.1,1.10 -k1.11,1.18r -o "$dir/gnu256.out" "$in")
gnu256_t=$1
set -- $(measure "$kiroku" sort --lrecl 200 --terminator lf -i "$in" -o "$dir/kiroku.out" -j 2 -T "$dir" \
    'SORT FIELDS=(1,10,CH,A,11,8,CH,D)')
k_t=$1 k_m=$2
grep -h KRK0663I "$dir/stdout" | sed 's/^/  /'
set -- $(measure "$kiroku" sort --lrecl 200 --terminator lf -i "$in" -o "$dir/kiroku256.out" -j 2 -m 256M -T "$dir" \
    'SORT FIELDS=(1,10,CH,A,11,8,CH,D)')
k256_t=$1 k256_m=$2
grep -h KRK0663I "$dir/stdout" | sed 's/^/  /'
cob_t=-
if command -v cobc > /dev/null 2>&1; then
    if cobc -x -O2 -o "$dir/cobsort" "$root/bench/cobsort.cob" 2> "$dir/cobc.err"; then
        ln -sf "$in" "$dir/SORTIN"
        set -- $(cd "$dir" && COB_LS_FIXED=TRUE measure ./cobsort)
        cob_t=$1
        [ -f "$dir/SORTOUT" ] && cmp -s "$dir/SORTOUT" "$dir/gnu.out" || echo "  note: GnuCOBOL's output differs from sort -s"
        rm -f "$dir/SORTOUT" "$dir/SORTIN"
    else
        echo "  cobc failed: $(head -3 "$dir/cobc.err")"
    fi
fi

same=no
cmp -s "$dir/kiroku.out" "$dir/gnu.out" && cmp -s "$dir/kiroku256.out" "$dir/gnu.out" && same=yes
echo
echo "SORT: $n records x 200 bytes ($(awk -v s="$size" 'BEGIN { printf "%.0f", s / 1048576 }') MiB), keys 1-10 A, 11-18 D"
printf '  %-40s %8s s %8s\n' "GNU sort -s --parallel=2 -S 8G" "$gnu_t" "1.00"
printf '  %-40s %8s s %8s   peak %s MiB (%s x input)\n' "kiroku sort (in memory)" "$k_t" "$(ratio "$k_t" "$gnu_t")" \
    "$(mib "$k_m")" "$(awk -v k="$k_m" -v s="$size" 'BEGIN { printf "%.2f", k * 1024 / s }')"
printf '  %-40s %8s s %8s\n' "GNU sort -S 256M" "$gnu256_t" "1.00"
printf '  %-40s %8s s %8s   peak %s MiB\n' "kiroku sort -m 256M (external)" "$k256_t" "$(ratio "$k256_t" "$gnu256_t")" \
    "$(mib "$k256_m")"
printf '  %-40s %8s s %8s\n' "GnuCOBOL SORT verb" "$cob_t" "$(ratio "$cob_t" "$gnu_t")"
echo "  kiroku's output identical to sort -s: $same"
echo "  (kiroku fsyncs its output before renaming it into place; GNU sort does not)"
rm -f "$dir/gnu.out" "$dir/gnu256.out" "$dir/kiroku.out" "$dir/kiroku256.out" "$dir/stdout" "$dir/stderr"
