#!/bin/sh
# run.sh: `make bench`: speed as ratios against GNU sort/join, GnuCOBOL and iconv on the same
# data, measured side by side (never a test). Each script prints its own table.
# usage: bench/run.sh BUILD
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
for b in sizes ops sort join convert ledger runner seal streams partition slurm slurm_scale; do
    [ -x "$here/$b.sh" ] || continue
    echo "==== $b"
    "$here/$b.sh" "$build"
    echo
done
