/* keys.c: key files ("kiroku-key-v1 ID HEX"), key rings (a directory of ID.key files) and
 * passphrase files. A key or passphrase file that the group or others may read is refused:
 * a secret that others can read is no longer a secret. */
#include "secure/crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool kr_key_id_valid(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n > KR_KEY_ID_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = id[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '_' || c == '-'))
            return false;
    }
    return id[0] != '.';
}

/* Reads the first line of a secret file after checking its mode (at most 4 KiB). */
bool kr_secret_read(const char *path, const char *what, char *line, size_t cap, kr_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return kr_fail(err, KR_RC_ENV, "KRK1502E", "%s: cannot open the %s: %s", path, what, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return kr_fail(err, KR_RC_ENV, "KRK1502E", "%s: the %s is not a regular file", path, what);
    }
    if (st.st_mode & 077) {
        close(fd);
        return kr_fail(err, KR_RC_ENV, "KRK1501E",
                       "%s: the %s may be read or written by the group or others (mode %04o); "
                       "refused: run 'chmod 600 %s' and consider the key exposed",
                       path, what, (unsigned)(st.st_mode & 07777), path);
    }
    ssize_t n = read(fd, line, cap - 1);
    close(fd);
    if (n < 0)
        return kr_fail(err, KR_RC_ENV, "KRK1502E", "%s: cannot read the %s: %s", path, what, strerror(errno));
    line[n] = '\0';
    line[strcspn(line, "\r\n")] = '\0';
    return true;
}

bool kr_key_read(const char *path, kr_seal_key *key, kr_err *err)
{
    memset(key, 0, sizeof *key);
    char line[256];
    if (!kr_secret_read(path, "key file", line, sizeof line, err))
        return false;
    char id[66] = "", hex[66] = "";
    int used = 0;
    bool ok = sscanf(line, "kiroku-key-v1 %65s %65s%n", id, hex, &used) == 2 && line[used] == '\0' &&
              kr_key_id_valid(id) && kr_unhex(hex, key->bytes, KR_KEY_BYTES);
    kr_wipe(line, sizeof line);
    kr_wipe(hex, sizeof hex);
    if (!ok) {
        kr_wipe(key, sizeof *key);
        return kr_fail(err, KR_RC_ENV, "KRK1502E",
                       "%s: not a key file: the one line must be 'kiroku-key-v1 ID HEX' with 64 hex digits "
                       "(make one with 'kiroku seal --new-key FILE --key-id ID')",
                       path);
    }
    memcpy(key->id, id, strlen(id) + 1);
    return true;
}

bool kr_key_find(const char *ring, const char *id, kr_seal_key *key, kr_err *err)
{
    if (!kr_key_id_valid(id))
        return kr_fail(err, KR_RC_ENV, "KRK1503E", "key id '%s' is not valid (letters, digits, . _ -)", id);
    char *path = kr_xasprintf("%s/%s.key", ring, id);
    if (access(path, F_OK) != 0) {
        kr_fail(err, KR_RC_ENV, "KRK1503E", "key ring %s holds no key '%s' (looked for %s)", ring, id, path);
        free(path);
        return false;
    }
    bool ok = kr_key_read(path, key, err);
    if (ok && strcmp(key->id, id) != 0) {
        ok = kr_fail(err, KR_RC_ENV, "KRK1503E", "%s: the file holds key id '%s', not '%s'", path, key->id, id);
        kr_key_forget(key);
    }
    free(path);
    return ok;
}

bool kr_key_create(const char *path, const char *id, kr_err *err)
{
    if (!kr_key_id_valid(id))
        return kr_fail(err, KR_RC_ENV, "KRK1503E", "key id '%s' is not valid (letters, digits, . _ -)", id);
    unsigned char bytes[KR_KEY_BYTES];
    if (!kr_random(bytes, sizeof bytes, err))
        return false;
    char hex[2 * KR_KEY_BYTES + 1];
    kr_hex(bytes, sizeof bytes, hex);
    kr_wipe(bytes, sizeof bytes);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        kr_wipe(hex, sizeof hex);
        return kr_fail(err, KR_RC_ENV, "KRK1502E", "%s: cannot create the key file: %s", path, strerror(errno));
    }
    char *line = kr_xasprintf("kiroku-key-v1 %s %s\n", id, hex);
    size_t n = strlen(line);
    bool ok = write(fd, line, n) == (ssize_t)n && fsync(fd) == 0;
    int e = errno;
    close(fd);
    kr_wipe(hex, sizeof hex);
    kr_wipe(line, n);
    free(line);
    if (!ok) {
        unlink(path);
        return kr_fail(err, KR_RC_FAIL, "KRK1502E", "%s: cannot write the key file: %s", path, strerror(e));
    }
    return true;
}

bool kr_key_passphrase(const char *path, const char *id, kr_seal_key *key, kr_err *err)
{
    memset(key, 0, sizeof *key);
    if (!kr_key_id_valid(id))
        return kr_fail(err, KR_RC_ENV, "KRK1503E", "key id '%s' is not valid (letters, digits, . _ -)", id);
    char line[1024];
    if (!kr_secret_read(path, "passphrase file", line, sizeof line, err))
        return false;
    if (strlen(line) < 12) {
        kr_wipe(line, sizeof line);
        return kr_fail(err, KR_RC_ENV, "KRK1514E", "%s: the passphrase is shorter than 12 characters", path);
    }
    key->kdf = 1;
    key->passphrase = kr_xstrdup(line);
    kr_wipe(line, sizeof line);
    memcpy(key->id, id, strlen(id) + 1);
    return true;
}

void kr_key_forget(kr_seal_key *key)
{
    if (key->passphrase) {
        kr_wipe(key->passphrase, strlen(key->passphrase));
        free(key->passphrase);
    }
    kr_wipe(key, sizeof *key);
}
