/* show.c: a layout as the table vendors exchange (項番, 項目名, 属性, 桁数, 開始位置, 備考)
 * and as JSON for tools. */
#include "kiroku/layout.h"

#include <string.h>

static const char *attr_letter(const kr_field *f)
{
    switch (f->type) {
    case KR_F_X: return "X";
    case KR_F_N: return "N";
    case KR_F_M: return "M";
    case KR_F_ZD: return f->sign == KR_SIGN_NONE ? "9" : "S9";
    case KR_F_PD: return "P";
    case KR_F_BI: return "B";
    case KR_F_DATE: return "9";
    case KR_F_MYNUMBER: return "9";
    }
    return "?";
}

/* 桁数: characters for N, digits for numbers, bytes for the rest. */
static void digits_text(const kr_field *f, char *buf, size_t size)
{
    switch (f->type) {
    case KR_F_N:
        snprintf(buf, size, "%u", f->chars);
        break;
    case KR_F_ZD:
    case KR_F_PD:
        if (f->scale)
            snprintf(buf, size, "%u.%u", f->digits - f->scale, f->scale);
        else
            snprintf(buf, size, "%u", f->digits);
        break;
    default:
        snprintf(buf, size, "%zu", f->length);
    }
}

static void add_value(kr_buf *out, const kr_bytes *v)
{
    bool printable = true;
    for (size_t i = 0; i < v->len; i++)
        printable &= v->data[i] >= 0x20 && v->data[i] < 0x7F;
    if (printable)
        kr_buf_add(out, v->data, v->len);
    else {
        kr_buf_adds(out, "x\"");
        for (size_t i = 0; i < v->len; i++)
            kr_buf_addf(out, "%02x", v->data[i]);
        kr_buf_adds(out, "\"");
    }
}

/* 備考: everything beyond the type. */
static void remarks(const kr_layout *l, const kr_rectype *rt, const kr_field *f, kr_buf *out)
{
    static const char *fmts[] = {"yyyymmdd", "yyyymm", "yymmdd", "gyymmdd", "ggyymmdd"};
    size_t start = out->len;
#define SEP() (out->len > start ? kr_buf_adds(out, "; ") : (void)0)
    if (f->is_key)
        SEP(), kr_buf_adds(out, "キー");
    if (rt->disc_field >= 0 && &rt->fields[rt->disc_field] == f) {
        SEP(), kr_buf_adds(out, "レコード区分 = ");
        for (size_t i = 0; i < rt->n_disc; i++) {
            if (i)
                kr_buf_adds(out, ",");
            add_value(out, &rt->disc_values[i]);
        }
    }
    if (f->type == KR_F_DATE) {
        SEP(), kr_buf_addf(out, "日付 %s", fmts[f->datefmt]);
        if (f->datefmt == KR_DATE_GYYMMDD || f->datefmt == KR_DATE_GGYYMMDD)
            kr_buf_adds(out, " (和暦)");
        if (f->datefmt == KR_DATE_YYMMDD)
            kr_buf_addf(out, " (%d-%d)", f->window, f->window + 99);
        for (size_t i = 0; i < f->n_none; i++)
            kr_buf_adds(out, i ? "," : " なし="), add_value(out, &f->none_values[i]);
        for (size_t i = 0; i < f->n_open; i++)
            kr_buf_adds(out, i ? "," : " 無期限="), add_value(out, &f->open_values[i]);
    }
    if (f->type == KR_F_MYNUMBER)
        SEP(), kr_buf_adds(out, "個人番号 (チェックデジット)");
    if (f->type == KR_F_PD)
        SEP(), kr_buf_addf(out, "パック %zuバイト", f->length);
    if (f->type == KR_F_BI)
        SEP(), kr_buf_addf(out, "バイナリ%s%s", f->binary_signed ? " 符号付" : "",
                           f->little_endian ? " リトルエンディアン" : "");
    if (f->type == KR_F_N && l->encoding == KR_ENC_UTF8)
        SEP(), kr_buf_addf(out, "%zuバイト", f->length);
    if (f->sign == KR_SIGN_LEADING && f->type == KR_F_ZD)
        SEP(), kr_buf_adds(out, "符号 先行");
    if (f->sign == KR_SIGN_TRAILING_SEP)
        SEP(), kr_buf_adds(out, "符号 後置分離");
    if (f->sign == KR_SIGN_LEADING_SEP)
        SEP(), kr_buf_adds(out, "符号 先行分離");
    if (f->sensitive && f->type != KR_F_MYNUMBER)
        SEP(), kr_buf_adds(out, "要保護");
    if (f->n_codes) {
        SEP();
        for (size_t i = 0; i < f->n_codes; i++) {
            if (i)
                kr_buf_adds(out, " ");
            add_value(out, &f->codes[i].value);
            if (f->codes[i].label)
                kr_buf_addf(out, ":%s", f->codes[i].label);
        }
    }
    if (f->total != KR_TOTAL_NONE && f->total_type >= 0) {
        const kr_rectype *src = &l->types[f->total_type];
        SEP();
        if (f->total == KR_TOTAL_COUNT)
            kr_buf_addf(out, "%s件数", src->name);
        else
            kr_buf_addf(out, "%s.%s合計", src->name, src->fields[f->total_field].name);
        if (f->total_where >= 0) {
            kr_buf_addf(out, " (%s%s", src->fields[f->total_where].name, f->total_where_not ? "≠" : "=");
            add_value(out, &f->total_value);
            kr_buf_adds(out, ")");
        }
    }
    if (f->index_name)
        SEP(), kr_buf_addf(out, "索引 %s", f->index_name);
    if (f->not_before_name)
        SEP(), kr_buf_addf(out, "%s 以後", f->not_before_name);
    if (f->remark)
        SEP(), kr_buf_adds(out, f->remark);
#undef SEP
}

