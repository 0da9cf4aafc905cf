/* model.c: questions asked of a parsed layout (record type of a record, fields by name),
 * finding layout files, and the names of the model's enumerations. */
#include "kiroku/layout.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>


int kr_layout_classify(const kr_layout *l, const unsigned char *rec)
{
    if (l->n_types == 1 && l->types[0].disc_field < 0)
        return 0; /* one record type without 'when': every record is of it */
    if (l->disc_length == 1)
        return l->type_of_byte[rec[l->disc_offset]];
    const unsigned char *d = rec + l->disc_offset;
    for (size_t i = 0; i < l->n_types; i++) {
        const kr_rectype *rt = &l->types[i];
        for (size_t v = 0; v < rt->n_disc; v++)
            if (memcmp(rt->disc_values[v].data, d, l->disc_length) == 0)
                return (int)i;
    }
    return -1;
}

int kr_rectype_field(const kr_rectype *t, const char *name)
{
    for (size_t i = 0; i < t->n_fields; i++)
        if (!t->fields[i].is_filler && strcmp(t->fields[i].name, name) == 0)
            return (int)i;
    return -1;
}

int kr_layout_type(const kr_layout *l, const char *name)
{
    for (size_t i = 0; i < l->n_types; i++)
        if (strcmp(l->types[i].name, name) == 0)
            return (int)i;
    return -1;
}

int kr_layout_data_type(const kr_layout *l)
{
    for (size_t i = 0; i < l->n_types; i++)
        if (l->types[i].role == KR_ROLE_DATA)
            return (int)i;
    return -1;
}

const kr_field *kr_layout_field(const kr_layout *l, const char *type, const char *name,
                                int *type_index)
{
    if (type) {
        int t = kr_layout_type(l, type);
        if (t < 0)
            return NULL;
        int f = kr_rectype_field(&l->types[t], name);
        if (f < 0)
            return NULL;
        if (type_index)
            *type_index = t;
        return &l->types[t].fields[f];
    }
    /* Data record types first, in declaration order, then the others. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t t = 0; t < l->n_types; t++) {
            if ((l->types[t].role == KR_ROLE_DATA) != (pass == 0))
                continue;
            int f = kr_rectype_field(&l->types[t], name);
            if (f >= 0) {
                if (type_index)
                    *type_index = (int)t;
                return &l->types[t].fields[f];
            }
        }
    return NULL;
}

const char *kr_role_name(kr_role r)
{
    static const char *names[] = {"header", "data", "trailer", "end"};
    return names[r];
}

const char *kr_encoding_name(kr_encoding e)
{
    return e == KR_ENC_CP932 ? "cp932" : "utf-8";
}

const char *kr_terminator_name(kr_terminator t)
{
    return t == KR_TERM_CRLF ? "crlf" : t == KR_TERM_LF ? "lf" : t == KR_TERM_RDW ? "rdw" : "none";
}

bool kr_terminator_parse(const char *name, kr_terminator *t)
{
    static const struct { const char *name; kr_terminator t; } names[] = {
        {"none", KR_TERM_NONE}, {"lf", KR_TERM_LF}, {"crlf", KR_TERM_CRLF}, {"rdw", KR_TERM_RDW},
        {"f", KR_TERM_NONE},    {"fb", KR_TERM_NONE}, {"v", KR_TERM_RDW},    {"vb", KR_TERM_RDW}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(name, names[i].name) == 0) {
            *t = names[i].t;
            return true;
        }
    return false;
}

size_t kr_terminator_len(kr_terminator t)
{
    return t == KR_TERM_CRLF ? 2 : t == KR_TERM_LF ? 1 : 0;
}

static void add_scale(const kr_field *f, kr_buf *out)
{
    if (f->scale)
        kr_buf_addf(out, "V9(%u)", f->scale);
}

void kr_field_type_text(const kr_field *f, kr_buf *out)
{
    static const char *fmts[] = {"yyyymmdd", "yyyymm", "yymmdd", "gyymmdd", "ggyymmdd"};
    switch (f->type) {
    case KR_F_X:
        kr_buf_addf(out, "X(%zu)", f->length);
        break;
    case KR_F_N:
        kr_buf_addf(out, "N(%u)", f->chars);
        break;
    case KR_F_M:
        kr_buf_addf(out, "M(%zu)", f->length);
        break;
    case KR_F_ZD:
        kr_buf_addf(out, "%s(%u)", f->sign == KR_SIGN_NONE ? "9" : "S9", f->digits - f->scale);
        add_scale(f, out);
        break;
    case KR_F_PD:
        kr_buf_addf(out, "P(%u)", f->digits - f->scale);
        add_scale(f, out);
        break;
    case KR_F_BI:
        kr_buf_addf(out, "B(%zu)", f->length);
        break;
    case KR_F_DATE:
        kr_buf_addf(out, "date(%s)", fmts[f->datefmt]);
        break;
    case KR_F_MYNUMBER:
        kr_buf_adds(out, "mynumber");
        break;
    }
}

char *kr_layout_find(const char *name_or_path)
{
    if (strchr(name_or_path, '/') || strstr(name_or_path, ".layout"))
        return kr_is_file(name_or_path) ? kr_xstrdup(name_or_path) : NULL;
    char *file = kr_xasprintf("%s.layout", name_or_path);
    char *found = kr_data_find(NULL, file, NULL);
    free(file);
    return found;
}

kr_layout *kr_layout_load(const char *name_or_path, kr_diags *diags)
{
    char *path = kr_layout_find(name_or_path);
    struct stat st;
    if (!path && (strchr(name_or_path, '/') || strstr(name_or_path, ".layout")) && stat(name_or_path, &st) == 0) {
        /* There, but not a file: say what it is rather than "not found". */
        kr_diags_add(diags, KR_RC_ENV, "KRK0120E", "layout '%s' is %s, not a layout file", name_or_path,
                     S_ISDIR(st.st_mode) ? "a directory" : "not a regular file");
        return NULL;
    }
    if (!path) {
        kr_diags_add(diags, KR_RC_ENV, "KRK0120E",
                     "layout '%s' not found (looked for %s%s, in $KIROKU_LAYOUTS, ./layouts and %s)",
                     name_or_path, name_or_path,
                     strchr(name_or_path, '/') || strstr(name_or_path, ".layout") ? "" : ".layout",
                     kr_data_installed_dir());
        return NULL;
    }
    kr_buf text;
    kr_buf_init(&text);
    kr_err err;
    if (!kr_read_file(path, &text, &err)) {
        kr_diags_add_err(diags, &err);
        free(path);
        return NULL;
    }
    kr_layout *l = kr_layout_parse(text.data, text.len, path, diags);
    kr_buf_free(&text);
    free(path);
    return l;
}
