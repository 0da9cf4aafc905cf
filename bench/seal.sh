#!/bin/sh
# seal.sh: SEAL and UNSEAL of a 1 GiB file (default; MiB as $2) as ratios to the time OpenSSL
# itself needs for the same bytes on this machine: AES-256-GCM plus SHA-256, one after the
# other on one core, from `openssl speed -elapsed -evp` at 64 KiB blocks (KRS1's chunk). The
# machine is shared, so each of REPEAT rounds (default 3) runs OpenSSL's two measures, SEAL and
# UNSEAL one after the other in the same window, and the best of the rounds counts: wall time
# (both suffer the same load) and CPU time (user + system) beside it. kiroku also reads, writes
# and fsyncs; its two threads share reading, hashing, encrypting and writing (docs/PROTECTION.md).
# Beside it, the issue's other reference: OpenSSL's commands over the same files (`openssl dgst
# -sha256` then `openssl enc -aes-256-ctr`, reading and writing as SEAL does; enc has no GCM).
# And the audit log's append rate (entries per second, each fsynced, on the bench folder's
# file system and on the disk). Not a test: it prints figures.
# Runs as root (the roles file must be root's). usage: bench/seal.sh BUILD [MIB]
set -u
build=${1:-build}
mibs=${2:-1024}
rounds=${REPEAT:-3}
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
log=$work/rounds
load_before=$(cut -d" " -f1-3 /proc/loadavg)

# speed ALG: one line "ALG wall-bytes/s cpu-bytes/s" at 64 KiB blocks for one second.
speed() {
    /usr/bin/time -f '%U %S' -o "$work/time" openssl speed -elapsed -evp "$1" -bytes 65536 -seconds 1 \
        > /dev/null 2> "$work/speed"
    awk -v alg="$1" 'NR == FNR && /^Doing/ { ops = $(NF - 3); wall = $NF + 0; next }
        NR != FNR { cpu = $1 + $2 } END { printf "%s %.0f %.0f\n", alg, ops * 65536 / wall, ops * 65536 / cpu }' \
        "$work/speed" "$work/time"
}
# timed STEP CMD...: one line "STEP wall cpu peak-KiB".
timed() {
    step=$1
    shift
    if ! /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" > "$work/stdout" 2> "$work/stderr"; then
        echo "FAILED: $*" >&2
        tail -n 5 "$work/stderr" "$work/stdout" >&2
        return
    fi
    awk -v step="$step" '{ printf "%s %s %.2f %s\n", step, $1, $2 + $3, $4 }' "$work/time"
}

ctr_key=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
ctr_iv=000102030405060708090a0b0c0d0e0f
i=0
while [ $i -lt "$rounds" ]; do
    i=$((i + 1))
    speed aes-256-gcm >> "$log"
    speed sha256 >> "$log"
    rm -f "$work/out.krs" "$work/out.krs.slip" "$work/back.dat"
    timed SEAL "$kiroku" seal "$work/in.dat" "$work/out.krs" --key "$work/k.key" >> "$log"
    timed UNSEAL "$kiroku" unseal "$work/out.krs" "$work/back.dat" --key "$work/k.key" >> "$log"
    cmp -s "$work/in.dat" "$work/back.dat" || echo "seal: UNSEAL did not give the input back" >&2
    # The issue's other reference: OpenSSL's own commands over the same files, reading and
    # writing as SEAL does (`openssl enc` has no AEAD mode: AES-256-CTR, GCM without its GHASH).
    rm -f "$work/back.dat"
    timed PIPESEAL sh -c "openssl dgst -sha256 '$work/in.dat' && openssl enc -aes-256-ctr -K $ctr_key -iv $ctr_iv \
        -in '$work/in.dat' -out '$work/out.ctr'" >> "$log"
    timed PIPEUNSEAL sh -c "openssl enc -d -aes-256-ctr -K $ctr_key -iv $ctr_iv -in '$work/out.ctr' \
        -out '$work/back.dat' && openssl dgst -sha256 '$work/back.dat'" >> "$log"
    rm -f "$work/out.ctr"
done

awk -v b="$bytes" -v mibs="$mibs" -v dir="$dir" -v rounds="$rounds" -v load="$load_before" \
    -v load2="$(cut -d" " -f1-3 /proc/loadavg)" -v cores="$(nproc)" '
    $1 == "aes-256-gcm" || $1 == "sha256" { if ($2 > w[$1]) w[$1] = $2; if ($3 > c[$1]) c[$1] = $3; next }
    { if (!($1 in kw) || $2 < kw[$1]) kw[$1] = $2; if (!($1 in kc) || $3 < kc[$1]) kc[$1] = $3; km[$1] = $4 }
    function r(a, o) { return (a > 0 && o > 0) ? sprintf("%.2f", a / o) : "-" }
    END {
        ow = b / w["aes-256-gcm"] + b / w["sha256"]; oc = b / c["aes-256-gcm"] + b / c["sha256"]
        printf "seal: load average %s (%s after) on %d cores; %d MiB in %s; best of %d interleaved rounds\n", \
            load, load2, cores, mibs, dir, rounds
        printf "OpenSSL at 64 KiB: AES-256-GCM %.0f MiB/s wall (%.0f per cpu second), SHA-256 %.0f (%.0f) -> %.3f s wall, %.3f s cpu for the same bytes\n", \
            w["aes-256-gcm"] / 1048576, c["aes-256-gcm"] / 1048576, w["sha256"] / 1048576, c["sha256"] / 1048576, ow, oc
        printf "%-8s %8s %10s %8s %10s %9s\n", "step", "wall s", "x openssl", "cpu s", "x openssl", "peak MiB"
        split("SEAL UNSEAL", steps, " ")
        for (i = 1; i <= 2; i++) { s = steps[i]
            printf "%-8s %8.2f %10s %8.2f %10s %9.0f\n", s, kw[s], r(kw[s], ow), kc[s], r(kc[s], oc), km[s] / 1024 }
        printf "against `openssl dgst -sha256` and `openssl enc -aes-256-ctr` over the same files (wall s, cpu s):\n"
        for (i = 1; i <= 2; i++) { s = steps[i]; p = "PIPE" s
            printf "%-8s openssl %.2f s wall, %.2f s cpu; kiroku %s x wall, %s x cpu\n", s, kw[p], kc[p], \
                r(kw[s], kw[p]), r(kc[s], kc[p]) }
    }' "$log"

cc -O2 -I"$root/include" -o "$work/auditrate" "$root/bench/auditrate.c" "$root/$build/libkiroku.a" -ldb-5.3 -lcrypto -lpthread || exit 1
for where in "$dir" "${TMPDIR:-/var/tmp}"; do
    log=$(mktemp -d "$where/kiroku-audit-bench.XXXXXX")
    rmdir "$log"
    "$kiroku" audit init "$log" --verify-key "$log.vk" > /dev/null
    set -- $("$work/auditrate" "$log" 2000)
    echo "audit append: $1 entries in $2 s = $3 entries/s (fsynced) on $(df -P "$where" | awk 'NR == 2 { print $1 }') ($where)"
    rm -rf "$log" "$log.vk"
done
