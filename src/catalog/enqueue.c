/* enqueue.c: the data set enqueue, as JES holds it for a job: one lock file per data set
 * under ROOT/.kiroku/enq, locked with fcntl (shared for SHR, exclusive for NEW, MOD and OLD)
 * for as long as the job runs; the kernel releases the locks when the process ends, however
 * it ends. A holder's job name is kept in ROOT/.kiroku/enq/pid.PID for the messages. */
#include "kiroku/catalog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct held {
    char dsn[KR_DSN_MAX + 1];
    bool exclusive;
    int fd;
} held;

struct kr_enq {
    char *pidfile;
    held *items;
    size_t n;
};

static int by_dsn(const void *a, const void *b)
{
    return strcmp(((const held *)a)->dsn, ((const held *)b)->dsn);
}

/* The job that pid runs, from its pid file; "?" when unknown. */
static void holder_job(const char *dir, pid_t pid, char *job, size_t size)
{
    char *path = kr_xasprintf("%s/pid.%ld", dir, (long)pid);
    snprintf(job, size, "?");
    FILE *fp = fopen(path, "r");
    if (fp) {
        if (fgets(job, (int)size, fp))
            job[strcspn(job, "\n")] = '\0';
        fclose(fp);
    }
    free(path);
}

static bool lock_one(const char *dir, held *h, bool wait, FILE *log, kr_err *err)
{
    char *path = kr_xasprintf("%s/%s", dir, h->dsn);
    h->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    free(path);
    if (h->fd < 0)
        return kr_fail(err, KR_RC_ENV, "KRK1343E", "cannot open the enqueue file of %s in %s: %s", h->dsn, dir,
                       strerror(errno));
    struct flock fl = {.l_type = (short)(h->exclusive ? F_WRLCK : F_RDLCK), .l_whence = SEEK_SET};
    if (fcntl(h->fd, F_SETLK, &fl) == 0)
        return true;
    if (errno != EACCES && errno != EAGAIN)
        return kr_fail(err, KR_RC_FAIL, "KRK1343E", "cannot enqueue %s: %s", h->dsn, strerror(errno));
    struct flock who = fl;
    char job[64] = "?";
    long pid = 0;
    if (fcntl(h->fd, F_GETLK, &who) == 0 && who.l_type != F_UNLCK) {
        pid = (long)who.l_pid;
        holder_job(dir, who.l_pid, job, sizeof job);
    }
    const char *mode = h->exclusive ? "exclusively" : "shared";
    if (!wait)
        return kr_fail(err, KR_RC_FAIL, "KRK1342E", "%s is in use (wanted %s): held by job %s, pid %ld; run later, "
                       "or without --no-wait to wait for it",
                       h->dsn, mode, job, pid);
    if (log) {
        fprintf(log, "KRK1341I waiting for %s (%s): held by job %s, pid %ld\n", h->dsn, mode, job, pid);
        fflush(log);
    }
    int r;
    while ((r = fcntl(h->fd, F_SETLKW, &fl)) != 0 && errno == EINTR)
        ;
    if (r != 0)
        return kr_fail(err, KR_RC_FAIL, "KRK1343E", "cannot enqueue %s: %s", h->dsn, strerror(errno));
    return true;
}

kr_enq *kr_enq_acquire(const char *root, const kr_enq_req *reqs, size_t n, const char *job, bool wait, FILE *log,
                       kr_err *err)
{
    char *meta = kr_xasprintf("%s/.kiroku", root);
    char *dir = kr_xasprintf("%s/.kiroku/enq", root);
    bool ok = (mkdir(meta, 0777) == 0 || errno == EEXIST) && (mkdir(dir, 0777) == 0 || errno == EEXIST);
    free(meta);
    if (!ok) {
        kr_fail(err, KR_RC_ENV, "KRK1343E", "cannot create %s: %s", dir, strerror(errno));
        free(dir);
        return NULL;
    }
    kr_enq *q = kr_xcalloc(1, sizeof *q);
    q->items = kr_xcalloc(n ? n : 1, sizeof *q->items);
    for (size_t i = 0; i < n && ok; i++) {
        held h = {.exclusive = reqs[i].exclusive, .fd = -1};
        ok = kr_dsn_check(reqs[i].dsn, h.dsn, err);
        q->items[q->n++] = h;
    }
    if (ok && q->n)
        qsort(q->items, q->n, sizeof *q->items, by_dsn);
    /* One entry per name, exclusive when any reference asks so. */
    size_t o = 0;
    for (size_t i = 0; ok && i < q->n; i++) {
        if (o && strcmp(q->items[o - 1].dsn, q->items[i].dsn) == 0)
            q->items[o - 1].exclusive |= q->items[i].exclusive;
        else
            q->items[o++] = q->items[i];
    }
    if (ok)
        q->n = o;
    if (ok) {
        q->pidfile = kr_xasprintf("%s/pid.%ld", dir, (long)getpid());
        FILE *fp = fopen(q->pidfile, "w");
        if (fp) {
            fprintf(fp, "%s\n", job ? job : "?");
            fclose(fp);
        }
    }
    for (size_t i = 0; ok && i < q->n; i++)
        ok = lock_one(dir, &q->items[i], wait, log, err);
    free(dir);
    if (!ok) {
        kr_enq_release(q);
        return NULL;
    }
    return q;
}

void kr_enq_release(kr_enq *q)
{
    if (!q)
        return;
    for (size_t i = 0; i < q->n; i++)
        if (q->items[i].fd >= 0)
            close(q->items[i].fd);
    if (q->pidfile) {
        unlink(q->pidfile);
        free(q->pidfile);
    }
    free(q->items);
    free(q);
}
