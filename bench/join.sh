#!/bin/sh
# join.sh: kiroku JOINKEYS against GNU join on two presorted files of RECORDS (default
# 1,000,000) x 200 bytes, half of each side paired: kiroku splits paired, F1-only and F2-only
# records into three files in one pass; GNU join -a1 -a2 reads LF-terminated, TAB-keyed
# copies (the pass that makes them is not counted). Files on tmpfs when it has room; best of
# REPEAT runs (default 3). Prints times, the ratio and peak memory.
# usage: bench/join.sh BUILD
set -u
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
kiroku="$root/$build/kiroku"
n=${RECORDS:-1000000}
repeat=${REPEAT:-3}
need=$((n * 201 * 8 / 1048576 + 64))
. "$root/bench/common.sh"
bench_dir "$need"
export LC_ALL=C
tab=$(printf '\t')
cc -O2 -o "$dir/genjoin" "$root/bench/genjoin.c" || exit 1
for s in 1 2; do
    if [ ! -f "$dir/join$s-$n.dat" ]; then
        "$dir/genjoin" "$n" $s "$dir/join$s-$n.dat.tmp" && mv "$dir/join$s-$n.dat.tmp" "$dir/join$s-$n.dat"
    fi
    # GNU join's copies: KEY TAB RECORD (made once, not timed).
    [ -f "$dir/join$s-$n.tsv" ] || awk '{ print substr($0, 1, 10) "\t" $0 }' "$dir/join$s-$n.dat" > "$dir/join$s-$n.tsv"
done


cat > "$dir/join.ctl" <<'CTL'
  JOINKEYS FILE=F1,FIELDS=(1,10,A),SORTED
  JOINKEYS FILE=F2,FIELDS=(1,10,A),SORTED
  JOIN UNPAIRED,F1,F2
  REFORMAT FIELDS=(F1:1,200,F2:1,200,?)
  OPTION COPY
  OUTFIL FNAMES=BOTH,INCLUDE=(401,1,CH,EQ,C'B'),BUILD=(1,400)
  OUTFIL FNAMES=ONLY1,INCLUDE=(401,1,CH,EQ,C'1'),BUILD=(1,200)
  OUTFIL FNAMES=ONLY2,INCLUDE=(401,1,CH,EQ,C'2'),BUILD=(201,200)
CTL
set -- $(best "$repeat" sh -c "join -t '$tab' -a1 -a2 '$dir/join1-$n.tsv' '$dir/join2-$n.tsv' > '$dir/gnujoin.out'")
gnu_t=$1
set -- $(best "$repeat" "$kiroku" sort --dd "SORTJNF1=$dir/join1-$n.dat,lrecl=200" --dd "SORTJNF2=$dir/join2-$n.dat,lrecl=200" \
    --dd "BOTH=$dir/both" --dd "ONLY1=$dir/only1" --dd "ONLY2=$dir/only2" -T "$dir" -c "$dir/join.ctl")
k_t=$1 k_m=$2
grep -h KRK0685I "$dir/stdout" | sed 's/^/  /'
echo
echo "JOIN: 2 x $n records x 200 bytes, presorted, split three ways in one pass; files in $dir, best of $repeat"
printf '  %-44s %7s s  %5s\n' "GNU join -a1 -a2 (TAB-keyed copies)" "$gnu_t" "1.00"
printf '  %-44s %7s s  %5s   peak %s MiB (goal <= 0.5, memory bounded)\n' "kiroku sort JOINKEYS ... SORTED" "$k_t" \
    "$(ratio "$k_t" "$gnu_t")" "$(mib "$k_m")"
rm -f "$dir/gnujoin.out" "$dir/both" "$dir/only1" "$dir/only2" "$dir/stdout" "$dir/stderr" "$dir/time"
