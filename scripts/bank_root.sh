#!/bin/sh
# bank_root.sh: puts one city's `kiroku city --with bank` files under a data root as the
# monthly 口座振替 streams find them (docs/streams/kouza_furikae.md): the premium ledger as
# KOKUHO.HOKENRYO's first generation and, when the bank has answered, its result file as
# ZENGIN.KEKKA.Dyymmdd (yymmdd the debit day).
#
# usage: scripts/bank_root.sh KIROKU PREF NN ROOT YYMMDD [kekka]
# The roles file ($KIROKU_ROLES) must grant catalog (docs/PROTECTION.md): the GDGs are defined by IDCAMS.
set -eu
K=$1 pref=$2 nn=$3 root=$4 day=$5 with_result=${6:-}
bank=$pref/city$nn/bank
mkdir -p "$root/KOKUHO" "$root/ZENGIN"
cp "$bank/hokenryo.dat" "$root/KOKUHO/KOKUHO.HOKENRYO.G0001V00"
result=
if [ "$with_result" = kekka ]; then
    cp "$bank/kekka.dat" "$root/ZENGIN/ZENGIN.KEKKA.D$day"
    result="DEFINE NONVSAM (NAME(ZENGIN.KEKKA.D$day) LAYOUT(zengin_furikae))"
fi
"$K" idcams --root "$root" > "$root/bank.idcams" <<IDCAMS || { cat "$root/bank.idcams" >&2; exit 16; }
  DEFINE GDG (NAME(KOKUHO.HOKENRYO) LIMIT(13) SCRATCH NOEMPTY)
  DEFINE NONVSAM (NAME(KOKUHO.HOKENRYO.G0001V00) LAYOUT(kokuho_hokenryo))
  $result
IDCAMS
rm "$root/bank.idcams"
