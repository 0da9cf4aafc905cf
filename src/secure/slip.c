/* slip.c: the hand-over slip (受渡票) beside each sealed file: a text an operator can read,
 * one "name: value" per line, closed by an HMAC under a key derived from the seal's key and
 * salt; UNSEAL checks it against the sealed file's authenticated header. */
#include "secure/crypto.h"
#include "secure/seal_private.h"

#include <string.h>
#include <time.h>

#define SLIP_MAGIC "kiroku-slip-v1 受渡票\n"

/* A slip value: printable, no line break, at most 200 bytes. */
static bool value_ok(const char *v)
{
    size_t n = strlen(v);
    if (n > 200)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
            return false;
    return true;
}

char *slip_text(const kr_seal_info *in, const char *file, const kr_slip_fields *f, const seal_keys *k,
                kr_err *err)
{
    const char *values[] = {file, f->dataset, f->sender, f->receiver, f->audit_head};
    for (size_t i = 0; i < sizeof values / sizeof *values; i++)
        if (values[i] && !value_ok(values[i])) {
            kr_fail(err, KR_RC_ENV, "KRK1511E",
                    "a slip value holds a control character or is longer than 200 bytes: '%s'", values[i]);
            return NULL;
        }
    char date[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    char sha[2 * KR_DIGEST_BYTES + 1], hmac[2 * KR_DIGEST_BYTES + 1];
    kr_hex(in->sha256, KR_DIGEST_BYTES, sha);
    kr_hex(in->header_mac, KR_DIGEST_BYTES, hmac);
    kr_buf b;
    kr_buf_init(&b);
    kr_buf_adds(&b, SLIP_MAGIC);
    kr_buf_addf(&b, "file: %s\n", file);
    kr_buf_addf(&b, "data-set: %s\n", f->dataset ? f->dataset : "");
    kr_buf_addf(&b, "layout: %s\n", in->layout);
    kr_buf_addf(&b, "sender: %s\n", f->sender ? f->sender : "");
    kr_buf_addf(&b, "receiver: %s\n", f->receiver ? f->receiver : "");
    kr_buf_addf(&b, "date: %s\n", date);
    kr_buf_addf(&b, "records: %llu\n", (unsigned long long)in->records);
    kr_buf_addf(&b, "bytes: %llu\n", (unsigned long long)in->plain_bytes);
    kr_buf_addf(&b, "sha256: %s\n", sha);
    kr_buf_addf(&b, "key-id: %s\n", in->key_id);
    kr_buf_adds(&b, "format: KRS1\n");
    kr_buf_addf(&b, "header-mac: %s\n", hmac);
    kr_buf_addf(&b, "audit-head: %s\n", f->audit_head ? f->audit_head : "none");
    unsigned char mac[KR_DIGEST_BYTES];
    if (!kr_hmac_sha256(k->slip, b.data, b.len, mac, err)) {
        kr_buf_free(&b);
        return NULL;
    }
    kr_hex(mac, KR_DIGEST_BYTES, hmac);
    kr_buf_addf(&b, "slip-mac: %s\n", hmac);
    return kr_buf_take(&b);
}

/* The value of "name: " in the slip's text, or NULL. */
static const char *field(const char *text, const char *name, char *out, size_t cap)
{
    size_t n = strlen(name);
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        if (strncmp(p, name, n) == 0 && p[n] == ':' && p[n + 1] == ' ') {
            const char *v = p + n + 2;
            size_t len = strcspn(v, "\n");
            if (len >= cap)
                return NULL;
            memcpy(out, v, len);
            out[len] = '\0';
            return out;
        }
    }
    return NULL;
}

static bool mismatch(const char *path, const char *name, const char *slip, const char *sealed, kr_err *err)
{
    return kr_fail(err, KR_RC_FAIL, "KRK1511E",
                   "%s: the slip's %s is '%s' and the sealed file's is '%s'; the slip belongs to another "
                   "file or was changed; nothing was decrypted",
                   path, name, slip, sealed);
}

bool slip_check(const char *path, const kr_seal_info *in, const char *file, const seal_keys *k, kr_err *err)
{
    kr_buf b;
    kr_buf_init(&b);
    kr_err ignored;
    if (!kr_read_file(path, &b, &ignored)) {
        kr_buf_free(&b);
        return kr_fail(err, KR_RC_FAIL, "KRK1510E",
                       "%s: the hand-over slip (受渡票) is missing or unreadable; a sealed file is taken over "
                       "only with its slip (give it with --slip FILE)",
                       path);
    }
    bool ok = false;
    char value[256];
    const char *macline = strstr(b.data, "\nslip-mac: ");
    unsigned char mac[KR_DIGEST_BYTES], want[KR_DIGEST_BYTES];
    if (strncmp(b.data, SLIP_MAGIC, strlen(SLIP_MAGIC)) != 0 || !macline ||
        !field(macline + 1, "slip-mac", value, sizeof value) || !kr_unhex(value, want, KR_DIGEST_BYTES) ||
        strchr(macline + 1, '\n') != b.data + b.len - 1) {
        kr_fail(err, KR_RC_FAIL, "KRK1510E", "%s: not a kiroku hand-over slip (kiroku-slip-v1 ... slip-mac:)", path);
        goto done;
    }
    if (!kr_hmac_sha256(k->slip, b.data, (size_t)(macline + 1 - b.data), mac, err))
        goto done;
    if (!kr_same_bytes(mac, want, KR_DIGEST_BYTES)) {
        kr_fail(err, KR_RC_FAIL, "KRK1512E",
                "%s: the slip's MAC is wrong: the slip was changed after SEAL wrote it, or it was made with "
                "another key; nothing was decrypted",
                path);
        goto done;
    }
    char sha[2 * KR_DIGEST_BYTES + 1], hmac[2 * KR_DIGEST_BYTES + 1], num[32], num2[32];
    kr_hex(in->sha256, KR_DIGEST_BYTES, sha);
    kr_hex(in->header_mac, KR_DIGEST_BYTES, hmac);
    snprintf(num, sizeof num, "%llu", (unsigned long long)in->records);
    snprintf(num2, sizeof num2, "%llu", (unsigned long long)in->plain_bytes);
    const char *checks[][2] = {{"file", file},     {"layout", in->layout}, {"records", num}, {"bytes", num2},
                               {"sha256", sha},    {"key-id", in->key_id}, {"format", "KRS1"},
                               {"header-mac", hmac}};
    for (size_t i = 0; i < sizeof checks / sizeof *checks; i++) {
        if (!field(b.data, checks[i][0], value, sizeof value)) {
            kr_fail(err, KR_RC_FAIL, "KRK1510E", "%s: the slip has no '%s:' line", path, checks[i][0]);
            goto done;
        }
        if (strcmp(value, checks[i][1]) != 0) {
            mismatch(path, checks[i][0], value, checks[i][1], err);
            goto done;
        }
    }
    ok = true;
done:
    kr_buf_free(&b);
    return ok;
}
