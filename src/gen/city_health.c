/* city_health.c: `kiroku city --with health` — per city the results that medical
 * institutions sent in for last fiscal year's cancer screenings and health checks (layout
 * kenshin: every exam type, 一次 and 精密), made from the registry of the day with injected
 * mismatches of each kind, and the truth of results intake (layout kenshin_shogo): what
 * matching by 宛名番号 and checking names, birth date, sex and address must find for each
 * result (docs/CITY.md "Health"). Its own random numbers (seeded from --seed), so the
 * default files stay as they were. */
#include "city_health.h"
#include "kiroku/check.h"
#include "kiroku/codec.h"
#include "kiroku/recio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* An exam of layouts/kenshin.layout and who it is for (ages at the fiscal year's end). */
typedef struct exam {
    const char *ichiji, *seimitsu; /* record types; seimitsu NULL: no 精密 record */
    int min_age;
    uint8_t sex;                   /* 0 both, 1 men, 2 women */
} exam;

static const exam exams[] = {
    {"igan_ichiji", "igan_seimitsu", 50, 0},       {"haigan_ichiji", "haigan_seimitsu", 40, 0},
    {"daichogan_ichiji", "daichogan_seimitsu", 40, 0}, {"shikyugan_ichiji", "shikyugan_seimitsu", 20, 2},
    {"nyugan_ichiji", "nyugan_seimitsu", 40, 2},   {"zenritsusengan_ichiji", "zenritsusengan_seimitsu", 50, 1},
    {"kotsusoshosho_ichiji", NULL, 40, 2},         {"kanen_ichiji", NULL, 40, 0},
    {"shika_ichiji", "shika_seimitsu", 20, 0},
};
#define N_EXAMS (sizeof exams / sizeof exams[0])

/* The mismatch a result carries (at most one). */
enum { MIS_NONE, MIS_KANA_SPACE, MIS_KANJI_GLYPH, MIS_NAME, MIS_BIRTH, MIS_SEX, MIS_ADDRESS, MIS_UNKNOWN, MIS_KINDS };

/* New and old glyph forms of glyph.fold that the name table uses; a result writes the
 * other form of the first it finds in the surname. */
static const char *const glyph_pairs[][2] = {
    {"高", "髙"}, {"崎", "﨑"}, {"辺", "邊"}, {"斎", "齋"}, {"斉", "齊"}, {"浜", "濱"},
    {"沢", "澤"}, {"桜", "櫻"}, {"広", "廣"}, {"島", "嶋"}, {"国", "國"},
};

struct city_health {
    kr_layout *kenshin, *shogo;
    kr_writer **w;
    size_t n_w;
    uint64_t results, bytes;
};

typedef struct hout {
    const kr_layout *l;
    kr_writer *w;
    kr_totals *totals;
    unsigned char *rec;
    uint64_t n;
    bool ok;
    kr_err *err;
} hout;

static const kr_field *hf(const kr_layout *l, const char *type, const char *name)
{
    int t;
    return kr_layout_field(l, type, name, &t);
}

static int type_index(const kr_layout *l, const char *name)
{
    for (size_t t = 0; t < l->n_types; t++)
        if (strcmp(l->types[t].name, name) == 0)
            return (int)t;
    return -1;
}

static void put_num(hout *o, const char *type, const char *name, uint64_t v)
{
    const kr_field *f = hf(o->l, type, name);
    if (f)
        kr_num_put(o->l, f, o->rec, (kr_i128)v);
}

static void put_text(hout *o, const char *type, const char *name, const char *s)
{
    const kr_field *f = hf(o->l, type, name);
    if (f)
        gen_put_text(o->l, f, o->rec, s, strlen(s));
}

static void put_ymd(hout *o, const char *type, const char *name, int ymd)
{
    const kr_field *f = hf(o->l, type, name);
    if (f)
        gen_put_ymd(o->l, f, o->rec, ymd);
}

static void emit(hout *o)
{
    if (!o->ok)
        return;
    if (o->totals) {
        int type = kr_layout_classify(o->l, o->rec);
        if (o->l->types[type].role == KR_ROLE_TRAILER)
            o->ok = kr_totals_fill(o->totals, type, o->rec, o->err);
        else
            kr_totals_add(o->totals, type, o->rec, o->n + 1);
    }
    if (o->ok && !kr_writer_put(o->w, o->rec, o->err))
        o->ok = false;
    o->n++;
}

