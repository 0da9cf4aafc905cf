/* cond.c: COND= values and IF relational expressions as the parser reads them. COND= is one
 * test (code,op[,step[.procstep]]), a list of up to eight, with EVEN or ONLY among them on an
 * EXEC. An IF expression follows the JCL Reference's priorities: NOT (¬) first, comparisons
 * (GT or >, GE or >=, EQ or =, LT or <, LE or <=, NE or ¬=, NG or ¬>, NL or ¬<) second, AND
 * (&) and OR (|) third, evaluated left to right; parentheses first of all. */
#include "jcl_private.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

bool jcl_op_from_word(const char *w, kr_jcl_op *op)
{
    static const struct {
        const char *word;
        kr_jcl_op op;
    } ops[] = {
        {"GT", KR_JCL_GT}, {">", KR_JCL_GT},       {"GE", KR_JCL_GE},  {">=", KR_JCL_GE},
        {"NL", KR_JCL_GE}, {"\xC2\xAC<", KR_JCL_GE}, {"EQ", KR_JCL_EQ}, {"=", KR_JCL_EQ},
        {"LT", KR_JCL_LT}, {"<", KR_JCL_LT},       {"LE", KR_JCL_LE},  {"<=", KR_JCL_LE},
        {"NG", KR_JCL_LE}, {"\xC2\xAC>", KR_JCL_LE}, {"NE", KR_JCL_NE}, {"\xC2\xAC=", KR_JCL_NE},
    };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (strcasecmp(w, ops[i].word) == 0) {
            *op = ops[i].op;
            return true;
        }
    return false;
}

static bool parse_code(const char *s, int *out)
{
    if (!s || !*s || strlen(s) > 4)
        return false;
    int v = 0;
    for (const char *p = s; *p; p++) {
        if (!isdigit((unsigned char)*p))
            return false;
        v = v * 10 + (*p - '0');
    }
    if (v > 4095)
        return false;
    *out = v;
    return true;
}

/* Splits "STEP" or "STEP.PROCSTEP" and resolves it. */
static bool resolve_ref(const jcl_resolver *r, const char *ref, size_t *index)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%s", ref);
    char *dot = strchr(buf, '.');
    if (dot)
        *dot++ = '\0';
    for (char *p = buf; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    if (dot)
        for (char *p = dot; *p; p++)
            *p = (char)toupper((unsigned char)*p);
    return r && r->resolve(r->ctx, buf, dot, index);
}

static bool parse_test(const jcl_val *t, bool job, const jcl_resolver *r, const char *path,
                       kr_jcl_cond_test *out, kr_diags *d, int *errors)
{
    if (t->kind != JCL_V_LIST || t->n < 2 || t->n > 3) {
        jcl_report(d, errors, KR_RC_ENV, "KRK1106E", path, t->vpos,
                   "a COND= test is (code,operator) or (code,operator,step)");
        return false;
    }
    const jcl_val *code = &t->items[0], *op = &t->items[1];
    if (code->kind != JCL_V_WORD || !parse_code(code->text, &out->code)) {
        jcl_report(d, errors, KR_RC_ENV, "KRK1106E", path, code->vpos,
                   "a COND= code is a number from 0 to 4095");
        return false;
    }
    if (op->kind != JCL_V_WORD || !isalpha((unsigned char)op->text[0]) ||
        !jcl_op_from_word(op->text, &out->op) || strcasecmp(op->text, "NG") == 0 ||
        strcasecmp(op->text, "NL") == 0) {
        jcl_report(d, errors, KR_RC_ENV, "KRK1106E", path, op->vpos,
                   "a COND= operator is GT, GE, EQ, LT, LE or NE");
        return false;
    }
    out->step = KR_JCL_ALL_STEPS;
    if (t->n == 3) {
        const jcl_val *s = &t->items[2];
        if (job) {
            jcl_report(d, errors, KR_RC_ENV, "KRK1106E", path, s->vpos,
                       "COND= on the JOB statement names no step: it tests every step");
            return false;
        }
        if (s->kind != JCL_V_WORD || !resolve_ref(r, s->text, &out->step)) {
            jcl_report(d, errors, KR_RC_ENV, "KRK1112E", path, s->vpos,
                       "COND= names '%s', which is no earlier step of the job (or of the "
                       "procedure)", s->kind == JCL_V_WORD ? s->text : "");
            return false;
        }
    }
    return true;
}

