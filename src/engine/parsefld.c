/* parsefld.c: DFSORT's PARSE: fields cut from a record by position and delimiters (CSV and
 * other delimited text in fixed records) into fixed fields, which BUILD/OVERLAY items %nn
 * then copy. A cursor walks the record: ABSPOS/ADDPOS/SUBPOS move it, STARTAFT/STARTAT find
 * where the field starts (a string, TAB, BLANKS: a run of blanks, NONBLANK), ENDBEFR/ENDAT
 * where it ends (the first of several strings, or a run of blanks for BLANKS; within PAIR
 * characters a delimiter does not count), FIXLEN takes n bytes when no end is given. */
#include "parsefld.h"

#include <stdlib.h>
#include <string.h>

typedef struct pfield {
    kr_parsedef def;       /* shallow: strings below */
    unsigned char *start;
    size_t start_len;
    unsigned char **ends;
    size_t *end_lens;
    size_t offset;         /* in the parsed fields */
} pfield;

struct kr_parseplan {
    pfield *f;
    size_t n;
    size_t length;
};

static bool encode(const kr_const *k, const kr_scope *in, const char *path, unsigned char **out, size_t *len,
                   kr_err *err)
{
    kr_buf b;
    kr_buf_init(&b);
    if (!kr_const_encode(k, in->layout, path, &b, err)) {
        kr_buf_free(&b);
        return false;
    }
    *len = b.len;
    kr_buf_addc(&b, 0);
    *out = (unsigned char *)kr_buf_take(&b);
    return true;
}

kr_parseplan *kr_parseplan_build(const kr_reformat *rf, const kr_scope *in, const char *path, kr_err *err)
{
    kr_parseplan *pp = kr_xcalloc(1, sizeof *pp);
    pp->f = kr_xcalloc(rf->n_parse ? rf->n_parse : 1, sizeof *pp->f);
    for (size_t i = 0; i < rf->n_parse; i++) {
        pfield *f = &pp->f[i];
        pp->n = i + 1;
        f->def = rf->parse[i];
        f->offset = pp->length;
        pp->length += f->def.id >= 0 ? f->def.fixlen : 0;
        if (f->def.start && !f->def.start_class && !encode(&f->def.start_str, in, path, &f->start, &f->start_len, err))
            goto fail;
        f->ends = kr_xcalloc(f->def.n_ends ? f->def.n_ends : 1, sizeof *f->ends);
        f->end_lens = kr_xcalloc(f->def.n_ends ? f->def.n_ends : 1, sizeof *f->end_lens);
        for (size_t k = 0; k < f->def.n_ends; k++)
            if (!encode(&f->def.ends[k], in, path, &f->ends[k], &f->end_lens[k], err))
                goto fail;
    }
    return pp;
fail:
    kr_parseplan_free(pp);
    return NULL;
}

size_t kr_parseplan_length(const kr_parseplan *pp)
{
    return pp->length;
}

bool kr_parseplan_field(const kr_parseplan *pp, int id, size_t *offset, size_t *len)
{
    for (size_t i = 0; i < pp->n; i++)
        if (pp->f[i].def.id == id) {
            *offset = pp->f[i].offset;
            *len = pp->f[i].def.fixlen;
            return true;
        }
    return false;
}

bool kr_parseplan_bind(const kr_parseplan *pp, const kr_ref *r, const char *path, kr_bound *out, kr_err *err)
{
    size_t off, len;
    int id = r->parsed - 1;
    if (!pp || !kr_parseplan_field(pp, id, &off, &len))
        return kr_fail(err, KR_RC_ENV, "KRK2256E",
                       "%s:%d:%d: %%%02d is not defined: PARSE=(%%%02d=(...,FIXLEN=n)) in the same statement defines it",
                       path, r->pos.line, r->pos.col, id, id);
    kr_scope parsed;
    kr_scope_init(&parsed, pp->length, NULL);
    kr_ref at = {.pos = r->pos, .start = off + 1, .length = len, .fmt = r->fmt};
    memcpy(at.ydate, r->ydate, sizeof at.ydate);
    bool ok = kr_bind(&parsed, &at, path, out, err);
    kr_scope_free(&parsed);
    if (ok) {
        free(out->name);
        out->name = kr_xasprintf("%%%02d", id);
    }
    return ok;
}

