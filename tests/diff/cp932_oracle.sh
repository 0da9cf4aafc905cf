#!/bin/sh
# cp932_oracle.sh: every CP932 code through `kiroku convert` CP932 -> UTF-8 -> CP932, and
# every BMP code point UTF-8 -> CP932, against Python's cp932 codec (cp932_oracle.py says
# which differences are documented, and asserts they are exactly those). TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
KIROKU=${KIROKU:-$root/build/check/kiroku}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-cp932.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
python3 "$root/tests/diff/cp932_oracle.py" "$KIROKU" "$tmp" "$root/tests/text/layouts"
