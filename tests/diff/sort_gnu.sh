#!/bin/sh
# sort_gnu.sh: kiroku SORT and MERGE against GNU `sort -s` on random records of many shapes:
# every key format (CH, ZD, PD, BI, FI), ascending and descending, ties (stability: EQUALS),
# empty input, one record, inputs many times the memory budget (many runs, several merge
# passes). The keys are decoded by tests/diff/sort_oracle.py, independently of kiroku, and
# GNU sort orders them; the outputs must be identical byte for byte. Prints TAP.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
KIROKU=${KIROKU:-$root/build/check/kiroku}
oracle="$root/tests/diff/sort_oracle.py"
work=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-sortdiff.XXXXXX")
trap 'rm -rf "$work"' EXIT
export LC_ALL=C

# name | records | alphabet | key spec | memory
cases="
ch_asc|3000|26|1,5,CH,A|
ch_desc_ties|3000|2|1,5,CH,D|
zd_asc|3000|26|6,5,ZD,A|
zd_desc_ties|3000|3|6,5,ZD,D|
pd_asc|3000|26|11,4,PD,A|
pd_desc|3000|26|11,4,PD,D|
bi_asc|3000|26|15,2,BI,A|
fi_desc|3000|26|17,4,FI,D|
multi_key|3000|3|1,5,CH,A,6,5,ZD,D,21,8,CH,A|
mixed_formats|3000|3|15,2,BI,D,11,4,PD,A,17,4,FI,A|
long_ch_key|3000|2|1,28,CH,A|
bench_shape|3000|26|1,10,CH,A,11,8,CH,D|
empty|0|26|1,5,CH,A|
one_record|1|26|6,5,ZD,D|
all_equal|2000|1|1,5,CH,A|
spill_many_runs|40000|3|1,5,CH,A,6,5,ZD,D|256K
spill_more_runs_than_a_pass|60000|26|21,8,CH,D|128K
"
n=$(echo "$cases" | grep -c '|')
echo "1..$((n + 2))"
i=0
seed=1
for c in $cases; do
    i=$((i + 1))
    seed=$((seed + 1))
    name=$(echo "$c" | cut -d'|' -f1)
    recs=$(echo "$c" | cut -d'|' -f2)
    alpha=$(echo "$c" | cut -d'|' -f3)
    spec=$(echo "$c" | cut -d'|' -f4)
    mem=$(echo "$c" | cut -d'|' -f5)
    python3 "$oracle" gen "$seed" "$recs" "$alpha" "$work/in" || { echo "not ok $i - $name: generator"; continue; }
    python3 "$oracle" decorate "$spec" "$work/in" "$work/dec"
    sort -s -t "$(printf '\t')" -k1,1 "$work/dec" > "$work/dec.sorted"
    python3 "$oracle" undecorate "$work/dec.sorted" "$work/expected"
    memopt=""
    [ -n "$mem" ] && memopt="-m $mem"
    # shellcheck disable=SC2086
    "$KIROKU" sort --lrecl 40 --terminator lf -i "$work/in" -o "$work/out" $memopt -j 2 -T "$work" \
        "SORT FIELDS=($spec)" > "$work/listing" 2>&1
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "not ok $i - $name: kiroku rc $rc"
        sed 's/^/# /' "$work/listing" | tail -5
    elif cmp -s "$work/out" "$work/expected"; then
        detail=""
        [ -n "$mem" ] && detail=" ($(grep -o 'sorted in [0-9]* runs.*passes*' "$work/listing" | cut -d: -f1))"
        echo "ok $i - $name: $recs records, SORT FIELDS=($spec)$detail"
    else
        echo "not ok $i - $name: output differs from GNU sort -s"
        cmp "$work/out" "$work/expected" | sed 's/^/# /'
    fi
    [ -z "$(ls "$work" | grep kiroku-sort)" ] || echo "# work files left in $work"
done

# The spilled case must really have spilled, in more than one merge pass.
i=$((i + 1))
python3 "$oracle" gen 99 60000 26 "$work/in"
"$KIROKU" sort --lrecl 40 -i "$work/in" -o "$work/out" -m 128K -T "$work" 'SORT FIELDS=(21,8,CH,D)' > "$work/listing" 2>&1
passes=$(sed -n 's/.*merged in \([0-9]*\) pass.*/\1/p' "$work/listing")
if [ "${passes:-0}" -ge 2 ] && [ -z "$(ls "$work" | grep kiroku-sort)" ]; then
    echo "ok $i - 60000 records in 128K of memory: $(grep -o '[0-9]* runs' "$work/listing"), $passes merge passes, no work file left"
else
    echo "not ok $i - expected several merge passes and no work file left, got: $(grep KRK0663I "$work/listing")"
fi

# MERGE: the sorted output cut into three sorted files merges back into the same bytes.
i=$((i + 1))
python3 "$oracle" gen 7 5000 3 "$work/in"
spec="6,5,ZD,A,1,5,CH,D"
"$KIROKU" sort --lrecl 40 -i "$work/in" -o "$work/sorted" "SORT FIELDS=($spec)" > /dev/null 2>&1
# Records hold binary bytes (a 0x0A among them): cut by record, not by line.
python3 - "$work" <<'PY'
import sys
w = sys.argv[1]
data = open(w + "/sorted", "rb").read()
recs = [data[i:i + 41] for i in range(0, len(data), 41)]
for k in range(3):
    open("%s/m%d" % (w, k + 1), "wb").write(b"".join(recs[k::3]))
PY
"$KIROKU" sort --lrecl 40 -i "$work/m1" -i "$work/m2" -i "$work/m3" -o "$work/merged" "MERGE FIELDS=($spec)" \
    > "$work/listing" 2>&1
rc=$?
# The expected merge: by key, ties from SORTIN01 first, then SORTIN02..., each in its order.
for k in 1 2 3; do
    python3 "$oracle" decorate "$spec" "$work/m$k" "$work/d$k"
    sed "s/	/	$k	/" "$work/d$k"
done > "$work/dec"
sort -s -t "$(printf '\t')" -k1,1 -k2,2 "$work/dec" | cut -f1,3 > "$work/dec.sorted"
python3 "$oracle" undecorate "$work/dec.sorted" "$work/expected"
if [ $rc -eq 0 ] && cmp -s "$work/merged" "$work/expected"; then
    echo "ok $i - MERGE of three sorted inputs equals GNU sort -s of them (ties: SORTIN01 first)"
else
    echo "not ok $i - MERGE rc $rc, or its output differs"
    tail -3 "$work/listing" | sed 's/^/# /'
fi