static void pad_to(kr_buf *out, const char *s, size_t width)
{
    kr_buf_adds(out, s);
    size_t cols = kr_utf8_columns(s, strlen(s));
    for (; cols < width; cols++)
        kr_buf_addc(out, ' ');
}

void kr_layout_show_table(const kr_layout *l, kr_buf *out)
{
    static const char *term_text[] = {"なし", "LF", "CR+LF"};
    kr_buf_addf(out, "レイアウト %s%s%s%s\n", l->name, l->label ? " 「" : "", l->label ? l->label : "",
                l->label ? "」" : "");
    kr_buf_addf(out, "文字コード %s  レコード長 %zu バイト  改行 %s\n",
                l->encoding == KR_ENC_CP932 ? "CP932 (Shift_JIS)" : "UTF-8", l->length,
                term_text[l->terminator]);
    for (size_t ti = 0; ti < l->n_types; ti++) {
        const kr_rectype *rt = &l->types[ti];
        static const char *roles[] = {"ヘッダ", "データ", "トレーラ", "エンド"};
        kr_buf_addf(out, "\nレコード %s (%s)%s%s\n", rt->name, roles[rt->role], rt->label ? " " : "",
                    rt->label ? rt->label : "");
        /* Column widths. */
        size_t wname = kr_utf8_columns("項目名", strlen("項目名"));
        kr_buf cell;
        kr_buf_init(&cell);
        for (size_t fi = 0; fi < rt->n_fields; fi++) {
            const kr_field *f = &rt->fields[fi];
            kr_buf_reset(&cell);
            kr_buf_addf(&cell, "%s (%s)", f->label ? f->label : (f->is_filler ? "予備" : f->name),
                        f->name);
            size_t c = kr_utf8_columns(cell.data, cell.len);
            if (c > wname)
                wname = c;
        }
        kr_buf_adds(out, "項番  ");
        pad_to(out, "項目名", wname + 2);
        kr_buf_adds(out, "属性  桁数    開始位置  バイト  備考\n");
        for (size_t fi = 0; fi < rt->n_fields; fi++) {
            const kr_field *f = &rt->fields[fi];
            char num[32], digits[32];
            snprintf(num, sizeof num, "%zu", fi + 1);
            pad_to(out, num, 6);
            kr_buf_reset(&cell);
            kr_buf_addf(&cell, "%s (%s)", f->label ? f->label : (f->is_filler ? "予備" : f->name), f->name);
            pad_to(out, cell.data, wname + 2);
            pad_to(out, attr_letter(f), 6);
            digits_text(f, digits, sizeof digits);
            pad_to(out, digits, 8);
            snprintf(num, sizeof num, "%zu", f->offset + 1);
            pad_to(out, num, 10);
            snprintf(num, sizeof num, "%zu", f->length);
            pad_to(out, num, 8);
            kr_buf_reset(&cell);
            remarks(l, rt, f, &cell);
            kr_buf_add(out, cell.data, cell.len);
            while (out->len && out->data[out->len - 1] == ' ')
                out->len--;
            kr_buf_addc(out, '\n');
        }
        kr_buf_free(&cell);
    }
}

