# truth_setup.sh: sourced by the property tests of the monthly streams (tests/diff/
# kouza_truth.sh, kogaku_truth.sh): the repository, the program, the layouts, a temporary
# folder removed at exit (in /dev/shm when it can be), and TAP's plan and `ok RC TEXT`.
# Before sourcing: name (the temporary folder's) and runs (lines of "cities people seed
# date"); each run makes three results.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
K=${KIROKU:-$root/build/check/kiroku}
export KIROKU_LAYOUTS="$root/layouts" LC_ALL=C.UTF-8
unset KIROKU_AUDIT
base=${TMPDIR:-/tmp}
[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
tmp=$(mktemp -d "$base/kiroku-$name.XXXXXX")
. "$root/tests/lib/roles.sh" && kiroku_roles "$tmp/roles" run catalog
trap 'rm -rf "$tmp"' EXIT
echo "1..$(($(echo "$runs" | wc -l) * 3))"
i=0
ok() { i=$((i + 1)); if [ "$1" = 0 ]; then echo "ok $i - $2"; else echo "not ok $i - $2"; fi; }
