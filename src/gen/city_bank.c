/* city_bank.c: `kiroku city --with bank`: per city the NHI premium ledger of the fiscal year
 * (世帯 × 期別, with the payers' bank accounts), the bank's Zengin 口座振替 result for the first
 * debit day on or after --date, and the truth: the request the stream must send, the ledger
 * after the result is reconciled and the list of the unpaid (docs/CITY.md, "--with bank";
 * docs/streams/kouza_furikae.md). Draws come from a random stream of their own, so the
 * default files stay byte-identical. */
#include "city_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KIBETSU 10       /* installments a year: June to March */
#define TORIHIKI_GINKO 134 /* the city's collecting bank and branch (the 委託者's account) */
#define TORIHIKI_SHITEN 1

/* One installment of one household. */
typedef struct inst {
    uint64_t setai, gimusha;
    unsigned kibetsu;
    uint64_t chotei;
    int nokigen;
    uint8_t koza;           /* 1 口座振替, 2 納付書 */
    unsigned ginko, shiten;
    uint8_t shumoku, shinki;
    uint32_t koza_no;
    uint16_t surname, given;
    char kekka;             /* ' ' none, or the bank's result code for the debit day */
} inst;

typedef struct household {
    uint64_t setai, head;
    unsigned members;
} household;

static int by_setai(const void *a, const void *b)
{
    const household *x = a, *y = b;
    return x->setai < y->setai ? -1 : x->setai > y->setai;
}

static int by_gimusha(const void *a, const void *b)
{
    const inst *x = *(const inst *const *)a, *y = *(const inst *const *)b;
    return x->gimusha < y->gimusha ? -1 : x->gimusha > y->gimusha;
}

static int month_end(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return y * 10000 + m * 100 + (m == 2 && leap ? 29 : days[m - 1]);
}

/* 納期限 of installment k (1..10) of fiscal year fy: the last day of June .. March. */
static int nokigen(int fy, unsigned k)
{
    int m = (int)k + 5;
    return m <= 12 ? month_end(fy, m) : month_end(fy + 1, m - 12);
}

/* The city's NHI households the day before, with their head and insured members. */
static household *households(const city_town *t, size_t *n_out)
{
    household *h = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < t->n; i++) {
        const city_person *p = &t->v[i];
        if (!p->nhi0 || !(p->present & 1))
            continue;
        KR_GROW(h, cap, n + 1);
        h[n++] = (household){p->day[0].setai, p->day[0].head_atena, 1};
    }
    if (n)
        qsort(h, n, sizeof *h, by_setai);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k && h[k - 1].setai == h[i].setai)
            h[k - 1].members++;
        else
            h[k++] = h[i];
    }
    *n_out = k;
    return h;
}

static const unsigned banks[] = {1, 5, 9, 134, 135, 9900};

/* The installments of the year, in ledger key order (setai, kibetsu). */
static inst *installments(const city_town *t, kr_rng *r, int fy, size_t *n_out)
{
    size_t nh;
    household *h = households(t, &nh);
    inst *v = kr_xcalloc(nh * KIBETSU + 1, sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < nh; i++) {
        uint64_t idx = h[i].head - CITY_FIRST_ATENA;
        if (h[i].head < CITY_FIRST_ATENA || idx >= t->n)
            continue;
        const city_person *head = &t->v[idx];
        uint64_t annual = 30000 + 40000 * (uint64_t)h[i].members + 100 * kr_rng_below(r, 3001);
        uint64_t per = annual / KIBETSU / 100 * 100;
        inst base = {.setai = h[i].setai, .gimusha = h[i].head, .kekka = ' '};
        base.koza = kr_rng_below(r, 100) < 72 ? 1 : 2;
        base.surname = head->day[0].surname;
        base.given = head->given;
        if (base.koza == 1) {
            base.ginko = banks[kr_rng_below(r, sizeof banks / sizeof banks[0])];
            base.shiten = 1 + (unsigned)kr_rng_below(r, 999);
            unsigned s = (unsigned)kr_rng_below(r, 100);
            base.shumoku = s < 90 ? 1 : s < 97 ? 2 : 3;
            base.koza_no = 1 + (uint32_t)kr_rng_below(r, 9999999);
            base.shinki = kr_rng_below(r, 100) < 8;
        }
        for (unsigned k = 1; k <= KIBETSU; k++) {
            inst *x = &v[n++];
            *x = base;
            x->kibetsu = k;
            x->chotei = k == 1 ? annual - per * (KIBETSU - 1) : per;
            x->nokigen = nokigen(fy, k);
        }
    }
    free(h);
    *n_out = n;
    return v;
}

/* The bank's result codes for the debit day's requests: mostly 0, each other published
 * code at least once when there are enough requests. */
