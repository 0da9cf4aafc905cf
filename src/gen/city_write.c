/* city_write.c: the synthetic prefecture's files, from the model (city_model.c), each
 * record written field by field by name through its shipped layout: per city the registry
 * of the day before and of the day (juki), the NHI ledger (kokuho_daicho) and the day's
 * transactions (kokuho_tx); the federation's register (rengo_rireki); the truth (kakunin).
 * Every file is committed only when all of them were written. */
#include "city_health.h"
#include "city_out.h"
#include "city_hout.h"
#include "city_private.h"
#include "kiroku/check.h"
#include "kiroku/codec.h"
#include "kiroku/recio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- fields by name --------------------------------------------------------------------- */

typedef struct out {
    const kr_layout *l;
    kr_writer *w;
    unsigned char *rec;
    kr_err *err;
    bool ok;
    kr_totals *totals; /* layouts with a trailer: its control totals, as verify counts them */
    uint64_t n;
} out;

static const kr_field *fld(out *o, const char *type, const char *name)
{
    int t;
    const kr_field *f = kr_layout_field(o->l, type, name, &t);
    if (!f && o->ok) {
        kr_fail(o->err, KR_RC_ENV, "KRK1602E", "%s: layout %s has no field '%s' that kiroku city writes; "
                "use the layout shipped with kiroku", o->l->path, o->l->name, name);
        o->ok = false;
    }
    return f;
}

static void put_num(out *o, const kr_field *f, uint64_t v)
{
    if (f)
        kr_num_put(o->l, f, o->rec, (kr_i128)v);
}

static void put_text(out *o, const kr_field *f, const char *s)
{
    if (f)
        gen_put_text(o->l, f, o->rec, s, strlen(s));
}

/* A date; 0 writes the field's none value, -1 its open value. */
static void put_date(out *o, const kr_field *f, int ymd)
{
    if (!f)
        return;
    const kr_bytes *v = ymd == 0 ? f->none_values : ymd < 0 ? f->open_values : NULL;
    if (ymd <= 0 && v)
        memcpy(o->rec + f->offset, v->data, f->length);
    else
        gen_put_ymd(o->l, f, o->rec, ymd);
}

static void put_kojin(out *o, const kr_field *f, uint64_t base, bool blank)
{
    if (!f)
        return;
    unsigned char *p = o->rec + f->offset;
    if (blank) {
        memset(p, ' ', 12);
        return;
    }
    for (int i = 10; i >= 0; i--, base /= 10)
        p[i] = (unsigned char)('0' + base % 10);
    p[11] = (unsigned char)('0' + kr_mynumber_check_digit(p));
}

static void clear(out *o)
{
    memset(o->rec, ' ', o->l->length);
}

static void emit(out *o)
{
    if (o->ok)
        o->ok = city_emit(o->l, o->totals, o->w, o->rec, o->n + 1, o->err);
    o->n++;
}

/* ---- names and addresses ----------------------------------------------------------------- */

static void kanji_name(char *buf, size_t n, uint16_t surname, uint16_t given, uint8_t gaiji)
{
    const char *g = gen_givens[given].kanji;
    if (gaiji) {
        /* the first character of the given name as a 外字 of the city (U+E000...) */
        unsigned c = 0xE000 + gaiji - 1u;
        const char *rest = g + 3; /* given names begin with a 3-byte kanji */
        snprintf(buf, n, "%s %c%c%c%s", gen_surnames[surname].kanji, (char)(0xE0 | (c >> 12)),
                 (char)(0x80 | ((c >> 6) & 0x3F)), (char)(0x80 | (c & 0x3F)), rest);
        return;
    }
    snprintf(buf, n, "%s %s", gen_surnames[surname].kanji, g);
}

static void kana_name(char *buf, size_t n, uint16_t surname, uint16_t given)
{
    snprintf(buf, n, "%s %s", gen_surnames[surname].kana, gen_givens[given].kana);
}

static const char *const outside[] = {
    "東京都千代田区霞が関１丁目２番２号", "埼玉県さいたま市浦和区高砂３丁目１５番１号",
    "茨城県水戸市笠原町９７８番６", "神奈川県横浜市中区日本大通１",
};

