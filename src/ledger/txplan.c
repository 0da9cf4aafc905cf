/* txplan.c: how a transaction layout acts on a master layout, and the application of one
 * transaction to the current image of its key. The sequential update and the Berkeley DB
 * ledger both apply transactions here, which is what makes their outputs equal.
 *
 * The convention (docs/LEDGER.md): a data record type of the transaction layout named `add`,
 * `change` or `delete` (or `add_...`, `change_...`, `delete_...`) carries that action; its
 * fields are matched to the master's data fields by name: those of the master key give the
 * key, the others the after-image, and a field `before_NAME` the value NAME must hold for a
 * change or delete to apply. Fields of no master name, fillers and discriminators are not
 * copied. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct copy {
    const kr_field *tf; /* in the transaction record */
    const kr_field *mf; /* in the master record */
} copy;

typedef struct txtype {
    kr_txaction action;
    kr_keydef key;   /* the master key, read from this record type */
    copy *set;       /* after-image fields, key fields excluded */
    size_t n_set;
    copy *before;    /* before-image fields */
    size_t n_before;
} txtype;

struct kr_txplan {
    const kr_layout *master, *tx;
    int mtype;
    kr_keydef mkey;
    txtype *types;
    unsigned char *blank;   /* an initialized master data record */
    unsigned char *scratch; /* the image being built */
};

static const char *const reason_texts[KR_REASON_COUNT] = {
    "applied",
    "add of an existing key",
    "change of a missing key",
    "delete of a missing key",
    "before-image does not match",
    "invalid key or field value",
    "unknown record type",
};

const char *kr_reason_text(kr_reason r)
{
    return r < KR_REASON_COUNT ? reason_texts[r] : "?";
}

static kr_txaction action_of(const char *name)
{
    static const struct {
        const char *word;
        kr_txaction action;
    } words[] = {{"add", KR_TX_ADD}, {"change", KR_TX_CHANGE}, {"delete", KR_TX_DELETE}};
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(words[i].word);
        if (strncmp(name, words[i].word, n) == 0 && (name[n] == '\0' || name[n] == '_'))
            return words[i].action;
    }
    return KR_TX_CONTROL;
}

static bool add_copy(copy **v, size_t *n, const kr_field *tf, const kr_field *mf, const kr_layout *tx,
                     const kr_rectype *rt, kr_err *err)
{
    char why[200];
    if (!kr_field_same_repr(mf, tf, why, sizeof why))
        return kr_fail(err, KR_RC_ENV, "KRK0806E", "%s:%d:%d: field '%s' of record '%s' %s",
                       tx->path ? tx->path : tx->name, tf->line, tf->col, tf->name, rt->name, why);
    *v = kr_xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = (copy){tf, mf};
    return true;
}

static bool is_disc(const kr_rectype *rt, const kr_field *f)
{
    return rt->disc_field >= 0 && &rt->fields[rt->disc_field] == f;
}

static bool plan_type(kr_txplan *p, size_t ti, kr_err *err)
{
    const kr_layout *tx = p->tx, *m = p->master;
    const kr_rectype *rt = &tx->types[ti], *mt = &m->types[p->mtype];
    txtype *t = &p->types[ti];
    if (rt->role != KR_ROLE_DATA) {
        t->action = KR_TX_CONTROL;
        return true;
    }
    t->action = action_of(rt->name);
    if (t->action == KR_TX_CONTROL)
        return kr_fail(err, KR_RC_ENV, "KRK0807E",
                       "%s:%d: data record '%s' of a transaction layout must say its action: name it "
                       "add, change or delete (or add_..., change_..., delete_...)",
                       tx->path ? tx->path : tx->name, rt->line, rt->name);
    if (!kr_keydef_like(&t->key, &p->mkey, tx, (int)ti, err))
        return false;
    for (size_t i = 0; i < rt->n_fields; i++) {
        const kr_field *tf = &rt->fields[i];
        if (tf->is_filler || is_disc(rt, tf))
            continue;
        bool before = strncmp(tf->name, "before_", 7) == 0;
        int mi = kr_rectype_field(mt, before ? tf->name + 7 : tf->name);
        if (mi < 0)
            continue; /* a field of the transaction only (処理区分, 処理日, ...) */
        const kr_field *mf = &mt->fields[mi];
        if (mf->is_filler || is_disc(mt, mf))
            continue;
        if (before) {
            if (t->action == KR_TX_ADD)
                return kr_fail(err, KR_RC_ENV, "KRK0808E",
                               "%s:%d:%d: field '%s': an add has no before-image; remove it or make the "
                               "record a change",
                               tx->path ? tx->path : tx->name, tf->line, tf->col, tf->name);
            if (!add_copy(&t->before, &t->n_before, tf, mf, tx, rt, err))
                return false;
        } else if (!mf->is_key && t->action != KR_TX_DELETE) {
            if (!add_copy(&t->set, &t->n_set, tf, mf, tx, rt, err))
                return false;
        }
    }
    return true;
}

