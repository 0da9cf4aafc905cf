/* dd.c: one DD statement's operands as a kr_jcl_dd: DSN= (plain, relative generations
 * NAME(+1) (0) (-n), temporaries &&NAME), DISP= with the defaults of the JCL Reference,
 * * and DATA (in-stream), DUMMY, SYSOUT=, LAYOUT=, DCB=(LRECL=,RECFM=), LRECL=, RECFM=, DLM=;
 * GDGORDER= (every generation of a GDG); SPACE=, UNIT=, VOL= are accepted and ignored. */
#include "jcl_private.h"
#include "jcl_build.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DSN 44

static bool bad(jcl_build *b, jcl_pos at, const char *fmt, const char *arg)
{
    jcl_report(b->diags, &b->errors, KR_RC_ENV, "KRK1106E", b->path, at, fmt, arg);
    return false;
}

static const kr_jcl_dd *find_dd(const kr_jcl_step *s, const char *name)
{
    for (size_t i = 0; s && i < s->n_dds; i++)
        if (strcmp(s->dds[i].name, name) == 0)
            return &s->dds[i];
    return NULL;
}

/* DSN=*.ddname (the step's own), *.step.ddname, *.step.procstep.ddname: the data set of an
 * earlier DD statement (JCL Reference, "Backward references"). Inside a procedure, step is
 * a step of the same procedure call. */
static bool parse_referback(jcl_build *b, const jcl_val *v, kr_jcl_dd *dd)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s", v->text + 2);
    for (char *p = buf; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    char *parts[3];
    size_t n = 0;
    char *save = NULL;
    for (char *p = strtok_r(buf, ".", &save); p && n < 3; p = strtok_r(NULL, ".", &save))
        parts[n++] = p;
    const kr_jcl_step *step = NULL;
    const kr_jcl_job *job = b->job;
    if (n == 1) {
        step = b->step;
    } else if (n >= 2) {
        for (size_t i = 0; i < job->n_steps && !step; i++) {
            const kr_jcl_step *s = job->steps[i];
            bool by_name = strcmp(s->name ? s->name : "", parts[0]) == 0 &&
                           (n == 3 ? s->procstep && strcmp(s->procstep, parts[1]) == 0
                                   : !s->procstep);
            bool in_call = n == 2 && b->in_call && s->procstep && b->step && s->name &&
                           b->step->name && strcmp(s->name, b->step->name) == 0 &&
                           strcmp(s->procstep, parts[0]) == 0;
            if (by_name || in_call)
                step = s;
        }
    }
    const kr_jcl_dd *ref = n ? find_dd(step, parts[n - 1]) : NULL;
    if (!ref || ref->kind != KR_JCL_DD_DATASET || !ref->dsn)
        return bad(b, v->vpos, "%s names no earlier DD statement with a data set name", v->text);
    free(dd->referback); /* DSN= coded twice: the last one counts */
    dd->referback = kr_xstrdup(v->text);
    free(dd->dsn);
    dd->dsn = kr_xstrdup(ref->dsn);
    dd->temporary = ref->temporary;
    dd->has_gen = ref->has_gen;
    dd->gen = ref->gen;
    dd->gdgorder = ref->gdgorder;
    return true;
}

static bool parse_dsn(jcl_build *b, const jcl_val *v, kr_jcl_dd *dd)
{
    if (v->kind != JCL_V_WORD)
        return bad(b, v->vpos, "DSN= is a data set name%s", "");
    const char *s = v->text;
    if (s[0] == '*' && s[1] == '.')
        return parse_referback(b, v, dd);
    if (s[0] == '&' && s[1] == '&') {
        dd->temporary = true;
        s += 2;
    }
    const char *paren = strchr(s, '(');
    size_t n = paren ? (size_t)(paren - s) : strlen(s);
    if (n == 0 || n > MAX_DSN)
        return bad(b, v->vpos, "a data set name has 1 to 44 characters (%s)", v->text);
    size_t q = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '.') {
            if (q == 0 || i + 1 == n)
                return bad(b, v->vpos, "an empty qualifier in the data set name %s", v->text);
            q = 0;
            continue;
        }
        if (!isalnum((unsigned char)c) && c != '@' && c != '#' && c != '$' && c != '-')
            return bad(b, v->vpos, "a data set name has letters, digits, @ # $ - and periods "
                                   "(%s)", v->text);
        if (++q > 8)
            return bad(b, v->vpos, "a qualifier of a data set name has at most 8 characters "
                                   "(%s)", v->text);
    }
    free(dd->referback); /* DSN= coded twice: the last one counts */
    dd->referback = NULL;
    free(dd->dsn);
    dd->dsn = kr_xstrndup(s, n);
    for (char *p = dd->dsn; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    if (paren) {
        const char *g = paren + 1;
        char *end;
        long gen = strtol(g, &end, 10);
        if (end == g || *end != ')' || end[1] || gen > 255 || gen < -255 ||
            (gen > 0 && *g != '+'))
            return bad(b, v->vpos, "a relative generation is NAME(+1), NAME(0) or NAME(-n); "
                                   "members of partitioned data sets are not supported (%s)",
                       v->text);
        if (dd->temporary)
            return bad(b, v->vpos, "a temporary data set has no generations (%s)", v->text);
        dd->has_gen = true;
        dd->gen = (int)gen;
    }
    if (strcmp(dd->dsn, "NULLFILE") == 0 && !dd->temporary && !dd->has_gen)
        dd->kind = KR_JCL_DD_DUMMY;
    return true;
}