void kr_parseplan_free(kr_parseplan *pp)
{
    if (!pp)
        return;
    for (size_t i = 0; i < pp->n; i++) {
        free(pp->f[i].start);
        for (size_t k = 0; k < pp->f[i].def.n_ends; k++)
            free(pp->f[i].ends[k]);
        free(pp->f[i].ends);
        free(pp->f[i].end_lens);
    }
    free(pp->f);
    free(pp);
}

/* The first place at or after `from` where s occurs, or n. */
static size_t find(const unsigned char *rec, size_t n, size_t from, const unsigned char *s, size_t len)
{
    for (size_t i = from; i + len <= n; i++)
        if (memcmp(rec + i, s, len) == 0)
            return i;
    return n;
}

bool kr_parseplan_apply(const kr_parseplan *pp, const unsigned char *rec, size_t n, unsigned char *out,
                        kr_problem *pb)
{
    size_t c = 0;
    for (size_t i = 0; i < pp->n; i++) {
        const pfield *f = &pp->f[i];
        const kr_parsedef *d = &f->def;
        if (d->has_abspos)
            c = d->abspos - 1;
        long moved = (long)c + d->addpos;
        c = moved < 0 ? 0 : (size_t)moved;
        if (c > n)
            c = n;
        size_t s = c, e = c;
        bool found = true;
        if (d->start && d->start_class == 'N') { /* STARTAT=NONBLANK */
            size_t at = c;
            while (at < n && rec[at] == ' ')
                at++;
            found = at < n;
            c = e = s = at;
        } else if (d->start && d->start_class == 'B') { /* STARTAT=BLANKS, STARTAFT=BLANKS */
            size_t at = c;
            while (at < n && rec[at] != ' ')
                at++;
            found = at < n;
            if (d->start == 'A')
                while (at < n && rec[at] == ' ')
                    at++;
            found = found && at < n;
            c = e = s = at;
        } else if (d->start) {
            size_t at = find(rec, n, c, f->start, f->start_len);
            found = at < n;
            s = found ? at + (d->start == 'A' ? f->start_len : 0) : n;
            c = e = s;
        }
        if (!found) {
            e = s = c = n; /* no start: an empty field, the rest of the record passed */
        } else if (d->n_ends || d->end_blanks) {
            size_t end = n, end_len = 0;
            bool in_pair = false;
            for (size_t j = s; j < n && end == n; j++) {
                if (d->has_pair && rec[j] == d->pair) {
                    in_pair = !in_pair;
                    continue;
                }
                if (in_pair)
                    continue;
                if (d->end_blanks && rec[j] == ' ') { /* a run of blanks is one delimiter */
                    end = j;
                    while (j + end_len < n && rec[j + end_len] == ' ')
                        end_len++;
                    break;
                }
                for (size_t k = 0; k < d->n_ends; k++)
                    if (j + f->end_lens[k] <= n && memcmp(rec + j, f->ends[k], f->end_lens[k]) == 0) {
                        end = j;
                        end_len = f->end_lens[k];
                        break;
                    }
            }
            e = end + (d->end_at ? end_len : 0);
            c = end + end_len;
        } else if (d->fixlen) {
            e = s + d->fixlen <= n ? s + d->fixlen : n;
            c = e;
        }
        if (d->id < 0)
            continue;
        unsigned char *dst = out + f->offset;
        size_t len = e - s, keep = len < d->fixlen ? len : d->fixlen;
        for (size_t j = keep; j < len; j++)
            if (rec[s + j] != ' ') {
                if (pb) {
                    pb->rc = KR_RC_REJECT;
                    pb->id = "KRK2255E";
                    pb->offset = s;
                    snprintf(pb->reason, sizeof pb->reason,
                             "%%%02d is %zu bytes but its FIXLEN is %zu: nothing is cut silently", d->id, len,
                             d->fixlen);
                }
                return false;
            }
        memcpy(dst, rec + s, keep);
        memset(dst + keep, ' ', d->fixlen - keep);
    }
    return true;
}
