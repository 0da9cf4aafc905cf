/* test_ledger_store.c: the Berkeley DB ledger: load, apply, get by key and by index, unload
 * equal to the sequential update, verify; loads that must fail leave nothing; one process
 * at a time. */
#include "kiroku/ledger.h"
#include "unit.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *MASTER = "layout m\n  encoding utf-8\n  length 30\n  terminator lf\n"
                            "record header when k = \"H\"\n  k X(1)\n  filler X(*)\n"
                            "record data when k = \"D\"\n  k X(1)\n  id 9(4) key\n  name X(10) index(by_name)\n"
                            "  amount S9(5)\n  status X(1) codes(A \"active\", L \"lost\")\n  filler X(*)\n"
                            "record trailer when k = \"T\"\n  k X(1)\n  cnt 9(6) = count(data)\n"
                            "  total S9(8) = sum(data.amount)\n  filler X(*)\n";

static const char *TX = "layout t\n  encoding utf-8\n  length 30\n  terminator lf\n"
                        "record add when a = \"A\"\n  a X(1)\n  id 9(4)\n  name X(10)\n  amount S9(5)\n"
                        "  status X(1)\n  filler X(*)\n"
                        "record change when a = \"C\"\n  a X(1)\n  id 9(4)\n  before_status X(1)\n"
                        "  status X(1)\n  amount S9(5)\n  filler X(*)\n"
                        "record delete when a = \"D\"\n  a X(1)\n  id 9(4)\n  filler X(*)\n";

typedef struct fx {
    kr_layout *t;
    char dir[64];
    char path[8][128];
} fx;

enum { LAYOUT, OLD, TXF, SEQ, UNL, DB, REJ1, REJ2 };

static void write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
            continue;
        char *p = kr_xasprintf("%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
            remove_tree(p);
        else
            unlink(p);
        free(p);
    }
    closedir(d);
    rmdir(dir);
}

static const char *const OLD_RECS[] = {
    "H20240401",
    "D0001SATO      00100A",
    "D0003SUZUKI    00200A",
    "D0005SATO      0005pL",
    "T00000300000250",
};

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->t = unit_layout(TX);
    strcpy(f->dir, "/tmp/kiroku-ut-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    const char *names[] = {"m.layout", "old", "tx", "seq", "unl", "db", "rej1", "rej2"};
    for (int i = 0; i < 8; i++)
        snprintf(f->path[i], sizeof f->path[i], "%s/%s", f->dir, names[i]);
    write_text(f->path[LAYOUT], MASTER);
    unit_write_records(f->path[OLD], OLD_RECS, 5, 30);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    remove_tree(f->dir);
    kr_layout_free(f->t);
    free(f);
    return 0;
}

static void load(fx *f)
{
    kr_ledger_stats st;
    kr_err err;
    int rc = kr_ledger_load(f->path[DB], f->path[LAYOUT], f->path[OLD], NULL, &st, &err);
    if (rc)
        fail_msg("%s", err.text);
    assert_int_equal(st.master_in, 3);
}

static void collect(const unsigned char *rec, void *arg)
{
    kr_buf_add(arg, rec, 30);
    kr_buf_addc(arg, '\n');
}

static void test_load_get_and_unload(void **state)
{
    fx *f = *state;
    load(f);
    kr_err err;
    kr_ledger *g = kr_ledger_open(f->path[DB], &err);
    assert_non_null(g);
    const kr_layout *l = kr_ledger_layout(g);
    assert_string_equal(l->name, "m");
    /* By primary key. */
    kr_keydef k;
    assert_true(kr_keydef_primary(&k, l, 1, &err));
    unsigned char rec[30], key[KR_KEY_MAX];
    kr_record_initialize(l, 1, rec);
    assert_true(kr_field_parse_value(l, k.fields[0], "3", rec, &err));
    size_t len = kr_keydef_encode(&k, rec, key, NULL);
    kr_buf got;
    kr_buf_init(&got);
    assert_int_equal(kr_ledger_get(g, NULL, key, len, collect, &got, &err), 1);
    assert_string_equal(got.data, "D0003SUZUKI    00200A         \n");
    kr_keydef_free(&k);
    /* By index: both SATOs, in primary key order. */
    assert_true(kr_keydef_index(&k, l, 1, "by_name", &err));
    assert_true(kr_field_parse_value(l, k.fields[0], "SATO", rec, &err));
    len = kr_keydef_encode(&k, rec, key, NULL);
    kr_buf_reset(&got);
    assert_int_equal(kr_ledger_get(g, "by_name", key, len, collect, &got, &err), 2);
    assert_string_equal(got.data, "D0001SATO      00100A         \nD0005SATO      0005pL         \n");
    kr_keydef_free(&k);
    kr_buf_free(&got);
    assert_int_equal(kr_ledger_get(g, "nope", key, len, collect, NULL, &err), -1);
    assert_contains(err.text, "KRK0839E");
    kr_ledger_stats st;
    assert_int_equal(kr_ledger_unload(g, f->path[UNL], &st, &err), 0);
    kr_ledger_close(g);
    char *a = unit_slurp(f->path[OLD]), *b = unit_slurp(f->path[UNL]);
    assert_string_equal(a, b);
    free(a);
    free(b);
    assert_int_equal(kr_ledger_verify(f->path[DB], stdout, &st, &err), 0);
    assert_int_equal(st.master_in, 3);
}

