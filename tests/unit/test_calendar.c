/* test_calendar.c: national holidays (against the Cabinet Office's list and the laws' dates,
 * docs/CALENDAR.md), business days with a city's file, and schedule rules. */
#include "unit.h"

#include "kiroku/calendar.h"

/* ---- holidays ---- */

typedef struct day_case {
    int ymd;
    const char *name; /* NULL: not a holiday */
    const char *why;
} day_case;

/* The holiday (its name) on ymd, or NULL. */
static const char *holiday_on(int ymd)
{
    kr_holiday h[KR_HOLIDAYS_MAX];
    kr_err err;
    int n = kr_holidays_of_year(ymd / 10000, h, &err);
    assert_true(n >= 0);
    for (int i = 0; i < n; i++)
        if (h[i].ymd == ymd)
            return h[i].name;
    return NULL;
}

static void test_holiday_law_changes(void **state)
{
    (void)state;
    static const day_case cases[] = {
        {19480101, NULL, "before the 祝日法 of 1948-07-20"},
        {19480923, "秋分の日", "the first holiday under the law"},
        {19490115, "成人の日", "成人の日 on 1/15 until 1999"},
        {19590410, "結婚の儀", "one-off, 昭和34年法律第16号"},
        {19660211, NULL, "建国記念の日 from 1967"},
        {19670211, "建国記念の日", "the first 建国記念の日"},
        {19730212, NULL, "2/11 a Sunday holiday before the 振替休日 amendment of 1973-04-12"},
        {19730430, "振替休日", "the first 振替休日 (4/29 was a Sunday)"},
        {19870504, "振替休日", "5/3 on a Sunday: 5/4 is a substitute, not a 国民の休日"},
        {19880504, "国民の休日", "the first 国民の休日 (1985 amendment)"},
        {19890224, "大喪の礼", "one-off"},
        {19890429, "みどりの日", "4/29 renamed in 1989"},
        {19891223, "天皇誕生日", "12/23 from 1989"},
        {19901112, "即位礼正殿の儀", "one-off"},
        {19930609, "結婚の儀", "one-off"},
        {19960720, "海の日", "海の日 from 1996 on 7/20"},
        {20000110, "成人の日", "Happy Monday: the 2nd Monday of January from 2000"},
        {20000115, NULL, "no longer on 1/15"},
        {20030721, "海の日", "Happy Monday: the 3rd Monday of July from 2003"},
        {20030915, "敬老の日", "the 3rd Monday of September from 2003"},
        {20070429, "昭和の日", "昭和の日 from 2007"},
        {20070504, "みどりの日", "みどりの日 moved to 5/4"},
        {20080506, "振替休日", "2007 rule: 5/3 Sunday moves past 5/4 and 5/5"},
        {20090922, "国民の休日", "Silver week"},
        {20150922, "国民の休日", "Silver week"},
        {20160811, "山の日", "山の日 from 2016"},
        {20181223, "天皇誕生日", "the last 12/23"},
        {20191223, NULL, "no 天皇誕生日 in 2019"},
        {20200224, "振替休日", "2/23 on a Sunday"},
        {20201012, NULL, "no holiday in October 2020 (moved to 7/24)"},
        {20220718, "海の日", "back to the 3rd Monday after the Olympic years"},
        {20220811, "山の日", "back to 8/11"},
        {20221010, "スポーツの日", "the 2nd Monday of October"},
        {20260922, "国民の休日", "Silver week"},
        {20320921, "国民の休日", "Silver week (projection)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = holiday_on(cases[i].ymd);
        if (!cases[i].name ? got != NULL : !got || strcmp(got, cases[i].name) != 0)
            fail_msg("%d (%s): got %s", cases[i].ymd, cases[i].why, got ? got : "no holiday");
    }
}

/* The whole years 2019-2021 as the Cabinet Office lists them (syukujitsu.csv; kiroku names
 * the CSV's "休日" 振替休日 or 国民の休日). */
static void test_holidays_2019_2021(void **state)
{
    (void)state;
    static const char *const want[] = {
        "20190101 元日", "20190114 成人の日", "20190211 建国記念の日", "20190321 春分の日", "20190429 昭和の日",
        "20190430 国民の休日", "20190501 天皇の即位の日", "20190502 国民の休日", "20190503 憲法記念日",
        "20190504 みどりの日", "20190505 こどもの日", "20190506 振替休日", "20190715 海の日", "20190811 山の日",
        "20190812 振替休日", "20190916 敬老の日", "20190923 秋分の日", "20191014 体育の日",
        "20191022 即位礼正殿の儀", "20191103 文化の日", "20191104 振替休日", "20191123 勤労感謝の日",
        "20200101 元日", "20200113 成人の日", "20200211 建国記念の日", "20200223 天皇誕生日", "20200224 振替休日",
        "20200320 春分の日", "20200429 昭和の日", "20200503 憲法記念日", "20200504 みどりの日",
        "20200505 こどもの日", "20200506 振替休日", "20200723 海の日", "20200724 スポーツの日", "20200810 山の日",
        "20200921 敬老の日", "20200922 秋分の日", "20201103 文化の日", "20201123 勤労感謝の日",
        "20210101 元日", "20210111 成人の日", "20210211 建国記念の日", "20210223 天皇誕生日", "20210320 春分の日",
        "20210429 昭和の日", "20210503 憲法記念日", "20210504 みどりの日", "20210505 こどもの日",
        "20210722 海の日", "20210723 スポーツの日", "20210808 山の日", "20210809 振替休日", "20210920 敬老の日",
        "20210923 秋分の日", "20211103 文化の日", "20211123 勤労感謝の日",
    };
    kr_buf got;
    kr_buf_init(&got);
    for (int y = 2019; y <= 2021; y++) {
        kr_holiday h[KR_HOLIDAYS_MAX];
        kr_err err;
        int n = kr_holidays_of_year(y, h, &err);
        for (int i = 0; i < n; i++)
            kr_buf_addf(&got, "%d %s\n", h[i].ymd, h[i].name);
    }
    kr_buf exp;
    kr_buf_init(&exp);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        kr_buf_addf(&exp, "%s\n", want[i]);
    assert_string_equal(got.data, exp.data);
    kr_buf_free(&got);
    kr_buf_free(&exp);
}

static void test_holiday_years_out_of_range(void **state)
{
    (void)state;
    kr_holiday h[KR_HOLIDAYS_MAX];
    kr_err err;
    assert_int_equal(kr_holidays_of_year(1947, h, &err), -1);
    assert_non_null(strstr(err.text, "KRK1400E"));
    assert_int_equal(kr_holidays_of_year(2100, h, &err), -1);
    assert_int_equal(err.rc, KR_RC_ENV);
    assert_int_equal(kr_holidays_valid_through(), 2027);
}

/* ---- business days ---- */

static kr_calendar *city(const char *text)
{
    kr_calendar *cal = kr_calendar_new();
    kr_err err;
    if (!kr_calendar_parse(cal, text, strlen(text), "test.cal", &err))
        fail_msg("%s", err.text);
    return cal;
}

static void test_business_days(void **state)
{
    (void)state;
    kr_calendar *cal = city("# 夏季一斉休業 and a Saturday opened for tax returns\n"
                            "2026-08-13..2026-08-14  夏季一斉休業\n"
                            "closed 2026-06-01 創立記念日\n"
                            "open 2026-03-14  確定申告の土曜開庁\n"
                            "open 2026-12-29\n");
    static const struct {
        int ymd;
        bool business;
        const char *reason;
    } cases[] = {
        {20261228, true, NULL},           {20261229, true, NULL}, /* opened by the file */
        {20261230, false, "年末年始"},    {20270104, true, NULL},
        {20270102, false, "土曜日"},      {20270103, false, "日曜日"},
        {20260112, false, "成人の日"},    {20260813, false, "夏季一斉休業"},
        {20260814, false, "夏季一斉休業"}, {20260601, false, "創立記念日"},
        {20260314, true, NULL},           {20260922, false, "国民の休日"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kr_dayinfo info;
        kr_err err;
        assert_true(kr_calendar_day(cal, cases[i].ymd, &info, &err));
        if (info.business != cases[i].business ||
            (cases[i].reason && (!info.reason || strcmp(info.reason, cases[i].reason) != 0)))
            fail_msg("%d: got %s (%s)", cases[i].ymd, info.business ? "business" : "closed", info.reason ? info.reason : "-");
    }
    int d;
    kr_err err;
    assert_true(kr_calendar_prev_business_day(cal, 20270104, &d, &err));
    assert_int_equal(d, 20261229);
    assert_true(kr_calendar_next_business_day(cal, 20260812, &d, &err));
    assert_int_equal(d, 20260817);
    assert_int_equal(kr_calendar_projected_year(cal), 0);
    bool b;
    assert_true(kr_calendar_is_business_day(cal, 20280103 + 10, &b, &err)); /* 2028-01-13 */
    assert_int_equal(kr_calendar_projected_year(cal), 2028);
    assert_false(kr_calendar_is_business_day(cal, 19480719, &b, &err));
    assert_non_null(strstr(err.text, "KRK1400E"));
    kr_calendar_free(cal);
}

static void test_calendar_file_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"2026-02-30 x\n", "KRK1410E test.cal:1:1: not a date"},
        {"# c\n\n  2026-1-05\n", "KRK1410E test.cal:3:3: not a date"},
        {"shut 2026-01-05\n", "KRK1411E test.cal:1:1: a line is"},
        {"open 2026-01-05..2026-01-01\n", "KRK1412E test.cal:1:18: the range ends before it starts"},
        {"2026-01-05..2027-02-01\n", "KRK1412E test.cal:1:13: a range covers at most 366 days"},
        {"2026-01-05~2026-01-07\n", "KRK1410E test.cal:1:11: a range is written"},
        {"2026-05-01 a\n2026-04-29..2026-05-02 b\n", "KRK1413E test.cal:2:1: 2026-05-01 is given twice"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kr_calendar *cal = kr_calendar_new();
        kr_err err;
        assert_false(kr_calendar_parse(cal, cases[i].text, strlen(cases[i].text), "test.cal", &err));
        if (strncmp(err.text, cases[i].want, strlen(cases[i].want)) != 0)
            fail_msg("case %zu: got '%s', want '%s...'", i, err.text, cases[i].want);
        assert_int_equal(err.rc, KR_RC_ENV);
        kr_calendar_free(cal);
    }
}

