/* audit.c: appending to the audit log. The state file holds the next entry's number, its key,
 * the last tag, the current segment and its length, in two alternating checksummed slots, so
 * that a crash leaves one whole state; an entry written but not yet in the state is taken up
 * (after its tag verified) and a torn one removed on the next append: whole or absent. */
#include "secure/audit_private.h"
#include "secure/crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SLOT_BYTES 512
#define DEFAULT_SEGMENT (64u << 20)

typedef struct audit_state {
    uint64_t seq, segment, log_bytes;
    unsigned char key[KR_KEY_BYTES];
    unsigned char prev[KR_DIGEST_BYTES];
} audit_state;

struct kr_audit {
    char *dir;
    char *job;
    char user[96];
    int lock_fd, state_fd;
    uint64_t segment_bytes;
    uint64_t head_seq;
    unsigned char head_tag[KR_DIGEST_BYTES];
};

const char *kr_audit_default_dir(void)
{
    const char *env = getenv("KIROKU_AUDIT");
    if (env && *env)
        return env;
    struct stat st;
    if (stat("/var/lib/kiroku/audit/state", &st) == 0)
        return "/var/lib/kiroku/audit";
    return NULL;
}

static bool name_ok(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
            return false;
    return true;
}

/* ---- the state slots -------------------------------------------------------------- */

static void slot_text(const audit_state *st, char out[SLOT_BYTES], kr_err *err)
{
    char key[2 * KR_KEY_BYTES + 1], prev[2 * KR_DIGEST_BYTES + 1], check[2 * KR_DIGEST_BYTES + 1];
    unsigned char sum[KR_DIGEST_BYTES];
    kr_hex(st->key, KR_KEY_BYTES, key);
    kr_hex(st->prev, KR_DIGEST_BYTES, prev);
    memset(out, 0, SLOT_BYTES);
    int n = snprintf(out, SLOT_BYTES, "kiroku-audit-state-v1 %llu %llu %llu %s %s", (unsigned long long)st->seq,
                     (unsigned long long)st->segment, (unsigned long long)st->log_bytes, key, prev);
    kr_sha256(out, (size_t)n, sum, err);
    kr_hex(sum, KR_DIGEST_BYTES, check);
    snprintf(out + n, SLOT_BYTES - (size_t)n, " %s\n", check);
    kr_wipe(key, sizeof key);
}

static bool slot_parse(const char *text, audit_state *st)
{
    char key[66], prev[66], check[66];
    unsigned long long seq, seg, lb;
    int used = 0;
    if (sscanf(text, "kiroku-audit-state-v1 %llu %llu %llu %65s %65s%n", &seq, &seg, &lb, key, prev, &used) != 5)
        return false;
    unsigned char sum[KR_DIGEST_BYTES], want[KR_DIGEST_BYTES];
    kr_err ignored;
    bool ok = sscanf(text + used, " %65s", check) == 1 && kr_unhex(check, want, KR_DIGEST_BYTES) &&
              kr_sha256(text, (size_t)used, sum, &ignored) && memcmp(sum, want, KR_DIGEST_BYTES) == 0 &&
              kr_unhex(key, st->key, KR_KEY_BYTES) && kr_unhex(prev, st->prev, KR_DIGEST_BYTES) && seq >= 1 &&
              seg >= 1;
    st->seq = seq;
    st->segment = seg;
    st->log_bytes = lb;
    kr_wipe(key, sizeof key);
    return ok;
}

static bool state_load(int fd, const char *dir, audit_state *st, kr_err *err)
{
    char slots[2][SLOT_BYTES + 1];
    audit_state s[2];
    bool valid[2];
    for (int i = 0; i < 2; i++) {
        ssize_t n = pread(fd, slots[i], SLOT_BYTES, (off_t)i * SLOT_BYTES);
        slots[i][n > 0 ? n : 0] = '\0';
        valid[i] = n > 0 && slot_parse(slots[i], &s[i]);
    }
    kr_wipe(slots, sizeof slots);
    if (!valid[0] && !valid[1])
        return kr_fail(err, KR_RC_FAIL, "KRK1535E", "%s/state: no valid state slot; the log cannot go on", dir);
    int pick = !valid[0] ? 1 : !valid[1] ? 0 : s[1].seq > s[0].seq ? 1 : 0;
    *st = s[pick];
    kr_wipe(s, sizeof s);
    return true;
}

