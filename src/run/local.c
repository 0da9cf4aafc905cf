/* local.c: the local step backend: each step a process of its own on this machine,
 * `kiroku exec-step STEPFILE RESULTFILE` with its listing and messages in the run's spool,
 * waited for, and its outcome read back: the result file when the step wrote one, else what
 * the process's end says (a signal is an abend, as on z/OS the system's completion code). A
 * step that crashes or is killed cannot take the runner or the catalog with it. */
#include "run_private.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int open_spool(const char *path, kr_err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        kr_fail(err, KR_RC_FAIL, "KRK1230E", "%s: cannot create the step's spool file: %s", path, strerror(errno));
    return fd;
}

static bool local_start(void *self, kr_run_task *t, kr_err *err)
{
    const char *program = self;
    unlink(t->resultfile);
    int out = open_spool(t->sysout, err);
    if (out < 0)
        return false;
    int msg = open_spool(t->msgs, err);
    if (msg < 0) {
        close(out);
        return false;
    }
    t->started = kr_run_now();
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
        if (t->job)
            setenv("KIROKU_JOB", t->job, 1);
        execl(program, program, "exec-step", t->stepfile, t->resultfile, (char *)NULL);
        dprintf(STDERR_FILENO, "KRK1231E cannot run %s: %s\n", program, strerror(errno));
        _exit(127);
    }
    close(out);
    close(msg);
    t->id = pid;
    return true;
}

static int local_wait(void *self, kr_run_task *t, kr_jcl_result *res, double *elapsed, kr_err *err)
{
    (void)self;
    memset(res, 0, sizeof *res);
    int status = 0;
    pid_t w = waitpid((pid_t)t->id, &status, 0);
    if (w < 0 && errno == EINTR)
        return 0;
    if (w != (pid_t)t->id) {
        kr_fail(err, KR_RC_FAIL, "KRK1231E", "cannot wait for a step's process: %s", strerror(errno));
        return -1;
    }
    *elapsed = kr_run_now() - t->started;
    if (WIFSIGNALED(status)) {
        res->status = KR_JCL_ABENDED;
        snprintf(res->abend, sizeof res->abend, "%s", kr_run_signal_abend(WTERMSIG(status)));
        return 1;
    }
    if (kr_run_read_result(t->resultfile, res))
        return 1;
    /* No result: the step could not even start (exec failed) or did not say. */
    res->status = KR_JCL_ABENDED;
    snprintf(res->abend, sizeof res->abend, "%s", WEXITSTATUS(status) == 127 ? "S806" : "S0C1");
    return 1;
}

/* Asks the step to stop; it leaves no output behind. */
static void local_cancel(void *self, kr_run_task *t)
{
    (void)self;
    kill((pid_t)t->id, SIGTERM);
}

static void local_close(void *self)
{
    (void)self;
}

void kr_run_local_open(const kr_runner *r, kr_run_backend *b)
{
    *b = (kr_run_backend){"local", (void *)r->o->self, local_start, local_wait, local_cancel, local_close};
}
