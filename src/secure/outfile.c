/* outfile.c: the temporary-name, fsync, rename discipline of kr_writer for the sealed
 * formats (a header rewritten at the end, a chosen mode): the same temporary name with the
 * writer's pid, held locked while it lives, so that a later run reclaims what a killed one
 * left (kr_reclaim_outputs). */
#include "secure/outfile.h"

#include "kiroku/recio.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool kr_outfile_open(kr_outfile *f, const char *path, mode_t mode, kr_err *err)
{
    memset(f, 0, sizeof *f);
    f->fd = -1;
    char *copy = kr_xstrdup(path), *copy2 = kr_xstrdup(path);
    const char *dir = dirname(copy), *base = basename(copy2);
    kr_reclaim_outputs(dir, base);
    for (unsigned attempt = 0; attempt < 100 && f->fd < 0; attempt++) {
        unsigned char r[6];
        kr_err ignored;
        unsigned long salt = (unsigned long)getpid() * 7919u + attempt;
        if (kr_random(r, sizeof r, &ignored))
            salt = (unsigned long)r[0] | (unsigned long)r[1] << 8 | (unsigned long)r[2] << 16 |
                   (unsigned long)r[3] << 24;
        free(f->tmp);
        f->tmp = kr_xasprintf("%s/.%s.kiroku-%ld-%lx.tmp", dir, base, (long)getpid(), salt);
        f->fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
        if (f->fd < 0 && errno != EEXIST)
            break;
    }
    free(copy);
    free(copy2);
    if (f->fd < 0) {
        kr_fail(err, KR_RC_ENV, "KRK1519E", "%s: cannot create the output beside it: %s", path, strerror(errno));
        free(f->tmp);
        f->tmp = NULL;
        return false;
    }
    f->path = kr_xstrdup(path);
    kr_lock_hold(f->fd); /* a new file: nobody else can hold it */
    kr_kill_point("write-open");
    return true;
}

bool kr_outfile_write(kr_outfile *f, const void *data, size_t n, kr_err *err)
{
    const unsigned char *p = data;
    while (n) {
        ssize_t w = write(f->fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return kr_fail(err, KR_RC_FAIL, "KRK1519E", "%s: write error at file offset %lld: %s", f->path,
                           (long long)f->written, strerror(errno));
        p += w;
        n -= (size_t)w;
        f->written += w;
        kr_kill_point("write-block");
    }
    return true;
}

#ifndef IOV_MAX
#define IOV_MAX 16
#endif

bool kr_outfile_pwritev(kr_outfile *f, struct iovec *iov, size_t n, off_t at, kr_err *err)
{
    while (n) {
        ssize_t w = pwritev(f->fd, iov, n < IOV_MAX ? (int)n : IOV_MAX, at);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return kr_fail(err, KR_RC_FAIL, "KRK1519E", "%s: write error at file offset %lld: %s", f->path,
                           (long long)at, strerror(errno));
        kr_kill_point("write-block");
        at += w;
        size_t left = (size_t)w, before = n;
        while (n && left >= iov->iov_len) {
            left -= iov->iov_len;
            iov++;
            n--;
        }
        if (left) {
            iov->iov_base = (unsigned char *)iov->iov_base + left;
            iov->iov_len -= left;
        } else if (n == before) {
            return kr_fail(err, KR_RC_FAIL, "KRK1519E", "%s: write error at file offset %lld: nothing written",
                           f->path, (long long)at);
        }
    }
    return true;
}

bool kr_outfile_pwrite(kr_outfile *f, const void *data, size_t n, off_t at, kr_err *err)
{
    if (pwrite(f->fd, data, n, at) != (ssize_t)n)
        return kr_fail(err, KR_RC_FAIL, "KRK1519E", "%s: write error at file offset %lld: %s", f->path,
                       (long long)at, strerror(errno));
    return true;
}

bool kr_outfile_commit(kr_outfile *f, kr_err *err)
{
    bool ok = true;
    if (fsync(f->fd) != 0)
        ok = kr_fail(err, KR_RC_FAIL, "KRK1519E", "%s: fsync failed: %s", f->path, strerror(errno));
    if (close(f->fd) != 0 && ok)
        ok = kr_fail(err, KR_RC_FAIL, "KRK1519E", "%s: close failed: %s", f->path, strerror(errno));
    f->fd = -1;
    if (ok)
        kr_kill_point("write-synced");
    if (ok && rename(f->tmp, f->path) != 0)
        ok = kr_fail(err, KR_RC_FAIL, "KRK1519E", "%s: cannot rename the finished output into place: %s",
                     f->path, strerror(errno));
    if (ok) {
        char *copy = kr_xstrdup(f->path);
        int dfd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            fsync(dfd);
            close(dfd);
        }
        free(copy);
        free(f->tmp);
        f->tmp = NULL;
    }
    kr_outfile_abort(f);
    if (ok)
        kr_kill_point("write-renamed");
    return ok;
}

void kr_outfile_abort(kr_outfile *f)
{
    if (f->path && f->fd >= 0)
        close(f->fd);
    f->fd = -1;
    if (f->tmp)
        unlink(f->tmp);
    free(f->tmp);
    free(f->path);
    f->tmp = f->path = NULL;
}
