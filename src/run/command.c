/* command.c: one external command run to its end with its output gathered: the Slurm
 * backend's sbatch, squeue and scancel. The command gets /dev/null as standard input and a
 * process group of its own, so that a Ctrl-C at the terminal reaches the runner, which
 * decides what to cancel, and not the command half-way through a submission. */
#include "slurm.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* Reads what is ready on fd into b; false at its end. */
static bool drain(int fd, kr_buf *b)
{
    char chunk[4096];
    ssize_t got = read(fd, chunk, sizeof chunk);
    if (got < 0 && (errno == EINTR || errno == EAGAIN))
        return true;
    if (got <= 0)
        return false;
    kr_buf_add(b, chunk, (size_t)got);
    return true;
}

static int cloexec_pipe(int fds[2])
{
    if (pipe(fds) != 0)
        return -1;
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    return 0;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int kr_run_command(char *const argv[], double timeout, kr_buf *out, kr_buf *errout, kr_err *err)
{
    int po[2], pe[2];
    if (cloexec_pipe(po) != 0) {
        kr_fail(err, KR_RC_ENV, "KRK1801E", "cannot run %s: %s", argv[0], strerror(errno));
        return -1;
    }
    if (cloexec_pipe(pe) != 0) {
        close(po[0]);
        close(po[1]);
        kr_fail(err, KR_RC_ENV, "KRK1801E", "cannot run %s: %s", argv[0], strerror(errno));
        return -1;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, po[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&fa, pe[1], STDERR_FILENO);
    posix_spawnattr_t at;
    posix_spawnattr_init(&at);
    posix_spawnattr_setpgroup(&at, 0);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&at, &none);
    sigset_t dfl;
    sigemptyset(&dfl);
    sigaddset(&dfl, SIGINT);
    sigaddset(&dfl, SIGTERM);
    posix_spawnattr_setsigdefault(&at, &dfl);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t pid;
    int e = posix_spawnp(&pid, argv[0], &fa, &at, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    close(po[1]);
    close(pe[1]);
    if (e != 0) {
        close(po[0]);
        close(pe[0]);
        kr_fail(err, KR_RC_ENV, "KRK1801E", "cannot run %s: %s (is Slurm's client installed and on PATH?)", argv[0],
                strerror(e));
        return -1;
    }
    struct pollfd fds[2] = {{po[0], POLLIN, 0}, {pe[0], POLLIN, 0}};
    kr_buf *bufs[2] = {out, errout};
    int open_fds = 2;
    double deadline = now_seconds() + timeout;
    bool timed_out = false;
    while (open_fds > 0) {
        double left = deadline - now_seconds();
        if (left <= 0) {
            /* A command that hangs (a controller that never answers) must not hang the runner. */
            kill(pid, SIGKILL);
            timed_out = true;
            break;
        }
        int ready = poll(fds, 2, (int)(left * 1000) + 1);
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready < 0)
            break;
        for (int i = 0; i < 2; i++)
            if (fds[i].fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) && !drain(fds[i].fd, bufs[i])) {
                close(fds[i].fd);
                fds[i].fd = -1;
                open_fds--;
            }
    }
    for (int i = 0; i < 2; i++)
        if (fds[i].fd >= 0)
            close(fds[i].fd);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            kr_fail(err, KR_RC_ENV, "KRK1801E", "cannot wait for %s: %s", argv[0], strerror(errno));
            return -1;
        }
    if (timed_out) {
        kr_fail(err, KR_RC_ENV, "KRK1801E", "%s gave no answer in %.0f seconds; stopped", argv[0], timeout);
        return -1;
    }
    /* The texts end with a NUL for the callers that read them as strings. */
    kr_buf_addc(out, '\0');
    out->len--;
    kr_buf_addc(errout, '\0');
    errout->len--;
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}
