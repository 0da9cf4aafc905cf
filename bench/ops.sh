#!/bin/sh
# ops.sh: SORT's other operations at every size, kiroku against GNU tools on the same data
# (issue: linear cost at every size): SIZES records of 200 bytes (default 1 and 5 million;
# SIZES="1000000 5000000 20000000" for the long run), each operation's time, seconds per GB,
# the ratio to its GNU counterpart and kiroku's peak memory, best of REPEAT (default 2), the
# two tools alternating so that both are measured in the same window of a shared machine:
#   SUM      SORT FIELDS=(1,3,CH,A) SUM FIELDS=(21,8,ZD): about 250,000 groups; GNU
#            `sort -s -k1.1,1.3` piped to awk adding the field into each group's first record
#            (the outputs compared with cmp)
#   OUTFIL   SORT FIELDS=(1,10,CH,A) and two OUTFIL with INCLUDE on byte 11; GNU sort -s
#            piped to awk writing the two files (both compared with cmp)
#   JOINKEYS two unsorted inputs (the second of another seed), key 1-5, the pairs; GNU sort of
#            both sides (TAB-keyed copies, not timed) and `join` (the pair counts compared)
# Then the linearity check: the largest size's time per record may be at most 1.5 times the
# smallest's for every operation (a curve, not a test: it prints, it never fails the build).
# usage: bench/ops.sh BUILD
set -u
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
kiroku="$root/$build/kiroku"
sizes=${SIZES:-1000000 5000000}
repeat=${REPEAT:-2}
. "$root/bench/common.sh"
export LC_ALL=C
tab=$(printf '\t')
table=""
dirs=""

# less A B: the smaller of two numbers (B may be empty).
less() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a < b) ? a : b }'; }
# row OP N SIZE K_T K_M GNU_T SAME
row() {
    table="$table$(awk -v op="$1" -v n="$2" -v s="$3" -v k="$4" -v m="$5" -v g="$6" -v same="$7" 'BEGIN {
        gb = s / 1e9; printf "| %-8s | %11d | %7.0f | %7.2f | %5.1f | %7.2f | %5.1f | %5.2f | %6.0f | %-4s |\n",
        op, n, s / 1048576, k, k / gb, g, g / gb, (g > 0 ? k / g : 0), m / 1024, same }')
"
}

