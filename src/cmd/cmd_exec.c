/* cmd_exec.c: `kiroku exec-step STEPFILE [RESULTFILE]` — runs one job step from its
 * description (src/prog/stepfile.c) as a process of its own: the listing on standard output,
 * messages on standard error, and the outcome written to RESULTFILE ("rc N" or "abend CODE")
 * for the runner that started it. The job-stream runner starts it; so can a cluster node. */
#include "cmd.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Writes the result file atomically (the runner never reads half of one). */
static bool write_result(const char *path, const kr_step *st, int rc)
{
    char *tmp = kr_xasprintf("%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    bool ok = f != NULL;
    if (ok) {
        if (st->abend[0])
            fprintf(f, "abend %s\n", st->abend);
        else
            fprintf(f, "rc %d\n", rc);
        ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
        ok = fclose(f) == 0 && ok;
    }
    ok = ok && rename(tmp, path) == 0;
    if (!ok) {
        fprintf(stderr, "KRK1222E %s: cannot write the step's result: %s\n", path, strerror(errno));
        remove(tmp);
    }
    free(tmp);
    return ok;
}

int cmd_exec_step(int argc, char **argv)
{
    if (argc < 2 || argc > 3 || strcmp(argv[1], "--help") == 0) {
        fprintf(argc == 2 ? stdout : stderr,
                "usage: kiroku exec-step STEPFILE [RESULTFILE]\n\n"
                "Runs one job step from its description, as the job-stream runner does for each step.\n");
        return argc == 2 ? KR_RC_OK : KR_RC_ENV;
    }
    kr_step st;
    kr_err err;
    if (!kr_step_load(&st, argv[1], &err)) {
        fprintf(stderr, "%s\n", err.text);
        return KR_RC_ENV;
    }
    st.sysout = stdout;
    st.msg = stderr;
    st.cancel = &kr_main_cancel;
    int rc = kr_program_run(&st);
    if (fflush(stdout) != 0 && rc < KR_RC_FAIL) {
        fprintf(stderr, "KRK0003E cannot write the listing to standard output: %s\n", strerror(errno));
        rc = KR_RC_FAIL;
    }
    if (argc == 3 && !write_result(argv[2], &st, rc) && rc < KR_RC_FAIL)
        rc = KR_RC_FAIL;
    kr_step_free(&st);
    return rc > 255 ? 255 : rc;
}
