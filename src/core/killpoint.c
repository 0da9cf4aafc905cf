/* killpoint.c: the test facility KIROKU_TEST_KILL_AT (core.h): SIGKILL at a named phase of
 * writing an output, so that tests can kill every writing program at every phase without
 * racing it. Reads the environment only; does nothing unless the variable names the phase. */
#include "kiroku/core.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

void kr_kill_point(const char *phase)
{
    const char *at = getenv("KIROKU_TEST_KILL_AT");
    if (at && strcmp(at, phase) == 0)
        raise(SIGKILL);
}
