/* city_yobo.c: the vaccination part of `kiroku city --with health`: per city the history of
 * 定期接種 the city's system holds (layout yobo_sesshu), the 予診票 the medical institutions
 * sent in since (the records to take in, with injected mismatches) and the truth of their
 * intake (layout yobo_shogo). The doses are the subset jcl/yobo.jcl notifies: MR 2期,
 * 日本脳炎 1期, HPV (girls) and 高齢者肺炎球菌, with MR 1期 as history only (docs/CITY.md). */
#include "city_yobo.h"
#include "kiroku/codec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A dose: who it is for by age at the fiscal year's end (as the law counts ages). */
typedef struct dose {
    unsigned cd, kaisu; /* cd 0: 成人用肺炎球菌, record type 2 */
    int age_lo, age_hi;
    uint8_t sex;
} dose;

static const dose doses[] = {
    {108, 2, 6, 6, 0},   /* MR 2期: the year before primary school */
    {112, 1, 3, 3, 0},   /* 日本脳炎 1期 初回 */
    {114, 1, 12, 16, 2}, /* HPV: girls of 小学6年 to 高校1年 */
    {0, 1, 65, 65, 0},   /* 高齢者肺炎球菌: 65 */
};
#define N_DOSES (sizeof doses / sizeof doses[0])

#define HISTORY_FROM 20130401

enum { YM_NONE, YM_KANA, YM_KANJI, YM_NAME, YM_BIRTH, YM_SEX, YM_UNKNOWN, YM_KINDS };

typedef struct yctx {
    const city_model *m;
    unsigned city;
    int day, fy_end;
    kr_rng rng;
    hout *rireki, *yoshin, *truth;
    bool pending[YM_KINDS];
} yctx;

/* The age at the end of `day` as the law counts it: reached the day before the birthday. */
static int legal_age(int birth, int day)
{
    return city_age_on(birth, city_add_days(day, 1));
}

