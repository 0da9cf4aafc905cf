/* import.c: a COBOL copybook as a layout (docs/COPYBOOK.md). The data description entries
 * become a tree by level number; each record (the 01, or the 05 groups REDEFINES-ing one
 * another under it, or several 01s) is flattened into fields: groups without OCCURS vanish,
 * OCCURS groups become `group ... end`, 88-levels become codes or, on the field every
 * record has at the same bytes with disjoint values, the discriminator. `*>kiroku` lines
 * restore what COBOL cannot say. The layout text written is parsed again before it is
 * returned. Unsupported clauses are errors with the copybook's line and column. */
#include "copybook_private.h"

#include <stdarg.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum usage { U_NONE, U_DISPLAY, U_NATIONAL, U_COMP, U_COMP5, U_COMP3 };

typedef struct cvalue {
    kr_bytes bytes;
    bool numeric; /* written as a number: padded with zeros on the left */
    int fill;     /* figurative constant: ' ' or '0' fills the field; 0 otherwise */
} cvalue;

typedef struct item {
    int level;
    char *name; /* upper case; NULL for FILLER or no name */
    int line, col;
    char *pic;
    int pic_line, pic_col;
    enum usage usage;
    bool sign_leading, sign_separate, sign_given;
    unsigned occurs;
    char *redefines;
    cvalue *values; /* 88 */
    size_t n_values;
    char *label;
    char *tag_name, *tag_type, *tag_record;
    kr_buf tag_attr;
    size_t parent;
    size_t *kids;
    size_t n_kids, cap_kids;
    /* Resolved for elementary items. */
    size_t size;
} item;

#define NONE ((size_t)-1)

typedef struct imp {
    const char *path;
    kr_diags *d;
    int errors;
    item *items;
    size_t n, cap;
    /* File-level tags. */
    char *name, *encoding, *terminator, *overpunch;
    size_t length;
    char **eras;
    size_t n_eras;
    kr_encoding enc;
    /* The copybook line each line of the layout text came from (map_lines). */
    int *src_line;
    size_t n_lines, cap_lines, mapped;
} imp;

/* Every line of out not mapped yet came from copybook line `line`. */
static void map_lines(imp *im, const kr_buf *out, int line)
{
    for (; im->mapped < out->len; im->mapped++)
        if (out->data[im->mapped] == '\n') {
            KR_GROW(im->src_line, im->cap_lines, im->n_lines + 1);
            im->src_line[im->n_lines++] = line;
        }
}

