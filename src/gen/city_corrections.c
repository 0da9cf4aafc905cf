/* city_corrections.c: `kiroku city --with corrections`, the data of the correction stream
 * (docs/CITY.md, docs/streams/correction.md) and its truth, per city under
 * cityNN/corrections/: a base generation of the NHI ledger, the transactions of the days since
 * (one file a day), the ledger the daily streams made from them, the corrections entered and
 * approved (some refused: no approver, the approver is the enterer, approved before entered),
 * and the truth: the corrected ledger, the refused corrections, the difference report's lines.
 * Its random numbers are its own (seeded from --seed), so the default files do not change. */
#include "city_private.h"
#include "kiroku/codec.h"
#include "kiroku/recio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CORR_DAYS 5 /* days of transactions since the base generation */

/* A ledger record in the model's terms (kokuho_daicho's fields). */
typedef struct crec {
    uint64_t atena, setai, head, hid, kojin; /* kojin: 11 base digits; 0 none linked */
    uint16_t surname, given;
    int birth, shutoku, kaishi, soshitsu, shuryo; /* soshitsu, shuryo: -1 open */
    uint8_t sex, gisei, shutoku_jiyu, soshitsu_jiyu;
    unsigned touched; /* bits of the fields accepted corrections set (truth of the report) */
} crec;

/* Fields a correction can set, in kokuho_daicho's order: the report lists them so. */
enum { F_KANA, F_KANJI, F_BIRTH, F_SEX, F_SHUTOKU, F_SHUTOKU_JIYU, F_SOSHITSU, F_SOSHITSU_JIYU,
       F_KAISHI, F_SHURYO, F_KOJIN, F_N };
static const char *const field_names[F_N] = {
    "shimei_kana",  "shimei",        "seinengappi",       "seibetsu",          "shutoku_ymd", "shutoku_jiyu",
    "soshitsu_ymd", "soshitsu_jiyu", "tekiyo_kaishi_ymd", "tekiyo_shuryo_ymd", "kojin_no"};

typedef struct corr {
    unsigned no, kind;         /* 訂正番号; 訂正区分 1-5 */
    size_t rec;                /* index of the record it corrects */
    crec after;                /* the record's values it sets (only its kind's fields count) */
    char enterer[9], approver[9];
    uint64_t entered, approved; /* yyyymmddhhmmss */
} corr;

typedef struct corr_city {
    crec *v;
    size_t n, cap;
    corr *c;
    size_t n_c;
} corr_city;

struct city_corrections {
    kr_layout *daicho, *tx, *teisei;
    kr_writer **w;
    size_t n_w;
};

static int add_days(int ymd, long d)
{
    return kr_ymd_from_days(kr_days_from_ymd(ymd) + d);
}

/* ---- records into bytes ------------------------------------------------------------------- */

static const kr_field *field(const kr_layout *l, const char *type, const char *name)
{
    int t;
    return kr_layout_field(l, type, name, &t);
}

static void put_num(const kr_layout *l, const char *type, unsigned char *rec, const char *name, uint64_t v)
{
    const kr_field *f = field(l, type, name);
    if (f)
        kr_num_put(l, f, rec, (kr_i128)v);
}

static void put_text(const kr_layout *l, const char *type, unsigned char *rec, const char *name, const char *s)
{
    const kr_field *f = field(l, type, name);
    if (f)
        gen_put_text(l, f, rec, s, strlen(s));
}

/* A date; -1 writes the field's open value. */
static void put_date(const kr_layout *l, const char *type, unsigned char *rec, const char *name, int ymd)
{
    const kr_field *f = field(l, type, name);
    if (!f)
        return;
    if (ymd < 0 && f->open_values)
        memcpy(rec + f->offset, f->open_values->data, f->length);
    else
        gen_put_ymd(l, f, rec, ymd);
}

static void put_mynumber(const kr_layout *l, const char *type, unsigned char *rec, uint64_t base)
{
    const kr_field *f = field(l, type, "kojin_no");
    if (!f)
        return;
    unsigned char *p = rec + f->offset;
    if (!base) {
        memset(p, ' ', 12);
        return;
    }
    for (int i = 10; i >= 0; i--, base /= 10)
        p[i] = (unsigned char)('0' + base % 10);
    p[11] = (unsigned char)('0' + kr_mynumber_check_digit(p));
}

