/* test_ledger_update.c: the sequential master update (balance line) and the transaction
 * plan: every reject reason, several transactions per key in input order, an add after a
 * delete of the same key, change chains with before-images, the frame (header copied,
 * trailer totals recomputed), sequence checks, and the layout mistakes a plan reports. */
#include "kiroku/ledger.h"
#include "unit.h"

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
                        "record change_name when a = \"N\"\n  a X(1)\n  id 9(4)\n  name X(10)\n  filler X(*)\n"
                        "record delete when a = \"D\"\n  a X(1)\n  id 9(4)\n  filler X(*)\n";

typedef struct fx {
    kr_layout *m, *t;
    char dir[64];
    char old[96], tx[96], out[96], rej[96];
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->m = unit_layout(MASTER);
    f->t = unit_layout(TX);
    strcpy(f->dir, "/tmp/kiroku-ut-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->old, sizeof f->old, "%s/old", f->dir);
    snprintf(f->tx, sizeof f->tx, "%s/tx", f->dir);
    snprintf(f->out, sizeof f->out, "%s/new", f->dir);
    snprintf(f->rej, sizeof f->rej, "%s/rej", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    unlink(f->old), unlink(f->tx), unlink(f->out), unlink(f->rej);
    rmdir(f->dir);
    kr_layout_free(f->m);
    kr_layout_free(f->t);
    free(f);
    return 0;
}

static const char *const OLD[] = {
    "H20240401",
    "D0001SATO      00100A",
    "D0003SUZUKI    00200A",
    "D0005TANAKA    0005pL", /* -50 */
    "T00000300000250",
};

static int run(fx *f, const char *const *tx, size_t n, kr_ledger_stats *st, kr_err *err)
{
    unit_write_records(f->old, OLD, 5, 30);
    unit_write_records(f->tx, tx, n, 30);
    kr_listing ls = {NULL, f->tx, 100, 0};
    kr_update_opts o = {f->m, f->t, f->old, f->tx, f->out, f->rej, &ls};
    return kr_ledger_update(&o, st, err);
}

static void test_no_transactions_copies_the_master(void **state)
{
    fx *f = *state;
    kr_ledger_stats st;
    kr_err err;
    assert_int_equal(run(f, NULL, 0, &st, &err), 0);
    char *out = unit_slurp(f->out);
    assert_string_equal(out, "H20240401                     \n"
                             "D0001SATO      00100A         \n"
                             "D0003SUZUKI    00200A         \n"
                             "D0005TANAKA    0005pL         \n"
                             "T00000300000250               \n");
    free(out);
    assert_int_equal(st.master_in, 3);
    assert_int_equal(st.master_out, 3);
}

static void test_actions_in_order_with_several_per_key(void **state)
{
    fx *f = *state;
    const char *const tx[] = {
        "A0000ITO       00010A", /* add before the first master key */
        "C0001AL00150",          /* change: status A -> L, amount 150 */
        "CL0001AA00160",         /* a change whose id "L000" is no number: rejected */
        "C0001LA00170",          /* chain: before L (set by the first change) -> A */
        "D0003",                 /* delete */
        "A0003SUZUKI2   00300A", /* add after delete of the same key */
        "N0003SUZUKI3",          /* change_name of the re-added record */
        "A0009WATANABE  00009A", /* add after the last master key */
    };
    kr_ledger_stats st;
    kr_err err;
    assert_int_equal(run(f, tx, 8, &st, &err), KR_RC_REJECT);
    char *out = unit_slurp(f->out);
    assert_string_equal(out, "H20240401                     \n"
                             "D0000ITO       00010A         \n"
                             "D0001SATO      00170A         \n"
                             "D0003SUZUKI3   00300A         \n"
                             "D0005TANAKA    0005pL         \n"
                             "D0009WATANABE  00009A         \n"
                             "T00000500000439               \n");
    free(out);
    char *rej = unit_slurp(f->rej);
    /* The record as it was, then code, record number, field, reason. */
    assert_contains(rej, "CL0001AA00160                 050000000003id  ");
    free(rej);
    assert_int_equal(st.added, 3);
    assert_int_equal(st.changed, 3);
    assert_int_equal(st.deleted, 1);
    assert_int_equal(st.rejected, 1);
    assert_int_equal(st.by_reason[KR_REASON_INVALID], 1);
}

static void test_every_reject_reason(void **state)
{
    fx *f = *state;
    const char *const tx[] = {
        "A0001DUP       00001A", /* 01 add of an existing key */
        "C0002AL00001",          /* 02 change of a missing key */
        "D0002",                 /* 03 delete of a missing key */
        "C0003LA00001",          /* 04 before-image: status is A, not L */
        "C0003AX00001",          /* 05 status X is not one of the codes */
        "Z0003",                 /* 06 unknown record type */
        "D00x5",                 /* 05 invalid key */
    };
    kr_ledger_stats st;
    kr_err err;
    assert_int_equal(run(f, tx, 7, &st, &err), KR_RC_REJECT);
    for (int r = 1; r <= 4; r++)
        assert_int_equal(st.by_reason[r], 1);
    assert_int_equal(st.by_reason[KR_REASON_INVALID], 2);
    assert_int_equal(st.by_reason[KR_REASON_UNKNOWN_TYPE], 1);
    assert_int_equal(st.rejected, 7);
    /* Nothing else changed: the new master is the old one. */
    char *out = unit_slurp(f->out), *old = unit_slurp(f->old);
    assert_string_equal(out, old);
    free(out);
    free(old);
    char *rej = unit_slurp(f->rej);
    assert_contains(rej, "010000000001                                add of an existing key");
    assert_contains(rej, "020000000002                                change of a missing key");
    assert_contains(rej, "030000000003                                delete of a missing key");
    assert_contains(rej, "040000000004status                          before-image does not match");
    assert_contains(rej, "050000000005status                          invalid key or field value");
    assert_contains(rej, "060000000006                                unknown record type");
    assert_contains(rej, "050000000007id                              invalid key or field value");
    free(rej);
}

static void test_transactions_out_of_sequence_stop(void **state)
{
    fx *f = *state;
    const char *const tx[] = {"C0003AA00001", "C0003AA00002", "D0001"};
    kr_ledger_stats st;
    kr_err err;
    assert_int_equal(run(f, tx, 3, &st, &err), KR_RC_ENV);
    assert_contains(err.text, "KRK0823E");
    assert_contains(err.text, "record 3: out of sequence");
    assert_int_equal(access(f->out, F_OK), -1); /* no output left */
    assert_int_equal(access(f->rej, F_OK), -1);
}

static void test_master_out_of_sequence_stops(void **state)
{
    fx *f = *state;
    const char *const old[] = {"H20240401", "D0003A         00001A", "D0003B         00001A", "T000002"};
    unit_write_records(f->old, old, 4, 30);
    unit_write_records(f->tx, NULL, 0, 30);
    kr_listing ls = {NULL, f->tx, 100, 0};
    kr_update_opts o = {f->m, f->t, f->old, f->tx, f->out, NULL, &ls};
    kr_ledger_stats st;
    kr_err err;
    assert_int_equal(kr_ledger_update(&o, &st, &err), KR_RC_ENV);
    assert_contains(err.text, "KRK0822E");
    assert_contains(err.text, "record 3: out of sequence: its key is the same as record 2's");
}

/* Interrupted (the flag a SIGINT handler sets): rc 12, KRK0708E, no new master. */
static void test_interrupted_writes_nothing(void **state)
{
    fx *f = *state;
    const char *const old[] = {"H20240401", "D0003A         00001A", "T000001"};
    unit_write_records(f->old, old, 3, 30);
    unit_write_records(f->tx, NULL, 0, 30);
    volatile sig_atomic_t cancel = 1;
    kr_update_opts o = {f->m, f->t, f->old, f->tx, f->out, NULL, NULL, &cancel};
    kr_ledger_stats st;
    kr_err err;
    assert_int_equal(kr_ledger_update(&o, &st, &err), KR_RC_FAIL);
    assert_contains(err.text, "KRK0708E LEDGER UPDATE interrupted");
    assert_int_equal(access(f->out, F_OK), -1);
}

static void test_empty_master_gets_an_initialized_frame(void **state)
{
    fx *f = *state;
    unit_write_records(f->old, NULL, 0, 30);
    const char *const tx[] = {"A0002NEW       00007A"};
    unit_write_records(f->tx, tx, 1, 30);
    kr_update_opts o = {f->m, f->t, f->old, f->tx, f->out, NULL, NULL};
    kr_ledger_stats st;
    kr_err err;
    assert_int_equal(kr_ledger_update(&o, &st, &err), 0);
    char *out = unit_slurp(f->out);
    assert_string_equal(out, "H                             \n"
                             "D0002NEW       00007A         \n"
                             "T00000100000007               \n");
    free(out);
}

/* Plans that cannot be made: each says what to change in the transaction layout. */
static void assert_plan_error(const char *tx_text, const char *id, const char *words)
{
    kr_layout *m = unit_layout(MASTER), *t = unit_layout(tx_text);
    kr_err err;
    assert_null(kr_txplan_new(m, t, &err));
    assert_contains(err.text, id);
    assert_contains(err.text, words);
    assert_int_equal(err.rc, KR_RC_ENV);
    kr_layout_free(m);
    kr_layout_free(t);
}

static void test_plan_errors(void **state)
{
    (void)state;
    const char *head = "layout t\n  encoding utf-8\n  length 30\n  terminator lf\n";
    char *s = kr_xasprintf("%srecord fix\n  id 9(4)\n  filler X(*)\n", head);
    assert_plan_error(s, "KRK0807E", "name it add, change or delete");
    free(s);
    s = kr_xasprintf("%srecord add\n  name X(10)\n  filler X(*)\n", head);
    assert_plan_error(s, "KRK0805E", "has no field 'id'");
    free(s);
    s = kr_xasprintf("%srecord add\n  id 9(5)\n  filler X(*)\n", head);
    assert_plan_error(s, "KRK0806E", "is 9(5) (5 bytes) but the master's is 9(4)");
    free(s);
    s = kr_xasprintf("%srecord add\n  id 9(4)\n  before_name X(10)\n  filler X(*)\n", head);
    assert_plan_error(s, "KRK0808E", "an add has no before-image");
    free(s);
    s = kr_xasprintf("%srecord change\n  id 9(4)\n  amount 9(5)\n  filler X(*)\n", head);
    assert_plan_error(s, "KRK0806E", "amount");
    free(s);
    s = "layout t\n  encoding cp932\n  length 30\n  terminator lf\nrecord add\n  id 9(4)\n  filler X(*)\n";
    assert_plan_error(s, "KRK0809E", "convert the transactions first");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_no_transactions_copies_the_master, setup, teardown),
        cmocka_unit_test_setup_teardown(test_actions_in_order_with_several_per_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_reject_reason, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transactions_out_of_sequence_stop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_master_out_of_sequence_stops, setup, teardown),
        cmocka_unit_test_setup_teardown(test_interrupted_writes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_master_gets_an_initialized_frame, setup, teardown),
        cmocka_unit_test(test_plan_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
