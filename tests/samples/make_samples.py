#!/usr/bin/env python3
"""make_samples.py: writes the sample files of the shipped layouts (layouts/*.layout).

For every layout NAME it writes tests/samples/NAME.dat, a small file that `kiroku verify`
passes (every record type, valid control totals, 和暦 dates at the era boundaries, valid
個人番号 check digits, 外字 and IBM-extension kanji), and tests/samples/NAME.bad.dat, its
broken twin, whose faults are listed below where each is made (a comment per fault, the
message id kiroku must give in brackets). The golden tests tests/e2e/cases/verify_NAME and
verify_NAME_bad hold what kiroku says about them.

Independent of kiroku on purpose: Python 3's standard library only, Python's own cp932
codec, and the record shapes written out again here (FIELDS below) rather than read from
the layouts, so that a mistake in kiroku's layout parser or codec cannot hide itself in
its own test data. Run it from anywhere; it rewrites the files in place:

    python3 tests/samples/make_samples.py [OUTDIR]

OUTDIR (default: this folder) lets tests/diff/samples.sh check that the committed files are
exactly what the script makes.
"""

import copy
import datetime
import os
import sys
import unicodedata
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
D = datetime.date

# ---- field encoding ------------------------------------------------------------------------

ERAS = [  # code, name, first day (an era ends the day before the next begins)
    (1, "明治", D(1868, 1, 25)),
    (2, "大正", D(1912, 7, 30)),
    (3, "昭和", D(1926, 12, 25)),
    (4, "平成", D(1989, 1, 8)),
    (5, "令和", D(2019, 5, 1)),
]


def wareki(d):
    """(era code, year in the era) of a date."""
    code, start = None, None
    for c, _, s in ERAS:
        if s <= d:
            code, start = c, s
    assert code is not None, d
    return code, d.year - start.year + 1


def check_digit(base11):
    """個人番号 check digit (番号法施行規則 第5条): weights 2..7, 2..6 from the right."""
    total = 0
    for n in range(1, 12):
        p = int(base11[11 - n])
        q = n + 1 if n <= 6 else n - 5
        total += p * q
    r = total % 11
    return 0 if r <= 1 else 11 - r


assert check_digit("12345678901") == 8  # 123456789018, the worked example


def mynumber(seed):
    """A valid 個人番号 made from a number (deterministic, no randomness)."""
    base = "%011d" % ((seed * 7919 + 31415926535) % 10**11)
    return base + str(check_digit(base))


def overpunch(digits, negative):
    """Trailing overpunch, ASCII convention: '0'..'9' positive, 'p'..'y' negative."""
    last = int(digits[-1])
    return digits[:-1] + (chr(ord("p") + last) if negative else digits[-1])


class Spec:
    """One record type: its fields in order, as (name, kind, width, scale)."""

    def __init__(self, layout, text):
        self.layout = layout
        self.fields = []
        for line in text.strip().splitlines():
            parts = line.split()
            if not parts:
                continue
            name, kind = parts[0], parts[1]
            width = parts[2] if len(parts) > 2 else None
            scale = int(parts[3]) if len(parts) > 3 else 0
            self.fields.append((name, kind, width, scale))

    def rec(self, **values):
        return Record(self, values)


class Layout:
    def __init__(self, name, length, enc, term):
        self.name, self.length, self.enc = name, length, enc
        self.term = {"crlf": b"\r\n", "lf": b"\n", "none": b""}[term]

    def spec(self, text):
        return Spec(self, text)


class Record:
    """A record as named fields of bytes; faults replace a field's bytes (poke)."""

    def __init__(self, spec, values):
        self.spec = spec
        self.parts = []
        pos = 0
        for name, kind, width, scale in spec.fields:
            if width == "*":
                width = spec.layout.length - pos
            b = encode(spec.layout.enc, kind, width, scale, values.get(name), name)
            self.parts.append([name, b])
            pos += len(b)
        unknown = set(values) - {f[0] for f in spec.fields}
        assert not unknown, unknown
        assert pos == spec.layout.length, (spec.layout.name, pos)

    def set(self, name, value):
        for p in self.parts:
            if p[0] == name:
                kind, width, scale = next((k, w, s) for n, k, w, s in self.spec.fields if n == name)
                p[1] = encode(self.spec.layout.enc, kind, width, scale, value, name)
                return self
        raise KeyError(name)

    def get(self, name):
        return next(p[1] for p in self.parts if p[0] == name)

    def poke(self, name, raw, at=0):
        """Replaces bytes of a field with raw bytes, from byte `at` of the field."""
        for p in self.parts:
            if p[0] == name:
                b = bytearray(p[1])
                assert at + len(raw) <= len(b), (name, raw)
                b[at:at + len(raw)] = raw
                p[1] = bytes(b)
                return self
        raise KeyError(name)

    def bytes(self):
        b = b"".join(p[1] for p in self.parts)
        assert len(b) == self.spec.layout.length
        return b


def pad_text(enc, text, nbytes, pad):
    b = text.encode(enc)
    assert len(b) <= nbytes, (text, nbytes)
    while len(b) + len(pad) <= nbytes:
        b += pad
    return b + b" " * (nbytes - len(b))


def encode(enc, kind, width, scale, v, name):
    if isinstance(v, bytes):  # raw bytes, for faults
        return v
    if kind in ("X", "M"):
        n = int(width)
        b = pad_text(enc, v or "", n, b" ")
        if kind == "X":
            assert all(ch < 0x80 or 0xA1 <= ch <= 0xDF for ch in b) or enc != "cp932", (name, v)
        return b
    if kind == "N":
        n = int(width) * (2 if enc == "cp932" else 3)
        return pad_text(enc, v or "", n, "\u3000".encode(enc))
    if kind == "9":
        n = int(width)
        s = str(v if v is not None else 0)
        assert s.isdigit() and len(s) <= n, (name, v)
        return s.zfill(n).encode()
    if kind in ("9V", "S9V"):  # width = integer digits, scale = decimals
        n = int(width) + scale
        d = Decimal(str(v if v is not None else 0))
        neg = d < 0
        digits = str(int(abs(d) * (10**scale))).zfill(n)
        assert len(digits) == n, (name, v)
        if kind == "S9V":
            digits = overpunch(digits, neg)
        else:
            assert not neg
        return digits.encode()
    if kind in ("G", "GG"):  # 和暦 gyymmdd / ggyymmdd; None = none (all zeros)
        n = 7 if kind == "G" else 8
        if v is None:
            return b"0" * n
        code, yy = wareki(v)
        return (("%d" if kind == "G" else "%02d") % code + "%02d%02d%02d" % (yy, v.month, v.day)).encode()
    if kind == "D":  # yyyymmdd; None = 00000000, "open" = 99999999
        if v is None:
            return b"00000000"
        if v == "open":
            return b"99999999"
        return v.strftime("%Y%m%d").encode()
    if kind == "YM":  # yyyymm from (y, m); None = 000000
        return b"000000" if v is None else ("%04d%02d" % v).encode()
    if kind == "MY":  # 個人番号: 12 digits, or "" for blank
        if v is None:
            raise ValueError("%s: give the 個人番号" % name)
        return (v if v else " " * 12).encode()
    raise ValueError(kind)


OUT = sys.argv[1] if len(sys.argv) > 1 else HERE


def write(layout, records, suffix):
    path = os.path.join(OUT, layout.name + suffix)
    with open(path, "wb") as f:
        for r in records:
            f.write((r.bytes() if isinstance(r, Record) else r) + layout.term)
    return path


def half_to_full(kana):
    """ﾔﾏﾀﾞ ﾀﾛｳ -> ヤマダ　タロウ (full-width, for N fields)."""
    return unicodedata.normalize("NFKC", kana).replace(" ", "\u3000")


# ---- people, places ------------------------------------------------------------------------

# kanji name, kana (half-width), sex, birth date. Births sit on the era boundaries.
PEOPLE = [
    ("山田　太郎", "ﾔﾏﾀﾞ ﾀﾛｳ", 1, D(1958, 3, 14)),
    ("山田　花子", "ﾔﾏﾀﾞ ﾊﾅｺ", 2, D(1961, 11, 2)),
    ("山田　一郎", "ﾔﾏﾀﾞ ｲﾁﾛｳ", 1, D(1989, 1, 7)),      # 昭和64年1月7日, the last day of 昭和
    ("佐藤　美咲", "ｻﾄｳ ﾐｻｷ", 2, D(1989, 1, 8)),        # 平成元年1月8日
    ("鈴木　健一", "ｽｽﾞｷ ｹﾝｲﾁ", 1, D(2019, 4, 30)),     # 平成31年4月30日, the last day of 平成
    ("鈴木　結衣", "ｽｽﾞｷ ﾕｲ", 2, D(2019, 5, 1)),        # 令和元年5月1日
    ("髙橋　誠", "ﾀｶﾊｼ ﾏｺﾄ", 1, D(1926, 12, 25)),       # 昭和元年12月25日; 髙 is an IBM extension
    ("伊藤　トメ", "ｲﾄｳ ﾄﾒ", 2, D(1926, 12, 24)),       # 大正15年12月24日
    ("渡辺　キヨ", "ﾜﾀﾅﾍﾞ ｷﾖ", 2, D(1912, 7, 29)),      # 明治45年7月29日, the last day of 明治
    ("中村　正", "ﾅｶﾑﾗ ﾀﾀﾞｼ", 1, D(1912, 7, 30)),       # 大正元年7月30日
    ("小林　大輔", "ｺﾊﾞﾔｼ ﾀﾞｲｽｹ", 1, D(2000, 2, 29)),   # a leap day
    ("\ue000田　一郎", "ﾖｼﾀﾞ ｲﾁﾛｳ", 1, D(1975, 8, 20)),  # 𠮷 (not in CP932) as the city's 外字 F040
    ("山﨑　翔太", "ﾔﾏｻﾞｷ ｼｮｳﾀ", 1, D(1985, 10, 1)),    # 﨑 is an NEC-selected IBM extension
    ("グエン　ヴァン　アン", "ｸﾞｴﾝ ｳﾞｧﾝ ｱﾝ", 1, D(1995, 4, 4)),  # 外国人住民
]

