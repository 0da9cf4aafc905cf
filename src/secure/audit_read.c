/* audit_read.c: `audit verify` (the whole chain from the verification key, the first broken
 * entry named, the head compared with an anchor kept outside the log) and `audit show`
 * (entries filtered by date, user, job and event). */
#include "secure/audit_private.h"
#include "secure/crypto.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The highest segment number present in dir (0 when none). */
static uint64_t last_segment(const char *dir)
{
    uint64_t max = 0;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        unsigned long long n;
        char tail[8];
        if (sscanf(de->d_name, "segment-%8llu.%7s", &n, tail) == 2 && strcmp(tail, "log") == 0 && n > max)
            max = n;
    }
    closedir(d);
    return max;
}

/* Walks every entry of every segment in order; calls fn with each complete line. fn returns
 * false to stop. Sets *torn when the last segment ends inside an entry. */
typedef bool (*entry_fn)(void *ctx, const char *seg, uint64_t line_no, uint64_t offset, const char *line,
                         size_t len);

static bool walk(const char *dir, entry_fn fn, void *ctx, bool *torn, uint64_t *segments, kr_err *err)
{
    uint64_t last = last_segment(dir);
    *torn = false;
    *segments = 0;
    if (last == 0)
        return kr_fail(err, KR_RC_ENV, "KRK1531E", "%s: no audit log segments (segment-00000001.log)", dir);
    for (uint64_t s = 1; s <= last; s++) {
        char *path = audit_segment_path(dir, s);
        kr_buf b;
        kr_buf_init(&b);
        if (!kr_read_file(path, &b, err)) {
            kr_buf_free(&b);
            kr_fail(err, KR_RC_FAIL, "KRK1541E",
                    "%s: segment %llu of %llu is missing or unreadable: a segment was removed", path,
                    (unsigned long long)s, (unsigned long long)last);
            free(path);
            return false;
        }
        (*segments)++;
        size_t off = 0;
        uint64_t line_no = 0;
        bool go = true;
        while (go && off < b.len) {
            char *nl = memchr(b.data + off, '\n', b.len - off);
            line_no++;
            if (!nl) {
                if (s == last) {
                    *torn = true;
                    break;
                }
                nl = b.data + b.len; /* a torn entry inside the chain: fn reports it */
            }
            go = fn(ctx, path, line_no, off, b.data + off, (size_t)(nl - (b.data + off)));
            off = (size_t)(nl - b.data) + 1;
        }
        kr_buf_free(&b);
        free(path);
        if (!go)
            return true;
    }
    return true;
}

typedef struct verify_ctx {
    unsigned char key[KR_KEY_BYTES];
    unsigned char prev[KR_DIGEST_BYTES];
    uint64_t expect;
    uint64_t anchor_seq;
    unsigned char anchor_tag[KR_DIGEST_BYTES];
    bool anchor_seen, anchor_ok;
    bool broken;
    kr_err *err;
} verify_ctx;

static bool broken(verify_ctx *v, const char *seg, uint64_t line_no, uint64_t offset, const char *what)
{
    v->broken = true;
    kr_fail(v->err, KR_RC_FAIL, "KRK1541E",
            "%s line %llu (file offset %llu): first broken entry: %s; entries 1 to %llu are proven", seg,
            (unsigned long long)line_no, (unsigned long long)offset, what, (unsigned long long)(v->expect - 1));
    return false;
}

static bool verify_one(void *ctx, const char *seg, uint64_t line_no, uint64_t offset, const char *line, size_t len)
{
    verify_ctx *v = ctx;
    audit_entry e;
    char what[200];
    if (!audit_entry_parse(line, len, &e)) {
        audit_entry_free(&e);
        snprintf(what, sizeof what, "not an entry (entry %llu expected): changed or torn",
                 (unsigned long long)v->expect);
        return broken(v, seg, line_no, offset, what);
    }
    unsigned char tag[KR_DIGEST_BYTES];
    bool ok = false;
    if (e.seq > v->expect)
        snprintf(what, sizeof what, "entry %llu where %llu was expected: entries %llu to %llu were removed or moved",
                 (unsigned long long)e.seq, (unsigned long long)v->expect, (unsigned long long)v->expect,
                 (unsigned long long)e.seq - 1);
    else if (e.seq < v->expect)
        snprintf(what, sizeof what, "entry %llu where %llu was expected: an entry was inserted or moved",
                 (unsigned long long)e.seq, (unsigned long long)v->expect);
    else if (!kr_same_bytes(e.prev, v->prev, KR_DIGEST_BYTES))
        snprintf(what, sizeof what,
                 "entry %llu does not follow the entry before it (its previous tag differs): inserted, or "
                 "reordered",
                 (unsigned long long)e.seq);
    else if (!kr_hmac_sha256(v->key, line, e.signed_len, tag, v->err)) {
        audit_entry_free(&e);
        v->broken = true;
        return false;
    }
    else if (!kr_same_bytes(tag, e.tag, KR_DIGEST_BYTES))
        snprintf(what, sizeof what, "entry %llu was changed (its tag does not verify)", (unsigned long long)e.seq);
    else
        ok = true;
    if (ok) {
        if (e.seq == v->anchor_seq) {
            v->anchor_seen = true;
            v->anchor_ok = kr_same_bytes(e.tag, v->anchor_tag, KR_DIGEST_BYTES);
        }
        memcpy(v->prev, e.tag, KR_DIGEST_BYTES);
        ok = audit_key_evolve(v->key, v->err);
        v->expect++;
    }
    audit_entry_free(&e);
    return ok ? true : broken(v, seg, line_no, offset, what);
}

