#!/bin/sh
# city_truth.sh: the 確認リスト the jobs make equals the truth kiroku city writes, for several
# seeds and sizes. Per prefecture: every generated file passes verify against its layout
# (return code 4 at most: blank 個人番号 are meant); jobs/idou_check.sort,
# jobs/kojin_no_check.sort for each city and jobs/kakunin.sort make the list, which must hold
# every exception of the truth and nothing else (both directions are listed when not);
# tests/diff/city_oracle.py, reading the generated files by itself, must find the same
# exceptions (and every resident born before he became one); jobs/kokuho_hold.sort must hold back exactly the transactions of the listed
# people and let the others through. TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
K=${KIROKU:-$root/build/check/kiroku}
export KIROKU_LAYOUTS="$root/layouts" LC_ALL=C.UTF-8
# Many small files, each fsync'ed when committed: on tmpfs when there is one.
base=${TMPDIR:-/tmp}
[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
tmp=$(mktemp -d "$base/kiroku-city.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# cities people seed (54: Chiba's municipalities, kiroku city's most)
runs="3 200 1
2 1000 3
5 300 4
1 2000 6
6 150 7
54 120 8"
n=$(echo "$runs" | wc -l)
echo "1..$((n * 4))"
i=0
sortq() { "$K" sort --no-timing -m 64M --date 2026-04-01 "$@" > "$tmp/listing" 2>&1 || { cat "$tmp/listing"; return 1; }; }
echo "$runs" | while read -r cities people seed; do
    d="$tmp/p$seed"
    name="$cities cities x $people people, seed $seed"
    "$K" city --cities "$cities" --people "$people" --seed "$seed" --date 2026-04-01 --out "$d" 2> /dev/null
    # 1. the files pass verify (the first two cities' and the prefecture's)
    bad=""
    for c in "$d"/city01 "$d"/city02; do
        [ -d "$c" ] || continue
        for f in juki_0:juki juki_1:juki kokuho_daicho:kokuho_daicho kokuho_tx:kokuho_tx \
                 rengo_shikaku:rengo_shikaku rengo_hihokensha_id:rengo_hihokensha_id; do
            "$K" verify -L "${f#*:}" "$c/${f%%:*}.dat" > /dev/null 2>&1
            [ $? -le 4 ] || bad="$bad ${c##*/}/${f%%:*}"
        done
    done
    "$K" verify -L rengo_rireki "$d/rengo/rireki.dat" > /dev/null 2>&1 || bad="$bad rireki"
    "$K" verify -L kakunin "$d/truth.dat" > /dev/null 2>&1 || bad="$bad truth"
    i=$((i + 1))
    if [ -z "$bad" ]; then echo "ok $i - $name: the files pass verify"; else echo "not ok $i - $name: verify fails:$bad"; fi
    # 2. the jobs' list is the truth
    ok=1
    sortq -c "$root/jobs/idou_check.sort" \
        --dd SORTJNF1="$d/rengo/rireki.dat",layout=rengo_rireki --dd SORTJNF2="$d/rengo/rireki.dat",layout=rengo_rireki \
        --dd NEWSIDE="$d/new.dat",layout=kakunin --dd OLDSIDE="$d/old.dat",layout=kakunin || ok=0
    inputs="-i $d/new.dat -i $d/old.dat"
    for c in "$d"/city*; do
        sortq -c "$root/jobs/kojin_no_check.sort" \
            --dd SORTJNF1="$c/kokuho_tx.dat",layout=kokuho_tx --dd SORTJNF2="$c/kokuho_daicho.dat",layout=kokuho_daicho \
            --dd KAKUNIN="$c/kojin.dat",layout=kakunin || ok=0
        inputs="$inputs -i $c/kojin.dat"
    done
    # shellcheck disable=SC2086
    sortq -L kakunin -c "$root/jobs/kakunin.sort" $inputs -o "$d/kakunin.dat" --dd LIST="$d/kakunin.txt" || ok=0
    i=$((i + 1))
    if [ $ok = 1 ] && cmp -s "$d/kakunin.dat" "$d/truth.dat"; then
        echo "ok $i - $name: the 確認リスト is the truth ($(wc -l < "$d/truth.dat") exceptions)"
    else
        echo "not ok $i - $name: the 確認リスト is not the truth"
        tr -d '\r' < "$d/truth.dat" | sort > "$tmp/t"; tr -d '\r' < "$d/kakunin.dat" | sort > "$tmp/k"
        comm -23 "$tmp/t" "$tmp/k" | sed 's/^/# missed: /'
        comm -13 "$tmp/t" "$tmp/k" | sed 's/^/# not in the truth: /'
    fi
    # 3. an oracle of its own finds the same
    i=$((i + 1))
    if python3 "$root/tests/diff/city_oracle.py" "$d" > "$tmp/oracle" 2>&1; then
        echo "ok $i - $name: the oracle finds the truth; residence dates follow birth"
    else
        echo "not ok $i - $name: the oracle disagrees"; sed 's/^/# /' "$tmp/oracle"
    fi
    # 4. held back: exactly the transactions of the listed people
    ok=1
    for c in "$d"/city*; do
        sortq -c "$root/jobs/kokuho_hold.sort" \
            --dd SORTJNF1="$c/kokuho_tx.dat",layout=kokuho_tx --dd SORTJNF2="$d/kakunin.dat",layout=kakunin \
            --dd ACCEPTED="$c/accepted.dat",layout=kokuho_tx --dd HELD="$c/held.dat",layout=kokuho_tx || ok=0
        # the 保険者番号 and 宛名番号 of a transaction are bytes 2-22; of a list record 1-21
        cut -c2-22 "$c/held.dat" | sort -u > "$tmp/h"
        cut -c1-21 "$d/truth.dat" | sort -u > "$tmp/l"
        cut -c2-22 "$c/kokuho_tx.dat" | sort -u > "$tmp/all"
        comm -12 "$tmp/all" "$tmp/l" | cmp -s - "$tmp/h" || ok=0
        cut -c2-22 "$c/accepted.dat" | sort -u | comm -12 - "$tmp/l" | grep -q . && ok=0
        cat "$c/accepted.dat" "$c/held.dat" | sort | cmp -s - "$(sort "$c/kokuho_tx.dat" > "$tmp/s"; echo "$tmp/s")" || ok=0
    done
    i=$((i + 1))
    if [ $ok = 1 ]; then echo "ok $i - $name: held back exactly the listed people's transactions"
    else echo "not ok $i - $name: held back the wrong transactions"; fi
    rm -rf "$d"
done
