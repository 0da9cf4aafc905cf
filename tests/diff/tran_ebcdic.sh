#!/bin/sh
# tran_ebcdic.sh: TRAN=ETOA and TRAN=ATOE against Python's own cp037 codec (its tables are
# not glibc's iconv, which kiroku's come from): every byte value and random records, EBCDIC
# to ASCII (ISO 8859-1), ASCII to EBCDIC, a round trip that must give the input back, and a
# field translated in OVERLAY with the rest of the record untouched. Then TRAN=HEX, BIT, UNHEX
# and UNBIT against Python's bytes.hex() and format(b, '08b') on the same random bytes (UNHEX
# of digits in both cases). Prints TAP.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
KIROKU=${KIROKU:-$root/build/check/kiroku}
work=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-trandiff.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
echo "1..8"
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
hexa = lambda b: b.hex().upper().encode()
bits = lambda b: "".join(format(c, "08b") for c in b).encode()
open("want.hex", "wb").write(b"".join(hexa(r[:128]) for r in recs))
open("want.bit", "wb").write(b"".join(bits(r[:32]) for r in recs))
digits = [bytes(rnd.choice(b"0123456789ABCDEFabcdef") for _ in range(256)) for _ in range(200)]
open("in.hex", "wb").write(b"".join(digits))
open("want.unhex", "wb").write(b"".join(bytes.fromhex(d.decode()) for d in digits))
bitrecs = [bytes(rnd.choice(b"01") for _ in range(256)) for _ in range(200)]
open("in.bits", "wb").write(b"".join(bitrecs))
open("want.unbit", "wb").write(b"".join(int(r, 2).to_bytes(32, "big") for r in bitrecs))
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
K -i in.bin -o got.hex 'OPTION COPY' 'OUTREC BUILD=(1,128,TRAN=HEX)'; rc=$?
check want.hex got.hex "HEX: two digits a byte, as Python's bytes.hex().upper()"
K -i in.bin -o got.bit 'OPTION COPY' 'OUTREC BUILD=(1,32,TRAN=BIT)'; rc=$?
check want.bit got.bit "BIT: eight 0/1 a byte, as Python's format(b, '08b')"
K -i in.hex -o got.unhex 'OPTION COPY' 'OUTREC BUILD=(1,256,TRAN=UNHEX)'; rc=$?
check want.unhex got.unhex "UNHEX of random digits 0-9A-Fa-f, as Python's bytes.fromhex"
K -i in.bits -o got.unbit 'OPTION COPY' 'INREC BUILD=(1,256,TRAN=UNBIT)'; rc=$?
check want.unbit got.unbit "UNBIT of random bits, as Python's int(bits, 2)"
