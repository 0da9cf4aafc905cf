#!/bin/sh
# convert.sh: the speed of `kiroku convert` CP932 -> UTF-8 on 1,000,000 records of a
# realistic layout (tests/text/layouts/kojin_sjis.layout: 宛名番号, kana and kanji names,
# 和暦 birth dates, amounts; 80 bytes + CR LF), as a ratio to `iconv -f CP932 -t UTF-8` over
# the same bytes. kiroku does field-aware work iconv does not: it re-pads every field, turns
# 和暦 into Western dates, re-scales numbers, checks every character and recomputes the
# trailer's totals. Not a test: it prints figures.
# usage: bench/convert.sh BUILD [RECORDS]
set -eu
build=${1:-build}
records=${2:-1000000}
root=$(cd "$(dirname "$0")/.." && pwd)
kiroku="$root/$build/kiroku"
layouts="$root/tests/text/layouts"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-bench-convert.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

python3 "$root/tests/text/gen_kojin.py" "$tmp/in.sjis" "$records"
bytes=$(wc -c < "$tmp/in.sjis")

now() { date +%s.%N; }
best_of_3() { # prints the best wall time of three runs of "$@"
    best=""
    for _ in 1 2 3; do
        t0=$(now)
        "$@"
        t1=$(now)
        t=$(echo "$t1 - $t0" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
    done
    echo "$best"
}
run_iconv() { iconv -f CP932 -t UTF-8 "$tmp/in.sjis" > "$tmp/iconv.out"; }
run_kiroku() {
    "$kiroku" convert --from "$layouts/kojin_sjis.layout" --to "$layouts/kojin_utf8.layout" \
        "$tmp/in.sjis" "$tmp/kiroku.out" > "$tmp/listing" || { cat "$tmp/listing" >&2; exit 1; }
}
t_iconv=$(best_of_3 run_iconv)
t_kiroku=$(best_of_3 run_kiroku)
"$kiroku" verify -L "$layouts/kojin_utf8.layout" "$tmp/kiroku.out" > /dev/null
ratio=$(echo "$t_kiroku / $t_iconv" | bc -l)
printf 'convert: %d records, %d bytes CP932 -> UTF-8\n' "$records" "$bytes"
printf '  iconv -f CP932 -t UTF-8   %6.3f s  %6.1f MB/s\n' "$t_iconv" "$(echo "$bytes / $t_iconv / 1000000" | bc -l)"
printf '  kiroku convert            %6.3f s  %6.1f MB/s\n' "$t_kiroku" "$(echo "$bytes / $t_kiroku / 1000000" | bc -l)"
printf '  ratio kiroku / iconv      %6.2f  (goal: at most 2)\n' "$ratio"