NARA = [  # postcode, address, kana address
    ("6308012", "奈良市二条大路南一丁目３番２号", "ﾅﾗｼ ﾆｼﾞｮｳｵｵｼﾞﾐﾅﾐ 1-3-2"),
    ("6308113", "奈良市法蓮町１２３番地", "ﾅﾗｼ ﾎｳﾚﾝﾁｮｳ 123"),
    ("6310036", "奈良市学園北一丁目５番８号", "ﾅﾗｼ ｶﾞｸｴﾝｷﾀ 1-5-8"),
    ("6300213", "奈良市東登美ヶ丘二丁目１１番地", "ﾅﾗｼ ﾋｶﾞｼﾄﾐｶﾞｵｶ 2-11"),
    ("6308325", "奈良市西木辻町２００番地の１", "ﾅﾗｼ ﾆｼｷﾂｼﾞﾁｮｳ 200-1"),
]

# ---- juki ----------------------------------------------------------------------------------

JUKI = Layout("juki", 600, "cp932", "crlf")
JUKI_DATA = JUKI.spec("""
atena_no 9 15
setai_no 9 15
shimei_kana X 40
shimei N 20
seinengappi G
seibetsu 9 1
zokugara 9 2
yubin_no 9 7
jusho N 40
jusho_kana X 60
katagaki N 20
gyoseiku 9 3
shogakkoku 9 2
denwa_no X 15
jutei_ymd G
jutei_jiyu 9 2
jumin_ymd G
jumin_jiyu 9 2
shojo_ymd G
shojo_jiyu 9 2
tenshutsu_yotei_ymd G
tenshutsu_kakutei_ymd G
ido_ymd G
jumin_kubun 9 1
shien_sochi 9 1
tennyumae_jusho N 30
tenshutsugo_jusho N 30
kojin_no MY
filler X *
""")

# (person index, household, 続柄, address index, 住定日, 住定事由, 住民となった日, 事由, extra)
JUKI_ROWS = [
    (0, 500001, 1, 0, D(1985, 4, 1), 10, D(1985, 4, 1), 10, {}),
    (1, 500001, 2, 0, D(1985, 4, 1), 10, D(1985, 4, 1), 10, {}),
    (2, 500001, 4, 0, D(1989, 1, 7), 11, D(1989, 1, 7), 11,
     {"tenshutsu_yotei_ymd": D(2024, 4, 20)}),                    # 転出届 filed, still here
    (3, 500002, 1, 1, D(2015, 6, 1), 10, D(2015, 6, 1), 10, {"katagaki": "コーポ若草１０１"}),
    (4, 500003, 4, 2, D(2019, 4, 30), 11, D(2019, 4, 30), 11, {}),
    (5, 500003, 4, 2, D(2019, 5, 1), 11, D(2019, 5, 1), 11, {}),
    (6, 500004, 1, 3, D(1960, 5, 10), 30, D(1926, 12, 25), 11, {}),
    (7, 500004, 2, 3, D(1960, 5, 10), 30, D(1950, 3, 1), 10, {}),
    (8, 500005, 1, 4, D(1970, 1, 1), 30, D(1912, 7, 29), 11,     # died: kept as 消除者
     {"shojo_ymd": D(2024, 3, 28), "shojo_jiyu": 21}),
    (9, 500006, 1, 4, D(1999, 9, 9), 10, D(1999, 9, 9), 10, {"tennyumae_jusho": "京都府京都市左京区吉田本町１番地"}),
    (10, 500007, 1, 1, D(2000, 2, 29), 11, D(2000, 2, 29), 11, {}),
    (11, 500008, 1, 2, D(2010, 10, 10), 10, D(2010, 10, 10), 10, {"katagaki": "ハイツ佐保川２０３"}),
    (12, 500009, 1, 3, D(2020, 7, 1), 30, D(2012, 4, 1), 10, {"shien_sochi": 1}),  # DV等支援措置
    (13, 500010, 1, 0, D(2023, 9, 15), 10, D(2023, 9, 15), 10, {"jumin_kubun": 2}),
]


def juki():
    good = []
    for i, (p, setai, zoku, a, jutei, jjiyu, jumin, mjiyu, extra) in enumerate(JUKI_ROWS):
        kanji, kana, sex, birth = PEOPLE[p]
        post, addr, addr_kana = NARA[a]
        v = dict(atena_no=100001 + i, setai_no=setai, shimei_kana=kana, shimei=kanji,
                 seinengappi=birth, seibetsu=sex, zokugara=zoku, yubin_no=post, jusho=addr,
                 jusho_kana=addr_kana, gyoseiku=10 + a, shogakkoku=3 + a,
                 denwa_no="0742-%02d-%04d" % (30 + i, 1000 + 37 * i),
                 jutei_ymd=jutei, jutei_jiyu=jjiyu, jumin_ymd=jumin, jumin_jiyu=mjiyu,
                 shojo_ymd=None, shojo_jiyu=0, tenshutsu_yotei_ymd=None,
                 tenshutsu_kakutei_ymd=None, ido_ymd=max(jutei, jumin), jumin_kubun=1,
                 shien_sochi=0, kojin_no=mynumber(100001 + i))
        v.update(extra)
        if "shojo_ymd" in extra:
            v["ido_ymd"] = extra["shojo_ymd"]
        good.append(JUKI_DATA.rec(**v))
    good[0].set("kojin_no", "123456789018")  # the worked example of the check digit

    bad = copy.deepcopy(good)
    # 1 [KRK0301E] a letter l for a 1 in a 9 field (世帯番号).
    bad[0].poke("setai_no", b"l", at=14)
    # 2 [KRK0302E] 平成31年5月1日: 平成 ended on 2019-04-30.
    bad[1].set("seinengappi", b"4310501")
    # 3 [KRK0302E] month 13 in a 和暦 date (住定日 平成30年13月1日).
    bad[2].set("jutei_ymd", b"4301301")
    # 4 [KRK0305E] 続柄 14 is not in the code list.
    bad[3].set("zokugara", 14)
    # 5 [KRK0306E] a wrong 個人番号 check digit (the number itself is never printed).
    n = bad[4].get("kojin_no").decode()
    bad[4].set("kojin_no", n[:11] + str((int(n[11]) + 1) % 10))
    # 6 [KRK0303E] an ASCII space between family and given name in an N field.
    bad[5].set("shimei", "鈴木 結衣".encode("cp932").ljust(9) + "\u3000".encode("cp932") * 15 + b" ")
    # 7 [KRK0303E] full-width katakana in an X field (カナ氏名).
    bad[6].set("shimei_kana", "タカハシ".encode("cp932").ljust(40))
    # 8 [KRK0304E] an invalid CP932 sequence: lead byte 0x81 followed by 0x7F.
    bad[7].poke("jusho", b"\x81\x7f", at=6)
    # 9 [KRK0307W] a blank 個人番号 (a warning: the record is not rejected for it alone).
    bad[8].set("kojin_no", "")
    # 10 [KRK0302E] a blank date where blank does not mean "no date" (異動日).
    bad[9].set("ido_ymd", b" " * 7)
    # 11 [KRK0303E] a control byte (TAB) in an X field (電話番号).
    bad[10].poke("denwa_no", b"\t", at=4)
    # 12 [KRK0305E] a code not in the list in a sensitive field: the value is masked (***).
    bad[11].set("shien_sochi", 2)
    # 13 [KRK0304E] a double-byte code with no character (0x8540) in 方書.
    bad[12].poke("katagaki", b"\x85\x40", at=0)
    return good, bad


# ---- juki_tx -------------------------------------------------------------------------------

JUKI_TX = Layout("juki_tx", 601, "cp932", "crlf")


def juki_tx():
    people, _ = juki()
    moved = copy.deepcopy(people[3])
    moved.set("jusho", NARA[2][1]).set("jusho_kana", NARA[2][2]).set("yubin_no", NARA[2][0])
    moved.set("jutei_ymd", D(2024, 11, 20)).set("jutei_jiyu", 30).set("ido_ymd", D(2024, 11, 20))
    gone = copy.deepcopy(people[9])
    gone.set("shojo_ymd", D(2024, 11, 19)).set("shojo_jiyu", 20).set("ido_ymd", D(2024, 11, 19))
    # 追加 x3 (a household moving in), 変更 (転居), 削除 (転出)
    good = [b"1" + people[i].bytes() for i in (0, 1, 2)] + [b"2" + moved.bytes(), b"3" + gone.bytes()]

    bad = list(good)
    # 1 [KRK0310E] 処理区分 9 names no record type.
    bad[0] = b"9" + bad[0][1:]
    # 2 [KRK0302E] 平成31年5月1日 in the juki record a 追加 carries (生年月日, byte 112).
    b2 = bytearray(bad[1])
    b2[111:118] = b"4310501"
    bad[1] = bytes(b2)
    return good, bad


