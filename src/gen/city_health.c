/* city_health.c: `kiroku city --with health` — per city the results that medical
 * institutions sent in for last fiscal year's cancer screenings and health checks (layout
 * kenshin: every exam type, 一次 and 精密), made from the registry of the day with injected
 * mismatches of each kind, and the truth of results intake (layout kenshin_shogo): what
 * matching by 宛名番号 and checking names, birth date, sex and address must find for each
 * result (docs/CITY.md "Health"). Its own random numbers (seeded from --seed), so the
 * default files stay as they were. */
#include "city_health.h"
#include "city_hout.h"
#include "city_yobo.h"
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

struct city_health {
    kr_layout *kenshin, *shogo, *yobo, *yobo_shogo;
    hout_group files;
    uint64_t results, doses;
};

/* The mismatch a result carries (at most one). */
enum { MIS_NONE, MIS_KANA_SPACE, MIS_KANJI_GLYPH, MIS_NAME, MIS_BIRTH, MIS_SEX, MIS_ADDRESS, MIS_UNKNOWN, MIS_KINDS };

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
    hout_put_num(o, NULL, "atena_no", atena);
    hout_put_num(o, NULL, "jushin_no", jushin_no);
    hout_put_text(o, NULL, "shubetsu", shubetsu);
    hout_put_ymd(o, NULL, "jushin_ymd", ymd);
    hout_put_num(o, NULL, "hantei", mis == MIS_NONE || mis == MIS_KANA_SPACE || mis == MIS_KANJI_GLYPH ? 1 : 2);
    if (mis == MIS_UNKNOWN) {
        hout_put_text(o, NULL, "atena", "NG");
        hout_put_text(o, NULL, "kana", "");
        hout_put_text(o, NULL, "kanji", "");
        hout_put_text(o, NULL, "seinengappi", "");
        hout_put_text(o, NULL, "seibetsu", "");
        hout_put_text(o, NULL, "jusho", "");
    } else {
        hout_put_text(o, NULL, "atena", "OK");
        hout_put_text(o, NULL, "kana", mis == MIS_NAME ? "NG" : mis == MIS_KANA_SPACE ? "kana" : "exact");
        hout_put_text(o, NULL, "kanji", mis == MIS_NAME ? "NG" : mis == MIS_KANJI_GLYPH ? "names" : "exact");
        hout_put_text(o, NULL, "seinengappi", mis == MIS_BIRTH ? "NG" : "OK");
        hout_put_text(o, NULL, "seibetsu", mis == MIS_SEX ? "NG" : "OK");
        hout_put_text(o, NULL, "jusho", mis == MIS_ADDRESS ? "NG" : "OK");
    }
    hout_emit(o);
}

/* One result of type `type` for person p (atena given: p may be a stranger's copy). */
static void result_record(writer_ctx *c, const char *type, const city_person *p, uint64_t atena, int mis,
                          int jushin_ymd, int ichiji_ymd)
{
    hout *o = c->kekka;
    int t = city_type_index(o->l, type);
    if (!kr_gen_record(c->gen, t, o->rec, o->err)) {
        o->ok = false;
        return;
    }
    const city_day *d = &p->day[1];
    const city_place *pl = &city_places[c->city];
    char buf[256];
    hout_put_num(o, type, "atena_no", atena);
    uint16_t given = mis == MIS_NAME ? city_other_given(&c->rng, p) : p->given;
    const char *kana_space = mis == MIS_KANA_SPACE ? "" : " ";
    snprintf(buf, sizeof buf, "%s%s%s", gen_surnames[d->surname].kana, kana_space, gen_givens[given].kana);
    city_wrong wrong = {mis == MIS_KANJI_GLYPH, mis == MIS_BIRTH, mis == MIS_SEX};
    hout_put_person(o, type, p, buf, given, &wrong);
    const gen_town *tw = &gen_towns[d->addr.town];
    snprintf(buf, sizeof buf, "%s%s%s%d丁目%d番%d号", city_pref, pl->name, tw->kanji,
             mis == MIS_ADDRESS ? d->addr.chome % 9 + 1 + (d->addr.chome % 9 + 1 == d->addr.chome) : d->addr.chome,
             d->addr.ban, d->addr.go);
    hout_put_text(o, type, "jusho", buf);
    hout_put_num(o, type, "nendo", (uint64_t)c->fy);
    hout_put_ymd(o, type, "jushin_ymd", jushin_ymd);
    char code[4];
    memcpy(code, o->rec, 3);
    code[3] = '\0';
    hout_put_num(o, type, "jushin_nenrei", (uint64_t)city_age_on(p->birth, jushin_ymd));
    hout_put_num(o, type, "nendomatsu_nenrei", (uint64_t)city_age_on(p->birth, c->fy_end));
    hout_put_num(o, type, "jushin_no", c->jushin_no);
    int toroku = city_add_days(jushin_ymd, 7);
    hout_put_ymd(o, type, "toroku_ymd", toroku > c->last_day ? c->last_day : toroku);
    if (ichiji_ymd)
        hout_put_ymd(o, type, "ichiji_ymd", ichiji_ymd);
    hout_emit(o);
    truth_record(c, atena, c->jushin_no, code, jushin_ymd, mis);
    c->jushin_no++;
}

