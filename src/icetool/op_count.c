/* op_count.c: the operators that answer with numbers in TOOLMSG: COUNT (with its criteria,
 * RC4/RC8 and WRITE), RANGE, STATS and UNIQUE. The records come from one SORT call each
 * (pass.c); the counting is here. */
#include "icetool.h"

#include <stdlib.h>
#include <string.h>

#define IT_DIGITS 15

/* A formatting item that has no meaning for a count. */
static bool item_refused(it_run *r, it_stmt *st, it_operand *o, const char *item)
{
    it_error(r, st, o, KR_RC_FAIL, "KRK2501E", "%s(%s): %s is for DISPLAY's columns, not a count", o->name, o->value,
             item);
    return false;
}

/* Cancellation, looked at every few thousand records. */
static bool stopped(it_run *r, uint64_t n, int *rc)
{
    if ((n & 4095) || !kr_cancelled(r->step->cancel))
        return false;
    kr_err err;
    kr_fail_cancelled(&err, "ICETOOL", n, "the operation wrote nothing");
    fprintf(r->toolmsg, "%s\n", err.text);
    if (r->step->msg != r->toolmsg)
        fprintf(r->step->msg, "%s\n", err.text);
    *rc = err.rc;
    return true;
}

/* Records in file path; -1 with *rc on an error. */
static int64_t count_records(it_run *r, const it_shape *sh, const char *path, int *rc)
{
    kr_reader *rd = it_open(r, sh, path, rc);
    if (!rd)
        return -1;
    const unsigned char *rec;
    int64_t total = 0;
    kr_err err;
    int got;
    while ((got = kr_reader_next(rd, &rec, &err)) == 1) {
        total += it_is_data(sh, rec);
        if (stopped(r, kr_reader_recno(rd), rc)) {
            total = -1;
            break;
        }
    }
    if (got < 0) {
        *rc = it_fail_err(r, &err);
        total = -1;
    }
    kr_reader_close(rd);
    return total;
}

/* EDCOUNT(item,...)'s formatting items (format.c), read before anything runs. */
static bool edcount_format(it_run *r, it_stmt *st, it_operand *ed, it_format *fmt)
{
    char **items;
    size_t n = it_split_items(ed->value, &items);
    bool ok = ed->value && *ed->value;
    if (!ok)
        it_error(r, st, ed, KR_RC_FAIL, "KRK2501E", "EDCOUNT needs formatting items such as EDCOUNT(A1,U10)");
    for (size_t i = 0; ok && i < n; i++)
        ok = it_format_item(r, st, ed, items[i], fmt);
    if (ok && (fmt->nost || fmt->lz))
        ok = item_refused(r, st, ed, fmt->nost ? "NOST" : "LZ");
    it_split_free(items, n);
    return ok;
}

/* The count edited by EDCOUNT's items, left-justified. */
static bool edited_count(it_run *r, it_stmt *st, it_operand *ed, const it_format *fmt, int64_t count, kr_buf *out)
{
    if (it_format_value(fmt, count, 0, it_format_digits(fmt, IT_DIGITS), false, out))
        return true;
    it_error(r, st, ed, KR_RC_FAIL, "KRK2332E", "the count %lld does not fit in EDCOUNT(%s)", (long long)count,
             ed->value);
    return false;
}

