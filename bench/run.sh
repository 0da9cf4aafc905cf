#!/bin/sh
# run.sh: `make bench`: speed as ratios against GNU sort/join, GnuCOBOL and iconv on the same
# data, measured side by side (never a test). Each script prints its own table. A script that
# fails (an output that differs from its peer's, or sizes.sh's regression check: 20M records
# may take at most 4.5 times 5M, 50M at most 3.5 times 20M) is named at the end and makes
# `make bench` fail.
# usage: bench/run.sh BUILD
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
failed=""
for b in sizes ops sort vb bitkeys join convert ledger runner seal streams rengo partition slurm slurm_scale; do
    [ -x "$here/$b.sh" ] || continue
    echo "==== $b"
    "$here/$b.sh" "$build" || failed="$failed $b"
    echo
done
if [ -n "$failed" ]; then
    echo "bench: failed:$failed"
    exit 1
fi
