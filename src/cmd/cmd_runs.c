/* cmd_runs.c: `kiroku runs` — the run history kept in the catalog: every run, or one run
 * with its steps, return codes, elapsed times, records per DD and SHA-256 of the outputs. */
#include "cmd.h"
#include "kiroku/catalog.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void help(FILE *out)
{
    fprintf(out,
            "usage: kiroku runs [--root DIR] [show N]\n\n"
            "Lists the job runs the catalog of the data root remembers (id, job, run date, start,\n"
            "end, highest return code or abend, user, the run it restarted), or with `show N`\n"
            "one run with its steps: program, return code or abend, elapsed time, and per DD the\n"
            "data set, records and the SHA-256 of each output.\n\n"
            "  --root DIR   the data root (default: $KIROKU_ROOT)\n\n"
            "Return code: 0, or 16 when there is no such run or no catalog.\n");
}

static void stamp(char *out, size_t size, int64_t t)
{
    if (t == 0) {
        snprintf(out, size, "-");
        return;
    }
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    strftime(out, size, "%Y-%m-%d %H:%M:%S", &tm);
}

static void outcome(char *out, size_t size, const kr_run *r)
{
    if (r->abend[0])
        snprintf(out, size, "ABEND %s", r->abend);
    else if (r->end == 0)
        snprintf(out, size, "(no end)");
    else
        snprintf(out, size, "RC %04d", r->maxrc);
}

static int list_runs(kr_catalog *c)
{
    kr_run *runs;
    size_t n;
    kr_err err;
    if (!kr_run_list(c, &runs, &n, &err)) {
        fprintf(stderr, "%s\n", err.text);
        return KR_RC_FAIL;
    }
    printf("%-6s %-8s %-10s %-19s %-19s %-10s %-12s %s\n", "RUN", "JOB", "RUN-DATE", "START", "END", "RESULT",
           "USER", "RESTART-OF");
    for (size_t i = 0; i < n; i++) {
        char s[32], e[32], o[32];
        stamp(s, sizeof s, runs[i].start);
        stamp(e, sizeof e, runs[i].end);
        outcome(o, sizeof o, &runs[i]);
        printf("%-6" PRIu64 " %-8s %-10s %-19s %-19s %-10s %-12s ", runs[i].id, runs[i].job, runs[i].date, s, e, o,
               runs[i].user);
        if (runs[i].restart_of)
            printf("%" PRIu64 "\n", runs[i].restart_of);
        else
            printf("-\n");
    }
    printf("KRK1353I %zu run%s\n", n, n == 1 ? "" : "s");
    kr_runs_free(runs, n);
    return KR_RC_OK;
}

static int show_run(kr_catalog *c, const char *arg)
{
    uint64_t id;
    if (!cmd_parse_count(arg, &id))
        return cmd_usage_error("runs", "show takes a run number");
    kr_run r;
    kr_err err;
    int found = kr_run_get(c, id, &r, &err);
    if (found < 0) {
        fprintf(stderr, "%s\n", err.text);
        return KR_RC_FAIL;
    }
    if (found == 0) {
        fprintf(stderr, "KRK1351E the catalog has no run %" PRIu64 "; `kiroku runs` lists them\n", id);
        return KR_RC_ENV;
    }
    char s[32], e[32], o[32];
    stamp(s, sizeof s, r.start);
    stamp(e, sizeof e, r.end);
    outcome(o, sizeof o, &r);
    printf("RUN %" PRIu64 "  JOB %s  %s\n", r.id, r.job, o);
    printf("  JCL        %s\n  RUN-DATE   %s\n  USER       %s\n  START      %s\n  END        %s\n", r.jcl, r.date,
           r.user, s, e);
    if (r.restart_of)
        printf("  RESTART-OF %" PRIu64 "\n", r.restart_of);
    for (size_t i = 0; i < r.n_steps; i++) {
        const kr_run_step *st = &r.steps[i];
        char res[32];
        if (!st->ran && strcmp(st->abend, "JCLERR") == 0)
            snprintf(res, sizeof res, "JCL ERROR"); /* the runner could not allocate its data sets */
        else if (!st->ran)
            snprintf(res, sizeof res, "FLUSH");
        else if (st->abend[0])
            snprintf(res, sizeof res, "ABEND %s", st->abend);
        else
            snprintf(res, sizeof res, "RC %04d", st->rc);
        printf("  STEP %-17s PGM=%-8s %-11s %" PRIu64 ".%03" PRIu64 "s\n", st->name, st->program, res,
               st->elapsed_ms / 1000, st->elapsed_ms % 1000);
        for (size_t k = 0; k < st->n_dds; k++) {
            const kr_run_dd *d = &st->dds[k];
            printf("    %-8s %-3s %-44s %10" PRIu64 " records%s%s\n", d->ddname, d->output ? "OUT" : "IN",
                   d->dsn[0] ? d->dsn : "-", d->records, d->sha256[0] ? "  sha256 " : "", d->sha256);
        }
    }
    kr_run_free(&r);
    return KR_RC_OK;
}

int cmd_runs(int argc, char **argv)
{
    static const struct option opts[] = {{"root", required_argument, NULL, 'r'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *root = NULL;
    int ch;
    optind = 0;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (ch) {
        case 'r': root = optarg; break;
        case 'h': help(stdout); return KR_RC_OK;
        default: return cmd_usage_error("runs", "unknown option");
        }
    }
    bool show = optind < argc && strcmp(argv[optind], "show") == 0;
    if (show ? optind + 2 != argc : optind != argc)
        return cmd_usage_error("runs", "write `kiroku runs` or `kiroku runs show N`");
    if (!(root = cmd_data_root(root, "runs")))
        return KR_RC_ENV;
    kr_catalog *c = cmd_open_catalog(root, true);
    if (!c)
        return KR_RC_ENV;
    int rc = show ? show_run(c, argv[optind + 1]) : list_runs(c);
    kr_catalog_close(c);
    return rc;
}