static int write_count(it_run *r, it_stmt *st, it_operand *w, const it_format *fmt, int64_t count)
{
    int rc = KR_RC_OK;
    if (!it_ddname(r, st, w, w->value ? w->value : ""))
        return KR_RC_FAIL;
    kr_buf text, line;
    kr_buf_init(&text);
    kr_buf_init(&line);
    it_operand *t = it_get(st, "TEXT"), *d = it_get(st, "DIGITS"), *wd = it_get(st, "WIDTH"),
               *ed = it_get(st, "EDCOUNT");
    uint64_t digits = IT_DIGITS, width = 0;
    if ((t && !it_string(r, st, t, &text)) || (d && !it_number(r, st, d, &digits)) ||
        (wd && !it_number(r, st, wd, &width)))
        rc = KR_RC_FAIL;
    else if (d && ed)
        rc = it_error(r, st, ed, KR_RC_FAIL, "KRK2324E", "DIGITS(d) and EDCOUNT(...) exclude each other");
    else if (digits < 1 || digits > IT_DIGITS)
        rc = it_error(r, st, d, KR_RC_FAIL, "KRK2322E", "DIGITS(n) takes 1 to %d", IT_DIGITS);
    else {
        kr_buf_add(&line, text.data ? text.data : "", text.len);
        if (ed) {
            if (!edited_count(r, st, ed, fmt, count, &line))
                rc = KR_RC_FAIL;
        } else {
            char num[32];
            snprintf(num, sizeof num, "%0*lld", (int)digits, (long long)count);
            if (strlen(num) > digits)
                rc = it_error(r, st, d, KR_RC_FAIL, "KRK2332E", "the count %lld does not fit in DIGITS(%llu)",
                              (long long)count, (unsigned long long)digits);
            kr_buf_adds(&line, num);
        }
        if (!width)
            width = line.len;
        if (rc == KR_RC_OK && width < line.len)
            rc = it_error(r, st, wd, KR_RC_FAIL, "KRK2322E", "WIDTH(%llu) is shorter than the text and count (%zu)",
                          (unsigned long long)width, line.len);
        while (line.len < width)
            kr_buf_addc(&line, ' ');
    }
    if (rc == KR_RC_OK) {
        it_shape sh = {.lrecl = (size_t)width, .term = KR_TERM_LF};
        const kr_dd_bind *b = kr_step_dd(r->step, w->value);
        if (b && b->lrecl == 0)
            sh.term = KR_TERM_LF;
        kr_writer *out = it_create(r, &sh, w->value, &rc);
        kr_err err;
        if (out && (!kr_writer_put(out, (const unsigned char *)line.data, &err) || !kr_writer_commit(out, &err))) {
            rc = it_fail_err(r, &err);
        }
    }
    kr_buf_free(&text);
    kr_buf_free(&line);
    return rc;
}

/* What COUNT was asked, read from its operands before anything runs. */
typedef struct count_plan {
    int which;                /* the criterion: EMPTY... NOTEQUAL, -1 none */
    uint64_t x, add_n, sub_n;
    bool rc4, rc8;
    it_operand *w;            /* WRITE(countdd) */
    it_format fmt;            /* EDCOUNT's items */
} count_plan;

/* One COUNT run: SORT's pass, the count, WRITE, the criterion. */
static int count_run(it_run *r, it_stmt *st, const char *from, const char *using4, count_plan *c)
{
    int rc = KR_RC_OK;
    it_shape sh;
    char *temp = it_pass(r, st, from, using4, NULL, &sh, &rc);
    if (!temp) {
        it_shape_free(&sh);
        return rc;
    }
    int64_t count = count_records(r, &sh, temp, &rc);
    it_pass_end(temp);
    it_shape_free(&sh);
    if (count < 0)
        return rc;
    /* ADD(n), SUB(n): the count changed before it is shown, written and compared; below
     * zero is zero. */
    count += (int64_t)c->add_n;
    count = count > (int64_t)c->sub_n ? count - (int64_t)c->sub_n : 0;
    fprintf(r->toolmsg, "KRK2308I RECORD COUNT: %015lld\n", (long long)count);
    if (c->w) {
        int wrc = write_count(r, st, c->w, &c->fmt, count);
        if (wrc > rc)
            rc = wrc;
        if (wrc >= KR_RC_FAIL)
            return rc;
    }
    bool met = false;
    uint64_t u = (uint64_t)count;
    switch (c->which) {
    case 0: met = u == 0; break;
    case 1: met = u != 0; break;
    case 2: met = u > c->x; break;
    case 3: met = u < c->x; break;
    case 4: met = u == c->x; break;
    case 5: met = u != c->x; break;
    default: break;
    }
    if (met) {
        int set = c->rc4 ? KR_RC_WARN : c->rc8 ? KR_RC_REJECT : KR_RC_FAIL;
        fprintf(r->toolmsg, "KRK2309I RECORD COUNT MEETS CRITERION - RC=%d SET\n", set);
        if (set > rc)
            rc = set;
    }
    return rc;
}

