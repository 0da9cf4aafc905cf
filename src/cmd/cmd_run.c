/* cmd_run.c: `kiroku run` — runs a JCL job stream (src/run): the job log on standard error,
 * the summary of the steps on standard output. */
#include "cmd.h"
#include "kiroku/calendar.h"
#include "kiroku/run.h"

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void help(FILE *out)
{
    fprintf(out,
            "usage: kiroku run JCL [--root DIR] [--date YYYY-MM-DD] [--restart STEP|*] [--proclib DIR]...\n"
            "                  [--no-wait] [--json] [--no-timing] [--on local|slurm] [--partition P]\n"
            "                  [--account A] [--grace SECONDS] [--each DSN] [NAME=VALUE]...\n\n"
            "Runs a job stream: every step as a process of its own, data sets under the data root\n"
            "through the catalog (DISP, generation data groups, temporaries), COND= and IF/THEN/ELSE\n"
            "on return codes, the job log (JES2 style) on standard error and in the run's spool,\n"
            "a summary of the steps on standard output. See docs/JCL.md.\n\n"
            "  --root DIR           the data root (default $KIROKU_ROOT)\n"
            "  --date YYYY-MM-DD    the run date (default today): &RUNDATE, &PREVBD, DATE1, ...\n"
            "  --restart STEP       restart the job's last run at STEP (STEP.PROCSTEP), or '*' at the\n"
            "                       step where it failed; earlier steps' results and generations\n"
            "                       come from the catalog\n"
            "  --proclib DIR        look for cataloged procedures there (after procs/ beside the job)\n"
            "  --no-wait            fail at once when another job holds a data set (default: wait)\n"
            "  --json               the summary as JSON\n"
            "  --no-timing          elapsed times shown as '-' (runs compare equal)\n"
            "  --on local|slurm     where the steps run: processes of this machine (default), or one\n"
            "                       Slurm job each (sbatch), the runner waiting here; see docs/SCALE.md\n"
            "  --partition P        Slurm: the partition of the steps' jobs\n"
            "  --account A          Slurm: the account they are charged to\n"
            "  --grace SECONDS      Slurm: how long a step's result may take to appear on the shared\n"
            "                       file system after its job ended (default 120)\n"
            "  --each DSN           run the job once per data record of the cataloged data set DSN,\n"
            "                       its fields (by its layout's names) as symbols: CITY=01 HOKEN=..;\n"
            "                       each run a job of its own; one that fails does not stop the next\n"
            "  NAME=VALUE           a symbol for the job (&NAME.), as // SET would\n\n"
            "Return code: the highest step return code; 16 the JCL is wrong or a data set could not\n"
            "be allocated (nothing ran, or the job stopped there); 20 a step ended abnormally.\n");
}

int cmd_run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"root", required_argument, NULL, 'r'},    {"date", required_argument, NULL, 'd'},
        {"restart", required_argument, NULL, 'R'}, {"proclib", required_argument, NULL, 'p'},
        {"no-wait", no_argument, NULL, 'W'},       {"json", no_argument, NULL, 'J'},
        {"no-timing", no_argument, NULL, 'N'},     {"help", no_argument, NULL, 'h'},
        {"on", required_argument, NULL, 'o'},      {"partition", required_argument, NULL, 'P'},
        {"account", required_argument, NULL, 'A'}, {"grace", required_argument, NULL, 'G'},
        {"each", required_argument, NULL, 'E'},
        {NULL, 0, NULL, 0}};
    kr_run_opts o;
    memset(&o, 0, sizeof o);
    o.root = getenv("KIROKU_ROOT");
    o.wait = true;
    o.log = stderr;
    o.out = stdout;
    o.cancel = &kr_main_cancel;
    o.grace = 120;
    const char **procs = NULL;
    const char *each = NULL;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'r': o.root = optarg; break;
        case 'd':
            if (!kr_cal_parse_date(optarg, &o.run_date)) {
                free(procs);
                return cmd_usage_error("run", "--date takes a calendar date as YYYY-MM-DD, not '%s'", optarg);
            }
            break;
        case 'R': o.restart = optarg; break;
        case 'p':
            procs = kr_xrealloc(procs, (o.n_proc_dirs + 1) * sizeof *procs);
            procs[o.n_proc_dirs++] = optarg;
            break;
        case 'W': o.wait = false; break;
        case 'J': o.json = true; break;
        case 'N': o.no_timing = true; break;
        case 'o':
            if (strcmp(optarg, "local") != 0 && strcmp(optarg, "slurm") != 0) {
                free(procs);
                return cmd_usage_error("run", "--on takes local or slurm, not '%s'", optarg);
            }
            o.on = strcmp(optarg, "slurm") == 0 ? KR_RUN_ON_SLURM : KR_RUN_ON_LOCAL;
            break;
        case 'P': o.partition = optarg; break;
        case 'E': each = optarg; break;
        case 'A': o.account = optarg; break;
        case 'G': {
            char *end;
            long g = strtol(optarg, &end, 10);
            if (*end || end == optarg || g < 0 || g > 86400) {
                free(procs);
                return cmd_usage_error("run", "--grace takes seconds (0-86400), not '%s'", optarg);
            }
            o.grace = (int)g;
            break;
        }
        case 'h': help(stdout); free(procs); return KR_RC_OK;
        default: free(procs); return cmd_usage_error("run", "unknown option");
        }
    }
    o.proc_dirs = procs;
    /* The job's file, then symbols; options may also follow the file. */
    const char **syms = NULL;
    int rc = KR_RC_OK;
    for (int i = optind; i < argc && rc == KR_RC_OK; i++) {
        if (strchr(argv[i], '=') && argv[i][0] != '-') {
            syms = kr_xrealloc(syms, (o.n_symbols + 1) * sizeof *syms);
            syms[o.n_symbols++] = argv[i];
        } else if (!o.jcl)
            o.jcl = argv[i];
        else
            rc = cmd_usage_error("run", "one JCL file at a time ('%s' is a second)", argv[i]);
    }
    o.symbols = syms;
    if (rc == KR_RC_OK && !o.jcl)
        rc = cmd_usage_error("run", "give the job's JCL file");
    if (rc == KR_RC_OK && o.on != KR_RUN_ON_SLURM && (o.partition || o.account))
        rc = cmd_usage_error("run", "--partition and --account are for --on slurm");
    if (rc == KR_RC_OK && each && o.restart)
        rc = cmd_usage_error("run", "--restart restarts one job: give its symbols (CITY=nn) instead of --each");
    if (rc == KR_RC_OK && (!o.root || !*o.root))
        rc = cmd_usage_error("run", "give the data root: --root DIR or KIROKU_ROOT");
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (rc == KR_RC_OK && n <= 0) {
        fprintf(stderr, "KRK1237E cannot find the kiroku program itself (/proc/self/exe)\n");
        rc = KR_RC_ENV;
    }
    if (rc == KR_RC_OK) {
        self[n] = '\0';
        o.self = self;
        if (!o.run_date)
            o.run_date = cmd_today();
        kr_run_result res;
        rc = each ? kr_run_each(&o, each, &res) : kr_run_job(&o, &res);
    }
    free(syms);
    free(procs);
    return rc;
}
