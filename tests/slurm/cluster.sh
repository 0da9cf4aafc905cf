#!/bin/sh
# cluster.sh: a single-node Slurm cluster of the test's own, with no systemd: its
# configuration, munge key, sockets, state, spool and logs under DIR; munged, slurmctld and
# slurmd started in the foreground as background processes of this script, their pids in
# DIR/pids; ports and the munge socket of its own, so that two clusters (two checkouts
# testing at once) do not meet.
#   tests/slurm/cluster.sh start DIR   prints "SLURM_CONF=DIR/slurm.conf" once the node is idle
#   tests/slurm/cluster.sh stop DIR    cancels what is left, stops exactly the pids of DIR/pids
#                                      and checks that nothing of theirs is left running
#   tests/slurm/cluster.sh can-run     exit 0 when this machine can run the daemons, else
#                                      prints why not and exits 1
# Needs root (slurmd runs jobs as their user) and Debian's slurmctld, slurmd, slurm-client
# and munge (scripts/deps.sh check installs them).
set -u

can_run() {
    for p in munged mungekey slurmctld slurmd sbatch squeue scancel sinfo; do
        command -v "$p" > /dev/null 2>&1 || PATH="$PATH:/usr/sbin" command -v "$p" > /dev/null 2>&1 ||
            { echo "Slurm is not installed ($p missing; scripts/deps.sh check installs it)"; return 1; }
    done
    [ "$(id -u)" = 0 ] || { echo "the Slurm daemons need root (slurmd starts jobs as their user)"; return 1; }
    return 0
}

# A TCP port nobody listens on (from /proc/net/tcp and tcp6), starting at $1.
free_port() {
    p=$1
    while [ "$p" -lt 65000 ]; do
        hex=$(printf '%04X' "$p")
        if ! cat /proc/net/tcp /proc/net/tcp6 2> /dev/null | awk '{print $2}' | grep -q ":$hex\$"; then
            echo "$p"
            return 0
        fi
        p=$((p + 1))
    done
    return 1
}