int it_op_count(it_run *r, it_stmt *st, bool scan)
{
    int rc = KR_RC_OK;
    const char *from = it_from(r, st, &rc), *using4 = NULL;
    if (!from || !it_using4(r, st, &using4, &rc))
        return rc;
    static const char *const crit[] = {"EMPTY", "NOTEMPTY", "HIGHER", "LOWER", "EQUAL", "NOTEQUAL"};
    it_operand *c[6];
    int n_crit = 0;
    for (int i = 0; i < 6; i++)
        if ((c[i] = it_get(st, crit[i])) != NULL)
            n_crit++;
    uint64_t x = 0;
    int which = -1;
    for (int i = 0; i < 6; i++)
        if (c[i]) {
            which = i;
            if (i >= 2 && !it_number(r, st, c[i], &x))
                return KR_RC_FAIL;
            if (i < 2 && c[i]->value)
                return it_error(r, st, c[i], KR_RC_FAIL, "KRK2322E", "%s takes no value", crit[i]);
        }
    if (n_crit > 1)
        return it_error(r, st, NULL, KR_RC_FAIL, "KRK2324E", "give one of EMPTY, NOTEMPTY, HIGHER(x), LOWER(y), "
                        "EQUAL(v), NOTEQUAL(v)");
    it_operand *rc4 = it_get(st, "RC4"), *rc8 = it_get(st, "RC8"), *w = it_get(st, "WRITE");
    if (rc4 && rc8)
        return it_error(r, st, rc8, KR_RC_FAIL, "KRK2324E", "RC4 and RC8 exclude each other");
    if ((rc4 || rc8) && which < 0)
        return it_error(r, st, rc4 ? rc4 : rc8, KR_RC_FAIL, "KRK2324E", "RC4 and RC8 need a criterion such as EMPTY "
                        "or HIGHER(x)");
    static const char *const write_ops[] = {"TEXT", "DIGITS", "WIDTH", "EDCOUNT"};
    it_operand *add = it_get(st, "ADD"), *sub = it_get(st, "SUB");
    uint64_t add_n = 0, sub_n = 0;
    if ((add && !it_number(r, st, add, &add_n)) || (sub && !it_number(r, st, sub, &sub_n)))
        return KR_RC_FAIL;
    if (add && sub)
        return it_error(r, st, sub, KR_RC_FAIL, "KRK2324E", "ADD(n) and SUB(n) exclude each other");
    for (size_t i = 0; i < st->n; i++)
        for (int k = 0; k < 4; k++)
            if (strcmp(st->v[i].name, write_ops[k]) == 0) {
                if (!w)
                    return it_error(r, st, &st->v[i], KR_RC_FAIL, "KRK2324E", "%s goes with WRITE(countdd)",
                                    st->v[i].name);
                st->v[i].used = true; /* read by write_count once the count is known */
            }
    it_format fmt;
    it_format_init(&fmt);
    for (size_t i = 0; i < st->n; i++)
        if (strcmp(st->v[i].name, "EDCOUNT") == 0 && !edcount_format(r, st, &st->v[i], &fmt)) {
            it_format_free(&fmt);
            return KR_RC_FAIL;
        }
    bool all = it_all_used(r, st);
    for (size_t i = 0; i < st->n; i++)
        for (int k = 0; k < 4; k++)
            if (strcmp(st->v[i].name, write_ops[k]) == 0)
                st->v[i].used = false;
    if (!all) {
        it_format_free(&fmt);
        return KR_RC_FAIL;
    }
    count_plan plan = {.which = which, .x = x, .add_n = add_n, .sub_n = sub_n, .rc4 = rc4 != NULL, .rc8 = rc8 != NULL,
                       .w = w, .fmt = fmt};
    if (scan)
        rc = it_check_dds(r, st, from, using4, true, &rc) ? KR_RC_OK : rc;
    else
        rc = count_run(r, st, from, using4, &plan);
    it_format_free(&plan.fmt);
    return rc;
}

/* A signed integer constant of RANGE: [+-]digits. */
static bool signed_value(it_run *r, it_stmt *st, it_operand *o, kr_i128 *out)
{
    const char *v = o->value ? o->value : "";
    bool neg = *v == '-';
    if (*v == '+' || *v == '-')
        v++;
    kr_i128 n = 0;
    size_t digits = 0;
    for (; *v >= '0' && *v <= '9' && digits < 31; v++, digits++)
        n = n * 10 + (*v - '0');
    if (!digits || *v) {
        it_error(r, st, o, KR_RC_FAIL, "KRK2322E", "%s(%s): give a signed number of up to 31 digits", o->name,
                 o->value ? o->value : "");
        return false;
    }
    *out = neg ? -n : n;
    return true;
}

