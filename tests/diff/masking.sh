#!/bin/sh
# masking.sh: every path that renders a record's field as text masks 個人番号 by default, run
# on the test data (tests/samples/juki.dat, whose 個人番号 have valid check digits): view
# (text, CSV, JSON), VERIFY's listing of a wrong 個人番号, LEDGER's get, diff and unload
# listings, SORT's listing and its messages (an EDIT that overflows over a 個人番号), OUTFIL
# reports (by name, by position, after INREC moved the bytes, through IFTHEN, HEADER over a
# 個人番号 refused; HEADER1/TRAILER1 framing a data set is data, unmasked),
# IEBCOMPR's differences, the catalog listing, a job's log and spool (JESMSGLG, SYSOUT
# reports), and SORT PARM REVEAL (denied without reveal and extract, then shown and audited).
# Each check searches what the path wrote for the data's numbers. Under tests/run-all.sh the
# listings are kept in $TMPDIR/kiroku-masking-listings for the sensitive-data scan too.
# Needs root for the roles file of the REVEAL checks. TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
K=${KIROKU:-$root/build/check/kiroku}
export KIROKU_LAYOUTS="$root/layouts" LC_ALL=C.UTF-8
unset KIROKU_AUDIT
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-masking.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
. "$root/tests/lib/roles.sh" && kiroku_roles "$tmp/roles" run catalog
cd "$tmp" || exit 2
mkdir out
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
cp "$root/tests/samples/juki.dat" juki.dat
# The data's 個人番号: bytes 498-509 of each 600-byte record (+ CR LF).
python3 - juki.dat > numbers <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
for i in range(0, len(data), 602):
    v = data[i + 497:i + 509]
    if v.strip():
        print(v.decode())
PY
[ "$(wc -l < numbers)" -ge 10 ]
ok $? "the test data holds $(wc -l < numbers) 個人番号"
# clean FILE...: none of the numbers in them (the files are kept for the scan).
clean() {
    for f in "$@"; do
        cp "$f" "out/$(echo "$f" | tr '/' '_')" 2> /dev/null
        if grep -q -F -f numbers "$f"; then
            echo "# $f holds a 個人番号"
            return 1
        fi
    done
    return 0
}
# shown FILE: the file does hold them (the check above could fail).
shown() { grep -q -F -f numbers "$1"; }

# view
"$K" view juki.dat -L juki > v.txt && "$K" view juki.dat -L juki --csv > v.csv && "$K" view juki.dat -L juki --json > v.json
[ $? = 0 ] && clean v.txt v.csv v.json
ok $? "view: text, CSV and JSON masked"

# VERIFY: a record whose 個人番号 has a wrong check digit is listed, the number not shown.
python3 - juki.dat bad.dat <<'PY'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
last = d[508]
d[508] = ord("0") + (last - ord("0") + 1) % 10
open(sys.argv[2], "wb").write(d)
PY
bad=$(head -c 508 bad.dat | tail -c 11)
"$K" verify bad.dat -L juki > ver.txt 2> ver.err
rc=$?
[ $rc = 8 ] && grep -q 'kojin_no\|個人番号' ver.txt ver.err && ! grep -q "$bad" ver.txt ver.err && clean ver.txt ver.err
ok $? "VERIFY lists the wrong 個人番号 (rc $rc) without its digits"

# LEDGER: get, diff, unload's listing.
"$K" ledger load db juki.dat -L juki > load.txt 2>&1 &&
    "$K" ledger get db atena_no=100001 > get.txt 2>&1 && grep -q 'kojin_no\|個人番号' get.txt &&
    "$K" ledger unload db unl.dat > unload.txt 2>&1 && cmp -s unl.dat juki.dat
[ $? = 0 ] && clean load.txt get.txt unload.txt
ok $? "LEDGER load, get and unload: listings masked"
python3 - juki.dat juki2.dat <<'PY'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
d[602 + 497:602 + 509] = b"123456789018"   # the second person gets the first one's number
open(sys.argv[2], "wb").write(d)
PY
"$K" ledger diff juki.dat juki2.dat diff.txt -L juki > diffl.txt 2>&1
[ -s diff.txt ] && grep -q 'kojin_no' diff.txt && clean diff.txt diffl.txt
ok $? "LEDGER DIFF: the changed 個人番号 reported, masked"

