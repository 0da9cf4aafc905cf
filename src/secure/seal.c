/* seal.c: SEAL and UNSEAL, the KRS1 chunk stream. The data goes through in batches of chunks,
 * each read once into a buffer that is encrypted or decrypted in place and written from there
 * (writev, chunks and tags gathered): SEAL reads and hashes (SHA-256) a batch while a second
 * thread encrypts and writes the one before; UNSEAL reads, decrypts and writes while the second
 * thread hashes. Each chunk's nonce binds its position and whether it is the last.
 * Outputs get their names only after everything verified (docs/PROTECTION.md). */
#include "secure/crypto.h"
#include "secure/outfile.h"
#include "secure/seal_private.h"
#include "secure/worker.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#define BATCH_BYTES (1u << 20)
#define SLOTS 4

/* The buffers and helpers of one run. The reading thread owns fd; the worker's step owns
 * what its step changes (SEAL: out, iov, tags, gcm, lines; UNSEAL: sha, lines). */
typedef struct stream {
    int fd;
    const char *path;
    uint32_t chunk;
    size_t per_batch;               /* chunks per batch */
    unsigned char *region;          /* the batches' memory, in one block */
    unsigned char *batch[SLOTS];    /* room for a batch of chunks, each followed by its tag */
    uint64_t ticket[SLOTS];
    unsigned char *tags;            /* SEAL: the tags of the batch being encrypted */
    struct iovec *iov;              /* the pieces of the batch being written */
    uint64_t chunk_no, chunks;      /* the next chunk to encrypt or decrypt, and how many */
    bool count_lines;               /* records are lines (no record length) */
    uint64_t lines;
    bool writing;                   /* UNSEAL: an output (not --verify) */
    kr_gcm *gcm;
    kr_sha *sha;
    kr_worker *worker;
    kr_outfile out;
} stream;

static void stream_init(stream *s, const char *path)
{
    memset(s, 0, sizeof *s);
    s->fd = -1;
    s->path = path;
}

/* The buffers for chunks of this size: about 4 MiB whatever the file's size. */
static void stream_alloc(stream *s, uint32_t chunk)
{
    s->chunk = chunk;
    s->per_batch = chunk >= BATCH_BYTES ? 1 : BATCH_BYTES / chunk;
    size_t bytes = s->per_batch * (chunk + (size_t)KR_SEAL_TAG_BYTES);
    s->region = kr_xmalloc_block(SLOTS * bytes);
    for (int i = 0; i < SLOTS; i++)
        s->batch[i] = s->region + i * bytes;
    s->tags = kr_xmalloc(s->per_batch * KR_SEAL_TAG_BYTES);
    s->iov = kr_xmalloc(2 * s->per_batch * sizeof *s->iov);
}

static void stream_free(stream *s)
{
    kr_worker_stop(s->worker);
    kr_gcm_free(s->gcm);
    kr_sha_free(s->sha);
    kr_outfile_abort(&s->out);
    if (s->fd >= 0)
        close(s->fd);
    free(s->region);
    free(s->tags);
    free(s->iov);
    stream_init(s, s->path);
}

static uint64_t count_lf(const unsigned char *p, size_t n)
{
    uint64_t c = 0;
    const unsigned char *end = p + n;
    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        c++;
        p++;
    }
    return c;
}

