/* city_hout.c: what the writers of `kiroku city --with ...` share (city_health.c,
 * city_yobo.c): an output file written field by field by name with its trailer's control
 * totals, a group of such files committed together, and the person's names, 個人番号 and
 * ages as the registry of the model holds them. */
#include "city_hout.h"
#include "kiroku/check.h"
#include "kiroku/codec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* New and old glyph forms of glyph.fold that the name table uses; a result writes the
 * other form of the first it finds in the surname. */
static const char *const glyph_pairs[][2] = {
    {"高", "髙"}, {"崎", "﨑"}, {"辺", "邊"}, {"斎", "齋"}, {"斉", "齊"}, {"浜", "濱"},
    {"沢", "澤"}, {"桜", "櫻"}, {"広", "廣"}, {"島", "嶋"}, {"国", "國"},
};

const kr_field *hout_field(const kr_layout *l, const char *type, const char *name)
{
    int t;
    return kr_layout_field(l, type, name, &t);
}

int city_type_index(const kr_layout *l, const char *name)
{
    for (size_t t = 0; t < l->n_types; t++)
        if (strcmp(l->types[t].name, name) == 0)
            return (int)t;
    return -1;
}

void hout_put_num(hout *o, const char *type, const char *name, uint64_t v)
{
    const kr_field *f = hout_field(o->l, type, name);
    if (f)
        kr_num_put(o->l, f, o->rec, (kr_i128)v);
}

void hout_put_text(hout *o, const char *type, const char *name, const char *s)
{
    const kr_field *f = hout_field(o->l, type, name);
    if (f)
        gen_put_text(o->l, f, o->rec, s, strlen(s));
}

void hout_put_ymd(hout *o, const char *type, const char *name, int ymd)
{
    const kr_field *f = hout_field(o->l, type, name);
    if (f)
        gen_put_ymd(o->l, f, o->rec, ymd);
}

bool city_emit(const kr_layout *l, kr_totals *totals, kr_writer *w, unsigned char *rec, uint64_t recno, kr_err *err)
{
    if (totals) {
        int type = kr_layout_classify(l, rec);
        if (l->types[type].role == KR_ROLE_TRAILER) {
            if (!kr_totals_fill(totals, type, rec, err))
                return false;
        } else
            kr_totals_add(totals, type, rec, recno);
    }
    return kr_writer_put(w, rec, err);
}

kr_totals *city_totals_of(const kr_layout *l)
{
    for (size_t t = 0; t < l->n_types; t++)
        if (l->types[t].role == KR_ROLE_TRAILER)
            return kr_totals_new(l);
    return NULL;
}

void hout_emit(hout *o)
{
    if (!o->ok)
        return;
    o->ok = city_emit(o->l, o->totals, o->w, o->rec, o->n + 1, o->err);
    o->n++;
}

int city_draw_mismatch(kr_rng *r, bool *pending, int first, int end, int glyph_kind, const city_person *p)
{
    char sur[64];
    bool glyph_ok = city_glyph_variant(gen_surnames[p->day[1].surname].kanji, sur, sizeof sur);
    for (int k = first; k < end; k++)
        if (pending[k] && (k != glyph_kind || glyph_ok)) {
            pending[k] = false;
            return k;
        }
    uint64_t x = kr_rng_below(r, 100);
    if (x >= 12)
        return 0;
    int k = first + (int)(x % (uint64_t)(end - first));
    return k == glyph_kind && !glyph_ok ? 0 : k;
}

/* The person's 個人番号 as the registry holds it: 11 digits and the check digit. */
void city_put_kojin(unsigned char *at, uint64_t base)
{
    for (int i = 10; i >= 0; i--, base /= 10)
        at[i] = (unsigned char)('0' + base % 10);
    at[11] = (unsigned char)('0' + kr_mynumber_check_digit(at));
}

int city_add_days(int ymd, long d)
{
    return kr_ymd_from_days(kr_days_from_ymd(ymd) + d);
}

