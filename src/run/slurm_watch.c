/* slurm_watch.c: what the Slurm backend believes about a step's job: squeue's answers read,
 * an end believed only when two answers in a row say so, the abend of a job that ended
 * without a word, and the step's outcome from the files its batch script wrote. */
#include "slurm.h"

#include <stdlib.h>
#include <string.h>

static bool is_final(const char *state)
{
    static const char *const finals[] = {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY",
                                         "BOOT_FAIL", "DEADLINE", "PREEMPTED", "SPECIAL_EXIT", "REVOKED"};
    for (size_t i = 0; i < sizeof finals / sizeof finals[0]; i++)
        if (strcmp(state, finals[i]) == 0)
            return true;
    return false;
}

bool kr_slurm_reason_hopeless(const char *reason)
{
    static const char *const exact[] = {"BadConstraints", "PartitionConfig", "InvalidAccount", "InvalidQOS",
                                        "AccountNotAllowed", "QOSNotAllowed", "DependencyNeverSatisfied",
                                        "PartitionTimeLimit"};
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
        if (strcmp(reason, exact[i]) == 0)
            return true;
    return strncmp(reason, "AssocMax", 8) == 0 || strncmp(reason, "QOSMax", 6) == 0;
}

kr_slurm_seen kr_slurm_parse_squeue(int status, const char *out, const char *errtext, long id, unsigned task,
                                    char state[24], char reason[40])
{
    state[0] = '\0';
    reason[0] = '\0';
    if (status != 0)
        /* squeue -j of a job the controller has forgotten fails with this text. */
        return errtext && strstr(errtext, "Invalid job id") ? KR_SLURM_ABSENT : KR_SLURM_UNKNOWN;
    for (const char *line = out; line && *line;) {
        char *end;
        long got = strtol(line, &end, 10);
        /* An array's task is "ID_TASK" (squeue -r lists each task on a line of its own). */
        if (end != line && got == id && task && *end == '_') {
            char *after;
            unsigned long t = strtoul(end + 1, &after, 10);
            end = t == task && after != end + 1 ? after : (char *)line;
        }
        if (end != line && got == id && *end == ' ') {
            const char *p = end + 1;
            size_t n = strcspn(p, " \n");
            snprintf(state, 24, "%.*s", (int)(n < 23 ? n : 23), p);
            if (p[n] == ' ') {
                size_t m = strcspn(p + n + 1, " \n");
                snprintf(reason, 40, "%.*s", (int)(m < 39 ? m : 39), p + n + 1);
            }
            return is_final(state) ? KR_SLURM_ENDED : KR_SLURM_ACTIVE;
        }
        const char *nl = strchr(line, '\n');
        line = nl ? nl + 1 : NULL;
    }
    /* A listing without the job: gone from the controller's memory. */
    return KR_SLURM_ABSENT;
}

bool kr_slurm_watch_answer(kr_slurm_watch *w, kr_slurm_seen seen, const char *state, const char *reason, double now)
{
    if (w->ended)
        return true;
    if (seen == KR_SLURM_UNKNOWN)
        return false;
    snprintf(w->state, sizeof w->state, "%s", state ? state : "");
    snprintf(w->reason, sizeof w->reason, "%s", reason ? reason : "");
    if (seen == KR_SLURM_ACTIVE) {
        w->in_a_row = 0;
        bool hopeless = strcmp(w->state, "PENDING") == 0 && kr_slurm_reason_hopeless(w->reason);
        w->hopeless_in_a_row = hopeless ? w->hopeless_in_a_row + 1 : 0;
        if (w->hopeless_in_a_row >= KR_SLURM_CONFIRM)
            w->hopeless = true;
        return false;
    }
    w->hopeless_in_a_row = 0;
    if (++w->in_a_row >= KR_SLURM_CONFIRM) {
        w->ended = true;
        w->ended_at = now;
    }
    return w->ended;
}

const char *kr_slurm_state_abend(const char *state)
{
    if (strcmp(state, "CANCELLED") == 0)
        return "S222";
    if (strcmp(state, "TIMEOUT") == 0 || strcmp(state, "DEADLINE") == 0)
        return "S322";
    if (strcmp(state, "OUT_OF_MEMORY") == 0)
        return "S878";
    return "S0F3";
}

void kr_slurm_outcome(int status, bool cancelled, const kr_jcl_result *written, kr_jcl_result *res)
{
    memset(res, 0, sizeof *res);
    res->status = KR_JCL_ABENDED;
    if (written && written->status == KR_JCL_ABENDED)
        *res = *written;
    else if (cancelled)
        snprintf(res->abend, sizeof res->abend, "S222");
    else if (status > 128)
        snprintf(res->abend, sizeof res->abend, "%s", kr_run_signal_abend(status - 128));
    else if (written && written->status == KR_JCL_ENDED)
        *res = *written;
    else
        snprintf(res->abend, sizeof res->abend, "%s", status == 127 ? "S806" : "S0C1");
}
