/* pipeline.h: two threads sharing the stages of SEAL and UNSEAL batch by batch, so that both
 * cores do useful work at all times whatever each stage costs (private to src/secure). */
#ifndef KIROKU_SECURE_PIPELINE_H
#define KIROKU_SECURE_PIPELINE_H

#include "kiroku/secure.h"

/* A stage's work on one batch: thread is 0 or 1 (for what each thread owns, such as its
 * cipher context), slot the ring buffer the batch lives in. False (err set) stops the batch
 * and every later one. */
typedef bool (*kr_pipe_step)(void *ctx, unsigned thread, uint64_t batch, unsigned slot, kr_err *err);

typedef struct kr_pipe_stage {
    kr_pipe_step run;
    bool in_order; /* one batch at a time, in batch order (a hash); else batches side by side */
} kr_pipe_stage;

#define KR_PIPE_STAGES_MAX 4

/* Runs every batch 0..batches-1 through the stages in order on two threads (the caller's and
 * one more). Stage 0 (reading) takes batches in order as ring slots free up: batch b lives in
 * slot b % slots until its last stage ends. A thread always takes the most urgent work
 * there is: an in-order stage's next batch, then a later stage before an earlier one, then a
 * new batch. On a failure the batches before the failed one are still finished, so the error
 * returned is the one of the first failing batch, as a sequential run would give it. */
bool kr_pipe_run(const kr_pipe_stage *stages, unsigned n_stages, uint64_t batches, unsigned slots, void *ctx,
                 kr_err *err);

#endif
