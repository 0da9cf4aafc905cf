#!/usr/bin/env python3
"""cobol_interop.py: the helper of cobol_interop.sh.

  cobol_interop.py program LAYOUT.json COPYBOOK PROGRAM.cob DATAFILE
      writes a COBOL program that COPYs the copybook, reads DATAFILE with the record length
      and terminator of the layout (RECORD SEQUENTIAL, the terminator a trailing FILLER),
      tells record types apart by the discriminator's 88-levels and DISPLAYs every field:
      text, dates and 個人番号 as they are, numbers MOVEd to a numeric-edited item (so that
      COBOL's own sign, decimal and binary handling makes the digits).
  cobol_interop.py compare LAYOUT.json COBOL-OUTPUT VIEW.jsonl
      compares what the program printed with `kiroku view --json`, field by field, and
      prints one TAP line per record type ("ok" / "not ok" with the first differences).

Only the standard library: the oracle is GnuCOBOL, Python only normalises (decodes CP932
with its own codec, writes dates as view does)."""
import json
import re
import sys

NUMERIC = ("ZD", "PD", "BI")


def copybook_entries(path):
    """The data description entries of a fixed-format copybook: (level, name, words)."""
    text = []
    with open(path, "rb") as f:
        for raw in f.read().split(b"\n"):
            line = raw.decode("utf-8", "replace")
            if len(line) < 7 or line[6] in "*/":
                continue
            text.append(line[7:72])
    entries = []
    for entry in re.split(r"\.\s*(?:\n|$)", "\n".join(text)):
        words = entry.split()
        if len(words) >= 2 and words[0].isdigit():
            entries.append((int(words[0]), words[1], words))
    return entries


def occurs_of(words):
    return int(words[words.index("OCCURS") + 1]) if "OCCURS" in words else 0


def record_items(layout, cpy):
    """Per record type: (fields as COBOL references in the layout's field order, the 88 names
    of the discriminator). The copybook's items must line up with the layout's fields."""
    entries = copybook_entries(cpy)
    groups = []  # per 05: list of entries under it
    for e in entries:
        if e[0] == 5:
            groups.append([])
        elif e[0] > 5 and groups:
            groups[-1].append(e)
    if len(groups) != len(layout["records"]):
        sys.exit("the copybook has %d record groups, the layout %d record types" % (len(groups), len(layout["records"])))
    result = []
    for rec, items in zip(layout["records"], groups):
        refs = []    # COBOL reference per layout field, in order
        conds = {}   # field index -> 88 names
        i = 0
        while i < len(items):
            level, name, words = items[i]
            if level == 88:
                conds.setdefault(len(refs) - 1, []).append(name)
                i += 1
                continue
            n = occurs_of(words)
            if level == 10 and "PIC" not in words:  # an OCCURS group
                members = []
                i += 1
                while i < len(items) and items[i][0] in (15, 88):
                    if items[i][0] == 15:
                        members.append(items[i][1])
                    i += 1
                for k in range(1, n + 1):
                    refs.extend("%s(%d)" % (m, k) for m in members)
                continue
            if n:
                refs.extend("%s(%d)" % (name, k) for k in range(1, n + 1))
            else:
                refs.append(name)
            i += 1
        if len(refs) != len(rec["fields"]):
            sys.exit("record %s: the copybook has %d fields, the layout %d" % (rec["name"], len(refs), len(rec["fields"])))
        disc = None
        if rec["when"]:
            disc = [k for k, f in enumerate(rec["fields"]) if f["name"] == rec["when"]["field"]][0]
        result.append((refs, conds.get(disc, []) if disc is not None else []))
    return result


