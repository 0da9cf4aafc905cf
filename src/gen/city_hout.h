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

/* Writes rec (record number recno) to w, adding it to totals (NULL: none), or filling a
 * trailer's control totals from them. False with err. */
bool city_emit(const kr_layout *l, kr_totals *totals, kr_writer *w, unsigned char *rec, uint64_t recno, kr_err *err);
/* The control totals of a layout with a trailer record type; NULL without one. */
kr_totals *city_totals_of(const kr_layout *l);
/* The mismatch kind (first..end-1, 0 none) for a person's next record: a kind still pending
 * in this city first (glyph_kind only for a surname with another glyph form), then about
 * 12 in 100 at random. */
int city_draw_mismatch(kr_rng *r, bool *pending, int first, int end, int glyph_kind, const city_person *p);

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
/* What a record written for a person gets wrong on purpose. */
typedef struct city_wrong {
    bool glyph; /* the surname in its other glyph form (when it has one) */
    bool birth; /* 生年月日 one day later */
    bool sex;   /* the other sex */
} city_wrong;
/* The person's 個人番号, the kana given, 漢字氏名 (with `given` as the given name), 生年月日
 * and 性別 into the fields of those names, as the registry of the day holds them but for
 * what `wrong` says. */
void hout_put_person(hout *o, const char *type, const city_person *p, const char *kana, uint16_t given,
                     const city_wrong *wrong);
/* Another given name of the person's sex. */
uint16_t city_other_given(kr_rng *r, const city_person *p);

#endif
