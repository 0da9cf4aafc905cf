/* cmd_convert.c: `kiroku convert` — rewrite a record file of one layout as a file of
 * another (CONVERT): between CP932 and UTF-8, between layouts. */
#include "cmd.h"

#include <getopt.h>
#include <string.h>

static void help(FILE *out)
{
    fprintf(out,
            "usage: kiroku convert IN OUT --from LAYOUT --to LAYOUT [--gaiji TABLE] [--truncate]\n"
            "                      [--replace] [--dup-form keep|ibm|nec] [--fold PROFILE]\n"
            "                      [--max-listed N]\n\n"
            "Rewrites every record of IN (layout --from) as a record of OUT (layout --to): record\n"
            "types matched by name, then fields by name. Text is re-encoded (CP932 <-> UTF-8) and\n"
            "re-padded (N with the full-width space, X and M with spaces); numbers change between\n"
            "9, S9, P and B and their decimals; dates between their formats, 和暦 and Western;\n"
            "fields of OUT that IN lacks get their empty value; trailers' control totals are\n"
            "recomputed. OUT is written atomically: after an error nothing carries its name.\n\n"
            "  --from LAYOUT        the layout of IN\n"
            "  --to LAYOUT          the layout of OUT\n"
            "  --gaiji TABLE        IN's 外字 table (layouts/gaiji/TABLE.gaiji, or a path): each 外字\n"
            "                       is written as what the table says; others keep their code\n"
            "                       (CP932 0xF040-0xF9FC <-> U+E000-U+E757) and are listed\n"
            "  --truncate           cut text that does not fit at a character boundary and list\n"
            "                       every cut (default: the conversion stops)\n"
            "  --replace            write characters that have no form in OUT as a substitute (the\n"
            "                       best fit, else 〓 or ?) and list each (default: it stops)\n"
            "  --dup-form FORM      NEC/IBM duplicate kanji (髙 0xFBFC / 0xEEE0) in CP932 output:\n"
            "                       keep (as IN wrote them; ibm when IN is UTF-8, the default),\n"
            "                       ibm (0xFA40-0xFC4B, as iconv and Windows), nec (0xED40-0xEEFC)\n"
            "  --fold PROFILE       fold every text field character by character with the folding\n"
            "                       profile (layouts/fold/PROFILE.fold, or a path): zengin makes\n"
            "                       small kana large, as Zengin files need (docs/TEXT.md)\n"
            "  --max-listed N       list at most N warnings one by one (default 1000)\n\n"
            "The listing (standard output; standard error when OUT is -) names the record, field\n"
            "and byte of every cut, replacement and unmapped 外字, and ends with the 外字 to\n"
            "register and the counts.\n"
            "Return code: 0 done, 4 done with cuts, replacements or unmapped 外字 listed, 8 a record\n"
            "could not be converted (invalid text, no form, no fit, a number or date that cannot\n"
            "be written: OUT is not written), 12 OUT could not be written, 16 the layouts, the\n"
            "options or the files are wrong. See docs/TEXT.md.\n");
}

int cmd_convert(int argc, char **argv)
{
    static const struct option opts[] = {
        {"from", required_argument, NULL, 'f'},   {"to", required_argument, NULL, 't'},
        {"gaiji", required_argument, NULL, 'g'},  {"truncate", no_argument, NULL, 'T'},
        {"replace", no_argument, NULL, 'R'},      {"dup-form", required_argument, NULL, 'd'},
        {"max-listed", required_argument, NULL, 'm'}, {"help", no_argument, NULL, 'h'},
        {"fold", required_argument, NULL, 'F'},
        {NULL, 0, NULL, 0}};
    const char *from = NULL, *to = NULL, *gaiji = NULL, *dup = NULL, *fold = NULL;
    bool truncate = false, replace = false;
    uint64_t max_listed = 1000;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'f': from = optarg; break;
        case 't': to = optarg; break;
        case 'g': gaiji = optarg; break;
        case 'F': fold = optarg; break;
        case 'T': truncate = true; break;
        case 'R': replace = true; break;
        case 'd':
            if (strcmp(optarg, "keep") != 0 && strcmp(optarg, "ibm") != 0 && strcmp(optarg, "nec") != 0)
                return cmd_usage_error("convert", "--dup-form is keep, ibm or nec");
            dup = optarg;
            break;
        case 'm':
            if (!cmd_parse_count(optarg, &max_listed) || max_listed == 0)
                return cmd_usage_error("convert", "--max-listed takes a number from 1");
            break;
        case 'h': help(stdout); return KR_RC_OK;
        default: return cmd_usage_error("convert", "unknown option");
        }
    }
    if (optind != argc - 2)
        return cmd_usage_error("convert", "give IN and OUT");
    if (!from || !to)
        return cmd_usage_error("convert", "give the layouts with --from LAYOUT --to LAYOUT");
    const char *in = argv[optind], *out = argv[optind + 1];
    if (strcmp(in, out) == 0 && strcmp(in, "-") != 0)
        return cmd_usage_error("convert", "IN and OUT are the same file; an input is never modified");
    kr_step st;
    cmd_step_init(&st, "CONVERT");
    kr_step_add_dd(&st, "SYSUT1", in)->layout = kr_xstrdup(from);
    kr_step_add_dd(&st, "SYSUT2", out)->layout = kr_xstrdup(to);
    /* With OUT on standard output the listing goes to standard error. */
    if (strcmp(out, "-") == 0)
        st.sysout = stderr;
    if (truncate)
        cmd_step_parm(&st, "TRUNCATE", NULL);
    if (replace)
        cmd_step_parm(&st, "REPLACE", NULL);
    if (dup)
        cmd_step_parm(&st, "DUPFORM", dup);
    cmd_step_parm_count(&st, "MAXLISTED", max_listed);
    if (gaiji)
        cmd_step_parm(&st, "GAIJI", gaiji);
    if (fold)
        cmd_step_parm(&st, "FOLD", fold);
    int rc = kr_program_run(&st);
    kr_step_free(&st);
    return rc;
}
