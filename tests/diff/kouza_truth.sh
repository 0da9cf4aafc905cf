#!/bin/sh
# kouza_truth.sh: the monthly 口座振替 streams (jcl/kouza_furikae.jcl, then jcl/kouza_kekka.jcl),
# run by kiroku run on every city of kiroku city --with bank prefectures for several seeds,
# sizes and days, make exactly the truth: the request is truth_irai.dat, the premium
# ledger's new generation truth_hokenryo.dat, the unpaid truth_minou.dat, byte for byte; and
# an independent Python reading of the rules (kouza_oracle.py, from the ledger and the bank's
# result alone) makes the same three files. The debit day is the first 納期限 on or after
# the day. TAP output.
name=kouza
# cities people seed date
runs="2 300 2 2026-04-01
1 500 9 2026-11-02
1 200 31 2027-02-10"
. "$(dirname "$0")/../lib/truth_setup.sh"
echo "$runs" | while read -r cities people seed day; do
    d="$tmp/p$seed"
    what="$cities cities of $people, seed $seed, $day"
    "$K" city --cities "$cities" --people "$people" --seed "$seed" --date "$day" --out "$d" \
        --with bank > /dev/null 2>&1
    irai_ok=0 ledger_ok=0 minou_ok=0 c=1
    while [ "$c" -le "$cities" ]; do
        nn=$(printf '%02d' "$c")
        b="$d/city$nn/bank"
        o="$d/oracle$nn"
        mkdir -p "$o"
        debit=$(python3 "$root/tests/diff/kouza_oracle.py" "$b/hokenryo.dat" "$b/kekka.dat" "$day" "$o") ||
            { echo "# $debit"; irai_ok=1; }
        debit_iso=$(echo "$debit" | sed 's/\(....\)\(..\)\(..\)/\1-\2-\3/')
        yymmdd=$(echo "$debit" | cut -c3-)
        hoken=$(head -c 6 "$b/hokenryo.dat")
        r="$d/root$nn"
        sh "$root/scripts/bank_root.sh" "$K" "$d" "$nn" "$r" "$yymmdd" kekka > "$d/load.out" 2>&1 ||
            { sed 's/^/# /' "$d/load.out"; irai_ok=1; }
        "$K" run "$root/jcl/kouza_furikae.jcl" --root "$r" --date "$debit_iso" --no-timing \
            HOKEN="$hoken" > "$d/irai$nn.out" 2>&1 || { sed 's/^/# /' "$d/irai$nn.out"; irai_ok=1; }
        "$K" run "$root/jcl/kouza_kekka.jcl" --root "$r" --date "$debit_iso" --no-timing \
            > "$d/kekka$nn.out" 2>&1 || { sed 's/^/# /' "$d/kekka$nn.out"; ledger_ok=1; }
        cmp -s "$r/ZENGIN/ZENGIN.IRAI.D$yymmdd" "$b/truth_irai.dat" &&
            cmp -s "$o/irai.dat" "$b/truth_irai.dat" || irai_ok=1
        cmp -s "$r/KOKUHO/KOKUHO.HOKENRYO.G0002V00" "$b/truth_hokenryo.dat" &&
            cmp -s "$o/hokenryo.dat" "$b/truth_hokenryo.dat" || ledger_ok=1
        cmp -s "$r/KOKUHO/KOKUHO.MINOU.D$yymmdd" "$b/truth_minou.dat" &&
            cmp -s "$o/minou.dat" "$b/truth_minou.dat" || minou_ok=1
        c=$((c + 1))
    done
    ok "$irai_ok" "$what: the request is the truth and the oracle's"
    ok "$ledger_ok" "$what: the reconciled ledger is the truth and the oracle's"
    ok "$minou_ok" "$what: the unpaid are the truth and the oracle's"
done
