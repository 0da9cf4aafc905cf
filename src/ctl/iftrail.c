/* iftrail.c: OUTFIL's IFTRAIL=(HD=YES,TRLID=(cond),TRLUPD=(c:item,...)) as DFSORT writes
 * it: which record is the input's own header and trailer, and the counts and totals written
 * over the trailer (COUNT, COUNT+n, COUNT-n, TOT/TOTAL, edited or converted as in TRAILER1);
 * and the OUTFIL operands IFTRAIL cannot go with. */
#include "parse.h"

#include <string.h>

/* TRLUPD's items are counts and totals at columns: nothing else is written into the trailer. */
static bool trlupd_items_ok(cparser *p, const kr_items *items, const ctl_tok *at)
{
    if (items->n == 0) {
        cp_error(p, at, "TRLUPD=(...) names at least one count or total: TRLUPD=(6:COUNT=(M11,LENGTH=4))");
        return false;
    }
    for (size_t i = 0; i < items->n; i++) {
        const kr_item *it = &items->v[i];
        bool ok = (it->kind == KR_ITEM_COUNT || (it->kind == KR_ITEM_TOT && it->stat == KR_STAT_TOT)) && !it->sub;
        if (!ok) {
            ctl_tok fake = {CT_WORD, (char *)"", 0, 0, it->pos, 0, 0};
            cp_error(p, &fake, "TRLUPD updates counts and totals only: c:COUNT=(..), c:COUNT+n=(..), c:COUNT-n=(..), "
                               "c:TOT=(p,m,f,..) or c:TOTAL=(..)");
            return false;
        }
    }
    return true;
}

int cp_iftrail_operand(cparser *p, kr_outfil *o)
{
    ctl_tok *k = cp_peek(p);
    if (!cp_is_kw(k, "IFTRAIL"))
        return 0;
    cp_next(p);
    if (o->has_iftrail) {
        cp_error(p, k, "a second IFTRAIL= on this OUTFIL");
        return -1;
    }
    o->has_iftrail = true;
    o->iftrail_pos = k->pos;
    if (!cp_expect(p, '=', "after IFTRAIL") || !cp_expect(p, '(', "after IFTRAIL="))
        return -1;
    bool trlupd = false;
    do {
        ctl_tok *t = cp_next(p);
        if (cp_is_kw(t, "HD")) {
            ctl_tok *v = NULL;
            if (!cp_expect(p, '=', "after HD"))
                return -1;
            v = cp_next(p);
            if (!cp_is_kw(v, "YES") && !cp_is_kw(v, "NO")) {
                cp_error(p, v, "HD= is YES (the first record is a header) or NO");
                return -1;
            }
            o->iftrail_hd = cp_is_kw(v, "YES");
        } else if (cp_is_kw(t, "TRLID")) {
            if (o->trlid) {
                cp_error(p, t, "a second TRLID= in IFTRAIL");
                return -1;
            }
            if (!cp_expect(p, '=', "after TRLID"))
                return -1;
            o->trlid = cp_cond_top(p);
            if (!o->trlid)
                return -1;
        } else if (cp_is_kw(t, "TRLUPD")) {
            if (trlupd) {
                cp_error(p, t, "a second TRLUPD= in IFTRAIL");
                return -1;
            }
            trlupd = true;
            if (!cp_expect(p, '=', "after TRLUPD") || !cp_items(p, &o->trlupd, true) ||
                !trlupd_items_ok(p, &o->trlupd, t))
                return -1;
        } else {
            cp_error(p, t, "IFTRAIL takes HD=YES, TRLID=(condition) and TRLUPD=(c:item,...)");
            return -1;
        }
    } while (cp_accept(p, ','));
    if (!cp_expect(p, ')', "to close IFTRAIL=(...)"))
        return -1;
    if (!o->trlid || !trlupd) {
        cp_error(p, k, "IFTRAIL needs TRLID=(condition) to find the trailer and TRLUPD=(...) to update it");
        return -1;
    }
    return 1;
}

bool cp_iftrail_check(cparser *p, const kr_outfil *o)
{
    if (!o->has_iftrail)
        return true;
    const char *with = o->has_header1 ? "HEADER1" : o->has_trailer1 ? "TRAILER1" : o->has_header2 ? "HEADER2"
                       : o->has_trailer2 ? "TRAILER2" : o->n_sections ? "SECTIONS" : o->nodetail ? "NODETAIL"
                       : o->lines ? "LINES" : o->split_by ? "SPLIT, SPLITBY or SPLIT1R" : o->repeat ? "REPEAT"
                       : o->recfm_conv ? "FTOV or VTOF" : o->has_vlfill ? "VLFILL" : o->has_vltrim ? "VLTRIM"
                       : NULL;
    if (!with)
        return true;
    ctl_tok fake = {CT_WORD, (char *)"", 0, 0, o->iftrail_pos, 0, 0};
    cp_error(p, &fake, "IFTRAIL updates the input's own trailer; it does not go with %s (as in DFSORT)", with);
    return false;
}

void cp_iftrail_free(kr_outfil *o)
{
    kr_cond_free(o->trlid);
    o->trlid = NULL;
    cp_items_free(&o->trlupd);
}
