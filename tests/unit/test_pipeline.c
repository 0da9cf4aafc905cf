/* test_pipeline.c: the two-thread batch pipeline of SEAL and UNSEAL (src/secure/pipeline.c):
 * every batch goes through every stage in stage order, an in-order stage sees the batches in
 * order, no two stages touch a slot at once, and a failure reports the
 * first failing batch, however the threads raced, while the batches before it still finish. */
#include "unit.h"

#include "secure/pipeline.h"

#include <pthread.h>
#include <stdatomic.h>

#define BATCHES 400
#define SLOTS 4

typedef struct trace {
    pthread_mutex_t mu;
    unsigned done[BATCHES];        /* stages ended per batch */
    uint64_t hashed_next;          /* the in-order stage's next batch */
    bool out_of_order, stage_order_broken, slot_shared;
    atomic_int in_slot[SLOTS];
    unsigned by_thread[2];
    uint64_t fail_a, fail_b;       /* batches whose stage 2 fails */
} trace;

static bool step(trace *t, unsigned stage, unsigned thread, uint64_t b, unsigned slot, kr_err *err)
{
    if (atomic_fetch_add(&t->in_slot[slot], 1) != 0)
        t->slot_shared = true;
    volatile unsigned spin = 0;
    for (unsigned i = 0; i < 2000u * (stage + 1); i++) /* stages of different costs */
        spin += i;
    pthread_mutex_lock(&t->mu);
    if (t->done[b] != stage || slot != b % SLOTS)
        t->stage_order_broken = true;
    if (stage == 1) {
        if (b != t->hashed_next)
            t->out_of_order = true;
        t->hashed_next = b + 1;
    }
    t->done[b]++;
    t->by_thread[thread]++;
    pthread_mutex_unlock(&t->mu);
    atomic_fetch_sub(&t->in_slot[slot], 1);
    if (stage == 2 && (b == t->fail_a || b == t->fail_b))
        return kr_fail(err, KR_RC_FAIL, "KRK1508E", "batch %llu failed", (unsigned long long)b);
    return true;
}

static bool read_step(void *ctx, unsigned thread, uint64_t b, unsigned slot, kr_err *err)
{
    return step(ctx, 0, thread, b, slot, err);
}
static bool hash_step(void *ctx, unsigned thread, uint64_t b, unsigned slot, kr_err *err)
{
    return step(ctx, 1, thread, b, slot, err);
}
static bool crypt_step(void *ctx, unsigned thread, uint64_t b, unsigned slot, kr_err *err)
{
    return step(ctx, 2, thread, b, slot, err);
}

static const kr_pipe_stage stages[] = {{read_step, false}, {hash_step, true}, {crypt_step, false}};

static trace *trace_new(uint64_t fail_a, uint64_t fail_b)
{
    trace *t = kr_xcalloc(1, sizeof *t);
    pthread_mutex_init(&t->mu, NULL);
    t->fail_a = fail_a;
    t->fail_b = fail_b;
    return t;
}

static void test_every_batch(void **state)
{
    (void)state;
    trace *t = trace_new(UINT64_MAX, UINT64_MAX);
    kr_err err;
    assert_true(kr_pipe_run(stages, 3, BATCHES, SLOTS, t, &err));
    for (unsigned b = 0; b < BATCHES; b++)
        assert_int_equal(t->done[b], 3);
    assert_false(t->out_of_order);
    assert_false(t->stage_order_broken);
    assert_false(t->slot_shared);
    /* every task ran on thread 0 or 1 (whether the second got any depends on the scheduler) */
    assert_int_equal(t->by_thread[0] + t->by_thread[1], 3 * BATCHES);
    pthread_mutex_destroy(&t->mu);
    free(t);
}

static void test_first_failure(void **state)
{
    (void)state;
    for (int round = 0; round < 20; round++) {
        trace *t = trace_new(201, 202); /* two failing batches, side by side in the third stage */
        kr_err err;
        assert_false(kr_pipe_run(stages, 3, BATCHES, SLOTS, t, &err));
        assert_non_null(strstr(err.text, "KRK1508E"));
        assert_non_null(strstr(err.text, "batch 201 failed"));
        for (unsigned b = 0; b < 201; b++) /* the batches before it were finished */
            assert_int_equal(t->done[b], 3);
        for (unsigned b = 210; b < BATCHES; b++) /* none read far after it */
            assert_int_equal(t->done[b], 0);
        assert_false(t->out_of_order);
        pthread_mutex_destroy(&t->mu);
        free(t);
    }
}

static void test_one_batch(void **state)
{
    (void)state;
    trace *t = trace_new(UINT64_MAX, UINT64_MAX);
    kr_err err;
    assert_true(kr_pipe_run(stages, 3, 1, SLOTS, t, &err));
    assert_int_equal(t->done[0], 3);
    pthread_mutex_destroy(&t->mu);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_every_batch), cmocka_unit_test(test_first_failure),
                                       cmocka_unit_test(test_one_batch)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
