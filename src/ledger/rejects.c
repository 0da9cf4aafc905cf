/* rejects.c: the reject file of the LEDGER program: each rejected transaction record as it
 * was, followed by its reason (code, transaction record number, field, text); and the
 * layout of that file, generated from the transaction layout, so that `kiroku view` and
 * `kiroku verify` read it. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* Writes n bytes of text into a field of width w: cut or padded with spaces. */
static void put_text(unsigned char *p, size_t w, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n > w)
        n = w;
    memcpy(p, s ? s : "", n);
    memset(p + n, ' ', w - n);
}

bool kr_reject_put(kr_writer *w, const kr_layout *tx, const unsigned char *rec, uint64_t recno,
                   const kr_txinfo *info, kr_err *err)
{
    size_t len = tx->length;
    unsigned char buf[len + KR_REJECT_SUFFIX];
    memcpy(buf, rec, len);
    unsigned char *s = buf + len;
    char num[16];
    snprintf(num, sizeof num, "%02d", (int)info->reason % 100);
    memcpy(s, num, 2);
    snprintf(num, sizeof num, "%010llu", (unsigned long long)(recno % 10000000000ULL));
    memcpy(s + 2, num, 10);
    put_text(s + 12, 32, info->field);
    put_text(s + 44, 36, kr_reason_text(info->reason));
    return kr_writer_put(w, buf, err);
}


static void quoted(kr_buf *out, const char *s)
{
    kr_buf_addc(out, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            kr_buf_addc(out, '\\');
        kr_buf_addc(out, *s);
    }
    kr_buf_addc(out, '"');
}

static void hex(kr_buf *out, const kr_bytes *b)
{
    kr_buf_adds(out, "x\"");
    for (size_t i = 0; i < b->len; i++)
        kr_buf_addf(out, "%02x", b->data[i]);
    kr_buf_addc(out, '"');
}

static void hex_list(kr_buf *out, const char *word, const kr_bytes *v, size_t n)
{
    if (!n)
        return;
    kr_buf_addf(out, " %s(", word);
    for (size_t i = 0; i < n; i++) {
        if (i)
            kr_buf_adds(out, ", ");
        hex(out, &v[i]);
    }
    kr_buf_addc(out, ')');
}

/* A field as layout text; an occurrence name(i) becomes name_i. */
static void field_line(const kr_layout *l, const kr_field *f, kr_buf *out)
{
    static const char *const signs[] = {"", "", "leading", "trailing-separate", "leading-separate"};
    kr_buf_adds(out, "  ");
    for (const char *c = f->is_filler ? "filler" : f->name; *c; c++)
        if (*c != ')')
            kr_buf_addc(out, *c == '(' ? '_' : *c);
    kr_buf_addc(out, ' ');
    kr_field_type_text(f, out);
    kr_buf_addf(out, " at %zu", f->offset + 1);
    if (f->type == KR_F_N && l->encoding == KR_ENC_UTF8 && f->length != 3 * (size_t)f->chars)
        kr_buf_addf(out, " bytes(%zu)", f->length);
    if (f->type == KR_F_ZD && f->sign > KR_SIGN_TRAILING)
        kr_buf_addf(out, " sign(%s)", signs[f->sign]);
    if (f->type == KR_F_BI && f->binary_signed)
        kr_buf_adds(out, " signed");
    if (f->type == KR_F_BI && f->little_endian)
        kr_buf_adds(out, " little");
    if (f->type == KR_F_DATE && f->datefmt == KR_DATE_YYMMDD)
        kr_buf_addf(out, " window(%d)", f->window);
    if (f->type == KR_F_DATE) {
        hex_list(out, "none", f->none_values, f->n_none);
        hex_list(out, "open", f->open_values, f->n_open);
    }
    if (f->sensitive && f->type != KR_F_MYNUMBER)
        kr_buf_adds(out, " sensitive");
    if (f->label) {
        kr_buf_addc(out, ' ');
        quoted(out, f->label);
    }
    kr_buf_addc(out, '\n');
}

void kr_reject_layout_text(const kr_layout *tx, kr_buf *out)
{
    kr_buf_addf(out,
                "# The reject file of transaction layout %s, as `kiroku ledger reject-layout` writes\n"
                "# it: each rejected transaction record as it was, followed by its reason. A record\n"
                "# rejected for its unknown record type (06) matches none of these types.\n",
                tx->name);
    kr_buf_addf(out, "layout %s_rejects ", tx->name);
    char *text = kr_xasprintf("%s 不能分", tx->label ? tx->label : tx->name);
    quoted(out, text);
    free(text);
    kr_buf_addf(out, "\n  encoding %s\n  length %zu\n  terminator %s\n", kr_encoding_name(tx->encoding),
                tx->length + KR_REJECT_SUFFIX, kr_terminator_name(tx->terminator));
    for (size_t ti = 0; ti < tx->n_types; ti++) {
        const kr_rectype *rt = &tx->types[ti];
        if (rt->role != KR_ROLE_DATA)
            continue; /* control records are never rejected */
        kr_buf_addf(out, "\nrecord %s data", rt->name);
        if (rt->disc_field >= 0 && tx->n_types > 1) {
            kr_buf_adds(out, " when ");
            kr_buf_adds(out, rt->fields[rt->disc_field].name);
            kr_buf_adds(out, rt->n_disc == 1 ? " = " : " in (");
            for (size_t i = 0; i < rt->n_disc; i++) {
                if (i)
                    kr_buf_adds(out, ", ");
                hex(out, &rt->disc_values[i]);
            }
            if (rt->n_disc > 1)
                kr_buf_addc(out, ')');
        }
        if (rt->label) {
            kr_buf_addc(out, ' ');
            quoted(out, rt->label);
        }
        kr_buf_addc(out, '\n');
        for (size_t fi = 0; fi < rt->n_fields; fi++)
            field_line(tx, &rt->fields[fi], out);
        kr_buf_addf(out,
                    "  reject_code   9(2)  at %zu \"理由コード\"  # 01..06, see docs/LEDGER.md\n"
                    "  reject_recno  9(10)         \"取引レコード番号\"\n"
                    "  reject_field  X(32)         \"項目名\"\n"
                    "  reject_reason X(36)         \"理由\"\n",
                    tx->length + 1);
    }
}
