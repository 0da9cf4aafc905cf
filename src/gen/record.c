/* record.c: making one record: every field from its compiled generator. One person (name,
 * reading, sex, birth date) and one address (with its postcode and telephone number) are
 * drawn per record, so the fields of a record agree with one another. */
#include "gen_private.h"
#include "kiroku/codec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct gen_type {
    gen_field *fields;
    size_t n;
} gen_type;

struct kr_gen {
    const kr_layout *l;
    kr_rng rng;
    int ref_ymd;
    gen_type *types;
    int *data_types;
    size_t n_data;
    size_t n_kanji; /* characters of gen_kanji_pool (3 UTF-8 bytes each) */
    /* The record being made. */
    struct {
        bool drawn;
        size_t surname, given;
        int birth; /* yyyymmdd, 0 until a birth field asks */
    } person;
    struct {
        bool drawn;
        size_t city, town;
        int chome, ban, go;
        int post4;
        bool mobile;
        int mobile_prefix, exchange, subscriber;
    } addr;
};

kr_gen *kr_gen_new(const kr_layout *l, uint64_t seed, int ref_ymd, kr_err *err)
{
    kr_gen *g = kr_xcalloc(1, sizeof *g);
    g->l = l;
    g->ref_ymd = ref_ymd;
    kr_rng_seed(&g->rng, seed);
    g->n_kanji = strlen(gen_kanji_pool) / 3;
    g->types = kr_xcalloc(l->n_types, sizeof *g->types);
    g->data_types = kr_xcalloc(l->n_types, sizeof *g->data_types);
    for (size_t t = 0; t < l->n_types; t++) {
        const kr_rectype *rt = &l->types[t];
        if (rt->role == KR_ROLE_DATA)
            g->data_types[g->n_data++] = (int)t;
        g->types[t].fields = kr_xcalloc(rt->n_fields ? rt->n_fields : 1, sizeof(gen_field));
        for (size_t i = 0; i < rt->n_fields; i++) {
            if (!gen_field_compile(l, rt, &rt->fields[i], ref_ymd, &g->types[t].fields[i], err)) {
                kr_gen_free(g);
                return NULL;
            }
            g->types[t].n++;
        }
    }
    return g;
}

void kr_gen_free(kr_gen *g)
{
    if (!g)
        return;
    for (size_t t = 0; t < g->l->n_types; t++) {
        for (size_t i = 0; i < g->types[t].n; i++)
            gen_field_free(&g->types[t].fields[i]);
        free(g->types[t].fields);
    }
    free(g->types);
    free(g->data_types);
    free(g);
}

int kr_gen_data_type(kr_gen *g)
{
    if (g->n_data == 0)
        return -1;
    return g->data_types[g->n_data == 1 ? 0 : kr_rng_below(&g->rng, g->n_data)];
}

static inline uint64_t below(kr_gen *g, uint64_t n)
{
    return kr_rng_below(&g->rng, n);
}

static void draw_person(kr_gen *g)
{
    if (g->person.drawn)
        return;
    g->person.drawn = true;
    g->person.surname = below(g, gen_n_surnames);
    g->person.given = below(g, gen_n_givens);
    g->person.birth = 0;
}

static void draw_address(kr_gen *g)
{
    if (g->addr.drawn)
        return;
    g->addr.drawn = true;
    g->addr.city = below(g, gen_n_cities);
    g->addr.town = below(g, gen_n_towns);
    g->addr.chome = 1 + (int)below(g, 5);
    g->addr.ban = 1 + (int)below(g, 30);
    g->addr.go = 1 + (int)below(g, 20);
    g->addr.post4 = (int)below(g, 10000);
    g->addr.mobile = below(g, 10) < 3;
    g->addr.mobile_prefix = (int)below(g, 3);
    g->addr.exchange = (int)below(g, 10000);
    g->addr.subscriber = (int)below(g, 10000);
}

/* Digits of v, zero-padded to the width of an X field. False when v does not fit. */
static bool put_digits(const kr_field *f, unsigned char *rec, kr_i128 v)
{
    char d[48];
    int n = kr_i128_format(v, d);
    if (v < 0 || (size_t)n > f->length)
        return false;
    unsigned char *p = rec + f->offset;
    size_t pad = f->length - (size_t)n;
    memset(p, '0', pad);
    memcpy(p + pad, d, (size_t)n);
    return true;
}

static bool put_number(const kr_layout *l, const kr_field *f, unsigned char *rec, kr_i128 v)
{
    return f->type == KR_F_X ? put_digits(f, rec, v) : kr_num_put(l, f, rec, v);
}

