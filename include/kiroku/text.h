/* text.h: Japanese text at the character level: CP932 and UTF-8 decoding and character
 * classes. The CP932 tables are generated at build time from glibc iconv's "CP932" (see
 * tools/gen_cp932.c), so kiroku maps exactly as iconv does, by table lookup. */
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

/* Is b a CP932 lead byte (0x81-0x9F, 0xE0-0xFC)? */
static inline bool kr_cp932_is_lead(unsigned char b)
{
    return (b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC);
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

#endif
