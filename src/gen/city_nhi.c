/* city_nhi.c: the NHI ledger records the optional parts of `kiroku city` write (city_nhi.h):
 * from the model, through the shipped layouts by field name, in files committed together. */
#include "city_nhi.h"
#include "kiroku/codec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

city_nhirec *city_nhi_push(city_nhi *g)
{
    if (g->n == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 256;
        g->v = kr_xrealloc(g->v, g->cap * sizeof *g->v);
    }
    city_nhirec *r = &g->v[g->n++];
    memset(r, 0, sizeof *r);
    return r;
}

void city_nhi_base(city_nhi *g, const city_town *t)
{
    for (size_t i = 0; i < t->n; i++) {
        const city_person *p = &t->v[i];
        if (!p->nhi0)
            continue;
        city_nhirec *r = city_nhi_push(g);
        const city_day *d = &p->day[0];
        *r = (city_nhirec){p->atena, d->setai, d->head_atena, p->hid, p->ledger_blank ? 0 : p->kojin, d->surname,
                           p->given, p->birth, p->shutoku, p->kaishi, -1, -1, p->sex,
                           (uint8_t)(d->head_atena != p->atena && p->gisei), p->shutoku_jiyu, 0, 0};
    }
}

const kr_field *city_field(const kr_layout *l, const char *type, const char *name)
{
    int t;
    return kr_layout_field(l, type, name, &t);
}

void city_put_num(const kr_layout *l, const char *type, unsigned char *rec, const char *name, uint64_t v)
{
    const kr_field *f = city_field(l, type, name);
    if (f)
        kr_num_put(l, f, rec, (kr_i128)v);
}

void city_put_text(const kr_layout *l, const char *type, unsigned char *rec, const char *name, const char *s)
{
    const kr_field *f = city_field(l, type, name);
    if (f)
        gen_put_text(l, f, rec, s, strlen(s));
}

void city_put_date(const kr_layout *l, const char *type, unsigned char *rec, const char *name, int ymd)
{
    const kr_field *f = city_field(l, type, name);
    if (!f)
        return;
    if (ymd < 0 && f->open_values)
        memcpy(rec + f->offset, f->open_values->data, f->length);
    else
        gen_put_ymd(l, f, rec, ymd);
}

void city_put_mynumber(const kr_layout *l, const char *type, unsigned char *rec, uint64_t base)
{
    const kr_field *f = city_field(l, type, "kojin_no");
    if (!f)
        return;
    if (base)
        city_put_kojin(rec + f->offset, base);
    else
        memset(rec + f->offset, ' ', 12);
}

void city_put_names(const kr_layout *l, const char *type, unsigned char *rec, const city_nhirec *r)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s %s", gen_surnames[r->surname].kana, gen_givens[r->given].kana);
    city_put_text(l, type, rec, "shimei_kana", buf);
    snprintf(buf, sizeof buf, "%s %s", gen_surnames[r->surname].kanji, gen_givens[r->given].kanji);
    city_put_text(l, type, rec, "shimei", buf);
}

void city_nhi_put(const kr_layout *l, const char *type, unsigned char *rec, unsigned hokensha, const city_nhirec *r)
{
    memset(rec, ' ', l->length);
    if (type)
        city_put_text(l, type, rec, "shori_kubun", strcmp(type, "add") == 0 ? "1" : "2");
    city_put_num(l, type, rec, "hokensha_no", hokensha);
    city_put_num(l, type, rec, "atena_no", r->atena);
    city_put_num(l, type, rec, "setai_no", r->setai);
    city_put_num(l, type, rec, "setainushi_atena_no", r->head);
    city_put_num(l, type, rec, "hihokensha_id", r->hid);
    city_put_names(l, type, rec, r);
    city_put_date(l, type, rec, "seinengappi", r->birth);
    city_put_num(l, type, rec, "seibetsu", r->sex);
    city_put_num(l, type, rec, "setainushi_kubun", r->head == r->atena ? 1 : 2);
    city_put_num(l, type, rec, "gisei_setainushi", r->gisei);
    city_put_date(l, type, rec, "shutoku_ymd", r->shutoku);
    city_put_num(l, type, rec, "shutoku_jiyu", r->shutoku_jiyu);
    city_put_date(l, type, rec, "soshitsu_ymd", r->soshitsu);
    city_put_num(l, type, rec, "soshitsu_jiyu", r->soshitsu_jiyu);
    city_put_date(l, type, rec, "tekiyo_kaishi_ymd", r->kaishi);
    city_put_date(l, type, rec, "tekiyo_shuryo_ymd", r->shuryo);
    city_put_mynumber(l, type, rec, r->kojin);
}

