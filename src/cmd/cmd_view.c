/* cmd_view.c: `kiroku view` — every field of every record by name and label, text decoded
 * to UTF-8, sensitive fields masked; as aligned text, JSON lines or CSV. */
#include "cmd.h"
#include "kiroku/audit.h"
#include "kiroku/codec.h"
#include "kiroku/recio.h"
#include "kiroku/text.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum format { TEXT, JSON, CSV };

static void help(FILE *out)
{
    fprintf(out,
            "usage: kiroku view FILE -L LAYOUT [--record N] [--limit N] [--json | --csv]\n"
            "                   [--gaiji TABLE] [--reveal]\n\n"
            "Shows records field by field: name, label and value (text decoded to UTF-8, numbers\n"
            "with their decimal point, dates in both calendars). Sensitive fields, 個人番号 among\n"
            "them, are masked unless --reveal.\n\n"
            "  -L, --layout LAYOUT  the file's layout: a path, or a name looked up in $KIROKU_LAYOUTS,\n"
            "                       ./layouts and the installed layouts\n"
            "  --record N           start at record N (1-based); alone, shows that record only\n"
            "  --limit N            show at most N records\n"
            "  --json               one JSON object per record (JSON lines)\n"
            "  --csv                CSV, one row per record; a header row of field names comes\n"
            "                       first and again whenever the record type changes\n"
            "  --gaiji TABLE        the file's 外字 table (layouts/gaiji/TABLE.gaiji): 外字 show as\n"
            "                       [外字F040→髙]; without it, or when the table lacks one, [外字F040]\n"
            "  --reveal             show sensitive fields: needs the permission 'reveal' in the roles\n"
            "                       file and an audit log, where the reveal is written first; to\n"
            "                       anything but a terminal (a file, a pipe, --json, --csv) it is an\n"
            "                       unmasked extract and needs 'extract' too (records of no\n"
            "                       record type stay masked)\n\n"
            "Return code: 0 shown, 8 a record of no record type or a partial record at the end\n"
            "(shown raw, masked), 12 the output could not be written, 16 the layout or the\n"
            "arguments are wrong, or --reveal is not allowed.\n");
}

/* A record of no known record type, shown raw. Which type it was meant to be is unknown, so
 * every byte that holds a sensitive field in any record type is masked. */
static void raw_record(const kr_layout *l, const unsigned char *rec, kr_buf *out)
{
    unsigned char *copy = kr_xmalloc(l->length);
    memcpy(copy, rec, l->length);
    for (size_t t = 0; t < l->n_types; t++)
        for (size_t i = 0; i < l->types[t].n_fields; i++) {
            const kr_field *f = &l->types[t].fields[i];
            if (f->sensitive)
                memset(copy + f->offset, '*', f->length);
        }
    kr_text_display(l->encoding, copy, l->length, out);
    free(copy);
}

static void text_record(const kr_layout *l, const kr_gaiji *g, bool reveal, int type, const unsigned char *rec,
                        uint64_t recno, uint64_t offset, kr_buf *out)
{
    if (type < 0) {
        kr_buf_addf(out, "record %llu (unknown record type) byte %llu\n  ", (unsigned long long)recno,
                    (unsigned long long)offset);
        raw_record(l, rec, out);
        kr_buf_addc(out, '\n');
        return;
    }
    const kr_rectype *rt = &l->types[type];
    kr_buf_addf(out, "record %llu (%s) byte %llu\n", (unsigned long long)recno, rt->name,
                (unsigned long long)offset);
    cmd_view_fields(l, g, reveal, type, rec, out);
}

void cmd_view_fields(const kr_layout *l, const kr_gaiji *g, bool reveal, int type, const unsigned char *rec,
                     kr_buf *out)
{
    const kr_rectype *rt = &l->types[type];
    size_t wname = 0, wlabel = 0;
    for (size_t i = 0; i < rt->n_fields; i++) {
        const kr_field *f = &rt->fields[i];
        size_t n = strlen(f->name);
        if (n > wname)
            wname = n;
        if (f->label) {
            size_t c = kr_utf8_columns(f->label, strlen(f->label));
            if (c > wlabel)
                wlabel = c;
        }
    }
    for (size_t i = 0; i < rt->n_fields; i++) {
        const kr_field *f = &rt->fields[i];
        if (f->is_filler)
            continue;
        kr_buf_addf(out, "  %-*s  ", (int)wname, f->name);
        const char *label = f->label ? f->label : "";
        kr_buf_adds(out, label);
        for (size_t c = kr_utf8_columns(label, strlen(label)); c < wlabel + 2; c++)
            kr_buf_addc(out, ' ');
        kr_field_display_with(l, f, rec, reveal, g, out);
        const char *meaning = f->sensitive ? NULL : kr_field_code_label(f, rec);
        if (meaning)
            kr_buf_addf(out, " (%s)", meaning);
        kr_problem pb;
        if (kr_field_check(l, f, rec, &pb, 1))
            kr_buf_addf(out, "  <- %s byte %zu: %s", pb.id, pb.offset + 1, pb.reason);
        kr_buf_addc(out, '\n');
    }
}

