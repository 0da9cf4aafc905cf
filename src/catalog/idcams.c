/* idcams.c: the IDCAMS program over the catalog: DEFINE GENERATIONDATAGROUP, DELETE, LISTCAT
 * (listcat.c) and SET MAXCC/LASTCC, each statement echoed, then its messages and its
 * condition code; the highest (MAXCC) is IDCAMS's return code, and 16 ends the run. */
#include "idcams.h"

#include <stdlib.h>
#include <string.h>

typedef struct idc_run {
    kr_catalog *c;
    const char *name;
    FILE *out;
} idc_run;

static int syntax(idc_run *r, const idc_item *it, const char *fmt, const char *arg)
{
    fprintf(r->out, "KRK1362E %s:%d:%d: ", r->name, it->line, it->col);
    fprintf(r->out, fmt, arg);
    fprintf(r->out, "; the statement is not run (condition code 12)\n");
    return 12;
}

/* The condition code IDCAMS gives a failed catalog call: 16 for Berkeley DB's own errors,
 * otherwise the error's return code, at most 12. */
static int failed(idc_run *r, const kr_err *err)
{
    fprintf(r->out, "%s\n", err->text);
    if (strncmp(err->text, "KRK1310E", 8) == 0 || strncmp(err->text, "KRK1311E", 8) == 0)
        return 16;
    return err->rc > 12 ? 12 : err->rc < 4 ? 8 : err->rc;
}

/* The single name inside KEYWORD(...). */
static const char *one_value(const idc_item *it)
{
    return it->n_kids == 1 && it->kids[0].word && !it->kids[0].parens ? it->kids[0].word : NULL;
}

static int define_gdg(idc_run *r, const idc_item *params, size_t n)
{
    const char *name = NULL;
    long limit = -1;
    bool scratch = false, empty = false;
    for (size_t i = 0; i < n; i++) {
        const idc_item *it = &params[i];
        if (idc_is(it->word, "NAME")) {
            if (!(name = one_value(it)))
                return syntax(r, it, "%s: write NAME(entryname)", "NAME");
        } else if (idc_is(it->word, "LIMIT|LIM")) {
            const char *v = one_value(it);
            char *end;
            limit = v ? strtol(v, &end, 10) : -1;
            if (!v || *end || limit < 1 || limit > KR_GDG_LIMIT_MAX)
                return syntax(r, it, "%s: write LIMIT(n) with n from 1 to 255", "LIMIT");
        } else if (idc_is(it->word, "SCRATCH|SCR") && !it->parens) {
            scratch = true;
        } else if (idc_is(it->word, "NOSCRATCH|NSCR") && !it->parens) {
            scratch = false;
        } else if (idc_is(it->word, "EMPTY|EMP") && !it->parens) {
            empty = true;
        } else if (idc_is(it->word, "NOEMPTY|NEMP") && !it->parens) {
            empty = false;
        } else if (idc_is(it->word, "OWNER|FOR|TO") && it->parens) {
            continue; /* accepted and not kept: kiroku has no owners or expiry dates */
        } else {
            return syntax(r, it, "%s is not a parameter of DEFINE GDG kiroku knows (NAME, LIMIT, SCRATCH, "
                                 "NOSCRATCH, EMPTY, NOEMPTY)",
                          it->word ? it->word : "(");
        }
    }
    if (!name || limit < 0) {
        fprintf(r->out, "KRK1363E DEFINE GDG needs NAME(...) and LIMIT(n) (condition code 12)\n");
        return 12;
    }
    kr_err err;
    if (!kr_gdg_define(r->c, name, (unsigned)limit, scratch, empty, &err))
        return failed(r, &err);
    return 0;
}

/* DEFINE NONVSAM (NAME(...) [LAYOUT(...)]): catalogs a file that is in place; a generation's
 * name goes into its group as the newest generation. */
static int define_nonvsam(idc_run *r, const idc_item *params, size_t n)
{
    const char *name = NULL, *layout = NULL;
    for (size_t i = 0; i < n; i++) {
        const idc_item *it = &params[i];
        if (idc_is(it->word, "NAME")) {
            if (!(name = one_value(it)))
                return syntax(r, it, "%s: write NAME(entryname)", "NAME");
        } else if (idc_is(it->word, "LAYOUT")) {
            if (!(layout = one_value(it)))
                return syntax(r, it, "%s: write LAYOUT(name)", "LAYOUT");
        } else if (idc_is(it->word, "DEVICETYPES|DEVT|VOLUMES|VOL|OWNER|FOR|TO") && it->parens) {
            continue; /* accepted and not kept: kiroku's data sets are files under the root */
        } else {
            return syntax(r, it, "%s is not a parameter of DEFINE NONVSAM kiroku knows (NAME, LAYOUT)",
                          it->word ? it->word : "(");
        }
    }
    if (!name) {
        fprintf(r->out, "KRK1363E DEFINE NONVSAM needs NAME(...) (condition code 12)\n");
        return 12;
    }
    kr_err err;
    char dsn[KR_DSN_MAX + 1], base[KR_DSN_MAX + 1];
    unsigned gen;
    if (!kr_dsn_check(name, dsn, &err))
        return failed(r, &err);
    char lower[256];
    snprintf(lower, sizeof lower, "%s", layout ? layout : "");
    for (char *p = lower; *p; p++)
        *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
    if (kr_gen_split(dsn, base, &gen)) {
        kr_buf note;
        kr_buf_init(&note);
        bool ok = kr_gdg_catalog_generation(r->c, dsn, layout ? lower : NULL, &note, &err);
        fputs(note.data ? note.data : "", r->out);
        kr_buf_free(&note);
        return ok ? 0 : failed(r, &err);
    }
    char *path = kr_dsn_path(kr_catalog_root(r->c), dsn);
    bool there = kr_is_file(path);
    free(path);
    if (!there) {
        fprintf(r->out, "KRK1365E %s: its file is not in place under the data root (condition code 8)\n", dsn);
        return 8;
    }
    if (!kr_ds_catalog(r->c, dsn, layout ? lower : NULL, 0, &err))
        return failed(r, &err);
    return 0;
}

