/* internal.h: what the files of src/cal share: the table of holiday rules (jp_law.c) and
 * the compiled schedule rule (rule_parse.c, schedule.c). Private to src/cal. */
#ifndef KIROKU_CAL_INTERNAL_H
#define KIROKU_CAL_INTERNAL_H

#include "kiroku/calendar.h"

/* ---- the holiday law as data ---- */

typedef enum jp_rule_kind {
    JP_FIXED,    /* month/day */
    JP_MONDAY,   /* the nth Monday of month (Happy Monday laws) */
    JP_VERNAL,   /* 春分日 */
    JP_AUTUMNAL, /* 秋分日 */
} jp_rule_kind;

/* A national holiday as one law had it: in force for dates from..to (yyyymmdd, inclusive).
 * A one-off day is a JP_FIXED rule whose from and to are that day. */
typedef struct jp_rule {
    const char *name;
    int from, to;
    jp_rule_kind kind;
    int month, day; /* day: the day of the month, or n for the nth Monday */
} jp_rule;

extern const jp_rule kr_jp_rules[];
extern const size_t kr_jp_rules_count;
/* The last year the Cabinet Office has published (the equinoxes are law one year ahead). */
extern const int kr_jp_valid_through;
/* 振替休日 from this day (昭和48年法律第10号), the next non-holiday from 2007 (平成17年法律第43号);
 * 国民の休日 from 1985-12-27 (昭和60年法律第103号). */
extern const int kr_jp_substitute_from, kr_jp_substitute_2007, kr_jp_citizens_from;

/* ---- a compiled schedule ---- */

typedef enum sched_base {
    SCHED_DAILY,   /* every calendar day */
    SCHED_BD,      /* every business day */
    SCHED_BD_NTH,  /* the nth business day of each month (negative: from the end) */
    SCHED_DAY,     /* a fixed day of each month (0: the last) */
    SCHED_WEEKDAY, /* the weekdays of a mask (bit 0 Sunday) */
    SCHED_YEARLY,  /* a month and day each year */
} sched_base;

typedef enum sched_shift {
    SHIFT_SKIP, /* not run when closed */
    SHIFT_PREV, /* the business day before */
    SHIFT_NEXT, /* the business day after */
    SHIFT_RUN,  /* run even when closed (DAILY) */
} sched_shift;

typedef struct sched_rule {
    sched_base base;
    int n;        /* BD_NTH: n; DAY: day (0 last); YEARLY: month*100+day */
    unsigned mask; /* WEEKDAY */
    sched_shift shift;
    int offset;   /* business days after (+) or before (-) the base run date */
} sched_rule;

struct kr_schedule {
    sched_rule *rules;
    size_t n;
};

#endif
