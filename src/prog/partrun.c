/* partrun.c: a partitioned SORT on this machine (`kiroku sort --partitions n`, `EXEC
 * PGM=SORT,PARM='PARTITIONS=n'` when the runner does not split the step itself): the pieces
 * of kr_partplan_build run as child processes, the RANGE sorts side by side, each with its
 * listing and messages in the work folder; the listing shown is CONCAT's, a failed piece's
 * own listing and messages are shown instead. The work folder goes whatever the outcome. */
#include "kiroku/program.h"
#include "kiroku/sort.h"
#include "prog.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct piece {
    kr_step *st;
    pid_t pid;
    char *listing, *msgs;
    int rc;
    int signal;
} piece;

static pid_t start_piece(piece *p, const char *dir)
{
    p->listing = kr_xasprintf("%s/%s.listing", dir, p->st->name);
    p->msgs = kr_xasprintf("%s/%s.msg", dir, p->st->name);
    fflush(NULL);
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    FILE *out = fopen(p->listing, "w"), *msg = fopen(p->msgs, "w");
    if (!out || !msg)
        _exit(KR_RC_FAIL);
    p->st->sysout = out;
    p->st->msg = msg;
    int rc = kr_program_run(p->st);
    fclose(out);
    fclose(msg);
    fflush(NULL);
    _exit(rc > 255 ? 255 : rc);
}

static void wait_piece(piece *p)
{
    int status = 0;
    while (waitpid(p->pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (WIFSIGNALED(status)) {
        p->signal = WTERMSIG(status);
        p->rc = KR_RC_FAIL;
    } else
        p->rc = WEXITSTATUS(status);
}

/* Runs pieces [from, to) with at most `width` at a time; the highest return code. */
static int run_group(piece *ps, size_t from, size_t to, size_t width, const char *dir, kr_step *sort)
{
    int rc = 0;
    size_t next = from, running = 0, done = from;
    while (done < to) {
        while (next < to && running < width) {
            ps[next].pid = start_piece(&ps[next], dir);
            if (ps[next].pid < 0) {
                kr_prog_fail_text(sort, KR_RC_FAIL, "KRK1860E", "step %s: cannot start the piece %s: %s", sort->name,
                                  ps[next].st->name, strerror(errno));
                ps[next].rc = KR_RC_FAIL;
                ps[next].pid = 0;
            } else
                running++;
            next++;
        }
        /* Pieces end in any order; wait for them in the order they started. */
        if (ps[done].pid > 0) {
            wait_piece(&ps[done]);
            running--;
        }
        if (ps[done].rc > rc)
            rc = ps[done].rc;
        done++;
    }
    return rc;
}

int kr_sort_partitioned(kr_step *sort, unsigned parts)
{
    const char *tmp = sort->tmpdir ? sort->tmpdir : getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char *dir = kr_xasprintf("%s/kiroku-part-%ld-XXXXXX", tmp, (long)getpid());
    if (!mkdtemp(dir)) {
        int rc = kr_prog_fail_text(sort, KR_RC_FAIL, "KRK1861E", "step %s: cannot create the partitioned sort's "
                                   "work folder in %s: %s", sort->name, tmp, strerror(errno));
        free(dir);
        return rc;
    }
    kr_partplan plan;
    kr_partplan_build(sort, parts, dir, &plan);
    size_t width = kr_partplan_share(&plan, sort);
    piece *ps = kr_xcalloc(plan.n_steps, sizeof *ps);
    for (size_t i = 0; i < plan.n_steps; i++)
        ps[i].st = &plan.steps[i];
    int rc = 0;
    size_t shown = plan.n_steps - 1, ran = 0;
    size_t groups[][2] = {{0, 1}, {1, 2}, {2, 2 + parts}, {2 + parts, 3 + parts}};
    for (size_t g = 0; g < 4; g++) {
        int grc = run_group(ps, groups[g][0], groups[g][1], g == 2 ? width : 1, dir, sort);
        ran = groups[g][1];
        if (grc > rc)
            rc = grc;
        if (grc >= KR_RC_FAIL) {
            for (size_t i = groups[g][0]; i < groups[g][1]; i++)
                if (ps[i].rc >= KR_RC_FAIL) {
                    shown = i;
                    break;
                }
            break;
        }
    }
    /* Every piece's messages, then the listing of CONCAT or of the piece that failed. */
    for (size_t i = 0; i < ran; i++) {
        if (ps[i].msgs)
            kr_copy_file_to(ps[i].msgs, sort->msg);
        if (ps[i].signal)
            kr_prog_fail_text(sort, KR_RC_FAIL, "KRK1862E", "step %s: the piece %s ended by signal %d (%s)", sort->name,
                              ps[i].st->name, ps[i].signal, strsignal(ps[i].signal));
    }
    if (ps[shown].listing)
        kr_copy_file_to(ps[shown].listing, sort->sysout);
    fflush(sort->sysout);
    for (size_t i = 0; i < plan.n_steps; i++) {
        free(ps[i].listing);
        free(ps[i].msgs);
    }
    free(ps);
    kr_partplan_free(&plan);
    kr_remove_path(dir);
    free(dir);
    return rc;
}