def program(layout_path, cpy, out, datafile):
    layout = json.load(open(layout_path, encoding="utf-8"))
    per_record = record_items(layout, cpy)
    term = {"crlf": 2, "lf": 1, "none": 0}[layout["terminator"]]
    scales = sorted({f.get("scale", 0) for r in layout["records"] for f in r["fields"] if f["type"] in NUMERIC})
    top = [e for e in copybook_entries(cpy) if e[0] == 1][0][1]
    p = []
    add = p.append
    add("       IDENTIFICATION DIVISION.")
    add("       PROGRAM-ID. INTEROP.")
    add("       ENVIRONMENT DIVISION.")
    add("       INPUT-OUTPUT SECTION.")
    add("       FILE-CONTROL.")
    add("           SELECT IN-FILE ASSIGN TO DYNAMIC WS-PATH")
    add("               ORGANIZATION IS RECORD SEQUENTIAL")
    add("               FILE STATUS IS WS-FS.")
    add("       DATA DIVISION.")
    add("       FILE SECTION.")
    add("       FD  IN-FILE.")
    add("       01  IN-REC.")
    add("           05  IN-DATA PIC X(%d)." % layout["length"])
    if term:
        add("           05  IN-TERM PIC X(%d)." % term)
    add("       WORKING-STORAGE SECTION.")
    add("       01  WS-PATH PIC X(1024).")
    add("       01  WS-FS PIC XX.")
    add("       01  WS-NO PIC 9(9) VALUE 0.")
    for s in scales:
        add("       01  ED-%d PIC -(32)9%s." % (s, ".9(%d)" % s if s else ""))
    add('       COPY "%s".' % cpy)
    add("       PROCEDURE DIVISION.")
    add('           ACCEPT WS-PATH FROM ENVIRONMENT "INTEROP_FILE".')
    add("           OPEN INPUT IN-FILE.")
    add('           PERFORM UNTIL WS-FS NOT = "00"')
    add("               READ IN-FILE")
    add('               IF WS-FS = "00"')
    add("                   ADD 1 TO WS-NO")
    add("                   MOVE IN-DATA TO %s" % top)
    if len(per_record) == 1:
        add("                   PERFORM SHOW-1")
    else:
        add("                   EVALUATE TRUE")
        for t, (refs, conds) in enumerate(per_record, 1):
            for c in conds:
                add("                       WHEN %s" % c)
                add("                           PERFORM SHOW-%d" % t)
        add('                       WHEN OTHER DISPLAY WS-NO "|@type|?"')
        add("                   END-EVALUATE")
    add("               END-IF")
    add("           END-PERFORM.")
    add("           CLOSE IN-FILE.")
    add("           STOP RUN.")
    for t, (rec, (refs, _)) in enumerate(zip(layout["records"], per_record), 1):
        add("       SHOW-%d." % t)
        add('           DISPLAY WS-NO "|@type|%s".' % rec["name"])
        for k, (f, ref) in enumerate(zip(rec["fields"], refs)):
            if f["filler"]:
                continue
            if f["type"] in NUMERIC:
                add("           MOVE %s" % ref)
                add("               TO ED-%d" % f["scale"])
                add('           DISPLAY WS-NO "|%d|" ED-%d.' % (k, f["scale"]))
            else:
                add('           DISPLAY WS-NO "|%d|"' % k)
                add("               %s." % ref)
    with open(out, "w", encoding="ascii") as f:
        f.write("\n".join(p) + "\n")
    del datafile


def mynumber_ok(digits):
    if not re.fullmatch(r"[0-9]{12}", digits):
        return False
    total = sum(int(digits[10 - i]) * (i + 2 if i < 6 else i - 4) for i in range(11))
    r = total % 11
    return int(digits[11]) == (0 if r <= 1 else 11 - r)


