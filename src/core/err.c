/* err.c: error values (kr_err) and their formatting. */
#include "kiroku/core.h"

#include <string.h>

bool kr_vfail(kr_err *err, int rc, const char *id, const char *fmt, va_list ap)
{
    if (!err)
        return false;
    err->rc = rc;
    int n = snprintf(err->text, sizeof err->text, "%s ", id);
    if (n < 0 || (size_t)n >= sizeof err->text)
        n = 0;
    vsnprintf(err->text + n, sizeof err->text - (size_t)n, fmt, ap);
    return false;
}

bool kr_fail(kr_err *err, int rc, const char *id, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kr_vfail(err, rc, id, fmt, ap);
    va_end(ap);
    return false;
}

void kr_err_clear(kr_err *err)
{
    if (err) {
        err->rc = 0;
        err->text[0] = '\0';
    }
}

void kr_err_prefix(kr_err *err, const char *fmt, ...)
{
    if (!err || !err->text[0])
        return;
    /* The id is the first word; it stays first. */
    const char *space = strchr(err->text, ' ');
    size_t idlen = space ? (size_t)(space - err->text) + 1 : 0;
    kr_buf b;
    kr_buf_init(&b);
    kr_buf_add(&b, err->text, idlen);
    va_list ap;
    va_start(ap, fmt);
    kr_buf_vaddf(&b, fmt, ap);
    va_end(ap);
    kr_buf_adds(&b, ": ");
    kr_buf_adds(&b, err->text + idlen);
    size_t n = b.len < sizeof err->text - 1 ? b.len : sizeof err->text - 1;
    memcpy(err->text, b.data, n);
    err->text[n] = '\0';
    kr_buf_free(&b);
}
