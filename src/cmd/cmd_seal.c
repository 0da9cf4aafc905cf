/* cmd_seal.c: `kiroku seal` and `kiroku unseal` — argument parsing for SEAL, UNSEAL and
 * `seal --verify`, key selection (key file, key ring, passphrase), `seal --new-key`. */
#include "cmd.h"
#include "kiroku/secure.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void help_seal(FILE *out)
{
    fprintf(out,
            "usage: kiroku seal INPUT SEALED KEY [-L LAYOUT] [--data-set NAME] [--sender WHO]\n"
            "                   [--receiver WHO] [--chunk BYTES]\n"
            "       kiroku seal --verify SEALED KEY [--slip FILE]\n"
            "       kiroku seal --new-key FILE --key-id ID\n"
            "KEY is one of:\n"
            "  --key FILE               a key file ('kiroku-key-v1 ID HEX', mode 0600 or stricter)\n"
            "  --keyring DIR --key-id ID  DIR/ID.key ($KIROKU_KEYS is the default DIR); when\n"
            "                           verifying or unsealing, the sealed file names its key id\n"
            "  --passphrase-file FILE --key-id ID  a passphrase (first line, 12 characters or more)\n"
            "                           through scrypt (N=2^15, r=8, p=1)\n\n"
            "Encrypts INPUT into SEALED (KRS1: AES-256-GCM in 64 KiB chunks with an authenticated\n"
            "header holding the layout name, the record count and the plaintext's SHA-256) and\n"
            "writes the hand-over slip (受渡票) SEALED.slip. With -L the record count is by the\n"
            "layout's record length, else the number of lines. --verify checks a sealed file and\n"
            "its slip completely without writing any plaintext. Formats: docs/PROTECTION.md.\n\n"
            "Return code: 0 done, 12 a check failed or the file could not be read or written,\n"
            "16 the command line, a key or the roles file is wrong, or the role is denied.\n");
}

static void help_unseal(FILE *out)
{
    fprintf(out,
            "usage: kiroku unseal SEALED OUTPUT KEY [--slip FILE]\n\n"
            "Checks the header, every chunk, the plaintext's SHA-256, the record count and the\n"
            "hand-over slip (SEALED.slip unless --slip), and only then gives OUTPUT its name\n"
            "(mode 0600). KEY as for `kiroku seal` (see 'kiroku seal --help').\n\n"
            "Return code: 0 done, 12 a check failed (nothing written), 16 the command line, the\n"
            "key or the roles file is wrong, or the role is denied.\n");
}

/* Key options shared by seal and unseal; returns true when c was one of them. */
static bool key_option(int c, kr_key_choice *a)
{
    switch (c) {
    case 'k': a->key_file = optarg; return true;
    case 'r': a->ring = optarg; return true;
    case 'i': a->key_id = optarg; return true;
    case 'P': a->pass_file = optarg; return true;
    default: return false;
    }
}

#define KEY_OPTIONS                                                                                       \
    {"key", required_argument, NULL, 'k'}, {"keyring", required_argument, NULL, 'r'},                     \
        {"key-id", required_argument, NULL, 'i'}, {"passphrase-file", required_argument, NULL, 'P'}

static int fail_with(const kr_err *err)
{
    fprintf(stderr, "%s\n", err->text);
    return err->rc ? err->rc : KR_RC_FAIL;
}

int cmd_seal(int argc, char **argv)
{
    static const struct option opts[] = {KEY_OPTIONS,
                                         {"layout", required_argument, NULL, 'L'},
                                         {"data-set", required_argument, NULL, 'd'},
                                         {"sender", required_argument, NULL, 's'},
                                         {"receiver", required_argument, NULL, 'R'},
                                         {"chunk", required_argument, NULL, 'c'},
                                         {"verify", no_argument, NULL, 'v'},
                                         {"slip", required_argument, NULL, 'S'},
                                         {"new-key", required_argument, NULL, 'n'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    kr_key_choice ka = {0};
    const char *layout = NULL, *new_key = NULL, *slip = NULL;
    kr_slip_fields sf = {0};
    uint64_t chunk = 0;
    bool verify = false;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "L:h", opts, NULL)) != -1) {
        if (key_option(c, &ka))
            continue;
        switch (c) {
        case 'L': layout = optarg; break;
        case 'd': sf.dataset = optarg; break;
        case 's': sf.sender = optarg; break;
        case 'R': sf.receiver = optarg; break;
        case 'S': slip = optarg; break;
        case 'n': new_key = optarg; break;
        case 'v': verify = true; break;
        case 'c':
            if (!cmd_parse_count(optarg, &chunk) || chunk < 16 || chunk > (16u << 20))
                return cmd_usage_error("seal", "--chunk takes a number of bytes from 16 to 16777216");
            break;
        case 'h': help_seal(stdout); return KR_RC_OK;
        default: return cmd_usage_error("seal", "unknown option");
        }
    }
    kr_err err;
    kr_err_clear(&err);
    if (new_key) {
        if (optind != argc || !ka.key_id)
            return cmd_usage_error("seal", "--new-key FILE takes --key-id ID and no other argument");
        if (!kr_key_create(new_key, ka.key_id, &err))
            return fail_with(&err);
        printf("KRK1520I wrote key '%s' to %s (mode 0600); keep a copy where the receiver can get it safely\n",
               ka.key_id, new_key);
        return KR_RC_OK;
    }
    if (verify) {
        if (optind != argc - 1)
            return cmd_usage_error("seal", "--verify takes one SEALED file");
        kr_unseal_opts o = {argv[optind], slip, NULL, NULL};
        return kr_unseal_guarded(&ka, &o, stdout, stderr);
    }
    if (optind != argc - 2)
        return cmd_usage_error("seal", "give INPUT and SEALED");
    size_t record_bytes = 0;
    const char *layout_name = NULL;
    kr_layout *l = NULL;
    if (layout) {
        if (!(l = cmd_load_layout(layout)))
            return KR_RC_ENV;
        record_bytes = l->length + kr_terminator_len(l->terminator);
        layout_name = l->name;
    }
    kr_seal_opts o = {argv[optind], argv[optind + 1], NULL, layout_name, record_bytes, (uint32_t)chunk, sf};
    int rc = kr_seal_guarded(&ka, &o, stdout, stderr);
    kr_layout_free(l);
    return rc;
}

int cmd_unseal(int argc, char **argv)
{
    static const struct option opts[] = {KEY_OPTIONS,
                                         {"slip", required_argument, NULL, 'S'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    kr_key_choice ka = {0};
    const char *slip = NULL;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (key_option(c, &ka))
            continue;
        switch (c) {
        case 'S': slip = optarg; break;
        case 'h': help_unseal(stdout); return KR_RC_OK;
        default: return cmd_usage_error("unseal", "unknown option");
        }
    }
    if (optind != argc - 2)
        return cmd_usage_error("unseal", "give SEALED and OUTPUT");
    kr_unseal_opts o = {argv[optind], slip, argv[optind + 1], NULL};
    return kr_unseal_guarded(&ka, &o, stdout, stderr);
}
