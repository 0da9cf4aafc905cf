#!/usr/bin/env python3
"""kouza_oracle.py: an independent reading of the 口座振替 rules for tests/diff/kouza_truth.sh.

usage: kouza_oracle.py HOKENRYO KEKKA DATE OUTDIR
Reads a premium ledger (layout kokuho_hokenryo, by byte positions) and the bank's Zengin
result (zengin_furikae), takes the debit day as the first 納期限 on or after DATE among the
ledger's own installments, and writes what the streams must make, from the published Zengin
format (docs/DOMAIN.md) and docs/streams/kouza_furikae.md, without kiroku's code:
  irai.dat      the request: header, one data record per 口座振替 installment due and unpaid
                in 顧客番号 order (names with small half-width kana written large), trailer
                with 合計件数/金額 and the four 振替済/不能 fields 0, end
  hokenryo.dat  the ledger with the result reconciled (code 0 paid on the debit day)
  minou.dat     the due 口座振替 installments left unpaid
It also checks the result's trailer: 済 = code 0, 不能 = the others, 合計 = both; exit 1 if not.
"""
import sys

CRLF = b"\r\n"
# CP932 half-width small kana ｧｨｩｪｫｬｭｮｯ -> ｱｲｳｴｵﾔﾕﾖﾂ
FOLD = bytes.maketrans(bytes(range(0xA7, 0xB0)), bytes([0xB1, 0xB2, 0xB3, 0xB4, 0xB5, 0xD4, 0xD5, 0xD6, 0xC2]))


def records(path, width):
    data = open(path, "rb").read()
    step = width + 2
    assert len(data) % step == 0, path
    out = [data[i:i + width] for i in range(0, len(data), step)]
    assert all(data[i + width:i + step] == CRLF for i in range(0, len(data), step)), path
    return out


def main():
    ledger_path, kekka_path, date, outdir = sys.argv[1:5]
    ledger = records(ledger_path, 120)
    day = date.replace("-", "").encode()
    debit = min(r[51:59] for r in ledger if r[51:59] >= day)
    hoken = ledger[0][0:6]

    due = [r for r in ledger if r[59:60] == b"1" and r[106:107] == b"0" and r[51:59] == debit]
    due.sort(key=lambda r: int(r[27:42]))
    irai = [b"1" + b"91" + b"0" + hoken.rjust(10, b"0") + "ｺｸﾐﾝｹﾝｺｳﾎｹﾝ".encode("cp932").ljust(40)
            + debit[4:8] + b"0134" + b" " * 15 + b"001" + b" " * 15 + b"1" + hoken.rjust(7, b"0") + b" " * 17]
    total = 0
    for r in due:
        amount = int(r[42:51])
        total += amount
        irai.append(b"2" + r[60:64] + b" " * 15 + r[64:67] + b" " * 15 + b" " * 4 + r[67:68] + r[68:75]
                    + r[75:105].translate(FOLD) + b"%010d" % amount + r[105:106] + b"%020d" % int(r[27:42])
                    + b"0" + b" " * 8)
    irai.append(b"8" + b"%06d" % len(due) + b"%012d" % total + b"0" * 36 + b" " * 65)
    irai.append(b"9" + b" " * 119)
    assert all(len(x) == 120 for x in irai)

    result = records(kekka_path, 120)
    code = {}
    paid = [0, 0]
    unpaid = [0, 0]
    for r in result:
        if r[0:1] == b"2":
            c = r[111:112]
            code[int(r[91:111])] = c
            side = paid if c == b"0" else unpaid
            side[0] += 1
            side[1] += int(r[80:90])
        elif r[0:1] == b"8":
            t = (int(r[1:7]), int(r[7:19]), int(r[19:25]), int(r[25:37]), int(r[37:43]), int(r[43:55]))
            want = (paid[0] + unpaid[0], paid[1] + unpaid[1], paid[0], paid[1], unpaid[0], unpaid[1])
            if t != want:
                print("the result's trailer says %s, its records give %s" % (t, want))
                return 1

    new, minou = [], []
    due_keys = {r[6:27] for r in due}
    for r in ledger:
        if r[6:27] in due_keys:
            c = code.get(int(r[27:42]))
            if c is not None:
                r = r[:106] + (b"1" if c == b"0" else b"0") + c + (debit if c == b"0" else b"00000000") + r[116:]
                if c != b"0":
                    minou.append(r)
        new.append(r)
    for name, recs in (("irai.dat", irai), ("hokenryo.dat", new), ("minou.dat", minou)):
        with open("%s/%s" % (outdir, name), "wb") as f:
            f.write(b"".join(x + CRLF for x in recs))
    print(debit.decode())
    return 0


if __name__ == "__main__":
    sys.exit(main())
