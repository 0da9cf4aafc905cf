/* city_yobo.h: the vaccination part of `kiroku city --with health` (city_yobo.c). */
#ifndef KIROKU_CITY_YOBO_H
#define KIROKU_CITY_YOBO_H

#include "city_hout.h"

/* Writes DIR/yobo_rireki.dat, yobo_yoshinhyo.dat (layout yobo) and truth_yobo_shogo.dat
 * (layout shogo) of one city into g; adds the records to take in to *taken_in. */
bool city_yobo_write_city(hout_group *g, const kr_layout *yobo, const kr_layout *shogo, const city_model *m,
                          uint64_t seed, unsigned city, const char *dir, uint64_t *taken_in, kr_err *err);

#endif
