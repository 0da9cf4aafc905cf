#!/bin/sh
# audit_tamper.sh: the audit log against changed, removed, inserted, reordered and truncated
# entries, a removed segment, a forged entry made with the key the machine holds now (forward
# security), a torn last entry, kill -9 during appends; and `audit show`'s filters. TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
KIROKU=${KIROKU:-$root/build/check/kiroku}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-audit.XXXXXX")
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2> /dev/null; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
unset KIROKU_AUDIT KIROKU_JOB
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

"$KIROKU" audit init log --verify-key vk > init.out 2>&1
for i in 1 2 3 4 5 6; do
    "$KIROKU" audit append -d log step-end --job "JOB$((i % 2))" program=SORT "step=S$i" records=$((i * 10)) > head$i
done
"$KIROKU" audit verify -d log --key vk > v.out 2>&1
ok $? "a fresh log of 7 entries verifies: $(head -1 v.out)"
grep -q 'entries 1 to 7 verified' v.out
ok $? "verify says how far the log is proven"
anchor=$(cat head6)
"$KIROKU" audit verify -d log --key vk --anchor "$anchor" > va.out 2>&1 && grep -q 'anchor 7 matches; 0 entries' va.out
ok $? "the head printed by append ($anchor) anchors the log"
seg=log/segment-00000001.log

# tamper CASE ID PATTERN: verify of log copy CASE fails with ID and a message matching PATTERN.
tamper() {
    case_dir=$1 pattern=$2 what=$3
    shift 3
    "$KIROKU" audit verify -d "$case_dir" --key vk "$@" > "$case_dir.out" 2> "$case_dir.err"
    rc=$?
    [ "$rc" = 12 ] && grep -q "^KRK1541E.*$pattern" "$case_dir.err"
    ok $? "$what: rc $rc, $(cut -c1-160 "$case_dir.err")"
}
copy() { rm -rf "$1"; cp -a log "$1"; }
copy c1; sed -i '4s/step=S3/step=S9/' c1/segment-00000001.log
tamper c1 "line 4 .*entry 4 was changed" "a changed field"
copy c2; sed -i '4s/\t2026/\t2025/' c2/segment-00000001.log
tamper c2 "entry 4 was changed" "a changed time"
copy r1; sed -i '4d' r1/segment-00000001.log
tamper r1 "entry 5 where 4 was expected" "a removed entry"
copy i1; sed -i '4p' i1/segment-00000001.log
tamper i1 "line 5 .*entry 4 where 5 was expected: an entry was inserted" "an entry duplicated (inserted)"
copy i2; awk 'NR == 4 { line = $0; sub(/^4\t/, "5\t", line); print; print line; next } { print }' "$seg" > i2/segment-00000001.log
tamper i2 "line 5 .*entry 5 does not follow" "an inserted entry renumbered to fit"
copy o1; awk 'NR == 4 { held = $0; next } NR == 5 { print; print held; next } { print }' "$seg" > o1/segment-00000001.log
tamper o1 "line 4 .*entry 5 where 4" "two entries swapped (reordered)"
copy t1; head -n 5 "$seg" > t1/segment-00000001.log
"$KIROKU" audit verify -d t1 --key vk > t1.plain 2>&1
ok $? "the last two entries cut, no anchor: verifies (a chain alone cannot see it; the listing says so)"
tamper t1 "truncated: the anchor names entry 7 and the log ends at entry 5" "the last two entries cut, with the anchor" --anchor "$anchor"
copy t2; head -n 6 "$seg" > t2/segment-00000001.log
head -n 6 "$seg" | tail -n 1 > /dev/null
tamper t2 "truncated" "the last entry cut, with the anchor" --anchor "$anchor"
# An anchor from another log (another tag at the same place).
"$KIROKU" audit init other --verify-key vk2 > /dev/null 2>&1
for i in 1 2 3 4 5 6; do "$KIROKU" audit append -d other step-end > otherhead; done
tamper log "not the one the anchor names" "an anchor that names another tag (the log rewritten)" --anchor "$(cat otherhead)"
# Forward security: the key on the machine now forges an old entry; verify finds it.
copy f1
python3 - f1 << 'PY'
import hashlib, hmac, sys
d = sys.argv[1]
state = open(d + "/state", "rb").read()
slots = [state[i:i + 512].split(b"\0")[0].decode() for i in (0, 512)]
slot = max((s for s in slots if s.startswith("kiroku-audit-state-v1")), key=lambda s: int(s.split()[1]))
key = bytes.fromhex(slot.split()[4])
lines = open(d + "/segment-00000001.log").read().split("\n")
cols = lines[2].split("\t")
cols[6] = "program=FORGED"
body = "\t".join(cols[:-1]) + "\t"
cols[-1] = hmac.new(key, body.encode(), hashlib.sha256).hexdigest()
lines[2] = "\t".join(cols)
open(d + "/segment-00000001.log", "w").write("\n".join(lines))
PY
tamper f1 "entry 3 was changed" "an old entry re-tagged with the key the machine holds now (forward security)"
grep -q 'program=FORGED' f1/segment-00000001.log
ok $? "the forged entry is in place"
# A torn last entry (a crash inside the write): verify warns (rc 4); the next append removes it.
copy w1; printf '8\t2026-12-05T00:00:00Z\tstep-end\troot(0)\t-\tabc' >> w1/segment-00000001.log
"$KIROKU" audit verify -d w1 --key vk > w1.out 2>&1
rc=$?
[ $rc = 4 ] && grep -q '^KRK1542W' w1.out
ok $? "a torn last entry: KRK1542W, rc $rc"
"$KIROKU" audit append -d w1 job-end > /dev/null && "$KIROKU" audit verify -d w1 --key vk > w1b.out 2>&1 &&
    grep -q 'entries 1 to 8 verified' w1b.out
