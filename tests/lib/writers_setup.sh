# writers_setup.sh: sourced by the fault tests of the programs that write records
# (tests/diff/faults.sh, tests/diff/kill_phases.sh): the repository, the program, the test
# layouts, a temporary folder named after $name (set it before sourcing; removed at exit
# unless the test sets a trap of its own) as the working folder, TAP's `ok RC TEXT`, the
# inputs (a master of 3,000 records and its ledger `led`, the update case's master and
# transactions, a CP932 file) with `sum_inputs`, and PROG_to FILE for each program that
# writes records: sort, convert, generate, update (its rejects to rej.dat) and unload.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
KIROKU=${KIROKU:-$root/build/check/kiroku}
L=$root/tests/ledger
ML=$L/nhi_shikaku.layout
TL=$L/nhi_shikaku_tx.layout
T=$root/tests/text/layouts
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-$name.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

python3 "$L/gen.py" master 7 3000 old.dat
cp "$root/tests/e2e/cases/ledger_update/old.dat" upd_old.dat
cp "$root/tests/e2e/cases/ledger_update/tx.dat" upd_tx.dat
python3 "$T/../gen_kojin.py" kojin.dat
sum_inputs() { cat old.dat upd_old.dat upd_tx.dat kojin.dat | cksum; }
inputs=$(sum_inputs)
"$KIROKU" ledger load led old.dat -L "$ML" > /dev/null

sort_to() { "$KIROKU" sort -L "$ML" -i old.dat -o "$1" --no-timing 'SORT FIELDS=(atena_no,D)'; }
convert_to() { "$KIROKU" convert --from "$T/kojin_sjis.layout" --to "$T/kojin_utf8.layout" kojin.dat "$1"; }
generate_to() { "$KIROKU" generate -L "$root/tests/layouts/gen_plain.layout" -o "$1" --records 500 --seed 3; }
update_to() { "$KIROKU" ledger update upd_old.dat upd_tx.dat "$1" -L "$ML" -T "$TL" --rejects rej.dat; }
unload_to() { "$KIROKU" ledger unload led "$1"; }
