/* commands.c: the table of kiroku's subcommands and the helpers they share. */
#include "cmd.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const kr_command kr_commands[] = {
    {"layout", cmd_layout, "check, show, export and import record layouts"},
    {"view", cmd_view, "show the records of a file field by field"},
    {"verify", cmd_verify, "check every record of a file against its layout"},
    {"sort", cmd_sort, "sort, merge or copy records under DFSORT control statements"},
    {"icetool", cmd_icetool, "DFSORT ICETOOL operators (COPY, SORT, COUNT, SELECT, OCCUR, ...) over SORT"},
    {"ledger", cmd_ledger, "keyed masters: sequential update, Berkeley DB ledgers"},
    {"convert", cmd_convert, "rewrite a file in another layout or encoding (CP932, UTF-8)"},
    {"text", cmd_text, "check 外字 tables and folding profiles; try folds and text keys"},
    {"generate", cmd_generate, "write a file of valid sample records for a layout"},
    {"city", cmd_city, "write a synthetic prefecture for the NHI streams, with its truth"},
    {"run", cmd_run, "run a JCL job stream: steps, data sets, the catalog, restart"},
    {"exec-step", cmd_exec_step, "run one job step from its description (the runner's door)"},
    {"jcl", cmd_jcl, "check a JCL job stream: statements, symbols, procedures, COND and IF"},
    {"calendar", cmd_calendar, "Japan's national holidays, closed days and business days"},
    {"schedule", cmd_schedule, "a job stream's run dates; crontab lines or systemd timers for them"},
    {"idcams", cmd_idcams, "IDCAMS statements against the catalog: DEFINE GDG, DELETE, LISTCAT"},
    {"catalog", cmd_catalog, "the catalog for operators: define-gdg, list, delete"},
    {"runs", cmd_runs, "the job runs the catalog remembers, and one run's steps"},
    {"seal", cmd_seal, "encrypt a file for hand-over (KRS1) with its slip (受渡票); verify one"},
    {"unseal", cmd_unseal, "check and decrypt a sealed file and its slip"},
    {"purge", cmd_purge, "remove ledger records past their retention; seal what was removed"},
    {"audit", cmd_audit, "the tamper-evident audit log: init, append, head, verify, show"},
    {NULL, NULL, NULL},
};

kr_layout *cmd_load_layout(const char *name)
{
    kr_diags d;
    kr_diags_init(&d);
    kr_layout *l = kr_layout_load(name, &d);
    kr_diags_print(&d, stderr);
    kr_diags_free(&d);
    return l;
}

kr_gaiji *cmd_load_gaiji(const char *name)
{
    kr_diags d;
    kr_diags_init(&d);
    kr_gaiji *g = kr_gaiji_load(name, &d);
    kr_diags_print(&d, stderr);
    kr_diags_free(&d);
    return g;
}

int cmd_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "KRK0002E kiroku %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, " (see 'kiroku %s --help')\n", cmd);
    va_end(ap);
    return KR_RC_ENV;
}

bool cmd_parse_count(const char *s, uint64_t *out)
{
    if (!s || !*s)
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || s[0] == '-')
        return false;
    *out = v;
    return true;
}

int cmd_write_stdout(const char *data, size_t n)
{
    if (n && fwrite(data, 1, n, stdout) != n) {
        fprintf(stderr, "KRK0003E cannot write to standard output: %s\n", strerror(errno));
        return KR_RC_FAIL;
    }
    return KR_RC_OK;
}

void cmd_step_init(kr_step *s, const char *program)
{
    kr_step_init(s, program, program);
    s->run_date = cmd_today();
    s->cancel = &kr_main_cancel;
}

void cmd_step_parm(kr_step *s, const char *key, const char *value)
{
    kr_buf b;
    kr_buf_init(&b);
    kr_buf_adds(&b, s->parm);
    if (b.len)
        kr_buf_addc(&b, ',');
    kr_buf_adds(&b, key);
    if (value) {
        kr_buf_addc(&b, '=');
        bool quote = !*value || strpbrk(value, ",'=") != NULL;
        if (quote)
            kr_buf_addc(&b, '\'');
        for (const char *c = value; *c; c++) {
            if (*c == '\'' && quote)
                kr_buf_addc(&b, '\'');
            kr_buf_addc(&b, *c);
        }
        if (quote)
            kr_buf_addc(&b, '\'');
    }
    free(s->parm);
    s->parm = kr_buf_take(&b);
}

void cmd_step_parm_count(kr_step *s, const char *key, uint64_t n)
{
    char v[24];
    snprintf(v, sizeof v, "%llu", (unsigned long long)n);
    cmd_step_parm(s, key, v);
}

int cmd_today(void)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

kr_dd_bind *cmd_step_args_dd(kr_step *s, const char *ddname, int argc, char **argv, int first)
{
    kr_dd_bind *dd = kr_step_add_dd(s, ddname, NULL);
    kr_buf text;
    kr_buf_init(&text);
    for (int i = first; i < argc; i++) {
        kr_buf_adds(&text, argv[i]);
        kr_buf_addc(&text, '\n');
    }
    dd->text_len = text.len;
    dd->text = kr_buf_take(&text);
    dd->label = kr_xstrdup("(arguments)");
    return dd;
}

bool cmd_parse_size(const char *s, size_t *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || v <= 0)
        return false;
    double mul = 1;
    switch (*end) {
    case 'k': case 'K': mul = 1024.0; end++; break;
    case 'm': case 'M': mul = 1024.0 * 1024; end++; break;
    case 'g': case 'G': mul = 1024.0 * 1024 * 1024; end++; break;
    case '\0': break;
    default: return false;
    }
    if (*end == 'B' || *end == 'b')
        end++;
    if (*end)
        return false;
    *out = (size_t)(v * mul);
    return *out >= 65536;
}
