/* records.c: record files as memory images: the checks of a record's terminator and the
 * messages that explain a malformed file (shared by the block reader and by programs that
 * map a whole file), and read-only mapping of a file. */
#include "kiroku/recio.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *term_text(kr_terminator t)
{
    return t == KR_TERM_CRLF ? "CR LF" : "LF";
}

bool kr_record_terminated(const unsigned char *rec, size_t lrecl, kr_terminator term)
{
    switch (term) {
    case KR_TERM_NONE:
    case KR_TERM_RDW: /* checked by the reader (rdw.c) */
        return true;
    case KR_TERM_LF:
        return rec[lrecl] == '\n';
    case KR_TERM_CRLF:
        return rec[lrecl] == '\r' && rec[lrecl + 1] == '\n';
    }
    return false;
}

bool kr_record_bad_terminator(const char *path, const unsigned char *rec, size_t avail, size_t lrecl,
                              kr_terminator term, uint64_t recno, uint64_t off, kr_err *err)
{
    size_t stride = lrecl + kr_terminator_len(term);
    const unsigned char *t = rec + lrecl;
    bool have_t = avail > lrecl; /* the byte where the terminator belongs is in the file */
    /* Only the `avail` bytes from rec on are the file's; nothing beyond them is looked at. */
    size_t span = avail < stride + lrecl ? avail : stride + lrecl;
    size_t lf = (size_t)-1;
    for (size_t i = 0; i < span; i++)
        if (rec[i] == '\n') {
            lf = i;
            break;
        }
    char found[32] = "nothing";
    if (have_t && t[0] >= 0x20 && t[0] < 0x7F)
        snprintf(found, sizeof found, "'%c' (0x%02X)", t[0], t[0]);
    else if (have_t)
        snprintf(found, sizeof found, "0x%02X", t[0]);
    /* LF right after the data, and the data's last byte is no CR: CR LF became LF. */
    if (term == KR_TERM_CRLF && lf == lrecl && rec[lrecl - 1] != '\r')
        return kr_fail(err, KR_RC_REJECT, "KRK0204E",
                       "%s: record %llu at byte %llu ends with LF alone (byte %llu); the layout says CR LF "
                       "(convert the line ends, or declare 'terminator lf')",
                       path, (unsigned long long)recno, (unsigned long long)off, (unsigned long long)(off + lrecl));
    if (lf != (size_t)-1) {
        size_t len = lf > 0 && rec[lf - 1] == '\r' ? lf - 1 : lf;
        if (lf < lrecl)
            return kr_fail(err, KR_RC_REJECT, "KRK0204E",
                           "%s: record %llu at byte %llu is %zu bytes long, not %zu: its line ends at byte %llu",
                           path, (unsigned long long)recno, (unsigned long long)off, len, lrecl,
                           (unsigned long long)(off + lf));
        return kr_fail(err, KR_RC_REJECT, "KRK0204E",
                       "%s: record %llu at byte %llu is %zu bytes long, not %zu (its %s should be at byte %llu, found %s)",
                       path, (unsigned long long)recno, (unsigned long long)off, len, lrecl, term_text(term),
                       (unsigned long long)(off + lrecl), found);
    }
    return kr_fail(err, KR_RC_REJECT, "KRK0204E",
                   "%s: record %llu at byte %llu has no %s after its %zu bytes (found %s at byte %llu)", path,
                   (unsigned long long)recno, (unsigned long long)off, term_text(term), lrecl, found,
                   (unsigned long long)(off + lrecl));
}

bool kr_record_tail_error(const char *path, const unsigned char *tail, size_t left, size_t lrecl,
                          kr_terminator term, uint64_t records_before, uint64_t off, kr_err *err)
{
    size_t stride = lrecl + kr_terminator_len(term);
    /* A short line inside the tail is the likelier story, even when the tail happens to be as
     * long as a record's data (a last record two bytes short, with its CR LF). */
    if (term != KR_TERM_NONE)
        for (size_t i = 0; i < left; i++)
            if (tail[i] == '\n')
                return kr_record_bad_terminator(path, tail, left, lrecl, term, records_before + 1, off, err);
    if (term != KR_TERM_NONE && left == lrecl)
        return kr_fail(err, KR_RC_REJECT, "KRK0205E",
                       "%s: the last record (%llu, at byte %llu) has no %s; the file is %llu bytes, not a whole "
                       "number of %zu-byte records",
                       path, (unsigned long long)(records_before + 1), (unsigned long long)off, term_text(term),
                       (unsigned long long)(off + left), stride);
    return kr_fail(err, KR_RC_REJECT, "KRK0205E",
                   "%s: the file ends with %zu bytes after record %llu (byte %llu): not a whole record of %zu bytes%s",
                   path, left, (unsigned long long)records_before, (unsigned long long)off, stride,
                   term == KR_TERM_NONE ? "" : term == KR_TERM_CRLF ? " (data + CR LF)" : " (data + LF)");
}

bool kr_records_check(const char *path, const unsigned char *data, size_t size, size_t lrecl,
                      kr_terminator term, uint64_t first_recno, uint64_t first_off, kr_err *err)
{
    size_t stride = lrecl + kr_terminator_len(term);
    size_t whole = size / stride;
    if (term != KR_TERM_NONE)
        for (size_t i = 0; i < whole; i++) {
            const unsigned char *rec = data + i * stride;
            if (!kr_record_terminated(rec, lrecl, term))
                return kr_record_bad_terminator(path, rec, size - i * stride, lrecl, term, first_recno + i,
                                                first_off + i * stride, err);
        }
    if (size % stride)
        return kr_record_tail_error(path, data + whole * stride, size % stride, lrecl, term,
                                    first_recno - 1 + whole, first_off + whole * stride, err);
    return true;
}

bool kr_map_file(const char *path, kr_mapping *m, kr_err *err)
{
    memset(m, 0, sizeof *m);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return kr_fail(err, KR_RC_ENV, "KRK0201E", "%s: cannot open for reading: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return kr_fail(err, KR_RC_ENV, "KRK0201E", "%s: not a regular file", path);
    }
    m->size = (size_t)st.st_size;
    if (m->size) {
        void *p = mmap(NULL, m->size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
        if (p == MAP_FAILED) {
            int e = errno;
            close(fd);
            return kr_fail(err, KR_RC_FAIL, "KRK0206E", "%s: cannot map the file: %s", path, strerror(e));
        }
        m->data = p;
        madvise(p, m->size, MADV_SEQUENTIAL);
    }
    close(fd);
    return true;
}

void kr_unmap_file(kr_mapping *m)
{
    if (m->data)
        munmap((void *)m->data, m->size);
    memset(m, 0, sizeof *m);
}