static void json_record(const kr_layout *l, const kr_gaiji *g, bool reveal, int type, const unsigned char *rec,
                        uint64_t recno, uint64_t offset, kr_buf *out)
{
    kr_buf v;
    kr_buf_init(&v);
    kr_buf_addf(out, "{\"record\":%llu,\"byte\":%llu,\"type\":", (unsigned long long)recno,
                (unsigned long long)offset);
    if (type < 0) {
        raw_record(l, rec, &v);
        kr_buf_adds(out, "null,\"raw\":\"");
        kr_buf_add_json(out, v.data, v.len);
        kr_buf_adds(out, "\"}\n");
        kr_buf_free(&v);
        return;
    }
    const kr_rectype *rt = &l->types[type];
    kr_buf_addf(out, "\"%s\",\"fields\":[", rt->name);
    bool first = true;
    for (size_t i = 0; i < rt->n_fields; i++) {
        const kr_field *f = &rt->fields[i];
        if (f->is_filler)
            continue;
        kr_buf_reset(&v);
        kr_field_display_with(l, f, rec, reveal, g, &v);
        kr_buf_addf(out, "%s{\"name\":\"%s\",\"label\":", first ? "" : ",", f->name);
        if (f->label) {
            kr_buf_addc(out, '"');
            kr_buf_add_json(out, f->label, strlen(f->label));
            kr_buf_addc(out, '"');
        } else
            kr_buf_adds(out, "null");
        kr_buf_adds(out, ",\"value\":\"");
        kr_buf_add_json(out, v.data, v.len);
        kr_buf_addc(out, '"');
        const char *meaning = f->sensitive ? NULL : kr_field_code_label(f, rec);
        if (meaning) {
            kr_buf_adds(out, ",\"meaning\":\"");
            kr_buf_add_json(out, meaning, strlen(meaning));
            kr_buf_addc(out, '"');
        }
        kr_problem pb;
        if (kr_field_check(l, f, rec, &pb, 1)) {
            kr_buf_addf(out, ",\"problem\":{\"id\":\"%s\",\"byte\":%zu,\"reason\":\"", pb.id, pb.offset + 1);
            kr_buf_add_json(out, pb.reason, strlen(pb.reason));
            kr_buf_adds(out, "\"}");
        }
        kr_buf_addc(out, '}');
        first = false;
    }
    kr_buf_adds(out, "]}\n");
    kr_buf_free(&v);
}

static void csv_record(const kr_layout *l, const kr_gaiji *g, bool reveal, int type, const unsigned char *rec,
                       uint64_t recno, int *last_type, kr_buf *out)
{
    if (type != *last_type) {
        kr_buf_adds(out, "record,type");
        if (type < 0)
            kr_buf_adds(out, ",raw");
        else
            for (size_t i = 0; i < l->types[type].n_fields; i++)
                if (!l->types[type].fields[i].is_filler)
                    kr_buf_addc(out, ','), kr_buf_adds(out, l->types[type].fields[i].name);
        kr_buf_addc(out, '\n');
        *last_type = type;
    }
    kr_buf_addf(out, "%llu,%s", (unsigned long long)recno, type < 0 ? "" : l->types[type].name);
    kr_buf v;
    kr_buf_init(&v);
    if (type < 0) {
        raw_record(l, rec, &v);
        kr_buf_addc(out, ',');
        kr_buf_add_csv(out, v.data, v.len);
    } else
        for (size_t i = 0; i < l->types[type].n_fields; i++) {
            const kr_field *f = &l->types[type].fields[i];
            if (f->is_filler)
                continue;
            kr_buf_reset(&v);
            kr_field_display_with(l, f, rec, reveal, g, &v);
            kr_buf_addc(out, ',');
            kr_buf_add_csv(out, v.data, v.len);
        }
    kr_buf_addc(out, '\n');
    kr_buf_free(&v);
}

/* --reveal: the role 'reveal', and 'extract' too unless the text goes to a terminal (CSV,
 * JSON and whatever lands in a file or a pipe is an unmasked extract), then an entry in the
 * audit log ('reveal' or 'extract') before anything is shown; 0 when allowed, else the
 * return code (the denial printed and audited). */
