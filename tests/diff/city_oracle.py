#!/usr/bin/env python3
"""city_oracle.py: an oracle of its own for kiroku city's truth. It reads the generated
files (field positions from `kiroku layout show --json`, nothing else of kiroku) and finds
the exceptions by the rules of docs/streams/daily.md in plain Python: moves between cities
whose old 適用終了年月日 + 1 day is not the new 適用開始年月日 (重複 / 空白, for both cities),
transactions with a blank 個人番号 or one different from the ledger's; and that the
federation's 国保資格取得喪失年月日連携 files flag those moves (重複空白区分). It prints nothing
and exits 0 when they are the truth's records exactly; otherwise it lists the differences.
It also checks that every resident of both registry snapshots was born on or before he
became a resident, and that 住民となった日 <= 住定日 <= 異動日.
usage: city_oracle.py DIR"""
import datetime, functools, glob, json, os, subprocess, sys

KIROKU = os.environ.get("KIROKU") or os.path.join(os.path.dirname(__file__), "../../build/check/kiroku")


@functools.lru_cache(maxsize=None)
def layout(name):
    out = subprocess.run([KIROKU, "layout", "show", name, "--json"], check=True, capture_output=True).stdout
    j = json.loads(out)
    # the data record type (kokuho_tx: add and change share their fields)
    rec = [r for r in j["records"] if r["role"] == "data"][-1]
    fields = {f["name"]: (f["start"] - 1, f["length"]) for f in rec["fields"]}
    return j["length"] + 2, fields  # CR LF


def records(path, name, kind=None):
    """the records of a file (those whose first byte is `kind` when given)"""
    size, fields = layout(name)
    data = open(path, "rb").read()
    for i in range(0, len(data), size):
        r = data[i:i + size]
        if kind is None or r[:1] == kind:
            yield {k: r[o:o + n].decode("cp932") for k, (o, n) in fields.items()}


def day(s):
    return datetime.date(int(s[:4]), int(s[4:6]), int(s[6:8]))


ERA_START = {"1": 1868, "2": 1912, "3": 1926, "4": 1989, "5": 2019}


def wareki(s):
    """gyymmdd (和暦) as yyyymmdd"""
    return "%04d%s" % (ERA_START[s[0]] + int(s[1:3]) - 1, s[3:7])


def residence_dates(d):
    bad = 0
    for f in sorted(glob.glob(os.path.join(d, "city*/juki_[01].dat"))):
        for r in records(f, "juki"):
            dates = [wareki(r[k]) for k in ("seinengappi", "jumin_ymd", "jutei_ymd", "ido_ymd")]
            if dates != sorted(dates):
                bad += 1
                if bad <= 5:
                    print("dates out of order in %s: 宛名番号 %s, born %s, resident %s, 住定 %s, 異動 %s"
                          % (f, r["atena_no"], *dates))
    return bad


def main(d):
    bad_dates = residence_dates(d)
    found = set()
    periods = list(records(os.path.join(d, "rengo/rireki.dat"), "rengo_rireki"))
    by_city = {(p["hihokensha_id"], p["hokensha_no"]): p for p in periods}
    for new in periods:
        if new["tenshutsu_hokensha_no"] == "000000":
            continue
        old = by_city.get((new["hihokensha_id"], new["tenshutsu_hokensha_no"]))
        if old is None:
            continue
        end, start = old["tekiyo_shuryo_ymd"], new["tekiyo_kaishi_ymd"]
        if end == "99999999":
            riyu = "1"
        else:
            meet = day(end) + datetime.timedelta(days=1)
            if day(start) == meet:
                continue
            riyu = "1" if day(start) < meet else "2"
        for side, me, other in (("1", new, old), ("2", old, new)):
            found.add((me["hokensha_no"], me["atena_no"], riyu, side, other["hokensha_no"], other["atena_no"],
                       end, start, new["hihokensha_id"], " " * 12))
    for c in sorted(glob.glob(os.path.join(d, "city*"))):
        ledger = {r["atena_no"]: r["kojin_no"] for r in records(os.path.join(c, "kokuho_daicho.dat"), "kokuho_daicho")}
        for t in records(os.path.join(c, "kokuho_tx.dat"), "kokuho_tx"):
            key = (t["hokensha_no"], t["atena_no"])
            rest = ("000000", "0" * 15, "0" * 8, "0" * 8, t["hihokensha_id"])
            if t["kojin_no"].strip() == "":
                found.add(key + ("4", "0") + rest + (" " * 12,))
            elif ledger.get(t["atena_no"], " ").strip() and ledger[t["atena_no"]] != t["kojin_no"]:
                found.add(key + ("3", "0") + rest + ("*" * 12,))
    truth = set()
    for r in records(os.path.join(d, "truth.dat"), "kakunin"):
        truth.add(tuple(r[k] for k in ("hokensha_no", "atena_no", "riyu", "gawa", "aite_hokensha_no", "aite_atena_no",
                                       "shuryo_ymd", "kaishi_ymd", "hihokensha_id", "kojin_no_hyoji")))
    # the federation's 国保資格取得喪失年月日連携 flags (重複空白区分) the moves of the truth: every
    # new city's record of one, and no record that is not one
    flagged = set()
    for c in sorted(glob.glob(os.path.join(d, "city*"))):
        path = os.path.join(c, "rengo_shikaku.dat")
        hokensha = open(path, "rb").read()[3:9].decode()  # the header's 保険者番号
        for r in records(path, "rengo_shikaku", b"2"):
            if r["chofuku_kubun"] != "0":
                flagged.add((hokensha, r["atena_no"], r["chofuku_kubun"]))
    moves = {(t[0], t[1], t[2]) for t in truth if t[2] in "12"}
    new_side = {(t[0], t[1], t[2]) for t in truth if t[2] in "12" and t[3] == "1"}
    for r in sorted(flagged - moves):
        print("flagged by the federation, not in the truth:", " ".join(r))
    for r in sorted(new_side - flagged):
        print("in the truth, not flagged by the federation:", " ".join(r))
    if not flagged <= moves or not new_side <= flagged:
        return 1
    for r in sorted(truth - found):
        print("in the truth, not found:", " ".join(r))
    for r in sorted(found - truth):
        print("found, not in the truth:", " ".join(r))
    return 0 if found == truth and bad_dates == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
