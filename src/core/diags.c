/* diags.c: the diagnostic sink every parser reports into (core.h): each problem a message
 * starting with its id and place, the highest return code kept. */
#include "kiroku/core.h"

#include <stdlib.h>
#include <string.h>

void kr_diags_init(kr_diags *d)
{
    memset(d, 0, sizeof *d);
}

void kr_diags_free(kr_diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->items[i]);
    free(d->items);
    memset(d, 0, sizeof *d);
}

void kr_diags_add(kr_diags *d, int rc, const char *id, const char *fmt, ...)
{
    kr_buf b;
    kr_buf_init(&b);
    kr_buf_addf(&b, "%s ", id);
    va_list ap;
    va_start(ap, fmt);
    kr_buf_vaddf(&b, fmt, ap);
    va_end(ap);
    KR_GROW(d->items, d->cap, d->n + 1);
    d->items[d->n++] = kr_buf_take(&b);
    if (rc > d->rc)
        d->rc = rc;
}

void kr_diags_add_err(kr_diags *d, const kr_err *err)
{
    KR_GROW(d->items, d->cap, d->n + 1);
    d->items[d->n++] = kr_xstrdup(err->text);
    if (err->rc > d->rc)
        d->rc = err->rc;
}

void kr_diags_print(const kr_diags *d, FILE *out)
{
    for (size_t i = 0; i < d->n; i++)
        fprintf(out, "%s\n", d->items[i]);
}