/* Full-width katakana to hiragana (UTF-8, in place: both are 3 bytes). */
static void to_hiragana(char *s)
{
    for (unsigned char *p = (unsigned char *)s; p[0]; p++)
        if (p[0] == 0xE3 && p[1] && p[2]) {
            unsigned c = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
            if (c >= 0x30A1 && c <= 0x30F6) {
                c -= 0x60;
                p[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
                p[2] = (unsigned char)(0x80 | (c & 0x3F));
            }
            p += 2;
        }
}

/* One record of the person (type 1 or 2) into o; mis changes what it says about him. */
static void sesshu_record(yctx *c, hout *o, const city_person *p, uint64_t atena, const dose *d, int ymd,
                          unsigned hantei, int mis)
{
    const char *type = d->cd ? "nyuyoji" : "haien_seijin";
    memset(o->rec, ' ', o->l->length);
    const city_day *day = &p->day[1];
    char buf[256];
    hout_put_num(o, type, "kiroku_kubun", d->cd ? 1 : 2);
    hout_put_num(o, type, "atena_no", atena);
    hout_put_num(o, type, "setai_no", day->setai);
    uint16_t given = mis == YM_NAME ? city_other_given(&c->rng, p) : p->given;
    snprintf(buf, sizeof buf, "%s　%s", gen_surnames[day->surname].kana, gen_givens[given].kana);
    if (mis == YM_KANA)
        to_hiragana(buf);
    city_wrong wrong = {mis == YM_KANJI, mis == YM_BIRTH, mis == YM_SEX};
    hout_put_person(o, type, p, buf, given, &wrong);
    hout_put_ymd(o, type, "sesshu_ymd", ymd);
    hout_put_num(o, type, "sesshu_hantei", hantei);
    hout_put_num(o, type, "jisshi_kikan", 2911012345u + 11111u * (unsigned)kr_rng_below(&c->rng, 3));
    hout_put_text(o, type, "lot_no", d->cd == 108 ? "MR0921" : d->cd ? "AB123C" : "PPV2412");
    hout_put_num(o, type, "sesshu_ryo", 50);
    hout_put_text(o, type, "tokki", hantei == 2 ? "発熱のため延期" : "");
    hout_put_num(o, type, "seikyu_ym", 0);
    int fy = ymd / 10000 - (ymd / 100 % 100 < 4);
    if (d->cd) {
        hout_put_num(o, type, "sesshu_cd", d->cd);
        hout_put_num(o, type, "sesshu_kaisu", d->kaisu);
        int months = (ymd / 10000 - p->birth / 10000) * 12 + (ymd / 100 % 100 - p->birth / 100 % 100) -
                     (ymd % 100 < p->birth % 100);
        if (months < 0)
            months = 0; /* a record of a 宛名番号 not in the registry may name someone born since */
        hout_put_num(o, type, "nenrei_sai", (uint64_t)(months / 12 % 100));
        hout_put_num(o, type, "nenrei_getsu", (uint64_t)(months % 12));
        hout_put_num(o, type, "nendo_gengo", fy >= 2019 ? 5 : 4);
        hout_put_num(o, type, "nendo_nen", (uint64_t)(fy >= 2019 ? fy - 2018 : fy - 1988));
        hout_put_num(o, type, "haien_shurui", 0);
    } else {
        hout_put_num(o, type, "seireki_nendo", (uint64_t)fy);
        hout_put_num(o, type, "shonin_tetsuzuki", 0);
        int age = city_age_on(p->birth, ymd);
        hout_put_num(o, type, "sesshu_nenrei", (uint64_t)(age < 0 ? 0 : age));
    }
    hout_emit(o);
}

static void truth_record(yctx *c, uint64_t atena, const dose *d, int ymd, int mis)
{
    hout *o = c->truth;
    char key[24];
    memset(o->rec, ' ', o->l->length);
    hout_put_num(o, NULL, "atena_no", atena);
    hout_put_num(o, NULL, "kiroku_kubun", d->cd ? 1 : 2);
    if (d->cd)
        snprintf(key, sizeof key, "%03u%u", d->cd, d->kaisu);
    else
        snprintf(key, sizeof key, "%04d", ymd / 10000 - (ymd / 100 % 100 < 4));
    hout_put_text(o, NULL, "sesshu_key", key);
    hout_put_ymd(o, NULL, "sesshu_ymd", ymd);
    bool bad = mis == YM_NAME || mis == YM_BIRTH || mis == YM_SEX || mis == YM_UNKNOWN;
    hout_put_num(o, NULL, "hantei", bad ? 2 : 1);
    bool unknown = mis == YM_UNKNOWN;
    hout_put_text(o, NULL, "atena", unknown ? "NG" : "OK");
    hout_put_text(o, NULL, "kana", unknown ? "" : mis == YM_NAME ? "NG" : mis == YM_KANA ? "kana" : "width");
    hout_put_text(o, NULL, "kanji", unknown ? "" : mis == YM_NAME ? "NG" : mis == YM_KANJI ? "names" : "width");
    hout_put_text(o, NULL, "seinengappi", unknown ? "" : mis == YM_BIRTH ? "NG" : "OK");
    hout_put_text(o, NULL, "seibetsu", unknown ? "" : mis == YM_SEX ? "NG" : "OK");
    hout_emit(o);
}

/* A day in [lo, hi], both before the day of the files. */
static int day_between(yctx *c, int lo, int hi)
{
    int last = city_add_days(c->day, -1);
    if (hi > last)
        hi = last;
    if (lo > hi)
        lo = hi;
    long span = kr_days_from_ymd(hi) - kr_days_from_ymd(lo);
    return city_add_days(lo, (long)kr_rng_below(&c->rng, (uint64_t)span + 1));
}

static void person(yctx *c, const city_person *p)
{
    static const dose mr1 = {108, 1, 1, 1, 0};
    /* the history the system holds begins in fiscal 2013 (平成25年度) */
    int now = city_age_on(p->birth, c->day), mr1_day = city_add_days(p->birth, 366 + (long)kr_rng_below(&c->rng, 234));
    if (now >= 2 && mr1_day >= HISTORY_FROM && kr_rng_below(&c->rng, 100) < 90)
        sesshu_record(c, c->rireki, p, p->atena, &mr1, day_between(c, mr1_day, mr1_day), 1, YM_NONE);
    for (size_t i = 0; i < N_DOSES; i++) {
        const dose *d = &doses[i];
        if (d->sex && d->sex != p->sex)
            continue;
        int age = legal_age(p->birth, c->fy_end);
        uint64_t r = kr_rng_below(&c->rng, 100);
        bool counted = false;
        int from = city_add_days(p->birth, 366L * d->age_lo);
        if (age > d->age_hi && r < 80 && from >= HISTORY_FROM) {
            sesshu_record(c, c->rireki, p, p->atena, d, day_between(c, from, city_add_days(from, 300)), 1, YM_NONE);
            counted = true;
        } else if (age >= d->age_lo && age <= d->age_hi) {
            int recent = day_between(c, city_add_days(c->day, -300), city_add_days(c->day, -40));
            if (r < 25) {
                sesshu_record(c, c->rireki, p, p->atena, d, recent, 1, YM_NONE);
                counted = true;
            } else if (r < 35)
                sesshu_record(c, c->rireki, p, p->atena, d, recent, 2, YM_NONE);
            /* a target of this year: a 予診票 of a dose given since, for 3 in 5 */
            if (!counted && kr_rng_below(&c->rng, 100) < 60) {
                int ymd = day_between(c, city_add_days(c->day, -30), city_add_days(c->day, -1));
                int mis = city_draw_mismatch(&c->rng, c->pending, YM_KANA, YM_UNKNOWN, YM_KANJI, p);
                sesshu_record(c, c->yoshin, p, p->atena, d, ymd, 1, mis);
                truth_record(c, p->atena, d, ymd, mis);
            }
        }
    }
}

bool city_yobo_write_city(hout_group *g, const kr_layout *yobo, const kr_layout *shogo, const city_model *m,
                          uint64_t seed, unsigned city, const char *dir, uint64_t *taken_in, kr_err *err)
{
    char path[4200];
    yctx c = {0};
    c.m = m;
    c.city = city;
    c.day = m->day;
    int fy = m->day / 10000 - (m->day / 100 % 100 < 4);
    c.fy_end = (fy + 1) * 10000 + 331;
    kr_rng_seed(&c.rng, seed * 1000037u + 104729u * (city + 1));
    for (int k = YM_KANA; k < YM_UNKNOWN; k++)
        c.pending[k] = true;
    snprintf(path, sizeof path, "%s/yobo_rireki.dat", dir);
    c.rireki = hout_open(yobo, path, err);
    snprintf(path, sizeof path, "%s/yobo_yoshinhyo.dat", dir);
    c.yoshin = c.rireki ? hout_open(yobo, path, err) : NULL;
    snprintf(path, sizeof path, "%s/truth_yobo_shogo.dat", dir);
    c.truth = c.yoshin ? hout_open(shogo, path, err) : NULL;
    bool ok = c.truth != NULL;
    if (ok) {
        const city_town *t = &m->town[city];
        for (size_t i = 0; i < t->n && c.rireki->ok && c.yoshin->ok && c.truth->ok; i++)
            if (t->v[i].present & 2)
                person(&c, &t->v[i]);
        /* 予診票 with a 宛名番号 the registry does not have: 1 in 100, at least one */
        uint64_t unknown = c.truth->n / 100 + 1, last = CITY_FIRST_ATENA + t->n;
        for (uint64_t k = 0; k < unknown && t->n; k++) {
            const city_person *p = &t->v[kr_rng_below(&c.rng, t->n)];
            int ymd = day_between(&c, city_add_days(c.day, -30), city_add_days(c.day, -1));
            sesshu_record(&c, c.yoshin, p, last + 13 * (k + 1), &doses[1], ymd, 1, YM_UNKNOWN);
            truth_record(&c, last + 13 * (k + 1), &doses[1], ymd, YM_UNKNOWN);
        }
        *taken_in += c.truth->n;
    }
    bool a = hout_close(g, c.rireki), b = hout_close(g, c.yoshin), d = hout_close(g, c.truth);
    return ok && a && b && d;
}
