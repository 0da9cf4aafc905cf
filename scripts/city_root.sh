#!/bin/sh
# city_root.sh: puts one city of a `kiroku city` prefecture under a data root as its daily
# stream (jcl/kokuho_daily.jcl) finds it on the morning of the day: the registry's two
# snapshots as the generations of JUKI.SNAPSHOT, the NHI ledger as KOKUHO.DAICHO's first
# generation, the day's NHI transactions, and the federation's inbound files SEALed with
# the federation's key (key id rengo) and cataloged. Keys are made in KEYDIR when missing
# (rengo.key for the federation, cityNN.key for the city's outbound files).
#
# usage: scripts/city_root.sh KIROKU PREF NN ROOT KEYDIR YYMMDD
# The roles file ($KIROKU_ROLES) must grant seal:rengo and catalog (docs/PROTECTION.md).
set -eu
K=$1 pref=$2 nn=$3 root=$4 keys=$5 day=$6
city=$pref/city$nn
mkdir -p "$root/JUKI" "$root/KOKUHO" "$root/RENGO" "$keys"
chmod 700 "$keys"
[ -f "$keys/rengo.key" ] || "$K" seal --new-key "$keys/rengo.key" --key-id rengo > /dev/null
[ -f "$keys/city$nn.key" ] || "$K" seal --new-key "$keys/city$nn.key" --key-id "city$nn" > /dev/null
cp "$city/juki_0.dat" "$root/JUKI/JUKI.SNAPSHOT.G0001V00"
cp "$city/juki_1.dat" "$root/JUKI/JUKI.SNAPSHOT.G0002V00"
cp "$city/kokuho_daicho.dat" "$root/KOKUHO/KOKUHO.DAICHO.G0001V00"
cp "$city/kokuho_tx.dat" "$root/KOKUHO/KOKUHO.TX.D$day"
# inbound: name layout file
inbound() {
    "$K" seal "$3" "$root/RENGO/$1" --key "$keys/rengo.key" -L "$2" --data-set "$1" \
        --sender RENGO --receiver "CITY$nn" > /dev/null
}
inbound "RENGO.SHIKAKU.D$day" rengo_shikaku "$city/rengo_shikaku.dat"
inbound "RENGO.HIHOID.D$day" rengo_hihokensha_id "$city/rengo_hihokensha_id.dat"
inbound "RENGO.RIREKI.D$day" rengo_rireki "$pref/rengo/rireki.dat"
"$K" idcams --root "$root" > "$root/load.idcams" <<IDCAMS || { cat "$root/load.idcams" >&2; exit 16; }
  DEFINE GDG (NAME(JUKI.SNAPSHOT) LIMIT(7) SCRATCH NOEMPTY)
  DEFINE GDG (NAME(KOKUHO.DAICHO) LIMIT(7) SCRATCH NOEMPTY)
  DEFINE GDG (NAME(KOKUHO.TXHIST) LIMIT(255) SCRATCH NOEMPTY)
  DEFINE NONVSAM (NAME(JUKI.SNAPSHOT.G0001V00) LAYOUT(juki))
  DEFINE NONVSAM (NAME(JUKI.SNAPSHOT.G0002V00) LAYOUT(juki))
  DEFINE NONVSAM (NAME(KOKUHO.DAICHO.G0001V00) LAYOUT(kokuho_daicho))
  DEFINE NONVSAM (NAME(KOKUHO.TX.D$day) LAYOUT(kokuho_tx))
  DEFINE NONVSAM (NAME(RENGO.SHIKAKU.D$day))
  DEFINE NONVSAM (NAME(RENGO.HIHOID.D$day))
  DEFINE NONVSAM (NAME(RENGO.RIREKI.D$day))
IDCAMS
rm "$root/load.idcams"
