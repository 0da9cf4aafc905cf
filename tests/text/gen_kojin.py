#!/usr/bin/env python3
"""gen_kojin.py: writes kojin_sjis records (tests/text/layouts/kojin_sjis.layout) as CP932.

usage: gen_kojin.py OUT [COUNT]   with COUNT, that many generated records (for the bench);
without, the fixed records of the golden tests. Names may hold 外字 as \\uE000..\\uE757 and
raw bytes via the BYTES marker."""
import sys

def field(text, width, pad=' '):
    b = text.encode('cp932') if isinstance(text, str) else text
    while len(b) + len(pad.encode('cp932')) <= width:
        b += pad.encode('cp932')
    b += b' ' * (width - len(b))
    assert len(b) == width, (text, width)
    return b

def header(ymd):
    return b'1' + ymd.encode() + b' ' * 71

def data(atena, kana, shimei, birth, hokenryo):
    r = b'2' + b'%010d' % atena + field(kana, 20) + field(shimei, 20, '\u3000') + birth.encode() + b'%07d' % hokenryo
    return r + b' ' * (80 - len(r))

def trailer(count, total):
    r = b'8' + b'%08d' % count + b'%012d' % total
    return r + b' ' * (80 - len(r))

FIXED = [
    (1, 'ｻﾄｳ ﾀﾛｳ', '佐藤\u3000太郎', '3600214', 123456),
    (2, 'ﾀｶﾊｼ ﾊﾅｺ', '\ue000橋\u3000花子', '4010108', 50000),   # 外字 F040 (髙 in the table)
    (3, 'ﾜﾀﾅﾍﾞ ｼﾞﾛｳ', '渡\ue001\u3000次郎', '5010501', 1),      # 外字 F041 (辺 + IVS)
    (4, 'ﾖｼﾀﾞ ｲﾁﾛｳ', '\ue003田\u3000一郎', '1450101', 99),    # 外字 F043: in no table
    (5, 'ﾐﾔｻﾞｷ', '宮﨑', '2150730', 700),                        # 﨑 is an IBM extension (0xFAB1)
]

def main():
    out = sys.argv[1]
    recs = [header('20240401')]
    if len(sys.argv) > 2:
        n = int(sys.argv[2])
        sei = ['佐藤', '鈴木', '高橋', '田中', '渡辺', '伊藤', '山本', '中村', '小林', '加藤']
        kana_sei = ['ｻﾄｳ', 'ｽｽﾞｷ', 'ﾀｶﾊｼ', 'ﾀﾅｶ', 'ﾜﾀﾅﾍﾞ', 'ｲﾄｳ', 'ﾔﾏﾓﾄ', 'ﾅｶﾑﾗ', 'ｺﾊﾞﾔｼ', 'ｶﾄｳ']
        mei = ['太郎', '花子', '次郎', '美咲', '翔太', '陽菜', '大輝', '結衣']
        kana_mei = ['ﾀﾛｳ', 'ﾊﾅｺ', 'ｼﾞﾛｳ', 'ﾐｻｷ', 'ｼｮｳﾀ', 'ﾋﾅ', 'ﾀﾞｲｷ', 'ﾕｲ']
        total = 0
        for i in range(n):
            a, b = i % 10, (i // 10) % 8
            h = (i * 7919) % 1000000
            total += h
            recs.append(data(i + 1, kana_sei[a] + ' ' + kana_mei[b], sei[a] + '\u3000' + mei[b],
                             '%d%02d%02d%02d' % (3 + i % 2, 2 + i % 29, 1 + i % 12, 1 + i % 28), h))
        recs.append(trailer(n, total))
    else:
        for r in FIXED:
            recs.append(data(*r))
        recs.append(trailer(len(FIXED), sum(r[4] for r in FIXED)))
    with open(out, 'wb') as f:
        for r in recs:
            assert len(r) == 80, len(r)
            f.write(r + b'\r\n')

main()
