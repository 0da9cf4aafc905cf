/* seal.c: SEAL and UNSEAL, the KRS1 chunk stream. The plaintext is read in batches of
 * chunks; one thread hashes a batch (SHA-256, lines) while this one encrypts or decrypts it
 * with AES-256-GCM, each chunk under a nonce that binds its position and whether it is the
 * last. Outputs get their names only after everything verified (docs/PROTECTION.md). */
#include "secure/crypto.h"
#include "secure/hasher.h"
#include "secure/outfile.h"
#include "secure/seal_private.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BATCH_BYTES (1u << 20)
#define SLOTS 3

/* The buffers and helpers of one run. */
typedef struct stream {
    int fd;
    const char *path;
    uint32_t chunk;
    size_t per_batch;               /* chunks per batch */
    unsigned char *plain[SLOTS];
    uint64_t ticket[SLOTS];
    unsigned char *cipher;          /* a batch of chunks, each followed by its tag */
    kr_gcm *gcm;
    kr_hasher *hasher;
    kr_outfile out;
} stream;

static void stream_init(stream *s, const char *path, uint32_t chunk)
{
    memset(s, 0, sizeof *s);
    s->fd = -1;
    s->path = path;
    s->chunk = chunk;
    s->per_batch = chunk >= BATCH_BYTES ? 1 : BATCH_BYTES / chunk;
    for (int i = 0; i < SLOTS; i++)
        s->plain[i] = kr_xmalloc(s->per_batch * chunk);
    s->cipher = kr_xmalloc(s->per_batch * (chunk + (size_t)KR_SEAL_TAG_BYTES));
}