static void err(imp *im, int line, int col, const char *id, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void err(imp *im, int line, int col, const char *id, const char *fmt, ...)
{
    char msg[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    bool warning = id[7] == 'W';
    kr_diags_add(im->d, warning ? KR_RC_WARN : KR_RC_ENV, id, "%s:%d:%d: %s", im->path, line, col, msg);
    if (!warning)
        im->errors++;
}

/* The layout name of an item: its *>kiroku name, or its COBOL name made a layout name. A
 * COBOL name kiroku cannot write as one (non-ASCII, symbols) is reported at the copybook's
 * line, with the tag that fixes it. */
static char *item_layout_name(imp *im, const item *it, const char *fallback)
{
    if (it->tag_name)
        return kr_xstrdup(it->tag_name);
    if (!it->name)
        return kr_xstrdup(fallback);
    for (const char *c = it->name; *c; c++)
        if (!isalnum((unsigned char)*c) || (unsigned char)*c >= 0x80) {
            if (*c == '-' || *c == '_')
                continue;
            err(im, it->line, it->col, "KRK0901E",
                "data name '%s' is not a name a layout can hold (ASCII letters, digits, hyphens); give one with "
                "'*>kiroku name NAME' on the line before it", it->name);
            return kr_xstrdup(fallback);
        }
    return cb_kiroku_name(it->name);
}

static bool word_is(const cb_tok *t, const char *w)
{
    return t->kind == CB_WORD && strcmp(t->text, w) == 0;
}

static bool is_number(const char *s)
{
    if (*s == '+' || *s == '-')
        s++;
    bool digit = false;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            digit = true;
        else if (*s != '.')
            return false;
    }
    return digit;
}

/* ---- entries ---------------------------------------------------------------------------- */

static const char *const clause_words[] = {
    "PIC", "PICTURE", "USAGE", "DISPLAY", "NATIONAL", "DISPLAY-1", "COMP", "COMPUTATIONAL", "COMP-4",
    "COMPUTATIONAL-4", "BINARY", "COMP-5", "COMPUTATIONAL-5", "COMP-3", "COMPUTATIONAL-3",
    "PACKED-DECIMAL", "SIGN", "LEADING", "TRAILING", "OCCURS", "REDEFINES", "VALUE", "VALUES",
    "JUST", "JUSTIFIED", "BLANK", "GLOBAL", "EXTERNAL", "SYNC", "SYNCHRONIZED", "RENAMES", "IS",
    "COMP-1", "COMP-2", "COMP-6", "COMP-X", "COMP-N", "COMPUTATIONAL-1", "COMPUTATIONAL-2",
    "POINTER", "PROGRAM-POINTER", "FUNCTION-POINTER", "INDEX", "FLOAT-SHORT", "FLOAT-LONG",
    "BINARY-CHAR", "BINARY-SHORT", "BINARY-LONG", "BINARY-DOUBLE", "OBJECT", "TYPEDEF", "BASED",
    "ANY", "INDEXED", "ASCENDING", "DESCENDING", "DEPENDING", "TO", "TIMES", "KEY", "BY"};

static bool is_clause(const cb_tok *t)
{
    if (t->kind != CB_WORD)
        return false;
    for (size_t i = 0; i < sizeof clause_words / sizeof *clause_words; i++)
        if (strcmp(t->text, clause_words[i]) == 0)
            return true;
    return false;
}

static enum usage usage_of(const char *w)
{
    static const struct { const char *w; enum usage u; } u[] = {
        {"DISPLAY", U_DISPLAY},       {"NATIONAL", U_NATIONAL},     {"DISPLAY-1", U_NATIONAL},
        {"COMP", U_COMP},             {"COMPUTATIONAL", U_COMP},    {"COMP-4", U_COMP},
        {"COMPUTATIONAL-4", U_COMP},  {"BINARY", U_COMP},           {"COMP-5", U_COMP5},
        {"COMPUTATIONAL-5", U_COMP5}, {"COMP-3", U_COMP3},          {"COMPUTATIONAL-3", U_COMP3},
        {"PACKED-DECIMAL", U_COMP3}};
    for (size_t i = 0; i < sizeof u / sizeof *u; i++)
        if (strcmp(w, u[i].w) == 0)
            return u[i].u;
    return U_NONE;
}

/* Unsupported words that would change the bytes: an error each. */
static const char *unsupported(const char *w)
{
    static const struct { const char *w, *why; } u[] = {
        {"RENAMES", "RENAMES (66 levels) gives a second name to bytes; describe the fields once"},
        {"SYNC", "SYNCHRONIZED may insert slack bytes; remove it or describe the slack as FILLER"},
        {"SYNCHRONIZED", "SYNCHRONIZED may insert slack bytes; remove it or describe the slack as FILLER"},
        {"COMP-1", "USAGE COMP-1 (floating point) has no kiroku type"},
        {"COMPUTATIONAL-1", "USAGE COMP-1 (floating point) has no kiroku type"},
        {"COMP-2", "USAGE COMP-2 (floating point) has no kiroku type"},
        {"COMPUTATIONAL-2", "USAGE COMP-2 (floating point) has no kiroku type"},
        {"FLOAT-SHORT", "floating point has no kiroku type"}, {"FLOAT-LONG", "floating point has no kiroku type"},
        {"COMP-6", "USAGE COMP-6 (unsigned packed without a sign nibble) has no kiroku type"},
        {"COMP-X", "USAGE COMP-X has no kiroku type; write COMP with a PIC 9"},
        {"COMP-N", "USAGE COMP-N has no kiroku type; write COMP-5 with a PIC 9"},
        {"POINTER", "USAGE POINTER holds an address, not data"},
        {"PROGRAM-POINTER", "USAGE PROGRAM-POINTER holds an address, not data"},
        {"FUNCTION-POINTER", "USAGE FUNCTION-POINTER holds an address, not data"},
        {"INDEX", "USAGE INDEX has no fixed representation"},
        {"OBJECT", "USAGE OBJECT REFERENCE holds an address, not data"},
        {"BINARY-CHAR", "write BINARY-CHAR as PIC S9(2) COMP-5"}, {"BINARY-SHORT", "write BINARY-SHORT as PIC S9(4) COMP-5"},
        {"BINARY-LONG", "write BINARY-LONG as PIC S9(9) COMP-5"}, {"BINARY-DOUBLE", "write BINARY-DOUBLE as PIC S9(18) COMP-5"},
        {"TYPEDEF", "TYPEDEF is not supported"}, {"BASED", "BASED items have no place in a record"},
        {"ANY", "ANY LENGTH items have no fixed width"}};
    for (size_t i = 0; i < sizeof u / sizeof *u; i++)
        if (strcmp(w, u[i].w) == 0)
            return u[i].why;
    return NULL;
}

/* The index of the period that ends the entry at or after k (n when there is none). */
static size_t to_period(const cb_tok *t, size_t k, size_t n)
{
    while (k < n && t[k].kind != CB_PERIOD)
        k++;
    return k;
}

/* Skips the words of a clause that lists names (KEY IS a b, INDEXED BY i). */
static size_t skip_names(const cb_tok *t, size_t k, size_t n)
{
    while (k < n && t[k].kind == CB_WORD && (!is_clause(&t[k]) || word_is(&t[k], "KEY") ||
                                             word_is(&t[k], "IS") || word_is(&t[k], "BY")))
        k++;
    return k;
}

/* VALUE literals of an 88-level. */
static size_t condition_values(imp *im, item *it, const cb_tok *t, size_t k, size_t n)
{
    while (k < n && t[k].kind != CB_PERIOD) {
        const cb_tok *v = &t[k];
        if (word_is(v, "IS") || word_is(v, "ARE")) {
            k++;
            continue;
        }
        if (word_is(v, "THRU") || word_is(v, "THROUGH")) {
            err(im, v->line, v->col, "KRK0902E", "VALUE ... THRU gives a range; codes(...) lists single values");
            return to_period(t, k, n);
        }
        cvalue cv = {{NULL, 0}, false, 0};
        if (v->kind == CB_LITERAL) {
            cv.bytes.data = (unsigned char *)kr_xstrndup(v->text, v->len);
            cv.bytes.len = v->len;
        } else if (v->kind == CB_WORD && is_number(v->text)) {
            if (strchr(v->text, '.') || v->text[0] == '-' || v->text[0] == '+') {
                err(im, v->line, v->col, "KRK0902E", "the condition value %s is not an unsigned integer", v->text);
                return to_period(t, k, n);
            }
            cv.bytes.data = (unsigned char *)kr_xstrdup(v->text);
            cv.bytes.len = strlen(v->text);
            cv.numeric = true;
        } else if (word_is(v, "SPACE") || word_is(v, "SPACES")) {
            cv.fill = ' ';
        } else if (word_is(v, "ZERO") || word_is(v, "ZEROS") || word_is(v, "ZEROES")) {
            cv.fill = '0';
        } else {
            err(im, v->line, v->col, "KRK0902E", "'%s' as a condition value is not supported; write a literal", v->text);
            return to_period(t, k, n);
        }
        it->values = kr_xrealloc(it->values, (it->n_values + 1) * sizeof *it->values);
        it->values[it->n_values++] = cv;
        k++;
    }
    return k;
}

/* Parses the clauses of one entry, t[k] after the level and name, up to its period. */
static size_t clauses(imp *im, item *it, const cb_tok *t, size_t k, size_t n)
{
    while (k < n && t[k].kind != CB_PERIOD) {
        const cb_tok *c = &t[k];
        if (it->level == 88) {
            if (word_is(c, "VALUE") || word_is(c, "VALUES")) {
                k = condition_values(im, it, t, k + 1, n);
                continue;
            }
            err(im, c->line, c->col, "KRK0901E", "an 88-level takes VALUE and its values");
            return to_period(t, k, n) + 1;
        }
        if (c->kind == CB_WORD && is_number(c->text) && k > 0 && t[k - 1].line != c->line) {
            /* A level number starting a line: the entry before it was not closed. */
            err(im, t[k - 1].line, t[k - 1].col, "KRK0901E", "the entry has no closing period");
            return k;
        }
        if (c->kind != CB_WORD) {
            err(im, c->line, c->col, "KRK0901E", "unexpected literal; a literal follows VALUE");
            return to_period(t, k, n) + 1;
        }
        const char *w = c->text;
        const char *why = unsupported(w);
        if (why) {
            err(im, c->line, c->col, "KRK0902E", "%s", why);
            return to_period(t, k, n) + 1;
        }
        if (strcmp(w, "PIC") == 0 || strcmp(w, "PICTURE") == 0) {
            k++;
            if (k < n && word_is(&t[k], "IS"))
                k++;
            if (k >= n || t[k].kind != CB_PICTURE) {
                err(im, c->line, c->col, "KRK0901E", "PIC needs a picture string");
                return to_period(t, k, n) + 1;
            }
            free(it->pic);
            it->pic = kr_xstrdup(t[k].text);
            it->pic_line = t[k].line;
            it->pic_col = t[k].col;
            k++;
        } else if (strcmp(w, "USAGE") == 0 || usage_of(w) != U_NONE) {
            if (strcmp(w, "USAGE") == 0) {
                k++;
                if (k < n && word_is(&t[k], "IS"))
                    k++;
                if (k >= n || t[k].kind != CB_WORD) {
                    err(im, c->line, c->col, "KRK0901E", "USAGE needs a usage");
                    return to_period(t, k, n) + 1;
                }
                c = &t[k];
                if ((why = unsupported(c->text))) {
                    err(im, c->line, c->col, "KRK0902E", "%s", why);
                    return to_period(t, k, n) + 1;
                }
                if (usage_of(c->text) == U_NONE) {
                    err(im, c->line, c->col, "KRK0902E", "USAGE %s is not supported; the usages are DISPLAY, "
                        "NATIONAL, COMP (BINARY, COMP-4), COMP-5 and COMP-3 (PACKED-DECIMAL)", c->text);
                    return to_period(t, k, n) + 1;
                }
            }
            it->usage = usage_of(t[k].text);
            k++;
        } else if (strcmp(w, "SIGN") == 0 || strcmp(w, "LEADING") == 0 || strcmp(w, "TRAILING") == 0) {
            if (strcmp(w, "SIGN") == 0)
                k++;
            if (k < n && word_is(&t[k], "IS"))
                k++;
            if (k >= n || (!word_is(&t[k], "LEADING") && !word_is(&t[k], "TRAILING"))) {
                err(im, c->line, c->col, "KRK0901E", "SIGN takes LEADING or TRAILING");
                return to_period(t, k, n) + 1;
            }
            it->sign_given = true;
            it->sign_leading = word_is(&t[k], "LEADING");
            k++;
            if (k < n && word_is(&t[k], "SEPARATE")) {
                it->sign_separate = true;
                k++;
                if (k < n && word_is(&t[k], "CHARACTER"))
                    k++;
            }
        } else if (strcmp(w, "OCCURS") == 0) {
            k++;
            if (k >= n || t[k].kind != CB_WORD || !is_number(t[k].text) || atol(t[k].text) < 1 ||
                atol(t[k].text) > 100000) {
                err(im, c->line, c->col, "KRK0901E", "OCCURS takes a number of times, 1 to 100000");
                return to_period(t, k, n) + 1;
            }
            it->occurs = (unsigned)atol(t[k].text);
            k++;
            if (k < n && (word_is(&t[k], "TO") || word_is(&t[k], "DEPENDING"))) {
                err(im, c->line, c->col, "KRK0902E",
                    "OCCURS ... DEPENDING ON makes records of varying length; kiroku records are fixed");
                return to_period(t, k, n) + 1;
            }
            if (k < n && word_is(&t[k], "TIMES"))
                k++;
            while (k < n && (word_is(&t[k], "ASCENDING") || word_is(&t[k], "DESCENDING") ||
                             word_is(&t[k], "INDEXED")))
                k = skip_names(t, k + 1, n);
        } else if (strcmp(w, "REDEFINES") == 0) {
            if (k + 1 >= n || t[k + 1].kind != CB_WORD) {
                err(im, c->line, c->col, "KRK0901E", "REDEFINES needs the name it redefines");
                return to_period(t, k, n) + 1;
            }
            if (it->redefines) {
                err(im, t[k].line, t[k].col, "KRK0901E", "a second REDEFINES on %s; an item redefines one other",
                    it->name ? it->name : "FILLER");
                return to_period(t, k, n) + 1;
            }
            it->redefines = kr_xstrdup(t[k + 1].text);
            k += 2;
        } else if (strcmp(w, "VALUE") == 0 || strcmp(w, "VALUES") == 0) {
            /* Initial values mean nothing to a file: skipped. */
            k++;
            while (k < n && t[k].kind != CB_PERIOD && (t[k].kind == CB_LITERAL || !is_clause(&t[k]) ||
                                                      word_is(&t[k], "IS")))
                k++;
        } else if (strcmp(w, "JUST") == 0 || strcmp(w, "JUSTIFIED") == 0) {
            k++;
            if (k < n && word_is(&t[k], "RIGHT"))
                k++;
        } else if (strcmp(w, "BLANK") == 0) {
            k++;
            if (k < n && word_is(&t[k], "WHEN"))
                k++;
            if (k < n && t[k].kind == CB_WORD && strncmp(t[k].text, "ZERO", 4) == 0)
                k++;
        } else if (strcmp(w, "GLOBAL") == 0 || strcmp(w, "EXTERNAL") == 0 || strcmp(w, "IS") == 0) {
            k++;
        } else {
            err(im, c->line, c->col, "KRK0902E", "the clause '%s' is not supported", w);
            return to_period(t, k, n) + 1;
        }
    }
    if (k >= n) {
        const cb_tok *last = &t[n - 1];
        err(im, last->line, last->col, "KRK0901E", "the entry has no closing period");
    }
    return k + 1;
}

/* Moves the pending comment and tag lines onto an item (or onto the file for file tags). */
static void attach(imp *im, item *it, kr_buf *label, cb_tok **tags, size_t n_tags)
{
    if (label->len) {
        it->label = kr_xstrdup(label->data);
        kr_buf_reset(label);
    }
    for (size_t i = 0; i < n_tags; i++) {
        const cb_tok *t = tags[i];
        const char *sp = strchr(t->text, ' ');
        size_t kl = sp ? (size_t)(sp - t->text) : t->len;
        const char *v = sp ? sp + 1 : "";
#define KEY(s) (kl == strlen(s) && strncmp(t->text, s, kl) == 0)
        if (KEY("name"))
            free(it->tag_name), it->tag_name = kr_xstrdup(v);
        else if (KEY("type"))
            free(it->tag_type), it->tag_type = kr_xstrdup(v);
        else if (KEY("attr")) {
            if (it->tag_attr.len)
                kr_buf_addc(&it->tag_attr, ' ');
            kr_buf_adds(&it->tag_attr, v);
        } else if (KEY("record"))
            free(it->tag_record), it->tag_record = kr_xstrdup(v);
        else if (KEY("layout"))
            free(im->name), im->name = kr_xstrdup(v);
        else if (KEY("encoding"))
            free(im->encoding), im->encoding = kr_xstrdup(v);
        else if (KEY("terminator"))
            free(im->terminator), im->terminator = kr_xstrdup(v);
        else if (KEY("overpunch"))
            free(im->overpunch), im->overpunch = kr_xstrdup(v);
        else if (KEY("length"))
            im->length = (size_t)atol(v);
        else if (KEY("era")) {
            im->eras = kr_xrealloc(im->eras, (im->n_eras + 1) * sizeof *im->eras);
            im->eras[im->n_eras++] = kr_xstrdup(v);
        } else
            err(im, t->line, t->col, "KRK0905E", "unknown *>kiroku line '%.*s'; the keys are layout, encoding, "
                "length, terminator, overpunch, era, record, name, type and attr", (int)kl, t->text);
#undef KEY
    }
}

static bool decorative(const char *s)
{
    for (; *s; s++)
        if (*s != '*' && *s != '=' && *s != '-' && *s != ' ' && *s != '_')
            return false;
    return true;
}

/* Builds the item tree from the tokens. */
static void entries(imp *im, cb_source *src)
{
    cb_tok *t = src->toks;
    size_t n = src->n, k = 0;
    kr_buf label;
    kr_buf_init(&label);
    cb_tok **tags = NULL;
    size_t n_tags = 0, cap_tags = 0;
    size_t stack[64];
    size_t depth = 0;
    size_t last_data = NONE;
    while (k < n) {
        cb_tok *c = &t[k];
        if (c->kind == CB_BLANK) {
            kr_buf_reset(&label);
            k++;
            continue;
        }
        if (c->kind == CB_COMMENT) {
            if (!decorative(c->text))
                kr_buf_adds(&label, c->text);
            k++;
            continue;
        }
        if (c->kind == CB_TAG) {
            if (c->text[0] == '+' && n_tags > 0) { /* continues the tag before it */
                cb_tok *prev = tags[n_tags - 1];
                prev->text = kr_xrealloc(prev->text, prev->len + c->len);
                memcpy(prev->text + prev->len, c->text + 1, c->len); /* with the NUL */
                prev->len += c->len - 1;
            } else {
                KR_GROW(tags, cap_tags, n_tags + 1);
                tags[n_tags++] = c;
            }
            k++;
            continue;
        }
        if (c->kind != CB_WORD || !is_number(c->text) || strchr(c->text, '.')) {
            if (c->kind == CB_WORD && strcmp(c->text, "COPY") == 0)
                err(im, c->line, c->col, "KRK0902E", "COPY inside a copybook is not supported; import the copied "
                    "text in its place");
            else
                err(im, c->line, c->col, "KRK0901E", "expected a level number (01-49, 88) to start an entry, not '%s'",
                    c->text);
            while (k < n && t[k].kind != CB_PERIOD)
                k++;
            k++;
            continue;
        }
        int level = atoi(c->text);
        if (level == 66 || level == 77 || !((level >= 1 && level <= 49) || level == 88)) {
            err(im, c->line, c->col, "KRK0902E", level == 66 ? "RENAMES (level 66) is not supported"
                : level == 77 ? "level 77 items stand alone; a record's fields are levels 01-49"
                : "%d is not a level number (01-49, 88)", level);
            while (k < n && t[k].kind != CB_PERIOD)
                k++;
            k++;
            continue;
        }
        KR_GROW(im->items, im->cap, im->n + 1);
        size_t idx = im->n++;
        item *it = &im->items[idx];
        memset(it, 0, sizeof *it);
        kr_buf_init(&it->tag_attr);
        it->level = level;
        it->line = c->line;
        it->col = c->col;
        it->parent = NONE;
        k++;
        if (k < n && t[k].kind == CB_WORD && !is_clause(&t[k])) {
            if (strcmp(t[k].text, "FILLER") != 0)
                it->name = kr_xstrdup(t[k].text);
            k++;
        }
        attach(im, it, &label, tags, n_tags);
        n_tags = 0;
        k = clauses(im, it, t, k, n);
        it = &im->items[idx];
        if (level == 88) {
            if (last_data == NONE)
                err(im, it->line, it->col, "KRK0901E", "an 88-level belongs to a data item before it");
            else
                it->parent = last_data;
            continue;
        }
        while (depth > 0 && im->items[stack[depth - 1]].level >= level)
            depth--;
        if (level != 1 && depth == 0)
            err(im, it->line, it->col, "KRK0901E", "level %02d before any 01 level", level);
        if (depth > 0)
            it->parent = stack[depth - 1];
        if (depth < 64)
            stack[depth++] = idx;
        last_data = idx;
    }
    for (size_t i = 0; i < im->n; i++) {
        size_t p = im->items[i].parent;
        if (p != NONE) {
            item *pi = &im->items[p];
            KR_GROW(pi->kids, pi->cap_kids, pi->n_kids + 1);
            pi->kids[pi->n_kids++] = i;
        }
    }
    kr_buf_free(&label);
    free(tags);
}

/* ---- pictures ---------------------------------------------------------------------------- */

typedef struct pic {
    char cls;          /* 'X' alphanumeric, 'N' national, '9' numeric */
    size_t chars;      /* characters (X, N), digits in all (9) */
    unsigned scale;
    bool is_signed;
} pic;

static bool parse_pic(imp *im, const item *it, pic *out)
{
    memset(out, 0, sizeof *out);
    const char *s = it->pic;
    size_t x = 0, nat = 0, nines = 0, after_v = 0;
    bool v = false, sgn = false;
    for (size_t i = 0; s[i];) {
        char c = s[i++];
        size_t rep = 1;
        if (s[i] == '(') {
            char *e;
            rep = (size_t)strtoul(s + i + 1, &e, 10);
            if (*e != ')' || rep == 0 || rep > 1048576) {
                err(im, it->pic_line, it->pic_col, "KRK0903E", "the picture %s has a bad repeat count", s);
                return false;
            }
            i = (size_t)(e - s) + 1;
        }
        switch (c) {
        case 'X':
        case 'A':
            x += rep;
            break;
        case 'N':
            nat += rep;
            break;
        case '9':
            if (v)
                after_v += rep;
            else
                nines += rep;
            break;
        case 'S':
            if (i != 1 || rep != 1) {
                err(im, it->pic_line, it->pic_col, "KRK0903E", "S comes first in a picture, once");
                return false;
            }
            sgn = true;
            break;
        case 'V':
            if (v) {
                err(im, it->pic_line, it->pic_col, "KRK0903E", "the picture %s has two V", s);
                return false;
            }
            v = true;
            break;
        case 'P':
            err(im, it->pic_line, it->pic_col, "KRK0903E", "P (decimal scaling) in %s is not supported", s);
            return false;
        default:
            err(im, it->pic_line, it->pic_col, "KRK0903E",
                "%s is an edited picture ('%c'); kiroku reads X, A, N, 9, S and V: describe the edited "
                "text as PIC X(%zu)", s, c, strlen(s));
            return false;
        }
    }
    if (nat && (x || nines || after_v || sgn || v)) {
        err(im, it->pic_line, it->pic_col, "KRK0903E", "the picture %s mixes N with other symbols", s);
        return false;
    }
    if (x) {
        if (sgn || v) {
            err(im, it->pic_line, it->pic_col, "KRK0903E", "the picture %s mixes X with S or V", s);
            return false;
        }
        out->cls = 'X';
        out->chars = x + nines;
        return true;
    }
    if (nat) {
        out->cls = 'N';
        out->chars = nat;
        return true;
    }
    if (nines == 0) {
        err(im, it->pic_line, it->pic_col, "KRK0903E", "the picture %s has no digit before the decimal point; "
            "kiroku numbers have at least one (write 9V99)", s);
        return false;
    }
    if (nines + after_v > 31) {
        err(im, it->pic_line, it->pic_col, "KRK0903E", "%s has more than the 31 digits a decimal field may hold", s);
        return false;
    }
    out->cls = '9';
    out->chars = nines + after_v;
    out->scale = (unsigned)after_v;
    out->is_signed = sgn;
    return true;
}

/* ---- records -------------------------------------------------------------------------- */

typedef struct ofield {
    char *name;
    kr_buf type;  /* the kiroku type */
    kr_buf attrs; /* attributes (codes, sign, occurs, tags) */
    char *label;
    size_t offset, size;
    int group;    /* 0 none; 1 opens a group before it; 2 closes after it */
    char *group_line; /* "group NAME occurs N "label"" for an opening field */
    size_t item;
    bool filler;
} ofield;

typedef struct orecord {
    size_t item;
    char *name;
    char *role;
    char *when_field;  /* from the record tag */
    ofield *f;
    size_t n, cap;
    size_t size;
    int disc;          /* index of the discriminator field, -1 */
} orecord;

static enum usage usage_in_force(const imp *im, size_t i)
{
    for (; i != NONE; i = im->items[i].parent)
        if (im->items[i].usage != U_NONE)
            return im->items[i].usage;
    return U_DISPLAY;
}

static void add_label(kr_buf *b, const char *label)
{
    kr_buf_adds(b, " \"");
    for (const char *p = label; *p; p++) {
        if (*p == '"' || *p == '\\')
            kr_buf_addc(b, '\\');
        kr_buf_addc(b, *p);
    }
    kr_buf_addc(b, '"');
}

/* The layout value of an 88 value for a field of `size` bytes and class; false when it
 * cannot be one. */
static bool value_bytes(const cvalue *v, size_t size, char cls, kr_buf *out)
{
    kr_buf_reset(out);
    if (v->fill) {
        for (size_t i = 0; i < size; i++)
            kr_buf_addc(out, (char)v->fill);
        return true;
    }
    if (v->bytes.len > size)
        return false;
    if (v->numeric) {
        if (cls != '9')
            return false;
        for (size_t i = v->bytes.len; i < size; i++)
            kr_buf_addc(out, '0');
        kr_buf_add(out, v->bytes.data, v->bytes.len);
        return true;
    }
    kr_buf_add(out, v->bytes.data, v->bytes.len);
    for (size_t i = v->bytes.len; i < size; i++)
        kr_buf_addc(out, ' ');
    return true;
}

/* The byte width a `*>kiroku type` gives, or 0 when it names no type kiroku knows. */
static size_t tag_type_width(const imp *im, const char *t)
{
    static const struct { const char *t; size_t w; } dates[] = {
        {"date(yyyymmdd)", 8}, {"date(yyyymm)", 6}, {"date(yymmdd)", 6}, {"date(gyymmdd)", 7}, {"date(ggyymmdd)", 8}};
    for (size_t i = 0; i < 5; i++)
        if (strcmp(t, dates[i].t) == 0)
            return dates[i].w;
    if (strcmp(t, "mynumber") == 0)
        return 12;
    unsigned long n, k;
    if (sscanf(t, "M(%lu)", &n) == 1)
        return n;
    if (sscanf(t, "N(%lu) bytes(%lu)", &n, &k) == 2)
        return k;
    if (sscanf(t, "N(%lu)", &n) == 1)
        return im->enc == KR_ENC_UTF8 ? 3 * n : 2 * n;
    return 0;
}

static ofield *new_field(orecord *r)
{
    KR_GROW(r->f, r->cap, r->n + 1);
    ofield *f = &r->f[r->n++];
    memset(f, 0, sizeof *f);
    kr_buf_init(&f->type);
    kr_buf_init(&f->attrs);
    return f;
}

/* One elementary item as a field of r. */
static bool elementary(imp *im, orecord *r, size_t i, size_t offset)
{
    item *it = &im->items[i];
    if (!it->pic) {
        err(im, it->line, it->col, "KRK0901E", "%s has neither a PIC nor fields under it", it->name ? it->name : "FILLER");
        return false;
    }
    pic p;
    if (!parse_pic(im, it, &p))
        return false;
    enum usage u = usage_in_force(im, i);
    ofield *f = new_field(r);
    f->item = i;
    f->offset = offset;
    f->filler = it->name == NULL;
    f->name = item_layout_name(im, it, "filler");
    f->label = it->label ? kr_xstrdup(it->label) : NULL;
    const char *where = it->name ? it->name : "FILLER";
    if (p.cls == 'X') {
        if (u != U_DISPLAY) {
            err(im, it->line, it->col, "KRK0903E", "%s: PIC X with a numeric or national USAGE", where);
            return false;
        }
        kr_buf_addf(&f->type, "X(%zu)", p.chars);
        f->size = p.chars;
    } else if (p.cls == 'N') {
        kr_buf_addf(&f->type, "N(%zu)", p.chars);
        if (im->enc == KR_ENC_UTF8)
            kr_buf_addf(&f->type, " bytes(%zu)", 2 * p.chars);
        f->size = 2 * p.chars;
    } else if (u == U_DISPLAY || u == U_NATIONAL) {
        kr_buf_addf(&f->type, "%s(%zu)", p.is_signed ? "S9" : "9", p.chars - p.scale);
        if (p.scale)
            kr_buf_addf(&f->type, "V9(%u)", p.scale);
        f->size = p.chars;
        if (it->sign_given && !p.is_signed) {
            err(im, it->line, it->col, "KRK0903E", "%s: SIGN needs a signed picture (S9)", where);
            return false;
        }
        if (p.is_signed && it->sign_given) {
            const char *s = it->sign_leading ? (it->sign_separate ? "leading-separate" : "leading")
                                             : (it->sign_separate ? "trailing-separate" : "trailing");
            if (strcmp(s, "trailing") != 0)
                kr_buf_addf(&f->attrs, " sign(%s)", s);
            if (it->sign_separate)
                f->size++;
        }
    } else if (u == U_COMP3) {
        kr_buf_addf(&f->type, "P(%zu)", p.chars - p.scale);
        if (p.scale)
            kr_buf_addf(&f->type, "V9(%u)", p.scale);
        if (!p.is_signed)
            kr_buf_adds(&f->attrs, " unsigned");
        f->size = p.chars / 2 + 1;
    } else { /* COMP, COMP-5 */
        if (p.scale) {
            err(im, it->pic_line, it->pic_col, "KRK0903E", "%s: a binary field with decimal places (V) has no "
                "kiroku type", where);
            return false;
        }
        if (p.chars > 18) {
            err(im, it->pic_line, it->pic_col, "KRK0903E", "%s: a binary field holds at most 18 digits", where);
            return false;
        }
        /* GnuCOBOL's default binary-size 1-2-4-8. */
        f->size = p.chars <= 2 ? 1 : p.chars <= 4 ? 2 : p.chars <= 9 ? 4 : 8;
        kr_buf_addf(&f->type, "B(%zu)", f->size);
        if (p.is_signed)
            kr_buf_adds(&f->attrs, " signed");
        if (u == U_COMP5)
            kr_buf_adds(&f->attrs, " little");
    }
    if (it->tag_type) {
        size_t w = tag_type_width(im, it->tag_type);
        if (w != f->size) {
            err(im, it->line, it->col, "KRK0905E", "%s: *>kiroku type %s is %zu bytes but the PIC gives %zu",
                where, it->tag_type, w, f->size);
            return false;
        }
        kr_buf_reset(&f->type);
        kr_buf_adds(&f->type, it->tag_type);
    }
    return true;
}

/* Codes from the 88-levels of a field (when it is not the discriminator). */
static void codes(imp *im, ofield *f, char cls)
{
    kr_buf list, v;
    kr_buf_init(&list);
    kr_buf_init(&v);
    size_t count = 0;
    for (size_t k = 0; k < im->items[f->item].n_kids; k++) {
        item *c = &im->items[im->items[f->item].kids[k]];
        if (c->level != 88)
            continue;
        for (size_t j = 0; j < c->n_values; j++) {
            if (!value_bytes(&c->values[j], f->size, cls, &v)) {
                err(im, c->line, c->col, "KRK0906W", "%s: the condition value does not fit the %zu-byte field; "
                    "the 88-level is left out", c->name ? c->name : "88", f->size);
                continue;
            }
            kr_buf_adds(&list, count++ ? ", " : "");
            cb_layout_value(&list, (unsigned char *)v.data, v.len);
            if (c->label)
                add_label(&list, c->label);
        }
    }
    if (count)
        kr_buf_addf(&f->attrs, " codes(%s)", list.data);
    kr_buf_free(&list);
    kr_buf_free(&v);
}

static char class_of(const imp *im, const ofield *f)
{
    const item *it = &im->items[f->item];
    if (!it->pic)
        return 'X';
    if (strchr(it->pic, 'N'))
        return 'N';
    if (strchr(it->pic, 'X') || strchr(it->pic, 'A'))
        return 'X';
    return usage_in_force(im, f->item) == U_DISPLAY && !strchr(it->pic, 'S') && !strchr(it->pic, 'V') ? '9' : '?';
}

/* Walks the items under i (not i itself), adding fields from offset; returns the bytes. */
static size_t flatten(imp *im, orecord *r, size_t i, size_t offset, bool in_group)
{
    size_t start = offset;
    const item *parent = &im->items[i];
    for (size_t k = 0; k < parent->n_kids; k++) {
        size_t ci = parent->kids[k];
        item *c = &im->items[ci];
        if (c->level == 88)
            continue;
        if (c->redefines) {
            err(im, c->line, c->col, "KRK0904E", "%s REDEFINES %s inside a record: a field has one meaning in "
                "kiroku; REDEFINES is for record types (the groups under the 01)", c->name ? c->name : "FILLER",
                c->redefines);
            continue;
        }
        bool group = false;
        for (size_t j = 0; j < c->n_kids; j++)
            group |= im->items[c->kids[j]].level != 88;
        if (group && c->pic) {
            err(im, c->line, c->col, "KRK0901E", "%s has a PIC and fields under it", c->name);
            continue;
        }
        if (c->occurs && in_group) {
            err(im, c->line, c->col, "KRK0904E", "%s OCCURS inside an OCCURS group: kiroku repeats one level",
                c->name ? c->name : "FILLER");
            continue;
        }
        if (!group) {
            size_t first = r->n;
            if (!elementary(im, r, ci, offset))
                continue;
            ofield *f = &r->f[first];
            f->item = ci;
            if (c->occurs)
                kr_buf_addf(&f->attrs, " occurs %u", c->occurs);
            offset += f->size * (c->occurs ? c->occurs : 1);
            continue;
        }
        if (c->occurs) {
            size_t first = r->n;
            size_t per = flatten(im, r, ci, offset, true);
            if (r->n == first)
                continue;
            char *gname = item_layout_name(im, c, "group");
            kr_buf g;
            kr_buf_init(&g);
            kr_buf_addf(&g, "group %s occurs %u", gname, c->occurs);
            if (c->label)
                add_label(&g, c->label);
            free(gname);
            r->f[first].group_line = kr_buf_take(&g);
            r->f[first].group |= 1;
            r->f[r->n - 1].group |= 2;
            offset += per * c->occurs;
        } else {
            offset += flatten(im, r, ci, offset, in_group);
        }
    }
    return offset - start;
}

/* Record name and role from the `*>kiroku record NAME ROLE [when FIELD]` tag, or from the
 * group's COBOL name (without the 01's name as prefix). */
static void record_names(imp *im, orecord *r, const char *top)
{
    item *it = &im->items[r->item];
    if (it->tag_record) {
        char name[128] = "", role[32] = "", when[8] = "", field[128] = "";
        int got = sscanf(it->tag_record, "%127s %31s %7s %127s", name, role, when, field);
        r->name = kr_xstrdup(name);
        if (got >= 2)
            r->role = kr_xstrdup(role);
        if (got == 4 && strcmp(when, "when") == 0)
            r->when_field = kr_xstrdup(field);
        return;
    }
    const char *n = it->name ? it->name : "RECORD";
    size_t tl = top ? strlen(top) : 0;
    if (top && it->name && strncmp(n, top, tl) == 0 && n[tl] == '-' && n[tl + 1])
        n += tl + 1;
    r->name = cb_kiroku_name(n);
}

/* The discriminator: named by the record tags, else the first field that every record has
 * at the same bytes with 88-levels whose values differ between records. */
static void find_discriminator(imp *im, orecord *recs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        recs[i].disc = -1;
    if (n < 2)
        return;
    if (recs[0].when_field) {
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < recs[i].n; k++)
                if (recs[i].when_field && strcmp(recs[i].f[k].name, recs[i].when_field) == 0)
                    recs[i].disc = (int)k;
        return;
    }
    for (size_t k = 0; k < recs[0].n; k++) {
        const ofield *f0 = &recs[0].f[k];
        bool ok = true;
        int *at = kr_xcalloc(n, sizeof *at);
        for (size_t i = 0; i < n && ok; i++) {
            at[i] = -1;
            for (size_t j = 0; j < recs[i].n; j++) {
                const ofield *f = &recs[i].f[j];
                bool has88 = false;
                for (size_t c = 0; c < im->items[f->item].n_kids; c++)
                    has88 |= im->items[im->items[f->item].kids[c]].level == 88;
                if (f->offset == f0->offset && f->size == f0->size && has88 && !strstr(f->attrs.data ? f->attrs.data : "", "occurs"))
                    at[i] = (int)j;
            }
            ok = at[i] >= 0;
        }
        if (ok) {
            for (size_t i = 0; i < n; i++)
                recs[i].disc = at[i];
            free(at);
            return;
        }
        free(at);
    }
}

