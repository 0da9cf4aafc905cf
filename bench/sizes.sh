#!/bin/sh
# sizes.sh: the SORT at every size, kiroku against GNU `sort -s` on the same data: SIZES
# records of 200 bytes (default 1, 5, 20 and 50 million; 50M = 10 GB is more than half this
# machine's memory), keys 1-10 ascending then 11-18 descending, kiroku with its default
# budget and GNU sort with -S 8G, both on 2 threads. The two tools alternate, REPEAT times
# each (default 3; REPEAT_BIG, default 1, for sizes over 20M) and the best time counts, so
# that both are measured in the same window of a shared machine. Prints seconds, seconds per
# GB, the ratio, kiroku's peak memory and how it sorted; checks the outputs with cmp; then
# the regression check: 20M may take at most 4.5 times 5M. Files go to tmpfs when it has
# room, else to $BENCH_DIR or $TMPDIR; each size's files are removed after it. A second
# check: 50M may take at most 3.5 times 20M (2.5 times the records; 50M goes on work files).
# usage: bench/sizes.sh BUILD
set -u
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
kiroku="$root/$build/kiroku"
sizes=${SIZES:-1000000 5000000 20000000 50000000}
repeat=${REPEAT:-3}
repeat_big=${REPEAT_BIG:-1}
. "$root/bench/common.sh"
export LC_ALL=C
tab=$(printf '\t')
stmt='SORT FIELDS=(1,10,CH,A,11,8,CH,D)'
status=0
table=""

# once CMD...: runs CMD once; prints "wall cpu peak-KiB" (cpu: user + system seconds).
once() {
    if ! /usr/bin/time -f '%e %U %S %M' -o "$dir/time" "$@" > "$dir/stdout" 2> "$dir/stderr"; then
        echo "FAILED: $*" >&2
        tail -n 5 "$dir/stderr" >&2
        echo "0 0 0"
        return
    fi
    awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$dir/time"
}
# less A B: the smaller of two numbers (B may be empty).
less() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a < b) ? a : b }'; }

for n in $sizes; do
    need=$((n / 1000 * 201 * 3 / 1049 + 64))
    bench_dir "$need"
    cc -O2 -o "$dir/gendata" "$root/bench/gendata.c" || exit 1
    in="$dir/sizes-$n.dat"
    "$dir/gendata" "$n" 200 42 "$in" || exit 1
    size=$(stat -c %s "$in")
    times=$repeat
    [ "$n" -gt 20000000 ] && times=$repeat_big
    gnu_t="" gnu_c="" k_t="" k_c="" k_m=""
    i=0
    while [ $i -lt "$times" ]; do
        i=$((i + 1))
        set -- $(once nice sort -s --parallel=2 -S 8G -T "$dir" -t "$tab" -k1.1,1.10 -k1.11,1.18r -o "$dir/gnu.out" "$in")
        gnu_t=$(less "$1" "$gnu_t")
        gnu_c=$(less "$2" "$gnu_c")
        set -- $(once nice "$kiroku" sort --lrecl 200 --terminator lf -i "$in" -o "$dir/kiroku.out" -j 2 -T "$dir" "$stmt")
        k_t=$(less "$1" "$k_t")
        k_c=$(less "$2" "$k_c")
        k_m=$3
        how=$(grep -h KRK0663I "$dir/stdout" | sed 's/^KRK0663I sorted //; s/:.*//')
    done
    same=no
    cmp -s "$dir/kiroku.out" "$dir/gnu.out" && same=yes
    [ "$same" = yes ] || status=1
    gb=$(awk -v s="$size" 'BEGIN { print s / 1e9 }')
    line=$(printf '%11s %7.0f %8s %6s %8s %6s %5s %8s %8s %5s %7s %5s  %-3s %s' "$n" \
        "$(awk -v s="$size" 'BEGIN { print s / 1048576 }')" \
        "$k_t" "$(awk -v t="$k_t" -v g="$gb" 'BEGIN { printf "%.2f", t / g }')" \
        "$gnu_t" "$(awk -v t="$gnu_t" -v g="$gb" 'BEGIN { printf "%.2f", t / g }')" "$(ratio "$k_t" "$gnu_t")" \
        "$k_c" "$gnu_c" "$(ratio "$k_c" "$gnu_c")" \
        "$(mib "$k_m")" "$(awk -v k="$k_m" -v s="$size" 'BEGIN { printf "%.2f", k * 1024 / s }')" "$same" "$how")
    echo "$line"
    table="$table$line
"
    eval "t_$n=$k_c"
    rm -f "$in" "$dir/gnu.out" "$dir/kiroku.out" "$dir/stdout" "$dir/stderr" "$dir/time"
done

echo
echo "SORT at every size: records of 200 bytes, keys 1-10 A, 11-18 D; kiroku (default budget, -j 2)"
echo "against GNU sort -s --parallel=2 -S 8G, best of $repeat ($repeat_big over 20M), alternating"
echo "(wall seconds; cpu = user + system seconds; peak = kiroku's peak resident memory, and as x input)"
printf '%11s %7s %8s %6s %8s %6s %5s %8s %8s %5s %7s %5s  %-3s %s\n' records MiB kiroku s/GB GNU s/GB ratio \
    "cpu kir" "cpu GNU" ratio peakMiB "x in" cmp "kiroku sorted"
printf '%s' "$table"
# check BIG SMALL LIMIT: BIG records may take at most LIMIT times the cpu time of SMALL.
check() {
    big=$(eval echo "\${t_$1:-}")
    small=$(eval echo "\${t_$2:-}")
    [ -n "$big" ] && [ -n "$small" ] || return 0
    r=$(ratio "$big" "$small")
    what="regression check: $(($1 / 1000000))M took $r x the cpu time of $(($2 / 1000000))M (at most $3)"
    if awk -v r="$r" -v l="$3" 'BEGIN { exit !(r != "-" && r <= l) }'; then
        echo "$what: ok"
    else
        echo "$what: FAILED"
        status=1
    fi
}
check 20000000 5000000 4.5
check 50000000 20000000 3.5
[ $status -eq 0 ] || echo "sizes.sh: FAILED (an output differs or the regression check failed)"
exit $status
