/* hexbits.h: TRAN=HEX, UNHEX, BIT and UNBIT of one field (hexbits.c), for rebuild.c (private
 * to src/engine). */
#ifndef KIROKU_ENGINE_HEXBITS_H
#define KIROKU_ENGINE_HEXBITS_H

#include "kiroku/engine.h"

/* The kr_item.tran letters of the four. */
enum { KR_TRAN_HEX = 'X', KR_TRAN_UNHEX = 'x', KR_TRAN_BIT = 'B', KR_TRAN_UNBIT = 'b' };

bool kr_tran_is_hexbits(char tran);
/* The output length for an m-byte field; 0 when m is not a whole number of hex pairs (UNHEX)
 * or of 8-bit groups (UNBIT). */
size_t kr_hexbits_length(char tran, size_t m);
/* Writes kr_hexbits_length(tran, m) bytes at dst from the m bytes at src. HEX: each byte as
 * two digits 0-9A-F; BIT: as eight '0'/'1'; UNHEX and UNBIT the reverse. False with pb
 * (KRK2562E, rc 12, pb->offset the bad byte's place in the field) on a character that is not
 * a hex digit (0-9, A-F, a-f) or not 0/1: no byte is guessed; its value is named only with
 * show_bytes (a layout field that is not sensitive). */
bool kr_hexbits_apply(char tran, const unsigned char *src, size_t m, unsigned char *dst, bool show_bytes,
                      kr_problem *pb);

#endif
