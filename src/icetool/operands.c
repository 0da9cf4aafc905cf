/* operands.c: reading an operator's operands (numbers, quoted strings, DD names) and
 * reporting errors at their place in TOOLIN. */
#include "icetool.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

it_operand *it_get(it_stmt *st, const char *name)
{
    for (size_t i = 0; i < st->n; i++)
        if (strcmp(st->v[i].name, name) == 0 && !st->v[i].used) {
            st->v[i].used = true;
            return &st->v[i];
        }
    return NULL;
}

void it_place(const it_run *r, const it_operand *o, const it_stmt *st, char *out, size_t size)
{
    snprintf(out, size, "%s:%d:%d", r->toolin, o ? o->line : st->line, o ? o->col : st->col);
}

int it_error(it_run *r, const it_stmt *st, const it_operand *o, int rc, const char *id, const char *fmt, ...)
{
    char place[300];
    it_place(r, o, st, place, sizeof place);
    kr_buf b;
    kr_buf_init(&b);
    kr_buf_addf(&b, "%s %s: %s ", id, place, st->op);
    va_list ap;
    va_start(ap, fmt);
    kr_buf_vaddf(&b, fmt, ap);
    va_end(ap);
    fprintf(r->toolmsg, "%s\n", b.data);
    if (r->step->msg && r->step->msg != r->toolmsg)
        fprintf(r->step->msg, "%s\n", b.data);
    kr_buf_free(&b);
    return rc;
}

bool it_number(it_run *r, it_stmt *st, it_operand *o, uint64_t *out)
{
    const char *v = o->value ? o->value : "";
    uint64_t n = 0;
    bool ok = *v != '\0' && strlen(v) <= 15;
    for (const char *c = v; ok && *c; c++) {
        if (!isdigit((unsigned char)*c))
            ok = false;
        else
            n = n * 10 + (uint64_t)(*c - '0');
    }
    if (!ok) {
        it_error(r, st, o, KR_RC_FAIL, "KRK2322E", "%s(%s): give a number of 0 to 15 digits", o->name, v);
        return false;
    }
    *out = n;
    return true;
}

bool it_string(it_run *r, it_stmt *st, it_operand *o, kr_buf *out)
{
    const char *v = o->value ? o->value : "";
    size_t n = strlen(v);
    if (n < 2 || v[0] != '\'' || v[n - 1] != '\'') {
        it_error(r, st, o, KR_RC_FAIL, "KRK2322E", "%s(%s): give a string in quotes, such as %s('text')", o->name, v,
                 o->name);
        return false;
    }
    for (size_t i = 1; i + 1 < n; i++) {
        if (v[i] == '\'' && i + 2 < n && v[i + 1] == '\'')
            i++;
        kr_buf_addc(out, v[i]);
    }
    return true;
}

bool it_ddname(it_run *r, it_stmt *st, it_operand *o, const char *v)
{
    size_t n = strlen(v);
    bool ok = n >= 1 && n <= 8 && !isdigit((unsigned char)v[0]);
    for (size_t i = 0; ok && i < n; i++)
        ok = isalnum((unsigned char)v[i]) || v[i] == '$' || v[i] == '#' || v[i] == '@';
    if (!ok)
        it_error(r, st, o, KR_RC_FAIL, "KRK2322E", "%s(%s): a DD name is 1 to 8 letters, digits, $, # or @, "
                 "not starting with a digit", o->name, v);
    return ok;
}

bool it_all_used(it_run *r, it_stmt *st)
{
    for (size_t i = 0; i < st->n; i++)
        if (!st->v[i].used) {
            it_error(r, st, &st->v[i], KR_RC_FAIL, "KRK2321E", "has no operand %s here (or it is given twice)",
                     st->v[i].name);
            return false;
        }
    return true;
}

char *it_temp_name(it_run *r, const char *what)
{
    const char *dir = r->step->tmpdir ? r->step->tmpdir : getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    return kr_xasprintf("%s/kiroku-icetool-%ld-%u-%s", dir, (long)getpid(), ++r->temps, what);
}

int it_fail_err(it_run *r, const kr_err *err)
{
    fprintf(r->toolmsg, "%s\n", err->text);
    if (r->step->msg != r->toolmsg)
        fprintf(r->step->msg, "%s\n", err->text);
    return err->rc > KR_RC_FAIL ? err->rc : KR_RC_FAIL;
}

void it_format_number(kr_i128 v, unsigned scale, unsigned min_digits, bool plus, char *out, size_t size)
{
    char digits[64];
    kr_i128_format(v < 0 ? -v : v, digits);
    size_t n = strlen(digits), want = min_digits > scale ? min_digits : scale + 1;
    char padded[96];
    size_t pad = n < want ? want - n : 0;
    memset(padded, '0', pad);
    memcpy(padded + pad, digits, n + 1);
    n += pad;
    const char *sign = v < 0 ? "-" : plus ? "+" : "";
    if (scale)
        snprintf(out, size, "%s%.*s.%s", sign, (int)(n - scale), padded, padded + n - scale);
    else
        snprintf(out, size, "%s%s", sign, padded);
}