/* The person's 個人番号 as the registry holds it: 11 digits and the check digit. */
static void put_kojin(unsigned char *at, uint64_t base)
{
    for (int i = 10; i >= 0; i--, base /= 10)
        at[i] = (unsigned char)('0' + base % 10);
    at[11] = (unsigned char)('0' + kr_mynumber_check_digit(at));
}

static int add_days(int ymd, long d)
{
    return kr_ymd_from_days(kr_days_from_ymd(ymd) + d);
}

static int age_on(int birth, int day)
{
    int a = day / 10000 - birth / 10000;
    return day % 10000 < birth % 10000 ? a - 1 : a;
}

/* The surname with one character in its other glyph form; false when it has none. */
static bool glyph_variant(const char *surname, char *out, size_t n)
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

static void kanji_of(char *buf, size_t n, const char *surname, const city_person *p)
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
static uint16_t other_given(kr_rng *r, const city_person *p)
{
    for (;;) {
        uint16_t g = (uint16_t)kr_rng_below(r, gen_n_givens);
        if (g != p->given && gen_givens[g].sex == p->sex)
            return g;
    }
}

typedef struct writer_ctx {
    const city_model *m;
    unsigned city;
    int fy, fy_start, fy_end, last_day;
    kr_rng rng;
    kr_gen *gen;
    hout *kekka, *truth;
    uint64_t jushin_no;
    bool pending[MIS_KINDS]; /* kinds not yet injected in this city: the next result that can
                              * carry one gets it, so that a small city has each */
} writer_ctx;

static void truth_record(writer_ctx *c, uint64_t atena, uint64_t jushin_no, const char *shubetsu, int ymd, int mis)
{
    hout *o = c->truth;
    memset(o->rec, ' ', o->l->length);
    put_num(o, NULL, "atena_no", atena);
    put_num(o, NULL, "jushin_no", jushin_no);
    put_text(o, NULL, "shubetsu", shubetsu);
    put_ymd(o, NULL, "jushin_ymd", ymd);
    put_num(o, NULL, "hantei", mis == MIS_NONE || mis == MIS_KANA_SPACE || mis == MIS_KANJI_GLYPH ? 1 : 2);
    if (mis == MIS_UNKNOWN) {
        put_text(o, NULL, "atena", "NG");
        put_text(o, NULL, "kana", "");
        put_text(o, NULL, "kanji", "");
        put_text(o, NULL, "seinengappi", "");
        put_text(o, NULL, "seibetsu", "");
        put_text(o, NULL, "jusho", "");
    } else {
        put_text(o, NULL, "atena", "OK");
        put_text(o, NULL, "kana", mis == MIS_NAME ? "NG" : mis == MIS_KANA_SPACE ? "kana" : "exact");
        put_text(o, NULL, "kanji", mis == MIS_NAME ? "NG" : mis == MIS_KANJI_GLYPH ? "names" : "exact");
        put_text(o, NULL, "seinengappi", mis == MIS_BIRTH ? "NG" : "OK");
        put_text(o, NULL, "seibetsu", mis == MIS_SEX ? "NG" : "OK");
        put_text(o, NULL, "jusho", mis == MIS_ADDRESS ? "NG" : "OK");
    }
    emit(o);
}