/* A person's name in kana and kanji, birth date and sex, as on the day. */
static void put_person(out *o, const kr_field *kana, const kr_field *kanji, const kr_field *birth,
                       const kr_field *sex, const city_person *p, const city_day *day)
{
    char buf[256];
    kana_name(buf, sizeof buf, day->surname, p->given);
    put_text(o, kana, buf);
    kanji_name(buf, sizeof buf, day->surname, p->given, p->gaiji);
    if (kanji)
        put_text(o, kanji, buf);
    put_date(o, birth, p->birth);
    put_num(o, sex, p->sex);
}

/* ---- the registry ------------------------------------------------------------------------- */

typedef struct juki_f {
    const kr_field *atena_no, *setai_no, *shimei_kana, *shimei, *seinengappi, *seibetsu, *zokugara,
        *yubin_no, *jusho, *jusho_kana, *katagaki, *gyoseiku, *shogakkoku, *denwa_no, *jutei_ymd,
        *jutei_jiyu, *jumin_ymd, *jumin_jiyu, *shojo_ymd, *shojo_jiyu, *tenshutsu_yotei_ymd,
        *tenshutsu_kakutei_ymd, *ido_ymd, *jumin_kubun, *shien_sochi, *tennyumae_jusho,
        *tenshutsugo_jusho, *kojin_no;
} juki_f;

static void juki_fields(out *o, juki_f *f)
{
#define F(n) f->n = fld(o, NULL, #n)
    F(atena_no); F(setai_no); F(shimei_kana); F(shimei); F(seinengappi); F(seibetsu); F(zokugara);
    F(yubin_no); F(jusho); F(jusho_kana); F(katagaki); F(gyoseiku); F(shogakkoku); F(denwa_no);
    F(jutei_ymd); F(jutei_jiyu); F(jumin_ymd); F(jumin_jiyu); F(shojo_ymd); F(shojo_jiyu);
    F(tenshutsu_yotei_ymd); F(tenshutsu_kakutei_ymd); F(ido_ymd); F(jumin_kubun); F(shien_sochi);
    F(tennyumae_jusho); F(tenshutsugo_jusho); F(kojin_no);
#undef F
}

static void juki_record(out *o, const juki_f *f, unsigned city, const city_person *p, int d)
{
    const city_day *day = &p->day[d];
    const city_place *pl = &city_places[city];
    const gen_town *tw = &gen_towns[day->addr.town];
    char buf[256];
    clear(o);
    put_num(o, f->atena_no, p->atena);
    put_num(o, f->setai_no, day->setai);
    put_person(o, f->shimei_kana, f->shimei, f->seinengappi, f->seibetsu, p, day);
    put_num(o, f->zokugara, day->zokugara);
    char post[16];
    snprintf(post, sizeof post, "%s%04u", pl->post3, day->addr.post4);
    put_num(o, f->yubin_no, strtoull(post, NULL, 10));
    snprintf(buf, sizeof buf, "%s%s%s%d丁目%d番%d号", city_pref, pl->name, tw->kanji, day->addr.chome,
             day->addr.ban, day->addr.go);
    put_text(o, f->jusho, buf);
    snprintf(buf, sizeof buf, "%s %s %s %d-%d-%d", city_pref_kana, pl->kana, tw->kana, day->addr.chome,
             day->addr.ban, day->addr.go);
    put_text(o, f->jusho_kana, buf);
    put_text(o, f->katagaki, "");
    put_num(o, f->gyoseiku, 1 + day->addr.town % 40);
    put_num(o, f->shogakkoku, 1 + day->addr.town % 20);
    snprintf(buf, sizeof buf, "%s-%04u-%04u", pl->area, (unsigned)(p->atena % 10000),
             (unsigned)(p->kojin % 10000));
    put_text(o, f->denwa_no, buf);
    put_date(o, f->jutei_ymd, day->jutei_ymd);
    put_num(o, f->jutei_jiyu, day->jutei_jiyu);
    put_date(o, f->jumin_ymd, p->jumin_ymd);
    put_num(o, f->jumin_jiyu, p->jumin_jiyu);
    put_date(o, f->shojo_ymd, 0);
    put_num(o, f->shojo_jiyu, 0);
    put_date(o, f->tenshutsu_yotei_ymd, 0);
    put_date(o, f->tenshutsu_kakutei_ymd, 0);
    put_date(o, f->ido_ymd, day->ido_ymd);
    put_num(o, f->jumin_kubun, 1);
    put_num(o, f->shien_sochi, 0);
    if (p->prev_pref == 'o')
        put_text(o, f->tennyumae_jusho, outside[p->atena % 4]);
    else if (p->prev_pref == 'c') {
        snprintf(buf, sizeof buf, "%s%s", city_pref, city_places[p->prev_city].name);
        put_text(o, f->tennyumae_jusho, buf);
    } else
        put_text(o, f->tennyumae_jusho, "");
    put_text(o, f->tenshutsugo_jusho, "");
    put_kojin(o, f->kojin_no, p->kojin, false);
    emit(o);
}

