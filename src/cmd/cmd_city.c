/* cmd_city.c: `kiroku city` — write a synthetic prefecture for the NHI streams, with its
 * truth (docs/CITY.md). */
#include "cmd.h"
#include "kiroku/city.h"
#include "kiroku/gen.h"

#include <getopt.h>
#include <string.h>

/* The words of --with: what each adds to the default files (docs/CITY.md). */
static const struct with_word {
    const char *word;
    unsigned bit;
} with_words[] = {
    {"health", KR_CITY_WITH_HEALTH},
    {"corrections", KR_CITY_WITH_CORRECTIONS},
    {"retention", KR_CITY_WITH_RETENTION},
    {"bank", KR_CITY_WITH_BANK},
    {"kogaku", KR_CITY_WITH_KOGAKU},
    {"federation", KR_CITY_WITH_FEDERATION},
};
#define N_WITH_WORDS (sizeof with_words / sizeof with_words[0])

/* "health,..." into bits; false (and a usage error) for a word not in the table. */
static bool parse_with(const char *list, unsigned *bits)
{
    const char *p = list;
    for (;;) {
        size_t n = strcspn(p, ",");
        size_t i = 0;
        while (i < N_WITH_WORDS && !(strlen(with_words[i].word) == n && strncmp(with_words[i].word, p, n) == 0))
            i++;
        if (i == N_WITH_WORDS) {
            char words[256] = "";
            for (size_t k = 0; k < N_WITH_WORDS; k++)
                snprintf(words + strlen(words), sizeof words - strlen(words), "%s%s", k ? ", " : "",
                         with_words[k].word);
            cmd_usage_error("city", "--with takes a comma list of %s, not '%.*s'", words, (int)n, p);
            return false;
        }
        *bits |= with_words[i].bit;
        if (!p[n])
            return true;
        p += n + 1;
    }
}

static void help(FILE *out)
{
    fprintf(out,
            "usage: kiroku city --cities C --people N --out DIR [--seed S] [--date YYYY-MM-DD]\n"
            "                   [--with WORD[,WORD]]\n\n"
            "Writes a synthetic prefecture of C cities (1-%d) of N residents each, and the truth:\n"
            "  DIR/cityNN/juki_0.dat         the registry the day before (layout juki)\n"
            "  DIR/cityNN/juki_1.dat         the registry on the day\n"
            "  DIR/cityNN/kokuho_daicho.dat  the NHI ledger the day before (kokuho_daicho)\n"
            "  DIR/cityNN/kokuho_tx.dat      the day's NHI transactions (kokuho_tx)\n"
            "  DIR/cityNN/rengo_shikaku.dat  the federation's 国保資格取得喪失年月日連携 of the day\n"
            "  DIR/cityNN/rengo_hihokensha_id.dat  its 被保険者ID連携 of the day\n"
            "  DIR/rengo/rireki.dat          the federation's eligibility register (rengo_rireki)\n"
            "  DIR/truth.dat                 every exception the streams must find (kakunin)\n"
            "The same arguments give the same bytes (docs/CITY.md).\n\n"
            "  --cities C         cities of the prefecture (default 3)\n"
            "  --people N         residents of each city the day before\n"
            "  --out DIR          the directory (made when missing)\n"
            "  --seed S           the random seed (default 1)\n"
            "  --date YYYY-MM-DD  the day (default 2026-04-01)\n"
            "  --with WORDS       more files, a comma list of:\n"
            "                       health: DIR/cityNN/health/kenshin_kekka.dat, the medical\n"
            "                       institutions' screening results (kenshin), and\n"
            "                       truth_shogo.dat, what results intake must find (kenshin_shogo);\n"
            "                       yobo_rireki.dat, the vaccination history, yobo_yoshinhyo.dat,\n"
            "                       the records to take in (yobo_sesshu), truth_yobo_shogo.dat\n"
            "                       corrections: DIR/cityNN/corrections/, a base generation, the days'\n"
            "                       transactions, corrections (some refused) and their truth\n"
            "                       retention: DIR/cityNN/retention/, the NHI ledger with years of\n"
            "                       losses, and the truth of the five-year purge on the day\n"
            "                       bank: DIR/cityNN/bank/, the NHI premium ledger with the\n"
            "                       payers' accounts, the bank's 口座振替 result for the first\n"
            "                       debit day from --date on, and their truth\n"
            "                       kogaku: DIR/rengo/kogaku/gaito.dat, the movers' 高額該当\n"
            "                       months in their old city; DIR/cityNN/kogaku/, the city's\n"
            "                       continuity decisions and the truth of the carry-over\n"
            "                       federation: DIR/rengo/rireki_0.dat, the federation's register the\n"
            "                       day before (rengo_rireki), and DIR/rengo/kojin_index_0.dat, its\n"
            "                       個人番号 -> 被保険者ID index (rengo_kojin_index, sensitive)\n\n"
            "Return code: 0 written, 16 an argument or a layout is wrong, 12 a file could not be\n"
            "written. Nothing is committed unless the return code is 0.\n",
            KR_CITY_MAX);
}

