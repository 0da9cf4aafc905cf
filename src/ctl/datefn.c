/* datefn.c: DFSORT's date functions as reformatting items: a date field (p,m,Yxx with the
 * Y2/Y4 formats, or a date field of a layout by name, 和暦 included) followed by ADDDAYS,
 * ADDMONS, ADDYEARS, SUBDAYS, SUBMONS, SUBYEARS (,+n), DATEDIFF (,another date), LASTDAYW,
 * LASTDAYM, LASTDAYQ, LASTDAYY, NEXTDday, PREVDday, and TOJUL=, TOGREG=, WEEKDAY=, the date
 * edits DT=(abcd) and DTNS=(abc), WEEKNUM=USA|ISO, AGE=YMD|YM|YD or (an extension)
 * TODATE=name for the result's form. */
#include "parse.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const weekdays[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

/* Y2T, Y2U, Y2V, Y2W, Y2X, Y2Y, Y4T, Y4U, Y4V, Y4W, Y4X, Y4Y: the formats of full dates;
 * Y2C, Y2Z, Y2S, Y2P, Y2D, Y2B: the formats of two-digit years alone. */
bool cp_date_format_word(const ctl_tok *t)
{
    return t->kind == CT_WORD && strlen(t->text) == 3 && (t->text[0] == 'Y' || t->text[0] == 'y') &&
           (((t->text[1] == '2' || t->text[1] == '4') && strchr("TUVWXYtuvwxy", t->text[2])) ||
            (t->text[1] == '2' && strchr("CZSPDBczspdb", t->text[2])));
}

/* A year format (Y2C, Y2Z, Y2S, Y2P, Y2D, Y2B): a year alone, no day to move or convert. */
static bool year_format(const char f[4])
{
    return f[0] && strchr("CZSPDB", f[2]);
}

static void upper3(char out[4], const char *s)
{
    for (int i = 0; i < 3; i++)
        out[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]);
    out[3] = 0;
}

void cp_date_format_name(const ctl_tok *t, char out[4])
{
    upper3(out, t->text);
}

static kr_datefn_op op_word(const ctl_tok *t, long *arg)
{
    static const struct { const char *w; kr_datefn_op op; int sign; } ops[] = {
        {"ADDDAYS", KR_DF_ADDDAYS, 1},   {"ADDMONS", KR_DF_ADDMONS, 1},   {"ADDYEARS", KR_DF_ADDYEARS, 1},
        {"SUBDAYS", KR_DF_ADDDAYS, -1},  {"SUBMONS", KR_DF_ADDMONS, -1},  {"SUBYEARS", KR_DF_ADDYEARS, -1},
        {"DATEDIFF", KR_DF_DATEDIFF, 0}, {"LASTDAYW", KR_DF_LASTDAYW, 0}, {"LASTDAYM", KR_DF_LASTDAYM, 0},
        {"LASTDAYQ", KR_DF_LASTDAYQ, 0}, {"LASTDAYY", KR_DF_LASTDAYY, 0}, {NULL, KR_DF_NONE, 0},
    };
    if (t->kind != CT_WORD)
        return KR_DF_NONE;
    for (int i = 0; ops[i].w; i++)
        if (strcasecmp(t->text, ops[i].w) == 0) {
            *arg = ops[i].sign;
            return ops[i].op;
        }
    if (strlen(t->text) == 8 && (strncasecmp(t->text, "NEXTD", 5) == 0 || strncasecmp(t->text, "PREVD", 5) == 0))
        for (int d = 0; d < 7; d++)
            if (strcasecmp(t->text + 5, weekdays[d]) == 0) {
                *arg = d;
                return strncasecmp(t->text, "NEXTD", 5) == 0 ? KR_DF_NEXTD : KR_DF_PREVD;
            }
    return KR_DF_NONE;
}

static bool out_word(const ctl_tok *t)
{
    return cp_is_kw(t, "TOJUL") || cp_is_kw(t, "TOGREG") || cp_is_kw(t, "WEEKDAY") || cp_is_kw(t, "TODATE") ||
           cp_is_kw(t, "DT") || cp_is_kw(t, "DTNS") || cp_is_kw(t, "WEEKNUM") || cp_is_kw(t, "AGE");
}