/* ---- the NHI ledger and its transactions -------------------------------------------------- */

typedef struct daicho_f {
    const kr_field *shori_kubun, *hokensha_no, *atena_no, *setai_no, *setainushi_atena_no,
        *hihokensha_id, *shimei_kana, *shimei, *seinengappi, *seibetsu, *setainushi_kubun,
        *gisei_setainushi, *shutoku_ymd, *shutoku_jiyu, *soshitsu_ymd, *soshitsu_jiyu,
        *tekiyo_kaishi_ymd, *tekiyo_shuryo_ymd, *kojin_no;
} daicho_f;

static void daicho_fields(out *o, const char *type, daicho_f *f)
{
#define F(n) f->n = fld(o, type, #n)
    f->shori_kubun = type ? fld(o, type, "shori_kubun") : NULL;
    F(hokensha_no); F(atena_no); F(setai_no); F(setainushi_atena_no); F(hihokensha_id); F(shimei_kana);
    F(shimei); F(seinengappi); F(seibetsu); F(setainushi_kubun); F(gisei_setainushi); F(shutoku_ymd);
    F(shutoku_jiyu); F(soshitsu_ymd); F(soshitsu_jiyu); F(tekiyo_kaishi_ymd); F(tekiyo_shuryo_ymd);
    F(kojin_no);
#undef F
}

/* The member's ledger record the day before (d 0) or as the day's transaction makes it. */
static void daicho_record(out *o, const daicho_f *f, unsigned city, const city_person *p, int d)
{
    const city_day *day = &p->day[d];
    clear(o);
    if (f->shori_kubun)
        put_text(o, f->shori_kubun, p->tx == 1 ? "1" : "2");
    put_num(o, f->hokensha_no, city_places[city].hokensha_no);
    put_num(o, f->atena_no, p->atena);
    put_num(o, f->setai_no, day->setai);
    put_num(o, f->setainushi_atena_no, day->head_atena);
    put_num(o, f->hihokensha_id, p->hid);
    put_person(o, f->shimei_kana, f->shimei, f->seinengappi, f->seibetsu, p, day);
    put_num(o, f->setainushi_kubun, day->head_atena == p->atena ? 1 : 2);
    put_num(o, f->gisei_setainushi, day->head_atena != p->atena && p->gisei);
    put_date(o, f->shutoku_ymd, p->shutoku);
    put_num(o, f->shutoku_jiyu, p->shutoku_jiyu);
    bool lost = d == 1 && p->soshitsu;
    put_date(o, f->soshitsu_ymd, lost ? p->soshitsu : -1);
    put_num(o, f->soshitsu_jiyu, lost ? p->soshitsu_jiyu : 0);
    put_date(o, f->tekiyo_kaishi_ymd, p->kaishi);
    put_date(o, f->tekiyo_shuryo_ymd, lost ? p->shuryo : -1);
    if (d == 0)
        put_kojin(o, f->kojin_no, p->kojin, p->ledger_blank);
    else
        put_kojin(o, f->kojin_no, p->kojin_tx, p->tx_kojin == TXK_BLANK);
    emit(o);
}

/* ---- the federation's register ------------------------------------------------------------ */

typedef struct rireki_f {
    const kr_field *hokensha_no, *atena_no, *hihokensha_id, *shimei_kana, *seinengappi, *seibetsu,
        *kokuho_shutoku_ymd, *kokuho_soshitsu_ymd, *tekiyo_kaishi_ymd, *tekiyo_shuryo_ymd,
        *shutoku_jiyu, *soshitsu_jiyu, *tenshutsu_hokensha_no, *tennyu_hokensha_no;
} rireki_f;

