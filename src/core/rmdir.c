/* rmdir.c: removing a file, or a folder of files (a Berkeley DB ledger's directory, a
 * folder a killed run left): the files inside, then the folder. Not recursive: the folders
 * kiroku makes hold files only. */
#include "kiroku/core.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void kr_remove_path(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (!S_ISDIR(st.st_mode)) {
        unlink(path);
        return;
    }
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char *p = kr_xasprintf("%s/%s", path, e->d_name);
            unlink(p);
            free(p);
        }
        closedir(d);
    }
    rmdir(path);
}