/* The numeric ON fields of every record of temp: calls each(value) per field and record. */
typedef struct numbers {
    kr_i128 *min, *max, *total;
    uint64_t *count;
    bool *overflow;
} numbers;

static int read_numbers(it_run *r, const it_shape *sh, const char *temp, const it_fields *f,
                        bool (*each)(void *ctx, size_t field, kr_i128 v, unsigned scale), void *ctx)
{
    int rc = KR_RC_OK;
    kr_reader *rd = it_open(r, sh, temp, &rc);
    if (!rd)
        return rc;
    const unsigned char *rec;
    kr_err err;
    int got;
    while (rc == KR_RC_OK && (got = kr_reader_next(rd, &rec, &err)) == 1) {
        if (stopped(r, kr_reader_recno(rd), &rc))
            break;
        for (size_t i = 0; i < f->n && rc == KR_RC_OK && it_is_data(sh, rec); i++) {
            kr_i128 v;
            unsigned scale;
            kr_problem pb;
            if (!kr_bound_number(&f->v[i].b, rec, &v, &scale, &pb))
                rc = it_bad_value(r, sh->dd->ddname, kr_reader_recno(rd),
                                  kr_reader_offset(rd), &pb, &f->v[i]);
            else
                each(ctx, i, v, scale);
        }
    }
    if (rc == KR_RC_OK && got < 0) {
        rc = it_fail_err(r, &err);
    }
    kr_reader_close(rd);
    return rc;
}

typedef struct stats_ctx {
    kr_i128 min[16], max[16], total[16];
    unsigned scale[16];
    uint64_t count[16];
    bool overflow[16];
} stats_ctx;

static bool stats_each(void *p, size_t i, kr_i128 v, unsigned scale)
{
    stats_ctx *s = p;
    if (!s->count[i] || v < s->min[i])
        s->min[i] = v;
    if (!s->count[i] || v > s->max[i])
        s->max[i] = v;
    s->scale[i] = scale;
    const kr_i128 limit = (kr_i128)1000000000000000000LL * 10000000000000LL; /* 10^31 */
    s->total[i] += v;
    if (s->total[i] >= limit || s->total[i] <= -limit)
        s->overflow[i] = true;
    s->count[i]++;
    return true;
}

int it_op_stats(it_run *r, it_stmt *st, bool scan)
{
    int rc = KR_RC_OK;
    const char *from = it_from(r, st, &rc), *using4 = NULL;
    if (!from || !it_using4(r, st, &using4, &rc))
        return rc;
    it_fields f;
    if (!it_bind_on(r, st, from, using4, true, false, 0, &f, &rc))
        return rc;
    if (!f.n || f.n > 10)
        rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2323E", "needs 1 to 10 ON(p,m,f) numeric fields");
    else if (!it_all_used(r, st))
        rc = KR_RC_FAIL;
    it_shape sh;
    char *temp = NULL;
    if (rc == KR_RC_OK && scan)
        it_check_dds(r, st, from, using4, true, &rc);
    if (rc == KR_RC_OK && !scan)
        temp = it_pass(r, st, from, using4, NULL, &sh, &rc);
    if (temp) {
        stats_ctx *s = kr_xcalloc(1, sizeof *s);
        int nrc = read_numbers(r, &sh, temp, &f, stats_each, s);
        if (nrc > rc)
            rc = nrc;
        for (size_t i = 0; i < f.n && nrc == KR_RC_OK; i++) {
            char a[80], b[80];
            fprintf(r->toolmsg, "KRK2311I STATISTICS FOR (%s)\n", f.v[i].text);
            if (!s->count[i]) {
                fprintf(r->toolmsg, "KRK2313I   NO VALUES: FROM(%s) HAS NO RECORDS\n", from);
                continue;
            }
            it_format_number(s->min[i], s->scale[i], IT_DIGITS, true, a, sizeof a);
            it_format_number(s->max[i], s->scale[i], IT_DIGITS, true, b, sizeof b);
            fprintf(r->toolmsg, "KRK2312I   MINIMUM: %s, MAXIMUM: %s\n", a, b);
            if (s->overflow[i])
                fprintf(r->toolmsg, "KRK2312I   AVERAGE: ****************, TOTAL: ****************\n");
            else {
                it_format_number(s->total[i] / (kr_i128)s->count[i], s->scale[i], IT_DIGITS, true, a, sizeof a);
                it_format_number(s->total[i], s->scale[i], IT_DIGITS, true, b, sizeof b);
                fprintf(r->toolmsg, "KRK2312I   AVERAGE: %s, TOTAL: %s\n", a, b);
            }
            fprintf(r->toolmsg, "KRK2312I   VALUES: %015llu\n", (unsigned long long)s->count[i]);
        }
        free(s);
        it_pass_end(temp);
        it_shape_free(&sh);
    }
    it_fields_free(&f);
    return rc;
}

