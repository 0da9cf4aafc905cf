/* result.c: what every backend shares about a step's end: the result file `kiroku
 * exec-step` writes ("rc N" or "abend CODE"), the abend a signal means, and the clock. */
#include "run_private.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *kr_run_signal_abend(int sig)
{
    switch (sig) {
    case SIGKILL:
    case SIGTERM:
    case SIGINT:
    case SIGHUP: return "S222";   /* cancelled by the operator */
    case SIGSEGV:
    case SIGBUS: return "S0C4";   /* protection exception */
    case SIGILL: return "S0C1";   /* operation exception */
    case SIGFPE: return "S0CB";   /* decimal divide exception */
    case SIGXFSZ: return "SB37";  /* out of space */
    case SIGXCPU: return "S322";  /* time limit */
    case SIGABRT: return "S878";  /* an abort: most often KRK0001S, out of memory */
    default: return "S0C1";
    }
}

double kr_run_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

bool kr_run_read_result(const char *path, kr_jcl_result *r)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    char word[16], value[16];
    bool ok = fscanf(f, "%15s %15s", word, value) == 2;
    fclose(f);
    if (ok && strcmp(word, "rc") == 0) {
        r->status = KR_JCL_ENDED;
        r->rc = atoi(value);
    } else if (ok && strcmp(word, "abend") == 0 && strlen(value) <= 5) {
        r->status = KR_JCL_ABENDED;
        strcpy(r->abend, value);
    } else
        ok = false;
    return ok;
}