static bool state_store(int fd, const char *dir, const audit_state *st, kr_err *err)
{
    char text[SLOT_BYTES];
    slot_text(st, text, err);
    off_t at = (off_t)(st->seq % 2) * SLOT_BYTES;
    bool ok = pwrite(fd, text, SLOT_BYTES, at) == SLOT_BYTES && fdatasync(fd) == 0;
    kr_wipe(text, sizeof text);
    if (!ok)
        return kr_fail(err, KR_RC_FAIL, "KRK1536E", "%s/state: cannot write: %s", dir, strerror(errno));
    /* Forget the key before this one (forward security); it reaches the disk with the next sync. */
    static const char zeros[SLOT_BYTES];
    if (pwrite(fd, zeros, SLOT_BYTES, (off_t)((st->seq + 1) % 2) * SLOT_BYTES) != SLOT_BYTES)
        return kr_fail(err, KR_RC_FAIL, "KRK1536E", "%s/state: cannot write: %s", dir, strerror(errno));
    return true;
}

/* ---- init and open ------------------------------------------------------------------ */

static bool write_new_file(const char *path, const char *text, mode_t mode, kr_err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0)
        return kr_fail(err, KR_RC_ENV, "KRK1530E", "%s: cannot create: %s", path, strerror(errno));
    size_t n = strlen(text);
    bool ok = write(fd, text, n) == (ssize_t)n && fsync(fd) == 0;
    int e = errno;
    close(fd);
    if (!ok) {
        unlink(path);
        return kr_fail(err, KR_RC_FAIL, "KRK1530E", "%s: cannot write: %s", path, strerror(e));
    }
    return true;
}

