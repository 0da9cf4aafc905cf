#!/usr/bin/env python3
"""oracle.py: an independent model of the sequential master update for the test layouts
nhi_shikaku / nhi_shikaku_tx, written from docs/LEDGER.md and the layouts alone (a dict of
records, no balance line): the new master, and for each rejected transaction its record,
reason code and record number (the first 132 bytes of kiroku's reject records).

  oracle.py OLD TX NEW REJECTS
"""
import sys


def records(path, length):
    data = open(path, "rb").read()
    stride = length + 2
    return [data[i:i + length] for i in range(0, len(data), stride)]


def valid_date(b):
    if b in (b"00000000", b"99999999"):
        return True
    if not b.isdigit():
        return False
    y, m, d = int(b[:4]), int(b[4:6]), int(b[6:8])
    days = [31, 29 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 28, 31, 30, 31, 30, 31, 31, 30,
            31, 30, 31]
    return 1 <= m <= 12 and 1 <= d <= days[m - 1]


def signed_value(b):
    s = b.decode()
    if s[-1] >= "p":
        return -int(s[:-1] + str(ord(s[-1]) - ord("p")))
    return int(s)


def zoned_signed(v, digits):
    s = "%0*d" % (digits, abs(v))
    return (s[:-1] + (chr(ord("p") + int(s[-1])) if v < 0 else s[-1])).encode()


def apply(master, t):
    """Returns the reason code (0 applied)."""
    kind, key = t[0:1], t[1:16]
    if kind not in (b"A", b"C", b"N", b"D"):
        return 6
    if not key.isdigit():
        return 5
    k = int(key)
    cur = master.get(k)
    if kind == b"A":
        if cur is not None:
            return 1
        if t[56:57] not in (b"1", b"2"):
            return 5
        master[k] = b"2" + t[1:99] + b" " * 11
        return 0
    if cur is None:
        return 3 if kind == b"D" else 2
    if kind == b"C":
        if t[16:24] != cur[72:80]:
            return 4
        if not valid_date(t[24:32]):
            return 5
        master[k] = cur[:72] + t[24:32] + t[32:39] + cur[87:]
    elif kind == b"N":
        master[k] = cur[:16] + t[16:56] + cur[56:]
    else:
        del master[k]
    return 0


def main(old, tx, new, rejects):
    olds = records(old, 110)
    master = {int(r[1:16]): r for r in olds if r[0:1] == b"2"}
    out = []
    for recno, t in enumerate(records(tx, 120), 1):
        if t[0:1] in (b"H", b"T"):
            continue
        reason = apply(master, t)
        if reason:
            out.append(t + b"%02d%010d" % (reason, recno) + b"\n")
    with open(rejects, "wb") as f:
        f.writelines(out)
    with open(new, "wb") as f:
        f.write(olds[0] + b"\r\n")
        total = 0
        for k in sorted(master):
            total += signed_value(master[k][80:87])
            f.write(master[k] + b"\r\n")
        trailer = b"8" + b"%08d" % len(master) + zoned_signed(total, 12)
        f.write(trailer + olds[-1][len(trailer):] + b"\r\n")


if __name__ == "__main__":
    main(*sys.argv[1:5])