ok $? "the next append removes it and the chain goes on (8 entries)"
# A complete entry after the state's end that is not the next entry: appending refuses.
copy w2; sed -n 2p "$seg" >> w2/segment-00000001.log
"$KIROKU" audit append -d w2 job-end > w2.out 2> w2.err
[ $? = 12 ] && grep -q '^KRK1535E' w2.err
ok $? "a foreign line after the log's end: append refuses (KRK1535E)"
copy w3; head -n 6 "$seg" > w3/segment-00000001.log
"$KIROKU" audit append -d w3 job-end > w3.out 2> w3.err
[ $? = 12 ] && grep -q '^KRK1535E.*removed' w3.err
ok $? "a log shorter than its state: append refuses (KRK1535E)"
# Rotation: segments chain; a removed segment is found.
"$KIROKU" audit init rot --verify-key vk3 > /dev/null
for i in 1 2 3 4 5 6 7 8; do "$KIROKU" audit append -d rot --segment-bytes 400 step-end "step=S$i" > /dev/null; done
segments=$(ls rot/segment-*.log | wc -l)
"$KIROKU" audit verify -d rot --key vk3 > rot.out 2>&1
[ $? = 0 ] && [ "$segments" -ge 3 ] && grep -q "entries 1 to 9 verified in $segments segments" rot.out
ok $? "rotation: $segments segments, one chain ($(head -1 rot.out))"
rm rot/segment-00000002.log
"$KIROKU" audit verify -d rot --key vk3 > rot2.out 2> rot2.err
[ $? = 12 ] && grep -q '^KRK1541E.*segment 2 of' rot2.err
ok $? "a removed segment: KRK1541E"
# show filters.
"$KIROKU" audit show -d log --job JOB1 > s1.out && [ "$(grep -c step-end s1.out)" = 3 ]
ok $? "show --job JOB1: 3 entries"
"$KIROKU" audit show -d log --event audit-init > s2.out && [ "$(grep -c audit-init s2.out)" = 1 ]
ok $? "show --event audit-init: 1 entry"
today=$(date -u +%Y-%m-%d)
"$KIROKU" audit show -d log --from "$today" --to "$today" --user root > s3.out && grep -q '^KRK1544I 7 entries' s3.out
ok $? "show --from/--to today --user root: 7 entries"
"$KIROKU" audit show -d log --to 2000-01-01 > s4.out && grep -q '^KRK1544I 0 entries' s4.out
ok $? "show --to 2000-01-01: none"
# No command deletes: init refuses an existing log.
"$KIROKU" audit init log --verify-key vk4 > /dev/null 2> again.err
[ $? = 16 ] && grep -q '^KRK1530E' again.err
ok $? "init refuses to begin a log again"
# kill -9 during appends: every entry whole or absent, the chain verifies after the next append.
"$KIROKU" audit init crash --verify-key vk5 > /dev/null
killed=0
for delay in 0.01 0.02 0.03 0.05 0.08 0.1 0.12 0.15 0.2 0.25 0.01 0.04 0.06 0.09 0.11 0.13 0.17 0.3; do
    "$KIROKU" audit append -d crash step-end note=crash-test > /dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2> /dev/null && killed=$((killed + 1))
    wait "$pid" 2> /dev/null
    pid=
    "$KIROKU" audit verify -d crash --key vk5 > /dev/null 2>&1
    [ $? -le 4 ] || break
done
"$KIROKU" audit append -d crash job-end > /dev/null 2> crash.err &&
    "$KIROKU" audit verify -d crash --key vk5 > crash.out 2>&1
ok $? "kill -9 at 18 points of appends (kill -9 sent $killed times): the log verified after each, and after the next append ($(head -1 crash.out))"
echo "1..$n"
