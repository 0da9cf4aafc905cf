#!/bin/sh
# sort_runs.sh: the two ways a SORT sorts (src/engine/sortplan.c) against GNU `sort -s`, on
# small data with budgets (-m) that take each: a mapped file sorted whole in memory and
# gathered on both threads (the bulk output), the same read one record at a time (OUTREC:
# blocks gathered in key order on both threads, 12 MB of records crossing block bounds), a
# file too large for the budget sorted on work files in chunks from its first record (its
# size is known), records from a pipe held and sorted whole, and chunks from a pipe sorted
# and written to work files as runs, then merged. Keys short and long (past the 12-byte
# prefix), ties (stability). The keys are decoded by tests/diff/sort_oracle.py,
# independently of kiroku. Prints TAP.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
KIROKU=${KIROKU:-$root/build/check/kiroku}
oracle="$root/tests/diff/sort_oracle.py"
work=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-sortruns.XXXXXX")
trap 'rm -rf "$work"' EXIT
export LC_ALL=C

# name | records | alphabet | key spec | how: mapped (a file), outrec (the same, one record at a
# time), pipe | memory | the listing says (_ for blanks)
cases="
mapped_bench_shape|60000|26|1,10,CH,A,11,8,CH,D|mapped|4800K|sorted_in_memory
mapped_ties|60000|2|1,5,CH,D|mapped|4800K|sorted_in_memory
mapped_long_key|60000|2|1,28,CH,A|mapped|4800K|sorted_in_memory
mapped_formats|60000|3|6,5,ZD,D,11,4,PD,A,17,4,FI,A|mapped|4800K|sorted_in_memory
outrec_multi_key|60000|3|1,5,CH,A,6,5,ZD,D,21,8,CH,A|outrec|4800K|sorted_in_memory
outrec_blocks|300000|3|1,5,CH,A,6,5,ZD,D,21,8,CH,A|outrec|64M|sorted_in_memory
file_chunks|60000|3|1,5,CH,A,6,5,ZD,D|mapped|1M|sorted_in_5_runs_on_work_files
file_long_key_ties|60000|2|1,28,CH,D|mapped|1M|sorted_in_5_runs_on_work_files
outrec_chunks|60000|3|1,5,CH,A,6,5,ZD,D,21,8,CH,A|outrec|1M|sorted_in_5_runs_on_work_files
pipe_in_memory|60000|3|1,5,CH,A|pipe|4600K|sorted_in_memory
pipe_chunks|60000|3|1,5,CH,A,6,5,ZD,D|pipe|1M|sorted_in_5_runs_on_work_files
pipe_long_key|60000|2|1,28,CH,D|pipe|1M|in_5_runs_on_work_files"
n=$(echo "$cases" | grep -c '|')
echo "1..$n"
i=0
seed=40
for c in $cases; do
    i=$((i + 1))
    seed=$((seed + 1))
    IFS='|' read -r name recs alpha spec how mem says <<EOF
$c
EOF
    python3 "$oracle" gen "$seed" "$recs" "$alpha" "$work/in" || { echo "not ok $i - $name: generator"; continue; }
    python3 "$oracle" decorate "$spec" "$work/in" "$work/dec"
    sort -s -t "$(printf '\t')" -k1,1 "$work/dec" > "$work/dec.sorted"
    python3 "$oracle" undecorate "$work/dec.sorted" "$work/expected"
    stmt="SORT FIELDS=($spec)"
    case $how in
    mapped)
        "$KIROKU" sort --lrecl 40 --terminator lf -i "$work/in" -o "$work/out" -m "$mem" -j 2 -T "$work" "$stmt" \
            > "$work/listing" 2>&1
        ;;
    outrec)
        # OUTREC moves bytes 21-28 to the front: the records reach it one at a time.
        stmt="$stmt
 OUTREC FIELDS=(21,8,1,20)"
        python3 - "$work/expected" <<'PY'
import sys
p = sys.argv[1]
data = open(p, "rb").read()
recs = [data[i:i + 41] for i in range(0, len(data), 41)]
open(p, "wb").write(b"".join(r[20:28] + r[0:20] + b"\n" for r in recs))
PY
        "$KIROKU" sort --lrecl 40 --terminator lf -i "$work/in" -o "$work/out" -m "$mem" -j 2 -T "$work" "$stmt" \
            > "$work/listing" 2>&1
        ;;
    pipe)
        "$KIROKU" sort --lrecl 40 --terminator lf -i - -o "$work/out" -m "$mem" -j 2 -T "$work" "$stmt" \
            < "$work/in" > "$work/listing" 2>&1
        ;;
    esac
    rc=$?
    listed=$(grep -o 'KRK0663I sorted [^:]*' "$work/listing")
    if [ $rc -ne 0 ]; then
        echo "not ok $i - $name: kiroku rc $rc"
        sed 's/^/# /' "$work/listing" | tail -5
    elif ! echo "$listed" | grep -q "$(echo "$says" | tr _ ' ')"; then
        echo "not ok $i - $name: expected '$says', the listing says: $listed"
    elif cmp -s "$work/out" "$work/expected"; then
        echo "ok $i - $name: $recs records, $stmt, -m $mem (${listed#KRK0663I })" | tr '\n' ' '
        echo
    else
        echo "not ok $i - $name: output differs from GNU sort -s"
        cmp "$work/out" "$work/expected" | sed 's/^/# /'
    fi
    [ -z "$(ls "$work" | grep kiroku-sort)" ] || echo "# work files left in $work"
done
