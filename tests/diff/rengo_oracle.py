#!/usr/bin/env python3
"""rengo_oracle.py: an independent model of the federation's register update
(jcl/rengo_merge.jcl and rengo_send.jcl, docs/streams/daily.md "The federation's stream"), written from the
rules, not from the job's statements. It reads the register and the 個人番号 index of the
day before and the accepted cities' 資格情報(個人) files (kokuho_kojin), and writes the
register and the index it expects after the day, byte for byte.

usage: rengo_oracle.py [--send DIR] RIREKI_0 INDEX_0 RUNDATE OUT_RIREKI OUT_INDEX KOJIN_FILE...
With --send it also writes the files the federation sends back to each city whose
資格情報(個人) file is given (docs/streams/daily.md, "The files to the cities"): its
国保資格取得喪失年月日連携 DIR/shikaku_HHHHHH.dat and its 被保険者ID連携 DIR/hihoid_HHHHHH.dat
(HHHHHH its 保険者番号), header, records and trailer with their counts.
Offsets are this file's own reading of the layouts (1-based in the comments)."""
import datetime
import os
import sys

OPEN = b"99999999"


def records(path, length):
    data = open(path, "rb").read()
    step = length + 2
    return [data[i:i + length] for i in range(0, len(data), step)]


def rireki_fields(r):
    return {
        "hokensha": r[0:6], "atena": r[6:21], "hid": r[21:37], "kana": r[37:77],
        "birth": r[77:85], "sex": r[85:86], "k_shutoku": r[86:94], "k_soshitsu": r[94:102],
        "kaishi": r[102:110], "shuryo": r[110:118], "shutoku_jiyu": r[118:120],
        "soshitsu_jiyu": r[120:122], "tenshutsu": r[122:128], "tennyu": r[128:134],
    }


def rireki_bytes(f):
    b = (f["hokensha"] + f["atena"] + f["hid"] + f["kana"] + f["birth"] + f["sex"] + f["k_shutoku"]
         + f["k_soshitsu"] + f["kaishi"] + f["shuryo"] + f["shutoku_jiyu"] + f["soshitsu_jiyu"]
         + f["tenshutsu"] + f["tennyu"])
    return b + b" " * (150 - len(b))


def kojin_tx(path):
    """The data records of a 資格情報(個人) file, with the city's 保険者番号 from its header."""
    recs = records(path, 250)
    hokensha = recs[0][1:7]
    out = []
    for r in recs:
        if r[0:1] != b"2":
            continue
        out.append({
            "hokensha": hokensha, "atena": r[1:16], "setai": r[16:31], "shori": r[31:32], "kana": r[70:110],
            "birth": r[150:158], "sex": r[158:159], "shutoku": r[162:170], "shutoku_jiyu": r[170:172],
            "soshitsu": r[172:180], "soshitsu_jiyu": r[180:182], "kaishi": r[182:190],
            "shuryo": r[190:198], "kojin": r[199:211],
        })
    return out


def next_day(ymd):
    d = datetime.date(int(ymd[0:4]), int(ymd[4:6]), int(ymd[6:8])) + datetime.timedelta(days=1)
    return d.strftime("%Y%m%d").encode()


def moves(register):
    """Every move within the prefecture in the register: the new period's key -> (the old
    city's end, 00000000 while open; the comparison 0 met, 1 重複, 2 空白), and the old
    period's key -> its comparison when it is not met."""
    by_city = {}
    for f in register.values():
        by_city.setdefault((f["hid"], f["hokensha"]), []).append(f)
    new_side, old_side = {}, {}
    for key, f in register.items():
        if f["tenshutsu"] == b"000000":
            continue
        for o in by_city.get((f["hid"], f["tenshutsu"]), []):
            if o["kaishi"] >= f["kaishi"]:
                continue  # a later period in the old city: he moved back, not this move's old side
            if o["shuryo"] == OPEN:
                kubun, end = b"1", b"00000000"
            else:
                meet = next_day(o["shuryo"].decode())
                kubun = b"1" if f["kaishi"] < meet else b"2" if f["kaishi"] > meet else b"0"
                end = o["shuryo"]
            new_side[key] = (end, kubun)
            if kubun != b"0":
                old_side[(o["hokensha"], o["atena"])] = kubun
    return new_side, old_side


def pad(b, n):
    return b + b" " * (n - len(b)) + b"\r\n"


