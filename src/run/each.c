/* each.c: `kiroku run JCL --each DSN`: the job run once per data record of a cataloged data
 * set, each record's fields (by its layout's names) given as symbols, as a scheduler runs one
 * job per member of a list (the federation's per-city jobs: docs/streams/daily.md). Each
 * run is a job of its own (its own run, spool, job log and restart); one that fails does not
 * stop the others; the return code is the highest. docs/JCL.md, "Running a job per record". */
#include "kiroku/catalog.h"
#include "kiroku/layout.h"
#include "kiroku/run.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* A field's name as a symbol's: 1-8 letters, digits, @ # $, not a digit first. */
static bool symbol_name(const char *name, char out[9])
{
    size_t n = strlen(name);
    if (n == 0 || n > 8 || isdigit((unsigned char)name[0]))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (!isalnum(c) && c != '@' && c != '#' && c != '$')
            return false;
        out[i] = (char)toupper(c);
    }
    out[n] = '\0';
    return true;
}

/* The list's file and layout, from the catalog. */
static kr_layout *open_list(const kr_run_opts *o, const char *dsn, char **path, kr_err *err)
{
    kr_catalog *c = kr_catalog_open(o->root, true, err);
    if (!c)
        return NULL;
    kr_resolved res;
    kr_dsinfo info;
    int found = kr_catalog_resolve(c, dsn, 0, &res, err) ? kr_ds_lookup(c, res.dsn, &info, err) : -1;
    kr_catalog_close(c);
    if (found <= 0) {
        if (found == 0)
            kr_fail(err, KR_RC_ENV, "KRK2370E", "--each %s: the data set is not cataloged under %s", dsn, o->root);
        return NULL;
    }
    if (!info.layout[0]) {
        kr_fail(err, KR_RC_ENV, "KRK2370E", "--each %s: the data set has no layout in the catalog: its fields "
                "name the symbols (catalog it with LAYOUT=)", info.dsn);
        return NULL;
    }
    kr_diags d;
    kr_diags_init(&d);
    kr_layout *l = kr_layout_load(info.layout, &d);
    if (!l)
        kr_diags_print(&d, stderr);
    kr_diags_free(&d);
    if (!l) {
        kr_fail(err, KR_RC_ENV, "KRK2370E", "--each %s: its layout %s cannot be loaded", info.dsn, info.layout);
        return NULL;
    }
    *path = kr_dsn_path(o->root, info.dsn);
    return l;
}

/* The symbols of one record: NAME=value per field of its type (trailing blanks dropped). */
static bool record_symbols(const kr_layout *l, const kr_rectype *t, const unsigned char *rec, long recno,
                           const char *dsn, char ***syms, size_t *n, kr_err *err)
{
    for (size_t i = 0; i < t->n_fields; i++) {
        const kr_field *f = &t->fields[i];
        if (f->is_filler)
            continue;
        char name[9];
        if (!symbol_name(f->name, name))
            return kr_fail(err, KR_RC_ENV, "KRK2371E", "--each %s (layout %s): field %s cannot name a symbol "
                           "(1-8 letters, digits, @ # $, not a digit first)", dsn, l->name, f->name);
        if (f->sensitive)
            return kr_fail(err, KR_RC_ENV, "KRK2371E", "--each %s (layout %s): field %s is sensitive: its "
                           "value is never put into a job", dsn, l->name, f->name);
        size_t len = f->length;
        while (len > 0 && rec[f->offset + len - 1] == ' ')
            len--;
        for (size_t k = 0; k < len; k++) {
            unsigned char c = rec[f->offset + k];
            if (c < 0x21 || c > 0x7e || c == '\'' || c == '&' || c == ',')
                return kr_fail(err, KR_RC_ENV, "KRK2372E", "--each %s record %ld byte %zu (field %s): a symbol's "
                               "value is letters, digits and signs without blanks, quotes, & or commas",
                               dsn, recno, f->offset + k + 1, f->name);
        }
        *syms = kr_xrealloc(*syms, (*n + 1) * sizeof **syms);
        (*syms)[(*n)++] = kr_xasprintf("%s=%.*s", name, (int)len, (const char *)rec + f->offset);
    }
    return true;
}

