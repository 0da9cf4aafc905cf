/* cmd_schedule.c: `kiroku schedule` — the run dates of a job stream's schedule rule between
 * two dates, as a list, as crontab lines or as a systemd timer and service that call
 * `kiroku run JCL --date D` on those days only (docs/CALENDAR.md). */
#include "cmd.h"
#include "cmd_cal.h"
#include "kiroku/jcl.h"
#include "kiroku/recio.h"

#include <ctype.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *out)
{
    fprintf(out,
            "usage: kiroku schedule [JCL] [--rule RULE] [--calendar NAME|FILE] --from YYYY-MM-DD --to YYYY-MM-DD\n"
            "                       [--cron HH:MM | --systemd HH:MM [--unit-dir DIR]] [--kiroku PATH]\n\n"
            "  JCL              a job stream: SCHEDULE='RULE' and CALENDAR=NAME are read from its JOB card\n"
            "  --rule RULE      the schedule rule (instead of, or over, the JOB card's), e.g. 'BD(1);DAY(25,PREV)'\n"
            "  --calendar NAME  the city's calendar (layouts/calendars/NAME.cal or a path)\n"
            "  --from, --to     the dates to list, both included\n"
            "  --cron HH:MM     crontab lines that run `kiroku run JCL --date D` at HH:MM on each run date\n"
            "  --systemd HH:MM  a systemd timer (OnCalendar= each run date at HH:MM) and its service\n"
            "  --unit-dir DIR   write them as DIR/kiroku-JOB.timer and .service (default: standard output)\n"
            "  --kiroku PATH    the kiroku the lines call (default: this one)\n\n"
            "rules: DAILY, BD (every business day), BD(n) BD(-n) BD(LAST) (the nth business day of the\n"
            "month), DAY(d|LAST[,PREV|NEXT|SKIP]), WEEKDAY(MON,...[,shift]), YEARLY(MM-DD[,shift]), each\n"
            "optionally +N or -N business days; several joined by ';'. See docs/CALENDAR.md.\n");
}

/* The job's name, SCHEDULE= and CALENDAR=, from the JCL parser. */
static kr_jcl_job *read_job(const char *path)
{
    kr_diags d;
    kr_diags_init(&d);
    kr_jcl_job *job = kr_jcl_parse(path, NULL, &d);
    kr_diags_print(&d, stderr);
    kr_diags_free(&d);
    return job;
}

static int parse_time(const char *s, int *hh, int *mm)
{
    return strlen(s) == 5 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) && s[2] == ':' &&
           isdigit((unsigned char)s[3]) && isdigit((unsigned char)s[4]) &&
           (*hh = (s[0] - '0') * 10 + s[1] - '0') < 24 && (*mm = (s[3] - '0') * 10 + s[4] - '0') < 60;
}

typedef struct sched_out {
    const char *job, *jcl, *kiroku, *calendar;
    const char *unit_dir; /* --unit-dir: write the systemd units there */
    kr_buf rule;
    int from, to, hh, mm;
} sched_out;

static void header(const sched_out *o, kr_buf *out)
{
    char f[11], t[11];
    kr_cal_format_date(o->from, f);
    kr_cal_format_date(o->to, t);
    kr_buf_addf(out, "# kiroku schedule: job %s, rule %s, calendar %s, run dates %s..%s\n", o->job, o->rule.data,
                o->calendar, f, t);
    kr_buf_addf(out, "# these lines name each run date: write them again (kiroku schedule) before %s\n", t);
}

static void write_cron(const sched_out *o, const int *days, long n, kr_buf *out)
{
    header(o, out);
    for (long i = 0; i < n; i++) {
        char d[11];
        kr_cal_format_date(days[i], d);
        /* cron has no year field: the test keeps a line from firing again a year later */
        kr_buf_addf(out, "%d %d %d %d * [ \"$(date +\\%%Y)\" = %d ] && %s run %s --date %s\n", o->mm, o->hh,
                    days[i] % 100, days[i] / 100 % 100, days[i] / 10000, o->kiroku, o->jcl, d);
    }
}