static void rireki_fields(out *o, rireki_f *f)
{
#define F(n) f->n = fld(o, NULL, #n)
    F(hokensha_no); F(atena_no); F(hihokensha_id); F(shimei_kana); F(seinengappi); F(seibetsu);
    F(kokuho_shutoku_ymd); F(kokuho_soshitsu_ymd); F(tekiyo_kaishi_ymd); F(tekiyo_shuryo_ymd);
    F(shutoku_jiyu); F(soshitsu_jiyu); F(tenshutsu_hokensha_no); F(tennyu_hokensha_no);
#undef F
}

static unsigned hokensha_or_none(int city)
{
    return city < 0 ? 0 : city_places[city].hokensha_no;
}

/* One period of the register: a person insured in one city from kaishi to shuryo. */
typedef struct period {
    unsigned city;
    uint64_t atena, hid;
    uint16_t surname, given;
    int birth;
    uint8_t sex, shutoku_jiyu, soshitsu_jiyu;
    int shutoku, soshitsu, kaishi, shuryo; /* soshitsu, shuryo: -1 open */
    int from_city, to_city;                /* -1 none */
} period;

static void rireki_record(out *o, const rireki_f *f, const period *pd)
{
    char buf[128];
    clear(o);
    put_num(o, f->hokensha_no, city_places[pd->city].hokensha_no);
    put_num(o, f->atena_no, pd->atena);
    put_num(o, f->hihokensha_id, pd->hid);
    kana_name(buf, sizeof buf, pd->surname, pd->given);
    put_text(o, f->shimei_kana, buf);
    put_date(o, f->seinengappi, pd->birth);
    put_num(o, f->seibetsu, pd->sex);
    put_date(o, f->kokuho_shutoku_ymd, pd->shutoku);
    put_date(o, f->kokuho_soshitsu_ymd, pd->soshitsu);
    put_date(o, f->tekiyo_kaishi_ymd, pd->kaishi);
    put_date(o, f->tekiyo_shuryo_ymd, pd->shuryo);
    put_num(o, f->shutoku_jiyu, pd->shutoku_jiyu);
    put_num(o, f->soshitsu_jiyu, pd->soshitsu_jiyu);
    put_num(o, f->tenshutsu_hokensha_no, hokensha_or_none(pd->from_city));
    put_num(o, f->tennyu_hokensha_no, hokensha_or_none(pd->to_city));
    emit(o);
}

/* The person's period in this city as the federation knows it after the day. A move within
 * the prefecture ends the period without a loss: the loss dates carry over. */
static period person_period(unsigned city, const city_person *p)
{
    bool lost = p->soshitsu && p->to_city < 0;
    return (period){city, p->atena, p->hid, p->day[p->present & 2 ? 1 : 0].surname, p->given, p->birth,
                    p->sex, p->shutoku_jiyu, p->soshitsu ? p->soshitsu_jiyu : 0, p->shutoku,
                    lost ? p->soshitsu : -1, p->kaishi, p->soshitsu ? p->shuryo : -1, p->from_city, p->to_city};
}

/* An earlier period in another city, ended by the move to the present one (01 転出). */
static period former_period(unsigned city, const city_former *fp)
{
    return (period){city, fp->atena, fp->hid, fp->surname, fp->given, fp->birth, fp->sex, 1, 1,
                    fp->shutoku, -1, fp->kaishi, fp->shuryo, -1, fp->to_city};
}


/* ---- the truth ----------------------------------------------------------------------------- */

static void truth_record(out *o, const city_exc *e)
{
    clear(o);
    put_num(o, fld(o, NULL, "hokensha_no"), city_places[e->city].hokensha_no);
    put_num(o, fld(o, NULL, "atena_no"), e->atena);
    put_num(o, fld(o, NULL, "riyu"), e->riyu);
    put_num(o, fld(o, NULL, "gawa"), e->gawa);
    put_num(o, fld(o, NULL, "aite_hokensha_no"), hokensha_or_none(e->aite_city));
    put_num(o, fld(o, NULL, "aite_atena_no"), e->aite_atena);
    put_date(o, fld(o, NULL, "shuryo_ymd"), e->shuryo);
    put_date(o, fld(o, NULL, "kaishi_ymd"), e->kaishi);
    put_num(o, fld(o, NULL, "hihokensha_id"), e->hid);
    put_text(o, fld(o, NULL, "kojin_no_hyoji"), e->masked ? "************" : "");
    emit(o);
}