/* The parameters of DEFINE TYPE: in one pair of parentheses after TYPE, or after it. */
static int define_params(idc_run *r, const idc_stmt *st, int (*fn)(idc_run *, const idc_item *, size_t))
{
    const idc_item *type = &st->items[1];
    if (type->parens && st->n == 2)
        return fn(r, type->kids, type->n_kids);
    if (!type->parens && st->n == 3 && !st->items[2].word)
        return fn(r, st->items[2].kids, st->items[2].n_kids);
    if (!type->parens)
        return fn(r, st->items + 2, st->n - 2);
    return syntax(r, type, "%s: write DEFINE TYPE (NAME(...) ...)", "DEFINE");
}

static int cmd_define(idc_run *r, const idc_stmt *st)
{
    if (st->n >= 2 && idc_is(st->items[1].word, "GENERATIONDATAGROUP|GDG"))
        return define_params(r, st, define_gdg);
    if (st->n >= 2 && idc_is(st->items[1].word, "NONVSAM|NVSAM"))
        return define_params(r, st, define_nonvsam);
    return syntax(r, st->n < 2 ? &st->items[0] : &st->items[1],
                  "%s: kiroku defines GENERATIONDATAGROUP (GDG) and NONVSAM only", "DEFINE");
}
static int delete_one(idc_run *r, const char *name, bool gdg_type, bool force, bool scratch)
{
    kr_err err;
    char dsn[KR_DSN_MAX + 1];
    if (!kr_dsn_check(name, dsn, &err))
        return failed(r, &err);
    kr_gdg g;
    int is_gdg = strlen(dsn) <= KR_GDG_BASE_MAX ? kr_gdg_get(r->c, dsn, &g, &err) : 0;
    if (is_gdg < 0)
        return failed(r, &err);
    if (gdg_type && !is_gdg) {
        fprintf(r->out, "KRK1364E ENTRY %s NOT DELETED: it is not a GDG base (condition code 8)\n", dsn);
        return 8;
    }
    if (is_gdg) {
        if (!kr_gdg_delete(r->c, dsn, force, &err))
            return failed(r, &err);
        fprintf(r->out, "KRK1366I ENTRY (B) %s DELETED\n", dsn);
        return 0;
    }
    if (!kr_ds_delete(r->c, dsn, scratch, &err))
        return failed(r, &err);
    fprintf(r->out, "KRK1366I ENTRY (A) %s %s\n", dsn, scratch ? "DELETED" : "UNCATALOGED");
    return 0;
}

static int cmd_delete(idc_run *r, const idc_stmt *st)
{
    if (st->n < 2)
        return syntax(r, &st->items[0], "%s: name the entry to delete", "DELETE");
    const idc_item *names = &st->items[1];
    bool gdg = false, force = false, scratch = true;
    size_t first = 1;
    if (names->word && !names->parens) {
        first = 2;
    } else if (!names->word) {
        first = 2;
    } else {
        return syntax(r, names,
                      "%s(...): DELETE takes names; a generation by its absolute name (BASE.GnnnnV00)",
                      names->word);
    }
    for (size_t i = first; i < st->n; i++) {
        const idc_item *it = &st->items[i];
        if (it->parens)
            return syntax(r, it, "%s is not a parameter of DELETE kiroku knows", it->word ? it->word : "(");
        if (idc_is(it->word, "GENERATIONDATAGROUP|GDG"))
            gdg = true;
        else if (idc_is(it->word, "FORCE|FRC"))
            force = true;
        else if (idc_is(it->word, "NOFORCE|NFRC"))
            force = false;
        else if (idc_is(it->word, "SCRATCH|SCR"))
            scratch = true;
        else if (idc_is(it->word, "NOSCRATCH|NSCR"))
            scratch = false;
        else if (idc_is(it->word, "PURGE|PRG|NOPURGE|NPRG|NONVSAM|NVSAM"))
            continue; /* no retention periods in kiroku: PURGE changes nothing */
        else
            return syntax(r, it,
                          "%s is not a parameter of DELETE kiroku knows (GDG, NONVSAM, FORCE, NOFORCE, "
                          "SCRATCH, NOSCRATCH, PURGE, NOPURGE)",
                          it->word);
    }
    int cc = 0;
    if (names->word) {
        cc = delete_one(r, names->word, gdg, force, scratch);
    } else {
        for (size_t i = 0; i < names->n_kids; i++) {
            const idc_item *it = &names->kids[i];
            if (!it->word || it->parens)
                return syntax(r, it, "%s: a name in DELETE's list", "(");
            int one = delete_one(r, it->word, gdg, force, scratch);
            cc = one > cc ? one : cc;
        }
    }
    return cc;
}

