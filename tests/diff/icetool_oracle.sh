#!/bin/sh
# icetool_oracle.sh: kiroku ICETOOL against an independent Python oracle on random records
# with many repeated keys: COUNT (with USING's INCLUDE), every SELECT criterion with DISCARD,
# UNIQUE, STATS (signed zoned values, overpunched), RANGE, OCCUR and SPLICE (default,
# WITHALL with KEEPBASE and KEEPNODUPS, WITHEACH, WITHANY) and VERIFY of packed decimal fields. The oracle reads the
# records as text and computes each answer from its definition in DFSORT's Application
# Programming Guide (FIRST(n), LAST(n), FIRSTDUP(n), LASTDUP(n): n records of a key); outputs and TOOLMSG figures must be identical;
# DISPLAY with BREAK (each section's rows and statistics) and COUNT's EDCOUNT(A1). TAP.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
KIROKU=${KIROKU:-$root/build/check/kiroku}
work=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-icetooldiff.XXXXXX")
trap 'rm -rf "$work"' EXIT
export LC_ALL=C
cd "$work" || exit 2
# The oracle's reading of signed zoned values (ASCII, the sign overpunched on the last digit).
cat > zoned.py <<'PY'
pos = "{ABCDEFGHI"; neg = "}JKLMNOPQR"
def zd(s):
    c = s[-1]
    if c in neg: return -int(s[:-1] + str(neg.index(c)))
    if c in pos: return int(s[:-1] + str(pos.index(c)))
    return int(s)
PY

python3 - <<'PY'
import random
r = random.Random(15)
# 12-byte records: key KKK (1-3), blank, value ZZZZ (5-8, signed zoned, the sign overpunched
# on the last digit as ASCII trailing-sign ZD: {=+0 A-I=+1..+9, }=-0 J-R=-1..-9), blank, seq.
from zoned import pos, neg
with open("in.dat", "w") as f:
    for i in range(3000):
        k = r.choice("ABCDEFG") + r.choice("XY") + r.choice("0123456789"[: r.choice([1, 3, 10])])
        v = r.randint(-999, 9999) if r.random() < 0.9 else r.randint(-9999, -1)
        d = "%04d" % abs(v)
        last = (neg if v < 0 else pos)[int(d[3])]
        f.write("%s %s%s %03d\n" % (k, d[:3], last, i % 1000))
PY
cat > toolin <<'X'
  COUNT FROM(IN)
  COUNT FROM(IN) USING(CTLA)
  SELECT FROM(IN) TO(FIRST) DISCARD(NFIRST) ON(1,3,CH) FIRST
  SELECT FROM(IN) TO(LAST) DISCARD(NLAST) ON(1,3,CH) LAST
  SELECT FROM(IN) TO(FDUP) ON(1,3,CH) FIRSTDUP
  SELECT FROM(IN) TO(LDUP) ON(1,3,CH) LASTDUP
  SELECT FROM(IN) TO(FIRST3) DISCARD(NFIRST3) ON(1,3,CH) FIRST(3)
  SELECT FROM(IN) TO(LDUP2) ON(1,3,CH) LASTDUP(2)
  SELECT FROM(IN) TO(FDUP4) ON(1,1,CH) ON(5,4,ZD) FIRSTDUP(4)
  SELECT FROM(IN) TO(LAST5) ON(1,2,CH) LAST(5)
  SELECT FROM(IN) TO(NODUPS) DISCARD(DUPS) ON(1,3,CH) NODUPS
  SELECT FROM(IN) TO(ALLDUPS) ON(1,3,CH) ALLDUPS
  SELECT FROM(IN) TO(HIGHER) ON(1,1,CH) ON(5,4,ZD) HIGHER(1)
  SELECT FROM(IN) TO(LOWER) ON(1,3,CH) LOWER(3)
  SELECT FROM(IN) TO(EQUAL) ON(1,3,CH) EQUAL(2)
  UNIQUE FROM(IN) ON(1,3,CH)
  UNIQUE FROM(IN) ON(5,4,ZD)
  STATS FROM(IN) ON(5,4,ZD)
  RANGE FROM(IN) ON(5,4,ZD) HIGHER(-100) LOWER(500)
  OCCUR FROM(IN) LIST(OCC) NOCC ON(1,3,CH) ON(VALCNT) HIGHER(20)
  SPLICE FROM(IN) TO(SPLAST) ON(1,3,CH) WITH(5,4) WITH(10,2)
  SPLICE FROM(IN) TO(SPALL) ON(1,3,CH) WITH(10,3) WITHALL -
         KEEPBASE KEEPNODUPS
  SPLICE FROM(IN) TO(SPEACH) ON(1,2,CH) WITHEACH -
         WITH(5,4) WITH(10,3) WITH(3,1)
  SPLICE FROM(IN) TO(SPANY) ON(1,1,CH) WITHANY WITH(4,1) WITH(9,2) -
         KEEPNODUPS