/* DT=(abcd), DTNS=(abc), WEEKNUM=USA|ISO, AGE=YMD|YM|YD; the cursor after the '='. */
static bool edit_output(cparser *p, const ctl_tok *k, kr_datefn *df)
{
    if (cp_is_kw(k, "DT") || cp_is_kw(k, "DTNS")) {
        df->out = KR_DF_DT;
        if (!cp_is_punct(cp_peek(p), '(')) {
            cp_error(p, cp_peek(p), "%s takes its form: %s", k->text, cp_is_kw(k, "DT") ? "DT=(MD4/)" : "DTNS=(4MD)");
            return false;
        }
        return cp_date_form(p, k, cp_is_kw(k, "DT"), df->dt_form);
    }
    ctl_tok *w = cp_next(p);
    if (cp_is_kw(k, "WEEKNUM")) {
        df->out = KR_DF_WEEKNUM;
        df->weeknum = cp_is_kw(w, "USA") ? 'U' : cp_is_kw(w, "ISO") ? 'I' : 0;
        if (!df->weeknum) {
            cp_error(p, w, "WEEKNUM= takes USA (weeks from Sunday, January 1 in week 1) or ISO (ISO 8601 weeks)");
            return false;
        }
        return true;
    }
    df->out = KR_DF_AGE;
    if (!cp_is_kw(w, "YMD") && !cp_is_kw(w, "YM") && !cp_is_kw(w, "YD")) {
        cp_error(p, w, "AGE= takes YMD (C'yyyymmdd'), YM (C'yyyymm') or YD (C'yyyyddd')");
        return false;
    }
    cp_date_format_name(w, df->age);
    df->age[2] = w->len == 3 ? df->age[2] : 0;
    return true;
}

/* Y2TP, Y2WP, ... Y2BP: DFSORT's p,m,Y2xP, the date with its century as packed decimal. */
static bool y2_packed_word(const ctl_tok *t)
{
    if (t->kind != CT_WORD || t->len != 4 || (t->text[3] != 'P' && t->text[3] != 'p'))
        return false;
    ctl_tok three = *t;
    char w[4] = {t->text[0], t->text[1], t->text[2], 0};
    three.text = w;
    three.len = 3;
    return (w[1] == '2') && cp_date_format_word(&three);
}

/* Where the tokens at the cursor are a date function: p,m,Yxx or NAME|Q:NAME|T.NAME then
 * ',' and a function word. */
static bool starts_datefn(const cparser *p)
{
    size_t i = p->toks.i, n = p->toks.n;
    const ctl_tok *v = p->toks.v;
    long arg;
    if (v[i].kind == CT_NUM)
        return i + 4 < n && cp_is_punct(&v[i + 1], ',') && v[i + 2].kind == CT_NUM && cp_is_punct(&v[i + 3], ',') &&
               (cp_date_format_word(&v[i + 4]) || y2_packed_word(&v[i + 4]));
    if (v[i].kind != CT_WORD)
        return false;
    size_t j = i + 1;
    if (j + 1 < n && (cp_is_punct(&v[j], ':') || cp_is_punct(&v[j], '.')) && v[j + 1].kind == CT_WORD)
        j += 2;
    return j + 1 < n && cp_is_punct(&v[j], ',') && (op_word(&v[j + 1], &arg) != KR_DF_NONE || out_word(&v[j + 1]));
}

