#!/usr/bin/env python3
"""schedule_oracle.py: the run dates of kiroku's schedule rules computed independently of
kiroku, from the Cabinet Office's syukujitsu.csv (the holidays), Python's datetime (weekdays,
month lengths) and the rule definitions of docs/CALENDAR.md, written the plain way: every
base date of a padded range, shifted day by day, moved business day by business day.
usage: schedule_oracle.py SYUKUJITSU.CSV FROM TO RULE...   prints "RULE<TAB>DATE DATE ..." a rule"""
import calendar
import datetime as dt
import sys

WEEKDAYS = {"MON": 0, "TUE": 1, "WED": 2, "THU": 3, "FRI": 4, "SAT": 5, "SUN": 6}


def load_holidays(path):
    days = set()
    with open(path, encoding="cp932") as f:
        next(f)
        for line in f:
            y, m, d = line.split(",")[0].split("/")
            days.add(dt.date(int(y), int(m), int(d)))
    return days


def business(day, holidays):
    md = (day.month, day.day)
    return day.weekday() < 5 and day not in holidays and not (md >= (12, 29) or md <= (1, 3))


def step(day, direction, holidays):
    day += dt.timedelta(days=direction)
    while not business(day, holidays):
        day += dt.timedelta(days=direction)
    return day


def parse(rule):
    """BASE[(args)][+N|-N] -> (base, args, offset)"""
    offset = 0
    if ")" in rule:
        head, tail = rule.split(")", 1)
        args = head.split("(", 1)[1].split(",")
        base = head.split("(", 1)[0]
    else:
        base, args, tail = rule, [], ""
        for sign in "+-":
            if sign in base:
                base, tail = base.split(sign, 1)
                tail = sign + tail
    if tail:
        offset = int(tail)
    return base, args, offset


def months(start, end):
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def run_dates(rule, start, end, holidays):
    base, args, offset = parse(rule)
    pad_from, pad_to = start - dt.timedelta(days=200), end + dt.timedelta(days=200)
    shift = "SKIP"
    if args and args[-1] in ("PREV", "NEXT", "SKIP"):
        shift = args.pop()
    bases = []
    if base == "BD":
        d = pad_from
        while d <= pad_to:
            if business(d, holidays):
                bases.append(d)
            d += dt.timedelta(days=1)
        if args:
            n = -1 if args[0] == "LAST" else int(args[0])
            bases = []
            for y, m in months(pad_from, pad_to):
                days = [dt.date(y, m, i) for i in range(1, calendar.monthrange(y, m)[1] + 1)]
                open_days = [d for d in days if business(d, holidays)]
                if len(open_days) >= abs(n):
                    bases.append(open_days[n - 1] if n > 0 else open_days[n])
    elif base == "DAY":
        for y, m in months(pad_from, pad_to):
            last = calendar.monthrange(y, m)[1]
            n = last if args[0] == "LAST" else int(args[0])
            if n <= last:
                bases.append(dt.date(y, m, n))
    elif base == "WEEKDAY":
        wanted = {WEEKDAYS[a] for a in args}
        d = pad_from
        while d <= pad_to:
            if d.weekday() in wanted:
                bases.append(d)
            d += dt.timedelta(days=1)
    elif base == "YEARLY":
        m, d = map(int, args[0].split("-"))
        for y in range(pad_from.year, pad_to.year + 1):
            if d <= calendar.monthrange(y, m)[1]:
                bases.append(dt.date(y, m, d))
    else:
        raise SystemExit("unknown rule " + rule)
    out = set()
    for b in bases:
        if not business(b, holidays):
            if shift == "SKIP":
                continue
            b = step(b, -1 if shift == "PREV" else 1, holidays)
        for _ in range(abs(offset)):
            b = step(b, 1 if offset > 0 else -1, holidays)
        if start <= b <= end:
            out.add(b)
    return sorted(out)


def main():
    holidays = load_holidays(sys.argv[1])
    start = dt.date.fromisoformat(sys.argv[2])
    end = dt.date.fromisoformat(sys.argv[3])
    for rule in sys.argv[4:]:
        print(rule + "\t" + " ".join(d.isoformat() for d in run_dates(rule, start, end, holidays)))


main()