/* ---- the run ------------------------------------------------------------------------------- */

typedef struct files {
    out **v; /* each allocated on its own: pointers to them stay valid */
    size_t n;
    kr_layout *layouts[8];
    kr_err *err;
    bool failed; /* a file could not be opened */
} files;

static bool make_dir(const char *path, kr_err *err)
{
    if (mkdir(path, 0777) == 0 || errno == EEXIST)
        return true;
    return kr_fail(err, KR_RC_FAIL, "KRK1603E", "%s: the directory cannot be made: %s", path, strerror(errno));
}

static out *open_out(files *fs, const kr_layout *l, const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    out *o = kr_xcalloc(1, sizeof *o);
    o->l = l;
    o->err = fs->err;
    o->ok = true;
    o->w = kr_writer_open_layout(path, l, fs->err);
    if (!o->w) {
        free(o);
        return NULL;
    }
    o->rec = kr_xmalloc(l->length);
    o->totals = city_totals_of(l);
    fs->v = kr_xrealloc(fs->v, (fs->n + 1) * sizeof *fs->v);
    fs->v[fs->n++] = o;
    return o;
}

static bool all_ok(const files *fs)
{
    if (fs->failed)
        return false;
    for (size_t i = 0; i < fs->n; i++)
        if (!fs->v[i]->ok)
            return false;
    return true;
}

static int finish(files *fs, bool ok, kr_city_stats *st)
{
    for (size_t i = 0; i < fs->n; i++) {
        out *o = fs->v[i];
        if (ok) {
            uint64_t n = kr_writer_count(o->w);
            if (kr_writer_commit(o->w, fs->err)) {
                st->files++;
                st->bytes += n * (o->l->length + kr_terminator_len(o->l->terminator));
            } else
                ok = false;
        } else
            kr_writer_abort(o->w);
        free(o->rec);
        kr_totals_free(o->totals);
        free(o);
    }
    free(fs->v);
    for (size_t i = 0; i < 8; i++)
        kr_layout_free(fs->layouts[i]);
    return ok ? KR_RC_OK : fs->err->rc ? fs->err->rc : KR_RC_FAIL;
}

static bool load_layouts(files *fs, kr_err *err)
{
    static const char *const names[8] = {"juki",          "kokuho_daicho", "kokuho_tx",           "rengo_rireki",
                                         "kakunin",       "rengo_shikaku", "rengo_hihokensha_id", "rengo_kojin_index"};
    for (int i = 0; i < 8; i++) {
        kr_diags d;
        kr_diags_init(&d);
        fs->layouts[i] = kr_layout_load(names[i], &d);
        if (!fs->layouts[i]) {
            kr_fail(err, KR_RC_ENV, "KRK1604E", "layout %s cannot be loaded (%s); kiroku city writes "
                    "through the shipped layouts: set KIROKU_LAYOUTS or run where layouts/ is",
                    names[i], d.n ? d.items[0] : "not found");
            kr_diags_free(&d);
            return false;
        }
        kr_diags_free(&d);
    }
    return true;
}

/* ---- --with federation: the federation's register and index the day before ------------------ */

/* The person's period as the federation knew it the day before: open, no move out yet. */
static period period_before(unsigned city, const city_person *p)
{
    return (period){city, p->atena, p->hid, p->day[0].surname, p->given, p->birth, p->sex, p->shutoku_jiyu, 0,
                    p->shutoku, -1, p->kaishi, -1, p->from_city, -1};
}

typedef struct index_entry {
    uint64_t kojin, hid;
} index_entry;

static int index_cmp(const void *a, const void *b)
{
    const index_entry *x = a, *y = b;
    return (x->kojin > y->kojin) - (x->kojin < y->kojin);
}

/* rengo/rireki_0.dat (rengo_rireki), the register the day before, and rengo/kojin_index_0.dat
 * (rengo_kojin_index), each 被保険者ID of it with the person's own 個人番号, in 個人番号 order. */
