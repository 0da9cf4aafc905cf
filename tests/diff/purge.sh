#!/bin/sh
# purge.sh: PURGE on a generated 国保 ledger against an independent oracle (Python over the
# master file: group by 世帯番号, a household goes when every member's 資格喪失年月日 is a date
# before the run date less 5 years): the sealed removed records and the ledger left are
# exactly the oracle's; without a run date, without the permission, or when sealing fails,
# the ledger is unchanged. Needs root for the roles file (skips otherwise). TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
KIROKU=${KIROKU:-$root/build/check/kiroku}
if [ "$(id -u)" != 0 ]; then
    echo "1..0 # SKIP needs root (the roles file)"
    exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-purge.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
export KIROKU_LAYOUTS=$root/layouts KIROKU_ROLES=$tmp/roles KIROKU_AUDIT=$tmp/audit
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
printf 'purge uid:0\nseal:* uid:0\nunseal:* uid:0\n' > roles
"$KIROKU" audit init audit --verify-key vk > /dev/null
"$KIROKU" seal --new-key k.key --key-id city-a > /dev/null
"$KIROKU" generate -L kokuho_kojin -o gen.dat --records 3000 --seed 7 --date 2026-04-01 > /dev/null
# Households of 1 to 4 members: consecutive records share a 世帯番号 (bytes 17-31).
python3 - gen.dat << 'PY'
import random, sys
b = bytearray(open(sys.argv[1], "rb").read())
random.seed(7)
setai, left = 700000, 0
for i in range(0, len(b), 252):
    if b[i:i + 1] != b"2":
        continue
    if left == 0:
        setai, left = setai + 1, random.randint(1, 4)
    b[i + 16:i + 31] = b"%015d" % setai
    left -= 1
open(sys.argv[1], "wb").write(b)
PY
"$KIROKU" sort -L kokuho_kojin -i gen.dat -o master.dat 'SORT FIELDS=(atena_no,A)' > /dev/null &&
    "$KIROKU" ledger load db master.dat -L kokuho_kojin > /dev/null
ok $? "a ledger of 3000 generated 国保 records in households of 1 to 4"
"$KIROKU" layout show --json kokuho_kojin > layout.json
RULE='RETAIN GROUP=setai_no,DATE=soshitsu_ymd,YEARS=5'

"$KIROKU" purge db --rule "$RULE" --sealed r0.krs --key k.key > p0.out 2> p0.err
[ $? = 16 ] && grep -q 'run date' p0.err && [ ! -e r0.krs ]
ok $? "without --date PURGE refuses (rc 16)"
sed 's/^purge .*//' roles > roles2 && mv roles2 roles
"$KIROKU" purge db --date 2030-06-01 --rule "$RULE" --sealed r1.krs --key k.key > p1.out 2> p1.err
[ $? = 16 ] && grep -q '^KRK1550E.*may not purge' p1.err && [ ! -e r1.krs ]
ok $? "without the permission purge: denied (KRK1550E)"
printf 'purge uid:0\n' >> roles
env -u KIROKU_AUDIT "$KIROKU" purge db --date 2030-06-01 --rule "$RULE" --sealed r4.krs --key k.key > p4.out 2> p4.err
rc=$?
"$KIROKU" ledger unload db same.dat > /dev/null && cmp -s same.dat master.dat && [ $rc = 16 ] &&
    grep -q '^KRK1552E PURGE' p4.err && [ ! -e r4.krs ]
ok $? "without an audit log PURGE refuses (rc $rc, KRK1552E): the ledger is unchanged, nothing sealed"
"$KIROKU" purge db --date 2030-06-01 --rule "$RULE" --sealed nowhere/r2.krs --key k.key > p2.out 2> p2.err
rc=$?
"$KIROKU" ledger unload db same.dat > /dev/null && cmp -s same.dat master.dat && [ $rc = 16 ]
ok $? "sealing cannot write its output (rc $rc): the ledger is unchanged"
"$KIROKU" purge db --date 2030-06-01 --rule "$RULE" --sealed removed.krs --key k.key --data-set KOKUHO.PURGE > p3.out 2> p3.err
ok $? "PURGE on 2030-06-01: $(cut -c1-160 p3.out)"
"$KIROKU" unseal removed.krs removed.dat --key k.key > /dev/null && "$KIROKU" ledger unload db after.dat > /dev/null
ok $? "the removed records unseal; the ledger unloads"
python3 - master.dat removed.dat after.dat layout.json 20250601 << 'PY' > oracle.out
import json, sys
master, removed, after, layout, cutoff = sys.argv[1:6]
d = json.load(open(layout))
stride = d["length"] + 2
rec = [r for r in d["records"] if r["name"] == "data"][0]
f = {x["name"]: (x["start"] - 1, x["length"]) for x in rec["fields"]}
disc = [r for r in d["records"] if r["name"] == "data"][0]["when"]
def records(path, data_only=True):
    b = open(path, "rb").read()
    out = [b[i:i + d["length"]] for i in range(0, len(b), stride)]
    return [r for r in out if r[0:1] == b"2"] if data_only else out
def get(r, name):
    o, l = f[name]
    return r[o:o + l].decode()
groups = {}
for r in records(master):
    date = get(r, "soshitsu_ymd")
    expired = date not in ("00000000", "99999999") and date < cutoff
    groups.setdefault(get(r, "setai_no"), []).append((get(r, "atena_no"), expired))
gone = sorted(a for g in groups.values() if all(e for _, e in g) for a, _ in g)
kept = sorted(a for g in groups.values() if not all(e for _, e in g) for a, _ in g)
got_gone = sorted(get(r, "atena_no") for r in records(removed))
got_kept = sorted(get(r, "atena_no") for r in records(after))
mixed = sum(1 for g in groups.values() if any(e for _, e in g) and not all(e for _, e in g))
print(len(gone), len(kept), sum(1 for g in groups.values() if all(e for _, e in g)), mixed)
sys.exit(0 if gone == got_gone and kept == got_kept and gone and mixed else 1)
PY
ok $? "the removed and the kept records are the oracle's (removed, kept, households removed, households kept for one eligible member: $(cat oracle.out))"
set -- $(cat oracle.out)
grep -q "^KRK1574I PURGE db: 3000 records in, $1 removed ($3 setai_no groups" p3.out && grep -q "^records: $1$" removed.krs.slip
ok $? "the listing and the slip give the counts"
"$KIROKU" audit show --event purge > a.out && grep -q "counts=in=3000 removed=$1 kept=$2" a.out &&
    "$KIROKU" audit verify --key vk > /dev/null
ok $? "the purge is audited with its rule, cut-off and counts; the log verifies"
"$KIROKU" ledger verify db > /dev/null
ok $? "the ledger verifies after the purge"
ls -A | grep -q kiroku-purge
[ $? = 1 ]
ok $? "no work folder or plaintext of the removed records is left"
echo "1..$n"
