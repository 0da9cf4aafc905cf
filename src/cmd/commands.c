/* commands.c: the table of kiroku's subcommands and the helpers they share. */
#include "cmd.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const kr_command kr_commands[] = {
    {"layout", cmd_layout, "check, show, export and import record layouts"},
    {"view", cmd_view, "show the records of a file field by field"},
    {"verify", cmd_verify, "check every record of a file against its layout"},
    {"sort", cmd_sort, "sort, merge or copy records under DFSORT control statements"},
    {"ledger", cmd_ledger, "keyed masters: sequential update, Berkeley DB ledgers"},
    {"convert", cmd_convert, "rewrite a file in another layout or encoding (CP932, UTF-8)"},
    {"text", cmd_text, "check 外字 tables and folding profiles; try folds and text keys"},
    {"generate", cmd_generate, "write a file of valid sample records for a layout"},
    {"city", cmd_city, "write a synthetic prefecture for the NHI streams, with its truth"},
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
