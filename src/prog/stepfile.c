/* stepfile.c: a step's description as a text file, so that a step can run as a process of
 * its own (`kiroku exec-step FILE`), here or on a cluster node. One item a line, "key value",
 * values %-escaped (%, space, control bytes); "dd NAME" starts a DD whose attributes follow:
 *
 *   KIROKU-STEP 1
 *   name SORT1
 *   program SORT
 *   parm MEMORY=1G
 *   run-date 20261205
 *   dd SORTIN
 *   path /data/IN.A
 *   layout juki
 *
 * The streams (listing, messages, progress) and cancellation belong to the process that
 * runs it and are not written. */
#include "kiroku/program.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void put_escaped(kr_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= ' ' || c == '%' || c == 0x7f) {
            kr_buf_addc(b, '%');
            kr_buf_addc(b, hex[c >> 4]);
            kr_buf_addc(b, hex[c & 15]);
        } else
            kr_buf_addc(b, (char)c);
    }
}

static void put_item(kr_buf *b, const char *key, const char *value)
{
    kr_buf_adds(b, key);
    kr_buf_addc(b, ' ');
    put_escaped(b, value, strlen(value));
    kr_buf_addc(b, '\n');
}

static const char *term_name(kr_terminator t)
{
    return kr_terminator_name(t);
}

bool kr_step_save(const kr_step *s, const char *path, kr_err *err)
{
    kr_buf b;
    kr_buf_init(&b);
    kr_buf_adds(&b, "KIROKU-STEP 1\n");
    put_item(&b, "name", s->name);
    put_item(&b, "program", s->program);
    put_item(&b, "parm", s->parm);
    kr_buf_addf(&b, "run-date %d\nmemory %zu\nthreads %d\nno-timing %d\n", s->run_date, s->memory, s->threads,
                s->no_timing ? 1 : 0);
    if (s->tmpdir)
        put_item(&b, "tmpdir", s->tmpdir);
    if (s->root)
        put_item(&b, "root", s->root);
    for (size_t i = 0; i < s->n_dds; i++) {
        const kr_dd_bind *d = &s->dds[i];
        put_item(&b, "dd", d->ddname);
        for (size_t j = 0; j < d->n_paths; j++)
            put_item(&b, "path", d->paths[j]);
        if (d->label)
            put_item(&b, "label", d->label);
        if (d->layout)
            put_item(&b, "layout", d->layout);
        if (d->lrecl)
            kr_buf_addf(&b, "lrecl %zu\n", d->lrecl);
        kr_buf_addf(&b, "terminator %s\n", term_name(d->terminator));
        if (d->dummy)
            kr_buf_adds(&b, "dummy 1\n");
        if (d->text) {
            kr_buf_adds(&b, "text ");
            put_escaped(&b, d->text, d->text_len);
            kr_buf_addc(&b, '\n');
        }
    }
    kr_buf_adds(&b, "end 1\n");
    char *tmp = kr_xasprintf("%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    bool ok = f && fwrite(b.data, 1, b.len, f) == b.len;
    if (f && fclose(f) != 0)
        ok = false;
    if (ok && rename(tmp, path) != 0)
        ok = false;
    if (!ok) {
        kr_fail(err, KR_RC_FAIL, "KRK1220E", "%s: cannot write the step's description: %s", path, strerror(errno));
        remove(tmp);
    }
    free(tmp);
    kr_buf_free(&b);
    return ok;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Unescapes in place; returns the length, or -1 on a bad escape. */
static long unescape(char *s)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        if (*r == '%') {
            int hi = hexval(r[1]), lo = hi >= 0 ? hexval(r[2]) : -1;
            if (lo < 0)
                return -1;
            *w++ = (char)(hi * 16 + lo);
            r += 2;
        } else
            *w++ = *r;
    }
    *w = '\0';
    return (long)(w - s);
}

static void set_text(char **field, const char *v)
{
    free(*field);
    *field = kr_xstrdup(v);
}

static bool parse_int(const char *v, long long min, long long max, long long *out)
{
    char *end;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (!*v || *end || errno || n < min || n > max)
        return false;
    *out = n;
    return true;
}

bool kr_step_load(kr_step *s, const char *path, kr_err *err)
{
    kr_buf text;
    kr_buf_init(&text);
    if (!kr_read_file(path, &text, err)) {
        kr_buf_free(&text);
        return false;
    }
    kr_step_init(s, "", "");
    kr_dd_bind *dd = NULL;
    bool ok = strncmp(text.data, "KIROKU-STEP 1\n", 14) == 0, ended = false;
    size_t line = 1;
    char *save = NULL;
    for (char *l = ok ? strtok_r(text.data + 14, "\n", &save) : NULL; ok && l; l = strtok_r(NULL, "\n", &save)) {
        line++;
        char *sp = strchr(l, ' ');
        if (!sp) {
            ok = false;
            break;
        }
        *sp = '\0';
        char *v = sp + 1;
        long n = unescape(v);
        long long num = 0;
        if (n < 0)
            ok = false;
        else if (strcmp(l, "name") == 0)
            set_text(&s->name, v);
        else if (strcmp(l, "program") == 0)
            set_text(&s->program, v);
        else if (strcmp(l, "parm") == 0)
            set_text(&s->parm, v);
        else if (strcmp(l, "run-date") == 0 && parse_int(v, 0, 99991231, &num))
            s->run_date = (int)num;
        else if (strcmp(l, "memory") == 0 && parse_int(v, 0, INT64_MAX, &num))
            s->memory = (size_t)num;
        else if (strcmp(l, "threads") == 0 && parse_int(v, 0, 1024, &num))
            s->threads = (int)num;
        else if (strcmp(l, "no-timing") == 0 && parse_int(v, 0, 1, &num))
            s->no_timing = num == 1;
        else if (strcmp(l, "tmpdir") == 0)
            set_text(&s->tmpdir, v);
        else if (strcmp(l, "root") == 0)
            set_text(&s->root, v);
        else if (strcmp(l, "dd") == 0)
            dd = kr_step_add_dd(s, v, NULL);
        else if (strcmp(l, "end") == 0)
            ended = true;
        else if (!dd)
            ok = false;
        else if (strcmp(l, "path") == 0)
            kr_dd_add_path(dd, v);
        else if (strcmp(l, "label") == 0)
            set_text(&dd->label, v);
        else if (strcmp(l, "layout") == 0)
            set_text(&dd->layout, v);
        else if (strcmp(l, "lrecl") == 0 && parse_int(v, 1, 1048576, &num))
            dd->lrecl = (size_t)num;
        else if (strcmp(l, "terminator") == 0 && kr_terminator_parse(v, &dd->terminator))
            continue;
        else if (strcmp(l, "dummy") == 0)
            dd->dummy = true;
        else if (strcmp(l, "text") == 0) {
            free(dd->text);
            dd->text = kr_xstrndup(v, (size_t)n);
            dd->text_len = (size_t)n;
        } else
            ok = false;
    }
    if (!ok || !ended || !*s->program) {
        kr_step_free(s);
        kr_buf_free(&text);
        return kr_fail(err, KR_RC_ENV, "KRK1221E", "%s: not a whole step description (line %zu)", path, line);
    }
    kr_buf_free(&text);
    return true;
}
