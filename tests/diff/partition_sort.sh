#!/bin/sh
# partition_sort.sh: the partitioned SORT (`kiroku sort --partitions n`: key ranges sampled,
# records routed, each range sorted by a process of its own, concatenated in order) against
# the single SORT on the same data, `cmp` on every output, for 1, 2, 3, 4 and 7 ranges. The
# data's keys are skewed (one key holds 60% of the records, so it is split across ranges by
# input position); the cases cover EQUALS on ties, SUM across a split key, OUTFIL with
# SEQNUM and INCLUDE, INCLUDE/INREC with SEQNUM before the sort, SKIPREC/STOPAFT,
# header/trailer framing with recomputed control totals, an empty input, an input large
# enough that SAMPLE reads only evenly spaced records. JOINKEYS (cases join*) is split at the
# join: both sides routed by ranges of the join key, each range joined on its own, the ranges
# merged by the SORT key (KRK2151I): inner, left, full outer and ONLY joins, duplicates of
# the heavy key on both sides (one range holds them all), SORTED sides (descending, one
# NOSEQCK), a side's INCLUDE= and STOPAFT=, the main task's INCLUDE, INREC, SUM and OUTFIL
# SEQNUM; with INREC's SEQNUM over the joined records (a count across them) the join is not
# split and the joined records are partitioned. The listing's join and record counts are the
# single sort's. The single SORT is the oracle: it is tested against GNU sort and join
# elsewhere (sort_gnu.sh, sort_runs.sh, join_gnu.sh). Prints TAP.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
KIROKU=${KIROKU:-$root/build/check/kiroku}
work=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-partsort.XXXXXX")
trap 'rm -rf "$work"' EXIT
export LC_ALL=C
cd "$work" || exit 1

# 40-byte records + LF: key 1-5 (60% "KKKKK"), 6-15 ZD amount, 16-23 the record number,
# 24-40 filler. F2 of the join: key 1-5 (the heavy key twice), 6-14 a tag.
python3 - <<'PY'
import random
r = random.Random(1305)
def key():
    return "KKKKK" if r.random() < 0.6 else "".join(r.choice("ABCDEFGHJ") for _ in range(5))
with open("skew.dat", "w") as f:
    for i in range(3000):
        f.write("%s%010d%08d%-17s\n" % (key(), r.randint(0, 999), i, "x" * r.randint(0, 17)))
with open("big.dat", "w") as f:
    # More records than SAMPLE reads (4 x 4,096 and more): it reads evenly spaced ones.
    for i in range(20000):
        f.write("%s%010d%08d%-17s\n" % (key(), r.randint(0, 999), i, "y" * r.randint(0, 17)))
with open("f2.dat", "w") as f:
    # F2: the heavy key twice (so F1's 60% pair twice), the others as they come.
    for i in range(300):
        k = key() if i % 150 else "KKKKK"
        while k == "KKKKK" and i % 150:
            k = key()
        f.write("%s%-9s\n" % (k, "T%d" % i))
# SORTED sides: both files in descending key order (stable).
for name, out in (("skew.dat", "f1desc.dat"), ("f2.dat", "f2desc.dat")):
    recs = open(name).read().splitlines(True)
    recs.sort(key=lambda x: x[:5], reverse=True)
    open(out, "w").write("".join(recs))
PY
: > empty.dat
# A framed file (header, data, trailer with count and total, end); 60% of 区 "01".
"$KIROKU" generate -L "$root/tests/fixtures/shikaku.layout" -o framed.gen --records 2000 --seed 1305 \
    --date 2025-04-01 > /dev/null 2>&1 || echo "# generate failed"
python3 - <<'PY'
import random
r = random.Random(7)
data = open("framed.gen", "rb").read()
recs = [data[i:i + 82] for i in range(0, len(data), 82)]
out = []
for rec in recs:
    if rec[:1] == b"2" and r.random() < 0.6:
        rec = rec[:72] + b"01" + rec[74:]
    out.append(rec)
open("framed.dat", "wb").write(b"".join(out))
PY

