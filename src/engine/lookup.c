/* lookup.c: CHANGE=(v,find,set,...) and NOMATCH= as DFSORT looks a field up: the field's
 * bytes are compared with each find constant in turn (a find shorter than the field is
 * padded with blanks, X'..' with zeros); the first equal one gives its set constant or the
 * bytes of its set field, padded with blanks to v bytes; none gives NOMATCH's constant or field, or stops the run (rc 12).
 * And TRAN=LTOU/UTOL, which changes the case of ASCII letters and nothing else. */
#include "lookup.h"

#include <stdlib.h>
#include <string.h>

struct kr_lookup {
    size_t field_off, field_len, out_len;
    unsigned char *finds, *sets; /* n entries of field_len and out_len bytes */
    size_t *set_off, *set_len;   /* a set that is a field: its bytes (set_len 0: the constant) */
    size_t n;
    int nomatch;                 /* 0 none, 1 a constant, 2 a field */
    unsigned char *nomatch_bytes;
    size_t nm_off, nm_len;
    char field_name[64];
};

static bool encode(const kr_const *k, const kr_scope *in, const char *path, size_t width, unsigned char pad,
                   unsigned char *dst, const char *what, kr_err *err)
{
    kr_buf b;
    kr_buf_init(&b);
    if (!kr_const_encode(k, in->layout, path, &b, err)) {
        kr_buf_free(&b);
        return false;
    }
    if (b.len > width) {
        size_t n = b.len;
        kr_buf_free(&b);
        return kr_fail(err, KR_RC_ENV, "KRK0755E", "%s:%d:%d: the %s is %zu bytes, longer than its %zu", path,
                       k->pos.line, k->pos.col, what, n, width);
    }
    memset(dst, pad, width);
    memcpy(dst, b.data, b.len);
    kr_buf_free(&b);
    return true;
}

kr_lookup *kr_lookup_build(const kr_item *it, const kr_bound *field, const kr_scope *in, const char *path,
                           kr_err *err)
{
    kr_lookup *l = kr_xcalloc(1, sizeof *l);
    l->field_off = field->offset;
    l->field_len = field->length;
    l->out_len = it->change_len;
    l->n = it->n_change / 2;
    snprintf(l->field_name, sizeof l->field_name, "%s", field->name ? field->name : "the field");
    l->finds = kr_xmalloc(l->n * l->field_len + 1);
    l->sets = kr_xmalloc(l->n * l->out_len + 1);
    l->set_off = kr_xcalloc(l->n + 1, sizeof *l->set_off);
    l->set_len = kr_xcalloc(l->n + 1, sizeof *l->set_len);
    for (size_t i = 0; i < l->n; i++) {
        const kr_const *f = &it->change[2 * i], *s = &it->change[2 * i + 1];
        const kr_ref *sr = it->change_refs ? &it->change_refs[2 * i + 1] : NULL;
        if (!encode(f, in, path, l->field_len, f->kind == KR_CONST_HEX ? 0 : ' ', l->finds + i * l->field_len,
                    "value to find (CHANGE=) for the field", err))
            goto fail;
        if (sr && (sr->name || sr->length)) { /* the set value is a field of the record */
            kr_bound b;
            if (!kr_bind(in, sr, path, &b, err))
                goto fail;
            if (b.length > l->out_len) {
                kr_fail(err, KR_RC_ENV, "KRK0755E", "%s:%d:%d: the field to set, %s, is %zu bytes, longer than its %zu",
                        path, sr->pos.line, sr->pos.col, b.name, b.length, l->out_len);
                kr_bound_free(&b);
                goto fail;
            }
            l->set_off[i] = b.offset;
            l->set_len[i] = b.length;
            kr_bound_free(&b);
        } else if (!encode(s, in, path, l->out_len, ' ', l->sets + i * l->out_len, "value to set (CHANGE=(v,...))",
                           err))
            goto fail;
    }
    if (it->has_nomatch && it->nomatch_is_field) {
        kr_bound b;
        if (!kr_bind(in, &it->nomatch_ref, path, &b, err))
            goto fail;
        l->nomatch = 2;
        l->nm_off = b.offset;
        l->nm_len = b.length < l->out_len ? b.length : l->out_len;
        kr_bound_free(&b);
    } else if (it->has_nomatch) {
        l->nomatch = 1;
        l->nomatch_bytes = kr_xmalloc(l->out_len);
        if (!encode(&it->nomatch, in, path, l->out_len, ' ', l->nomatch_bytes, "NOMATCH= value (CHANGE=(v,...))",
                    err))
            goto fail;
    }
    return l;
fail:
    kr_lookup_free(l);
    return NULL;
}

size_t kr_lookup_length(const kr_lookup *l)
{
    return l->out_len;
}

bool kr_lookup_apply(const kr_lookup *l, const unsigned char *rec, unsigned char *dst, kr_problem *pb)
{
    const unsigned char *v = rec + l->field_off;
    for (size_t i = 0; i < l->n; i++)
        if (memcmp(v, l->finds + i * l->field_len, l->field_len) == 0) {
            if (l->set_len[i]) {
                memset(dst, ' ', l->out_len);
                memcpy(dst, rec + l->set_off[i], l->set_len[i]);
            } else
                memcpy(dst, l->sets + i * l->out_len, l->out_len);
            return true;
        }
    if (l->nomatch == 1) {
        memcpy(dst, l->nomatch_bytes, l->out_len);
        return true;
    }
    if (l->nomatch == 2) {
        memset(dst, ' ', l->out_len);
        memcpy(dst, rec + l->nm_off, l->nm_len);
        return true;
    }
    if (pb) {
        pb->rc = KR_RC_REJECT;
        pb->id = "KRK0756E";
        pb->offset = l->field_off;
        snprintf(pb->reason, sizeof pb->reason, "%s matches no value of CHANGE= and there is no NOMATCH=",
                 l->field_name);
    }
    return false;
}

