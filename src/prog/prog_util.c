/* prog_util.c: the utility programs of a job stream: IEFBR14 (does nothing; its DDs'
 * dispositions do the work), IEBGENER (copies SYSUT1, a data set or a concatenation, to
 * SYSUT2; records checked when SYSUT1 has a layout or LRECL) and KRSETRC (ends with the
 * return code or the abend its PARM names: RC=n, ABEND=Unnnn or ABEND=Sxxx, after WAIT=n
 * seconds; for tests and operators' dry runs). */
#include "kiroku/recio.h"
#include "prog.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int kr_prog_iefbr14(kr_step *s)
{
    (void)s;
    return KR_RC_OK;
}

/* Copies one input file as bytes; 0 or the errno of the failure. */
static int copy_bytes(const char *path, kr_writer *w, kr_err *err)
{
    int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        kr_fail(err, KR_RC_ENV, "KRK1211E", "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    static const size_t block = 1u << 20;
    unsigned char *buf = kr_xmalloc(block);
    int rc = 0;
    for (;;) {
        ssize_t n = read(fd, buf, block);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            kr_fail(err, KR_RC_FAIL, "KRK1211E", "%s: read error: %s", path, strerror(errno));
            rc = -1;
            break;
        }
        if (n == 0)
            break;
        if (!kr_writer_write(w, buf, (size_t)n, err)) {
            rc = -1;
            break;
        }
    }
    free(buf);
    if (fd != STDIN_FILENO)
        close(fd);
    return rc;
}

int kr_prog_iebgener(kr_step *s)
{
    kr_err err;
    kr_parm p;
    if (!kr_parm_parse(s->parm, &p, &err))
        return kr_prog_fail(s, &err);
    bool ok = kr_parm_all_used(&p, "IEBGENER", &err);
    kr_parm_free(&p);
    if (!ok)
        return kr_prog_fail(s, &err);
    kr_buf sysin;
    kr_buf_init(&sysin);
    const char *name;
    if (kr_step_dd(s, "SYSIN")) {
        ok = kr_step_dd_text(s, "SYSIN", &sysin, &name, &err);
        for (size_t i = 0; ok && i < sysin.len; i++)
            if (!isspace((unsigned char)sysin.data[i]))
                ok = kr_fail(&err, KR_RC_ENV, "KRK1207E",
                             "%s: IEBGENER's editing statements are not supported; give SYSIN DUMMY (a plain copy) "
                             "and reformat with SORT's OUTREC",
                             name);
    }
    kr_buf_free(&sysin);
    if (!ok)
        return kr_prog_fail(s, &err);
    const kr_dd_bind *in = kr_step_dd(s, "SYSUT1");
    const char *out = kr_step_dd_path(s, "SYSUT2", &err);
    if (!in)
        kr_step_dd_path(s, "SYSUT1", &err);
    if (!in || !out)
        return kr_prog_fail(s, &err);
    kr_layout *l = kr_step_dd_layout(s, in, &err);
    if (!l && err.rc)
        return err.rc;
    size_t lrecl = l ? l->length : in->lrecl;
    kr_terminator term = l ? l->terminator : in->terminator;
    kr_writer *w = kr_writer_open(out, lrecl ? lrecl : 1, term, &err);
    uint64_t records = 0;
    ok = w != NULL;
    if (ok && in->text && !in->dummy) {
        /* SYSUT1 DD *: the in-stream lines themselves (a notice, a control card file). */
        ok = kr_writer_write(w, in->text, in->text_len, &err);
        for (size_t k = 0; k < in->text_len; k++)
            records += in->text[k] == '\n';
        if (!lrecl)
            lrecl = 1; /* counted as lines */
    }
    for (size_t i = 0; ok && !in->dummy && i < in->n_paths; i++) {
        if (!lrecl) {
            ok = copy_bytes(in->paths[i], w, &err) == 0;
            continue;
        }
        kr_reader *r = kr_reader_open(in->paths[i], lrecl, term, &err);
        const unsigned char *rec;
        int got = r ? 1 : -1;
        while (r && (got = kr_reader_next(r, &rec, &err)) == 1) {
            if (s->cancel && *s->cancel) {
                got = -1;
                kr_fail(&err, KR_RC_FAIL, "KRK1212E", "step %s: cancelled; SYSUT2 is not written", s->name);
                break;
            }
            if (!kr_writer_put(w, rec, &err)) {
                got = -1;
                break;
            }
            records++;
        }
        kr_reader_close(r);
        ok = got == 0;
        /* A malformed input stops the copy: the step could not finish. */
        if (!ok && err.rc < KR_RC_FAIL)
            err.rc = KR_RC_FAIL;
    }
    if (ok)
        ok = kr_writer_commit(w, &err);
    else
        kr_writer_abort(w);
    kr_layout_free(l);
    if (!ok)
        return kr_prog_fail(s, &err);
    if (lrecl)
        fprintf(s->sysout, "KRK1210I IEBGENER: %llu record%s copied from SYSUT1 to SYSUT2\n",
                (unsigned long long)records, records == 1 ? "" : "s");
    else
        fprintf(s->sysout, "KRK1210I IEBGENER: SYSUT1 copied to SYSUT2 as bytes (no layout or LRECL)\n");
    return KR_RC_OK;
}

