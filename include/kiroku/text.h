/* text.h: Japanese text at the character level: CP932 and UTF-8 decoding and encoding,
 * character classes, 外字 tables, name folding profiles and character-aware sort keys.
 * The CP932 tables are generated at build time from glibc iconv's "CP932" (see
 * tools/gen_cp932.c), so kiroku maps exactly as iconv does, by table lookup. The rules are
 * written down in docs/TEXT.md. */
#ifndef KIROKU_TEXT_H
#define KIROKU_TEXT_H

#include "kiroku/core.h"
#include "kiroku/layout.h"

typedef enum kr_charclass {
    KR_CC_ASCII,    /* printable ASCII 0x20-0x7E */
    KR_CC_CONTROL,  /* a control byte 0x00-0x1F or 0x7F */
    KR_CC_HALFKANA, /* half-width katakana: CP932 0xA1-0xDF, U+FF61-U+FF9F */
    KR_CC_DOUBLE,   /* a double-byte (full-width) character */
    KR_CC_GAIJI,    /* user-defined: CP932 0xF040-0xF9FC, U+E000-U+F8FF */
    KR_CC_UNMAPPED, /* well-formed, but no character is assigned to the code */
    KR_CC_INVALID   /* not a well-formed sequence (the length returned is 1) */
} kr_charclass;

/* The generated tables (build/gen/cp932_tables.c). */
extern const uint16_t kr_cp932_single[256];
extern const uint16_t kr_cp932_double[60 * 256];
extern const uint16_t kr_ucs_to_cp932[65536];
/* Derived tables (same file): the code iconv writes for each double-byte code's character
 * (NEC/IBM duplicates as one), the code written under the NEC form, and the reverse table
 * without iconv's best-fit entries (0 where the code would decode to another character). */
extern const uint16_t kr_cp932_canon[60 * 256];
extern const uint16_t kr_cp932_nec[60 * 256];
extern const uint16_t kr_ucs_to_cp932_rt[65536];

/* Is b a CP932 lead byte (0x81-0x9F, 0xE0-0xFC)? */
static inline bool kr_cp932_is_lead(unsigned char b)
{
    return (b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC);
}

/* Index of a lead byte in the double-byte tables: 0x81-0x9F -> 0-30, 0xE0-0xFC -> 31-59. */
static inline int kr_cp932_lead_index(unsigned char b)
{
    return b <= 0x9F ? b - 0x81 : b - 0xE0 + 31;
}

/* Reads one character of p (n > 0 bytes available). Returns its length in bytes (1 or 2;
 * 1 for an invalid byte), sets *cls and *ucs (the code point; 0 when there is none). */
size_t kr_cp932_next(const unsigned char *p, size_t n, uint32_t *ucs, kr_charclass *cls);
size_t kr_utf8_next(const unsigned char *p, size_t n, uint32_t *ucs, kr_charclass *cls);
/* Either, by encoding. */
size_t kr_text_next(kr_encoding enc, const unsigned char *p, size_t n, uint32_t *ucs,
                    kr_charclass *cls);

/* Appends the UTF-8 form of code point c. */
void kr_utf8_put(kr_buf *out, uint32_t c);

/* Decodes text for display: appends UTF-8 to out. 外字 appear as [外字F040] (CP932) or
 * [外字U+E000] (UTF-8); bytes that are not characters appear as \xNN. Never fails. */
void kr_text_display(kr_encoding enc, const unsigned char *p, size_t n, kr_buf *out);

/* ---- encoding ------------------------------------------------------------------------ */

/* Which of the NEC/IBM duplicate codes CP932 output uses (see docs/TEXT.md). */
typedef enum kr_dupform {
    KR_DUP_KEEP, /* CP932 to CP932: as the source wrote it; otherwise as KR_DUP_IBM */
    KR_DUP_IBM,  /* iconv's and Windows' choice: IBM extensions 0xFA40-0xFC4B */
    KR_DUP_NEC   /* NEC-selected IBM extensions 0xED40-0xEEFC where the character has one */
} kr_dupform;

/* The CP932 code of c: a byte (< 0x100) or lead << 8 | trail; -1 when c has no CP932 code
 * that decodes back to c (iconv's best-fit mappings, such as U+00A5 -> 0x5C, are refused). */
int kr_cp932_encode(uint32_t c, kr_dupform form);
/* The best-fit double-byte code for a character without a CP932 form, or 0: the IVS base
 * is handled by the caller; U+00A5 -> 0x818F (￥), U+203E -> 0x8150 (￣), U+301C -> 0x8160,
 * U+2212 -> 0x817C and the other iconv best-fit entries that land on a double-byte code. */