static bool parse_anchor(const char *s, uint64_t *seq, unsigned char tag[KR_DIGEST_BYTES])
{
    char *end;
    unsigned long long n = strtoull(s, &end, 10);
    *seq = n;
    return n > 0 && *end == ':' && kr_unhex(end + 1, tag, KR_DIGEST_BYTES);
}

int kr_audit_verify(const kr_audit_verify_opts *o, FILE *listing, kr_err *err)
{
    verify_ctx v;
    memset(&v, 0, sizeof v);
    v.expect = 1;
    v.err = err;
    if (o->anchor && !parse_anchor(o->anchor, &v.anchor_seq, v.anchor_tag)) {
        kr_fail(err, KR_RC_ENV, "KRK1532E", "anchor '%s': write SEQ:TAG (64 hex digits), as a slip's audit-head",
                o->anchor);
        return KR_RC_ENV;
    }
    if (!audit_read_key(o->verify_key, v.key, err))
        return err->rc;
    bool torn;
    uint64_t segments;
    bool ok = walk(o->dir, verify_one, &v, &torn, &segments, err);
    kr_wipe(v.key, sizeof v.key);
    if (!ok || v.broken)
        return err->rc ? err->rc : KR_RC_FAIL;
    uint64_t last = v.expect - 1;
    if (v.anchor_seq && !v.anchor_seen) {
        kr_fail(err, KR_RC_FAIL, "KRK1541E",
                "%s: truncated: the anchor names entry %llu and the log ends at entry %llu; entries %llu to %llu "
                "were removed",
                o->dir, (unsigned long long)v.anchor_seq, (unsigned long long)last, (unsigned long long)last + 1,
                (unsigned long long)v.anchor_seq);
        return KR_RC_FAIL;
    }
    if (v.anchor_seq && !v.anchor_ok) {
        kr_fail(err, KR_RC_FAIL, "KRK1541E",
                "%s: entry %llu is not the one the anchor names (another tag): the log was rewritten from there "
                "on",
                o->dir, (unsigned long long)v.anchor_seq);
        return KR_RC_FAIL;
    }
    char hex[2 * KR_DIGEST_BYTES + 1];
    kr_hex(v.prev, KR_DIGEST_BYTES, hex);
    fprintf(listing, "KRK1540I %s: entries 1 to %llu verified in %llu segment%s; head %llu:%s\n", o->dir,
            (unsigned long long)last, (unsigned long long)segments, segments == 1 ? "" : "s",
            (unsigned long long)last, hex);
    if (v.anchor_seq)
        fprintf(listing, "KRK1540I the anchor %llu matches; %llu entr%s after it not yet anchored\n",
                (unsigned long long)v.anchor_seq, (unsigned long long)(last - v.anchor_seq),
                last - v.anchor_seq == 1 ? "y" : "ies");
    else
        fprintf(listing, "KRK1540I no anchor given: a removed tail would not show; give --anchor SEQ:TAG from a "
                         "slip or a job's end\n");
    if (torn) {
        fprintf(listing, "KRK1542W the last segment ends inside an entry (a crash during an append); that entry "
                         "was never completed and the next append removes it\n");
        return KR_RC_WARN;
    }
    return KR_RC_OK;
}

typedef struct show_ctx {
    const kr_audit_filter *f;
    FILE *out;
    uint64_t shown;
} show_ctx;

static bool user_matches(const char *col, const char *want)
{
    size_t n = strlen(want);
    return strcmp(col, want) == 0 || (strncmp(col, want, n) == 0 && col[n] == '(');
}

static bool show_one(void *ctx, const char *seg, uint64_t line_no, uint64_t offset, const char *line, size_t len)
{
    (void)seg, (void)line_no, (void)offset;
    show_ctx *s = ctx;
    const kr_audit_filter *f = s->f;
    audit_entry e;
    if (!audit_entry_parse(line, len, &e)) {
        audit_entry_free(&e);
        return true;
    }
    const char *t = e.cols[COL_TIME];
    bool pass = (!f->from || strncmp(t, f->from, strlen(f->from)) >= 0) &&
                (!f->to || strncmp(t, f->to, strlen(f->to)) <= 0) && (!f->user || user_matches(e.cols[COL_USER], f->user)) &&
                (!f->job || strcmp(e.cols[COL_JOB], f->job) == 0) && (!f->event || strcmp(e.cols[COL_EVENT], f->event) == 0);
    if (pass) {
        fprintf(s->out, "%s %s %s %s %s", e.cols[COL_SEQ], t, e.cols[COL_EVENT], e.cols[COL_USER], e.cols[COL_JOB]);
        for (size_t i = COL_FIELDS; i + 1 < e.ncols; i++)
            fprintf(s->out, " %s", e.cols[i]);
        fputc('\n', s->out);
        s->shown++;
    }
    audit_entry_free(&e);
    return true;
}

int kr_audit_show(const kr_audit_filter *f, FILE *out, kr_err *err)
{
    show_ctx s = {f, out, 0};
    bool torn;
    uint64_t segments;
    if (!walk(f->dir, show_one, &s, &torn, &segments, err))
        return err->rc;
    fprintf(out, "KRK1544I %llu entr%s shown (not verified: run 'kiroku audit verify')\n",
            (unsigned long long)s.shown, s.shown == 1 ? "y" : "ies");
    return KR_RC_OK;
}
