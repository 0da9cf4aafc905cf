/* writer.c: atomic record output. Records go to a temporary file beside the target, in
 * large blocks; commit flushes, fsyncs and renames it into place (then fsyncs the
 * directory); abort removes it. Nothing half-written ever carries the target's name.
 * Once a file outgrows one block, a thread of its own writes each full block while the
 * caller fills the next (two buffers, one write in flight), so the copying into the page
 * cache runs beside the work that makes the records.
 * The temporary file is locked and named with the writer's pid, so that a later run can
 * tell a dead run's leftover from a live one and remove it (reclaim.c). Devices, FIFOs and
 * standard output are written in place; a symbolic link is followed, never replaced.
 * KIROKU_TEST_WRITE_FAULT and KIROKU_TEST_KILL_AT (recio.h, core.h) are test facilities. */
#include "kiroku/recio.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define WRITE_BLOCK (4u << 20)

/* The background write of one block. */
typedef struct bg_write {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool started;
    bool busy;             /* a block is handed over and not yet written */
    bool quit;
    const unsigned char *data;
    size_t len;
    int error;             /* errno of a failed write, 0 when all went well */
} bg_write;

struct kr_writer {
    char *path;     /* the target as named (messages) */
    char *target;   /* the file renamed onto: path, or what its symbolic link names */
    char *tmp;      /* the temporary name, NULL when written in place */
    int fd;
    bool own_fd;    /* fd is closed at the end (not standard output) */
    int fault_at;   /* test facility: the write(2) that fails first, 0 for none */
    int fault_errno;
    int writes;     /* write(2) calls so far (for fault_at) */
    uint64_t done;  /* bytes that reached the file (messages: where a write failed) */
    size_t lrecl;
    kr_terminator term;
    unsigned char *buf;    /* the block being filled */
    unsigned char *spare;  /* the other block: being written, or free */
    size_t len, cap;
    uint64_t count;
    bg_write bg;
};

static char *dir_of(const char *path)
{
    char *copy = kr_xstrdup(path);
    char *d = kr_xstrdup(dirname(copy));
    free(copy);
    return d;
}

/* Reads KIROKU_TEST_WRITE_FAULT ("N:ERRNO"); see recio.h. */
static void read_fault(kr_writer *w)
{
    const char *v = getenv("KIROKU_TEST_WRITE_FAULT");
    if (!v || !*v)
        return;
    char *end;
    long n = strtol(v, &end, 10);
    if (n <= 0 || *end != ':')
        return;
    static const struct { const char *name; int value; } names[] = {
        {"ENOSPC", ENOSPC}, {"EIO", EIO}, {"EFBIG", EFBIG}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(end + 1, names[i].name) == 0) {
            w->fault_at = (int)n;
            w->fault_errno = names[i].value;
        }
}

/* Where the output goes: "-", a device or FIFO (in place), a symbolic link (followed), a
 * directory (refused). Sets w->target and, for in-place outputs, w->fd; false on error. */
static bool resolve_target(kr_writer *w, kr_err *err)
{
    const char *path = w->path;
    if (strcmp(path, "-") == 0) {
        w->fd = STDOUT_FILENO;
        return true;
    }
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
        w->target = realpath(path, NULL);
        if (!w->target)
            return kr_fail(err, KR_RC_ENV, "KRK0210E",
                           "%s: a symbolic link to a file that cannot be reached (%s); it is not replaced",
                           path, strerror(errno));
    } else {
        w->target = kr_xstrdup(path);
    }
    if (stat(w->target, &st) != 0)
        return true; /* a new file */
    if (S_ISDIR(st.st_mode))
        return kr_fail(err, KR_RC_ENV, "KRK0210E", "%s: is a directory; give a file name for the output", path);
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISFIFO(st.st_mode)) {
        w->fd = open(w->target, O_WRONLY | O_CLOEXEC);
        if (w->fd < 0)
            return kr_fail(err, KR_RC_ENV, "KRK0210E", "%s: cannot open the device or FIFO for writing: %s",
                           path, strerror(errno));
        w->own_fd = true;
    }
    return true;
}