int kr_prog_iebcompr(kr_step *s)
{
    kr_err err;
    const char *a = kr_step_dd_path(s, "SYSUT1", &err);
    const char *b = a ? kr_step_dd_path(s, "SYSUT2", &err) : NULL;
    if (!b)
        return kr_prog_fail(s, &err);
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    if (!fa || !fb) {
        int rc = kr_prog_fail_text(s, KR_RC_ENV, "KRK1211E", "%s: cannot open: %s", !fa ? a : b, strerror(errno));
        if (fa)
            fclose(fa);
        if (fb)
            fclose(fb);
        return rc;
    }
    uint64_t off = 0;
    int ca, cb;
    do {
        ca = getc(fa);
        cb = getc(fb);
        off++;
    } while (ca == cb && ca != EOF);
    bool read_error = ferror(fa) || ferror(fb);
    fclose(fa);
    fclose(fb);
    if (read_error)
        return kr_prog_fail_text(s, KR_RC_FAIL, "KRK1211E", "step %s: read error comparing SYSUT1 and SYSUT2", s->name);
    if (ca == cb) {
        fprintf(s->sysout, "KRK1214I IEBCOMPR: SYSUT1 and SYSUT2 are equal, %llu bytes\n", (unsigned long long)(off - 1));
        return KR_RC_OK;
    }
    fprintf(s->sysout, "KRK1215W IEBCOMPR: SYSUT1 and SYSUT2 differ at byte %llu (file offset %llu)%s\n",
            (unsigned long long)off, (unsigned long long)(off - 1),
            ca == EOF || cb == EOF ? (ca == EOF ? ": SYSUT1 is shorter" : ": SYSUT2 is shorter") : "");
    return KR_RC_REJECT;
}

/* ABEND=Unnnn (a user abend, decimal 0-4095) or Sxxx (a system abend, hexadecimal). */
static bool abend_code(const char *v)
{
    size_t n = strlen(v);
    if (n == 5 && (v[0] == 'U' || v[0] == 'u')) {
        for (size_t i = 1; i < 5; i++)
            if (!isdigit((unsigned char)v[i]))
                return false;
        return atoi(v + 1) <= 4095;
    }
    if (n == 4 && (v[0] == 'S' || v[0] == 's')) {
        for (size_t i = 1; i < 4; i++)
            if (!isxdigit((unsigned char)v[i]))
                return false;
        return true;
    }
    return false;
}

int kr_prog_krsetrc(kr_step *s)
{
    kr_err err;
    kr_parm p;
    if (!kr_parm_parse(s->parm, &p, &err))
        return kr_prog_fail(s, &err);
    uint64_t rc = 0, wait = 0;
    const char *abend = kr_parm_get(&p, "ABEND");
    bool ok = kr_parm_count(&p, "RC", 0, 4095, &rc, &err) && kr_parm_count(&p, "WAIT", 0, 3600, &wait, &err) &&
              kr_parm_all_used(&p, "KRSETRC", &err);
    /* WAIT=n: a step that takes n seconds (dry runs, tests of the enqueue); a signal ends it. */
    for (uint64_t t = 0; ok && t < wait * 10 && !(s->cancel && *s->cancel); t++)
        usleep(100000);
    if (ok && abend && !abend_code(abend))
        ok = kr_fail(&err, KR_RC_ENV, "KRK1205E", "PARM ABEND='%s': give Unnnn (0000-4095) or Sxxx (hexadecimal)",
                     abend);
    if (ok && abend) {
        for (size_t i = 0; i < 5 && abend[i]; i++)
            s->abend[i] = (char)toupper((unsigned char)abend[i]);
        s->abend[5] = '\0';
        fprintf(s->msg, "KRK1213I step %s: KRSETRC ends abnormally with %s as PARM asks\n", s->name, s->abend);
    }
    kr_parm_free(&p);
    if (!ok)
        return kr_prog_fail(s, &err);
    return (int)rc;
}
