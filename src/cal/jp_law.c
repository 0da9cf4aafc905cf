/* jp_law.c: Japan's national holidays as data: each holiday as each law had it, with the
 * dates it was in force. Sources (docs/CALENDAR.md): 国民の祝日に関する法律 (昭和23年法律第178号)
 * and its amendments, the one-off laws for imperial ceremonies, the Olympic special measures
 * (平成30年法律第55号, 令和2年法律第68号), and the Cabinet Office's list of holidays
 * (syukujitsu.csv), which is law through kr_jp_valid_through. */
#include "internal.h"

#define OPEN 99991231
#define ONCE(name, ymd) {name, ymd, ymd, JP_FIXED, ymd / 100 % 100, ymd % 100}

const jp_rule kr_jp_rules[] = {
    {"元日", 19480720, OPEN, JP_FIXED, 1, 1},
    {"成人の日", 19480720, 19991231, JP_FIXED, 1, 15},
    {"成人の日", 20000101, OPEN, JP_MONDAY, 1, 2},                /* 平成10年法律第141号 */
    {"建国記念の日", 19661209, OPEN, JP_FIXED, 2, 11},             /* 昭和41年政令第376号 */
    {"春分の日", 19480720, OPEN, JP_VERNAL, 3, 0},
    {"天皇誕生日", 19480720, 19890216, JP_FIXED, 4, 29},
    {"みどりの日", 19890217, 20061231, JP_FIXED, 4, 29},            /* 平成元年法律第5号 */
    {"昭和の日", 20070101, OPEN, JP_FIXED, 4, 29},                  /* 平成17年法律第43号 */
    {"憲法記念日", 19480720, OPEN, JP_FIXED, 5, 3},
    {"みどりの日", 20070101, OPEN, JP_FIXED, 5, 4},
    {"こどもの日", 19480720, OPEN, JP_FIXED, 5, 5},
    {"海の日", 19960101, 20021231, JP_FIXED, 7, 20},                /* 平成7年法律第22号 */
    {"海の日", 20030101, 20191231, JP_MONDAY, 7, 3},                /* 平成13年法律第59号 */
    ONCE("海の日", 20200723), ONCE("海の日", 20210722),             /* Olympic moves */
    {"海の日", 20220101, OPEN, JP_MONDAY, 7, 3},
    {"山の日", 20160101, 20191231, JP_FIXED, 8, 11},                /* 平成26年法律第43号 */
    ONCE("山の日", 20200810), ONCE("山の日", 20210808),
    {"山の日", 20220101, OPEN, JP_FIXED, 8, 11},
    {"敬老の日", 19660625, 20021231, JP_FIXED, 9, 15},              /* 昭和41年法律第86号 */
    {"敬老の日", 20030101, OPEN, JP_MONDAY, 9, 3},
    {"秋分の日", 19480720, OPEN, JP_AUTUMNAL, 9, 0},
    {"体育の日", 19660625, 19991231, JP_FIXED, 10, 10},
    {"体育の日", 20000101, 20191231, JP_MONDAY, 10, 2},
    ONCE("スポーツの日", 20200724), ONCE("スポーツの日", 20210723), /* 平成30年法律第57号: renamed */
    {"スポーツの日", 20220101, OPEN, JP_MONDAY, 10, 2},
    {"文化の日", 19480720, OPEN, JP_FIXED, 11, 3},
    {"勤労感謝の日", 19480720, OPEN, JP_FIXED, 11, 23},
    {"天皇誕生日", 19890217, 20190430, JP_FIXED, 12, 23},
    {"天皇誕生日", 20190501, OPEN, JP_FIXED, 2, 23},               /* 平成29年法律第63号 */
    ONCE("結婚の儀", 19590410),                                     /* 昭和34年法律第16号 */
    ONCE("大喪の礼", 19890224),                                     /* 平成元年法律第4号 */
    ONCE("即位礼正殿の儀", 19901112),                               /* 平成2年法律第24号 */
    ONCE("結婚の儀", 19930609),                                     /* 平成5年法律第32号 */
    ONCE("天皇の即位の日", 20190501),                               /* 平成30年法律第99号 */
    ONCE("即位礼正殿の儀", 20191022),
};
const size_t kr_jp_rules_count = sizeof kr_jp_rules / sizeof kr_jp_rules[0];

const int kr_jp_valid_through = 2027;
const int kr_jp_substitute_from = 19730412;
const int kr_jp_substitute_2007 = 20070101;
const int kr_jp_citizens_from = 19851227;
