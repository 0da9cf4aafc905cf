/* city_nhi.h: what the optional parts of `kiroku city` that write NHI ledgers share
 * (city_nhi.c): a ledger record in the model's terms, the city's ledger of the day before
 * as such records, writing one through kokuho_daicho or kokuho_tx by field name, and a set
 * of files committed (or removed) together with the prefecture's. */
#ifndef KIROKU_CITY_NHI_H
#define KIROKU_CITY_NHI_H

#include "city_hout.h"
#include "city_private.h"
#include "kiroku/recio.h"

/* A ledger record in the model's terms (kokuho_daicho's fields). */
typedef struct city_nhirec {
    uint64_t atena, setai, head, hid, kojin; /* kojin: 11 base digits; 0 none linked */
    uint16_t surname, given;
    int birth, shutoku, kaishi, soshitsu, shuryo; /* soshitsu, shuryo: -1 open */
    uint8_t sex, gisei, shutoku_jiyu, soshitsu_jiyu;
    unsigned touched; /* free for the part's own bookkeeping */
} city_nhirec;

/* A ledger: records in 宛名番号 order. */
typedef struct city_nhi {
    city_nhirec *v;
    size_t n, cap;
} city_nhi;

city_nhirec *city_nhi_push(city_nhi *g);
/* The city's ledger of the day before (its insured; names without 外字). */
void city_nhi_base(city_nhi *g, const city_town *t);

/* Fields by name (type NULL: the layout's only data type); absent fields are skipped. */
const kr_field *city_field(const kr_layout *l, const char *type, const char *name);
void city_put_num(const kr_layout *l, const char *type, unsigned char *rec, const char *name, uint64_t v);
void city_put_text(const kr_layout *l, const char *type, unsigned char *rec, const char *name, const char *s);
/* A date; -1 writes the field's open value. */
void city_put_date(const kr_layout *l, const char *type, unsigned char *rec, const char *name, int ymd);
/* 個人番号 from its 11 base digits (the check digit computed); 0 writes it blank. */
void city_put_mynumber(const kr_layout *l, const char *type, unsigned char *rec, uint64_t base);
void city_put_names(const kr_layout *l, const char *type, unsigned char *rec, const city_nhirec *r);
/* The whole record: type NULL for kokuho_daicho, "add" or "change" for kokuho_tx. */
void city_nhi_put(const kr_layout *l, const char *type, unsigned char *rec, unsigned hokensha, const city_nhirec *r);

/* Files written under temporary names, committed together at the end. */
typedef struct city_files {
    kr_writer **w;
    size_t n;
} city_files;

/* layout NULL: a text file (bytes as given). */
kr_writer *city_files_open(city_files *fs, const char *dir, const char *name, const kr_layout *l, kr_err *err);
/* Commits every file (commit) or removes them; counts the committed in st->files. */
bool city_files_finish(city_files *fs, bool commit, kr_city_stats *st, kr_err *err);
/* A ledger (or the records of it for which keep(r, arg) is true; keep NULL: all) as kokuho_daicho. */
bool city_nhi_write(city_files *fs, const kr_layout *daicho, const char *dir, const char *name, const city_nhi *g,
                    unsigned hokensha, bool (*keep)(const city_nhirec *r, void *arg), void *arg, kr_err *err);
/* Makes dir (the part's folder under cityNN/); KRK1951E when it cannot. */
bool city_part_dir(const char *dir, kr_err *err);
/* Calls write(ctx, m, c, dir, err) for each city with dir = OUT/cityNN/PART, made first. */
bool city_part_cities(const city_model *m, const kr_city_opts *o, const char *part,
                      bool (*write)(void *ctx, const city_model *m, unsigned c, const char *dir, uint64_t seed,
                                    kr_err *err),
                      void *ctx, kr_err *err);
/* Loads the layouts a part writes through; KRK1950E naming the part when one is missing. */
bool city_part_layouts(const char *part, const char *const *names, kr_layout **out, size_t n, kr_err *err);

#endif