/* ---- schedules ---- */

static char *run_dates(const char *rule, kr_calendar *cal, int from, int to)
{
    kr_err err;
    kr_schedule *s = kr_schedule_parse(rule, "--rule", 1, &err);
    if (!s)
        fail_msg("%s: %s", rule, err.text);
    int *days;
    long n = kr_schedule_between(s, cal, from, to, &days, &err);
    if (n < 0)
        fail_msg("%s: %s", rule, err.text);
    kr_buf b;
    kr_buf_init(&b);
    for (long i = 0; i < n; i++)
        kr_buf_addf(&b, "%s%d", i ? " " : "", days[i]);
    free(days);
    kr_schedule_free(s);
    return kr_buf_take(&b);
}

static void test_schedule_rules(void **state)
{
    (void)state;
    /* January 2026: 1/1-1/3 年末年始, 1/4 Sunday, 1/12 成人の日, 1/25 a Sunday */
    static const struct {
        const char *rule;
        int from, to;
        const char *want;
    } cases[] = {
        {"BD", 20260101, 20260109, "20260105 20260106 20260107 20260108 20260109"},
        {"bd(1)", 20260101, 20260331, "20260105 20260202 20260302"},
        {"BD(2)", 20260101, 20260131, "20260106"},
        {"BD(LAST)", 20261201, 20261231, "20261228"},
        {"BD(-2)", 20260101, 20260131, "20260129"},
        {"DAY(25,PREV)", 20260101, 20260131, "20260123"},
        {"DAY(25,NEXT)", 20260101, 20260131, "20260126"},
        {"DAY(25)", 20260101, 20260228, "20260225"},
        {"DAY(31,SKIP)", 20260101, 20260430, "20260331"},
        {"DAY(LAST,PREV)", 20260101, 20260331, "20260130 20260227 20260331"},
        {"DAY(1,PREV)", 20261201, 20261231, "20261201 20261228"}, /* 2027-01-01 closed: back into December */
        {"WEEKDAY(MON)", 20260101, 20260120, "20260105 20260119"},
        {"WEEKDAY(MON,NEXT)", 20260101, 20260120, "20260105 20260113 20260119"},
        {"YEARLY(01-01,NEXT)", 20260101, 20271231, "20260105 20270104"},
        {"YEARLY(04-01)", 20260101, 20271231, "20260401 20270401"},
        {"BD(1)+2", 20260101, 20260131, "20260107"},
        {"DAY(20,PREV)+5", 20260101, 20260131, "20260127"},
        {"BD(1)-1", 20260101, 20260131, "20260130"}, /* the day before February's first */
        {"DAY(25,PREV); BD(1)", 20260101, 20260131, "20260105 20260123"},
        {"DAILY", 20260101, 20260103, "20260101 20260102 20260103"},
    };
    kr_calendar *cal = kr_calendar_new();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = run_dates(cases[i].rule, cal, cases[i].from, cases[i].to);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("%s: got '%s', want '%s'", cases[i].rule, got, cases[i].want);
        free(got);
    }
    kr_err err;
    kr_schedule *s = kr_schedule_parse("DAY(25,PREV)", "--rule", 1, &err);
    bool run;
    assert_true(kr_schedule_is_run_date(s, cal, 20260123, &run, &err));
    assert_true(run);
    assert_true(kr_schedule_is_run_date(s, cal, 20260126, &run, &err));
    assert_false(run);
    int next;
    assert_true(kr_schedule_next(s, cal, 20260124, &next, &err));
    assert_int_equal(next, 20260225);
    kr_schedule_free(s);
    kr_calendar_free(cal);
}