# ---- juki_ido ------------------------------------------------------------------------------

IDO = Layout("juki_ido", 600, "cp932", "crlf")
IDO_HEADER = IDO.spec("""
kubun X 1
shichoson_cd 9 6
sakusei_ymd D
taisho_ymd D
filler X *
""")
IDO_DATA = IDO.spec("""
kubun X 1
ido_renban 9 8
atena_no 9 15
setai_no 9 15
ido_jiyu 9 2
ido_ymd G
todokede_ymd G
shimei_kana X 40
shimei N 20
seinengappi G
seibetsu 9 1
zokugara 9 2
yubin_no 9 7
jusho N 40
katagaki N 20
jutei_ymd G
jutei_jiyu 9 2
jumin_ymd G
jumin_jiyu 9 2
shojo_ymd G
shojo_jiyu 9 2
tenshutsu_yotei_ymd G
tenshutsu_kakutei_ymd G
kyu_setai_no 9 15
kyu_shimei N 20
tennyumae_jusho N 30
tenshutsusaki_jusho N 30
jumin_kubun 9 1
kojin_no MY
filler X *
""")
IDO_TRAILER = IDO.spec("""
kubun X 1
kensu 9 7
tennyu_kensu 9 7
shussei_kensu 9 7
tenshutsu_kensu 9 7
shibo_kensu 9 7
tenkyo_kensu 9 7
filler X *
""")

TODAY = D(2024, 4, 1)


def ido_rec(renban, atena, setai, jiyu, ido_ymd, todokede, person, addr, **extra):
    kanji, kana, sex, birth = person
    post, address, _ = addr
    v = dict(kubun="2", ido_renban=renban, atena_no=atena, setai_no=setai, ido_jiyu=jiyu,
             ido_ymd=ido_ymd, todokede_ymd=todokede, shimei_kana=kana, shimei=kanji,
             seinengappi=birth, seibetsu=sex, zokugara=1, yubin_no=post, jusho=address,
             jutei_ymd=ido_ymd, jutei_jiyu=0, jumin_ymd=None, jumin_jiyu=0, shojo_ymd=None,
             shojo_jiyu=0, tenshutsu_yotei_ymd=None, tenshutsu_kakutei_ymd=None,
             kyu_setai_no=0, jumin_kubun=1, kojin_no=mynumber(atena))
    v.update(extra)
    return IDO_DATA.rec(**v)


def ido_trailer(data):
    jiyu = [r.get("ido_jiyu") for r in data]
    return IDO_TRAILER.rec(kubun="8", kensu=len(data), tennyu_kensu=jiyu.count(b"10"),
                           shussei_kensu=jiyu.count(b"11"), tenshutsu_kensu=jiyu.count(b"20"),
                           shibo_kensu=jiyu.count(b"21"), tenkyo_kensu=jiyu.count(b"30"))


def juki_ido():
    header = IDO_HEADER.rec(kubun="1", shichoson_cd=292010, sakusei_ymd=D(2024, 4, 2), taisho_ymd=TODAY)
    baby = ("山田　蓮", "ﾔﾏﾀﾞ ﾚﾝ", 1, D(2024, 3, 28))
    data = [
        # 転入 from 京都市, with a 転入届.
        ido_rec(1, 100015, 500011, 10, TODAY, TODAY, ("岡田　修", "ｵｶﾀﾞ ｵｻﾑ", 1, D(1970, 6, 6)), NARA[1],
                jutei_jiyu=10, jumin_ymd=TODAY, jumin_jiyu=10,
                tennyumae_jusho="京都府京都市中京区寺町通御池上る上本能寺前町４８８番地"),
        # 出生, reported four days later.
        ido_rec(2, 100016, 500001, 11, D(2024, 3, 28), TODAY, baby, NARA[0], zokugara=7,
                jutei_jiyu=11, jumin_ymd=D(2024, 3, 28), jumin_jiyu=11),
        # 転出 confirmed (転出確定日), the 転出予定 filed earlier.
        ido_rec(3, 100003, 500001, 20, D(2024, 3, 30), D(2024, 3, 15), PEOPLE[2], NARA[0], zokugara=4,
                shojo_ymd=D(2024, 3, 30), shojo_jiyu=20, tenshutsu_yotei_ymd=D(2024, 3, 30),
                tenshutsu_kakutei_ymd=D(2024, 3, 30), tenshutsusaki_jusho="大阪府大阪市北区中之島１丁目３番２０号"),
        # 死亡, reported by the family.
        ido_rec(4, 100009, 500005, 21, D(2024, 3, 28), None, PEOPLE[8], NARA[4],
                shojo_ymd=D(2024, 3, 28), shojo_jiyu=21),
        # 転居 within the city.
        ido_rec(5, 100011, 500007, 30, D(2024, 3, 31), TODAY, PEOPLE[10], NARA[2], jutei_jiyu=30),
        # 氏名変更 (marriage): the old name in 旧漢字氏名.
        ido_rec(6, 100004, 500002, 31, D(2024, 3, 20), TODAY, ("山﨑　美咲", "ﾔﾏｻﾞｷ ﾐｻｷ", 2, D(1989, 1, 8)),
                NARA[1], kyu_shimei="佐藤　美咲"),
        # 世帯変更 (世帯分離): the old household in 旧世帯番号.
        ido_rec(7, 100014, 500012, 32, D(2024, 4, 1), TODAY, PEOPLE[13], NARA[0], kyu_setai_no=500010,
                jumin_kubun=2),
        # 職権記載: no 届出日.
        ido_rec(8, 100017, 500013, 12, D(2024, 3, 29), None, ("松本　ハル", "ﾏﾂﾓﾄ ﾊﾙ", 2, D(1940, 2, 11)),
                NARA[3], jutei_jiyu=12, jumin_ymd=D(2024, 3, 29), jumin_jiyu=12),
        # 転出予定: the 転出届 before the move.
        ido_rec(9, 100005, 500003, 35, TODAY, TODAY, PEOPLE[4], NARA[2], zokugara=4,
                tenshutsu_yotei_ymd=D(2024, 4, 20)),
    ]
    good = [header] + data + [ido_trailer(data)]

    bad_data = copy.deepcopy(data[:7])
    # 1 [KRK0305E] 異動事由 40 is not in the code list.
    bad_data[0].set("ido_jiyu", 40)
    # 2 [KRK0302E] era code 6 in a gyymmdd date (届出日): no such era in the table.
    bad_data[1].set("todokede_ymd", b"6060401")
    # 3 [KRK0302E] year 00 of 令和 (異動日): 元年 is written 01.
    bad_data[2].set("ido_ymd", b"5000401")
    # 4 [KRK0302E] 令和元年4月30日 (住民となった日): 令和 began on 2019-05-01.
    bad_data[3].set("jumin_ymd", b"5010430")
    # 5 [KRK0302E] 平成30年4月31日 is not a calendar date (生年月日).
    bad_data[4].set("seinengappi", b"4300431")
    trailer = ido_trailer(bad_data)
    # 6 [KRK0310E] a record type that does not exist (レコード区分 5); not counted.
    unknown = copy.deepcopy(data[7]).set("kubun", "5")
    # 7 [KRK0308E] the trailer's 異動件数 says one more than there are data records.
    trailer.set("kensu", len(bad_data) + 1)
    # 8 [KRK0308E] a where-count wrong: 転入件数 says 1, but the only 転入 became code 40.
    trailer.set("tennyu_kensu", 1)
    # 9 [KRK0311E] a data record after the trailer.
    after = copy.deepcopy(data[8])
    bad = [header] + bad_data[:5] + [unknown] + bad_data[5:] + [trailer, after]
    return good, bad


# ---- kokuho_setai / kokuho_kojin -----------------------------------------------------------

SETAI = Layout("kokuho_setai", 300, "cp932", "crlf")
KOKUHO_HEADER_TEXT = """
kubun X 1
hokensha_no 9 6
shichoson_cd 9 6
sakusei_ymd D
filler X *
"""
SETAI_HEADER = SETAI.spec(KOKUHO_HEADER_TEXT)
SETAI_DATA = SETAI.spec("""
kubun X 1
setai_no 9 15
setainushi_atena_no 9 15
shori_kubun 9 1
ido_ymd D
shutoku_ymd D
soshitsu_ymd D
tekiyo_kaishi_ymd D
tekiyo_shuryo_ymd D
gisei_setainushi 9 1
setainushi_kana X 40
setainushi_shimei N 20
yubin_no 9 7
jusho N 40
katagaki N 20
hihokensha_su 9 2
filler X *
""")
KOKUHO_TRAILER_TEXT = """
kubun X 1
kensu 9 8
tsuika_kensu 9 8
henko_kensu 9 8
sakujo_kensu 9 8
filler X *
"""
SETAI_TRAILER = SETAI.spec(KOKUHO_TRAILER_TEXT)


def kokuho_trailer(spec, data):
    k = [r.get("shori_kubun") for r in data]
    return spec.rec(kubun="8", kensu=len(data), tsuika_kensu=k.count(b"1"),
                    henko_kensu=k.count(b"2"), sakujo_kensu=k.count(b"3"))


