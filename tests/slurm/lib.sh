# lib.sh: what the Slurm tests (tests/diff/slurm_*.sh) share, sourced after they set $root
# and $tmp: skip when this machine cannot run the daemons, start the test's own cluster
# under $tmp/cluster, and at the end stop it and check that nothing is left running.
K=${KIROKU:-$root/build/check/kiroku}
export KIROKU_LAYOUTS="$root/layouts"
cluster_sh="$root/tests/slurm/cluster.sh"
cluster="$tmp/cluster"

# Prints the TAP plan "1..0 # SKIP why" and exits when the daemons cannot run here.
slurm_skip_unless_possible() {
    why=$("$cluster_sh" can-run) || { echo "1..0 # SKIP $why"; rm -rf "$tmp"; exit 0; }
}

# Starts the cluster and exports SLURM_CONF; a cluster that does not start is a failure.
slurm_start() {
    if ! "$cluster_sh" start "$cluster" > "$tmp/cluster.log" 2>&1; then
        echo "not ok $1 - the test's Slurm cluster did not start"
        sed 's/^/# /' "$tmp/cluster.log"
        tail -5 "$cluster"/log/* 2> /dev/null | sed 's/^/# /'
        "$cluster_sh" stop "$cluster" > /dev/null 2>&1
        rm -rf "$tmp"
        exit 1
    fi
    export SLURM_CONF="$cluster/slurm.conf"
    echo "ok $1 - the test's Slurm cluster is up (munged, slurmctld, slurmd; the node idle)"
}

# Stops it: test N says whether any job was left and whether every daemon and process of
# the cluster is gone.
slurm_stop() {
    left=$(squeue -h -o '%i %j %T' 2> /dev/null)
    if "$cluster_sh" stop "$cluster" > "$tmp/stop.log" 2>&1 && [ -z "$left" ]; then
        echo "ok $1 - nothing left running: no Slurm job, no daemon, no process in the cluster's folder"
    else
        echo "not ok $1 - left running: ${left:-no job}; $(cat "$tmp/stop.log")"
    fi
}

# Waits (at most $2 seconds) until squeue shows the Slurm job $1 RUNNING.
slurm_wait_running() {
    i=0
    while [ "$(squeue -h -j "$1" -o %T 2> /dev/null)" != RUNNING ]; do
        i=$((i + 1))
        [ $i -le $(($2 * 10)) ] || return 1
        sleep 0.1
    done
}

# The Slurm job id of step $2 of the run whose spool is under root $1 (waits up to $3 s).
slurm_job_of() {
    i=0
    while :; do
        id=$(cat "$1"/.kiroku/spool/*/SLURMJOBS 2> /dev/null | awk -v s="$2" '$2 == s { id = $3 } END { print id }')
        [ -n "$id" ] && { echo "$id"; return 0; }
        i=$((i + 1))
        [ $i -le $(($3 * 10)) ] || return 1
        sleep 0.1
    done
}
