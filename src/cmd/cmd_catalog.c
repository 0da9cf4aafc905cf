/* cmd_catalog.c: `kiroku idcams` (IDCAMS statements from a file or standard input) and
 * `kiroku catalog` (define-gdg, list, delete: the same IDCAMS statements written for the
 * operator), over the catalog of a data root. */
#include "cmd.h"
#include "kiroku/catalog.h"
#include "kiroku/program.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

const char *cmd_data_root(const char *given, const char *cmd)
{
    const char *root = given ? given : getenv("KIROKU_ROOT");
    if (!root || !*root) {
        cmd_usage_error(cmd, "give the data root with --root DIR (or set KIROKU_ROOT)");
        return NULL;
    }
    return root;
}

kr_catalog *cmd_open_catalog(const char *root, bool wait)
{
    kr_err err;
    kr_catalog *c = kr_catalog_open(root, wait, &err);
    if (!c)
        fprintf(stderr, "%s\n", err.text);
    return c;
}

static int run_idcams(const char *root, const char *text, size_t len, const char *name, bool wait)
{
    int cc = kr_idcams_guarded(root, wait, text, len, name, stdout, stderr);
    fflush(stdout);
    return cc;
}

static void idcams_help(FILE *out)
{
    fprintf(out,
            "usage: kiroku idcams [--root DIR] [--no-wait] [SYSIN]\n\n"
            "Runs IDCAMS statements from the file SYSIN (or standard input) against the catalog\n"
            "of the data root: DEFINE GENERATIONDATAGROUP|GDG (NAME(...) LIMIT(n) SCRATCH|NOSCRATCH\n"
            "EMPTY|NOEMPTY), DELETE name|(names) [GDG] [FORCE] [PURGE] [NOSCRATCH],\n"
            "LISTCAT [ENTRIES(names)|LEVEL(qualifiers)] [ALL], SET MAXCC=n|LASTCC=n. Comments\n"
            "/* */, a '-' at a line's end continues the statement. The listing (SYSPRINT) goes to\n"
            "standard output; see docs/CATALOG.md.\n\n"
            "  --root DIR   the data root (default: $KIROKU_ROOT)\n"
            "  --no-wait    fail at once when another process has the catalog open\n\n"
            "Return code: the highest condition code (MAXCC): 0, 4, 8, 12 or 16.\n");
}