X
printf "  INCLUDE COND=(1,1,CH,EQ,C'A')\n" > ctla.cntl
dds=""
for d in FIRST NFIRST LAST NLAST FDUP LDUP NODUPS DUPS ALLDUPS HIGHER LOWER EQUAL OCC SPLAST SPALL SPEACH SPANY FIRST3 NFIRST3 LDUP2 FDUP4 LAST5; do
    dds="$dds --dd $d=k_$(echo $d | tr A-Z a-z).txt"
done
"$KIROKU" icetool -c toolin --dd IN=in.dat,lrecl=12 --dd CTLACNTL=ctla.cntl $dds \
    --dd DFSMSG=/dev/null --no-timing -m 8M -j 2 > toolmsg.txt 2> err.txt
rc=$?

python3 - <<'PY'
import itertools
from zoned import zd
recs = [l.rstrip("\n") for l in open("in.dat")]
def groups(keyf):
    out = {}
    for rec in recs:
        out.setdefault(keyf(rec), []).append(rec)
    return [out[k] for k in sorted(out)]
k3 = lambda rec: rec[:3]
def sel(name, keep, keyf=k3, discard=None):
    to, dis = [], []
    for g in groups(keyf):
        for i, rec in enumerate(g):
            (to if keep(g, i) else dis).append(rec)
    open("o_%s.txt" % name, "w").write("".join(x + "\n" for x in to))
    if discard:
        open("o_%s.txt" % discard, "w").write("".join(x + "\n" for x in dis))
sel("first", lambda g, i: i == 0, discard="nfirst")
sel("last", lambda g, i: i == len(g) - 1, discard="nlast")
sel("fdup", lambda g, i: len(g) > 1 and i == 0)
sel("ldup", lambda g, i: len(g) > 1 and i == len(g) - 1)
sel("first3", lambda g, i: i < 3, discard="nfirst3")
sel("ldup2", lambda g, i: len(g) > 1 and len(g) - i <= 2)
sel("fdup4", lambda g, i: len(g) > 1 and i < 4, keyf=lambda rec: (rec[0], zd(rec[4:8])))
sel("last5", lambda g, i: len(g) - i <= 5, keyf=lambda rec: rec[:2])
sel("nodups", lambda g, i: len(g) == 1, discard="dups")
sel("alldups", lambda g, i: len(g) > 1)
sel("higher", lambda g, i: len(g) > 1, keyf=lambda rec: (rec[0], zd(rec[4:8])))
sel("lower", lambda g, i: len(g) < 3)
sel("equal", lambda g, i: len(g) == 2)
vals = [zd(rec[4:8]) for rec in recs]
tot = sum(vals)
avg = abs(tot) // len(vals) * (1 if tot >= 0 else -1)
f = lambda v: ("-" if v < 0 else "+") + "%015d" % abs(v)
msg = [
    "KRK2308I RECORD COUNT: %015d" % len(recs),
    "KRK2308I RECORD COUNT: %015d" % sum(1 for x in recs if x[0] == "A"),
    "KRK2315I NUMBER OF UNIQUE VALUES: %015d" % len(set(k3(x) for x in recs)),
    "KRK2315I NUMBER OF UNIQUE VALUES: %015d" % len(set(vals)),
    "KRK2312I   MINIMUM: %s, MAXIMUM: %s" % (f(min(vals)), f(max(vals))),
    "KRK2312I   AVERAGE: %s, TOTAL: %s" % (f(avg), f(tot)),
    "KRK2312I   VALUES: %015d" % len(vals),
    "KRK2310I NUMBER OF VALUES IN RANGE: %015d" % sum(1 for v in vals if -100 < v < 500),
]
open("o_msg.txt", "w").write("".join(m + "\n" for m in msg))
occ = ["(1,3,CH)       VALUE COUNT", "--------   ---------------"]
for g in groups(k3):
    if len(g) > 20:
        occ.append("%-8s   %15d" % (g[0][:3], len(g)))
