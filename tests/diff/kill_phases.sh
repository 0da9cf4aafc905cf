#!/bin/sh
# kill_phases.sh: SIGKILL at every phase of writing an output, for every program that writes
# records (sort, convert, generate, ledger update and unload through kr_writer; ledger load
# through its build folder), at the named phases of the test facility KIROKU_TEST_KILL_AT
# (docs/RELIABILITY.md): the temporary output just created (write-open), holding data
# (write-block), complete and synced but not renamed (write-synced), renamed (write-renamed);
# a load's ledger filled but not renamed (load-filled) and renamed (load-renamed). After each
# kill: the process died of SIGKILL, the inputs are unchanged, the previous output is intact
# (before the rename) or the output is complete (after it), nothing that looks finished is
# left, and a rerun reclaims the leftovers and gives the bytes a run never killed gives.
# (ledger apply under kill -9: ledger_crash.sh; seal and unseal: seal_crash.sh; the runner
# between and during steps: run_kill.sh.) TAP output.
name=kill
. "$(dirname "$0")/../lib/writers_setup.sh"
# Hidden temporary outputs and load folders in the folder, one name a line.
leftovers() { ls -a | grep 'kiroku-'; }

for prog in sort convert generate update unload; do
    ${prog}_to ref.dat > /dev/null 2>&1
    want=$?
    for phase in write-open write-block write-synced write-renamed; do
        printf 'PREVIOUS\n' > out.dat
        KIROKU_TEST_KILL_AT=$phase ${prog}_to out.dat > /dev/null 2>&1
        status=$?
        left=$(leftovers)
        r=1
        if [ $phase = write-renamed ]; then
            # (update's rejects are committed after its new master: theirs may be left)
            [ $status = 137 ] && cmp -s out.dat ref.dat && [ -z "$(echo "$left" | grep -v '^\.rej\.dat\.kiroku-')" ] && r=0
            what="the output complete"
        else
            [ $status = 137 ] && [ "$(cat out.dat)" = PREVIOUS ] && [ -n "$left" ] &&
                [ -z "$(echo "$left" | grep -vE '^\.(out|rej)\.dat\.kiroku-[0-9]+-[0-9a-f]+\.tmp$')" ] && r=0
            what="the previous output intact, only a hidden temporary file left"
        fi
        [ "$(sum_inputs)" = "$inputs" ] || r=1
        ok $r "$prog killed at $phase (status $status): $what, the inputs unchanged"
        ${prog}_to out.dat > /dev/null 2>&1
        rc=$?
        r=1; [ $rc = $want ] && cmp -s out.dat ref.dat && [ -z "$(leftovers)" ] && r=0
        ok $r "$prog after a kill at $phase: the rerun (rc $rc) reclaims the leftover and writes the same bytes"
    done
    rm -f out.dat ref.dat rej.dat
done

# ledger load: its ledger is built in DIR.kiroku-load-PID and renamed when complete
"$KIROKU" ledger unload led ref.dat > /dev/null
KIROKU_TEST_KILL_AT=load-filled "$KIROKU" ledger load led2 old.dat -L "$ML" > /dev/null 2>&1
status=$?
r=1; [ $status = 137 ] && [ ! -e led2 ] && [ -n "$(ls -a | grep '^led2\.kiroku-load-')" ] && r=0
ok $r "ledger load killed with its ledger filled (status $status): no ledger under its name, only its build folder"
"$KIROKU" ledger load led2 old.dat -L "$ML" > /dev/null 2>&1
rc=$?
"$KIROKU" ledger unload led2 out.dat > /dev/null 2>&1
r=1; [ $rc = 0 ] && [ -z "$(leftovers)" ] && cmp -s out.dat ref.dat && r=0
ok $r "ledger load after that kill: the rerun (rc $rc) reclaims the folder; the ledger unloads to the same bytes"
rm -rf led2 out.dat
KIROKU_TEST_KILL_AT=load-renamed "$KIROKU" ledger load led2 old.dat -L "$ML" > /dev/null 2>&1
status=$?
"$KIROKU" ledger unload led2 out.dat > /dev/null 2>&1
rc=$?
r=1; [ $status = 137 ] && [ $rc = 0 ] && cmp -s out.dat ref.dat && [ -z "$(leftovers)" ] && r=0
ok $r "ledger load killed after the rename (status $status): the ledger is complete and unloads to the same bytes"
"$KIROKU" ledger verify led2 > /dev/null 2>&1
ok $? "that ledger passes ledger verify"

[ "$(sum_inputs)" = "$inputs" ]
ok $? "no input was modified"
echo "1..$n"
