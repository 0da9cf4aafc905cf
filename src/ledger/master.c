/* master.c: master files as the LEDGER program reads and writes them: data records in
 * ascending unique key order inside one header group, and the frame around them (header
 * and end copied, trailer totals recomputed). Shared by the sequential update, load and
 * unload, so that the ledger and the sequential files agree byte for byte. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static int type_of_role(const kr_layout *l, kr_role role)
{
    for (size_t i = 0; i < l->n_types; i++)
        if (l->types[i].role == role)
            return (int)i;
    return -1;
}

void kr_frame_init(kr_frame *f, const kr_layout *l)
{
    memset(f, 0, sizeof *f);
    f->layout = l;
    f->header_type = type_of_role(l, KR_ROLE_HEADER);
    f->trailer_type = type_of_role(l, KR_ROLE_TRAILER);
    f->end_type = type_of_role(l, KR_ROLE_END);
    f->totals = kr_totals_new(l);
}

void kr_frame_free(kr_frame *f)
{
    free(f->header);
    free(f->trailer);
    free(f->end);
    kr_totals_free(f->totals);
    memset(f, 0, sizeof *f);
}

void kr_frame_take(kr_frame *f, int type, const unsigned char *rec)
{
    kr_role role = f->layout->types[type].role;
    unsigned char **slot = role == KR_ROLE_HEADER ? &f->header : role == KR_ROLE_TRAILER ? &f->trailer : &f->end;
    if (!*slot)
        *slot = kr_xmalloc(f->layout->length);
    memcpy(*slot, rec, f->layout->length);
}

/* Writes a control record: the old master's, or an initialized one. */
static bool put_control(kr_frame *f, kr_writer *w, int type, const unsigned char *old, bool totals,
                        kr_err *err)
{
    if (type < 0)
        return true;
    size_t len = f->layout->length;
    unsigned char *rec = kr_xmalloc(len);
    if (old)
        memcpy(rec, old, len);
    else
        kr_record_initialize(f->layout, type, rec);
    bool ok = (!totals || kr_totals_fill(f->totals, type, rec, err)) && kr_writer_put(w, rec, err);
    free(rec);
    return ok;
}

bool kr_frame_write_head(kr_frame *f, kr_writer *w, kr_err *err)
{
    kr_totals_reset(f->totals);
    f->written = 0;
    return put_control(f, w, f->header_type, f->header, false, err);
}

bool kr_frame_write_data(kr_frame *f, kr_writer *w, const unsigned char *rec, kr_err *err)
{
    f->written++;
    kr_totals_add(f->totals, kr_layout_classify(f->layout, rec), rec, f->written);
    return kr_writer_put(w, rec, err);
}

bool kr_frame_write_tail(kr_frame *f, kr_writer *w, kr_err *err)
{
    return put_control(f, w, f->trailer_type, f->trailer, true, err) &&
           put_control(f, w, f->end_type, f->end, false, err);
}

bool kr_mreader_open(kr_mreader *m, const char *path, const kr_keydef *key, int mtype, kr_frame *frame,
                     kr_err *err)
{
    memset(m, 0, sizeof *m);
    m->path = path;
    m->layout = key->layout;
    m->key = key;
    m->mtype = mtype;
    m->frame = frame;
    kr_order_init(&m->order, m->layout);
    kr_totals_read_init(&m->totals, m->layout, path);
    m->r = kr_reader_open_layout(path, m->layout, err);
    return m->r != NULL;
}

void kr_mreader_close(kr_mreader *m)
{
    kr_reader_close(m->r);
    m->r = NULL;
    kr_totals_read_free(&m->totals);
}

int kr_mreader_next(kr_mreader *m, const unsigned char **rec, unsigned char *key, size_t *keylen,
                    kr_err *err)
{
    const kr_layout *l = m->layout;
    char reason[300];
    for (;;) {
        int got = kr_reader_next(m->r, rec, err);
        if (got < 0) {
            err->rc = KR_RC_FAIL;
            return -1;
        }
        if (got == 0) {
            /* An empty file is an empty master (the first generation). */
            if (m->order.records > 0 && !kr_order_finish(&m->order, reason, sizeof reason))
                return kr_fail(err, KR_RC_FAIL, "KRK0820E", "%s: not a master file of layout %s: %s", m->path,
                               l->name, reason), -1;
            return 0;
        }
        uint64_t recno = kr_reader_recno(m->r);
        int type = kr_layout_classify(l, *rec);
        if (type < 0)
            return kr_fail(err, KR_RC_FAIL, "KRK0820E",
                           "%s record %llu: the discriminator matches no record type of layout %s", m->path,
                           (unsigned long long)recno, l->name), -1;
        if (!kr_order_next(&m->order, type, recno, reason, sizeof reason))
            return kr_fail(err, KR_RC_FAIL, "KRK0820E", "%s record %llu: %s", m->path, (unsigned long long)recno,
                           reason), -1;
        kr_role role = l->types[type].role;
        /* Control totals are checked on every read, before the trailer is recomputed. */
        if (!kr_totals_read_next(&m->totals, type, *rec, recno, err))
            return -1;
        if (role == KR_ROLE_HEADER && m->frame->header)
            return kr_fail(err, KR_RC_FAIL, "KRK0820E",
                           "%s record %llu: a second header; a master file is one header group", m->path,
                           (unsigned long long)recno), -1;
        if (role != KR_ROLE_DATA) {
            kr_frame_take(m->frame, type, *rec);
            continue;
        }
        if (type != m->mtype)
            return kr_fail(err, KR_RC_FAIL, "KRK0820E",
                           "%s record %llu: a '%s' record; a master holds '%s' records only", m->path,
                           (unsigned long long)recno, l->types[type].name, l->types[m->mtype].name), -1;
        kr_problem pb;
        *keylen = kr_keydef_encode(m->key, *rec, key, &pb);
        if (*keylen == 0)
            return kr_fail(err, KR_RC_FAIL, "KRK0821E", "%s record %llu byte %zu: the key is not valid: %s",
                           m->path, (unsigned long long)recno, pb.offset + 1, pb.reason), -1;
        if (m->last_recno && kr_key_compare(key, *keylen, m->last, m->last_len) <= 0)
            return kr_fail(err, KR_RC_ENV, "KRK0822E",
                           "%s record %llu: out of sequence: its key is %s record %llu's; a master is sorted "
                           "by its key, each key once",
                           m->path, (unsigned long long)recno,
                           kr_key_compare(key, *keylen, m->last, m->last_len) ? "lower than" : "the same as",
                           (unsigned long long)m->last_recno), -1;
        memcpy(m->last, key, *keylen);
        m->last_len = *keylen;
        m->last_recno = recno;
        return 1;
    }
}
