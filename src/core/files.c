/* files.c: small file-system chores shared by modules: a file's bytes copied onto a stream
 * (removing a folder of files is rmdir.c's). */
#include "kiroku/core.h"

void kr_copy_file_to(const char *path, FILE *to)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        fwrite(buf, 1, n, to);
    fclose(f);
}