static void results(inst **req, size_t n, kr_rng *r)
{
    static const char codes[] = "123489";
    for (size_t i = 0; i < n; i++) {
        unsigned d = (unsigned)kr_rng_below(r, 100);
        req[i]->kekka = d < 84 ? '0' : d < 90 ? '1' : d < 92 ? '2' : d < 94 ? '3' : d < 96 ? '4' : d < 97 ? '8' : '9';
    }
    for (const char *c = codes; *c; c++) {
        bool seen = false;
        size_t zeros = 0;
        for (size_t i = 0; i < n; i++) {
            seen |= req[i]->kekka == *c;
            zeros += req[i]->kekka == '0';
        }
        if (seen || !zeros)
            continue;
        size_t pick = kr_rng_below(r, zeros);
        for (size_t i = 0; i < n; i++)
            if (req[i]->kekka == '0' && pick-- == 0) {
                req[i]->kekka = *c;
                break;
            }
    }
}

/* ---- records ------------------------------------------------------------------------------- */

static void ledger_record(cout *o, unsigned city, int fy, const inst *x, int debit_day, bool after)
{
    char buf[128];
    bool done = after && x->kekka != ' ';
    cout_clear(o);
    cout_num(o, cout_field(o, NULL, "hokensha_no"), city_places[city].hokensha_no);
    cout_num(o, cout_field(o, NULL, "nendo"), (uint64_t)fy);
    cout_num(o, cout_field(o, NULL, "setai_no"), x->setai);
    cout_num(o, cout_field(o, NULL, "kibetsu"), x->kibetsu);
    cout_num(o, cout_field(o, NULL, "gimusha_atena_no"), x->gimusha);
    cout_num(o, cout_field(o, NULL, "chotei_gaku"), x->chotei);
    cout_date(o, cout_field(o, NULL, "nokigen_ymd"), x->nokigen);
    cout_num(o, cout_field(o, NULL, "nofu_hoho"), x->koza);
    cout_num(o, cout_field(o, NULL, "ginko_no"), x->ginko);
    cout_num(o, cout_field(o, NULL, "shiten_no"), x->shiten);
    cout_num(o, cout_field(o, NULL, "yokin_shumoku"), x->shumoku);
    cout_num(o, cout_field(o, NULL, "koza_no"), x->koza_no);
    if (x->koza == 1)
        cout_kana_name(buf, sizeof buf, x->surname, x->given);
    else
        buf[0] = 0;
    cout_text(o, cout_field(o, NULL, "koza_meigi"), buf);
    cout_num(o, cout_field(o, NULL, "shinki_cd"), x->shinki);
    cout_num(o, cout_field(o, NULL, "shuno_jokyo"), done && x->kekka == '0');
    cout_text(o, cout_field(o, NULL, "furikae_kekka"), done ? (char[2]){x->kekka, 0} : "");
    cout_date(o, cout_field(o, NULL, "shuno_ymd"), done && x->kekka == '0' ? debit_day : 0);
    cout_emit(o);
}

/* Small half-width kana written large, as Zengin names are (ｼｮｳ -> ｼﾖｳ); names.c's readings
 * are full-width katakana, which the X field receives half-width. */
static void zengin_name(char *buf, size_t n, uint16_t surname, uint16_t given)
{
    static const char *const small[] = {"ァ", "ィ", "ゥ", "ェ", "ォ", "ャ", "ュ", "ョ", "ッ"};
    static const char *const large[] = {"ア", "イ", "ウ", "エ", "オ", "ヤ", "ユ", "ヨ", "ツ"};
    char raw[128];
    cout_kana_name(raw, sizeof raw, surname, given);
    size_t k = 0;
    for (const char *p = raw; *p && k + 4 < n;) {
        size_t s = 0;
        for (; s < 9; s++)
            if (strncmp(p, small[s], 3) == 0)
                break;
        const char *src = s < 9 ? large[s] : p;
        size_t len = s < 9 ? 3 : (*p & 0x80) ? ((*p & 0xF0) == 0xE0 ? 3 : 2) : 1;
        memcpy(buf + k, src, len);
        k += len;
        p += len;
    }
    buf[k] = 0;
}

static void zengin_header(cout *o, unsigned city, int debit_day)
{
    unsigned hoken = city_places[city].hokensha_no;
    cout_clear(o);
    cout_num(o, cout_field(o, "header", "data_kubun"), 1);
    cout_num(o, cout_field(o, "header", "shubetsu_cd"), 91);
    cout_num(o, cout_field(o, "header", "code_kubun"), 0);
    cout_num(o, cout_field(o, "header", "itakusha_cd"), hoken);
    cout_text(o, cout_field(o, "header", "itakusha_mei"), "ｺｸﾐﾝｹﾝｺｳﾎｹﾝ");
    cout_num(o, cout_field(o, "header", "hikiotoshi_md"), (uint64_t)(debit_day % 10000));
    cout_num(o, cout_field(o, "header", "torihiki_ginko_no"), TORIHIKI_GINKO);
    cout_text(o, cout_field(o, "header", "torihiki_ginko_mei"), "");
    cout_num(o, cout_field(o, "header", "torihiki_shiten_no"), TORIHIKI_SHITEN);
    cout_text(o, cout_field(o, "header", "torihiki_shiten_mei"), "");
    cout_num(o, cout_field(o, "header", "yokin_shumoku"), 1);
    cout_num(o, cout_field(o, "header", "koza_no"), hoken);
    cout_emit(o);
}

