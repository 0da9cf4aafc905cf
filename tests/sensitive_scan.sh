#!/bin/sh
# sensitive_scan.sh: the sensitive-data scan that ends `make check` (tests/run-all.sh). The
# test data's 個人番号 (every 12-digit run with a valid check digit in tests/samples,
# tests/fixtures and tests/e2e/cases data files) are searched for in everything the suite
# wrote as text: the messages and listings of every suite (the logs in LOGDIR), whatever
# was left under the suite's TMPDIR, and the golden messages (tests/e2e/cases/*/expected/
# stdout and stderr); tests/diff/masking.sh leaves the listings of every masking path (view,
# VERIFY, LEDGER, SORT and its reports, IEBCOMPR, the catalog, a job's log and spool) under
# TMPDIR for it. Data files (*.dat and expected/files/) and explicitly revealed outputs (none
# kept) may hold them. One TAP line; a hit fails it and is listed by file
# (the number itself is not printed).
# usage: tests/sensitive_scan.sh LOGDIR
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
python3 - "$root" "${1:?LOGDIR}" <<'PY'
import os, re, sys
root, logdir = sys.argv[1], sys.argv[2]

def valid(d):
    s = sum(int(d[10 - i]) * (i + 2 if i < 6 else i - 4) for i in range(11))
    r = s % 11
    return int(d[11]) == (0 if r <= 1 else 11 - r)

numbers = set()
for base in ("tests/samples", "tests/fixtures", "tests/e2e/cases", "tests/ledger"):
    for dirpath, _, files in os.walk(os.path.join(root, base)):
        for f in files:
            if f.endswith(".dat"):
                data = open(os.path.join(dirpath, f), "rb").read()
                for m in re.finditer(rb"(?<![0-9])[0-9]{12}(?![0-9])", data):
                    if valid(m.group().decode()):
                        numbers.add(m.group())

def texts():
    for dirpath, _, files in os.walk(logdir):
        for f in files:
            if not f.endswith(".dat"):
                yield os.path.join(dirpath, f)
    cases = os.path.join(root, "tests/e2e/cases")
    for c in sorted(os.listdir(cases)):
        for s in ("stdout", "stderr"):
            p = os.path.join(cases, c, "expected", s)
            if os.path.isfile(p):
                yield p

hits = []
scanned = 0
for p in texts():
    try:
        data = open(p, "rb").read()
    except OSError:
        continue
    scanned += 1
    n = sum(1 for x in numbers if x in data)
    if n:
        hits.append((p.replace(root + "/", "").replace(logdir, "LOGDIR"), n))
if not numbers:
    print("not ok - sensitive-data scan: no 個人番号 found in the test data (the scan would prove nothing)")
elif hits:
    print("not ok - sensitive-data scan: %d file(s) the suite wrote hold the test data's 個人番号" % len(hits))
    for p, n in hits[:40]:
        print("# %s: %d number(s)" % (p, n))
else:
    print("ok - sensitive-data scan: %d 個人番号 of the test data, %d files the suite wrote, no hit"
          % (len(numbers), scanned))
PY
