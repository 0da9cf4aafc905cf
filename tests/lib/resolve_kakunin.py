#!/usr/bin/env python3
"""resolve_kakunin.py: what a city's operator does for the 個人番号 cases of the 確認リスト
(docs/streams/daily.md, "The exceptions and what to do"), for tests: every transaction of a
person listed for 理由 3 (相違) or 4 (空白) gets the 個人番号 the resident registry holds for
his 宛名番号. The transactions file is rewritten in place (a test's copy); the moves' cases
(理由 1, 2) are taken as checked and left as they are.

usage: resolve_kakunin.py KOKUHO_TX KAKUNIN JUKI...
Offsets are this file's reading of the layouts kokuho_tx, kakunin and juki (0-based)."""
import sys


def records(path, length):
    data = open(path, "rb").read()
    step = length + 2
    return [data[i:i + step] for i in range(0, len(data), step)]


def main():
    tx_path, kakunin_path, juki_paths = sys.argv[1], sys.argv[2], sys.argv[3:]
    listed = {r[0:21] for r in records(kakunin_path, 100) if r[21:22] in (b"3", b"4")}
    registry = {}
    for p in juki_paths:
        for r in records(p, 600):
            registry[r[0:15]] = r[497:509]
    out = []
    for r in records(tx_path, 221):
        key = r[1:22]  # 保険者番号 + 宛名番号
        if key in listed:
            r = r[:195] + registry[r[7:22]] + r[207:]
        out.append(r)
    with open(tx_path, "wb") as o:
        o.writelines(out)


if __name__ == "__main__":
    main()
