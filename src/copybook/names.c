/* names.c: kiroku names and COBOL words, both ways, and values as the layout language
 * writes them. */
#include "copybook_private.h"

#include <ctype.h>
#include <string.h>

void cb_cobol_word(const char *name, char *out)
{
    size_t n = 0;
    for (const char *p = name; *p && n < CB_NAME_MAX; p++)
        out[n++] = *p == '_' ? '-' : (char)toupper((unsigned char)*p);
    while (n > 0 && out[n - 1] == '-') /* a COBOL word does not end with a hyphen */
        n--;
    out[n] = 0;
}

char *cb_kiroku_name(const char *word)
{
    kr_buf b;
    kr_buf_init(&b);
    if (!isalpha((unsigned char)word[0]))
        kr_buf_adds(&b, "f_");
    for (const char *p = word; *p; p++)
        kr_buf_addc(&b, *p == '-' ? '_' : (char)tolower((unsigned char)*p));
    return kr_buf_take(&b);
}

void cb_layout_value(kr_buf *b, const unsigned char *p, size_t n)
{
    bool printable = true;
    for (size_t i = 0; i < n; i++)
        printable &= p[i] >= 0x20 && p[i] < 0x7F;
    if (!printable) {
        kr_buf_adds(b, "x\"");
        for (size_t i = 0; i < n; i++)
            kr_buf_addf(b, "%02x", p[i]);
        kr_buf_addc(b, '"');
        return;
    }
    kr_buf_addc(b, '"');
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '"' || p[i] == '\\')
            kr_buf_addc(b, '\\');
        kr_buf_addc(b, (char)p[i]);
    }
    kr_buf_addc(b, '"');
}