static bool write_federation_before(files *fs, const city_model *m, const char *dir)
{
    out *rr = open_out(fs, fs->layouts[3], dir, "rireki_0.dat");
    out *ix = rr ? open_out(fs, fs->layouts[7], dir, "kojin_index_0.dat") : NULL;
    if (!ix)
        return false;
    rireki_f rf;
    rireki_fields(rr, &rf);
    index_entry *v = NULL;
    size_t n = 0, cap = 0;
    for (unsigned c = 0; c < m->n_cities && rr->ok; c++) {
        const city_town *t = &m->town[c];
        for (size_t i = 0; i < t->n; i++) {
            const city_person *p = &t->v[i];
            if (!p->nhi0)
                continue;
            period pd = period_before(c, p);
            rireki_record(rr, &rf, &pd);
            if (n == cap) {
                cap = cap ? cap * 2 : 1024;
                v = kr_xrealloc(v, cap * sizeof *v);
            }
            v[n++] = (index_entry){p->kojin, p->hid};
        }
        for (size_t i = 0; i < t->n_former; i++) {
            period pd = former_period(c, &t->former[i]);
            rireki_record(rr, &rf, &pd);
        }
    }
    if (n)
        qsort(v, n, sizeof *v, index_cmp);
    const kr_field *kojin = fld(ix, NULL, "kojin_no"), *hid = fld(ix, NULL, "hihokensha_id");
    for (size_t i = 0; i < n && ix->ok; i++) {
        clear(ix);
        put_kojin(ix, kojin, v[i].kojin, false);
        put_num(ix, hid, v[i].hid);
        emit(ix);
    }
    free(v);
    return rr->ok && ix->ok;
}

/* ---- the federation's daily files to each city ----------------------------------------------- */

static void put_header(out *o, unsigned city, int day)
{
    clear(o);
    put_text(o, fld(o, "header", "kubun"), "1");
    if (kr_layout_field(o->l, "header", "todofuken_no", &(int){0}))
        put_num(o, fld(o, "header", "todofuken_no"), city_places[city].hokensha_no / 10000);
    put_num(o, fld(o, "header", "hokensha_no"), city_places[city].hokensha_no);
    put_date(o, fld(o, "header", "sakusei_ymd"), day);
    emit(o);
}

static void put_trailer(out *o)
{
    clear(o);
    put_text(o, fld(o, "trailer", "kubun"), "8");
    emit(o); /* the control totals are filled in by emit */
}

/* The card number the city gave an insured person (kiroku's: from the 被保険者ID). */
static uint64_t bango(const city_person *p)
{
    return p->hid % 100000000;
}

/* 国保資格取得喪失年月日連携: a record for each person of the city whose eligibility changed
 * today, with the federation's 重複/空白 flag on both sides of a move. */
static void shikaku_record(out *o, const city_person *p, int day)
{
    const city_day *d = &p->day[p->present & 2 ? 1 : 0];
    clear(o);
    put_text(o, fld(o, "data", "kubun"), "2");
    put_num(o, fld(o, "data", "atena_no"), p->atena);
    put_num(o, fld(o, "data", "setai_no"), d->setai);
    put_text(o, fld(o, "data", "hihokensha_kigo"), ""); /* as the federation writes it: docs/streams/daily.md */
    put_num(o, fld(o, "data", "hihokensha_bango"), bango(p));
    put_num(o, fld(o, "data", "edaban"), 1);
    put_person(o, fld(o, "data", "shimei_kana"), NULL, fld(o, "data", "seinengappi"), fld(o, "data", "seibetsu"),
               p, d);
    bool lost = p->soshitsu != 0;
    put_num(o, fld(o, "data", "renkei_kubun"), p->tx == 1 ? 1 : lost ? 2 : 3);
    put_date(o, fld(o, "data", "kokuho_shutoku_ymd"), p->shutoku);
    put_date(o, fld(o, "data", "kokuho_soshitsu_ymd"), lost && p->to_city < 0 ? p->soshitsu : -1);
    put_date(o, fld(o, "data", "tekiyo_kaishi_ymd"), p->kaishi);
    put_date(o, fld(o, "data", "tekiyo_shuryo_ymd"), lost ? p->shuryo : -1);
    put_num(o, fld(o, "data", "tenshutsu_hokensha_no"), hokensha_or_none(p->from_city));
    put_date(o, fld(o, "data", "tenshutsu_shuryo_ymd"), p->from_city >= 0 ? p->from_end : 0);
    put_num(o, fld(o, "data", "chofuku_kubun"), p->outcome == MOVE_OVERLAP + 1 ? 1 : p->outcome == MOVE_GAP + 1 ? 2 : 0);
    put_date(o, fld(o, "data", "shori_ymd"), day);
    emit(o);
}

