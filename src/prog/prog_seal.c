/* prog_seal.c: the SEAL and UNSEAL programs (EXEC PGM=SEAL|UNSEAL). SEAL encrypts SYSUT1
 * (its LAYOUT= gives the record count) into SYSUT2 and writes SYSUT2.slip; UNSEAL checks
 * SYSUT1 and its slip (SLIP DD, else SYSUT1.slip) and writes SYSUT2, or only verifies with
 * PARM VERIFY. PARM: KEY=file | KEYRING=dir | PASSFILE=file, KEYID=id, and for SEAL
 * DATASET=, SENDER=, RECEIVER=, CHUNK=. Roles and the audit log as `kiroku seal`. */
#include "kiroku/secure.h"
#include "prog.h"

#include <stdlib.h>
#include <string.h>

/* Copies of the PARM values the programs read (the parm is freed before the run). */
typedef struct seal_parm {
    char *key, *ring, *key_id, *pass, *dataset, *sender, *receiver;
    uint64_t chunk;
    bool verify;
} seal_parm;

static char *dup_or_null(const char *s)
{
    return s ? kr_xstrdup(s) : NULL;
}

static void seal_parm_free(seal_parm *sp)
{
    free(sp->key), free(sp->ring), free(sp->key_id), free(sp->pass);
    free(sp->dataset), free(sp->sender), free(sp->receiver);
}

static bool read_parm(kr_step *s, bool sealing, seal_parm *sp, kr_err *err)
{
    memset(sp, 0, sizeof *sp);
    kr_parm p;
    if (!kr_parm_parse(s->parm, &p, err))
        return false;
    sp->key = dup_or_null(kr_parm_get(&p, "KEY"));
    sp->ring = dup_or_null(kr_parm_get(&p, "KEYRING"));
    sp->key_id = dup_or_null(kr_parm_get(&p, "KEYID"));
    sp->pass = dup_or_null(kr_parm_get(&p, "PASSFILE"));
    bool ok = true;
    if (sealing) {
        sp->dataset = dup_or_null(kr_parm_get(&p, "DATASET"));
        sp->sender = dup_or_null(kr_parm_get(&p, "SENDER"));
        sp->receiver = dup_or_null(kr_parm_get(&p, "RECEIVER"));
        ok = kr_parm_count(&p, "CHUNK", 16, 16u << 20, &sp->chunk, err);
    } else {
        sp->verify = kr_parm_flag(&p, "VERIFY");
    }
    ok = ok && kr_parm_all_used(&p, sealing ? "SEAL" : "UNSEAL", err);
    kr_parm_free(&p);
    return ok;
}

int kr_prog_seal(kr_step *s)
{
    kr_err err;
    seal_parm sp;
    if (!read_parm(s, true, &sp, &err)) {
        seal_parm_free(&sp);
        return kr_prog_fail(s, &err);
    }
    const char *in = kr_step_dd_path(s, "SYSUT1", &err);
    const char *out = in ? kr_step_dd_path(s, "SYSUT2", &err) : NULL;
    kr_layout *l = out ? kr_step_dd_layout(s, kr_step_dd(s, "SYSUT1"), &err) : NULL;
    if (!out || (!l && err.rc)) {
        seal_parm_free(&sp);
        return kr_prog_fail(s, &err);
    }
    kr_key_choice kc = {sp.key, sp.ring, sp.key_id, sp.pass};
    kr_seal_opts o = {in, out, NULL, l ? l->name : NULL,
                      l ? l->length + kr_terminator_len(l->terminator) : 0, (uint32_t)sp.chunk,
                      {sp.dataset, sp.sender, sp.receiver, NULL}};
    int rc = kr_seal_guarded(&kc, &o, s->sysout, s->msg);
    kr_layout_free(l);
    seal_parm_free(&sp);
    return rc;
}

int kr_prog_unseal(kr_step *s)
{
    kr_err err;
    seal_parm sp;
    if (!read_parm(s, false, &sp, &err)) {
        seal_parm_free(&sp);
        return kr_prog_fail(s, &err);
    }
    const char *in = kr_step_dd_path(s, "SYSUT1", &err);
    const char *out = in && !sp.verify ? kr_step_dd_path(s, "SYSUT2", &err) : NULL;
    if (!in || (!sp.verify && !out)) {
        seal_parm_free(&sp);
        return kr_prog_fail(s, &err);
    }
    const char *slip = kr_step_dd(s, "SLIP") ? kr_step_dd_path(s, "SLIP", &err) : NULL;
    kr_key_choice kc = {sp.key, sp.ring, sp.key_id, sp.pass};
    kr_unseal_opts o = {in, slip, out, NULL};
    int rc = kr_unseal_guarded(&kc, &o, s->sysout, s->msg);
    seal_parm_free(&sp);
    return rc;
}
