/* city_kogaku.c: `kiroku city --with kogaku`: for the monthly 高額該当 carry-over
 * (docs/streams/kogaku_monthly.md), the federation's 転出地市区町村高額該当情報 of the
 * prefecture (the old cities' 高額該当 months of the households that moved within it), each
 * new city's decisions on continuity, and the truth: each city's candidates, the counts it
 * carries over and what cannot be matched (docs/CITY.md, "--with kogaku"). Draws come from a
 * random stream of their own, so the default files stay byte-identical. */
#include "city_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_CANDIDATE_ID 9999000000000000ull /* the 被保険者ID of a decision for no candidate */

/* A household that moved into the city: named by the mover's 被保険者ID. */
typedef struct cand {
    unsigned city, from;
    const city_person *p;
    uint8_t decision;     /* 0 none, 1 継続, 2 非継続 */
    unsigned months[8];   /* yyyymm of its 高額該当 months in the old city */
    unsigned n_months, in_window;
} cand;

static int by_id(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->city != y->city)
        return x->city < y->city ? -1 : 1;
    return x->p->hid < y->p->hid ? -1 : x->p->hid > y->p->hid;
}

static int by_old_city(const void *a, const void *b)
{
    const cand *x = *(const cand *const *)a, *y = *(const cand *const *)b;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    return x->p->hid < y->p->hid ? -1 : x->p->hid > y->p->hid;
}

/* yyyymm moved by delta months. */
static unsigned month_add(unsigned ym, int delta)
{
    int m = (int)(ym / 100) * 12 + (int)(ym % 100) - 1 + delta;
    return (unsigned)(m / 12 * 100 + m % 12 + 1);
}

static int by_month(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return x < y ? -1 : x > y;
}

/* Every candidate of the prefecture with its months and decision, in city and id order. */
static cand *candidates(const city_model *m, kr_rng *r, unsigned run_ym, size_t *n_out)
{
    cand *v = NULL;
    size_t n = 0, cap = 0;
    for (unsigned c = 0; c < m->n_cities; c++) {
        const city_town *t = &m->town[c];
        for (size_t i = 0; i < t->n; i++) {
            const city_person *p = &t->v[i];
            /* its period here began with a move from another city and is open (the register) */
            if (p->from_city < 0 || p->soshitsu || !(p->nhi0 || p->nhi1) || !p->hid)
                continue;
            KR_GROW(v, cap, n + 1);
            v[n++] = (cand){.city = c, .from = (unsigned)p->from_city, .p = p};
        }
    }
    if (n)
        qsort(v, n, sizeof *v, by_id);
    for (size_t i = 0; i < n; i++) {
        cand *x = &v[i];
        unsigned d = (unsigned)kr_rng_below(r, 100);
        x->decision = d < 80 ? 1 : d < 92 ? 2 : 0;
        if (kr_rng_below(r, 100) < 70) {
            /* 高額該当 months among the 14 before the run's month: the two oldest are outside
             * the 12-month window and must not count */
            unsigned k = 1 + (unsigned)kr_rng_below(r, 7);
            bool used[14] = {false};
            while (x->n_months < k) {
                unsigned back = 1 + (unsigned)kr_rng_below(r, 14);
                if (used[back - 1])
                    continue;
                used[back - 1] = true;
                x->months[x->n_months++] = month_add(run_ym, -(int)back);
                x->in_window += back <= 12;
            }
            qsort(x->months, x->n_months, sizeof x->months[0], by_month);
        }
    }
    *n_out = n;
    return v;
}

/* ---- records ------------------------------------------------------------------------------- */

static void kohou_record(cout *o, const cand *x)
{
    char buf[128];
    const city_person *p = x->p;
    cout_clear(o);
    cout_num(o, cout_field(o, NULL, "hokensha_no"), city_places[x->city].hokensha_no);
    cout_num(o, cout_field(o, NULL, "hihokensha_id"), p->hid);
    cout_num(o, cout_field(o, NULL, "tenshutsu_hokensha_no"), city_places[x->from].hokensha_no);
    cout_num(o, cout_field(o, NULL, "atena_no"), p->atena);
    cout_kana_name(buf, sizeof buf, p->day[p->present & 2 ? 1 : 0].surname, p->given);
    cout_text(o, cout_field(o, NULL, "shimei_kana"), buf);
    cout_date(o, cout_field(o, NULL, "tekiyo_kaishi_ymd"), p->kaishi);
    cout_emit(o);
}

static void keizoku_record(cout *o, unsigned city, unsigned from, uint64_t hid, unsigned decision, int ymd)
{
    cout_clear(o);
    cout_num(o, cout_field(o, NULL, "hokensha_no"), city_places[city].hokensha_no);
    cout_num(o, cout_field(o, NULL, "hihokensha_id"), hid);
    cout_num(o, cout_field(o, NULL, "tenshutsu_hokensha_no"), city_places[from].hokensha_no);
    cout_num(o, cout_field(o, NULL, "keizoku_kubun"), decision);
    cout_date(o, cout_field(o, NULL, "hantei_ymd"), ymd);
    cout_emit(o);
}