static void json_str(kr_buf *out, const char *s)
{
    if (!s) {
        kr_buf_adds(out, "null");
        return;
    }
    kr_buf_addc(out, '"');
    kr_buf_add_json(out, s, strlen(s));
    kr_buf_addc(out, '"');
}

static void json_bytes(kr_buf *out, const kr_bytes *v)
{
    kr_buf_addc(out, '"');
    kr_buf_add_json(out, (const char *)v->data, v->len);
    kr_buf_addc(out, '"');
}

void kr_layout_show_json(const kr_layout *l, kr_buf *out)
{
    static const char *types[] = {"X", "N", "M", "ZD", "PD", "BI", "date", "mynumber"};
    static const char *fmts[] = {"yyyymmdd", "yyyymm", "yymmdd", "gyymmdd", "ggyymmdd"};
    static const char *signs[] = {"none", "trailing", "leading", "trailing-separate", "leading-separate"};
    kr_buf_adds(out, "{\"layout\":");
    json_str(out, l->name);
    kr_buf_adds(out, ",\"label\":");
    json_str(out, l->label);
    kr_buf_addf(out, ",\"encoding\":\"%s\",\"length\":%zu,\"terminator\":\"%s\",\"overpunch\":\"%s\",\"eras\":[",
                kr_encoding_name(l->encoding), l->length, kr_terminator_name(l->terminator),
                l->overpunch_ebcdic ? "ebcdic" : "ascii");
    for (size_t i = 0; i < l->n_eras; i++) {
        const kr_era *e = &l->eras[i];
        kr_buf_addf(out, "%s{\"code\":%d,\"name\":", i ? "," : "", e->code);
        json_str(out, e->name);
        kr_buf_addf(out, ",\"start\":\"%04d-%02d-%02d\"}", e->start / 10000, e->start / 100 % 100, e->start % 100);
    }
    kr_buf_adds(out, "],\"records\":[");
    for (size_t ti = 0; ti < l->n_types; ti++) {
        const kr_rectype *rt = &l->types[ti];
        kr_buf_addf(out, "%s{\"name\":", ti ? "," : "");
        json_str(out, rt->name);
        kr_buf_addf(out, ",\"role\":\"%s\",\"label\":", kr_role_name(rt->role));
        json_str(out, rt->label);
        kr_buf_adds(out, ",\"when\":");
        if (rt->disc_field >= 0) {
            kr_buf_adds(out, "{\"field\":");
            json_str(out, rt->fields[rt->disc_field].name);
            kr_buf_adds(out, ",\"values\":[");
            for (size_t i = 0; i < rt->n_disc; i++) {
                if (i)
                    kr_buf_addc(out, ',');
                json_bytes(out, &rt->disc_values[i]);
            }
            kr_buf_adds(out, "]}");
        } else
            kr_buf_adds(out, "null");
        kr_buf_adds(out, ",\"fields\":[");
        for (size_t fi = 0; fi < rt->n_fields; fi++) {
            const kr_field *f = &rt->fields[fi];
            kr_buf_addf(out, "%s{\"no\":%zu,\"name\":", fi ? "," : "", fi + 1);
            json_str(out, f->name);
            kr_buf_adds(out, ",\"label\":");
            json_str(out, f->label);
            kr_buf_addf(out, ",\"type\":\"%s\",\"picture\":\"", types[f->type]);
            kr_field_type_text(f, out);
            kr_buf_addf(out, "\",\"start\":%zu,\"length\":%zu", f->offset + 1, f->length);
            if (f->type == KR_F_N)
                kr_buf_addf(out, ",\"chars\":%u", f->chars);
            if (f->type == KR_F_ZD || f->type == KR_F_PD || f->type == KR_F_BI)
                kr_buf_addf(out, ",\"digits\":%u,\"scale\":%u,\"sign\":\"%s\"", f->digits, f->scale,
                            signs[f->type == KR_F_BI ? (f->binary_signed ? 1 : 0) : f->sign]);
            if (f->type == KR_F_BI)
                kr_buf_addf(out, ",\"endian\":\"%s\"", f->little_endian ? "little" : "big");
            if (f->type == KR_F_DATE) {
                kr_buf_addf(out, ",\"format\":\"%s\"", fmts[f->datefmt]);
                if (f->datefmt == KR_DATE_YYMMDD)
                    kr_buf_addf(out, ",\"window\":%d", f->window);
                kr_buf_adds(out, ",\"none\":[");
                for (size_t i = 0; i < f->n_none; i++)
                    kr_buf_adds(out, i ? "," : ""), json_bytes(out, &f->none_values[i]);
                kr_buf_adds(out, "],\"open\":[");
                for (size_t i = 0; i < f->n_open; i++)
                    kr_buf_adds(out, i ? "," : ""), json_bytes(out, &f->open_values[i]);
                kr_buf_adds(out, "]");
            }
            if (f->n_codes) {
                kr_buf_adds(out, ",\"codes\":[");
                for (size_t i = 0; i < f->n_codes; i++) {
                    kr_buf_adds(out, i ? ",{\"value\":" : "{\"value\":");
                    json_bytes(out, &f->codes[i].value);
                    kr_buf_adds(out, ",\"label\":");
                    json_str(out, f->codes[i].label);
                    kr_buf_adds(out, "}");
                }
                kr_buf_adds(out, "]");
            }
            if (f->total != KR_TOTAL_NONE && f->total_type >= 0) {
                const kr_rectype *src = &l->types[f->total_type];
                kr_buf_addf(out, ",\"total\":{\"kind\":\"%s\",\"record\":",
                            f->total == KR_TOTAL_COUNT ? "count" : "sum");
                json_str(out, src->name);
                if (f->total_field >= 0)
                    kr_buf_adds(out, ",\"field\":"), json_str(out, src->fields[f->total_field].name);
                if (f->total_where >= 0) {
                    kr_buf_adds(out, ",\"where\":");
                    json_str(out, src->fields[f->total_where].name);
                    if (f->total_where_not)
                        kr_buf_adds(out, ",\"not\":true");
                    kr_buf_adds(out, ",\"value\":");
                    json_bytes(out, &f->total_value);
                }
                kr_buf_adds(out, "}");
            }
            if (f->group >= 0)
                kr_buf_addf(out, ",\"group\":\"%s\",\"occurrence\":%u", rt->groups[f->group].name, f->occurrence);
            kr_buf_addf(out, ",\"key\":%s,\"sensitive\":%s,\"filler\":%s", f->is_key ? "true" : "false",
                        f->sensitive ? "true" : "false", f->is_filler ? "true" : "false");
            if (f->index_name)
                kr_buf_adds(out, ",\"index\":"), json_str(out, f->index_name);
            if (f->not_before_name)
                kr_buf_adds(out, ",\"not_before\":"), json_str(out, f->not_before_name);
            kr_buf_adds(out, ",\"remark\":");
            json_str(out, f->remark);
            kr_buf_adds(out, "}");
        }
        kr_buf_adds(out, "]}");
    }
    kr_buf_adds(out, "]}\n");
}
