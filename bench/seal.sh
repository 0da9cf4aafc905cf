#!/bin/sh
# seal.sh: SEAL and UNSEAL of a 1 GiB file (default; MiB as $2) as ratios to the time OpenSSL
# itself needs for the same bytes on this machine: AES-256-GCM plus SHA-256, one after the
# other on one core, from `openssl speed -elapsed -evp` at 64 KiB blocks (KRS1's chunk; wall
# clock like kiroku's times, so both suffer the same load on a shared machine). kiroku also
# reads, writes and fsyncs its output; it hashes on one core while it encrypts on the other.
# And the audit log's append rate (entries per second, each fsynced, on the bench folder's
# file system and on the disk). Not a test: it prints figures (best of 3 runs).
# Runs as root (the roles file must be root's). usage: bench/seal.sh BUILD [MIB]
set -u
build=${1:-build}
mibs=${2:-1024}
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/common.sh"
bench_dir $((mibs * 3 + 100))
kiroku=$root/$build/kiroku
if [ "$(id -u)" != 0 ]; then
    echo "seal: skipped (run as root: SEAL needs a root-owned roles file)"
    exit 0
fi
work=$(mktemp -d "$dir/seal.XXXXXX")
trap 'rm -rf "$work"' EXIT
printf 'seal:*  uid:0\nunseal:*  uid:0\n' > "$work/roles"
export KIROKU_ROLES=$work/roles
unset KIROKU_AUDIT
"$kiroku" seal --new-key "$work/k.key" --key-id bench > /dev/null
head -c $((mibs * 1048576)) /dev/urandom > "$work/in.dat"
bytes=$((mibs * 1048576))

speed() { # speed ALG: bytes per second at 64 KiB blocks
    openssl speed -elapsed -evp "$1" -bytes 65536 -seconds 2 2> /dev/null |
        awk -v alg="$1" 'tolower($1) == tolower(alg) || $1 ~ /^AES-256-GCM|^sha256/ { v = $NF } END { sub(/k$/, "", v); print v * 1000 }'
}
gcm=$(speed aes-256-gcm)
sha=$(speed sha256)
openssl_s=$(awk -v b="$bytes" -v g="$gcm" -v s="$sha" 'BEGIN { printf "%.3f", b / g + b / s }')

set -- $(best 3 "$kiroku" seal "$work/in.dat" "$work/out.krs" --key "$work/k.key")
seal_s=$1 seal_kib=$2
set -- $(best 3 "$kiroku" unseal "$work/out.krs" "$work/back.dat" --key "$work/k.key")
unseal_s=$1 unseal_kib=$2
cmp -s "$work/in.dat" "$work/back.dat" || echo "seal: UNSEAL did not give the input back" >&2

echo "seal: load average $(cut -d" " -f1-3 /proc/loadavg) on $(nproc) cores; $mibs MiB in $dir; OpenSSL at 64 KiB: AES-256-GCM $(awk -v g="$gcm" 'BEGIN { printf "%.0f", g / 1048576 }') MiB/s, SHA-256 $(awk -v s="$sha" 'BEGIN { printf "%.0f", s / 1048576 }') MiB/s -> $openssl_s s for the same bytes"
printf '%-8s %8s %10s %9s\n' step seconds "x openssl" "peak MiB"
printf '%-8s %8s %10s %9s\n' SEAL "$seal_s" "$(ratio "$seal_s" "$openssl_s")" "$(mib "$seal_kib")"
printf '%-8s %8s %10s %9s\n' UNSEAL "$unseal_s" "$(ratio "$unseal_s" "$openssl_s")" "$(mib "$unseal_kib")"

cc -O2 -I"$root/include" -o "$work/auditrate" "$root/bench/auditrate.c" "$root/$build/libkiroku.a" -ldb-5.3 -lcrypto -lpthread || exit 1
for where in "$dir" "${TMPDIR:-/var/tmp}"; do
    log=$(mktemp -d "$where/kiroku-audit-bench.XXXXXX")
    rmdir "$log"
    "$kiroku" audit init "$log" --verify-key "$log.vk" > /dev/null
    set -- $("$work/auditrate" "$log" 2000)
    echo "audit append: $1 entries in $2 s = $3 entries/s (fsynced) on $(df -P "$where" | awk 'NR == 2 { print $1 }') ($where)"
    rm -rf "$log" "$log.vk"
done
