#!/bin/sh
# kogaku_root.sh: puts one city of a `kiroku city --with kogaku` prefecture under a data root
# as the monthly 高額該当 carry-over (jcl/kogaku_monthly.jcl) finds it: the federation's
# register and its 転出地市区町村高額該当情報, and the city's continuity decisions, each as a
# data set of the day (KOGAKU.RIREKI/GAITO/KEIZOKU.Dyymmdd).
#
# usage: scripts/kogaku_root.sh KIROKU PREF NN ROOT YYMMDD
# The roles file ($KIROKU_ROLES) must grant catalog (docs/PROTECTION.md): the GDGs are defined by IDCAMS.
set -eu
K=$1 pref=$2 nn=$3 root=$4 day=$5
mkdir -p "$root/KOGAKU"
cp "$pref/rengo/rireki.dat" "$root/KOGAKU/KOGAKU.RIREKI.D$day"
cp "$pref/rengo/kogaku/gaito.dat" "$root/KOGAKU/KOGAKU.GAITO.D$day"
cp "$pref/city$nn/kogaku/keizoku.dat" "$root/KOGAKU/KOGAKU.KEIZOKU.D$day"
"$K" idcams --root "$root" > "$root/kogaku.idcams" <<IDCAMS || { cat "$root/kogaku.idcams" >&2; exit 16; }
  DEFINE NONVSAM (NAME(KOGAKU.RIREKI.D$day) LAYOUT(rengo_rireki))
  DEFINE NONVSAM (NAME(KOGAKU.GAITO.D$day) LAYOUT(kogaku_gaito))
  DEFINE NONVSAM (NAME(KOGAKU.KEIZOKU.D$day) LAYOUT(kogaku_keizoku))
IDCAMS
rm "$root/kogaku.idcams"