def kokuho_setai():
    header = SETAI_HEADER.rec(kubun="1", hokensha_no=290015, shichoson_cd=292010, sakusei_ymd=D(2024, 4, 2))
    rows = [  # setai, head (person, atena), kubun, ido, shutoku, soshitsu, kaishi, shuryo, gisei, addr, n
        (500001, 0, 100001, 2, D(2024, 3, 30), D(2008, 4, 1), None, D(2018, 4, 1), "open", 0, 0, 2),
        (500002, 3, 100004, 2, D(2024, 3, 20), D(2015, 6, 1), None, D(2018, 4, 1), "open", 0, 1, 1),
        (500004, 6, 100007, 2, D(2024, 3, 1), D(1991, 12, 25), None, D(2018, 4, 1), "open", 1, 3, 1),  # 擬制世帯主
        (500005, 8, 100009, 3, D(2024, 3, 28), D(1977, 7, 29), D(2024, 3, 29), D(2018, 4, 1), D(2024, 3, 28), 0, 4, 0),
        (500011, None, 100015, 1, TODAY, TODAY, None, TODAY, "open", 0, 1, 1),
        (500012, 13, 100014, 1, TODAY, TODAY, None, TODAY, "open", 0, 0, 1),
        (500008, 11, 100012, 2, D(2024, 3, 15), D(2010, 10, 10), "open", D(2018, 4, 1), "open", 0, 2, 1),  # loss date not yet known
    ]
    data = []
    for setai, p, atena, kubun, ido, shutoku, soshitsu, kaishi, shuryo, gisei, a, n in rows:
        kanji, kana = ("岡田　修", "ｵｶﾀﾞ ｵｻﾑ") if p is None else PEOPLE[p][:2]
        post, addr, _ = NARA[a]
        data.append(SETAI_DATA.rec(kubun="2", setai_no=setai, setainushi_atena_no=atena, shori_kubun=kubun,
                                   ido_ymd=ido, shutoku_ymd=shutoku, soshitsu_ymd=soshitsu,
                                   tekiyo_kaishi_ymd=kaishi, tekiyo_shuryo_ymd=shuryo,
                                   gisei_setainushi=gisei, setainushi_kana=kana, setainushi_shimei=kanji,
                                   yubin_no=post, jusho=addr, hihokensha_su=n))
    good = [header] + data + [kokuho_trailer(SETAI_TRAILER, data)]

    bad_data = copy.deepcopy(data[:6])
    # 1 [KRK0311E] the file starts with a data record: it must start with a header.
    first = copy.deepcopy(data[6])
    # 2 [KRK0302E] 2023-02-29 is not a calendar date (資格取得年月日).
    bad_data[0].set("shutoku_ymd", b"20230229")
    # 3 [KRK0302E] month 13 in a yyyymmdd date (資格喪失年月日).
    bad_data[1].set("soshitsu_ymd", b"20241301")
    # 4 [KRK0305E] 擬制世帯主区分 2 is not in the code list.
    bad_data[2].set("gisei_setainushi", 2)
    # 5 [KRK0303E] half-width katakana (single-byte) in an N field (世帯主漢字氏名).
    bad_data[3].set("setainushi_shimei", "ﾜﾀﾅﾍﾞ".encode("cp932") + "\u3000".encode("cp932") * 17 + b" ")
    # 6 [KRK0301E] a hyphen in a 9 field (郵便番号 630-801).
    bad_data[4].set("yubin_no", b"630-801")
    trailer = kokuho_trailer(SETAI_TRAILER, bad_data)  # the header resets the counts: `first` is not in them
    # 7 [KRK0301E, KRK0308E] 変更件数 left blank: not a number, so the total cannot be checked.
    trailer.set("henko_kensu", b" " * 8)
    # 8 [KRK0308E] 追加件数 wrong: says 3, the records give 2.
    trailer.set("tsuika_kensu", 3)
    bad = [first, header] + bad_data + [trailer]
    return good, bad


KOJIN = Layout("kokuho_kojin", 250, "cp932", "crlf")
KOJIN_HEADER = KOJIN.spec(KOKUHO_HEADER_TEXT)
KOJIN_DATA = KOJIN.spec("""
kubun X 1
atena_no 9 15
setai_no 9 15
shori_kubun 9 1
ido_ymd D
hihokensha_kigo M 20
hihokensha_bango 9 8
edaban 9 2
shimei_kana X 40
shimei N 20
seinengappi D
seibetsu 9 1
setainushi_kubun 9 1
zokugara 9 2
shutoku_ymd D
shutoku_jiyu 9 2
soshitsu_ymd D
soshitsu_jiyu 9 2
tekiyo_kaishi_ymd D
tekiyo_shuryo_ymd D
futan_wariai 9 1
kojin_no MY
filler X *
""")
KOJIN_TRAILER = KOJIN.spec(KOKUHO_TRAILER_TEXT)


def kokuho_kojin():
    header = KOJIN_HEADER.rec(kubun="1", hokensha_no=290015, shichoson_cd=292010, sakusei_ymd=D(2024, 4, 2))
    rows = [  # person, atena, setai, kubun, ido, edaban, head?, zoku, shutoku, jiyu, soshitsu, jiyu, shuryo, futan
        (0, 100001, 500001, 2, D(2024, 3, 30), 1, 1, 1, D(2008, 4, 1), 2, None, 0, "open", 3),
        (1, 100002, 500001, 2, D(2024, 3, 30), 2, 2, 2, D(2008, 4, 1), 2, None, 0, "open", 3),
        (2, 100003, 500001, 3, D(2024, 3, 30), 3, 2, 4, D(2008, 4, 1), 2, D(2024, 3, 31), 1, D(2024, 3, 30), 3),
        (3, 100004, 500002, 2, D(2024, 3, 20), 1, 1, 1, D(2015, 6, 1), 1, None, 0, "open", 3),
        (7, 100008, 500004, 3, D(2024, 3, 1), 1, 2, 2, D(1991, 12, 25), 1, D(2024, 3, 1), 5, D(2024, 2, 29), 2),
        (10, 100011, 500007, 1, TODAY, 1, 1, 1, TODAY, 2, None, 0, "open", 3),
        (13, 100014, 500012, 1, TODAY, 1, 1, 1, TODAY, 1, None, 0, "open", 3),
        (5, 100006, 500003, 1, D(2019, 5, 1), 2, 2, 4, D(2019, 5, 1), 3, None, 0, "open", 2),  # 出生 on 令和元年5月1日
    ]
    data = []
    for p, atena, setai, kubun, ido, eda, head, zoku, shutoku, sjiyu, soshitsu, ljiyu, shuryo, futan in rows:
        kanji, kana, sex, birth = PEOPLE[p]
        data.append(KOJIN_DATA.rec(kubun="2", atena_no=atena, setai_no=setai, shori_kubun=kubun, ido_ymd=ido,
                                   hihokensha_kigo="奈市", hihokensha_bango=1000000 + atena % 1000,
                                   edaban=eda, shimei_kana=kana, shimei=kanji, seinengappi=birth,
                                   seibetsu=sex, setainushi_kubun=head, zokugara=zoku, shutoku_ymd=shutoku,
                                   shutoku_jiyu=sjiyu, soshitsu_ymd=soshitsu, soshitsu_jiyu=ljiyu,
                                   tekiyo_kaishi_ymd=D(2018, 4, 1) if shutoku < D(2018, 4, 1) else shutoku,
                                   tekiyo_shuryo_ymd=shuryo, futan_wariai=futan, kojin_no=mynumber(atena)))
    good = [header] + data + [kokuho_trailer(KOJIN_TRAILER, data)]

    g1 = copy.deepcopy(data[:4])
    # 1 [KRK0304E] an M field cut in the middle of a character: its last byte is a lead byte.
    g1[0].set("hihokensha_kigo", "奈市".encode("cp932") + b" " * 15 + b"\x82")
    # 2 [KRK0306E] a letter in a 個人番号.
    g1[1].set("kojin_no", b"12345678901A")
    # 3 [KRK0307W] a blank 個人番号: the federation puts such records on its 確認リスト.
    g1[2].set("kojin_no", "")
    # 4 [KRK0305E] 一部負担金の割合 1 is not in the code list.
    g1[3].set("futan_wariai", 1)
    # 5 [KRK0311E] a second header before the trailer of the first group.
    g2 = copy.deepcopy(data[4:6])
    bad = [header] + g1 + [copy.deepcopy(header)] + g2 + [kokuho_trailer(KOJIN_TRAILER, g2)]
    return good, bad


# ---- rengo_shikaku / rengo_hihokensha_id ---------------------------------------------------

RENGO_HEADER_TEXT = """
kubun X 1
todofuken_no 9 2
hokensha_no 9 6
sakusei_ymd D
filler X *
"""
SHIKAKU = Layout("rengo_shikaku", 200, "cp932", "crlf")
SHIKAKU_HEADER = SHIKAKU.spec(RENGO_HEADER_TEXT)
SHIKAKU_DATA = SHIKAKU.spec("""
kubun X 1
atena_no 9 15
setai_no 9 15
hihokensha_kigo M 20
hihokensha_bango 9 8
edaban 9 2
shimei_kana X 40
seinengappi D
seibetsu 9 1
renkei_kubun 9 1
kokuho_shutoku_ymd D
kokuho_soshitsu_ymd D
tekiyo_kaishi_ymd D
tekiyo_shuryo_ymd D
tenshutsu_hokensha_no 9 6
tenshutsu_shuryo_ymd D
chofuku_kubun 9 1
shori_ymd D
filler X *
""")
SHIKAKU_TRAILER = SHIKAKU.spec("""
kubun X 1
kensu 9 8
chofuku_kensu 9 8
kuhaku_kensu 9 8
filler X *
""")