int kr_cp932_bestfit(uint32_t c);
/* Writes the UTF-8 form of c into out (4 bytes available); returns its length. */
size_t kr_utf8_encode(uint32_t c, unsigned char *out);
/* The full-width form of a half-width katakana or punctuation (U+FF61-U+FF9F), else 0. */
uint32_t kr_kana_full(uint32_t c);
/* Appends text (p, n bytes) with its width changed (width.c): to_full turns half-width
 * katakana (ｶﾞ as one ガ), ASCII letters, digits and signs and the blanks between words into
 * full-width forms; otherwise full-width katakana, ASCII forms and the full-width blank into
 * half-width ones (ガ as ｶﾞ). Trailing blanks are left out (the caller pads); every other
 * character is copied as it is. */
void kr_text_width(kr_encoding enc, bool to_full, const unsigned char *p, size_t n, kr_buf *out);
/* Is c a variation selector (U+FE00-U+FE0F, U+E0100-U+E01EF)? */
static inline bool kr_is_variation_selector(uint32_t c)
{
    return (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF);
}

/* ---- 外字 tables (layouts/gaiji/NAME.gaiji) ---------------------------------------------- */

/* A per-source mapping of 外字 (user-defined characters) to what they are. Keys are held as
 * private-use code points: CP932 0xF040-0xF9FC is U+E000-U+E757 in order, so one table serves
 * a source's CP932 and UTF-8 files. */
typedef struct kr_gaiji kr_gaiji;

typedef struct kr_gaiji_entry {
    uint32_t pua;        /* the 外字 as a private-use code point */
    uint32_t target[4];  /* what it is: one code point or a sequence (an IVS) */
    size_t n_target;
    char mj[12];         /* 文字情報基盤 id ("MJ028924"), or "" */
    char *comment;       /* the rest of the line, or NULL */
    int line;
} kr_gaiji_entry;

/* Parses a table; every mistake goes to diags with path:line:col. NULL when there is any. */
kr_gaiji *kr_gaiji_parse(const char *text, size_t len, const char *path, kr_diags *diags);
/* Loads NAME (layouts/gaiji/NAME.gaiji, searched like layouts) or a path. */
kr_gaiji *kr_gaiji_load(const char *name_or_path, kr_diags *diags);
void kr_gaiji_free(kr_gaiji *g);
const char *kr_gaiji_name(const kr_gaiji *g);
/* The entry for a 外字 (a private-use code point), or NULL when the table lacks it. */
const kr_gaiji_entry *kr_gaiji_lookup(const kr_gaiji *g, uint32_t pua);
/* The private-use code point of a CP932 外字 code (0xF040-0xF9FC), or 0. */
uint32_t kr_gaiji_pua_of_cp932(unsigned code);
/* Writes the 外字's source form for a listing: "F040" (CP932) or "U+E000" (UTF-8). */
void kr_gaiji_code_text(kr_encoding enc, const unsigned char *p, uint32_t pua, char out[16]);

/* Display with a table: a mapped 外字 shows as [外字F040→髙], an unmapped one as [外字F040]. */
void kr_text_display_gaiji(kr_encoding enc, const kr_gaiji *g, const unsigned char *p, size_t n,
                           kr_buf *out);

/* ---- converting the text of a field ----------------------------------------------------- */

typedef struct kr_transcode {
    kr_encoding from, to;
    kr_ftype to_type;       /* X, N or M: which characters the target takes and its padding */
    const kr_gaiji *gaiji;  /* NULL: 外字 keep their default code (F040 <-> U+E000) */
    kr_dupform dup;
    bool truncate;          /* cut text that does not fit at a character boundary */
    bool replace;           /* substitute characters that have no form in the target */
    const struct kr_fold *fold; /* NULL, or a folding profile applied to each character */
} kr_transcode;

typedef enum kr_tc_what {
    /* warnings: the text was written */
    KR_TC_CUT,             /* --truncate: the source from offset on did not fit */
    KR_TC_REPLACED,        /* --replace: the character at offset was substituted */
    KR_TC_GAIJI_UNMAPPED,  /* a 外字 not in the table (or no table) kept its default code */
    KR_TC_GAIJI_MAPPED,    /* a 外字 was written as what the table says it is */
    /* errors: nothing was written */
    KR_TC_INVALID,         /* not a character of the source encoding (or a control byte) */
    KR_TC_NO_FORM,         /* the target encoding or field type has no form for it */
    KR_TC_NO_FIT           /* the text is longer than the target field */
} kr_tc_what;

typedef struct kr_tc_note {
    kr_tc_what what;
    size_t offset, len;   /* the source bytes concerned, relative to the field */
    uint32_t ucs;         /* the character (or 外字 code point) concerned, 0 when none */
    size_t need;          /* KR_TC_NO_FIT and KR_TC_CUT: bytes the whole text needs */
    unsigned char with[8];/* KR_TC_REPLACED: the bytes written instead (target encoding) */
    size_t with_len;
} kr_tc_note;

typedef void (*kr_tc_notify)(void *ctx, const kr_tc_note *note);

/* Converts a text field's bytes (src, n) into a target field of width bytes at dst: trailing
 * padding (spaces, full-width spaces) dropped, characters re-encoded, 外字 mapped, then padded
 * for the target type (N with the full-width space, X and M with spaces). Warnings go to
 * notify; on an error, *err_note describes it and false is returned (dst is then undefined). */