int city_age_on(int birth, int day)
{
    int a = day / 10000 - birth / 10000;
    return day % 10000 < birth % 10000 ? a - 1 : a;
}

/* The surname with one character in its other glyph form; false when it has none. */
bool city_glyph_variant(const char *surname, char *out, size_t n)
{
    for (size_t i = 0; i < sizeof glyph_pairs / sizeof glyph_pairs[0]; i++)
        for (int k = 0; k < 2; k++) {
            const char *at = strstr(surname, glyph_pairs[i][k]);
            if (!at)
                continue;
            snprintf(out, n, "%.*s%s%s", (int)(at - surname), surname, glyph_pairs[i][1 - k],
                     at + strlen(glyph_pairs[i][k]));
            return true;
        }
    return false;
}

void city_kanji_of(char *buf, size_t n, const char *surname, const city_person *p)
{
    const char *g = gen_givens[p->given].kanji;
    if (p->gaiji) {
        unsigned c = 0xE000 + p->gaiji - 1u;
        snprintf(buf, n, "%s %c%c%c%s", surname, (char)(0xE0 | (c >> 12)), (char)(0x80 | ((c >> 6) & 0x3F)),
                 (char)(0x80 | (c & 0x3F)), g + 3);
    } else
        snprintf(buf, n, "%s %s", surname, g);
}

/* Another given name of the same sex. */
uint16_t city_other_given(kr_rng *r, const city_person *p)
{
    for (;;) {
        uint16_t g = (uint16_t)kr_rng_below(r, gen_n_givens);
        if (g != p->given && gen_givens[g].sex == p->sex)
            return g;
    }
}

hout *hout_open(const kr_layout *l, const char *path, kr_err *err)
{
    hout *o = kr_xcalloc(1, sizeof *o);
    o->l = l;
    o->err = err;
    o->ok = true;
    o->w = kr_writer_open_layout(path, l, err);
    if (!o->w) {
        free(o);
        return NULL;
    }
    o->rec = kr_xmalloc(l->length);
    o->totals = city_totals_of(l);
    return o;
}

bool hout_close(hout_group *h, hout *o)
{
    if (!o)
        return false;
    bool ok = o->ok;
    h->bytes += o->n * (o->l->length + kr_terminator_len(o->l->terminator));
    if (ok) {
        h->w = kr_xrealloc(h->w, (h->n_w + 1) * sizeof *h->w);
        h->w[h->n_w++] = o->w;
    } else
        kr_writer_abort(o->w);
    kr_totals_free(o->totals);
    free(o->rec);
    free(o);
    return ok;
}


bool hout_group_finish(hout_group *g, bool commit, uint64_t *files, kr_err *err)
{
    bool ok = commit;
    for (size_t i = 0; i < g->n_w; i++) {
        if (!ok)
            kr_writer_abort(g->w[i]); /* a commit that fails frees its own writer */
        else if (!kr_writer_commit(g->w[i], err))
            ok = false;
        else
            (*files)++;
    }
    free(g->w);
    g->w = NULL;
    g->n_w = 0;
    return ok;
}

void hout_put_person(hout *o, const char *type, const city_person *p, const char *kana, uint16_t given,
                     const city_wrong *wrong)
{
    char buf[256], sur[64];
    city_put_kojin(o->rec + hout_field(o->l, type, "kojin_no")->offset, p->kojin);
    hout_put_text(o, type, "shimei_kana", kana);
    const char *surname = gen_surnames[p->day[1].surname].kanji;
    if (wrong->glyph && city_glyph_variant(surname, sur, sizeof sur))
        surname = sur;
    city_person q = *p;
    q.given = given;
    city_kanji_of(buf, sizeof buf, surname, &q);
    hout_put_text(o, type, "shimei", buf);
    hout_put_ymd(o, type, "seinengappi", wrong->birth ? city_add_days(p->birth, 1) : p->birth);
    hout_put_num(o, type, "seibetsu", wrong->sex ? 3u - p->sex : p->sex);
}
