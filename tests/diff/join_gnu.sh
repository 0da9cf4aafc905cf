#!/bin/sh
# join_gnu.sh: kiroku JOINKEYS against GNU join for every join type (inner, left, right,
# full outer, and the three "only unpaired" forms), on random records with duplicate keys on
# both sides, given presorted (SORTED, sequence-checked) and unsorted (kiroku sorts them).
# GNU join reads TAB-keyed copies of the same records; the outputs must be identical. TAP.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
KIROKU=${KIROKU:-$root/build/check/kiroku}
work=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-joindiff.XXXXXX")
trap 'rm -rf "$work"' EXIT
export LC_ALL=C
tab=$(printf '\t')
fill='********************'

# F1: 20-byte records, key in bytes 1-5; F2: 20-byte records, key in bytes 11-15.
python3 - "$work" <<'PY'
import random, sys
w = sys.argv[1]
r = random.Random(11)
# Keys of the form LLM00: F1 draws from A-C and X-Z, F2 from B-D and Y-W, so some keys are
# on both sides (with duplicates on each), some only on one. Key BBY00 is frequent on F2:
# a group of several hundred F2 records, more than the join keeps in memory with -m 64K.
def key(letters, marks):
    return "".join(r.choice(letters) for _ in range(2)) + r.choice(marks) + "00"
with open(w + "/f1.txt", "w") as f:
    for i in range(700):
        k = "BBY00" if i % 50 == 0 else key("ABC", "XYZ")
        f.write(k + "F1rec%08d.." % i + "\n")
with open(w + "/f2.txt", "w") as f:
    for i in range(1200):
        k = "BBY00" if i % 2 == 0 else key("BCD", "YZW")
        f.write("F2rec%05d" % i + k + "#####" + "\n")
PY
# GNU join's inputs: KEY TAB RECORD, sorted (stably) by key.
awk '{ print substr($0, 1, 5) "\t" $0 }' "$work/f1.txt" | sort -s -t "$tab" -k1,1 > "$work/g1"
awk '{ print substr($0, 11, 5) "\t" $0 }' "$work/f2.txt" | sort -s -t "$tab" -k1,1 > "$work/g2"
# The same order for kiroku's SORTED runs.
cut -f2 "$work/g1" > "$work/s1.txt"
cut -f2 "$work/g2" > "$work/s2.txt"

# name | JOIN statement | GNU join options
cases="
inner||
left_outer|JOIN UNPAIRED,F1|-a1
right_outer|JOIN UNPAIRED,F2|-a2
full_outer|JOIN UNPAIRED,F1,F2|-a1 -a2
full_outer_short|JOIN UNPAIRED|-a1 -a2
f1_only|JOIN UNPAIRED,F1,ONLY|-v1
f2_only|JOIN UNPAIRED,F2,ONLY|-v2
both_only|JOIN UNPAIRED,ONLY|-v1 -v2
"
n=$(echo "$cases" | grep -c '|')
echo "1..$((2 * n + 1))"
i=0
echo "$cases" | grep '|' > "$work/cases"
while IFS='|' read -r name joinst gnuopt; do
    # shellcheck disable=SC2086
    join -t "$tab" $gnuopt -e "$fill" -o 1.2,2.2 "$work/g1" "$work/g2" | tr -d "$tab" > "$work/expected"
    for sorted in presorted unsorted; do
        i=$((i + 1))
        if [ $sorted = presorted ]; then
            in1="$work/s1.txt" in2="$work/s2.txt" opt=",SORTED"
        else
            in1="$work/f1.txt" in2="$work/f2.txt" opt=""
        fi
        {
            echo "  JOINKEYS FILE=F1,FIELDS=(1,5,A)$opt"
            echo "  JOINKEYS FILE=F2,FIELDS=(11,5,A)$opt"
            [ -n "$joinst" ] && echo "  $joinst"
            echo "  REFORMAT FIELDS=(F1:1,20,F2:1,20),FILL=C'*'"
            echo "  OPTION COPY"
        } > "$work/j.ctl"
        "$KIROKU" sort --dd "SORTJNF1=$in1,lrecl=20" --dd "SORTJNF2=$in2,lrecl=20" -o "$work/out" -m 64K -T "$work" \
            -c "$work/j.ctl" > "$work/listing" 2>&1
        rc=$?
        if [ $rc -ne 0 ]; then
            echo "not ok $i - $name ($sorted): rc $rc"
            tail -4 "$work/listing" | sed 's/^/# /'
        elif ! grep -q KRK0686I "$work/listing"; then
            echo "not ok $i - $name ($sorted): the large key group was expected on a work file (KRK0686I)"
        elif cmp -s "$work/out" "$work/expected"; then
            echo "ok $i - $name ($sorted): $(grep -o '[0-9]* paired, [0-9]* F1 only, [0-9]* F2 only' "$work/listing"), as GNU join $gnuopt"
        else
            echo "not ok $i - $name ($sorted): differs from GNU join $gnuopt"
            diff "$work/out" "$work/expected" | head -6 | sed 's/^/# /'
        fi
    done
done < "$work/cases"

# A SORTED input that is not in order stops with the record (rc 16), and writes nothing.
i=$((i + 1))
printf 'AAAAA%015d\nCCCCC%015d\nBBBBB%015d\n' 1 2 3 > "$work/bad1.txt"
printf '  JOINKEYS FILE=F1,FIELDS=(1,5,A),SORTED\n  JOINKEYS FILE=F2,FIELDS=(11,5,A)\n  REFORMAT FIELDS=(F1:1,20)\n  OPTION COPY\n' \
    > "$work/j.ctl"
"$KIROKU" sort --dd "SORTJNF1=$work/bad1.txt,lrecl=20" --dd "SORTJNF2=$work/s2.txt,lrecl=20" -o "$work/out2" \
    -c "$work/j.ctl" > "$work/listing" 2>&1
rc=$?
if [ $rc -eq 16 ] && grep -q 'KRK0694E SORTJNF1 .* record 3 .*out of sequence' "$work/listing" && [ ! -e "$work/out2" ]; then
    echo "ok $i - SORTED input out of order: rc 16, record 3 named, no output"
else
    echo "not ok $i - SORTED out of order: rc $rc"
    tail -3 "$work/listing" | sed 's/^/# /'
fi
