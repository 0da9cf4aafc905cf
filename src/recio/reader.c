/* reader.c: reads fixed-length records in large blocks and checks each terminator, naming
 * the record number and byte offset of whatever is wrong; variable-length records (RDW)
 * are checked and handed out padded to their maximum length (rdw.c). */
#include "kiroku/recio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define READ_BLOCK (4u << 20)

struct kr_reader {
    char *path;
    int fd;
    bool own_fd;
    size_t lrecl, stride;
    kr_terminator term;
    unsigned char *buf;
    size_t cap, start, end; /* valid bytes are buf[start, end) */
    bool eof;
    uint64_t recno;         /* records returned so far */
    uint64_t consumed;      /* file offset of buf[start] */
    int64_t size;
    /* KR_TERM_RDW: the block handed out, records padded to lrecl, and their file offsets */
    unsigned char *vbuf;
    uint64_t *voff;
    size_t vcap, vn;
};

kr_reader *kr_reader_open(const char *path, size_t lrecl, kr_terminator term, kr_err *err)
{
    int fd;
    bool own = true;
    if (strcmp(path, "-") == 0) {
        fd = STDIN_FILENO;
        own = false;
    } else {
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            kr_fail(err, KR_RC_ENV, "KRK0201E", "%s: cannot open for reading: %s", path, strerror(errno));
            return NULL;
        }
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (own)
            close(fd);
        kr_fail(err, KR_RC_ENV, "KRK0201E", "%s: is a directory, not a record file", path);
        return NULL;
    }
    kr_reader *r = kr_xcalloc(1, sizeof *r);
    r->path = kr_xstrdup(path);
    r->fd = fd;
    r->own_fd = own;
    r->lrecl = lrecl;
    r->term = term;
    r->stride = lrecl + kr_terminator_len(term);
    r->size = S_ISREG(st.st_mode) ? (int64_t)st.st_size : -1;
    /* A block holds a whole number of records, at least one. */
    size_t recs = READ_BLOCK / r->stride;
    /* A regular file smaller than a block gets a buffer of its size: many small files then
     * cost no 4 MiB each (nor a sanitizer build its shadow of them). Variable-length
     * records may be as short as their 4-byte RDW: as many as size / 4 of them. */
    size_t shortest = term == KR_TERM_RDW ? 4 : r->stride;
    if (r->size >= 0 && (uint64_t)r->size / shortest < recs)
        recs = (size_t)((uint64_t)r->size / shortest) + 1;
    if (recs == 0)
        recs = 1;
    r->cap = recs * r->stride + r->stride;
    r->buf = kr_xmalloc_block(r->cap);
    if (term == KR_TERM_RDW) {
        r->vcap = recs > 4096 ? 4096 : recs;
        r->vbuf = kr_xmalloc_block(r->vcap * lrecl);
        r->voff = kr_xmalloc(r->vcap * sizeof *r->voff);
    }
#ifdef POSIX_FADV_SEQUENTIAL
    if (own)
        posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    return r;
}

kr_reader *kr_reader_open_layout(const char *path, const kr_layout *l, kr_err *err)
{
    return kr_reader_open(path, l->length, l->terminator, err);
}

/* Reads until at least `want` bytes are buffered or the file ends. */
static bool fill(kr_reader *r, size_t want, kr_err *err)
{
    if (r->end - r->start >= want || r->eof)
        return true;
    if (r->start > 0) {
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->end -= r->start;
        r->start = 0;
    }
    while (r->end < want && !r->eof) {
        ssize_t n = read(r->fd, r->buf + r->end, r->cap - r->end);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return kr_fail(err, KR_RC_FAIL, "KRK0202E", "%s: read error after record %llu: %s", r->path,
                           (unsigned long long)r->recno, strerror(errno));
        }
        if (n == 0)
            r->eof = true;
        r->end += (size_t)n;
    }
    return true;
}

static bool check_terminator(const kr_reader *r, const unsigned char *rec)
{
    return kr_record_terminated(rec, r->lrecl, r->term);
}

