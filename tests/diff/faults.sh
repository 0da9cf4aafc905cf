#!/bin/sh
# faults.sh: every program that writes, under faults: a write failing with ENOSPC, EIO or
# EFBIG (the writer's test hook KIROKU_TEST_WRITE_FAULT, see docs/RELIABILITY.md), a file
# size limit (ulimit -f), a full file system for outputs and for a sort's work files (a
# small tmpfs this test mounts; skipped when it cannot mount; Berkeley DB cannot reopen a
# ledger on tmpfs, so only the failure is checked there), SIGKILL in the middle, and outputs that are devices or symbolic links.
# Each asserts: no success reported, a message with its id, the inputs unchanged, no
# finished-looking output, the previous good output still there, nothing left behind.
# TAP output.
name=faults
. "$(dirname "$0")/../lib/writers_setup.sh"
pid=
mounted=
cleanup() {
    [ -n "$pid" ] && kill -9 "$pid" 2> /dev/null
    [ -n "$mounted" ] && umount "$mounted" 2> /dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }
# No file named like a writer's temporary output or a load's folder is left in the folder.
no_leftovers() { [ -z "$(ls -a "${1:-.}" | grep 'kiroku-')" ]; }
# A dead process id: a shell that has ended.
sh -c 'exit 0' & dead=$!; wait $dead

# ---- injected write errors, for every program that writes records --------------------
for prog in sort convert generate update unload; do
    ${prog}_to good.dat > /dev/null 2>&1
    cp good.dat before.dat
    for fault in 1:ENOSPC 1:EIO 1:EFBIG; do
        KIROKU_TEST_WRITE_FAULT=$fault ${prog}_to good.dat > out.txt 2>&1
        rc=$?
        r=1
        [ $rc -ge 12 ] && grep -q 'KRK0211E good.dat: write error at record 1 (file offset 0)' out.txt &&
            cmp -s good.dat before.dat &&
            no_leftovers && r=0
        ok $r "$prog: write fault $fault: rc $rc, KRK0211E naming the file and record, the previous output intact, no temporary file"
    done
    # (unload opens the ledger, whose log file is written past any small limit: not here)
    [ $prog = unload ] || {
        # (its messages through a pipe: the limit holds for every file the process writes)
        (ulimit -f 0; ${prog}_to big.dat 2>&1; echo "rc=$?") | cat > out.txt
        rc=$(sed -n 's/^rc=//p' out.txt)
        r=1
        [ $rc = 12 ] && grep -q 'KRK0211E big.dat: .*File too large' out.txt && [ ! -e big.dat ] && no_leftovers && r=0
        ok $r "$prog: ulimit -f 0: rc $rc (not SIGXFSZ), KRK0211E, no output"
    }
    rm -f good.dat before.dat rej.dat
done

# The verify listing goes to standard output: a full device there is an error.
"$KIROKU" verify -L "$ML" old.dat > /dev/full 2> out.txt
rc=$?
r=1; [ $rc = 12 ] && grep -q KRK0003E out.txt && r=0
ok $r "verify: its listing onto a full device: rc $rc, KRK0003E"

# ---- devices and symbolic links as outputs ---------------------------------------------
mknod null c 1 3 2> /dev/null || mkfifo null
[ -p null ] && { cat null > /dev/null & }
sort_to null > /dev/null 2>&1
rc=$?
r=1; [ $rc = 0 ] && { [ -c null ] || [ -p null ]; } && no_leftovers && r=0
ok $r "sort -o DEVICE writes into the device in place (rc $rc), it stays a device"
wait
rm -f null

printf 'old contents\n' > real.dat
ln -s real.dat link.dat
sort_to link.dat > /dev/null 2>&1
rc=$?
sort_to cmp.dat > /dev/null 2>&1
r=1; [ $rc = 0 ] && [ -L link.dat ] && [ "$(readlink link.dat)" = real.dat ] && cmp -s real.dat cmp.dat && r=0
ok $r "sort -o SYMLINK replaces the file the link names; the link stays a link"
ln -s missing/nowhere.dat dangling.dat
sort_to dangling.dat > out.txt 2>&1
rc=$?
r=1; [ $rc = 16 ] && [ -L dangling.dat ] && grep -q KRK0210E out.txt && r=0
ok $r "sort -o DANGLING-SYMLINK is refused (rc $rc, KRK0210E), the link left as it was"
rm -f real.dat link.dat dangling.dat cmp.dat