static void when_clause(imp *im, orecord *r, kr_buf *out)
{
    ofield *f = &r->f[r->disc];
    kr_buf v, list;
    kr_buf_init(&v);
    kr_buf_init(&list);
    size_t count = 0;
    char cls = class_of(im, f);
    for (size_t k = 0; k < im->items[f->item].n_kids; k++) {
        item *c = &im->items[im->items[f->item].kids[k]];
        for (size_t j = 0; c->level == 88 && j < c->n_values; j++) {
            if (!value_bytes(&c->values[j], f->size, cls, &v)) {
                err(im, c->line, c->col, "KRK0904E", "the record type's value does not fit the %zu-byte field %s",
                    f->size, f->name);
                continue;
            }
            kr_buf_adds(&list, count++ ? ", " : "");
            cb_layout_value(&list, (unsigned char *)v.data, v.len);
        }
    }
    if (count == 1)
        kr_buf_addf(out, " when %s = %s", f->name, list.data);
    else if (count > 1)
        kr_buf_addf(out, " when %s in (%s)", f->name, list.data);
    kr_buf_free(&v);
    kr_buf_free(&list);
}

static void write_record(imp *im, orecord *r, size_t length, kr_buf *out)
{
    item *it = &im->items[r->item];
    kr_buf_addf(out, "\nrecord %s", r->name);
    /* The role, unless the name implies it (docs/LAYOUTS.md, Records). */
    const char *implied = "data";
    static const char *const named[] = {"header", "trailer", "end"};
    for (size_t i = 0; i < 3; i++)
        if (strcmp(r->name, named[i]) == 0)
            implied = named[i];
    if (r->role && strcmp(r->role, implied) != 0)
        kr_buf_addf(out, " %s", r->role);
    if (r->disc >= 0)
        when_clause(im, r, out);
    if (it->label)
        add_label(out, it->label);
    kr_buf_addc(out, '\n');
    map_lines(im, out, it->line);
    if (r->size < length) {
        ofield *f = new_field(r);
        f->name = kr_xstrdup("filler");
        f->filler = true;
        f->item = NONE;
        kr_buf_addf(&f->type, "X(%zu)", length - r->size);
    }
    size_t wname = 0, wtype = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (strlen(r->f[i].name) > wname)
            wname = strlen(r->f[i].name);
        if (r->f[i].type.len > wtype)
            wtype = r->f[i].type.len;
    }
    bool in_group = false;
    for (size_t i = 0; i < r->n; i++) {
        ofield *f = &r->f[i];
        int line = f->item != NONE ? im->items[f->item].line : it->line;
        if (f->group & 1) {
            kr_buf_addf(out, "  %s\n", f->group_line);
            map_lines(im, out, line);
            in_group = true;
        }
        if (f->item != NONE && (int)i != r->disc && !f->filler)
            codes(im, f, class_of(im, f));
        kr_buf_addf(out, "%s  %-*s %-*s", in_group ? "  " : "", (int)wname, f->name, (int)wtype, f->type.data);
        kr_buf_add(out, f->attrs.data, f->attrs.len);
        if (f->item != NONE && im->items[f->item].tag_attr.len)
            kr_buf_addf(out, " %s", im->items[f->item].tag_attr.data);
        if (f->label)
            add_label(out, f->label);
        while (out->len && out->data[out->len - 1] == ' ')
            out->len--;
        kr_buf_addc(out, '\n');
        if (f->group & 2) {
            kr_buf_adds(out, "  end\n");
            in_group = false;
        }
        map_lines(im, out, line);
    }
}

