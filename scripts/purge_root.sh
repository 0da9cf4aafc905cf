#!/bin/sh
# purge_root.sh: puts one city's retention data of a `kiroku city --with retention`
# prefecture, and a screening ledger, under a data root as the yearly purge
# (jcl/kokuho_purge.jcl) finds them: the NHI ledger with its history as KOKUHO.DAICHO's
# generation, the screening ledger (a kenshin file) as KENSHIN.KEKKA's, cataloged; the
# city's key cityNN.key made in KEYDIR when missing.
#
# usage: scripts/purge_root.sh KIROKU PREF NN ROOT KEYDIR KENSHIN_FILE
# The roles file ($KIROKU_ROLES) must grant catalog (docs/PROTECTION.md): the GDGs are defined by IDCAMS.
set -eu
K=$1 pref=$2 nn=$3 root=$4 keys=$5 kenshin=$6
mkdir -p "$root/KOKUHO" "$root/KENSHIN" "$keys"
chmod 700 "$keys"
[ -f "$keys/city$nn.key" ] || "$K" seal --new-key "$keys/city$nn.key" --key-id "city$nn" > /dev/null
cp "$pref/city$nn/retention/daicho.dat" "$root/KOKUHO/KOKUHO.DAICHO.G0001V00"
cp "$kenshin" "$root/KENSHIN/KENSHIN.KEKKA.G0001V00"
"$K" idcams --root "$root" > "$root/load.idcams" <<IDCAMS || { cat "$root/load.idcams" >&2; exit 16; }
  DEFINE GDG (NAME(KOKUHO.DAICHO) LIMIT(7) SCRATCH NOEMPTY)
  DEFINE GDG (NAME(KENSHIN.KEKKA) LIMIT(7) SCRATCH NOEMPTY)
  DEFINE NONVSAM (NAME(KOKUHO.DAICHO.G0001V00) LAYOUT(kokuho_daicho))
  DEFINE NONVSAM (NAME(KENSHIN.KEKKA.G0001V00) LAYOUT(kenshin))
IDCAMS
rm "$root/load.idcams"