def send_files(out_dir, register, txs, new_ids, rundate):
    new_side, old_side = moves(register)
    cities = sorted({t["hokensha"] for t in txs})
    for h in cities:
        rows, counts = [], {b"1": 0, b"2": 0}
        for t in sorted((t for t in txs if t["hokensha"] == h), key=lambda t: t["atena"]):
            f = register.get((h, t["atena"]))
            if f is None:
                continue
            renkei = b"1" if t["shori"] == b"1" else b"2" if t["soshitsu"] != OPEN else b"3"
            end, kubun = new_side.get((h, t["atena"]), (b"00000000", b"0"))
            if kubun == b"0":
                kubun = old_side.get((h, t["atena"]), b"0")
            counts[kubun] = counts.get(kubun, 0) + 1
            rows.append(pad(b"2" + t["atena"] + t["setai"] + b" " * 20 + f["hid"][8:] + b"01" + f["kana"]
                            + f["birth"] + f["sex"] + renkei + f["k_shutoku"] + f["k_soshitsu"] + f["kaishi"]
                            + f["shuryo"] + f["tenshutsu"] + end + kubun + rundate.encode(), 200))
        with open(os.path.join(out_dir, "shikaku_%s.dat" % h.decode()), "wb") as o:
            o.write(pad(b"1" + h[0:2] + h + rundate.encode(), 200))
            o.writelines(rows)
            o.write(pad(b"8" + b"%08d%08d%08d" % (len(rows), counts[b"1"], counts[b"2"]), 200))
        ids = sorted((t for t in new_ids if t["hokensha"] == h), key=lambda t: t["atena"])
        with open(os.path.join(out_dir, "hihoid_%s.dat" % h.decode()), "wb") as o:
            o.write(pad(b"1" + h[0:2] + h + rundate.encode(), 150))
            for t in ids:
                o.write(pad(b"2" + t["atena"] + t["setai"] + t["hid"] + b"0" * 16 + b"1" + rundate.encode()
                            + t["hid"][8:] + b"01" + t["kana"] + t["birth"] + t["sex"], 150))
            o.write(pad(b"8" + b"%08d" % len(ids), 150))


def main():
    args = sys.argv[1:]
    send_dir = None
    if args and args[0] == "--send":
        send_dir, args = args[1], args[2:]
    rireki0, index0, rundate, out_rireki, out_index = args[0:5]
    txs = [t for p in args[5:] for t in kojin_tx(p)]
    register = {(f["hokensha"], f["atena"]): f for f in map(rireki_fields, records(rireki0, 150))}
    index = {r[0:12]: r[12:28] for r in records(index0, 30)}

    # the latest period per person still open, or ended by a move with no new city yet
    latest = {}
    for f in register.values():
        if f["tennyu"] == b"000000" and f["k_soshitsu"] == OPEN:
            cur = latest.get(f["hid"])
            if cur is None or f["kaishi"] > cur["kaishi"]:
                latest[f["hid"]] = f

    adds = sorted((t for t in txs if t["shori"] == b"1"), key=lambda t: (t["hokensha"], t["atena"]))
    moved_to = {}  # hid -> the new city, for a person known to the index
    seq = 0
    new_index = dict(index)
    new_ids = []
    for t in adds:
        hid = index.get(t["kojin"]) if t["kojin"].strip() else None
        old = latest.get(hid) if hid else None
        if hid is None:
            seq += 1
            hid = rundate.encode() + b"%08d" % seq
            if t["kojin"].strip():
                new_index[t["kojin"]] = hid
            new_ids.append(dict(t, hid=hid))
        else:
            moved_to[hid] = t["hokensha"]
        register[(t["hokensha"], t["atena"])] = {
            "hokensha": t["hokensha"], "atena": t["atena"], "hid": hid, "kana": t["kana"],
            "birth": t["birth"], "sex": t["sex"],
            "k_shutoku": old["k_shutoku"] if old else t["shutoku"], "k_soshitsu": OPEN,
            "kaishi": t["kaishi"], "shuryo": OPEN, "shutoku_jiyu": t["shutoku_jiyu"], "soshitsu_jiyu": b"00",
            "tenshutsu": old["hokensha"] if old else b"000000", "tennyu": b"000000",
        }
    for t in txs:
        if t["shori"] != b"2":
            continue
        f = register.get((t["hokensha"], t["atena"]))
        if f is None:
            continue
        f["kana"] = t["kana"]
        if t["soshitsu"] == OPEN:
            continue
        to = moved_to.get(f["hid"])
        f["shuryo"] = t["shuryo"]
        f["soshitsu_jiyu"] = t["soshitsu_jiyu"]
        f["k_soshitsu"] = OPEN if to else t["soshitsu"]
        f["tennyu"] = to if to else b"000000"

    with open(out_rireki, "wb") as o:
        for k in sorted(register):
            o.write(rireki_bytes(register[k]) + b"\r\n")
    with open(out_index, "wb") as o:
        for k in sorted(new_index):
            o.write(k + new_index[k] + b"  \r\n")
    if send_dir:
        send_files(send_dir, register, txs, new_ids, rundate)


if __name__ == "__main__":
    main()
