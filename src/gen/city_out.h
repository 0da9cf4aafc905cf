/* city_out.h: the writers of the synthetic prefecture's files (city_out.c): a record
 * filled field by field by name through a shipped layout, control totals as verify counts
 * them, and the set of files a run commits together or not at all. */
#ifndef KIROKU_CITY_OUT_H
#define KIROKU_CITY_OUT_H

#include "city_private.h"
#include "kiroku/check.h"
#include "kiroku/recio.h"

/* One file being written. */
typedef struct city_out {
    const kr_layout *l;
    kr_writer *w;
    unsigned char *rec;
    kr_err *err;
    bool ok;
    kr_totals *totals; /* layouts with a trailer: its control totals, as verify counts them */
    uint64_t n;
} city_out;

#define CITY_MAX_LAYOUTS 16

/* Every file of a run and the layouts they are written through. */
typedef struct city_files {
    city_out **v; /* each allocated on its own: pointers to them stay valid */
    size_t n;
    kr_layout *layouts[CITY_MAX_LAYOUTS];
    size_t n_layouts;
    kr_err *err;
    bool failed; /* a file could not be opened */
} city_files;

/* The field NAME of record type TYPE (NULL: the first data type); NULL, with o->ok false and
 * KRK1602E, when the layout lacks it. */
const kr_field *city_field(city_out *o, const char *type, const char *name);
void city_put_num(city_out *o, const kr_field *f, uint64_t v);
void city_put_text(city_out *o, const kr_field *f, const char *s);
/* A date; 0 writes the field's none value, -1 its open value. */
void city_put_date(city_out *o, const kr_field *f, int ymd);
/* A 個人番号 of 11 base digits and its check digit, or blanks. */
void city_put_kojin(city_out *o, const kr_field *f, uint64_t base, bool blank);
/* The record all blanks. */
void city_clear(city_out *o);
/* Writes the record; a trailer gets its control totals first. */
void city_emit(city_out *o);
/* A person's name in half-width kana, as the registry's reading. */
void city_kana_name(char *buf, size_t n, uint16_t surname, uint16_t given);

bool city_make_dir(const char *path, kr_err *err);
/* Opens DIR/NAME for writing through l; NULL (fs->err filled) when it cannot be. */
city_out *city_open(city_files *fs, const kr_layout *l, const char *dir, const char *name);
bool city_all_ok(const city_files *fs);
/* Loads a shipped layout into fs (freed with it); NULL with KRK1604E. */
kr_layout *city_load_layout(city_files *fs, const char *name);

/* ---- what `kiroku city --with WORD` adds (kr_city_opts.with) ---------------------------- */

/* --with bank (city_bank.c): cityNN/bank/ the premium ledger, the bank's result, the truth. */
bool city_bank_write(city_files *fs, const city_model *m, const kr_city_opts *o);
/* --with kogaku (city_kogaku.c): DIR/rengo/kogaku/gaito.dat, cityNN/kogaku/: decisions, truth. */
bool city_kogaku_write(city_files *fs, const city_model *m, const kr_city_opts *o);

#endif
