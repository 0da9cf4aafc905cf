/* unsupported.c: DFSORT words kiroku does not have, by the feature they belong to, so that
 * a statement using one is answered "not supported: FEATURE" rather than with the syntax
 * error the parser met at that word. Consulted only when parsing has already failed there,
 * so a word that a later version parses is never misreported. */
#include "parse.h"

#include <string.h>
#include <strings.h>

typedef struct dfsort_word {
    const char *word;
    const char *feature;
} dfsort_word;

static const dfsort_word words[] = {
    /* formats */
    {"FL", "the format FL (floating point)"},
    {"DE1", "the ETOD formats DEn/TEn"}, {"DE2", "the ETOD formats DEn/TEn"}, {"DE3", "the ETOD formats DEn/TEn"},
    {"TE1", "the ETOD formats DEn/TEn"}, {"TE2", "the ETOD formats DEn/TEn"}, {"TE3", "the ETOD formats DEn/TEn"},
    {"TE4", "the ETOD formats DEn/TEn"},
    {"HEX", "TRAN=HEX, UNHEX, BIT and UNBIT"}, {"UNHEX", "TRAN=HEX, UNHEX, BIT and UNBIT"},
    {"UNBIT", "TRAN=HEX, UNHEX, BIT and UNBIT"},
    /* OUTFIL */
    {"DYNAPPEND", "OUTFIL DYNAPPEND"}, {"OUTREC", "OUTFIL OUTREC= (write BUILD=)"},
    /* SORT/MERGE/OPTION */
    {"CENTWIN", "OPTION CENTWIN (write Y2PAST=)"}, {"MODS", "user exits (MODS, E15, E35)"},
    {"E15", "user exits (MODS, E15, E35)"}, {"E35", "user exits (MODS, E15, E35)"},
    {"TYPE", "variable-length records (TYPE=V)"}, {"TASKID", "JOINKEYS TASKID="},
    {NULL, NULL},
};

const char *cp_unsupported(const ctl_tok *t)
{
    if (t->kind != CT_WORD)
        return NULL;
    for (int i = 0; words[i].word; i++)
        if (strcasecmp(t->text, words[i].word) == 0)
            return words[i].feature;
    return NULL;
}
