/* city_out.h: the writers of the synthetic prefecture's files (city_out.c): a record
 * filled field by field by name through a shipped layout, control totals as verify counts
 * them, and the set of files a run commits together or not at all. */
#ifndef KIROKU_CITY_OUT_H
#define KIROKU_CITY_OUT_H

#include "city_private.h"
#include "kiroku/check.h"
#include "kiroku/recio.h"

/* One file being written. */
typedef struct cout {
    const kr_layout *l;
    kr_writer *w;
    unsigned char *rec;
    kr_err *err;
    bool ok;
    kr_totals *totals; /* layouts with a trailer: its control totals, as verify counts them */
    uint64_t n;
} cout;

#define COUT_MAX_LAYOUTS 16

/* Every file of a run and the layouts they are written through. */
typedef struct cout_files {
    cout **v; /* each allocated on its own: pointers to them stay valid */
    size_t n;
    kr_layout *layouts[COUT_MAX_LAYOUTS];
    size_t n_layouts;
    kr_err *err;
    bool failed; /* a file could not be opened */
} cout_files;

/* The field NAME of record type TYPE (NULL: the first data type); NULL, with o->ok false and
 * KRK1602E, when the layout lacks it. */
const kr_field *cout_field(cout *o, const char *type, const char *name);
void cout_num(cout *o, const kr_field *f, uint64_t v);
void cout_text(cout *o, const kr_field *f, const char *s);
/* A date; 0 writes the field's none value, -1 its open value. */
void cout_date(cout *o, const kr_field *f, int ymd);
/* A 個人番号 of 11 base digits and its check digit, or blanks. */
void cout_kojin(cout *o, const kr_field *f, uint64_t base, bool blank);
/* The record all blanks. */
void cout_clear(cout *o);
/* Writes the record; a trailer gets its control totals first. */
void cout_emit(cout *o);
/* A person's name in half-width kana, as the registry's reading. */
void cout_kana_name(char *buf, size_t n, uint16_t surname, uint16_t given);

bool cout_make_dir(const char *path, kr_err *err);
/* Opens DIR/NAME for writing through l; NULL (fs->err filled) when it cannot be. */
cout *cout_open(cout_files *fs, const kr_layout *l, const char *dir, const char *name);
bool cout_all_ok(const cout_files *fs);
/* Commits every file of fs (commit true) or removes them; frees fs. False when a commit
 * failed (fs->err filled). */
bool cout_finish(cout_files *fs, bool commit, kr_city_stats *st);
/* Loads a shipped layout into fs (freed with it); NULL with KRK1604E. */
kr_layout *cout_load_layout(cout_files *fs, const char *name);

/* ---- what `kiroku city --with WORD` adds (kr_city_opts.with) ---------------------------- */

/* --with bank (city_bank.c): cityNN/bank/ the premium ledger, the bank's result, the truth. */
bool city_bank_write(cout_files *fs, const city_model *m, const kr_city_opts *o);
/* --with kogaku (city_kogaku.c): DIR/rengo/kogaku/gaito.dat, cityNN/kogaku/: decisions, truth. */
bool city_kogaku_write(cout_files *fs, const city_model *m, const kr_city_opts *o);

#endif
