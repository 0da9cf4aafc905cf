/* hasher.h: SHA-256 and a line count of a stream of buffers on a thread of its own, so that
 * sealing hashes on one core while it encrypts on the other (private to src/secure). */
#ifndef KIROKU_SECURE_HASHER_H
#define KIROKU_SECURE_HASHER_H

#include "kiroku/secure.h"

typedef struct kr_hasher kr_hasher;

kr_hasher *kr_hasher_start(kr_err *err);
/* Hands over n bytes (they must stay unchanged until kr_hasher_wait(ticket) returns);
 * returns the ticket. Blocks while four buffers are pending. */
uint64_t kr_hasher_post(kr_hasher *h, const unsigned char *data, size_t n);
/* Waits until the buffer with this ticket (and every one before it) is hashed. */
void kr_hasher_wait(kr_hasher *h, uint64_t ticket);
/* Waits for everything, gives the digest and the number of LF bytes, ends the thread. */
bool kr_hasher_finish(kr_hasher *h, unsigned char digest[KR_DIGEST_BYTES], uint64_t *lines, kr_err *err);
/* Ends the thread without a result (on an error path). Safe on NULL. */
void kr_hasher_stop(kr_hasher *h);

#endif