static int reveal_allowed(const char *file, const kr_layout *l, uint64_t first, uint64_t limit, enum format fmt)
{
    kr_buf names;
    kr_buf_init(&names);
    for (size_t t = 0; t < l->n_types; t++)
        for (size_t i = 0; i < l->types[t].n_fields; i++)
            if (l->types[t].fields[i].sensitive) {
                if (names.len)
                    kr_buf_addc(&names, ',');
                kr_buf_adds(&names, l->types[t].fields[i].name);
            }
    char range[64];
    if (limit == UINT64_MAX)
        snprintf(range, sizeof range, "%llu-", (unsigned long long)first);
    else
        snprintf(range, sizeof range, "%llu-%llu", (unsigned long long)first, (unsigned long long)(first + limit - 1));
    static const char *const forms[] = {"text", "json", "csv"};
    bool extract = fmt != TEXT || !isatty(STDOUT_FILENO);
    kr_audit_field f[] = {{"program", "VIEW"}, {"input", file}, {"layout", l->name}, {"records", range},
                          {"fields", names.len ? names.data : "(none)"}, {"form", forms[fmt]},
                          {"to", extract ? "a file or pipe" : "a terminal"}};
    int rc = kr_guard_reveal(extract, f, sizeof f / sizeof f[0], stderr);
    kr_buf_free(&names);
    return rc;
}

int cmd_view(int argc, char **argv)
{
    static const struct option opts[] = {
        {"layout", required_argument, NULL, 'L'}, {"record", required_argument, NULL, 'r'},
        {"limit", required_argument, NULL, 'n'},  {"json", no_argument, NULL, 'j'},
        {"csv", no_argument, NULL, 'c'},          {"help", no_argument, NULL, 'h'},
        {"gaiji", required_argument, NULL, 'g'},  {"reveal", no_argument, NULL, 'R'},
        {NULL, 0, NULL, 0}};
    const char *layout = NULL, *gaiji = NULL;
    uint64_t first = 1, limit = UINT64_MAX;
    bool record_given = false, limit_given = false, reveal = false;
    enum format fmt = TEXT;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "L:h", opts, NULL)) != -1) {
        switch (c) {
        case 'L': layout = optarg; break;
        case 'r':
            if (!cmd_parse_count(optarg, &first) || first == 0)
                return cmd_usage_error("view", "--record takes a record number from 1");
            record_given = true;
            break;
        case 'n':
            if (!cmd_parse_count(optarg, &limit))
                return cmd_usage_error("view", "--limit takes a number");
            limit_given = true;
            break;
        case 'j': fmt = JSON; break;
        case 'c': fmt = CSV; break;
        case 'g': gaiji = optarg; break;
        case 'R': reveal = true; break;
        case 'h': help(stdout); return KR_RC_OK;
        default: return cmd_usage_error("view", "unknown option");
        }
    }
    if (optind != argc - 1)
        return cmd_usage_error("view", "give one FILE");
    if (!layout)
        return cmd_usage_error("view", "give the file's layout with -L LAYOUT");
    if (record_given && !limit_given)
        limit = 1;
    kr_layout *l = cmd_load_layout(layout);
    if (!l)
        return KR_RC_ENV;
    kr_gaiji *g = NULL;
    if (gaiji && !(g = cmd_load_gaiji(gaiji))) {
        kr_layout_free(l);
        return KR_RC_ENV;
    }
    kr_err err;
    if (reveal) {
        int denied = reveal_allowed(argv[optind], l, first, limit, fmt);
        if (denied) {
            kr_gaiji_free(g);
            kr_layout_free(l);
            return denied;
        }
    }
    kr_reader *r = kr_reader_open_layout(argv[optind], l, &err);
    if (!r) {
        fprintf(stderr, "%s\n", err.text);
        kr_gaiji_free(g);
        kr_layout_free(l);
        return err.rc;
    }
    int rc = KR_RC_OK;
    uint64_t shown = 0;
    int last_type = -2;
    kr_buf out;
    kr_buf_init(&out);
    const unsigned char *rec;
    int got = 0;
    while (shown < limit && (got = kr_reader_next(r, &rec, &err)) > 0) {
        uint64_t recno = kr_reader_recno(r);
        if (recno < first)
            continue;
        int type = kr_layout_classify(l, rec);
        if (type < 0) {
            fprintf(stderr, "KRK0310E %s record %llu byte %zu: the discriminator matches no record type of layout %s\n",
                    argv[optind], (unsigned long long)recno, l->disc_offset + 1, l->name);
            rc = KR_RC_REJECT;
        }
        if (fmt == TEXT)
            text_record(l, g, reveal, type, rec, recno, kr_reader_offset(r), &out);
        else if (fmt == JSON)
            json_record(l, g, reveal, type, rec, recno, kr_reader_offset(r), &out);
        else
            csv_record(l, g, reveal, type, rec, recno, &last_type, &out);
        shown++;
        if (out.len > (1u << 20)) {
            if (cmd_write_stdout(out.data, out.len) != KR_RC_OK) {
                rc = KR_RC_FAIL;
                break;
            }
            kr_buf_reset(&out);
        }
    }
    if (shown < limit && got < 0) {
        fprintf(stderr, "%s\n", err.text);
        rc = err.rc > rc ? err.rc : rc;
    }
    if (rc < KR_RC_FAIL && cmd_write_stdout(out.data, out.len) != KR_RC_OK)
        rc = KR_RC_FAIL;
    kr_buf_free(&out);
    kr_reader_close(r);
    kr_gaiji_free(g);
    kr_layout_free(l);
    return rc;
}