/* Unique field names within a record type. */
static void unique_names(orecord *r)
{
    for (size_t i = 0; i < r->n; i++) {
        if (r->f[i].filler)
            continue;
        for (int k = 2;; k++) {
            bool clash = false;
            for (size_t j = 0; j < i && !clash; j++)
                clash = !r->f[j].filler && strcmp(r->f[j].name, r->f[i].name) == 0;
            if (!clash)
                break;
            char *n = kr_xasprintf("%s_%d", r->f[i].name, k);
            free(r->f[i].name);
            r->f[i].name = n;
        }
    }
}

static void records_free(orecord *recs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < recs[i].n; k++) {
            free(recs[i].f[k].name);
            free(recs[i].f[k].label);
            free(recs[i].f[k].group_line);
            kr_buf_free(&recs[i].f[k].type);
            kr_buf_free(&recs[i].f[k].attrs);
        }
        free(recs[i].f);
        free(recs[i].name);
        free(recs[i].role);
        free(recs[i].when_field);
    }
    free(recs);
}

static void imp_free(imp *im)
{
    for (size_t i = 0; i < im->n; i++) {
        item *it = &im->items[i];
        free(it->name);
        free(it->pic);
        free(it->redefines);
        for (size_t k = 0; k < it->n_values; k++)
            free(it->values[k].bytes.data);
        free(it->values);
        free(it->label);
        free(it->tag_name);
        free(it->tag_type);
        free(it->tag_record);
        kr_buf_free(&it->tag_attr);
        free(it->kids);
    }
    free(im->items);
    free(im->name);
    free(im->encoding);
    free(im->terminator);
    free(im->overpunch);
    for (size_t i = 0; i < im->n_eras; i++)
        free(im->eras[i]);
    free(im->eras);
}

