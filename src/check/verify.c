/* verify.c: VERIFY, the check of every record of a file against its layout: record types,
 * record order, every field, control totals. Lists each problem with its message id, the
 * file, the record number, the byte within the record and in the file, and the reason. */
#include "kiroku/check.h"
#include "kiroku/recio.h"
#include "kiroku/text.h"

#include <string.h>

typedef struct listing {
    FILE *out;
    const char *path;
    uint64_t listed, max;
    bool stopped_note;
} listing;

static void list_line(listing *ls, const char *id, uint64_t recno, uint64_t rec_offset,
                      size_t byte_in_rec, const kr_field *f, const char *reason)
{
    if (ls->listed >= ls->max) {
        if (!ls->stopped_note) {
            fprintf(ls->out, "KRK0398I listing stopped after %llu problems; counting goes on\n",
                    (unsigned long long)ls->max);
            ls->stopped_note = true;
        }
        return;
    }
    ls->listed++;
    fprintf(ls->out, "%s %s record %llu byte %zu (file offset %llu)", id, ls->path,
            (unsigned long long)recno, byte_in_rec + 1, (unsigned long long)(rec_offset + byte_in_rec));
    if (f)
        fprintf(ls->out, " %s%s%s", f->name, f->label ? " " : "", f->label ? f->label : "");
    fprintf(ls->out, ": %s\n", reason);
}

/* With a 外字 table: each 外字 of a text field that the table lacks is a warning. */
static size_t check_gaiji(const kr_layout *l, const kr_field *f, const unsigned char *rec,
                          const kr_gaiji *g, kr_problem *out, size_t max)
{
    size_t n = 0;
    if (!g || (f->type != KR_F_X && f->type != KR_F_N && f->type != KR_F_M))
        return 0;
    const unsigned char *p = rec + f->offset;
    for (size_t i = 0; i < f->length && n < max;) {
        uint32_t c;
        kr_charclass cls;
        size_t len = kr_text_next(l->encoding, p + i, f->length - i, &c, &cls);
        if (cls == KR_CC_GAIJI && !kr_gaiji_lookup(g, c)) {
            char code[16];
            kr_gaiji_code_text(l->encoding, p + i, c, code);
            out[n].rc = KR_RC_WARN;
            out[n].id = "KRK0433W";
            out[n].offset = f->offset + i;
            snprintf(out[n].reason, sizeof out[n].reason,
                     "外字 %s is not in 外字 table %s; register it there", code, kr_gaiji_name(g));
            n++;
        }
        i += len;
    }
    return n;
}

int kr_verify(const kr_verify_opts *opts, FILE *out, kr_verify_stats *stats)
{
    const kr_layout *l = opts->layout;
    memset(stats, 0, sizeof *stats);
    kr_err err;
    kr_reader *r = kr_reader_open_layout(opts->path, l, &err);
    if (!r) {
        fprintf(out, "%s\n", err.text);
        return KR_RC_ENV;
    }
    listing ls = {out, opts->path, 0, opts->max_listed ? opts->max_listed : 1000, false};
    kr_totals *totals = kr_totals_new(l);
    kr_order order;
    kr_order_init(&order, l);
    int rc = KR_RC_OK;
    kr_problem probs[64];
    char reason[300];
    const unsigned char *block;
    size_t n;
    int got;
    while ((got = kr_reader_next_block(r, &block, &n, 4096, &err)) > 0) {
        if (kr_cancelled(opts->cancel)) {
            kr_fail_cancelled(&err, "VERIFY", stats->records, "the file was verified only that far");
            fprintf(out, "%s\n", err.text);
            kr_totals_free(totals);
            kr_reader_close(r);
            return err.rc;
        }
        size_t stride = kr_reader_stride(r);
        uint64_t first = kr_reader_recno(r) - n + 1;
        for (size_t i = 0; i < n; i++) {
            const unsigned char *rec = block + i * stride;
            uint64_t recno = first + i;
            uint64_t off = (recno - 1) * stride;
            stats->records++;
            int type = kr_layout_classify(l, rec);
            if (type < 0) {
                kr_buf shown;
                kr_buf_init(&shown);
                kr_text_display(l->encoding, rec + l->disc_offset, l->disc_length, &shown);
                snprintf(reason, sizeof reason, "discriminator \"%s\" matches no record type of layout %s",
                         shown.data, l->name);
                kr_buf_free(&shown);
                list_line(&ls, "KRK0310E", recno, off, l->disc_offset, NULL, reason);
                stats->bad_records++;
                stats->problems++;
                rc = rc > KR_RC_REJECT ? rc : KR_RC_REJECT;
                continue;
            }
            if (type < 64)
                stats->per_type[type]++;
            bool bad = false, warned = false;
            if (!kr_order_next(&order, type, recno, reason, sizeof reason)) {
                list_line(&ls, "KRK0311E", recno, off, 0, NULL, reason);
                bad = true;
                stats->problems++;
            }
            const kr_rectype *rt = &l->types[type];
            if (rt->role == KR_ROLE_HEADER)
                kr_totals_reset(totals);
            for (size_t fi = 0; fi < rt->n_fields; fi++) {
                const kr_field *f = &rt->fields[fi];
                size_t np = kr_field_check(l, f, rec, probs, 8);
                np += check_gaiji(l, f, rec, opts->gaiji, probs + np, 8);
                if (np < sizeof probs / sizeof probs[0] && kr_field_before_its_bound(l, rt, f, rec, &probs[np]))
                    np++;
                for (size_t k = 0; k < np; k++) {
                    list_line(&ls, probs[k].id, recno, off, probs[k].offset, f, probs[k].reason);
                    stats->problems++;
                    if (probs[k].rc >= KR_RC_REJECT)
                        bad = true;
                    else
                        warned = true;
                }
            }
            if (rt->role == KR_ROLE_TRAILER) {
                size_t np = kr_totals_check(totals, type, rec, probs, 64);
                for (size_t k = 0; k < np; k++) {
                    const kr_field *f = NULL;
                    for (size_t fi = 0; fi < rt->n_fields; fi++)
                        if (rt->fields[fi].offset == probs[k].offset)
                            f = &rt->fields[fi];
                    list_line(&ls, probs[k].id, recno, off, probs[k].offset, f, probs[k].reason);
                    stats->problems++;
                    bad = true;
                }
            } else {
                kr_totals_add(totals, type, rec, recno);
            }
            if (bad) {
                stats->bad_records++;
                rc = rc > KR_RC_REJECT ? rc : KR_RC_REJECT;
            } else if (warned) {
                stats->warned_records++;
                rc = rc > KR_RC_WARN ? rc : KR_RC_WARN;
            }
        }
    }
    if (got < 0) {
        /* The file is not a sequence of records of this layout: stop here. */
        fprintf(out, "%s\n", err.text);
        fprintf(out, "KRK0397E verification stopped: the rest of the file cannot be read as %zu-byte records\n",
                l->length);
        stats->problems++;
        stats->bad_records++;
        rc = err.rc > KR_RC_REJECT ? err.rc : KR_RC_REJECT;
    } else if (!kr_order_finish(&order, reason, sizeof reason)) {
        fprintf(out, "KRK0311E %s after record %llu: %s\n", opts->path, (unsigned long long)stats->records,
                reason);
        stats->problems++;
        rc = rc > KR_RC_REJECT ? rc : KR_RC_REJECT;
    }
    kr_totals_free(totals);
    kr_reader_close(r);
    return rc;
}
