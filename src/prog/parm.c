/* parm.c: PARM= text as IBM's utilities and DFSORT write it: KEYWORD or KEYWORD=VALUE items
 * separated by commas, values optionally in quotes; every item must be asked for by the
 * program, so a misspelt option is an error and not silently ignored. */
#include "kiroku/program.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void add(kr_parm *p, const char *key, size_t keylen, const char *value, size_t vlen, bool has_value)
{
    p->items = kr_xrealloc(p->items, (p->n + 1) * sizeof *p->items);
    kr_parm_item *it = &p->items[p->n++];
    it->key = kr_xstrndup(key, keylen);
    it->value = has_value ? kr_xstrndup(value, vlen) : NULL;
    it->used = false;
}

bool kr_parm_parse(const char *text, kr_parm *p, kr_err *err)
{
    memset(p, 0, sizeof *p);
    const char *c = text ? text : "";
    while (*c) {
        const char *key = c;
        while (*c && *c != ',' && *c != '=')
            c++;
        size_t keylen = (size_t)(c - key);
        if (keylen == 0) {
            kr_parm_free(p);
            return kr_fail(err, KR_RC_ENV, "KRK1205E", "PARM '%s': an empty item at column %zu", text,
                           (size_t)(key - text) + 1);
        }
        if (*c != '=') {
            add(p, key, keylen, NULL, 0, false);
        } else {
            c++;
            kr_buf v;
            kr_buf_init(&v);
            if (*c == '\'') {
                for (c++;; c++) {
                    if (!*c) {
                        kr_buf_free(&v);
                        kr_parm_free(p);
                        return kr_fail(err, KR_RC_ENV, "KRK1205E", "PARM '%s': a quoted value is not closed", text);
                    }
                    if (*c == '\'' && c[1] == '\'')
                        kr_buf_addc(&v, *c++);
                    else if (*c == '\'')
                        break;
                    else
                        kr_buf_addc(&v, *c);
                }
                c++;
            } else
                while (*c && *c != ',')
                    kr_buf_addc(&v, *c++);
            add(p, key, keylen, v.data ? v.data : "", v.len, true);
            kr_buf_free(&v);
        }
        if (*c == ',') {
            c++;
            if (!*c) {
                kr_parm_free(p);
                return kr_fail(err, KR_RC_ENV, "KRK1205E", "PARM '%s' ends with a comma", text);
            }
        } else if (*c) {
            kr_parm_free(p);
            return kr_fail(err, KR_RC_ENV, "KRK1205E", "PARM '%s': a comma is missing at column %zu", text,
                           (size_t)(c - text) + 1);
        }
    }
    return true;
}

void kr_parm_free(kr_parm *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->items[i].key);
        free(p->items[i].value);
    }
    free(p->items);
    memset(p, 0, sizeof *p);
}

const char *kr_parm_get(kr_parm *p, const char *key)
{
    const char *found = NULL;
    for (size_t i = 0; i < p->n; i++)
        if (strcasecmp(p->items[i].key, key) == 0) {
            p->items[i].used = true;
            found = p->items[i].value ? p->items[i].value : "";
        }
    return found;
}

bool kr_parm_flag(kr_parm *p, const char *key)
{
    return kr_parm_get(p, key) != NULL;
}

bool kr_parm_count(kr_parm *p, const char *key, uint64_t min, uint64_t max, uint64_t *out, kr_err *err)
{
    const char *v = kr_parm_get(p, key);
    if (!v)
        return true;
    char *end;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    if (!*v || *end || errno || v[0] == '-' || n < min || n > max)
        return kr_fail(err, KR_RC_ENV, "KRK1205E", "PARM %s='%s': give a number from %llu to %llu", key, v,
                       (unsigned long long)min, (unsigned long long)max);
    *out = n;
    return true;
}

bool kr_parm_all_used(const kr_parm *p, const char *program, kr_err *err)
{
    for (size_t i = 0; i < p->n; i++)
        if (!p->items[i].used)
            return kr_fail(err, KR_RC_ENV, "KRK1204E", "PARM item '%s' means nothing to program %s", p->items[i].key,
                           program);
    return true;
}
