#!/usr/bin/env python3
"""cp932_oracle.py: kiroku's CP932 <-> UTF-8 conversion against Python's cp932 codec, code
by code, through `kiroku convert` on files that hold every code. Prints TAP.

usage: cp932_oracle.py KIROKU WORKDIR LAYOUTDIR

The documented exceptions (docs/TEXT.md, "CP932 and Python's cp932") are asserted as exactly
these, computed from Python alone:
  - 0x80, 0xA0, 0xFD, 0xFE, 0xFF: Python reads U+0080 and U+F8F0-U+F8F3; kiroku (as iconv)
    reads no character and stops (KRK0420E);
  - control bytes are no text (KRK0420E), as `kiroku verify` says;
  - NEC-selected IBM extensions (0xED40-0xEEFC) and IBM extensions (0xFA40-0xFC4B) that are
    the same character: written back as the IBM code by default (iconv, Windows), as the NEC
    code with --dup-form nec (Python); CP932 to CP932 keeps either as it was;
  - UTF-8 to CP932: U+00A2 U+00A3 U+00AC U+2016 U+2212 U+301C, which Python and iconv write
    as another character's code, and U+F8F0-U+F8F3, are refused (--replace writes the same
    best fit for the first six, 〓 for the others).
"""
import os
import subprocess
import sys

kiroku, work, layouts = sys.argv[1:4]
SJ = os.path.join(layouts, 'code_sjis.layout')
U8 = os.path.join(layouts, 'code_utf8.layout')
tests = []


def ok(cond, name, detail=''):
    tests.append((cond, name, detail))