bool jcl_parse_cond(const jcl_val *v, bool job, const jcl_resolver *r, const char *path,
                    kr_jcl_cond *out, kr_diags *d, int *errors)
{
    memset(out, 0, sizeof *out);
    if (v->kind == JCL_V_WORD && !job &&
        (strcasecmp(v->text, "EVEN") == 0 || strcasecmp(v->text, "ONLY") == 0)) {
        out->mode = toupper((unsigned char)v->text[0]) == 'E' ? KR_JCL_COND_EVEN : KR_JCL_COND_ONLY;
        return true;
    }
    if (v->kind != JCL_V_LIST || v->n == 0) {
        jcl_report(d, errors, KR_RC_ENV, "KRK1106E", path, v->vpos,
                   job ? "COND= on JOB is (code,operator) or a list of such tests"
                       : "COND= is (code,operator[,step]), a list of such tests, EVEN or ONLY");
        return false;
    }
    if (v->items[0].kind == JCL_V_WORD && isdigit((unsigned char)v->items[0].text[0])) {
        if (!parse_test(v, job, r, path, &out->tests[0], d, errors))
            return false;
        out->n = 1;
        return true;
    }
    for (size_t i = 0; i < v->n; i++) {
        const jcl_val *it = &v->items[i];
        if (it->kind == JCL_V_WORD && !job &&
            (strcasecmp(it->text, "EVEN") == 0 || strcasecmp(it->text, "ONLY") == 0)) {
            if (out->mode != KR_JCL_COND_PLAIN) {
                jcl_report(d, errors, KR_RC_ENV, "KRK1106E", path, it->vpos,
                           "COND= takes EVEN or ONLY once");
                return false;
            }
            out->mode = toupper((unsigned char)it->text[0]) == 'E' ? KR_JCL_COND_EVEN
                                                                    : KR_JCL_COND_ONLY;
            continue;
        }
        size_t max = out->mode != KR_JCL_COND_PLAIN ? KR_JCL_MAX_COND_TESTS - 1 : KR_JCL_MAX_COND_TESTS;
        if (out->n >= max) {
            jcl_report(d, errors, KR_RC_ENV, "KRK1106E", path, it->vpos,
                       "COND= takes at most 8 tests (7 with EVEN or ONLY)");
            return false;
        }
        if (!parse_test(it, job, r, path, &out->tests[out->n], d, errors))
            return false;
        out->n++;
    }
    if (out->mode != KR_JCL_COND_PLAIN && out->n == KR_JCL_MAX_COND_TESTS) {
        jcl_report(d, errors, KR_RC_ENV, "KRK1106E", path, v->vpos,
                   "COND= takes at most 7 tests with EVEN or ONLY");
        return false;
    }
    return true;
}

/* ---- IF expressions ---------------------------------------------------------------------- */

typedef enum { T_END, T_LP, T_RP, T_NOT, T_AND, T_OR, T_OP, T_WORD } tkind;

typedef struct ptok {
    tkind kind;
    char text[48];
    kr_jcl_op op;
    jcl_pos pos;
} ptok;

typedef struct eparser {
    const jcl_text *t;
    size_t i;
    ptok tok;
    const jcl_resolver *r;
    const char *path;
    kr_diags *d;
    int *errors;
    bool failed, tests_abend;
    int depth;
} eparser;

static void eerr(eparser *p, jcl_pos at, const char *fmt, const char *arg)
{
    if (!p->failed)
        jcl_report(p->d, p->errors, KR_RC_ENV, "KRK1110E", p->path, at, fmt, arg);
    p->failed = true;
}

static bool is_not_sign(const eparser *p, size_t i)
{
    return i + 1 < p->t->len && (unsigned char)p->t->text[i] == 0xC2 &&
           (unsigned char)p->t->text[i + 1] == 0xAC;
}

