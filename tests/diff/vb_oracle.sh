#!/bin/sh
# vb_oracle.sh: SORT on variable-length records (RECFM=VB) against an independent Python
# reading of the RDW rules (tests/diff/vb_oracle.py; GNU sort cannot read RDWs): random VB
# files with many short records, sorted with VLSHRT (in memory and through work files) and
# merged,
# INCLUDE/OMIT with VLSHRT and VLSCMP, OUTREC BUILD setting the RDW, the variable part `p`
# at a BUILD's end, FTOV with and without
# VLTRIM, VTOF with VLFILL, and a broken RDW named with its record number and offset. Every
# output must be the oracle's byte for byte. Prints TAP.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
KIROKU=${KIROKU:-$root/build/check/kiroku}
oracle="python3 $root/tests/diff/vb_oracle.py"
work=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-vbdiff.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
seeds="1 2"
echo "1..$((11 * 2))"
i=0
check() { # name: compares got with want
    i=$((i + 1))
    if [ "$rc" = 0 ] && cmp -s want got; then
        echo "ok $i - $1"
    else
        echo "not ok $i - $1 (rc $rc)"
        cmp want got 2>&1 | sed 's/^/# /'
    fi
}
K() { "$KIROKU" sort --no-timing --date 2025-04-01 -j 2 "$@" > listing 2>&1; }
for s in $seeds; do
    lrecl=$((20 + s * 37))
    $oracle gen "$s" 2000 "$lrecl" in.vb
    $oracle sort 5 6 in.vb want
    K --recfm VB --lrecl "$lrecl" -m 64M -i in.vb -o got "SORT FIELDS=(5,6,CH,A)" "OPTION VLSHRT"; rc=$?
    check "seed $s: SORT 5,6,CH,A VLSHRT in memory"
    K --recfm VB --lrecl "$lrecl" -m 128K -i in.vb -o got "SORT FIELDS=(5,6,CH,A)" "OPTION VLSHRT"; rc=$?
    grep -q "^KRK0663I sorted in [0-9]* runs on work files" listing || rc=runs-not-used
    check "seed $s: SORT 5,6,CH,A VLSHRT through work files"
    $oracle gen $((s + 100)) 700 "$lrecl" b.vb
    $oracle sort 5 6 in.vb a.sorted
    $oracle sort 5 6 b.vb b.sorted
    cat in.vb b.vb > ab.vb
    $oracle sort 5 6 ab.vb want
    K --recfm VB --lrecl "$lrecl" -i a.sorted -i b.sorted -o got "MERGE FIELDS=(5,6,CH,A)" "OPTION VLSHRT"; rc=$?
    check "seed $s: MERGE of two sorted VB files, VLSHRT"
    for mode in vlshrt vlscmp omit; do
        $oracle include 7 2 M "$mode" in.vb want
        case $mode in
        vlshrt) st="INCLUDE COND=(7,2,CH,GT,C'M')"; opt="OPTION COPY,VLSHRT" ;;
        vlscmp) st="INCLUDE COND=(7,2,CH,GT,C'M')"; opt="OPTION COPY,VLSCMP" ;;
        omit) st="OMIT COND=(7,2,CH,GT,C'M')"; opt="OPTION COPY,VLSHRT" ;;
        esac
        K --recfm VB --lrecl "$lrecl" -i in.vb -o got "$st" "$opt"; rc=$?
        check "seed $s: $st under $opt"
    done
    $oracle minlen 11 in.vb long.vb # records of at least 11 bytes for BUILD
    [ "$(wc -c < long.vb)" -gt 10000 ] || echo "# too few long records"
    $oracle build long.vb want
    K --recfm VB --lrecl "$lrecl" -i long.vb -o got "OPTION COPY" "OUTREC BUILD=(1,4,9,3,5,2)"; rc=$?
    check "seed $s: OUTREC BUILD=(1,4,9,3,5,2) sets the RDW"
    $oracle rest in.vb want
    K --recfm VB --lrecl "$lrecl" -i in.vb --dd V=got "OPTION COPY" "OUTFIL FNAMES=V,BUILD=(1,4,C'<',6)"; rc=$?
    check "seed $s: OUTFIL BUILD=(1,4,C'<',6): the variable part"
    $oracle genfix "$s" 500 30 fix.dat
    $oracle ftov 30 y fix.dat want
    K --lrecl 30 --terminator none -i fix.dat --dd V=got "OPTION COPY" "OUTFIL FNAMES=V,FTOV,VLTRIM=C' '"; rc=$?
    check "seed $s: FTOV,VLTRIM=C' '"
    $oracle vtof 6 9 '*' in.vb want
    K --recfm VB --lrecl "$lrecl" -i in.vb --dd F=got "OPTION COPY" "OUTFIL FNAMES=F,VTOF,BUILD=(6,9,C'|'),VLFILL=C'*'"; rc=$?
    check "seed $s: VTOF,BUILD=(6,9,C'|'),VLFILL=C'*'"
    set -- $($oracle corrupt "$s" in.vb bad.vb)
    K --recfm VB --lrecl "$lrecl" -i bad.vb -o out.vb "SORT FIELDS=(5,1,CH,A)" "OPTION VLSHRT"; rc=$?
    i=$((i + 1))
    if [ "$rc" = 12 ] && grep -q "^$1 SORTIN: bad.vb: record $2 at byte $3:" listing && [ ! -e out.vb ]; then
        echo "ok $i - seed $s: a broken RDW is $1 at record $2, byte $3, and nothing is written"
    else
        echo "not ok $i - seed $s: a broken RDW ($1 record $2 byte $3), rc $rc"
        sed 's/^/# /' listing | tail -3
    fi
done
