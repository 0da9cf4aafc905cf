#!/bin/sh
# seal_crash.sh: kill -9 in the middle of SEAL and of UNSEAL leaves nothing under the target's
# name (no sealed file, no slip, no plaintext): only a hidden temporary file that no step takes
# for output; the same command then runs to its end and removes that leftover. A file size limit (`ulimit -f`, as a full
# disk) is KRK1519E, rc 12, with nothing left under either name. TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
KIROKU=${KIROKU:-$root/build/check/kiroku}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-seal-crash.XXXXXX")
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2> /dev/null; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
unset KIROKU_AUDIT
printf 'seal:*    user:root\nunseal:*  user:root\n' > roles
export KIROKU_ROLES=$tmp/roles
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
"$KIROKU" seal --new-key a.key --key-id city-a > /dev/null
head -c 48000000 /dev/urandom > big.dat

# killmid PATTERN CMD...: starts CMD, kills it with SIGKILL once a file matching PATTERN exists.
killmid() {
    pattern=$1
    shift
    "$@" > /dev/null 2>&1 &
    pid=$!
    i=0
    while [ -z "$(ls -A | grep -e "$pattern")" ] && [ $i -lt 500 ]; do
        sleep 0.01
        i=$((i + 1))
    done
    kill -9 "$pid" 2> /dev/null
    wait "$pid"
    status=$?
    pid=
}

killmid 'big.krs.kiroku' "$KIROKU" seal big.dat big.krs --key a.key
[ "$status" = 137 ] && [ ! -e big.krs ] && [ ! -e big.krs.slip ]
ok $? "kill -9 during SEAL (status $status): no sealed file and no slip under their names"
"$KIROKU" seal big.dat big.krs --key a.key > seal.out 2>&1 && [ -e big.krs.slip ] &&
    [ -z "$(ls -A | grep -e '^\.big\.krs\.kiroku-')" ]
ok $? "SEAL then runs to its end and removes what the killed SEAL left"
killmid 'out.dat.kiroku' "$KIROKU" unseal big.krs out.dat --key a.key
[ "$status" = 137 ] && [ ! -e out.dat ]
ok $? "kill -9 during UNSEAL (status $status): no plaintext under the output's name"
"$KIROKU" unseal big.krs out.dat --key a.key > unseal.out 2>&1 && cmp -s big.dat out.dat &&
    [ -z "$(ls -A | grep -e '^\.out\.dat\.kiroku-')" ]
ok $? "UNSEAL then runs to its end, gives the original bytes and removes what the killed UNSEAL left"
# A full disk, as a file size limit: rc 12, the message, nothing under the output's name and no
# temporary left; the input and the sealed file untouched.
rm -f out.dat
(ulimit -f 4096; exec "$KIROKU" seal big.dat full.krs --key a.key) > full.out 2>&1
status=$?
[ "$status" = 12 ] && grep -q 'KRK1519E full.krs' full.out && [ -z "$(ls -A | grep -e '^full\.krs' -e 'full\.krs\.kiroku')" ]
ok $? "SEAL under ulimit -f (status $status): KRK1519E, no sealed file, no slip, no temporary"
(ulimit -f 4096; exec "$KIROKU" unseal big.krs out.dat --key a.key) > full.out 2>&1
status=$?
[ "$status" = 12 ] && grep -q 'KRK1519E out.dat' full.out && [ -z "$(ls -A | grep -e 'out\.dat')" ] &&
    "$KIROKU" unseal big.krs check.dat --key a.key > /dev/null 2>&1 && cmp -s big.dat check.dat
ok $? "UNSEAL under ulimit -f (status $status): KRK1519E, no plaintext, no temporary; the sealed file still opens"
echo "1..$n"
