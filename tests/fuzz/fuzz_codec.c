/* fuzz_codec.c: the field codecs (src/codec) over any bytes: every field of a record of many
 * shapes is checked and displayed; a number or date that reads is written back and reads
 * again as the same value (get/put round trip). */
#include "fuzz.h"

#include "kiroku/codec.h"
#include "kiroku/layout.h"

#include <string.h>

static const char LAYOUT[] =
    "layout fuzz\n  encoding cp932\n  length 150\n  terminator none\n"
    "record data\n"
    "  x    X(4)\n  n    N(2)\n  m    M(4)\n"
    "  u5   9(5)\n  u3v2 9(3)V99\n  s3   S9(3)\n  sl3  S9(3) sign(leading)\n"
    "  sts3 S9(3) sign(trailing-separate)\n  sls3 S9(3) sign(leading-separate)\n"
    "  p5   P(5)\n  p4   P(4)\n  pu5  P(5) unsigned\n  p3v2 P(3)V99\n"
    "  b1s  B(1) signed\n  b2   B(2)\n  b4ls B(4) signed little\n  b8   B(8)\n  b8s  B(8) signed\n"
    "  d8   date(yyyymmdd) none(00000000) open(99999999)\n  d6   date(yymmdd)\n  dm   date(yyyymm)\n"
    "  dg   date(gyymmdd)\n  dgg  date(ggyymmdd)\n"
    "  my   mynumber\n  c    9(1) codes(1 \"a\", 2 \"b\")\n"
    "  filler X(*)\n";

static bool is_number(const kr_field *f)
{
    return f->type == KR_F_ZD || f->type == KR_F_PD || f->type == KR_F_BI;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kr_diags d;
    kr_diags_init(&d);
    kr_layout *l = kr_layout_parse(LAYOUT, sizeof LAYOUT - 1, "fuzz.layout", &d);
    FUZZ_CHECK(l, "the target's own layout does not parse: %s", d.n ? d.items[0] : "");
    kr_diags_free(&d);
    unsigned char *rec = kr_xmalloc(l->length), *again = kr_xmalloc(l->length);
    memset(rec, ' ', l->length);
    memcpy(rec, data, size < l->length ? size : l->length);
    const kr_rectype *t = &l->types[0];
    for (size_t i = 0; i < t->n_fields; i++) {
        const kr_field *f = &t->fields[i];
        kr_problem pb[8];
        (void)kr_field_check(l, f, rec, pb, 8);
        kr_buf shown;
        kr_buf_init(&shown);
        kr_field_display(l, f, rec, false, &shown);
        kr_buf_free(&shown);
        if (is_number(f)) {
            kr_i128 v, w;
            if (!kr_num_get(l, f, rec, &v, NULL))
                continue;
            memcpy(again, rec, l->length);
            FUZZ_CHECK(kr_num_put(l, f, again, v), "%s: a value read does not write back", f->name);
            FUZZ_CHECK(kr_num_get(l, f, again, &w, NULL), "%s: a value written does not read", f->name);
            FUZZ_CHECK(v == w, "%s: a value changed in the round trip", f->name);
        } else if (f->type == KR_F_DATE) {
            kr_date a, b;
            if (!kr_date_get(l, f, rec, &a, NULL) || a.kind != KR_DATE_VALUE || a.ymd % 100 == 0)
                continue;
            memcpy(again, rec, l->length);
            FUZZ_CHECK(kr_date_put(l, f, again, a.ymd), "%s: date %d read does not write back", f->name, a.ymd);
            FUZZ_CHECK(kr_date_get(l, f, again, &b, NULL), "%s: date %d written does not read", f->name, a.ymd);
            FUZZ_CHECK(b.kind == KR_DATE_VALUE && b.ymd == a.ymd, "%s: date %d read back as %d", f->name, a.ymd,
                       b.ymd);
        }
    }
    free(rec);
    free(again);
    kr_layout_free(l);
    return 0;
}
