#!/bin/sh
# roles.sh: the roles file and its denials, run as another user (uid 65534 through setpriv):
# seal, unseal, view --reveal (reveal; extract too unless on a terminal), kiroku run (run,
# local and --on slurm), IDCAMS DEFINE/DELETE in a job, kiroku idcams and catalog
# define-gdg|delete (catalog) each denied without their permission (KRK1550E, rc 16, the
# denial in the audit log, no output), allowed by user and by group; a roles file that is
# missing, writable by others, not root's, or in a directory others may change is refused
# (KRK1551E); a reveal is audited before anything is shown, and without it 個人番号 stay masked.
# Needs root (skips otherwise). TAP output.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
KIROKU=${KIROKU:-$root/build/check/kiroku}
if [ "$(id -u)" != 0 ] || ! command -v setpriv > /dev/null; then
    echo "1..0 # SKIP needs root and setpriv"
    exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiroku-roles.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
cd "$tmp" || exit 2
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
# The program and the layouts copied where uid 65534 can reach them: the checkout itself may
# sit in a folder only root may enter (a fresh clone in a mktemp folder).
cp "$KIROKU" "$tmp/kiroku" && chmod 755 "$tmp/kiroku" && KIROKU=$tmp/kiroku
cp -r "$root/layouts" "$tmp/layouts" && chmod -R a+rX "$tmp/layouts"
export KIROKU_ROLES=$tmp/roles KIROKU_AUDIT=$tmp/audit KIROKU_LAYOUTS=$tmp/layouts
unset KIROKU_JOB

