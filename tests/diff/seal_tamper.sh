#!/bin/sh
# seal_tamper.sh: sealed files (KRS1) against every tamper case: flipped bits in the header,
# a chunk and a tag, truncation at chunk boundaries and mid-chunk, reordered, dropped and
# duplicated chunks, bytes after the final chunk, swapped headers, wrong keys and key ids,
# changed, missing and foreign slips, loose key files; each must fail with its message, rc 12
# (16 for the key file) and leave no plaintext at all. Round trips at the chunk-boundary sizes
# are checked against an independent reader (seal_oracle.py: Python hashlib + cryptography).
# TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
KIROKU=${KIROKU:-$root/build/check/kiroku}
ORACLE=$root/tests/diff/seal_oracle.py
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-seal.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
unset KIROKU_AUDIT
printf 'seal:*    user:root\nunseal:*  uid:0\n' > roles
export KIROKU_ROLES=$tmp/roles
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

"$KIROKU" seal --new-key a.key --key-id city-a > /dev/null
"$KIROKU" seal --new-key other.key --key-id city-a > /dev/null
"$KIROKU" seal --new-key b.key --key-id city-b > /dev/null

# Round trips at the sizes that matter for 64-byte chunks, each also opened by the oracle.
for size in 0 1 63 64 65 128 300; do
    head -c "$size" /dev/urandom > p$size.dat
    "$KIROKU" seal p$size.dat s$size.krs --key a.key --chunk 64 > seal$size.out 2>&1 &&
        "$KIROKU" unseal s$size.krs u$size.dat --key a.key > unseal$size.out 2>&1 &&
        cmp -s p$size.dat u$size.dat &&
        python3 "$ORACLE" open s$size.krs a.key o$size.dat && cmp -s p$size.dat o$size.dat &&
        grep -q "sha256: $(python3 "$ORACLE" sha256 p$size.dat)" s$size.krs.slip
    ok $? "$size bytes: sealed, unsealed to the same bytes, opened by the independent reader, digest in the slip"
done

# Files of several batches (SEAL and UNSEAL read 1 MiB of chunks at a time and keep four
# batches in flight between their two threads): text whose lines are the record count, with
# the default chunk and with one that does not divide the batch; opened by the oracle too.
seq 1 800000 | sed 's/$/ kiroku/' > big.dat
lines=$(wc -l < big.dat)
for chunk in 65536 100000 1048577; do
    "$KIROKU" seal big.dat big$chunk.krs --key a.key --chunk $chunk > /dev/null 2>&1 &&
        "$KIROKU" unseal big$chunk.krs bigu$chunk.dat --key a.key > /dev/null 2>&1 &&
        cmp -s big.dat bigu$chunk.dat &&
        python3 "$ORACLE" open big$chunk.krs a.key bigo$chunk.dat && cmp -s big.dat bigo$chunk.dat &&
        grep -q "^records: $lines$" big$chunk.krs.slip
    ok $? "$(wc -c < big.dat) bytes in chunks of $chunk: the same bytes back, the oracle agrees, $lines records"
    rm -f bigu$chunk.dat bigo$chunk.dat
done
# A changed chunk in the sixth batch: the batches before it were already decrypted and
# written to the temporary file; none of it may stay.
mkdir b6 && (cd b6 && "$KIROKU" seal ../big.dat s.krs --key ../a.key > /dev/null 2>&1)
python3 "$ORACLE" flip b6/s.krs $((256 + 85 * (65536 + 16) + 7)) b6/flipped && mv b6/flipped b6/s.krs
(cd b6 && "$KIROKU" unseal s.krs out.dat --key "$tmp/a.key" > out 2> err)
rc=$?
[ "$rc" = 12 ] && grep -q "^KRK1508E.*chunk 86 of" b6/err && [ ! -e b6/out.dat ] &&
    [ -z "$(ls -A b6 | grep kiroku)" ]
ok $? "a flipped bit in chunk 86 (the sixth batch): KRK1508E, rc $rc, no plaintext left"
rm -f big*.krs big*.slip

