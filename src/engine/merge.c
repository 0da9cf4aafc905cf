/* merge.c: sorted runs on unlinked temporary files, and the k-way merge of sorted streams
 * through a loser tree: each record costs log2(k) key comparisons. */
#include "merge.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool run_create(const char *dir, run *r, kr_err *err)
{
    char *path = kr_xasprintf("%s/kiroku-sort-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        kr_fail(err, KR_RC_FAIL, "KRK0630E", "cannot create a work file in %s (-T): %s", dir ? dir : "/tmp",
                strerror(errno));
        free(path);
        return false;
    }
    unlink(path);
    free(path);
    r->fd = fd;
    r->records = 0;
    r->bytes = 0;
    r->dir = dir && *dir ? dir : "/tmp";
    return true;
}

void run_close(run *r)
{
    if (r->fd >= 0)
        close(r->fd);
    r->fd = -1;
}

void run_writer_init(run_writer *w, run *r, size_t reclen, size_t bufsize)
{
    w->r = r;
    w->reclen = reclen;
    w->cap = bufsize < reclen ? reclen : bufsize / reclen * reclen;
    w->buf = kr_xmalloc(w->cap);
    w->len = 0;
}

/* Writes n bytes of w's records to its run; KRK0631E names the folder and the record. */
static bool write_all(run_writer *w, const unsigned char *p, size_t n, kr_err *err)
{
    run *r = w->r;
    while (n) {
        ssize_t k = write(r->fd, p, n);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            return kr_fail(err, KR_RC_FAIL, "KRK0631E",
                           "cannot write a work file in %s (-T) at its record %llu (file offset %llu): %s "
                           "(is it full?)", r->dir, (unsigned long long)(r->bytes / w->reclen + 1),
                           (unsigned long long)r->bytes, strerror(errno));
        }
        p += k;
        n -= (size_t)k;
        r->bytes += (uint64_t)k;
    }
    return true;
}

bool run_writer_put(run_writer *w, const unsigned char *rec, kr_err *err)
{
    if (w->len + w->reclen > w->cap) {
        if (!write_all(w, w->buf, w->len, err))
            return false;
        w->len = 0;
    }
    memcpy(w->buf + w->len, rec, w->reclen);
    w->len += w->reclen;
    w->r->records++;
    return true;
}

bool run_writer_finish(run_writer *w, kr_err *err)
{
    bool ok = write_all(w, w->buf, w->len, err);
    free(w->buf);
    w->buf = NULL;
    return ok;
}

void run_reader_init(run_reader *rr, run *r, size_t reclen, size_t bufsize)
{
    rr->r = r;
    rr->reclen = reclen;
    rr->cap = bufsize < reclen ? reclen : bufsize / reclen * reclen;
    rr->buf = kr_xmalloc(rr->cap);
    rr->len = rr->pos = 0;
    rr->offset = 0;
    rr->left = r->records;
}

void run_reader_free(run_reader *rr)
{
    free(rr->buf);
    rr->buf = NULL;
}

int run_reader_next(void *self, const unsigned char **rec, kr_err *err)
{
    run_reader *rr = self;
    if (rr->pos >= rr->len) {
        if (rr->left == 0)
            return 0;
        size_t want = rr->cap;
        if ((uint64_t)want / rr->reclen > rr->left)
            want = (size_t)rr->left * rr->reclen;
        size_t got = 0;
        while (got < want) {
            ssize_t n = pread(rr->r->fd, rr->buf + got, want - got, rr->offset + (off_t)got);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return kr_fail(err, KR_RC_FAIL, "KRK0632E", "cannot read back a work file: %s",
                               n < 0 ? strerror(errno) : "it is shorter than written"),
                       -1;
            got += (size_t)n;
        }
        rr->offset += (off_t)got;
        rr->len = got;
        rr->pos = 0;
    }
    *rec = rr->buf + rr->pos;
    rr->pos += rr->reclen;
    rr->left--;
    return 1;
}

/* ---- the loser tree ---------------------------------------------------------------------- */

/* Does stream a's head come before stream b's? Done streams come last; ties go to the lower
 * index so that the merge is stable. */
static bool before(const merger *m, size_t a, size_t b)
{
    if (!m->recs[b])
        return m->recs[a] != NULL || a < b;
    if (!m->recs[a])
        return false;
    int c = memcmp(m->keys + a * m->kp->width, m->keys + b * m->kp->width, m->kp->width);
    return c < 0 || (c == 0 && a < b);
}

static int advance(merger *m, size_t i, kr_err *err)
{
    const unsigned char *rec;
    int got = m->in[i].next(m->in[i].self, &rec, err);
    if (got < 0)
        return -1;
    if (got == 0) {
        m->recs[i] = NULL;
        return 0;
    }
    m->recs[i] = rec;
    size_t bad;
    kr_problem pb;
    if (!kr_key_encode(m->kp, rec, m->keys + i * m->kp->width, &bad, &pb))
        return kr_fail(err, KR_RC_FAIL, "KRK0633E", "merge: %s", pb.reason), -1;
    return 1;
}

/* Rebuilds the path from leaf i to the root after stream i's head changed. */
static void replay(merger *m, size_t i)
{
    size_t winner = i;
    for (size_t node = (i + m->k) / 2; node > 0; node /= 2) {
        if (before(m, m->tree[node], winner)) {
            size_t t = m->tree[node];
            m->tree[node] = winner;
            winner = t;
        }
    }
    m->tree[0] = winner;
}

/* Plays the matches below node (leaves are k..2k-1): keeps losers, returns the winner. */
static size_t build(merger *m, size_t node)
{
    if (node >= m->k)
        return node - m->k;
    size_t a = build(m, 2 * node), b = build(m, 2 * node + 1);
    if (before(m, a, b)) {
        m->tree[node] = b;
        return a;
    }
    m->tree[node] = a;
    return b;
}

bool merger_init(merger *m, kstream *in, size_t k, const kr_keyplan *kp, kr_err *err)
{
    memset(m, 0, sizeof *m);
    m->k = k;
    m->in = in;
    m->kp = kp;
    m->keys = kr_xmalloc(k * (kp->width ? kp->width : 1));
    m->recs = kr_xcalloc(k, sizeof *m->recs);
    m->tree = kr_xcalloc(2 * k, sizeof *m->tree);
    for (size_t i = 0; i < k; i++)
        if (advance(m, i, err) < 0)
            return false;
    m->tree[0] = k == 1 ? 0 : build(m, 1);
    m->primed = false;
    return true;
}

int merger_next(merger *m, const unsigned char **rec, size_t *from, const unsigned char **key,
                kr_err *err)
{
    if (m->primed) {
        /* The record returned last may now be overwritten: fetch that stream's next. */
        if (advance(m, m->last, err) < 0)
            return -1;
        replay(m, m->last);
    }
    m->primed = true;
    size_t w = m->tree[0];
    if (!m->recs[w])
        return 0;
    *rec = m->recs[w];
    *from = w;
    if (key)
        *key = m->keys + w * m->kp->width;
    m->last = w;
    return 1;
}

void merger_free(merger *m)
{
    free(m->keys);
    free(m->recs);
    free(m->tree);
    memset(m, 0, sizeof *m);
}