static void put_names(const kr_layout *l, const char *type, unsigned char *rec, const crec *r)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s %s", gen_surnames[r->surname].kana, gen_givens[r->given].kana);
    put_text(l, type, rec, "shimei_kana", buf);
    snprintf(buf, sizeof buf, "%s %s", gen_surnames[r->surname].kanji, gen_givens[r->given].kanji);
    put_text(l, type, rec, "shimei", buf);
}

/* The whole ledger record (type NULL: kokuho_daicho; "add"/"change": kokuho_tx). */
static void put_record(const kr_layout *l, const char *type, unsigned char *rec, unsigned hokensha, const crec *r)
{
    memset(rec, ' ', l->length);
    if (type)
        put_text(l, type, rec, "shori_kubun", strcmp(type, "add") == 0 ? "1" : "2");
    put_num(l, type, rec, "hokensha_no", hokensha);
    put_num(l, type, rec, "atena_no", r->atena);
    put_num(l, type, rec, "setai_no", r->setai);
    put_num(l, type, rec, "setainushi_atena_no", r->head);
    put_num(l, type, rec, "hihokensha_id", r->hid);
    put_names(l, type, rec, r);
    put_date(l, type, rec, "seinengappi", r->birth);
    put_num(l, type, rec, "seibetsu", r->sex);
    put_num(l, type, rec, "setainushi_kubun", r->head == r->atena ? 1 : 2);
    put_num(l, type, rec, "gisei_setainushi", r->gisei);
    put_date(l, type, rec, "shutoku_ymd", r->shutoku);
    put_num(l, type, rec, "shutoku_jiyu", r->shutoku_jiyu);
    put_date(l, type, rec, "soshitsu_ymd", r->soshitsu);
    put_num(l, type, rec, "soshitsu_jiyu", r->soshitsu_jiyu);
    put_date(l, type, rec, "tekiyo_kaishi_ymd", r->kaishi);
    put_date(l, type, rec, "tekiyo_shuryo_ymd", r->shuryo);
    put_mynumber(l, type, rec, r->kojin);
}

static const char *const teisei_types[6] = {NULL, "change_shimei", "change_seinengappi", "change_shutoku",
                                            "change_soshitsu", "change_kojin"};

static void put_correction(const kr_layout *l, unsigned char *rec, const corr *c, const crec *r)
{
    const char *t = teisei_types[c->kind];
    memset(rec, ' ', l->length);
    char k[2] = {(char)('0' + c->kind), 0};
    put_text(l, t, rec, "teisei_kubun", k);
    put_num(l, t, rec, "teisei_no", c->no);
    put_num(l, t, rec, "atena_no", r->atena);
    put_text(l, t, rec, "nyuryokusha_id", c->enterer);
    put_num(l, t, rec, "nyuryoku_nichiji", c->entered);
    put_text(l, t, rec, "shoninsha_id", c->approver);
    put_num(l, t, rec, "shonin_nichiji", c->approved);
    const crec *a = &c->after;
    switch (c->kind) {
    case 1: put_names(l, t, rec, a); break;
    case 2:
        put_date(l, t, rec, "seinengappi", a->birth);
        put_num(l, t, rec, "seibetsu", a->sex);
        break;
    case 3:
        put_date(l, t, rec, "shutoku_ymd", a->shutoku);
        put_num(l, t, rec, "shutoku_jiyu", a->shutoku_jiyu);
        put_date(l, t, rec, "tekiyo_kaishi_ymd", a->kaishi);
        break;
    case 4:
        put_date(l, t, rec, "soshitsu_ymd", a->soshitsu);
        put_num(l, t, rec, "soshitsu_jiyu", a->soshitsu_jiyu);
        put_date(l, t, rec, "tekiyo_shuryo_ymd", a->shuryo);
        break;
    default: put_mynumber(l, t, rec, a->kojin); break;
    }
}

/* ---- the model: the base, the days, the corrections --------------------------------------- */

static crec *push(corr_city *cc)
{
    if (cc->n == cc->cap) {
        cc->cap = cc->cap ? cc->cap * 2 : 256;
        cc->v = kr_xrealloc(cc->v, cc->cap * sizeof *cc->v);
    }
    crec *r = &cc->v[cc->n++];
    memset(r, 0, sizeof *r);
    return r;
}