kr_writer *city_files_open(city_files *fs, const char *dir, const char *name, const kr_layout *l, kr_err *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    kr_writer *w = l ? kr_writer_open_layout(path, l, err) : kr_writer_open(path, 0, KR_TERM_LF, err);
    if (w) {
        fs->w = kr_xrealloc(fs->w, (fs->n + 1) * sizeof *fs->w);
        fs->w[fs->n++] = w;
    }
    return w;
}

bool city_files_finish(city_files *fs, bool commit, kr_city_stats *st, kr_err *err)
{
    bool ok = commit;
    for (size_t i = 0; i < fs->n; i++) {
        if (ok) {
            ok = kr_writer_commit(fs->w[i], err);
            if (ok && st)
                st->files++;
        } else
            kr_writer_abort(fs->w[i]);
    }
    free(fs->w);
    fs->w = NULL;
    fs->n = 0;
    return ok;
}

bool city_nhi_write(city_files *fs, const kr_layout *daicho, const char *dir, const char *name, const city_nhi *g,
                    unsigned hokensha, bool (*keep)(const city_nhirec *r, void *arg), void *arg, kr_err *err)
{
    kr_writer *w = city_files_open(fs, dir, name, daicho, err);
    unsigned char *rec = kr_xmalloc(daicho->length);
    bool ok = w != NULL;
    for (size_t i = 0; ok && i < g->n; i++) {
        if (keep && !keep(&g->v[i], arg))
            continue;
        city_nhi_put(daicho, NULL, rec, hokensha, &g->v[i]);
        ok = kr_writer_put(w, rec, err);
    }
    free(rec);
    return ok;
}

bool city_part_dir(const char *dir, kr_err *err)
{
    if (mkdir(dir, 0777) == 0 || errno == EEXIST)
        return true;
    return kr_fail(err, KR_RC_FAIL, "KRK1951E", "%s: the directory cannot be made: %s", dir, strerror(errno));
}

bool city_part_cities(const city_model *m, const kr_city_opts *o, const char *part,
                      bool (*write)(void *ctx, const city_model *m, unsigned c, const char *dir, uint64_t seed,
                                    kr_err *err),
                      void *ctx, kr_err *err)
{
    char dir[4096];
    bool ok = true;
    for (unsigned c = 0; ok && c < m->n_cities; c++) {
        snprintf(dir, sizeof dir, "%s/city%02u/%s", o->out_dir, c + 1, part);
        ok = city_part_dir(dir, err) && write(ctx, m, c, dir, o->seed, err);
    }
    return ok;
}

bool city_part_layouts(const char *part, const char *const *names, kr_layout **out, size_t n, kr_err *err)
{
    for (size_t i = 0; i < n; i++) {
        kr_diags d;
        kr_diags_init(&d);
        out[i] = kr_layout_load(names[i], &d);
        bool ok = out[i] != NULL;
        if (!ok)
            kr_fail(err, KR_RC_ENV, "KRK1950E", "layout %s cannot be loaded (%s); kiroku city --with %s writes "
                    "through the shipped layouts: set KIROKU_LAYOUTS or run where layouts/ is",
                    names[i], d.n ? d.items[0] : "not found", part);
        kr_diags_free(&d);
        if (!ok)
            return false;
    }
    return true;
}