int cmd_idcams(int argc, char **argv)
{
    static const struct option opts[] = {{"root", required_argument, NULL, 'r'},
                                         {"no-wait", no_argument, NULL, 'n'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *root = NULL;
    bool wait = true;
    int ch;
    optind = 0;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (ch) {
        case 'r': root = optarg; break;
        case 'n': wait = false; break;
        case 'h': idcams_help(stdout); return KR_RC_OK;
        default: return cmd_usage_error("idcams", "unknown option");
        }
    }
    if (optind < argc - 1)
        return cmd_usage_error("idcams", "give at most one SYSIN file");
    if (!(root = cmd_data_root(root, "idcams")))
        return KR_RC_ENV;
    const char *path = optind < argc ? argv[optind] : "-";
    kr_buf text;
    kr_buf_init(&text);
    kr_err err;
    if (strcmp(path, "-") == 0) {
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
            kr_buf_add(&text, buf, n);
    } else if (!kr_read_file(path, &text, &err)) {
        fprintf(stderr, "%s\n", err.text);
        kr_buf_free(&text);
        return KR_RC_ENV;
    }
    int rc = run_idcams(root, text.data ? text.data : "", text.len, strcmp(path, "-") ? path : "SYSIN", wait);
    kr_buf_free(&text);
    return rc;
}

static void catalog_help(FILE *out)
{
    fprintf(out,
            "usage: kiroku catalog [--root DIR] [--no-wait] COMMAND ...\n\n"
            "  define-gdg NAME --limit N [--noscratch] [--empty]\n"
            "                          define a generation data group (default SCRATCH NOEMPTY)\n"
            "  list [LEVEL] [--all]    list the entries (under the qualifiers LEVEL), with --all\n"
            "                          their attributes, generations, layouts and files\n"
            "  delete NAME [--force] [--noscratch]\n"
            "                          delete a data set (its file too, unless --noscratch) or a\n"
            "                          GDG base (with its generations when --force)\n\n"
            "Each command runs the IDCAMS statement it stands for (DEFINE GDG, LISTCAT, DELETE) and\n"
            "prints IDCAMS's listing; `kiroku idcams` takes the statements themselves.\n\n"
            "  --root DIR   the data root (default: $KIROKU_ROOT)\n"
            "  --no-wait    fail at once when another process has the catalog open\n\n"
            "Return code: IDCAMS's condition code (0, 4, 8, 12, 16).\n");
}

int cmd_catalog(int argc, char **argv)
{
    static const struct option opts[] = {{"root", required_argument, NULL, 'r'},
                                         {"no-wait", no_argument, NULL, 'n'},
                                         {"limit", required_argument, NULL, 'l'},
                                         {"noscratch", no_argument, NULL, 's'},
                                         {"empty", no_argument, NULL, 'e'},
                                         {"all", no_argument, NULL, 'a'},
                                         {"force", no_argument, NULL, 'f'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *root = NULL, *limit = NULL;
    bool wait = true, noscratch = false, empty = false, all = false, force = false;
    int ch;
    optind = 0;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (ch) {
        case 'r': root = optarg; break;
        case 'n': wait = false; break;
        case 'l': limit = optarg; break;
        case 's': noscratch = true; break;
        case 'e': empty = true; break;
        case 'a': all = true; break;
        case 'f': force = true; break;
        case 'h': catalog_help(stdout); return KR_RC_OK;
        default: return cmd_usage_error("catalog", "unknown option");
        }
    }
    if (optind >= argc)
        return cmd_usage_error("catalog", "give a command: define-gdg, list or delete");
    const char *what = argv[optind];
    int nargs = argc - optind - 1;
    char **args = argv + optind + 1;
    /* Names go into the statement as they are; IDCAMS checks them. A name holding
     * characters of the statement syntax would change the statement: refuse those here. */
    for (int i = 0; i < nargs; i++)
        if ((strpbrk(args[i], "()'/*, +=\n") || args[i][strlen(args[i]) - 1] == '-'))
            return cmd_usage_error("catalog", "%s is not a data set name", args[i]);
    char *stmt = NULL;
    if (strcmp(what, "define-gdg") == 0) {
        uint64_t n;
        if (nargs != 1)
            return cmd_usage_error("catalog", "define-gdg takes one NAME");
        if (!limit || !cmd_parse_count(limit, &n))
            return cmd_usage_error("catalog", "define-gdg needs --limit N (1-255)");
        stmt = kr_xasprintf("  DEFINE GDG (NAME(%s) LIMIT(%llu) %s %s)\n", args[0], (unsigned long long)n,
                            noscratch ? "NOSCRATCH" : "SCRATCH", empty ? "EMPTY" : "NOEMPTY");
    } else if (strcmp(what, "list") == 0) {
        if (nargs > 1 || (nargs == 1 && strpbrk(args[0], "()'/*, -+=\n")))
            return cmd_usage_error("catalog", "list takes at most one LEVEL (qualifiers)");
        if (nargs == 1)
            stmt = kr_xasprintf("  LISTCAT LEVEL(%s)%s\n", args[0], all ? " ALL" : "");
        else
            stmt = kr_xasprintf("  LISTCAT%s\n", all ? " ALL" : "");
    } else if (strcmp(what, "delete") == 0) {
        if (nargs != 1)
            return cmd_usage_error("catalog", "delete takes one NAME");
        stmt = kr_xasprintf("  DELETE %s%s%s\n", args[0], force ? " FORCE" : "", noscratch ? " NOSCRATCH" : "");
    } else {
        return cmd_usage_error("catalog", "unknown command %s (define-gdg, list, delete)", what);
    }
    if (!(root = cmd_data_root(root, "catalog"))) {
        free(stmt);
        return KR_RC_ENV;
    }
    int rc = run_idcams(root, stmt, strlen(stmt), "catalog", wait);
    free(stmt);
    return rc;
}
