/* worker.c: a thread that runs its step on the batches handed to it, in order; the caller
 * reuses a batch's buffer only after waiting for its ticket. After a failed step the thread
 * skips the rest and every wait reports the failure. */
#include "secure/worker.h"

#include <pthread.h>
#include <stdlib.h>

#define PENDING 4

struct kr_worker {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    unsigned char *batch[PENDING];
    size_t len[PENDING];
    uint64_t posted, done;
    bool quit, failed;
    kr_worker_step step;
    void *ctx;
    kr_err err;
};

static void *worker_main(void *arg)
{
    kr_worker *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (w->done == w->posted && !w->quit)
            pthread_cond_wait(&w->cv, &w->mu);
        if (w->done == w->posted)
            break;
        size_t slot = w->done % PENDING;
        unsigned char *batch = w->batch[slot];
        size_t len = w->len[slot];
        bool skip = w->failed || w->quit;
        pthread_mutex_unlock(&w->mu);
        kr_err err;
        bool ok = skip || w->step(w->ctx, batch, len, &err);
        pthread_mutex_lock(&w->mu);
        if (!ok) {
            w->err = err;
            w->failed = true;
        }
        w->done++;
        pthread_cond_broadcast(&w->cv);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

kr_worker *kr_worker_start(kr_worker_step step, void *ctx, kr_err *err)
{
    kr_worker *w = kr_xcalloc(1, sizeof *w);
    w->step = step;
    w->ctx = ctx;
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
        pthread_mutex_destroy(&w->mu);
        pthread_cond_destroy(&w->cv);
        free(w);
        kr_fail(err, KR_RC_FAIL, "KRK1515E", "cannot start the second thread of SEAL/UNSEAL");
        return NULL;
    }
    return w;
}

uint64_t kr_worker_post(kr_worker *w, unsigned char *batch, size_t n)
{
    pthread_mutex_lock(&w->mu);
    while (w->posted - w->done >= PENDING)
        pthread_cond_wait(&w->cv, &w->mu);
    size_t slot = w->posted % PENDING;
    w->batch[slot] = batch;
    w->len[slot] = n;
    uint64_t ticket = ++w->posted;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    return ticket;
}

bool kr_worker_wait(kr_worker *w, uint64_t ticket, kr_err *err)
{
    pthread_mutex_lock(&w->mu);
    while (w->done < ticket && !w->failed)
        pthread_cond_wait(&w->cv, &w->mu);
    bool ok = !w->failed;
    if (!ok && err)
        *err = w->err;
    pthread_mutex_unlock(&w->mu);
    return ok;
}

/* Ends the thread; batches still pending are skipped. */
static void join(kr_worker *w)
{
    pthread_mutex_lock(&w->mu);
    w->quit = true;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->cv);
}

bool kr_worker_finish(kr_worker *w, kr_err *err)
{
    bool ok = kr_worker_wait(w, w->posted, err);
    join(w);
    free(w);
    return ok;
}

void kr_worker_stop(kr_worker *w)
{
    if (!w)
        return;
    join(w);
    free(w);
}
