/* sample.c: reads a field's sample(...) attribute (the vocabulary of docs/GENERATE.md) into
 * a compiled generator, checking the arguments against the field; fixed values (pick, const,
 * blank, codes, the discriminator, filler) are made into field images once and checked with
 * the same kr_field_check that `kiroku verify` runs. Every mistake is a layout error. */
#include "gen_private.h"
#include "kiroku/codec.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORDS 64

typedef struct word {
    const char *s;
    size_t n;
    bool quoted;
} word;

typedef struct ctx {
    const kr_layout *l;
    const kr_rectype *rt;
    const kr_field *f;
    kr_err *err;
    unsigned char *scratch; /* a record to check images in */
} ctx;

static bool fail(ctx *c, const char *id, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static bool fail(ctx *c, const char *id, const char *fmt, ...)
{
    char msg[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const kr_field *f = c->f;
    return kr_fail(c->err, KR_RC_ENV, id, "%s:%d:%d: field '%s' of record '%s': sample(%s): %s",
                   c->l->path, f->line, f->col, f->name, c->rt->name, f->sample ? f->sample : "", msg);
}

static const char *type_text(const kr_field *f, char *buf, size_t size)
{
    kr_buf b;
    kr_buf_init(&b);
    kr_field_type_text(f, &b);
    snprintf(buf, size, "%s", b.data);
    kr_buf_free(&b);
    return buf;
}

/* Splits the attribute into words and "strings". */
static bool split(ctx *c, const char *text, word *w, size_t *n)
{
    *n = 0;
    const char *p = text;
    while (*p) {
        if (*p == ' ') {
            p++;
            continue;
        }
        if (*n == MAX_WORDS)
            return fail(c, "KRK1002E", "more than %d words", MAX_WORDS);
        word *x = &w[(*n)++];
        if (*p == '"') {
            const char *e = strchr(p + 1, '"');
            if (!e)
                return fail(c, "KRK1002E", "a string has no closing '\"'");
            *x = (word){p + 1, (size_t)(e - p - 1), true};
            p = e + 1;
            continue;
        }
        const char *e = p;
        while (*e && *e != ' ' && *e != '"')
            e++;
        *x = (word){p, (size_t)(e - p), false};
        for (const char *q = p; q < e; q++)
            if (*q == '(' || *q == ')' || *q == ',')
                return fail(c, "KRK1002E", "'%c' does not belong in sample(...): separate the "
                            "arguments with spaces, e.g. sample(pick 1 2 3)", *q);
        p = e;
    }
    return true;
}

static bool is(const word *w, const char *s)
{
    return !w->quoted && strlen(s) == w->n && memcmp(w->s, s, w->n) == 0;
}

static char *dup_word(const word *w)
{
    return kr_xstrndup(w->s, w->n);
}

/* A decimal number "-12.5" in units of 10^-scale. */
static bool parse_decimal(const word *w, unsigned scale, kr_i128 *out)
{
    if (w->quoted || w->n == 0)
        return false;
    size_t i = 0;
    bool neg = false;
    if (w->s[0] == '-')
        neg = true, i = 1;
    kr_i128 v = 0;
    unsigned frac = 0, digits = 0;
    bool point = false;
    for (; i < w->n; i++) {
        char ch = w->s[i];
        if (ch == '.' && !point) {
            point = true;
            continue;
        }
        if (ch < '0' || ch > '9' || ++digits > 36)
            return false;
        if (point && ++frac > scale)
            return false;
        v = v * 10 + (ch - '0');
    }
    if (digits == 0)
        return false;
    for (; frac < scale; frac++)
        v *= 10;
    *out = neg ? -v : v;
    return true;
}

static bool parse_uint(const word *w, unsigned max, unsigned *out)
{
    kr_i128 v;
    if (!parse_decimal(w, 0, &v) || v < 0 || v > max)
        return false;
    *out = (unsigned)v;
    return true;
}

static bool is_numeric(const kr_field *f)
{
    return f->type == KR_F_ZD || f->type == KR_F_PD || f->type == KR_F_BI;
}

static bool is_text(const kr_field *f)
{
    return f->type == KR_F_X || f->type == KR_F_N || f->type == KR_F_M;
}

/* date(...) fields, and 9(8) / X(8) holding yyyymmdd. */
static bool holds_ymd(const kr_field *f)
{
    return f->type == KR_F_DATE ||
           (f->type == KR_F_ZD && f->sign == KR_SIGN_NONE && f->digits == 8 && f->scale == 0) ||
           (f->type == KR_F_X && f->length == 8);
}

bool gen_put_ymd(const kr_layout *l, const kr_field *f, unsigned char *rec, int ymd)
{
    if (f->type == KR_F_DATE)
        return kr_date_put(l, f, rec, ymd);
    if (f->type == KR_F_ZD)
        return kr_num_put(l, f, rec, ymd);
    char d[16];
    snprintf(d, sizeof d, "%08d", ymd);
    memcpy(rec + f->offset, d, 8);
    return true;
}

/* Checks the field as it stands in c->scratch with verify's own check. */
static bool check_image(ctx *c, const char *what)
{
    kr_problem pb[4];
    size_t n = kr_field_check(c->l, c->f, c->scratch, pb, 4);
    for (size_t i = 0; i < n; i++)
        if (pb[i].rc >= KR_RC_REJECT)
            return fail(c, "KRK1004E", "%s would not pass verify: %s", what, pb[i].reason);
    return true;
}

static void add_image(gen_field *gf, const unsigned char *img, size_t len)
{
    gf->images = kr_xrealloc(gf->images, (gf->n_images + 1) * len);
    memcpy(gf->images + gf->n_images * len, img, len);
    gf->n_images++;
}

/* A value as written (pick, const) into the scratch record, then checked and kept. */
static bool add_value(ctx *c, gen_field *gf, const word *w)
{
    const kr_field *f = c->f;
    unsigned char *p = c->scratch + f->offset;
    char tt[64], shown[160];
    snprintf(shown, sizeof shown, "%s%.*s%s", w->quoted ? "\"" : "", (int)w->n, w->s, w->quoted ? "\"" : "");
    if (is_numeric(f)) {
        kr_i128 v;
        if (!parse_decimal(w, f->scale, &v))
            return fail(c, "KRK1002E", "%s is not a number with at most %u decimal places", shown, f->scale);
        if (!kr_num_put(c->l, f, c->scratch, v))
            return fail(c, "KRK1004E", "%s does not fit %s", shown, type_text(f, tt, sizeof tt));
    } else if (is_text(f)) {
        if (gen_put_text(c->l, f, c->scratch, w->s, w->n) < w->n)
            return fail(c, "KRK1004E", "%s cannot be written in %s (%zu bytes): too long, or it holds a "
                        "character the field cannot", shown, type_text(f, tt, sizeof tt), f->length);
    } else {
        if (w->n != f->length)
            return fail(c, "KRK1004E", "%s must be written as the field holds it, %zu characters", shown,
                        f->length);
        memcpy(p, w->s, w->n);
    }
    if (!check_image(c, shown))
        return false;
    add_image(gf, p, f->length);
    return true;
}

/* The value of a code labelled `label` ("男"), else NULL. */
static const kr_bytes *code_labelled(const kr_field *f, const char *label)
{
    for (size_t i = 0; i < f->n_codes; i++)
        if (f->codes[i].label && strncmp(f->codes[i].label, label, strlen(label)) == 0)
            return &f->codes[i].value;
    return NULL;
}

static bool compile_sex(ctx *c, gen_field *gf)
{
    const kr_field *f = c->f;
    static const char *labels[2] = {"男", "女"};
    for (int s = 0; s < 2; s++) {
        const kr_bytes *code = code_labelled(f, labels[s]);
        if (code) {
            memcpy(c->scratch + f->offset, code->data, f->length);
            if (!check_image(c, labels[s]))
                return false;
            add_image(gf, code->data, f->length);
            continue;
        }
        if (!is_numeric(f) && !is_text(f))
            return fail(c, "KRK1003E", "sex writes 1 (男) or 2 (女), or the codes labelled 男 and 女; "
                        "give it a 9, X or coded field");
        char digit[2] = {(char)('1' + s), 0};
        word w = {digit, 1, false};
        if (!add_value(c, gf, &w))
            return false;
    }
    gf->kind = GK_SEX;
    return true;
}

static int minus_years(int ymd, int years)
{
    int y = ymd / 10000 - years, m = ymd / 100 % 100, d = ymd % 100;
    if (m == 2 && d == 29 && !kr_date_valid_ymd(y, 2, 29))
        d = 28;
    return y * 10000 + m * 100 + d;
}

void gen_birth_range(int ref_ymd, int minage, int maxage, long *lo, long *hi)
{
    *lo = kr_days_from_ymd(minus_years(ref_ymd, maxage + 1)) + 1;
    *hi = kr_days_from_ymd(minus_years(ref_ymd, minage));
}

/* The days [lo, hi] a date generator draws from must both be writable in the field. */
static bool check_date_ends(ctx *c, int lo_days, int hi_days, const char *what)
{
    int ends[2] = {kr_ymd_from_days(lo_days), kr_ymd_from_days(hi_days)};
    char tt[64];
    for (int i = 0; i < 2; i++) {
        memset(c->scratch + c->f->offset, '0', c->f->length);
        if (!gen_put_ymd(c->l, c->f, c->scratch, ends[i]))
            return fail(c, "KRK1009E", "%s reaches %04d-%02d-%02d, which %s cannot hold%s", what,
                        ends[i] / 10000, ends[i] / 100 % 100, ends[i] % 100, type_text(c->f, tt, sizeof tt),
                        c->f->datefmt == KR_DATE_YYMMDD ? " (see its window)" : "");
        char at[64];
        snprintf(at, sizeof at, "%04d-%02d-%02d", ends[i] / 10000, ends[i] / 100 % 100, ends[i] % 100);
        if (!check_image(c, at))
            return false;
    }
    return true;
}

void gen_default_date_range(const kr_layout *l, const kr_field *f, int ref_ymd, int *lo, int *hi)
{
    int a = 19000101, b = ref_ymd;
    if (f->type == KR_F_DATE && f->datefmt == KR_DATE_YYMMDD) {
        if (a < f->window * 10000 + 101)
            a = f->window * 10000 + 101;
        if (b > (f->window + 99) * 10000 + 1231)
            b = (f->window + 99) * 10000 + 1231;
    }
    if (f->type == KR_F_DATE && (f->datefmt == KR_DATE_GYYMMDD || f->datefmt == KR_DATE_GGYYMMDD) &&
        l->n_eras && a < l->eras[0].start)
        a = l->eras[0].start;
    if (b < a)
        b = a;
    *lo = (int)kr_days_from_ymd(a);
    *hi = (int)kr_days_from_ymd(b);
}

static bool compile_date(ctx *c, gen_field *gf, const word *w, size_t n)
{
    const kr_field *f = c->f;
    int from, to;
    if (n < 3)
        return fail(c, "KRK1002E", "write date FROM TO [none P] [open P], dates as YYYY-MM-DD");
    char *a = dup_word(&w[1]), *b = dup_word(&w[2]);
    bool ok = kr_gen_parse_date(a, &from) && kr_gen_parse_date(b, &to);
    free(a);
    free(b);
    if (!ok)
        return fail(c, "KRK1002E", "write date FROM TO with calendar dates as YYYY-MM-DD");
    if (from > to)
        return fail(c, "KRK1002E", "FROM is after TO");
    gf->kind = GK_DATE;
    gf->lo = (int)kr_days_from_ymd(from);
    gf->hi = (int)kr_days_from_ymd(to);
    for (size_t i = 3; i < n; i += 2) {
        unsigned pct;
        bool none = is(&w[i], "none");
        if ((!none && !is(&w[i], "open")) || i + 1 >= n || !parse_uint(&w[i + 1], 100, &pct))
            return fail(c, "KRK1002E", "after the dates come 'none P' and 'open P' (P percent, 0-100)");
        if (none ? f->n_none == 0 : f->n_open == 0)
            return fail(c, "KRK1003E", "the field has no %s(...) value to write", none ? "none" : "open");
        if (none)
            gf->none_pct = pct;
        else
            gf->open_pct = pct;
    }
    if (gf->none_pct + gf->open_pct > 100)
        return fail(c, "KRK1002E", "none and open add up to more than 100 percent");
    if (f->type == KR_F_DATE) {
        /* images[0]: the first none value, images[1]: the first open value. */
        unsigned char *img = kr_xcalloc(2, f->length);
        if (f->n_none)
            memcpy(img, f->none_values[0].data, f->length);
        if (f->n_open)
            memcpy(img + f->length, f->open_values[0].data, f->length);
        gf->images = img;
        gf->n_images = 2;
    }
    return check_date_ends(c, gf->lo, gf->hi, "the range");
}

static bool compile_birth(ctx *c, gen_field *gf, const word *w, size_t n, int ref_ymd)
{
    unsigned minage, maxage;
    if (n != 3 || !parse_uint(&w[1], 150, &minage) || !parse_uint(&w[2], 150, &maxage) || minage > maxage)
        return fail(c, "KRK1002E", "write birth MINAGE MAXAGE, ages from 0 to 150 on the reference date");
    gf->kind = GK_BIRTH;
    gf->lo = (int)minage;
    gf->hi = (int)maxage;
    long lo, hi;
    gen_birth_range(ref_ymd, (int)minage, (int)maxage, &lo, &hi);
    return check_date_ends(c, (int)lo, (int)hi, "an age in that range");
}

/* seq and range: numbers into numeric fields, or digits into X fields. */
static bool compile_number(ctx *c, gen_field *gf, const word *w, size_t n, bool seq)
{
    const kr_field *f = c->f;
    unsigned scale = is_numeric(f) ? f->scale : 0;
    char tt[64];
    if (!is_numeric(f) && f->type != KR_F_X)
        return fail(c, "KRK1003E", "%s writes numbers; %s is not a number field (9, S9, P, B) or X",
                    seq ? "seq" : "range", type_text(f, tt, sizeof tt));
    bool ok;
    if (seq) {
        gf->b = 1;
        for (unsigned i = 0; i < scale; i++)
            gf->b *= 10;
        ok = (n == 2 || n == 3) && parse_decimal(&w[1], scale, &gf->a) &&
             (n == 2 || parse_decimal(&w[2], scale, &gf->b));
        if (!ok)
            return fail(c, "KRK1002E", "write seq START [STEP]%s", scale ? " (numbers with up to the field's decimal places)" : "");
    } else {
        ok = n == 3 && parse_decimal(&w[1], scale, &gf->a) && parse_decimal(&w[2], scale, &gf->b);
        if (!ok)
            return fail(c, "KRK1002E", "write range MIN MAX%s", scale ? " (numbers with up to the field's decimal places)" : "");
        if (gf->a > gf->b)
            return fail(c, "KRK1002E", "MIN is larger than MAX");
    }
    kr_i128 lo, hi;
    if (is_numeric(f)) {
        lo = kr_num_min(f);
        hi = kr_num_max(f);
    } else {
        lo = 0;
        hi = 1;
        for (size_t i = 0; i < f->length && i < 36; i++)
            hi *= 10;
        hi -= 1;
    }
    kr_i128 first = gf->a, last = seq ? gf->a : gf->b;
    if (first < lo || first > hi || last < lo || last > hi)
        return fail(c, "KRK1004E", "%s does not fit %s", seq ? "START" : "the range", type_text(f, tt, sizeof tt));
    gf->kind = seq ? GK_SEQ : GK_RANGE;
    return true;
}

static bool compile_sample(ctx *c, gen_field *gf, int ref_ymd)
{
    const kr_field *f = c->f;
    word w[MAX_WORDS];
    size_t n;
    char tt[64];
    if (!split(c, f->sample, w, &n))
        return false;
    if (n == 0)
        return fail(c, "KRK1001E", "no generator");
    if (f->n_codes && !is(&w[0], "pick") && !is(&w[0], "const") && !is(&w[0], "sex") && !is(&w[0], "blank"))
        return fail(c, "KRK1005E", "the field lists codes(...); give it pick with code values, const, sex, "
                    "or no sample (a random code)");
    if (is(&w[0], "seq") || is(&w[0], "range"))
        return compile_number(c, gf, w, n, is(&w[0], "seq"));
    if (is(&w[0], "pick") || is(&w[0], "const")) {
        bool one = is(&w[0], "const");
        if (n < 2 || (one && n != 2))
            return fail(c, "KRK1002E", one ? "write const VALUE" : "write pick V1 V2 ... (strings in quotes)");
        for (size_t i = 1; i < n; i++)
            if (!add_value(c, gf, &w[i]))
                return false;
        gf->kind = GK_IMAGE;
        return true;
    }
    if (is(&w[0], "blank")) {
        if (n != 1)
            return fail(c, "KRK1002E", "blank takes no arguments");
        gen_pad_text(c->l, f, c->scratch, 0);
        if (!check_image(c, "blank"))
            return false;
        add_image(gf, c->scratch + f->offset, f->length);
        gf->kind = GK_IMAGE;
        return true;
    }
    if (is(&w[0], "name") || is(&w[0], "address")) {
        bool name = is(&w[0], "name");
        if (n != 2 || (!is(&w[1], "kanji") && !is(&w[1], "kana")))
            return fail(c, "KRK1002E", "write %s kanji or %s kana", w[0].n == 4 ? "name" : "address",
                        w[0].n == 4 ? "name" : "address");
        gf->kana = is(&w[1], "kana");
        if (!is_text(f) || (!gf->kana && f->type == KR_F_X))
            return fail(c, "KRK1003E", "%s %s needs %s; %s is not", name ? "name" : "address",
                        gf->kana ? "kana" : "kanji", gf->kana ? "a text field (X, N or M)" : "an N or M field",
                        type_text(f, tt, sizeof tt));
        gf->kind = name ? GK_NAME : GK_ADDRESS;
        return true;
    }
    if (is(&w[0], "sex")) {
        if (n != 1)
            return fail(c, "KRK1002E", "sex takes no arguments");
        return compile_sex(c, gf);
    }
    if (is(&w[0], "birth") || is(&w[0], "date")) {
        if (!holds_ymd(f))
            return fail(c, "KRK1003E", "%s writes dates: give it a date(...) field, or 9(8) or X(8) for "
                        "yyyymmdd; %s is neither", w[0].s[0] == 'b' ? "birth" : "date", type_text(f, tt, sizeof tt));
        return is(&w[0], "birth") ? compile_birth(c, gf, w, n, ref_ymd) : compile_date(c, gf, w, n);
    }
    if (is(&w[0], "postcode")) {
        bool fits = (is_text(f) && gen_text_capacity(c->l, f) >= 7) ||
                    (f->type == KR_F_ZD && f->sign == KR_SIGN_NONE && f->scale == 0 && f->digits >= 7);
        if (n != 1 || !fits)
            return fail(c, "KRK1003E", "postcode takes no arguments and writes 7 digits: give it X(7), "
                        "N(7), M(7) or 9(7) or wider; %s is not", type_text(f, tt, sizeof tt));
        gf->kind = GK_POSTCODE;
        return true;
    }
    if (is(&w[0], "phone")) {
        if (n != 1 || !is_text(f) || gen_text_capacity(c->l, f) < 11)
            return fail(c, "KRK1003E", "phone takes no arguments and writes up to 13 characters "
                        "(090-1234-5678; digits only below 13): give it X(11), N(11) or M(11) or wider; "
                        "%s is not", type_text(f, tt, sizeof tt));
        gf->kind = GK_PHONE;
        return true;
    }
    return fail(c, "KRK1001E", "unknown generator '%.*s'; the generators are seq, range, pick, const, "
                "blank, name, sex, birth, address, postcode, phone and date",
                (int)w[0].n, w[0].s);
}

/* Without a sample: the field's type decides. */
static bool compile_default(ctx *c, const kr_rectype *rt, gen_field *gf, int ref_ymd)
{
    const kr_field *f = c->f;
    kr_layout const *l = c->l;
    unsigned char *p = c->scratch + f->offset;
    if (rt->disc_field >= 0 && &rt->fields[rt->disc_field] == f) {
        for (size_t i = 0; i < rt->n_disc; i++)
            add_image(gf, rt->disc_values[i].data, f->length);
        gf->kind = GK_IMAGE;
        return true;
    }
    if (f->total != KR_TOTAL_NONE || (f->is_filler && is_numeric(f))) {
        kr_num_put(l, f, c->scratch, 0);
        add_image(gf, p, f->length);
        gf->kind = GK_IMAGE;
        return true;
    }
    if (f->is_filler && is_text(f)) {
        gen_pad_text(l, f, c->scratch, 0);
        add_image(gf, p, f->length);
        gf->kind = GK_IMAGE;
        return true;
    }
    if (f->n_codes) {
        for (size_t i = 0; i < f->n_codes; i++)
            add_image(gf, f->codes[i].value.data, f->length);
        gf->kind = GK_IMAGE;
        return true;
    }
    if (is_numeric(f)) {
        gf->kind = GK_RANGE;
        gf->a = kr_num_min(f);
        gf->b = kr_num_max(f);
        return true;
    }
    if (f->type == KR_F_DATE) {
        gf->kind = GK_DATE;
        gen_default_date_range(l, f, ref_ymd, &gf->lo, &gf->hi);
        return true;
    }
    gf->kind = GK_DEFAULT;
    return true;
}

bool gen_field_compile(const kr_layout *l, const kr_rectype *rt, const kr_field *f, int ref_ymd,
                       gen_field *out, kr_err *err)
{
    memset(out, 0, sizeof *out);
    out->f = f;
    ctx c = {l, rt, f, err, kr_xcalloc(1, l->length)};
    bool fixed = (rt->disc_field >= 0 && &rt->fields[rt->disc_field] == f) || f->total != KR_TOTAL_NONE;
    bool ok = f->sample && !fixed ? compile_sample(&c, out, ref_ymd) : compile_default(&c, rt, out, ref_ymd);
    free(c.scratch);
    if (ok && out->kind == GK_DATE && f->has_not_before && f->not_before < rt->n_fields)
        out->not_before = &rt->fields[f->not_before]; /* written before f: see not_before(F) */
    if (!ok)
        gen_field_free(out);
    return ok;
}

void gen_field_free(gen_field *gf)
{
    free(gf->images);
    gf->images = NULL;
    gf->n_images = 0;
}

bool kr_gen_parse_date(const char *s, int *ymd)
{
    return kr_date_parse_iso(s, ymd);
}
