#!/usr/bin/env python3
"""health_oracle.py: an independent reading of one city of `kiroku city --with health`, for
tests/diff/health_truth.sh. It knows the layouts only by their field positions (`kiroku
layout show --json`), decodes CP932 with Python's codec, folds names with its own code
(unicodedata's NFKC for width, its own kana, small-kana, dash and glyph tables, the glyph
pairs read from layouts/fold/glyph.fold), computes ages with dates, and prints:

  shogo    the check list results intake must make (layout kenshin_shogo's text, one line
           per result, in 宛名番号, 受診番号 order)
  targets  the year's screening targets: "atena cd kubun" lines, sorted, from the registry
           and the results accepted (the ledger)
  yobo_shogo    the check list of the vaccination records intake (layout yobo_shogo's text)
  yobo_targets  the year's vaccination notices: "atena cd kaisu" lines, sorted, from the
                registry and the history with the accepted records

usage: health_oracle.py KIROKU LAYOUTS CITYDIR RUNDATE(yyyymmdd) shogo|targets|yobo_shogo|yobo_targets
"""
import datetime
import json
import subprocess
import sys
import unicodedata

kiroku, layouts, city, rundate, what = sys.argv[1:6]


def layout(name):
    out = subprocess.run([kiroku, "layout", "show", name, "--json"], check=True, capture_output=True,
                         env={"KIROKU_LAYOUTS": layouts, "PATH": "/usr/bin:/bin"}).stdout
    j = json.loads(out)
    types = {}
    for r in j["records"]:
        types[r["name"]] = {f["name"]: (f["start"] - 1, f["length"]) for f in r["fields"]}
    return j["length"] + (2 if j["terminator"] == "crlf" else 1), types


def records(path, reclen, term=2):
    data = open(path, "rb").read()
    return [data[i:i + reclen - term] for i in range(0, len(data), reclen)]


def get(rec, fields, name):
    o, n = fields[name]
    return rec[o:o + n]


def text(b, enc="cp932"):
    return b.decode(enc).rstrip(" \u3000")


ERAS = [(1, datetime.date(1868, 1, 25)), (2, datetime.date(1912, 7, 30)), (3, datetime.date(1926, 12, 25)),
        (4, datetime.date(1989, 1, 8)), (5, datetime.date(2019, 5, 1))]


def wareki(b):  # gyymmdd or ggyymmdd
    s = b.decode()
    g = len(s) - 6
    start = dict(ERAS)[int(s[:g])]
    return datetime.date(start.year + int(s[g:g + 2]) - 1, int(s[g + 2:g + 4]), int(s[g + 4:g + 6]))


def seireki(b):
    s = b.decode()
    return datetime.date(int(s[:4]), int(s[4:6]), int(s[6:8]))


# ---- folding, written from docs/TEXT.md's classes -------------------------------------------
GLYPH = {}
for line in open(f"{layouts}/fold/glyph.fold", encoding="utf-8"):
    w = line.split("#")[0].split()
    if len(w) == 3 and w[0] == "glyph":
        GLYPH[w[1]] = w[2]
SMALL = dict(zip("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ"))
DASHES = set("-‐‑‒–—―−─﹣－ｰ")


def fold(s, classes):
    out = []
    if "width" in classes:
        # half-width katakana (with its voicing marks) and full-width ASCII; U+3000 to space
        s = "".join(unicodedata.normalize("NFKC", c) if ("\uff61" <= c <= "\uff9f" or "\uff01" <= c <= "\uff5e")
                    else (" " if c == "\u3000" else c) for c in s)
        s = unicodedata.normalize("NFC", s)
    for c in s:
        if "space" in classes and c in " \u3000":
            continue
        if "dash" in classes and c in DASHES:
            c = "ー"
        if "kana" in classes and "\u3041" <= c <= "\u3096":
            c = chr(ord(c) + 0x60)
        if "small" in classes:
            c = SMALL.get(c, c)
        if "glyph" in classes:
            c = GLYPH.get(c, c)
        out.append(c)
    return "".join(out).rstrip(" ")


PROFILES = [("width", {"width"}), ("kana ", {"width", "kana", "space"}),
            ("names", {"width", "kana", "small", "dash", "space", "ivs", "glyph"})]


def name_check(a, b):
    if a == b:
        return "exact"
    for word, classes in PROFILES:
        if fold(a, classes) == fold(b, classes):
            return word
    return "NG   "


JL, JT = layout("juki")
KL, KT = layout("kenshin")
juki = {}
for r in records(f"{city}/juki_1.dat", JL):
    f = JT["data"]
    juki[int(get(r, f, "atena_no"))] = r
results = []
for r in records(f"{city}/health/kenshin_kekka.dat", KL):
    code = r[:3].decode()
    if code in ("000", "999"):
        continue
    results.append(r)


def kfield(r, name):
    fs = next(fs for n, fs in KT.items() if n not in ("header", "trailer"))
    return get(r, fs, name)


def check(r):
    atena = int(kfield(r, "atena_no"))
    j = juki.get(atena)
    jf = JT["data"]
    if j is None:
        return 2, "NG" + " " * 16
    kana = name_check(text(kfield(r, "shimei_kana")), text(get(j, jf, "shimei_kana")))
    kanji = name_check(text(kfield(r, "shimei")), text(get(j, jf, "shimei")))
    birth = "OK" if seireki(kfield(r, "seinengappi")) == wareki(get(j, jf, "seinengappi")) else "NG"
    sex = "OK" if kfield(r, "seibetsu") == get(j, jf, "seibetsu") else "NG"
    addr = "OK" if text(kfield(r, "jusho")) == text(get(j, jf, "jusho")) else "NG"
    bad = "NG" in (kana[:2], kanji[:2], birth, sex, addr)
    return (2 if bad else 1), "OK" + kana + kanji + birth + sex + addr


