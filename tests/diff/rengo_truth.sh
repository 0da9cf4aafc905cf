#!/bin/sh
# rengo_truth.sh: the federation's daily stream (its four jobs: jcl/rengo_open.jcl,
# jcl/rengo_recv.jcl per city of the list RENGO.CITIES, jcl/rengo_merge.jcl, jcl/rengo_send.jcl
# per accepted city; tests/lib/rengo_prefecture.sh) on kiroku city's prefectures for several
# seeds, sizes, days and numbers of cities (16 cities: more than one job of the old
# procedure-per-city shape could hold, 17 steps each in 255): each city's own stream
# (jcl/kokuho_daily.jcl) seals its 資格情報 files, the federation receives them all, and
# its new register RENGO.RIREKI(+1) and 個人番号 index RENGO.KOJINIX(+1) are, byte for byte,
# what tests/diff/rengo_oracle.py computes on its own from the register and index of the
# day before (kiroku city --with federation) and the accepted files; and so is each city's
# 国保資格取得喪失年月日連携 and 被保険者ID連携 the federation sends back (RENGO.SHIKAKU.Cnn,
# RENGO.HIHOID.Cnn), whose sealed copies open with that city's key to the same bytes. TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
K=${KIROKU:-$root/build/check/kiroku}
export KIROKU_LAYOUTS="$root/layouts" LC_ALL=C.UTF-8
unset KIROKU_AUDIT
base=${TMPDIR:-/tmp}
[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
tmp=$(mktemp -d "$base/kiroku-rengo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
. "$root/tests/lib/rengo_prefecture.sh"
. "$root/tests/lib/roles.sh" && kiroku_roles "$tmp/roles" run catalog 'seal:*' 'unseal:*'
# people seed date register cities. register: the
# federation's register each city's move check reads, "after" the day (kiroku city's
# rireki.dat: every move of the day is on the cities' lists and held back, so it never
# reaches the federation) or "before" it (rireki_0.dat: today's moves are not there yet,
# the cities send them, and the federation finds the 重複 and 空白 on both sides itself)
# all: "after", and then every city's operator resolves its 確認リスト and restarts from HOLD
# (tests/lib/rengo_prefecture.sh), so that every transaction of the day is accepted: then the
# federation's register is kiroku city's register after the day (rengo/rireki.dat), byte for
# byte, new members' 被保険者ID included (新規付番, the run date and a sequence number), and
# each city's two files are kiroku city's rengo_shikaku.dat and rengo_hihokensha_id.dat.
# cities: how many; 16 is more than one job of 17 steps a city could hold (255 steps).
runs="150 2 2026-04-01 after 3
300 5 2026-04-01 before 3
600 8 2026-09-01 before 3
250 13 2026-06-15 all 3
300 11 2026-04-01 before 16"
n=$(echo "$runs" | wc -l)
echo "1..$((n * 5 + $(echo "$runs" | grep -c ' all ') * 2))"
i=0
ok() { i=$((i + 1)); if [ "$1" = 0 ]; then echo "ok $i - $2"; else echo "not ok $i - $2"; fi; }
echo "$runs" | while read -r people seed day register ncities; do
  w="$tmp/s$seed" d=$(echo "$day" | tr -d - | cut -c3-) rundate=$(echo "$day" | tr -d -)
  cities=$(seq -f '%02g' 1 "$ncities")
  (
    rengo_prefecture "$K" "$root" "$w" "$people" "$seed" "$day" "$register" "$ncities" || exit 16
    rengo_day "$K" "$root" "$w/fed" "$day" "$w/keys" > log 2>&1 || { grep -v 'KRK125[0-9]I' log | tail -40 | sed "s/^/# /"; exit 12; }
    # every city was received by a job of its own and is on the day's list of accepted cities
    [ "$(grep -c 'KRK1259I RCV.. *- JOB ENDED: MAXCC 0000' log)" = "$ncities" ] &&
      [ "$(wc -l < "$w/fed/RENGO/RENGO.ACCEPTED.D$d")" = "$ncities" ] &&
      [ "$(grep -c 'KRK1259I SND.. *- JOB ENDED: MAXCC 0000' log)" = "$ncities" ] || exit 8
  )
  ok $? "seed $seed ($ncities cities of $people, $day): the federation's day ends with 0, every city received and sent by jobs of its own"
  R="$w/fed/RENGO"
  mkdir -p "$w/o_send"
  python3 "$root/tests/diff/rengo_oracle.py" --send "$w/o_send" "$w/pref/rengo/rireki_0.dat" "$w/pref/rengo/kojin_index_0.dat" \
    "$rundate" "$w/o_rireki.dat" "$w/o_index.dat" $(for c in $cities; do echo "$R/RENGO.IN.C$c.D$d"; done)
  cmp -s "$w/o_rireki.dat" "$R/RENGO.RIREKI.G0002V00"
  ok $? "seed $seed: RENGO.RIREKI(+1) = the oracle's register ($(wc -l < "$w/o_rireki.dat") periods)"
  cmp -s "$w/o_index.dat" "$R/RENGO.KOJINIX.G0002V00"
  ok $? "seed $seed: RENGO.KOJINIX(+1) = the oracle's index"
  bad=""
  for c in $cities; do
    h=$(head -c 6 "$w/pref/city$c/kokuho_daicho.dat")
    cmp -s "$w/o_send/shikaku_$h.dat" "$R/RENGO.SHIKAKU.C$c.D$d" || bad="$bad shikaku$c"
    cmp -s "$w/o_send/hihoid_$h.dat" "$R/RENGO.HIHOID.C$c.D$d" || bad="$bad hihoid$c"
  done
  flags=$(cat "$R"/RENGO.SHIKAKU.C??.D$d | grep '^8' | cut -c10-25 | tr '\n' ' ')
  [ -z "$bad" ]
  ok $? "seed $seed: every city's 資格連携 and 被保険者ID連携 = the oracle's$bad (重複/空白 counts: $flags)"
  bad=""
  for c in $cities; do
    for f in SHIKAKU HIHOID; do
      "$K" unseal "$R/RENGO.SEND.$f.C$c.D$d" "$w/opened" --key "$w/keys/city$c.key" \
        --slip "$R/RENGO.SEND.$f.C$c.D$d.slip" > /dev/null 2>&1 &&
        cmp -s "$w/opened" "$R/RENGO.$f.C$c.D$d" || bad="$bad $f$c"
      rm -f "$w/opened"
    done
  done
  [ -z "$bad" ]
  ok $? "seed $seed: each city's sealed files open with its own key to those bytes$bad"
  if [ "$register" = all ]; then
    cmp -s "$w/pref/rengo/rireki.dat" "$R/RENGO.RIREKI.G0002V00"
    ok $? "seed $seed, every transaction accepted: RENGO.RIREKI(+1) = kiroku city's register after the day"
    bad=""
    for c in $cities; do
      cmp -s "$w/pref/city$c/rengo_shikaku.dat" "$R/RENGO.SHIKAKU.C$c.D$d" || bad="$bad shikaku$c"
      cmp -s "$w/pref/city$c/rengo_hihokensha_id.dat" "$R/RENGO.HIHOID.C$c.D$d" || bad="$bad hihoid$c"
    done
    [ -z "$bad" ]
    ok $? "seed $seed, every transaction accepted: each city's files = kiroku city's$bad"
  fi
  rm -rf "$w"
done
