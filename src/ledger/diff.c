/* diff.c: LEDGER DIFF, two masters of one layout compared by key, field by field: one report
 * line per field whose bytes differ in a record of the same key, one per record only in the
 * old (delete) or only in the new master (add). Values as `kiroku view` shows them, sensitive
 * fields (個人番号) masked. Both files are read as masters (sorted, unique keys); one pass. */
#include "internal.h"

#include <string.h>

/* The record's key as text: "name=value" for each key field, joined by ','. */
static void key_text(const kr_keydef *k, const unsigned char *rec, kr_buf *out, kr_buf *tmp)
{
    out->len = 0;
    for (size_t i = 0; i < k->n; i++) {
        tmp->len = 0;
        kr_field_display(k->layout, k->fields[i], rec, false, tmp);
        kr_buf_addf(out, "%s%s=%.*s", i ? "," : "", k->fields[i]->name, (int)tmp->len, tmp->data);
    }
}

typedef struct diff_run {
    const kr_layout *l;
    const kr_keydef *key;
    int type;
    kr_writer *w;
    kr_buf line, key_buf, a, b, tmp;
    kr_diff_stats *st;
    kr_err *err;
} diff_run;

static bool put_line(diff_run *d)
{
    return kr_writer_write(d->w, d->line.data, d->line.len, d->err);
}

static bool only_one(diff_run *d, const unsigned char *rec, const char *what)
{
    key_text(d->key, rec, &d->key_buf, &d->tmp);
    d->line.len = 0;
    kr_buf_addf(&d->line, "%.*s\t%s\n", (int)d->key_buf.len, d->key_buf.data, what);
    return put_line(d);
}

static bool compare(diff_run *d, const unsigned char *old, const unsigned char *new)
{
    const kr_rectype *t = &d->l->types[d->type];
    bool differs = false;
    for (size_t i = 0; i < t->n_fields; i++) {
        const kr_field *f = &t->fields[i];
        if (f->is_filler || memcmp(old + f->offset, new + f->offset, f->length) == 0)
            continue;
        if (!differs)
            key_text(d->key, old, &d->key_buf, &d->tmp);
        differs = true;
        d->st->fields++;
        d->a.len = d->b.len = 0;
        kr_field_display(d->l, f, old, false, &d->a);
        kr_field_display(d->l, f, new, false, &d->b);
        d->line.len = 0;
        kr_buf_addf(&d->line, "%.*s\tchange\t%s\t%.*s\t%.*s\n", (int)d->key_buf.len, d->key_buf.data, f->name,
                    (int)d->a.len, d->a.data, (int)d->b.len, d->b.data);
        if (!put_line(d))
            return false;
    }
    if (differs)
        d->st->changed++;
    else
        d->st->same++;
    return true;
}

int kr_ledger_diff(const kr_layout *l, const char *old_path, const char *new_path, const char *report_path,
                   kr_diff_stats *st, kr_err *err)
{
    memset(st, 0, sizeof *st);
    int type = kr_layout_data_type(l);
    kr_keydef key;
    if (type < 0)
        return kr_fail(err, KR_RC_ENV, "KRK1952E", "layout %s has no data record type: nothing to compare", l->name),
               KR_RC_ENV;
    if (!kr_keydef_primary(&key, l, type, err))
        return err->rc ? err->rc : KR_RC_ENV;
    kr_frame fo, fn;
    kr_frame_init(&fo, l);
    kr_frame_init(&fn, l);
    kr_mreader mo, mn;
    bool open_o = kr_mreader_open(&mo, old_path, &key, type, &fo, err);
    bool open_n = open_o && kr_mreader_open(&mn, new_path, &key, type, &fn, err);
    diff_run d = {l, &key, type, NULL, {0}, {0}, {0}, {0}, {0}, st, err};
    kr_buf_init(&d.line);
    kr_buf_init(&d.key_buf);
    kr_buf_init(&d.a);
    kr_buf_init(&d.b);
    kr_buf_init(&d.tmp);
    d.w = open_n ? kr_writer_open(report_path, 0, KR_TERM_LF, err) : NULL;
    int rc = KR_RC_OK;
    if (d.w) {
        const unsigned char *ro = NULL, *rn = NULL;
        unsigned char ko[KR_KEY_MAX], kn[KR_KEY_MAX];
        size_t lo = 0, ln = 0;
        int ho = kr_mreader_next(&mo, &ro, ko, &lo, err);
        int hn = ho < 0 ? 0 : kr_mreader_next(&mn, &rn, kn, &ln, err);
        bool ok = ho >= 0 && hn >= 0;
        while (ok && (ho == 1 || hn == 1)) {
            int c = ho != 1 ? 1 : hn != 1 ? -1 : kr_key_compare(ko, lo, kn, ln);
            if (c < 0) {
                st->removed++;
                ok = only_one(&d, ro, "delete");
            } else if (c > 0) {
                st->added++;
                ok = only_one(&d, rn, "add");
            } else
                ok = compare(&d, ro, rn);
            if (ok && c <= 0) {
                st->old_records++;
                ho = kr_mreader_next(&mo, &ro, ko, &lo, err);
                ok = ho >= 0;
            }
            if (ok && c >= 0) {
                st->new_records++;
                hn = kr_mreader_next(&mn, &rn, kn, &ln, err);
                ok = hn >= 0;
            }
        }
        if (ok)
            ok = kr_writer_commit(d.w, err);
        else
            kr_writer_abort(d.w);
        rc = ok ? KR_RC_OK : err->rc ? err->rc : KR_RC_FAIL;
    } else
        rc = err->rc ? err->rc : KR_RC_FAIL;
    if (open_n)
        kr_mreader_close(&mn);
    if (open_o)
        kr_mreader_close(&mo);
    kr_frame_free(&fo);
    kr_frame_free(&fn);
    kr_keydef_free(&key);
    kr_buf_free(&d.line);
    kr_buf_free(&d.key_buf);
    kr_buf_free(&d.a);
    kr_buf_free(&d.b);
    kr_buf_free(&d.tmp);
    return rc;
}