kr_writer *kr_writer_open(const char *path, size_t lrecl, kr_terminator term, kr_err *err)
{
    kr_writer *w = kr_xcalloc(1, sizeof *w);
    w->path = kr_xstrdup(path);
    w->lrecl = lrecl;
    w->term = term;
    w->cap = WRITE_BLOCK;
    w->buf = kr_xmalloc_block(w->cap);
    w->fd = -1;
    read_fault(w);
    if (!resolve_target(w, err)) {
        kr_writer_abort(w);
        return NULL;
    }
    if (w->fd >= 0)
        return w;
    char *copy = kr_xstrdup(w->target);
    const char *base = basename(copy);
    char *dir = dir_of(w->target);
    kr_reclaim_outputs(dir, base);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    unsigned long salt = (unsigned long)ts.tv_nsec;
    for (int attempt = 0; attempt < 100; attempt++) {
        w->tmp = kr_xasprintf("%s/.%s.kiroku-%ld-%lx.tmp", dir, base, (long)getpid(),
                              salt + (unsigned long)attempt * 7919);
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
    w->own_fd = true;
    kr_lock_hold(w->fd); /* a new file: nobody else can hold it */
    kr_kill_point("write-open");
    return w;
}

kr_writer *kr_writer_open_layout(const char *path, const kr_layout *l, kr_err *err)
{
    return kr_writer_open(path, l->length, l->terminator, err);
}

/* Writes all of data; 0 or the errno of the failure (w->done says how far it got). */
static int write_all(kr_writer *w, const unsigned char *data, size_t len)
{
    size_t off = 0;
    while (off < len) {
        if (w->fault_at && ++w->writes >= w->fault_at)
            return w->fault_errno;
        ssize_t n = write(w->fd, data + off, len - off);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        off += (size_t)n;
        w->done += (uint64_t)n;
        if (w->tmp)
            kr_kill_point("write-block");
    }
    return 0;
}

/* KRK0211E: the output, the record being written (for files of records) and the file offset
 * where the write failed. Called once no write is in flight. */
static bool write_failed(const kr_writer *w, int e, kr_err *err)
{
    size_t record = w->lrecl > 1 && w->term != KR_TERM_RDW ? w->lrecl + kr_terminator_len(w->term) : 0;
    if (record)
        return kr_fail(err, KR_RC_FAIL, "KRK0211E", "%s: write error at record %llu (file offset %llu): %s",
                       w->path, (unsigned long long)(w->done / record + 1), (unsigned long long)w->done,
                       strerror(e));
    return kr_fail(err, KR_RC_FAIL, "KRK0211E", "%s: write error at file offset %llu: %s", w->path,
                   (unsigned long long)w->done, strerror(e));
}

static void *bg_main(void *arg)
{
    kr_writer *w = arg;
    bg_write *bg = &w->bg;
    pthread_mutex_lock(&bg->mu);
    for (;;) {
        while (!bg->busy && !bg->quit)
            pthread_cond_wait(&bg->cv, &bg->mu);
        if (!bg->busy)
            break;
        const unsigned char *data = bg->data;
        size_t len = bg->len;
        pthread_mutex_unlock(&bg->mu);
        int e = bg->error ? 0 : write_all(w, data, len); /* after a failure, write nothing more */
        pthread_mutex_lock(&bg->mu);
        if (e && !bg->error)
            bg->error = e;
        bg->busy = false;
        pthread_cond_broadcast(&bg->cv);
    }
    pthread_mutex_unlock(&bg->mu);
    return NULL;
}

/* Waits until no block is being written; false (with the message) when a write failed. */
static bool bg_wait(kr_writer *w, kr_err *err)
{
    bg_write *bg = &w->bg;
    if (!bg->started)
        return true;
    pthread_mutex_lock(&bg->mu);
    while (bg->busy)
        pthread_cond_wait(&bg->cv, &bg->mu);
    int e = bg->error;
    pthread_mutex_unlock(&bg->mu);
    if (e)
        return write_failed(w, e, err);
    return true;
}

/* Ends the background thread (after its last write). */
static void bg_stop(kr_writer *w)
{
    bg_write *bg = &w->bg;
    if (!bg->started)
        return;
    pthread_mutex_lock(&bg->mu);
    bg->quit = true;
    pthread_cond_broadcast(&bg->cv);
    pthread_mutex_unlock(&bg->mu);
    pthread_join(bg->thread, NULL);
    pthread_mutex_destroy(&bg->mu);
    pthread_cond_destroy(&bg->cv);
    bg->started = false;
}

/* Hands the full block to the background thread and goes on with the other buffer. Where
 * no thread can be started, writes it here. */
static bool flush(kr_writer *w, kr_err *err)
{
    if (w->len == 0)
        return true;
    bg_write *bg = &w->bg;
    if (!bg->started) {
        pthread_mutex_init(&bg->mu, NULL);
        pthread_cond_init(&bg->cv, NULL);
        bg->started = pthread_create(&bg->thread, NULL, bg_main, w) == 0;
        if (!bg->started) {
            pthread_mutex_destroy(&bg->mu);
            pthread_cond_destroy(&bg->cv);
            int e = write_all(w, w->buf, w->len);
            if (e)
                return write_failed(w, e, err);
            w->len = 0;
            return true;
        }
        w->spare = kr_xmalloc_block(w->cap);
    }
    if (!bg_wait(w, err))
        return false;
    pthread_mutex_lock(&bg->mu);
    bg->data = w->buf;
    bg->len = w->len;
    bg->busy = true;
    pthread_cond_broadcast(&bg->cv);
    pthread_mutex_unlock(&bg->mu);
    unsigned char *t = w->buf;
    w->buf = w->spare;
    w->spare = t;
    w->len = 0;
    return true;
}

bool kr_writer_write(kr_writer *w, const void *data, size_t n, kr_err *err)
{
    const unsigned char *p = data;
    if (n >= w->cap) { /* larger than a block: written here, after what came before it */
        if (!flush(w, err) || !bg_wait(w, err))
            return false;
        int e = write_all(w, p, n);
        if (e)
            return write_failed(w, e, err);
        return true;
    }
    if (w->len + n > w->cap && !flush(w, err))
        return false;
    memcpy(w->buf + w->len, p, n);
    w->len += n;
    return true;
}

/* A variable-length record: its first RDW-length bytes (rdw.c). */
static bool put_rdw(kr_writer *w, const unsigned char *rec, kr_err *err)
{
    size_t len = kr_rdw_length(rec);
    if (len < 4 || len > w->lrecl || rec[2] || rec[3])
        return kr_fail(err, KR_RC_FAIL, "KRK2455E",
                       "%s: output record %llu: its RDW says %zu bytes (X'%02X%02X%02X%02X'), not 4 to %zu: the "
                       "record's first 4 bytes must be its RDW (BUILD=(1,4,...))",
                       w->path, (unsigned long long)(w->count + 1), len, rec[0], rec[1], rec[2], rec[3], w->lrecl);
    if (!kr_writer_write(w, rec, len, err))
        return false;
    w->count++;
    return true;
}

bool kr_writer_put(kr_writer *w, const unsigned char *rec, kr_err *err)
{
    if (w->term == KR_TERM_RDW)
        return put_rdw(w, rec, err);
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
    bg_stop(w);
    free(w->buf);
    free(w->spare);
    free(w->path);
    free(w->target);
    free(w->tmp);
    free(w);
}

bool kr_writer_commit(kr_writer *w, kr_err *err)
{
    /* A file of one block is written here; a larger one's last block goes the way of the
     * others. */
    int e = !w->bg.started && w->len ? write_all(w, w->buf, w->len) : 0;
    if (e) {
        write_failed(w, e, err);
        kr_writer_abort(w);
        return false;
    }
    if (!w->bg.started)
        w->len = 0;
    if (!flush(w, err) || !bg_wait(w, err)) {
        kr_writer_abort(w);
        return false;
    }
    bg_stop(w);
    if (!w->tmp) { /* standard output, a device, a FIFO: written in place */
        bool ok = true;
        if (w->own_fd && close(w->fd) != 0)
            ok = kr_fail(err, KR_RC_FAIL, "KRK0212E", "%s: close failed: %s", w->path, strerror(errno));
        w->fd = -1;
        writer_free(w);
        return ok;
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
    kr_kill_point("write-synced");
    if (rename(w->tmp, w->target) != 0) {
        kr_fail(err, KR_RC_FAIL, "KRK0213E", "%s: cannot rename %s into place: %s", w->path, w->tmp,
                strerror(errno));
        kr_writer_abort(w);
        return false;
    }
    char *dir = dir_of(w->target);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    free(dir);
    writer_free(w);
    kr_kill_point("write-renamed");
    return true;
}

void kr_writer_abort(kr_writer *w)
{
    if (!w)
        return;
    bg_stop(w); /* before the descriptor closes under it */
    if (w->own_fd && w->fd >= 0)
        close(w->fd);
    if (w->tmp)
        unlink(w->tmp);
    writer_free(w);
}
