#!/bin/sh
# convert.sh: the speed of `kiroku convert` CP932 -> UTF-8 on 1,000,000 records of a
# realistic layout (tests/text/layouts/kojin_sjis.layout: 宛名番号, kana and kanji names,
# 和暦 birth dates, amounts; 80 bytes + CR LF), as a ratio to `iconv -f CP932 -t UTF-8` over
# the same bytes. kiroku does field-aware work iconv does not: it checks every character,
# re-pads every field, turns 和暦 into Western dates, re-scales numbers, recomputes the
# trailer's totals and fsyncs its output. The two alternate, REPEAT times each (default 5),
# both writing to the bench folder (tmpfs when it has room, bench/common.sh), so that both are
# measured in the same window of a shared machine; the best wall time and the best CPU time
# (user + system) count. Not a test: it prints figures.
# usage: bench/convert.sh BUILD [RECORDS]
set -eu
build=${1:-build}
records=${2:-1000000}
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/common.sh"
bench_dir $((records / 1000 + 100))
tmp=$(mktemp -d "$dir/convert.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
python3 "$root/tests/text/gen_kojin.py" "$tmp/in.sjis" "$records"
python3 - "$root/$build/kiroku" "$root/tests/text/layouts" "$tmp" "$records" "${REPEAT:-5}" <<'PY'
import os, resource, subprocess, sys, time
kiroku, layouts, tmp, records, repeat = sys.argv[1:6]
src = os.path.join(tmp, 'in.sjis')
out = os.path.join(tmp, 'kiroku.out')
iconv = ['iconv', '-f', 'CP932', '-t', 'UTF-8', src]
convert = [kiroku, 'convert', src, out, '--from', os.path.join(layouts, 'kojin_sjis.layout'),
           '--to', os.path.join(layouts, 'kojin_utf8.layout')]

def once(cmd, stdout):
    """One run: (wall seconds, user + system seconds of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(stdout, 'wb') as f:
        t0 = time.perf_counter()
        rc = subprocess.run(cmd, stdout=f).returncode
        wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if rc != 0:
        sys.exit('%s failed with return code %d (see %s)' % (cmd[0], rc, stdout))
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

load = open('/proc/loadavg').read().split()[:3]
runs = {'iconv': [], 'kiroku': []}
for _ in range(int(repeat)):
    runs['iconv'].append(once(iconv, os.path.join(tmp, 'iconv.out')))
    if os.path.exists(out):
        os.unlink(out)
    runs['kiroku'].append(once(convert, os.path.join(tmp, 'listing')))
if subprocess.run([kiroku, 'verify', out, '-L', os.path.join(layouts, 'kojin_utf8.layout')],
                  stdout=subprocess.DEVNULL).returncode != 0:
    sys.exit('the converted file does not pass verify')
size = os.path.getsize(src)
wall = {k: min(w for w, _ in v) for k, v in runs.items()}
cpu = {k: min(c for _, c in v) for k, v in runs.items()}
print('convert: %s records, %d bytes CP932 -> UTF-8 in %s; load average %s (%s after), %d cores; '
      'best of %s, alternating' % (records, size, tmp, ' '.join(load),
                                   ' '.join(open('/proc/loadavg').read().split()[:3]), os.cpu_count(), repeat))
print('  iconv -f CP932 -t UTF-8   %6.3f s  %6.1f MB/s  cpu %6.3f s' % (wall['iconv'], size / wall['iconv'] / 1e6, cpu['iconv']))
print('  kiroku convert            %6.3f s  %6.1f MB/s  cpu %6.3f s' % (wall['kiroku'], size / wall['kiroku'] / 1e6, cpu['kiroku']))
print('  ratio kiroku / iconv      %6.2f  (cpu %.2f; goal: at most 1.0)' % (wall['kiroku'] / wall['iconv'], cpu['kiroku'] / cpu['iconv']))
PY
