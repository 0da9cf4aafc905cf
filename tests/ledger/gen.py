#!/usr/bin/env python3
"""gen.py: random masters and transaction files for the ledger tests and the bench, in the
layouts tests/ledger/nhi_shikaku.layout and nhi_shikaku_tx.layout (CP932, CR LF).

  gen.py master SEED COUNT OUT            a sorted master of COUNT records (keys 1, 4, 7, ...)
  gen.py tx SEED COUNT KEYSPACE OUT [--unsorted] [--invalid] [--only-valid-changes]
                                          COUNT transactions on keys 1..KEYSPACE, sorted by key
                                          (stable) unless --unsorted; --invalid mixes in
                                          records that must be rejected as invalid
"""
import random
import sys

KANA = ["ｻﾄｳ", "ｽｽﾞｷ", "ﾀｶﾊｼ", "ﾀﾅｶ", "ｲﾄｳ", "ﾜﾀﾅﾍﾞ", "ﾔﾏﾓﾄ", "ﾅｶﾑﾗ", "ｺﾊﾞﾔｼ", "ｶﾄｳ"]
GIVEN = ["ﾀﾛｳ", "ﾊﾅｺ", "ｲﾁﾛｳ", "ﾖｳｺ", "ｹﾝ", "ﾕｲ"]
KANJI = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤"]
GIVEN_KANJI = ["太郎", "花子", "一郎", "洋子", "健", "結衣"]


def text(s, width):
    b = s.encode("cp932")
    assert len(b) <= width, s
    return b + b" " * (width - len(b))


def ntext(s, chars):
    b = s.encode("cp932")
    return b + "\u3000".encode("cp932") * (chars - len(s))


def zoned_signed(v, digits):
    s = "%0*d" % (digits, abs(v))
    last = s[-1]
    if v < 0:
        last = chr(ord("p") + int(last))
    return (s[:-1] + last).encode()


def mynumber(rng):
    base = "".join(rng.choice("0123456789") for _ in range(11))
    total = 0
    for n in range(1, 12):
        q = n + 1 if n <= 6 else n - 5
        total += int(base[11 - n]) * q
    r = total % 11
    return (base + str(0 if r <= 1 else 11 - r)).encode()


def birth(rng):
    y = rng.randint(1930, 1985)  # 昭和5年..昭和60年
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    return b"3%02d%02d%02d" % (y - 1925, m, d)


def ymd(rng):
    return b"%04d%02d%02d" % (rng.randint(2000, 2023), rng.randint(1, 12), rng.randint(1, 28))


def soshitsu(rng):
    return rng.choice([b"99999999", b"99999999", b"00000000", ymd(rng)])


def person(rng):
    i = rng.randrange(len(KANA))
    g = rng.randrange(len(GIVEN))
    return text(KANA[i] + " " + GIVEN[g], 20), ntext(KANJI[i] + GIVEN_KANJI[g], 10)


def master_record(rng, key):
    kana, shimei = person(rng)
    r = (b"2" + b"%015d" % key + kana + shimei + rng.choice([b"1", b"2"]) + birth(rng) + ymd(rng)
         + soshitsu(rng) + zoned_signed(rng.randint(-5000, 900000), 7) + mynumber(rng))
    return r + b" " * (110 - len(r))


def pad(r, n):
    assert len(r) <= n, (len(r), r)
    return r + b" " * (n - len(r))


def master(seed, count, out):
    rng = random.Random(seed)
    with open(out, "wb") as f:
        f.write(pad(b"1" + b"12345678" + b"20240401", 110) + b"\r\n")
        total = 0
        for i in range(count):
            r = master_record(rng, 1 + 3 * i)
            v = r[80:87].decode()
            total += -int(v[:-1] + str(ord(v[-1]) - ord("p"))) if v[-1] >= "p" else int(v)
            f.write(r + b"\r\n")
        f.write(pad(b"8" + b"%08d" % count + zoned_signed(total, 12), 110) + b"\r\n")


def tx_record(rng, key, invalid):
    k = b"%015d" % key
    action = rng.choice("AACCNDD")
    if invalid and rng.random() < 0.5:
        kind = rng.choice(["key", "code", "type", "date"])
        if kind == "key":
            return b"C" + b"%014dX" % key + pad(b"", 104)
        if kind == "type":
            return b"Z" + k + pad(b"", 104)
        if kind == "code":  # seibetsu 9 is not one of the codes
            kana, shimei = person(rng)
            return pad(b"A" + k + kana + shimei + b"9" + birth(rng) + ymd(rng) + b"99999999"
                       + zoned_signed(100, 7) + mynumber(rng), 120)
        return pad(b"C" + k + b"99999999" + b"20241399" + zoned_signed(1, 7), 120)
    if action == "A":
        kana, shimei = person(rng)
        return pad(b"A" + k + kana + shimei + rng.choice([b"1", b"2"]) + birth(rng) + ymd(rng)
                   + soshitsu(rng) + zoned_signed(rng.randint(-100, 500000), 7) + mynumber(rng), 120)
    if action == "C":
        before = rng.choice([b"99999999", b"00000000", b"99999999"])
        return pad(b"C" + k + before + soshitsu(rng) + zoned_signed(rng.randint(0, 700000), 7), 120)
    if action == "N":
        kana, shimei = person(rng)
        return pad(b"N" + k + kana + shimei, 120)
    return pad(b"D" + k, 120)


def tx(seed, count, keyspace, out, unsorted, invalid):
    rng = random.Random(seed)
    recs = []
    for _ in range(count):
        key = rng.randint(1, keyspace)
        recs.append((key, tx_record(rng, key, invalid)))
    if not unsorted:
        recs.sort(key=lambda kr: kr[0])  # stable: several per key keep their order
    with open(out, "wb") as f:
        f.write(pad(b"H20240402", 120) + b"\r\n")
        for _, r in recs:
            f.write(r + b"\r\n")
        f.write(pad(b"T%08d" % len(recs), 120) + b"\r\n")


def main(argv):
    if argv[1] == "master":
        master(int(argv[2]), int(argv[3]), argv[4])
    elif argv[1] == "tx":
        tx(int(argv[2]), int(argv[3]), int(argv[4]), argv[5], "--unsorted" in argv, "--invalid" in argv)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
