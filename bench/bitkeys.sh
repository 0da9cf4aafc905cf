#!/bin/sh
# bitkeys.sh: SORT keys at bit positions (p.b,m.b,BI) against the same number of whole bytes:
# N records (default 1 million; N=...) of 16 random bytes, no terminator, sorted by
# FIELDS=(3.4,4.0,BI,A) (32 bits from bit 4 of byte 3: each key byte is built from two record
# bytes) and by FIELDS=(3,4,BI,A) (the bytes copied); each time, the bit sort's ratio to the
# byte sort's, peak memory; best of REPEAT (default 2). A curve, not a test: it prints, it
# never fails the build.
# usage: bench/bitkeys.sh BUILD
set -u
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
kiroku="$root/$build/kiroku"
n=${N:-1000000}
repeat=${REPEAT:-2}
. "$root/bench/common.sh"
bench_dir $((n / 1000 * 40 / 1000 + 64))
head -c $((n * 16)) /dev/urandom > "$dir/in.dat"
k="$kiroku sort --no-timing -m 2G --lrecl 16 --terminator none -i $dir/in.dat"
bits=$(best "$repeat" $k -o "$dir/bits.dat" "SORT FIELDS=(3.4,4.0,BI,A)")
bytes=$(best "$repeat" $k -o "$dir/bytes.dat" "SORT FIELDS=(3,4,BI,A)")
set -- $bits; bt=$1 bm=$2
set -- $bytes; yt=$1 ym=$2
echo "| SORT ($n records of 16 bytes) | seconds | peak MiB | ratio to the byte key |"
echo "|---|---|---|---|"
echo "| FIELDS=(3.4,4.0,BI,A): 32 bits from bit 4 | $bt | $(mib "$bm") | $(ratio "$bt" "$yt") |"
echo "| FIELDS=(3,4,BI,A): 4 whole bytes | $yt | $(mib "$ym") | 1.00 |"
rm -f "$dir"/in.dat "$dir"/bits.dat "$dir"/bytes.dat
