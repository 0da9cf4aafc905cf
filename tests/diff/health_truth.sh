#!/bin/sh
# health_truth.sh: the screening stream (jcl/screening.jcl) on cities of `kiroku city --with
# health`, several seeds and sizes, against the generator's truth and an independent oracle
# (tests/diff/health_oracle.py: Python's cp932 codec, its own folding and its own age law).
# Per city run: the generated results pass verify; the check list of results intake
# (KENSHIN.SHOGO) is the truth byte for byte, and the error list its 判定 2 records; the
# ledger's new generation is the results of 判定 1 exactly as they came (nothing
# corrected); the oracle's check list is the truth too; the 受診券 file holds exactly the
# targets the oracle finds (person, screening, 通常/繰越). TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
K=${KIROKU:-$root/build/check/kiroku}
export KIROKU_LAYOUTS="$root/layouts" LC_ALL=C.UTF-8
base=${TMPDIR:-/tmp}
[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
tmp=$(mktemp -d "$base/kiroku-health.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# cities people seed date
runs="1 250 1 2026-04-01
2 200 5 2026-04-01
1 250 9 2027-04-01"
n=$(echo "$runs" | wc -l)
echo "1..$((n * 5))"
i=0
ok() { i=$((i + 1)); if [ "$1" = 1 ]; then echo "ok $i - $2"; else echo "not ok $i - $2"; fi; }
# the records of a kenshin_shogo file as text lines without trailing blanks
lines() { iconv -f CP932 -t UTF-8 "$1" | sed 's/ *\r$//'; }
echo "$runs" | while read -r cities people seed date; do
    d="$tmp/p$seed" r="$tmp/r$seed"
    ymd=$(echo "$date" | tr -d -) yymmdd=$(echo "$date" | tr -d - | cut -c3-)
    name="$cities x $people people, seed $seed, $date"
    "$K" city --cities "$cities" --people "$people" --seed "$seed" --date "$date" --out "$d" --with health 2> /dev/null
    c="$d/city01"
    good=1
    "$K" verify -L kenshin "$c/health/kenshin_kekka.dat" > /dev/null 2>&1 || good=0
    "$K" verify -L kenshin_shogo "$c/health/truth_shogo.dat" > /dev/null 2>&1 || good=0
    ok $good "$name: the results and the truth pass verify"
    sh "$root/scripts/health_root.sh" "$K" "$d" 01 "$r" "$yymmdd" > /dev/null 2>&1
    "$K" run "$root/jcl/screening.jcl" --root "$r" --date "$date" --no-timing > "$tmp/steps" 2> "$tmp/log"
    rc=$?
    good=1
    [ $rc = 0 ] || { good=0; tail -20 "$tmp/log"; }
    cmp -s "$r/KENSHIN/KENSHIN.SHOGO.D$yymmdd" "$c/health/truth_shogo.dat" || good=0
    lines "$c/health/truth_shogo.dat" | awk 'substr($0, 37, 1) == "2"' > "$tmp/want_err"
    lines "$r/KENSHIN/KENSHIN.ERRORS.D$yymmdd" | cmp -s - "$tmp/want_err" || good=0
    ok $good "$name: the stream ends with rc 0; its check list is the truth, its error list the truth's 判定 2"
    # the ledger: the results of 判定 1, byte for byte as sent (header and trailer aside)
    python3 - "$c/health/kenshin_kekka.dat" "$c/health/truth_shogo.dat" "$r/KENSHIN/KENSHIN.KEKKA.G0001V00" <<'PY'
import sys
sent, truth, ledger = (open(p, "rb").read() for p in sys.argv[1:4])
recs = lambda b, n: [b[i:i + n] for i in range(0, len(b), n)]
accepted = {(t[:15], t[15:25]) for t in recs(truth, 82) if t[36:37] == b"1"}
want = sorted(r for r in recs(sent, 502) if r[:3] not in (b"000", b"999") and (r[3:18], r[217:227]) in accepted)
got = [r for r in recs(ledger, 502) if r[:3] not in (b"000", b"999")]
sys.exit(0 if sorted(got) == want and len(want) == len(accepted) else 1)
PY
    ok $(( $? == 0 )) "$name: the ledger's generation holds the accepted results as they came"
    python3 "$root/tests/diff/health_oracle.py" "$K" "$root/layouts" "$c" "$ymd" shogo > "$tmp/oracle" 2> "$tmp/oerr"
    lines "$c/health/truth_shogo.dat" | cmp -s - "$tmp/oracle"
    good=$(( $? == 0 ))
    [ $good = 1 ] || { lines "$c/health/truth_shogo.dat" | diff - "$tmp/oracle" | head -5; cat "$tmp/oerr"; }
    ok $good "$name: the oracle's check list is the truth"
    python3 "$root/tests/diff/health_oracle.py" "$K" "$root/layouts" "$c" "$ymd" targets > "$tmp/want_t"
    cut -c1-18 "$r/KENSHIN/KENSHIN.JUSHIN.D$yymmdd" | sed 's/^\(.\{15\}\)\(..\)\(.\)/\1 \2 \3/' | sort > "$tmp/got_t"
    cmp -s "$tmp/got_t" "$tmp/want_t" && [ -s "$tmp/want_t" ]
    good=$(( $? == 0 ))
    [ $good = 1 ] || diff "$tmp/got_t" "$tmp/want_t" | head -5
    ok $good "$name: the 受診券 are the oracle's targets ($(wc -l < "$tmp/want_t") vouchers)"
done