static void next_tok(eparser *p)
{
    const char *s = p->t->text;
    size_t n = p->t->len;
    while (p->i < n && s[p->i] == ' ')
        p->i++;
    ptok *k = &p->tok;
    memset(k, 0, sizeof *k);
    k->pos = jcl_text_pos(p->t, p->i);
    if (p->i >= n) {
        k->kind = T_END;
        return;
    }
    char c = s[p->i];
    if (c == '(' || c == ')') {
        k->kind = c == '(' ? T_LP : T_RP;
        p->i++;
        return;
    }
    if (c == '&' || c == '|') {
        k->kind = c == '&' ? T_AND : T_OR;
        p->i++;
        return;
    }
    if (is_not_sign(p, p->i)) {
        size_t j = p->i + 2;
        if (j < n && (s[j] == '=' || s[j] == '<' || s[j] == '>')) {
            snprintf(k->text, sizeof k->text, "\xC2\xAC%c", s[j]);
            jcl_op_from_word(k->text, &k->op);
            k->kind = T_OP;
            p->i = j + 1;
        } else {
            k->kind = T_NOT;
            p->i = j;
        }
        return;
    }
    if (c == '=' || c == '<' || c == '>') {
        size_t j = p->i + 1;
        if (c != '=' && j < n && s[j] == '=')
            j++;
        snprintf(k->text, sizeof k->text, "%.*s", (int)(j - p->i), s + p->i);
        jcl_op_from_word(k->text, &k->op);
        k->kind = T_OP;
        p->i = j;
        return;
    }
    size_t b = p->i;
    while (p->i < n && s[p->i] != ' ' && s[p->i] != '(' && s[p->i] != ')' && s[p->i] != '=' &&
           s[p->i] != '<' && s[p->i] != '>' && s[p->i] != '&' && s[p->i] != '|' &&
           !is_not_sign(p, p->i))
        p->i++;
    snprintf(k->text, sizeof k->text, "%.*s", (int)(p->i - b), s + b);
    for (char *q = k->text; *q; q++)
        *q = (char)toupper((unsigned char)*q);
    if (strcmp(k->text, "NOT") == 0)
        k->kind = T_NOT;
    else if (strcmp(k->text, "AND") == 0)
        k->kind = T_AND;
    else if (strcmp(k->text, "OR") == 0)
        k->kind = T_OR;
    else if (jcl_op_from_word(k->text, &k->op) && isalpha((unsigned char)k->text[0]))
        k->kind = T_OP;
    else
        k->kind = T_WORD;
}

static kr_jcl_expr *new_expr(kr_jcl_expr_kind kind)
{
    kr_jcl_expr *e = kr_xcalloc(1, sizeof *e);
    e->kind = kind;
    e->step = KR_JCL_ALL_STEPS;
    return e;
}

void jcl_expr_free(kr_jcl_expr *e)
{
    if (!e)
        return;
    jcl_expr_free(e->a);
    jcl_expr_free(e->b);
    free(e);
}

static kr_jcl_expr *parse_or(eparser *p);

/* TRUE or FALSE after an optional "= ": true unless FALSE (or NE TRUE). */
static bool parse_truth(eparser *p, bool *value)
{
    *value = true;
    if (p->tok.kind != T_OP)
        return true;
    kr_jcl_op op = p->tok.op;
    if (op != KR_JCL_EQ && op != KR_JCL_NE) {
        eerr(p, p->tok.pos, "ABEND and RUN compare with = or NE only (%s)", p->tok.text);
        return false;
    }
    next_tok(p);
    if (p->tok.kind != T_WORD || (strcmp(p->tok.text, "TRUE") && strcmp(p->tok.text, "FALSE"))) {
        eerr(p, p->tok.pos, "TRUE or FALSE was expected%s", "");
        return false;
    }
    *value = (strcmp(p->tok.text, "TRUE") == 0) == (op == KR_JCL_EQ);
    next_tok(p);
    return true;
}