/* The base generation: the city's ledger the day before (its insured, names without 外字). */
static void base_of(corr_city *cc, const city_town *t)
{
    for (size_t i = 0; i < t->n; i++) {
        const city_person *p = &t->v[i];
        if (!p->nhi0)
            continue;
        crec *r = push(cc);
        const city_day *d = &p->day[0];
        *r = (crec){p->atena, d->setai, d->head_atena, p->hid, p->ledger_blank ? 0 : p->kojin, d->surname, p->given,
                    p->birth, p->shutoku, p->kaishi, -1, -1, p->sex, (uint8_t)(d->head_atena != p->atena && p->gisei),
                    p->shutoku_jiyu, 0, 0};
    }
}

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
static size_t one_day(corr_city *cc, kr_rng *g, int ymd, unsigned day, size_t **idx, uint8_t **seen)
{
    size_t base_n = cc->n, want = 3 + base_n / 40, n = 0;
    *seen = kr_xrealloc(*seen, base_n + want + 1);
    memset(*seen, 0, base_n + want + 1);
    *idx = kr_xrealloc(*idx, (want + 1) * sizeof **idx);
    for (size_t k = 0; k < want && base_n; k++) {
        size_t i = kr_rng_below(g, base_n);
        unsigned kind = (unsigned)kr_rng_below(g, 20);
        if ((*seen)[i])
            continue;
        crec *r = &cc->v[i];
        if (kind < 8 && r->soshitsu < 0) {
            r->soshitsu = r->shuryo = ymd;
            r->soshitsu_jiyu = (uint8_t)(1 + kr_rng_below(g, 3));
        } else if (kind < 12 && r->soshitsu < 0) {
            r->surname = (uint16_t)((r->surname + 1 + kr_rng_below(g, gen_n_surnames - 1)) % gen_n_surnames);
        } else if (kind < 15 && !r->kojin) {
            r->kojin = new_kojin(g);
        } else if (kind >= 15) {
            /* a birth into the member's household */
            crec *b = push(cc);
            r = &cc->v[i];
            uint8_t sex = (uint8_t)(1 + kr_rng_below(g, 2));
            *b = (crec){900000000ull + cc->n, r->setai, r->head, 1300000000000000ull + cc->n, new_kojin(g),
                        r->surname, given_of_sex(g, sex, UINT16_MAX), ymd, ymd, ymd, -1, -1, sex, r->gisei, 3, 0, 0};
            (*seen)[cc->n - 1] = 1;
            (*idx)[n++] = cc->n - 1;
            continue;
        } else
            continue;
        (*seen)[i] = 1;
        (*idx)[n++] = i;
    }
    (void)day;
    /* in 宛名番号 order (the records are in key order, births appended above them) */
    for (size_t a = 1; a < n; a++)
        for (size_t b = a; b > 0 && (*idx)[b - 1] > (*idx)[b]; b--) {
            size_t t = (*idx)[b];
            (*idx)[b] = (*idx)[b - 1];
            (*idx)[b - 1] = t;
        }
    return n;
}

static const char *const staff[] = {"T0410021", "T0410057", "T0410113", "T0420008", "T0420046", "T0430071"};

/* The corrections of the last day: accepted ones (kinds 1-5 on random members) and three
 * refused ones, one of each rule; numbered as entered. */
