#!/bin/sh
# deps.sh: installs the Debian packages a make target needs, when they are missing.
# usage: scripts/deps.sh build|check|demo|bench|fuzz
# As root it runs apt-get; otherwise it says exactly what is missing and fails.
set -u
purpose=${1:-build}
pkgs="gcc make libc6-dev libdb5.3-dev libssl-dev"
case "$purpose" in
    build) ;;
    # slurmctld, slurmd, slurm-client and munge: tests/diff/slurm_*.sh start a single-node
    # cluster of their own (tests/slurm/cluster.sh); nothing is started at install.
    check) pkgs="$pkgs libcmocka-dev gnucobol3 python3 python3-cryptography python3-dateutil coreutils util-linux procps
                 slurmctld slurmd slurm-client munge" ;;
    demo) pkgs="$pkgs python3" ;;
    bench) pkgs="$pkgs gnucobol3 python3 time coreutils procps slurmctld slurmd slurm-client munge" ;;
    fuzz) pkgs="$pkgs clang" ;; # libFuzzer comes with Debian's clang (make fuzz only)
    *) echo "deps.sh: unknown purpose '$purpose'" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "deps.sh: not a Debian system; make sure these are installed: $pkgs" >&2
    exit 0
fi

missing=""
# tests/diff/holidays.sh takes its rule-based oracle from npm (node's own package manager);
# Debian ships npm apart from nodejs, other node builds bring it along.
if [ "$purpose" = check ] && ! command -v npm >/dev/null 2>&1; then
    missing="$missing nodejs npm"
fi
for p in $pkgs; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$status" = "installed" ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
    echo "KRK0009E missing Debian packages:$missing" >&2
    echo "         install them as root: apt-get install -y$missing" >&2
    exit 1
fi
echo "deps.sh: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y --no-install-recommends $missing >/dev/null 2>&1; then
    apt-get update >/dev/null 2>&1 || true
    if ! apt-get install -y --no-install-recommends $missing; then
        echo "KRK0009E could not install:$missing" >&2
        exit 1
    fi
fi
exit 0