# The case directory holds s.krs (tampered) and the slip of the original.
mk() { rm -rf "$1"; mkdir "$1"; cp s.krs.slip "$1/s.krs.slip"; }
# bad CASE ID WHAT [key options]: unseal fails with ID, rc 12, and writes nothing.
bad() {
    case_dir=$1 id=$2 what=$3
    shift 3
    [ $# -gt 0 ] || set -- --key "$tmp/a.key"
    (cd "$case_dir" && "$KIROKU" unseal s.krs out.dat "$@" > out 2> err)
    rc=$?
    [ "$rc" = 12 ] && grep -q "^$id" "$case_dir/err" && [ ! -e "$case_dir/out.dat" ] &&
        [ -z "$(ls -A "$case_dir" | grep kiroku)" ]
    ok $? "$what: $id, rc $rc, no plaintext ($(head -c 150 "$case_dir/err"))"
    # seal --verify says the same
    (cd "$case_dir" && "$KIROKU" seal --verify s.krs "$@" > /dev/null 2> verr)
    [ $? = 12 ] && grep -q "^$id" "$case_dir/verr"
    ok $? "$what: seal --verify also fails with $id"
}
"$KIROKU" seal p300.dat s.krs --key a.key --chunk 64 > /dev/null

mk h1; python3 "$ORACLE" flip s.krs 0 h1/s.krs; bad h1 KRK1504E "flipped bit in the magic"
mk h2; python3 "$ORACLE" flip s.krs 20 h2/s.krs; bad h2 KRK1505E "flipped bit in the salt"
mk h3; python3 "$ORACLE" flip s.krs 160 h3/s.krs; bad h3 KRK1505E "flipped bit in the record count"
mk h4; python3 "$ORACLE" flip s.krs 200 h4/s.krs; bad h4 KRK1505E "flipped bit in the plaintext digest"
mk h5; python3 "$ORACLE" flip s.krs 240 h5/s.krs; bad h5 KRK1505E "flipped bit in the header MAC"
mk h6; python3 "$ORACLE" flip s.krs 155 h6/s.krs; bad h6 KRK1505E "flipped bit in the plaintext length"
mk c1; python3 "$ORACLE" flip s.krs 300 c1/s.krs; bad c1 KRK1508E "flipped bit in chunk 1"
mk c2; python3 "$ORACLE" flip s.krs 620 c2/s.krs; bad c2 KRK1508E "flipped bit in the final chunk"
mk c3; python3 "$ORACLE" flip s.krs 335 c3/s.krs; bad c3 KRK1508E "flipped bit in chunk 1's tag"
mk t1; python3 "$ORACLE" cut s.krs 256 t1/s.krs; bad t1 KRK1507E "truncated after the header"
mk t2; python3 "$ORACLE" cut s.krs $((256 + 80 * 4)) t2/s.krs; bad t2 KRK1507E "truncated at a chunk boundary (final chunk dropped)"
mk t3; python3 "$ORACLE" cut s.krs 400 t3/s.krs; bad t3 KRK1507E "truncated mid-chunk"
mk t4; python3 "$ORACLE" cut s.krs 100 t4/s.krs; bad t4 KRK1507E "truncated inside the header"
mk t5; python3 "$ORACLE" cut s.krs $(($(wc -c < s.krs) - 1)) t5/s.krs; bad t5 KRK1507E "last byte of the tag cut"
mk r1; python3 "$ORACLE" chunks s.krs 0,2,1,3,4 r1/s.krs; bad r1 KRK1508E "chunks 2 and 3 swapped"
mk r2; python3 "$ORACLE" chunks s.krs 0,0,2,3,4 r2/s.krs; bad r2 KRK1508E "chunk 1 duplicated over chunk 2"
mk r3; python3 "$ORACLE" chunks s.krs 0,1,2,4 r3/s.krs; bad r3 KRK1507E "chunk 4 dropped"
mk r4; python3 "$ORACLE" chunks s.krs 0,1,2,3,4,4 r4/s.krs; bad r4 KRK1507E "final chunk duplicated after itself"
mk x1; cp s.krs x1/s.krs; printf 'x' >> x1/s.krs; bad x1 KRK1507E "a byte after the final chunk"
# A full-size final chunk followed by one more chunk of data: 256 bytes = 4 full chunks.
mkdir x2; cp s256.krs x2/s.krs 2> /dev/null || {
    head -c 256 /dev/urandom > p256.dat; "$KIROKU" seal p256.dat s256.krs --key a.key --chunk 64 > /dev/null; }
rm -rf x2; mkdir x2; cp s256.krs x2/s.krs; cp s256.krs.slip x2/s.krs.slip
python3 "$ORACLE" chunks s.krs 0 x2/extra.bin; tail -c 80 x2/extra.bin >> x2/s.krs; rm x2/extra.bin
bad x2 KRK1507E "a chunk appended after a full-size final chunk"
# Headers swapped between two files sealed with the same key and chunk size.
head -c 300 /dev/urandom > q.dat
"$KIROKU" seal q.dat q.krs --key a.key --chunk 64 > /dev/null
mk sw; python3 "$ORACLE" splice q.krs s.krs sw/s.krs; bad sw KRK1512E "header of another file (the slip's MAC is under this file's salt)"
mk sw2; python3 "$ORACLE" splice q.krs s.krs sw2/s.krs; sed 's/^file: q.krs/file: s.krs/' q.krs.slip > sw2/s.krs.slip
bad sw2 KRK1512E "header of another file with that file's slip renamed"
mk sw3; python3 "$ORACLE" splice s.krs q.krs sw3/s.krs; bad sw3 KRK1508E "chunks of another file under this header"
# Keys.
mk k1; cp s.krs k1/; bad k1 KRK1505E "another key under the same key id" --key "$tmp/other.key"
mk k2; cp s.krs k2/; (cd k2 && "$KIROKU" unseal s.krs out.dat --key "$tmp/b.key" > out 2> err); rc=$?
[ $rc = 12 ] && grep -q '^KRK1506E.*city-a.*city-b' k2/err && [ ! -e k2/out.dat ]
ok $? "a key with another key id: KRK1506E names both ids, rc $rc"
mk e1; : > e1/s.krs; bad e1 KRK1504E "an empty sealed file"
# Slips.
mk m1; cp s.krs m1/; sed -i 's/^records: .*/records: 9/' m1/s.krs.slip; bad m1 KRK1512E "the slip's record count changed"
mk m2; cp s.krs m2/; rm m2/s.krs.slip; bad m2 KRK1510E "the slip missing"
mk m3; cp s.krs m3/; cp q.krs.slip m3/s.krs.slip; bad m3 KRK1512E "the slip of another file"
mk m4; cp q.krs m4/s.krs; cp q.krs.slip m4/s.krs.slip; bad m4 KRK1511E "a sealed file renamed (its slip names q.krs)"
# A key file others can read.
cp a.key loose.key; chmod 644 loose.key
mk l1; cp s.krs l1/; (cd l1 && "$KIROKU" unseal s.krs out.dat --key ../loose.key > out 2> err); rc=$?
[ $rc = 16 ] && grep -q '^KRK1501E.*0644' l1/err && [ ! -e l1/out.dat ]
ok $? "a key file with mode 0644 is refused: KRK1501E, rc $rc"
"$KIROKU" seal p1.dat l2.krs --key loose.key > /dev/null 2> l2.err; rc=$?
[ $rc = 16 ] && [ ! -e l2.krs ] && grep -q '^KRK1501E' l2.err
ok $? "sealing with it is refused too, nothing written"
# The key ring names the key from the header.
mkdir -m 700 ring; cp a.key ring/city-a.key
"$KIROKU" unseal s.krs ring.dat --keyring ring > /dev/null 2>&1 && cmp -s ring.dat p300.dat
ok $? "a key ring: the sealed file's key id chooses ring/city-a.key"
# Passphrases.
printf 'correct horse battery staple\n' > pass; chmod 600 pass
printf 'wrong horse battery staple!\n' > wrong; chmod 600 wrong
"$KIROKU" seal p300.dat pw.krs --passphrase-file pass --key-id city-a > /dev/null 2>&1 &&
    "$KIROKU" unseal pw.krs pw.dat --passphrase-file pass > /dev/null 2>&1 && cmp -s pw.dat p300.dat
ok $? "a passphrase through scrypt seals and unseals"
"$KIROKU" unseal pw.krs pw2.dat --passphrase-file wrong > /dev/null 2> pw.err; rc=$?
[ $rc = 12 ] && grep -q '^KRK1505E' pw.err && [ ! -e pw2.dat ]
ok $? "a wrong passphrase: KRK1505E, rc $rc, nothing written"
# --verify writes nothing.
before=$(ls -A | wc -l)
"$KIROKU" seal --verify s.krs --key a.key > v.out 2>&1 && grep -q '^KRK1518I' v.out && [ "$(ls -A | wc -l)" = $((before + 1)) ]
ok $? "seal --verify passes on the untouched file and writes no file"
# A layout's record count: the file must be whole records.
printf 'AAAA\nBBBB\nCCCC\n' > rec.dat
"$KIROKU" seal rec.dat rec.krs --key a.key > rec.out 2>&1 && grep -q '^records: 3$' rec.krs.slip
ok $? "without a layout the slip counts lines (3)"
# The programs of the table (EXEC PGM=SEAL|UNSEAL) through a step description.
printf 'KIROKU-STEP 1\nname S1\nprogram SEAL\nparm KEY=%s,DATASET=TEST.DATA,SENDER=CITY-A\ndd SYSUT1\npath %s\ndd SYSUT2\npath %s\nend 1\n' \
    "$tmp/a.key" "$tmp/p300.dat" "$tmp/prog.krs" > seal.step
printf 'KIROKU-STEP 1\nname S2\nprogram UNSEAL\nparm KEY=%s\ndd SYSUT1\npath %s\ndd SYSUT2\npath %s\nend 1\n' \
    "$tmp/a.key" "$tmp/prog.krs" "$tmp/prog.dat" > unseal.step
"$KIROKU" exec-step seal.step > prog1.out 2>&1 && "$KIROKU" exec-step unseal.step > prog2.out 2>&1 &&
    cmp -s prog.dat p300.dat && grep -q '^data-set: TEST.DATA$' prog.krs.slip
ok $? "EXEC PGM=SEAL and PGM=UNSEAL through the program table"
echo "1..$n"
