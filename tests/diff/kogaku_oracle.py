#!/usr/bin/env python3
"""kogaku_oracle.py: an independent reading of the 高額該当 carry-over for tests/diff/kogaku_truth.sh.

usage: kogaku_oracle.py RIREKI GAITO KEIZOKU HOKEN YYYY-MM-DD OUTDIR
From the federation's register (rengo_rireki), its 転出地市区町村高額該当情報 (kogaku_gaito)
and the city's decisions (kogaku_keizoku), read by byte positions, writes what
jcl/kogaku_monthly.jcl must make for the city HOKEN, by the rules of
docs/streams/kogaku_monthly.md and without kiroku's code:
  kohou.dat      the candidates: periods of the city that began with a move from another
                 city of the prefecture and are open, in 被保険者ID order
  fuicchi.dat    理由 1 a candidate without a decision, 理由 2 a decision for no candidate
  hikitsugi.dat  per candidate decided 1 (継続): its high-cost months in the old city in the
                 12 months before the run's month, 多数回該当 when 3 or more
"""
import sys

CRLF = b"\r\n"


def records(path, width):
    data = open(path, "rb").read()
    return [data[i:i + width] for i in range(0, len(data), width + 2)]


def month_index(ym):
    return int(ym[:4]) * 12 + int(ym[4:6]) - 1


def main():
    rireki_path, gaito_path, keizoku_path, hoken, day, outdir = sys.argv[1:7]
    hoken = hoken.encode()
    run = month_index(day.replace("-", "")[:6])
    kohou = []
    for r in records(rireki_path, 150):
        if r[0:6] == hoken and int(r[122:128]) != 0 and r[110:118] == b"99999999":
            kohou.append(r[0:6] + r[21:37] + r[122:128] + r[6:21] + r[37:77] + r[102:110] + b" " * 9)
    kohou.sort(key=lambda x: int(x[6:22]))
    decisions = {int(r[6:22]): r for r in records(keizoku_path, 50)}
    months = {}
    for g in records(gaito_path, 60):
        ym = month_index(g[22:28].decode())
        if run - 12 <= ym < run:
            key = (g[0:6], int(g[6:22]))
            months[key] = months.get(key, 0) + 1
    fuicchi, hikitsugi = [], []
    cand_ids = set()
    for k in kohou:
        hid = int(k[6:22])
        cand_ids.add(hid)
        d = decisions.get(hid)
        if d is None:
            fuicchi.append((hid, k[0:6] + k[6:22] + b"1" + k[22:28] + b" " * 11))
        elif d[28:29] == b"1":
            n = months.get((k[22:28], hid), 0)
            hikitsugi.append(k[0:6] + k[6:22] + k[22:28] + b"%02d" % n + (b"1" if n >= 3 else b"0") + b" " * 29)
    for hid, d in decisions.items():
        if hid not in cand_ids:
            fuicchi.append((hid, d[0:6] + d[6:22] + b"2" + d[22:28] + b" " * 11))
    fuicchi.sort(key=lambda x: x[0])
    for name, recs in (("kohou.dat", kohou), ("fuicchi.dat", [f for _, f in fuicchi]), ("hikitsugi.dat", hikitsugi)):
        with open("%s/%s" % (outdir, name), "wb") as f:
            f.write(b"".join(x + CRLF for x in recs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