static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

static void default_text(kr_gen *g, const kr_field *f, unsigned char *rec)
{
    const kr_layout *l = g->l;
    unsigned char *p = rec + f->offset;
    if (f->type == KR_F_X) {
        size_t len = f->length, n = (len + 1) / 2 + below(g, len / 2 + 1);
        for (size_t i = 0; i < n; i += 8) {
            uint64_t r = kr_rng_next(&g->rng);
            for (size_t k = i; k < n && k < i + 8; k++, r >>= 8)
                p[k] = (unsigned char)alnum[(r & 0xFF) % 36];
        }
        memset(p + n, ' ', len - n);
        return;
    }
    /* N: kanji; M: runs of kanji and of letters and digits. */
    char buf[1024];
    size_t cap = gen_text_capacity(l, f), used = 0, chars = 1 + below(g, cap);
    size_t k = 0;
    while (k < chars && used + 4 < sizeof buf) {
        bool kanji = f->type == KR_F_N || below(g, 3) != 0;
        size_t run = 1 + below(g, 4);
        for (size_t r = 0; r < run && k < chars && used + 4 < sizeof buf; r++, k++) {
            if (kanji) {
                memcpy(buf + used, gen_kanji_pool + 3 * below(g, g->n_kanji), 3);
                used += 3;
            } else {
                buf[used++] = alnum[below(g, 36)];
            }
        }
    }
    gen_put_text(l, f, rec, buf, used);
}

static void default_value(kr_gen *g, const kr_field *f, unsigned char *rec)
{
    if (f->type == KR_F_MYNUMBER) {
        unsigned char *p = rec + f->offset;
        uint64_t r = kr_rng_next(&g->rng);
        for (int i = 0; i < 11; i++, r /= 10)
            p[i] = (unsigned char)('0' + r % 10);
        p[11] = (unsigned char)('0' + kr_mynumber_check_digit(p));
        return;
    }
    default_text(g, f, rec);
}

static void put_name(kr_gen *g, const gen_field *gf, unsigned char *rec)
{
    draw_person(g);
    const gen_surname *s = &gen_surnames[g->person.surname];
    const gen_given *gv = &gen_givens[g->person.given];
    char buf[128];
    int n = snprintf(buf, sizeof buf, "%s %s", gf->kana ? s->kana : s->kanji, gf->kana ? gv->kana : gv->kanji);
    gen_put_text(g->l, gf->f, rec, buf, (size_t)n);
}

static void put_address(kr_gen *g, const gen_field *gf, unsigned char *rec)
{
    draw_address(g);
    const gen_city *c = &gen_cities[g->addr.city];
    const gen_town *t = &gen_towns[g->addr.town];
    char buf[256];
    int n;
    if (gf->kana)
        n = snprintf(buf, sizeof buf, "%s %s %s %d-%d-%d", c->pref_kana, c->city_kana, t->kana,
                     g->addr.chome, g->addr.ban, g->addr.go);
    else
        n = snprintf(buf, sizeof buf, "%s%s%s%d丁目%d番%d号", c->pref, c->city, t->kanji, g->addr.chome,
                     g->addr.ban, g->addr.go);
    gen_put_text(g->l, gf->f, rec, buf, (size_t)n);
}

static void put_postcode(kr_gen *g, const gen_field *gf, unsigned char *rec)
{
    draw_address(g);
    char buf[16];
    int n = snprintf(buf, sizeof buf, "%s%04d", gen_cities[g->addr.city].post3, g->addr.post4);
    if (gf->f->type == KR_F_ZD)
        kr_num_put(g->l, gf->f, rec, atoi(buf));
    else
        gen_put_text(g->l, gf->f, rec, buf, (size_t)n);
}

static void put_phone(kr_gen *g, const gen_field *gf, unsigned char *rec)
{
    static const char *mobile[] = {"090", "080", "070"};
    draw_address(g);
    /* 10 digits for a fixed line (area code, exchange, 4), 11 for a mobile (3, 4, 4). */
    const char *area = g->addr.mobile ? mobile[g->addr.mobile_prefix] : gen_cities[g->addr.city].area;
    size_t ex_digits = g->addr.mobile ? 4 : 6 - strlen(area);
    char exch[8], buf[32];
    for (size_t i = 0, v = (size_t)g->addr.exchange; i < ex_digits; i++, v /= 10)
        exch[ex_digits - 1 - i] = (char)('0' + v % 10);
    exch[ex_digits] = 0;
    int n = snprintf(buf, sizeof buf, "%s-%s-%04d", area, exch, g->addr.subscriber % 10000);
    if ((size_t)n > gen_text_capacity(g->l, gf->f))
        n = snprintf(buf, sizeof buf, "%s%s%04d", area, exch, g->addr.subscriber % 10000);
    gen_put_text(g->l, gf->f, rec, buf, (size_t)n);
}

