/* hasher.c: a thread that hashes (SHA-256) and counts the LF bytes of the buffers handed to
 * it, in order; the caller reuses a buffer only after waiting for its ticket. */
#include "secure/hasher.h"
#include "secure/crypto.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define PENDING 4

struct kr_hasher {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    const unsigned char *data[PENDING];
    size_t len[PENDING];
    uint64_t posted, done;
    bool quit, failed;
    kr_sha *sha;
    uint64_t lines;
    kr_err err;
};

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

static void *hasher_main(void *arg)
{
    kr_hasher *h = arg;
    pthread_mutex_lock(&h->mu);
    for (;;) {
        while (h->done == h->posted && !h->quit)
            pthread_cond_wait(&h->cv, &h->mu);
        if (h->done == h->posted)
            break;
        size_t slot = h->done % PENDING;
        const unsigned char *data = h->data[slot];
        size_t len = h->len[slot];
        pthread_mutex_unlock(&h->mu);
        if (!h->failed) {
            h->lines += count_lf(data, len);
            if (!kr_sha_add(h->sha, data, len, &h->err))
                h->failed = true;
        }
        pthread_mutex_lock(&h->mu);
        h->done++;
        pthread_cond_broadcast(&h->cv);
    }
    pthread_mutex_unlock(&h->mu);
    return NULL;
}

kr_hasher *kr_hasher_start(kr_err *err)
{
    kr_hasher *h = kr_xcalloc(1, sizeof *h);
    h->sha = kr_sha_new(err);
    if (!h->sha) {
        free(h);
        return NULL;
    }
    pthread_mutex_init(&h->mu, NULL);
    pthread_cond_init(&h->cv, NULL);
    if (pthread_create(&h->thread, NULL, hasher_main, h) != 0) {
        pthread_mutex_destroy(&h->mu);
        pthread_cond_destroy(&h->cv);
        kr_sha_free(h->sha);
        free(h);
        kr_fail(err, KR_RC_FAIL, "KRK1515E", "cannot start the hashing thread");
        return NULL;
    }
    return h;
}

uint64_t kr_hasher_post(kr_hasher *h, const unsigned char *data, size_t n)
{
    pthread_mutex_lock(&h->mu);
    while (h->posted - h->done >= PENDING)
        pthread_cond_wait(&h->cv, &h->mu);
    size_t slot = h->posted % PENDING;
    h->data[slot] = data;
    h->len[slot] = n;
    uint64_t ticket = ++h->posted;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
    return ticket;
}

void kr_hasher_wait(kr_hasher *h, uint64_t ticket)
{
    pthread_mutex_lock(&h->mu);
    while (h->done < ticket)
        pthread_cond_wait(&h->cv, &h->mu);
    pthread_mutex_unlock(&h->mu);
}

static void join(kr_hasher *h)
{
    pthread_mutex_lock(&h->mu);
    h->quit = true;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
    pthread_join(h->thread, NULL);
    pthread_mutex_destroy(&h->mu);
    pthread_cond_destroy(&h->cv);
}

bool kr_hasher_finish(kr_hasher *h, unsigned char digest[KR_DIGEST_BYTES], uint64_t *lines, kr_err *err)
{
    join(h);
    bool ok = !h->failed;
    if (!ok && err)
        *err = h->err;
    if (ok)
        ok = kr_sha_end(h->sha, digest, err);
    *lines = h->lines;
    kr_sha_free(h->sha);
    free(h);
    return ok;
}

void kr_hasher_stop(kr_hasher *h)
{
    if (!h)
        return;
    join(h);
    kr_sha_free(h->sha);
    free(h);
}