for n in $sizes; do
    need=$((n / 1000 * 201 * 6 / 1049 + 64))
    bench_dir "$need"
    case " $dirs " in *" $dir "*) ;; *) dirs="${dirs:+$dirs and }$dir" ;; esac
    cc -O2 -o "$dir/gendata" "$root/bench/gendata.c" || exit 1
    a="$dir/ops-a-$n.dat" b="$dir/ops-b-$n.dat"
    "$dir/gendata" "$n" 200 42 "$a" 21,8 || exit 1
    "$dir/gendata" "$n" 200 7 "$b" 21,8 || exit 1
    size=$(stat -c %s "$a")

    # SUM
    k_t="" g_t="" k_m=0 i=0
    while [ $i -lt "$repeat" ]; do
        i=$((i + 1))
        set -- $(best 1 sh -c "sort -s -k1.1,1.3 -S 8G --parallel=2 -T '$dir' '$a' | awk '
            { k = substr(\$0, 1, 3) }
            k != p { if (NR > 1) printf \"%s%08d%s\\n\", substr(r, 1, 20), s, substr(r, 29); p = k; r = \$0; s = 0 }
            { s += substr(\$0, 21, 8) }
            END { if (NR) printf \"%s%08d%s\\n\", substr(r, 1, 20), s, substr(r, 29) }' > '$dir/gnu.sum'")
        g_t=$(less "$1" "$g_t")
        set -- $(best 1 "$kiroku" sort --lrecl 200 --terminator lf -i "$a" -o "$dir/k.sum" -j 2 -T "$dir" \
            'SORT FIELDS=(1,3,CH,A)' 'SUM FIELDS=(21,8,ZD)')
        k_t=$(less "$1" "$k_t")
        k_m=$2
    done
    same=no
    cmp -s "$dir/k.sum" "$dir/gnu.sum" && same=yes
    row SUM "$n" "$size" "$k_t" "$k_m" "$g_t" "$same"
    rm -f "$dir/k.sum" "$dir/gnu.sum"

    # OUTFIL
    k_t="" g_t="" i=0
    while [ $i -lt "$repeat" ]; do
        i=$((i + 1))
        set -- $(best 1 sh -c "sort -s -k1.1,1.10 -S 8G --parallel=2 -T '$dir' '$a' | awk -v lo='$dir/gnu.lo' -v hi='$dir/gnu.hi' '
            substr(\$0, 11, 1) < \"M\" { print > lo; next } { print > hi }'")
        g_t=$(less "$1" "$g_t")
        set -- $(best 1 "$kiroku" sort --lrecl 200 --terminator lf -i "$a" -j 2 -T "$dir" \
            --dd "LO=$dir/k.lo" --dd "HI=$dir/k.hi" 'SORT FIELDS=(1,10,CH,A)' \
            "OUTFIL FNAMES=LO,INCLUDE=(11,1,CH,LT,C'M')" 'OUTFIL FNAMES=HI,SAVE')
        k_t=$(less "$1" "$k_t")
        k_m=$2
    done
    same=no
    cmp -s "$dir/k.lo" "$dir/gnu.lo" && cmp -s "$dir/k.hi" "$dir/gnu.hi" && same=yes
    row OUTFIL "$n" "$size" "$k_t" "$k_m" "$g_t" "$same"
    rm -f "$dir/k.lo" "$dir/k.hi" "$dir/gnu.lo" "$dir/gnu.hi"

    # JOINKEYS, unsorted sides
    awk '{ print substr($0, 1, 5) "\t" $0 }' "$a" > "$a.tsv"
    awk '{ print substr($0, 1, 5) "\t" $0 }' "$b" > "$b.tsv"
    k_t="" g_t="" i=0
    while [ $i -lt "$repeat" ]; do
        i=$((i + 1))
        set -- $(best 1 sh -c "sort -s -t '$tab' -k1,1 -S 4G --parallel=2 -T '$dir' '$a.tsv' > '$dir/a.s' &&
            sort -s -t '$tab' -k1,1 -S 4G --parallel=2 -T '$dir' '$b.tsv' > '$dir/b.s' &&
            join -t '$tab' '$dir/a.s' '$dir/b.s' > '$dir/gnu.join'")
        g_t=$(less "$1" "$g_t")
        set -- $(best 1 "$kiroku" sort --lrecl 200 --terminator lf -j 2 -T "$dir" -o "$dir/k.join" \
            --dd "SORTJNF1=$a,lrecl=200,terminator=lf" --dd "SORTJNF2=$b,lrecl=200,terminator=lf" \
            'JOINKEYS FILE=F1,FIELDS=(1,5,A)' 'JOINKEYS FILE=F2,FIELDS=(1,5,A)' \
            'REFORMAT FIELDS=(F1:1,200,F2:1,200)' 'OPTION COPY')
        k_t=$(less "$1" "$k_t")
        k_m=$2
    done
    same=no
    [ "$(wc -l < "$dir/k.join")" = "$(wc -l < "$dir/gnu.join")" ] && same=yes
    row JOINKEYS "$n" "$size" "$k_t" "$k_m" "$g_t" "$same"
    rm -f "$dir/k.join" "$dir/gnu.join" "$dir/a.s" "$dir/b.s" "$a.tsv" "$b.tsv" "$a" "$b"
done

echo "SORT's operations at every size: 200-byte records, files in $dirs, best of $repeat"
echo "| op       |     records |     MiB | kiroku s |  s/GB |   GNU s |  s/GB | ratio | peak MiB | same |"
echo "|---|---|---|---|---|---|---|---|---|---|"
printf '%s' "$table"
printf '%s' "$table" | awk -F'|' '{ op = $2; gsub(/ /, "", op); n = $3 + 0; t = $5 + 0
        if (!(op in first)) { first[op] = t / n; fn[op] = n }
        last[op] = t / n; ln[op] = n }
    END { for (op in first) if (ln[op] > fn[op])
        printf "linearity %-8s: per record, %d records cost %.2f times %d records (at most 1.5)\n",
            op, ln[op], last[op] / first[op], fn[op] }'
