/* city_out.c: writing the files of `kiroku city --with bank,kogaku` field by field by name through
 * their shipped layouts (city_out.h): the writers of city_bank.c and city_kogaku.c, each
 * file committed only when all of them were written. */
#include "city_out.h"
#include "kiroku/check.h"
#include "kiroku/codec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const kr_field *cout_field(cout *o, const char *type, const char *name)
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

void cout_num(cout *o, const kr_field *f, uint64_t v)
{
    if (f)
        kr_num_put(o->l, f, o->rec, (kr_i128)v);
}

void cout_text(cout *o, const kr_field *f, const char *s)
{
    if (f)
        gen_put_text(o->l, f, o->rec, s, strlen(s));
}

/* A date; 0 writes the field's none value, -1 its open value. */
void cout_date(cout *o, const kr_field *f, int ymd)
{
    if (!f)
        return;
    const kr_bytes *v = ymd == 0 ? f->none_values : ymd < 0 ? f->open_values : NULL;
    if (ymd <= 0 && v)
        memcpy(o->rec + f->offset, v->data, f->length);
    else
        gen_put_ymd(o->l, f, o->rec, ymd);
}

void cout_kojin(cout *o, const kr_field *f, uint64_t base, bool blank)
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

void cout_clear(cout *o)
{
    memset(o->rec, ' ', o->l->length);
}

void cout_emit(cout *o)
{
    if (o->totals && o->ok) {
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

void cout_kana_name(char *buf, size_t n, uint16_t surname, uint16_t given)
{
    snprintf(buf, n, "%s %s", gen_surnames[surname].kana, gen_givens[given].kana);
}

bool cout_make_dir(const char *path, kr_err *err)
{
    if (mkdir(path, 0777) == 0 || errno == EEXIST)
        return true;
    return kr_fail(err, KR_RC_FAIL, "KRK1603E", "%s: the directory cannot be made: %s", path, strerror(errno));
}

cout *cout_open(cout_files *fs, const kr_layout *l, const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    cout *o = kr_xcalloc(1, sizeof *o);
    o->l = l;
    o->err = fs->err;
    o->ok = true;
    o->w = kr_writer_open_layout(path, l, fs->err);
    if (!o->w) {
        free(o);
        return NULL;
    }
    o->rec = kr_xmalloc(l->length);
    for (size_t t = 0; t < l->n_types; t++)
        if (l->types[t].role == KR_ROLE_TRAILER)
            o->totals = kr_totals_new(l);
    fs->v = kr_xrealloc(fs->v, (fs->n + 1) * sizeof *fs->v);
    fs->v[fs->n++] = o;
    return o;
}

bool cout_all_ok(const cout_files *fs)
{
    if (fs->failed)
        return false;
    for (size_t i = 0; i < fs->n; i++)
        if (!fs->v[i]->ok)
            return false;
    return true;
}

kr_layout *cout_load_layout(cout_files *fs, const char *name)
{
    if (fs->n_layouts == COUT_MAX_LAYOUTS) {
        kr_fail(fs->err, KR_RC_ENV, "KRK1604E", "layout %s cannot be loaded (kiroku city holds %d)", name,
                COUT_MAX_LAYOUTS);
        return NULL;
    }
    kr_diags d;
    kr_diags_init(&d);
    kr_layout *l = kr_layout_load(name, &d);
    if (!l)
        kr_fail(fs->err, KR_RC_ENV, "KRK1604E", "layout %s cannot be loaded (%s); kiroku city writes "
                "through the shipped layouts: set KIROKU_LAYOUTS or run where layouts/ is",
                name, d.n ? d.items[0] : "not found");
    else
        fs->layouts[fs->n_layouts++] = l;
    kr_diags_free(&d);
    return l;
}

bool cout_finish(cout_files *fs, bool commit, kr_city_stats *st)
{
    bool ok = commit;
    for (size_t i = 0; i < fs->n; i++) {
        cout *o = fs->v[i];
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
    for (size_t i = 0; i < fs->n_layouts; i++)
        kr_layout_free(fs->layouts[i]);
    return ok;
}