/* A date: p,m,Yxx or a name. */
static bool date_ref(cparser *p, kr_ref *r, char in[4], kr_datefn *edit)
{
    bool positional = cp_peek(p)->kind == CT_NUM;
    if (!cp_ref(p, r, false))
        return false;
    in[0] = 0;
    if (!positional)
        return true;
    if (!cp_expect(p, ',', "and the date's format (Y4T, Y2W, ...) after p,m"))
        return false;
    ctl_tok *f = cp_next(p);
    if (edit && y2_packed_word(f)) { /* p,m,Y2xP */
        upper3(in, f->text);
        edit->y2_packed = true;
        return true;
    }
    if (!cp_date_format_word(f)) {
        cp_error(p, f, "a date function's date is p,m with Y2T, Y2U, Y2V, Y2W, Y2X, Y2Y, Y4T, Y4U, Y4V, Y4W, Y4X or "
                       "Y4Y, or a date field of the layout by name");
        return false;
    }
    upper3(in, f->text);
    ctl_tok *open = cp_peek(p);
    if (edit && in[1] == '2' && cp_is_punct(open, '(') && open->start == f->end) { /* p,m,Y2x(c) */
        cp_next(p);
        ctl_tok *c = cp_next(p), *close = cp_next(p);
        if (c->len != 1 || c->kind == CT_STR || !cp_is_punct(close, ')')) {
            cp_error(p, c, "%s(c) takes one character that is not a blank, as in %s(/)", in, in);
            return false;
        }
        edit->out_sep = c->text[0];
    }
    return true;
}

/* TOJUL=Yxx[(c)], TOGREG=Yxx[(c)], WEEKDAY=CHAR3|CHAR9|DIGIT1, TODATE=name; the cursor at the
 * keyword. */
static bool output(cparser *p, kr_datefn *df)
{
    ctl_tok *k = cp_next(p);
    if (!cp_expect(p, '=', "after the keyword"))
        return false;
    if (cp_is_kw(k, "WEEKDAY")) {
        ctl_tok *w = cp_next(p);
        df->out = KR_DF_WEEKDAY;
        df->weekday = cp_is_kw(w, "CHAR3") ? 3 : cp_is_kw(w, "CHAR9") ? 9 : cp_is_kw(w, "DIGIT1") ? 1 : 0;
        if (!df->weekday) {
            cp_error(p, w, "WEEKDAY= takes CHAR3, CHAR9 or DIGIT1");
            return false;
        }
        return true;
    }
    if (cp_is_kw(k, "DT") || cp_is_kw(k, "DTNS") || cp_is_kw(k, "WEEKNUM") || cp_is_kw(k, "AGE"))
        return edit_output(p, k, df);
    if (cp_is_kw(k, "TODATE")) {
        df->out = KR_DF_TODATE;
        if (cp_peek(p)->kind != CT_WORD) {
            cp_error(p, cp_peek(p), "TODATE= takes the name of a date field of the layout, whose form is written");
            return false;
        }
        return cp_ref(p, &df->todate, false);
    }
    df->out = cp_is_kw(k, "TOJUL") ? KR_DF_TOJUL : KR_DF_TOGREG;
    ctl_tok *f = cp_next(p);
    if (!cp_date_format_word(f)) {
        cp_error(p, f, "%s= takes Y2T, Y2U, Y2V, Y2W, Y2X, Y2Y, Y4T, Y4U, Y4V, Y4W, Y4X or Y4Y", k->text);
        return false;
    }
    upper3(df->out_fmt, f->text);
    if (year_format(df->out_fmt)) {
        cp_error(p, f, "%s= writes a full date: Y2T, Y2U, Y2V, Y2W, Y2X, Y2Y, Y4T, Y4U, Y4V, Y4W, Y4X or Y4Y", k->text);
        return false;
    }
    ctl_tok *open = cp_peek(p);
    if (cp_is_punct(open, '(') && open->start == f->end) {
        if (strchr("UVXY", df->out_fmt[2])) {
            cp_error(p, &p->toks.v[p->toks.i + 1], "%s is packed: it takes no separator", df->out_fmt);
            return false;
        }
        cp_next(p);
        ctl_tok *c = cp_next(p), *close = cp_next(p);
        if (c->len != 1 || c->kind == CT_STR || !cp_is_punct(close, ')')) {
            cp_error(p, c, "%s(c) takes one character that is not a blank, as in %s(-)", df->out_fmt, df->out_fmt);
            return false;
        }
        df->out_sep = c->text[0];
    }
    return true;
}

