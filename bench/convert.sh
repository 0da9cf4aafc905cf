#!/bin/sh
# convert.sh: the speed of `kiroku convert` CP932 -> UTF-8 on 1,000,000 records of a
# realistic layout (tests/text/layouts/kojin_sjis.layout: 宛名番号, kana and kanji names,
# 和暦 birth dates, amounts; 80 bytes + CR LF), as a ratio to `iconv -f CP932 -t UTF-8` over
# the same bytes. kiroku does field-aware work iconv does not: it checks every character,
# re-pads every field, turns 和暦 into Western dates, re-scales numbers, recomputes the
# trailer's totals and fsyncs its output. Not a test: it prints figures (best of 3 runs).
# usage: bench/convert.sh BUILD [RECORDS]
set -eu
build=${1:-build}
records=${2:-1000000}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-bench-convert.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
python3 "$root/tests/text/gen_kojin.py" "$tmp/in.sjis" "$records"
python3 - "$root/$build/kiroku" "$root/tests/text/layouts" "$tmp" "$records" <<'PY'
import os, subprocess, sys, time
kiroku, layouts, tmp, records = sys.argv[1:5]
src = os.path.join(tmp, 'in.sjis')

def best(cmd, stdout):
    times = []
    for _ in range(3):
        with open(stdout, 'wb') as out:
            t0 = time.perf_counter()
            rc = subprocess.run(cmd, stdout=out).returncode
            times.append(time.perf_counter() - t0)
        if rc != 0:
            sys.exit('%s failed with return code %d (see %s)' % (cmd[0], rc, stdout))
    return min(times)

t_iconv = best(['iconv', '-f', 'CP932', '-t', 'UTF-8', src], os.path.join(tmp, 'iconv.out'))
out = os.path.join(tmp, 'kiroku.out')
t_kiroku = best([kiroku, 'convert', src, out, '--from', os.path.join(layouts, 'kojin_sjis.layout'),
                 '--to', os.path.join(layouts, 'kojin_utf8.layout')], os.path.join(tmp, 'listing'))
if subprocess.run([kiroku, 'verify', out, '-L', os.path.join(layouts, 'kojin_utf8.layout')],
                  stdout=subprocess.DEVNULL).returncode != 0:
    sys.exit('the converted file does not pass verify')
size = os.path.getsize(src)
print('convert: %s records, %d bytes CP932 -> UTF-8' % (records, size))
print('  iconv -f CP932 -t UTF-8   %6.3f s  %6.1f MB/s' % (t_iconv, size / t_iconv / 1e6))
print('  kiroku convert            %6.3f s  %6.1f MB/s' % (t_kiroku, size / t_kiroku / 1e6))
print('  ratio kiroku / iconv      %6.2f  (goal: at most 2)' % (t_kiroku / t_iconv))
PY