static void systemd_timer(const sched_out *o, const int *days, long n, kr_buf *out)
{
    header(o, out);
    kr_buf_addf(out, "[Unit]\nDescription=kiroku job %s (%s, calendar %s)\n\n[Timer]\n", o->job, o->rule.data,
                o->calendar);
    for (long i = 0; i < n; i++) {
        char d[11];
        kr_cal_format_date(days[i], d);
        kr_buf_addf(out, "OnCalendar=%s %02d:%02d:00\n", d, o->hh, o->mm);
    }
    kr_buf_addf(out, "AccuracySec=1min\n# a run missed while the machine was off is not started later with "
                     "another day's date\nPersistent=false\n\n[Install]\nWantedBy=timers.target\n");
}

static void systemd_service(const sched_out *o, kr_buf *out)
{
    kr_buf_addf(out,
                "[Unit]\nDescription=kiroku job %s\n\n[Service]\nType=oneshot\n"
                "ExecStart=/bin/sh -c 'exec %s run %s --date \"$$(date +%%%%F)\"'\n",
                o->job, o->kiroku, o->jcl);
}

static void write_systemd(const sched_out *o, const int *days, long n, kr_buf *out)
{
    kr_buf_addf(out, "# ---- kiroku-%s.timer\n", o->job);
    systemd_timer(o, days, n, out);
    kr_buf_addf(out, "# ---- kiroku-%s.service\n", o->job);
    systemd_service(o, out);
}

/* Writes one unit file into dir, atomically. */
static bool write_unit(const char *dir, const char *job, const char *suffix, const kr_buf *text, kr_err *err)
{
    char *path = kr_xasprintf("%s/kiroku-%s.%s", dir, job, suffix);
    kr_writer *w = kr_writer_open(path, 1, KR_TERM_NONE, err);
    bool ok = w && kr_writer_write(w, text->data, text->len, err) && kr_writer_commit(w, err);
    if (w && !ok)
        kr_writer_abort(w);
    if (ok)
        fprintf(stderr, "KRK1431I %s written\n", path);
    free(path);
    return ok;
}

static bool write_units(const sched_out *o, const int *days, long n, kr_err *err)
{
    kr_buf timer, service;
    kr_buf_init(&timer);
    kr_buf_init(&service);
    systemd_timer(o, days, n, &timer);
    systemd_service(o, &service);
    bool ok = write_unit(o->unit_dir, o->job, "service", &service, err) &&
              write_unit(o->unit_dir, o->job, "timer", &timer, err);
    kr_buf_free(&timer);
    kr_buf_free(&service);
    return ok;
}

static char *job_name_from_path(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    const char *dot = strrchr(b, '.');
    return kr_xstrndup(b, dot && dot > b ? (size_t)(dot - b) : strlen(b));
}