/* 被保険者ID連携: a record for each 被保険者ID the federation gave today (新規付番). */
static void id_record(out *o, const city_person *p, int day)
{
    const city_day *d = &p->day[1];
    clear(o);
    put_text(o, fld(o, "data", "kubun"), "2");
    put_num(o, fld(o, "data", "atena_no"), p->atena);
    put_num(o, fld(o, "data", "setai_no"), d->setai);
    put_num(o, fld(o, "data", "hihokensha_id"), p->hid);
    put_num(o, fld(o, "data", "kyu_hihokensha_id"), 0);
    put_num(o, fld(o, "data", "id_jotai"), 1);
    put_date(o, fld(o, "data", "id_fuban_ymd"), day);
    put_num(o, fld(o, "data", "hihokensha_bango"), bango(p));
    put_num(o, fld(o, "data", "edaban"), 1);
    put_person(o, fld(o, "data", "shimei_kana"), NULL, fld(o, "data", "seinengappi"), fld(o, "data", "seibetsu"),
               p, d);
    emit(o);
}

static void write_rengo_files(files *fs, const city_model *m, unsigned c, const char *dir)
{
    const city_town *t = &m->town[c];
    out *sk = open_out(fs, fs->layouts[5], dir, "rengo_shikaku.dat");
    out *id = sk ? open_out(fs, fs->layouts[6], dir, "rengo_hihokensha_id.dat") : NULL;
    if (!id) {
        fs->failed = true;
        return;
    }
    put_header(sk, c, m->day);
    put_header(id, c, m->day);
    for (size_t i = 0; i < t->n && all_ok(fs); i++) {
        const city_person *p = &t->v[i];
        if (p->tx)
            shikaku_record(sk, p, m->day);
        /* a new member whose id is new: not a move within the prefecture (the id carries over) */
        if (p->tx == 1 && p->from_city < 0)
            id_record(id, p, m->day);
    }
    put_trailer(sk);
    put_trailer(id);
}

static void write_city(files *fs, const city_model *m, unsigned c, const char *dir, kr_city_stats *st)
{
    const city_town *t = &m->town[c];
    out *j0 = open_out(fs, fs->layouts[0], dir, "juki_0.dat");
    out *j1 = j0 ? open_out(fs, fs->layouts[0], dir, "juki_1.dat") : NULL;
    out *dc = j1 ? open_out(fs, fs->layouts[1], dir, "kokuho_daicho.dat") : NULL;
    out *tx = dc ? open_out(fs, fs->layouts[2], dir, "kokuho_tx.dat") : NULL;
    if (!tx) {
        fs->failed = true;
        return;
    }
    juki_f jf;
    juki_fields(j0, &jf);
    daicho_f df, tf_add, tf_change;
    daicho_fields(dc, NULL, &df);
    daicho_fields(tx, "add", &tf_add);
    daicho_fields(tx, "change", &tf_change);
    for (size_t i = 0; i < t->n && all_ok(fs); i++) {
        const city_person *p = &t->v[i];
        if (p->present & 1) {
            juki_record(j0, &jf, c, p, 0);
            st->residents[0]++;
        }
        if (p->present & 2) {
            juki_record(j1, &jf, c, p, 1);
            st->residents[1]++;
        }
        if (p->nhi0) {
            daicho_record(dc, &df, c, p, 0);
            st->insured++;
        }
        if (p->tx) {
            daicho_record(tx, p->tx == 1 ? &tf_add : &tf_change, c, p, 1);
            st->transactions++;
        }
    }
}

