/* buf.c: growable byte buffers and the text helpers built on them. */
#include "kiroku/core.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void kr_buf_init(kr_buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

void kr_buf_free(kr_buf *b)
{
    free(b->data);
    kr_buf_init(b);
}

void kr_buf_reset(kr_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

static void reserve(kr_buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need > b->cap) {
        size_t ncap = b->cap ? b->cap : 64;
        while (ncap < need)
            ncap *= 2;
        b->data = kr_xrealloc(b->data, ncap);
        b->cap = ncap;
    }
}

void kr_buf_add(kr_buf *b, const void *p, size_t n)
{
    reserve(b, n);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void kr_buf_addc(kr_buf *b, char c)
{
    reserve(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void kr_buf_adds(kr_buf *b, const char *s)
{
    kr_buf_add(b, s, strlen(s));
}

void kr_buf_vaddf(kr_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return;
    reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void kr_buf_addf(kr_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kr_buf_vaddf(b, fmt, ap);
    va_end(ap);
}

void kr_buf_add_json(kr_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': kr_buf_adds(b, "\\\""); break;
        case '\\': kr_buf_adds(b, "\\\\"); break;
        case '\n': kr_buf_adds(b, "\\n"); break;
        case '\r': kr_buf_adds(b, "\\r"); break;
        case '\t': kr_buf_adds(b, "\\t"); break;
        default:
            if (c < 0x20)
                kr_buf_addf(b, "\\u%04x", c);
            else
                kr_buf_addc(b, (char)c);
        }
    }
}

void kr_buf_add_csv(kr_buf *b, const char *s, size_t n)
{
    bool quote = false;
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote) {
        kr_buf_add(b, s, n);
        return;
    }
    kr_buf_addc(b, '"');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            kr_buf_addc(b, '"');
        kr_buf_addc(b, s[i]);
    }
    kr_buf_addc(b, '"');
}

char *kr_buf_take(kr_buf *b)
{
    char *p = b->data ? b->data : kr_xstrdup("");
    kr_buf_init(b);
    return p;
}

bool kr_read_file(const char *path, kr_buf *out, kr_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return kr_fail(err, KR_RC_ENV, "KRK0010E", "%s: cannot open: %s", path, strerror(errno));
    kr_buf_reset(out);
    char tmp[65536];
    for (;;) {
        ssize_t n = read(fd, tmp, sizeof tmp);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            close(fd);
            return kr_fail(err, KR_RC_ENV, "KRK0011E", "%s: cannot read: %s", path, strerror(e));
        }
        if (n == 0)
            break;
        kr_buf_add(out, tmp, (size_t)n);
    }
    close(fd);
    if (!out->data)
        kr_buf_add(out, "", 0);
    return true;
}

/* East Asian Width: wide/full-width ranges that matter for Japanese text. */
static bool wide_codepoint(uint32_t c)
{
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
           (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
           (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xE000 && c <= 0xF8FF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
           (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) ||
           (c >= 0x20000 && c <= 0x3FFFD) || (c >= 0x2460 && c <= 0x24FF) ||
           (c >= 0x2500 && c <= 0x257F) || (c >= 0x25A0 && c <= 0x25FF) ||
           (c >= 0x2600 && c <= 0x26FF) || (c >= 0x2190 && c <= 0x21FF) ||
           (c >= 0x2200 && c <= 0x22FF) || (c >= 0x2160 && c <= 0x217F) ||
           c == 0x00A7 || c == 0x00A8 || c == 0x00B0 || c == 0x00B1 || c == 0x00B4 ||
           c == 0x00B6 || c == 0x00D7 || c == 0x00F7 || (c >= 0x0391 && c <= 0x03C9) ||
           (c >= 0x0401 && c <= 0x0451) || c == 0x2010 || c == 0x2015 || c == 0x2018 ||
           c == 0x2019 || c == 0x201C || c == 0x201D || c == 0x2020 || c == 0x2021 ||
           c == 0x2025 || c == 0x2026 || c == 0x2030 || c == 0x2032 || c == 0x2033 ||
           c == 0x203B || c == 0x2103 || c == 0x2116 || c == 0x2121 || c == 0x212B;
}

size_t kr_utf8_columns(const char *s, size_t n)
{
    size_t cols = 0;
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        uint32_t c;
        int len;
        if (*p < 0x80)
            c = *p, len = 1;
        else if ((*p & 0xE0) == 0xC0)
            c = *p & 0x1F, len = 2;
        else if ((*p & 0xF0) == 0xE0)
            c = *p & 0x0F, len = 3;
        else
            c = *p & 0x07, len = 4;
        for (int i = 1; i < len && p + i < end; i++)
            c = (c << 6) | (p[i] & 0x3F);
        p += len;
        if (c >= 0xFE00 && c <= 0xFE0F)
            continue; /* variation selectors take no column */
        if (c >= 0xE0100 && c <= 0xE01EF)
            continue;
        cols += wide_codepoint(c) ? 2 : 1;
    }
    return cols;
}

int kr_i128_format(kr_i128 v, char *out)
{
    char tmp[48];
    int n = 0;
    bool neg = v < 0;
    /* Work on the negative range so that the minimum value formats too. */
    kr_i128 x = neg ? v : -v;
    do {
        tmp[n++] = (char)('0' - (int)(x % 10));
        x /= 10;
    } while (x != 0);
    int len = 0;
    if (neg)
        out[len++] = '-';
    while (n > 0)
        out[len++] = tmp[--n];
    out[len] = '\0';
    return len;
}

int kr_hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}