# name | input options | outputs (DD names beside SORTOUT) | statements (';' between lines)
cases="
skewed_key|--lrecl 40 -i skew.dat||SORT FIELDS=(1,5,CH,A)
equals_two_keys|--lrecl 40 -i skew.dat||OPTION EQUALS;SORT FIELDS=(1,3,CH,D,6,10,ZD,A)
sum_split_key|--lrecl 40 -i skew.dat||SORT FIELDS=(1,5,CH,A);SUM FIELDS=(6,10,ZD)
outfil_seqnum|--lrecl 40 -i skew.dat|HEAVY REST|SORT FIELDS=(1,5,CH,A);OUTFIL FNAMES=HEAVY,INCLUDE=(1,5,CH,EQ,C'KKKKK'),BUILD=(SEQNUM,8,ZD,1,23);OUTFIL FNAMES=REST,SAVE,BUILD=(1,5,SEQNUM,6,ZD,RESTART=(1,1),16,8)
include_inrec_seqnum|--lrecl 40 -i skew.dat||INCLUDE COND=(15,1,CH,NE,C'7');INREC BUILD=(16,8,1,15,SEQNUM,6,ZD);SORT FIELDS=(9,5,CH,D)
skiprec_stopaft|--lrecl 40 -i skew.dat||OPTION SKIPREC=100,STOPAFT=2000;SORT FIELDS=(1,5,CH,A)
framed_totals|-L $root/tests/fixtures/shikaku.layout -i framed.dat|MEN|SORT FIELDS=(ku,A,hokenryo,D);OUTFIL FNAMES=SORTOUT;OUTFIL FNAMES=MEN,INCLUDE=(seibetsu,EQ,C'1')
joinkeys_both_sides|--dd SORTJNF1=skew.dat,lrecl=40 --dd SORTJNF2=f2.dat,lrecl=14||JOINKEYS FILE=F1,FIELDS=(1,5,A);JOINKEYS FILE=F2,FIELDS=(1,5,A);JOIN UNPAIRED,F1;REFORMAT FIELDS=(F1:1,23,F2:6,9);SORT FIELDS=(24,9,CH,A)
join_inner_sum|--dd SORTJNF1=skew.dat,lrecl=40 --dd SORTJNF2=f2.dat,lrecl=14||JOINKEYS FILE=F1,FIELDS=(1,5,A);JOINKEYS FILE=F2,FIELDS=(1,5,A);REFORMAT FIELDS=(F1:1,15,F2:6,9);SORT FIELDS=(1,5,CH,A);SUM FIELDS=(6,10,ZD)
join_full_outer_outfil|--dd SORTJNF1=skew.dat,lrecl=40 --dd SORTJNF2=f2.dat,lrecl=14|PAIRED|JOINKEYS FILE=F1,FIELDS=(1,5,A);JOINKEYS FILE=F2,FIELDS=(1,5,A);JOIN UNPAIRED,F1,F2;REFORMAT FIELDS=(F1:1,23,F2:1,14,?);SORT FIELDS=(38,1,CH,A,16,8,CH,D);OUTFIL FNAMES=PAIRED,INCLUDE=(38,1,CH,EQ,C'B'),BUILD=(SEQNUM,7,ZD,1,38);OUTFIL FNAMES=SORTOUT,SAVE
join_only_unpaired|--dd SORTJNF1=skew.dat,lrecl=40 --dd SORTJNF2=f2.dat,lrecl=14||JOINKEYS FILE=F1,FIELDS=(1,5,A);JOINKEYS FILE=F2,FIELDS=(1,5,A);JOIN UNPAIRED,F1,F2,ONLY;REFORMAT FIELDS=(F1:1,5,F2:1,14,?);SORT FIELDS=(20,1,CH,D)
join_sorted_desc|--dd SORTJNF1=f1desc.dat,lrecl=40 --dd SORTJNF2=f2desc.dat,lrecl=14||JOINKEYS FILE=F1,FIELDS=(1,5,D),SORTED;JOINKEYS FILE=F2,FIELDS=(1,5,D),SORTED,NOSEQCK;JOIN UNPAIRED,F2;REFORMAT FIELDS=(F2:1,14,F1:16,8);SORT FIELDS=(15,8,CH,A)
join_filters_inrec|--dd SORTJNF1=skew.dat,lrecl=40 --dd SORTJNF2=f2.dat,lrecl=14||JOINKEYS FILE=F1,FIELDS=(1,5,A),INCLUDE=(15,1,CH,NE,C'3'),STOPAFT=2500;JOINKEYS FILE=F2,FIELDS=(1,5,A),OMIT=(7,1,CH,EQ,C'1');JOIN UNPAIRED,F1;REFORMAT FIELDS=(F1:1,23,F2:6,9);INCLUDE COND=(14,1,CH,LT,C'8');INREC BUILD=(24,9,1,23);SORT FIELDS=(1,9,CH,A,6,5,CH,D)
join_seqnum_not_split|--dd SORTJNF1=skew.dat,lrecl=40 --dd SORTJNF2=f2.dat,lrecl=14||JOINKEYS FILE=F1,FIELDS=(1,5,A);JOINKEYS FILE=F2,FIELDS=(1,5,A);REFORMAT FIELDS=(F1:1,23,F2:6,9);INREC BUILD=(1,32,SEQNUM,6,ZD);SORT FIELDS=(24,9,CH,A)
empty_input|--lrecl 40 -i empty.dat||SORT FIELDS=(1,5,CH,A)
sampled_in_place|--lrecl 40 -i big.dat -i skew.dat||SORT FIELDS=(1,5,CH,D,16,8,CH,A)
"
parts="1 2 3 4 7"
# Both files the same, or neither there (SORTOUT is not written when OUTFIL names others).
same() { if [ -e "$1" ] || [ -e "$2" ]; then cmp -s "$1" "$2"; fi; }
n=$(( $(echo "$cases" | grep -c '|') * $(echo $parts | wc -w) + 3 ))
echo "1..$n"
i=0
echo "$cases" | while IFS='|' read -r name opts outs stmts; do
    [ -n "$name" ] || continue
    printf '%s\n' "$stmts" | tr ';' '\n' | sed 's/^/ /' > "$name.ctl"
    dds() { for o in $outs; do printf ' --dd %s=%s.%s.%s' "$o" "$name" "$1" "$o"; done; }
    # shellcheck disable=SC2086
    "$KIROKU" sort $opts -o "$name.single" $(dds single) -m 64M -j 2 -T "$work" --date 2025-04-01 \
        -c "$name.ctl" > "$name.single.listing" 2>&1
    src=$?
    for p in $parts; do
        i=$(( i + 1 ))
        # shellcheck disable=SC2086
        "$KIROKU" sort $opts -o "$name.p$p" $(dds "p$p") -m 64M -j 2 -T "$work" --date 2025-04-01 \
            --partitions "$p" -c "$name.ctl" > "$name.p$p.listing" 2>&1
        prc=$?
        why=""
        [ "$prc" = "$src" ] || why="rc $prc, the single sort's $src"
        [ -n "$why" ] || same "$name.single" "$name.p$p" || why="SORTOUT differs"
        for o in $outs; do
            [ -n "$why" ] || cmp -s "$name.single.$o" "$name.p$p.$o" || why="$o differs"
        done
        [ -n "$why" ] || [ "$src" -le 4 ] || why="the single sort failed (rc $src)"
        # The ranges take their share: the listing has one line per range.
        [ -n "$why" ] || [ "$(grep -c '^KRK1855I range' "$name.p$p.listing")" = "$p" ] || why="not one KRK1855I line per range"
        # A join is split at the join (KRK2151I) unless a count runs across the joined
        # records; its counts in the listing are the single sort's.
        case $name in
        join*not_split) [ -n "$why" ] || ! grep -q '^KRK2151I' "$name.p$p.listing" || why="the join was split" ;;
        join*) [ -n "$why" ] || grep -q '^KRK2151I' "$name.p$p.listing" || why="the join was not split" ;;
        esac
        for id in KRK0660I KRK0685I; do
            [ -n "$why" ] || [ "$(grep "^$id" "$name.single.listing")" = "$(grep "^$id" "$name.p$p.listing")" ] ||
                why="the $id lines differ"
        done
        # Equal weight whatever the skew: no range holds more than a tenth above its share
        # (without the split by position, the key of 60% would put 60% in one range). A
        # split join's ranges never split a key: the heavy key's range holds all of it.
        grep -q '^KRK2151I' "$name.p$p.listing" || [ -n "$why" ] || awk -v p="$p" '/^KRK0660I/ { for (k = 1; k < NF; k++) if ($(k + 1) ~ /^accepted/) a = $k }
            /^KRK1855I range/ { if ($4 > m) m = $4 } END { exit !(m * p <= a * 1.1 + p) }' "$name.p$p.listing" ||
            why="a range holds more than its share"
        if [ -z "$why" ]; then
            echo "ok $i - $name, $p partitions"
        else
            echo "not ok $i - $name, $p partitions: $why"
            sed 's/^/# /' "$name.p$p.listing" | head -20
        fi
    done
