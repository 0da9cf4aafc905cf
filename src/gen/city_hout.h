/* city_hout.h: what the writers of `kiroku city --with ...` share (city_hout.c). */
#ifndef KIROKU_CITY_HOUT_H
#define KIROKU_CITY_HOUT_H

#include "city_private.h"
#include "kiroku/check.h"
#include "kiroku/recio.h"

/* One output file: records are filled in rec, then hout_emit writes them (a trailer's
 * control totals filled as verify counts them). ok turns false on the first error. */
typedef struct hout {
    const kr_layout *l;
    kr_writer *w;
    kr_totals *totals;
    unsigned char *rec;
    uint64_t n;
    bool ok;
    kr_err *err;
} hout;

/* Files written under temporary names, committed or removed together. */
typedef struct hout_group {
    kr_writer **w;
    size_t n_w;
    uint64_t bytes;
} hout_group;

hout *hout_open(const kr_layout *l, const char *path, kr_err *err);
/* Frees o; its writer joins g for the commit (or is removed when o failed). */
bool hout_close(hout_group *g, hout *o);
/* Commits every file of g (commit) or removes them; counts the committed in *files. */
bool hout_group_finish(hout_group *g, bool commit, uint64_t *files, kr_err *err);

/* Fields by name (NULL type: the only data type); a missing field is left alone. */
const kr_field *hout_field(const kr_layout *l, const char *type, const char *name);
void hout_put_num(hout *o, const char *type, const char *name, uint64_t v);
void hout_put_text(hout *o, const char *type, const char *name, const char *s);
void hout_put_ymd(hout *o, const char *type, const char *name, int ymd);
void hout_emit(hout *o);

int city_type_index(const kr_layout *l, const char *name);
/* The person's 個人番号: 11 digits and the check digit at `at`. */
void city_put_kojin(unsigned char *at, uint64_t base);
int city_add_days(int ymd, long d);
/* Age on a day, counted from birthdays (as the records' 年齢 fields hold it). */
int city_age_on(int birth, int day);
/* The surname with one character in its other glyph form (glyph.fold); false when none. */
bool city_glyph_variant(const char *surname, char *out, size_t n);
/* "surname given" with the person's 外字, as the registry writes 漢字氏名. */
void city_kanji_of(char *buf, size_t n, const char *surname, const city_person *p);
/* Another given name of the person's sex. */
uint16_t city_other_given(kr_rng *r, const city_person *p);

#endif