static int next_mismatch(writer_ctx *c, const city_person *p)
{
    return city_draw_mismatch(&c->rng, c->pending, MIS_KANA_SPACE, MIS_UNKNOWN, MIS_KANJI_GLYPH, p);
}

static void person_results(writer_ctx *c, const city_person *p)
{
    int age = city_age_on(p->birth, c->fy_end);
    for (size_t e = 0; e < N_EXAMS; e++) {
        const exam *x = &exams[e];
        if (age < x->min_age || (x->sex && x->sex != p->sex) || kr_rng_below(&c->rng, 100) >= 30)
            continue;
        long span = kr_days_from_ymd(c->last_day) - kr_days_from_ymd(c->fy_start);
        int ymd = city_add_days(c->fy_start, (long)kr_rng_below(&c->rng, (uint64_t)span / 2 + 1));
        result_record(c, x->ichiji, p, p->atena, next_mismatch(c, p), ymd, 0);
        if (x->seimitsu && kr_rng_below(&c->rng, 100) < 15) {
            int later = city_add_days(ymd, 14 + (long)kr_rng_below(&c->rng, 60));
            result_record(c, x->seimitsu, p, p->atena, next_mismatch(c, p), later > c->last_day ? c->last_day : later,
                          ymd);
        }
    }
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
    c.last_day = city_add_days(m->day, -1);
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
        ok = kr_gen_record(c.gen, city_type_index(o->l, "header"), o->rec, err);
        hout_put_num(o, "header", "shichoson_cd", city_places[city].hokensha_no);
        hout_put_ymd(o, "header", "sakusei_ymd", c.last_day);
        hout_put_num(o, "header", "taisho_nendo", (uint64_t)c.fy);
        hout_put_text(o, "header", "sakusei_kikan", city_places[city].name);
        hout_emit(o);
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
        hout_put_text(o, "trailer", "shubetsu", "999");
        hout_emit(o);
        h->results += c.truth->n;
    }
    kr_gen_free(c.gen);
    bool a = hout_close(&h->files, c.kekka), b = hout_close(&h->files, c.truth);
    return ok && a && b &&
           city_yobo_write_city(&h->files, h->yobo, h->yobo_shogo, m, opt->seed, city, dir, &h->doses, err);
}

city_health *city_health_write(const city_model *m, const kr_city_opts *o, kr_err *err)
{
    city_health *h = kr_xcalloc(1, sizeof *h);
    static const char *const names[4] = {"kenshin", "kenshin_shogo", "yobo_sesshu", "yobo_shogo"};
    kr_layout **ls[4] = {&h->kenshin, &h->shogo, &h->yobo, &h->yobo_shogo};
    bool ok = true;
    for (int i = 0; i < 4 && ok; i++) {
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
    uint64_t files = 0;
    ok = hout_group_finish(&h->files, ok, &files, err);
    if (st && ok) {
        st->files += files;
        st->bytes += h->files.bytes;
        st->health_results = h->results;
        st->health_doses = h->doses;
    }
    kr_layout_free(h->kenshin);
    kr_layout_free(h->shogo);
    kr_layout_free(h->yobo);
    kr_layout_free(h->yobo_shogo);
    free(h);
    return ok;
}
