#!/bin/sh
# demo.sh: the daily 住基 stream of a city on generated data, as an operator runs it: each
# step numbered, its return code checked against the highest it may end with, the stream
# stopped at the first step that ends higher, every listing kept under the work folder.
#
#   registry side (simulated: the registry system hands over the files)
#     STEP010 GENERATE  yesterday's residents and today's newcomers (kiroku generate)
#     STEP020 SPLIT     yesterday's snapshot and the newcomers, one pass (SORT, OUTFIL)
#     STEP030 TODAY     today's snapshot: departures gone, moves, a marriage, household
#                       changes, the newcomers merged in (MERGE, OMIT, INREC IFTHEN)
#   business side (the jobs under jobs/)
#     STEP040 VERIFY    both snapshots checked field by field (kiroku verify)
#     STEP050 JUKIDIFF  jobs/juki_diff.sort: departed, arrived, changes list, transactions
#     STEP060 VERIFY    the outputs checked against their layouts
#     STEP070 UPDATE    the sequential master update: yesterday + transactions = today?
#     STEP080 LEDGER    a Berkeley DB ledger: load yesterday, apply, unload = today?
#     STEP090 LOOKUP    a newcomer found by the kana_birth index
#     STEP100 TAISHO    jobs/kenshin_taisho.sort: がん検診 targets of the fiscal year
#     STEP110 SHOW      a target file through its layout (個人番号 masked)
#
# usage: scripts/demo.sh [BUILD-DIR]     DEMO_RECORDS=N residents (default 100000),
#        DEMO_WORK=DIR the work folder (default BUILD-DIR/demo; emptied first)
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case "$build" in /*) ;; *) build="$root/$build" ;; esac
K="$build/kiroku"
N=${DEMO_RECORDS:-100000}
NEW=$((N / 50))
TODAY=2026-11-21
work=${DEMO_WORK:-$build/demo}
export KIROKU_LAYOUTS="$root/layouts" LC_ALL=C.UTF-8

[ -x "$K" ] || { echo "demo: $K is not built (run make)" >&2; exit 16; }
rm -rf "$work"
mkdir -p "$work/log"
cd "$work" || exit 16

steps_run=""
now() { date +%s.%N; }

# step NAME MAXRC DESCRIPTION -- COMMAND...: runs the command with its listing in
# log/NAME.log; stops the stream when it ends above MAXRC.
step() {
    name=$1 maxrc=$2 what=$3
    shift 4
    t0=$(now)
    "$@" > "log/$name.log" 2>&1
    rc=$?
    t1=$(now)
    secs=$(echo "$t0 $t1" | awk '{printf "%.2f", $2 - $1}')
    printf '%-8s rc=%-2s %6ss  %s\n' "$name" "$rc" "$secs" "$what"
    steps_run="$steps_run $name:$rc"
    if [ "$rc" -gt "$maxrc" ]; then
        echo "demo: $name ended with return code $rc (at most $maxrc allowed); the stream stops here." >&2
        echo "demo: its listing, $work/log/$name.log:" >&2
        sed 's/^/  /' "log/$name.log" >&2
        exit "$rc"
    fi
}

# Shows the listing lines of a step that say what it did.
said() { grep -E "$2" "log/$1.log" | sed 's/^/           /'; }

sort_job() { "$K" sort --date "$TODAY" "$@"; }

echo "kiroku demo: the daily 住基 stream, $N residents, run date $TODAY, in $work"
echo

step STEP010 0 "generate: yesterday's $N residents and $NEW newcomers" -- \
    "$K" generate -L juki --records $((N + NEW)) --seed 2026 --date 2026-11-20 -o registry.dat

step STEP020 0 "split the extract: yesterday's snapshot and the newcomers" -- \
    sort_job -L juki -i registry.dat "OPTION COPY" \
        "OUTFIL FNAMES=DAY1,ENDREC=$N" "OUTFIL FNAMES=NEWCOMER,STARTREC=$((N + 1))" \
        --dd DAY1=yesterday.dat,layout=juki --dd NEWCOMER=newcomers.dat,layout=juki
said STEP020 'KRK0662I'

# Today, as the registry would hand it over: those whose departure was confirmed are
# gone, one in a hundred moved within the city, one married, one in a hundred changed
# household; the newcomers, numbered after everyone else, merged in.
cat > today.ctl <<'CTL'
  MERGE FIELDS=(atena_no,A)
  OMIT COND=(tenshutsu_kakutei_ymd,NE,C'0000000')
  INREC IFTHEN=(WHEN=(14,2,CH,EQ,C'37'),
                OVERLAY=(jusho:C'奈良市二条大路南一丁目１番１号',katagaki:C'市営住宅３号棟２０５',
                         yubin_no:C'6308012',jutei_ymd:C'5081120',jutei_jiyu:C'30',
                         ido_ymd:C'5081120')),
        IFTHEN=(WHEN=(atena_no,EQ,100058),
                OVERLAY=(shimei:C'山本　さくら',shimei_kana:C'ﾔﾏﾓﾄ ｻｸﾗ',ido_ymd:C'5081120')),
        IFTHEN=(WHEN=(14,2,CH,EQ,C'73'),
                OVERLAY=(setai_no:C'000000000599999',zokugara:C'01',ido_ymd:C'5081120'))
CTL
step STEP030 0 "today's snapshot from the registry (departures, moves, a marriage, newcomers)" -- \
    sort_job -L juki -i yesterday.dat -i newcomers.dat -o today.dat -c today.ctl
said STEP030 'KRK0660I'

step STEP040 4 "verify both snapshots, field by field" -- \
    sh -c "'$K' verify yesterday.dat -L juki && '$K' verify today.dat -L juki"
said STEP040 'KRK0399I'

step STEP050 0 "jobs/juki_diff.sort: departed, arrived, changes, transactions" -- \
    sort_job --dd SORTJNF1=yesterday.dat,layout=juki --dd SORTJNF2=today.dat,layout=juki \
        --dd DEPARTED=departed.dat,layout=juki --dd ARRIVED=arrived.dat,layout=juki \
        --dd TX=juki_tx.dat,layout=juki_tx --dd CHANGES=changes.txt -c "$root/jobs/juki_diff.sort"
said STEP050 'KRK0685I|KRK0662I'

step STEP060 4 "verify the outputs against their layouts" -- \
    sh -c "'$K' verify departed.dat -L juki && '$K' verify arrived.dat -L juki && '$K' verify juki_tx.dat -L juki_tx"
said STEP060 'KRK0399I'

step STEP070 0 "sequential master update: yesterday + transactions" -- \
    sh -c "'$K' ledger update yesterday.dat juki_tx.dat master.new -L juki -T juki_tx --rejects rejects.dat && cmp master.new today.dat && echo 'master.new = today.dat, byte for byte'"
said STEP070 'KRK0850I|byte for byte'

step STEP080 0 "Berkeley DB ledger: load yesterday, apply the transactions, unload" -- \
    sh -c "'$K' ledger load ledger yesterday.dat -L juki && '$K' ledger apply ledger juki_tx.dat -T juki_tx && '$K' ledger unload ledger ledger.dat && '$K' ledger verify ledger && cmp ledger.dat today.dat && echo 'ledger.dat = today.dat, byte for byte'"
said STEP080 'KRK0851I|KRK0850I|KRK0852I|KRK08[0-9][0-9]I ledger .* verified|byte for byte'

# The first newcomer, found again by kana name and birth date.
row=$("$K" view arrived.dat -L juki --limit 1 --csv | sed -n 2p)
kana=$(printf '%s' "$row" | cut -d, -f5)
birth=$(printf '%s' "$row" | cut -d, -f7 | sed 's/.* //')
step STEP090 0 "look up a newcomer by kana name and birth date ($kana, $birth)" -- \
    "$K" ledger get ledger --index kana_birth "shimei_kana=$kana" "seinengappi=$birth"
said STEP090 'atena_no|shimei |jusho '

step STEP100 0 "jobs/kenshin_taisho.sort: がん検診 targets of fiscal 2026" -- \
    sort_job -L juki -i today.dat --dd IGAN=igan.dat,layout=juki --dd NYUGAN=nyugan.dat,layout=juki \
        --dd SHIKYU=shikyu.dat,layout=juki --dd LABELS=labels.txt -c "$root/jobs/kenshin_taisho.sort"
said STEP100 'KRK0662I'

step STEP110 0 "the first target, every field by name (個人番号 masked)" -- \
    "$K" view igan.dat -L juki --limit 1
said STEP110 'atena_no|shimei|seinengappi|kojin_no'

echo
echo "changes list (changes.txt, CP932), first lines:"
iconv -f CP932 -t UTF-8 changes.txt | sed -n '1,6p' | tr -d '\r' | sed 's/[ 　]*$//; s/^/  /'
echo "mailing list (labels.txt, CP932), first lines:"
iconv -f CP932 -t UTF-8 labels.txt | sed -n '1,4p' | tr -d '\r' | sed 's/[ 　]*$//; s/^/  /'
echo
echo "demo: every step ended within its return code:$steps_run"
echo "demo: files and listings are in $work (log/STEPnnn.log)"
