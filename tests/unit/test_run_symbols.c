/* test_run_symbols.c: the run-date symbols of a job (run/symbols.c): PREVBD, NEXTBD and
 * PBYYMMDD, the business day before in the yymmdd form data set names carry (the city's
 * stream names the federation's files of the day before by it), over a weekend, Golden Week
 * and the 12/29-1/3 closure. Every expected value is read off the 2026-2027 calendar by hand. */
#include "unit.h"

#include "kiroku/run.h"

#include <stdlib.h>

/* The value of symbol `name` for run date `date` (Japan's calendar), in buf. */
static void symbol(int date, const char *name, char *buf, size_t cap)
{
    char **syms = NULL;
    size_t n = 0;
    kr_err err = {0};
    assert_true(kr_run_date_symbols(date, NULL, &syms, &n, &err));
    buf[0] = '\0';
    size_t len = strlen(name);
    for (size_t i = 0; i < n; i++) {
        if (strncmp(syms[i], name, len) == 0 && syms[i][len] == '=')
            snprintf(buf, cap, "%s", syms[i] + len + 1);
        free(syms[i]);
    }
    free(syms);
}

static void test_previous_business_day_yymmdd(void **state)
{
    (void)state;
    char v[32];
    symbol(20260402, "PBYYMMDD", v, sizeof v); /* Thursday: Wednesday */
    assert_string_equal(v, "260401");
    symbol(20260406, "PBYYMMDD", v, sizeof v); /* Monday: the Friday before */
    assert_string_equal(v, "260403");
    symbol(20260507, "PBYYMMDD", v, sizeof v); /* after Golden Week (5/3-5/6 closed) */
    assert_string_equal(v, "260501");
    symbol(20270104, "PBYYMMDD", v, sizeof v); /* after the 12/29-1/3 closure */
    assert_string_equal(v, "261228");
    symbol(20270104, "PREVBD", v, sizeof v);
    assert_string_equal(v, "20261228");
}

static void test_yymmdd_is_the_run_date(void **state)
{
    (void)state;
    char v[32];
    symbol(20260406, "YYMMDD", v, sizeof v);
    assert_string_equal(v, "260406");
    symbol(20260406, "NEXTBD", v, sizeof v);
    assert_string_equal(v, "20260407");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_previous_business_day_yymmdd),
        cmocka_unit_test(test_yymmdd_is_the_run_date),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