done
i=$(( $(echo "$cases" | grep -c '|') * $(echo $parts | wc -w) + 1 ))
# Standard input cannot be read twice (SAMPLE, then ROUTE): refused, nothing written.
"$KIROKU" sort --lrecl 40 -i - -o stdin.out --partitions 2 'SORT FIELDS=(1,5,CH,A)' < skew.dat > stdin.listing 2>&1
rc=$?
[ $rc = 16 ] && grep -q KRK1867E stdin.listing && [ ! -e stdin.out ] &&
    echo "ok $i - standard input is refused (KRK1867E, rc 16)" || echo "not ok $i - standard input: rc $rc"
# A key that cannot be read (record 2500's ZD amount): rc 12 like the single sort, the same
# record named, nothing written.
awk 'NR == 2500 { $0 = substr($0, 1, 5) "12345X7890" substr($0, 16) } { print }' big.dat > bad.dat
"$KIROKU" sort --lrecl 40 -i bad.dat -o bad.single 'SORT FIELDS=(6,10,ZD,A)' > bad.single.listing 2>&1
src=$?
"$KIROKU" sort --lrecl 40 -i bad.dat -o bad.part -j 2 --partitions 3 'SORT FIELDS=(6,10,ZD,A)' > bad.part.listing 2>&1
prc=$?
[ $src = 12 ] && [ $prc = 12 ] && grep -q 'record 2500 .*byte 11' bad.part.listing && [ ! -e bad.part ] &&
    echo "ok $((i + 1)) - a key that cannot be read: rc 12, record 2500 byte 11 named, no output" ||
    { echo "not ok $((i + 1)) - bad key: rc $prc (single $src)"; sed 's/^/# /' bad.part.listing | head; }
left=$(ls "$work" | grep -c '^kiroku-part-')
[ "$left" = 0 ] && echo "ok $((i + 2)) - no work folder of the pieces left in -T" ||
    echo "not ok $((i + 2)) - $left work folders were left behind"