def date_display(raw, f, eras):
    """The date as kiroku view writes it, from its digits."""
    if raw in f["none"]:
        return "(none)"
    if raw in f["open"]:
        return "(open)"
    fmt = f["format"]
    if fmt == "yyyymm":
        return "%s-%s" % (raw[:4], raw[4:6])
    if fmt == "yyyymmdd":
        return "%s-%s-%s" % (raw[:4], raw[4:6], raw[6:8])
    if fmt == "yymmdd":
        w = f["window"]
        y = w + (int(raw[:2]) - w % 100 + 100) % 100
        return "%04d-%s-%s" % (y, raw[2:4], raw[4:6])
    g = 1 if fmt == "gyymmdd" else 2
    era = [e for e in eras if e["code"] == int(raw[:g])][0]
    yy, mm, dd = int(raw[g:g + 2]), int(raw[g + 2:g + 4]), int(raw[g + 4:g + 6])
    y = int(era["start"][:4]) + yy - 1
    return "%s%d年%d月%d日 %04d-%02d-%02d" % (era["name"], yy, mm, dd, y, mm, dd)


def normalise(raw, f, layout):
    """A value the COBOL program printed, written as kiroku view writes it."""
    enc = "cp932" if layout["encoding"] == "cp932" else "utf-8"
    if f["type"] in NUMERIC:
        number = raw.decode("ascii", "backslashreplace").strip()
        return "*" * f["length"] if f["sensitive"] else number
    text = raw.decode(enc, "backslashreplace")
    if f["sensitive"]:
        if f["type"] == "mynumber" and not mynumber_ok(text):
            return "(COBOL read a 個人番号 with a wrong check digit: %s)" % text
        return "*" * f["length"]
    if f["type"] == "date":
        return date_display(text, f, layout["eras"])
    if f["type"] == "mynumber":
        return text
    return text.rstrip(" \u3000")


def compare(layout_path, cobol_out, view_path):
    layout = json.load(open(layout_path, encoding="utf-8"))
    types = {r["name"]: r for r in layout["records"]}
    cobol = {}
    ctype = {}
    for line in open(cobol_out, "rb").read().split(b"\n"):
        if not line:
            continue
        no, key, value = line.split(b"|", 2)
        no = int(no)
        if key == b"@type":
            ctype[no] = value.decode()
            cobol[no] = {}
        else:
            cobol[no][int(key)] = value
    results = {}  # record type -> [fields compared, problems]
    problems_any = []
    view = [json.loads(l) for l in open(view_path, encoding="utf-8")]
    if len(view) != len(cobol):
        problems_any.append("kiroku view shows %d records, COBOL read %d" % (len(view), len(cobol)))
    for rec in view:
        no, tname = rec["record"], rec["type"]
        res = results.setdefault(tname, [0, [], 0])
        res[2] += 1
        if ctype.get(no) != tname:
            res[1].append("record %d: COBOL took it for %s, kiroku for %s" % (no, ctype.get(no), tname))
            continue
        fields = types[tname]["fields"]
        values = {v["name"]: v["value"] for v in rec["fields"]}
        for k, f in enumerate(fields):
            if f["filler"]:
                continue
            want = values[f["name"]]
            try:
                got = normalise(cobol[no].get(k, b"(not displayed)"), f, layout)
            except (ValueError, IndexError) as e:  # bytes that are no value of the type
                got = "(%s: %r)" % (e, cobol[no].get(k))
            res[0] += 1
            if got != want:
                res[1].append("record %d %s (%s, bytes %d-%d): COBOL %r, kiroku view %r" % (
                    no, f["name"], f["picture"], f["start"], f["start"] + f["length"] - 1, got, want))
    failed = bool(problems_any)
    for p in problems_any:
        print("# " + p)
    for tname in [r["name"] for r in layout["records"]]:
        n, problems, records = results.get(tname, [0, [], 0])
        status = "ok" if not problems and records else "not ok"
        failed |= status != "ok"
        print("%s %s: %s: %d records, %d field values agree%s" % (
            status, layout["layout"], tname, records, n - len(problems),
            "" if not problems else ", %d differ" % len(problems)))
        for p in problems[:8]:
            print("#   " + p)
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1] == "program":
        program(*sys.argv[2:6])
    elif sys.argv[1] == "compare":
        sys.exit(compare(*sys.argv[2:5]))
    else:
        sys.exit("usage: cobol_interop.py program|compare ...")
