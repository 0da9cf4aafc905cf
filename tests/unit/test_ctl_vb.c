/* test_ctl_vb.c: the control statements' words for variable-length records: OPTION VLSHRT,
 * NOVLSHRT, VLSCMP, NOVLSCMP; OUTFIL FTOV, VTOF, CONVERT, VLFILL= and VLTRIM= with C'x' and
 * X'hh' bytes; and the mistakes (FTOV with VTOF, a fill of two bytes) with line:column. */
#include "unit.h"
#include "unit_ctl.h"


static void test_options(void **state)
{
    (void)state;
    kr_ctl *c = unit_ctl_parse(" OPTION COPY\n");
    assert_false(c->vlshrt);
    assert_false(c->vlscmp);
    kr_ctl_free(c);
    c = unit_ctl_parse(" OPTION COPY,VLSHRT,VLSCMP\n");
    assert_true(c->vlshrt);
    assert_true(c->vlscmp);
    kr_ctl_free(c);
    c = unit_ctl_parse(" OPTION VLSHRT,NOVLSHRT,VLSCMP,NOVLSCMP\n SORT FIELDS=(5,2,CH,A)\n");
    assert_false(c->vlshrt);
    assert_false(c->vlscmp);
    kr_ctl_free(c);
}

static void test_outfil_words(void **state)
{
    (void)state;
    kr_ctl *c = unit_ctl_parse(" OPTION COPY\n"
                      " OUTFIL FNAMES=A,FTOV,VLTRIM=C' '\n"
                      " OUTFIL FNAMES=B,VTOF,BUILD=(5,10),VLFILL=X'2A'\n"
                      " OUTFIL FNAMES=C,CONVERT,OUTREC=(5,10)\n"
                      " OUTFIL FNAMES=D\n");
    assert_int_equal(c->n_outfils, 4);
    assert_int_equal(c->outfils[0].recfm_conv, KR_RECFM_FTOV);
    assert_true(c->outfils[0].has_vltrim);
    assert_int_equal(c->outfils[0].vltrim, ' ');
    assert_false(c->outfils[0].has_vlfill);
    assert_int_equal(c->outfils[1].recfm_conv, KR_RECFM_VTOF);
    assert_true(c->outfils[1].has_vlfill);
    assert_int_equal(c->outfils[1].vlfill, '*');
    assert_int_equal(c->outfils[2].recfm_conv, KR_RECFM_VTOF);
    assert_int_equal(c->outfils[3].recfm_conv, KR_RECFM_SAME);
    kr_ctl_free(c);
}

static void test_mistakes(void **state)
{
    (void)state;
    char *e = unit_ctl_errors(" OPTION COPY\n OUTFIL FNAMES=A,FTOV,VTOF\n");
    assert_non_null(strstr(e, "t.ctl:2:23:"));
    assert_non_null(strstr(e, "FTOV and VTOF (CONVERT) on one OUTFIL"));
    free(e);
    e = unit_ctl_errors(" OPTION COPY\n OUTFIL VLFILL=C'AB'\n");
    assert_non_null(strstr(e, "t.ctl:2:16:"));
    assert_non_null(strstr(e, "VLFILL= takes one byte"));
    free(e);
    e = unit_ctl_errors(" OPTION COPY\n OUTFIL VLTRIM=5\n");
    assert_non_null(strstr(e, "VLTRIM= takes one byte"));
    free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_outfil_words),
        cmocka_unit_test(test_mistakes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