# SORT: the listing, a message about a value over a 個人番号, OUTFIL reports.
"$K" sort -L juki -i juki.dat -o s.dat --listing s.txt 'SORT FIELDS=(kojin_no,A)' 2> s.err && cmp -s s.dat s.dat
[ $? = 0 ] && clean s.txt s.err
ok $? "SORT by 個人番号: listing masked"
"$K" sort -L juki -i juki.dat -o e.dat 'SORT FIELDS=COPY' 'OUTREC BUILD=(498,12,ZD,EDIT=(TTT))' > e.txt 2>&1
rc=$?
[ $rc = 12 ] && grep -q 'not shown' e.txt && clean e.txt
ok $? "SORT: an EDIT over a 個人番号 that overflows stops (rc $rc); the value not shown"
"$K" sort -L juki -i juki.dat --dd LIST=list1.txt --dd DATA=data1.dat --dd FRAMED=data2.dat 'SORT FIELDS=COPY' \
    "OUTFIL FNAMES=LIST,REMOVECC,HEADER2=(C'LIST'),BUILD=(atena_no,1X,kojin_no,1X,498,12)" \
    'OUTFIL FNAMES=DATA,BUILD=(atena_no,1X,kojin_no)' \
    "OUTFIL FNAMES=FRAMED,REMOVECC,HEADER1=(C'1'),TRAILER1=(C'8'),BUILD=(C'2',kojin_no)" > r1.txt 2>&1
[ $? = 0 ] && grep -q '^000000000100001 \*\{12\} \*\{12\}' list1.txt && clean list1.txt r1.txt && shown data1.dat &&
    shown data2.dat
ok $? "OUTFIL report: a 個人番号 by name and by position masked; a data OUTFIL, and one framed by HEADER1/TRAILER1, keep it"
"$K" sort -L juki -i juki.dat --dd LIST=list2.txt 'SORT FIELDS=COPY' 'INREC BUILD=(1,15,498,12)' \
    "OUTFIL FNAMES=LIST,REMOVECC,SECTIONS=(1,1,TRAILER3=(COUNT)),BUILD=(1,27)" > r2.txt 2>&1
[ $? = 0 ] && grep -q '^000000000100001\*\{12\}' list2.txt && clean list2.txt r2.txt
ok $? "OUTFIL report: bytes INREC moved by position stay masked"
"$K" sort -L juki -i juki.dat --dd LIST=list4.txt 'SORT FIELDS=(seibetsu,A,atena_no,A)' \
    "OUTFIL FNAMES=LIST,SECTIONS=(seibetsu,HEADER3=(seibetsu)),IFTHEN=(WHEN=(seibetsu,EQ,1),BUILD=(atena_no,1X,kojin_no)),IFTHEN=(WHEN=NONE,BUILD=(kojin_no,1X,atena_no))" > r4.txt 2>&1
[ $? = 0 ] && [ "$(grep -c '\*\{12\}' list4.txt)" = "$(wc -l < numbers)" ] && clean list4.txt r4.txt
ok $? "OUTFIL report with sections, carriage control and IFTHEN BUILD: every 個人番号 masked"
"$K" sort -L juki -i juki.dat --dd LIST=list3.txt 'SORT FIELDS=COPY' \
    "OUTFIL FNAMES=LIST,HEADER2=(kojin_no),BUILD=(atena_no)" > r3.txt 2>&1
[ $? = 16 ] && grep -q 'KRK0752E' r3.txt && [ ! -e list3.txt ] && clean r3.txt
ok $? "OUTFIL report: a heading over a 個人番号 is refused (KRK0752E)"

