#!/usr/bin/env python3
"""setai_oracle.py: an oracle of its own for the city's outbound 資格情報(世帯) file
(docs/streams/daily.md, "The 資格情報(世帯) file"). From the NHI ledger's old and new
generations and the registry's two snapshots (field positions from `kiroku layout show
--json`, nothing else of kiroku) it computes, in plain Python, the households whose summary
changed and their records, and compares them with the file the stream wrote, byte for byte
(header, data, trailer with its counts). Prints nothing and exits 0 when they agree;
otherwise lists the differences.
usage: setai_oracle.py OLD_LEDGER NEW_LEDGER JUKI_BEFORE JUKI_TODAY SETAI_FILE YYYYMMDD HOKEN"""
import functools, json, os, subprocess, sys

KIROKU = os.environ.get("KIROKU") or os.path.join(os.path.dirname(__file__), "../../build/check/kiroku")


@functools.lru_cache(maxsize=None)
def layout(name, role="data"):
    out = subprocess.run([KIROKU, "layout", "show", name, "--json"], check=True, capture_output=True).stdout
    j = json.loads(out)
    rec = [r for r in j["records"] if r["role"] == role][-1]
    return j["length"] + 2, [(f["name"], f["start"] - 1, f["length"]) for f in rec["fields"]]


def records(path, name):
    size, fields = layout(name)
    data = open(path, "rb").read()
    for i in range(0, len(data), size):
        r = data[i:i + size]
        yield {k: r[o:o + n] for k, o, n in fields}


OPEN = b"99999999"


def summary(path):
    """household -> (head, 擬制, 取得, 適用開始, 喪失, 適用終了, insured members)"""
    members = {}
    for r in records(path, "kokuho_daicho"):
        members.setdefault(r["setai_no"], []).append(r)
    out = {}
    for setai, ms in members.items():
        insured = [m for m in ms if m["soshitsu_ymd"] == OPEN]
        # the record the household takes its dates from: an insured member with the earliest
        # acquisition; with none insured, the latest loss (then the earliest acquisition);
        # among equals, the first in the ledger (宛名番号 order)
        if insured:
            first = min(insured, key=lambda m: m["shutoku_ymd"])
        else:
            latest = max(m["soshitsu_ymd"] for m in ms)
            first = min((m for m in ms if m["soshitsu_ymd"] == latest), key=lambda m: m["shutoku_ymd"])
        out[setai] = (first["setainushi_atena_no"], first["gisei_setainushi"], first["shutoku_ymd"],
                      first["tekiyo_kaishi_ymd"], first["soshitsu_ymd"], first["tekiyo_shuryo_ymd"],
                      len(insured))
    return out


def main(old, new, juki0, juki1, setai_file, day, hoken):
    before, after = summary(old), summary(new)
    people = {r["atena_no"]: r for r in records(juki0, "juki")}
    people.update({r["atena_no"]: r for r in records(juki1, "juki")})  # today's wins
    rows = []
    for setai in sorted(set(before) | set(after)):
        b, a = before.get(setai), after.get(setai)
        if a == b:
            continue
        if a is None:
            kubun, s = b"3", b
        elif b is None:
            kubun, s = b"1", a
        elif a[6] > 0 and b[6] == 0:
            kubun, s = b"1", a
        elif a[6] == 0 and b[6] > 0:
            kubun, s = b"3", a
        else:
            kubun, s = b"2", a
        head, gisei, shutoku, kaishi, soshitsu, shuryo, count = s
        p = people.get(head)
        names = (p["shimei_kana"] + p["shimei"] + p["yubin_no"] + p["jusho"] + p["katagaki"]) if p \
            else b" " * 207
        rows.append(b"2" + setai + head + kubun + day.encode() + shutoku +
                    (b"00000000" if count > 0 else soshitsu) + kaishi + shuryo + gisei + names +
                    b"%02d" % (count % 100) + b" " * 18)
    size = layout("kokuho_setai")[0] - 2
    counts = [sum(1 for r in rows if r[31:32] == k) for k in (b"1", b"2", b"3")]
    want = [(b"1" + hoken.encode() * 2 + day.encode()).ljust(size)] + rows + \
        [(b"8" + b"%08d" % len(rows) + b"".join(b"%08d" % c for c in counts)).ljust(size)]
    got = open(setai_file, "rb").read().split(b"\r\n")[:-1]
    want = [w for w in want]
    if got == want:
        return 0
    for i in range(max(len(got), len(want))):
        g = got[i] if i < len(got) else b"(none)"
        w = want[i] if i < len(want) else b"(none)"
        if g != w:
            print("record %d differs:\n  file:   %s\n  oracle: %s" % (i + 1, g.decode("cp932", "replace"),
                                                                w.decode("cp932", "replace")))
    return 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:8]))
