/* masks.c: DFSORT's edit masks M0-M26 as EDIT patterns and default signs. Each mask is
 * described by its parts (leading sign, thousands separator, decimal point and places,
 * trailing sign, fixed patterns for M6-M9); the pattern for a number of d digits is built
 * from the right, so that it is the rightmost d digit positions of IBM's published 15-digit
 * pattern, extended to the left in the same way for more digits (DFSORT Application
 * Programming Guide, OUTREC statement, "Edit mask patterns"). */
#include "kiroku/engine.h"

#include <string.h>

typedef struct mask_def {
    bool lead;            /* a leading sign S */
    char group;           /* separator between groups of three integer digits, 0 for none */
    char point;           /* the decimal point, when there are decimals */
    unsigned decimals;    /* digit positions after the point (always T) */
    bool all_t;           /* every integer digit shown (T), not only the last */
    char trail;           /* 'S' a trailing sign, 'C' CR for a negative number, 0 none */
    const char *fixed;    /* M6-M9: a pattern of a fixed number of digits */
    char signs[4];        /* default SIGNS=(lead+,lead-,trail+,trail-); 0 for none */
} mask_def;

static const mask_def masks[KR_MASK_COUNT] = {
    [0] = {.trail = 'S', .signs = {0, 0, ' ', '-'}},
    [1] = {.all_t = true, .trail = 'S', .signs = {0, 0, ' ', '-'}},
    [2] = {.group = ',', .point = '.', .decimals = 2, .trail = 'S', .signs = {0, 0, ' ', '-'}},
    [3] = {.group = ',', .point = '.', .decimals = 2, .trail = 'C'},
    [4] = {.lead = true, .group = ',', .point = '.', .decimals = 2, .signs = {'+', '-', 0, 0}},
    [5] = {.lead = true, .group = ',', .point = '.', .decimals = 2, .trail = 'S', .signs = {' ', '(', ' ', ')'}},
    [6] = {.fixed = "III-TTT-TTTT"},
    [7] = {.fixed = "TTT-TT-TTTT"},
    [8] = {.fixed = "IT:TT:TT"},
    [9] = {.fixed = "IT/TT/TT"},
    [10] = {0},
    [11] = {.all_t = true},
    [12] = {.lead = true, .group = ',', .signs = {' ', '-', 0, 0}},
    [13] = {.lead = true, .group = '.', .signs = {' ', '-', 0, 0}},
    [14] = {.lead = true, .group = ' ', .trail = 'S', .signs = {' ', '(', ' ', ')'}},
    [15] = {.group = ' ', .trail = 'S', .signs = {0, 0, ' ', '-'}},
    [16] = {.lead = true, .group = ' ', .signs = {' ', '-', 0, 0}},
    [17] = {.lead = true, .group = '\'', .signs = {' ', '-', 0, 0}},
    [18] = {.lead = true, .group = ',', .point = '.', .decimals = 2, .signs = {' ', '-', 0, 0}},
    [19] = {.lead = true, .group = '.', .point = ',', .decimals = 2, .signs = {' ', '-', 0, 0}},
    [20] = {.lead = true, .group = ' ', .point = ',', .decimals = 2, .trail = 'S', .signs = {' ', '(', ' ', ')'}},
    [21] = {.group = ' ', .point = ',', .decimals = 2, .trail = 'S', .signs = {0, 0, ' ', '-'}},
    [22] = {.lead = true, .group = ' ', .point = ',', .decimals = 2, .signs = {' ', '-', 0, 0}},
    [23] = {.lead = true, .group = '\'', .point = '.', .decimals = 2, .signs = {' ', '-', 0, 0}},
    [24] = {.lead = true, .group = '\'', .point = ',', .decimals = 2, .signs = {' ', '-', 0, 0}},
    [25] = {.lead = true, .signs = {' ', '-', 0, 0}},
    [26] = {.lead = true, .all_t = true, .signs = {'+', '-', 0, 0}},
};

bool kr_mask_pattern(int mask, unsigned digits, char *out, size_t size)
{
    if (mask < 0 || mask >= KR_MASK_COUNT || size < 2 * KR_MASK_MAX_DIGITS + 8)
        return false;
    const mask_def *m = &masks[mask];
    if (m->fixed) {
        snprintf(out, size, "%s", m->fixed);
        return true;
    }
    if (digits == 0)
        digits = 1;
    if (digits > KR_MASK_MAX_DIGITS)
        digits = KR_MASK_MAX_DIGITS;
    /* A mask with decimals keeps at least one integer digit before its point. */
    if (digits < m->decimals + 1)
        digits = m->decimals + 1;
    unsigned integer = digits - m->decimals;
    /* Built right to left into a scratch buffer, then reversed. */
    char rev[2 * KR_MASK_MAX_DIGITS + 8];
    size_t n = 0;
    if (m->trail == 'S')
        rev[n++] = 'S';
    else if (m->trail == 'C')
        rev[n++] = 'R', rev[n++] = 'C'; /* the two positions of CR (see kr_mask_cr) */
    for (unsigned i = 0; i < m->decimals; i++)
        rev[n++] = 'T';
    if (m->decimals)
        rev[n++] = m->point;
    for (unsigned i = 0; i < integer; i++) {
        if (i > 0 && i % 3 == 0 && m->group)
            rev[n++] = m->group;
        rev[n++] = (i == 0 || m->all_t) ? 'T' : 'I';
    }
    if (m->lead)
        rev[n++] = 'S';
    for (size_t i = 0; i < n; i++)
        out[i] = rev[n - 1 - i];
    out[n] = '\0';
    return true;
}

void kr_mask_signs(int mask, char signs[4])
{
    if (mask < 0 || mask >= KR_MASK_COUNT) {
        memset(signs, 0, 4);
        return;
    }
    memcpy(signs, masks[mask].signs, 4);
}

bool kr_mask_cr(int mask)
{
    return mask >= 0 && mask < KR_MASK_COUNT && masks[mask].trail == 'C';
}
