/* city_retention.c: `kiroku city --with retention`, the data of the yearly retention purge
 * (docs/CITY.md, docs/streams/purge.md) and its truth, per city under cityNN/retention/: the
 * city's NHI ledger with years of history (households whose members all lost eligibility
 * long ago, some exactly at the five-year line, households where only some did, recent
 * losses), and the truth of the rule `RETAIN GROUP=setai_no,DATE=soshitsu_ymd,YEARS=5` on
 * the day: the records kept, the records removed, the counts as PURGE's audit entry gives
 * them. Its random numbers are its own, so the default files do not change. */
#include "city_nhi.h"
#include "kiroku/codec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RETAIN_YEARS 5

struct city_retention {
    kr_layout *daicho;
    city_files files;
};

/* The run date less `years` years, 29 February becoming 28 February (docs/PROTECTION.md). */
static int years_before(int ymd, int years)
{
    int y = ymd / 10000 - years, md = ymd % 10000;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (md == 229 && !leap)
        md = 228;
    return y * 10000 + md;
}

/* Loses eligibility on day ymd (the acquisition moved before it when it was not). */
static void lose(city_nhirec *r, kr_rng *g, int ymd)
{
    if (ymd <= r->birth)
        ymd = city_add_days(r->birth, 1);
    if (r->shutoku >= ymd) {
        r->shutoku = city_add_days(ymd, -(long)(1 + kr_rng_below(g, 3000)));
        if (r->shutoku < r->birth)
            r->shutoku = r->birth;
        r->kaishi = r->shutoku;
    }
    r->soshitsu = r->shuryo = ymd;
    r->soshitsu_jiyu = (uint8_t)(1 + kr_rng_below(g, 3));
}

static int day_between(kr_rng *g, int lo, int hi)
{
    long span = kr_days_from_ymd(hi) - kr_days_from_ymd(lo);
    return city_add_days(lo, span > 0 ? (long)kr_rng_below(g, (uint64_t)span + 1) : 0);
}

/* One household's history (its members are r[0..n)). */
static void history(city_nhirec **r, size_t n, kr_rng *g, int day, int cutoff)
{
    unsigned kind = (unsigned)kr_rng_below(g, 100);
    int long_ago = years_before(day, 12), last = city_add_days(day, -1);
    if (kind < 30) { /* every member lost before the line: the household goes */
        for (size_t k = 0; k < n; k++)
            lose(r[k], g, day_between(g, long_ago, city_add_days(cutoff, -1)));
    } else if (kind < 36) { /* every member lost, the last exactly on the line: kept */
        for (size_t k = 0; k < n; k++)
            lose(r[k], g, k == 0 ? cutoff : day_between(g, long_ago, cutoff));
    } else if (kind < 42) { /* the last one day before the line: it goes */
        for (size_t k = 0; k < n; k++)
            lose(r[k], g, k == 0 ? city_add_days(cutoff, -1) : day_between(g, long_ago, city_add_days(cutoff, -1)));
    } else if (kind < 57) { /* one member lost long ago, the others still insured: kept */
        lose(r[0], g, day_between(g, long_ago, city_add_days(cutoff, -1)));
    } else if (kind < 72) { /* every member lost, after the line: kept */
        for (size_t k = 0; k < n; k++)
            lose(r[k], g, day_between(g, cutoff, last));
    }
}

typedef struct household {
    uint64_t setai;
    size_t index;
} household;

/* By 世帯番号, then 宛名番号 order (stable, so the draws do not depend on qsort). */
static int by_setai(const void *a, const void *b)
{
    const household *x = a, *y = b;
    if (x->setai != y->setai)
        return x->setai < y->setai ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

typedef struct verdict {
    const city_nhi *g;
    uint8_t *gone; /* per record: its household goes */
} verdict;

static bool kept(const city_nhirec *r, void *arg)
{
    const verdict *v = arg;
    return !v->gone[r - v->g->v];
}

static bool purged(const city_nhirec *r, void *arg)
{
    return !kept(r, arg);
}

static bool write_city(void *ctx, const city_model *m, unsigned c, const char *dir, uint64_t seed, kr_err *err)
{
    city_retention *cr = ctx;
    city_nhi g = {0};
    kr_rng rng;
    kr_rng_seed(&rng, seed * 2000003u + 104729u * (c + 1));
    city_nhi_base(&g, &m->town[c]);
    int cutoff = years_before(m->day, RETAIN_YEARS);
    /* households: the members of one 世帯番号 (the records are in 宛名番号 order) */
    household *hh = kr_xmalloc((g.n + 1) * sizeof *hh);
    for (size_t i = 0; i < g.n; i++)
        hh[i] = (household){g.v[i].setai, i};
    qsort(hh, g.n, sizeof *hh, by_setai);
    uint8_t *gone = kr_xcalloc(g.n + 1, 1);
    city_nhirec **members = kr_xmalloc((g.n + 1) * sizeof *members);
    uint64_t groups_gone = 0, groups_kept = 0, records_gone = 0;
    for (size_t i = 0; i < g.n;) {
        size_t n = 0;
        for (size_t k = i; k < g.n && hh[k].setai == hh[i].setai; k++)
            members[n++] = &g.v[hh[k].index];
        i += n;
        history(members, n, &rng, m->day, cutoff);
        bool goes = true;
        for (size_t k = 0; k < n; k++)
            goes &= members[k]->soshitsu >= 0 && members[k]->soshitsu < cutoff;
        for (size_t k = 0; k < n && goes; k++)
            gone[members[k] - g.v] = 1;
        goes ? groups_gone++ : groups_kept++;
        records_gone += goes ? n : 0;
    }
    verdict v = {&g, gone};
    unsigned hokensha = city_places[c].hokensha_no;
    bool ok = city_nhi_write(&cr->files, cr->daicho, dir, "daicho.dat", &g, hokensha, NULL, NULL, err) &&
              city_nhi_write(&cr->files, cr->daicho, dir, "expected_kept.dat", &g, hokensha, kept, &v, err) &&
              city_nhi_write(&cr->files, cr->daicho, dir, "expected_purged.dat", &g, hokensha, purged, &v, err);
    kr_writer *w = ok ? city_files_open(&cr->files, dir, "expected_counts.txt", NULL, err) : NULL;
    if (w) {
        char line[256];
        int len = snprintf(line, sizeof line, "cutoff=%08d in=%zu removed=%llu kept=%llu groups-removed=%llu "
                           "groups-kept=%llu\n", cutoff, g.n, (unsigned long long)records_gone,
                           (unsigned long long)(g.n - records_gone), (unsigned long long)groups_gone,
                           (unsigned long long)groups_kept);
        ok = kr_writer_write(w, line, (size_t)len, err);
    } else
        ok = false;
    free(hh);
    free(gone);
    free(members);
    free(g.v);
    return ok;
}

city_retention *city_retention_write(const city_model *m, const kr_city_opts *o, kr_err *err)
{
    static const char *const names[1] = {"kokuho_daicho"};
    city_retention *cr = kr_xcalloc(1, sizeof *cr);
    if (!city_part_layouts("retention", names, &cr->daicho, 1, err) ||
        !city_part_cities(m, o, "retention", write_city, cr, err)) {
        city_retention_finish(cr, false, NULL, err);
        return NULL;
    }
    return cr;
}

bool city_retention_finish(city_retention *cr, bool commit, kr_city_stats *st, kr_err *err)
{
    if (!cr)
        return true;
    bool ok = city_files_finish(&cr->files, commit, st, err);
    kr_layout_free(cr->daicho);
    free(cr);
    return ok;
}