static void test_schedule_text_and_errors(void **state)
{
    (void)state;
    kr_err err;
    kr_schedule *s = kr_schedule_parse(" bd(last) ; day(25 , prev)+3;weekday(fri,mon,next);yearly(04-01);daily",
                                       "--rule", 1, &err);
    assert_non_null(s);
    kr_buf b;
    kr_buf_init(&b);
    kr_schedule_text(s, &b);
    assert_string_equal(b.data, "BD(LAST);DAY(25,PREV)+3;WEEKDAY(MON,FRI,NEXT);YEARLY(04-01);DAILY");
    kr_buf_free(&b);
    kr_schedule_free(s);
    static const struct {
        const char *rule, *want;
    } cases[] = {
        {"MONTHLY(1)", "KRK1420E job.jcl:3:21: unknown rule 'MONTHLY'"},
        {"BD(0)", "KRK1421E job.jcl:3:24: BD(n)"},
        {"BD(24)", "KRK1421E job.jcl:3:24: BD(n)"},
        {"DAY(32,PREV)", "KRK1421E job.jcl:3:25: DAY(d)"},
        {"DAY(25,LATER)", "KRK1421E job.jcl:3:28: a shift is PREV, NEXT or SKIP"},
        {"WEEKDAY(MON,XYZ)", "KRK1421E job.jcl:3:33: a weekday is"},
        {"YEARLY(02-30)", "KRK1421E job.jcl:3:28: YEARLY(MM-DD): not a day"},
        {"BD(1", "KRK1422E job.jcl:3:25: ')' expected here"},
        {"BD(1)+100", "KRK1423E job.jcl:3:27: an offset is 1 to 99"},
        {"DAILY+1", "KRK1423E job.jcl:3:26: DAILY runs every day"},
        {"BD;;BD", "KRK1424E job.jcl:3:24: a rule expected here"},
        {"BD BD", "KRK1422E job.jcl:3:24: ';' or the end"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        s = kr_schedule_parse(cases[i].rule, "job.jcl:3", 21, &err);
        if (s || strncmp(err.text, cases[i].want, strlen(cases[i].want)) != 0)
            fail_msg("%s: got '%s', want '%s...'", cases[i].rule, s ? "(parsed)" : err.text, cases[i].want);
        assert_int_equal(err.rc, KR_RC_ENV);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_holiday_law_changes),
        cmocka_unit_test(test_holidays_2019_2021),
        cmocka_unit_test(test_holiday_years_out_of_range),
        cmocka_unit_test(test_business_days),
        cmocka_unit_test(test_calendar_file_errors),
        cmocka_unit_test(test_schedule_rules),
        cmocka_unit_test(test_schedule_text_and_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
