/* cmd_ledger.c: `kiroku ledger update|load|unload|get|apply|verify|diff|reject-layout` — the
 * LEDGER program's arguments; the work is in src/ledger. */
#include "cmd.h"
#include "kiroku/ledger.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *out)
{
    fprintf(out,
            "usage: kiroku ledger update OLD TRANS NEW -L LAYOUT -T TRANS_LAYOUT [--rejects FILE]\n"
            "                            [--max-listed N] [--totals warn]\n"
            "       kiroku ledger load DIR MASTER -L LAYOUT [--totals warn]\n"
            "       kiroku ledger apply DIR TRANS -T TRANS_LAYOUT [--rejects FILE] [--progress N]\n"
            "                           [--max-listed N]\n"
            "       kiroku ledger unload DIR MASTER\n"
            "       kiroku ledger get DIR [--index NAME] FIELD=VALUE...\n"
            "       kiroku ledger verify DIR\n"
            "       kiroku ledger diff OLD NEW REPORT -L LAYOUT\n"
            "       kiroku ledger reject-layout -T TRANS_LAYOUT\n\n"
            "update   the sequential master update: the old master (sorted by its key, each key\n"
            "         once) and the transactions (sorted by the master key, several per key applied\n"
            "         in input order) give the new master, the rejected transactions and a listing\n"
            "         of counts on standard output. Out of sequence stops with return code 16.\n"
            "load     creates a Berkeley DB ledger in DIR from a master file (sorted, every record\n"
            "         checked); the layout is kept in the ledger.\n"
            "apply    applies a transaction file (any order) in one transaction: all or nothing,\n"
            "         even after kill -9 (recovery runs when the ledger is next opened).\n"
            "unload   writes the ledger as a master file: the same bytes as 'update' gives.\n"
            "get      shows the records of a key (the key fields) or of an index (its fields);\n"
            "         values as typed: text, numbers, dates as the field writes them or YYYY-MM-DD.\n"
            "verify   checks the database files, every record, key and index entry.\n"
            "diff     compares two masters by key, field by field: REPORT gets a line per field\n"
            "         that differs (KEY change FIELD OLD NEW, tab-separated, UTF-8, 個人番号\n"
            "         masked) and per record only in one (KEY add / KEY delete).\n"
            "reject-layout  prints the layout of the reject file of a transaction layout.\n\n"
            "  -L, --layout LAYOUT        the master's layout\n"
            "  -T, --transactions LAYOUT  the transactions' layout: data records named add, change\n"
            "                             or delete (or add_..., ...), fields named as the master's;\n"
            "                             before_FIELD holds the value FIELD must have\n"
            "  --rejects FILE             write the rejected transactions, each with its reason\n"
            "  --index NAME               look up by the secondary index NAME\n"
            "  --progress N               apply: report every N transactions on standard error\n"
            "  --max-listed N             list at most N rejects (default 1000; 0 lists none)\n"
            "  --totals warn|check        update, load: warn accepts an input whose trailer's control\n"
            "                             totals disagree, each KRK1750W (rc 4), the use audited\n"
            "                             (PARM TOTALS=WARN); check (the default) stops (KRK1703E)\n\n"
            "Return codes: 0 done, 4 get found nothing, 8 transactions rejected (or records bad for\n"
            "load and verify), 12 the step could not finish, 16 out of sequence, layouts or\n"
            "arguments wrong. See docs/LEDGER.md.\n");
}

typedef struct args {
    const char *layout, *tx_layout, *rejects, *index, *totals;
    uint64_t progress, max_listed;
    int argc; /* positional */
    char **argv;
} args;

static int parse(const char *sub, int argc, char **argv, args *a)
{
    static const struct option opts[] = {
        {"layout", required_argument, NULL, 'L'},     {"transactions", required_argument, NULL, 'T'},
        {"rejects", required_argument, NULL, 'r'},    {"index", required_argument, NULL, 'i'},
        {"progress", required_argument, NULL, 'p'},   {"max-listed", required_argument, NULL, 'm'},
        {"totals", required_argument, NULL, 'W'},     {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    memset(a, 0, sizeof *a);
    a->max_listed = 1000;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "L:T:h", opts, NULL)) != -1) {
        switch (c) {
        case 'L': a->layout = optarg; break;
        case 'T': a->tx_layout = optarg; break;
        case 'r': a->rejects = optarg; break;
        case 'i': a->index = optarg; break;
        case 'W': a->totals = optarg; break;
        case 'p':
            if (!cmd_parse_count(optarg, &a->progress))
                return cmd_usage_error("ledger", "--progress takes a number");
            break;
        case 'm':
            if (!cmd_parse_count(optarg, &a->max_listed))
                return cmd_usage_error("ledger", "--max-listed takes a number (0: list none)");
            break;
        case 'h': help(stdout); return -1;
        default: return cmd_usage_error("ledger", "unknown option for '%s'", sub);
        }
    }
    a->argc = argc - optind;
    a->argv = argv + optind;
    return 0;
}

