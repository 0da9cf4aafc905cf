/* city_health.h: `kiroku city --with health` (city_health.c): the institutions' screening
 * results per city and the truth of results intake, written beside the city's files and
 * committed with them. */
#ifndef KIROKU_CITY_HEALTH_H
#define KIROKU_CITY_HEALTH_H

#include "city_private.h"

typedef struct city_health city_health;

/* Writes every city's DIR/cityNN/health/ files under temporary names; NULL with err when
 * one could not be written (nothing is left). */
city_health *city_health_write(const city_model *m, const kr_city_opts *o, kr_err *err);
/* Commits the files (commit) or removes them, and frees h; adds to st when given. */
bool city_health_finish(city_health *h, bool commit, kr_city_stats *st, kr_err *err);

#endif
