/* main.c: the `kiroku` command: global options and dispatch to a subcommand. */
#include "cmd/cmd.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* The only process-wide state: a request to stop, set by a signal. */
volatile sig_atomic_t kr_main_cancel = 0;

static void on_signal(int sig)
{
    (void)sig;
    kr_main_cancel = 1;
}

static void usage(FILE *out)
{
    fprintf(out, "usage: kiroku COMMAND [OPTIONS] [ARGS]\n"
                 "       kiroku --help | --version | COMMAND --help\n\n"
                 "kiroku is a fixed-record batch engine: record layouts, sort/merge/match,\n"
                 "job streams, for Japanese municipal data in CP932 and UTF-8.\n\ncommands:\n");
    for (const kr_command *c = kr_commands; c->name; c++)
        fprintf(out, "  %-10s %s\n", c->name, c->summary);
    fprintf(out, "\nReturn codes: 0 done, 4 warnings, 8 records rejected, 12 the step could not\n"
                 "finish, 16 the control statements, the layout or the environment are wrong.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return KR_RC_ENV;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return KR_RC_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("kiroku %s\n", KIROKU_VERSION);
        return KR_RC_OK;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* A file size limit (ulimit -f) is an error like a full disk: write(2) fails with EFBIG
     * and the writer reports it, instead of the process dying of SIGXFSZ without a word. */
    signal(SIGXFSZ, SIG_IGN);
    for (const kr_command *c = kr_commands; c->name; c++)
        if (strcmp(c->name, cmd) == 0) {
            int rc = c->run(argc - 1, argv + 1);
            if (fflush(stdout) != 0 && rc < KR_RC_FAIL) {
                fprintf(stderr, "KRK0003E cannot write to standard output\n");
                rc = KR_RC_FAIL;
            }
            return rc;
        }
    fprintf(stderr, "KRK0002E kiroku: unknown command '%s' (see 'kiroku --help')\n", cmd);
    return KR_RC_ENV;
}
