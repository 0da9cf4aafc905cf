#!/bin/sh
# run_suite.sh: runs test suites for tests/run-all.sh, one after the other, each writing its
# TAP output to LOG/NAME.tap and its standard error to LOG/NAME.err; a suite that exits
# non-zero without a "not ok" line gets one, so that a crash is never a pass.
# usage: tests/lib/run_suite.sh LOG NAME CMD [ARG...]      one suite
#        tests/lib/run_suite.sh LOG --each SCRIPT...         several, named by their paths
set -u
log=$1
shift
run_one() {
    name=$1
    shift
    "$@" > "$log/$name.tap" 2> "$log/$name.err"
    status=$?
    if [ $status -ne 0 ] && ! grep -q '^not ok' "$log/$name.tap"; then
        echo "not ok - $name exited with status $status" >> "$log/$name.tap"
    fi
}
if [ "$1" = --each ]; then
    shift
    for s in "$@"; do
        run_one "$(echo "$s" | tr '/' '_')" "$s"
    done
else
    run_one "$@"
fi
exit 0