static void stream_free(stream *s)
{
    kr_hasher_stop(s->hasher);
    kr_gcm_free(s->gcm);
    kr_outfile_abort(&s->out);
    if (s->fd >= 0)
        close(s->fd);
    for (int i = 0; i < SLOTS; i++)
        free(s->plain[i]);
    free(s->cipher);
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

/* Encrypts one batch of n plaintext bytes (chunks first..), appends to the output. */
static bool seal_batch(stream *s, const unsigned char *plain, size_t n, uint64_t *chunk_no, uint64_t chunks,
                       kr_err *err)
{
    size_t pos = 0, off = 0;
    do {
        size_t len = n - off < s->chunk ? n - off : s->chunk;
        unsigned char nonce[12];
        bool last = *chunk_no == chunks - 1;
        seal_nonce(*chunk_no, last, nonce);
        if (!kr_gcm_seal(s->gcm, nonce, plain + off, len, s->cipher + pos, s->cipher + pos + len, err))
            return false;
        pos += len + KR_SEAL_TAG_BYTES;
        off += len;
        (*chunk_no)++;
    } while (off < n);
    return kr_outfile_write(&s->out, s->cipher, pos, err);
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
    stream_init(&s, o->input, chunk);
    seal_keys k;
    struct stat st;
    uint64_t done_chunks = 0, lines = 0;
    int slot = 0;
    if (!open_input(&s, &st, err) || !kr_random(h.salt, sizeof h.salt, err) ||
        !seal_keys_derive(o->key, &h, &k, err))
        goto fail;
    in->plain_bytes = (uint64_t)st.st_size;
    in->chunks = in->plain_bytes == 0 ? 1 : (in->plain_bytes + chunk - 1) / chunk;
    if (h.record_bytes && in->plain_bytes % h.record_bytes) {
        kr_fail(err, KR_RC_FAIL, "KRK1513E",
                "%s: %llu bytes are not a whole number of %u-byte records of layout %s; nothing sealed", o->input,
                (unsigned long long)in->plain_bytes, (unsigned)h.record_bytes, in->layout);
        goto fail;
    }
    static const unsigned char zero_header[KR_SEAL_HEADER_BYTES];
    if (!kr_outfile_open(&s.out, o->output, 0644, err) ||
        !kr_outfile_write(&s.out, zero_header, sizeof zero_header, err) ||
        !(s.gcm = kr_gcm_new(k.payload, true, err)) || !(s.hasher = kr_hasher_start(err)))
        goto fail;
    uint64_t left = in->plain_bytes;
    do {
        size_t want = left < s.per_batch * chunk ? (size_t)left : s.per_batch * chunk;
        kr_hasher_wait(s.hasher, s.ticket[slot]);
        ssize_t got = read_full(s.fd, s.plain[slot], want);
        if (got != (ssize_t)want) {
            kr_fail(err, KR_RC_FAIL, "KRK1513E", "%s: %s at byte %llu; nothing sealed", o->input,
                    got < 0 ? strerror(errno) : "the file became shorter while it was read",
                    (unsigned long long)(in->plain_bytes - left));
            goto fail;
        }
        s.ticket[slot] = kr_hasher_post(s.hasher, s.plain[slot], want);
        if (!seal_batch(&s, s.plain[slot], want, &done_chunks, in->chunks, err))
            goto fail;
        left -= want;
        slot = (slot + 1) % SLOTS;
    } while (left > 0);
    unsigned char extra;
    if (read_full(s.fd, &extra, 1) != 0) {
        kr_fail(err, KR_RC_FAIL, "KRK1513E", "%s: the file grew while it was read; nothing sealed", o->input);
        goto fail;
    }
    kr_hasher *hs = s.hasher;
    s.hasher = NULL;
    if (!kr_hasher_finish(hs, in->sha256, &lines, err))
        goto fail;
    in->records = h.record_bytes ? in->plain_bytes / h.record_bytes : lines;
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

/* Decrypts one batch of chunks into plain; false on the first chunk that does not authenticate. */
static bool open_batch(stream *s, unsigned char *plain, size_t n, uint64_t *chunk_no, const kr_seal_info *in,
                       kr_err *err)
{
    size_t nchunks = n == 0 ? 1 : (n + s->chunk - 1) / s->chunk;
    size_t cbytes = n + nchunks * KR_SEAL_TAG_BYTES;
    ssize_t got = read_full(s->fd, s->cipher, cbytes);
    if (got != (ssize_t)cbytes)
        return kr_fail(err, KR_RC_FAIL, "KRK1513E", "%s: %s at chunk %llu; nothing was written", s->path,
                       got < 0 ? strerror(errno) : "the file became shorter while it was read",
                       (unsigned long long)*chunk_no);
    size_t pos = 0, off = 0;
    do {
        size_t len = n - off < s->chunk ? n - off : s->chunk;
        unsigned char nonce[12];
        seal_nonce(*chunk_no, *chunk_no == in->chunks - 1, nonce);
        int ok = kr_gcm_open(s->gcm, nonce, s->cipher + pos, len, plain + off, s->cipher + pos + len, err);
        if (ok < 0)
            return false;
        if (ok == 0)
            return kr_fail(err, KR_RC_FAIL, "KRK1508E",
                           "%s: chunk %llu of %llu (file offset %llu) does not authenticate: it was changed, "
                           "moved, dropped, duplicated or taken from another file; nothing was written",
                           s->path, (unsigned long long)*chunk_no + 1, (unsigned long long)in->chunks,
                           (unsigned long long)(KR_SEAL_HEADER_BYTES +
                                                *chunk_no * ((uint64_t)s->chunk + KR_SEAL_TAG_BYTES)));
        pos += len + KR_SEAL_TAG_BYTES;
        off += len;
        (*chunk_no)++;
    } while (off < n);
    return true;
}

int kr_unseal(const kr_unseal_opts *o, FILE *listing, kr_seal_info *info_out, kr_err *err)
{
    stream s;
    stream_init(&s, o->input, 16);
    seal_header h;
    seal_keys k;
    memset(&k, 0, sizeof k);
    struct stat st;
    unsigned char raw[KR_SEAL_HEADER_BYTES];
    char *slip = o->slip ? kr_xstrdup(o->slip) : slip_path_of(o->input);
    char *copy = kr_xstrdup(o->input);
    const char *base = basename(copy);
    uint64_t lines = 0, chunk_no = 0;
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
    /* The buffers for the file's own chunk size. */
    stream_free(&s);
    stream_init(&s, o->input, in->chunk_size);
    if (!open_input(&s, &st, err) || lseek(s.fd, KR_SEAL_HEADER_BYTES, SEEK_SET) < 0)
        goto fail;
    if ((o->output && !kr_outfile_open(&s.out, o->output, 0600, err)) ||
        !(s.gcm = kr_gcm_new(k.payload, false, err)) || !(s.hasher = kr_hasher_start(err)))
        goto fail;
    uint64_t left = in->plain_bytes;
    do {
        size_t want = left < s.per_batch * s.chunk ? (size_t)left : s.per_batch * s.chunk;
        kr_hasher_wait(s.hasher, s.ticket[slot]);
        if (!open_batch(&s, s.plain[slot], want, &chunk_no, in, err))
            goto fail;
        s.ticket[slot] = kr_hasher_post(s.hasher, s.plain[slot], want);
        if (o->output && !kr_outfile_write(&s.out, s.plain[slot], want, err))
            goto fail;
        left -= want;
        slot = (slot + 1) % SLOTS;
    } while (left > 0);
    unsigned char digest[KR_DIGEST_BYTES];
    kr_hasher *hs = s.hasher;
    s.hasher = NULL;
    if (!kr_hasher_finish(hs, digest, &lines, err))
        goto fail;
    uint64_t records = h.record_bytes ? in->plain_bytes / h.record_bytes : lines;
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
