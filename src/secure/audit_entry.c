/* audit_entry.c: one audit entry as a line of text (tab-separated columns, escaped values,
 * the tag last), the key evolution between entries, segment names, verification key files. */
#include "secure/audit_private.h"
#include "secure/crypto.h"

#include <stdlib.h>
#include <string.h>

bool audit_entry_parse(const char *line, size_t len, audit_entry *e)
{
    memset(e, 0, sizeof *e);
    e->copy = kr_xstrndup(line, len);
    if (strlen(e->copy) != len)
        return false;
    char *p = e->copy;
    for (;;) {
        if (e->ncols == AUDIT_MAX_COLS)
            return false;
        e->cols[e->ncols++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    if (e->ncols < COL_FIELDS + 1)
        return false;
    const char *tag = e->cols[e->ncols - 1];
    e->signed_len = (size_t)(tag - e->copy);
    char *end;
    const char *s = e->cols[COL_SEQ];
    if (*s < '1' || *s > '9')
        return false;
    e->seq = strtoull(s, &end, 10);
    return *end == '\0' && kr_unhex(e->cols[COL_PREV], e->prev, KR_DIGEST_BYTES) &&
           kr_unhex(tag, e->tag, KR_DIGEST_BYTES);
}

void audit_entry_free(audit_entry *e)
{
    free(e->copy);
    e->copy = NULL;
}

bool audit_key_evolve(unsigned char key[KR_KEY_BYTES], kr_err *err)
{
    static const char label[] = "kiroku audit evolve";
    unsigned char next[KR_KEY_BYTES];
    if (!kr_hmac_sha256(key, label, sizeof label - 1, next, err))
        return false;
    memcpy(key, next, KR_KEY_BYTES);
    kr_wipe(next, sizeof next);
    return true;
}

char *audit_segment_path(const char *dir, uint64_t n)
{
    return kr_xasprintf("%s/segment-%08llu.log", dir, (unsigned long long)n);
}

void audit_escape(kr_buf *b, const char *value)
{
    for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
        switch (*p) {
        case '\\': kr_buf_adds(b, "\\\\"); break;
        case '\t': kr_buf_adds(b, "\\t"); break;
        case '\n': kr_buf_adds(b, "\\n"); break;
        case '\r': kr_buf_adds(b, "\\r"); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                kr_buf_addf(b, "\\x%02x", *p);
            else
                kr_buf_addc(b, (char)*p);
        }
    }
}

bool audit_read_key(const char *path, unsigned char key[KR_KEY_BYTES], kr_err *err)
{
    char line[256], hex[66] = "";
    int used = 0;
    if (!kr_secret_read(path, "audit verification key", line, sizeof line, err))
        return false;
    bool ok = sscanf(line, "kiroku-audit-key-v1 %65s%n", hex, &used) == 1 && line[used] == '\0' &&
              kr_unhex(hex, key, KR_KEY_BYTES);
    kr_wipe(line, sizeof line);
    kr_wipe(hex, sizeof hex);
    if (!ok)
        return kr_fail(err, KR_RC_ENV, "KRK1502E", "%s: not an audit verification key ('kiroku-audit-key-v1 HEX')",
                       path);
    return true;
}
