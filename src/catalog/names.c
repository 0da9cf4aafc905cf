/* names.c: data set names as z/OS writes them, references with a relative generation, the
 * absolute names of generations, and the file of a data set under the data root. */
#include "kiroku/catalog.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool national(int ch)
{
    return ch == '@' || ch == '#' || ch == '$';
}

bool kr_dsn_check(const char *name, char out[KR_DSN_MAX + 1], kr_err *err)
{
    size_t n = strlen(name);
    if (n == 0)
        return kr_fail(err, KR_RC_ENV, "KRK1301E", "a data set name is empty");
    if (n > KR_DSN_MAX)
        return kr_fail(err, KR_RC_ENV, "KRK1301E", "data set name %.60s: %zu characters, at most 44", name, n);
    size_t qlen = 0;
    for (size_t i = 0; i <= n; i++) {
        int ch = toupper((unsigned char)name[i]);
        if (ch == '.' || ch == '\0') {
            if (qlen == 0)
                return kr_fail(err, KR_RC_ENV, "KRK1301E",
                               "data set name %s: an empty qualifier at column %zu (two periods, or a period at "
                               "an end)",
                               name, i + 1);
            qlen = 0;
        } else if (qlen == 0 && !(isupper(ch) || national(ch))) {
            return kr_fail(err, KR_RC_ENV, "KRK1301E",
                           "data set name %s: a qualifier starts with '%c' at column %zu; it must start with a "
                           "letter, @, # or $",
                           name, name[i], i + 1);
        } else if (!(isupper(ch) || isdigit(ch) || national(ch) || ch == '-')) {
            return kr_fail(err, KR_RC_ENV, "KRK1301E",
                           "data set name %s: '%c' at column %zu; a qualifier holds A-Z, 0-9, @, #, $ and -",
                           name, name[i], i + 1);
        } else if (++qlen > 8) {
            return kr_fail(err, KR_RC_ENV, "KRK1301E",
                           "data set name %s: the qualifier at column %zu is longer than 8 characters", name,
                           i + 2 - qlen);
        }
        out[i] = (char)ch;
    }
    return true;
}

bool kr_dsref_parse(const char *text, kr_dsref *ref, kr_err *err)
{
    memset(ref, 0, sizeof *ref);
    const char *open = strchr(text, '(');
    size_t n = open ? (size_t)(open - text) : strlen(text);
    char name[KR_DSN_MAX + 2];
    if (n > KR_DSN_MAX)
        return kr_fail(err, KR_RC_ENV, "KRK1301E", "data set name %.60s: longer than 44 characters", text);
    memcpy(name, text, n);
    name[n] = '\0';
    if (!kr_dsn_check(name, ref->name, err))
        return false;
    if (!open)
        return true;
    const char *p = open + 1;
    char *end;
    errno = 0;
    long v = strtol(p, &end, 10);
    if (end == p || errno || strcmp(end, ")") != 0 || (*p != '+' && *p != '-' && v != 0) || v > 255 ||
        v < -255)
        return kr_fail(err, KR_RC_ENV, "KRK1302E",
                       "%s: a relative generation is written (0), (-n) or (+1); kiroku keeps no members of "
                       "partitioned data sets",
                       text);
    if (strlen(ref->name) > KR_GDG_BASE_MAX)
        return kr_fail(err, KR_RC_ENV, "KRK1301E", "%s: a GDG base has at most 35 characters", text);
    ref->relative = true;
    ref->rel = (int)v;
    return true;
}

void kr_gen_name(const char *base, unsigned gen, char out[KR_DSN_MAX + 1])
{
    snprintf(out, KR_DSN_MAX + 1, "%.35s.G%04uV00", base, gen % 10000);
}

bool kr_gen_split(const char *dsn, char base[KR_DSN_MAX + 1], unsigned *gen)
{
    size_t n = strlen(dsn);
    if (n < 10 || n > KR_DSN_MAX)
        return false;
    const char *q = dsn + n - 9;
    if (q[0] != '.' || q[1] != 'G' || q[6] != 'V' || q[7] != '0' || q[8] != '0')
        return false;
    unsigned v = 0;
    for (int i = 2; i < 6; i++) {
        if (!isdigit((unsigned char)q[i]))
            return false;
        v = v * 10 + (unsigned)(q[i] - '0');
    }
    if (v == 0)
        return false;
    memcpy(base, dsn, n - 9);
    base[n - 9] = '\0';
    *gen = v;
    return true;
}

char *kr_dsn_path(const char *root, const char *dsn)
{
    size_t hlq = strcspn(dsn, ".");
    return kr_xasprintf("%s/%.*s/%s", root, (int)hlq, dsn, dsn);
}

bool kr_dsn_mkdir(const char *root, const char *dsn, kr_err *err)
{
    size_t hlq = strcspn(dsn, ".");
    char *dir = kr_xasprintf("%s/%.*s", root, (int)hlq, dsn);
    bool ok = mkdir(dir, 0777) == 0 || errno == EEXIST ||
              kr_fail(err, KR_RC_FAIL, "KRK1303E", "cannot create the folder %s for %s: %s", dir, dsn,
                      strerror(errno));
    free(dir);
    return ok;
}
