/* test_ctl_dfsort_more.c: DFSORT operands the parser learnt late: OUTFIL IFTRAIL=(HD=YES,
 * TRLID=(cond),TRLUPD=(...)) with COUNT, COUNT+n, COUNT-n, TOT and TOTAL; what IFTRAIL
 * refuses (a constant in TRLUPD, no TRLID, HEADERn/TRAILERn beside it) with line:column. */
#include "unit.h"
#include "unit_ctl.h"

#define assert_error(text, needle)                                                           \
    do {                                                                                     \
        char *e_ = unit_ctl_errors(text);                                                    \
        assert_contains(e_, needle);                                                         \
        free(e_);                                                                            \
    } while (0)

static void test_iftrail(void **state)
{
    (void)state;
    kr_ctl *c = unit_ctl_parse(" OPTION COPY\n"
                               " OUTFIL FNAMES=OUT1,INCLUDE=(3,4,CH,EQ,C'key1'),\n"
                               "   IFTRAIL=(HD=YES,TRLID=(1,1,CH,EQ,C'T'),\n"
                               "     TRLUPD=(6:COUNT=(M11,LENGTH=4),14:TOT=(10,4,ZD,TO=ZD,LENGTH=6),\n"
                               "             30:COUNT+2=(M11,LENGTH=3),COUNT-1=(TO=ZD,LENGTH=2),TOTAL=(10,4,ZD)))\n"
                               " OUTFIL FNAMES=OUT2,IFTRAIL=(TRLUPD=(COUNT),TRLID=(1,1,CH,EQ,C'T'))\n");
    const kr_outfil *o = &c->outfils[0];
    assert_true(o->has_iftrail);
    assert_true(o->iftrail_hd);
    assert_int_equal(o->iftrail_pos.line, 3);
    assert_int_equal(o->iftrail_pos.col, 4);
    assert_non_null(o->trlid);
    assert_non_null(o->include);
    assert_int_equal(o->trlupd.n, 5);
    assert_int_equal(o->trlupd.v[0].kind, KR_ITEM_COUNT);
    assert_int_equal(o->trlupd.v[0].column, 6);
    assert_int_equal(o->trlupd.v[0].count_add, 0);
    assert_int_equal(o->trlupd.v[1].kind, KR_ITEM_TOT);
    assert_int_equal(o->trlupd.v[1].column, 14);
    assert_int_equal(o->trlupd.v[1].ref.start, 10);
    assert_int_equal(o->trlupd.v[1].to, KR_FMT_ZD);
    assert_int_equal(o->trlupd.v[1].to_length, 6);
    assert_int_equal(o->trlupd.v[2].count_add, 2);
    assert_int_equal(o->trlupd.v[3].count_add, -1);
    assert_int_equal(o->trlupd.v[3].column, 0);
    assert_int_equal(o->trlupd.v[4].kind, KR_ITEM_TOT);
    o = &c->outfils[1];
    assert_true(o->has_iftrail);
    assert_false(o->iftrail_hd);
    assert_int_equal(o->trlupd.n, 1);
    kr_ctl_free(c);
    /* COUNT+n in a report trailer as well */
    c = unit_ctl_parse(" OPTION COPY\n OUTFIL TRAILER1=(COUNT+1=(M10))\n");
    assert_int_equal(c->outfils[0].trailer1.v[0].count_add, 1);
    kr_ctl_free(c);
}

static void test_iftrail_errors(void **state)
{
    (void)state;
    assert_error(" OPTION COPY\n OUTFIL IFTRAIL=(HD=YES,TRLUPD=(COUNT))\n", "2:9: OUTFIL: IFTRAIL needs TRLID=");
    assert_error(" OPTION COPY\n OUTFIL IFTRAIL=(TRLID=(1,1,CH,EQ,C'T'),TRLUPD=(6:C'X'))\n",
                 "2:49: OUTFIL: TRLUPD updates counts and totals only");
    assert_error(" OPTION COPY\n OUTFIL IFTRAIL=(TRLID=(1,1,CH,EQ,C'T'),TRLUPD=(SUBCOUNT))\n",
                 "TRLUPD updates counts and totals only");
    assert_error(" OPTION COPY\n OUTFIL IFTRAIL=(TRLID=(1,1,CH,EQ,C'T'),TRLUPD=(MIN=(1,4,ZD)))\n",
                 "TRLUPD updates counts and totals only");
    assert_error(" OPTION COPY\n OUTFIL HEADER1=('X'),\n  IFTRAIL=(TRLID=(1,1,CH,EQ,C'T'),TRLUPD=(COUNT))\n",
                 "3:3: OUTFIL: IFTRAIL updates the input's own trailer; it does not go with HEADER1");
    assert_error(" OPTION COPY\n OUTFIL IFTRAIL=(TRLID=(1,1,CH,EQ,C'T'),TRLUPD=(COUNT)),SPLIT\n",
                 "does not go with SPLIT");
    assert_error(" OPTION COPY\n OUTFIL IFTRAIL=(HD=MAYBE,TRLID=(1,1,CH,EQ,C'T'),TRLUPD=(COUNT))\n",
                 "HD= is YES");
    assert_error(" OPTION COPY\n OUTFIL IFTRAIL=(TRLID=(1,1,CH,EQ,C'T'),TRLUPD=(COUNT+2))\n", "COUNT+2 takes =(edit)");
    assert_error(" OPTION COPY\n OUTFIL IFTRAIL=(TRLID=(1,1,CH,EQ,C'T'),TRLUPD=(COUNT)),IFTRAIL=(TRLID=(1,1,CH,EQ,C'T'),TRLUPD=(COUNT))\n",
                 "a second IFTRAIL=");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iftrail),
        cmocka_unit_test(test_iftrail_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