static int need(const char *sub, const args *a, int n, const char *what, bool layout, bool tx)
{
    if (a->argc != n)
        return cmd_usage_error("ledger", "'%s' takes %s", sub, what);
    if (layout && !a->layout)
        return cmd_usage_error("ledger", "'%s' needs the master's layout: -L LAYOUT", sub);
    if (tx && !a->tx_layout)
        return cmd_usage_error("ledger", "'%s' needs the transactions' layout: -T LAYOUT", sub);
    return 0;
}

static int fail(const kr_err *err)
{
    fprintf(stderr, "%s\n", err->text);
    return err->rc;
}

/* Runs the LEDGER program with PARM function and the rejects/listing options. */
static int run_program(const args *a, kr_step *st, const char *function)
{
    cmd_step_parm(st, function, NULL);
    cmd_step_parm_count(st, "MAXLISTED", a->max_listed);
    if (a->progress)
        cmd_step_parm_count(st, "PROGRESS", a->progress);
    if (a->rejects)
        kr_step_add_dd(st, "REJECTS", a->rejects);
    if (a->totals)
        cmd_step_parm(st, "TOTALS", a->totals);
    int rc = kr_program_run(st);
    kr_step_free(st);
    return rc;
}

static int run_update(const args *a)
{
    int rc = need("update", a, 3, "OLD TRANS NEW", true, true);
    if (rc)
        return rc;
    kr_step st;
    cmd_step_init(&st, "LEDGER");
    kr_step_add_dd(&st, "OLDMAST", a->argv[0])->layout = kr_xstrdup(a->layout);
    kr_step_add_dd(&st, "TRANS", a->argv[1])->layout = kr_xstrdup(a->tx_layout);
    kr_step_add_dd(&st, "NEWMAST", a->argv[2])->layout = kr_xstrdup(a->layout);
    return run_program(a, &st, "UPDATE");
}

static int run_diff(const args *a)
{
    int rc = need("diff", a, 3, "OLD NEW REPORT", true, false);
    if (rc)
        return rc;
    kr_step st;
    cmd_step_init(&st, "LEDGER");
    kr_step_add_dd(&st, "OLDMAST", a->argv[0])->layout = kr_xstrdup(a->layout);
    kr_step_add_dd(&st, "NEWMAST", a->argv[1])->layout = kr_xstrdup(a->layout);
    kr_step_add_dd(&st, "REPORT", a->argv[2]);
    return run_program(a, &st, "DIFF");
}

static int run_load(const args *a)
{
    int rc = need("load", a, 2, "DIR MASTER", true, false);
    if (rc)
        return rc;
    kr_step st;
    cmd_step_init(&st, "LEDGER");
    kr_step_add_dd(&st, "LEDGER", a->argv[0]);
    kr_step_add_dd(&st, "MASTER", a->argv[1])->layout = kr_xstrdup(a->layout);
    return run_program(a, &st, "LOAD");
}

static int run_apply(const args *a)
{
    int rc = need("apply", a, 2, "DIR TRANS", false, true);
    if (rc)
        return rc;
    kr_step st;
    cmd_step_init(&st, "LEDGER");
    kr_step_add_dd(&st, "LEDGER", a->argv[0]);
    kr_step_add_dd(&st, "TRANS", a->argv[1])->layout = kr_xstrdup(a->tx_layout);
    return run_program(a, &st, "APPLY");
}

static int run_unload(const args *a)
{
    int rc = need("unload", a, 2, "DIR MASTER", false, false);
    if (rc)
        return rc;
    kr_step st;
    cmd_step_init(&st, "LEDGER");
    kr_step_add_dd(&st, "LEDGER", a->argv[0]);
    kr_step_add_dd(&st, "MASTER", a->argv[1]);
    return run_program(a, &st, "UNLOAD");
}

typedef struct shown {
    const kr_layout *layout;
    int type;
    long n;
    kr_buf out;
} shown;

static void show(const unsigned char *rec, void *arg)
{
    shown *s = arg;
    kr_buf_addf(&s->out, "record %ld (%s)\n", ++s->n, s->layout->types[s->type].name);
    cmd_view_fields(s->layout, NULL, false, s->type, rec, &s->out);
}

/* An argument that names no field of the key: the message names the field, never the value,
 * which may be a 個人番号 (docs/PROTECTION.md, "Masking"). */
static bool not_a_key_field(const kr_layout *l, const char *arg, const char *eq, kr_err *err)
{
    if (!eq)
        return kr_fail(err, KR_RC_ENV, "KRK0853E",
                       "an argument without '=' (not shown: it may be a value): give FIELD=VALUE for a field "
                       "of the key looked up");
    char *name = kr_xstrndup(arg, (size_t)(eq - arg));
    int type;
    const kr_field *f = kr_layout_field(l, NULL, name, &type);
    bool ok = kr_fail(err, KR_RC_ENV, "KRK0853E", "%s=...: %s%s; give FIELD=VALUE for a field of the key looked up",
                      name, f ? "not a field of the key looked up" : "the layout has no field of that name",
                      f && f->sensitive ? " (the value given is not shown: the field is sensitive)" : "");
    free(name);
    return ok;
}

