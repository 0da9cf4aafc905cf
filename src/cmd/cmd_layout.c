/* cmd_layout.c: `kiroku layout check|show|copybook|import` — check a layout, print it as the
 * vendors' table or as JSON, export it as a COBOL copybook, import one. */
#include "cmd.h"
#include "kiroku/copybook.h"
#include "kiroku/recio.h"

#include <getopt.h>
#include <string.h>

static void help(FILE *out)
{
    fprintf(out,
            "usage: kiroku layout check LAYOUT...\n"
            "       kiroku layout show [--json] LAYOUT\n"
            "       kiroku layout copybook LAYOUT [-o FILE]\n"
            "       kiroku layout import COPYBOOK [-o FILE] [--name N] [--encoding E] [--length L]\n"
            "                            [--terminator T]\n\n"
            "LAYOUT is a path to a .layout file or a name looked up in $KIROKU_LAYOUTS, ./layouts\n"
            "and the installed layouts.\n\n"
            "  check     parse each layout and report every mistake with its place (rc 16 if any)\n"
            "  show      print the layout as the table vendors exchange (項番, 項目名, 属性, 桁数,\n"
            "            開始位置, バイト, 備考); --json prints the whole model for tools\n"
            "  copybook  write the layout as a COBOL copybook (fixed format, one 01 level, a\n"
            "            REDEFINES group per record type; docs/COPYBOOK.md)\n"
            "  import    read a COBOL copybook and write a layout: --name, --encoding (cp932,\n"
            "            utf-8), --length and --terminator (crlf, lf, none) say what the\n"
            "            copybook does not (defaults: its 01 name, cp932, the longest record,\n"
            "            none); unsupported clauses are errors with their line and column\n"
            "  -o FILE   write the result atomically instead of to standard output\n");
}

static int layout_check(int argc, char **argv)
{
    if (argc < 1)
        return cmd_usage_error("layout check", "give one or more layouts");
    int rc = KR_RC_OK;
    for (int i = 0; i < argc; i++) {
        kr_layout *l = cmd_load_layout(argv[i]);
        if (!l) {
            rc = KR_RC_ENV;
            continue;
        }
        size_t fields = 0;
        for (size_t t = 0; t < l->n_types; t++)
            fields += l->types[t].n_fields;
        printf("KRK0100I %s: layout %s is valid: %zu record type%s, %zu fields, %zu bytes + %s, %s\n",
               l->path, l->name, l->n_types, l->n_types == 1 ? "" : "s", fields, l->length,
               kr_terminator_name(l->terminator), kr_encoding_name(l->encoding));
        kr_layout_free(l);
    }
    return rc;
}

static int layout_show(int argc, char **argv)
{
    static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    bool json = false;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
        if (c == 'j')
            json = true;
        else if (c == 'h') {
            help(stdout);
            return KR_RC_OK;
        } else
            return cmd_usage_error("layout show", "unknown option");
    }
    if (optind != argc - 1)
        return cmd_usage_error("layout show", "give one layout");
    kr_layout *l = cmd_load_layout(argv[optind]);
    if (!l)
        return KR_RC_ENV;
    kr_buf out;
    kr_buf_init(&out);
    if (json)
        kr_layout_show_json(l, &out);
    else
        kr_layout_show_table(l, &out);
    int rc = cmd_write_stdout(out.data, out.len);
    kr_buf_free(&out);
    kr_layout_free(l);
    return rc;
}

/* Writes text to path atomically, or to standard output when path is NULL. */
static int write_text(const char *path, const kr_buf *text)
{
    if (!path)
        return cmd_write_stdout(text->data, text->len);
    kr_err err;
    kr_writer *w = kr_writer_open(path, 1, KR_TERM_NONE, &err);
    bool ok = w != NULL;
    if (ok && !kr_writer_write(w, text->data, text->len, &err)) {
        kr_writer_abort(w);
        ok = false;
    }
    if (ok && !kr_writer_commit(w, &err)) /* frees w whatever happens */
        ok = false;
    if (!ok)
        fprintf(stderr, "%s\n", err.text);
    return ok ? KR_RC_OK : err.rc;
}

static int layout_copybook(int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *output = NULL;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        if (c == 'o')
            output = optarg;
        else if (c == 'h') {
            help(stdout);
            return KR_RC_OK;
        } else
            return cmd_usage_error("layout copybook", "unknown option");
    }
    if (optind != argc - 1)
        return cmd_usage_error("layout copybook", "give one layout");
    kr_layout *l = cmd_load_layout(argv[optind]);
    if (!l)
        return KR_RC_ENV;
    kr_buf out;
    kr_buf_init(&out);
    kr_copybook_write(l, &out);
    int rc = write_text(output, &out);
    kr_buf_free(&out);
    kr_layout_free(l);
    return rc;
}

static int layout_import(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},   {"name", required_argument, NULL, 'n'},
        {"encoding", required_argument, NULL, 'e'}, {"length", required_argument, NULL, 'l'},
        {"terminator", required_argument, NULL, 't'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *output = NULL;
    kr_import_opts o = {NULL, NULL, 0, NULL};
    uint64_t length;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 'n': o.name = optarg; break;
        case 'e':
            if (strcmp(optarg, "cp932") != 0 && strcmp(optarg, "utf-8") != 0)
                return cmd_usage_error("layout import", "--encoding is cp932 or utf-8");
            o.encoding = optarg;
            break;
        case 'l':
            if (!cmd_parse_count(optarg, &length) || length == 0 || length > 1048576)
                return cmd_usage_error("layout import", "--length takes a record length in bytes, 1 to 1048576");
            o.length = (size_t)length;
            break;
        case 't':
            if (strcmp(optarg, "crlf") != 0 && strcmp(optarg, "lf") != 0 && strcmp(optarg, "none") != 0)
                return cmd_usage_error("layout import", "--terminator is crlf, lf or none");
            o.terminator = optarg;
            break;
        case 'h': help(stdout); return KR_RC_OK;
        default: return cmd_usage_error("layout import", "unknown option");
        }
    }
    if (optind != argc - 1)
        return cmd_usage_error("layout import", "give one copybook");
    const char *path = argv[optind];
    kr_buf text, out;
    kr_buf_init(&text);
    kr_buf_init(&out);
    kr_err err;
    if (!kr_read_file(path, &text, &err)) {
        fprintf(stderr, "%s\n", err.text);
        kr_buf_free(&text);
        return KR_RC_ENV;
    }
    kr_diags d;
    kr_diags_init(&d);
    bool ok = kr_copybook_import(text.data, text.len, path, &o, &out, &d);
    kr_diags_print(&d, stderr);
    int rc = ok ? write_text(output, &out) : KR_RC_ENV;
    if (rc == KR_RC_OK && d.rc > rc)
        rc = d.rc;
    kr_diags_free(&d);
    kr_buf_free(&text);
    kr_buf_free(&out);
    return rc;
}

int cmd_layout(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? KR_RC_ENV : KR_RC_OK;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "check") == 0)
        return layout_check(argc - 2, argv + 2);
    if (strcmp(sub, "show") == 0)
        return layout_show(argc - 1, argv + 1);
    if (strcmp(sub, "copybook") == 0)
        return layout_copybook(argc - 1, argv + 1);
    if (strcmp(sub, "import") == 0)
        return layout_import(argc - 1, argv + 1);
    return cmd_usage_error("layout", "unknown subcommand '%s'", sub);
}
