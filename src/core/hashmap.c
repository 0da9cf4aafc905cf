/* hashmap.c: a hash index of byte strings to numbers, so that "is this name taken?" costs the
 * same for the millionth name as for the first (the parsers checked every name against
 * every earlier one). Keys are not copied: each must live as long as the index. */
#include "kiroku/core.h"

#include <stdlib.h>
#include <string.h>

struct kr_hashmap_slot {
    const void *key;
    size_t len;
    size_t value;
    bool used;
};

static size_t hash_bytes(const void *key, size_t len)
{
    /* FNV-1a, 64 bits. */
    uint64_t h = 1469598103934665603ULL;
    const unsigned char *p = key;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return (size_t)h;
}

static struct kr_hashmap_slot *slot_of(const kr_hashmap *x, const void *key, size_t len)
{
    size_t mask = x->n_slots - 1;
    for (size_t i = hash_bytes(key, len) & mask;; i = (i + 1) & mask) {
        struct kr_hashmap_slot *s = &x->slots[i];
        if (!s->used || (s->len == len && memcmp(s->key, key, len) == 0))
            return s;
    }
}

static void grow(kr_hashmap *x)
{
    struct kr_hashmap_slot *old = x->slots;
    size_t n_old = x->n_slots;
    x->n_slots = n_old ? n_old * 2 : 64;
    x->slots = kr_xcalloc(x->n_slots, sizeof *x->slots);
    for (size_t i = 0; i < n_old; i++)
        if (old[i].used)
            *slot_of(x, old[i].key, old[i].len) = old[i];
    free(old);
}

size_t kr_hashmap_put(kr_hashmap *x, const void *key, size_t len, size_t value)
{
    if ((x->n + 1) * 2 > x->n_slots)
        grow(x);
    struct kr_hashmap_slot *s = slot_of(x, key, len);
    if (s->used)
        return s->value;
    *s = (struct kr_hashmap_slot){key, len, value, true};
    x->n++;
    return KR_HASHMAP_NONE;
}

size_t kr_hashmap_get(const kr_hashmap *x, const void *key, size_t len)
{
    if (!x->n_slots)
        return KR_HASHMAP_NONE;
    const struct kr_hashmap_slot *s = slot_of(x, key, len);
    return s->used ? s->value : KR_HASHMAP_NONE;
}

void kr_hashmap_free(kr_hashmap *x)
{
    free(x->slots);
    memset(x, 0, sizeof *x);
}