static void put_date(kr_gen *g, const gen_field *gf, unsigned char *rec)
{
    const kr_field *f = gf->f;
    if (gf->none_pct || gf->open_pct) {
        unsigned r = (unsigned)below(g, 100);
        if (r < gf->none_pct) {
            memcpy(rec + f->offset, gf->images, f->length);
            return;
        }
        if (r < gf->none_pct + gf->open_pct) {
            memcpy(rec + f->offset, gf->images + f->length, f->length);
            return;
        }
    }
    /* not_before(F): drawn from F's date on (F's date itself when the range ends before it);
     * one draw either way, so the fields after it stay as they were. */
    long lo = gf->lo, hi = gf->hi;
    kr_date bound;
    if (gf->not_before && kr_date_get(g->l, gf->not_before, rec, &bound, NULL) && bound.kind == KR_DATE_VALUE) {
        long b = kr_days_from_ymd(bound.ymd);
        lo = b > lo ? b : lo;
        hi = lo > hi ? lo : hi;
    }
    long days = lo + (long)below(g, (uint64_t)(hi - lo) + 1);
    if (!gen_put_ymd(g->l, f, rec, kr_ymd_from_days(days)))
        gen_put_ymd(g->l, f, rec, kr_ymd_from_days(gf->hi)); /* checked writable when compiled */
}

static void put_birth(kr_gen *g, const gen_field *gf, unsigned char *rec)
{
    draw_person(g);
    if (!g->person.birth) {
        long lo, hi;
        gen_birth_range(g->ref_ymd, gf->lo, gf->hi, &lo, &hi);
        g->person.birth = kr_ymd_from_days(lo + (long)below(g, (uint64_t)(hi - lo) + 1));
    }
    gen_put_ymd(g->l, gf->f, rec, g->person.birth);
}

bool kr_gen_record(kr_gen *g, int type, unsigned char *rec, kr_err *err)
{
    const kr_layout *l = g->l;
    const gen_type *gt = &g->types[type];
    g->person.drawn = false;
    g->addr.drawn = false;
    for (size_t i = 0; i < gt->n; i++) {
        gen_field *gf = &gt->fields[i];
        const kr_field *f = gf->f;
        switch (gf->kind) {
        case GK_IMAGE: {
            size_t k = gf->n_images == 1 ? 0 : below(g, gf->n_images);
            memcpy(rec + f->offset, gf->images + k * f->length, f->length);
            break;
        }
        case GK_SEQ: {
            kr_i128 v = gf->a + (kr_i128)gf->count * gf->b;
            if (!put_number(l, f, rec, v)) {
                char shown[64];
                kr_num_format(v, f->type == KR_F_X ? 0 : f->scale, shown);
                return kr_fail(err, KR_RC_ENV, "KRK1006E",
                               "%s:%d:%d: field '%s' of record '%s': sample(%s) reached %s after %llu "
                               "records, which the field cannot hold; widen it or lower START or STEP",
                               l->path, f->line, f->col, f->name, l->types[type].name, f->sample, shown,
                               (unsigned long long)gf->count);
            }
            gf->count++;
            break;
        }
        case GK_RANGE:
            put_number(l, f, rec, kr_rng_range(&g->rng, gf->a, gf->b));
            break;
        case GK_NAME:
            put_name(g, gf, rec);
            break;
        case GK_SEX:
            draw_person(g);
            memcpy(rec + f->offset, gf->images + (gen_givens[g->person.given].sex == 1 ? 0 : f->length),
                   f->length);
            break;
        case GK_BIRTH:
            put_birth(g, gf, rec);
            break;
        case GK_ADDRESS:
            put_address(g, gf, rec);
            break;
        case GK_POSTCODE:
            put_postcode(g, gf, rec);
            break;
        case GK_PHONE:
            put_phone(g, gf, rec);
            break;
        case GK_DATE:
            put_date(g, gf, rec);
            break;
        case GK_DEFAULT:
            default_value(g, f, rec);
            break;
        }
    }
    return true;
}
