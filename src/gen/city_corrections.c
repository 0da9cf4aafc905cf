/* city_corrections.c: `kiroku city --with corrections`, the data of the correction stream
 * (docs/CITY.md, docs/streams/correction.md) and its truth, per city under
 * cityNN/corrections/: a base generation of the NHI ledger, the transactions of the days since
 * (one file a day), the ledger the daily streams made from them, the corrections entered and
 * approved (some refused: no approver, the approver is the enterer, approved before entered),
 * and the truth: the corrected ledger, the refused corrections, the difference report's lines.
 * Its random numbers are its own (seeded from --seed), so the default files do not change. */
#include "city_nhi.h"
#include "kiroku/codec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CORR_DAYS 5 /* days of transactions since the base generation */

/* Fields a correction can set, in kokuho_daicho's order: the report lists them so. */
enum { F_KANA, F_KANJI, F_BIRTH, F_SEX, F_SHUTOKU, F_SHUTOKU_JIYU, F_SOSHITSU, F_SOSHITSU_JIYU,
       F_KAISHI, F_SHURYO, F_KOJIN, F_N };
static const char *const field_names[F_N] = {
    "shimei_kana",  "shimei",        "seinengappi",       "seibetsu",          "shutoku_ymd", "shutoku_jiyu",
    "soshitsu_ymd", "soshitsu_jiyu", "tekiyo_kaishi_ymd", "tekiyo_shuryo_ymd", "kojin_no"};

typedef struct corr {
    unsigned no, kind;         /* 訂正番号; 訂正区分 1-5 */
    size_t rec;                /* index of the record it corrects */
    city_nhirec after;                /* the record's values it sets (only its kind's fields count) */
    char enterer[9], approver[9];
    uint64_t entered, approved; /* yyyymmddhhmmss */
} corr;

typedef struct corr_city {
    city_nhi g; /* the ledger as the days make it, then as the corrections make it */
    corr *c;
    size_t n_c;
} corr_city;

struct city_corrections {
    kr_layout *layouts[3]; /* kokuho_daicho, kokuho_tx, kokuho_teisei */
    city_files files;
};

static const char *const teisei_types[6] = {NULL, "change_shimei", "change_seinengappi", "change_shutoku",
                                            "change_soshitsu", "change_kojin"};

static void put_correction(const kr_layout *l, unsigned char *rec, const corr *c, const city_nhirec *r)
{
    const char *t = teisei_types[c->kind];
    memset(rec, ' ', l->length);
    char k[2] = {(char)('0' + c->kind), 0};
    city_put_text(l, t, rec, "teisei_kubun", k);
    city_put_num(l, t, rec, "teisei_no", c->no);
    city_put_num(l, t, rec, "atena_no", r->atena);
    city_put_text(l, t, rec, "nyuryokusha_id", c->enterer);
    city_put_num(l, t, rec, "nyuryoku_nichiji", c->entered);
    city_put_text(l, t, rec, "shoninsha_id", c->approver);
    city_put_num(l, t, rec, "shonin_nichiji", c->approved);
    const city_nhirec *a = &c->after;
    switch (c->kind) {
    case 1: city_put_names(l, t, rec, a); break;
    case 2:
        city_put_date(l, t, rec, "seinengappi", a->birth);
        city_put_num(l, t, rec, "seibetsu", a->sex);
        break;
    case 3:
        city_put_date(l, t, rec, "shutoku_ymd", a->shutoku);
        city_put_num(l, t, rec, "shutoku_jiyu", a->shutoku_jiyu);
        city_put_date(l, t, rec, "tekiyo_kaishi_ymd", a->kaishi);
        break;
    case 4:
        city_put_date(l, t, rec, "soshitsu_ymd", a->soshitsu);
        city_put_num(l, t, rec, "soshitsu_jiyu", a->soshitsu_jiyu);
        city_put_date(l, t, rec, "tekiyo_shuryo_ymd", a->shuryo);
        break;
    default: city_put_mynumber(l, t, rec, a->kojin); break;
    }
}

/* ---- the model: the base, the days, the corrections --------------------------------------- */

static uint16_t given_of_sex(kr_rng *g, int sex, uint16_t not)
{
    for (;;) {
        uint16_t n = (uint16_t)kr_rng_below(g, gen_n_givens);
        if (gen_givens[n].sex == sex && n != not)
            return n;
    }
}

static uint64_t new_kojin(kr_rng *g)
{
    return 10000000000ull + kr_rng_below(g, 89999999999ull);
}

/* One day's transactions: losses, surname changes, 個人番号 arriving, births; at most one per
 * person. Returns the indexes touched (adds last, as they are new keys above all others). */
