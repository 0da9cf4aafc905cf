#!/bin/sh
# rengo_truth.sh: the federation's daily stream (jcl/rengo_daily.jcl) on kiroku city's
# prefectures of three cities for several seeds, sizes and days: each city's own stream
# (jcl/kokuho_daily.jcl) seals its 資格情報 files, the federation receives them all, and
# its new register RENGO.RIREKI(+1) and 個人番号 index RENGO.KOJINIX(+1) are, byte for byte,
# what tests/diff/rengo_oracle.py computes on its own from the register and index of the
# day before (kiroku city --with federation) and the accepted files. TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
K=${KIROKU:-$root/build/check/kiroku}
export KIROKU_LAYOUTS="$root/layouts" LC_ALL=C.UTF-8
unset KIROKU_AUDIT
base=${TMPDIR:-/tmp}
[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
tmp=$(mktemp -d "$base/kiroku-rengo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
. "$root/tests/lib/roles.sh" && kiroku_roles "$tmp/roles" run catalog 'seal:*' 'unseal:*'
# people seed date (three cities: the stream receives cities 01-03)
runs="150 2 2026-04-01
400 23 2026-06-15"
n=$(echo "$runs" | wc -l)
echo "1..$((n * 3))"
i=0
ok() { i=$((i + 1)); if [ "$1" = 0 ]; then echo "ok $i - $2"; else echo "not ok $i - $2"; fi; }
echo "$runs" | while read -r people seed day; do
  w="$tmp/s$seed" d=$(echo "$day" | tr -d - | cut -c3-) rundate=$(echo "$day" | tr -d -)
  mkdir -p "$w/fed/RENGO"
  (
    cd "$w" || exit 16
    "$K" city --cities 3 --people "$people" --seed "$seed" --date "$day" --with federation --out pref 2>/dev/null
    for c in 01 02 03; do
      sh "$root/scripts/city_root.sh" "$K" pref $c "$w/city$c" "$w/keys" "$d" || { echo "# city_root $c"; exit 16; }
      "$K" run "$root/jcl/kokuho_daily.jcl" --root "$w/city$c" --date "$day" \
        HOKEN=$(head -c 6 pref/city$c/kokuho_daicho.dat) CITY=$c KEYS="$w/keys" > "city$c.log" 2>&1
      rc=$?
      [ $rc -le 4 ] || { echo "# city $c's stream ended with $rc"; tail -5 "city$c.log" | sed 's/^/# /'; }
      for f in KOJIN SETAI; do cp "city$c/RENGO/RENGO.$f$c.D$d" "city$c/RENGO/RENGO.$f$c.D$d.slip" fed/RENGO/; done
      rm -rf "city$c"
    done
    cp pref/rengo/rireki_0.dat fed/RENGO/RENGO.RIREKI.G0001V00
    cp pref/rengo/kojin_index_0.dat fed/RENGO/RENGO.KOJINIX.G0001V00
    {
      echo "  DEFINE GDG (NAME(RENGO.RIREKI) LIMIT(7) SCRATCH NOEMPTY)"
      echo "  DEFINE GDG (NAME(RENGO.KOJINIX) LIMIT(7) SCRATCH NOEMPTY)"
      echo "  DEFINE NONVSAM (NAME(RENGO.RIREKI.G0001V00) LAYOUT(rengo_rireki))"
      echo "  DEFINE NONVSAM (NAME(RENGO.KOJINIX.G0001V00) LAYOUT(rengo_kojin_index))"
      for c in 01 02 03; do
        echo "  DEFINE NONVSAM (NAME(RENGO.KOJIN$c.D$d))"
        echo "  DEFINE NONVSAM (NAME(RENGO.SETAI$c.D$d))"
      done
    } | "$K" idcams --root "$w/fed" > idcams.log 2>&1 || { sed 's/^/# /' idcams.log; exit 16; }
    "$K" run "$root/jcl/rengo_daily.jcl" --root "$w/fed" --date "$day" KEYS="$w/keys" > log 2>&1 || { tail -40 log | sed "s/^/# /"; exit 12; }
  )
  ok $? "seed $seed ($people a city, $day): the federation's stream ends with 0"
  R="$w/fed/RENGO"
  python3 "$root/tests/diff/rengo_oracle.py" "$w/pref/rengo/rireki_0.dat" "$w/pref/rengo/kojin_index_0.dat" \
    "$rundate" "$w/o_rireki.dat" "$w/o_index.dat" "$R/RENGO.IN.C01.D$d" "$R/RENGO.IN.C02.D$d" "$R/RENGO.IN.C03.D$d"
  cmp -s "$w/o_rireki.dat" "$R/RENGO.RIREKI.G0002V00"
  ok $? "seed $seed: RENGO.RIREKI(+1) = the oracle's register ($(wc -l < "$w/o_rireki.dat") periods)"
  cmp -s "$w/o_index.dat" "$R/RENGO.KOJINIX.G0002V00"
  ok $? "seed $seed: RENGO.KOJINIX(+1) = the oracle's index"
  rm -rf "$w"
done
