#!/usr/bin/env python3
"""correction_oracle.py: an independent model of the correction stream's two rules, reading
the files by itself (offsets from `kiroku layout show --json`, CP932 decoded by Python):

  approved CORRECTIONS LAYOUT_JSON OUT   writes the corrections a second person approved
                                         (承認者ID given, not the 入力者ID, 承認日時 not before
                                         入力日時), in file order: the rule of two persons
  diff OLD NEW LAYOUT_JSON               prints the difference report of two kokuho_daicho
                                         masters: per key in both, each field whose bytes
                                         differ (KEY change FIELD OLD NEW), added and deleted
                                         keys; values as kiroku shows them, 個人番号 masked
"""
import json
import sys


def fields_of(layout_json, record=None):
    lay = json.load(open(layout_json, encoding="utf-8"))
    out = {}
    for r in lay["records"]:
        if record is None or r["name"] == record:
            out[r["name"]] = r["fields"]
    return lay, out


def records(path, length):
    data = open(path, "rb").read()
    stride = length + 2
    assert len(data) % stride == 0, path
    return [data[i:i + length] for i in range(0, len(data), stride)]


def raw(rec, f):
    return rec[f["start"] - 1:f["start"] - 1 + f["length"]]


def approved(corrections, layout_json, out):
    lay, types = fields_of(layout_json)
    common = {f["name"]: f for f in next(iter(types.values()))}
    kept = []
    for rec in records(corrections, lay["length"]):
        enterer = raw(rec, common["nyuryokusha_id"])
        approver = raw(rec, common["shoninsha_id"])
        entered = int(raw(rec, common["nyuryoku_nichiji"]))
        when = int(raw(rec, common["shonin_nichiji"]))
        if approver.strip() and approver != enterer and when >= entered:
            kept.append(rec + b"\r\n")
    open(out, "wb").write(b"".join(kept))


def display(rec, f):
    b = raw(rec, f)
    if f["sensitive"]:
        return "*" * f["length"]
    if f["type"] == "ZD":
        return str(int(b))
    if f["type"].startswith("date") or f["picture"].startswith("date"):
        s = b.decode("ascii")
        if s == "99999999":
            return "(open)"
        return "%s-%s-%s" % (s[0:4], s[4:6], s[6:8])
    text = b.decode("cp932")
    return text.rstrip(" \u3000")


def diff(old, new, layout_json):
    lay, types = fields_of(layout_json)
    fields = [f for f in types["data"] if not f["filler"]]
    key = next(f for f in fields if f["key"])
    o = {int(raw(r, key)): r for r in records(old, lay["length"])}
    n = {int(raw(r, key)): r for r in records(new, lay["length"])}
    for k in sorted(set(o) | set(n)):
        if k not in n:
            print("atena_no=%d\tdelete" % k)
        elif k not in o:
            print("atena_no=%d\tadd" % k)
        else:
            for f in fields:
                if raw(o[k], f) != raw(n[k], f):
                    print("atena_no=%d\tchange\t%s\t%s\t%s" % (k, f["name"], display(o[k], f), display(n[k], f)))


if __name__ == "__main__":
    if sys.argv[1] == "approved":
        approved(*sys.argv[2:5])
    else:
        diff(*sys.argv[2:5])
