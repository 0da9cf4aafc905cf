#!/bin/sh
# kogaku_truth.sh: the monthly 高額該当 carry-over (jcl/kogaku_monthly.jcl), run by kiroku run on
# every city of kiroku city --with kogaku prefectures for several seeds, sizes and days,
# makes exactly the truth: the candidates are truth_kohou.dat, the unmatched
# truth_fuicchi.dat, the counts carried over truth_hikitsugi.dat, byte for byte; and an
# independent Python reading of the rules (kogaku_oracle.py, from the register, the old
# cities' high-cost months and the decisions alone) makes the same three files. TAP output.
name=kogaku
# cities people seed date
runs="3 300 2 2026-04-01
2 600 9 2026-11-20
4 200 31 2027-01-05"
. "$(dirname "$0")/../lib/truth_setup.sh"
echo "$runs" | while read -r cities people seed day; do
    d="$tmp/p$seed"
    what="$cities cities of $people, seed $seed, $day"
    "$K" city --cities "$cities" --people "$people" --seed "$seed" --date "$day" --out "$d" \
        --with kogaku > /dev/null 2>&1
    yymmdd=$(echo "$day" | tr -d - | cut -c3-)
    kohou_ok=0 fuicchi_ok=0 hiki_ok=0 c=1
    while [ "$c" -le "$cities" ]; do
        nn=$(printf '%02d' "$c")
        g="$d/city$nn/kogaku"
        o="$d/oracle$nn"
        mkdir -p "$o"
        hoken=$(head -c 6 "$d/city$nn/kokuho_daicho.dat")
        python3 "$root/tests/diff/kogaku_oracle.py" "$d/rengo/rireki.dat" "$d/rengo/kogaku/gaito.dat" \
            "$g/keizoku.dat" "$hoken" "$day" "$o" || kohou_ok=1
        r="$d/root$nn"
        sh "$root/scripts/kogaku_root.sh" "$K" "$d" "$nn" "$r" "$yymmdd" > "$d/load.out" 2>&1 ||
            { sed 's/^/# /' "$d/load.out"; kohou_ok=1; }
        "$K" run "$root/jcl/kogaku_monthly.jcl" --root "$r" --date "$day" --no-timing \
            HOKEN="$hoken" > "$d/run$nn.out" 2>&1 || { sed 's/^/# /' "$d/run$nn.out"; kohou_ok=1; }
        cmp -s "$r/KOGAKU/KOGAKU.KOHO.D$yymmdd" "$g/truth_kohou.dat" &&
            cmp -s "$o/kohou.dat" "$g/truth_kohou.dat" || kohou_ok=1
        cmp -s "$r/KOGAKU/KOGAKU.FUICCHI.D$yymmdd" "$g/truth_fuicchi.dat" &&
            cmp -s "$o/fuicchi.dat" "$g/truth_fuicchi.dat" || fuicchi_ok=1
        cmp -s "$r/KOGAKU/KOGAKU.HIKITSUG.D$yymmdd" "$g/truth_hikitsugi.dat" &&
            cmp -s "$o/hikitsugi.dat" "$g/truth_hikitsugi.dat" || hiki_ok=1
        c=$((c + 1))
    done
    ok "$kohou_ok" "$what: the candidates are the truth and the oracle's"
    ok "$fuicchi_ok" "$what: the unmatched are the truth and the oracle's"
    ok "$hiki_ok" "$what: the counts carried over are the truth and the oracle's"
done
