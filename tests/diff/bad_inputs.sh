#!/bin/sh
# bad_inputs.sh: the bad-input corpus (tests/corpus/bad_inputs.tsv), one case a line:
#   NAME <tab> RC <tab> MESSAGE-ID <tab> PLACE <tab> COMMAND
# Each command runs in an empty folder with $K (kiroku), $S (tests/samples) and $ROOT; it
# passes when its exit status is RC, its output (stdout and stderr) holds MESSAGE-ID and
# PLACE (a fixed string: file:line:column for texts, "record N" for data; "-" for none),
# and no output is left behind (no file named out*, no temporary .*kiroku-* file).
# Grow the table whenever a bug is found. KIROKU_UPDATE_CORPUS=1 prints the table with
# what each command gives now (to read by hand before it replaces the file).
# TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
K=${KIROKU:-$root/build/check/kiroku}
export K S="$root/tests/samples" ROOT="$root" KIROKU_LAYOUTS="$root/layouts" LC_ALL=C.UTF-8 TZ=Asia/Tokyo
table=$root/tests/corpus/bad_inputs.tsv
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-corpus.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tab=$(printf '\t')
n=0
while IFS="$tab" read -r name rc id place cmd; do
    case "$name" in ''|'#'*) continue ;; esac
    n=$((n + 1))
    work="$tmp/$n"
    mkdir "$work"
    (cd "$work" && sh -c "$cmd" > "$tmp/out" 2>&1)
    got=$?
    if [ "${KIROKU_UPDATE_CORPUS:-0}" = 1 ]; then
        line=$(grep -m1 -E 'KRK[0-9]{4}[ES]' "$tmp/out")
        gid=$(echo "$line" | grep -oE 'KRK[0-9]{4}[ES]' | head -1)
        gplace=$(echo "$line" | grep -oE '[^ ]+:[0-9]+:[0-9]+|record [0-9]+' | head -1)
        printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$got" "${gid:--}" "${gplace:--}" "$cmd"
        rm -rf "$work"
        continue
    fi
    problems=""
    [ "$got" = "$rc" ] || problems="$problems rc $got (not $rc)"
    [ "$id" = - ] || grep -q "$id" "$tmp/out" || problems="$problems no $id"
    [ "$place" = - ] || grep -qF "$place" "$tmp/out" || problems="$problems no place '$place'"
    left=$(cd "$work" && ls -A | grep -E '^out|kiroku-' | tr '\n' ' ')
    [ -z "$left" ] || problems="$problems left: $left"
    if [ -z "$problems" ]; then
        echo "ok $n - $name"
    else
        echo "not ok $n - $name:$problems"
        sed 's/^/# /' "$tmp/out" | head -5
    fi
    rm -rf "$work"
done < "$table"
[ "${KIROKU_UPDATE_CORPUS:-0}" = 1 ] || echo "1..$n"
