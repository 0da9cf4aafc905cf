/* override.c: `//procstep.ddname DD` after an EXEC of a procedure overrides the procedure's
 * DD statement of that name (JCL Reference, "Overriding DD statements in a procedure"): a
 * keyword the override codes replaces the procedure's, `KEY=` with no value removes it, the
 * others stay. DSN= replaces DUMMY and SYSOUT=, SYSOUT= replaces DSN= and DISP=, `*`/DATA
 * replace the data set, DUMMY makes the data set a dummy and keeps its other keywords. The
 * result is operand text, with the place of every byte, that builds the DD anew. */
#include "jcl_build.h"

#include <string.h>

static bool has_key(const jcl_val *ops, const char *k1, const char *k2)
{
    for (size_t i = 0; i < ops->n; i++)
        if (ops->items[i].key &&
            (strcmp(ops->items[i].key, k1) == 0 || (k2 && strcmp(ops->items[i].key, k2) == 0)))
            return true;
    return false;
}

static bool positional(const jcl_val *ops, const char *word)
{
    return ops->n && !ops->items[0].key && ops->items[0].kind == JCL_V_WORD &&
           strcasecmp(ops->items[0].text, word) == 0;
}

static bool is_dsn(const char *k)
{
    return strcmp(k, "DSN") == 0 || strcmp(k, "DSNAME") == 0;
}

/* True when the procedure's item survives the override. */
static bool keep_item(const jcl_val *it, const jcl_val *over)
{
    bool instream = positional(over, "*") || positional(over, "DATA");
    if (!it->key) /* *, DATA, DUMMY: replaced by a positional or a data set */
        return !(over->n && !over->items[0].key) && !has_key(over, "DSN", "DSNAME") &&
               !has_key(over, "SYSOUT", NULL);
    if (has_key(over, it->key, NULL) || (is_dsn(it->key) && has_key(over, "DSN", "DSNAME")))
        return false;
    if ((is_dsn(it->key) || strcmp(it->key, "DISP") == 0) &&
        (has_key(over, "SYSOUT", NULL) || instream))
        return false;
    if (strcmp(it->key, "SYSOUT") == 0 && (has_key(over, "DSN", "DSNAME") || instream))
        return false;
    return true;
}

static void add_slice(jcl_text *out, const jcl_text *t, size_t from, size_t to)
{
    if (out->len)
        jcl_text_add(out, ',', t->pos[from]);
    for (size_t i = from; i < to; i++)
        jcl_text_add(out, t->text[i], t->pos[i]);
}

void jcl_override_text(const jcl_text *proc, const jcl_text *over, jcl_text *out)
{
    jcl_val pv, ov;
    memset(out, 0, sizeof *out);
    kr_diags quiet;
    kr_diags_init(&quiet);
    int errors = 0;
    /* both were parsed once already without errors */
    jcl_operands(proc, "", &pv, &quiet, &errors);
    jcl_operands(over, "", &ov, &quiet, &errors);
    /* the override's positional operand first, where a DD statement has it */
    if (ov.n && !ov.items[0].key)
        add_slice(out, over, ov.items[0].istart, ov.items[0].vend);
    for (size_t i = 0; i < pv.n; i++)
        if (keep_item(&pv.items[i], &ov)) {
            if (!pv.items[i].key && out->len)
                continue; /* a positional operand stays first */
            add_slice(out, proc, pv.items[i].istart, pv.items[i].vend);
        }
    for (size_t i = 0; i < ov.n; i++)
        if (ov.items[i].key && ov.items[i].kind != JCL_V_EMPTY)
            add_slice(out, over, ov.items[i].istart, ov.items[i].vend);
    jcl_val_free(&pv);
    jcl_val_free(&ov);
    kr_diags_free(&quiet);
}
