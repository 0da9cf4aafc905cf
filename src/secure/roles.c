/* roles.c: the roles file, which maps OS users and groups to permissions (run, reveal,
 * extract, seal:KEYID, unseal:KEYID, catalog, purge); default deny. The file is believed only
 * when root owns it and nobody else can write it or replace it in its directory. */
#include "kiroku/secure.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libgen.h>

#define ROLES_DEFAULT "/etc/kiroku/roles"

void kr_user_name(char *out, size_t n)
{
    struct passwd pw, *found = NULL;
    char buf[1024];
    uid_t uid = getuid();
    if (getpwuid_r(uid, &pw, buf, sizeof buf, &found) == 0 && found)
        snprintf(out, n, "%s(%u)", found->pw_name, (unsigned)uid);
    else
        snprintf(out, n, "uid%u", (unsigned)uid);
}

/* Root owns it, and neither the group nor others may write it (a directory: unless sticky). */
static bool root_only(const char *path, bool dir, kr_err *err, const char *roles)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return kr_fail(err, KR_RC_ENV, "KRK1551E",
                       "%s: no roles file (%s); every protected action is denied until root writes one",
                       roles, strerror(errno));
    bool kind_ok = dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode);
    bool writable = (st.st_mode & 022) && !(dir && (st.st_mode & S_ISVTX));
    if (!kind_ok || st.st_uid != 0 || writable)
        return kr_fail(err, KR_RC_ENV, "KRK1551E",
                       "%s: the roles file is refused: %s %s must be %s owned by root and writable by nobody else "
                       "(it is owner uid %u, mode %04o); every protected action is denied",
                       roles, dir ? "its directory" : "the file", path, dir ? "a directory" : "a regular file",
                       (unsigned)st.st_uid, (unsigned)(st.st_mode & 07777));
    return true;
}

/* Does WHO (user:NAME, group:NAME, uid:N, gid:N) name the running user? */
static bool who_matches(const char *who, const char *user, uid_t uid, const gid_t *groups, int ngroups)
{
    if (strncmp(who, "user:", 5) == 0)
        return strcmp(who + 5, user) == 0;
    if (strncmp(who, "uid:", 4) == 0)
        return (uid_t)strtoul(who + 4, NULL, 10) == uid && who[4];
    bool by_gid = strncmp(who, "gid:", 4) == 0;
    if (!by_gid && strncmp(who, "group:", 6) != 0)
        return false;
    for (int i = 0; i < ngroups; i++) {
        if (by_gid && who[4] && (gid_t)strtoul(who + 4, NULL, 10) == groups[i])
            return true;
        if (!by_gid) {
            struct group gr, *found = NULL;
            char buf[4096];
            if (getgrgid_r(groups[i], &gr, buf, sizeof buf, &found) == 0 && found && strcmp(found->gr_name, who + 6) == 0)
                return true;
        }
    }
    return false;
}

/* Does the roles line's permission grant perm? "seal:*" grants every seal:KEYID. */
static bool perm_matches(const char *granted, const char *perm)
{
    if (strcmp(granted, perm) == 0)
        return true;
    size_t n = strlen(granted);
    return n >= 2 && granted[n - 1] == '*' && granted[n - 2] == ':' && strncmp(granted, perm, n - 1) == 0;
}

bool kr_role_allows(const char *perm, kr_err *err)
{
    const char *env = getenv("KIROKU_ROLES");
    const char *path = env && *env ? env : ROLES_DEFAULT;
    char *copy = kr_xstrdup(path);
    bool ok = root_only(path, false, err, path) && root_only(dirname(copy), true, err, path);
    free(copy);
    if (!ok)
        return false;
    kr_buf b;
    kr_buf_init(&b);
    if (!kr_read_file(path, &b, err)) {
        kr_buf_free(&b);
        return false;
    }
    char user_name[96] = "";
    struct passwd pw, *found = NULL;
    char pwbuf[1024];
    uid_t uid = getuid();
    if (getpwuid_r(uid, &pw, pwbuf, sizeof pwbuf, &found) == 0 && found)
        snprintf(user_name, sizeof user_name, "%s", found->pw_name);
    gid_t groups[256];
    int ngroups = getgroups(255, groups);
    if (ngroups < 0)
        ngroups = 0;
    groups[ngroups++] = getgid();
    bool allowed = false;
    char *save = NULL;
    for (char *line = strtok_r(b.data, "\n", &save); line && !allowed; line = strtok_r(NULL, "\n", &save)) {
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *s2 = NULL;
        char *granted = strtok_r(line, " \t\r", &s2);
        if (!granted || !perm_matches(granted, perm))
            continue;
        for (char *who = strtok_r(NULL, " \t\r", &s2); who && !allowed; who = strtok_r(NULL, " \t\r", &s2))
            allowed = who_matches(who, user_name, uid, groups, ngroups);
    }
    kr_buf_free(&b);
    if (allowed)
        return true;
    char who[96];
    kr_user_name(who, sizeof who);
    return kr_fail(err, KR_RC_ENV, "KRK1550E",
                   "%s may not %s: the roles file %s gives '%s' to none of this user's names or groups "
                   "(default deny); ask the administrator of the roles file",
                   who, perm, path, perm);
}
