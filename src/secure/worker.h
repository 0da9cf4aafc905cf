/* worker.h: a second thread that runs one step on each batch handed to it, in the order
 * handed, so that SEAL and UNSEAL split their work over two cores (private to src/secure). */
#ifndef KIROKU_SECURE_WORKER_H
#define KIROKU_SECURE_WORKER_H

#include "kiroku/secure.h"

/* The step the thread runs on one batch of n bytes; false (with err set) stops the work. */
typedef bool (*kr_worker_step)(void *ctx, unsigned char *batch, size_t n, kr_err *err);

typedef struct kr_worker kr_worker;

kr_worker *kr_worker_start(kr_worker_step step, void *ctx, kr_err *err);
/* Hands over a batch (untouched by the caller until kr_worker_wait(ticket) returns); returns
 * its ticket. Blocks while four batches are pending. */
uint64_t kr_worker_post(kr_worker *w, unsigned char *batch, size_t n);
/* Waits until the batch with this ticket (and every one before it) is done; false with the
 * step's error once a step failed. */
bool kr_worker_wait(kr_worker *w, uint64_t ticket, kr_err *err);
/* Waits for every batch and ends the thread; false with the step's error if one failed. */
bool kr_worker_finish(kr_worker *w, kr_err *err);
/* Ends the thread without waiting for a result (on an error path). Safe on NULL. */
void kr_worker_stop(kr_worker *w);

#endif
