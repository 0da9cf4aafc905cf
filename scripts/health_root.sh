#!/bin/sh
# health_root.sh: puts one city of a `kiroku city --with health` prefecture under a data
# root as its screening stream (jcl/screening.jcl) finds it on the first day of the fiscal
# year: the registry of the day as JUKI.SNAPSHOT's generation, the results the medical
# institutions sent in as KENSHIN.UKETSUKE.Dyymmdd, and the screening ledger's GDG
# KENSHIN.KEKKA defined (the intake makes its generations); for the vaccination stream
# (jcl/yobo.jcl) the history as YOBO.RIREKI's first generation and the 予診票 records sent
# in as YOBO.YOSHIN.Dyymmdd.
#
# usage: scripts/health_root.sh KIROKU PREF NN ROOT YYMMDD
# The roles file ($KIROKU_ROLES) must grant catalog (docs/PROTECTION.md): the GDGs are defined by IDCAMS.
set -eu
K=$1 pref=$2 nn=$3 root=$4 day=$5
city=$pref/city$nn
mkdir -p "$root/JUKI" "$root/KENSHIN" "$root/YOBO"
cp "$city/juki_1.dat" "$root/JUKI/JUKI.SNAPSHOT.G0001V00"
cp "$city/health/kenshin_kekka.dat" "$root/KENSHIN/KENSHIN.UKETSUKE.D$day"
cp "$city/health/yobo_rireki.dat" "$root/YOBO/YOBO.RIREKI.G0001V00"
cp "$city/health/yobo_yoshinhyo.dat" "$root/YOBO/YOBO.YOSHIN.D$day"
"$K" idcams --root "$root" > "$root/load.idcams" <<IDCAMS || { cat "$root/load.idcams" >&2; exit 16; }
  DEFINE GDG (NAME(JUKI.SNAPSHOT) LIMIT(7) SCRATCH NOEMPTY)
  DEFINE GDG (NAME(KENSHIN.KEKKA) LIMIT(30) NOSCRATCH NOEMPTY)
  DEFINE NONVSAM (NAME(JUKI.SNAPSHOT.G0001V00) LAYOUT(juki))
  DEFINE NONVSAM (NAME(KENSHIN.UKETSUKE.D$day) LAYOUT(kenshin))
  DEFINE GDG (NAME(YOBO.RIREKI) LIMIT(30) NOSCRATCH NOEMPTY)
  DEFINE NONVSAM (NAME(YOBO.RIREKI.G0001V00) LAYOUT(yobo_sesshu))
  DEFINE NONVSAM (NAME(YOBO.YOSHIN.D$day) LAYOUT(yobo_sesshu))
IDCAMS
rm "$root/load.idcams"
