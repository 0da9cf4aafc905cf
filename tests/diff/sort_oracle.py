#!/usr/bin/env python3
"""sort_oracle.py: the oracle side of the differential SORT test.

gen SEED N ALPHABET OUT   writes N fixed 40-byte records (+ LF) with fields
                          1-5 CH, 6-10 ZD (signed, ASCII overpunch), 11-14 PD (7 digits),
                          15-16 BI, 17-20 FI, 21-28 CH, 29-36 the record number, 37-40 CH.
                          ALPHABET sets how many distinct values fields take (ties).
decorate SPEC IN OUT      writes one line per record: a text key computed here from SPEC
                          (p,m,f,A|D,...) whose byte order is the key order, a TAB, the
                          record in hex. GNU `sort -s -t TAB -k1,1` then orders the lines.
undecorate IN OUT         turns the sorted lines back into records.

The key decoding here is independent of kiroku's: Python reads zoned, packed and binary
numbers its own way; GNU sort does the ordering."""
import random
import sys

REC = 40


def zd(v, n):
    s = "%0*d" % (n, abs(v))
    if v < 0:
        s = s[:-1] + "pqrstuvwxy"[int(s[-1])]
    return s.encode()


def pd(v, digits):
    s = "%0*d" % (digits, abs(v))
    nib = [int(c) for c in s] + [0xD if v < 0 else 0xC]
    if len(nib) % 2:
        nib = [0] + nib
    return bytes(nib[i] << 4 | nib[i + 1] for i in range(0, len(nib), 2))


def gen(seed, n, alphabet, out):
    r = random.Random(seed)
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[:alphabet]
    lim = {2: 3, 3: 20, 26: 99999}.get(alphabet, 500)
    with open(out, "wb") as f:
        for i in range(n):
            rec = b"".join([
                "".join(r.choice(letters) for _ in range(5)).encode(),
                zd(r.randint(-lim, lim), 5),
                pd(r.randint(-min(lim, 9999999), min(lim, 9999999)), 7),
                r.randint(0, min(lim, 65535)).to_bytes(2, "big"),
                r.randint(-min(lim, 2**31), min(lim, 2**31 - 1)).to_bytes(4, "big", signed=True),
                "".join(r.choice(letters) for _ in range(8)).encode(),
                b"%08d" % i,
                "".join(r.choice(letters) for _ in range(4)).encode(),
            ])
            assert len(rec) == REC
            f.write(rec + b"\n")


def value(fmt, b):
    if fmt == "ZD":
        last = chr(b[-1])
        neg = last in "pqrstuvwxy}JKLMNOPQR"
        digits = b[:-1].decode() + (str("pqrstuvwxy".index(last)) if last in "pqrstuvwxy" else last)
        v = int(digits)
        return -v if neg else v
    if fmt == "PD":
        nib = []
        for x in b:
            nib += [x >> 4, x & 15]
        v = int("".join(str(d) for d in nib[:-1]))
        return -v if nib[-1] in (0xB, 0xD) else v
    if fmt == "BI":
        return int.from_bytes(b, "big")
    if fmt == "FI":
        return int.from_bytes(b, "big", signed=True)
    raise ValueError(fmt)


def decorate(spec, inp, out):
    parts = spec.split(",")
    keys = [(int(parts[i]), int(parts[i + 1]), parts[i + 2], parts[i + 3]) for i in range(0, len(parts), 4)]
    data = open(inp, "rb").read()
    with open(out, "w") as f:
        for i in range(0, len(data), REC + 1):
            rec = data[i:i + REC]
            k = []
            for p, m, fmt, d in keys:
                b = rec[p - 1:p - 1 + m]
                if fmt == "CH":
                    t = b.hex()
                    if d == "D":
                        t = bytes(255 - x for x in b).hex()
                else:
                    v = value(fmt, b) + 10 ** 32
                    if d == "D":
                        v = 10 ** 33 - 1 - v
                    t = "%033d" % v
                k.append(t)
            f.write("".join(k) + "\t" + rec.hex() + "\n")


def undecorate(inp, out):
    with open(inp) as f, open(out, "wb") as o:
        for line in f:
            o.write(bytes.fromhex(line.rstrip("\n").split("\t")[1]) + b"\n")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "gen":
        gen(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    elif cmd == "decorate":
        decorate(sys.argv[2], sys.argv[3], sys.argv[4])
    elif cmd == "undecorate":
        undecorate(sys.argv[2], sys.argv[3])
    else:
        sys.exit("unknown command " + cmd)
