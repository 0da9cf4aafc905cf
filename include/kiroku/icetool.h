/* icetool.h: the ICETOOL program (what `kiroku icetool` and `EXEC PGM=ICETOOL` run): DFSORT's
 * multi-purpose utility. Its operators (TOOLIN) each call the SORT program with statements
 * built from the operator and its USING(xxxx) data set xxxxCNTL, then count, select or list
 * what SORT wrote. See docs/ICETOOL.md. */
#ifndef KIROKU_ICETOOL_H
#define KIROKU_ICETOOL_H

#include "kiroku/program.h"

/* Runs the operators of DD TOOLIN; messages to TOOLMSG (a file DD, else the step's SYSOUT),
 * the SORT calls' listings to DFSMSG (likewise). Returns the highest operation's return
 * code (0, 4, 8, 12, 16). */
int kr_icetool(kr_step *s);

#endif