static int partial_tail(kr_reader *r, kr_err *err)
{
    kr_record_tail_error(r->path, r->buf + r->start, r->end - r->start, r->lrecl, r->term,
                         r->recno, r->consumed, err);
    return -1;
}

int kr_reader_next(kr_reader *r, const unsigned char **rec, kr_err *err)
{
    size_t n;
    return kr_reader_next_block(r, rec, &n, 1, err);
}

/* Variable-length records: up to max of them padded into vbuf. A bad RDW after good records
 * is reported by the next call, once the good ones are handed out. */
static int next_block_rdw(kr_reader *r, const unsigned char **recs, size_t *n, size_t max, kr_err *err)
{
    size_t count = 0;
    if (max > r->vcap)
        max = r->vcap;
    while (count < max) {
        if (!fill(r, 4, err))
            return -1;
        size_t avail = r->end - r->start;
        if (avail == 0)
            break;
        size_t len = kr_rdw_length(r->buf + r->start);
        if (avail >= 4 && len >= 4 && len <= r->lrecl && !fill(r, len, err))
            return -1;
        avail = r->end - r->start;
        kr_err bad;
        if (!kr_rdw_check(r->path, r->buf + r->start, avail, r->lrecl, r->recno + 1, r->consumed, &len, &bad)) {
            if (count > 0)
                break;
            *err = bad;
            return -1;
        }
        kr_rdw_pad(r->vbuf + count * r->lrecl, r->buf + r->start, len, r->lrecl);
        r->voff[count++] = r->consumed;
        r->start += len;
        r->consumed += len;
        r->recno++;
    }
    r->vn = count;
    if (count == 0)
        return 0;
    *recs = r->vbuf;
    *n = count;
    return 1;
}

int kr_reader_next_block(kr_reader *r, const unsigned char **recs, size_t *n, size_t max,
                         kr_err *err)
{
    if (r->term == KR_TERM_RDW)
        return next_block_rdw(r, recs, n, max, err);
    if (!fill(r, r->stride, err))
        return -1;
    size_t avail = r->end - r->start;
    if (avail == 0)
        return 0;
    if (avail < r->stride)
        return partial_tail(r, err);
    size_t count = avail / r->stride;
    if (count > max)
        count = max;
    const unsigned char *base = r->buf + r->start;
    for (size_t i = 0; i < count; i++) {
        const unsigned char *rec = base + i * r->stride;
        if (!check_terminator(r, rec)) {
            if (i > 0) {
                count = i; /* return the good ones first; the bad one comes next call */
                break;
            }
            kr_record_bad_terminator(r->path, rec, avail, r->lrecl, r->term, r->recno + 1, r->consumed, err);
            return -1;
        }
    }
    *recs = base;
    *n = count;
    r->vn = count;
    r->start += count * r->stride;
    r->consumed += count * r->stride;
    r->recno += count;
    return 1;
}

uint64_t kr_reader_recno(const kr_reader *r)
{
    return r->recno;
}

uint64_t kr_reader_offset(const kr_reader *r)
{
    if (r->term == KR_TERM_RDW)
        return r->vn ? r->voff[r->vn - 1] : 0;
    return r->consumed - r->stride;
}

uint64_t kr_reader_block_offset(const kr_reader *r, size_t i)
{
    if (r->term == KR_TERM_RDW)
        return i < r->vn ? r->voff[i] : r->consumed;
    return r->consumed - (uint64_t)(r->vn - i) * r->stride;
}

size_t kr_reader_stride(const kr_reader *r)
{
    return r->stride;
}

const char *kr_reader_path(const kr_reader *r)
{
    return r->path;
}

int64_t kr_reader_size(const kr_reader *r)
{
    return r->size;
}

void kr_reader_close(kr_reader *r)
{
    if (!r)
        return;
    if (r->own_fd)
        close(r->fd);
    free(r->buf);
    free(r->vbuf);
    free(r->voff);
    free(r->path);
    free(r);
}