/* The items that are records: the groups under a single 01 when they redefine one another,
 * else each 01. */
static size_t record_items(imp *im, size_t **out, const char **top)
{
    size_t *r = NULL, n = 0, cap = 0, n01 = 0, first01 = NONE;
    for (size_t i = 0; i < im->n; i++)
        if (im->items[i].level == 1) {
            n01++;
            if (first01 == NONE)
                first01 = i;
        }
    *top = NULL;
    if (n01 == 1) {
        item *t = &im->items[first01];
        /* Record types: the groups redefine one another, or say so in *>kiroku record. */
        bool redefines = false;
        for (size_t k = 0; k < t->n_kids; k++)
            redefines |= im->items[t->kids[k]].redefines != NULL || im->items[t->kids[k]].tag_record != NULL;
        if (redefines) {
            *top = t->name;
            for (size_t k = 0; k < t->n_kids; k++) {
                item *c = &im->items[t->kids[k]];
                if (c->level == 88)
                    continue;
                if (k > 0 && !c->redefines)
                    err(im, c->line, c->col, "KRK0904E", "%s does not REDEFINES the record before it: when the "
                        "groups under the 01 are record types, each after the first redefines it",
                        c->name ? c->name : "FILLER");
                c->redefines = (free(c->redefines), NULL);
                KR_GROW(r, cap, n + 1);
                r[n++] = t->kids[k];
            }
            *out = r;
            return n;
        }
    }
    for (size_t i = 0; i < im->n; i++)
        if (im->items[i].level == 1) {
            if (im->items[i].redefines)
                im->items[i].redefines = (free(im->items[i].redefines), NULL);
            KR_GROW(r, cap, n + 1);
            r[n++] = i;
        }
    *out = r;
    return n;
}

