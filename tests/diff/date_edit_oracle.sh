#!/bin/sh
# date_edit_oracle.sh: DFSORT's date edits in BUILD against Python (tests/diff/
# date_edit_oracle.py: datetime's isocalendar and strftime for the week numbers,
# dateutil.relativedelta for the ages): DT=(MD4/), DTNS=(4DM), WEEKNUM=USA, WEEKNUM=ISO,
# AGE=YMD, AGE=YM, AGE=YD, ADDDAYS then DT=, and the YDDD=(D4/) constant, over random dates
# (month ends, February 29, the first and last week of the year) on random run dates.
# Every record must be the oracle's byte for byte. Prints TAP.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
KIROKU=${KIROKU:-$root/build/check/kiroku}
oracle="python3 $root/tests/diff/date_edit_oracle.py"
work=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-datediff.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
runs="2025-04-01 2024-02-29 2000-12-31 2099-12-31"
echo "1..4"
i=0
for run in $runs; do
    i=$((i + 1))
    ymd=$(echo "$run" | tr -d -)
    $oracle gen "$i" 3000 all.txt
    $oracle want "$ymd" all.txt want
    cut -d' ' -f1 want > in.txt
    "$KIROKU" sort --lrecl 8 -i in.txt -o got --date "$run" --no-timing -j 2 '  OPTION COPY' \
        "  OUTREC BUILD=(1,8,X,1,8,Y4T,DT=(MD4/),X,1,8,Y4T,DTNS=(4DM),X,1,8,Y4T,WEEKNUM=USA,X,
                 1,8,Y4T,WEEKNUM=ISO,X,1,8,Y4T,AGE=YMD,X,1,8,Y4T,AGE=YM,X,1,8,Y4T,AGE=YD,X,
                 1,8,Y4T,ADDDAYS,+40,DT=(4MD-),X,YDDD=(D4/))" > listing 2>&1
    rc=$?
    if [ "$rc" = 0 ] && cmp -s want got; then
        echo "ok $i - run date $run: $(wc -l < want) dates"
    else
        echo "not ok $i - run date $run (rc $rc)"
        sed 's/^/# /' listing | tail -3
        diff want got 2>&1 | head -6 | sed 's/^/# /'
    fi
done
