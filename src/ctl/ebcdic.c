/* ebcdic.c: the byte tables of TRAN=ETOA and TRAN=ATOE, built once when the statement is
 * parsed from iconv's code page 037 (IBM037, US/Canada EBCDIC) and ISO 8859-1: both are
 * 256-character sets with the same repertoire, so the tables are one-to-one and ATOE undoes
 * ETOA. No table is written by hand. */
#include "parse.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>

bool cp_ebcdic_table(bool to_ascii, unsigned char table[256], char *why, size_t why_len)
{
    iconv_t cd = to_ascii ? iconv_open("ISO-8859-1", "IBM037") : iconv_open("IBM037", "ISO-8859-1");
    if (cd == (iconv_t)-1) {
        snprintf(why, why_len, "iconv has no code page IBM037 here (%s)", strerror(errno));
        return false;
    }
    bool ok = true;
    for (int b = 0; b < 256 && ok; b++) {
        char in = (char)b, out[4];
        char *ip = &in, *op = out;
        size_t il = 1, ol = sizeof out;
        ok = iconv(cd, &ip, &il, &op, &ol) != (size_t)-1 && sizeof out - ol == 1;
        if (ok)
            table[b] = (unsigned char)out[0];
        else
            snprintf(why, why_len, "iconv cannot translate the byte X'%02X' between IBM037 and ISO-8859-1", b);
    }
    iconv_close(cd);
    return ok;
}
