#!/bin/sh
# ledger_equivalence.sh: for random masters and transaction files (several seeds, several
# transactions per key, every action, invalid ones mixed in), the sequential update
# (`kiroku ledger update`) and the Berkeley DB ledger (`load` + `apply` + `unload`) give the
# same new master, reject file and counts byte for byte; and both agree with an independent
# model of the balance line written in Python (tests/ledger/oracle.py). TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
KIROKU=${KIROKU:-$root/build/check/kiroku}
L=$root/tests/ledger
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-ledger-eq.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
seeds="1 2 3 4 5"
echo "1..15"
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
for seed in $seeds; do
    d=$tmp/$seed
    mkdir -p "$d"
    count=$((200 + seed * 150))
    python3 "$L/gen.py" master "$seed" "$count" "$d/old.dat"
    python3 "$L/gen.py" tx "$((seed + 100))" $((count * 2)) $((count * 3 + 30)) "$d/tx.dat" --invalid
    "$KIROKU" ledger update "$d/old.dat" "$d/tx.dat" "$d/seq.dat" -L "$L/nhi_shikaku.layout" \
        -T "$L/nhi_shikaku_tx.layout" --rejects "$d/seq.rej" --max-listed 0 > "$d/seq.txt" 2> "$d/seq.err"
    rc1=$?
    "$KIROKU" ledger load "$d/db" "$d/old.dat" -L "$L/nhi_shikaku.layout" > /dev/null 2> "$d/load.err" &&
    "$KIROKU" ledger apply "$d/db" "$d/tx.dat" -T "$L/nhi_shikaku_tx.layout" --rejects "$d/db.rej" \
        --max-listed 0 > "$d/db.txt" 2> "$d/db.err"
    rc2=$?
    "$KIROKU" ledger unload "$d/db" "$d/db.dat" > /dev/null 2>> "$d/db.err"
    same=1
    [ "$rc1" = 8 ] && [ "$rc2" = 8 ] && cmp -s "$d/seq.dat" "$d/db.dat" && cmp -s "$d/seq.rej" "$d/db.rej" &&
        [ "$(cat "$d/seq.txt")" = "$(sed 's/LEDGER apply:/LEDGER update:/' "$d/db.txt")" ] && same=0
    ok $same "seed $seed: update and load+apply+unload give the same master, rejects and counts (rc $rc1/$rc2)"
    python3 "$L/oracle.py" "$d/old.dat" "$d/tx.dat" "$d/oracle.dat" "$d/oracle.rej"
    cmp -s "$d/seq.dat" "$d/oracle.dat"
    ok $? "seed $seed: the new master is the model's"
    cut -c1-132 "$d/seq.rej" | cmp -s - "$d/oracle.rej"
    ok $? "seed $seed: the rejects and their reason codes are the model's ($(grep -c '' "$d/seq.rej") rejected)"
done