int cmd_city(int argc, char **argv)
{
    static const struct option opts[] = {
        {"cities", required_argument, NULL, 'c'}, {"people", required_argument, NULL, 'n'},
        {"out", required_argument, NULL, 'o'},    {"seed", required_argument, NULL, 's'},
        {"date", required_argument, NULL, 'd'},   {"help", no_argument, NULL, 'h'},
        {"with", required_argument, NULL, 'w'},
        {NULL, 0, NULL, 0}};
    kr_city_opts o = {NULL, 3, 0, 1, 20260401, 0};
    uint64_t cities = 3;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            if (!cmd_parse_count(optarg, &cities) || cities < 1 || cities > KR_CITY_MAX)
                return cmd_usage_error("city", "--cities takes a number from 1 to %d", KR_CITY_MAX);
            o.cities = (unsigned)cities;
            break;
        case 'n':
            if (!cmd_parse_count(optarg, &o.people) || o.people < 1)
                return cmd_usage_error("city", "--people takes a number from 1");
            break;
        case 'o': o.out_dir = optarg; break;
        case 's':
            if (!cmd_parse_count(optarg, &o.seed))
                return cmd_usage_error("city", "--seed takes a number");
            break;
        case 'd':
            if (!kr_gen_parse_date(optarg, &o.ref_ymd))
                return cmd_usage_error("city", "--date takes a calendar date as YYYY-MM-DD, not '%s'", optarg);
            break;
        case 'w':
            if (!parse_with(optarg, &o.with))
                return KR_RC_ENV;
            break;
        case 'h': help(stdout); return KR_RC_OK;
        default: return cmd_usage_error("city", "unknown option");
        }
    }
    if (optind != argc)
        return cmd_usage_error("city", "unexpected argument '%s'", argv[optind]);
    if (!o.out_dir || !o.people)
        return cmd_usage_error("city", "give --people N and --out DIR");
    kr_city_stats st;
    kr_err err = {0};
    int rc = kr_city_generate(&o, &st, &err);
    if (rc) {
        fprintf(stderr, "%s\n", err.text);
        return rc;
    }
    fprintf(stderr,
            "KRK1600I %s: %u cities, %llu residents the day before, %llu on the day, %llu insured, "
            "%llu NHI transactions, %llu moves between cities, %llu periods in the register; truth: "
            "%llu 重複, %llu 空白, %llu 個人番号相違, %llu 個人番号空白 (records); %llu files, %llu bytes; "
            "seed %llu, day %04d-%02d-%02d\n",
            o.out_dir, o.cities, (unsigned long long)st.residents[0], (unsigned long long)st.residents[1],
            (unsigned long long)st.insured, (unsigned long long)st.transactions, (unsigned long long)st.moves,
            (unsigned long long)st.periods, (unsigned long long)st.exceptions[1],
            (unsigned long long)st.exceptions[2], (unsigned long long)st.exceptions[3],
            (unsigned long long)st.exceptions[4], (unsigned long long)st.files, (unsigned long long)st.bytes,
            (unsigned long long)o.seed, o.ref_ymd / 10000, o.ref_ymd / 100 % 100, o.ref_ymd % 100);
    if (o.with & KR_CITY_WITH_HEALTH)
        fprintf(stderr,
                "KRK1903I %s: health: %llu screening results and %llu vaccination records to take in, with the "
                "truth of their intake\n",
                o.out_dir, (unsigned long long)st.health_results, (unsigned long long)st.health_doses);
    return KR_RC_OK;
}
