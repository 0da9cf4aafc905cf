/* cmd_sort.c: `kiroku sort` — the SORT program from the command line: data sets by option,
 * control statements from a file or the arguments. */
#include "cmd.h"
#include "kiroku/ctl.h"
#include "kiroku/sort.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void help(FILE *out)
{
    fprintf(out,
            "usage: kiroku sort [-L LAYOUT] [-i FILE]... [-o FILE] [--dd NAME=FILE[,ATTR=...]]...\n"
            "                   [--lrecl N --terminator none|lf|crlf] [-m MEMORY] [-T TMPDIR] [-j THREADS]\n"
            "                   [--date YYYY-MM-DD] [--listing FILE] [-c CONTROL-FILE | STATEMENT...]\n\n"
            "Sorts, merges or copies fixed records under DFSORT control statements (SORT, MERGE,\n"
            "OPTION, INCLUDE/OMIT, INREC, SUM, OUTREC, OUTFIL), with fields by position (p,m,f) or by\n"
            "name from the layout. See docs/SORT.md.\n\n"
            "  -L, --layout L       SORTIN's layout; names in the statements come from it\n"
            "  -i, --input FILE     SORTIN; for MERGE give each input (SORTIN01, SORTIN02, ...)\n"
            "  -o, --output FILE    SORTOUT ('-' for standard output)\n"
            "  --dd NAME=FILE[,layout=L][,lrecl=N][,terminator=T]\n"
            "                       any other data set: OUTFIL FNAMES= names, SORTXSUM, the join's\n"
            "                       SORTJNF1 and SORTJNF2 (or -i F1 -i F2)\n"
            "  --lrecl N, --terminator T  the record shape when there is no layout (default lf)\n"
            "  -m, --memory SIZE    memory budget (e.g. 256M, 2G; default half the machine's)\n"
            "  -T, --tmpdir DIR     work files (default $TMPDIR or /tmp)\n"
            "  -j, --threads N      threads (default: the processors, at most 8)\n"
            "  --date YYYY-MM-DD    the run date for DATE1 and friends (default today)\n"
            "  --listing FILE       write the listing (SYSOUT) there instead of standard output\n"
            "  --no-timing          leave the elapsed time out of the listing (runs compare equal)\n"
            "  -c, --control FILE   the control statements; otherwise each argument is a line\n\n"
            "Return code: 0 done, 4 warnings, 12 the data stopped the step, 16 the statements or the\n"
            "environment are wrong. A failed run leaves no output.\n");
}

static bool parse_size(const char *s, size_t *out)
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

static bool parse_date(const char *s, int *ymd)
{
    return kr_date_parse_iso(s, ymd);
}

typedef struct layout_cache {
    char **names;
    kr_layout **layouts;
    size_t n;
} layout_cache;

static kr_layout *cached_layout(layout_cache *c, const char *name)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->names[i], name) == 0)
            return c->layouts[i];
    kr_layout *l = cmd_load_layout(name);
    if (!l)
        return NULL;
    c->names = kr_xrealloc(c->names, (c->n + 1) * sizeof *c->names);
    c->layouts = kr_xrealloc(c->layouts, (c->n + 1) * sizeof *c->layouts);
    c->names[c->n] = kr_xstrdup(name);
    c->layouts[c->n++] = l;
    return l;
}

