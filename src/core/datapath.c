/* datapath.c: where named data files are found: layouts, 外字 tables, folding profiles.
 * The search path is $KIROKU_LAYOUTS (directories separated by ':'), ./layouts, then the
 * installed directory, which the build writes into datadir.h from PREFIX. */
#include "kiroku/core.h"

#include "datadir.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

bool kr_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

const char *kr_data_installed_dir(void)
{
    return KIROKU_DATADIR "/layouts";
}

char *kr_data_find(const char *subdir, const char *file, char **looked)
{
    kr_buf dirs, where;
    kr_buf_init(&dirs);
    kr_buf_init(&where);
    const char *env = getenv("KIROKU_LAYOUTS");
    if (env && *env) {
        kr_buf_adds(&dirs, env);
        kr_buf_addc(&dirs, ':');
    }
    kr_buf_addf(&dirs, "layouts:%s", kr_data_installed_dir());
    char *found = NULL, *save = NULL;
    for (char *d = strtok_r(dirs.data, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
        char *cand = subdir ? kr_xasprintf("%s/%s/%s", d, subdir, file) : kr_xasprintf("%s/%s", d, file);
        kr_buf_addf(&where, "%s%s", where.len ? ", " : "", cand);
        if (kr_is_file(cand))
            found = cand;
        else
            free(cand);
    }
    kr_buf_free(&dirs);
    if (looked)
        *looked = kr_buf_take(&where);
    kr_buf_free(&where);
    return found;
}
