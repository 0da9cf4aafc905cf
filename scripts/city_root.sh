#!/bin/sh
# city_root.sh: puts one city of a `kiroku city` prefecture under a data root as its daily
# stream (jcl/kokuho_daily.jcl) finds it on the morning of the day: the registry's two
# snapshots as the generations of JUKI.SNAPSHOT, the NHI ledger as KOKUHO.DAICHO's first
# generation, the day's NHI transactions, and kiroku city's files of the federation in the
# place of those the federation sent the city the business day before (jcl/rengo_send.jcl):
# RENGO.SEND.SHIKAKU/HIHOID/RIREKI.Cnn.Dyymmdd of that day, SEALed with the city's key (key
# id cityNN, which the federation seals them with) and cataloged. The city's key cityNN.key
# (both ways) is made in KEYDIR when missing.
#
# usage: scripts/city_root.sh KIROKU PREF NN ROOT KEYDIR YYMMDD [REGISTER]
# REGISTER: the federation's register to give the city (default PREF/rengo/rireki.dat, the
# register after the day; PREF/rengo/rireki_0.dat is the one of the day before).
# The roles file ($KIROKU_ROLES) must grant seal:cityNN and catalog (docs/PROTECTION.md).
set -eu
K=$1 pref=$2 nn=$3 root=$4 keys=$5 day=$6 register=${7:-$2/rengo/rireki.dat}
city=$pref/city$nn
mkdir -p "$root/JUKI" "$root/KOKUHO" "$root/RENGO" "$keys"
chmod 700 "$keys"
[ -f "$keys/city$nn.key" ] || "$K" seal --new-key "$keys/city$nn.key" --key-id "city$nn" > /dev/null
cp "$city/juki_0.dat" "$root/JUKI/JUKI.SNAPSHOT.G0001V00"
cp "$city/juki_1.dat" "$root/JUKI/JUKI.SNAPSHOT.G0002V00"
cp "$city/kokuho_daicho.dat" "$root/KOKUHO/KOKUHO.DAICHO.G0001V00"
cp "$city/kokuho_tx.dat" "$root/KOKUHO/KOKUHO.TX.D$day"
# the business day before the day (the &PBYYMMDD of the city's stream), in the national calendar
prev=$("$K" calendar --from "$(date -d "20$day -14 days" +%F)" --to "$(date -d "20$day -1 day" +%F)" \
    --business-days | tail -1 | cut -c3-10 | tr -d -)
# inbound: kind layout file: sealed as jcl/rengo_send.jcl seals the federation's files
inbound() {
    "$K" seal "$3" "$root/RENGO/RENGO.SEND.$1.C$nn.D$prev" --key "$keys/city$nn.key" -L "$2" \
        --data-set "RENGO.$1.D$prev" --sender RENGO --receiver "CITY$nn" > /dev/null
}
inbound SHIKAKU rengo_shikaku "$city/rengo_shikaku.dat"
inbound HIHOID rengo_hihokensha_id "$city/rengo_hihokensha_id.dat"
inbound RIREKI rengo_rireki "$register"
"$K" idcams --root "$root" > "$root/load.idcams" <<IDCAMS || { cat "$root/load.idcams" >&2; exit 16; }
  DEFINE GDG (NAME(JUKI.SNAPSHOT) LIMIT(7) SCRATCH NOEMPTY)
  DEFINE GDG (NAME(KOKUHO.DAICHO) LIMIT(7) SCRATCH NOEMPTY)
  DEFINE GDG (NAME(KOKUHO.TXHIST) LIMIT(255) SCRATCH NOEMPTY)
  DEFINE NONVSAM (NAME(JUKI.SNAPSHOT.G0001V00) LAYOUT(juki))
  DEFINE NONVSAM (NAME(JUKI.SNAPSHOT.G0002V00) LAYOUT(juki))
  DEFINE NONVSAM (NAME(KOKUHO.DAICHO.G0001V00) LAYOUT(kokuho_daicho))
  DEFINE NONVSAM (NAME(KOKUHO.TX.D$day) LAYOUT(kokuho_tx))
  DEFINE NONVSAM (NAME(RENGO.SEND.SHIKAKU.C$nn.D$prev))
  DEFINE NONVSAM (NAME(RENGO.SEND.HIHOID.C$nn.D$prev))
  DEFINE NONVSAM (NAME(RENGO.SEND.RIREKI.C$nn.D$prev))
IDCAMS
rm "$root/load.idcams"
