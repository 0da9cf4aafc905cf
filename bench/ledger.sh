#!/bin/sh
# ledger.sh: LEDGER figures (not a test): load 1,000,000 records into a Berkeley DB ledger,
# apply 100,000 transactions on random keys (one transaction), unload; and the sequential
# update of the same master by the same transactions sorted. Prints seconds and records/s.
# usage: bench/ledger.sh BUILD   (an optimised build: make BUILD=build-rel)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
K=$root/$build/kiroku
L=$root/tests/ledger
records=${LEDGER_BENCH_RECORDS:-1000000}
transactions=${LEDGER_BENCH_TRANSACTIONS:-100000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-bench-ledger.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
python3 "$L/gen.py" master 1 "$records" master.dat
python3 "$L/gen.py" tx 2 "$transactions" $((records * 3)) tx_random.dat --unsorted
python3 "$L/gen.py" tx 2 "$transactions" $((records * 3)) tx_sorted.dat

now() { date +%s.%N; }
report() { # what count start end
    awk -v w="$1" -v n="$2" -v s="$3" -v e="$4" 'BEGIN {
        t = e - s; printf "ledger %-44s %9d records %7.2f s %10.0f records/s\n", w, n, t, n / t }'
}
t0=$(now); "$K" ledger load db master.dat -L "$L/nhi_shikaku.layout" > /dev/null; t1=$(now)
report "load (sorted master, every record checked)" "$records" "$t0" "$t1"
t0=$(now); "$K" ledger apply db tx_random.dat -T "$L/nhi_shikaku_tx.layout" --rejects rej.dat > /dev/null || [ $? = 8 ]; t1=$(now)
report "apply (random keys, one transaction)" "$transactions" "$t0" "$t1"
t0=$(now); "$K" ledger unload db unloaded.dat > /dev/null; t1=$(now)
report "unload" "$records" "$t0" "$t1"
t0=$(now); "$K" ledger update master.dat tx_sorted.dat new.dat -L "$L/nhi_shikaku.layout" \
    -T "$L/nhi_shikaku_tx.layout" > /dev/null || [ $? = 8 ]; t1=$(now)
report "update (old master + sorted transactions)" "$((records + transactions))" "$t0" "$t1"
echo "ledger size: $(du -sh db | cut -f1) for $records records of $(head -c 112 master.dat | wc -c) bytes"
