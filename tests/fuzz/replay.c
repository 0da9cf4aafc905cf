/* replay.c: runs a fuzz target over files without libFuzzer, so that `make check` (gcc,
 * AddressSanitizer) replays each committed corpus: every argument is a file or a folder of
 * files, each file's bytes given once to LLVMFuzzerTestOneInput. Prints how many ran. */
#include "fuzz.h"

#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    kr_buf b;
    kr_buf_init(&b);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        kr_buf_add(&b, chunk, n);
    fclose(f);
    /* A private copy of exactly the file's size, so ASan sees a read one byte past it. */
    uint8_t *data = malloc(b.len ? b.len : 1);
    if (b.len)
        memcpy(data, b.data, b.len);
    LLVMFuzzerTestOneInput(data, b.len);
    free(data);
    kr_buf_free(&b);
    return 1;
}

int main(int argc, char **argv)
{
    long ran = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            return 2;
        }
        if (!S_ISDIR(st.st_mode)) {
            if (run_file(argv[i]) < 0)
                return 2;
            ran++;
            continue;
        }
        DIR *d = opendir(argv[i]);
        if (!d) {
            perror(argv[i]);
            return 2;
        }
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            char *p = kr_xasprintf("%s/%s", argv[i], e->d_name);
            int r = run_file(p);
            free(p);
            if (r < 0) {
                closedir(d);
                return 2;
            }
            ran++;
        }
        closedir(d);
    }
    printf("%ld inputs replayed\n", ran);
    return 0;
}