def run(*args):
    p = subprocess.run([kiroku, 'convert', *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout.decode('utf-8', 'replace'), p.stderr.decode('utf-8', 'replace')


def pdecode(b):
    try:
        return b.decode('cp932')
    except UnicodeDecodeError:
        return None


def pencode(s):
    try:
        return s.encode('cp932')
    except UnicodeEncodeError:
        return None


def write(path, recs, width, pad=b' '):
    with open(path, 'wb') as f:
        for r in recs:
            f.write(r + pad * (width - len(r)) + b'\n')


def read(path, width):
    data = open(path, 'rb').read()
    return [data[i:i + width] for i in range(0, len(data), width + 1)]


# Every code Python's cp932 reads: single bytes and lead/trail pairs.
leads = list(range(0x81, 0xA0)) + list(range(0xE0, 0xFD))
codes = [bytes([b]) for b in range(256) if b not in leads]
codes += [bytes([l, t]) for l in leads for t in list(range(0x40, 0x7F)) + list(range(0x80, 0xFD))]
readable = [c for c in codes if pdecode(c) is not None]
python_only = [bytes([b]) for b in (0x80, 0xA0, 0xFD, 0xFE, 0xFF)]
controls = [bytes([b]) for b in list(range(0x20)) + [0x7F]]
# Text that is all padding converts to nothing: a space is no character of the test.
main = [c for c in readable if c not in python_only and c not in controls and c != b' ' and c != b'\x81\x40']

sj = os.path.join(work, 'all.sjis')
u8 = os.path.join(work, 'all.utf8')
write(sj, main, 2)

# 1. CP932 -> UTF-8: each code reads as Python reads it.
rc, out, err = run('--from', SJ, '--to', U8, '--max-listed', '1', sj, u8)
ok(rc == 4 and 'KRK0440I' in out, 'CP932 -> UTF-8 of %d codes ends with rc 4 (外字 listed)' % len(main), out[-300:] + err)
got = read(u8, 4) if os.path.exists(u8) else []
bad = [(c.hex(), g.rstrip(b' ').decode('utf-8', 'replace'), pdecode(c)) for c, g in zip(main, got)
       if g.rstrip(b' ').decode('utf-8', 'replace') != pdecode(c)]
ok(len(got) == len(main) and not bad, 'every code decodes as Python decodes it', repr(bad[:10]))
gaiji = [c for c in main if len(c) == 2 and 0xF0 <= c[0] <= 0xF9]
ok(len(gaiji) == 1880 and '%d unmapped' % len(gaiji) in out, '1880 外字 (0xF040-0xF9FC) counted as unmapped', out[-300:])

# Duplicates by Python alone: characters with one code in 0xED40-0xEEFC and one in 0xFA40-0xFC4B.
by_char = {}
for c in main:
    by_char.setdefault(pdecode(c), []).append(c)
nec_ibm = {}
for ch, cs in by_char.items():
    nec = [c for c in cs if len(c) == 2 and 0xED40 <= int.from_bytes(c, 'big') <= 0xEEFC]
    ibm = [c for c in cs if len(c) == 2 and 0xFA40 <= int.from_bytes(c, 'big') <= 0xFC4B]
    if nec and ibm and len(nec) + len(ibm) == len(cs):  # ￢ has a JIS code too: no difference
        for c in cs:
            nec_ibm[c] = ibm[0]

# 2. Back with --dup-form nec: exactly Python's decode -> encode.
back = os.path.join(work, 'back.sjis')
rc, out, err = run('--from', U8, '--to', SJ, '--dup-form', 'nec', '--max-listed', '1', u8, back)
got = read(back, 2) if os.path.exists(back) else []
bad = [(c.hex(), g.hex(), pencode(pdecode(c)).hex()) for c, g in zip(main, got)
       if g.rstrip(b' ') != pencode(pdecode(c))]
ok(rc == 4 and len(got) == len(main) and not bad,
   'CP932 -> UTF-8 -> CP932 with --dup-form nec equals Python for every code', repr(bad[:10]) + err)

# 3. Back by default: Python's result but for the NEC/IBM duplicates, which come back as IBM.
rc, out, err = run('--from', U8, '--to', SJ, '--max-listed', '1', u8, back)
got = read(back, 2) if os.path.exists(back) else []
diff = {c: g.rstrip(b' ') for c, g in zip(main, got) if g.rstrip(b' ') != pencode(pdecode(c))}
expect = {c: i for c, i in nec_ibm.items() if pencode(pdecode(c)) != i}
ok(rc == 4 and len(got) == len(main) and diff == expect,
   'by default exactly the %d NEC/IBM duplicates differ from Python, written as the IBM code' % len(expect),
   repr(sorted((k.hex(), v.hex()) for k, v in diff.items() ^ expect.items())[:10]) + err)
ok(len(expect) == 746, 'the duplicates are 373 pairs (0xED40-0xEEFC / 0xFA40-0xFC4B)', str(len(expect)))

# 4. CP932 -> CP932 keeps every code as it was.
same = os.path.join(work, 'same.sjis')
rc, out, err = run('--from', SJ, '--to', SJ, '--max-listed', '1', sj, same)
ok(rc == 4 and os.path.exists(same) and open(same, 'rb').read() == open(sj, 'rb').read(),
   'CP932 -> CP932 keeps every byte (--dup-form keep)', err)

# 5. The codes Python reads but CP932 (iconv) does not, and control bytes: stop with the byte.
for c in python_only + [b'\x09', b'\x1f', b'\x7f']:
    one = os.path.join(work, 'one.sjis')
    write(one, [b'A', c], 2)
    rc, out, err = run('--from', SJ, '--to', U8, one, os.path.join(work, 'one.utf8'))
    want = 'control byte 0x%02X' % c[0] if c in controls else 'invalid CP932 sequence 0x%02X' % c[0]
    ok(rc == 8 and 'KRK0420E' in out and 'record 2 byte 1 (file offset 3)' in out and want in out
       and not os.path.exists(os.path.join(work, 'one.utf8')),
       'byte 0x%02X stops the conversion with KRK0420E at record 2 byte 1' % c[0], out)

# 6. UTF-8 -> CP932 of every BMP code point with --replace: Python's code wherever Python
# writes one that reads back as the same character; a listed substitute everywhere else.
cps = [cp for cp in range(0xA0, 0x10000) if not 0xD800 <= cp <= 0xDFFF and cp != 0x3000]
cps = [cp for cp in range(0x21, 0x7F)] + cps
u8all = os.path.join(work, 'cps.utf8')
write(u8all, [chr(cp).encode('utf-8') for cp in cps], 4)
out_sj = os.path.join(work, 'cps.sjis')
rc, out, err = run('--from', U8, '--to', SJ, '--replace', '--dup-form', 'nec', '--max-listed', '1000000', u8all, out_sj)
got = read(out_sj, 2) if os.path.exists(out_sj) else []
replaced = set()
for line in out.splitlines():
    if line.startswith('KRK0431W'):
        replaced.add(int(line.split(' record ')[1].split()[0]))
bestfit = {0xA2, 0xA3, 0xAC, 0x2016, 0x2212, 0x301C, 0xF8F0, 0xF8F1, 0xF8F2, 0xF8F3}
mism = []
want_replaced = set()
for i, (cp, g) in enumerate(zip(cps, got), 1):
    p = pencode(chr(cp))
    lossless = p is not None and pdecode(p) == chr(cp)
    if not lossless or cp in bestfit:
        want_replaced.add(i)
        if p is not None and cp in bestfit and cp < 0xF8F0 and g.rstrip(b' ') != p:
            mism.append((hex(cp), g.hex(), p.hex()))
    elif g.rstrip(b' ') != p:
        mism.append((hex(cp), g.hex(), p.hex()))
ok(rc == 4 and len(got) == len(cps) and not mism,
   'UTF-8 -> CP932 of %d code points: Python\'s code (best fits included) for every one' % len(cps), repr(mism[:10]) + err)
ok(replaced == want_replaced,
   'exactly the code points Python cannot write losslessly are listed as replaced (%d)' % len(want_replaced),
   repr(sorted(replaced ^ want_replaced)[:10]))

# 7. Without --replace a code point without a form stops the conversion.
for text, what in (('¥', "'¥' (U+00A5)"), ('〜', 'U+301C'), ('𠮟', 'U+20B9F')):
    one = os.path.join(work, 'one.utf8')
    write(one, [text.encode('utf-8')], 4)
    rc, out, err = run('--from', U8, '--to', SJ, one, os.path.join(work, 'one.sjis'))
    ok(rc == 8 and 'KRK0421E' in out and what in out, '%s has no form in CP932: KRK0421E' % what, out)

print('1..%d' % len(tests))
for i, (cond, name, detail) in enumerate(tests, 1):
    print('%s %d - %s' % ('ok' if cond else 'not ok', i, name))
    if not cond and detail:
        for line in detail.splitlines()[:20]:
            print('# ' + line)
