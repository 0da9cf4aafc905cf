#!/bin/sh
# correction_truth.sh: the NHI correction stream (jcl/kokuho_teisei.jcl), run by kiroku run
# on every city of kiroku city's prefectures --with corrections for several seeds, finds the
# truth: its new ledger generation is the truth's corrected ledger, its error list the
# truth's refused corrections, its difference report the truth's lines. Regenerating is a
# rerun from scratch: an empty Berkeley DB ledger with the base added, each day applied in
# turn (the ledger the days made is current.dat), then the corrections an independent
# Python model approves (tests/diff/correction_oracle.py) give the same bytes when unloaded;
# and the model's own difference report of the old and the new ledger is the stream's. The
# history: the corrected members went into KOKUHO.TXHIST as a generation of its own, so the
# base and the history replayed from an empty ledger give the corrected ledger, and the next
# day's stream finds its replay equal to the ledger (step SAME) and corrects again; with a day
# missing from the history the stream stops at SAME (rc 8) and writes no generation, and after
# a new base (jcl/kokuho_base.jcl) it goes on. TAP.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
K=${KIROKU:-$root/build/check/kiroku}
export KIROKU_LAYOUTS="$root/layouts" LC_ALL=C.UTF-8
unset KIROKU_AUDIT
base=${TMPDIR:-/tmp}
[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
tmp=$(mktemp -d "$base/kiroku-correction.XXXXXX")
. "$root/tests/lib/roles.sh" && kiroku_roles "$tmp/roles" run catalog
trap 'rm -rf "$tmp"' EXIT
# cities people seed date
runs="2 200 5 2026-04-01
1 400 23 2026-10-15"
n=$(echo "$runs" | wc -l)
echo "1..$((n * 6))"
"$K" layout show --json kokuho_daicho > "$tmp/daicho.json"
"$K" layout show --json kokuho_teisei > "$tmp/teisei.json"
i=0
ok() { i=$((i + 1)); if [ "$1" = 0 ]; then echo "ok $i - $2"; else echo "not ok $i - $2"; fi; }
# correct_later ROOT CORRECTIONS DAY N OUT: the corrections entered again N days after DAY,
# cataloged, and the correction stream run that day (its output in OUT); returns its rc.
correct_later() {
    _day=$(date -d "$3 + $4 days" +%Y-%m-%d)
    _yymmdd=$(echo "$_day" | tr -d - | cut -c3-)
    cp "$2" "$1/KOKUHO/KOKUHO.TEISEI.D$_yymmdd"
    printf '  DEFINE NONVSAM (NAME(KOKUHO.TEISEI.D%s) LAYOUT(kokuho_teisei))\n' "$_yymmdd" |
        "$K" idcams --root "$1" > /dev/null 2>&1 || return 16
    "$K" run "$root/jcl/kokuho_teisei.jcl" --root "$1" --date "$_day" > "$5" 2>&1
}
echo "$runs" | while read -r cities people seed day; do
    d="$tmp/p$seed"
    what="$cities cities of $people, seed $seed, $day"
    "$K" city --cities "$cities" --people "$people" --seed "$seed" --date "$day" --out "$d" \
        --with corrections > /dev/null 2>&1
    # the corrections are entered on the fifth day
    run_day=$(date -d "$day + 4 days" +%Y-%m-%d)
    yymmdd=$(echo "$run_day" | tr -d - | cut -c3-)
    stream=0 scratch=0 days=0 oracle=0 hist=0 gap=0 c=1
    while [ "$c" -le "$cities" ]; do
        nn=$(printf '%02d' "$c")
        cd_="$d/city$nn/corrections"
        r="$d/root$nn"
        sh "$root/scripts/correction_root.sh" "$K" "$d" "$nn" "$r" "$yymmdd" > "$d/load.out" 2>&1 ||
            { cat "$d/load.out"; stream=1; }
        "$K" run "$root/jcl/kokuho_teisei.jcl" --root "$r" --date "$run_day" > "$d/run.out" 2>&1 ||
            { echo "# city $nn: the stream ended with $?"; sed 's/^/# /' "$d/run.out"; stream=1; }
        new="$r/KOKUHO/KOKUHO.DAICHO.G0002V00"
        cmp -s "$new" "$cd_/expected.dat" || { echo "# city $nn: the new generation is not the truth"; stream=1; }
        cmp -s "$r/KOKUHO/KOKUHO.TEISEI.REFUSED.D$yymmdd" "$cd_/expected_refused.dat" ||
            { echo "# city $nn: the error list is not the truth"; stream=1; }
        cmp -s "$r/KOKUHO/KOKUHO.TEISEI.DIFF.D$yymmdd" "$cd_/expected_diff.txt" ||
            { echo "# city $nn: the difference report is not the truth"; stream=1; }
        # from scratch: an empty ledger, the base as additions, every day, the corrections
        db="$d/db$nn"
        : > "$d/empty.dat"
        "$K" ledger load "$db" "$d/empty.dat" -L kokuho_daicho > /dev/null 2>&1 || scratch=1
        "$K" sort -L kokuho_daicho -i "$cd_/base.dat" --dd "SORTOUT=$d/adds.dat,layout=kokuho_tx" \
            "OPTION COPY" "OUTREC BUILD=(C'1',1,220)" > /dev/null 2>&1 || scratch=1
        "$K" ledger apply "$db" "$d/adds.dat" -T kokuho_tx > /dev/null 2>&1 || scratch=1
        for tx in "$cd_"/tx_*.dat; do
            "$K" ledger apply "$db" "$tx" -T kokuho_tx > /dev/null 2>&1 || { echo "# city $nn: $tx rejected"; scratch=1; }
        done
        "$K" ledger unload "$db" "$d/days.dat" > /dev/null 2>&1 || scratch=1
        cmp -s "$d/days.dat" "$cd_/current.dat" || { echo "# city $nn: base + days from scratch is not current.dat"; days=1; }
        python3 "$root/tests/diff/correction_oracle.py" approved "$cd_/corrections.dat" "$tmp/teisei.json" \
            "$d/approved.dat" || oracle=1
        "$K" ledger apply "$db" "$d/approved.dat" -T kokuho_teisei > /dev/null 2>&1 ||
            { echo "# city $nn: an approved correction was rejected"; scratch=1; }
        "$K" ledger unload "$db" "$d/scratch.dat" > /dev/null 2>&1 || scratch=1
        cmp -s "$d/scratch.dat" "$new" || { echo "# city $nn: the rerun from scratch differs from the stream's"; scratch=1; }
        python3 "$root/tests/diff/correction_oracle.py" diff "$cd_/current.dat" "$new" "$tmp/daicho.json" \
            > "$d/oracle_diff.txt" || oracle=1
        cmp -s "$d/oracle_diff.txt" "$r/KOKUHO/KOKUHO.TEISEI.DIFF.D$yymmdd" ||
            { echo "# city $nn: the oracle's report differs"; diff "$d/oracle_diff.txt" "$r/KOKUHO/KOKUHO.TEISEI.DIFF.D$yymmdd" | head -5 | sed 's/^/# /'; oracle=1; }
        # the history holds the corrections: base + every generation of KOKUHO.TXHIST
        db2="$d/hist$nn"
        "$K" ledger load "$db2" "$d/empty.dat" -L kokuho_daicho > /dev/null 2>&1 || hist=1
        "$K" ledger apply "$db2" "$d/adds.dat" -T kokuho_tx > /dev/null 2>&1 || hist=1
        for g in "$r"/KOKUHO/KOKUHO.TXHIST.G*; do
            "$K" ledger apply "$db2" "$g" -T kokuho_tx > /dev/null 2>&1 || { echo "# city $nn: $g rejected"; hist=1; }
        done
        "$K" ledger unload "$db2" "$d/hist.dat" > /dev/null 2>&1 || hist=1
        cmp -s "$d/hist.dat" "$new" || { echo "# city $nn: base + history is not the corrected ledger"; hist=1; }
        # the next day: the same corrections entered again change nothing; the history holds
        # a day whose one transaction the ledger refused (a 変更 of a member it does not have)
        last=$(ls "$r"/KOKUHO/KOKUHO.TXHIST.G* | tail -n 1)
        gnum=$(($(echo "${last##*.TXHIST.G}" | cut -c1-4 | sed "s/^0*//") + 1))
        refused=$(printf 'KOKUHO.TXHIST.G%04dV00' "$gnum")
        python3 -c 'import sys; r = open(sys.argv[1], "rb").read(222); open(sys.argv[2], "wb").write(b"2" + b"9" * 15 + r[15:])' \
            "$cd_/base.dat" "$r/KOKUHO/$refused" || hist=1
        printf '  DEFINE NONVSAM (NAME(%s) LAYOUT(kokuho_tx))\n' "$refused" | "$K" idcams --root "$r" > /dev/null 2>&1 || hist=1
        correct_later "$r" "$cd_/corrections.dat" "$run_day" 1 "$d/run2.out"
        rc2=$?
        [ "$rc2" = 8 ] && grep -q "REPLAY .*COND CODE 0008" "$d/run2.out" && grep -q "SAME .*COND CODE 0000" "$d/run2.out" &&
            grep -q "CORRECT .*STEP WAS EXECUTED" "$d/run2.out" ||
            { echo "# city $nn: the next day's stream ended with $rc2"; grep -v KRK125 "$d/run2.out" | head -5 | sed 's/^/# /'; hist=1; }
        cmp -s "$r/KOKUHO/KOKUHO.DAICHO.G0003V00" "$new" || { echo "# city $nn: the next day's ledger changed"; hist=1; }
        # a day missing from the history: SAME stops the stream, no generation written
        first=$(ls "$r"/KOKUHO/KOKUHO.TXHIST.G* | head -n 1)
        printf '  DELETE KOKUHO.TXHIST.%s NONVSAM\n' "${first##*.TXHIST.}" | "$K" idcams --root "$r" > /dev/null 2>&1 || gap=1
        correct_later "$r" "$cd_/corrections.dat" "$run_day" 2 "$d/run3.out"
        rc3=$?
        [ "$rc3" = 8 ] || { echo "# city $nn: a gap in the history ended with $rc3, not 8"; gap=1; }
        grep -q "SAME .*COND CODE 0008" "$d/run3.out" || { echo "# city $nn: SAME did not stop it"; gap=1; }
        [ ! -e "$r/KOKUHO/KOKUHO.DAICHO.G0004V00" ] || { echo "# city $nn: a generation was written"; gap=1; }
        # the remedy: a new base (jcl/kokuho_base.jcl); then the stream goes on
        "$K" run "$root/jcl/kokuho_base.jcl" --root "$r" --date "$(date -d "$run_day + 2 days" +%Y-%m-%d)" \
            > "$d/base.out" 2>&1 || { echo "# city $nn: the new base job ended with $?"; gap=1; }
        correct_later "$r" "$cd_/corrections.dat" "$run_day" 3 "$d/run4.out" ||
            { echo "# city $nn: after a new base the stream ended with $?"; gap=1; }
        cmp -s "$r/KOKUHO/KOKUHO.DAICHO.G0004V00" "$new" || { echo "# city $nn: after a new base the ledger changed"; gap=1; }
        rm -rf "$db" "$db2" "$r"
        c=$((c + 1))
    done
    ok $stream "$what: the stream's new ledger, error list and report are the truth"
    ok $days "$what: the base and every day applied from an empty ledger give the daily streams' ledger"
    ok $scratch "$what: regenerating = a rerun of everything from an empty ledger, byte for byte"
    ok $oracle "$what: an independent model's approvals and report agree with the stream"
    ok $hist "$what: the history holds the corrections; the next day's replay is the ledger, a refused transaction in it included"
    ok $gap "$what: a day missing from the history stops the stream at SAME, nothing written; a new base lets it go on"
done