/* Builds the key to look up from FIELD=VALUE arguments. */
static bool lookup_key(const kr_layout *l, const kr_keydef *k, char **argv, int argc, unsigned char *key,
                       size_t *keylen, kr_err *err)
{
    unsigned char *rec = kr_xmalloc(l->length);
    kr_record_initialize(l, kr_layout_data_type(l), rec);
    bool given[64] = {false};
    bool ok = true;
    for (int i = 0; ok && i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        size_t fi = k->n;
        for (size_t j = 0; eq && j < k->n; j++)
            if (strlen(k->fields[j]->name) == (size_t)(eq - argv[i]) &&
                strncmp(k->fields[j]->name, argv[i], (size_t)(eq - argv[i])) == 0)
                fi = j;
        if (fi == k->n)
            ok = not_a_key_field(l, argv[i], eq, err);
        else {
            ok = kr_field_parse_value(l, k->fields[fi], eq + 1, rec, err);
            if (fi < 64)
                given[fi] = true;
        }
    }
    for (size_t i = 0; ok && i < k->n && i < 64; i++)
        if (!given[i])
            ok = kr_fail(err, KR_RC_ENV, "KRK0853E", "give a value for %s, part of the key looked up", k->fields[i]->name);
    kr_problem pb;
    if (ok && (*keylen = kr_keydef_encode(k, rec, key, &pb)) == 0)
        ok = kr_fail(err, KR_RC_ENV, "KRK0853E", "the key is not valid: %s", pb.reason);
    free(rec);
    return ok;
}

static int run_get(const args *a)
{
    if (a->argc < 2)
        return cmd_usage_error("ledger", "'get' takes DIR FIELD=VALUE...");
    kr_err err;
    kr_ledger *g = kr_ledger_open(a->argv[0], &err);
    if (!g)
        return fail(&err);
    const kr_layout *l = kr_ledger_layout(g);
    int type = kr_layout_data_type(l);
    kr_keydef k;
    bool ok = a->index ? kr_keydef_index(&k, l, type, a->index, &err) : kr_keydef_primary(&k, l, type, &err);
    unsigned char key[KR_KEY_MAX];
    size_t keylen = 0;
    if (ok) {
        ok = lookup_key(l, &k, a->argv + 1, a->argc - 1, key, &keylen, &err);
        kr_keydef_free(&k);
    }
    shown s = {l, type, 0, {0}};
    kr_buf_init(&s.out);
    int rc = KR_RC_OK;
    if (!ok || kr_ledger_get(g, a->index, key, keylen, show, &s, &err) < 0)
        rc = fail(&err);
    else if (s.n == 0) {
        fprintf(stderr, "KRK0848W ledger %s: no record has that %s\n", a->argv[0], a->index ? "index key" : "key");
        rc = KR_RC_WARN;
    } else
        rc = cmd_write_stdout(s.out.data, s.out.len);
    kr_buf_free(&s.out);
    kr_ledger_close(g);
    return rc;
}

static int run_verify(const args *a)
{
    int rc = need("verify", a, 1, "DIR", false, false);
    if (rc)
        return rc;
    kr_step st;
    cmd_step_init(&st, "LEDGER");
    kr_step_add_dd(&st, "LEDGER", a->argv[0]);
    return run_program(a, &st, "VERIFY");
}

static int run_reject_layout(const args *a)
{
    int rc = need("reject-layout", a, 0, "no file", false, true);
    if (rc)
        return rc;
    kr_layout *t = cmd_load_layout(a->tx_layout);
    if (!t)
        return KR_RC_ENV;
    kr_buf out;
    kr_buf_init(&out);
    kr_reject_layout_text(t, &out);
    rc = cmd_write_stdout(out.data, out.len);
    kr_buf_free(&out);
    kr_layout_free(t);
    return rc;
}

int cmd_ledger(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*run)(const args *);
    } subs[] = {{"update", run_update}, {"load", run_load},     {"apply", run_apply},
                {"unload", run_unload}, {"get", run_get},       {"verify", run_verify}, {"diff", run_diff},
                {"reject-layout", run_reject_layout}};
    if (argc < 2)
        return cmd_usage_error("ledger", "give a subcommand: update, load, apply, unload, get, verify, diff, reject-layout");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        help(stdout);
        return KR_RC_OK;
    }
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        if (strcmp(argv[1], subs[i].name) == 0) {
            args a;
            int rc = parse(subs[i].name, argc - 1, argv + 1, &a);
            if (rc)
                return rc < 0 ? KR_RC_OK : rc;
            return subs[i].run(&a);
        }
    return cmd_usage_error("ledger", "unknown subcommand '%s'", argv[1]);
}