static void test_apply_equals_the_sequential_update(void **state)
{
    fx *f = *state;
    load(f);
    /* Unsorted for apply; the same sorted (stable) for update. */
    const char *const unsorted[] = {"D0003", "A0002ITO       00007A", "C0005LA00009", "A0003SUZUKI2   00300A",
                                    "C0002LA00001", "A0001DUP       00001A"};
    const char *const sorted[] = {"A0001DUP       00001A", "A0002ITO       00007A", "C0002LA00001",
                                  "D0003", "A0003SUZUKI2   00300A", "C0005LA00009"};
    kr_layout *m = unit_layout(MASTER);
    unit_write_records(f->path[TXF], sorted, 6, 30);
    kr_update_opts uo = {m, f->t, f->path[OLD], f->path[TXF], f->path[SEQ], f->path[REJ1], NULL};
    kr_ledger_stats su, sa;
    kr_err err;
    assert_int_equal(kr_ledger_update(&uo, &su, &err), KR_RC_REJECT);
    unit_write_records(f->path[TXF], unsorted, 6, 30);
    kr_ledger *g = kr_ledger_open(f->path[DB], &err);
    assert_non_null(g);
    kr_apply_opts ao = {f->t, f->path[TXF], f->path[REJ2], NULL, 0};
    assert_int_equal(kr_ledger_apply(g, &ao, &sa, &err), KR_RC_REJECT);
    assert_int_equal(kr_ledger_unload(g, f->path[UNL], &su, &err), 0);
    kr_ledger_close(g);
    char *a = unit_slurp(f->path[SEQ]), *b = unit_slurp(f->path[UNL]);
    assert_string_equal(a, b);
    assert_string_equal(b, "H20240401                     \n"
                           "D0001SATO      00100A         \n"
                           "D0002ITO       00007A         \n"
                           "D0003SUZUKI2   00300A         \n"
                           "D0005SATO      00009A         \n"
                           "T00000400000416               \n");
    free(a);
    free(b);
    assert_int_equal(sa.added, 2);
    assert_int_equal(sa.changed, 1);
    assert_int_equal(sa.deleted, 1);
    assert_int_equal(sa.by_reason[KR_REASON_ADD_EXISTS], 1);
    assert_int_equal(sa.by_reason[KR_REASON_BEFORE_DIFFERS], 1);
    assert_int_equal(sa.master_in, 3);
    assert_int_equal(sa.master_out, 4);
    assert_int_equal(kr_ledger_verify(f->path[DB], stdout, &sa, &err), 0);
    kr_layout_free(m);
}

static void assert_load_fails(fx *f, const char *const *recs, size_t n, int rc, const char *words)
{
    unit_write_records(f->path[OLD], recs, n, 30);
    kr_ledger_stats st;
    kr_err err;
    assert_int_equal(kr_ledger_load(f->path[DB], f->path[LAYOUT], f->path[OLD], NULL, &st, &err), rc);
    assert_contains(err.text, words);
    /* Nothing is left: neither the ledger nor its temporary directory. */
    DIR *d = opendir(f->dir);
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strncmp(e->d_name, "db", 2) == 0)
            fail_msg("%s left behind", e->d_name);
    closedir(d);
}

static void test_failed_loads_leave_nothing(void **state)
{
    fx *f = *state;
    const char *const dup[] = {"H", "D0001A         00001A", "D0001B         00001A", "T"};
    assert_load_fails(f, dup, 4, KR_RC_ENV, "KRK0822E");
    const char *const bad[] = {"H", "D0001A         00001X", "T"};
    assert_load_fails(f, bad, 3, KR_RC_REJECT, "KRK0836E");
    /* (trailers whose totals are right: a wrong total would stop the read first, KRK1703E) */
    const char *const twohead[] = {"H", "T00000000000000", "H", "T00000000000000"};
    assert_load_fails(f, twohead, 4, KR_RC_FAIL, "one header group");
}

static void test_refusals(void **state)
{
    fx *f = *state;
    kr_err err;
    kr_ledger_stats st;
    /* A directory that is not a ledger. */
    assert_null(kr_ledger_open(f->dir, &err));
    assert_contains(err.text, "KRK0834E");
    load(f);
    /* A second load over it. */
    assert_int_equal(kr_ledger_load(f->path[DB], f->path[LAYOUT], f->path[OLD], NULL, &st, &err), KR_RC_ENV);
    assert_contains(err.text, "KRK0835E");
    /* One user at a time. */
    kr_ledger *g = kr_ledger_open(f->path[DB], &err);
    assert_non_null(g);
    assert_null(kr_ledger_open(f->path[DB], &err));
    assert_contains(err.text, "KRK0832E");
    kr_ledger_close(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_load_get_and_unload, setup, teardown),
        cmocka_unit_test_setup_teardown(test_apply_equals_the_sequential_update, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_loads_leave_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