kr_txplan *kr_txplan_new(const kr_layout *master, const kr_layout *tx, kr_err *err)
{
    if (master->encoding != tx->encoding) {
        kr_fail(err, KR_RC_ENV, "KRK0809E", "the master layout %s is %s but the transaction layout %s is %s; "
                "convert the transactions first",
                master->name, kr_encoding_name(master->encoding), tx->name, kr_encoding_name(tx->encoding));
        return NULL;
    }
    kr_txplan *p = kr_xcalloc(1, sizeof *p);
    p->master = master;
    p->tx = tx;
    p->mtype = kr_layout_data_type(master);
    p->types = kr_xcalloc(tx->n_types, sizeof *p->types);
    p->blank = kr_xmalloc(master->length);
    p->scratch = kr_xmalloc(master->length);
    if (p->mtype < 0 || !kr_keydef_primary(&p->mkey, master, p->mtype, err)) {
        if (p->mtype < 0)
            kr_fail(err, KR_RC_ENV, "KRK0803E", "%s: the layout has no data record type", master->name);
        kr_txplan_free(p);
        return NULL;
    }
    kr_record_initialize(master, p->mtype, p->blank);
    bool any = false;
    for (size_t ti = 0; ti < tx->n_types; ti++) {
        if (!plan_type(p, ti, err)) {
            kr_txplan_free(p);
            return NULL;
        }
        any |= p->types[ti].action != KR_TX_CONTROL;
    }
    if (!any) {
        kr_fail(err, KR_RC_ENV, "KRK0807E", "%s: the transaction layout has no add, change or delete record",
                tx->name);
        kr_txplan_free(p);
        return NULL;
    }
    return p;
}

void kr_txplan_free(kr_txplan *p)
{
    if (!p)
        return;
    for (size_t i = 0; p->types && i < p->tx->n_types; i++) {
        kr_keydef_free(&p->types[i].key);
        free(p->types[i].set);
        free(p->types[i].before);
    }
    kr_keydef_free(&p->mkey);
    free(p->types);
    free(p->blank);
    free(p->scratch);
    free(p);
}

const kr_keydef *kr_txplan_master_key(const kr_txplan *p)
{
    return &p->mkey;
}

int kr_txplan_master_type(const kr_txplan *p)
{
    return p->mtype;
}