typedef struct range_ctx {
    kr_i128 lo, hi, eq;
    bool has_lo, has_hi, has_eq, ne;
    uint64_t in;
} range_ctx;

static kr_i128 scaled(kr_i128 v, unsigned scale)
{
    while (scale--)
        v *= 10;
    return v;
}

static bool range_each(void *p, size_t i, kr_i128 v, unsigned scale)
{
    (void)i;
    range_ctx *c = p;
    bool in = true;
    if (c->has_eq)
        in = c->ne ? v != scaled(c->eq, scale) : v == scaled(c->eq, scale);
    if (c->has_lo)
        in = in && v > scaled(c->lo, scale);
    if (c->has_hi)
        in = in && v < scaled(c->hi, scale);
    c->in += in;
    return true;
}

int it_op_range(it_run *r, it_stmt *st, bool scan)
{
    int rc = KR_RC_OK;
    const char *from = it_from(r, st, &rc), *using4 = NULL;
    if (!from || !it_using4(r, st, &using4, &rc))
        return rc;
    range_ctx c = {0};
    it_operand *hi = it_get(st, "HIGHER"), *lo = it_get(st, "LOWER"), *eq = it_get(st, "EQUAL"),
               *ne = it_get(st, "NOTEQUAL");
    if ((hi && !signed_value(r, st, hi, &c.lo)) || (lo && !signed_value(r, st, lo, &c.hi)) ||
        (eq && !signed_value(r, st, eq, &c.eq)) || (ne && !signed_value(r, st, ne, &c.eq)))
        return KR_RC_FAIL;
    c.has_lo = hi != NULL;
    c.has_hi = lo != NULL;
    c.has_eq = eq || ne;
    c.ne = ne != NULL;
    if ((eq || ne) && (hi || lo || (eq && ne)))
        return it_error(r, st, eq ? eq : ne, KR_RC_FAIL, "KRK2324E", "EQUAL or NOTEQUAL stands alone; HIGHER(x) and "
                        "LOWER(y) may go together");
    if (!hi && !lo && !eq && !ne)
        return it_error(r, st, NULL, KR_RC_FAIL, "KRK2323E", "needs HIGHER(x), LOWER(y), both, EQUAL(v) or NOTEQUAL(v)");
    it_fields f;
    if (!it_bind_on(r, st, from, using4, true, false, 0, &f, &rc))
        return rc;
    if (f.n != 1)
        rc = it_error(r, st, NULL, KR_RC_FAIL, "KRK2323E", "needs one ON(p,m,f) numeric field");
    else if (!it_all_used(r, st))
        rc = KR_RC_FAIL;
    it_shape sh;
    char *temp = NULL;
    if (rc == KR_RC_OK && scan)
        it_check_dds(r, st, from, using4, true, &rc);
    if (rc == KR_RC_OK && !scan)
        temp = it_pass(r, st, from, using4, NULL, &sh, &rc);
    if (temp) {
        int nrc = read_numbers(r, &sh, temp, &f, range_each, &c);
        if (nrc > rc)
            rc = nrc;
        if (nrc == KR_RC_OK)
            fprintf(r->toolmsg, "KRK2310I NUMBER OF VALUES IN RANGE: %015llu\n", (unsigned long long)c.in);
        it_pass_end(temp);
        it_shape_free(&sh);
    }
    it_fields_free(&f);
    return rc;
}
