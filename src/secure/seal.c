/* seal.c: SEAL and UNSEAL, the KRS1 chunk stream. The data goes through in batches of chunks,
 * each read once into a buffer that is encrypted or decrypted in place and written from there
 * (writev, chunks and tags gathered): SEAL reads and hashes (SHA-256) a batch while a second
 * thread encrypts and writes the one before; UNSEAL reads, decrypts and writes while the second
 * thread hashes. Each chunk's nonce binds its position and whether it is the last.
 * Outputs get their names only after everything verified (docs/PROTECTION.md). */
#include "secure/crypto.h"
#include "secure/outfile.h"
#include "secure/pipeline.h"
#include "secure/seal_private.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#define BATCH_BYTES (1u << 20)
#define SLOTS 8

/* The buffers and helpers of one run. Each of the two threads has its own cipher context,
 * tags and gather list; the SHA-256 stream belongs to the in-order stage. */
typedef struct stream {
    int fd;
    const char *path;
    uint32_t chunk;
    size_t per_batch;               /* chunks per batch */
    uint64_t plain_bytes, chunks;   /* of the whole file */
    unsigned char *region;          /* the batches' memory, in one block */
    unsigned char *batch[SLOTS];    /* room for a batch of chunks, each followed by its tag */
    unsigned char *tags[2];         /* SEAL: each thread's tags of the batch it encrypts */
    struct iovec *iov[2];           /* each thread's pieces of the batch it writes */
    kr_gcm *gcm[2];
    bool count_lines;               /* records are lines (no record length) */
    atomic_uint_least64_t lines;
    bool writing;                   /* UNSEAL: an output (not --verify) */
    kr_sha *sha;
    kr_outfile out;
} stream;

static void stream_init(stream *s, const char *path)
{
    memset(s, 0, sizeof *s);
    s->fd = -1;
    s->path = path;
    atomic_init(&s->lines, 0);
}

/* The ring for chunks of this size: SLOTS batches of about 1 MiB whatever the file's size. */
static void stream_alloc(stream *s, uint32_t chunk)
{
    s->chunk = chunk;
    s->per_batch = chunk >= BATCH_BYTES ? 1 : BATCH_BYTES / chunk;
    size_t bytes = s->per_batch * (chunk + (size_t)KR_SEAL_TAG_BYTES);
    s->region = kr_xmalloc_block(SLOTS * bytes);
    for (int i = 0; i < SLOTS; i++)
        s->batch[i] = s->region + i * bytes;
    for (int t = 0; t < 2; t++) {
        s->tags[t] = kr_xmalloc(s->per_batch * KR_SEAL_TAG_BYTES);
        s->iov[t] = kr_xmalloc(2 * s->per_batch * sizeof *s->iov[t]);
    }
}

static void stream_free(stream *s)
{
    for (int t = 0; t < 2; t++) {
        kr_gcm_free(s->gcm[t]);
        free(s->tags[t]);
        free(s->iov[t]);
    }
    kr_sha_free(s->sha);
    kr_outfile_abort(&s->out);
    if (s->fd >= 0)
        close(s->fd);
    free(s->region);
    stream_init(s, s->path);
}

static bool stream_ciphers(stream *s, const unsigned char key[KR_KEY_BYTES], bool encrypt, kr_err *err)
{
    return (s->gcm[0] = kr_gcm_new(key, encrypt, err)) && (s->gcm[1] = kr_gcm_new(key, encrypt, err)) &&
           (s->sha = kr_sha_new(err));
}

/* The batches of the file: SLOTS of them in memory at a time; an empty file is one batch of
 * one empty chunk. */
static uint64_t batch_count(const stream *s)
{
    return s->chunks == 0 ? 0 : (s->chunks + s->per_batch - 1) / s->per_batch;
}

