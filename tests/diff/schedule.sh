#!/bin/sh
# schedule.sh: `kiroku schedule --rule` against tests/diff/schedule_oracle.py (Python, the
# Cabinet Office's holidays, the rules as docs/CALENDAR.md defines them) for many rules over
# 2020-2027 (the years with 2019-2021's moved and one-off holidays); and, where systemd is
# installed, the timer and service `--systemd --unit-dir` writes pass `systemd-analyze verify`
# and every OnCalendar= value is one systemd reads back as the same time. TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
KIROKU=${KIROKU:-$root/build/check/kiroku}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-schedule.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
from=2020-01-01
to=2027-12-31
rules="BD(1) BD(2) BD(5) BD(LAST) BD(-3) DAY(1,PREV) DAY(1,NEXT) DAY(10,NEXT) DAY(15,PREV)
DAY(20,SKIP) DAY(25,PREV) DAY(25,NEXT) DAY(29,NEXT) DAY(31,PREV) DAY(LAST,PREV) DAY(LAST,NEXT)
WEEKDAY(MON) WEEKDAY(MON,NEXT) WEEKDAY(FRI,PREV) WEEKDAY(TUE,THU,SKIP) YEARLY(01-01,NEXT)
YEARLY(04-01,NEXT) YEARLY(05-03,PREV) YEARLY(12-31,PREV) YEARLY(02-29,NEXT) BD(1)+1 BD(1)+5
BD(LAST)+3 BD(1)-1 DAY(20,PREV)+5 DAY(25,NEXT)-3 WEEKDAY(WED,NEXT)+2 YEARLY(04-01,NEXT)+10"
set -- $rules
n_rules=$#
echo "1..$((n_rules + 2))"
i=0
fails=0
/usr/bin/env python3 "$root/tests/diff/schedule_oracle.py" "$root/tests/fixtures/holidays/syukujitsu.csv" \
    $from $to "$@" > "$tmp/oracle" 2> "$tmp/oracle.err" || { cat "$tmp/oracle.err" | sed 's/^/# /'; }
for rule in "$@"; do
    i=$((i + 1))
    want=$(grep -F "$rule	" "$tmp/oracle" | cut -f2)
    have=$("$KIROKU" schedule --rule "$rule" --from $from --to $to 2> "$tmp/err" | cut -d' ' -f1 | tr '\n' ' ' | sed 's/ $//')
    if [ -n "$want" ] && [ "$want" = "$have" ]; then
        echo "ok $i - $rule: $(echo "$want" | wc -w) run dates as the oracle computes them"
    else
        echo "not ok $i - $rule differs from the oracle"
        echo "# want: $want"
        echo "# have: $have"
        fails=$((fails + 1))
    fi
done

printf '//NIGHTLY  JOB (KOKUHO)\n//STEP010  EXEC PGM=IEFBR14\n' > "$tmp/nightly.jcl"
mkdir "$tmp/units"
"$KIROKU" schedule "$tmp/nightly.jcl" --rule 'BD(1);DAY(25,PREV)' --from $from --to 2020-12-31 \
    --systemd 06:30 --unit-dir "$tmp/units" 2> "$tmp/units.err"
if ! command -v systemd-analyze > /dev/null 2>&1; then
    i=$((i + 1)); echo "ok $i # SKIP systemd-analyze not installed"
    i=$((i + 1)); echo "ok $i # SKIP systemd-analyze not installed"
else
    i=$((i + 1))
    if systemd-analyze verify "$tmp/units/kiroku-NIGHTLY.timer" > "$tmp/verify" 2>&1; then
        echo "ok $i - systemd-analyze verify accepts the timer and its service"
    else
        echo "not ok $i - systemd-analyze verify"; sed 's/^/# /' "$tmp/verify"; fails=$((fails + 1))
    fi
    i=$((i + 1))
    bad=""
    count=0
    for v in $(sed -n 's/^OnCalendar=//p' "$tmp/units/kiroku-NIGHTLY.timer" | tr ' ' 'T'); do
        v=$(echo "$v" | tr 'T' ' ')
        count=$((count + 1))
        norm=$(systemd-analyze calendar "$v" 2>/dev/null | sed -n 's/^ *Normalized form: //p')
        [ "$norm" = "$v" ] || bad="$bad [$v -> $norm]"
    done
    if [ -z "$bad" ] && [ $count -eq 24 ]; then
        echo "ok $i - systemd reads each of the $count OnCalendar= values back as the same time"
    else
        echo "not ok $i - OnCalendar= values ($count, want 24):$bad"; fails=$((fails + 1))
    fi
fi
[ $fails -eq 0 ]
