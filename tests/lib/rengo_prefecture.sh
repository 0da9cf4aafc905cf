# rengo_prefecture.sh: sourced by tests/diff/rengo_truth.sh, the golden case stream_rengo_daily,
# bench/rengo.sh and bench/slurm_scale.sh. Prepares the federation's day: a prefecture of
# CITIES cities (default 3) from `kiroku city --with federation`,
# each city's daily stream (jcl/kokuho_daily.jcl) run to seal its 資格情報 files, and the
# federation's data root W/fed holding them beside the register and 個人番号 index of the day
# before and the list of its cities RENGO.CITIES, cataloged, ready for the federation's four
# jobs (rengo_day below). A city whose stream ends above 4 is
# reported (lines starting '# ') and the day goes on, as the federation's would.
# usage: rengo_prefecture K ROOT W PEOPLE SEED DAY [after|before|all] [CITIES]   (changes directory to W)
# after (the default): each city's move check reads kiroku city's register after the day, so
# every move of the day is on the cities' lists and held back; before: it reads the register
# of the day before (rireki_0.dat), so today's moves reach the federation; all: as after, and
# then each city's operator resolves every case of its 確認リスト (the 個人番号 of 理由 3 and 4
# entered from the registry: tests/lib/resolve_kakunin.py; the moves taken as checked), clears
# the list and restarts its stream from HOLD, so that every transaction of the day reaches the
# federation.
rengo_prefecture() {
    _k=$1 _root=$2 _w=$3 _people=$4 _seed=$5 _day=$6 _register=${7:-after} _ncities=${8:-3}
    _d=$(echo "$_day" | tr -d - | cut -c3-)
    _cities=$(seq -f '%02g' 1 "$_ncities")
    mkdir -p "$_w/fed/RENGO" && cd "$_w" || return 16
    "$_k" city --cities "$_ncities" --people "$_people" --seed "$_seed" --date "$_day" --with federation --out pref 2> city.log ||
        return 16
    # the cities' streams, two at a time (the machine's two cores); each city's key is its own
    # (scripts/city_root.sh makes it in the shared key ring)
    mkdir -p "$_w/keys" && chmod 700 "$_w/keys"
    _n=0
    for _c in $_cities; do
        rengo_city_stream "$_k" "$_root" "$_w" "$_c" "$_d" "$_day" "$_register" > "city$_c.out" &
        _n=$((_n + 1))
        [ $((_n % 2)) = 0 ] && wait
    done
    wait
    for _c in $_cities; do
        cat "city$_c.out"
        [ -f "fed/RENGO/RENGO.KOJIN$_c.D$_d" ] || return 16
    done
    cp pref/rengo/rireki_0.dat fed/RENGO/RENGO.RIREKI.G0001V00
    cp pref/rengo/kojin_index_0.dat fed/RENGO/RENGO.KOJINIX.G0001V00
    {
        echo "  DEFINE GDG (NAME(RENGO.RIREKI) LIMIT(7) SCRATCH NOEMPTY)"
        echo "  DEFINE GDG (NAME(RENGO.KOJINIX) LIMIT(7) SCRATCH NOEMPTY)"
        echo "  DEFINE NONVSAM (NAME(RENGO.RIREKI.G0001V00) LAYOUT(rengo_rireki))"
        echo "  DEFINE NONVSAM (NAME(RENGO.KOJINIX.G0001V00) LAYOUT(rengo_kojin_index))"
        for _c in $_cities; do
            echo "  DEFINE NONVSAM (NAME(RENGO.KOJIN$_c.D$_d))"
            echo "  DEFINE NONVSAM (NAME(RENGO.SETAI$_c.D$_d))"
        done
    } | "$_k" idcams --root "$_w/fed" > idcams.log 2>&1 || { sed 's/^/# /' idcams.log; return 16; }
    rengo_cities "$_k" "$_w/fed" pref "$_ncities"
}