bool kr_text_transcode(const kr_transcode *t, const unsigned char *src, size_t n,
                       unsigned char *dst, size_t width, kr_tc_notify notify, void *ctx,
                       kr_tc_note *err_note);
/* Fills a text field with its type's padding (the empty value). */
void kr_text_pad(kr_encoding enc, kr_ftype type, unsigned char *dst, size_t width);

/* ---- folding profiles (layouts/fold/PROFILE.fold) ---------------------------------------- */

/* The fold classes; kr_fold_text returns a set of these bits. */
enum {
    KR_FOLD_WIDTH = 1u << 0, /* half-width <-> full-width: ｻﾄｳ = サトウ, ｶﾞ = ガ, Ａ = A */
    KR_FOLD_KANA = 1u << 1,  /* hiragana -> katakana */
    KR_FOLD_SMALL = 1u << 2, /* small kana -> large: ァ = ア, ッ = ツ, ｮ = ﾖ (half-width stays so) */
    KR_FOLD_DASH = 1u << 3,  /* long-vowel and dash variants -> ー */
    KR_FOLD_SPACE = 1u << 4, /* spaces removed */
    KR_FOLD_IVS = 1u << 5,   /* variation selectors removed */
    KR_FOLD_GLYPH = 1u << 6, /* old/new glyph forms from the profile's table: 髙 -> 高 */
    KR_FOLD_ALL = (1u << 7) - 1
};

typedef struct kr_fold kr_fold;

/* Loads layouts/fold/PROFILE.fold (searched like layouts) or a path. err gets the first
 * mistake (and how many more); kr_fold_load_diags reports every one. */
kr_fold *kr_fold_load(const char *profile, kr_err *err);
kr_fold *kr_fold_load_diags(const char *profile, kr_diags *diags);
/* Parses a profile's text; every mistake goes to diags. include loads through the search. */
kr_fold *kr_fold_parse(const char *text, size_t len, const char *path, kr_diags *diags);
void kr_fold_free(kr_fold *f);
const char *kr_fold_name(const kr_fold *f);
/* The classes the profile applies. */
unsigned kr_fold_classes(const kr_fold *f);
/* Folds n code points into out (room for n; folding never lengthens text); sets *out_n.
 * Returns the classes that changed the text. in and out may not overlap. */
unsigned kr_fold_text(const kr_fold *f, const uint32_t *in, size_t n, uint32_t *out, size_t *out_n);
/* As kr_fold_text with only the classes in mask (intersected with the profile's). */
unsigned kr_fold_text_classes(const kr_fold *f, unsigned mask, const uint32_t *in, size_t n,
                              uint32_t *out, size_t *out_n);
/* Do a and b match under the profile? When they do, *needed is a smallest set of classes
 * that makes them equal (0 when they are equal as they stand). */
bool kr_fold_match(const kr_fold *f, const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                   unsigned *needed);
/* "width", "kana", "small", "dash", "space", "ivs", "glyph"; NULL for any other bit. */
const char *kr_fold_class_name(unsigned bit);
/* Writes the names of the bits in set, separated by '+' ("width+kana"), "none" for 0. */
void kr_fold_classes_text(unsigned set, kr_buf *out);

/* Decodes text into code points (out has room for n): 外字 of CP932 as U+E000..; a byte
 * that is no character as 0x110000 + the byte, a well-formed CP932 code that is no character
 * as 0x120000 + the code (markers beyond Unicode, which folding leaves alone and keys weigh
 * as such). Returns the count. Trailing padding is kept. */
size_t kr_text_decode(kr_encoding enc, const unsigned char *p, size_t n, uint32_t *out);

/* ---- character-aware keys for sort and match --------------------------------------------- */

typedef enum kr_collation { KR_COLL_CHAR, KR_COLL_KANA } kr_collation; /* by character; 50音 */

/* Bytes the key of field f takes (fixed per field, enough for any content of that field). */
size_t kr_textkey_width(const kr_layout *l, const kr_field *f, kr_collation c);
/* Writes exactly `width` bytes (>= kr_textkey_width) at out: a key that compares with memcmp
 * in character order, identical for the same text whether it came in CP932 or UTF-8
 * (NEC/IBM duplicates as one character, trailing padding - spaces and U+3000 - ignored,
 * zero-filled). fold may be NULL (no folding) or a loaded profile. */
void kr_textkey(const kr_layout *l, const kr_field *f, const unsigned char *rec, kr_collation c,
                const kr_fold *fold, unsigned char *out, size_t width);
/* The same for n bytes of text in an encoding (the key of a constant in a condition, say);
 * kr_textkey_width_bytes(n, c) is the width it needs. Keys of two texts are comparable when
 * written with the same width. */
size_t kr_textkey_width_bytes(size_t max_bytes, kr_collation c);
void kr_textkey_text(kr_encoding enc, const unsigned char *p, size_t n, kr_collation c,
                     const kr_fold *fold, unsigned char *out, size_t width);

#endif
