/* gen_private.h: what the files of src/gen share: the data tables, text placement into
 * fields, and the compiled form of a field's sample(...) attribute. */
#ifndef KIROKU_GEN_PRIVATE_H
#define KIROKU_GEN_PRIVATE_H

#include "kiroku/gen.h"

/* ---- data (names.c) ------------------------------------------------------------------- */

typedef struct gen_surname {
    const char *kanji, *kana;
} gen_surname;

typedef struct gen_given {
    const char *kanji, *kana;
    int sex; /* 1 男, 2 女 */
} gen_given;

typedef struct gen_city {
    const char *pref, *pref_kana, *city, *city_kana;
    const char *post3;  /* the first three digits of its postcodes */
    const char *area;   /* telephone area code, with the leading 0 */
} gen_city;

typedef struct gen_town {
    const char *kanji, *kana;
} gen_town;

extern const gen_surname gen_surnames[];
extern const size_t gen_n_surnames;
extern const gen_given gen_givens[];
extern const size_t gen_n_givens;
extern const gen_city gen_cities[];
extern const size_t gen_n_cities;
extern const gen_town gen_towns[];
extern const size_t gen_n_towns;
extern const char gen_kanji_pool[];

/* ---- text into fields (text.c) -------------------------------------------------------- */

/* Writes UTF-8 text s (n bytes) into a text field of rec: converted to what the field holds
 * (X: half-width katakana and ASCII; N: full-width, the space as U+3000; M: as given),
 * encoded in the layout's encoding, cut before the first character that does not fit or
 * that the field cannot hold (never in the middle of one), padded as the type says.
 * Returns the number of bytes of s placed (n when all of it was). */
size_t gen_put_text(const kr_layout *l, const kr_field *f, unsigned char *rec, const char *s,
                    size_t n);
/* Pads bytes [used, f->length) of a text field as its type says (spaces; N: full-width). */
void gen_pad_text(const kr_layout *l, const kr_field *f, unsigned char *rec, size_t used);
/* How many characters a text field holds at most (N: characters, X/M: bytes). */
size_t gen_text_capacity(const kr_layout *l, const kr_field *f);

/* ---- compiled sample attributes (sample.c) -------------------------------------------- */

typedef enum gen_kind {
    GK_DEFAULT,   /* by type */
    GK_IMAGE,     /* one of `images` (filler, discriminator, codes, totals, pick, const, blank) */
    GK_SEQ,
    GK_RANGE,
    GK_NAME,
    GK_SEX,       /* images[0] 男, images[1] 女 */
    GK_BIRTH,
    GK_ADDRESS,
    GK_POSTCODE,
    GK_PHONE,
    GK_DATE       /* images[0] none value, images[1] open value when asked for */
} gen_kind;

typedef struct gen_field {
    const kr_field *f;
    gen_kind kind;
    bool kana;            /* name, address: the reading */
    kr_i128 a, b;         /* seq: start and step; range: min and max (in units of the scale) */
    uint64_t count;       /* seq: values written so far */
    int lo, hi;           /* date: days from 1970-01-01; birth: ages */
    const kr_field *not_before; /* date: the field whose date it is never before, or NULL */
    unsigned none_pct, open_pct;
    unsigned char *images; /* n_images field images of f->length bytes */
    size_t n_images;
} gen_field;

/* Compiles the generator of field f (record type rt of l). False with err (rc 16). */
bool gen_field_compile(const kr_layout *l, const kr_rectype *rt, const kr_field *f, int ref_ymd,
                       gen_field *out, kr_err *err);
void gen_field_free(gen_field *gf);
/* The date range of a date field without a sample, as days. */
void gen_default_date_range(const kr_layout *l, const kr_field *f, int ref_ymd, int *lo, int *hi);
/* The birth dates [lo, hi] (days) of people aged minage..maxage on ref_ymd. */
void gen_birth_range(int ref_ymd, int minage, int maxage, long *lo, long *hi);
/* Writes Western yyyymmdd into a date field, or a 9(8) / X(8) field as digits. */
bool gen_put_ymd(const kr_layout *l, const kr_field *f, unsigned char *rec, int ymd);

#endif
