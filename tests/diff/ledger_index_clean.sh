#!/bin/sh
# ledger_index_clean.sh: a Berkeley DB ledger's index files and control file hold their keys
# and the primary keys, nothing else: after `ledger load`, `ledger apply` and PURGE, their raw
# bytes are searched for every 個人番号 (12 digits with a valid check digit) and every 漢字氏名
# and 住所 of the master and the transactions; none may be there (finding 6 of issue 8: the
# unused middle of index pages held master records). AddressSanitizer's allocator never hands
# back the stale heap bytes that glibc's does, so this test runs a build without sanitizers
# (build/plain, -O0, made here when missing or stale). TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
PLAIN=${KIROKU_PLAIN:-$root/build/plain/kiroku}
if [ -z "${KIROKU_PLAIN:-}" ]; then
    make -s -C "$root" BUILD=build/plain OPT=-O0 build/plain/kiroku > /dev/null 2>&1 ||
        { echo "1..0 # SKIP the build without sanitizers (build/plain) failed"; exit 0; }
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-index-clean.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
export KIROKU_LAYOUTS=$root/layouts
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
# scan DATAFILE... -- DBFILE...: prints what the .db files hold of the data files' 個人番号,
# 漢字氏名 (bytes 70-109) and 住所 (bytes 126-205), and exits 1 when anything.
scan() {
    python3 - "$@" << 'PY'
import re, sys
def valid(d):
    s = sum(int(d[10 - i]) * (i + 2 if i < 6 else i - 4) for i in range(11))
    r = s % 11
    return int(d[11]) == (0 if r <= 1 else 11 - r)
args = sys.argv[1:]
cut = args.index("--")
numbers, texts = set(), set()
for f in args[:cut]:
    data = open(f, "rb").read()
    numbers |= {m.group() for m in re.finditer(rb"(?<![0-9])[0-9]{12}(?![0-9])", data) if valid(m.group().decode())}
    for line in data.split(b"\r\n"):
        off = 1 if len(line) == 601 else 0          # a transaction's 処理区分
        for a, b in ((70, 110), (126, 206)):
            t = line[off + a:off + b].rstrip(b" ")
            while t.endswith(b"\x81\x40"):
                t = t[:-2]
            if len(t) >= 8:
                texts.add(t)
hits = 0
for f in args[cut + 1:]:
    raw = open(f, "rb").read()
    k = len({m.group() for m in re.finditer(rb"[0-9]{12}", raw)} & numbers)
    # Every 8-byte window of the file against the texts' first 8 bytes, then the whole text.
    heads = {}
    for x in texts:
        heads.setdefault(x[:8], []).append(x)
    t = len({x for i in range(len(raw) - 7) for x in heads.get(raw[i:i + 8], ()) if raw.startswith(x, i)})
    if k or t:
        print("# %s: %d 個人番号, %d names or addresses" % (f.split("/")[-1], k, t))
        hits += 1
print("# searched for %d 個人番号 and %d names and addresses" % (len(numbers), len(texts)))
sys.exit(1 if hits or not numbers or not texts else 0)
PY
}
echo "1..4"
"$PLAIN" generate -L juki -o gen.dat --records 5000 --seed 3 --date 2026-04-01 > /dev/null 2>&1 &&
    "$PLAIN" sort -L juki -i gen.dat -o master.dat 'SORT FIELDS=(atena_no,A)' > /dev/null &&
    "$PLAIN" generate -L juki_tx -o gen_tx.dat --records 1500 --seed 5 --date 2026-04-01 > /dev/null 2>&1 &&
    "$PLAIN" sort -L juki_tx -i gen_tx.dat -o tx.dat 'SORT FIELDS=(atena_no,A)' > /dev/null &&
    "$PLAIN" ledger load db master.dat -L juki > load.out 2>&1
ok $? "a ledger of 5000 generated residents loaded"
scan master.dat -- db/index.*.db db/control.db
ok $? "after load the index and control files hold no 個人番号, 漢字氏名 or 住所"
"$PLAIN" ledger apply db tx.dat -T juki_tx --max-listed 0 > apply.out 2>&1
rc=$?
[ $rc = 8 ] && scan master.dat tx.dat -- db/index.*.db db/control.db
ok $? "after apply (adds, changes, deletes; rc $rc) the same"
if [ "$(id -u)" = 0 ]; then
    export KIROKU_ROLES=$tmp/roles KIROKU_AUDIT=$tmp/audit
    printf 'purge uid:0\nseal:* uid:0\n' > roles
    "$PLAIN" audit init audit --verify-key vk > /dev/null
    "$PLAIN" seal --new-key k.key --key-id city-a > /dev/null
    "$PLAIN" purge db --date 2031-01-01 --rule 'RETAIN GROUP=setai_no,DATE=shojo_ymd,YEARS=5' \
        --sealed removed.krs --key k.key > purge.out 2>&1 &&
        grep -q ' [1-9][0-9]* removed' purge.out && scan master.dat tx.dat -- db/index.*.db db/control.db
    ok $? "after PURGE the same: $(grep -o '[0-9]* removed' purge.out | head -1)"
else
    echo "ok 4 # SKIP PURGE needs root (the roles file)"
fi
