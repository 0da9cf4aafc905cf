/* cmd_text.c: `kiroku text check|fold|key` — check 外字 tables and folding profiles, try a
 * profile on names, and show the sort keys of text (docs/TEXT.md). */
#include "cmd.h"
#include "kiroku/text.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *out)
{
    fprintf(out,
            "usage: kiroku text check FILE.gaiji|FILE.fold...\n"
            "       kiroku text fold PROFILE TEXT [TEXT]\n"
            "       kiroku text key [--kana] [--fold PROFILE] TEXT...\n\n"
            "  check   parse each 外字 table (.gaiji) and folding profile (.fold) and report every\n"
            "          mistake with its place (return code 16 if any)\n"
            "  fold    fold TEXT with PROFILE (layouts/fold/PROFILE.fold, or a path) and say which\n"
            "          classes changed it; with two texts, whether they match under the profile\n"
            "          and which classes the match needed (return code 0 match, 4 no match)\n"
            "  key     the sort key of each TEXT (UTF-8), by character or with --kana in 50音\n"
            "          order, optionally folded; the texts are printed in key order\n");
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static int text_check(int argc, char **argv)
{
    if (argc < 1)
        return cmd_usage_error("text check", "give one or more .gaiji or .fold files");
    int rc = KR_RC_OK;
    for (int i = 0; i < argc; i++) {
        if (ends_with(argv[i], ".gaiji")) {
            kr_gaiji *g = cmd_load_gaiji(argv[i]);
            if (!g) {
                rc = KR_RC_ENV;
                continue;
            }
            printf("KRK0450I %s: 外字 table %s is valid\n", argv[i], kr_gaiji_name(g));
            kr_gaiji_free(g);
        } else if (ends_with(argv[i], ".fold")) {
            kr_diags d;
            kr_diags_init(&d);
            kr_fold *f = kr_fold_load_diags(argv[i], &d);
            kr_diags_print(&d, stderr);
            kr_diags_free(&d);
            if (!f) {
                rc = KR_RC_ENV;
                continue;
            }
            kr_buf classes;
            kr_buf_init(&classes);
            kr_fold_classes_text(kr_fold_classes(f), &classes);
            printf("KRK0451I %s: folding profile %s is valid: %s\n", argv[i], kr_fold_name(f), classes.data);
            kr_buf_free(&classes);
            kr_fold_free(f);
        } else {
            rc = cmd_usage_error("text check", "'%s' is neither a .gaiji nor a .fold file", argv[i]);
        }
    }
    return rc;
}

/* The code points of UTF-8 text (caller frees); NULL when it is not UTF-8. */
static uint32_t *codepoints(const char *s, size_t *n)
{
    size_t len = strlen(s);
    uint32_t *cp = kr_xmalloc((len + 1) * sizeof *cp);
    *n = kr_text_decode(KR_ENC_UTF8, (const unsigned char *)s, len, cp);
    for (size_t i = 0; i < *n; i++)
        if (cp[i] >= 0x110000) {
            free(cp);
            return NULL;
        }
    return cp;
}

static void show(const uint32_t *cp, size_t n, kr_buf *out)
{
    kr_buf_addc(out, '"');
    for (size_t i = 0; i < n; i++)
        kr_utf8_put(out, cp[i]);
    kr_buf_addc(out, '"');
}

static int text_fold(int argc, char **argv)
{
    if (argc != 2 && argc != 3)
        return cmd_usage_error("text fold", "give a profile and one or two texts");
    kr_err err;
    kr_fold *f = kr_fold_load(argv[0], &err);
    if (!f) {
        fprintf(stderr, "%s\n", err.text);
        return KR_RC_ENV;
    }
    uint32_t *cp[2] = {NULL, NULL};
    size_t n[2] = {0, 0};
    int rc = KR_RC_OK;
    kr_buf out;
    kr_buf_init(&out);
    for (int i = 0; i < argc - 1 && rc == KR_RC_OK; i++) {
        cp[i] = codepoints(argv[i + 1], &n[i]);
        if (!cp[i]) {
            rc = cmd_usage_error("text fold", "TEXT must be UTF-8");
            break;
        }
        uint32_t *folded = kr_xmalloc((n[i] + 1) * sizeof *folded);
        size_t m;
        unsigned changed = kr_fold_text(f, cp[i], n[i], folded, &m);
        show(cp[i], n[i], &out);
        kr_buf_adds(&out, " -> ");
        show(folded, m, &out);
        kr_buf_adds(&out, " (");
        kr_fold_classes_text(changed, &out);
        kr_buf_adds(&out, ")\n");
        free(folded);
    }
    if (rc == KR_RC_OK && argc == 3) {
        unsigned needed;
        if (kr_fold_match(f, cp[0], n[0], cp[1], n[1], &needed)) {
            kr_buf_adds(&out, "match, needing ");
            kr_fold_classes_text(needed, &out);
            kr_buf_addc(&out, '\n');
        } else {
            kr_buf_addf(&out, "no match under profile %s\n", kr_fold_name(f));
            rc = KR_RC_WARN;
        }
    }
    if (rc <= KR_RC_WARN && cmd_write_stdout(out.data, out.len) != KR_RC_OK)
        rc = KR_RC_FAIL;
    kr_buf_free(&out);
    free(cp[0]);
    free(cp[1]);
    kr_fold_free(f);
    return rc;
}

typedef struct keyed {
    const char *text;
    unsigned char *key;
    size_t width;
} keyed;

static int by_key(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = memcmp(x->key, y->key, x->width);
    return c ? c : strcmp(x->text, y->text);
}

static int text_key(int argc, char **argv)
{
    static const struct option opts[] = {{"kana", no_argument, NULL, 'k'},
                                         {"fold", required_argument, NULL, 'f'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    kr_collation coll = KR_COLL_CHAR;
    const char *profile = NULL;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'k')
            coll = KR_COLL_KANA;
        else if (c == 'f')
            profile = optarg;
        else if (c == 'h') {
            help(stdout);
            return KR_RC_OK;
        } else
            return cmd_usage_error("text key", "unknown option");
    }
    if (optind >= argc)
        return cmd_usage_error("text key", "give one or more texts");
    kr_fold *f = NULL;
    kr_err err;
    if (profile && !(f = kr_fold_load(profile, &err))) {
        fprintf(stderr, "%s\n", err.text);
        return KR_RC_ENV;
    }
    size_t count = (size_t)(argc - optind), longest = 1;
    for (size_t i = 0; i < count; i++)
        if (strlen(argv[optind + i]) > longest)
            longest = strlen(argv[optind + i]);
    size_t key_width = kr_textkey_width_bytes(longest, coll);
    keyed *k = kr_xcalloc(count, sizeof *k);
    for (size_t i = 0; i < count; i++) {
        k[i].text = argv[optind + i];
        k[i].key = kr_xmalloc(key_width);
        k[i].width = key_width;
        kr_textkey_text(KR_ENC_UTF8, (const unsigned char *)k[i].text, strlen(k[i].text), coll, f,
                        k[i].key, key_width);
    }
    qsort(k, count, sizeof *k, by_key);
    kr_buf out;
    kr_buf_init(&out);
    for (size_t i = 0; i < count; i++) {
        size_t used = key_width;
        while (used > 0 && k[i].key[used - 1] == 0)
            used--;
        kr_buf_addf(&out, "%s\t", k[i].text);
        for (size_t b = 0; b < used; b++)
            kr_buf_addf(&out, "%02X", k[i].key[b]);
        kr_buf_addc(&out, '\n');
        free(k[i].key);
    }
    int rc = cmd_write_stdout(out.data, out.len);
    kr_buf_free(&out);
    free(k);
    kr_fold_free(f);
    return rc;
}

int cmd_text(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? KR_RC_ENV : KR_RC_OK;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "check") == 0)
        return text_check(argc - 2, argv + 2);
    if (strcmp(sub, "fold") == 0)
        return text_fold(argc - 2, argv + 2);
    if (strcmp(sub, "key") == 0)
        return text_key(argc - 1, argv + 1);
    return cmd_usage_error("text", "unknown subcommand '%s'", sub);
}
