/* alloc.c: allocation helpers that never return NULL (see core.h for the policy). */
#include "kiroku/core.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static void out_of_memory(size_t n)
{
    fprintf(stderr, "KRK0001S out of memory allocating %zu bytes\n", n);
    abort();
}

void *kr_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory(n);
    return p;
}

void *kr_xmalloc_block(size_t n)
{
    const size_t huge = (size_t)2 << 20;
    void *p = NULL;
    if (n < huge)
        return kr_xmalloc(n);
    if (posix_memalign(&p, huge, n) != 0)
        out_of_memory(n);
#ifdef MADV_HUGEPAGE
    madvise(p, n / huge * huge, MADV_HUGEPAGE); /* advice only: without THP it does nothing */
#endif
    return p;
}

void *kr_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        out_of_memory(n * size);
    return p;
}

void *kr_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory(n);
    return q;
}

char *kr_xstrdup(const char *s)
{
    return kr_xstrndup(s, strlen(s));
}

char *kr_xstrndup(const char *s, size_t n)
{
    char *p = kr_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *kr_xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kr_buf b;
    kr_buf_init(&b);
    kr_buf_vaddf(&b, fmt, ap);
    va_end(ap);
    return kr_buf_take(&b);
}

void kr_grow(void **items, size_t *cap, size_t need, size_t elemsize)
{
    if (need <= *cap)
        return;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need)
        ncap *= 2;
    *items = kr_xrealloc(*items, ncap * elemsize);
    *cap = ncap;
}
