/* record.c: the text form of the catalog's records: "name=value" lines (db_dump shows them as
 * they are), values with backslash and newline escaped. */
#include "internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

void kv_add(kr_buf *b, const char *name, const char *value)
{
    kr_buf_adds(b, name);
    kr_buf_addc(b, '=');
    for (const char *p = value; *p; p++) {
        if (*p == '\\')
            kr_buf_adds(b, "\\\\");
        else if (*p == '\n')
            kr_buf_adds(b, "\\n");
        else
            kr_buf_addc(b, *p);
    }
    kr_buf_addc(b, '\n');
}

void kv_addu(kr_buf *b, const char *name, uint64_t v)
{
    kr_buf_addf(b, "%s=%" PRIu64 "\n", name, v);
}

void kv_addi(kr_buf *b, const char *name, int64_t v)
{
    kr_buf_addf(b, "%s=%" PRId64 "\n", name, v);
}

bool kv_get(const char *rec, size_t len, const char *name, size_t idx, char *out, size_t size)
{
    size_t nlen = strlen(name);
    const char *p = rec, *end = rec + len;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        if ((size_t)(eol - p) > nlen && memcmp(p, name, nlen) == 0 && p[nlen] == '=' && idx-- == 0) {
            size_t o = 0;
            for (const char *v = p + nlen + 1; v < eol && o + 1 < size; v++) {
                char ch = *v;
                if (ch == '\\' && v + 1 < eol) {
                    v++;
                    ch = *v == 'n' ? '\n' : *v;
                }
                out[o++] = ch;
            }
            out[o] = '\0';
            return true;
        }
        p = eol + 1;
    }
    if (size)
        out[0] = '\0';
    return false;
}

uint64_t kv_getu(const char *rec, size_t len, const char *name)
{
    char v[32];
    return kv_get(rec, len, name, 0, v, sizeof v) ? strtoull(v, NULL, 10) : 0;
}

int64_t kv_geti(const char *rec, size_t len, const char *name)
{
    char v[32];
    return kv_get(rec, len, name, 0, v, sizeof v) ? strtoll(v, NULL, 10) : 0;
}

void cat_key(kr_buf *key, char kind, const char *name)
{
    kr_buf_reset(key);
    kr_buf_addc(key, kind);
    kr_buf_adds(key, name);
}

void cat_key_run(kr_buf *key, char kind, uint64_t run)
{
    kr_buf_reset(key);
    kr_buf_addf(key, "%c%016" PRIx64, kind, run);
}

void ds_encode(kr_buf *b, const kr_dsinfo *d)
{
    kv_add(b, "layout", d->layout);
    kv_addi(b, "created", d->created);
    kv_addu(b, "run", d->run);
    if (d->generation) {
        kv_add(b, "base", d->base);
        kv_addu(b, "gen", d->gen);
    }
}

void ds_decode(const char *rec, size_t len, const char *dsn, kr_dsinfo *d)
{
    memset(d, 0, sizeof *d);
    snprintf(d->dsn, sizeof d->dsn, "%s", dsn);
    kv_get(rec, len, "layout", 0, d->layout, sizeof d->layout);
    d->created = kv_geti(rec, len, "created");
    d->run = kv_getu(rec, len, "run");
    d->generation = kv_get(rec, len, "base", 0, d->base, sizeof d->base);
    d->gen = (unsigned)kv_getu(rec, len, "gen");
}

void gdg_encode(kr_buf *b, const kr_gdg *g)
{
    kv_addu(b, "limit", g->limit);
    kv_add(b, "scratch", g->scratch ? "yes" : "no");
    kv_add(b, "empty", g->empty ? "yes" : "no");
    kv_addi(b, "created", g->created);
    kv_addu(b, "last", g->last);
    kr_buf_adds(b, "gens=");
    for (size_t i = 0; i < g->n; i++)
        kr_buf_addf(b, "%s%u", i ? "," : "", g->gens[i]);
    kr_buf_addc(b, '\n');
}

void gdg_decode(const char *rec, size_t len, const char *base, kr_gdg *g)
{
    memset(g, 0, sizeof *g);
    snprintf(g->base, sizeof g->base, "%s", base);
    g->limit = (unsigned)kv_getu(rec, len, "limit");
    char v[KR_GDG_LIMIT_MAX * 5 + 8];
    kv_get(rec, len, "scratch", 0, v, sizeof v);
    g->scratch = strcmp(v, "yes") == 0;
    kv_get(rec, len, "empty", 0, v, sizeof v);
    g->empty = strcmp(v, "yes") == 0;
    g->created = kv_geti(rec, len, "created");
    g->last = (unsigned)kv_getu(rec, len, "last");
    kv_get(rec, len, "gens", 0, v, sizeof v);
    for (char *p = v; *p && g->n < KR_GDG_LIMIT_MAX;) {
        char *end;
        g->gens[g->n++] = (unsigned)strtoul(p, &end, 10);
        p = *end == ',' ? end + 1 : end;
        if (end == p && *p)
            break;
    }
}
