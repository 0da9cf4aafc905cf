#!/bin/sh
# streams_truth.sh: the city's daily stream (jcl/kokuho_daily.jcl), run by kiroku run on
# every city of kiroku city's prefectures for several seeds and sizes, finds exactly the
# truth: the cities' 確認リスト, one after another, are truth.dat byte for byte (the truth is
# in 保険者番号 order, as the cities are); per city the accepted and held transactions are
# the day's, none lost, none twice; the ledger's new generation is what `kiroku ledger
# update` gives for the accepted transactions; the outbound 資格情報(世帯) file is what
# tests/diff/setai_oracle.py computes on its own from the two ledger generations and the
# registry; the day went into the transaction history (KOKUHO.TXHIST) whole: the correction
# stream (jcl/kokuho_teisei.jcl) with the day before's ledger as its base and no corrections
# replays exactly the new generation. The inbound files are sealed with a key made here
# (scripts/city_root.sh). TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
K=${KIROKU:-$root/build/check/kiroku}
export KIROKU_LAYOUTS="$root/layouts" LC_ALL=C.UTF-8
unset KIROKU_AUDIT
base=${TMPDIR:-/tmp}
[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
tmp=$(mktemp -d "$base/kiroku-streams.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
. "$root/tests/lib/roles.sh" && kiroku_roles "$tmp/roles" run catalog 'seal:*' 'unseal:*'
# cities people seed date
runs="3 200 2 2026-04-01
2 600 9 2026-06-15
4 120 31 2026-11-02"
n=$(echo "$runs" | wc -l)
echo "1..$((n * 5))"
i=0
ok() { i=$((i + 1)); if [ "$1" = 0 ]; then echo "ok $i - $2"; else echo "not ok $i - $2"; fi; }
echo "$runs" | while read -r cities people seed day; do
    d="$tmp/p$seed"
    what="$cities cities of $people, seed $seed, $day"
    "$K" city --cities "$cities" --people "$people" --seed "$seed" --date "$day" --out "$d" > /dev/null 2>&1
    yymmdd=$(echo "$day" | tr -d - | cut -c3-)
    : > "$d/lists.dat"
    split_ok=0 ledger_ok=0 setai_ok=0 hist_ok=0 c=1
    while [ "$c" -le "$cities" ]; do
        nn=$(printf '%02d' "$c")
        r="$d/root$nn"
        hoken=$(head -c 6 "$d/city$nn/kokuho_daicho.dat")
        sh "$root/scripts/city_root.sh" "$K" "$d" "$nn" "$r" "$d/keys" "$yymmdd" > "$d/load.out" 2>&1 ||
            { cat "$d/load.out"; split_ok=1; }
        "$K" run "$root/jcl/kokuho_daily.jcl" --root "$r" --date "$day" --no-timing \
            HOKEN="$hoken" CITY="$nn" KEYS="$d/keys" > "$d/run$nn.out" 2>&1 ||
            { sed 's/^/# /' "$d/run$nn.out"; split_ok=1; }
        cat "$r/KOKUHO/KOKUHO.KAKUNIN.D$yymmdd" >> "$d/lists.dat" 2>/dev/null
        sort "$d/city$nn/kokuho_tx.dat" > "$d/day.txt"
        cat "$r/KOKUHO/KOKUHO.ACCEPTED.D$yymmdd" "$r/KOKUHO/KOKUHO.HELD.D$yymmdd" 2>/dev/null |
            sort | cmp -s - "$d/day.txt" || split_ok=1
        "$K" ledger update "$d/city$nn/kokuho_daicho.dat" "$r/KOKUHO/KOKUHO.ACCEPTED.D$yymmdd" \
            "$d/new$nn.dat" -L kokuho_daicho -T kokuho_tx > /dev/null 2>&1 &&
            cmp -s "$d/new$nn.dat" "$r/KOKUHO/KOKUHO.DAICHO.G0002V00" || ledger_ok=1
        out=$(KIROKU="$K" python3 "$root/tests/diff/setai_oracle.py" \
            "$r/KOKUHO/KOKUHO.DAICHO.G0001V00" "$r/KOKUHO/KOKUHO.DAICHO.G0002V00" \
            "$r/JUKI/JUKI.SNAPSHOT.G0001V00" "$r/JUKI/JUKI.SNAPSHOT.G0002V00" \
            "$r/KOKUHO/KOKUHO.SETAI.D$yymmdd" "$(echo "$day" | tr -d -)" "$hoken" 2>&1) ||
            { echo "$out" | sed 's/^/# /'; setai_ok=1; }
        cp "$r/KOKUHO/KOKUHO.DAICHO.G0001V00" "$r/KOKUHO/KOKUHO.BASE.G0001V00"
        : > "$r/KOKUHO/KOKUHO.TEISEI.D$yymmdd"
        printf '  DEFINE GDG (NAME(KOKUHO.BASE) LIMIT(12) SCRATCH NOEMPTY)\n  DEFINE NONVSAM (NAME(KOKUHO.BASE.G0001V00) LAYOUT(kokuho_daicho))\n  DEFINE NONVSAM (NAME(KOKUHO.TEISEI.D%s) LAYOUT(kokuho_teisei))\n' \
            "$yymmdd" | "$K" idcams --root "$r" > "$d/hist.out" 2>&1 || { sed 's/^/# /' "$d/hist.out"; hist_ok=1; }
        "$K" run "$root/jcl/kokuho_teisei.jcl" --root "$r" --date "$day" > "$d/hist.out" 2>&1 ||
            { grep -v KRK125 "$d/hist.out" | head -5 | sed 's/^/# /'; hist_ok=1; }
        cmp -s "$r/KOKUHO/KOKUHO.DAICHO.G0003V00" "$r/KOKUHO/KOKUHO.DAICHO.G0002V00" || hist_ok=1
        c=$((c + 1))
    done
    cmp -s "$d/lists.dat" "$d/truth.dat"
    ok $? "$what: the cities' 確認リスト are the truth ($(wc -c < "$d/truth.dat") bytes)"
    ok $split_ok "$what: every city's accepted and held transactions are the day's"
    ok $ledger_ok "$what: every city's new ledger generation is the update by the accepted ones"
    ok $setai_ok "$what: every city's 資格情報(世帯) file is the oracle's"
    ok $hist_ok "$what: every city's day is in KOKUHO.TXHIST: the correction stream replays the new generation"
    rm -rf "$d"
done
