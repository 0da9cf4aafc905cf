#!/bin/sh
# cobol_interop.sh: GnuCOBOL reads what kiroku writes, through the copybook kiroku exports.
# For the test layouts, which cover every field type (X, N, M, 9, S9 with overpunched and separate signs,
# V decimals, P, B big- and little-endian, dates, 個人番号, OCCURS fields and groups, record
# types through REDEFINES; CRLF, LF and no terminator), and for every layout in layouts/:
# generate a file, export the copybook,
# write a COBOL program that COPYs it and DISPLAYs every field (cobol_interop.py), compile it
# with cobc, run it, and compare its output with `kiroku view --json` field by field. Then
# the copybook is broken on purpose (a sign clause, a decimal place, a width) and the
# comparison must notice. Prints TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
KIROKU=${KIROKU:-$root/build/check/kiroku}
py="$here/cobol_interop.py"
work=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-cobol.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2

if ! command -v cobc >/dev/null 2>&1; then
    echo "1..0 # SKIP cobc (GnuCOBOL) is not installed"
    exit 0
fi

out="$work/tap"
: > "$out"
say() { echo "$*" >> "$out"; }

# run NAME LAYOUT COPYBOOK DATA: compile and run the program, compare; prints the
# comparison's TAP lines into $NAME.tap and returns its status.
run() {
    name=$1 layout=$2 cpy=$3 data=$4
    "$KIROKU" layout show --json "$layout" > "$name.json" || return 2
    python3 "$py" program "$name.json" "$cpy" "$name.cob" "$data" > "$name.prog.err" 2>&1 ||
        { echo "not ok $name: the copybook does not line up with the layout"; sed 's/^/#   /' "$name.prog.err"; return 1; }
    cobc -x -o "$name.bin" "$name.cob" > "$name.cobc.err" 2>&1 ||
        { echo "not ok $name: cobc cannot compile the program"; grep -v unfinished "$name.cobc.err" | head -10 | sed 's/^/#   /'; return 1; }
    INTEROP_FILE="$data" "./$name.bin" > "$name.cobol.out" 2> "$name.run.err" ||
        { echo "not ok $name: the COBOL program failed"; head -5 "$name.run.err" | sed 's/^/#   /'; return 1; }
    "$KIROKU" view "$data" -L "$layout" --json > "$name.view" || return 2
    python3 "$py" compare "$name.json" "$name.cobol.out" "$name.view"
}

# The test layouts, then every shipped layout.
for layout in "$root"/tests/layouts/gen_*.layout "$root"/layouts/*.layout; do
    [ -f "$layout" ] || continue
    l=$(basename "$layout" .layout)
    groups=1
    grep -q '^record header\|^record [a-z_]* header' "$layout" && groups=2
    if ! "$KIROKU" generate -L "$layout" -o "$l.dat" --records 300 --seed 5 --groups $groups 2> "$l.gen.err"; then
        say "not ok - $l: kiroku generate failed"
        sed 's/^/#   /' "$l.gen.err" >> "$out"
        continue
    fi
    "$KIROKU" layout copybook "$layout" -o "$l.cpy" || { say "not ok - $l: copybook export failed"; continue; }
    run "$l" "$layout" "$l.cpy" "$l.dat" >> "$out" 2>&1
done

# The comparison must catch a copybook that is wrong by one sign, decimal place or byte.
mutate() {
    label=$1 from=$2 to=$3
    sed "s/$from/$to/" gen_all_cp932.cpy > broken.cpy
    if cmp -s gen_all_cp932.cpy broken.cpy; then
        say "not ok - mutation '$label' changed nothing in the copybook"
        return
    fi
    if run broken "$root/tests/layouts/gen_all_cp932.layout" broken.cpy gen_all_cp932.dat > broken.tap 2>&1; then
        say "not ok - a copybook with $label went unnoticed"
    else
        say "ok - a copybook with $label is caught: $(grep -m1 '^#' broken.tap | sed 's/^#  *//')"
    fi
}
if [ -f gen_all_cp932.cpy ] && [ -f gen_all_cp932.dat ]; then
    mutate "SIGN TRAILING SEPARATE read as LEADING" "SIGN TRAILING SEPARATE" "SIGN LEADING SEPARATE"
    mutate "one decimal place moved (9(7)V9(2) as 9(8)V9(1))" "PIC 9(7)V9(2)\." "PIC 9(8)V9(1)."
    mutate "a field one byte short (X(10) as X(9))" "SETAI-NO \( *\)PIC X(10)" "SETAI-NO \1PIC X(9) "
    mutate "COMP-5 read as COMP (byte order)" "COMP-5\." "COMP."
fi

n=$(grep -c '^ok\|^not ok' "$out")
echo "1..$n"
awk '/^ok|^not ok/ { i++; sub(/^ok/, "ok " i); sub(/^not ok/, "not ok " i) } { print }' "$out"
! grep -q '^not ok' "$out"