# IEBCOMPR and the catalog listing, in a job; the job log and the spool (a report to SYSOUT).
cat > job.jcl <<EOF
//MASKJOB  JOB CLASS=A
//CMP      EXEC PGM=IEBCOMPR
//SYSUT1   DD PATH='juki.dat'
//SYSUT2   DD PATH='juki2.dat'
//CHK      EXEC PGM=VERIFY
//SYSUT1   DD PATH='bad.dat',LAYOUT=juki
//LIST     EXEC PGM=SORT
//SORTIN   DD PATH='juki.dat',LAYOUT=juki
//SORTOUT  DD DSN=MASK.COPY,DISP=(NEW,CATLG,DELETE),LAYOUT=juki
//REPORT   DD DSN=MASK.LIST,DISP=(NEW,CATLG,DELETE)
//SYSOUT   DD SYSOUT=*
//SYSIN    DD *
  SORT FIELDS=(kojin_no,A)
  OUTFIL FNAMES=SORTOUT
  OUTFIL FNAMES=REPORT,HEADER1=('個人番号の一覧'),BUILD=(atena_no,1X,kojin_no)
/*
EOF
"$K" run job.jcl --root "$tmp/root" --date 2026-12-05 > job.out 2> job.log
rc=$?
"$K" catalog list --all --root "$tmp/root" > cat.txt 2>&1
spool=$(find root/.kiroku/spool -type f | sort)
[ $rc = 8 ] && [ -n "$spool" ] && grep -q 'KRK1215W' $spool && shown root/MASK/MASK.COPY &&
    grep -q '^.000000000100001 \*\{12\}' root/MASK/MASK.LIST && clean job.out job.log cat.txt $spool root/MASK/MASK.LIST
ok $? "a job (rc $rc): IEBCOMPR's difference, VERIFY's listing, the report, JESMSGLG, the spool and the catalog listing masked"

# SORT PARM REVEAL: reveal and extract, audited, before anything is read.
"$K" audit init audit --verify-key vk > /dev/null
export KIROKU_AUDIT="$tmp/audit"
cat > rev.jcl <<EOF
//REVJOB   JOB CLASS=A
//LIST     EXEC PGM=SORT,PARM='REVEAL'
//SORTIN   DD PATH='juki.dat',LAYOUT=juki
//REPORT   DD DSN=MASK.REVEAL,DISP=(NEW,CATLG,DELETE)
//SYSOUT   DD SYSOUT=*
//SYSIN    DD *
  SORT FIELDS=COPY
  OUTFIL FNAMES=REPORT,REMOVECC,HEADER2=('個人番号の一覧'),BUILD=(atena_no,1X,kojin_no)
/*
EOF
"$K" run rev.jcl --root "$tmp/root" --date 2026-12-05 > rev.out 2> rev.log
rc=$?
[ $rc = 16 ] && grep -q 'KRK1550E.*may not reveal' rev.log && [ ! -e root/MASK/MASK.REVEAL ] && clean rev.log
ok $? "SORT PARM REVEAL without reveal: denied (rc $rc), no report"
kiroku_roles "$tmp/roles" run catalog reveal
"$K" run rev.jcl --root "$tmp/root" --date 2026-12-05 > rev.out 2> rev.log
rc=$?
[ $rc = 16 ] && grep -q 'KRK1550E.*may not extract' rev.log && [ ! -e root/MASK/MASK.REVEAL ]
ok $? "with reveal but not extract: denied (rc $rc)"
kiroku_roles "$tmp/roles" run catalog reveal extract
"$K" run rev.jcl --root "$tmp/root" --date 2026-12-05 > rev.out 2> rev.log
rc=$?
[ $rc = 0 ] && shown root/MASK/MASK.REVEAL && clean rev.log && "$K" audit show --event extract > ax.txt &&
    grep -q 'REVJOB program=SORT step=LIST option=REVEAL outputs=REPORT' ax.txt && clean ax.txt audit/segment-*.log
ok $? "with reveal and extract: the report shows the 個人番号 (rc $rc), the extract audited (no value in the log)"
"$K" catalog delete MASK.REVEAL --root "$tmp/root" > /dev/null
unset KIROKU_AUDIT
"$K" run rev.jcl --root "$tmp/root" --date 2026-12-05 > rev.out 2> rev.log
[ $? = 16 ] && grep -q 'KRK1552E' rev.log && [ ! -e root/MASK/MASK.REVEAL ]
ok $? "REVEAL without an audit log: refused (KRK1552E)"

if [ -n "${TMPDIR:-}" ]; then
    rm -rf "$TMPDIR/kiroku-masking-listings"
    cp -r out "$TMPDIR/kiroku-masking-listings"
fi
echo "1..$n"
