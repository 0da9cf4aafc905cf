#!/usr/bin/env python3
"""kenshin_dates.py FILE LAYOUT_JSON FIRST STEP [SPAN]: gives the data records of a kenshin
file (as `kiroku generate -L kenshin` writes them, every 受診日 in one fiscal year) 受診日
spread over years, for the retention purge's tests and bench: data record i (from 0) gets
FIRST (yyyymmdd) + i*STEP days (modulo SPAN days when given), so that some fall before the
five-year line and some after it. 受診日 is at the same bytes in every exam type (the
common part); header and trailer stay as they are."""
import datetime
import json
import sys

path, layout_json, first, step = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
span = int(sys.argv[5]) if len(sys.argv) > 5 else None
lay = json.load(open(layout_json, encoding="utf-8"))
data_types = [r for r in lay["records"] if r["role"] == "data"]
pos = {next(f["start"] - 1 for f in r["fields"] if f["name"] == "jushin_ymd") for r in data_types}
assert len(pos) == 1, "jushin_ymd is not at the same bytes in every exam type"
pos = pos.pop()
start = datetime.date(int(first[:4]), int(first[4:6]), int(first[6:]))
data = bytearray(open(path, "rb").read())
stride = lay["length"] + 2
i = 0
for off in range(0, len(data), stride):
    if data[off:off + 3] in (b"000", b"999"):
        continue
    day = start + datetime.timedelta(days=i * step % span if span else i * step)
    data[off + pos:off + pos + 8] = day.strftime("%Y%m%d").encode("ascii")
    i += 1
open(path, "wb").write(bytes(data))