def rengo_shikaku():
    header = SHIKAKU_HEADER.rec(kubun="1", todofuken_no=29, hokensha_no=290015, sakusei_ymd=D(2024, 4, 2))
    rows = [  # person, atena, setai, renkei, shutoku, soshitsu, kaishi, shuryo, from, from_end, chofuku
        (0, 100001, 500001, 3, D(2008, 4, 1), None, D(2018, 4, 1), "open", 0, None, 0),
        (2, 100003, 500001, 2, D(2008, 4, 1), D(2024, 3, 31), D(2018, 4, 1), D(2024, 3, 30), 0, None, 0),
        # moved in from 大和郡山市: its 適用終了日 and our 適用開始日 meet; the dates carry over.
        (("岡田　修", "ｵｶﾀﾞ ｵｻﾑ", 1, D(1970, 6, 6)), 100015, 500011, 1, D(2012, 4, 1), None, TODAY, "open", 290023,
         D(2024, 3, 31), 0),
        # an overlap: the old city's 適用終了日 is after our 適用開始日.
        (13, 100014, 500012, 1, D(2023, 9, 15), None, TODAY, "open", 290031, D(2024, 4, 5), 1),
        # a gap: the old city's 適用終了日 is days before our 適用開始日.
        (11, 100012, 500008, 1, D(2010, 10, 10), None, D(2024, 3, 25), "open", 290023, D(2024, 3, 10), 2),
        (8, 100009, 500005, 2, D(1977, 7, 29), D(2024, 3, 29), D(2018, 4, 1), D(2024, 3, 28), 0, None, 0),
    ]
    data = []
    for p, atena, setai, renkei, shutoku, soshitsu, kaishi, shuryo, frm, frm_end, chofuku in rows:
        kanji, kana, sex, birth = p if isinstance(p, tuple) else PEOPLE[p]
        data.append(SHIKAKU_DATA.rec(kubun="2", atena_no=atena, setai_no=setai, hihokensha_kigo="奈市",
                                     hihokensha_bango=1000000 + atena % 1000, edaban=1, shimei_kana=kana,
                                     seinengappi=birth, seibetsu=sex, renkei_kubun=renkei,
                                     kokuho_shutoku_ymd=shutoku, kokuho_soshitsu_ymd=soshitsu,
                                     tekiyo_kaishi_ymd=kaishi, tekiyo_shuryo_ymd=shuryo,
                                     tenshutsu_hokensha_no=frm, tenshutsu_shuryo_ymd=frm_end,
                                     chofuku_kubun=chofuku, shori_ymd=TODAY))
    k = [r.get("chofuku_kubun") for r in data]
    trailer = SHIKAKU_TRAILER.rec(kubun="8", kensu=len(data), chofuku_kensu=k.count(b"1"), kuhaku_kensu=k.count(b"2"))
    good = [header] + data + [trailer]

    bad = [header] + copy.deepcopy(data[:5])
    # 1 [KRK0305E] 重複空白区分 3 is not in the code list.
    bad[1].set("chofuku_kubun", 3)
    # 2 [KRK0304E] byte 0x80 in an X field: not CP932 (Python's cp932 decodes it as U+0080,
    #   glibc's CP932 and Windows' do not).
    bad[2].poke("shimei_kana", b"\x80", at=2)
    # 3 [KRK0304E] a double-byte code with no character (0x8540) in an M field.
    bad[3].poke("hihokensha_kigo", b"\x85\x40", at=4)
    # 4 [KRK0302E] 99999998, a typo of the open value 99999999: month 99.
    bad[4].set("tekiyo_shuryo_ymd", b"99999998")
    # 5 [KRK0302E] a date shifted by one byte: a blank in a date (国保資格取得年月日).
    bad[5].set("kokuho_shutoku_ymd", b" 2010101")
    # 6 [KRK0311E] the file ends without the trailer of its header's group.
    return good, bad


HIHO = Layout("rengo_hihokensha_id", 150, "cp932", "crlf")
HIHO_HEADER = HIHO.spec(RENGO_HEADER_TEXT)
HIHO_DATA = HIHO.spec("""
kubun X 1
atena_no 9 15
setai_no 9 15
hihokensha_id 9 16
kyu_hihokensha_id 9 16
id_jotai 9 1
id_fuban_ymd D
hihokensha_bango 9 8
edaban 9 2
shimei_kana X 40
seinengappi D
seibetsu 9 1
filler X *
""")
HIHO_TRAILER = HIHO.spec("""
kubun X 1
kensu 9 8
filler X *
""")


def rengo_hihokensha_id():
    header = HIHO_HEADER.rec(kubun="1", todofuken_no=29, hokensha_no=290015, sakusei_ymd=D(2024, 4, 2))
    rows = [  # person, atena, setai, state, old id, date
        (0, 100001, 500001, 1, 0, D(2018, 4, 1)),
        (1, 100002, 500001, 1, 0, D(2018, 4, 1)),
        (3, 100004, 500002, 1, 0, D(2018, 4, 1)),
        (5, 100006, 500003, 1, 0, D(2019, 5, 1)),
        (13, 100014, 500012, 2, 2900000000000411, TODAY),   # the ID changed
        (8, 100009, 500005, 3, 0, D(2024, 3, 29)),          # deleted (died)
    ]
    data = []
    for p, atena, setai, state, old, when in rows:
        kanji, kana, sex, birth = PEOPLE[p]
        data.append(HIHO_DATA.rec(kubun="2", atena_no=atena, setai_no=setai,
                                  hihokensha_id=2900000000000000 + atena % 100000, kyu_hihokensha_id=old,
                                  id_jotai=state, id_fuban_ymd=when, hihokensha_bango=1000000 + atena % 1000,
                                  edaban=1, shimei_kana=kana, seinengappi=birth, seibetsu=sex))
    good = [header] + data + [HIHO_TRAILER.rec(kubun="8", kensu=len(data))]

    bd = copy.deepcopy(data[:3])
    # 1 [KRK0301E] a blank inside a 9 field (被保険者ID).
    bd[0].poke("hihokensha_id", b" ", at=8)
    # 2 [KRK0305E] ID状態区分 0 is not in the code list.
    bd[1].set("id_jotai", 0)
    # 3 [KRK0310E] レコード区分 3: no such record type.
    unknown = copy.deepcopy(data[3]).set("kubun", "3")
    # 4 [KRK0308E] レコード件数 says 4; there are 3 data records.
    trailer = HIHO_TRAILER.rec(kubun="8", kensu=4)
    # 5 [KRK0311E] a second trailer, with no header before it (its count agrees).
    again = HIHO_TRAILER.rec(kubun="8", kensu=3)
    bad = [header] + bd[:2] + [unknown, bd[2], trailer, again]
    return good, bad


# ---- kenshin -------------------------------------------------------------------------------

