/* pipeline.c: the two-thread batch pipeline of SEAL and UNSEAL. Both threads run the same
 * loop: under one lock, take the most urgent task (an in-order stage's next batch, a later
 * stage, a new batch to read), run it unlocked, record it, wake the other thread. */
#include "secure/pipeline.h"

#include <pthread.h>
#include <stdlib.h>

#define SLOTS_MAX 64
#define NO_BATCH UINT64_MAX

typedef struct pipe {
    const kr_pipe_stage *stages;
    unsigned n_stages, slots;
    uint64_t batches;
    void *ctx;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    uint64_t next_read;                /* the next batch stage 0 takes */
    uint64_t slot_batch[SLOTS_MAX];    /* the batch in each slot (NO_BATCH: free) */
    unsigned slot_done[SLOTS_MAX];     /* how many of its stages have ended */
    bool slot_busy[SLOTS_MAX];         /* a stage runs on it */
    uint64_t next_in_order[KR_PIPE_STAGES_MAX]; /* in-order stages: the batch whose turn it is */
    unsigned running;
    uint64_t failed_batch;             /* the first batch that failed (NO_BATCH: none) */
    kr_err err;
} pipe;

typedef struct task {
    uint64_t batch;
    unsigned slot, stage;
} task;

/* Whether stage st may run on the batch in slot now (lock held). */
static bool ready(const pipe *p, unsigned slot, unsigned st)
{
    uint64_t b = p->slot_batch[slot];
    if (b == NO_BATCH || p->slot_busy[slot] || p->slot_done[slot] != st || b >= p->failed_batch)
        return false;
    return !p->stages[st].in_order || p->next_in_order[st] == b;
}

/* The most urgent task, or false when there is none now (lock held). */
static bool take(pipe *p, task *t)
{
    for (int pass = 0; pass < 2; pass++) /* first the in-order stages, then the others, later first */
        for (unsigned st = p->n_stages - 1; st >= 1; st--) {
            if (p->stages[st].in_order != (pass == 0))
                continue;
            uint64_t best = NO_BATCH;
            for (unsigned s = 0; s < p->slots; s++)
                if (ready(p, s, st) && p->slot_batch[s] < best) {
                    best = p->slot_batch[s];
                    t->slot = s;
                }
            if (best != NO_BATCH) {
                t->batch = best;
                t->stage = st;
                return true;
            }
        }
    uint64_t b = p->next_read;
    unsigned slot = (unsigned)(b % p->slots);
    if (b < p->batches && b < p->failed_batch && p->slot_batch[slot] == NO_BATCH) {
        p->next_read++;
        p->slot_batch[slot] = b;
        p->slot_done[slot] = 0;
        *t = (task){b, slot, 0};
        return true;
    }
    return false;
}

/* Records the end of a task (lock held). */
static void finish(pipe *p, const task *t, bool ok, const kr_err *err)
{
    p->slot_busy[t->slot] = false;
    p->running--;
    if (!ok && t->batch < p->failed_batch) {
        p->failed_batch = t->batch;
        p->err = *err;
    }
    if (ok && p->stages[t->stage].in_order)
        p->next_in_order[t->stage]++;
    if (ok && ++p->slot_done[t->slot] == p->n_stages)
        p->slot_batch[t->slot] = NO_BATCH;
    if (!ok) /* a batch at or after the failure never comes back */
        for (unsigned s = 0; s < p->slots; s++)
            if (p->slot_batch[s] != NO_BATCH && p->slot_batch[s] >= p->failed_batch && !p->slot_busy[s])
                p->slot_batch[s] = NO_BATCH;
    pthread_cond_broadcast(&p->cv);
}

static void pump(pipe *p, unsigned thread)
{
    pthread_mutex_lock(&p->mu);
    for (;;) {
        task t = {0, 0, 0};
        if (!take(p, &t)) {
            if (p->running == 0)
                break; /* nothing to do and nothing that could make work: the end */
            pthread_cond_wait(&p->cv, &p->mu);
            continue;
        }
        p->slot_busy[t.slot] = true;
        p->running++;
        pthread_mutex_unlock(&p->mu);
        kr_err err;
        bool ok = p->stages[t.stage].run(p->ctx, thread, t.batch, t.slot, &err);
        pthread_mutex_lock(&p->mu);
        finish(p, &t, ok, &err);
    }
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

static void *second_thread(void *arg)
{
    pump(arg, 1);
    return NULL;
}

bool kr_pipe_run(const kr_pipe_stage *stages, unsigned n_stages, uint64_t batches, unsigned slots, void *ctx,
                 kr_err *err)
{
    if (n_stages < 2 || n_stages > KR_PIPE_STAGES_MAX || slots < 1 || slots > SLOTS_MAX)
        return kr_fail(err, KR_RC_FAIL, "KRK1515E", "the SEAL/UNSEAL pipeline was set up wrongly");
    pipe *p = kr_xcalloc(1, sizeof *p);
    p->stages = stages;
    p->n_stages = n_stages;
    p->slots = slots;
    p->batches = batches;
    p->ctx = ctx;
    p->failed_batch = NO_BATCH;
    for (unsigned s = 0; s < SLOTS_MAX; s++)
        p->slot_batch[s] = NO_BATCH;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    pthread_t second;
    bool two = pthread_create(&second, NULL, second_thread, p) == 0; /* else one thread does it all */
    pump(p, 0);
    if (two)
        pthread_join(second, NULL);
    bool ok = p->failed_batch == NO_BATCH;
    if (!ok && err)
        *err = p->err;
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p);
    return ok;
}
