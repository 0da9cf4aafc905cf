/* table.c: the programs a job step can run (EXEC PGM=) and the door they share. */
#include "prog.h"

#include <stdarg.h>
#include <string.h>
#include <strings.h>

const kr_program kr_programs[] = {
    {"SORT", "sort, merge, copy and join records under DFSORT control statements (SYSIN)", kr_prog_sort},
    {"ICETOOL", "DFSORT's utility: COPY, SORT, COUNT, SELECT, UNIQUE, STATS, RANGE, OCCUR, DISPLAY, SUBSET, DATASORT, RESIZE",
     kr_prog_icetool},
    {"VERIFY", "check every record of SYSUT1 against its layout", kr_prog_verify},
    {"CONVERT", "rewrite SYSUT1 as SYSUT2 in another layout or encoding", kr_prog_convert},
    {"LEDGER", "keyed masters: PARM=UPDATE, LOAD, APPLY, UNLOAD or VERIFY", kr_prog_ledger},
    {"GENERATE", "write valid sample records to SYSUT2", kr_prog_generate},
    {"IEBGENER", "copy SYSUT1 to SYSUT2", kr_prog_iebgener},
    {"IEBCOMPR", "compare SYSUT1 with SYSUT2 byte for byte (rc 8 when they differ)", kr_prog_iebcompr},
    {"IEFBR14", "do nothing: the step's DISP= does the work", kr_prog_iefbr14},
    {"IDCAMS", "define and delete GDG bases and data sets, list the catalog (SYSIN)", kr_prog_idcams},
    {"KRSETRC", "end with the return code or abend PARM names (RC=n, ABEND=Unnnn|Sxxx, WAIT=n)", kr_prog_krsetrc},
    {"SEAL", "encrypt SYSUT1 into SYSUT2 (KRS1) with its hand-over slip; PARM KEY=|KEYRING=|PASSFILE=", kr_prog_seal},
    {"UNSEAL", "check and decrypt SYSUT1 into SYSUT2 (or PARM VERIFY); the slip must match", kr_prog_unseal},
    {"PURGE", "remove ledger records past a retention rule (SYSIN) on PARM RUNDATE=; sealed into SYSUT2", kr_prog_purge},
    {NULL, NULL, NULL},
};

const kr_program *kr_program_find(const char *name)
{
    for (const kr_program *p = kr_programs; p->name; p++)
        if (strcasecmp(p->name, name) == 0)
            return p;
    return NULL;
}

int kr_program_run(kr_step *step)
{
    const kr_program *p = kr_program_find(step->program);
    if (!p)
        return kr_prog_fail_text(step, KR_RC_ENV, "KRK1201E", "step %s: no program is called %s", step->name,
                                 step->program);
    return p->run(step);
}

int kr_prog_fail(kr_step *s, const kr_err *err)
{
    fprintf(s->msg, "%s\n", err->text);
    return err->rc;
}

int kr_prog_fail_text(kr_step *s, int rc, const char *id, const char *fmt, ...)
{
    kr_err err;
    va_list ap;
    va_start(ap, fmt);
    kr_vfail(&err, rc, id, fmt, ap);
    va_end(ap);
    return kr_prog_fail(s, &err);
}

kr_gaiji *kr_prog_load_gaiji(kr_step *s, const char *name)
{
    kr_diags d;
    kr_diags_init(&d);
    kr_gaiji *g = kr_gaiji_load(name, &d);
    kr_diags_print(&d, s->msg);
    kr_diags_free(&d);
    return g;
}

kr_layout *kr_prog_load_layout(kr_step *s, const char *name)
{
    kr_diags d;
    kr_diags_init(&d);
    kr_layout *l = kr_layout_load(name, &d);
    kr_diags_print(&d, s->msg);
    kr_diags_free(&d);
    return l;
}
