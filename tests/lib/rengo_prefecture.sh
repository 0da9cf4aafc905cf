# rengo_prefecture.sh: sourced by tests/diff/rengo_truth.sh and bench/slurm_scale.sh. Prepares
# the federation's day: a prefecture of three cities from `kiroku city --with federation`,
# each city's daily stream (jcl/kokuho_daily.jcl) run to seal its 資格情報 files, and the
# federation's data root W/fed holding them beside the register and 個人番号 index of the day
# before, cataloged, ready for jcl/rengo_daily.jcl. A city whose stream ends above 4 is
# reported (lines starting '# ') and the day goes on, as the federation's would.
# usage: rengo_prefecture K ROOT W PEOPLE SEED DAY [after|before|all]   (changes directory to W)
# after (the default): each city's move check reads kiroku city's register after the day, so
# every move of the day is on the cities' lists and held back; before: it reads the register
# of the day before (rireki_0.dat), so today's moves reach the federation; all: as after, and
# then each city's operator resolves every case of its 確認リスト (the 個人番号 of 理由 3 and 4
# entered from the registry: tests/lib/resolve_kakunin.py; the moves taken as checked), clears
# the list and restarts its stream from HOLD, so that every transaction of the day reaches the
# federation.
rengo_prefecture() {
    _k=$1 _root=$2 _w=$3 _people=$4 _seed=$5 _day=$6 _register=${7:-after}
    _d=$(echo "$_day" | tr -d - | cut -c3-)
    mkdir -p "$_w/fed/RENGO" && cd "$_w" || return 16
    "$_k" city --cities 3 --people "$_people" --seed "$_seed" --date "$_day" --with federation --out pref 2> /dev/null ||
        return 16
    for _c in 01 02 03; do
        sh "$_root/scripts/city_root.sh" "$_k" pref $_c "$_w/city$_c" "$_w/keys" "$_d" || { echo "# city_root $_c"; return 16; }
        if [ "$_register" = before ]; then
            rm "$_w/city$_c/RENGO/RENGO.RIREKI.D$_d" "$_w/city$_c/RENGO/RENGO.RIREKI.D$_d.slip"
            "$_k" seal pref/rengo/rireki_0.dat "$_w/city$_c/RENGO/RENGO.RIREKI.D$_d" --key "$_w/keys/rengo.key" \
                -L rengo_rireki --data-set "RENGO.RIREKI.D$_d" --sender RENGO --receiver "CITY$_c" > /dev/null || return 16
        fi
        "$_k" run "$_root/jcl/kokuho_daily.jcl" --root "$_w/city$_c" --date "$_day" \
            HOKEN=$(head -c 6 pref/city$_c/kokuho_daicho.dat) CITY=$_c KEYS="$_w/keys" > "city$_c.log" 2>&1
        _rc=$?
        if [ "$_register" = all ] && [ $_rc -le 4 ]; then
            python3 "$_root/tests/lib/resolve_kakunin.py" "$_w/city$_c/KOKUHO/KOKUHO.TX.D$_d" \
                "$_w/city$_c/KOKUHO/KOKUHO.KAKUNIN.D$_d" pref/city$_c/juki_0.dat pref/city$_c/juki_1.dat || return 16
            : > "$_w/city$_c/KOKUHO/KOKUHO.KAKUNIN.D$_d"
            "$_k" run "$_root/jcl/kokuho_daily.jcl" --root "$_w/city$_c" --date "$_day" --restart HOLD \
                HOKEN=$(head -c 6 pref/city$_c/kokuho_daicho.dat) CITY=$_c KEYS="$_w/keys" >> "city$_c.log" 2>&1
            _rc=$?
        fi
        [ $_rc -le 4 ] || { echo "# city $_c's stream ended with $_rc"; tail -5 "city$_c.log" | sed 's/^/# /'; }
        for _f in KOJIN SETAI; do
            cp "city$_c/RENGO/RENGO.$_f$_c.D$_d" "city$_c/RENGO/RENGO.$_f$_c.D$_d.slip" fed/RENGO/
        done
        rm -rf "city$_c"
    done
    cp pref/rengo/rireki_0.dat fed/RENGO/RENGO.RIREKI.G0001V00
    cp pref/rengo/kojin_index_0.dat fed/RENGO/RENGO.KOJINIX.G0001V00
    {
        echo "  DEFINE GDG (NAME(RENGO.RIREKI) LIMIT(7) SCRATCH NOEMPTY)"
        echo "  DEFINE GDG (NAME(RENGO.KOJINIX) LIMIT(7) SCRATCH NOEMPTY)"
        echo "  DEFINE NONVSAM (NAME(RENGO.RIREKI.G0001V00) LAYOUT(rengo_rireki))"
        echo "  DEFINE NONVSAM (NAME(RENGO.KOJINIX.G0001V00) LAYOUT(rengo_kojin_index))"
        for _c in 01 02 03; do
            echo "  DEFINE NONVSAM (NAME(RENGO.KOJIN$_c.D$_d))"
            echo "  DEFINE NONVSAM (NAME(RENGO.SETAI$_c.D$_d))"
        done
    } | "$_k" idcams --root "$_w/fed" > idcams.log 2>&1 || { sed 's/^/# /' idcams.log; return 16; }
}