static int run(const char *jcl, const char *rule_opt, const char *cal_opt, sched_out *o, int format)
{
    kr_err err;
    kr_jcl_job *job = NULL;
    char *abs_jcl = NULL, *self = NULL;
    kr_schedule *sch = NULL;
    kr_calendar *cal = kr_calendar_new();
    int *days = NULL;
    int rc = KR_RC_ENV;
    if (jcl && !(job = read_job(jcl)))
        goto done;
    const char *calname = cal_opt ? cal_opt : job ? job->calendar : NULL;
    if (rule_opt) {
        sch = kr_schedule_parse(rule_opt, "--rule", 1, &err);
    } else if (job && job->schedule) {
        char *where = kr_xasprintf("%s:%d", jcl, job->schedule_line);
        sch = kr_schedule_parse(job->schedule, where, job->schedule_col, &err);
        free(where);
    } else {
        rc = cmd_usage_error("schedule", "%s", jcl ? "the JOB card has no SCHEDULE=; give --rule" : "give a JCL or --rule");
        goto done;
    }
    if (!sch || (calname && !kr_calendar_load(cal, calname, &err)))
        goto fail;
    long n = kr_schedule_between(sch, cal, o->from, o->to, &days, &err);
    if (n < 0)
        goto fail;
    kr_schedule_text(sch, &o->rule);
    o->calendar = kr_calendar_name(cal);
    kr_buf out;
    kr_buf_init(&out);
    if (format == 0) {
        for (long i = 0; i < n; i++) {
            char d[11];
            kr_cal_format_date(days[i], d);
            kr_buf_addf(&out, "%s %s\n", d, cmd_cal_weekday_name(days[i]));
        }
    } else {
        char resolved[PATH_MAX];
        abs_jcl = kr_xstrdup(realpath(jcl, resolved) ? resolved : jcl);
        self = kr_xstrdup(realpath("/proc/self/exe", resolved) ? resolved : "kiroku");
        o->jcl = abs_jcl;
        o->kiroku = o->kiroku ? o->kiroku : self;
        o->job = job && job->name ? job->name : o->job;
        if (format == 2 && o->unit_dir) {
            if (!write_units(o, days, n, &err)) {
                kr_buf_free(&out);
                goto fail;
            }
        } else {
            (format == 1 ? write_cron : write_systemd)(o, days, n, &out);
        }
    }
    rc = cmd_write_stdout(out.data, out.len);
    kr_buf_free(&out);
    if (rc == KR_RC_OK && kr_calendar_projected_year(cal))
        rc = cmd_cal_warn_projected(kr_calendar_projected_year(cal));
    goto done;
fail:
    fprintf(stderr, "%s\n", err.text);
    rc = err.rc;
done:
    free(days);
    free(abs_jcl);
    free(self);
    kr_schedule_free(sch);
    kr_calendar_free(cal);
    kr_jcl_free(job);
    return rc;
}

int cmd_schedule(int argc, char **argv)
{
    static const struct option opts[] = {{"rule", required_argument, NULL, 'r'},
                                         {"calendar", required_argument, NULL, 'c'},
                                         {"from", required_argument, NULL, 'f'},
                                         {"to", required_argument, NULL, 't'},
                                         {"cron", required_argument, NULL, 'C'},
                                         {"systemd", required_argument, NULL, 'S'},
                                         {"kiroku", required_argument, NULL, 'k'},
                                         {"unit-dir", required_argument, NULL, 'u'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *rule = NULL, *calname = NULL;
    sched_out o = {0};
    kr_buf_init(&o.rule);
    int format = 0, c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'r': rule = optarg; break;
        case 'c': calname = optarg; break;
        case 'f':
        case 't':
            if (cmd_cal_date_option("schedule", c == 'f' ? "from" : "to", optarg, c == 'f' ? &o.from : &o.to) != KR_RC_OK)
                return KR_RC_ENV;
            break;
        case 'C':
        case 'S':
            if (format)
                return cmd_usage_error("schedule", "give --cron or --systemd, not both");
            if (!parse_time(optarg, &o.hh, &o.mm))
                return cmd_usage_error("schedule", "--%s takes a time as HH:MM, not '%s'", c == 'C' ? "cron" : "systemd",
                                       optarg);
            format = c == 'C' ? 1 : 2;
            break;
        case 'k': o.kiroku = optarg; break;
        case 'u': o.unit_dir = optarg; break;
        case 'h': help(stdout); return KR_RC_OK;
        default: return cmd_usage_error("schedule", "unknown option");
        }
    }
    if (argc - optind > 1)
        return cmd_usage_error("schedule", "unexpected argument '%s'", argv[optind + 1]);
    const char *jcl = optind < argc ? argv[optind] : NULL;
    if (!o.from || !o.to || o.from > o.to)
        return cmd_usage_error("schedule", "give --from and --to, --from not after --to");
    if (o.unit_dir && format != 2)
        return cmd_usage_error("schedule", "--unit-dir goes with --systemd");
    if (format && !jcl)
        return cmd_usage_error("schedule", "--cron and --systemd need the JCL the lines run");
    char *name = jcl ? job_name_from_path(jcl) : NULL;
    o.job = name;
    int rc = run(jcl, rule, calname, &o, format);
    free(name);
    kr_buf_free(&o.rule);
    return rc;
}