open("o_occ.txt", "w").write("".join(l.rstrip() + "\n" for l in occ))
# SPLICE: in each group of equal keys (input order kept) the first record is the base; the
# WITH fields (0-based slices here) come from the last record, from each later one, or the
# i-th field from record i+1.
def lay(base, rec, fields):
    b = list(base)
    for a, n in fields:
        b[a:a + n] = rec[a:a + n]
    return "".join(b)
def splice(name, keyf, how, fields, keepbase=False, keepnodups=False):
    out = []
    for g in groups(keyf):
        if len(g) == 1:
            if keepnodups:
                out.append(g[0])
            continue
        if keepbase:
            out.append(g[0])
        if how == "last":
            out.append(lay(g[0], g[-1], fields))
        elif how == "all":
            out.extend(lay(g[0], rec, fields) for rec in g[1:])
        elif how == "any":
            rec = g[0]
            for later in g[1:]:
                rec = lay(rec, later, [(a, n) for a, n in fields if later[a:a + n].strip(" ")])
            out.append(rec)
        else:
            rec = g[0]
            for i, f in enumerate(fields):
                if i + 1 < len(g):
                    rec = lay(rec, g[i + 1], [f])
            out.append(rec)
    open("o_%s.txt" % name, "w").write("".join(x + "\n" for x in out))
splice("splast", k3, "last", [(4, 4), (9, 2)])
splice("spall", k3, "all", [(9, 3)], keepbase=True, keepnodups=True)
splice("speach", lambda rec: rec[:2], "each", [(4, 4), (9, 3), (2, 1)])
splice("spany", lambda rec: rec[:1], "any", [(3, 1), (8, 2)], keepnodups=True)
PY