/* One result of type `type` for person p (atena given: p may be a stranger's copy). */
static void result_record(writer_ctx *c, const char *type, const city_person *p, uint64_t atena, int mis,
                          int jushin_ymd, int ichiji_ymd)
{
    hout *o = c->kekka;
    int t = type_index(o->l, type);
    if (!kr_gen_record(c->gen, t, o->rec, o->err)) {
        o->ok = false;
        return;
    }
    const city_day *d = &p->day[1];
    const city_place *pl = &city_places[c->city];
    char buf[256], sur[64];
    put_num(o, type, "atena_no", atena);
    put_kojin(o->rec + hf(o->l, type, "kojin_no")->offset, p->kojin);
    uint16_t given = mis == MIS_NAME ? other_given(&c->rng, p) : p->given;
    const char *kana_space = mis == MIS_KANA_SPACE ? "" : " ";
    snprintf(buf, sizeof buf, "%s%s%s", gen_surnames[d->surname].kana, kana_space, gen_givens[given].kana);
    put_text(o, type, "shimei_kana", buf);
    const char *surname = gen_surnames[d->surname].kanji;
    if (mis == MIS_KANJI_GLYPH && glyph_variant(surname, sur, sizeof sur))
        surname = sur;
    city_person q = *p;
    q.given = given;
    kanji_of(buf, sizeof buf, surname, &q);
    put_text(o, type, "shimei", buf);
    put_ymd(o, type, "seinengappi", mis == MIS_BIRTH ? add_days(p->birth, 1) : p->birth);
    put_num(o, type, "seibetsu", mis == MIS_SEX ? 3u - p->sex : p->sex);
    const gen_town *tw = &gen_towns[d->addr.town];
    snprintf(buf, sizeof buf, "%s%s%s%d丁目%d番%d号", city_pref, pl->name, tw->kanji,
             mis == MIS_ADDRESS ? d->addr.chome % 9 + 1 + (d->addr.chome % 9 + 1 == d->addr.chome) : d->addr.chome,
             d->addr.ban, d->addr.go);
    put_text(o, type, "jusho", buf);
    put_num(o, type, "nendo", (uint64_t)c->fy);
    put_ymd(o, type, "jushin_ymd", jushin_ymd);
    char code[4];
    memcpy(code, o->rec, 3);
    code[3] = '\0';
    put_num(o, type, "jushin_nenrei", (uint64_t)age_on(p->birth, jushin_ymd));
    put_num(o, type, "nendomatsu_nenrei", (uint64_t)age_on(p->birth, c->fy_end));
    put_num(o, type, "jushin_no", c->jushin_no);
    int toroku = add_days(jushin_ymd, 7);
    put_ymd(o, type, "toroku_ymd", toroku > c->last_day ? c->last_day : toroku);
    if (ichiji_ymd)
        put_ymd(o, type, "ichiji_ymd", ichiji_ymd);
    emit(o);
    truth_record(c, atena, c->jushin_no, code, jushin_ymd, mis);
    c->jushin_no++;
}

/* The mismatch for the next result of p: a pending kind first, then about 12 in 100. */
static int draw_mismatch(writer_ctx *c, const city_person *p)
{
    char sur[64];
    bool glyph_ok = glyph_variant(gen_surnames[p->day[1].surname].kanji, sur, sizeof sur);
    for (int k = MIS_KANA_SPACE; k < MIS_UNKNOWN; k++)
        if (c->pending[k] && (k != MIS_KANJI_GLYPH || glyph_ok)) {
            c->pending[k] = false;
            return k;
        }
    uint64_t r = kr_rng_below(&c->rng, 100);
    if (r >= 12)
        return MIS_NONE;
    int k = MIS_KANA_SPACE + (int)(r % 6);
    return k == MIS_KANJI_GLYPH && !glyph_ok ? MIS_NONE : k;
}

static void person_results(writer_ctx *c, const city_person *p)
{
    int age = age_on(p->birth, c->fy_end);
    for (size_t e = 0; e < N_EXAMS; e++) {
        const exam *x = &exams[e];
        if (age < x->min_age || (x->sex && x->sex != p->sex) || kr_rng_below(&c->rng, 100) >= 30)
            continue;
        long span = kr_days_from_ymd(c->last_day) - kr_days_from_ymd(c->fy_start);
        int ymd = add_days(c->fy_start, (long)kr_rng_below(&c->rng, (uint64_t)span / 2 + 1));
        result_record(c, x->ichiji, p, p->atena, draw_mismatch(c, p), ymd, 0);
        if (x->seimitsu && kr_rng_below(&c->rng, 100) < 15) {
            int later = add_days(ymd, 14 + (long)kr_rng_below(&c->rng, 60));
            result_record(c, x->seimitsu, p, p->atena, draw_mismatch(c, p), later > c->last_day ? c->last_day : later,
                          ymd);
        }
    }
}

static hout *hout_open(const kr_layout *l, const char *path, kr_err *err)
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
    for (size_t t = 0; t < l->n_types; t++)
        if (l->types[t].role == KR_ROLE_TRAILER)
            o->totals = kr_totals_new(l);
    return o;
}

/* Frees o; its writer goes to h for the commit (or is aborted when o failed). */
static bool hout_close(city_health *h, hout *o)
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

