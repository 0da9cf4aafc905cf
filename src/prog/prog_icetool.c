/* prog_icetool.c: the ICETOOL program's door: the step as it is (TOOLIN, TOOLMSG, DFSMSG,
 * xxxxCNTL and the operators' data sets) handed to src/icetool. */
#include "kiroku/icetool.h"
#include "prog.h"

int kr_prog_icetool(kr_step *s)
{
    return kr_icetool(s);
}