# rengo_city_stream K ROOT W CITY YYMMDD DAY REGISTER: one city's daily stream (in W), its two
# sealed files copied into W/fed/RENGO; a stream that ends above 4 is reported ('# ' lines).
# Its data root W/cityNN is removed afterwards unless RENGO_KEEP_CITY_ROOTS is set (the round
# trip, tests/diff/rengo_roundtrip.sh, runs the city's next day on it).
rengo_city_stream() {
    _ck=$1 _croot=$2 _cw=$3 _cc=$4 _cd=$5 _cday=$6 _creg=$7
    _creg_file=pref/rengo/rireki.dat
    [ "$_creg" = before ] && _creg_file=pref/rengo/rireki_0.dat
    sh "$_croot/scripts/city_root.sh" "$_ck" pref "$_cc" "$_cw/city$_cc" "$_cw/keys" "$_cd" "$_creg_file" > /dev/null ||
        { echo "# city_root $_cc"; return 16; }
    "$_ck" run "$_croot/jcl/kokuho_daily.jcl" --root "$_cw/city$_cc" --date "$_cday" \
        HOKEN=$(head -c 6 pref/city$_cc/kokuho_daicho.dat) CITY=$_cc KEYS="$_cw/keys" > "city$_cc.log" 2>&1
    _crc=$?
    if [ "$_creg" = all ] && [ $_crc -le 4 ]; then
        python3 "$_croot/tests/lib/resolve_kakunin.py" "$_cw/city$_cc/KOKUHO/KOKUHO.TX.D$_cd" \
            "$_cw/city$_cc/KOKUHO/KOKUHO.KAKUNIN.D$_cd" pref/city$_cc/juki_0.dat pref/city$_cc/juki_1.dat || return 16
        : > "$_cw/city$_cc/KOKUHO/KOKUHO.KAKUNIN.D$_cd"
        "$_ck" run "$_croot/jcl/kokuho_daily.jcl" --root "$_cw/city$_cc" --date "$_cday" --restart HOLD \
            HOKEN=$(head -c 6 pref/city$_cc/kokuho_daicho.dat) CITY=$_cc KEYS="$_cw/keys" >> "city$_cc.log" 2>&1
        _crc=$?
    fi
    [ $_crc -le 4 ] || { echo "# city $_cc's stream ended with $_crc"; tail -5 "city$_cc.log" | sed 's/^/# /'; }
    for _cf in KOJIN SETAI; do
        cp "city$_cc/RENGO/RENGO.$_cf$_cc.D$_cd" "city$_cc/RENGO/RENGO.$_cf$_cc.D$_cd.slip" fed/RENGO/
    done
    [ -n "${RENGO_KEEP_CITY_ROOTS:-}" ] || rm -rf "city$_cc"
}

# rengo_cities K FED PREF N: the list of the prefecture's cities RENGO.CITIES (layout rengo_city:
# city number and 保険者番号 of PREF/cityNN, cities 01..N), written under the data root FED and
# cataloged; the list the federation's per-city jobs run over (kiroku run --each).
rengo_cities() {
    _k=$1 _fed=$2 _pref=$3 _n=$4
    mkdir -p "$_fed/RENGO"
    : > "$_fed/RENGO/RENGO.CITIES"
    _i=1
    while [ "$_i" -le "$_n" ]; do
        _c=$(printf '%02d' "$_i")
        printf '%s%s%12s\n' "$_c" "$(head -c 6 "$_pref/city$_c/kokuho_daicho.dat")" '' >> "$_fed/RENGO/RENGO.CITIES"
        _i=$((_i + 1))
    done
    echo "  DEFINE NONVSAM (NAME(RENGO.CITIES) LAYOUT(rengo_city))" | "$_k" idcams --root "$_fed" > /dev/null
}

# rengo_day K ROOT FED DAY KEYS [RUN-OPTION...]: the federation's day on the data root FED, its
# four jobs in order as a scheduler runs them: jcl/rengo_open.jcl, jcl/rengo_recv.jcl once per
# city of RENGO.CITIES, jcl/rengo_merge.jcl, jcl/rengo_send.jcl once per accepted city. The
# job logs on standard error, the step tables on standard output; returns the highest rc.
rengo_day() {
    _k=$1 _root=$2 _fed=$3 _day=$4 _keys=$5
    shift 5
    _opts="$*" # options without blanks in their values (--no-timing, --on slurm)
    _d=$(echo "$_day" | tr -d - | cut -c3-)
    _max=0
    for _job in open recv merge send; do
        case $_job in
            recv) _each="--each RENGO.CITIES KEYS=$_keys" ;;
            send) _each="--each RENGO.ACCEPTED.D$_d KEYS=$_keys" ;;
            *) _each= ;;
        esac
        # shellcheck disable=SC2086
        "$_k" run "$_root/jcl/rengo_$_job.jcl" --root "$_fed" --date "$_day" $_opts $_each
        _rc=$?
        [ $_rc -gt $_max ] && _max=$_rc
    done
    return $_max
}