# VERIFY: 6-byte binary records (an id, a 4-byte packed field with any sign nibble A-F),
# one in twenty with a digit nibble above 9 or a digit where the sign belongs (DFSORT's
# packed decimal); the oracle lists the record and byte of each.
python3 - <<'PY'
import random
r = random.Random(16)
out, bad = bytearray(), []
for i in range(1, 2001):
    nib = [r.randint(0, 9) for _ in range(7)] + [r.randint(0xA, 0xF)]
    what = r.random()
    if what < 0.025:
        k = r.randint(0, 6); nib[k] = r.randint(10, 15); bad.append((i, k // 2 + 3))
    elif what < 0.05:
        nib[7] = r.randint(0, 9); bad.append((i, 6))
    out += b"%02d" % (i % 100) + bytes(nib[j] * 16 + nib[j + 1] for j in range(0, 8, 2))
open("pd.dat", "wb").write(out)
open("o_verify.txt", "w").write("".join("record %d byte %d\n" % b for b in bad) +
                                "KRK2420I VERIFY: 2000 RECORDS EXAMINED, %d INVALID DECIMAL VALUES\n" % len(bad))
PY
"$KIROKU" icetool --dd PD=pd.dat,lrecl=6,terminator=none --dd DFSMSG=/dev/null --no-timing -m 8M -j 2 \
    'VERIFY FROM(PD) ON(3,4,PD) LIMIT(100000)' > verify.txt 2> /dev/null
vrc=$?
{ sed -n 's/^KRK2417E FROM(PD) \(record [0-9]* byte [0-9]*\) .*/\1/p' verify.txt; grep '^KRK2420I' verify.txt; } > k_verify.txt

# DISPLAY with BREAK on the records sorted by their first byte (a SORT call before it, stable):
# per section the rows and BTOTAL, BAVERAGE (truncated toward zero), BMINIMUM, BMAXIMUM of
# the signed zoned values, then TOTAL over all; and COUNT's EDCOUNT(A1) of the records.
printf '  SORT FIELDS=(1,1,CH,A)\n' > ctls.cntl
cat > toolbrk <<'X'
  SORT FROM(IN) TO(SORTED) USING(CTLS)
  DISPLAY FROM(SORTED) LIST(BRK) NOCC BREAK(1,1,CH) BTITLE('KEY') -
          ON(1,3,CH) ON(5,4,ZD) BTOTAL BAVERAGE BMINIMUM BMAXIMUM TOTAL
  COUNT FROM(IN) WRITE(CNT) EDCOUNT(A1) TEXT('n=')
X
"$KIROKU" icetool -c toolbrk --dd IN=in.dat,lrecl=12 --dd SORTED=sorted.txt,lrecl=12 --dd CTLSCNTL=ctls.cntl \
    --dd BRK=k_brk_list.txt --dd CNT=k_cnt.txt --dd DFSMSG=/dev/null --no-timing -m 8M -j 2 > brkmsg.txt 2>&1
brc=$?
python3 - <<'PY2'
from zoned import zd
def trunc(t, n):
    return abs(t) // n * (1 if t >= 0 else -1)
recs = [l.rstrip("\n") for l in open("in.dat")]
out, sections = [], {}
for rec in recs:
    sections.setdefault(rec[0], []).append(zd(rec[4:8]))
for k in sorted(sections):
    v = sections[k]
    out.append("%s rows %d" % (k, len(v)))
    out += ["%s BTOTAL %d" % (k, sum(v)), "%s BAVERAGE %d" % (k, trunc(sum(v), len(v))),
            "%s BMINIMUM %d" % (k, min(v)), "%s BMAXIMUM %d" % (k, max(v))]
out.append("ALL TOTAL %d" % sum(sum(v) for v in sections.values()))
open("o_brk.txt", "w").write("".join(l + "\n" for l in out))
open("o_cnt.txt", "w").write("n={:,}\n".format(len(recs)))
# kiroku's list read back: the section's line, its rows, its statistics lines.
got, sec, rows = [], None, 0
for line in open("k_brk_list.txt"):
    t = line.split()
    if len(t) == 2 and t[0] == "KEY":
        if t[1] != sec:
            sec, rows = t[1], 0
            got.append(None)
        continue
    if len(t) == 2 and t[0] in ("BTOTAL", "BAVERAGE", "BMINIMUM", "BMAXIMUM"):
        if t[0] == "BTOTAL":
            got[got.index(None)] = "%s rows %d" % (sec, rows)
        got.append("%s %s %s" % (sec, t[0], t[1]))
    elif len(t) == 2 and t[0] == "TOTAL":
        got.append("ALL TOTAL %s" % t[1])
    elif len(t) == 2 and len(t[0]) == 3 and t[0][0] == sec:
        rows += 1
open("k_brk.txt", "w").write("".join(str(l) + "\n" for l in got))
PY2

n=0; fails=0
echo "1..29"
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fails=$((fails + 1)); fi; }
[ $rc = 0 ]; ok $? "icetool ran with rc 0 (got $rc: $(head -3 err.txt))"
grep -E '^KRK23(08|15|12|10)I' toolmsg.txt > k_msg.txt
cmp -s k_msg.txt o_msg.txt; ok $? "COUNT, UNIQUE, STATS and RANGE figures equal the oracle's"
for d in first nfirst last nlast fdup ldup nodups dups alldups higher lower equal occ splast spall speach spany first3 nfirst3 ldup2 fdup4 last5; do
    cmp -s "k_$d.txt" "o_$d.txt"; ok $? "$d: kiroku's data set equals the oracle's"
done
[ $vrc = 12 ]; ok $? "VERIFY ended with rc 12 on invalid values (got $vrc)"
cmp -s k_verify.txt o_verify.txt; ok $? "VERIFY named the records and bytes the oracle found invalid"
[ $brc = 0 ]; ok $? "the SORT, DISPLAY with BREAK and COUNT with EDCOUNT ran with rc 0 (got $brc: $(grep -m3 KRK brkmsg.txt | grep -v I))"
cmp -s k_brk.txt o_brk.txt; ok $? "DISPLAY BREAK: each section's rows, BTOTAL, BAVERAGE, BMINIMUM, BMAXIMUM and the TOTAL equal the oracle's"
cmp -s k_cnt.txt o_cnt.txt; ok $? "COUNT EDCOUNT(A1): the edited count equals the oracle's"
[ "$n" = 29 ] || echo "not ok - counted $n tests"
exit $((fails > 0))