static void fuicchi_record(cout *o, unsigned city, unsigned from, uint64_t hid, unsigned riyu)
{
    cout_clear(o);
    cout_num(o, cout_field(o, NULL, "hokensha_no"), city_places[city].hokensha_no);
    cout_num(o, cout_field(o, NULL, "hihokensha_id"), hid);
    cout_num(o, cout_field(o, NULL, "riyu"), riyu);
    cout_num(o, cout_field(o, NULL, "tenshutsu_hokensha_no"), city_places[from].hokensha_no);
    cout_emit(o);
}

static void hikitsugi_record(cout *o, const cand *x)
{
    cout_clear(o);
    cout_num(o, cout_field(o, NULL, "hokensha_no"), city_places[x->city].hokensha_no);
    cout_num(o, cout_field(o, NULL, "hihokensha_id"), x->p->hid);
    cout_num(o, cout_field(o, NULL, "tenshutsu_hokensha_no"), city_places[x->from].hokensha_no);
    cout_num(o, cout_field(o, NULL, "gaito_kaisu"), x->in_window);
    cout_num(o, cout_field(o, NULL, "tasukai"), x->in_window >= 3);
    cout_emit(o);
}

static void gaito_records(cout *o, const cand *x)
{
    for (unsigned k = 0; k < x->n_months; k++) {
        cout_clear(o);
        cout_num(o, cout_field(o, NULL, "hokensha_no"), city_places[x->from].hokensha_no);
        cout_num(o, cout_field(o, NULL, "hihokensha_id"), x->p->hid);
        char ym[16];
        snprintf(ym, sizeof ym, "%06u", x->months[k]);
        const kr_field *f = cout_field(o, NULL, "shinryo_ym");
        if (f)
            memcpy(o->rec + f->offset, ym, 6);
        cout_num(o, cout_field(o, NULL, "setai_no"), x->p->from_atena); /* the old city's 宛名番号 stands in */
        cout_num(o, cout_field(o, NULL, "gaito_kubun"), k >= 3 ? 2 : 1);
        cout_emit(o);
    }
}

/* ---- the run ------------------------------------------------------------------------------- */

bool city_kogaku_write(cout_files *fs, const city_model *m, const kr_city_opts *o)
{
    static const char *const names[4] = {"kogaku_kohou", "kogaku_keizoku", "kogaku_hikitsugi", "kogaku_fuicchi"};
    const kr_layout *l[5];
    for (int i = 0; i < 4; i++)
        if (!(l[i] = cout_load_layout(fs, names[i])))
            return false;
    if (!(l[4] = cout_load_layout(fs, "kogaku_gaito")))
        return false;
    kr_rng r;
    kr_rng_seed(&r, o->seed * 1000003u + 0x4B06u);
    unsigned run_ym = (unsigned)(o->ref_ymd / 100);
    size_t n;
    cand *v = candidates(m, &r, run_ym, &n);
    char dir[4096];
    for (unsigned c = 0; c < m->n_cities && cout_all_ok(fs); c++) {
        snprintf(dir, sizeof dir, "%s/city%02u/kogaku", o->out_dir, c + 1);
        if (!cout_make_dir(dir, fs->err))
            break;
        cout *kohou = cout_open(fs, l[0], dir, "truth_kohou.dat");
        cout *keizoku = kohou ? cout_open(fs, l[1], dir, "keizoku.dat") : NULL;
        cout *hiki = keizoku ? cout_open(fs, l[2], dir, "truth_hikitsugi.dat") : NULL;
        cout *fuicchi = hiki ? cout_open(fs, l[3], dir, "truth_fuicchi.dat") : NULL;
        if (!fuicchi) {
            fs->failed = true;
            break;
        }
        bool any = false;
        for (size_t i = 0; i < n; i++) {
            const cand *x = &v[i];
            if (x->city != c)
                continue;
            any = true;
            kohou_record(kohou, x);
            if (x->decision)
                keizoku_record(keizoku, c, x->from, x->p->hid, x->decision, o->ref_ymd);
            else
                fuicchi_record(fuicchi, c, x->from, x->p->hid, 1);
            if (x->decision == 1)
                hikitsugi_record(hiki, x);
        }
        /* a decision for a household that is not a candidate (a mistyped id) */
        if (any) {
            unsigned from = c == 0 ? 1 % m->n_cities : 0;
            keizoku_record(keizoku, c, from, NO_CANDIDATE_ID + c, 1, o->ref_ymd);
            fuicchi_record(fuicchi, c, from, NO_CANDIDATE_ID + c, 2);
        }
    }
    /* the federation's 転出地市区町村高額該当情報, every old city's, in its key order */
    const cand **by_old = kr_xcalloc(n + 1, sizeof *by_old);
    for (size_t i = 0; i < n; i++)
        by_old[i] = &v[i];
    if (n)
        qsort(by_old, n, sizeof *by_old, by_old_city);
    snprintf(dir, sizeof dir, "%s/rengo/kogaku", o->out_dir);
    cout *gaito = cout_all_ok(fs) && cout_make_dir(dir, fs->err) ? cout_open(fs, l[4], dir, "gaito.dat") : NULL;
    if (!gaito)
        fs->failed = true;
    for (size_t i = 0; gaito && i < n; i++)
        gaito_records(gaito, by_old[i]);
    free(by_old);
    free(v);
    return cout_all_ok(fs);
}