KENSHIN = Layout("kenshin", 500, "cp932", "crlf")
COMMON = """
shubetsu X 3
atena_no 9 15
kojin_no MY
shimei_kana X 40
shimei N 20
seinengappi D
seibetsu 9 1
jusho N 40
nendo 9 4
jushin_ymd D
jushin_nenrei 9 3
nendomatsu_nenrei 9 3
jushin_no 9 10
tokki N 20
kenshin_hoshiki 9 1
jisshi_kikan 9 10
jisshi_kubun 9 1
toroku_ymd D
seikyu_ym YM
shokai_kikan 9 10
jisshi_basho N 15
"""
SEIKEN = """
seiken_hoho(1) 9 1
seiken_hoho(2) 9 1
seiken_hoho(3) 9 1
seiken_shoken(1) 9 3
seiken_shoken(2) 9 3
seiken_shoken(3) 9 3
seiken_shoken(4) 9 3
seiken_shoken(5) 9 3
seiken_hantei 9 1
seiken_bui(1) 9 3
seiken_bui(2) 9 3
seiken_bui(3) 9 3
"""
TEETH = ["17", "11", "26", "47", "31", "36", "max"]
TAILS = {
    "000": None,
    "011": "kensa_hoho 9 1\njushinreki 9 1\nshindanmei N 20\nnai_kekka 9 1\nshido_kubun 9 1",
    "012": "ichiji_ymd D\niryo 9 1\nshindanmei N 20\nshindatsudo 9 1\ngan_uchiwake_kyu 9 1\nshindan_shoken N 30" + SEIKEN,
    "021": "kyobu_hantei X 1\nkakutan_hantei X 1\nkitsuen_honsu 9 3\nkitsuen_nensu 9 2\nkitsuen_shisu 9 5\n"
           "jushinreki 9 1\nkakutan_haifu 9 1\nkakutan_jushinreki 9 1\nkakutan_teishutsu 9 1\n"
           "kitsuen_gaito 9 1\nshido_kubun 9 1",
    "022": "ichiji_ymd D\nshindanmei N 20\nsetsujo_konchisei 9 1\nsoshiki_bunrui 9 1\nbyoki 9 1\n"
           "gan_uchiwake 9 1\niryo 9 1\nkakutan_yoseiken 9 1\nshindan_shoken N 30" + SEIKEN,
    "031": "ben_senketsu_1 9 1\nben_senketsu_2 9 1\njushinreki 9 1\nshido_kubun 9 1",
    "032": "ichiji_ymd D\nsonota_kyu 9 1\nkensa 9 1\niryo 9 1\nsonota_shikkan N 20\nshindatsudo 9 1\n"
           "kensa_kyu 9 1\nshindatsudo_kyu 9 1\ngan_uchiwake 9 1\nshindan_shoken N 30" + SEIKEN,
    "041": "bethesda_kubun 9 2\ntaibu_kubun 9 1\ntaibu_hantei 9 1\nshindanmei N 20\ntaibu_jushinreki 9 1\n"
           "kenshin_shubetsu 9 1\nkentai_tekihi 9 1\nbethesda_hantei 9 1\ncoupon 9 1\n"
           "ichiji_kenshin_ymd D\nhpv 9 1\nshido_kubun 9 1",
    "042": "ichiji_ymd D\ngan_uchiwake_kyu 9 1\niryo 9 1\nhpv 9 1\nshindan_shoken N 30\nshinkoki 9 1\n"
           "hantei 9 1" + SEIKEN,
    "051": "mammo_category X 1\nxsen_shoken N 20\njushinreki 9 1\ncoupon_kubun 9 1\nsogo_hantei 9 1\n"
           "shido_kubun 9 1",
    "052": "ichiji_ymd D\niryo 9 1\nbyoki 9 1\ngan_uchiwake 9 1\nshindan_shoken N 30" + SEIKEN,
    "061": "psa 9V 3 2\nhantei 9 1",
    "062": "ichiji_ymd D\nshindan_shoken N 30\niryo 9 1" + SEIKEN,
    "071": "hoho 9 1\nkotsuryo 9V 3 1\nt_score S9V 1 1\nkensa_hantei 9 1\nshido_kubun 9 1",
    "081": "b_hantei 9 1\nc_hantei 9 1",
    "091": "kenzenshi_su 9 2\nmishochishi_su 9 2\nshochishi_su 9 2\nyohotetsushi_su 9 2\n"
           "kesson_hotetsushi_su 9 2\ngenzaishi_su 9 2\n"
           + "".join("bop_%s 9 1\n" % t for t in TEETH) + "".join("pd_%s 9 1\n" % t for t in TEETH)
           + "shiseki 9 1\nkokunai_jotai 9 1\nnenmaku_shoken 9 1\nshido_kubun 9 1",
    "092": "ichiji_ymd D\nkekka 9 1",
}
KENSHIN_HEADER = KENSHIN.spec("shubetsu X 3\nshichoson_cd 9 6\nsakusei_ymd D\ntaisho_nendo 9 4\nsakusei_kikan N 20\nfiller X *")
KENSHIN_TYPES = {code: KENSHIN.spec(COMMON + tail + "\nfiller X *") for code, tail in TAILS.items() if tail}
KENSHIN_TRAILER = KENSHIN.spec("shubetsu X 3\n" + "".join("kensu_%s 9 6\n" % c for c in TAILS if TAILS[c])
                               + "filler X *")

KUMAGAYA = [  # the people screened in 熊谷市: kanji, kana, sex, birth, address
    ("大野　幸子", "ｵｵﾉ ｻﾁｺ", 2, D(1955, 6, 18), "熊谷市宮町二丁目４７番地１"),
    ("高木　茂", "ﾀｶｷﾞ ｼｹﾞﾙ", 1, D(1949, 9, 30), "熊谷市桜木町一丁目２０２番地"),
    ("石川　直美", "ｲｼｶﾜ ﾅｵﾐ", 2, D(1978, 2, 3), "熊谷市妻沼１５１１番地"),
    ("森田　勇", "ﾓﾘﾀ ｲｻﾑ", 1, D(1964, 12, 1), "熊谷市籠原南一丁目３番地"),
    ("清水　恵子", "ｼﾐｽﾞ ｹｲｺ", 2, D(1999, 7, 7), "熊谷市銀座二丁目１１番地"),
]


def age_on(birth, d):
    return d.year - birth.year - ((d.month, d.day) < (birth.month, birth.day))


def kenshin_rec(code, i, who, jushin, tail):
    kanji, kana, sex, birth, addr = KUMAGAYA[who]
    v = dict(shubetsu=code, atena_no=200001 + who, kojin_no=mynumber(200001 + who), shimei_kana=kana,
             shimei=kanji, seinengappi=birth, seibetsu=sex, jusho=addr, nendo=2024, jushin_ymd=jushin,
             jushin_nenrei=age_on(birth, jushin), nendomatsu_nenrei=age_on(birth, D(2025, 3, 31)),
             jushin_no=2400001 + i, kenshin_hoshiki=1 if i % 3 == 0 else 2,
             jisshi_kikan=1110112345 + 1000 * (i % 3), jisshi_kubun=1,
             toroku_ymd=jushin + datetime.timedelta(days=10), seikyu_ym=(jushin.year, jushin.month),
             shokai_kikan=0, jisshi_basho="熊谷市保健センター" if code[2] == "1" else "")
    v.update(tail)
    return KENSHIN_TYPES[code].rec(**v)


def seiken(hoho, hantei, shoken=(), bui=()):
    v = {"seiken_hantei": hantei}
    for k in range(3):
        v["seiken_hoho(%d)" % (k + 1)] = hoho[k] if k < len(hoho) else 0
        v["seiken_bui(%d)" % (k + 1)] = bui[k] if k < len(bui) else 0
    for k in range(5):
        v["seiken_shoken(%d)" % (k + 1)] = shoken[k] if k < len(shoken) else 0
    return v


def kenshin():
    header = KENSHIN_HEADER.rec(shubetsu="000", shichoson_cd=112020, sakusei_ymd=D(2025, 4, 10), taisho_nendo=2024,
                                sakusei_kikan="熊谷市健康づくり課")
    J = D(2024, 6, 12)
    P = D(2024, 8, 20)  # the date of a 精密 exam
    teeth = dict(kenzenshi_su=20, mishochishi_su=2, shochishi_su=6, yohotetsushi_su=1, kesson_hotetsushi_su=2,
                 genzaishi_su=28, shiseki=1, kokunai_jotai=2, nenmaku_shoken=0, shido_kubun=2)
    teeth.update({"bop_%s" % t: (1 if t in ("26", "max") else 0) for t in TEETH})
    teeth.update({"pd_%s" % t: (1 if t in ("47", "max") else 0) for t in TEETH})
    data = [
        kenshin_rec("011", 0, 1, J, dict(kensa_hoho=2, jushinreki=2, shindanmei="慢性胃炎", nai_kekka=2, shido_kubun=3)),
        kenshin_rec("012", 1, 1, P, dict(ichiji_ymd=J, iryo=2, shindanmei="胃腺腫", shindatsudo=0, gan_uchiwake_kyu=0,
                                          shindan_shoken="胃腺腫　経過観察", **seiken((1, 2), 4, (12, 31), ()))),
        kenshin_rec("021", 2, 3, J, dict(kyobu_hantei="D", kakutan_hantei="B", kitsuen_honsu=20, kitsuen_nensu=35,
                                          kitsuen_shisu=700, jushinreki=2, kakutan_haifu=1, kakutan_jushinreki=2,
                                          kakutan_teishutsu=1, kitsuen_gaito=1, shido_kubun=3)),
        kenshin_rec("022", 3, 3, P, dict(ichiji_ymd=J, shindanmei="肺結節", setsujo_konchisei=0, soshiki_bunrui=0,
                                          byoki=0, gan_uchiwake=0, iryo=2, kakutan_yoseiken=0,
                                          shindan_shoken="右上葉結節　半年後ＣＴ", **seiken((4,), 3, (45,), ()))),
        kenshin_rec("031", 4, 0, J, dict(ben_senketsu_1=1, ben_senketsu_2=2, jushinreki=1, shido_kubun=3)),
        kenshin_rec("032", 5, 0, P, dict(ichiji_ymd=J, sonota_kyu=0, kensa=1, iryo=1, sonota_shikkan="大腸ポリープ",
                                          shindatsudo=1, kensa_kyu=0, shindatsudo_kyu=0, gan_uchiwake=1,
                                          shindan_shoken="Ｓ状結腸癌　内視鏡切除",
                                          **seiken((1, 2), 2, (51, 52), (34,)))),
        kenshin_rec("041", 6, 2, J, dict(bethesda_kubun=2, taibu_kubun=0, taibu_hantei=0, taibu_jushinreki=0,
                                          kenshin_shubetsu=1, kentai_tekihi=1, bethesda_hantei=2, coupon=0,
                                          ichiji_kenshin_ymd=None, hpv=2, shido_kubun=3)),
        kenshin_rec("042", 7, 2, P, dict(ichiji_ymd=J, gan_uchiwake_kyu=0, iryo=2, hpv=2, shindan_shoken="ＣＩＮ１",
                                          shinkoki=0, hantei=2, **seiken((7,), 4, (60,), ()))),
        kenshin_rec("051", 8, 0, J, dict(mammo_category="3", xsen_shoken="石灰化", jushinreki=2, coupon_kubun=0,
                                          sogo_hantei=2, shido_kubun=3)),
        kenshin_rec("052", 9, 0, P, dict(ichiji_ymd=J, iryo=0, byoki=0, gan_uchiwake=0, shindan_shoken="良性石灰化",
                                          **seiken((6,), 1))),
        kenshin_rec("061", 10, 1, J, dict(psa="6.25", hantei=2)),
        kenshin_rec("062", 11, 1, P, dict(ichiji_ymd=J, shindan_shoken="前立腺肥大症", iryo=3, **seiken((5, 2), 4, (70,)))),
        kenshin_rec("071", 12, 4, J, dict(hoho=1, kotsuryo="78.5", t_score="-1.2", kensa_hantei=2, shido_kubun=2)),
        kenshin_rec("081", 13, 3, J, dict(b_hantei=1, c_hantei=1)),
        kenshin_rec("091", 14, 4, J, teeth),
        kenshin_rec("092", 15, 4, P, dict(ichiji_ymd=J, kekka=2)),
    ]

    def trailer(recs):
        counts = {}
        for r in recs:
            c = r.get("shubetsu").decode()
            counts["kensu_" + c] = counts.get("kensu_" + c, 0) + 1
        return KENSHIN_TRAILER.rec(shubetsu="999", **counts)

    good = [header] + data + [trailer(data)]

    bd = copy.deepcopy(data)
    # 1 [KRK0305E] 総合指導区分 5 is not in the code list (胃がん一次).
    bd[0].set("shido_kubun", 5)
    # 2 [KRK0305E] 胸部エックス線判定 F is not one of A-E (肺がん一次).
    bd[2].set("kyobu_hantei", "F")
    # 3 [KRK0301E] a bad overpunch: 'z' is no digit with a sign (Tスコア, S9).
    bd[12].poke("t_score", b"z", at=1)
    # 4 [KRK0301E] an overpunched sign in an unsigned 9 field (骨量値 -78.5 written as 078u).
    bd[12].poke("kotsuryo", b"u", at=3)
    # 5 [KRK0302E] month 13 in a yyyymm date (請求日(月) 202413, 子宮頸がん一次).
    bd[6].set("seikyu_ym", b"202413")
    # 6 [KRK0301E] a letter in an occurrence of a repeating field (精検所見(3), 肺がん精密).
    bd[3].set("seiken_shoken(3)", b"0A1")
    # 7 [KRK0305E] マンモグラフィーカテゴリ n: codes are exact, the code is N (乳がん一次).
    bd[8].set("mammo_category", "n")
    # 8 [KRK0305E] 歯周ポケットPD(最大値) 3 is not one of 0/1/2/9 (歯と口 一次).
    bd[14].set("pd_max", 3)
    # 9 [KRK0303E] an ASCII letter in a sensitive N field (診断名): the character is not shown.
    bd[1].poke("shindanmei", b"A", at=4)
    # 10 [KRK0310E] レコード種別 013: no such record type (胃がん has 011 and 012 only).
    unknown = copy.deepcopy(data[1]).set("shubetsu", "013")
    t = trailer(bd)
    # 11 [KRK0308E] 肺がん検診一次件数 says 2; the file holds 1.
    t.set("kensu_021", 2)
    bad = [header] + bd[:2] + [unknown] + bd[2:] + [t]
    return good, bad


