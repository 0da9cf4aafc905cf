/* findrep.c: FINDREP as DFSORT does it: from STARTPOS to ENDPOS, at each position the first
 * IN constant found there is replaced by its OUT constant and the search goes on after it,
 * at most DO= times. SHIFT=YES (the default) moves what follows; SHIFT=NO writes the OUT in
 * place (a shorter one padded with blanks). The record keeps MAXLEN= bytes (default the
 * input's), padded with blanks; a longer result is an error (OVERRUN=ERROR, KRK2202E) or cut
 * (OVERRUN=TRUNC). Japanese text is searched by character: a constant is never found
 * starting at the second byte of a CP932 character or inside a UTF-8 sequence, and a cut
 * never leaves half a character. */
#include "findrep.h"

#include "kiroku/text.h"

#include <stdlib.h>
#include <string.h>

typedef struct bytes {
    unsigned char *p;
    size_t n;
} bytes;

struct kr_findrep_prog {
    bytes *in, *out; /* out[i] for in[i] */
    size_t n;
    size_t start, end; /* 0-based start; end 0 = the record's end (exclusive otherwise) */
    uint64_t do_max;
    size_t length;
    bool trunc, shift_no, cp932;
};

static bool encode(const kr_const *c, const kr_scope *in, const char *path, bytes *b, kr_err *err)
{
    kr_buf buf;
    kr_buf_init(&buf);
    if (!kr_const_encode(c, in->layout, path, &buf, err)) {
        kr_buf_free(&buf);
        return false;
    }
    b->n = buf.len;
    b->p = (unsigned char *)kr_buf_take(&buf);
    return true;
}

kr_findrep_prog *kr_findrep_build(const kr_findrep *f, const kr_scope *in, const char *path, kr_err *err)
{
    kr_findrep_prog *r = kr_xcalloc(1, sizeof *r);
    r->in = kr_xcalloc(f->n_in, sizeof *r->in);
    r->out = kr_xcalloc(f->n_in, sizeof *r->out);
    r->n = f->n_in;
    for (size_t i = 0; i < f->n_in; i++)
        if (!encode(&f->in[i], in, path, &r->in[i], err) ||
            !encode(&f->out[f->n_out == 1 ? 0 : i], in, path, &r->out[i], err))
            goto fail;
    r->start = f->startpos ? f->startpos - 1 : 0;
    r->end = f->endpos;
    r->do_max = f->do_max;
    r->length = f->maxlen ? f->maxlen : in->reclen;
    r->trunc = f->overrun_trunc;
    r->shift_no = f->shift_no;
    r->cp932 = !in->layout || in->layout->encoding == KR_ENC_CP932;
    if (r->start >= in->reclen) {
        kr_fail(err, KR_RC_ENV, "KRK2203E", "%s:%d:%d: FINDREP's STARTPOS=%zu is past the %zu-byte record", path,
                f->pos.line, f->pos.col, r->start + 1, in->reclen);
        goto fail;
    }
    return r;
fail:
    kr_findrep_free(r);
    return NULL;
}

size_t kr_findrep_length(const kr_findrep_prog *f)
{
    return f->length;
}

/* The bytes of the character at p (at most left). */
static size_t char_len(const kr_findrep_prog *f, const unsigned char *p, size_t left)
{
    size_t n = 1;
    if (f->cp932)
        n = kr_cp932_is_lead(p[0]) ? 2 : 1;
    else if (p[0] >= 0xF0)
        n = 4;
    else if (p[0] >= 0xE0)
        n = 3;
    else if (p[0] >= 0xC0)
        n = 2;
    return n <= left ? n : left;
}

static void overrun(kr_problem *pb, size_t len, size_t max)
{
    if (!pb)
        return;
    pb->rc = KR_RC_REJECT;
    pb->id = "KRK2202E";
    pb->offset = 0;
    snprintf(pb->reason, sizeof pb->reason,
             "FINDREP: the record would be %zu bytes, more than its %zu (OVERRUN=TRUNC cuts it)", len, max);
}

bool kr_findrep_apply(const kr_findrep_prog *f, const unsigned char *rec, size_t in_len, unsigned char *out,
                      kr_problem *pb)
{
    return kr_findrep_apply_in(f, rec, in_len, out, f->length, NULL, pb);
}

bool kr_findrep_apply_in(const kr_findrep_prog *f, const unsigned char *rec, size_t in_len, unsigned char *out,
                         size_t room, size_t *used, kr_problem *pb)
{
    size_t end = f->end && f->end < in_len ? f->end : in_len;
    kr_buf b;
    kr_buf_init(&b);
    size_t i = 0;
    if (f->shift_no)
        kr_buf_add(&b, rec, in_len);
    uint64_t done = 0;
    /* Characters before STARTPOS are copied whole (a start inside one begins after it). */
    while (i < f->start && i < in_len) {
        size_t n = char_len(f, rec + i, in_len - i);
        if (!f->shift_no)
            kr_buf_add(&b, rec + i, n);
        i += n;
    }
    while (i < end) {
        size_t k = f->n;
        if (!f->do_max || done < f->do_max)
            for (k = 0; k < f->n; k++)
                if (f->in[k].n <= end - i && memcmp(rec + i, f->in[k].p, f->in[k].n) == 0)
                    break;
        if (k < f->n) {
            if (f->shift_no) {
                size_t at = i, need = at + (f->out[k].n > f->in[k].n ? f->out[k].n : f->in[k].n);
                while (b.len < need)
                    kr_buf_add(&b, " ", 1);
                memset(b.data + at, ' ', f->in[k].n);
                memcpy(b.data + at, f->out[k].p, f->out[k].n);
            } else
                kr_buf_add(&b, f->out[k].p, f->out[k].n);
            i += f->in[k].n;
            done++;
            continue;
        }
        size_t n = char_len(f, rec + i, in_len - i);
        if (!f->shift_no)
            kr_buf_add(&b, rec + i, n);
        i += n;
    }
    if (!f->shift_no && i < in_len)
        kr_buf_add(&b, rec + i, in_len - i);
    size_t len = b.len;
    bool ok = true;
    if (len > room) {
        if (!f->trunc) {
            overrun(pb, len, room);
            ok = false;
        } else { /* cut at a character's start */
            size_t at = 0;
            while (at < room) {
                size_t n = char_len(f, (unsigned char *)b.data + at, len - at);
                if (at + n > room)
                    break;
                at += n;
            }
            len = at;
        }
    }
    if (used)
        *used = len < room ? len : room;
    if (ok) {
        memcpy(out, b.data, len < room ? len : room);
        if (len < room)
            memset(out + len, ' ', room - len);
    }
    kr_buf_free(&b);
    return ok;
}

void kr_findrep_free(kr_findrep_prog *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        free(f->in[i].p);
        free(f->out[i].p);
    }
    free(f->in);
    free(f->out);
    free(f);
}