/* The plaintext bytes of batch b. */
static size_t batch_plain(const stream *s, uint64_t b)
{
    uint64_t first = b * s->per_batch * s->chunk;
    uint64_t n = s->plain_bytes - first;
    return n < s->per_batch * s->chunk ? (size_t)n : s->per_batch * s->chunk;
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

/* Reads exactly n bytes at offset at; returns the number read (less at the end of the file)
 * or -1. */
static ssize_t read_full_at(int fd, unsigned char *p, size_t n, off_t at)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(fd, p + got, n - got, at + (off_t)got);
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

static ssize_t read_full(int fd, unsigned char *p, size_t n)
{
    return read_full_at(fd, p, n, 0);
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

/* SEAL, stage 0: reads batch b's plaintext into its slot. */
static bool seal_read(void *ctx, unsigned thread, uint64_t b, unsigned slot, kr_err *err)
{
    (void)thread;
    stream *s = ctx;
    size_t want = batch_plain(s, b);
    uint64_t at = b * s->per_batch * s->chunk;
    ssize_t got = read_full_at(s->fd, s->batch[slot], want, (off_t)at);
    if (got != (ssize_t)want)
        return kr_fail(err, KR_RC_FAIL, "KRK1513E", "%s: %s at byte %llu; nothing sealed", s->path,
                       got < 0 ? strerror(errno) : "the file became shorter while it was read",
                       (unsigned long long)(at + (got > 0 ? (uint64_t)got : 0)));
    return true;
}

/* SEAL, stage 1, in batch order: the plaintext's SHA-256, the whole batch in one span. */
static bool seal_hash(void *ctx, unsigned thread, uint64_t b, unsigned slot, kr_err *err)
{
    (void)thread;
    stream *s = ctx;
    return kr_sha_add(s->sha, s->batch[slot], batch_plain(s, b), err);
}

/* SEAL, stage 2, batches side by side: counts the lines, encrypts the batch's chunks in place
 * and writes them where they belong, each followed by its tag (gathered, no copy). */
static bool seal_encrypt(void *ctx, unsigned thread, uint64_t b, unsigned slot, kr_err *err)
{
    stream *s = ctx;
    unsigned char *plain = s->batch[slot];
    size_t n = batch_plain(s, b);
    if (s->count_lines)
        atomic_fetch_add(&s->lines, count_lf(plain, n));
    uint64_t chunk_no = b * s->per_batch;
    struct iovec *iov = s->iov[thread];
    size_t off = 0, k = 0;
    do {
        size_t len = n - off < s->chunk ? n - off : s->chunk;
        unsigned char nonce[12], *tag = s->tags[thread] + k * KR_SEAL_TAG_BYTES;
        seal_nonce(chunk_no, chunk_no == s->chunks - 1, nonce);
        if (!kr_gcm_seal(s->gcm[thread], nonce, plain + off, len, plain + off, tag, err))
            return false;
        iov[2 * k] = (struct iovec){.iov_base = plain + off, .iov_len = len};
        iov[2 * k + 1] = (struct iovec){.iov_base = tag, .iov_len = KR_SEAL_TAG_BYTES};
        off += len;
        k++;
        chunk_no++;
    } while (off < n);
    off_t at = KR_SEAL_HEADER_BYTES + (off_t)(b * s->per_batch) * ((off_t)s->chunk + KR_SEAL_TAG_BYTES);
    return kr_outfile_pwritev(&s->out, iov, 2 * k, at, err);
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
    if (!open_input(&s, &st, err) || !kr_random(h.salt, sizeof h.salt, err) ||
        !seal_keys_derive(o->key, &h, &k, err))
        goto fail;
    in->plain_bytes = (uint64_t)st.st_size;
    in->chunks = in->plain_bytes == 0 ? 1 : (in->plain_bytes + chunk - 1) / chunk;
    s.chunks = in->chunks;
    s.plain_bytes = in->plain_bytes;
    if (h.record_bytes && in->plain_bytes % h.record_bytes) {
        kr_fail(err, KR_RC_FAIL, "KRK1513E",
                "%s: %llu bytes are not a whole number of %u-byte records of layout %s; nothing sealed", o->input,
                (unsigned long long)in->plain_bytes, (unsigned)h.record_bytes, in->layout);
        goto fail;
    }
    static const kr_pipe_stage stages[] = {{seal_read, false}, {seal_hash, true}, {seal_encrypt, false}};
    if (!kr_outfile_open(&s.out, o->output, 0644, err) || !stream_ciphers(&s, k.payload, true, err) ||
        !kr_pipe_run(stages, 3, batch_count(&s), SLOTS, &s, err))
        goto fail;
    unsigned char extra;
    if (read_full_at(s.fd, &extra, 1, (off_t)in->plain_bytes) != 0) {
        kr_fail(err, KR_RC_FAIL, "KRK1513E", "%s: the file grew while it was read; nothing sealed", o->input);
        goto fail;
    }
    if (!kr_sha_end(s.sha, in->sha256, err))
        goto fail;
    in->records = h.record_bytes ? in->plain_bytes / h.record_bytes : atomic_load(&s.lines);
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

/* The sealed bytes of batch b: its chunks, each followed by its tag. */
static size_t batch_sealed(const stream *s, uint64_t b)
{
    size_t n = batch_plain(s, b);
    size_t nchunks = n == 0 ? 1 : (n + s->chunk - 1) / s->chunk;
    return n + nchunks * KR_SEAL_TAG_BYTES;
}

/* UNSEAL, stage 0: reads batch b's chunks and tags into its slot. */
static bool unseal_read(void *ctx, unsigned thread, uint64_t b, unsigned slot, kr_err *err)
{
    (void)thread;
    stream *s = ctx;
    size_t want = batch_sealed(s, b);
    off_t at = KR_SEAL_HEADER_BYTES + (off_t)(b * s->per_batch) * ((off_t)s->chunk + KR_SEAL_TAG_BYTES);
    ssize_t got = read_full_at(s->fd, s->batch[slot], want, at);
    if (got != (ssize_t)want)
        return kr_fail(err, KR_RC_FAIL, "KRK1513E", "%s: %s at chunk %llu; nothing was written", s->path,
                       got < 0 ? strerror(errno) : "the file became shorter while it was read",
                       (unsigned long long)(b * s->per_batch));
    return true;
}

/* UNSEAL, stage 1, batches side by side: decrypts each chunk in place (its tag stays after
 * it), counts the lines and writes the plaintext where it belongs (gathered, without the
 * tags); false on the first chunk that does not authenticate. */
static bool unseal_decrypt(void *ctx, unsigned thread, uint64_t b, unsigned slot, kr_err *err)
{
    stream *s = ctx;
    unsigned char *batch = s->batch[slot];
    size_t n = batch_plain(s, b);
    uint64_t chunk_no = b * s->per_batch;
    struct iovec *iov = s->iov[thread];
    size_t pos = 0, off = 0, k = 0;
    uint64_t lines = 0;
    do {
        size_t len = n - off < s->chunk ? n - off : s->chunk;
        unsigned char nonce[12];
        seal_nonce(chunk_no, chunk_no == s->chunks - 1, nonce);
        int ok = kr_gcm_open(s->gcm[thread], nonce, batch + pos, len, batch + pos, batch + pos + len, err);
        if (ok < 0)
            return false;
        if (ok == 0)
            return kr_fail(err, KR_RC_FAIL, "KRK1508E",
                           "%s: chunk %llu of %llu (file offset %llu) does not authenticate: it was changed, "
                           "moved, dropped, duplicated or taken from another file; nothing was written",
                           s->path, (unsigned long long)chunk_no + 1, (unsigned long long)s->chunks,
                           (unsigned long long)(KR_SEAL_HEADER_BYTES +
                                                chunk_no * ((uint64_t)s->chunk + KR_SEAL_TAG_BYTES)));
        if (s->count_lines)
            lines += count_lf(batch + pos, len);
        iov[k++] = (struct iovec){.iov_base = batch + pos, .iov_len = len};
        pos += len + KR_SEAL_TAG_BYTES;
        off += len;
        chunk_no++;
    } while (off < n);
    atomic_fetch_add(&s->lines, lines);
    off_t at = (off_t)(b * s->per_batch) * (off_t)s->chunk;
    return !s->writing || kr_outfile_pwritev(&s->out, iov, k, at, err);
}

/* UNSEAL, stage 2, in batch order: the plaintext's SHA-256, chunk by chunk (skipping the
 * tags). */
static bool unseal_hash(void *ctx, unsigned thread, uint64_t b, unsigned slot, kr_err *err)
{
    (void)thread;
    stream *s = ctx;
    size_t n = batch_plain(s, b), off = 0, stride = (size_t)s->chunk + KR_SEAL_TAG_BYTES;
    for (unsigned char *piece = s->batch[slot]; off < n; piece += stride) {
        size_t len = n - off < s->chunk ? n - off : s->chunk;
        if (!kr_sha_add(s->sha, piece, len, err))
            return false;
        off += len;
    }
    return true;
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
    s.chunks = in->chunks;
    s.plain_bytes = in->plain_bytes;
    s.count_lines = h.record_bytes == 0;
    s.writing = o->output != NULL;
    static const kr_pipe_stage stages[] = {{unseal_read, false}, {unseal_decrypt, false}, {unseal_hash, true}};
    if ((o->output && !kr_outfile_open(&s.out, o->output, 0600, err)) ||
        !stream_ciphers(&s, k.payload, false, err) || !kr_pipe_run(stages, 3, batch_count(&s), SLOTS, &s, err))
        goto fail;
    unsigned char digest[KR_DIGEST_BYTES];
    if (!kr_sha_end(s.sha, digest, err))
        goto fail;
    uint64_t records = h.record_bytes ? in->plain_bytes / h.record_bytes : atomic_load(&s.lines);
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
