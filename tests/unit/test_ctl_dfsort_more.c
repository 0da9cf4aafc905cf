/* test_ctl_dfsort_more.c: DFSORT operands the parser learnt late: OUTFIL IFTRAIL=(HD=YES,
 * TRLID=(cond),TRLUPD=(...)) with COUNT, COUNT+n, COUNT-n, TOT and TOTAL; what IFTRAIL
 * refuses (a constant in TRLUPD, no TRLID, HEADERn/TRAILERn beside it) with line:column;
 * the date edits DT=(abcd), DTNS=(abc), WEEKNUM=, AGE= and the YDDD=(abc) constant;
 * TRAN=ETOA/ATOE with their byte tables (code page 037: X'C1' is A, X'40' the blank). */
#include "unit.h"
#include "unit_ctl.h"

#define assert_error(text, needle) assert_ctl_error(text, needle)

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

static void test_date_edits(void **state)
{
    (void)state;
    kr_ctl *c = unit_ctl_parse(" OPTION COPY\n"
                               " OUTREC BUILD=(1,8,Y4T,DT=(dm4.),1,6,Y2W,DTNS=(4MD),1,8,Y4T,ADDDAYS,+1,DT=(MD4/),\n"
                               "   1,8,Y4T,WEEKNUM=USA,1,8,Y4T,WEEKNUM=ISO,1,8,Y4T,AGE=YMD,1,8,Y4T,AGE=YM,\n"
                               "   1,8,Y4T,AGE=YD,YDDD=(D4/),YDDDNS=(4D),birth,AGE=YMD)\n");
    const kr_items *it = &c->outrec.items;
    assert_int_equal(it->n, 11);
    for (size_t i = 0; i < 8; i++)
        assert_int_equal(it->v[i].kind, KR_ITEM_DATEFN);
    assert_int_equal(it->v[0].datefn->out, KR_DF_DT);
    assert_string_equal(it->v[0].datefn->dt_form, "DM4.");
    assert_string_equal(it->v[1].datefn->dt_form, "4MD");
    assert_string_equal(it->v[1].datefn->in, "Y2W");
    assert_int_equal(it->v[2].datefn->op, KR_DF_ADDDAYS);
    assert_int_equal(it->v[2].datefn->out, KR_DF_DT);
    assert_int_equal(it->v[3].datefn->out, KR_DF_WEEKNUM);
    assert_int_equal(it->v[3].datefn->weeknum, 'U');
    assert_int_equal(it->v[4].datefn->weeknum, 'I');
    assert_int_equal(it->v[5].datefn->out, KR_DF_AGE);
    assert_string_equal(it->v[5].datefn->age, "YMD");
    assert_string_equal(it->v[6].datefn->age, "YM");
    assert_string_equal(it->v[7].datefn->age, "YD");
    assert_int_equal(it->v[8].kind, KR_ITEM_DATE);
    assert_string_equal(it->v[8].form, "JD4/");
    assert_string_equal(it->v[9].form, "J4D");
    assert_int_equal(it->v[10].kind, KR_ITEM_DATEFN);
    assert_string_equal(it->v[10].ref.name, "birth");
    assert_int_equal(it->v[10].datefn->out, KR_DF_AGE);
    kr_ctl_free(c);
    c = unit_ctl_parse(" OPTION COPY\n OUTREC BUILD=(1,6,Y2T(/),1,6,Y2TP,20,2,Y2CP,1,6,Y2W)\n");
    it = &c->outrec.items;
    assert_int_equal(it->v[0].datefn->out_sep, '/');
    assert_false(it->v[0].datefn->y2_packed);
    assert_string_equal(it->v[1].datefn->in, "Y2T");
    assert_true(it->v[1].datefn->y2_packed);
    assert_string_equal(it->v[2].datefn->in, "Y2C");
    assert_true(it->v[2].datefn->y2_packed);
    assert_int_equal(it->v[3].datefn->out_sep, 0);
    kr_ctl_free(c);
    c = unit_ctl_parse(" OPTION COPY\n OUTFIL HEADER1=(YDDD=(4D-))\n");
    assert_string_equal(c->outfils[0].header1.v[0].form, "J4D-");
    kr_ctl_free(c);
}