static void reject(kr_txinfo *info, kr_reason r, const kr_field *f, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void reject(kr_txinfo *info, kr_reason r, const kr_field *f, const char *fmt, ...)
{
    info->reason = r;
    info->field = f ? f->name : NULL;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(info->detail, sizeof info->detail, fmt, ap);
    va_end(ap);
}

bool kr_txplan_read(const kr_txplan *p, const unsigned char *tx, kr_txinfo *info)
{
    info->reason = KR_REASON_NONE;
    info->field = NULL;
    info->detail[0] = '\0';
    info->keylen = 0;
    info->type = kr_layout_classify(p->tx, tx);
    if (info->type < 0) {
        info->action = KR_TX_CONTROL;
        reject(info, KR_REASON_UNKNOWN_TYPE, NULL, "the discriminator matches no record type of %s",
               p->tx->name);
        return false;
    }
    const txtype *t = &p->types[info->type];
    info->action = t->action;
    if (t->action == KR_TX_CONTROL)
        return true;
    kr_problem pb;
    info->keylen = kr_keydef_encode(&t->key, tx, info->key, &pb);
    if (info->keylen == 0) {
        const kr_field *bad = NULL;
        for (size_t i = 0; i < t->key.n; i++)
            if (pb.offset >= t->key.fields[i]->offset &&
                pb.offset < t->key.fields[i]->offset + t->key.fields[i]->length)
                bad = t->key.fields[i];
        reject(info, KR_REASON_INVALID, bad, "key field %s: %s", bad ? bad->name : "?", pb.reason);
        return false;
    }
    return true;
}

void kr_txplan_key_text(const kr_txplan *p, const kr_txinfo *info, const unsigned char *tx, kr_buf *out)
{
    if (info->type < 0 || p->types[info->type].action == KR_TX_CONTROL)
        return;
    const kr_keydef *k = &p->types[info->type].key;
    for (size_t i = 0; i < k->n; i++) {
        kr_buf_addf(out, "%s%s=", i ? ", " : "", k->fields[i]->name);
        kr_field_display(p->tx, k->fields[i], tx, false, out);
    }
}

/* Does the master record hold every before-image value of the transaction? */
static bool before_matches(const txtype *t, const unsigned char *tx, const unsigned char *cur,
                           kr_txinfo *info)
{
    for (size_t i = 0; i < t->n_before; i++) {
        const copy *c = &t->before[i];
        if (memcmp(tx + c->tf->offset, cur + c->mf->offset, c->mf->length) != 0) {
            reject(info, KR_REASON_BEFORE_DIFFERS, c->mf,
                   "%s: the master's value is not the transaction's %s", c->mf->name, c->tf->name);
            return false;
        }
    }
    return true;
}

/* Copies the after-image fields, then checks each field written (fields of `all` when set). */
static bool build_after(kr_txplan *p, const txtype *t, const unsigned char *tx, bool all,
                        kr_txinfo *info)
{
    unsigned char *img = p->scratch;
    for (size_t i = 0; i < t->n_set; i++)
        memcpy(img + t->set[i].mf->offset, tx + t->set[i].tf->offset, t->set[i].mf->length);
    kr_problem pb[4];
    const kr_rectype *mt = &p->master->types[p->mtype];
    size_t n = all ? mt->n_fields : t->n_set;
    for (size_t i = 0; i < n; i++) {
        const kr_field *f = all ? &mt->fields[i] : t->set[i].mf;
        size_t np = kr_field_check(p->master, f, img, pb, 4);
        for (size_t k = 0; k < np; k++)
            if (pb[k].rc >= KR_RC_REJECT) {
                reject(info, KR_REASON_INVALID, f, "%s: %s", f->name, pb[k].reason);
                return false;
            }
    }
    return true;
}

kr_reason kr_txplan_apply(kr_txplan *p, kr_txinfo *info, const unsigned char *tx,
                          unsigned char *cur, bool *exists)
{
    const txtype *t = &p->types[info->type];
    size_t len = p->master->length;
    switch (t->action) {
    case KR_TX_ADD:
        if (*exists) {
            reject(info, KR_REASON_ADD_EXISTS, NULL, "the master already holds the key");
            break;
        }
        memcpy(p->scratch, p->blank, len);
        for (size_t i = 0; i < t->key.n; i++)
            memcpy(p->scratch + p->mkey.fields[i]->offset, tx + t->key.fields[i]->offset,
                   t->key.fields[i]->length);
        if (!build_after(p, t, tx, true, info))
            break;
        memcpy(cur, p->scratch, len);
        *exists = true;
        return KR_REASON_NONE;
    case KR_TX_CHANGE:
        if (!*exists) {
            reject(info, KR_REASON_CHANGE_MISSING, NULL, "the master does not hold the key");
            break;
        }
        if (!before_matches(t, tx, cur, info))
            break;
        memcpy(p->scratch, cur, len);
        if (!build_after(p, t, tx, false, info))
            break;
        memcpy(cur, p->scratch, len);
        return KR_REASON_NONE;
    case KR_TX_DELETE:
        if (!*exists) {
            reject(info, KR_REASON_DELETE_MISSING, NULL, "the master does not hold the key");
            break;
        }
        if (!before_matches(t, tx, cur, info))
            break;
        *exists = false;
        return KR_REASON_NONE;
    case KR_TX_CONTROL:
        return KR_REASON_NONE;
    }
    /* The listing names the key of every reject. */
    kr_buf b;
    kr_buf_init(&b);
    kr_txplan_key_text(p, info, tx, &b);
    kr_buf_addf(&b, ": %s", info->detail);
    snprintf(info->detail, sizeof info->detail, "%s", b.data);
    kr_buf_free(&b);
    return info->reason;
}