# ---- what a killed run leaves is reclaimed by the next -----------------------------------
: > ".out.dat.kiroku-$dead-1.tmp"
: > ".out.dat.kiroku-$$-2.tmp"
generate_to out.dat > /dev/null 2>&1
r=1; [ ! -e ".out.dat.kiroku-$dead-1.tmp" ] && [ -e ".out.dat.kiroku-$$-2.tmp" ] && r=0
ok $r "a writer removes a dead run's temporary output, not a living process's"
rm -f ".out.dat.kiroku-$$-2.tmp" out.dat

"$KIROKU" generate -L "$root/tests/layouts/gen_plain.layout" -o huge.dat --records 3000000 --seed 1 \
    > /dev/null 2>&1 &
pid=$!
i=0
while [ -z "$(ls -a | grep '^\.huge\.dat\.kiroku-')" ] && [ $i -lt 500 ]; do sleep 0.02; i=$((i + 1)); done
sleep 0.2
generate_to huge.dat > /dev/null 2>&1 # a second writer of the same name while the first lives
alive=1; [ -n "$(ls -a | grep '^\.huge\.dat\.kiroku-')" ] && alive=0
kill -9 $pid; wait $pid; status=$?; pid=
left=1; [ $status = 137 ] && [ -n "$(ls -a | grep '^\.huge\.dat\.kiroku-')" ] && left=0
ok $alive "a living writer's temporary output is not taken by another run"
ok $left "generate killed by SIGKILL in the middle (status $status) left its temporary output"
generate_to huge.dat > /dev/null 2>&1
r=1; [ $? = 0 ] && no_leftovers && r=0
ok $r "the next run of a writer there reclaims it"
rm -f huge.dat

mkdir "led2.kiroku-load-$dead" && : > "led2.kiroku-load-$dead/master.db"
mkdir "led2.kiroku-load-$$"
"$KIROKU" ledger load led2 old.dat -L "$ML" > /dev/null 2>&1
rc=$?
r=1; [ $rc = 0 ] && [ ! -e "led2.kiroku-load-$dead" ] && [ -d "led2.kiroku-load-$$" ] && r=0
ok $r "ledger load reclaims a dead load's folder, not a living process's (rc $rc)"
rmdir "led2.kiroku-load-$$"; rm -rf led2

# ---- a full file system -----------------------------------------------------------------
mkdir small
if mount -t tmpfs -o size=256k tmpfs small 2> /dev/null; then
    mounted=$tmp/small
    "$KIROKU" ledger load small/led old.dat -L "$ML" > out.txt 2>&1
    rc=$?
    r=1; [ $rc = 12 ] && grep -q KRK0830E out.txt && ! grep -q KRK0851I out.txt && [ -z "$(ls -A small)" ] && r=0
    ok $r "ledger load onto a full disk: rc $rc, KRK0830E, no 'loaded', nothing left"
    sort_to small/sorted.dat > out.txt 2>&1
    rc=$?
    r=1; [ $rc = 12 ] && grep -q KRK0211E out.txt && [ -z "$(ls -A small)" ] && r=0
    ok $r "sort onto a full disk: rc $rc, KRK0211E, nothing left"
    "$KIROKU" sort -L "$ML" -i old.dat -o sorted.dat -m 64K -T small --no-timing 'SORT FIELDS=(atena_no,D)' \
        > out.txt 2>&1
    rc=$?
    r=1; [ $rc = 12 ] && grep -q KRK0631E out.txt && [ ! -e sorted.dat ] && [ -z "$(ls -A small)" ] && no_leftovers && r=0
    ok $r "sort whose work files fill the disk (-T): rc $rc, KRK0631E, no output, no work file left"
    umount small && mounted=
else
    skip "cannot mount a tmpfs here (not root): the full file system cases"
fi

[ "$(sum_inputs)" = "$inputs" ]
ok $? "no input was modified"
echo "1..$n"
