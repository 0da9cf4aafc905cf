#!/bin/sh
# correction_root.sh: puts one city's correction data of a `kiroku city --with corrections`
# prefecture under a data root as the correction stream (jcl/kokuho_teisei.jcl) finds it:
# the base generation as KOKUHO.BASE's generation, the days' transactions since it as the
# generations of KOKUHO.TXHIST (oldest first), the ledger the daily streams made as
# KOKUHO.DAICHO's generation, and the day's corrections KOKUHO.TEISEI.Dyymmdd, cataloged.
#
# usage: scripts/correction_root.sh KIROKU PREF NN ROOT YYMMDD
# The roles file ($KIROKU_ROLES) must grant catalog (docs/PROTECTION.md): the GDGs are defined by IDCAMS.
set -eu
K=$1 pref=$2 nn=$3 root=$4 day=$5
dir=$pref/city$nn/corrections
mkdir -p "$root/KOKUHO"
cp "$dir/base.dat" "$root/KOKUHO/KOKUHO.BASE.G0001V00"
cp "$dir/current.dat" "$root/KOKUHO/KOKUHO.DAICHO.G0001V00"
cp "$dir/corrections.dat" "$root/KOKUHO/KOKUHO.TEISEI.D$day"
defs=""
n=0
for tx in "$dir"/tx_*.dat; do
    n=$((n + 1))
    g=$(printf 'G%04dV00' "$n")
    cp "$tx" "$root/KOKUHO/KOKUHO.TXHIST.$g"
    defs="$defs  DEFINE NONVSAM (NAME(KOKUHO.TXHIST.$g) LAYOUT(kokuho_tx))
"
done
"$K" idcams --root "$root" > "$root/load.idcams" <<IDCAMS || { cat "$root/load.idcams" >&2; exit 16; }
  DEFINE GDG (NAME(KOKUHO.BASE) LIMIT(12) SCRATCH NOEMPTY)
  DEFINE GDG (NAME(KOKUHO.TXHIST) LIMIT(255) SCRATCH NOEMPTY)
  DEFINE GDG (NAME(KOKUHO.DAICHO) LIMIT(7) SCRATCH NOEMPTY)
  DEFINE NONVSAM (NAME(KOKUHO.BASE.G0001V00) LAYOUT(kokuho_daicho))
  DEFINE NONVSAM (NAME(KOKUHO.DAICHO.G0001V00) LAYOUT(kokuho_daicho))
  DEFINE NONVSAM (NAME(KOKUHO.TEISEI.D$day) LAYOUT(kokuho_teisei))
$defs
IDCAMS
rm "$root/load.idcams"
