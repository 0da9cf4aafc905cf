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
    {"CSL", "the sign formats CSL/CST/CLO/CTO/ASL/AST"}, {"CST", "the sign formats CSL/CST/CLO/CTO/ASL/AST"},
    {"CLO", "the sign formats CSL/CST/CLO/CTO/ASL/AST"}, {"CTO", "the sign formats CSL/CST/CLO/CTO/ASL/AST"},
    {"ASL", "the sign formats CSL/CST/CLO/CTO/ASL/AST"}, {"AST", "the sign formats CSL/CST/CLO/CTO/ASL/AST"},
    {"FL", "the format FL (floating point)"}, {"AQ", "the format AQ (ALTSEQ)"}, {"OL", "the sign formats OL/OT/LS/TS"},
    {"OT", "the sign formats OL/OT/LS/TS"}, {"LS", "the sign formats OL/OT/LS/TS"}, {"TS", "the sign formats OL/OT/LS/TS"},
    {"DT1", "date formats of the DTn/TMn kind"}, {"DT2", "date formats of the DTn/TMn kind"},
    {"DT3", "date formats of the DTn/TMn kind"}, {"DC1", "date formats of the DTn/TMn kind"},
    {"Y2C", "the Y2 year formats (Y2C, Y2Z, Y2P, Y2D, Y2S, Y2B)"},
    {"Y2Z", "the Y2 year formats (Y2C, Y2Z, Y2P, Y2D, Y2S, Y2B)"},
    {"Y2P", "the Y2 year formats (Y2C, Y2Z, Y2P, Y2D, Y2S, Y2B)"},
    {"Y2D", "the Y2 year formats (Y2C, Y2Z, Y2P, Y2D, Y2S, Y2B)"},
    {"Y2S", "the Y2 year formats (Y2C, Y2Z, Y2P, Y2D, Y2S, Y2B)"},
    {"Y2B", "the Y2 year formats (Y2C, Y2Z, Y2P, Y2D, Y2S, Y2B)"},
    /* reformatting items */
    {"DT", "date conversions DT=, DTNS="}, {"DTNS", "date conversions DT=, DTNS="},
    {"WEEKNUM", "WEEKNUM= (week numbers)"}, {"AGE", "AGE= (the age of a date)"},
    /* OUTFIL */
    {"IFTRAIL", "OUTFIL IFTRAIL (the layout's trailer totals do what it does)"},
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
