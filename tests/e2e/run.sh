#!/bin/sh
# run.sh: the golden end-to-end tests. Each case is a folder under tests/e2e/cases/ with
#   cmd              a shell script, run in an empty work folder; its exit status is the rc
#   expected/rc      the expected exit status
#   expected/stdout  expected standard output (the work folder's path shows as $WORK, the
#   expected/stderr  repository's as $ROOT)
#   expected/files/  every file the run must leave in the work folder, byte for byte; the
#                    work folder must hold nothing else (no temporary file left behind)
# The script sees $KIROKU (the binary), $CASE (its folder), $ROOT and $SAMPLES
# (tests/samples); KIROKU_LAYOUTS points at $ROOT/layouts; KIROKU_ROLES at a roles file
# granting run and catalog.
# usage: tests/e2e/run.sh [CASE...]   KIROKU_UPDATE_GOLDEN=1 rewrites the expectations.
# Output is TAP.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
KIROKU=${KIROKU:-$root/build/check/kiroku}
export KIROKU ROOT="$root" SAMPLES="$root/tests/samples" KIROKU_LAYOUTS="$root/layouts"
export LC_ALL=C.UTF-8 TZ=Asia/Tokyo
cases_dir="$root/tests/e2e/cases"
if [ $# -gt 0 ]; then
    cases="$*"
else
    cases=$(ls "$cases_dir")
fi
n=0
for c in $cases; do n=$((n + 1)); done
echo "1..$n"
i=0
fails=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-e2e.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# The permissions a site's roles file gives the operators who run jobs (docs/PROTECTION.md):
# run and catalog, as root's file in this folder. A case that needs more writes its own.
. "$root/tests/lib/roles.sh" && kiroku_roles "$tmp/roles" run catalog
for c in $cases; do
    i=$((i + 1))
    case_dir="$cases_dir/$c"
    if [ ! -f "$case_dir/cmd" ]; then
        echo "not ok $i - $c: no such case (tests/e2e/cases/$c/cmd)"
        fails=$((fails + 1))
        continue
    fi
    work="$tmp/$c/work"
    out="$tmp/$c/out"
    mkdir -p "$work" "$out"
    (cd "$work" && CASE="$case_dir" WORK="$work" sh "$case_dir/cmd" > "$out/stdout.raw" 2> "$out/stderr.raw")
    echo $? > "$out/rc"
    for s in stdout stderr; do
        sed -e "s|$work|\$WORK|g" -e "s|$root|\$ROOT|g" "$out/$s.raw" > "$out/$s"
    done
    exp="$case_dir/expected"
    if [ "${KIROKU_UPDATE_GOLDEN:-0}" = 1 ]; then
        rm -rf "$exp"
        mkdir -p "$exp/files"
        cp "$out/rc" "$out/stdout" "$out/stderr" "$exp/"
        (cd "$work" && find . -type f | while read -r f; do
            mkdir -p "$exp/files/$(dirname "$f")"
            cp "$f" "$exp/files/$f"
        done)
        echo "ok $i - $c (expectations rewritten)"
        continue
    fi
    problems=""
    cmp -s "$out/rc" "$exp/rc" || problems="$problems rc:$(cat "$out/rc")!=$(cat "$exp/rc" 2>/dev/null)"
    for s in stdout stderr; do
        if [ -f "$exp/$s" ]; then
            cmp -s "$out/$s" "$exp/$s" || problems="$problems $s"
        elif [ -s "$out/$s" ]; then
            problems="$problems $s(unexpected)"
        fi
    done
    have=$(cd "$work" && find . -type f | LC_ALL=C sort)
    want=$( [ -d "$exp/files" ] && cd "$exp/files" && find . -type f | LC_ALL=C sort)
    [ "$have" = "$want" ] || problems="$problems file-set"
    for f in $want; do
        [ -f "$work/$f" ] && ! cmp -s "$work/$f" "$exp/files/$f" && problems="$problems $f"
    done
    if [ -z "$problems" ]; then
        echo "ok $i - $c"
    else
        fails=$((fails + 1))
        echo "not ok $i - $c:$problems"
        for s in stdout stderr; do
            case "$problems" in *$s*)
                echo "# --- $s: diff expected actual"
                diff "$exp/$s" "$out/$s" 2>&1 | head -30 | sed 's/^/# /' ;;
            esac
        done
        case "$problems" in *file-set*)
            echo "# files expected: $(echo $want)"
            echo "# files present:  $(echo $have)" ;;
        esac
    fi
done
[ $fails -eq 0 ]