static bool write_city(city_health *h, const city_model *m, const kr_city_opts *opt, unsigned city, kr_err *err)
{
    char dir[4096], path[4200];
    snprintf(dir, sizeof dir, "%s/city%02u/health", opt->out_dir, city + 1);
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return kr_fail(err, KR_RC_FAIL, "KRK1603E", "%s: the directory cannot be made: %s", dir, strerror(errno));
    writer_ctx c = {0};
    c.m = m;
    c.city = city;
    c.last_day = add_days(m->day, -1);
    c.fy = c.last_day / 10000 - (c.last_day / 100 % 100 < 4);
    c.fy_start = c.fy * 10000 + 401;
    c.fy_end = (c.fy + 1) * 10000 + 331;
    kr_rng_seed(&c.rng, opt->seed * 1000003u + 7919u * (city + 1));
    c.gen = kr_gen_new(h->kenshin, opt->seed * 1000033u + city, m->day, err);
    if (!c.gen)
        return false;
    c.jushin_no = (uint64_t)(c.fy % 100) * 100000000u + 1;
    for (int k = MIS_KANA_SPACE; k < MIS_UNKNOWN; k++)
        c.pending[k] = true;
    snprintf(path, sizeof path, "%s/kenshin_kekka.dat", dir);
    c.kekka = hout_open(h->kenshin, path, err);
    snprintf(path, sizeof path, "%s/truth_shogo.dat", dir);
    c.truth = c.kekka ? hout_open(h->shogo, path, err) : NULL;
    bool ok = c.truth != NULL;
    if (ok) {
        hout *o = c.kekka;
        ok = kr_gen_record(c.gen, type_index(o->l, "header"), o->rec, err);
        put_num(o, "header", "shichoson_cd", city_places[city].hokensha_no);
        put_ymd(o, "header", "sakusei_ymd", c.last_day);
        put_num(o, "header", "taisho_nendo", (uint64_t)c.fy);
        put_text(o, "header", "sakusei_kikan", city_places[city].name);
        emit(o);
        const city_town *t = &m->town[city];
        for (size_t i = 0; i < t->n && ok && o->ok && c.truth->ok; i++)
            if (t->v[i].present & 2)
                person_results(&c, &t->v[i]);
        /* results for 宛名番号 the registry does not have: about 1 in 100, at least one */
        uint64_t unknown = c.truth->n / 100 + 1, last = CITY_FIRST_ATENA + t->n;
        for (uint64_t k = 0; k < unknown && t->n && o->ok; k++) {
            const city_person *p = &t->v[kr_rng_below(&c.rng, t->n)];
            result_record(&c, exams[1].ichiji, p, last + 11 * (k + 1), MIS_UNKNOWN, c.fy_start + 100, 0);
        }
        memset(o->rec, ' ', o->l->length);
        put_text(o, "trailer", "shubetsu", "999");
        emit(o);
        h->results += c.truth->n;
    }
    kr_gen_free(c.gen);
    bool a = hout_close(h, c.kekka), b = hout_close(h, c.truth);
    return ok && a && b;
}

city_health *city_health_write(const city_model *m, const kr_city_opts *o, kr_err *err)
{
    city_health *h = kr_xcalloc(1, sizeof *h);
    static const char *const names[2] = {"kenshin", "kenshin_shogo"};
    kr_layout **ls[2] = {&h->kenshin, &h->shogo};
    bool ok = true;
    for (int i = 0; i < 2 && ok; i++) {
        kr_diags d;
        kr_diags_init(&d);
        *ls[i] = kr_layout_load(names[i], &d);
        if (!*ls[i])
            ok = kr_fail(err, KR_RC_ENV, "KRK1902E", "layout %s cannot be loaded (%s); kiroku city --with health "
                         "writes through the shipped layouts", names[i], d.n ? d.items[0] : "not found");
        kr_diags_free(&d);
    }
    for (unsigned c = 0; ok && c < m->n_cities; c++)
        ok = write_city(h, m, o, c, err);
    if (!ok) {
        city_health_finish(h, false, NULL, err);
        return NULL;
    }
    return h;
}

bool city_health_finish(city_health *h, bool commit, kr_city_stats *st, kr_err *err)
{
    bool ok = commit;
    for (size_t i = 0; i < h->n_w; i++) {
        if (!ok)
            kr_writer_abort(h->w[i]); /* a commit that fails frees its own writer */
        else if (!kr_writer_commit(h->w[i], err))
            ok = false;
        else if (st)
            st->files++;
    }
    if (st && ok) {
        st->bytes += h->bytes;
        st->health_results = h->results;
    }
    free(h->w);
    kr_layout_free(h->kenshin);
    kr_layout_free(h->shogo);
    free(h);
    return ok;
}