bool kr_copybook_import(const char *text, size_t len, const char *path, const kr_import_opts *o,
                        kr_buf *out, kr_diags *diags)
{
    imp im;
    memset(&im, 0, sizeof im);
    im.path = path;
    im.d = diags;
    size_t base = out->len;
    im.mapped = base;
    cb_source src;
    if (!cb_source_read(text, len, path, &src, diags))
        im.errors++;
    entries(&im, &src);
    const char *enc = o->encoding ? o->encoding : im.encoding ? im.encoding : "cp932";
    im.enc = strcmp(enc, "utf-8") == 0 ? KR_ENC_UTF8 : KR_ENC_CP932;
    size_t *ritems = NULL;
    const char *top = NULL;
    size_t nrec = im.errors ? 0 : record_items(&im, &ritems, &top);
    if (!im.errors && nrec == 0)
        err(&im, 1, 1, "KRK0909E", "the copybook has no 01 level");
    orecord *recs = kr_xcalloc(nrec ? nrec : 1, sizeof *recs);
    size_t longest = 0;
    for (size_t i = 0; i < nrec; i++) {
        recs[i].item = ritems[i];
        item *it = &im.items[ritems[i]];
        record_names(&im, &recs[i], top);
        for (size_t k = 0; k < i; k++)
            if (strcmp(recs[k].name, recs[i].name) == 0) {
                err(&im, it->line, it->col, "KRK0904E",
                    "a second record type named '%s' (line %d has the first); name one with '*>kiroku record NAME ROLE'",
                    recs[i].name, im.items[recs[k].item].line);
                break;
            }
        bool group = false;
        for (size_t j = 0; j < it->n_kids; j++)
            group |= im.items[it->kids[j]].level != 88;
        if (group)
            recs[i].size = flatten(&im, &recs[i], ritems[i], 0, false);
        else if (elementary(&im, &recs[i], ritems[i], 0))
            recs[i].size = recs[i].f[0].size;
        if (recs[i].size > longest)
            longest = recs[i].size;
        unique_names(&recs[i]);
    }
    size_t length = o->length ? o->length : longest;
    if (o->length && o->length < longest)
        err(&im, 1, 1, "KRK0908E", "--length %zu is shorter than the longest record (%zu bytes)", o->length, longest);
    if (!im.errors && nrec) {
        find_discriminator(&im, recs, nrec);
        char *name = o->name ? kr_xstrdup(o->name) : im.name ? kr_xstrdup(im.name)
                   : cb_kiroku_name(im.items[0].name ? im.items[0].name : "imported");
        kr_buf_addf(out, "# Imported from %s by kiroku layout import.\n", path);
        kr_buf_addf(out, "layout %s", name);
        free(name);
        if (im.items[0].label)
            add_label(out, im.items[0].label);
        kr_buf_addf(out, "\n  encoding   %s\n  length     %zu\n  terminator %s\n", enc, length,
                    o->terminator ? o->terminator : im.terminator ? im.terminator : "none");
        if (im.overpunch)
            kr_buf_addf(out, "  overpunch  %s\n", im.overpunch);
        for (size_t i = 0; i < im.n_eras; i++)
            kr_buf_addf(out, "  era %s\n", im.eras[i]);
        map_lines(&im, out, 1);
        for (size_t i = 0; i < nrec; i++)
            write_record(&im, &recs[i], length, out);
    }
    records_free(recs, nrec);
    free(ritems);
    cb_source_free(&src);
    bool ok = im.errors == 0;
    if (ok) {
        /* The layout must parse; what does not is reported at the copybook line it came from,
         * and nothing is written (the caller writes out only when this returns true). */
        kr_diags d2;
        kr_diags_init(&d2);
        kr_layout *l = kr_layout_parse(out->data + base, out->len - base, "(imported layout)", &d2);
        if (!l) {
            for (size_t i = 0; i < d2.n; i++) {
                char id[9] = "";
                int line = 0, col = 0, used = 0;
                const char *m = d2.items[i];
                if (sscanf(m, "%8s (imported layout):%d:%d: %n", id, &line, &col, &used) == 3 && used > 0 &&
                    line >= 1 && (size_t)line <= im.n_lines)
                    kr_diags_add(diags, KR_RC_ENV, "KRK0907E", "%s:%d: the copybook gives a layout kiroku refuses: %s %s",
                                 path, im.src_line[line - 1], id, m + used);
                else
                    kr_diags_add(diags, KR_RC_ENV, "KRK0907E", "%s: the copybook gives a layout kiroku refuses: %s", path, m);
            }
            ok = false;
        }
        kr_layout_free(l);
        kr_diags_free(&d2);
    }
    free(im.src_line);
    imp_free(&im);
    return ok;
}
