# common.sh: what the bench scripts share (sourced): the bench folder, best-of-N timing, ratios.
# bench_dir NEED-MiB [RESERVE-MiB]: sets dir to /dev/shm/kiroku-bench when tmpfs has NEED MiB
# free and the machine's available memory holds NEED plus RESERVE (default 8192) for the tools
# themselves (tmpfs's files are memory), so that every tool is measured without the disk;
# else $BENCH_DIR or $TMPDIR/kiroku-bench.
bench_dir() {
    avail=$(awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo 2>/dev/null)
    if [ -z "${BENCH_DIR:-}" ] && [ -d /dev/shm ] && [ "$(df -Pm /dev/shm | awk 'NR==2 {print $4}')" -gt "$1" ] &&
        [ "${avail:-0}" -gt $(($1 + ${2:-8192})) ]; then
        dir=/dev/shm/kiroku-bench
    else
        dir=${BENCH_DIR:-${TMPDIR:-/tmp}/kiroku-bench}
    fi
    mkdir -p "$dir"
}

# best N CMD...: runs CMD N times; prints the best "seconds peak-KiB".
best() {
    times=$1
    shift
    b=""
    while [ "$times" -gt 0 ]; do
        times=$((times - 1))
        if ! /usr/bin/time -f '%e %M' -o "$dir/time" "$@" > "$dir/stdout" 2> "$dir/stderr"; then
            echo "FAILED: $*" >&2
            tail -n 5 "$dir/stderr" "$dir/stdout" >&2
            echo "0 0"
            return
        fi
        b=$(printf '%s\n%s\n' "$b" "$(cat "$dir/time")" | awk 'NF == 2 && (min == "" || $1 < min) { min = $1; m = $2 } END { print min, m }')
    done
    echo "$b"
}

# ratio A B: A / B with two decimals; mib KIB: KiB as MiB.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "-" }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
