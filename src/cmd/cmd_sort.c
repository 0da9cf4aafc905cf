/* cmd_sort.c: `kiroku sort` — the SORT program from the command line: data sets by option,
 * control statements from a file or the arguments. */
#include "cmd.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void help(FILE *out)
{
    fprintf(out,
            "usage: kiroku sort [-L LAYOUT] [-i FILE]... [-o FILE] [--dd NAME=FILE[,ATTR=...]]...\n"
            "                   [--lrecl N --terminator none|lf|crlf|rdw | --recfm FB|VB] [-m MEMORY]\n"
            "                   [-T TMPDIR] [-j THREADS]\n"
            "                   [--date YYYY-MM-DD] [--listing FILE] [--partitions N]\n"
            "                   [-c CONTROL-FILE | STATEMENT...]\n\n"
            "Sorts, merges or copies fixed records under DFSORT control statements (SORT, MERGE,\n"
            "OPTION, INCLUDE/OMIT, INREC, SUM, OUTREC, OUTFIL), with fields by position (p,m,f) or by\n"
            "name from the layout. See docs/SORT.md.\n\n"
            "  -L, --layout L       SORTIN's layout; names in the statements come from it\n"
            "  -i, --input FILE     SORTIN; for MERGE give each input (SORTIN01, SORTIN02, ...)\n"
            "  -o, --output FILE    SORTOUT ('-' for standard output)\n"
            "  --dd NAME=FILE[,layout=L][,lrecl=N][,terminator=T][,recfm=VB]\n"
            "                       any other data set: OUTFIL FNAMES= names, SORTXSUM, the join's\n"
            "                       SORTJNF1 and SORTJNF2 (or -i F1 -i F2)\n"
            "  --lrecl N, --terminator T  the record shape when there is no layout (default lf)\n"
            "  --recfm VB           variable-length records, each after its 4-byte RDW (same as\n"
            "                       --terminator rdw); --lrecl is then the longest with its RDW\n"
            "  -m, --memory SIZE    memory budget (e.g. 256M, 2G; default half the machine's)\n"
            "  -T, --tmpdir DIR     work files (default $TMPDIR or /tmp)\n"
            "  -j, --threads N      threads (default: the processors, at most 8)\n"
            "  --date YYYY-MM-DD    the run date for DATE1 and friends (default today)\n"
            "  --listing FILE       write the listing (SYSOUT) there instead of standard output\n"
            "  --no-timing          leave the elapsed time out of the listing (runs compare equal)\n"
            "  --totals warn|check  warn: accept an input whose trailer's control totals disagree,\n"
            "                       each one KRK1750W (rc 4) (PARM TOTALS=WARN); check (the\n"
            "                       default) stops with KRK1703E\n"
            "  --partitions N       sort in N key ranges, each by a process of its own, concatenated\n"
            "                       in order: the same output as one sort (docs/SORT.md)\n"
            "  -c, --control FILE   the control statements; otherwise each argument is a line\n\n"
            "Return code: 0 done, 4 warnings, 12 the data stopped the step, 16 the statements or the\n"
            "environment are wrong. A failed run leaves no output.\n");
}

static bool parse_date(const char *s, int *ymd)
{
    return kr_date_parse_iso(s, ymd);
}

