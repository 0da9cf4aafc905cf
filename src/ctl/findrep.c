/* findrep.c: the FINDREP=(...) operand of INREC, OUTREC and OUTFIL: IN=/OUT= (one or a list
 * of constants to find, one to put), INOUT=(in,out,in,out,...), STARTPOS=, ENDPOS=, DO=,
 * MAXLEN=, OVERRUN=ERROR|TRUNC and SHIFT=YES|NO, as DFSORT writes them. */
#include "parse.h"

#include <stdlib.h>
#include <string.h>

static bool text_const(cparser *p, kr_const *c, const char *what)
{
    ctl_tok *t = cp_peek(p);
    if (!cp_const(p, c))
        return false;
    if (c->kind != KR_CONST_CHAR && c->kind != KR_CONST_HEX) {
        cp_error(p, t, "%s takes C'..' or X'..' constants", what);
        return false;
    }
    return true;
}

/* One constant or a parenthesized list of them, appended to *v. */
static bool const_list(cparser *p, kr_const **v, size_t *n, const char *what)
{
    bool list = cp_accept(p, '(');
    do {
        *v = kr_xrealloc(*v, (*n + 1) * sizeof **v);
        memset(&(*v)[*n], 0, sizeof **v);
        (*n)++;
        if (!text_const(p, &(*v)[*n - 1], what))
            return false;
    } while (list && cp_accept(p, ','));
    return !list || cp_expect(p, ')', "to close the list of constants");
}

static bool number(cparser *p, uint64_t max, uint64_t *out, const char *what)
{
    ctl_tok *t = cp_next(p);
    if (!cp_number(p, t, max, out, what))
        return false;
    if (*out == 0) {
        cp_error(p, t, "%s is at least 1", what);
        return false;
    }
    return true;
}

kr_findrep *cp_findrep(cparser *p)
{
    kr_findrep *f = kr_xcalloc(1, sizeof *f);
    ctl_tok *open = cp_peek(p);
    f->pos = open->pos;
    if (!cp_expect(p, '(', "after FINDREP="))
        goto fail;
    bool inout = false;
    do {
        ctl_tok *k = cp_next(p);
        if (!cp_expect(p, '=', "after the keyword"))
            goto fail;
        uint64_t n;
        if (cp_is_kw(k, "IN")) {
            if (!const_list(p, &f->in, &f->n_in, "IN="))
                goto fail;
        } else if (cp_is_kw(k, "OUT")) {
            if (!const_list(p, &f->out, &f->n_out, "OUT="))
                goto fail;
        } else if (cp_is_kw(k, "INOUT")) {
            inout = true;
            kr_const *all = NULL;
            size_t n_all = 0;
            bool ok = const_list(p, &all, &n_all, "INOUT=");
            for (size_t i = 0; i < n_all; i++) {
                kr_const **v = i % 2 ? &f->out : &f->in;
                size_t *c = i % 2 ? &f->n_out : &f->n_in;
                *v = kr_xrealloc(*v, (*c + 1) * sizeof **v);
                (*v)[(*c)++] = all[i];
            }
            free(all);
            if (!ok)
                goto fail;
            if (n_all % 2) {
                cp_error(p, k, "INOUT=(in,out,in,out,...) takes pairs");
                goto fail;
            }
        } else if (cp_is_kw(k, "STARTPOS") || cp_is_kw(k, "ENDPOS") || cp_is_kw(k, "MAXLEN")) {
            if (!number(p, 32768 * 32, &n, k->text))
                goto fail;
            *(cp_is_kw(k, "STARTPOS") ? &f->startpos : cp_is_kw(k, "ENDPOS") ? &f->endpos : &f->maxlen) = n;
        } else if (cp_is_kw(k, "DO")) {
            if (!number(p, UINT64_MAX / 2, &f->do_max, "DO"))
                goto fail;
        } else if (cp_is_kw(k, "OVERRUN")) {
            ctl_tok *v = cp_next(p);
            if (!cp_is_kw(v, "ERROR") && !cp_is_kw(v, "TRUNC")) {
                cp_error(p, v, "OVERRUN= takes ERROR or TRUNC");
                goto fail;
            }
            f->overrun_trunc = cp_is_kw(v, "TRUNC");
        } else if (cp_is_kw(k, "SHIFT")) {
            ctl_tok *v = cp_next(p);
            if (!cp_is_kw(v, "YES") && !cp_is_kw(v, "NO")) {
                cp_error(p, v, "SHIFT= takes YES or NO");
                goto fail;
            }
            f->shift_no = cp_is_kw(v, "NO");
        } else {
            cp_error(p, k, "FINDREP takes IN=, OUT=, INOUT=, STARTPOS=, ENDPOS=, DO=, MAXLEN=, OVERRUN= and SHIFT=, "
                           "not '%s'", k->text);
            goto fail;
        }
    } while (cp_accept(p, ','));
    if (!cp_expect(p, ')', "to close FINDREP=(...)"))
        goto fail;
    if (f->n_in == 0 || f->n_out == 0 || (!inout && f->n_out != 1 && f->n_out != f->n_in)) {
        cp_error(p, open, "FINDREP needs IN= and OUT= (one OUT for all, or one for each IN) or INOUT=(in,out,...)");
        goto fail;
    }
    for (size_t i = 0; i < f->n_in; i++)
        if (f->in[i].len == 0) {
            cp_error(p, open, "FINDREP cannot find an empty constant");
            goto fail;
        }
    if (f->endpos && f->startpos > f->endpos) {
        cp_error(p, open, "FINDREP's STARTPOS= is after its ENDPOS=");
        goto fail;
    }
    return f;
fail:
    cp_findrep_free(f);
    return NULL;
}

void cp_findrep_free(kr_findrep *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n_in; i++)
        free(f->in[i].bytes);
    for (size_t i = 0; i < f->n_out; i++)
        free(f->out[i].bytes);
    free(f->in);
    free(f->out);
    free(f);
}