static int by_index(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

static size_t one_day(corr_city *cc, kr_rng *g, int ymd, unsigned day, size_t **idx, uint8_t **seen)
{
    size_t base_n = cc->g.n, want = 3 + base_n / 40, n = 0;
    *seen = kr_xrealloc(*seen, base_n + want + 1);
    memset(*seen, 0, base_n + want + 1);
    *idx = kr_xrealloc(*idx, (want + 1) * sizeof **idx);
    for (size_t k = 0; k < want && base_n; k++) {
        size_t i = kr_rng_below(g, base_n);
        unsigned kind = (unsigned)kr_rng_below(g, 20);
        if ((*seen)[i])
            continue;
        city_nhirec *r = &cc->g.v[i];
        if (kind < 8 && r->soshitsu < 0) {
            r->soshitsu = r->shuryo = ymd;
            r->soshitsu_jiyu = (uint8_t)(1 + kr_rng_below(g, 3));
        } else if (kind < 12 && r->soshitsu < 0) {
            r->surname = (uint16_t)((r->surname + 1 + kr_rng_below(g, gen_n_surnames - 1)) % gen_n_surnames);
        } else if (kind < 15 && !r->kojin) {
            r->kojin = new_kojin(g);
        } else if (kind >= 15) {
            /* a birth into the member's household */
            city_nhirec *b = city_nhi_push(&cc->g);
            r = &cc->g.v[i];
            uint8_t sex = (uint8_t)(1 + kr_rng_below(g, 2));
            *b = (city_nhirec){900000000ull + cc->g.n, r->setai, r->head, 1300000000000000ull + cc->g.n, new_kojin(g),
                        r->surname, given_of_sex(g, sex, UINT16_MAX), ymd, ymd, ymd, -1, -1, sex, r->gisei, 3, 0, 0};
            (*seen)[cc->g.n - 1] = 1;
            (*idx)[n++] = cc->g.n - 1;
            continue;
        } else
            continue;
        (*seen)[i] = 1;
        (*idx)[n++] = i;
    }
    (void)day;
    /* in 宛名番号 order (the records are in key order, births appended above them) */
    qsort(*idx, n, sizeof **idx, by_index);
    return n;
}

static const char *const staff[] = {"T0410021", "T0410057", "T0410113", "T0420008", "T0420046", "T0430071"};

/* The corrections of the last day: accepted ones (kinds 1-5 on random members) and three
 * refused ones, one of each rule; numbered as entered. */
static void make_corrections(corr_city *cc, kr_rng *g, int ymd)
{
    size_t ok = 4 + cc->g.n / 15, n = ok + 3;
    cc->c = kr_xcalloc(n, sizeof *cc->c);
    size_t refused_at[3];
    for (int k = 0; k < 3; k++) /* three different places */
        for (bool again = true; again;) {
            refused_at[k] = (size_t)kr_rng_below(g, n);
            again = false;
            for (int j = 0; j < k; j++)
                again |= refused_at[j] == refused_at[k];
        }
    for (size_t i = 0; i < n; i++) {
        corr *c = &cc->c[cc->n_c++];
        c->no = (unsigned)(i + 1);
        c->rec = kr_rng_below(g, cc->g.n);
        c->kind = 1 + (unsigned)kr_rng_below(g, 5);
        city_nhirec *r = &cc->g.v[c->rec];
        c->after = *r;
        city_nhirec *a = &c->after;
        switch (c->kind) {
        case 1: a->given = given_of_sex(g, a->sex, a->given); break;
        case 2:
            a->birth = city_add_days(a->birth, (long)kr_rng_below(g, 61) - 30);
            if (kr_rng_below(g, 4) == 0)
                a->sex = (uint8_t)(3 - a->sex);
            break;
        case 3:
            a->shutoku = a->kaishi = city_add_days(a->shutoku, -(long)(1 + kr_rng_below(g, 20)));
            a->shutoku_jiyu = (uint8_t)(1 + kr_rng_below(g, 3));
            break;
        case 4:
            if (a->soshitsu < 0) {
                a->soshitsu = a->shuryo = city_add_days(ymd, -(long)kr_rng_below(g, 10));
                a->soshitsu_jiyu = 9;
            } else
                a->soshitsu = a->shuryo = city_add_days(a->soshitsu, -(long)(1 + kr_rng_below(g, 10)));
            break;
        default: a->kojin = new_kojin(g); break;
        }
        size_t e = kr_rng_below(g, 6), p = (e + 1 + kr_rng_below(g, 5)) % 6;
        snprintf(c->enterer, sizeof c->enterer, "%s", staff[e]);
        snprintf(c->approver, sizeof c->approver, "%s", staff[p]);
        uint64_t hhmmss = (9 + kr_rng_below(g, 4)) * 10000 + kr_rng_below(g, 60) * 100 + kr_rng_below(g, 60);
        c->entered = (uint64_t)ymd * 1000000 + hhmmss;
        c->approved = c->entered + 10000 * (1 + kr_rng_below(g, 4));
        int refused = -1;
        for (int k = 0; k < 3; k++)
            if (refused_at[k] == i && refused < 0)
                refused = k;
        if (refused == 0)
            c->approver[0] = 0; /* not approved yet */
        else if (refused == 1)
            snprintf(c->approver, sizeof c->approver, "%s", c->enterer);
        else if (refused == 2)
            c->approved = c->entered - 10000; /* "approved" before it was entered */
        if (refused >= 0)
            continue;
        /* applied: the fields of its kind */
        switch (c->kind) {
        case 1: r->given = a->given; r->touched |= 1u << F_KANA | 1u << F_KANJI; break;
        case 2: r->birth = a->birth; r->sex = a->sex; r->touched |= 1u << F_BIRTH | 1u << F_SEX; break;
        case 3:
            r->shutoku = a->shutoku; r->kaishi = a->kaishi; r->shutoku_jiyu = a->shutoku_jiyu;
            r->touched |= 1u << F_SHUTOKU | 1u << F_SHUTOKU_JIYU | 1u << F_KAISHI;
            break;
        case 4:
            r->soshitsu = a->soshitsu; r->shuryo = a->shuryo; r->soshitsu_jiyu = a->soshitsu_jiyu;
            r->touched |= 1u << F_SOSHITSU | 1u << F_SOSHITSU_JIYU | 1u << F_SHURYO;
            break;
        default: r->kojin = a->kojin; r->touched |= 1u << F_KOJIN; break;
        }
    }
}

static bool refused(const corr *c)
{
    return !c->approver[0] || strcmp(c->approver, c->enterer) == 0 || c->approved < c->entered;
}

/* ---- the files ------------------------------------------------------------------------------ */

/* The report's key and a field's value as LEDGER DIFF shows them. */
static void display(const kr_layout *l, const unsigned char *rec, const char *name, kr_buf *out)
{
    const kr_field *f = city_field(l, NULL, name);
    out->len = 0;
    kr_field_display(l, f, rec, false, out);
}

/* The difference report's lines: per record in key order, each field an accepted
 * correction set whose value differs, in the layout's order (kokuho_daicho's). */
static bool write_diff(city_corrections *cw, const char *dir, const corr_city *cc, const city_nhirec *old,
                       unsigned hokensha, kr_err *err)
{
    kr_writer *w = city_files_open(&cw->files, dir, "expected_diff.txt", NULL, err);
    const kr_layout *l = cw->layouts[0];
    unsigned char *a = kr_xmalloc(l->length), *b = kr_xmalloc(l->length);
    kr_buf va, vb, line, key;
    kr_buf_init(&va);
    kr_buf_init(&vb);
    kr_buf_init(&line);
    kr_buf_init(&key);
    bool ok = w != NULL;
    for (size_t i = 0; ok && i < cc->g.n; i++) {
        if (!cc->g.v[i].touched)
            continue;
        city_nhi_put(l, NULL, a, hokensha, &old[i]);
        city_nhi_put(l, NULL, b, hokensha, &cc->g.v[i]);
        display(l, a, "atena_no", &key);
        for (int f = 0; ok && f < F_N; f++) {
            if (!(cc->g.v[i].touched & 1u << f))
                continue;
            display(l, a, field_names[f], &va);
            display(l, b, field_names[f], &vb);
            const kr_field *fd = city_field(l, NULL, field_names[f]);
            if (memcmp(a + fd->offset, b + fd->offset, fd->length) == 0)
                continue;
            line.len = 0;
            kr_buf_addf(&line, "atena_no=%.*s\tchange\t%s\t%.*s\t%.*s\n", (int)key.len, key.data, field_names[f],
                        (int)va.len, va.data, (int)vb.len, vb.data);
            ok = kr_writer_write(w, line.data, line.len, err);
        }
    }
    kr_buf_free(&va);
    kr_buf_free(&vb);
    kr_buf_free(&line);
    kr_buf_free(&key);
    free(a);
    free(b);
    return ok;
}

static bool write_corrections(city_corrections *cw, const char *dir, corr_city *cc, kr_err *err)
{
    kr_writer *in = city_files_open(&cw->files, dir, "corrections.dat", cw->layouts[2], err);
    kr_writer *out = in ? city_files_open(&cw->files, dir, "expected_refused.dat", cw->layouts[2], err) : NULL;
    unsigned char *rec = kr_xmalloc(cw->layouts[2]->length);
    bool ok = out != NULL;
    for (size_t i = 0; ok && i < cc->n_c; i++) {
        put_correction(cw->layouts[2], rec, &cc->c[i], &cc->g.v[cc->c[i].rec]);
        ok = kr_writer_put(in, rec, err);
    }
    /* the error list as the job writes it: in 宛名番号 and 訂正番号 order */
    corr *sorted = kr_xmalloc((cc->n_c + 1) * sizeof *sorted);
    size_t n = 0;
    for (size_t i = 0; i < cc->n_c; i++)
        if (refused(&cc->c[i]))
            sorted[n++] = cc->c[i];
    for (size_t a = 1; a < n; a++) /* a few; stable: 訂正番号 order within a key */
        for (size_t b = a; b > 0 && cc->g.v[sorted[b - 1].rec].atena > cc->g.v[sorted[b].rec].atena; b--) {
            corr t = sorted[b];
            sorted[b] = sorted[b - 1];
            sorted[b - 1] = t;
        }
    for (size_t i = 0; ok && i < n; i++) {
        put_correction(cw->layouts[2], rec, &sorted[i], &cc->g.v[sorted[i].rec]);
        ok = kr_writer_put(out, rec, err);
    }
    free(sorted);
    free(rec);
    return ok;
}

static bool write_city(void *ctx, const city_model *m, unsigned c, const char *dir, uint64_t seed, kr_err *err)
{
    city_corrections *cw = ctx;
    corr_city cc = {0};
    kr_rng g;
    kr_rng_seed(&g, seed * 1000003u + 7919u * (c + 1));
    unsigned hokensha = city_places[c].hokensha_no;
    city_nhi_base(&cc.g, &m->town[c]);
    bool ok = city_nhi_write(&cw->files, cw->layouts[0], dir, "base.dat", &cc.g, hokensha, NULL, NULL, err);
    size_t *idx = NULL;
    uint8_t *seen = NULL;
    unsigned char *rec = kr_xmalloc(cw->layouts[1]->length);
    int ymd = m->day;
    for (unsigned d = 1; ok && d <= CORR_DAYS; d++) {
        ymd = city_add_days(m->day, d - 1);
        size_t before = cc.g.n;
        size_t n = one_day(&cc, &g, ymd, d, &idx, &seen);
        char name[32];
        snprintf(name, sizeof name, "tx_%u.dat", d);
        kr_writer *w = city_files_open(&cw->files, dir, name, cw->layouts[1], err);
        ok = w != NULL;
        for (size_t k = 0; ok && k < n; k++) {
            city_nhi_put(cw->layouts[1], idx[k] >= before ? "add" : "change", rec, hokensha, &cc.g.v[idx[k]]);
            ok = kr_writer_put(w, rec, err);
        }
    }
    free(idx);
    free(seen);
    free(rec);
    ok = ok && city_nhi_write(&cw->files, cw->layouts[0], dir, "current.dat", &cc.g, hokensha, NULL, NULL, err);
    city_nhirec *old = kr_xmalloc((cc.g.n + 1) * sizeof *old);
    memcpy(old, cc.g.v, cc.g.n * sizeof *old);
    make_corrections(&cc, &g, ymd);
    ok = ok && write_corrections(cw, dir, &cc, err) && city_nhi_write(&cw->files, cw->layouts[0], dir, "expected.dat", &cc.g, hokensha, NULL, NULL, err) &&
         write_diff(cw, dir, &cc, old, hokensha, err);
    free(old);
    free(cc.g.v);
    free(cc.c);
    return ok;
}

city_corrections *city_corrections_write(const city_model *m, const kr_city_opts *o, kr_err *err)
{
    static const char *const names[3] = {"kokuho_daicho", "kokuho_tx", "kokuho_teisei"};
    city_corrections *cw = kr_xcalloc(1, sizeof *cw);
    if (!city_part_layouts("corrections", names, cw->layouts, 3, err) ||
        !city_part_cities(m, o, "corrections", write_city, cw, err)) {
        city_corrections_finish(cw, false, NULL, err);
        return NULL;
    }
    return cw;
}

bool city_corrections_finish(city_corrections *cw, bool commit, kr_city_stats *st, kr_err *err)
{
    if (!cw)
        return true;
    bool ok = city_files_finish(&cw->files, commit, st, err);
    for (int i = 0; i < 3; i++)
        kr_layout_free(cw->layouts[i]);
    free(cw);
    return ok;
}