int kr_run_each(const kr_run_opts *o, const char *dsn, kr_run_result *res)
{
    memset(res, 0, sizeof *res);
    FILE *log = o->log ? o->log : stderr;
    kr_err err;
    kr_err_clear(&err);
    char *path = NULL;
    kr_layout *l = open_list(o, dsn, &path, &err);
    kr_buf data;
    kr_buf_init(&data);
    size_t stride = l ? l->length + kr_terminator_len(l->terminator) : 0;
    bool ok = l && kr_read_file(path, &data, &err);
    if (ok && data.len % stride != 0)
        ok = kr_fail(&err, KR_RC_ENV, "KRK2372E", "--each %s: %zu bytes are not whole records of %zu bytes "
                     "(layout %s)", dsn, data.len, stride, l->name);
    if (!ok) {
        fprintf(log, "%s\n", err.text);
        kr_layout_free(l);
        free(path);
        kr_buf_free(&data);
        res->jcl_error = true;
        return KR_RC_ENV;
    }
    size_t records = data.len / stride;
    int type = kr_layout_data_type(l);
    int worst = KR_RC_OK;
    long runs = 0, failed = 0;
    kr_buf failures;
    kr_buf_init(&failures);
    for (size_t r = 0; r < records; r++) {
        const unsigned char *rec = (const unsigned char *)data.data + r * stride;
        if (kr_layout_classify(l, rec) != type)
            continue; /* headers and trailers are the list's framing */
        char **syms = NULL;
        size_t n = 0;
        for (size_t i = 0; i < o->n_symbols; i++) {
            syms = kr_xrealloc(syms, (n + 1) * sizeof *syms);
            syms[n++] = kr_xstrdup(o->symbols[i]);
        }
        size_t first = n;
        int rc;
        if (!record_symbols(l, &l->types[type], rec, (long)r + 1, dsn, &syms, &n, &err)) {
            fprintf(log, "%s\n", err.text);
            rc = KR_RC_ENV;
            kr_buf_addf(&failures, " record %zu (rc %d)", r + 1, rc);
        } else {
            kr_buf which;
            kr_buf_init(&which);
            for (size_t i = first; i < n; i++)
                kr_buf_addf(&which, "%s%s", i > first ? " " : "", syms[i]);
            fprintf(log, "KRK2373I %s: run %ld for record %zu of %s: %s\n", o->jcl, runs + 1, r + 1, dsn,
                    which.data ? which.data : "");
            kr_run_opts one = *o;
            one.symbols = (const char *const *)syms;
            one.n_symbols = n;
            kr_run_result rr;
            rc = kr_run_job(&one, &rr);
            if (rr.abend[0] && !res->abend[0])
                snprintf(res->abend, sizeof res->abend, "%s", rr.abend);
            if (rr.maxcc > res->maxcc)
                res->maxcc = rr.maxcc;
            res->jcl_error |= rr.jcl_error;
            res->run = rr.run;
            if (rc >= KR_RC_REJECT)
                kr_buf_addf(&failures, " %s (rc %d)", which.data ? which.data : "", rc);
            kr_buf_free(&which);
        }
        runs++;
        failed += rc >= KR_RC_REJECT;
        if (rc > worst)
            worst = rc;
        for (size_t i = 0; i < n; i++)
            free(syms[i]);
        free(syms);
    }
    if (runs == 0) {
        fprintf(log, "KRK2374W %s: --each %s holds no data record: the job was not run\n", o->jcl, dsn);
        worst = KR_RC_WARN;
    } else
        fprintf(log, "KRK2375I %s: --each %s: %ld run%s, highest return code %d%s%s\n", o->jcl, dsn, runs,
                runs == 1 ? "" : "s", worst, failed ? "; ended with 8 or more:" : "", failed ? failures.data : "");
    kr_buf_free(&failures);
    kr_buf_free(&data);
    kr_layout_free(l);
    free(path);
    return worst;
}
