#!/bin/sh
# rengo_roundtrip.sh: the round trip between the cities and the federation over two business
# days (docs/streams/daily.md, "The round trip"). Day 1: every city's daily stream
# (jcl/kokuho_daily.jcl) on kiroku city's prefecture, each operator resolving its 確認リスト and
# restarting from HOLD so that every transaction reaches the federation
# (tests/lib/rengo_prefecture.sh, "all"); then the federation's four jobs, which send each city
# its 国保資格取得喪失年月日連携, 被保険者ID連携 and register extract, sealed with the city's key.
# Day 2, the next business day: each city's stream again, on the same data root, with no new
# registry change or transaction, reading only what the federation sent the day before
# (RENGO.SEND.*.Cnn.D&PBYYMMDD). Checked: every city's day 2 ends with 0; the moves' exceptions
# the cities list on day 2, together, are kiroku city's truth of the moves (理由 1 and 2), byte
# for byte; each city's list holds every case the federation flagged in its 資格連携 file, and
# every new-side case is flagged there; the 被保険者証番号 and 枝番 come back as the city sent them;
# a city given another city's files under its own names
# refuses them (KRK1511E, rc 12) and its ledger gets no new generation. TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
K=${KIROKU:-$root/build/check/kiroku}
export KIROKU_LAYOUTS="$root/layouts" LC_ALL=C RENGO_KEEP_CITY_ROOTS=1
unset KIROKU_AUDIT
base=${TMPDIR:-/tmp}
[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
tmp=$(mktemp -d "$base/kiroku-roundtrip.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
. "$root/tests/lib/rengo_prefecture.sh"
. "$root/tests/lib/roles.sh" && kiroku_roles "$tmp/roles" run catalog 'seal:*' 'unseal:*'
# people seed day-1 day-2 cities: day 2 is the business day after day 1 (2026-04-03 is a
# Friday: its next is Monday 04-06, whose &PBYYMMDD is 260403)
runs="250 13 2026-04-01 2026-04-02 3
120 7 2026-04-03 2026-04-06 3"
n=$(echo "$runs" | wc -l)
echo "1..$((n * 6))"
i=0
ok() { i=$((i + 1)); if [ "$1" = 0 ]; then echo "ok $i - $2"; else echo "not ok $i - $2"; fi; }
echo "$runs" | while read -r people seed day1 day2 ncities; do
  w="$tmp/s$seed" d1=$(echo "$day1" | tr -d - | cut -c3-) d2=$(echo "$day2" | tr -d - | cut -c3-)
  cities=$(seq -f '%02g' 1 "$ncities")
  (
    rengo_prefecture "$K" "$root" "$w" "$people" "$seed" "$day1" all "$ncities" > "$w.city.out" || exit 16
    rengo_day "$K" "$root" "$w/fed" "$day1" "$w/keys" > "$w.log" 2>&1 || { grep -v 'KRK125[0-9]I' "$w.log" | tail -20 | sed "s/^/# /"; exit 12; }
    [ "$(grep -c 'KRK1259I SND.. *- JOB ENDED: MAXCC 0000' "$w.log")" = "$ncities" ] || exit 8
  )
  ok $? "seed $seed ($ncities cities of $people): day 1, $day1: the cities' streams and the federation's day end with 0"
  # day 2 on each city's own data root: the registry unchanged, no transaction, the files the
  # federation sent on day 1 taken over as sent (with their slips)
  bad=""
  for c in $cities; do
    r="$w/city$c"
    cp "$w/pref/city$c/juki_1.dat" "$r/JUKI/JUKI.SNAPSHOT.G0003V00"
    : > "$r/KOKUHO/KOKUHO.TX.D$d2"
    for f in SHIKAKU HIHOID RIREKI; do
      cp "$w/fed/RENGO/RENGO.SEND.$f.C$c.D$d1" "$w/fed/RENGO/RENGO.SEND.$f.C$c.D$d1.slip" "$r/RENGO/"
    done
    {
      echo "  DEFINE NONVSAM (NAME(JUKI.SNAPSHOT.G0003V00) LAYOUT(juki))"
      echo "  DEFINE NONVSAM (NAME(KOKUHO.TX.D$d2) LAYOUT(kokuho_tx))"
      for f in SHIKAKU HIHOID RIREKI; do echo "  DEFINE NONVSAM (NAME(RENGO.SEND.$f.C$c.D$d1))"; done
    } | "$K" idcams --root "$r" > /dev/null 2>&1 || bad="$bad idcams$c"
    # the refusal is tried on a copy of city 02's root: city 01's files under city 02's names
    if [ "$c" = 02 ]; then
      cp -r "$r" "$w/wrong02"
      for f in SHIKAKU HIHOID RIREKI; do
        cp "$w/fed/RENGO/RENGO.SEND.$f.C01.D$d1" "$w/wrong02/RENGO/RENGO.SEND.$f.C02.D$d1"
        cp "$w/fed/RENGO/RENGO.SEND.$f.C01.D$d1.slip" "$w/wrong02/RENGO/RENGO.SEND.$f.C02.D$d1.slip"
      done
    fi
    "$K" run "$root/jcl/kokuho_daily.jcl" --root "$r" --date "$day2" \
      HOKEN=$(head -c 6 "$w/pref/city$c/kokuho_daicho.dat") CITY=$c KEYS="$w/keys" > "$w/day2_$c.log" 2>&1 ||
      { bad="$bad city$c"; grep -E 'KRK[0-9]{4}[ES]' "$w/day2_$c.log" | head -3 | sed 's/^/# /'; }
  done
  [ -z "$bad" ]
  ok $? "seed $seed: day 2, $day2: every city's stream reads the federation's files of $day1 and ends with 0$bad"
  for c in $cities; do cat "$w/city$c/KOKUHO/KOKUHO.KAKUNIN.D$d2"; done > "$w/day2_kakunin.dat"
  "$K" sort -L kakunin -i "$w/pref/truth.dat" -o "$w/truth_moves.dat" --no-timing "OPTION COPY" \
    "INCLUDE COND=(riyu,LE,2)" > /dev/null
  cmp -s "$w/day2_kakunin.dat" "$w/truth_moves.dat"
  ok $? "seed $seed: day 2's 確認リスト of all cities = the truth of the moves ($(wc -l < "$w/truth_moves.dat") cases)"
  # the federation's flags (重複空白区分 of the 資格連携 file, opened with the city's key) against
  # the city's own list: flagged ⊆ listed, and every 転入地 case listed is flagged
  bad=""
  for c in $cities; do
    "$K" unseal "$w/fed/RENGO/RENGO.SEND.SHIKAKU.C$c.D$d1" "$w/sh.dat" --key "$w/keys/city$c.key" \
      --slip "$w/fed/RENGO/RENGO.SEND.SHIKAKU.C$c.D$d1.slip" > /dev/null 2>&1 || bad="$bad unseal$c"
    # 宛名番号 and 重複空白区分 (bytes 2-16 and 158 of rengo_shikaku); 宛名番号 and 理由 (7-22 of
    # kakunin), 区分 at 23
    grep -a '^2' "$w/sh.dat" | cut -b2-16,158 | grep -v '0$' | sort -u > "$w/flagged"
    cut -b7-22 "$w/city$c/KOKUHO/KOKUHO.KAKUNIN.D$d2" | sort -u > "$w/listed"
    grep -a '^.\{22\}1' "$w/city$c/KOKUHO/KOKUHO.KAKUNIN.D$d2" | cut -b7-22 | sort -u > "$w/listed_new"
    [ -z "$(comm -23 "$w/flagged" "$w/listed")" ] || bad="$bad unlisted$c"
    [ -z "$(comm -23 "$w/listed_new" "$w/flagged")" ] || bad="$bad unflagged$c"
    nflag=$((${nflag:-0} + $(wc -l < "$w/flagged")))
  done
  [ -z "$bad" ] && [ "$nflag" -gt 0 ]
  ok $? "seed $seed: the federation flagged $nflag cases in its 資格連携 files, each on its city's day-2 list, every 転入地 case flagged$bad"
  unset nflag
  # 被保険者証番号 and 枝番 come back as the city sent them: each record of the 資格連携 file
  # (宛名番号 2-16, 番号 52-59, 枝番 60-61) is one of the city's day-1 資格情報(個人) records
  # (宛名番号 2-16, 番号 61-68, 枝番 69-70)
  bad=""
  for c in $cities; do
    "$K" unseal "$w/fed/RENGO/RENGO.SEND.SHIKAKU.C$c.D$d1" "$w/sh.dat" --key "$w/keys/city$c.key" \
      --slip "$w/fed/RENGO/RENGO.SEND.SHIKAKU.C$c.D$d1.slip" > /dev/null 2>&1 || bad="$bad unseal$c"
    grep -a '^2' "$w/sh.dat" | cut -b2-16,52-61 | sort -u > "$w/back"
    grep -a '^2' "$w/city$c/KOKUHO/KOKUHO.KOJIN.D$d1" | cut -b2-16,61-70 | sort -u > "$w/sent"
    [ -s "$w/back" ] && [ -z "$(comm -23 "$w/back" "$w/sent")" ] && ! grep -qv '01$' "$w/sent" || bad="$bad c$c"
  done
  [ -z "$bad" ]
  ok $? "seed $seed: every 被保険者証番号 and 枝番 (01) of the 資格連携 files is the one the city sent for that 宛名番号$bad"
  "$K" run "$root/jcl/kokuho_daily.jcl" --root "$w/wrong02" --date "$day2" \
    HOKEN=$(head -c 6 "$w/pref/city02/kokuho_daicho.dat") CITY=02 KEYS="$w/keys" > "$w/wrong.log" 2>&1
  rc=$?
  [ $rc = 12 ] && grep -q 'KRK1511E' "$w/wrong.log" && [ ! -e "$w/wrong02/KOKUHO/KOKUHO.DAICHO.G0003V00" ]
  ok $? "seed $seed: city 02 given city 01's files under its own names refuses them (rc $rc, KRK1511E), no new ledger generation"
  rm -rf "$w"
done
