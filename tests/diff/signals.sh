#!/bin/sh
# signals.sh: every program that reads records stops on SIGINT and SIGTERM with KRK0708E
# (rc 12), writes nothing under its output's name and leaves no temporary file: GENERATE
# (asked for far more records than it can write before the signal), and CONVERT, VERIFY,
# LEDGER UPDATE and SORT reading a FIFO that a writer keeps filling, so that no input ever
# ends before the signal (nothing depends on how fast the machine is). TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
KIROKU=${KIROKU:-$root/build/check/kiroku}
export KIROKU_LAYOUTS="$root/layouts"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-signals.XXXXXX")
feeder=
cleanup() {
    [ -n "$feeder" ] && kill "$feeder" 2> /dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
cd "$tmp" || exit 2
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
no_leftovers() { [ -z "$(ls -a . | grep 'kiroku-')" ]; }

cat > rec.layout <<'L'
layout rec
  encoding utf-8
  length 12
  terminator lf
record data
  id   9(6)
  name X(6)
L
sed 's/encoding utf-8/encoding cp932/; s/layout rec/layout rec2/' rec.layout > rec2.layout
i=0
while [ $i -lt 4096 ]; do printf '%06dABCDEF\n' $i; i=$((i + 1)); done > chunk.dat
awk '{ printf "%06dD     \n", NR }' chunk.dat | head -100 > tx_head.dat

# run SIG WHAT COMMAND...: COMMAND reads in.fifo (kept full by a feeder) and gets SIG after
# its first second; it must end with rc 12, KRK0708E and no out.dat.
run() {
    sig=$1 what=$2
    shift 2
    rm -f in.fifo out.dat
    mkfifo in.fifo
    (while cat chunk.dat 2> /dev/null; do :; done > in.fifo) 2> /dev/null &
    feeder=$!
    "$@" > log 2>&1 &
    pid=$!
    sleep 1
    kill -"$sig" "$pid" 2> /dev/null
    wait "$pid"
    rc=$?
    kill "$feeder" 2> /dev/null
    wait "$feeder" 2> /dev/null
    feeder=
    [ $rc -eq 12 ] && grep -q 'KRK0708E' log && [ ! -e out.dat ] && no_leftovers
    ok $? "$what: SIG$sig ends with rc 12 (got $rc), KRK0708E, no output, nothing left"
    [ $rc -eq 12 ] || sed 's/^/# /' log
}

"$KIROKU" generate -L rec.layout --records 1000000000 -o out.dat > log 2>&1 &
pid=$!
sleep 1
kill -INT $pid
wait $pid
rc=$?
[ $rc -eq 12 ] && grep -q 'KRK0708E GENERATE interrupted' log && [ ! -e out.dat ] && no_leftovers
ok $? "generate: SIGINT ends with rc 12 (got $rc), KRK0708E, no output, nothing left"

run INT convert "$KIROKU" convert in.fifo out.dat --from rec.layout --to rec2.layout
run TERM verify "$KIROKU" verify in.fifo -L rec.layout
run INT sort "$KIROKU" sort -L rec.layout -i in.fifo -o out.dat 'SORT FIELDS=(1,6,CH,A)'
echo "1..$n"
