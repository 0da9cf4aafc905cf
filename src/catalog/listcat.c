/* listcat.c: IDCAMS LISTCAT over the catalog: ENTRIES(names) or LEVEL(qualifiers), NAME
 * (the default) or ALL, in LISTCAT's layout (entry type, name, HISTORY, ATTRIBUTES,
 * ASSOCIATIONS) with kiroku's own attributes (the layout, the file) and the count of entries
 * at the end. */
#include "idcams.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static void creation(FILE *out, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    fprintf(out, "     HISTORY\n       CREATION--------%04d.%03d\n", tm.tm_year + 1900, tm.tm_yday + 1);
}

static void list_gdg(FILE *out, const kr_gdg *g, bool all)
{
    fprintf(out, "GDG BASE ------ %s\n", g->base);
    if (!all)
        return;
    creation(out, g->created);
    fprintf(out, "     ATTRIBUTES\n       LIMIT-----------------%-3u %s %s\n", g->limit,
            g->scratch ? "SCRATCH  " : "NOSCRATCH", g->empty ? "EMPTY" : "NOEMPTY");
    fprintf(out, "     ASSOCIATIONS\n");
    if (g->n == 0)
        fprintf(out, "       (NULL)\n");
    for (size_t i = 0; i < g->n; i++) {
        char name[KR_DSN_MAX + 1];
        kr_gen_name(g->base, g->gens[i], name);
        fprintf(out, "       NONVSAM--%s\n", name);
    }
}

static void list_ds(FILE *out, const char *root, const kr_dsinfo *d, bool all)
{
    fprintf(out, "NONVSAM ------- %s\n", d->dsn);
    if (!all)
        return;
    creation(out, d->created);
    if (d->run)
        fprintf(out, "       CREATED-BY-RUN--%llu\n", (unsigned long long)d->run);
    char *path = kr_dsn_path(root, d->dsn);
    fprintf(out, "     ATTRIBUTES\n       LAYOUT----------%s\n       FILE------------%s\n",
            d->layout[0] ? d->layout : "(NULL)", path);
    free(path);
    if (d->generation)
        fprintf(out, "     ASSOCIATIONS\n       GDG------%s\n", d->base);
}

static int usage(FILE *out, const char *name, const idc_item *it, const char *what)
{
    fprintf(out, "KRK1362E %s:%d:%d: %s; the statement is not run (condition code 12)\n", name, it->line, it->col,
            what);
    return 12;
}

int idc_listcat(kr_catalog *c, const idc_stmt *st, const char *name, FILE *out)
{
    const idc_item *entries = NULL, *level = NULL;
    bool all = false;
    for (size_t i = 1; i < st->n; i++) {
        const idc_item *it = &st->items[i];
        if (idc_is(it->word, "ENTRIES|ENT") && it->parens && it->n_kids)
            entries = it;
        else if (idc_is(it->word, "LEVEL|LVL") && it->parens && it->n_kids == 1 && it->kids[0].word)
            level = it;
        else if (idc_is(it->word, "ALL") && !it->parens)
            all = true;
        else if (idc_is(it->word, "NAME|NAMES|NONVSAM|NVSAM|GENERATIONDATAGROUP|GDG") && !it->parens)
            continue; /* kiroku's catalog holds these two kinds only */
        else
            return usage(out, name, it,
                         "not a LISTCAT parameter kiroku knows (ENTRIES(names), LEVEL(qualifiers), NAME, ALL)");
    }
    if (entries && level)
        return usage(out, name, level, "LISTCAT takes ENTRIES or LEVEL, not both");
    kr_err err;
    char lvl[KR_DSN_MAX + 1] = "";
    if (level && !kr_dsn_check(level->kids[0].word, lvl, &err)) {
        fprintf(out, "%s\n", err.text);
        return 12;
    }
    kr_catentry *items;
    size_t n;
    if (!kr_catalog_list(c, entries ? "" : lvl, &items, &n, &err)) {
        fprintf(out, "%s\n", err.text);
        return 16;
    }
    fprintf(out, "LISTING FROM CATALOG -- %s/.kiroku/catalog\n", kr_catalog_root(c));
    size_t gdgs = 0, nonvsam = 0;
    int cc = 0;
    for (size_t k = 0; k < (entries ? entries->n_kids : 1); k++) {
        char want[KR_DSN_MAX + 1] = "";
        if (entries) {
            const idc_item *e = &entries->kids[k];
            if (!e->word || e->parens || !kr_dsn_check(e->word, want, &err)) {
                if (e->word && !e->parens)
                    fprintf(out, "%s\n", err.text);
                else
                    usage(out, name, e, "ENTRIES holds names");
                cc = 12;
                continue;
            }
        }
        bool found = false;
        for (size_t i = 0; i < n; i++) {
            const kr_catentry *it = &items[i];
            const char *nm = it->is_gdg ? it->gdg.base : it->ds.dsn;
            if (entries && strcmp(nm, want) != 0)
                continue;
            found = true;
            fputc('\n', out);
            if (it->is_gdg) {
                list_gdg(out, &it->gdg, all);
                gdgs++;
            } else {
                list_ds(out, kr_catalog_root(c), &it->ds, all);
                nonvsam++;
            }
        }
        if (entries && !found) {
            fprintf(out, "\nKRK1367W ENTRY %s NOT FOUND (condition code 4)\n", want);
            cc = cc > 4 ? cc : 4;
        }
    }
    if (!entries && level && n == 0) {
        fprintf(out, "\nKRK1367W no entry at LEVEL(%s) (condition code 4)\n", lvl);
        cc = cc > 4 ? cc : 4;
    }
    fprintf(out,
            "\n          THE NUMBER OF ENTRIES PROCESSED WAS:\n"
            "                    GDG -------------------%zu\n"
            "                    NONVSAM ---------------%zu\n"
            "                    TOTAL -----------------%zu\n",
            gdgs, nonvsam, gdgs + nonvsam);
    free(items);
    return cc;
}