static void test_date_edit_errors(void **state)
{
    (void)state;
    assert_error(" OPTION COPY\n OUTREC BUILD=(1,8,Y4T,DT=(MD2/))\n", "2:24: OUTREC: DT=(MD2/): write DT=(abcd)");
    assert_error(" OPTION COPY\n OUTREC BUILD=(1,8,Y4T,DT=MD4)\n", "DT takes its form: DT=(MD4/)");
    assert_error(" OPTION COPY\n OUTREC BUILD=(1,8,Y4T,DTNS=(MD4/))\n", "DTNS=(MD4/): write DTNS=(abc)");
    assert_error(" OPTION COPY\n OUTREC BUILD=(1,8,Y4T,WEEKNUM=EUR)\n", "2:32: OUTREC: WEEKNUM= takes USA");
    assert_error(" OPTION COPY\n OUTREC BUILD=(1,8,Y4T,AGE=Y)\n", "AGE= takes YMD");
    assert_error(" OPTION COPY\n OUTREC BUILD=(1,8,Y4T,AGE=YMD,WEEKNUM=ISO)\n", "a date function takes one TOJUL=");
    assert_error(" OPTION COPY\n OUTREC BUILD=(1,8,Y4T,DATEDIFF,9,8,Y4T,AGE=YMD)\n", "DATEDIFF gives a number of days");
    assert_error(" OPTION COPY\n OUTREC BUILD=(1,2,Y2C,WEEKNUM=ISO)\n", "Y2C is a year alone");
    assert_error(" OPTION COPY\n OUTFIL HEADER1=(YDDD)\n", "YDDD needs its form");
    assert_error(" OPTION COPY\n OUTREC BUILD=(1,6,Y2TP,ADDDAYS,+1)\n", "p,m,Y2TP writes the date with its century");
    assert_error(" OPTION COPY\n OUTREC BUILD=(1,6,Y2T(/),TOGREG=Y4T)\n", "p,m,Y2T(c) writes the date");
    assert_error(" OPTION COPY\n OUTREC BUILD=(1,6,Y2T(ab))\n", "Y2T(c) takes one character");
    assert_error(" OPTION COPY\n OUTREC BUILD=(YDDDNS=(4D/))\n", "YDDDNS=(4D/): write YDDDNS=(ab) with D4 or 4D");
}

static void test_tran_ebcdic(void **state)
{
    (void)state;
    kr_ctl *c = unit_ctl_parse(" OPTION COPY\n OUTREC BUILD=(1,10,TRAN=ETOA,11,10,TRAN=atoe)\n");
    const kr_item *e = &c->outrec.items.v[0], *a = &c->outrec.items.v[1];
    assert_int_equal(e->tran, 'E');
    assert_int_equal(a->tran, 'F');
    assert_non_null(e->tran_table);
    assert_int_equal(e->tran_table[0xC1], 'A');
    assert_int_equal(e->tran_table[0x40], ' ');
    assert_int_equal(e->tran_table[0xF9], '9');
    assert_int_equal(a->tran_table['a'], 0x81);
    for (int b = 0; b < 256; b++) /* one to one: ATOE undoes ETOA */
        assert_int_equal(a->tran_table[e->tran_table[b]], b);
    kr_ctl_free(c);
    char *err = unit_ctl_errors(" OPTION COPY\n OUTREC BUILD=(1,10,TRAN=HEX)\n");
    assert_contains(err, "KRK0707E t.ctl:2:26: OUTREC: not supported: TRAN=HEX, UNHEX, BIT and UNBIT");
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iftrail),
        cmocka_unit_test(test_iftrail_errors),
        cmocka_unit_test(test_date_edits),
        cmocka_unit_test(test_date_edit_errors),
        cmocka_unit_test(test_tran_ebcdic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
