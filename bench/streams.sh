#!/bin/sh
# streams.sh: the city's daily NHI stream (jcl/kokuho_daily.jcl) on a generated city of
# BENCH_PEOPLE residents (default 1,000,000; kiroku city --cities 2, city 01 is run): each
# step's elapsed time from the runner's step table, and the peak memory of the whole run
# (/usr/bin/time around `kiroku run`: the runner starts every step as its own process, so
# this is the largest step's resident set, not a sum; per-step peak memory is not
# measured). Also the generator's time (with --with health,bank,kogaku). Then the
# screening stream (jcl/screening.jcl: results intake and the year's 受診券), the vaccination
# stream (jcl/yobo.jcl: records intake and the year's notices), the monthly 口座振替 streams
# (jcl/kouza_furikae.jcl, jcl/kouza_kekka.jcl, docs/streams/kouza_furikae.md) and the monthly
# 高額該当 carry-over (jcl/kogaku_monthly.jcl, docs/streams/kogaku_monthly.md) on the same
# city 01. Then the correction stream and the retention purge on one city of BENCH_PEOPLE.
# A measurement, never a test.
# usage: bench/streams.sh BUILD
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
. "$here/common.sh"
K="$build/kiroku"
case "$K" in /*) ;; *) K="$repo/$K" ;; esac
N=${BENCH_PEOPLE:-1000000}
bench_dir $((N / 1000 * 6))
export KIROKU_LAYOUTS="$repo/layouts"
unset KIROKU_AUDIT
w="$dir/streams"
rm -rf "$w"
mkdir -p "$w"
if [ -z "${KIROKU_ROLES:-}" ]; then
    . "$repo/tests/lib/roles.sh" && kiroku_roles "$w/roles" run catalog purge 'seal:*' 'unseal:*'
fi
/usr/bin/time -f '%e %M' -o "$w/time.gen" "$K" city --cities 2 --people "$N" --seed 2026 \
    --date 2026-04-01 --with health,bank,kogaku --out "$w/pref" > /dev/null 2>&1 || { echo "streams: kiroku city failed"; exit 1; }
sh "$repo/scripts/city_root.sh" "$K" "$w/pref" 01 "$w/root" "$w/keys" 260401 || exit 1
sh "$repo/scripts/bank_root.sh" "$K" "$w/pref" 01 "$w/bank" 260630 kekka || exit 1
sh "$repo/scripts/kogaku_root.sh" "$K" "$w/pref" 01 "$w/kogaku" 260401 || exit 1
rm -rf "$w/pref/city02"
sh "$repo/scripts/health_root.sh" "$K" "$w/pref" 01 "$w/hroot" 260401 || exit 1
/usr/bin/time -f '%e %M' -o "$w/time.screen" "$K" run "$repo/jcl/screening.jcl" --root "$w/hroot" \
    --date 2026-04-01 > "$w/steps.screen" 2> "$w/log.screen"
rc_screen=$?
/usr/bin/time -f '%e %M' -o "$w/time.yobo" "$K" run "$repo/jcl/yobo.jcl" --root "$w/hroot" \
    --date 2026-04-01 > "$w/steps.yobo" 2> "$w/log.yobo"
rc_yobo=$?
doses=$(($(wc -c < "$w/pref/city01/health/yobo_yoshinhyo.dat") / 341))
results=$(($(wc -c < "$w/pref/city01/health/kenshin_kekka.dat") / 502 - 2))
hoken=$(head -c 6 "$w/pref/city01/kokuho_daicho.dat")
/usr/bin/time -f '%e %M' -o "$w/time.run" "$K" run "$repo/jcl/kokuho_daily.jcl" --root "$w/root" \
    --date 2026-04-01 HOKEN="$hoken" CITY=01 KEYS="$w/keys" > "$w/steps" 2> "$w/log"
rc=$?
set -- $(tail -n 1 "$w/time.gen")
echo "kiroku city, 2 cities of $N: $1 s (peak $(mib "$2") MiB)"
set -- $(tail -n 1 "$w/time.run")
echo "city stream on city 01 ($N residents): $1 s elapsed, rc $rc, peak $(mib "$2") MiB (the largest step)"
cat "$w/steps"
set -- $(tail -n 1 "$w/time.screen")
echo "screening stream on city 01 ($N residents, $results results taken in): $1 s elapsed, rc $rc_screen, peak $(mib "$2") MiB (the largest step)"
cat "$w/steps.screen"
[ $rc_screen = 0 ] || grep -v KRK125 "$w/log.screen" | tail -5
set -- $(tail -n 1 "$w/time.yobo")
echo "vaccination stream on city 01 ($N residents, $doses records taken in): $1 s elapsed, rc $rc_yobo, peak $(mib "$2") MiB (the largest step)"
cat "$w/steps.yobo"
[ $rc_yobo = 0 ] || grep -v KRK125 "$w/log.yobo" | tail -5
hoken=$(head -c 6 "$w/pref/city01/bank/hokenryo.dat")
for job in kouza_furikae kouza_kekka; do
    /usr/bin/time -f '%e %M' -o "$w/time.$job" "$K" run "$repo/jcl/$job.jcl" --root "$w/bank" \
        --date 2026-06-30 HOKEN="$hoken" > "$w/steps.$job" 2> "$w/log.$job"
    rc=$?
    set -- $(cat "$w/time.$job")
    echo "$job on city 01 ($(wc -l < "$w/pref/city01/bank/hokenryo.dat") installments): $1 s elapsed, rc $rc, peak $(mib "$2") MiB (the largest step)"
    cat "$w/steps.$job"
done
/usr/bin/time -f '%e %M' -o "$w/time.kogaku" "$K" run "$repo/jcl/kogaku_monthly.jcl" --root "$w/kogaku" \
    --date 2026-04-01 HOKEN="$hoken" > "$w/steps.kogaku" 2> "$w/log.kogaku"
rc=$?
set -- $(cat "$w/time.kogaku")
echo "kogaku_monthly on city 01 ($(wc -l < "$w/pref/rengo/rireki.dat") periods in the register): $1 s elapsed, rc $rc, peak $(mib "$2") MiB (the largest step)"
cat "$w/steps.kogaku"
rm -rf "$w/root" "$w/pref" "$w/hroot"

# The correction stream (jcl/kokuho_teisei.jcl) and the yearly purge (jcl/kokuho_purge.jcl) on
# one city of N --with corrections,retention; the purge's screening ledger is N/10 generated
# results (kiroku generate -L kenshin) with their 受診日 spread over seven years.
/usr/bin/time -f '%e %M' -o "$w/time.gen2" "$K" city --cities 1 --people "$N" --seed 2026 \
    --date 2026-04-01 --out "$w/pref" --with corrections,retention > /dev/null 2>&1 ||
    { echo "streams: kiroku city --with corrections,retention failed"; exit 1; }
set -- $(cat "$w/time.gen2")
echo "kiroku city --with corrections,retention, 1 city of $N: $1 s (peak $(mib "$2") MiB)"
sh "$repo/scripts/correction_root.sh" "$K" "$w/pref" 01 "$w/root" 260405 || exit 1
/usr/bin/time -f '%e %M' -o "$w/time.corr" "$K" run "$repo/jcl/kokuho_teisei.jcl" --root "$w/root" \
    --date 2026-04-05 > "$w/steps" 2> "$w/log"
rc=$?
set -- $(cat "$w/time.corr")
echo "correction stream ($(wc -l < "$w/pref/city01/corrections/current.dat") ledger records, $(ls "$w/pref/city01/corrections"/tx_*.dat | wc -l) days, $(wc -l < "$w/pref/city01/corrections/corrections.dat") corrections): $1 s elapsed, rc $rc, peak $(mib "$2") MiB"
cat "$w/steps"
rm -rf "$w/root"
"$K" generate -L kenshin -o "$w/kenshin.dat" --records $((N / 10)) --seed 2026 > /dev/null 2>&1
"$K" layout show --json kenshin > "$w/kenshin.json"
python3 "$repo/tests/diff/kenshin_dates.py" "$w/kenshin.dat" "$w/kenshin.json" 20190401 1 2555
sh "$repo/scripts/purge_root.sh" "$K" "$w/pref" 01 "$w/root" "$w/keys" "$w/kenshin.dat" || exit 1
"$K" audit init "$w/audit" --verify-key "$w/audit.vk" > /dev/null  # a purge is never unaudited
KIROKU_AUDIT="$w/audit" /usr/bin/time -f '%e %M' -o "$w/time.purge" "$K" run "$repo/jcl/kokuho_purge.jcl" --root "$w/root" \
    --date 2026-04-01 CITY=01 KEYS="$w/keys" > "$w/steps" 2> "$w/log"
rc=$?
set -- $(cat "$w/time.purge")
echo "retention purge ($(wc -l < "$w/pref/city01/retention/daicho.dat") NHI records, $((N / 10)) screening results): $1 s elapsed, rc $rc, peak $(mib "$2") MiB"
cat "$w/steps"
rm -rf "$w"
