#!/bin/sh
# purge_truth.sh: the yearly retention purge (jcl/kokuho_purge.jcl), run by kiroku run on
# every city of kiroku city's prefectures --with retention for several seeds and days, with
# a screening ledger whose 受診日 span the five-year line: the NHI ledger's new generation
# is the truth's kept records and the sealed removed records the truth's (byte for byte,
# once opened), PURGE's audit entry has the truth's counts; the screening ledger's new
# generation holds exactly the results on or after the line and the sealed ones exactly
# those before it (an independent Python reading of the input), both verify (the trailer's
# counts recomputed); the audit chain verifies up to the job's anchor. Needs root for the
# roles file (skips otherwise). TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
K=${KIROKU:-$root/build/check/kiroku}
if [ "$(id -u)" != 0 ]; then
    echo "1..0 # SKIP needs root (the roles file)"
    exit 0
fi
export KIROKU_LAYOUTS="$root/layouts" LC_ALL=C.UTF-8
base=${TMPDIR:-/tmp}
[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
tmp=$(mktemp -d "$base/kiroku-purge-truth.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
. "$root/tests/lib/roles.sh" && kiroku_roles "$tmp/roles" run catalog purge 'seal:*' 'unseal:*'
"$K" layout show --json kenshin > "$tmp/kenshin.json"
# cities people seed date (the run date is the city's day)
runs="2 300 3 2026-04-01
1 700 8 2028-02-29"
n=$(echo "$runs" | wc -l)
echo "1..$((n * 4))"
i=0
ok() { i=$((i + 1)); if [ "$1" = 0 ]; then echo "ok $i - $2"; else echo "not ok $i - $2"; fi; }
echo "$runs" | while read -r cities people seed day; do
    d="$tmp/p$seed"
    what="$cities cities of $people, seed $seed, run date $day"
    "$K" city --cities "$cities" --people "$people" --seed "$seed" --date "$day" --out "$d" \
        --with retention > /dev/null 2>&1
    yymmdd=$(echo "$day" | tr -d - | cut -c3-)
    nhi=0 counts=0 kenshin=0 audit=0 c=1
    while [ "$c" -le "$cities" ]; do
        nn=$(printf '%02d' "$c")
        rt="$d/city$nn/retention"
        r="$d/root$nn"
        # a screening ledger: 受診日 every 45 days from seven years before the day
        first=$(date -d "$day - 7 years" +%Y%m%d)
        "$K" generate -L kenshin -o "$d/kenshin.dat" --records 60 --seed "$((seed + c))" > /dev/null 2>&1
        python3 "$root/tests/diff/kenshin_dates.py" "$d/kenshin.dat" "$tmp/kenshin.json" "$first" 45
        export KIROKU_AUDIT="$d/audit$nn"
        "$K" audit init "$KIROKU_AUDIT" --verify-key "$d/vk$nn" > /dev/null
        sh "$root/scripts/purge_root.sh" "$K" "$d" "$nn" "$r" "$d/keys" "$d/kenshin.dat" > "$d/load.out" 2>&1 ||
            { cat "$d/load.out"; nhi=1; }
        "$K" run "$root/jcl/kokuho_purge.jcl" --root "$r" --date "$day" CITY="$nn" KEYS="$d/keys" > "$d/run.out" 2>&1 ||
            { echo "# city $nn: the stream ended with $?"; sed 's/^/# /' "$d/run.out"; nhi=1; }
        cmp -s "$r/KOKUHO/KOKUHO.DAICHO.G0002V00" "$rt/expected_kept.dat" ||
            { echo "# city $nn: the NHI ledger kept is not the truth"; nhi=1; }
        "$K" unseal "$r/KOKUHO/KOKUHO.PURGED.D$yymmdd" "$d/purged.dat" --keyring "$d/keys" > /dev/null 2>&1 || nhi=1
        cmp -s "$d/purged.dat" "$rt/expected_purged.dat" || { echo "# city $nn: the removed records are not the truth"; nhi=1; }
        "$K" audit show --event purge |
            sed -n 's/.*\(cutoff=[0-9]*\) counts=\(in=[0-9]* removed=[0-9]* kept=[0-9]* groups-removed=[0-9]* groups-kept=[0-9]*\).*/\1 \2/p' \
            > "$d/counts.txt"
        cmp -s "$d/counts.txt" "$rt/expected_counts.txt" || { echo "# city $nn: PURGE's counts are not the truth's"; counts=1; }
        # the screening side, read by Python: kept = on or after the line, removed = before it
        "$K" unseal "$r/KENSHIN/KENSHIN.PURGED.D$yymmdd" "$d/kgone.dat" --keyring "$d/keys" > /dev/null 2>&1 || kenshin=1
        cutoff=$(sed -n 's/^cutoff=\([0-9]*\) .*/\1/p' "$rt/expected_counts.txt")
        python3 - "$d/kenshin.dat" "$r/KENSHIN/KENSHIN.KEKKA.G0002V00" "$d/kgone.dat" "$tmp/kenshin.json" "$cutoff" << 'PY' || kenshin=1
import json, sys
src, kept, gone, lay, cutoff = sys.argv[1:6]
l = json.load(open(lay, encoding="utf-8"))
pos = next(f["start"] - 1 for f in l["records"][1]["fields"] if f["name"] == "jushin_ymd")
stride = l["length"] + 2
def data(p):
    b = open(p, "rb").read()
    return [b[i:i + stride] for i in range(0, len(b), stride) if b[i:i + 3] not in (b"000", b"999")]
rows = data(src)
want_kept = [r for r in rows if r[pos:pos + 8].decode() >= cutoff]
want_gone = [r for r in rows if r[pos:pos + 8].decode() < cutoff]
ok = data(kept) == want_kept and data(gone) == want_gone and want_kept and want_gone
sys.exit(0 if ok else 1)
PY
        "$K" verify "$r/KENSHIN/KENSHIN.KEKKA.G0002V00" -L kenshin > /dev/null 2>&1 ||
            { echo "# city $nn: the screening ledger's new generation does not verify"; kenshin=1; }
        "$K" verify "$d/kgone.dat" -L kenshin > /dev/null 2>&1 || { echo "# city $nn: the removed results do not verify"; kenshin=1; }
        anchor=$(sed -n 's/.*AUDIT HEAD \([0-9]*:[0-9a-f]*\).*/\1/p' "$d/run.out")
        [ -n "$anchor" ] && "$K" audit verify --key "$d/vk$nn" --anchor "$anchor" > /dev/null 2>&1 ||
            { echo "# city $nn: the audit chain does not verify"; audit=1; }
        rm -rf "$r"
        c=$((c + 1))
    done
    ok $nhi "$what: the NHI ledger kept and the sealed removed records are the truth"
    ok $counts "$what: PURGE's audit entry has the truth's counts"
    ok $kenshin "$what: the screening results kept and removed are those on either side of the line"
    ok $audit "$what: the audit chain verifies to the job's anchor"
done