# An audit log the nobody group may append to; a work folder and a key of nobody's.
"$KIROKU" audit init audit --verify-key vk > /dev/null
chgrp -R 65534 audit && chmod 770 audit && chmod 660 audit/*
mkdir work && chown 65534:65534 work
cp "$root/tests/samples/juki.dat" work/juki.dat && chmod 644 work/juki.dat
as_nobody "$KIROKU" seal --new-key work/n.key --key-id city-n > /dev/null
printf 'ABC\nDEF\n' > work/p.dat && chmod 644 work/p.dat

: > roles
as_nobody sh -c "cd work && '$KIROKU' seal p.dat s.krs --key n.key" > /dev/null 2> e1
rc=$?
[ $rc = 16 ] && grep -q '^KRK1550E nobody(65534) may not seal:city-n' e1 && [ ! -e work/s.krs ]
ok $? "seal without seal:city-n: denied (rc $rc), nothing written: $(cut -c1-120 e1)"
"$KIROKU" audit show --event denied --user nobody > d1 && grep -q 'permission=seal:city-n' d1
ok $? "the denial is in the audit log"

echo 'seal:city-n  user:nobody' > roles
as_nobody sh -c "cd work && '$KIROKU' seal p.dat s.krs --key n.key" > /dev/null 2> e2
ok $? "seal:city-n by user name: allowed"
grep -q '^audit-head: [1-9][0-9]*:' work/s.krs.slip
ok $? "the slip carries the audit head"
as_nobody sh -c "cd work && '$KIROKU' unseal s.krs u.dat --key n.key" > /dev/null 2> e3
rc=$?
[ $rc = 16 ] && grep -q '^KRK1550E.*unseal:city-n' e3 && [ ! -e work/u.dat ]
ok $? "unseal without unseal:city-n: denied (rc $rc), nothing written"
as_nobody sh -c "cd work && '$KIROKU' seal --verify s.krs --key n.key" > /dev/null 2> e3b
[ $? = 16 ] && grep -q '^KRK1550E.*unseal:city-n' e3b
ok $? "seal --verify needs unseal:city-n too"
printf 'seal:city-n  user:nobody\nunseal:*  group:nogroup\n' > roles
as_nobody sh -c "cd work && '$KIROKU' unseal s.krs u.dat --key n.key" > /dev/null 2> e4 && cmp -s work/u.dat work/p.dat
ok $? "unseal:* by group: allowed, the plaintext back"
"$KIROKU" audit show --user nobody > all && grep -q ' seal nobody(65534) .*records=2' all && grep -q ' unseal nobody(65534) ' all
ok $? "seal and unseal are in the audit log with user, records and digest"

# view --reveal
as_nobody "$KIROKU" view work/juki.dat -L juki --record 2 --reveal > v1 2> e5
rc=$?
[ $rc = 16 ] && grep -q '^KRK1550E.*may not reveal' e5 && [ ! -s v1 ]
ok $? "view --reveal without reveal: denied (rc $rc), nothing shown"
echo 'reveal uid:65534' >> roles
as_nobody "$KIROKU" view work/juki.dat -L juki --record 2 --reveal > v2 2> e6
rc=$?
[ $rc = 16 ] && grep -q '^KRK1550E.*may not extract' e6 && [ ! -s v2 ]
ok $? "view --reveal into a file with reveal but not extract: denied (rc $rc), nothing written"
as_nobody "$KIROKU" view work/juki.dat -L juki --record 2 --reveal --csv > v2c 2> e6c
[ $? = 16 ] && grep -q '^KRK1550E.*may not extract' e6c && [ ! -s v2c ]
ok $? "view --reveal --csv without extract: denied"
# On a terminal (script(1) gives the command one) reveal alone shows it.
as_nobody script -qec "'$KIROKU' view work/juki.dat -L juki --record 2 --reveal" /dev/null > v2t 2>&1
number=$(grep kojin_no v2t | grep -o '[0-9]\{12\}')
[ -n "$number" ]
ok $? "view --reveal on a terminal with reveal: the 個人番号 shown (12 digits)"
echo 'extract uid:65534' >> roles
as_nobody "$KIROKU" view work/juki.dat -L juki --record 2 --reveal > v2 2> e6
grep -q "$number" v2
ok $? "with extract too: the revealed view written to a file"
as_nobody "$KIROKU" view work/juki.dat -L juki --record 2 --reveal --json > v2j 2> e6j && grep -q "$number" v2j
ok $? "and as JSON"
"$KIROKU" audit show --event extract > x1 && grep -q 'program=VIEW input=work/juki.dat layout=juki records=2-2 .*form=json' x1 &&
    "$KIROKU" audit show --event denied > x2 && grep -q 'permission=extract' x2
ok $? "extracts and their denials are audited"
as_nobody "$KIROKU" view work/juki.dat -L juki --record 2 > v3 && as_nobody "$KIROKU" view work/juki.dat -L juki --json > v4 &&
    as_nobody "$KIROKU" view work/juki.dat -L juki --csv > v5 && ! grep -q "$number" v3 v4 v5
ok $? "without --reveal no view form (text, JSON, CSV) holds it"
"$KIROKU" audit show --event reveal > r1 && grep -q 'input=work/juki.dat layout=juki records=2-2 fields=.*kojin_no.* to=a terminal' r1 &&
    ! grep -q "$number" audit/segment-*.log
ok $? "the reveal is audited (file, layout, records, field names) and the log holds no value"
KIROKU_AUDIT= as_nobody env -u KIROKU_AUDIT "$KIROKU" view work/juki.dat -L juki --record 2 --reveal > v6 2> e7
[ $? = 16 ] && grep -q '^KRK1552E' e7 && [ ! -s v6 ]
ok $? "no audit log configured: a reveal is refused (KRK1552E)"

# run: `kiroku run`, locally and on Slurm, denied before the data root or the catalog is
# touched and before anything is submitted (a fake sbatch would leave its mark).
printf '//ROLEJOB  JOB CLASS=A\n//S1       EXEC PGM=IEFBR14\n' > work/j.jcl
printf '//IDCJOB   JOB CLASS=A\n//S1       EXEC PGM=IDCAMS\n//SYSIN    DD *\n  DEFINE GDG (NAME(A.GDG) LIMIT(3))\n/*\n' > work/idc.jcl
printf '//LISTJOB  JOB CLASS=A\n//S1       EXEC PGM=IDCAMS\n//SYSIN    DD *\n  LISTCAT\n/*\n' > work/list.jcl
chmod 644 work/*.jcl
mkdir fakebin && printf '#!/bin/sh\ntouch %s/submitted\necho 1\n' "$tmp" > fakebin/sbatch && cp fakebin/sbatch fakebin/squeue &&
    chmod 755 fakebin fakebin/*
as_nobody sh -c "cd work && '$KIROKU' run j.jcl --root \$PWD/root" > o1 2> e8
rc=$?
[ $rc = 16 ] && grep -q '^KRK1550E nobody(65534) may not run' e8 && grep -q '^KRK1252E ROLEJOB' e8 && [ ! -e work/root ]
ok $? "run without run: denied (rc $rc), the data root not even made"
as_nobody env PATH="$tmp/fakebin:$PATH" sh -c "cd work && '$KIROKU' run j.jcl --on slurm --root \$PWD/root" > o2 2> e9
rc=$?
[ $rc = 16 ] && grep -q '^KRK1550E.*may not run' e9 && [ ! -e submitted ] && [ ! -e work/root ]
ok $? "run --on slurm without run: denied (rc $rc) before anything is submitted"
"$KIROKU" audit show --event denied > d3 && grep -q 'ROLEJOB.*program=RUN permission=run' d3
ok $? "the run's denial is audited under the job's name"
echo 'run uid:65534' >> roles
as_nobody sh -c "cd work && '$KIROKU' run j.jcl --root \$PWD/root" > o3 2> e10
ok $? "run with run: the job runs"
# catalog: IDCAMS's DEFINE/DELETE in a job, `kiroku idcams`, `kiroku catalog define-gdg|delete`;
# LISTCAT and `catalog list` need nothing.
as_nobody sh -c "cd work && '$KIROKU' run idc.jcl --root \$PWD/root" > o4 2> e11
rc=$?
[ $rc = 16 ] && grep -q 'KRK1550E.*may not catalog' e11 && grep -q 'KRK1575E' e11
ok $? "IDCAMS DEFINE in a job without catalog: the step denied (rc $rc)"
as_nobody sh -c "cd work && '$KIROKU' catalog --root \$PWD/root list" > l1 2> e12 && ! grep -q 'A.GDG' l1
ok $? "nothing was defined; catalog list needs no permission"
as_nobody sh -c "cd work && '$KIROKU' run list.jcl --root \$PWD/root" > o5 2> e13
ok $? "a job's LISTCAT needs no permission"
as_nobody sh -c "cd work && '$KIROKU' catalog --root \$PWD/root define-gdg B.GDG --limit 2" > l2 2> e14
[ $? = 16 ] && grep -q '^KRK1550E.*may not catalog' e14 && grep -q '^KRK1575E' l2
ok $? "catalog define-gdg without catalog: denied"
printf '  DELETE A.B\n' > work/del.idc && chmod 644 work/del.idc
as_nobody sh -c "cd work && '$KIROKU' idcams --root \$PWD/root del.idc" > l3 2> e15
[ $? = 16 ] && grep -q '^KRK1550E.*may not catalog' e15
ok $? "idcams DELETE without catalog: denied"
as_nobody sh -c "cd work && '$KIROKU' catalog --root \$PWD/root delete B.GDG" > l4 2> e16
[ $? = 16 ] && grep -q '^KRK1550E.*may not catalog' e16
ok $? "catalog delete without catalog: denied"
echo 'catalog uid:65534' >> roles
as_nobody sh -c "cd work && '$KIROKU' run idc.jcl --root \$PWD/root && '$KIROKU' catalog --root \$PWD/root define-gdg B.GDG --limit 2 &&
    '$KIROKU' catalog --root \$PWD/root delete B.GDG && '$KIROKU' catalog --root \$PWD/root list" > l5 2> e17 &&
    grep -q 'GDG BASE ------ A.GDG' l5 && ! grep -q 'GDG BASE ------ B.GDG' l5
ok $? "with catalog: defined in a job, defined and deleted by command"
"$KIROKU" audit show --event catalog > c1 &&
    grep -q ' IDCJOB program=IDCAMS .*sysin=idc.jcl:4(S1.SYSIN) statements=DEFINE GDG (NAME(A.GDG) LIMIT(3)) maxcc=0' c1 &&
    grep -q 'statements=DELETE B.GDG maxcc=0' c1 && "$KIROKU" audit show --event denied > d4 &&
    [ "$(grep -c 'permission=catalog' d4)" = 4 ]
ok $? "catalog changes audited with their statements and MAXCC; the four denials too"

# Roles files that are refused, for root too.
chmod 666 roles
"$KIROKU" seal work/p.dat s2.krs --key work/n.key > /dev/null 2> f1
[ $? = 16 ] && grep -q '^KRK1551E.*0666' f1 && [ ! -e s2.krs ]
ok $? "a roles file others may write: refused (KRK1551E)"
chmod 644 roles; chown 65534 roles
"$KIROKU" seal work/p.dat s2.krs --key work/n.key > /dev/null 2> f2
[ $? = 16 ] && grep -q '^KRK1551E.*owner uid 65534' f2
ok $? "a roles file not owned by root: refused"
chown 0 roles
printf 'seal:*  user:nobody\n' > work/myroles; chown 65534 work/myroles
as_nobody env KIROKU_ROLES="$tmp/work/myroles" sh -c "cd work && '$KIROKU' seal p.dat s3.krs --key n.key" > /dev/null 2> f3
[ $? = 16 ] && grep -q '^KRK1551E' f3 && [ ! -e work/s3.krs ]
ok $? "KIROKU_ROLES naming a file of the user's own: refused"
cp roles work/rootroles; chown 0:0 work/rootroles; chmod 644 work/rootroles
as_nobody env KIROKU_ROLES="$tmp/work/rootroles" sh -c "cd work && '$KIROKU' seal p.dat s4.krs --key n.key" > /dev/null 2> f4
[ $? = 16 ] && grep -q '^KRK1551E.*its directory' f4
ok $? "a root-owned roles file in a directory the user owns: refused (it could be replaced)"
KIROKU_ROLES=$tmp/none "$KIROKU" seal work/p.dat s5.krs --key work/n.key > /dev/null 2> f5
[ $? = 16 ] && grep -q '^KRK1551E.*no roles file' f5
ok $? "no roles file: everything protected is denied"
echo "1..$n"
