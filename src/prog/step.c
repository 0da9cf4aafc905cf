/* step.c: building a step and reading what it carries: its DDs (one file, a concatenation,
 * DUMMY, text in memory), their layouts and the control statements they hold. */
#include "prog.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void kr_step_init(kr_step *s, const char *name, const char *program)
{
    memset(s, 0, sizeof *s);
    s->name = kr_xstrdup(name);
    s->program = kr_xstrdup(program);
    s->parm = kr_xstrdup("");
    s->sysout = stdout;
    s->msg = stderr;
}

void kr_step_free(kr_step *s)
{
    for (size_t i = 0; i < s->n_dds; i++) {
        kr_dd_bind *d = &s->dds[i];
        for (size_t j = 0; j < d->n_paths; j++)
            free(d->paths[j]);
        free(d->paths);
        free(d->ddname);
        free(d->label);
        free(d->layout);
        free(d->text);
    }
    free(s->dds);
    free(s->name);
    free(s->program);
    free(s->parm);
    free(s->tmpdir);
    free(s->root);
    memset(s, 0, sizeof *s);
}

kr_dd_bind *kr_step_add_dd(kr_step *s, const char *ddname, const char *path)
{
    s->dds = kr_xrealloc(s->dds, (s->n_dds + 1) * sizeof *s->dds);
    kr_dd_bind *d = &s->dds[s->n_dds++];
    memset(d, 0, sizeof *d);
    d->ddname = kr_xstrdup(ddname);
    for (char *c = d->ddname; *c; c++)
        if (*c >= 'a' && *c <= 'z')
            *c = (char)(*c - 'a' + 'A');
    d->terminator = KR_TERM_LF;
    if (path)
        kr_dd_add_path(d, path);
    return d;
}

void kr_dd_add_path(kr_dd_bind *d, const char *path)
{
    d->paths = kr_xrealloc(d->paths, (d->n_paths + 1) * sizeof *d->paths);
    d->paths[d->n_paths++] = kr_xstrdup(path);
}

const kr_dd_bind *kr_step_dd(const kr_step *s, const char *ddname)
{
    for (size_t i = 0; i < s->n_dds; i++)
        if (strcasecmp(s->dds[i].ddname, ddname) == 0)
            return &s->dds[i];
    return NULL;
}

const char *kr_step_dd_path(const kr_step *s, const char *ddname, kr_err *err)
{
    const kr_dd_bind *d = kr_step_dd(s, ddname);
    if (!d) {
        kr_fail(err, KR_RC_ENV, "KRK1202E", "step %s: program %s needs a %s DD", s->name, s->program, ddname);
        return NULL;
    }
    if (d->dummy)
        return "/dev/null";
    if (d->n_paths != 1) {
        kr_fail(err, KR_RC_ENV, "KRK1203E", "step %s: %s DD: program %s reads one data set here, not %zu",
                s->name, d->ddname, s->program, d->n_paths);
        return NULL;
    }
    return d->paths[0];
}

bool kr_step_dd_text(const kr_step *s, const char *ddname, kr_buf *out, const char **name, kr_err *err)
{
    const kr_dd_bind *d = kr_step_dd(s, ddname);
    if (!d)
        return kr_fail(err, KR_RC_ENV, "KRK1202E", "step %s: program %s needs a %s DD (its control statements)",
                       s->name, s->program, ddname);
    *name = d->label ? d->label : d->n_paths ? d->paths[0] : d->ddname;
    if (d->dummy)
        return true;
    if (d->text) {
        kr_buf_add(out, d->text, d->text_len);
        return true;
    }
    for (size_t i = 0; i < d->n_paths; i++) {
        kr_buf part;
        kr_buf_init(&part);
        bool ok = kr_read_file(d->paths[i], &part, err);
        kr_buf_add(out, part.data, part.len);
        kr_buf_free(&part);
        if (!ok)
            return false;
    }
    return true;
}

kr_layout *kr_step_dd_layout(const kr_step *s, const kr_dd_bind *dd, kr_err *err)
{
    kr_err_clear(err);
    if (!dd || !dd->layout)
        return NULL;
    kr_layout *l = kr_prog_load_layout((kr_step *)s, dd->layout);
    if (!l)
        err->rc = KR_RC_ENV;
    return l;
}

/* ",layout=L,lrecl=N,terminator=T" after the path: where the attributes start, or NULL. */
static char *attributes_start(char *path)
{
    static const char *const names[] = {",layout=", ",lrecl=", ",terminator=", ",recfm="};
    char *first = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char *at = strstr(path, names[i]);
        if (at && (!first || at < first))
            first = at;
    }
    return first;
}

bool kr_step_add_dd_spec(kr_step *s, const char *spec, kr_err *err)
{
    static const char usage[] = "NAME=FILE[,layout=L][,lrecl=N][,terminator=lf|crlf|none|rdw][,recfm=fb|vb]";
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec || !eq[1])
        return kr_fail(err, KR_RC_ENV, "KRK1208E", "DD '%s': give %s", spec, usage);
    char *name = kr_xstrndup(spec, (size_t)(eq - spec));
    char *path = kr_xstrdup(eq + 1);
    char *attr = attributes_start(path);
    char *list = attr ? kr_xstrdup(attr + 1) : NULL;
    if (attr)
        *attr = '\0';
    /* The same name again adds a file to the DD's concatenation, as a second DD statement
     * without a name does in JCL; the DD's attributes are the first one's. */
    kr_dd_bind *d = (kr_dd_bind *)kr_step_dd(s, name);
    bool ok = true;
    if (d && list)
        ok = kr_fail(err, KR_RC_ENV, "KRK1208E",
                     "DD '%s': %s is concatenated: its attributes go on its first --dd only", spec, d->ddname);
    else if (d)
        kr_dd_add_path(d, path);
    else
        d = kr_step_add_dd(s, name, path);
    char *save = NULL;
    for (char *kv = list ? strtok_r(list, ",", &save) : NULL; ok && kv; kv = strtok_r(NULL, ",", &save)) {
        char *end;
        if (strncmp(kv, "layout=", 7) == 0 && kv[7] && !d->layout)
            d->layout = kr_xstrdup(kv + 7);
        else if (strncmp(kv, "lrecl=", 6) == 0 && kv[6] >= '1' && kv[6] <= '9' &&
                 (d->lrecl = strtoul(kv + 6, &end, 10)) <= 1048576 && !*end)
            continue;
        else if (strncmp(kv, "terminator=", 11) == 0 && strchr("nlcr", kv[11] ? kv[11] : 'x') &&
                 kr_terminator_parse(kv + 11, &d->terminator))
            continue;
        else if (strncmp(kv, "recfm=", 6) == 0 && strchr("fFvV", kv[6] ? kv[6] : 'x') &&
                 kr_terminator_parse(kv + 6, &d->terminator))
            continue;
        else
            ok = kr_fail(err, KR_RC_ENV, "KRK1208E", "DD '%s': '%s' is not an attribute; give %s", spec, kv, usage);
    }
    free(list);
    free(path);
    free(name);
    return ok;
}
