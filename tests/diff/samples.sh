#!/bin/sh
# samples.sh: the committed sample files (tests/samples/*.dat) are exactly what
# tests/samples/make_samples.py writes (Python's cp932 codec, independent of kiroku), so the
# golden tests read data that can be regenerated and reviewed as code. TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-samples.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
python3 "$root/tests/samples/make_samples.py" "$tmp" > /dev/null || { echo "1..1"; echo "not ok 1 - make_samples.py failed"; exit 1; }
files=$(cd "$tmp" && ls)
n=$(echo "$files" | wc -l)
echo "1..$((n + 1))"
i=0
fails=0
for f in $files; do
    i=$((i + 1))
    if cmp -s "$tmp/$f" "$root/tests/samples/$f"; then
        echo "ok $i - tests/samples/$f is what make_samples.py writes"
    else
        echo "not ok $i - tests/samples/$f differs from what make_samples.py writes (run it and commit)"
        fails=$((fails + 1))
    fi
done
i=$((i + 1))
extra=$(cd "$root/tests/samples" && ls *.dat | while read -r f; do [ -f "$tmp/$f" ] || echo "$f"; done)
if [ -z "$extra" ]; then
    echo "ok $i - no sample file that make_samples.py does not write"
else
    echo "not ok $i - sample files the script does not write: $extra"
    fails=$((fails + 1))
fi
[ $fails -eq 0 ]
