#!/usr/bin/env python3
"""date_edit_oracle.py: an independent reading of DFSORT's date edits for date_edit_oracle.sh.

  gen SEED N FILE       N random dates C'ccyymmdd' (1900-2099, every month end, February 29
                        and the year's first and last days often), one per line
  want RUNDATE FILE OUT the expected record of each date for the statement of the .sh:
                        DT=(MD4/), DTNS=(4DM), WEEKNUM=USA, WEEKNUM=ISO, AGE=YMD, AGE=YM,
                        AGE=YD, then ADDDAYS,+40 as DT=(4MD-), and YDDD=(D4/) of the run date

Week numbers come from Python's datetime: ISO from date.isocalendar(), USA from
strftime('%U') (weeks from Sunday, the days before the first Sunday in week 0; DFSORT's USA
week has January 1 in week 1, so one more unless January 1 is a Sunday). Ages come from
dateutil.relativedelta (whole years and months, then days; a month from the 31st lands on the
month's last day). Dates after the run date are left out of the input (AGE= refuses them)."""
import datetime
import random
import sys

from dateutil.relativedelta import relativedelta


def gen(seed, n, path):
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        y = rnd.randint(1900, 2099)
        pick = rnd.random()
        if pick < 0.15:
            d = datetime.date(y, 1, 1) + datetime.timedelta(days=rnd.choice([0, 1, 2, 3, 4, 5, 6]))
        elif pick < 0.3:
            d = datetime.date(y, 12, 31) - datetime.timedelta(days=rnd.choice([0, 1, 2, 3, 4, 5, 6]))
        elif pick < 0.45:
            m = rnd.randint(1, 12)
            d = (datetime.date(y, m, 1) + relativedelta(months=1)) - datetime.timedelta(days=1)
        elif pick < 0.5 and y % 4 == 0 and (y % 100 != 0 or y % 400 == 0):
            d = datetime.date(y, 2, 29)
        else:
            d = datetime.date(y, 1, 1) + datetime.timedelta(days=rnd.randint(0, 364))
        out.append(d.strftime("%Y%m%d"))
    with open(path, "w") as f:
        f.write("".join(s + "\n" for s in out))


def usa_week(d):
    jan1 = datetime.date(d.year, 1, 1)
    return int(d.strftime("%U")) + (0 if jan1.strftime("%w") == "0" else 1)


def want(run, path, out):
    rd = datetime.datetime.strptime(run, "%Y%m%d").date()
    lines = []
    for s in open(path).read().split():
        d = datetime.datetime.strptime(s, "%Y%m%d").date()
        if d > rd:
            continue
        age = relativedelta(rd, d)
        years_back = d + relativedelta(years=age.years)
        later = d + datetime.timedelta(days=40)
        lines.append(" ".join([
            s,
            d.strftime("%m/%d/%Y"),
            d.strftime("%Y%d%m"),
            "%02d" % usa_week(d),
            "%02d" % d.isocalendar()[1],
            "%04d%02d%02d" % (age.years, age.months, age.days),
            "%04d%02d" % (age.years, age.months),
            "%04d%03d" % (age.years, (rd - years_back).days),
            later.strftime("%Y-%m-%d"),
            rd.strftime("%j/%Y"),
        ]))
    with open(out, "w") as f:
        f.write("".join(x + "\n" for x in lines))


if __name__ == "__main__":
    if sys.argv[1] == "gen":
        gen(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    else:
        want(sys.argv[2], sys.argv[3], sys.argv[4])
