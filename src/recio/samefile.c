/* samefile.c: do two names reach one file? Outputs are compared by device and inode (after
 * symbolic links), so that two outputs of one step, or an output and a file the step must
 * keep, can be refused before anything is read. A name that does not exist yet is compared
 * by its folder's device and inode and its last component. */
#include "kiroku/recio.h"

#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct file_id {
    dev_t dev;
    ino_t ino;
    char *leaf; /* NULL when the file exists */
    bool shared; /* a device or FIFO: several writers are fine (-o /dev/null twice) */
} file_id;

static bool identify(const char *path, file_id *id)
{
    memset(id, 0, sizeof *id);
    struct stat st;
    if (stat(path, &st) == 0) {
        id->dev = st.st_dev;
        id->ino = st.st_ino;
        id->shared = S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISFIFO(st.st_mode);
        return true;
    }
    char *d = kr_xstrdup(path), *b = kr_xstrdup(path);
    bool ok = stat(dirname(d), &st) == 0;
    if (ok) {
        id->dev = st.st_dev;
        id->ino = st.st_ino;
        id->leaf = kr_xstrdup(basename(b));
    }
    free(d);
    free(b);
    return ok;
}

bool kr_same_file(const char *a, const char *b)
{
    if (strcmp(a, "-") == 0 || strcmp(b, "-") == 0)
        return strcmp(a, b) == 0;
    file_id x, y;
    bool same = false;
    if (identify(a, &x) && identify(b, &y)) {
        same = x.dev == y.dev && x.ino == y.ino && !x.shared && !y.shared &&
               (x.leaf ? y.leaf && strcmp(x.leaf, y.leaf) == 0 : !y.leaf);
        free(y.leaf);
    }
    free(x.leaf);
    return same;
}

bool kr_distinct_files(const char *role_a, const char *a, const char *role_b, const char *b, kr_err *err)
{
    if (!a || !b || !kr_same_file(a, b))
        return true;
    return kr_fail(err, KR_RC_ENV, "KRK1702E", "%s (%s) and %s (%s) are one file; give each output its own name",
                   role_a, a, role_b, b);
}
