/* listing.c: what the LEDGER program reports: each rejected transaction in the listing (and
 * in the reject file, rejects.c), and the counts. */
#include "internal.h"

#include <string.h>

void kr_listing_reject(kr_listing *ls, uint64_t recno, const kr_txinfo *info)
{
    if (!ls || !ls->out)
        return;
    if (ls->listed++ == ls->max_listed)
        fprintf(ls->out, "KRK0841I rejects after the first %llu are not listed; the reject file has every one\n",
                (unsigned long long)ls->max_listed);
    if (ls->listed > ls->max_listed)
        return;
    fprintf(ls->out, "KRK0840E %s record %llu: rejected, %02d %s: %s\n", ls->tx_path,
            (unsigned long long)recno, (int)info->reason, kr_reason_text(info->reason), info->detail);
}

void kr_listing_counts(kr_listing *ls, const char *program, const kr_ledger_stats *st)
{
    if (!ls || !ls->out)
        return;
    FILE *o = ls->out;
    fprintf(o, "KRK0850I LEDGER %s: %llu transactions read, %llu applied, %llu rejected\n", program,
            (unsigned long long)st->tx_read,
            (unsigned long long)(st->added + st->changed + st->deleted), (unsigned long long)st->rejected);
    fprintf(o, "  transactions read        %12llu\n", (unsigned long long)st->tx_read);
    fprintf(o, "    control records        %12llu\n", (unsigned long long)st->tx_control);
    fprintf(o, "    added                  %12llu\n", (unsigned long long)st->added);
    fprintf(o, "    changed                %12llu\n", (unsigned long long)st->changed);
    fprintf(o, "    deleted                %12llu\n", (unsigned long long)st->deleted);
    fprintf(o, "    rejected               %12llu\n", (unsigned long long)st->rejected);
    for (int r = 1; r < KR_REASON_COUNT; r++)
        fprintf(o, "      %02d %-28s %9llu\n", r, kr_reason_text((kr_reason)r),
                (unsigned long long)st->by_reason[r]);
    fprintf(o, "  master records before    %12llu\n", (unsigned long long)st->master_in);
    fprintf(o, "  master records after     %12llu\n", (unsigned long long)st->master_out);
}

bool kr_ledger_tally(kr_ledger_stats *st, kr_listing *ls, kr_writer *rejects, const kr_layout *tx,
                     const unsigned char *rec, uint64_t recno, kr_txinfo *info, kr_reason r,
                     kr_err *err)
{
    if (r == KR_REASON_NONE) {
        if (info->action == KR_TX_ADD)
            st->added++;
        else if (info->action == KR_TX_CHANGE)
            st->changed++;
        else if (info->action == KR_TX_DELETE)
            st->deleted++;
        return true;
    }
    st->rejected++;
    st->by_reason[r]++;
    kr_listing_reject(ls, recno, info);
    return !rejects || kr_reject_put(rejects, tx, rec, recno, info, err);
}
