#!/bin/sh
# health_truth.sh: the screening stream (jcl/screening.jcl) on cities of `kiroku city --with
# health`, several seeds and sizes, against the generator's truth and an independent oracle
# (tests/diff/health_oracle.py: Python's cp932 codec, its own folding and its own age law).
# Per city run: the generated results pass verify; the check list of results intake
# (KENSHIN.SHOGO) is the truth byte for byte, and the error list its 判定 2 records; the
# ledger's new generation is the results of 判定 1 exactly as they came (nothing
# corrected); the oracle's check list is the truth too; the 受診券 file holds exactly the
# targets the oracle finds (person, screening, 通常/繰越). Then the vaccination stream
# (jcl/yobo.jcl) on the same city: its check list is the truth and the oracle's, its
# history's new generation the old one and the accepted records, its notices the oracle's
# targets (person, 接種コード, 接種回数). TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
K=${KIROKU:-$root/build/check/kiroku}
export KIROKU_LAYOUTS="$root/layouts" LC_ALL=C.UTF-8
base=${TMPDIR:-/tmp}
[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
tmp=$(mktemp -d "$base/kiroku-health.XXXXXX")
. "$root/tests/lib/roles.sh" && kiroku_roles "$tmp/roles" run catalog
trap 'rm -rf "$tmp"' EXIT
# cities people seed date
runs="2 250 1 2026-04-01
1 250 9 2027-04-01"
n=$(echo "$runs" | wc -l)
echo "1..$((n * 8))"
i=0
ok() { i=$((i + 1)); if [ "$1" = 1 ]; then echo "ok $i - $2"; else echo "not ok $i - $2"; fi; }
# GOT WANT TEXT NOUN: the stream's targets are the oracle's (and there are some)
same_targets() {
    cmp -s "$1" "$2" && [ -s "$2" ]
    good=$(( $? == 0 ))
    [ $good = 1 ] || diff "$1" "$2" | head -5
    ok $good "$3 ($(wc -l < "$2") $4)"
}
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
    same_targets "$tmp/got_t" "$tmp/want_t" "$name: the 受診券 are the oracle's targets" vouchers
    # the vaccination stream
    "$K" run "$root/jcl/yobo.jcl" --root "$r" --date "$date" --no-timing > "$tmp/steps" 2> "$tmp/log"
    rc=$?
    good=1
    [ $rc = 0 ] || { good=0; tail -20 "$tmp/log"; }
    cmp -s "$r/YOBO/YOBO.SHOGO.D$yymmdd" "$c/health/truth_yobo_shogo.dat" || good=0
    python3 "$root/tests/diff/health_oracle.py" "$K" "$root/layouts" "$c" "$ymd" yobo_shogo > "$tmp/oracle" 2> "$tmp/oerr"
    lines "$c/health/truth_yobo_shogo.dat" | cmp -s - "$tmp/oracle" || { good=0; cat "$tmp/oerr"; }
    [ -s "$tmp/oracle" ] || good=0
    ok $good "$name: vaccination intake ends with rc 0; its check list is the truth and the oracle's ($(wc -l < "$tmp/oracle") records)"
    # the history: the old generation and the accepted records, nothing changed
    python3 - "$c/health/yobo_rireki.dat" "$c/health/yobo_yoshinhyo.dat" "$c/health/truth_yobo_shogo.dat" \
        "$r/YOBO/YOBO.RIREKI.G0002V00" <<'PY'
import sys
old, sent, truth, new = (open(p, "rb").read() for p in sys.argv[1:5])
recs = lambda b, n: [b[i:i + n] for i in range(0, len(b), n)]
ok = {(t[:15], t[15:16], t[16:20], t[20:28]) for t in recs(truth, 82) if t[28:29] == b"1"}
acc = [r for r in recs(sent, 341) if (r[1:16], r[0:1], r[172:176], r[176:184]) in ok]
sys.exit(0 if sorted(recs(new, 341)) == sorted(recs(old, 341) + acc) and len(acc) == len(ok) else 1)
PY
    ok $(( $? == 0 )) "$name: the history's new generation is the old one and the accepted records"
    python3 "$root/tests/diff/health_oracle.py" "$K" "$root/layouts" "$c" "$ymd" yobo_targets > "$tmp/want_y"
    cut -c1-19 "$r/YOBO/YOBO.TSUCHI.D$yymmdd" | sed 's/^\(.\{15\}\)\(...\)\(.\)/\1 \2 \3/' | sort > "$tmp/got_y"
    same_targets "$tmp/got_y" "$tmp/want_y" "$name: the notices are the oracle's targets" notices
done
