/* slurm_submit.c: what the Slurm backend submits for a step: the batch script that runs
 * `kiroku exec-step` and records how the step ended in the run's shared work folder, and
 * sbatch's command line (the job's name, REGION= as --mem, CORES= as --cpus-per-task, TIME=
 * as --time, the partition and account, no requeue: a restart is kiroku's). */
#include "slurm.h"

#include <stdlib.h>
#include <string.h>

bool kr_slurm_mem(const char *region, size_t memory, char out[32])
{
    if (!region)
        return false;
    if (memory == 0)
        snprintf(out, 32, "0");
    else
        snprintf(out, 32, "%zuM", (memory + (1u << 20) - 1) >> 20);
    return true;
}

static void add_arg(char ***argv, size_t *n, char *arg)
{
    *argv = kr_xrealloc(*argv, (*n + 2) * sizeof **argv);
    (*argv)[(*n)++] = arg;
    (*argv)[*n] = NULL;
}

char **kr_slurm_sbatch_argv(const kr_slurm_submit *s, const kr_run_task *t)
{
    char **argv = NULL;
    size_t n = 0;
    add_arg(&argv, &n, kr_xstrdup("sbatch"));
    add_arg(&argv, &n, kr_xstrdup("--parsable"));
    add_arg(&argv, &n, kr_xstrdup("--no-requeue"));
    add_arg(&argv, &n, kr_xasprintf("--job-name=%s.%s", s->job, t->label));
    add_arg(&argv, &n, kr_xasprintf("--comment=kiroku run %llu step %zu", (unsigned long long)s->run, t->no));
    add_arg(&argv, &n, kr_xasprintf("--output=%s", s->out));
    add_arg(&argv, &n, kr_xasprintf("--chdir=%s", s->cwd));
    if (s->array)
        add_arg(&argv, &n, kr_xasprintf("--array=1-%u", s->array));
    if (s->partition)
        add_arg(&argv, &n, kr_xasprintf("--partition=%s", s->partition));
    if (s->account)
        add_arg(&argv, &n, kr_xasprintf("--account=%s", s->account));
    char mem[32];
    if (kr_slurm_mem(t->region, t->memory, mem))
        add_arg(&argv, &n, kr_xasprintf("--mem=%s", mem));
    if (t->cores > 0)
        add_arg(&argv, &n, kr_xasprintf("--cpus-per-task=%d", t->cores));
    if (t->time_limit) {
        char limit[24];
        kr_jcl_time_slurm(t->time_limit, limit);
        add_arg(&argv, &n, kr_xasprintf("--time=%s", limit));
    }
    add_arg(&argv, &n, kr_xstrdup(s->script));
    return argv;
}

void kr_slurm_argv_free(char **argv)
{
    for (size_t i = 0; argv && argv[i]; i++)
        free(argv[i]);
    free(argv);
}

/* A word for sh, in single quotes. */
static void put_quoted(kr_buf *b, const char *s)
{
    kr_buf_addc(b, '\'');
    for (; *s; s++)
        if (*s == '\'')
            kr_buf_adds(b, "'\\''");
        else
            kr_buf_addc(b, *s);
    kr_buf_addc(b, '\'');
}

/* The script's head: a comment, the cancel trap, and $KIROKU_JOB, the job's name in the
 * step's audit entries (as a local step gets it, src/run/local.c). */
static void script_head(kr_buf *b, const char *what, const char *job)
{
    kr_buf_addf(b,
                "#!/bin/sh\n"
                "# kiroku: %s of job %s (kiroku run --on slurm). Runs the step from its description,\n"
                "# then writes how it ended; exits 0 unless the step ended abnormally (COND= and IF are\n"
                "# the runner's, from the step's result file).\n"
                "cancelled=0\n"
                "trap 'cancelled=1' TERM INT HUP\n"
                "KIROKU_JOB=",
                what, job);
    put_quoted(b, job);
    kr_buf_adds(b, "\nexport KIROKU_JOB\n");
}

/* One task's files as the shell variables the script's tail reads. */
static void script_files(kr_buf *b, const kr_run_task *t, const char *endfile)
{
    const char *names[] = {"step", "result", "sysout", "msgs", "end"};
    const char *values[] = {t->stepfile, t->resultfile, t->sysout, t->msgs, endfile};
    for (int i = 0; i < 5; i++) {
        kr_buf_addf(b, "%s%s=", i ? " " : "", names[i]);
        put_quoted(b, values[i]);
    }
}

/* Runs exec-step on the files, writes the end file, exits as the step ended. */
static void script_tail(kr_buf *b, const char *kiroku)
{
    put_quoted(b, kiroku);
    kr_buf_adds(b, " exec-step \"$step\" \"$result\" < /dev/null > \"$sysout\" 2> \"$msgs\"\n"
                   "status=$?\n"
                   "printf 'status %d\\ncancelled %d\\n' \"$status\" \"$cancelled\" > \"$end.tmp\" && "
                   "mv -f \"$end.tmp\" \"$end\"\n"
                   "word=\n"
                   "[ -r \"$result\" ] && read -r word value < \"$result\"\n"
                   "[ \"$word\" = rc ] && [ \"$cancelled\" = 0 ] && exit 0\n"
                   "exit 1\n");
}

void kr_slurm_script(kr_buf *b, const char *kiroku, const char *job, const kr_run_task *t, const char *endfile)
{
    char *what = kr_xasprintf("step %s", t->label);
    script_head(b, what, job);
    free(what);
    script_files(b, t, endfile);
    kr_buf_addc(b, '\n');
    script_tail(b, kiroku);
}

void kr_slurm_array_script(kr_buf *b, const char *kiroku, const char *job, const kr_run_task *tasks,
                           const char *const *endfiles, size_t n)
{
    script_head(b, "a job array of steps (each task the one of its SLURM_ARRAY_TASK_ID)", job);
    kr_buf_adds(b, "case \"$SLURM_ARRAY_TASK_ID\" in\n");
    for (size_t i = 0; i < n; i++) {
        kr_buf_addf(b, "%zu) ", i + 1);
        script_files(b, &tasks[i], endfiles[i]);
        kr_buf_adds(b, " ;;\n");
    }
    kr_buf_adds(b, "*) echo \"kiroku: no step for array task $SLURM_ARRAY_TASK_ID\" >&2; exit 1 ;;\nesac\n");
    script_tail(b, kiroku);
}
