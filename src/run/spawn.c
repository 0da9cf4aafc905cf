/* spawn.c: one step as a process of its own: `kiroku exec-step STEPFILE RESULTFILE` with its
 * listing and messages in the run's spool, waited for, and its outcome read back: the
 * result file when the step wrote one, else what the process's end says (a signal is an
 * abend, as on z/OS the system's completion code). A step that crashes or is killed cannot
 * take the runner or the catalog with it. */
#include "run_private.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Reads "rc N" or "abend CODE". */
static bool read_result(const char *path, kr_jcl_result *r)
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

static int open_spool(const char *path, kr_err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        kr_fail(err, KR_RC_FAIL, "KRK1230E", "%s: cannot create the step's spool file: %s", path, strerror(errno));
    return fd;
}

bool kr_run_spawn(const kr_runner *r, const char *stepfile, const char *resultfile, const char *sysout,
                  const char *msgs, kr_jcl_result *res, double *elapsed, kr_err *err)
{
    memset(res, 0, sizeof *res);
    unlink(resultfile);
    int out = open_spool(sysout, err);
    if (out < 0)
        return false;
    int msg = open_spool(msgs, err);
    if (msg < 0) {
        close(out);
        return false;
    }
    double t0 = now_seconds();
    pid_t pid = fork();
    if (pid < 0) {
        close(out);
        close(msg);
        return kr_fail(err, KR_RC_FAIL, "KRK1231E", "cannot start a step's process: %s", strerror(errno));
    }
    if (pid == 0) {
        /* The child: the step's streams, default signals, then the program. */
        dup2(out, STDOUT_FILENO);
        dup2(msg, STDERR_FILENO);
        int in = open("/dev/null", O_RDONLY);
        if (in >= 0)
            dup2(in, STDIN_FILENO);
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        execl(r->o->self, r->o->self, "exec-step", stepfile, resultfile, (char *)NULL);
        dprintf(STDERR_FILENO, "KRK1231E cannot run %s: %s\n", r->o->self, strerror(errno));
        _exit(127);
    }
    close(out);
    close(msg);
    int status = 0;
    bool forwarded = false;
    for (;;) {
        pid_t w = waitpid(pid, &status, 0);
        if (w == pid)
            break;
        if (w < 0 && errno != EINTR)
            return kr_fail(err, KR_RC_FAIL, "KRK1231E", "cannot wait for a step's process: %s", strerror(errno));
        /* Interrupted by a signal: ask the step to stop; it leaves no output behind. */
        if (r->o->cancel && *r->o->cancel && !forwarded) {
            kill(pid, SIGTERM);
            forwarded = true;
        }
    }
    *elapsed = now_seconds() - t0;
    if (WIFSIGNALED(status)) {
        res->status = KR_JCL_ABENDED;
        snprintf(res->abend, sizeof res->abend, "%s", kr_run_signal_abend(WTERMSIG(status)));
        return true;
    }
    if (read_result(resultfile, res))
        return true;
    /* No result: the step could not even start (exec failed) or did not say. */
    res->status = KR_JCL_ABENDED;
    snprintf(res->abend, sizeof res->abend, "%s", WEXITSTATUS(status) == 127 ? "S806" : "S0C1");
    return true;
}