/* Reads exactly n bytes; returns the number read (less at the end of the file) or -1. */
static ssize_t read_full(int fd, unsigned char *p, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, p + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

static bool open_input(stream *s, struct stat *st, kr_err *err)
{
    s->fd = open(s->path, O_RDONLY | O_CLOEXEC);
    if (s->fd < 0)
        return kr_fail(err, KR_RC_ENV, "KRK1513E", "%s: cannot open: %s", s->path, strerror(errno));
    if (fstat(s->fd, st) != 0 || !S_ISREG(st->st_mode))
        return kr_fail(err, KR_RC_ENV, "KRK1513E", "%s: not a regular file (its size must be known)", s->path);
    posix_fadvise(s->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    return true;
}

static void say_digest(FILE *listing, const char *what, const kr_seal_info *in)
{
    char hex[2 * KR_DIGEST_BYTES + 1];
    kr_hex(in->sha256, KR_DIGEST_BYTES, hex);
    fprintf(listing, "%s: %llu record%s, %llu bytes, %llu chunk%s of %u, key id %s%s%s, SHA-256 %s\n", what,
            (unsigned long long)in->records, in->records == 1 ? "" : "s", (unsigned long long)in->plain_bytes,
            (unsigned long long)in->chunks, in->chunks == 1 ? "" : "s", (unsigned)in->chunk_size, in->key_id,
            in->layout[0] ? ", layout " : "", in->layout, hex);
}

static char *slip_path_of(const char *sealed)
{
    return kr_xasprintf("%s.slip", sealed);
}

static bool write_slip(const char *sealed, const kr_seal_info *info, const kr_slip_fields *f,
                       const seal_keys *k, kr_err *err)
{
    char *copy = kr_xstrdup(sealed);
    char *text = slip_text(info, basename(copy), f, k, err);
    free(copy);
    if (!text)
        return false;
    char *path = slip_path_of(sealed);
    kr_outfile out;
    bool ok = kr_outfile_open(&out, path, 0644, err) && kr_outfile_write(&out, text, strlen(text), err) &&
              kr_outfile_commit(&out, err);
    if (!ok)
        kr_outfile_abort(&out);
    free(path);
    free(text);
    return ok;
}

/* The worker's step in SEAL: counts the lines, encrypts the batch's chunks in place and
 * writes them, each followed by its tag. */
static bool seal_step(void *ctx, unsigned char *plain, size_t n, kr_err *err)
{
    stream *s = ctx;
    if (s->count_lines)
        s->lines += count_lf(plain, n);
    size_t off = 0, k = 0;
    do {
        size_t len = n - off < s->chunk ? n - off : s->chunk;
        unsigned char nonce[12], *tag = s->tags + k * KR_SEAL_TAG_BYTES;
        seal_nonce(s->chunk_no, s->chunk_no == s->chunks - 1, nonce);
        if (!kr_gcm_seal(s->gcm, nonce, plain + off, len, plain + off, tag, err))
            return false;
        s->iov[2 * k] = (struct iovec){.iov_base = plain + off, .iov_len = len};
        s->iov[2 * k + 1] = (struct iovec){.iov_base = tag, .iov_len = KR_SEAL_TAG_BYTES};
        off += len;
        k++;
        s->chunk_no++;
    } while (off < n);
    return kr_outfile_writev(&s->out, s->iov, 2 * k, err);
}

int kr_seal(const kr_seal_opts *o, FILE *listing, kr_seal_info *info_out, kr_err *err)
{
    uint32_t chunk = o->chunk_size ? o->chunk_size : KR_SEAL_CHUNK_DEFAULT;
    if (chunk < 16 || chunk > (16u << 20)) {
        kr_fail(err, KR_RC_ENV, "KRK1513E", "a chunk size of %u: give 16 bytes to 16 MiB", (unsigned)chunk);
        return KR_RC_ENV;
    }
    if (o->layout && strlen(o->layout) > KR_KEY_ID_MAX) {
        kr_fail(err, KR_RC_ENV, "KRK1513E", "layout name '%s' longer than %d bytes", o->layout, KR_KEY_ID_MAX);
        return KR_RC_ENV;
    }
    seal_header h;
    memset(&h, 0, sizeof h);
    kr_seal_info *in = &h.info;
    in->version = 1;
    in->kdf = o->key->kdf;
    if (in->kdf == 1) {
        in->scrypt_log2n = KR_SCRYPT_LOG2N;
        in->scrypt_r = KR_SCRYPT_R;
        in->scrypt_p = KR_SCRYPT_P;
    }
    in->chunk_size = chunk;
    memcpy(in->key_id, o->key->id, sizeof in->key_id);
    if (o->layout)
        memcpy(in->layout, o->layout, strlen(o->layout) + 1);
    h.record_bytes = (uint32_t)o->record_bytes;

    stream s;
    stream_init(&s, o->input);
    stream_alloc(&s, chunk);
    s.count_lines = h.record_bytes == 0;
    seal_keys k;
    struct stat st;
    int slot = 0;
    if (!open_input(&s, &st, err) || !kr_random(h.salt, sizeof h.salt, err) ||
        !seal_keys_derive(o->key, &h, &k, err))
        goto fail;
    in->plain_bytes = (uint64_t)st.st_size;
    in->chunks = in->plain_bytes == 0 ? 1 : (in->plain_bytes + chunk - 1) / chunk;
    s.chunks = in->chunks;
    if (h.record_bytes && in->plain_bytes % h.record_bytes) {
        kr_fail(err, KR_RC_FAIL, "KRK1513E",
                "%s: %llu bytes are not a whole number of %u-byte records of layout %s; nothing sealed", o->input,
                (unsigned long long)in->plain_bytes, (unsigned)h.record_bytes, in->layout);
        goto fail;
    }
    static const unsigned char zero_header[KR_SEAL_HEADER_BYTES];
    if (!kr_outfile_open(&s.out, o->output, 0644, err) ||
        !kr_outfile_write(&s.out, zero_header, sizeof zero_header, err) ||
        !(s.gcm = kr_gcm_new(k.payload, true, err)) || !(s.sha = kr_sha_new(err)) ||
        !(s.worker = kr_worker_start(seal_step, &s, err)))
        goto fail;
    uint64_t left = in->plain_bytes;
    do {
        size_t want = left < s.per_batch * chunk ? (size_t)left : s.per_batch * chunk;
        if (!kr_worker_wait(s.worker, s.ticket[slot], err))
            goto fail;
        ssize_t got = read_full(s.fd, s.batch[slot], want);
        if (got != (ssize_t)want) {
            kr_fail(err, KR_RC_FAIL, "KRK1513E", "%s: %s at byte %llu; nothing sealed", o->input,
                    got < 0 ? strerror(errno) : "the file became shorter while it was read",
                    (unsigned long long)(in->plain_bytes - left));
            goto fail;
        }
        if (!kr_sha_add(s.sha, s.batch[slot], want, err))
            goto fail;
        s.ticket[slot] = kr_worker_post(s.worker, s.batch[slot], want);
        left -= want;
        slot = (slot + 1) % SLOTS;
    } while (left > 0);
    unsigned char extra;
    if (read_full(s.fd, &extra, 1) != 0) {
        kr_fail(err, KR_RC_FAIL, "KRK1513E", "%s: the file grew while it was read; nothing sealed", o->input);
        goto fail;
    }
    kr_worker *w = s.worker;
    s.worker = NULL;
    if (!kr_worker_finish(w, err) || !kr_sha_end(s.sha, in->sha256, err))
        goto fail;
    in->records = h.record_bytes ? in->plain_bytes / h.record_bytes : s.lines;
    unsigned char header[KR_SEAL_HEADER_BYTES];
    if (!seal_header_encode(&h, &k, header, err) || !kr_outfile_pwrite(&s.out, header, sizeof header, 0, err) ||
        !kr_outfile_commit(&s.out, err))
        goto fail;
    if (!write_slip(o->output, in, &o->slip, &k, err)) {
        unlink(o->output); /* a sealed file without its slip is not a finished hand-over */
        goto fail;
    }
    if (listing) {
        char *what = kr_xasprintf("KRK1516I sealed %s into %s (slip %s.slip)", o->input, o->output, o->output);
        say_digest(listing, what, in);
        free(what);
    }
    if (info_out)
        *info_out = *in;
    kr_wipe(&k, sizeof k);
    stream_free(&s);
    return KR_RC_OK;
fail:
    kr_wipe(&k, sizeof k);
    stream_free(&s);
    return err ? err->rc : KR_RC_FAIL;
}

bool kr_seal_peek_key_id(const char *path, char id[KR_KEY_ID_MAX + 1], kr_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return kr_fail(err, KR_RC_ENV, "KRK1513E", "%s: cannot open: %s", path, strerror(errno));
    unsigned char raw[KR_SEAL_HEADER_BYTES];
    ssize_t got = read_full(fd, raw, sizeof raw);
    close(fd);
    if (got != (ssize_t)sizeof raw)
        return kr_fail(err, KR_RC_FAIL, "KRK1507E", "%s: %lld bytes, shorter than a KRS1 header (256 bytes)", path,
                       (long long)got);
    seal_header h;
    if (!seal_header_decode(raw, path, &h, err))
        return false;
    memcpy(id, h.info.key_id, KR_KEY_ID_MAX + 1);
    return true;
}

/* Checks the file's size against what the authenticated header says. */
static bool check_size(const char *path, uint64_t size, const kr_seal_info *in, kr_err *err)
{
    uint64_t want = KR_SEAL_HEADER_BYTES + in->plain_bytes + in->chunks * KR_SEAL_TAG_BYTES;
    if (size == want)
        return true;
    uint64_t whole = KR_SEAL_HEADER_BYTES;
    uint64_t n = 0, stride = (uint64_t)in->chunk_size + KR_SEAL_TAG_BYTES;
    while (n + 1 < in->chunks && whole + stride <= size) {
        whole += stride;
        n++;
    }
    if (size < want)
        return kr_fail(err, KR_RC_FAIL, "KRK1507E",
                       "%s: truncated: %llu bytes where the header says %llu (%llu of %llu chunks whole, the "
                       "final chunk missing); nothing was decrypted",
                       path, (unsigned long long)size, (unsigned long long)want, (unsigned long long)n,
                       (unsigned long long)in->chunks);
    return kr_fail(err, KR_RC_FAIL, "KRK1507E",
                   "%s: %llu bytes after the final chunk (file offset %llu); nothing was decrypted", path,
                   (unsigned long long)(size - want), (unsigned long long)want);
}

/* Reads one batch of n plaintext bytes' chunks into batch and decrypts each in place (its tag
 * stays after it); false on the first chunk that does not authenticate. */
static bool open_batch(stream *s, unsigned char *batch, size_t n, const kr_seal_info *in, kr_err *err)
{
    size_t nchunks = n == 0 ? 1 : (n + s->chunk - 1) / s->chunk;
    size_t cbytes = n + nchunks * KR_SEAL_TAG_BYTES;
    ssize_t got = read_full(s->fd, batch, cbytes);
    if (got != (ssize_t)cbytes)
        return kr_fail(err, KR_RC_FAIL, "KRK1513E", "%s: %s at chunk %llu; nothing was written", s->path,
                       got < 0 ? strerror(errno) : "the file became shorter while it was read",
                       (unsigned long long)s->chunk_no);
    size_t pos = 0, off = 0;
    do {
        size_t len = n - off < s->chunk ? n - off : s->chunk;
        unsigned char nonce[12];
        seal_nonce(s->chunk_no, s->chunk_no == in->chunks - 1, nonce);
        int ok = kr_gcm_open(s->gcm, nonce, batch + pos, len, batch + pos, batch + pos + len, err);
        if (ok < 0)
            return false;
        if (ok == 0)
            return kr_fail(err, KR_RC_FAIL, "KRK1508E",
                           "%s: chunk %llu of %llu (file offset %llu) does not authenticate: it was changed, "
                           "moved, dropped, duplicated or taken from another file; nothing was written",
                           s->path, (unsigned long long)s->chunk_no + 1, (unsigned long long)in->chunks,
                           (unsigned long long)(KR_SEAL_HEADER_BYTES +
                                                s->chunk_no * ((uint64_t)s->chunk + KR_SEAL_TAG_BYTES)));
        pos += len + KR_SEAL_TAG_BYTES;
        off += len;
        s->chunk_no++;
    } while (off < n);
    return true;
}

/* The worker's step in UNSEAL: hashes the batch's decrypted chunks (skipping their tags) and
 * counts the lines, while the reading thread writes them. */
static bool unseal_step(void *ctx, unsigned char *batch, size_t n, kr_err *err)
{
    stream *s = ctx;
    size_t off = 0, stride = (size_t)s->chunk + KR_SEAL_TAG_BYTES;
    for (unsigned char *piece = batch;; piece += stride) {
        size_t len = n - off < s->chunk ? n - off : s->chunk;
        if (!kr_sha_add(s->sha, piece, len, err))
            return false;
        if (s->count_lines)
            s->lines += count_lf(piece, len);
        off += len;
        if (off >= n)
            return true;
    }
}

/* Writes the decrypted chunks of a batch (without their tags) to the output. */
static bool write_plain(stream *s, unsigned char *batch, size_t n, kr_err *err)
{
    size_t off = 0, k = 0, stride = (size_t)s->chunk + KR_SEAL_TAG_BYTES;
    do {
        size_t len = n - off < s->chunk ? n - off : s->chunk;
        s->iov[k] = (struct iovec){.iov_base = batch + k * stride, .iov_len = len};
        off += len;
        k++;
    } while (off < n);
    return kr_outfile_writev(&s->out, s->iov, k, err);
}

int kr_unseal(const kr_unseal_opts *o, FILE *listing, kr_seal_info *info_out, kr_err *err)
{
    stream s;
    stream_init(&s, o->input);
    seal_header h;
    seal_keys k;
    memset(&k, 0, sizeof k);
    struct stat st;
    unsigned char raw[KR_SEAL_HEADER_BYTES];
    char *slip = o->slip ? kr_xstrdup(o->slip) : slip_path_of(o->input);
    char *copy = kr_xstrdup(o->input);
    const char *base = basename(copy);
    int slot = 0;
    if (!open_input(&s, &st, err))
        goto fail;
    ssize_t got = read_full(s.fd, raw, sizeof raw);
    if (got != (ssize_t)sizeof raw) {
        kr_fail(err, KR_RC_FAIL, got == 0 ? "KRK1504E" : "KRK1507E",
                "%s: %lld bytes, shorter than a KRS1 header (256 bytes); nothing was decrypted", o->input,
                (long long)got);
        goto fail;
    }
    if (!seal_header_decode(raw, o->input, &h, err))
        goto fail;
    kr_seal_info *in = &h.info;
    if (strcmp(in->key_id, o->key->id) != 0) {
        kr_fail(err, KR_RC_FAIL, "KRK1506E", "%s: sealed with key id '%s'; the key given is '%s'", o->input,
                in->key_id, o->key->id);
        goto fail;
    }
    if (!seal_keys_derive(o->key, &h, &k, err) || !seal_header_check(raw, o->input, &k, err) ||
        !check_size(o->input, (uint64_t)st.st_size, in, err) || !slip_check(slip, in, base, &k, err))
        goto fail;
    stream_alloc(&s, in->chunk_size);
    s.count_lines = h.record_bytes == 0;
    s.writing = o->output != NULL;
    if (lseek(s.fd, KR_SEAL_HEADER_BYTES, SEEK_SET) < 0) {
        kr_fail(err, KR_RC_FAIL, "KRK1513E", "%s: cannot seek: %s", o->input, strerror(errno));
        goto fail;
    }
    if ((o->output && !kr_outfile_open(&s.out, o->output, 0600, err)) ||
        !(s.gcm = kr_gcm_new(k.payload, false, err)) || !(s.sha = kr_sha_new(err)) ||
        !(s.worker = kr_worker_start(unseal_step, &s, err)))
        goto fail;
    uint64_t left = in->plain_bytes;
    do {
        size_t want = left < s.per_batch * s.chunk ? (size_t)left : s.per_batch * s.chunk;
        if (!kr_worker_wait(s.worker, s.ticket[slot], err) || !open_batch(&s, s.batch[slot], want, in, err))
            goto fail;
        s.ticket[slot] = kr_worker_post(s.worker, s.batch[slot], want);
        if (s.writing && !write_plain(&s, s.batch[slot], want, err))
            goto fail;
        left -= want;
        slot = (slot + 1) % SLOTS;
    } while (left > 0);
    unsigned char digest[KR_DIGEST_BYTES];
    kr_worker *w = s.worker;
    s.worker = NULL;
    if (!kr_worker_finish(w, err) || !kr_sha_end(s.sha, digest, err))
        goto fail;
    uint64_t records = h.record_bytes ? in->plain_bytes / h.record_bytes : s.lines;
    if (!kr_same_bytes(digest, in->sha256, KR_DIGEST_BYTES) ||
        (h.record_bytes && in->plain_bytes % h.record_bytes) || records != in->records) {
        kr_fail(err, KR_RC_FAIL, "KRK1509E",
                "%s: the plaintext does not match its header (SHA-256 or the record count %llu, counted "
                "%llu); nothing was written",
                o->input, (unsigned long long)in->records, (unsigned long long)records);
        goto fail;
    }
    if (o->output && !kr_outfile_commit(&s.out, err))
        goto fail;
    if (listing) {
        char *what = o->output ? kr_xasprintf("KRK1517I unsealed %s into %s, slip %s checked", o->input,
                                              o->output, slip)
                               : kr_xasprintf("KRK1518I verified %s and its slip %s; nothing written",
                                              o->input, slip);
        say_digest(listing, what, in);
        free(what);
    }
    if (info_out)
        *info_out = *in;
    kr_wipe(&k, sizeof k);
    stream_free(&s);
    free(slip);
    free(copy);
    return KR_RC_OK;
fail:
    kr_wipe(&k, sizeof k);
    stream_free(&s);
    free(slip);
    free(copy);
    return err ? err->rc : KR_RC_FAIL;
}
