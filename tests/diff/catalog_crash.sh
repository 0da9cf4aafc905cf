#!/bin/sh
# catalog_crash.sh: `kill -9` while the catalog commits. kiroku idcams rolls generations
# into two GDGs (DEFINE NONVSAM of files already in place, as the runner renames outputs
# before it commits; roll-off past LIMIT: SCRATCH removes files after the commit, EMPTY
# empties the group) and is killed at many points. After each kill the catalog must open
# (recovery), and list only generations whose files are complete, as many as LIMIT allows,
# every listed generation in its group and every group member listed; the group then goes on
# from its newest generation. TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
KIROKU=${KIROKU:-$root/build/check/kiroku}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-catalog-crash.XXXXXX")
. "$root/tests/lib/roles.sh" && kiroku_roles "$tmp/roles" run catalog
pid=
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2> /dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
cd "$tmp" || exit 2
rounds=6
echo "1..$((rounds + 4))"
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

mkdir -p data/NHI
export KIROKU_ROOT=$tmp/data
# A generation's bytes: its name on 64 lines, so that a short or wrong file shows.
content() { awk -v n="$1" 'BEGIN { for (i = 0; i < 64; i++) print n " line " i }'; }
printf '  DEFINE GDG (NAME(NHI.G) LIMIT(4) SCRATCH NOEMPTY)\n  DEFINE GDG (NAME(NHI.H) LIMIT(3) NOSCRATCH EMPTY)\n' > define.in
"$KIROKU" idcams define.in > define.out
ok $? "define the GDGs NHI.G (LIMIT 4, SCRATCH NOEMPTY) and NHI.H (LIMIT 3, NOSCRATCH EMPTY)"

# The generations a group lists (ASSOCIATIONS), one number a line.
members() { sed -n "s/^       NONVSAM--$1\.G\([0-9]*\)V00\$/\1/p" list.out; }
# The generations cataloged as data sets (NONVSAM entries).
entries() { sed -n "s/^NONVSAM ------- $1\.G\([0-9]*\)V00\$/\1/p" list.out; }

# Checks the catalog after a kill; prints the problems, returns their number.
check() {
    problems=0
    if ! "$KIROKU" catalog list NHI --all > list.out 2> list.err; then
        echo "# the catalog does not open: $(cat list.err)"
        return 1
    fi
    for g in NHI.G NHI.H; do
        limit=4; [ $g = NHI.H ] && limit=3
        m=$(members $g | tr '\n' ' ')
        e=$(entries $g | tr '\n' ' ')
        [ "$m" = "$e" ] || { echo "# $g: group lists [$m], catalog has [$e]"; problems=$((problems + 1)); }
        count=$(members $g | wc -l)
        [ "$count" -le $limit ] || { echo "# $g: $count generations past LIMIT($limit)"; problems=$((problems + 1)); }
        prev=
        for num in $(members $g); do
            name=$g.G${num}V00
            content "$name" > expect
            cmp -s expect "data/NHI/$name" || { echo "# $name is listed but its file is not complete"; problems=$((problems + 1)); }
            if [ -n "$prev" ] && [ $((1$num - 1$prev)) -ne 1 ]; then
                echo "# $g: G$prev then G$num"; problems=$((problems + 1))
            fi
            prev=$num
        done
    done
    return $problems
}

# The next generation number of a group: after its newest, or after the last one given.
newest() { v=$(members "$1" | tail -1 | sed 's/^0*//'); echo "${v:-0}"; }

# One round: files for the next 20 generations of each group put in place, then the
# statements that roll them in, alternating between the groups.
prepare_round() {
    "$KIROKU" catalog list NHI --all > list.out 2>&1
    : > round.in
    for g in NHI.G NHI.H; do
        start=$(( $(newest $g) + 0 ))
        i=1
        while [ $i -le 20 ]; do
            num=$(printf '%04d' $((start + i)))
            content "$g.G${num}V00" > "data/NHI/$g.G${num}V00"
            i=$((i + 1))
        done
    done
    g0=$(newest NHI.G)
    h0=$(newest NHI.H)
    i=1
    while [ $i -le 20 ]; do
        printf '  DEFINE NONVSAM (NAME(NHI.G.G%04dV00))\n  DEFINE NONVSAM (NAME(NHI.H.G%04dV00))\n' \
            $((g0 + i)) $((h0 + i)) >> round.in
        i=$((i + 1))
    done
}
ms() { date +%s%3N; }

# The first round runs to its end: its time spreads the kills of the others over a round.
prepare_round
t0=$(ms)
"$KIROKU" idcams round.in > round.out 2>&1
t1=$(ms)
span=$((t1 - t0))
check > /dev/null
ok $? "an uninterrupted round of 40 roll-ins takes ${span} ms and leaves a sound catalog"

killed_mid=0
r=1
while [ $r -le $rounds ]; do
    prepare_round
    before=$(( $(newest NHI.G) + $(newest NHI.H) ))
    delay_ms=$((span * r / (rounds + 1)))
    "$KIROKU" idcams round.in > round.out 2>&1 &
    pid=$!
    sleep "$((delay_ms / 1000)).$(printf '%03d' $((delay_ms % 1000)))"
    if kill -9 "$pid" 2> /dev/null; then
        killed_mid=$((killed_mid + 1))
        how="killed after ${delay_ms} ms"
    else
        how="ended before the kill at ${delay_ms} ms"
    fi
    wait "$pid" 2> /dev/null
    pid=
    problems=$(check)
    status=$?
    [ -n "$problems" ] && echo "$problems"
    after=$(( $(newest NHI.G) + $(newest NHI.H) ))
    ok $status "round $r ($how, $((after - before)) of 40 roll-ins done): the catalog recovers and lists only complete generations (NHI.G $(members NHI.G | tr '\n' ' '), NHI.H $(members NHI.H | tr '\n' ' '))"
    r=$((r + 1))
done

[ $killed_mid -ge 3 ]
ok $? "$killed_mid of $rounds rounds were killed in the middle of their statements"

# Uninterrupted, the groups go on from where they are.
"$KIROKU" catalog list NHI --all > list.out 2>&1
g_before=$(newest NHI.G)
h_before=$(members NHI.H | wc -l)
: > last.in
for g in NHI.G NHI.H; do
    num=$(printf '%04d' $(( $(newest $g) + 1 )))
    content "$g.G${num}V00" > "data/NHI/$g.G${num}V00"
    printf '  DEFINE NONVSAM (NAME(%s.G%sV00))\n' $g $num >> last.in
done
"$KIROKU" idcams last.in > last.out 2>&1
rc=$?
check > /dev/null
status=$?
# NHI.H is EMPTY with LIMIT(3): a fourth generation empties the group.
h_want=$((h_before + 1)); [ $h_want -gt 3 ] && h_want=1
[ $rc = 0 ] && [ $status = 0 ] && [ "$(newest NHI.G)" = $((g_before + 1)) ] && [ "$(members NHI.H | wc -l)" = $h_want ]
ok $? "afterwards a generation rolls in normally (rc $rc; NHI.G newest $(newest NHI.G), NHI.H $(members NHI.H | tr '\n' ' '))"