/* SET MAXCC=n or LASTCC=n; *maxcc and *lastcc change. */
static int cmd_set(idc_run *r, const idc_stmt *st, int *maxcc, int *lastcc)
{
    for (size_t i = 1; i < st->n; i += 3) {
        const idc_item *it = &st->items[i];
        bool is_max = idc_is(it->word, "MAXCC"), is_last = idc_is(it->word, "LASTCC");
        if (!is_max && !is_last)
            return syntax(r, it, "%s: SET sets MAXCC or LASTCC", it->word ? it->word : "(");
        if (i + 2 >= st->n || !idc_is(st->items[i + 1].word, "=") || !st->items[i + 2].word)
            return syntax(r, it, "%s: write SET MAXCC=n or SET LASTCC=n", it->word);
        char *end;
        long v = strtol(st->items[i + 2].word, &end, 10);
        if (*end || v < 0 || v > 16)
            return syntax(r, &st->items[i + 2], "%s: a condition code is 0 to 16", st->items[i + 2].word);
        if (is_max)
            *maxcc = (int)v;
        else
            *lastcc = (int)v;
    }
    return -1;
}

bool kr_idcams_changes(const char *sysin, size_t len, const char *sysin_name, kr_buf *what)
{
    idc_stmt *st;
    size_t n;
    idc_parse(sysin, len, sysin_name, &st, &n);
    bool changes = false;
    for (size_t i = 0; i < n; i++) {
        if (st[i].error[0] || idc_is(st[i].items[0].word, "LISTCAT|LISTC") || idc_is(st[i].items[0].word, "SET"))
            continue;
        changes = true;
        if (what->len)
            kr_buf_adds(what, "; ");
        bool blank = false;
        for (const char *p = st[i].text; *p; p++) {
            bool space = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
            if (space && !blank && what->len && what->data[what->len - 1] != ' ')
                kr_buf_addc(what, ' ');
            else if (!space)
                kr_buf_addc(what, *p);
            blank = space;
        }
        while (what->len && what->data[what->len - 1] == ' ')
            what->data[--what->len] = '\0';
    }
    idc_stmts_free(st, n);
    return changes;
}

int kr_idcams(kr_catalog *c, const char *sysin, size_t len, const char *sysin_name, FILE *sysprint)
{
    idc_run r = {c, sysin_name, sysprint};
    idc_stmt *st;
    size_t n;
    idc_parse(sysin, len, sysin_name, &st, &n);
    fprintf(sysprint, "IDCAMS  SYSTEM SERVICES (kiroku)\n");
    int maxcc = 0, lastcc = 0;
    for (size_t i = 0; i < n; i++) {
        fprintf(sysprint, "\n%s", st[i].text);
        int cc;
        if (st[i].error[0]) {
            fprintf(sysprint, "KRK1362E %s; the statement is not run (condition code 12)\n", st[i].error);
            cc = 12;
        } else if (idc_is(st[i].items[0].word, "DEFINE|DEF")) {
            cc = cmd_define(&r, &st[i]);
        } else if (idc_is(st[i].items[0].word, "DELETE|DEL")) {
            cc = cmd_delete(&r, &st[i]);
        } else if (idc_is(st[i].items[0].word, "LISTCAT|LISTC")) {
            cc = idc_listcat(c, &st[i], sysin_name, sysprint);
        } else if (idc_is(st[i].items[0].word, "SET")) {
            cc = cmd_set(&r, &st[i], &maxcc, &lastcc);
            if (cc < 0) {
                if (maxcc >= 16)
                    break;
                continue;
            }
        } else {
            cc = syntax(&r, &st[i].items[0],
                        "%s is not a command kiroku's IDCAMS knows (DEFINE GDG, DELETE, LISTCAT, SET)",
                        st[i].items[0].word);
        }
        lastcc = cc;
        maxcc = cc > maxcc ? cc : maxcc;
        fprintf(sysprint, "KRK1360I FUNCTION COMPLETED, HIGHEST CONDITION CODE WAS %d\n", cc);
        if (maxcc >= 16)
            break;
    }
    fprintf(sysprint, "\nKRK1361I IDCAMS PROCESSING COMPLETE. MAXIMUM CONDITION CODE WAS %d\n", maxcc);
    idc_stmts_free(st, n);
    return maxcc;
}
