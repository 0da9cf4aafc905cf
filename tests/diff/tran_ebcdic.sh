#!/bin/sh
# tran_ebcdic.sh: TRAN=ETOA and TRAN=ATOE against Python's own cp037 codec (its tables are
# not glibc's iconv, which kiroku's come from): every byte value and random records, EBCDIC
# to ASCII (ISO 8859-1), ASCII to EBCDIC, a round trip that must give the input back, and a
# field translated in OVERLAY with the rest of the record untouched. Prints TAP.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
KIROKU=${KIROKU:-$root/build/check/kiroku}
work=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-trandiff.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
echo "1..4"
python3 - <<'PY'
import random
rnd = random.Random(7)
recs = [bytes(range(256))] + [bytes(rnd.randrange(256) for _ in range(256)) for _ in range(200)]
data = b"".join(recs)
open("in.bin", "wb").write(data)
etoa = lambda b: b.decode("cp037").encode("latin-1")
atoe = lambda b: b.decode("latin-1").encode("cp037")
open("want.etoa", "wb").write(b"".join(etoa(r) for r in recs))
open("want.atoe", "wb").write(b"".join(atoe(r) for r in recs))
open("want.overlay", "wb").write(b"".join(r[:10] + etoa(r[10:50]) + r[50:] for r in recs))
PY
K() { "$KIROKU" sort --no-timing --date 2025-04-01 -j 2 --lrecl 256 --terminator none "$@" > listing 2>&1; }
i=0
check() {
    i=$((i + 1))
    if [ "$rc" = 0 ] && cmp -s "$1" "$2"; then
        echo "ok $i - $3"
    else
        echo "not ok $i - $3 (rc $rc)"
        tail -2 listing | sed 's/^/# /'
        cmp "$1" "$2" 2>&1 | sed 's/^/# /'
    fi
}
K -i in.bin -o got.etoa 'OPTION COPY' 'OUTREC BUILD=(1,256,TRAN=ETOA)'; rc=$?
check want.etoa got.etoa "ETOA: every byte and 200 random records, as Python's cp037"
K -i in.bin -o got.atoe 'OPTION COPY' 'OUTREC BUILD=(1,256,TRAN=ATOE)'; rc=$?
check want.atoe got.atoe "ATOE: the same, as Python's cp037"
K -i got.etoa -o got.back 'OPTION COPY' 'INREC BUILD=(1,256,TRAN=ATOE)'; rc=$?
check in.bin got.back "ATOE of ETOA gives the input back"
K -i in.bin -o got.overlay 'OPTION COPY' 'OUTREC OVERLAY=(11:11,40,TRAN=ETOA)'; rc=$?
check want.overlay got.overlay "OVERLAY 11,40,TRAN=ETOA leaves the other bytes alone"