# ---- yobo_sesshu (UTF-8, LF) ----------------------------------------------------------------

YOBO = Layout("yobo_sesshu", 340, "utf-8", "lf")
YOBO_COMMON = """
kiroku_kubun 9 1
atena_no 9 15
setai_no 9 15
kojin_no MY
shimei_kana N 20
shimei N 20
seinengappi GG
seibetsu 9 1
"""
YOBO_1 = YOBO.spec(YOBO_COMMON + """
sesshu_cd 9 3
sesshu_kaisu 9 1
sesshu_ymd GG
nenrei_sai 9 2
nenrei_getsu 9 2
sesshu_hantei 9 1
jisshi_kikan 9 10
lot_no X 10
sesshu_ryo 9V 1 2
tokki N 20
seikyu_ym YM
nendo_gengo 9 1
nendo_nen 9 2
haien_shurui 9 1
filler X *
""")
YOBO_2 = YOBO.spec(YOBO_COMMON + """
seireki_nendo 9 4
sesshu_ymd GG
shonin_tetsuzuki 9 1
sesshu_nenrei 9 3
sesshu_hantei 9 1
jisshi_kikan 9 10
lot_no X 10
sesshu_ryo 9V 1 2
tokki N 20
seikyu_ym YM
filler X *
""")
YOBO_3 = YOBO.spec(YOBO_COMMON + """
seireki_nendo 9 4
jisshi_ymd GG
coupon_no 9 10
jisshi_kubun 9 1
jisshi_hantei 9 1
sesshu_nenrei 9 3
nendomatsu_nenrei 9 3
kijunbi_nenrei 9 3
jisshi_kikan 9 10
kotai_hoho 9 1
kotaika 9V 4 1
kotaika_hani X 1
kotaika_tani M 12
kotai_hantei 9 1
kotai_kensa_no 9 12
lot_no X 10
sesshu_ryo 9V 1 2
taishogai 9 1
seikyu_ym YM
tokki N 20
filler X *
""")


def months_between(birth, d):
    m = (d.year - birth.year) * 12 + d.month - birth.month - (d.day < birth.day)
    return m // 12, m % 12


def fiscal_year(d):
    return d.year if d.month >= 4 else d.year - 1


def yobo_person(kubun, atena, setai, kanji, kana, sex, birth):
    return dict(kiroku_kubun=kubun, atena_no=atena, setai_no=setai, kojin_no=mynumber(atena),
                shimei_kana=half_to_full(kana), shimei=kanji, seinengappi=birth, seibetsu=sex)


def infant(atena, setai, who, code, dose, d, ryo, lot, **extra):
    kanji, kana, sex, birth = who
    y, m = months_between(birth, d)
    fy = fiscal_year(d)
    era, nen = (5, fy - 2018) if fy >= 2019 else (4, fy - 1988)  # FY2019 is 令和元年度
    v = yobo_person(1, atena, setai, kanji, kana, sex, birth)
    v.update(sesshu_cd=code, sesshu_kaisu=dose, sesshu_ymd=d, nenrei_sai=y, nenrei_getsu=m, sesshu_hantei=1,
             jisshi_kikan=2911012345, lot_no=lot, sesshu_ryo=ryo, seikyu_ym=(d.year, d.month),
             nendo_gengo=era, nendo_nen=nen, haien_shurui=0)
    v.update(extra)
    return YOBO_1.rec(**v)


def yobo_sesshu():
    yui = ("鈴木　結衣", "ｽｽﾞｷ ﾕｲ", 2, D(2019, 5, 1))
    kenichi = ("鈴木　健一", "ｽｽﾞｷ ｹﾝｲﾁ", 1, D(2019, 4, 30))
    hina = ("加藤　陽菜", "ｶﾄｳ ﾋﾅ", 2, D(2021, 6, 15))
    ren = ("山田　蓮", "ﾔﾏﾀﾞ ﾚﾝ", 1, D(2024, 3, 28))
    data = [
        # The first dose given on 令和元年7月1日 to a baby born on 平成31年4月30日.
        infant(100005, 500003, kenichi, 101, 1, D(2019, 7, 1), "0.5", "HIB1903A"),
        infant(100005, 500003, kenichi, 102, 1, D(2019, 7, 1), "0.5", "PCV1905", haien_shurui=1),
        # Born on 令和元年5月1日, the first day of 令和.
        infant(100006, 500003, yui, 107, 1, D(2019, 11, 5), "0", "BCG119"),  # 管針法: no volume
        infant(100006, 500003, yui, 108, 1, D(2020, 5, 11), "0.5", "MR0921"),
        infant(100018, 500014, hina, 112, 1, D(2024, 7, 2), "0.25", "JE2406",
               tokki="前日発熱のため１週延期"),
        # Postponed at the 予診 (見合わせ): no lot, no dose.
        infant(100016, 500001, ren, 105, 1, D(2024, 6, 3), "0", "", sesshu_hantei=2, seikyu_ym=None,
               tokki="発熱のため見合わせ"),
    ]
    v = yobo_person(2, 100019, 500015, "松本　ハル", "ﾏﾂﾓﾄ ﾊﾙ", 2, D(1940, 2, 11))
    v.update(seireki_nendo=2023, sesshu_ymd=D(2023, 10, 16), shonin_tetsuzuki=0, sesshu_nenrei=83, sesshu_hantei=1,
             jisshi_kikan=2911054321, lot_no="PPV2301", sesshu_ryo="0.5", seikyu_ym=(2023, 11))
    data.append(YOBO_2.rec(**v))
    # Born on 昭和37年4月2日, the first birthday of the 風しん第5期 targets; tested on 平成31年4月30日.
    v = yobo_person(3, 100021, 500017, "村上　浩", "ﾑﾗｶﾐ ﾋﾛｼ", 1, D(1962, 4, 2))
    v.update(seireki_nendo=2019, jisshi_ymd=D(2019, 4, 30), coupon_no=1900000123, jisshi_kubun=1, jisshi_hantei=1,
             sesshu_nenrei=57, nendomatsu_nenrei=57, kijunbi_nenrei=57, jisshi_kikan=2911012345, kotai_hoho=1,
             kotaika="8", kotaika_hani="", kotaika_tani="倍", kotai_hantei=1, kotai_kensa_no=190000000457,
             lot_no="", sesshu_ryo="0", taishogai=0, seikyu_ym=(2019, 5))
    data.append(YOBO_3.rec(**v))
    v = yobo_person(3, 100020, 500016, "橋本　浩二", "ﾊｼﾓﾄ ｺｳｼﾞ", 1, D(1979, 4, 1))
    v.update(seireki_nendo=2019, jisshi_ymd=D(2019, 5, 1), coupon_no=1900000124, jisshi_kubun=2, jisshi_hantei=1,
             sesshu_nenrei=40, nendomatsu_nenrei=40, kijunbi_nenrei=40, jisshi_kikan=2911054321, kotai_hoho=2,
             kotaika="4.2", kotaika_hani="<", kotaika_tani="EIA価", kotai_hantei=1, kotai_kensa_no=190000000458,
             lot_no="MR1904", sesshu_ryo="0.5", taishogai=0, seikyu_ym=(2019, 6))
    data.append(YOBO_3.rec(**v))
    good = data

    bad = copy.deepcopy(data)
    # 1 [KRK0304E] an invalid UTF-8 sequence (0xC3 0x28) in an N field (漢字氏名).
    bad[0].poke("shimei", b"\xc3\x28", at=3)
    # 2 [KRK0304E] an N field cut in the middle of a character: its last 3-byte character
    #   loses its third byte (a converter that cut at a byte count).
    name = ("ス" * 19).encode("utf-8") + "ズ".encode("utf-8")[:2] + b" "
    bad[1].set("shimei_kana", name)
    # 3 [KRK0302E] 平成31年5月1日 in a ggyymmdd date (2-digit era): 平成 had ended.
    bad[2].set("seinengappi", b"04310501")
    # 4 [KRK0302E] era code 07 in a ggyymmdd date (接種・予診日).
    bad[3].set("sesshu_ymd", b"07010101")
    # 5 [KRK0303E] half-width katakana in an N field (UTF-8 U+FF76...): single-byte class.
    bad[4].set("shimei_kana", "ｶﾄｳ".encode("utf-8") + "\u3000".encode("utf-8") * 17)
    # 6 [KRK0303E] an N field padded with ASCII spaces instead of U+3000 (more than the two a
    #   UTF-8 N field may end with).
    bad[5].set("tokki", "発熱のため見合わせ".encode("utf-8").ljust(60))
    # 7 [KRK0305E] 接種コード 115 is not in the code list.
    bad[5].set("sesshu_cd", 115)
    # 8 [KRK0301E] a letter O for a zero in a decimal field (接種量 O.50).
    bad[6].set("sesshu_ryo", b"O50")
    # 9 [KRK0310E] 記録区分 4: no such record type.
    bad[7].set("kiroku_kubun", 4)
    return good, bad


