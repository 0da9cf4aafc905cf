#!/bin/sh
# ledger_crash.sh: `kill -9` during `kiroku ledger apply` leaves the ledger as it was before
# the apply once recovered (the next open runs recovery); the apply then runs again fully
# and gives what the sequential update gives. TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
KIROKU=${KIROKU:-$root/build/check/kiroku}
L=$root/tests/ledger
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-ledger-crash.XXXXXX")
pid=
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2> /dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
cd "$tmp" || exit 2
echo "1..7"
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

python3 "$L/gen.py" master 7 20000 old.dat
python3 "$L/gen.py" tx 8 150000 60000 tx.dat
"$KIROKU" ledger load db old.dat -L "$L/nhi_shikaku.layout" > /dev/null &&
    "$KIROKU" ledger unload db before.dat > /dev/null
ok $? "load and unload the ledger before the apply"

# The apply reports its progress (uncommitted) every 10000 transactions on stderr: kill it
# at the first report, when it is certainly inside its transaction.
"$KIROKU" ledger apply db tx.dat -T "$L/nhi_shikaku_tx.layout" --rejects rej.dat --progress 10000 \
    > apply.out 2> apply.err &
pid=$!
i=0
while ! grep -q KRK0846I apply.err 2> /dev/null && [ $i -lt 600 ]; do
    sleep 0.02
    i=$((i + 1))
done
kill -9 "$pid"
wait "$pid"
status=$?
pid=
mid=1
grep -q KRK0846I apply.err && [ "$status" = 137 ] && ! grep -q KRK0850I apply.out && [ ! -e rej.dat ] && mid=0
ok $mid "the apply was killed by SIGKILL in the middle (status $status, $(grep -c KRK0846I apply.err) progress reports, no listing, no reject file)"

"$KIROKU" ledger unload db after.dat > /dev/null 2> unload.err
cmp -s before.dat after.dat
ok $? "after recovery the ledger unloads byte for byte as before the apply"

"$KIROKU" ledger verify db > verify.out 2>&1
ok $? "the recovered ledger verifies: $(tail -1 verify.out)"

"$KIROKU" ledger apply db tx.dat -T "$L/nhi_shikaku_tx.layout" --rejects rej.dat > apply2.out 2> apply2.err
rc=$?
[ $rc = 8 ] || [ $rc = 0 ]
ok $? "the apply runs again to its end (rc $rc)"

"$KIROKU" ledger update old.dat tx.dat seq.dat -L "$L/nhi_shikaku.layout" -T "$L/nhi_shikaku_tx.layout" \
    --rejects seq.rej > seq.out 2> seq.err
"$KIROKU" ledger unload db final.dat > /dev/null 2>> unload.err
cmp -s seq.dat final.dat
ok $? "then the ledger holds what the sequential update gives"
cmp -s seq.rej rej.dat
ok $? "and its rejects are the sequential update's"