int cmd_sort(int argc, char **argv)
{
    static const struct option opts[] = {
        {"layout", required_argument, NULL, 'L'}, {"input", required_argument, NULL, 'i'},
        {"output", required_argument, NULL, 'o'}, {"dd", required_argument, NULL, 'd'},
        {"lrecl", required_argument, NULL, 'r'},  {"terminator", required_argument, NULL, 't'},
        {"recfm", required_argument, NULL, 'V'},
        {"memory", required_argument, NULL, 'm'}, {"tmpdir", required_argument, NULL, 'T'},
        {"threads", required_argument, NULL, 'j'}, {"date", required_argument, NULL, 'D'},
        {"listing", required_argument, NULL, 'l'}, {"control", required_argument, NULL, 'c'},
        {"no-timing", no_argument, NULL, 'N'},   {"help", no_argument, NULL, 'h'},
        {"totals", required_argument, NULL, 'W'},
        {"partitions", required_argument, NULL, 'P'},
        {NULL, 0, NULL, 0}};
    kr_step st;
    cmd_step_init(&st, "SORT");
    kr_terminator term = KR_TERM_LF;
    size_t lrecl = 0, memory = 0;
    int threads = 0, run_date = 0;
    bool no_timing = false;
    const char *layout_name = NULL, *control = NULL, *output = NULL, *listing = NULL;
    const char **inputs = NULL;
    size_t n_inputs = 0;
    uint64_t n;
    int c, rc = KR_RC_OK;
    kr_err err;
    optind = 0;
    while ((c = getopt_long(argc, argv, "L:i:o:m:T:j:c:h", opts, NULL)) != -1) {
        switch (c) {
        case 'L': layout_name = optarg; break;
        case 'W': cmd_step_parm(&st, "TOTALS", optarg); break;
        case 'i':
            inputs = kr_xrealloc(inputs, (n_inputs + 1) * sizeof *inputs);
            inputs[n_inputs++] = optarg;
            break;
        case 'o': output = optarg; break;
        case 'd':
            if (!kr_step_add_dd_spec(&st, optarg, &err)) {
                fprintf(stderr, "%s\n", err.text);
                rc = KR_RC_ENV;
                goto done;
            }
            break;
        case 'r':
            if (!cmd_parse_count(optarg, &n) || n == 0 || n > 1048576) {
                rc = cmd_usage_error("sort", "--lrecl takes a record length from 1 to 1048576");
                goto done;
            }
            lrecl = (size_t)n;
            break;
        case 't':
            if (!strchr("nlcr", optarg[0] ? optarg[0] : 'x') || !kr_terminator_parse(optarg, &term)) {
                rc = cmd_usage_error("sort", "--terminator is none, lf, crlf or rdw");
                goto done;
            }
            break;
        case 'V':
            if (!strchr("fFvV", optarg[0] ? optarg[0] : 'x') || !kr_terminator_parse(optarg, &term)) {
                rc = cmd_usage_error("sort", "--recfm is F, FB (no terminator) or V, VB (an RDW before each record)");
                goto done;
            }
            break;
        case 'm':
            if (!cmd_parse_size(optarg, &memory)) {
                rc = cmd_usage_error("sort", "-m takes a size of at least 64K, such as 256M or 2G");
                goto done;
            }
            break;
        case 'T': st.tmpdir = kr_xstrdup(optarg); break;
        case 'j':
            if (!cmd_parse_count(optarg, &n) || n == 0 || n > 64) {
                rc = cmd_usage_error("sort", "-j takes 1 to 64 threads");
                goto done;
            }
            threads = (int)n;
            break;
        case 'D':
            if (!parse_date(optarg, &run_date)) {
                rc = cmd_usage_error("sort", "--date takes a calendar date as YYYY-MM-DD, not '%s'", optarg);
                goto done;
            }
            break;
        case 'l': listing = optarg; break;
        case 'c': control = optarg; break;
        case 'N': no_timing = true; break;
        case 'P':
            if (!cmd_parse_count(optarg, &n) || n == 0 || n > KR_PARTS_MAX) {
                rc = cmd_usage_error("sort", "--partitions takes 1 to %d key ranges", KR_PARTS_MAX);
                goto done;
            }
            free(st.parm);
            st.parm = kr_xasprintf("PARTITIONS=%llu", (unsigned long long)n);
            break;
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
    if (output && kr_step_dd(&st, "SORTOUT")) {
        rc = cmd_usage_error("sort", "SORTOUT is given twice (-o and --dd SORTOUT=)");
        goto done;
    }
    if (control)
        kr_step_add_dd(&st, "SYSIN", control);
    else
        cmd_step_args_dd(&st, "SYSIN", argc, argv, optind);
    if (n_inputs) {
        kr_dd_bind *in = kr_step_add_dd(&st, "SORTIN", NULL);
        for (size_t i = 0; i < n_inputs; i++)
            kr_dd_add_path(in, inputs[i]);
        in->layout = layout_name ? kr_xstrdup(layout_name) : NULL;
        in->lrecl = lrecl;
        in->terminator = term;
    } else if (layout_name || lrecl) {
        /* No input file: the layout still names the record (SORT says the input is missing). */
        kr_dd_bind *in = kr_step_add_dd(&st, "SORTIN", NULL);
        in->layout = layout_name ? kr_xstrdup(layout_name) : NULL;
        in->lrecl = lrecl;
        in->terminator = term;
    }
    if (output)
        kr_step_add_dd(&st, "SORTOUT", output);
    st.memory = memory;
    st.threads = threads;
    st.no_timing = no_timing;
    if (run_date)
        st.run_date = run_date;
    FILE *lf = NULL;
    /* With SORTOUT on standard output the listing goes to standard error. */
    if (output && strcmp(output, "-") == 0)
        st.sysout = stderr;
    if (listing) {
        lf = fopen(listing, "w");
        if (!lf) {
            fprintf(stderr, "KRK0010E %s: cannot write the listing\n", listing);
            rc = KR_RC_ENV;
            goto done;
        }
        st.sysout = lf;
    }
    if (isatty(STDERR_FILENO))
        st.progress = stderr;
    rc = kr_program_run(&st);
    if (lf && fclose(lf) != 0 && rc < KR_RC_FAIL)
        rc = KR_RC_FAIL;
done:
    kr_step_free(&st);
    free(inputs);
    return rc;
}
