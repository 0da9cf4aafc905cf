#!/bin/sh
# demo.sh: `make demo`, the city's daily NHI stream (jcl/kokuho_daily.jcl) on a generated
# prefecture: kiroku city writes two cities of DEMO_PEOPLE residents each (default
# 100,000) with the federation's files and the truth; scripts/city_root.sh puts city 01
# under a data root (the federation's inbound files sealed with a key made here); kiroku
# run runs the stream and prints its JES-style log; then the control totals, the
# 確認リスト by reason (checked against the truth), and where every output is.
#
# usage: scripts/demo.sh [BUILD-DIR]      DEMO_PEOPLE=N, DEMO_WORK=DIR (default
#        BUILD-DIR/demo; emptied first). The stream needs a roles file owned by root
#        (docs/PROTECTION.md): the demo writes one in its work folder granting run, catalog,
#        seal:* and unseal:* (tests/lib/roles.sh), so run it as root, or set KIROKU_ROLES to
#        a roles file root wrote that grants you those.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case "$build" in /*) ;; *) build="$root/$build" ;; esac
K="$build/kiroku"
N=${DEMO_PEOPLE:-100000}
DAY=2026-04-01
YYMMDD=260401
PREV=260331 # the business day before: the federation's files the stream reads
work=${DEMO_WORK:-$build/demo}
export KIROKU_LAYOUTS="$root/layouts" LC_ALL=C.UTF-8
unset KIROKU_AUDIT

[ -x "$K" ] || { echo "demo: $K is not built (run make)" >&2; exit 16; }
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 16
if [ -z "${KIROKU_ROLES:-}" ]; then
    . "$root/tests/lib/roles.sh" && kiroku_roles "$work/roles" run catalog 'seal:*' 'unseal:*'
fi
t0=$(date +%s.%N)
echo "demo: kiroku city --cities 2 --people $N --seed 2026 --date $DAY --out $work/pref"
"$K" city --cities 2 --people "$N" --seed 2026 --date "$DAY" --out pref || exit $?
hoken=$(head -c 6 pref/city01/kokuho_daicho.dat)
sh "$root/scripts/city_root.sh" "$K" pref 01 "$work/root" "$work/keys" "$YYMMDD" || exit $?
t1=$(date +%s.%N)
echo "demo: kiroku run jcl/kokuho_daily.jcl --root $work/root --date $DAY HOKEN=$hoken CITY=01 KEYS=$work/keys"
echo
"$K" run "$root/jcl/kokuho_daily.jcl" --root "$work/root" --date "$DAY" \
    HOKEN="$hoken" CITY=01 KEYS="$work/keys"
rc=$?
t2=$(date +%s.%N)
[ $rc -le 4 ] || { echo "demo: the stream ended with $rc"; exit $rc; }
r="$work/root"
echo
echo "---- control totals (the federation's inbound files, their trailers) ----"
"$K" unseal "$r/RENGO/RENGO.SEND.SHIKAKU.C01.D$PREV" shikaku.dat --keyring "$work/keys" > /dev/null &&
    "$K" view -L rengo_shikaku shikaku.dat --csv | sed -n '1p;$p' | sed 's/^/  国保資格取得喪失年月日連携  /'
"$K" unseal "$r/RENGO/RENGO.SEND.HIHOID.C01.D$PREV" hihoid.dat --keyring "$work/keys" > /dev/null &&
    "$K" view -L rengo_hihokensha_id hihoid.dat --csv | sed -n '1p;$p' | sed 's/^/  被保険者ID連携  /'
rm -f shikaku.dat hihoid.dat
echo "---- control totals (the outbound files, sealed for the federation: their trailers) ----"
"$K" view -L kokuho_kojin "$r/KOKUHO/KOKUHO.KOJIN.D$YYMMDD" --csv | sed -n '$p' | sed 's/^/  資格情報(個人)  /'
"$K" view -L kokuho_setai "$r/KOKUHO/KOKUHO.SETAI.D$YYMMDD" --csv | sed -n '$p' | sed 's/^/  資格情報(世帯)  /'
count() { echo $(( $(wc -c < "$1") / $2 )); }
echo "NHI transactions $(count "$r/KOKUHO/KOKUHO.TX.D$YYMMDD" 223): accepted" \
     "$(count "$r/KOKUHO/KOKUHO.ACCEPTED.D$YYMMDD" 223), held $(count "$r/KOKUHO/KOKUHO.HELD.D$YYMMDD" 223)"
echo "NHI ledger: $(count "$r/KOKUHO/KOKUHO.DAICHO.G0001V00" 222) insured yesterday," \
     "$(count "$r/KOKUHO/KOKUHO.DAICHO.G0002V00" 222) in today's generation"
echo
echo "---- 確認リスト by reason ----"
"$K" view -L kakunin "$r/KOKUHO/KOKUHO.KAKUNIN.D$YYMMDD" --csv | awk -F, 'NR > 1 { n[$5]++ }
    END { split("重複 空白 個人番号相違 個人番号空白", w, " ");
          for (i = 1; i <= 4; i++) printf "  理由 %d %-12s %6d\n", i, w[i], n[i] + 0 }'
"$K" sort -L kakunin -i pref/truth.dat -o truth01.dat --no-timing "OPTION COPY" \
    "INCLUDE COND=(hokensha_no,EQ,$hoken)" > /dev/null
if cmp -s truth01.dat "$r/KOKUHO/KOKUHO.KAKUNIN.D$YYMMDD"; then
    echo "  = the generator's truth for city 01, byte for byte"
else
    echo "  differs from the generator's truth (pref/truth.dat)"; rc=8
fi
rm -f truth01.dat
echo
echo "---- where everything is ----"
echo "  the printed 確認リスト (CP932):  $r/KOKUHO/KOKUHO.KAKUNIN.LIST.D$YYMMDD"
echo "  the data root and its catalog:  $r  (kiroku catalog list --root $r)"
"$K" catalog list --root "$r" | grep -- '-------' | sed 's/^/  /'
awk -v a="$t0" -v b="$t1" -v c="$t2" \
    'BEGIN { printf "demo: generating %.1f s, the stream %.1f s\n", b - a, c - b }'
exit $rc
