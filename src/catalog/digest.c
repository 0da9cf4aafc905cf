/* digest.c: the SHA-256 of a file (OpenSSL's EVP), kept in the run history for every output. */
#include "kiroku/catalog.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <string.h>
#include <unistd.h>

bool kr_sha256_file(const char *path, char hex[65], kr_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return kr_fail(err, KR_RC_FAIL, "KRK1352E", "%s: cannot open it for its digest: %s", path, strerror(errno));
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    bool ok = (ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1) ||
              kr_fail(err, KR_RC_FAIL, "KRK1352E", "%s: OpenSSL cannot compute SHA-256", path);
    static const size_t block = 1u << 16;
    unsigned char buf[1u << 16];
    ssize_t n;
    while (ok && (n = read(fd, buf, block)) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            ok = kr_fail(err, KR_RC_FAIL, "KRK1352E", "%s: read error for its digest: %s", path, strerror(errno));
            break;
        }
        ok = EVP_DigestUpdate(ctx, buf, (size_t)n) == 1 ||
             kr_fail(err, KR_RC_FAIL, "KRK1352E", "%s: OpenSSL cannot compute SHA-256", path);
    }
    unsigned char md[32];
    unsigned int len = 0;
    if (ok && EVP_DigestFinal_ex(ctx, md, &len) == 1 && len == 32) {
        for (int i = 0; i < 32; i++)
            snprintf(hex + 2 * i, 3, "%02x", md[i]);
    } else if (ok) {
        ok = kr_fail(err, KR_RC_FAIL, "KRK1352E", "%s: OpenSSL cannot compute SHA-256", path);
    }
    EVP_MD_CTX_free(ctx);
    close(fd);
    return ok;
}
