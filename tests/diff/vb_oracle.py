#!/usr/bin/env python3
"""vb_oracle.py: an independent reading of DFSORT's variable-length records for
tests/diff/vb_oracle.sh. Records are RDW-framed (length with the RDW, big-endian in bytes 1-2,
bytes 3-4 zero); positions count from the RDW. Subcommands:
  gen SEED N LRECL OUT         random VB records (lengths 4..LRECL, some very short) to OUT
  genfix SEED N LRECL OUT      random fixed records (trailing blanks) to OUT, no terminator
  corrupt SEED IN OUT          IN with one RDW broken; prints 'ID RECNO OFFSET' of the break
  sort P M IN OUT              stable sort on p,m,CH,A, short keys padded with binary zeros (VLSHRT)
  include P M C MODE IN OUT    INCLUDE COND=(p,m,CH,GT,C'c'); MODE vlshrt (short: false),
                               vlscmp (short: padded with binary zeros), omit (OMIT under VLSHRT)
  minlen N IN OUT              the records of at least N bytes (with the RDW)
  build IN OUT                 OUTREC BUILD=(1,4,9,3,5,2) on records of at least 11 bytes
  rest IN OUT                  OUTFIL BUILD=(1,4,C'<',6): the variable part from position 6
  ftov LRECL TRIM IN OUT       FTOV of fixed LRECL-byte records; TRIM 'y': VLTRIM=C' '
  vtof P M FILL IN OUT         VTOF,BUILD=(P,M,C'|'),VLFILL=C'FILL' (fixed records + LF)
"""
import random
import struct
import sys


def read_vb(path):
    data = open(path, 'rb').read()
    out, i = [], 0
    while i < len(data):
        n, z = struct.unpack('>HH', data[i:i + 4])
        assert z == 0 and 4 <= n and i + n <= len(data), 'bad RDW at %d' % i
        out.append(data[i:i + n])
        i += n
    return out


def write_vb(path, recs):
    with open(path, 'wb') as f:
        for r in recs:
            f.write(r)


def vb(data):
    return struct.pack('>HH', len(data) + 4, 0) + data


def main(argv):
    cmd = argv[0]
    if cmd == 'gen':
        seed, n, lrecl, out = int(argv[1]), int(argv[2]), int(argv[3]), argv[4]
        rnd = random.Random(seed)
        recs = []
        for _ in range(n):
            size = rnd.choice([0, 1, 2, 3, rnd.randint(0, lrecl - 4), rnd.randint(0, lrecl - 4)])
            recs.append(vb(bytes(rnd.choice(b'ABCMNOXYZ ') for _ in range(size))))
        write_vb(out, recs)
    elif cmd == 'genfix':
        seed, n, lrecl, out = int(argv[1]), int(argv[2]), int(argv[3]), argv[4]
        rnd = random.Random(seed)
        with open(out, 'wb') as f:
            for _ in range(n):
                body = bytes(rnd.choice(b'ABC XYZ') for _ in range(rnd.randint(0, lrecl)))
                f.write(body.ljust(lrecl, b' '))
    elif cmd == 'corrupt':
        seed, src, out = int(argv[1]), argv[2], argv[3]
        rnd = random.Random(seed)
        recs = read_vb(src)
        k = rnd.randrange(len(recs))
        off = sum(len(r) for r in recs[:k])
        kind = rnd.choice(['KRK2450E', 'KRK2451E', 'KRK2452E', 'KRK2453E'])
        r = bytearray(recs[k])
        if kind == 'KRK2450E':
            r[0:2] = struct.pack('>H', rnd.randint(0, 3))
        elif kind == 'KRK2451E':
            r[2 + rnd.randint(0, 1)] = rnd.randint(1, 255)
        elif kind == 'KRK2452E':
            r[0:2] = struct.pack('>H', 0xFFF0)
        recs[k] = bytes(r)
        if kind == 'KRK2453E':  # the file ends inside record k
            recs = recs[:k] + [recs[k][:max(0, len(recs[k]) - 1)] if len(recs[k]) > 4 else recs[k][:2]]
        write_vb(out, recs)
        print(kind, k + 1, off)
    elif cmd == 'sort':
        p, m, src, out = int(argv[1]), int(argv[2]), argv[3], argv[4]
        recs = read_vb(src)
        key = lambda r: (r + b'\0' * (p + m))[p - 1:p - 1 + m]
        write_vb(out, sorted(recs, key=key))  # Python's sort is stable: EQUALS
    elif cmd == 'include':
        p, m, c, mode, src, out = int(argv[1]), int(argv[2]), argv[3].encode(), argv[4], argv[5], argv[6]
        kept = []
        for r in read_vb(src):
            short = len(r) < p - 1 + m
            field = (r + b'\0' * (p + m))[p - 1:p - 1 + m]
            cond = field > c.ljust(m, b' ')
            if short and mode in ('vlshrt', 'omit'):
                cond = False
            if (cond and mode != 'omit') or (not cond and mode == 'omit'):
                kept.append(r)
        write_vb(out, kept)
    elif cmd == 'minlen':
        n, src, out = int(argv[1]), argv[2], argv[3]
        write_vb(out, [r for r in read_vb(src) if len(r) >= n])
    elif cmd == 'build':
        src, out = argv[1], argv[2]
        write_vb(out, [vb(r[8:11] + r[4:6]) for r in read_vb(src)])
    elif cmd == 'rest':
        src, out = argv[1], argv[2]
        write_vb(out, [vb(b'<' + r[5:]) for r in read_vb(src)])
    elif cmd == 'ftov':
        lrecl, trim, src, out = int(argv[1]), argv[2] == 'y', argv[3], argv[4]
        data = open(src, 'rb').read()
        recs = []
        for i in range(0, len(data), lrecl):
            body = data[i:i + lrecl]
            if trim:
                body = body.rstrip(b' ') or body[:1]
            recs.append(vb(body))
        write_vb(out, recs)
    elif cmd == 'vtof':
        p, m, fill, src, out = int(argv[1]), int(argv[2]), argv[3].encode(), argv[4], argv[5]
        with open(out, 'wb') as f:
            for r in read_vb(src):
                field = r[p - 1:p - 1 + m]
                f.write(field + fill * (m - len(field)) + b'|\n')
    else:
        sys.exit('unknown subcommand ' + cmd)


if __name__ == '__main__':
    main(sys.argv[1:])
