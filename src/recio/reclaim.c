/* reclaim.c: what a killed run left behind. A writer's temporary output
 * (.NAME.kiroku-PID-SALT.tmp) is locked (flock) for as long as its writer lives, and its
 * name carries the writer's process id; a ledger load's folder (DIR.kiroku-load-PID) holds
 * its ledger lock (kiroku.lock). A later run removes such a leftover when its process is gone and
 * nobody holds its lock, so a SIGKILL costs disk only until the next run. */
#include "kiroku/recio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Is process pid gone? (EPERM: it lives, under another user.) */
static bool process_gone(long pid)
{
    if (pid <= 0 || pid == (long)getpid())
        return false;
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Is path's lock free (nobody holds it)? The lock taken to test is let go at once. */
static bool lock_free(const char *path)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return false;
    bool free_ = flock(fd, LOCK_EX | LOCK_NB) == 0;
    close(fd);
    return free_;
}

bool kr_lock_hold(int fd)
{
    return flock(fd, LOCK_EX | LOCK_NB) == 0;
}

/* Reads the pid that follows prefix in name and ends at one of the characters in stop. */
static long pid_after(const char *name, const char *prefix, char stop)
{
    size_t n = strlen(prefix);
    if (strncmp(name, prefix, n) != 0)
        return -1;
    char *end;
    errno = 0;
    long pid = strtol(name + n, &end, 10);
    if (errno || end == name + n || *end != stop)
        return -1;
    return pid;
}

static void remove_tree_at(int dirfd, const char *name)
{
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
        DIR *d = fdopendir(fd);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)) != NULL)
                if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
                    remove_tree_at(fd, e->d_name);
            closedir(d);
        } else {
            close(fd);
        }
        unlinkat(dirfd, name, AT_REMOVEDIR);
    } else {
        unlinkat(dirfd, name, 0);
    }
}

/* Scans dir for entries whose name starts with prefix followed by a pid and stop. */
static unsigned reclaim(const char *dir, const char *prefix, char stop, bool folders)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    unsigned removed = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        long pid;
        if (prefix) {
            pid = pid_after(e->d_name, prefix, stop);
        } else { /* .NAME.kiroku-PID-SALT.tmp */
            const char *k = strstr(e->d_name, ".kiroku-");
            size_t len = strlen(e->d_name);
            pid = e->d_name[0] == '.' && k && len > 4 && strcmp(e->d_name + len - 4, ".tmp") == 0
                      ? pid_after(k, ".kiroku-", stop)
                      : -1;
        }
        if (pid < 0 || !process_gone(pid))
            continue;
        char *path = folders ? kr_xasprintf("%s/%s/kiroku.lock", dir, e->d_name)
                             : kr_xasprintf("%s/%s", dir, e->d_name);
        struct stat st;
        bool ours;
        if (lstat(path, &st) != 0) /* a load that died before its lock file was made */
            ours = folders && errno == ENOENT;
        else
            ours = S_ISREG(st.st_mode) && lock_free(path);
        free(path);
        if (!ours)
            continue;
        remove_tree_at(dirfd(d), e->d_name);
        removed++;
    }
    closedir(d);
    return removed;
}

unsigned kr_reclaim_outputs(const char *dir, const char *base)
{
    (void)base; /* every dead writer's leftover in the folder, whatever output it was for:
                 * a rerun may not write the same names (generations) */
    return reclaim(dir, NULL, '-', false);
}

unsigned kr_reclaim_loads(const char *dir, const char *base)
{
    char *prefix = kr_xasprintf("%s.kiroku-load-", base);
    unsigned n = reclaim(dir, prefix, '\0', true);
    free(prefix);
    return n;
}