static void make_corrections(corr_city *cc, kr_rng *g, int ymd)
{
    size_t ok = 4 + cc->n / 15, n = ok + 3;
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
        c->rec = kr_rng_below(g, cc->n);
        c->kind = 1 + (unsigned)kr_rng_below(g, 5);
        crec *r = &cc->v[c->rec];
        c->after = *r;
        crec *a = &c->after;
        switch (c->kind) {
        case 1: a->given = given_of_sex(g, a->sex, a->given); break;
        case 2:
            a->birth = add_days(a->birth, (long)kr_rng_below(g, 61) - 30);
            if (kr_rng_below(g, 4) == 0)
                a->sex = (uint8_t)(3 - a->sex);
            break;
        case 3:
            a->shutoku = a->kaishi = add_days(a->shutoku, -(long)(1 + kr_rng_below(g, 20)));
            a->shutoku_jiyu = (uint8_t)(1 + kr_rng_below(g, 3));
            break;
        case 4:
            if (a->soshitsu < 0) {
                a->soshitsu = a->shuryo = add_days(ymd, -(long)kr_rng_below(g, 10));
                a->soshitsu_jiyu = 9;
            } else
                a->soshitsu = a->shuryo = add_days(a->soshitsu, -(long)(1 + kr_rng_below(g, 10)));
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

static kr_writer *open_w(city_corrections *cw, const char *dir, const char *name, const kr_layout *l, kr_err *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    kr_writer *w = l ? kr_writer_open_layout(path, l, err) : kr_writer_open(path, 0, KR_TERM_LF, err);
    if (w) {
        cw->w = kr_xrealloc(cw->w, (cw->n_w + 1) * sizeof *cw->w);
        cw->w[cw->n_w++] = w;
    }
    return w;
}

static bool write_ledger(city_corrections *cw, const char *dir, const char *name, const corr_city *cc,
                         unsigned hokensha, kr_err *err)
{
    kr_writer *w = open_w(cw, dir, name, cw->daicho, err);
    unsigned char *rec = kr_xmalloc(cw->daicho->length);
    bool ok = w != NULL;
    for (size_t i = 0; ok && i < cc->n; i++) {
        put_record(cw->daicho, NULL, rec, hokensha, &cc->v[i]);
        ok = kr_writer_put(w, rec, err);
    }
    free(rec);
    return ok;
}

/* The report's key and a field's value as LEDGER DIFF shows them. */
static void display(const kr_layout *l, const unsigned char *rec, const char *name, kr_buf *out)
{
    const kr_field *f = field(l, NULL, name);
    out->len = 0;
    kr_field_display(l, f, rec, false, out);
}

/* The difference report's lines: per record in key order, each field an accepted
 * correction set whose value differs, in the layout's order (kokuho_daicho's). */
static bool write_diff(city_corrections *cw, const char *dir, const corr_city *cc, const crec *old,
                       unsigned hokensha, kr_err *err)
{
    kr_writer *w = open_w(cw, dir, "expected_diff.txt", NULL, err);
    const kr_layout *l = cw->daicho;
    unsigned char *a = kr_xmalloc(l->length), *b = kr_xmalloc(l->length);
    kr_buf va, vb, line, key;
    kr_buf_init(&va);
    kr_buf_init(&vb);
    kr_buf_init(&line);
    kr_buf_init(&key);
    bool ok = w != NULL;
    for (size_t i = 0; ok && i < cc->n; i++) {
        if (!cc->v[i].touched)
            continue;
        put_record(l, NULL, a, hokensha, &old[i]);
        put_record(l, NULL, b, hokensha, &cc->v[i]);
        display(l, a, "atena_no", &key);
        for (int f = 0; ok && f < F_N; f++) {
            if (!(cc->v[i].touched & 1u << f))
                continue;
            display(l, a, field_names[f], &va);
            display(l, b, field_names[f], &vb);
            const kr_field *fd = field(l, NULL, field_names[f]);
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
    kr_writer *in = open_w(cw, dir, "corrections.dat", cw->teisei, err);
    kr_writer *out = in ? open_w(cw, dir, "expected_refused.dat", cw->teisei, err) : NULL;
    unsigned char *rec = kr_xmalloc(cw->teisei->length);
    bool ok = out != NULL;
    for (size_t i = 0; ok && i < cc->n_c; i++) {
        put_correction(cw->teisei, rec, &cc->c[i], &cc->v[cc->c[i].rec]);
        ok = kr_writer_put(in, rec, err);
    }
    /* the error list as the job writes it: in 宛名番号 and 訂正番号 order */
    corr *sorted = kr_xmalloc((cc->n_c + 1) * sizeof *sorted);
    memcpy(sorted, cc->c, cc->n_c * sizeof *sorted);
    for (size_t a = 1; a < cc->n_c; a++) /* stable: 訂正番号 order within a key */
        for (size_t b = a; b > 0 && cc->v[sorted[b - 1].rec].atena > cc->v[sorted[b].rec].atena; b--) {
            corr t = sorted[b];
            sorted[b] = sorted[b - 1];
            sorted[b - 1] = t;
        }
    for (size_t i = 0; ok && i < cc->n_c; i++)
        if (refused(&sorted[i])) {
            put_correction(cw->teisei, rec, &sorted[i], &cc->v[sorted[i].rec]);
            ok = kr_writer_put(out, rec, err);
        }
    free(sorted);
    free(rec);
    return ok;
}

static bool write_city(city_corrections *cw, const city_model *m, unsigned c, const char *dir, uint64_t seed,
                       kr_err *err)
{
    corr_city cc = {0};
    kr_rng g;
    kr_rng_seed(&g, seed * 1000003u + 7919u * (c + 1));
    unsigned hokensha = city_places[c].hokensha_no;
    base_of(&cc, &m->town[c]);
    bool ok = write_ledger(cw, dir, "base.dat", &cc, hokensha, err);
    size_t *idx = NULL;
    uint8_t *seen = NULL;
    unsigned char *rec = kr_xmalloc(cw->tx->length);
    int ymd = m->day;
    for (unsigned d = 1; ok && d <= CORR_DAYS; d++) {
        ymd = add_days(m->day, d - 1);
        size_t before = cc.n;
        size_t n = one_day(&cc, &g, ymd, d, &idx, &seen);
        char name[32];
        snprintf(name, sizeof name, "tx_%u.dat", d);
        kr_writer *w = open_w(cw, dir, name, cw->tx, err);
        ok = w != NULL;
        for (size_t k = 0; ok && k < n; k++) {
            put_record(cw->tx, idx[k] >= before ? "add" : "change", rec, hokensha, &cc.v[idx[k]]);
            ok = kr_writer_put(w, rec, err);
        }
    }
    free(idx);
    free(seen);
    free(rec);
    ok = ok && write_ledger(cw, dir, "current.dat", &cc, hokensha, err);
    crec *old = kr_xmalloc((cc.n + 1) * sizeof *old);
    memcpy(old, cc.v, cc.n * sizeof *old);
    make_corrections(&cc, &g, ymd);
    ok = ok && write_corrections(cw, dir, &cc, err) && write_ledger(cw, dir, "expected.dat", &cc, hokensha, err) &&
         write_diff(cw, dir, &cc, old, hokensha, err);
    free(old);
    free(cc.v);
    free(cc.c);
    return ok;
}

city_corrections *city_corrections_write(const city_model *m, const kr_city_opts *o, kr_err *err)
{
    city_corrections *cw = kr_xcalloc(1, sizeof *cw);
    const char *names[3] = {"kokuho_daicho", "kokuho_tx", "kokuho_teisei"};
    kr_layout **ls[3] = {&cw->daicho, &cw->tx, &cw->teisei};
    bool ok = true;
    for (int i = 0; ok && i < 3; i++) {
        kr_diags d;
        kr_diags_init(&d);
        *ls[i] = kr_layout_load(names[i], &d);
        if (!*ls[i])
            ok = kr_fail(err, KR_RC_ENV, "KRK1950E", "layout %s cannot be loaded (%s); kiroku city --with corrections "
                         "writes through the shipped layouts: set KIROKU_LAYOUTS or run where layouts/ is",
                         names[i], d.n ? d.items[0] : "not found");
        kr_diags_free(&d);
    }
    char dir[4096];
    for (unsigned c = 0; ok && c < m->n_cities; c++) {
        snprintf(dir, sizeof dir, "%s/city%02u/corrections", o->out_dir, c + 1);
        if (mkdir(dir, 0777) != 0 && errno != EEXIST)
            ok = kr_fail(err, KR_RC_FAIL, "KRK1951E", "%s: the directory cannot be made: %s", dir, strerror(errno));
        ok = ok && write_city(cw, m, c, dir, o->seed, err);
    }
    if (!ok) {
        city_corrections_finish(cw, false, NULL, err);
        return NULL;
    }
    return cw;
}

bool city_corrections_finish(city_corrections *cw, bool commit, kr_city_stats *st, kr_err *err)
{
    if (!cw)
        return true;
    bool ok = commit;
    for (size_t i = 0; i < cw->n_w; i++) {
        if (ok) {
            ok = kr_writer_commit(cw->w[i], err);
            if (ok && st)
                st->files++;
        } else
            kr_writer_abort(cw->w[i]);
    }
    free(cw->w);
    kr_layout_free(cw->daicho);
    kr_layout_free(cw->tx);
    kr_layout_free(cw->teisei);
    free(cw);
    return ok;
}
