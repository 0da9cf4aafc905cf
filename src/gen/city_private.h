/* city_private.h: the model of the synthetic prefecture (city_model.c builds it, the
 * city_*.c writers turn it into files): people with two days of registry state and their
 * NHI eligibility, households, the day's changes, the federation's earlier periods. */
#ifndef KIROKU_CITY_PRIVATE_H
#define KIROKU_CITY_PRIVATE_H

#include "gen_private.h"
#include "kiroku/city.h"

/* One municipality of the prefecture (city_model.c: Chiba's). */
typedef struct city_place {
    const char *name, *kana, *post3, *area;
    unsigned hokensha_no; /* kiroku's numbers, 12nnnn */
} city_place;

extern const city_place city_places[KR_CITY_MAX];
extern const char city_pref[], city_pref_kana[];

typedef struct city_addr {
    uint16_t town;
    uint8_t chome, ban, go;
    uint16_t post4;
} city_addr;

/* A resident's registry state on one day. */
typedef struct city_day {
    uint64_t setai, head_atena;
    city_addr addr;
    int jutei_ymd, ido_ymd;
    uint16_t surname;
    uint8_t zokugara, jutei_jiyu;
} city_day;

#define CITY_FIRST_ATENA 100000001 /* the first 宛名番号 of every city: people[i] has FIRST + i */

enum { MOVE_MEET, MOVE_OVERLAP, MOVE_GAP };
enum { TXK_SAME, TXK_BLANK, TXK_OTHER };

typedef struct city_person {
    uint64_t atena, hid;          /* 宛名番号 (the city's), 被保険者ID (0: never insured, or new today until new_ids) */
    uint64_t kojin, kojin_tx;     /* 11 base digits of the 個人番号; the one the transaction carries */
    city_day day[2];
    int birth, jumin_ymd;
    uint16_t given;
    uint8_t sex, jumin_jiyu, present; /* present: bit 0 the day before, bit 1 the day */
    uint8_t gaiji;                /* 1..8: the given name's first character is 外字 U+E000+n-1 */
    char prev_pref;               /* 転入前住所: 0 none, 'o' outside the prefecture, 'c' a city of it */
    uint8_t prev_city;            /* when prev_pref == 'c' */
    /* NHI */
    uint8_t nhi0, nhi1;           /* in the ledger the day before; insured (or lost) the day */
    uint8_t gisei, head;          /* the household's head is 擬制世帯主; this person is the head */
    uint8_t ledger_blank;         /* the ledger holds no 個人番号 */
    uint8_t tx, tx_kojin;         /* 0 / 1 追加 / 2 変更; TXK_* */
    uint8_t shutoku_jiyu, soshitsu_jiyu;
    int shutoku, kaishi, soshitsu, shuryo; /* soshitsu, shuryo: 0 = open */
    int8_t from_city, to_city;    /* the period began / ended with a move within the prefecture; -1 none */
    uint64_t from_atena;          /* the 宛名番号 in from_city */
    int from_end;                 /* from_city's 適用終了年月日; 0 when it is still open there */
    uint8_t outcome;              /* a move of the day between two cities: MOVE_* + 1; 0 none */
} city_person;

/* A period in another city before the person's present one, ended by a move (met exactly). */
typedef struct city_former {
    uint64_t atena, hid;
    uint16_t surname, given;      /* the person's, as in the present period */
    int birth;
    uint8_t sex;
    int shutoku, kaishi, shuryo;
    int8_t to_city;
} city_former;

typedef struct city_town {
    city_person *v;
    size_t n, cap;
    city_former *former;
    size_t n_former, cap_former;
    uint64_t next_atena, next_setai, next_former;
} city_town;

/* One exception of the truth, in kakunin.layout's terms. */
typedef struct city_exc {
    uint8_t city, riyu, gawa;
    int8_t aite_city;
    uint64_t atena, aite_atena, hid;
    int shuryo, kaishi;           /* 0 none, -1 open */
    uint8_t masked;               /* 個人番号表示 is twelve '*' */
} city_exc;

typedef struct city_model {
    unsigned n_cities;
    int day, yesterday;           /* yyyymmdd */
    city_town town[KR_CITY_MAX];
    city_exc *exc;
    size_t n_exc, cap_exc;
    uint64_t next_hid, moves;
} city_model;

/* Builds the model; no file is touched. */
void city_model_build(city_model *m, const kr_city_opts *o);
void city_model_free(city_model *m);

/* --with corrections (city_corrections.c): every file written under a temporary name; then
 * finished with the others' fate, committed or removed. NULL (err filled) when it failed. */
typedef struct city_corrections city_corrections;
city_corrections *city_corrections_write(const city_model *m, const kr_city_opts *o, kr_err *err);
bool city_corrections_finish(city_corrections *cw, bool commit, kr_city_stats *st, kr_err *err);

/* --with retention (city_retention.c): the same, for the retention purge's data and truth. */
typedef struct city_retention city_retention;
city_retention *city_retention_write(const city_model *m, const kr_city_opts *o, kr_err *err);
bool city_retention_finish(city_retention *cr, bool commit, kr_city_stats *st, kr_err *err);

#endif
