/* writer.c: atomic record output. Records go to a temporary file beside the target, in
 * large blocks; commit flushes, fsyncs and renames it into place (then fsyncs the
 * directory); abort removes it. Nothing half-written ever carries the target's name. */
#include "kiroku/recio.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define WRITE_BLOCK (4u << 20)

struct kr_writer {
    char *path;     /* the target */
    char *tmp;      /* the temporary name, NULL for standard output */
    int fd;
    size_t lrecl;
    kr_terminator term;
    unsigned char *buf;
    size_t len, cap;
    uint64_t count;
};

static char *dir_of(const char *path)
{
    char *copy = kr_xstrdup(path);
    char *d = kr_xstrdup(dirname(copy));
    free(copy);
    return d;
}

kr_writer *kr_writer_open(const char *path, size_t lrecl, kr_terminator term, kr_err *err)
{
    kr_writer *w = kr_xcalloc(1, sizeof *w);
    w->path = kr_xstrdup(path);
    w->lrecl = lrecl;
    w->term = term;
    w->cap = WRITE_BLOCK;
    w->buf = kr_xmalloc(w->cap);
    if (strcmp(path, "-") == 0) {
        w->fd = STDOUT_FILENO;
        return w;
    }
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        kr_fail(err, KR_RC_ENV, "KRK0210E", "%s: is a directory; give a file name for the output", path);
        kr_writer_abort(w);
        return NULL;
    }
    char *copy = kr_xstrdup(path);
    const char *base = basename(copy);
    char *dir = dir_of(path);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    unsigned long salt = (unsigned long)ts.tv_nsec ^ ((unsigned long)getpid() << 16);
    for (int attempt = 0; attempt < 100; attempt++) {
        w->tmp = kr_xasprintf("%s/.%s.kiroku-%lx.tmp", dir, base, salt + (unsigned long)attempt * 7919);
        /* Mode 0666 filtered by the umask, as any program's output. */
        w->fd = open(w->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (w->fd >= 0 || errno != EEXIST)
            break;
        free(w->tmp);
        w->tmp = NULL;
    }
    free(copy);
    free(dir);
    if (w->fd < 0) {
        kr_fail(err, KR_RC_ENV, "KRK0210E", "%s: cannot create the output beside it (%s): %s", path,
                w->tmp ? w->tmp : "temporary name", strerror(errno));
        free(w->tmp);
        w->tmp = NULL;
        kr_writer_abort(w);
        return NULL;
    }
    return w;
}

kr_writer *kr_writer_open_layout(const char *path, const kr_layout *l, kr_err *err)
{
    return kr_writer_open(path, l->length, l->terminator, err);
}

static bool flush(kr_writer *w, kr_err *err)
{
    size_t off = 0;
    while (off < w->len) {
        ssize_t n = write(w->fd, w->buf + off, w->len - off);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return kr_fail(err, KR_RC_FAIL, "KRK0211E", "%s: write error after record %llu: %s", w->path,
                           (unsigned long long)w->count, strerror(errno));
        }
        off += (size_t)n;
    }
    w->len = 0;
    return true;
}

bool kr_writer_write(kr_writer *w, const void *data, size_t n, kr_err *err)
{
    const unsigned char *p = data;
    if (n >= w->cap) {
        if (!flush(w, err))
            return false;
        size_t off = 0;
        while (off < n) {
            ssize_t k = write(w->fd, p + off, n - off);
            if (k < 0) {
                if (errno == EINTR)
                    continue;
                return kr_fail(err, KR_RC_FAIL, "KRK0211E", "%s: write error: %s", w->path, strerror(errno));
            }
            off += (size_t)k;
        }
        return true;
    }
    if (w->len + n > w->cap && !flush(w, err))
        return false;
    memcpy(w->buf + w->len, p, n);
    w->len += n;
    return true;
}

bool kr_writer_put(kr_writer *w, const unsigned char *rec, kr_err *err)
{
    size_t need = w->lrecl + 2;
    if (w->len + need > w->cap && !flush(w, err))
        return false;
    if (need > w->cap) {
        static const unsigned char crlf[2] = {'\r', '\n'};
        if (!kr_writer_write(w, rec, w->lrecl, err))
            return false;
        size_t tl = kr_terminator_len(w->term);
        if (tl && !kr_writer_write(w, w->term == KR_TERM_LF ? crlf + 1 : crlf, tl, err))
            return false;
        w->count++;
        return true;
    }
    memcpy(w->buf + w->len, rec, w->lrecl);
    w->len += w->lrecl;
    if (w->term == KR_TERM_CRLF)
        w->buf[w->len++] = '\r';
    if (w->term != KR_TERM_NONE)
        w->buf[w->len++] = '\n';
    w->count++;
    return true;
}

uint64_t kr_writer_count(const kr_writer *w)
{
    return w->count;
}

kr_terminator kr_writer_terminator(const kr_writer *w)
{
    return w->term;
}

static void writer_free(kr_writer *w)
{
    free(w->buf);
    free(w->path);
    free(w->tmp);
    free(w);
}

bool kr_writer_commit(kr_writer *w, kr_err *err)
{
    if (!flush(w, err)) {
        kr_writer_abort(w);
        return false;
    }
    if (!w->tmp) { /* standard output */
        writer_free(w);
        return true;
    }
    if (fsync(w->fd) != 0) {
        kr_fail(err, KR_RC_FAIL, "KRK0212E", "%s: fsync failed: %s", w->path, strerror(errno));
        kr_writer_abort(w);
        return false;
    }
    if (close(w->fd) != 0) {
        w->fd = -1;
        kr_fail(err, KR_RC_FAIL, "KRK0212E", "%s: close failed: %s", w->path, strerror(errno));
        kr_writer_abort(w);
        return false;
    }
    w->fd = -1;
    if (rename(w->tmp, w->path) != 0) {
        kr_fail(err, KR_RC_FAIL, "KRK0213E", "%s: cannot rename %s into place: %s", w->path, w->tmp,
                strerror(errno));
        kr_writer_abort(w);
        return false;
    }
    char *dir = dir_of(w->path);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    free(dir);
    writer_free(w);
    return true;
}

void kr_writer_abort(kr_writer *w)
{
    if (!w)
        return;
    if (w->tmp) {
        if (w->fd >= 0)
            close(w->fd);
        unlink(w->tmp);
    }
    writer_free(w);
}