static kr_jcl_expr *parse_relation(eparser *p)
{
    if (p->tok.kind != T_WORD) {
        eerr(p, p->tok.pos, "RC, ABEND, ABENDCC, step.RUN or '(' was expected%s", "");
        return NULL;
    }
    ptok w = p->tok;
    char *kw = strrchr(w.text, '.');
    char ref[48] = "";
    if (kw) {
        snprintf(ref, sizeof ref, "%.*s", (int)(kw - w.text), w.text);
        kw++;
    } else {
        kw = w.text;
    }
    kr_jcl_expr *e;
    if (strcmp(kw, "RC") == 0)
        e = new_expr(KR_JCL_X_RC);
    else if (strcmp(kw, "ABEND") == 0)
        e = new_expr(KR_JCL_X_ABEND);
    else if (strcmp(kw, "ABENDCC") == 0)
        e = new_expr(KR_JCL_X_ABENDCC);
    else if (strcmp(kw, "RUN") == 0)
        e = new_expr(KR_JCL_X_RUN);
    else {
        eerr(p, w.pos, "'%s' is no relational-expression keyword (RC, ABEND, ABENDCC, RUN)",
             w.text);
        return NULL;
    }
    if (e->kind == KR_JCL_X_ABEND || e->kind == KR_JCL_X_ABENDCC)
        p->tests_abend = true;
    if (ref[0]) {
        if (!resolve_ref(p->r, ref, &e->step)) {
            jcl_report(p->d, p->errors, KR_RC_ENV, "KRK1112E", p->path, w.pos,
                       "IF names '%s', which is no earlier step of the job (or of the procedure)",
                       ref);
            p->failed = true;
            free(e);
            return NULL;
        }
    } else if (e->kind == KR_JCL_X_RUN) {
        eerr(p, w.pos, "RUN needs a step name: step.RUN%s", "");
        free(e);
        return NULL;
    }
    next_tok(p);
    if (e->kind == KR_JCL_X_RC || e->kind == KR_JCL_X_ABENDCC) {
        if (p->tok.kind != T_OP) {
            eerr(p, p->tok.pos, "a comparison operator (GT or >, EQ or =, ...) was expected "
                                "after %s", kw);
            free(e);
            return NULL;
        }
        e->op = p->tok.op;
        next_tok(p);
        if (e->kind == KR_JCL_X_RC) {
            if (p->tok.kind != T_WORD || !parse_code(p->tok.text, &e->value)) {
                eerr(p, p->tok.pos, "a return code from 0 to 4095 was expected%s", "");
                free(e);
                return NULL;
            }
        } else {
            const char *c = p->tok.text;
            size_t n = strlen(c);
            bool ok = p->tok.kind == T_WORD &&
                      ((c[0] == 'S' && n == 4 && strspn(c + 1, "0123456789ABCDEF") == 3) ||
                       (c[0] == 'U' && n == 5 && strspn(c + 1, "0123456789") == 4));
            if (!ok || (e->op != KR_JCL_EQ && e->op != KR_JCL_NE)) {
                eerr(p, p->tok.pos, "ABENDCC compares with = or NE to Sxxx (hexadecimal) or "
                                    "Uxxxx (decimal)%s", "");
                free(e);
                return NULL;
            }
            memcpy(e->abendcc, c, n + 1);
        }
        next_tok(p);
        return e;
    }
    bool truth;
    if (!parse_truth(p, &truth)) {
        free(e);
        return NULL;
    }
    if (!truth) {
        kr_jcl_expr *n = new_expr(KR_JCL_X_NOT);
        n->a = e;
        return n;
    }
    return e;
}

static kr_jcl_expr *parse_unary(eparser *p)
{
    if (p->tok.kind == T_NOT) {
        next_tok(p);
        kr_jcl_expr *a = parse_unary(p);
        if (!a)
            return NULL;
        kr_jcl_expr *e = new_expr(KR_JCL_X_NOT);
        e->a = a;
        return e;
    }
    if (p->tok.kind == T_LP) {
        jcl_pos open = p->tok.pos;
        if (++p->depth > KR_JCL_MAX_PAREN_DEPTH) {
            eerr(p, open, "parentheses nested too deeply%s", "");
            return NULL;
        }
        next_tok(p);
        kr_jcl_expr *e = parse_or(p);
        p->depth--;
        if (!e)
            return NULL;
        if (p->tok.kind != T_RP) {
            eerr(p, open, "this parenthesis is not closed%s", "");
            jcl_expr_free(e);
            return NULL;
        }
        next_tok(p);
        return e;
    }
    return parse_relation(p);
}

static kr_jcl_expr *parse_or(eparser *p)
{
    kr_jcl_expr *left = parse_unary(p);
    while (left && (p->tok.kind == T_AND || p->tok.kind == T_OR)) {
        kr_jcl_expr *e = new_expr(p->tok.kind == T_AND ? KR_JCL_X_AND : KR_JCL_X_OR);
        next_tok(p);
        e->a = left;
        e->b = parse_unary(p);
        if (!e->b) {
            jcl_expr_free(e);
            return NULL;
        }
        left = e;
    }
    return left;
}

kr_jcl_expr *jcl_parse_expr(const jcl_text *t, const jcl_resolver *r, const char *path,
                            bool *tests_abend, kr_diags *d, int *errors)
{
    eparser p = {.t = t, .r = r, .path = path, .d = d, .errors = errors};
    /* the expression ends before the final THEN */
    jcl_text body = *t;
    if (body.len >= 4)
        body.len -= 4;
    p.t = &body;
    next_tok(&p);
    if (p.tok.kind == T_END) {
        eerr(&p, jcl_text_pos(t, 0), "IF needs a relational expression before THEN%s", "");
        return NULL;
    }
    kr_jcl_expr *e = parse_or(&p);
    if (e && p.tok.kind != T_END) {
        eerr(&p, p.tok.pos, "unexpected '%s' in the relational expression", p.tok.text[0] ? p.tok.text : ")");
        jcl_expr_free(e);
        return NULL;
    }
    *tests_abend = p.tests_abend;
    return p.failed ? (jcl_expr_free(e), NULL) : e;
}