int cp_datefn_item(cparser *p, kr_item *it)
{
    if (!starts_datefn(p))
        return 0;
    kr_datefn *df = kr_xcalloc(1, sizeof *df);
    it->kind = KR_ITEM_DATEFN;
    it->datefn = df;
    if (!date_ref(p, &it->ref, df->in, df))
        return -1;
    bool y2_edit = df->y2_packed || df->out_sep; /* p,m,Y2xP or p,m,Y2x(c): nothing may follow */
    while (cp_is_punct(cp_peek(p), ',')) {
        ctl_tok *comma = cp_peek(p), *k = cp_peek2(p);
        long arg = 0;
        kr_datefn_op op = op_word(k, &arg);
        if (op != KR_DF_NONE) {
            if (df->op != KR_DF_NONE || df->out != KR_DF_SAME) {
                cp_error(p, comma, "a date function takes one of ADDxxx, SUBxxx, DATEDIFF, LASTDAYx, NEXTDxxx and PREVDxxx, "
                               "before TOJUL=, TOGREG=, WEEKDAY=, DT=, DTNS=, WEEKNUM=, AGE= or TODATE=");
                return -1;
            }
            cp_next(p);
            cp_next(p);
            df->op = op;
            if (op == KR_DF_ADDDAYS || op == KR_DF_ADDMONS || op == KR_DF_ADDYEARS) {
                if (!cp_expect(p, ',', "and +n after the function"))
                    return -1;
                ctl_tok *n = cp_next(p);
                char *end;
                long v = n->kind == CT_NUM ? strtol(n->text, &end, 10) : 0;
                if (n->kind != CT_NUM || strchr(n->text, '.') || v > 3652058 || v < -3652058) {
                    cp_error(p, n, "%s takes a whole number of %s, +n (at most 3652058 days)", k->text,
                             op == KR_DF_ADDDAYS ? "days" : op == KR_DF_ADDMONS ? "months" : "years");
                    return -1;
                }
                df->amount = arg * v;
            } else if (op == KR_DF_DATEDIFF) {
                if (!cp_expect(p, ',', "and the other date after DATEDIFF") || !date_ref(p, &df->other, df->other_in, NULL))
                    return -1;
            } else
                df->amount = arg;
            continue;
        }
        if (!out_word(k))
            break;
        if (df->out != KR_DF_SAME || df->op == KR_DF_DATEDIFF) {
            cp_error(p, comma, df->op == KR_DF_DATEDIFF ? "DATEDIFF gives a number of days: it takes no TOJUL=, TOGREG=, "
                                                     "WEEKDAY=, DT=, DTNS=, WEEKNUM=, AGE= or TODATE="
                                                   : "a date function takes one TOJUL=, TOGREG=, WEEKDAY=, DT=, DTNS=, "
                                                     "WEEKNUM=, AGE= or TODATE=");
            return -1;
        }
        cp_next(p);
        if (!output(p, df))
            return -1;
    }
    if ((year_format(df->in) && (df->op != KR_DF_NONE || df->out != KR_DF_SAME)) || year_format(df->other_in)) {
        cp_error(p, cp_peek(p), "%s is a year alone: p,m,%s writes it as a four-digit year; date functions take "
                                "full dates (Y2T, Y4T, ...)", df->in, df->in);
        return -1;
    }
    if (y2_edit && (df->op != KR_DF_NONE || df->out != KR_DF_SAME)) {
        cp_error(p, cp_peek(p), "p,m,%s%s writes the date with its century as it is; a date function takes p,m,%s",
                 df->in, df->y2_packed ? "P" : "(c)", df->in);
        return -1;
    }
    if (df->out_sep && df->out == KR_DF_SAME && strchr("CZSPDB", df->in[2])) {
        cp_error(p, cp_peek(p), "%s is a year alone: it takes no separator", df->in);
        return -1;
    }
    if (df->out == KR_DF_WEEKDAY && df->op != KR_DF_NONE) {
        cp_error(p, cp_peek(p), "WEEKDAY= goes right after the date (p,m,Y4T,WEEKDAY=CHAR3)");
        return -1;
    }
    return 1;
}

void cp_datefn_free(kr_datefn *df)
{
    if (!df)
        return;
    kr_ref_free(&df->other);
    kr_ref_free(&df->todate);
    free(df);
}
