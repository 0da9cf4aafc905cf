#!/bin/sh
# rengo.sh: the federation's daily stream (docs/streams/daily.md: jcl/rengo_open.jcl,
# jcl/rengo_recv.jcl per city, jcl/rengo_merge.jcl, jcl/rengo_send.jcl per accepted city) on a
# generated prefecture of BENCH_RENGO_CITIES cities (default 12) of BENCH_RENGO_PEOPLE residents
# each (default 1,100,000: kiroku city insures about 23%, so about 3,000,000 insured in all;
# its count is printed). Each city's own daily stream (jcl/kokuho_daily.jcl) seals its files first
# (tests/lib/rengo_prefecture.sh, timed as one). Then every job of the federation's day under
# /usr/bin/time: its elapsed time and its peak memory (each step is a process of its own, so
# this is the job's largest step), each step's time from the runner's table, and the new
# register's and index's size. A measurement, never a test.
# usage: bench/rengo.sh BUILD
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
. "$here/common.sh"
. "$repo/tests/lib/rengo_prefecture.sh"
K="$build/kiroku"
case "$K" in /*) ;; *) K="$repo/$K" ;; esac
cities=${BENCH_RENGO_CITIES:-12}
people=${BENCH_RENGO_PEOPLE:-1100000}
day=2026-04-01 d=260401
# the generated prefecture (about 1.3 KB per resident: 17 GB for the default) and the
# federation's root; on the disk unless tmpfs has twice that free
bench_dir $((cities * people / 1000 * 3))
export KIROKU_LAYOUTS="$repo/layouts" LC_ALL=C.UTF-8
unset KIROKU_AUDIT
w="$dir/rengo"
rm -rf "$w"
mkdir -p "$w"
if [ -z "${KIROKU_ROLES:-}" ]; then
    . "$repo/tests/lib/roles.sh" && kiroku_roles "$w/roles" run catalog 'seal:*' 'unseal:*'
fi
t0=$(date +%s)
(nice -n 10 sh -c ". '$repo/tests/lib/rengo_prefecture.sh'; rengo_prefecture '$K' '$repo' '$w' $people 2026 $day before $cities") \
    > "$w/prefecture.log" 2>&1 || { echo "rengo: the prefecture could not be prepared"; cat "$w/prefecture.log"; exit 1; }
t1=$(date +%s)
ledger=$(cat "$w"/pref/city*/kokuho_daicho.dat | wc -l)
rm -rf "$w/pref/city"*
periods=$(($(wc -c < "$w/pref/rengo/rireki_0.dat") / $(head -1 "$w/pref/rengo/rireki_0.dat" | wc -c)))
echo "prefecture: $cities cities of $people residents (kiroku city --cities $cities --people $people --with federation, then each city's own daily stream): $((t1 - t0)) s"
echo "NHI ledgers (kokuho_daicho, insured or formerly insured persons): $ledger records; the register the day before: $periods periods ($(du -m "$w/pref/rengo/rireki_0.dat" | cut -f1) MiB)"
grep '^#' "$w/prefecture.log"
grep KRK1600I "$w/city.log"
f="$w/fed"
# job NAME JCL [ARGS...]: one job under /usr/bin/time; its step table kept in $w/steps.NAME.
job() {
    name=$1 jcl=$2
    shift 2
    /usr/bin/time -f '%e %M' -o "$w/time.$name" "$K" run "$repo/jcl/$jcl" --root "$f" --date "$day" "$@" \
        > "$w/steps.$name" 2> "$w/log.$name"
    rc=$?
    set -- $(tail -n 1 "$w/time.$name")
    printf '%-10s %-16s rc %2d %8s s %7s MiB\n' "$name" "$jcl" "$rc" "$1" "$(mib "$2")"
}
echo
echo "job        JCL              rc    elapsed   peak (the job's largest step)"
job OPEN rengo_open.jcl
while read -r rec; do
    c=$(echo "$rec" | cut -c1-2) h=$(echo "$rec" | cut -c3-8)
    job "RCV$c" rengo_recv.jcl CITY="$c" HOKEN="$h" KEYS="$w/keys"
done < "$f/RENGO/RENGO.CITIES"
job MERGE rengo_merge.jcl
while read -r rec; do
    c=$(echo "$rec" | cut -c1-2) h=$(echo "$rec" | cut -c3-8)
    job "SND$c" rengo_send.jcl CITY="$c" HOKEN="$h" KEYS="$w/keys"
done < "$f/RENGO/RENGO.ACCEPTED.D$d"
awk '{ s += $1 } END { printf "all jobs: %.1f s\n", s }' "$w"/time.*
tx=$(wc -l < "$f/RENGO/RENGO.TX.D$d")
echo "the day's 資格情報(個人) records of all cities (RENGO.TX): $tx"
echo
echo "steps of RCV01 and SND01 (seconds), and of the merge:"
for n in RCV01 SND01 MERGE; do
    awk -v n="$n" '/^STEPNAME/ { next } NF >= 4 { printf "%-6s %-9s %-9s %s\n", n, $1, $2, $NF }' "$w/steps.$n"
done
echo
echo "the register's new generation RENGO.RIREKI(+1): $(wc -l < "$f/RENGO/RENGO.RIREKI.G0002V00") periods, $(du -m "$f/RENGO/RENGO.RIREKI.G0002V00" | cut -f1) MiB"
echo "the 個人番号 index RENGO.KOJINIX(+1): $(wc -l < "$f/RENGO/RENGO.KOJINIX.G0002V00") records, $(du -m "$f/RENGO/RENGO.KOJINIX.G0002V00" | cut -f1) MiB"
rm -rf "$w"