bool kr_audit_init(const char *dir, const char *verify_key, kr_err *err)
{
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return kr_fail(err, KR_RC_ENV, "KRK1530E", "%s: cannot create the audit directory: %s", dir, strerror(errno));
    char *state_path = kr_xasprintf("%s/state", dir);
    if (access(state_path, F_OK) == 0) {
        kr_fail(err, KR_RC_ENV, "KRK1530E", "%s: already holds an audit log; a log is never begun again", dir);
        free(state_path);
        return false;
    }
    audit_state st = {.seq = 1, .segment = 1, .log_bytes = 0};
    char hex[2 * KR_KEY_BYTES + 1];
    bool ok = kr_random(st.key, KR_KEY_BYTES, err);
    if (ok) {
        kr_hex(st.key, KR_KEY_BYTES, hex);
        char *line = kr_xasprintf("kiroku-audit-key-v1 %s\n", hex);
        ok = write_new_file(verify_key, line, 0600, err);
        kr_wipe(line, strlen(line));
        free(line);
    }
    char *seg = audit_segment_path(dir, 1);
    if (ok)
        ok = write_new_file(seg, "", 0640, err);
    if (ok) {
        int fd = open(state_path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        ok = fd >= 0 ? state_store(fd, dir, &st, err) && fsync(fd) == 0
                     : kr_fail(err, KR_RC_ENV, "KRK1530E", "%s: cannot create: %s", state_path, strerror(errno));
        if (fd >= 0)
            close(fd);
    }
    kr_wipe(&st, sizeof st);
    kr_wipe(hex, sizeof hex);
    free(seg);
    free(state_path);
    if (!ok)
        return false;
    kr_audit *log = kr_audit_open(dir, NULL, err);
    if (!log)
        return false;
    kr_audit_field f[] = {{"program", "kiroku audit init"}};
    ok = kr_audit_append(log, "audit-init", f, 1, err);
    kr_audit_close(log);
    return ok;
}

kr_audit *kr_audit_open(const char *dir, const char *job, kr_err *err)
{
    kr_audit *log = kr_xcalloc(1, sizeof *log);
    log->dir = kr_xstrdup(dir);
    const char *env_job = getenv("KIROKU_JOB");
    log->job = kr_xstrdup(job ? job : env_job && *env_job ? env_job : "-");
    log->segment_bytes = DEFAULT_SEGMENT;
    log->lock_fd = log->state_fd = -1;
    kr_user_name(log->user, sizeof log->user);
    char *state_path = kr_xasprintf("%s/state", dir), *lock_path = kr_xasprintf("%s/lock", dir);
    log->state_fd = open(state_path, O_RDWR | O_CLOEXEC);
    if (log->state_fd < 0)
        kr_fail(err, KR_RC_ENV, "KRK1531E", "%s: cannot open the audit log's state: %s (create a log with 'kiroku audit init')",
                state_path, strerror(errno));
    else if ((log->lock_fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0)
        kr_fail(err, KR_RC_ENV, "KRK1531E", "%s: cannot open: %s", lock_path, strerror(errno));
    free(state_path);
    free(lock_path);
    if (log->lock_fd < 0) {
        kr_audit_close(log);
        return NULL;
    }
    audit_state st;
    if (!state_load(log->state_fd, dir, &st, err)) {
        kr_audit_close(log);
        return NULL;
    }
    log->head_seq = st.seq - 1;
    memcpy(log->head_tag, st.prev, KR_DIGEST_BYTES);
    kr_wipe(&st, sizeof st);
    return log;
}

void kr_audit_set_segment_bytes(kr_audit *log, uint64_t bytes)
{
    log->segment_bytes = bytes ? bytes : DEFAULT_SEGMENT;
}

void kr_audit_close(kr_audit *log)
{
    if (!log)
        return;
    if (log->state_fd >= 0) {
        fdatasync(log->state_fd);
        close(log->state_fd);
    }
    if (log->lock_fd >= 0)
        close(log->lock_fd);
    free(log->dir);
    free(log->job);
    free(log);
}

void kr_audit_head(const kr_audit *log, char out[KR_AUDIT_HEAD_MAX])
{
    char hex[2 * KR_DIGEST_BYTES + 1];
    kr_hex(log->head_tag, KR_DIGEST_BYTES, hex);
    snprintf(out, KR_AUDIT_HEAD_MAX, "%llu:%s", (unsigned long long)log->head_seq, hex);
}

/* ---- append ------------------------------------------------------------------------ */

/* Brings the state up to the segment's end after a crash (see the top of the file). */
static bool recover(kr_audit *log, int fd, const char *seg, audit_state *st, kr_err *err)
{
    struct stat sb;
    if (fstat(fd, &sb) != 0)
        return kr_fail(err, KR_RC_FAIL, "KRK1536E", "%s: %s", seg, strerror(errno));
    uint64_t size = (uint64_t)sb.st_size;
    if (size == st->log_bytes)
        return true;
    if (size < st->log_bytes)
        return kr_fail(err, KR_RC_FAIL, "KRK1535E",
                       "%s: %llu bytes where the log's state says %llu: entries were removed; nothing appended "
                       "(run 'kiroku audit verify')",
                       seg, (unsigned long long)size, (unsigned long long)st->log_bytes);
    size_t n = (size_t)(size - st->log_bytes);
    char *tail = kr_xmalloc(n + 1);
    bool ok = pread(fd, tail, n, (off_t)st->log_bytes) == (ssize_t)n;
    tail[ok ? n : 0] = '\0';
    char *nl = ok ? memchr(tail, '\n', n) : NULL;
    if (ok && !nl) { /* a torn entry that was never acknowledged: it goes */
        ok = ftruncate(fd, (off_t)st->log_bytes) == 0;
        free(tail);
        return ok ? true : kr_fail(err, KR_RC_FAIL, "KRK1536E", "%s: %s", seg, strerror(errno));
    }
    audit_entry e = {0};
    unsigned char tag[KR_DIGEST_BYTES];
    ok = ok && nl == tail + n - 1 && audit_entry_parse(tail, n - 1, &e) && e.seq == st->seq &&
         memcmp(e.prev, st->prev, KR_DIGEST_BYTES) == 0 && kr_hmac_sha256(st->key, tail, e.signed_len, tag, err) &&
         kr_same_bytes(tag, e.tag, KR_DIGEST_BYTES);
    if (ok) { /* written, fsynced, then the state was not: take it up */
        memcpy(st->prev, e.tag, KR_DIGEST_BYTES);
        ok = audit_key_evolve(st->key, err);
        st->seq++;
        st->log_bytes = size;
        ok = ok && state_store(log->state_fd, log->dir, st, err);
    } else {
        kr_fail(err, KR_RC_FAIL, "KRK1535E",
                "%s: %llu bytes after the last entry the state knows are not the next entry; nothing "
                "appended (run 'kiroku audit verify')",
                seg, (unsigned long long)n);
    }
    audit_entry_free(&e);
    free(tail);
    return ok;
}

static int open_segment(kr_audit *log, audit_state *st, char **path, kr_err *err)
{
    for (;;) {
        *path = audit_segment_path(log->dir, st->segment);
        int fd = open(*path, O_RDWR | O_APPEND | O_CLOEXEC | (st->log_bytes == 0 ? O_CREAT : 0), 0640);
        if (fd < 0) {
            kr_fail(err, KR_RC_FAIL, "KRK1536E", "%s: cannot open: %s", *path, strerror(errno));
            return -1;
        }
        if (!recover(log, fd, *path, st, err)) {
            close(fd);
            return -1;
        }
        if (st->log_bytes < log->segment_bytes)
            return fd;
        /* Rotation: the next segment continues the chain. */
        close(fd);
        free(*path);
        st->segment++;
        st->log_bytes = 0;
    }
}

bool kr_audit_append(kr_audit *log, const char *event, const kr_audit_field *fields, size_t n, kr_err *err)
{
    if (!name_ok(event))
        return kr_fail(err, KR_RC_ENV, "KRK1532E", "audit event '%s': use a-z, 0-9, - and _", event);
    for (size_t i = 0; i < n; i++)
        if (!name_ok(fields[i].name))
            return kr_fail(err, KR_RC_ENV, "KRK1532E", "audit field '%s': use a-z, 0-9, - and _", fields[i].name);
    if (n > AUDIT_MAX_COLS - COL_FIELDS - 1)
        return kr_fail(err, KR_RC_ENV, "KRK1532E", "an audit entry holds at most %d fields",
                       AUDIT_MAX_COLS - COL_FIELDS - 1);
    if (flock(log->lock_fd, LOCK_EX) != 0)
        return kr_fail(err, KR_RC_FAIL, "KRK1536E", "%s/lock: %s", log->dir, strerror(errno));
    audit_state st;
    char *seg = NULL;
    kr_buf line;
    kr_buf_init(&line);
    bool ok = false;
    int fd = -1;
    if (!state_load(log->state_fd, log->dir, &st, err) || (fd = open_segment(log, &st, &seg, err)) < 0)
        goto done;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char when[64], prev[2 * KR_DIGEST_BYTES + 1], tag_hex[2 * KR_DIGEST_BYTES + 1];
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
    kr_hex(st.prev, KR_DIGEST_BYTES, prev);
    kr_buf_addf(&line, "%llu\t%s.%06ldZ\t%s\t", (unsigned long long)st.seq, when, ts.tv_nsec / 1000, event);
    audit_escape(&line, log->user);
    kr_buf_addc(&line, '\t');
    audit_escape(&line, log->job);
    kr_buf_addf(&line, "\t%s\t", prev);
    for (size_t i = 0; i < n; i++) {
        kr_buf_addf(&line, "%s=", fields[i].name);
        audit_escape(&line, fields[i].value ? fields[i].value : "");
        kr_buf_addc(&line, '\t');
    }
    unsigned char tag[KR_DIGEST_BYTES];
    if (!kr_hmac_sha256(st.key, line.data, line.len, tag, err))
        goto done;
    kr_hex(tag, KR_DIGEST_BYTES, tag_hex);
    kr_buf_addf(&line, "%s\n", tag_hex);
    if (write(fd, line.data, line.len) != (ssize_t)line.len || fdatasync(fd) != 0) {
        kr_fail(err, KR_RC_FAIL, "KRK1536E", "%s: cannot append: %s", seg, strerror(errno));
        if (ftruncate(fd, (off_t)st.log_bytes) != 0) { /* the next append removes it anyway */
        }
        goto done;
    }
    memcpy(st.prev, tag, KR_DIGEST_BYTES);
    if (!audit_key_evolve(st.key, err))
        goto done;
    st.seq++;
    st.log_bytes += line.len;
    if (!state_store(log->state_fd, log->dir, &st, err))
        goto done;
    log->head_seq = st.seq - 1;
    memcpy(log->head_tag, tag, KR_DIGEST_BYTES);
    ok = true;
done:
    if (fd >= 0)
        close(fd);
    free(seg);
    kr_buf_free(&line);
    kr_wipe(&st, sizeof st);
    flock(log->lock_fd, LOCK_UN);
    return ok;
}