start() {
    dir=$1
    mkdir -p "$dir" || return 1
    dir=$(cd "$dir" && pwd)
    mkdir -p "$dir/munge" "$dir/state" "$dir/spool" "$dir/log"
    chmod 700 "$dir/munge"
    : > "$dir/pids"
    export PATH="$PATH:/usr/sbin"
    mungekey -c -k "$dir/munge.key" -b 1024 > /dev/null 2>&1 ||
        { echo "cluster.sh: cannot make a munge key" >&2; return 1; }
    chmod 600 "$dir/munge.key"
    munged -F -f --socket="$dir/munge/munge.socket" --key-file="$dir/munge.key" \
        --pid-file="$dir/munge/munged.pid" --log-file="$dir/log/munged.log" \
        --seed-file="$dir/munge/munged.seed" > "$dir/log/munged.out" 2>&1 &
    echo "munged $!" >> "$dir/pids"
    i=0
    until munge -n -S "$dir/munge/munge.socket" 2> /dev/null | unmunge -S "$dir/munge/munge.socket" > /dev/null 2>&1; do
        i=$((i + 1))
        [ $i -lt 100 ] || { echo "cluster.sh: munged did not start (see $dir/log/munged.log)" >&2; return 1; }
        sleep 0.1
    done
    base=$(( 20000 + ($$ % 2000) * 4 ))
    ctld=$(free_port $base) && slurmd_port=$(free_port $((ctld + 1))) ||
        { echo "cluster.sh: no free port" >&2; return 1; }
    cpus=$(nproc)
    # What slurmd finds, less a margin: a node with more RealMemory than it has is drained.
    mem=$(slurmd -C 2> /dev/null | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')
    mem=$(( ${mem:-2000} > 1024 ? ${mem:-2000} - 512 : ${mem:-2000} ))
    cat > "$dir/slurm.conf" <<CONF
# A single-node cluster for kiroku's tests (tests/slurm/cluster.sh).
ClusterName=kiroku
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$ctld
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MinJobAge=30
KillWait=5
SlurmctldPidFile=$dir/state/slurmctld.pid
SlurmdPidFile=$dir/state/slurmd.pid
SlurmdSpoolDir=$dir/spool
StateSaveLocation=$dir/state
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
    export SLURM_CONF="$dir/slurm.conf"
    slurmctld -D -i -f "$SLURM_CONF" > "$dir/log/slurmctld.out" 2>&1 &
    echo "slurmctld $!" >> "$dir/pids"
    slurmd -D -N localhost -f "$SLURM_CONF" > "$dir/log/slurmd.out" 2>&1 &
    echo "slurmd $!" >> "$dir/pids"
    i=0
    until [ "$(sinfo -h -o %T 2> /dev/null)" = idle ]; do
        i=$((i + 1))
        [ $i -lt 300 ] || { echo "cluster.sh: the node did not become idle in 30 s (see $dir/log)" >&2; return 1; }
        for name_pid in $(tr ' ' ':' < "$dir/pids"); do
            kill -0 "${name_pid#*:}" 2> /dev/null ||
                { echo "cluster.sh: ${name_pid%:*} stopped (see $dir/log)" >&2; return 1; }
        done
        sleep 0.1
    done
    echo "SLURM_CONF=$SLURM_CONF"
}

# Processes that have DIR open or as their working folder (slurmstepd keeps its sockets in
# the spool; a step's processes their files).
holders() {
    find /proc/[0-9]*/cwd /proc/[0-9]*/fd -maxdepth 1 \( -lname "$1" -o -lname "$1/*" \) 2> /dev/null |
        cut -d/ -f3 | sort -u | grep -vx "$$"
}

# Sends SIGTERM to the pids, gives them 10 s, then SIGKILL.
stop_pids() {
    [ $# -gt 0 ] || return 0
    kill "$@" 2> /dev/null
    i=0
    while [ $i -lt 100 ]; do
        alive=""
        for pid in "$@"; do kill -0 "$pid" 2> /dev/null && alive="$alive $pid"; done
        [ -n "$alive" ] || return 0
        sleep 0.1
        i=$((i + 1))
    done
    kill -KILL $alive 2> /dev/null
}

stop() {
    dir=$(cd "$1" 2> /dev/null && pwd) || { echo "cluster.sh: no cluster at $1" >&2; return 1; }
    [ -f "$dir/pids" ] || { echo "cluster.sh: no cluster at $1 (no pids file)" >&2; return 1; }
    export PATH="$PATH:/usr/sbin" SLURM_CONF="$dir/slurm.conf"
    # Jobs still there are cancelled and given their KillWait to end.
    if [ -n "$(squeue -h -o %i 2> /dev/null)" ]; then
        scancel --full $(squeue -h -o %i) 2> /dev/null
        i=0
        while [ -n "$(squeue -h -o %i -t PD,R,CG,S 2> /dev/null)" ] && [ $i -lt 100 ]; do
            sleep 0.1
            i=$((i + 1))
        done
    fi
    # The Slurm daemons together (slurmd stops what it runs), then munged, which they use.
    stop_pids $(sed -n 's/^slurmd //p; s/^slurmctld //p' "$dir/pids")
    stop_pids $(sed -n 's/^munged //p' "$dir/pids")
    left=""
    for name_pid in $(tr ' ' ':' < "$dir/pids"); do
        kill -0 "${name_pid#*:}" 2> /dev/null && left="$left ${name_pid%:*}(${name_pid#*:})"
    done
    for pid in $(holders "$dir"); do
        left="$left $(tr '\0' ' ' < /proc/$pid/cmdline 2> /dev/null | cut -c1-60)($pid)"
    done
    if [ -n "$left" ]; then
        echo "cluster.sh: still running:$left" >&2
        return 1
    fi
    : > "$dir/pids"
    return 0
}

case "${1:-}" in
    start) [ $# -eq 2 ] || { echo "usage: $0 start DIR" >&2; exit 2; }; can_run > /dev/null && start "$2" ;;
    stop) [ $# -eq 2 ] || { echo "usage: $0 stop DIR" >&2; exit 2; }; stop "$2" ;;
    can-run) can_run ;;
    *) echo "usage: $0 start|stop DIR | can-run" >&2; exit 2 ;;
esac