int cmd_sort(int argc, char **argv)
{
    static const struct option opts[] = {
        {"layout", required_argument, NULL, 'L'}, {"input", required_argument, NULL, 'i'},
        {"output", required_argument, NULL, 'o'}, {"dd", required_argument, NULL, 'd'},
        {"lrecl", required_argument, NULL, 'r'},  {"terminator", required_argument, NULL, 't'},
        {"memory", required_argument, NULL, 'm'}, {"tmpdir", required_argument, NULL, 'T'},
        {"threads", required_argument, NULL, 'j'}, {"date", required_argument, NULL, 'D'},
        {"listing", required_argument, NULL, 'l'}, {"control", required_argument, NULL, 'c'},
        {"no-timing", no_argument, NULL, 'N'},   {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    kr_sort_opts o;
    memset(&o, 0, sizeof o);
    o.terminator = KR_TERM_LF;
    const char *layout_name = NULL, *control = NULL, *output = NULL, *listing = NULL;
    const char **inputs = NULL;
    size_t n_inputs = 0;
    kr_dd *dds = NULL;
    size_t n_dds = 0;
    char **dd_layouts = NULL;
    uint64_t n;
    int c, rc = KR_RC_OK;
    optind = 0;
    while ((c = getopt_long(argc, argv, "L:i:o:m:T:j:c:h", opts, NULL)) != -1) {
        switch (c) {
        case 'L': layout_name = optarg; break;
        case 'i':
            inputs = kr_xrealloc(inputs, (n_inputs + 1) * sizeof *inputs);
            inputs[n_inputs++] = optarg;
            break;
        case 'o': output = optarg; break;
        case 'd': {
            char *eq = strchr(optarg, '=');
            if (!eq || eq == optarg || !eq[1]) {
                rc = cmd_usage_error("sort", "--dd takes NAME=FILE[,layout=L]");
                goto done;
            }
            dds = kr_xrealloc(dds, (n_dds + 1) * sizeof *dds);
            dd_layouts = kr_xrealloc(dd_layouts, (n_dds + 1) * sizeof *dd_layouts);
            char *name = kr_xstrndup(optarg, (size_t)(eq - optarg));
            char *path = kr_xstrdup(eq + 1);
            kr_dd dd = {name, path, NULL, 0, KR_TERM_LF};
            dd_layouts[n_dds] = NULL;
            /* Attributes after the path: ,layout=L ,lrecl=N ,terminator=T */
            char *attr = strstr(path, ",layout=");
            char *a2 = strstr(path, ",lrecl="), *a3 = strstr(path, ",terminator=");
            if (!attr || (a2 && a2 < attr))
                attr = a2;
            if (!attr || (a3 && a3 < attr))
                attr = a3;
            bool bad = false;
            if (attr) {
                char *list = kr_xstrdup(attr + 1);
                *attr = '\0';
                char *save = NULL;
                for (char *kv = strtok_r(list, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
                    if (strncmp(kv, "layout=", 7) == 0 && kv[7])
                        dd_layouts[n_dds] = kr_xstrdup(kv + 7);
                    else if (strncmp(kv, "lrecl=", 6) == 0 && cmd_parse_count(kv + 6, &n) && n > 0 && n <= 1048576)
                        dd.lrecl = (size_t)n;
                    else if (strcmp(kv, "terminator=lf") == 0)
                        dd.terminator = KR_TERM_LF;
                    else if (strcmp(kv, "terminator=crlf") == 0)
                        dd.terminator = KR_TERM_CRLF;
                    else if (strcmp(kv, "terminator=none") == 0)
                        dd.terminator = KR_TERM_NONE;
                    else
                        bad = true;
                }
                free(list);
            }
            dds[n_dds++] = dd;
            if (bad) {
                rc = cmd_usage_error("sort", "--dd takes NAME=FILE[,layout=L][,lrecl=N][,terminator=lf|crlf|none]");
                goto done;
            }
            break;
        }
        case 'r':
            if (!cmd_parse_count(optarg, &n) || n == 0 || n > 1048576) {
                rc = cmd_usage_error("sort", "--lrecl takes a record length from 1 to 1048576");
                goto done;
            }
            o.lrecl = (size_t)n;
            break;
        case 't':
            if (strcmp(optarg, "lf") == 0)
                o.terminator = KR_TERM_LF;
            else if (strcmp(optarg, "crlf") == 0)
                o.terminator = KR_TERM_CRLF;
            else if (strcmp(optarg, "none") == 0)
                o.terminator = KR_TERM_NONE;
            else {
                rc = cmd_usage_error("sort", "--terminator is none, lf or crlf");
                goto done;
            }
            break;
        case 'm':
            if (!parse_size(optarg, &o.memory)) {
                rc = cmd_usage_error("sort", "-m takes a size of at least 64K, such as 256M or 2G");
                goto done;
            }
            break;
        case 'T': o.tmpdir = optarg; break;
        case 'j':
            if (!cmd_parse_count(optarg, &n) || n == 0 || n > 64) {
                rc = cmd_usage_error("sort", "-j takes 1 to 64 threads");
                goto done;
            }
            o.threads = (int)n;
            break;
        case 'D':
            if (!parse_date(optarg, &o.run_date)) {
                rc = cmd_usage_error("sort", "--date takes a calendar date as YYYY-MM-DD, not '%s'", optarg);
                goto done;
            }
            break;
        case 'l': listing = optarg; break;
        case 'c': control = optarg; break;
        case 'N': o.no_timing = true; break;
        case 'h': help(stdout); goto done;
        default: rc = cmd_usage_error("sort", "unknown option"); goto done;
        }
    }
    if (control && optind < argc) {
        rc = cmd_usage_error("sort", "give the statements with -c FILE or as arguments, not both");
        goto done;
    }
    if (!control && optind >= argc) {
        rc = cmd_usage_error("sort", "no control statements: give -c FILE or the statements as arguments");
        goto done;
    }
    if (!o.run_date) {
        time_t t = time(NULL);
        struct tm tm;
        localtime_r(&t, &tm);
        o.run_date = (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
    }
    kr_buf text;
    kr_buf_init(&text);
    if (control) {
        kr_err e;
        if (!kr_read_file(control, &text, &e)) {
            fprintf(stderr, "%s\n", e.text);
            rc = KR_RC_ENV;
            kr_buf_free(&text);
            goto done;
        }
    } else
        for (int i = optind; i < argc; i++) {
            kr_buf_adds(&text, argv[i]);
            kr_buf_addc(&text, '\n');
        }
    kr_diags d;
    kr_diags_init(&d);
    kr_ctl *ctl = kr_ctl_parse(text.data, text.len, control ? control : "(arguments)", &d);
    kr_buf_free(&text);
    kr_diags_print(&d, stderr);
    kr_diags_free(&d);
    if (!ctl) {
        rc = KR_RC_ENV;
        goto done;
    }
    layout_cache lc = {0};
    if (layout_name && !(o.layout = cached_layout(&lc, layout_name)))
        rc = KR_RC_ENV;
    for (size_t i = 0; i < n_dds && rc == KR_RC_OK; i++)
        if (dd_layouts[i] && !(dds[i].layout = cached_layout(&lc, dd_layouts[i])))
            rc = KR_RC_ENV;
    if (rc == KR_RC_OK && !o.layout && !o.lrecl && !ctl->join[0].present) {
        rc = cmd_usage_error("sort", "give the input's layout (-L) or its record length (--lrecl)");
    }
    if (rc == KR_RC_OK && output) {
        bool have = false;
        for (size_t i = 0; i < n_dds; i++)
            have |= strcasecmp(dds[i].name, "SORTOUT") == 0;
        if (have)
            rc = cmd_usage_error("sort", "SORTOUT is given twice (-o and --dd SORTOUT=)");
        else {
            dds = kr_xrealloc(dds, (n_dds + 1) * sizeof *dds);
            dd_layouts = kr_xrealloc(dd_layouts, (n_dds + 1) * sizeof *dd_layouts);
            dd_layouts[n_dds] = NULL;
            dds[n_dds++] = (kr_dd){kr_xstrdup("SORTOUT"), kr_xstrdup(output), NULL, 0, KR_TERM_LF};
        }
    }
    FILE *lf = NULL;
    if (rc == KR_RC_OK) {
        o.ctl = ctl;
        o.inputs = inputs;
        o.n_inputs = n_inputs;
        o.dds = dds;
        o.n_dds = n_dds;
        o.cancel = &kr_main_cancel;
        bool sortout_stdout = output && strcmp(output, "-") == 0;
        o.listing = sortout_stdout ? stderr : stdout;
        if (listing) {
            lf = fopen(listing, "w");
            if (!lf) {
                fprintf(stderr, "KRK0010E %s: cannot write the listing\n", listing);
                rc = KR_RC_ENV;
            }
            o.listing = lf;
        }
        if (isatty(STDERR_FILENO))
            o.progress = stderr;
        if (rc == KR_RC_OK)
            rc = kr_sort(&o);
        if (lf && fclose(lf) != 0 && rc < KR_RC_FAIL)
            rc = KR_RC_FAIL;
    }
    kr_ctl_free(ctl);
    for (size_t i = 0; i < lc.n; i++) {
        free(lc.names[i]);
        kr_layout_free(lc.layouts[i]);
    }
    free(lc.names);
    free(lc.layouts);
done:
    for (size_t i = 0; i < n_dds; i++) {
        free((char *)dds[i].name);
        free((char *)dds[i].path);
        free(dd_layouts[i]);
    }
    free(dds);
    free(dd_layouts);
    free(inputs);
    return rc;
}
