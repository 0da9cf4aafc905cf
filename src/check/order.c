/* order.c: the order of record roles in a file: header first, trailer closing each header
 * group, end last (see docs/LAYOUTS.md, "Records"). */
#include "kiroku/check.h"

#include <string.h>

void kr_order_init(kr_order *o, const kr_layout *l)
{
    memset(o, 0, sizeof *o);
    o->layout = l;
}

bool kr_order_next(kr_order *o, int type, uint64_t recno, char *reason, size_t size)
{
    const kr_layout *l = o->layout;
    kr_role role = l->types[type].role;
    const char *name = l->types[type].name;
    o->records++;
    if (o->ended) {
        snprintf(reason, size, "record '%s' after the end record; the end record must be the last", name);
        return false;
    }
    switch (role) {
    case KR_ROLE_HEADER:
        if (o->in_group && l->has_trailer) {
            snprintf(reason, size, "header before the trailer of the group that record %llu opened",
                     (unsigned long long)o->group_start);
            o->group_start = recno;
            return false;
        }
        o->in_group = true;
        o->group_start = recno;
        return true;
    case KR_ROLE_DATA:
        if (l->has_header && !o->in_group) {
            snprintf(reason, size, "%s record outside a header group: %s", name,
                     o->records == 1 ? "the file must start with a header"
                                     : "a header must come before it");
            return false;
        }
        if (!l->has_header && !o->in_group) {
            o->in_group = true;
            o->group_start = recno;
        }
        return true;
    case KR_ROLE_TRAILER:
        if (!o->in_group && l->has_header) {
            snprintf(reason, size, "trailer without a header before it");
            return false;
        }
        o->in_group = false;
        return true;
    case KR_ROLE_END:
        if (o->in_group && l->has_trailer && (l->has_header || o->records > 1)) {
            snprintf(reason, size, "end record before the trailer of the group that record %llu opened",
                     (unsigned long long)o->group_start);
            o->ended = true;
            return false;
        }
        o->ended = true;
        return true;
    }
    return true;
}

bool kr_order_finish(kr_order *o, char *reason, size_t size)
{
    const kr_layout *l = o->layout;
    if (o->records == 0) {
        if (l->has_header || l->has_trailer || l->has_end) {
            snprintf(reason, size, "the file is empty, but the layout has %s records",
                     l->has_header ? "header" : l->has_trailer ? "trailer" : "end");
            return false;
        }
        return true;
    }
    if (o->in_group && l->has_trailer) {
        snprintf(reason, size, "the file ends without the trailer of the group that record %llu opened",
                 (unsigned long long)(o->group_start ? o->group_start : 1));
        return false;
    }
    if (l->has_end && !o->ended) {
        snprintf(reason, size, "the file ends without its end record");
        return false;
    }
    return true;
}