void kr_lookup_free(kr_lookup *l)
{
    if (!l)
        return;
    free(l->finds);
    free(l->sets);
    free(l->set_off);
    free(l->set_len);
    free(l->nomatch_bytes);
    free(l);
}

void kr_tran_case(unsigned char *p, size_t len, char tran, bool cp932)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = p[i];
        if (cp932 && ((c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC))) {
            i++; /* a lead byte: its trail byte may look like a letter */
            continue;
        }
        if (tran == 'U' && c >= 'a' && c <= 'z')
            p[i] = (unsigned char)(c - 'a' + 'A');
        else if (tran == 'L' && c >= 'A' && c <= 'Z')
            p[i] = (unsigned char)(c - 'A' + 'a');
    }
}

void kr_tran_altseq(unsigned char *p, size_t len, const unsigned char *table, bool cp932)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = p[i];
        if (cp932 && ((c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC)))
            i++; /* a double-byte character */
        else if (cp932 || c < 0x80)
            p[i] = table[c];
    }
}

bool kr_tran_width(unsigned char *p, size_t len, char tran, bool cp932, kr_problem *pb)
{
    kr_buf b;
    kr_buf_init(&b);
    kr_text_width(cp932 ? KR_ENC_CP932 : KR_ENC_UTF8, tran == 'H', p, len, &b);
    bool ok = b.len <= len;
    if (ok) {
        memcpy(p, b.data, b.len);
        memset(p + b.len, ' ', len - b.len);
    } else if (pb) {
        pb->rc = KR_RC_REJECT;
        pb->id = "KRK2205E";
        pb->offset = 0;
        snprintf(pb->reason, sizeof pb->reason,
                 "TRAN=HANZEN: the field's text in full-width is %zu bytes, more than its %zu; nothing is cut", b.len,
                 len);
    }
    kr_buf_free(&b);
    return ok;
}

/* ---- JFY and SQZ ------------------------------------------------------------------------ */

struct kr_justify {
    size_t field_off, field_len, out_len;
    bool squeeze, right;
    char pair;               /* SQZ PAIR=: the quote between a pair of which blanks stay */
    kr_buf lead, trail, mid;
    unsigned char *work;
    char field_name[64];
};

kr_justify *kr_justify_build(const kr_item *it, const kr_bound *field, const kr_scope *in, const char *path,
                             kr_err *err)
{
    kr_justify *j = kr_xcalloc(1, sizeof *j);
    j->field_off = field->offset;
    j->field_len = field->length;
    j->out_len = it->justify_len ? it->justify_len : field->length;
    j->squeeze = it->justify == 'S';
    j->pair = it->pair;
    j->right = it->shift_right;
    snprintf(j->field_name, sizeof j->field_name, "%s", field->name ? field->name : "the field");
    kr_buf_init(&j->lead);
    kr_buf_init(&j->trail);
    kr_buf_init(&j->mid);
    const kr_const *k[3] = {&it->lead, &it->trail, &it->mid};
    kr_buf *b[3] = {&j->lead, &j->trail, &j->mid};
    for (int i = 0; i < 3; i++)
        if (k[i]->bytes && !kr_const_encode(k[i], in->layout, path, b[i], err)) {
            kr_justify_free(j);
            return NULL;
        }
    /* The longest text it can make: every byte of the field, with MID= for each blank. */
    size_t most = j->lead.len + j->trail.len + j->field_len * (1 + j->mid.len);
    j->work = kr_xmalloc(most + 1);
    return j;
}

size_t kr_justify_length(const kr_justify *j)
{
    return j->out_len;
}

static size_t put(unsigned char *dst, const kr_buf *b)
{
    if (b->len)
        memcpy(dst, b->data, b->len);
    return b->len;
}

bool kr_justify_apply(const kr_justify *j, const unsigned char *rec, unsigned char *dst, kr_problem *pb)
{
    const unsigned char *v = rec + j->field_off;
    size_t a = 0, b = j->field_len;
    while (a < b && v[a] == ' ')
        a++;
    while (b > a && v[b - 1] == ' ')
        b--;
    size_t n = put(j->work, &j->lead);
    bool quoted = false;
    for (size_t i = a; i < b; i++) {
        if (j->pair && v[i] == (unsigned char)j->pair)
            quoted = !quoted;
        if (j->squeeze && v[i] == ' ' && !quoted) {
            if (v[i - 1] != ' ') /* the first blank of a run inside the text */
                n += put(j->work + n, &j->mid);
            continue;
        }
        j->work[n++] = v[i];
    }
    n += put(j->work + n, &j->trail);
    if (n > j->out_len) {
        if (pb) {
            pb->rc = KR_RC_REJECT;
            pb->id = "KRK0758E";
            pb->offset = j->field_off;
            snprintf(pb->reason, sizeof pb->reason,
                     "%s justified is %zu bytes, more than the %zu it is given (LENGTH=); nothing is cut silently",
                     j->field_name, n, j->out_len);
        }
        return false;
    }
    memset(dst, ' ', j->out_len);
    if (n)
        memcpy(dst + (j->right ? j->out_len - n : 0), j->work, n);
    return true;
}

void kr_justify_free(kr_justify *j)
{
    if (!j)
        return;
    kr_buf_free(&j->lead);
    kr_buf_free(&j->trail);
    kr_buf_free(&j->mid);
    free(j->work);
    free(j);
}