def age_at(birth, day):
    """The age at the end of `day`, as the law counts it (年齢計算ニ関スル法律: an age is
    reached at the end of the day before the birthday), so those born on April 1 are a
    year ahead of those born on April 2."""
    day = day + datetime.timedelta(days=1)
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


run = datetime.date(int(rundate[:4]), int(rundate[4:6]), int(rundate[6:]))
fy = run.year - (run.month < 4)
fy_end = datetime.date(fy + 1, 3, 31)
last_fy_end = datetime.date(fy, 3, 31)

if what == "shogo":
    rows = []
    for r in results:
        hantei, items = check(r)
        rows.append((int(kfield(r, "atena_no")), int(kfield(r, "jushin_no")),
                     "%015d%010d%s%s%d%s" % (int(kfield(r, "atena_no")), int(kfield(r, "jushin_no")), r[:3].decode(),
                                             kfield(r, "jushin_ymd").decode(), hantei, items)))
    for _, _, line in sorted(rows):
        print(line.rstrip())
elif what == "targets":
    attended = set()
    for r in results:
        if check(r)[0] == 1 and r[2:3] == b"1":
            attended.add((int(kfield(r, "atena_no")), r[:2].decode()))
    # (code, youngest age at the fiscal year's end, sex or 0, every two years)
    rules = [("01", 50, 0, True), ("02", 40, 0, False), ("03", 40, 0, False), ("04", 20, 2, True),
             ("05", 40, 2, True)]
    jf = JT["data"]
    out = []
    for atena, j in sorted(juki.items()):
        if get(j, jf, "shojo_ymd") != b"0000000" or get(j, jf, "jumin_kubun") == b"9":
            continue
        birth = wareki(get(j, jf, "seinengappi"))
        sex = int(get(j, jf, "seibetsu"))
        for cd, age, only, biennial in rules:
            if age_at(birth, fy_end) < age or (only and sex != only):
                continue
            went = (atena, cd) in attended
            if biennial and went:
                continue
            kubun = 2 if not went and age_at(birth, last_fy_end) >= age else 1
            out.append("%015d %s %d" % (atena, cd, kubun))
    print("\n".join(sorted(out)))

elif what in ("yobo_shogo", "yobo_targets"):
    YL, YT = layout("yobo_sesshu")
    yf = YT["nyuyoji"]  # the person's part is at the same bytes in every type
    jf = JT["data"]

    def ycheck(r):
        j = juki.get(int(get(r, yf, "atena_no")))
        if j is None:
            return 2, "NG" + " " * 14
        kana = name_check(text(get(r, yf, "shimei_kana"), "utf-8"), text(get(j, jf, "shimei_kana")))
        kanji = name_check(text(get(r, yf, "shimei"), "utf-8"), text(get(j, jf, "shimei")))
        # the files differ in encoding and width: `width` is the least a name can need
        kana, kanji = ("width" if x == "exact" else x for x in (kana, kanji))
        birth = "OK" if wareki(get(r, yf, "seinengappi")) == wareki(get(j, jf, "seinengappi")) else "NG"
        sex = "OK" if get(r, yf, "seibetsu") == get(j, jf, "seibetsu") else "NG"
        bad = "NG" in (kana[:2], kanji[:2], birth, sex)
        return (2 if bad else 1), "OK" + kana + kanji + birth + sex

    sent = records(f"{city}/health/yobo_yoshinhyo.dat", YL, 1)
    if what == "yobo_shogo":
        rows = []
        for r in sent:
            hantei, items = ycheck(r)
            key = (int(get(r, yf, "atena_no")), r[0:1], r[172:176], r[176:184])
            rows.append((key, "%015d%s%s%s%d%s" % (key[0], r[0:1].decode(), r[172:176].decode(),
                                                   r[176:184].decode(), hantei, items)))
        for _, line in sorted(rows):
            print(line.rstrip())
    else:
        history = records(f"{city}/health/yobo_rireki.dat", YL, 1) + [r for r in sent if ycheck(r)[0] == 1]
        done = set()
        for r in history:
            if r[188:189] != b"1":  # 接種判定 1 接種 only
                continue
            a = int(get(r, yf, "atena_no"))
            done.add((a, "2011") if r[0:1] == b"2" else (a, r[172:176].decode()))
        # (code and dose, youngest and oldest age at the fiscal year's end, sex or 0)
        rules = [("1082", 6, 6, 0), ("1121", 3, 3, 0), ("1141", 12, 16, 2), ("2011", 65, 65, 0)]
        out = []
        for atena, j in sorted(juki.items()):
            if get(j, jf, "shojo_ymd") != b"0000000" or get(j, jf, "jumin_kubun") == b"9":
                continue
            age = age_at(wareki(get(j, jf, "seinengappi")), fy_end)
            sex = int(get(j, jf, "seibetsu"))
            for key, lo, hi, only in rules:
                if lo <= age <= hi and (not only or sex == only) and (atena, key) not in done:
                    out.append("%015d %s %s" % (atena, key[:3], key[3]))
        print("\n".join(sorted(out)))
