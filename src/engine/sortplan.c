/* sortplan.c: the choice between sorting whole in memory and sorting on work files, and the
 * size of a work file's chunk (sortplan.h). */
#include "sortplan.h"

#include <stdint.h>

bool sort_whole(double bytes, double records, size_t per, size_t memory)
{
    return bytes <= (double)SORT_WHOLE_MAX && bytes + records * (double)per <= (double)memory;
}

size_t sort_chunk_records(size_t reclen, size_t per, size_t memory, bool first)
{
    size_t room = first || memory < SORT_CHUNK_MEMORY ? memory : SORT_CHUNK_MEMORY;
    size_t each = reclen + per ? reclen + per : 1;
    size_t n = room / each;
    if (first && reclen && n > SORT_WHOLE_MAX / reclen)
        n = SORT_WHOLE_MAX / reclen;
    if (n < 1024)
        n = 1024;
    return n > UINT32_MAX - 1 ? UINT32_MAX - 1 : n;
}
