# roles.sh: sourced by the tests, the e2e harness, `make demo` and the benches to give the
# running user the permissions a run needs, the way a site does (docs/PROTECTION.md, Roles):
# a roles file owned by root, mode 0644, in a folder nobody else may write (a `mktemp -d`
# folder, or a sticky one as /tmp), named by $KIROKU_ROLES. Only root can write such a file,
# so the tests that run job streams run as root (as `make check` does).
# usage: . tests/lib/roles.sh; kiroku_roles FILE PERMISSION...   (exports KIROKU_ROLES=FILE)
kiroku_roles() {
    _roles_file=$1
    shift
    : > "$_roles_file" || return 1
    for _perm in "$@"; do
        printf '%-10s uid:%s\n' "$_perm" "$(id -u)" >> "$_roles_file"
    done
    chmod 644 "$_roles_file"
    KIROKU_ROLES=$_roles_file
    export KIROKU_ROLES
}