static bool word_in(const jcl_val *v, const char *const *words, size_t n, int *out)
{
    if (v->kind != JCL_V_WORD)
        return false;
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(v->text, words[i]) == 0) {
            *out = (int)i;
            return true;
        }
    return false;
}

static bool parse_disp(jcl_build *b, const jcl_val *v, kr_jcl_dd *dd)
{
    static const char *const status[] = {"NEW", "OLD", "SHR", "MOD"};
    static const char *const disp[] = {"DELETE", "KEEP", "PASS", "CATLG", "UNCATLG"};
    const jcl_val *items = v->kind == JCL_V_LIST ? v->items : v;
    size_t n = v->kind == JCL_V_LIST ? v->n : 1;
    if (n > 3)
        return bad(b, v->vpos, "DISP= is (status,normal,abnormal)%s", "");
    int st = KR_JCL_NEW, normal = -1, abnormal = -1;
    if (n >= 1 && items[0].kind != JCL_V_EMPTY && !word_in(&items[0], status, 4, &st))
        return bad(b, items[0].vpos, "the DISP= status is NEW, OLD, SHR or MOD%s", "");
    if (n >= 2 && items[1].kind != JCL_V_EMPTY && !word_in(&items[1], disp, 5, &normal))
        return bad(b, items[1].vpos, "the normal DISP= is DELETE, KEEP, PASS, CATLG or "
                                     "UNCATLG%s", "");
    if (n >= 3 && items[2].kind != JCL_V_EMPTY &&
        (!word_in(&items[2], disp, 5, &abnormal) || abnormal == KR_JCL_PASS))
        return bad(b, items[2].vpos, "the abnormal DISP= is DELETE, KEEP, CATLG or UNCATLG%s", "");
    bool existing = st != KR_JCL_NEW;
    /* JCL Reference, DISP parameter, "Defaults" */
    if (normal < 0)
        normal = existing ? KR_JCL_KEEP : KR_JCL_DELETE;
    if (abnormal < 0)
        abnormal = normal != KR_JCL_PASS ? normal : existing ? KR_JCL_KEEP : KR_JCL_DELETE;
    dd->status = (kr_jcl_status)st;
    dd->normal = (kr_jcl_disp)normal;
    dd->abnormal = (kr_jcl_disp)abnormal;
    dd->disp_given = true;
    return true;
}

static bool parse_lrecl(jcl_build *b, const jcl_val *v, kr_jcl_dd *dd)
{
    char *end;
    long n = v->kind == JCL_V_WORD ? strtol(v->text, &end, 10) : 0;
    if (v->kind != JCL_V_WORD || *end || n < 1 || n > 1048576)
        return bad(b, v->vpos, "LRECL= is a record length from 1 to 1048576%s", "");
    dd->lrecl = n;
    return true;
}

static bool parse_recfm(jcl_build *b, const jcl_val *v, kr_jcl_dd *dd)
{
    if (v->kind != JCL_V_WORD || strlen(v->text) > 4)
        return bad(b, v->vpos, "RECFM= is F, FB, V, VB or U%s", "");
    free(dd->recfm);
    dd->recfm = kr_xstrdup(v->text);
    return true;
}

