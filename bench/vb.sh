#!/bin/sh
# vb.sh: variable-length records (RECFM=VB) against fixed ones: N records (default 1 million;
# N=...) with data of 10 to 196 bytes after the RDW, LRECL 200. The same records as a fixed
# 200-byte file (each padded with blanks, no terminator). SORT FIELDS=(5,10,CH,A) on both,
# COPY of the VB file, FTOV of the fixed one and VTOF of the VB one; each time, the VB sort's
# ratio to the fixed sort's, peak memory; best of REPEAT (default 2). VB records travel padded
# to the LRECL (docs/ARCHITECTURE.md), so the VB sort pays for the padding in memory and for
# the general (unmapped) path. A curve, not a test: it prints, it never fails the build.
# usage: bench/vb.sh BUILD
set -u
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
kiroku="$root/$build/kiroku"
n=${N:-1000000}
repeat=${REPEAT:-2}
. "$root/bench/common.sh"
bench_dir $((n / 1000 * 450 / 1000 + 64))
python3 - "$n" "$dir/in.vb" "$dir/in.fb" <<'PY'
import random, struct, sys
n, vb, fb = int(sys.argv[1]), open(sys.argv[2], 'wb'), open(sys.argv[3], 'wb')
rnd = random.Random(7)
alpha = b'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
for _ in range(n):
    data = bytes(rnd.choices(alpha, k=rnd.randint(10, 196)))
    vb.write(struct.pack('>HH', len(data) + 4, 0) + data)
    fb.write((b'\x00\x00\x00\x00' + data).ljust(200, b' '))
PY
k="$kiroku sort --no-timing -m 2G"
vb_sort=$(best "$repeat" $k --recfm VB --lrecl 200 -i "$dir/in.vb" -o "$dir/out.vb" "SORT FIELDS=(5,10,CH,A)")
fb_sort=$(best "$repeat" $k --lrecl 200 --terminator none -i "$dir/in.fb" -o "$dir/out.fb" "SORT FIELDS=(5,10,CH,A)")
vb_copy=$(best "$repeat" $k --recfm VB --lrecl 200 -i "$dir/in.vb" -o "$dir/copy.vb" "OPTION COPY")
ftov=$(best "$repeat" $k --lrecl 200 --terminator none -i "$dir/in.fb" --dd V="$dir/ftov.vb" "OPTION COPY" "OUTFIL FNAMES=V,FTOV,VLTRIM=C' '")
vtof=$(best "$repeat" $k --recfm VB --lrecl 200 -i "$dir/in.vb" --dd F="$dir/vtof.fb" "OPTION COPY" "OUTFIL FNAMES=F,VTOF,BUILD=(5,196),VLFILL=C' '")
set -- $vb_sort; vt=$1 vm=$2
set -- $fb_sort; ft=$1 fm=$2
echo "| operation ($n records, LRECL 200) | seconds | peak MiB | ratio to the fixed sort |"
echo "|---|---|---|---|"
echo "| SORT of the VB file | $vt | $(mib "$vm") | $(ratio "$vt" "$ft") |"
echo "| SORT of the same records fixed (200 bytes) | $ft | $(mib "$fm") | 1.00 |"
set -- $vb_copy; echo "| COPY of the VB file | $1 | $(mib "$2") | $(ratio "$1" "$ft") |"
set -- $ftov; echo "| FTOV,VLTRIM=C' ' of the fixed file | $1 | $(mib "$2") | $(ratio "$1" "$ft") |"
set -- $vtof; echo "| VTOF,BUILD=(5,196) of the VB file | $1 | $(mib "$2") | $(ratio "$1" "$ft") |"
rm -f "$dir"/in.vb "$dir"/in.fb "$dir"/out.vb "$dir"/out.fb "$dir"/copy.vb "$dir"/ftov.vb "$dir"/vtof.fb