int kr_city_generate(const kr_city_opts *o, kr_city_stats *st, kr_err *err)
{
    memset(st, 0, sizeof *st);
    if (o->cities < 1 || o->cities > KR_CITY_MAX || o->people < 1)
        return kr_fail(err, KR_RC_ENV, "KRK1605E", "kiroku city: --cities takes 1 to %d and --people at least 1",
                       KR_CITY_MAX), KR_RC_ENV;
    files fs = {NULL, 0, {NULL}, err, false};
    if (!load_layouts(&fs, err))
        return finish(&fs, false, st);
    if (!make_dir(o->out_dir, err))
        return finish(&fs, false, st);
    city_model m;
    city_model_build(&m, o);
    bool ok = true;
    char dir[4096];
    for (unsigned c = 0; ok && c < m.n_cities; c++) {
        snprintf(dir, sizeof dir, "%s/city%02u", o->out_dir, c + 1);
        ok = make_dir(dir, err);
        if (ok) {
            write_city(&fs, &m, c, dir, st);
            write_rengo_files(&fs, &m, c, dir);
            ok = all_ok(&fs);
        }
    }
    snprintf(dir, sizeof dir, "%s/rengo", o->out_dir);
    out *rr = ok && make_dir(dir, err) ? open_out(&fs, fs.layouts[3], dir, "rireki.dat") : NULL;
    if (rr) {
        rireki_f rf;
        rireki_fields(rr, &rf);
        for (unsigned c = 0; c < m.n_cities && rr->ok; c++) {
            const city_town *t = &m.town[c];
            for (size_t i = 0; i < t->n; i++)
                if (t->v[i].nhi0 || t->v[i].nhi1) {
                    period pd = person_period(c, &t->v[i]);
                    rireki_record(rr, &rf, &pd);
                    st->periods++;
                }
            for (size_t i = 0; i < t->n_former; i++) {
                period pd = former_period(c, &t->former[i]);
                rireki_record(rr, &rf, &pd);
                st->periods++;
            }
        }
    }
    if (rr && rr->ok && (o->with & KR_CITY_WITH_FEDERATION) && !write_federation_before(&fs, &m, dir))
        fs.failed = true;
    out *tr = rr && all_ok(&fs) ? open_out(&fs, fs.layouts[4], o->out_dir, "truth.dat") : NULL;
    if (tr)
        for (size_t i = 0; i < m.n_exc && tr->ok; i++) {
            truth_record(tr, &m.exc[i]);
            st->exceptions[m.exc[i].riyu]++;
        }
    st->moves = m.moves;
    ok = tr && all_ok(&fs);
    city_health *health = ok && (o->with & KR_CITY_WITH_HEALTH) ? city_health_write(&m, o, err) : NULL;
    ok = ok && (health || !(o->with & KR_CITY_WITH_HEALTH));
    city_corrections *corr = NULL;
    city_retention *ret = NULL;
    if (ok && (o->with & KR_CITY_WITH_CORRECTIONS))
        ok = (corr = city_corrections_write(&m, o, err)) != NULL;
    if (ok && (o->with & KR_CITY_WITH_RETENTION))
        ok = (ret = city_retention_write(&m, o, err)) != NULL;
    /* --with bank, kogaku: their files, committed with the others or not at all */
    cout_files more = {.err = err};
    if (ok && (o->with & KR_CITY_WITH_BANK))
        ok = city_bank_write(&more, &m, o);
    if (ok && (o->with & KR_CITY_WITH_KOGAKU))
        ok = city_kogaku_write(&more, &m, o);
    city_model_free(&m);
    int rc = finish(&fs, ok, st);
    if (health && !city_health_finish(health, rc == KR_RC_OK, st, err) && rc == KR_RC_OK)
        rc = err->rc ? err->rc : KR_RC_FAIL;
    if (!city_corrections_finish(corr, rc == KR_RC_OK, st, err) && rc == KR_RC_OK)
        rc = err->rc ? err->rc : KR_RC_FAIL;
    if (!city_retention_finish(ret, rc == KR_RC_OK, st, err) && rc == KR_RC_OK)
        rc = err->rc ? err->rc : KR_RC_FAIL;
    if (!cout_finish(&more, rc == KR_RC_OK, st) && rc == KR_RC_OK)
        rc = err->rc ? err->rc : KR_RC_FAIL;
    return rc;
}
