/* altseq.c: the ALTSEQ statement, DFSORT's alternative collating sequence: CODE=(ffpp,...)
 * says that the byte X'ff' collates (and TRAN=ALTSEQ translates) as X'pp'. AQ fields, and CH
 * fields under OPTION CHALT, compare through the table; every byte not named stays itself. */
#include "parse.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int hex_digit(char c)
{
    return isdigit((unsigned char)c) ? c - '0' : toupper((unsigned char)c) - 'A' + 10;
}

/* One ffpp pair: four hex digits, which the tokenizer may have cut into a number and a word
 * written together (5B40 is 5 and B40). */
static bool pair(cparser *p, unsigned char *table, unsigned char *named)
{
    ctl_tok *t = cp_next(p);
    char hex[8] = "";
    bool ok = t->kind == CT_WORD || t->kind == CT_NUM;
    size_t end = t->end;
    if (ok && strlen(t->text) <= 4)
        strcpy(hex, t->text);
    while (ok && strlen(hex) < 4 && (cp_peek(p)->kind == CT_WORD || cp_peek(p)->kind == CT_NUM) &&
           cp_peek(p)->start == end && strlen(hex) + strlen(cp_peek(p)->text) <= 4) {
        end = cp_peek(p)->end;
        strcat(hex, cp_next(p)->text);
    }
    ok = ok && strlen(hex) == 4;
    for (int i = 0; ok && i < 4; i++)
        ok = isxdigit((unsigned char)hex[i]);
    if (!ok) {
        cp_error(p, t, "ALTSEQ CODE= takes pairs of bytes in hex, ffpp: X'ff' collates as X'pp' (CODE=(C1F1,5B40))");
        return false;
    }
    int from = hex_digit(hex[0]) * 16 + hex_digit(hex[1]);
    int to = hex_digit(hex[2]) * 16 + hex_digit(hex[3]);
    if (named[from] && table[from] != to) {
        cp_error(p, t, "X'%02X' is given two places in ALTSEQ CODE=", (unsigned)from);
        return false;
    }
    named[from] = 1;
    table[from] = (unsigned char)to;
    return true;
}

void cp_stmt_altseq(cparser *p, kr_ctl *c)
{
    ctl_tok *k = cp_next(p);
    if (!cp_is_kw(k, "CODE") || !cp_expect(p, '=', "after CODE")) {
        if (!p->failed)
            cp_error(p, k, "ALTSEQ takes CODE=(ffpp,...)");
        return;
    }
    if (!c->altseq) {
        c->altseq = kr_xmalloc(256);
        for (int i = 0; i < 256; i++)
            c->altseq[i] = (unsigned char)i;
    }
    unsigned char named[256] = {0};
    bool list = cp_accept(p, '(');
    do {
        if (!pair(p, c->altseq, named))
            return;
    } while (list && cp_accept(p, ','));
    if (list && !cp_expect(p, ')', "to close CODE=(...)"))
        return;
    if (cp_peek(p)->kind != CT_END)
        cp_error(p, cp_peek(p), "ALTSEQ takes only CODE=(...); found '%s'", cp_peek(p)->text);
}