static void zengin_data(cout *o, const inst *x, bool result)
{
    char buf[128];
    cout_clear(o);
    cout_num(o, cout_field(o, "data", "data_kubun"), 2);
    cout_num(o, cout_field(o, "data", "hikiotoshi_ginko_no"), x->ginko);
    cout_text(o, cout_field(o, "data", "hikiotoshi_ginko_mei"), "");
    cout_num(o, cout_field(o, "data", "hikiotoshi_shiten_no"), x->shiten);
    cout_text(o, cout_field(o, "data", "hikiotoshi_shiten_mei"), "");
    cout_num(o, cout_field(o, "data", "yokin_shumoku"), x->shumoku);
    cout_num(o, cout_field(o, "data", "koza_no"), x->koza_no);
    zengin_name(buf, sizeof buf, x->surname, x->given);
    cout_text(o, cout_field(o, "data", "yokinsha_mei"), buf);
    cout_num(o, cout_field(o, "data", "hikiotoshi_kingaku"), x->chotei);
    cout_num(o, cout_field(o, "data", "shinki_cd"), x->shinki);
    cout_num(o, cout_field(o, "data", "kokyaku_no"), x->gimusha);
    cout_num(o, cout_field(o, "data", "furikae_kekka"), result ? (uint64_t)(x->kekka - '0') : 0);
    cout_emit(o);
}

/* The trailer (a request's 振替済/不能 fields 0; a result's filled in by cout_emit with the
 * other control totals) and the end record. */
static void zengin_end(cout *o)
{
    static const char *const zero[] = {"furikaezumi_kensu", "furikaezumi_kingaku", "funo_kensu", "funo_kingaku"};
    cout_clear(o);
    cout_num(o, cout_field(o, "trailer", "data_kubun"), 8);
    for (size_t i = 0; i < 4; i++)
        cout_num(o, cout_field(o, "trailer", zero[i]), 0);
    cout_emit(o);
    cout_clear(o);
    cout_num(o, cout_field(o, "end", "data_kubun"), 9);
    cout_emit(o);
}

/* ---- the run ------------------------------------------------------------------------------- */

static void write_town(cout_files *fs, const kr_layout *const *l, const city_model *m, unsigned c,
                       const char *dir, uint64_t seed, int ref_ymd)
{
    kr_rng r;
    kr_rng_seed(&r, seed * 1000003u + 0xBA4Cu + c);
    int fy = ref_ymd / 10000 - (ref_ymd / 100 % 100 < 4);
    unsigned k = 1;
    while (k < KIBETSU && nokigen(fy, k) < ref_ymd)
        k++;
    int debit_day = nokigen(fy, k);
    size_t n;
    inst *v = installments(&m->town[c], &r, fy, &n);
    inst **req = kr_xcalloc(n + 1, sizeof *req);
    size_t nreq = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i].koza == 1 && v[i].nokigen == debit_day)
            req[nreq++] = &v[i];
    if (nreq)
        qsort(req, nreq, sizeof *req, by_gimusha);
    results(req, nreq, &r);

    cout *before = cout_open(fs, l[0], dir, "hokenryo.dat");
    cout *after = before ? cout_open(fs, l[0], dir, "truth_hokenryo.dat") : NULL;
    cout *minou = after ? cout_open(fs, l[0], dir, "truth_minou.dat") : NULL;
    cout *irai = minou ? cout_open(fs, l[1], dir, "truth_irai.dat") : NULL;
    cout *kekka = irai ? cout_open(fs, l[2], dir, "kekka.dat") : NULL;
    if (!kekka)
        fs->failed = true;
    for (size_t i = 0; kekka && i < n; i++) {
        ledger_record(before, c, fy, &v[i], debit_day, false);
        ledger_record(after, c, fy, &v[i], debit_day, true);
        if (v[i].kekka != ' ' && v[i].kekka != '0')
            ledger_record(minou, c, fy, &v[i], debit_day, true);
    }
    if (kekka) {
        zengin_header(irai, c, debit_day);
        zengin_header(kekka, c, debit_day);
        for (size_t i = 0; i < nreq; i++) {
            zengin_data(irai, req[i], false);
            zengin_data(kekka, req[i], true);
        }
        zengin_end(irai);
        zengin_end(kekka);
    }
    free(req);
    free(v);
}

bool city_bank_write(cout_files *fs, const city_model *m, const kr_city_opts *o)
{
    const kr_layout *l[3];
    static const char *const names[3] = {"kokuho_hokenryo", "zengin_furikae_irai", "zengin_furikae"};
    for (int i = 0; i < 3; i++)
        if (!(l[i] = cout_load_layout(fs, names[i])))
            return false;
    char dir[4096];
    for (unsigned c = 0; c < m->n_cities && cout_all_ok(fs); c++) {
        snprintf(dir, sizeof dir, "%s/city%02u/bank", o->out_dir, c + 1);
        if (!cout_make_dir(dir, fs->err))
            return false;
        write_town(fs, l, m, c, dir, o->seed, o->ref_ymd);
    }
    return cout_all_ok(fs);
}