static bool parse_dcb(jcl_build *b, const jcl_val *v, kr_jcl_dd *dd)
{
    const jcl_val *items = v->kind == JCL_V_LIST ? v->items : v;
    size_t n = v->kind == JCL_V_LIST ? v->n : 1;
    for (size_t i = 0; i < n; i++) {
        const jcl_val *it = &items[i];
        if (!it->key)
            return bad(b, it->vpos, "DCB= takes LRECL=, RECFM=, BLKSIZE=, DSORG=%s", "");
        if (strcmp(it->key, "LRECL") == 0) {
            if (!parse_lrecl(b, it, dd))
                return false;
        } else if (strcmp(it->key, "RECFM") == 0) {
            if (!parse_recfm(b, it, dd))
                return false;
        } else if (strcmp(it->key, "BLKSIZE") && strcmp(it->key, "DSORG")) {
            return bad(b, it->pos, "DCB= takes LRECL=, RECFM=, BLKSIZE=, DSORG= (not %s=)", it->key);
        }
    }
    return true;
}

static char *word_or_string(const jcl_val *v)
{
    return (v->kind == JCL_V_WORD || v->kind == JCL_V_STRING) ? kr_xstrdup(v->text) : NULL;
}

bool jcl_build_dd(jcl_build *b, const jcl_val *ops, kr_jcl_dd *dd)
{
    bool ok = true, instream = false, is_data = false, has_dsn = false;
    dd->kind = KR_JCL_DD_DATASET;
    for (size_t i = 0; i < ops->n; i++) {
        const jcl_val *v = &ops->items[i];
        if (!v->key) {
            if (i == 0 && v->kind == JCL_V_WORD &&
                (strcmp(v->text, "*") == 0 || strcasecmp(v->text, "DATA") == 0)) {
                instream = true;
                is_data = v->text[0] != '*';
                dd->kind = KR_JCL_DD_INSTREAM;
            } else if (i == 0 && v->kind == JCL_V_WORD && strcasecmp(v->text, "DUMMY") == 0) {
                dd->kind = KR_JCL_DD_DUMMY;
            } else {
                ok = bad(b, v->vpos, "a DD statement's only positional operands are *, DATA "
                                     "and DUMMY, first%s", "");
            }
            continue;
        }
        const char *k = v->key;
        if (v->kind == JCL_V_EMPTY)
            continue; /* KEY= nullifies the keyword (in an override): as if not coded */
        if (strcmp(k, "DSN") == 0 || strcmp(k, "DSNAME") == 0) {
            has_dsn = true;
            ok = parse_dsn(b, v, dd) && ok;
        } else if (strcmp(k, "DISP") == 0) {
            ok = parse_disp(b, v, dd) && ok;
        } else if (strcmp(k, "SYSOUT") == 0) {
            const jcl_val *c = v->kind == JCL_V_LIST && v->n ? &v->items[0] : v;
            if (c->kind != JCL_V_WORD || strlen(c->text) != 1 ||
                !(isalnum((unsigned char)c->text[0]) || c->text[0] == '*'))
                ok = bad(b, v->vpos, "SYSOUT= is * or a class (one letter or digit)%s", "");
            else {
                dd->kind = KR_JCL_DD_SYSOUT;
                free(dd->sysout);
                dd->sysout = kr_xstrdup(c->text);
            }
        } else if (strcmp(k, "LAYOUT") == 0) {
            if (v->kind != JCL_V_WORD && v->kind != JCL_V_STRING)
                ok = bad(b, v->vpos, "LAYOUT= names a layout%s", "");
            else {
                free(dd->layout); /* LAYOUT= coded twice: the last one counts */
                dd->layout = word_or_string(v);
            }
        } else if (strcmp(k, "DCB") == 0) {
            ok = parse_dcb(b, v, dd) && ok;
        } else if (strcmp(k, "LRECL") == 0) {
            ok = parse_lrecl(b, v, dd) && ok;
        } else if (strcmp(k, "RECFM") == 0) {
            ok = parse_recfm(b, v, dd) && ok;
        } else if (strcmp(k, "DLM") == 0) {
            char *dlm = word_or_string(v);
            if (!dlm || strlen(dlm) != 2)
                ok = bad(b, v->vpos, "DLM= is two characters%s", "");
            free(dd->dlm);
            dd->dlm = dlm;
        } else if (strcmp(k, "SYMBOLS") == 0) {
            /* z/OS 2.1: symbols in in-stream data. JCLONLY and EXECSYS mean the same here
             * (kiroku has no system symbols); NO (the default) leaves the data as it is. */
            char *how = word_or_string(v);
            if (how && (strcasecmp(how, "JCLONLY") == 0 || strcasecmp(how, "EXECSYS") == 0 ||
                        strcasecmp(how, "CNVTSYS") == 0))
                dd->symbols = true;
            else if (!how || strcasecmp(how, "NO") != 0)
                ok = bad(b, v->vpos, "SYMBOLS= is JCLONLY, EXECSYS, CNVTSYS or NO%s", "");
            free(how);
        } else if (strcmp(k, "PATH") == 0) {
            char *path = word_or_string(v);
            if (!path || !*path)
                ok = bad(b, v->vpos, "PATH= names a file, in quotes: PATH='../jobs/x.sort'%s", "");
            free(dd->path);
            dd->path = path;
        } else if (strcmp(k, "GDGORDER") == 0) {
            /* z/OS 2.1: every generation of the GDG named by DSN= (a GDG ALL request), oldest
             * first (FIFO) or newest first (LIFO, and USECATLG: kiroku's catalog keeps no order) */
            char *how = word_or_string(v);
            if (how && strcasecmp(how, "FIFO") == 0)
                dd->gdgorder = KR_JCL_GDG_FIFO;
            else if (how && (strcasecmp(how, "LIFO") == 0 || strcasecmp(how, "USECATLG") == 0))
                dd->gdgorder = KR_JCL_GDG_LIFO;
            else
                ok = bad(b, v->vpos, "GDGORDER= is FIFO, LIFO or USECATLG%s", "");
            free(how);
        } else if (strcmp(k, "PATHDISP") == 0 || strcmp(k, "PATHOPTS") == 0 || strcmp(k, "PATHMODE") == 0 ||
                   strcmp(k, "FILEDATA") == 0) {
            /* z/OS's file attributes: accepted, the file is read as it is */
        } else if (strcmp(k, "SPACE") && strcmp(k, "UNIT") && strcmp(k, "VOL") &&
                   strcmp(k, "VOLUME")) {
            ok = bad(b, v->pos, "%s= is not a DD keyword kiroku knows (DSN, DISP, SYSOUT, "
                                "LAYOUT, DCB, LRECL, RECFM, DLM, SYMBOLS, PATH, GDGORDER, SPACE, UNIT, VOL)", k);
        }
    }
    if (dd->kind == KR_JCL_DD_DUMMY && dd->dsn && strcmp(dd->dsn, "NULLFILE") == 0) {
        /* DSN=NULLFILE is DUMMY */
    } else if ((instream || dd->kind == KR_JCL_DD_SYSOUT || dd->kind == KR_JCL_DD_DUMMY) &&
               has_dsn) {
        ok = bad(b, ops->n ? ops->items[0].vpos : (jcl_pos){dd->line, 1},
                 "DSN= does not go with *, DATA, DUMMY or SYSOUT=%s", "");
    }
    if (dd->dlm && !instream)
        ok = bad(b, ops->items[0].vpos, "DLM= goes with DD * or DD DATA only%s", "");
    if (dd->symbols && !instream)
        ok = bad(b, ops->items[0].vpos, "SYMBOLS= goes with DD * or DD DATA only%s", "");
    if (dd->path && (has_dsn || dd->kind != KR_JCL_DD_DATASET))
        ok = bad(b, ops->items[0].vpos, "PATH= names the file itself: no DSN=, *, DATA, DUMMY or SYSOUT= with it%s", "");
    if (dd->gdgorder && (dd->kind != KR_JCL_DD_DATASET || !dd->dsn || dd->temporary || dd->has_gen ||
                         (dd->disp_given && dd->status != KR_JCL_SHR && dd->status != KR_JCL_OLD)))
        ok = bad(b, ops->items[0].vpos, "GDGORDER= goes with DSN= naming a GDG base without a generation, "
                 "read (DISP=SHR or OLD)%s", "");
    if (dd->kind == KR_JCL_DD_DATASET && !dd->dsn && !dd->path)
        dd->temporary = true; /* an unnamed work data set */
    if ((dd->path || dd->gdgorder) && !dd->disp_given) {
        dd->status = KR_JCL_SHR; /* a file named by PATH= is read where it is, a GDG ALL read */
        dd->normal = dd->abnormal = KR_JCL_KEEP;
    } else if (!dd->disp_given) {
        dd->status = KR_JCL_NEW;
        dd->normal = dd->abnormal = KR_JCL_DELETE;
    }
    (void)is_data;
    return ok;
}
