/* outfile.h: an output file written under a temporary name beside its target and renamed
 * only on commit, after fsync (the kr_writer discipline), for the sealed formats, which
 * need to rewrite their header at the end and to choose the file's mode (private). */
#ifndef KIROKU_SECURE_OUTFILE_H
#define KIROKU_SECURE_OUTFILE_H

#include "kiroku/secure.h"

#include <sys/types.h>
#include <sys/uio.h>

typedef struct kr_outfile {
    char *path;
    char *tmp;
    int fd;
    off_t written; /* bytes kr_outfile_write put in the file (messages) */
} kr_outfile;

/* Creates the temporary file with mode (filtered by the umask). */
bool kr_outfile_open(kr_outfile *f, const char *path, mode_t mode, kr_err *err);
bool kr_outfile_write(kr_outfile *f, const void *data, size_t n, kr_err *err);
/* Writes the n pieces (gathered, no copy) at file offset at, whatever was written before (two
 * threads write their batches side by side); advances iov as it goes. Thread-safe. */
bool kr_outfile_pwritev(kr_outfile *f, struct iovec *iov, size_t n, off_t at, kr_err *err);
bool kr_outfile_pwrite(kr_outfile *f, const void *data, size_t n, off_t at, kr_err *err);
/* fsync, rename to the target, fsync the directory. Always closes f. */
bool kr_outfile_commit(kr_outfile *f, kr_err *err);
/* Removes the temporary file. Safe after commit and on a zeroed f. */
void kr_outfile_abort(kr_outfile *f);

#endif