# ---- zengin_furikae ------------------------------------------------------------------------

ZENGIN = Layout("zengin_furikae", 120, "cp932", "crlf")
Z_HEADER = ZENGIN.spec("""
data_kubun 9 1
shubetsu_cd 9 2
code_kubun 9 1
itakusha_cd 9 10
itakusha_mei X 40
hikiotoshi_md 9 4
torihiki_ginko_no 9 4
torihiki_ginko_mei X 15
torihiki_shiten_no 9 3
torihiki_shiten_mei X 15
yokin_shumoku 9 1
koza_no 9 7
filler X 17
""")
Z_DATA = ZENGIN.spec("""
data_kubun 9 1
hikiotoshi_ginko_no 9 4
hikiotoshi_ginko_mei X 15
hikiotoshi_shiten_no 9 3
hikiotoshi_shiten_mei X 15
filler1 X 4
yokin_shumoku 9 1
koza_no 9 7
yokinsha_mei X 30
hikiotoshi_kingaku 9 10
shinki_cd 9 1
kokyaku_no 9 20
furikae_kekka 9 1
filler2 X 8
""")
Z_TRAILER = ZENGIN.spec("""
data_kubun 9 1
gokei_kensu 9 6
gokei_kingaku 9 12
furikaezumi_kensu 9 6
furikaezumi_kingaku 9 12
funo_kensu 9 6
funo_kingaku 9 12
filler X 65
""")
Z_END = ZENGIN.spec("data_kubun 9 1\nfiller X 119")


def z_header(bank, bank_name, branch, branch_name, koza):
    return Z_HEADER.rec(data_kubun=1, shubetsu_cd=91, code_kubun=0, itakusha_cd=1234567890,
                        itakusha_mei="ﾅﾗｼ ｺｸﾐﾝｹﾝｺｳﾎｹﾝ", hikiotoshi_md="0427", torihiki_ginko_no=bank,
                        torihiki_ginko_mei=bank_name, torihiki_shiten_no=branch, torihiki_shiten_mei=branch_name,
                        yokin_shumoku=1, koza_no=koza)


def z_data(bank, bank_name, branch, branch_name, koza, name, amount, atena, shinki=0, kekka=0, shumoku=1):
    return Z_DATA.rec(data_kubun=2, hikiotoshi_ginko_no=bank, hikiotoshi_ginko_mei=bank_name,
                      hikiotoshi_shiten_no=branch, hikiotoshi_shiten_mei=branch_name, yokin_shumoku=shumoku,
                      koza_no=koza, yokinsha_mei=name, hikiotoshi_kingaku=amount, shinki_cd=shinki,
                      kokyaku_no=atena, furikae_kekka=kekka)


def z_trailer(data):
    done = [r for r in data if r.get("furikae_kekka") == b"0"]
    amount = lambda rs: sum(int(r.get("hikiotoshi_kingaku")) for r in rs)
    return Z_TRAILER.rec(data_kubun=8, gokei_kensu=len(data), gokei_kingaku=amount(data),
                         furikaezumi_kensu=len(done), furikaezumi_kingaku=amount(done),
                         funo_kensu=len(data) - len(done), funo_kingaku=amount(data) - amount(done))


def zengin_furikae():
    # A result file as the banks return it: 振替結果コード filled in, two banks, one end.
    g1 = [z_header(162, "ﾅﾝﾄ", 1, "ﾎﾝﾃﾝ", 1234567)]
    d1 = [
        z_data(162, "ﾅﾝﾄ", 1, "ﾎﾝﾃﾝ", 1111111, "ﾔﾏﾀﾞ ﾀﾛｳ", 32100, 100001),
        z_data(162, "ﾅﾝﾄ", 12, "ｻｲﾀﾞｲｼﾞ", 2345678, "ｻﾄｳ ﾐｻｷ", 15800, 100004, shinki=1),
        z_data(162, "ﾅﾝﾄ", 25, "ﾄﾐｵ", 3456789, "ﾀｶﾊｼ ﾏｺﾄ", 8700, 100007, kekka=1),   # 資金不足
        z_data(162, "ﾅﾝﾄ", 1, "ﾎﾝﾃﾝ", 4567890, "ｺﾊﾞﾔｼ ﾀﾞｲｽｹ", 41200, 100011, shinki=2, shumoku=2),
    ]
    g2 = [z_header(5, "ﾐﾂﾋﾞｼUFJ", 460, "ﾅﾗ", 7654321)]
    d2 = [
        z_data(5, "ﾐﾂﾋﾞｼUFJ", 460, "ﾅﾗ", 5678901, "ﾖｼﾀﾞ ｲﾁﾛｳ", 27300, 100012),
        z_data(5, "ﾐﾂﾋﾞｼUFJ", 460, "ﾅﾗ", 6789012, "ｸﾞｴﾝ ｳﾞｧﾝ ｱﾝ", 12000, 100014, kekka=2),  # 取引なし
    ]
    end = Z_END.rec(data_kubun=9)
    good = g1 + d1 + [z_trailer(d1)] + g2 + d2 + [z_trailer(d2)] + [end]

    b1 = copy.deepcopy(d1[:3])
    # 1 [KRK0303E] full-width katakana in a Zengin C (X) field (預金者名).
    b1[0].set("yokinsha_mei", "ヤマダ　タロウ".encode("cp932").ljust(30))
    # 2 [KRK0305E] 振替結果コード 5 is not a Zengin result code.
    b1[1].set("furikae_kekka", 5)
    t1 = z_trailer(b1)
    # 3 [KRK0308E] 合計金額 says 100 yen more than the records add up to.
    t1.set("gokei_kingaku", int(t1.get("gokei_kingaku")) + 100)
    # 4 [KRK0308E] 振替済件数 (count where 振替結果コード = 0) says 3; the records give 1.
    t1.set("furikaezumi_kensu", 3)
    # 5 [KRK0311E] a data record after the trailer.
    after = copy.deepcopy(d1[3])
    b2 = copy.deepcopy(d2)
    # 6 [KRK0301E, KRK0308E] 引落金額 right-justified with blanks instead of zeros: not a
    #   number, so the trailer's 合計金額 cannot be checked.
    b2[0].set("hikiotoshi_kingaku", b"     27300")
    t2 = Z_TRAILER.rec(data_kubun=8, gokei_kensu=2, gokei_kingaku=39300, furikaezumi_kensu=1,
                       furikaezumi_kingaku=27300, funo_kensu=1, funo_kingaku=12000)
    # 7 [KRK0311E] a record after the end record.
    late = copy.deepcopy(d2[0])
    bad = g1 + b1 + [t1, after] + g2 + b2 + [t2, end, late]
    return good, bad


def main():
    for layout, make in [(JUKI, juki), (JUKI_TX, juki_tx), (IDO, juki_ido), (SETAI, kokuho_setai), (KOJIN, kokuho_kojin),
                         (SHIKAKU, rengo_shikaku), (HIHO, rengo_hihokensha_id), (KENSHIN, kenshin),
                         (YOBO, yobo_sesshu), (ZENGIN, zengin_furikae)]:
        good, bad = make()
        assert 5 <= len(good) <= 20, (layout.name, len(good))
        write(layout, good, ".dat")
        write(layout, bad, ".bad.dat")
        print("%-22s %2d records, broken twin %2d records" % (layout.name, len(good), len(bad)))


if __name__ == "__main__":
    main()
