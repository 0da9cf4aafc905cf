/* ranges.c: the key ranges of a partitioned SORT: evenly spaced samples of the records'
 * normalized keys, ranges of equal weight chosen from them (bounds are a key and an input
 * position, so a heavy key is split by position), the range of a record by binary search,
 * and the ranges as a text file a later process reads back. */
#include "kiroku/ranges.h"
#include "kiroku/recio.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void kr_sampler_init(kr_sampler *s, size_t width, size_t target)
{
    memset(s, 0, sizeof *s);
    s->width = width;
    s->target = target < 1 ? 1 : target;
    s->stride = 1;
}

void kr_sampler_add(kr_sampler *s, const unsigned char *key, uint64_t pos)
{
    s->seen++;
    if (pos % s->stride)
        return;
    if (s->n == s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 64;
        s->keys = kr_xrealloc(s->keys, ncap * (s->width ? s->width : 1));
        s->pos = kr_xrealloc(s->pos, ncap * sizeof *s->pos);
        s->cap = ncap;
    }
    memcpy(s->keys + s->n * s->width, key, s->width);
    s->pos[s->n++] = pos;
    if (s->n > 2 * s->target) {
        /* Keep the positions that are multiples of the doubled stride. */
        s->stride *= 2;
        size_t kept = 0;
        for (size_t i = 0; i < s->n; i++) {
            if (s->pos[i] % s->stride)
                continue;
            memmove(s->keys + kept * s->width, s->keys + i * s->width, s->width);
            s->pos[kept++] = s->pos[i];
        }
        s->n = kept;
    }
}

void kr_sampler_free(kr_sampler *s)
{
    free(s->keys);
    free(s->pos);
    memset(s, 0, sizeof *s);
}

/* (key, position) order of samples a and b. */
static int sample_cmp(const unsigned char *keys, const uint64_t *pos, size_t width, size_t a, size_t b)
{
    int c = width ? memcmp(keys + a * width, keys + b * width, width) : 0;
    if (c)
        return c;
    return pos[a] < pos[b] ? -1 : pos[a] > pos[b];
}

/* A merge sort of sample indexes by (key, position). */
static void sort_samples(size_t *idx, size_t *tmp, size_t n, const unsigned char *keys, const uint64_t *pos,
                         size_t width)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    sort_samples(idx, tmp, h, keys, pos, width);
    sort_samples(idx + h, tmp, n - h, keys, pos, width);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = sample_cmp(keys, pos, width, idx[j], idx[i]) < 0 ? idx[j++] : idx[i++];
    while (i < h)
        tmp[k++] = idx[i++];
    while (j < n)
        tmp[k++] = idx[j++];
    memcpy(idx, tmp, n * sizeof *idx);
}

void kr_ranges_choose(kr_ranges *r, unsigned parts, size_t width, unsigned char *keys, uint64_t *pos, size_t m,
                      uint64_t records)
{
    memset(r, 0, sizeof *r);
    r->parts = parts < 1 ? 1 : parts;
    r->width = width;
    r->records = records;
    r->sampled = m;
    size_t nb = r->parts - 1;
    r->keys = kr_xcalloc(nb ? nb : 1, width ? width : 1);
    r->pos = kr_xcalloc(nb ? nb : 1, sizeof *r->pos);
    size_t *idx = kr_xmalloc((m ? m : 1) * sizeof *idx), *tmp = kr_xmalloc((m ? m : 1) * sizeof *tmp);
    for (size_t i = 0; i < m; i++)
        idx[i] = i;
    sort_samples(idx, tmp, m, keys, pos, width);
    for (size_t b = 0; b < nb; b++) {
        if (m == 0) {
            /* No record: bounds past every key and position, so all goes to the first range. */
            memset(r->keys + b * width, 0xFF, width);
            r->pos[b] = UINT64_MAX;
            continue;
        }
        size_t at = (size_t)((double)m * (double)(b + 1) / (double)r->parts);
        if (at >= m)
            at = m - 1;
        memcpy(r->keys + b * width, keys + idx[at] * width, width);
        r->pos[b] = pos[idx[at]];
    }
    free(idx);
    free(tmp);
}

void kr_ranges_by_key(kr_ranges *r)
{
    for (unsigned b = 0; b + 1 < r->parts; b++)
        r->pos[b] = 0;
}

unsigned kr_ranges_find(const kr_ranges *r, const unsigned char *key, uint64_t pos)
{
    /* The number of bounds at or before (key, pos). */
    size_t lo = 0, hi = r->parts - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = r->width ? memcmp(r->keys + mid * r->width, key, r->width) : 0;
        bool before = c < 0 || (c == 0 && r->pos[mid] <= pos);
        if (before)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (unsigned)lo;
}

void kr_ranges_free(kr_ranges *r)
{
    free(r->keys);
    free(r->pos);
    memset(r, 0, sizeof *r);
}

bool kr_ranges_save(const kr_ranges *r, const char *path, kr_err *err)
{
    kr_buf b;
    kr_buf_init(&b);
    kr_buf_addf(&b, "KIROKU-RANGES 1\nparts %u\nwidth %zu\nrecords %llu\nsampled %zu\n", r->parts, r->width,
                (unsigned long long)r->records, r->sampled);
    static const char hex[] = "0123456789abcdef";
    for (unsigned i = 0; i + 1 < r->parts; i++) {
        kr_buf_addf(&b, "bound %llu ", (unsigned long long)r->pos[i]);
        for (size_t k = 0; k < r->width; k++) {
            unsigned char c = r->keys[i * r->width + k];
            kr_buf_addc(&b, hex[c >> 4]);
            kr_buf_addc(&b, hex[c & 15]);
        }
        kr_buf_addc(&b, '\n');
    }
    kr_writer *w = kr_writer_open(path, 0, KR_TERM_NONE, err);
    bool ok = w && kr_writer_write(w, b.data, b.len, err);
    if (w)
        ok = ok ? kr_writer_commit(w, err) : (kr_writer_abort(w), false);
    kr_buf_free(&b);
    return ok;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static bool bad_line(const char *path, int line, const char *why, kr_err *err)
{
    return kr_fail(err, KR_RC_FAIL, "KRK1852E", "%s line %d: %s; the partitioned sort's ranges file is damaged "
                   "(rerun the step from its sample)", path, line, why);
}

bool kr_ranges_load(kr_ranges *r, const char *path, kr_err *err)
{
    memset(r, 0, sizeof *r);
    kr_buf text;
    kr_buf_init(&text);
    if (!kr_read_file(path, &text, err)) {
        kr_buf_free(&text);
        return false;
    }
    unsigned long long records = 0;
    unsigned parts = 0;
    size_t width = 0, sampled = 0, bounds = 0;
    int line = 0;
    bool ok = true;
    char *save = NULL;
    for (char *l = strtok_r(text.data, "\n", &save); l && ok; l = strtok_r(NULL, "\n", &save)) {
        line++;
        unsigned long long pos;
        int used = 0;
        if (line == 1)
            ok = strcmp(l, "KIROKU-RANGES 1") == 0 || bad_line(path, line, "not a ranges file", err);
        else if (sscanf(l, "parts %u", &parts) == 1)
            ok = (parts >= 1 && parts <= 999 && !r->keys) || bad_line(path, line, "a bad count of ranges", err);
        else if (sscanf(l, "width %zu", &width) == 1)
            ok = (width <= 65536 && !r->keys) || bad_line(path, line, "a bad key width", err);
        else if (sscanf(l, "records %llu", &records) == 1 || sscanf(l, "sampled %zu", &sampled) == 1)
            ;
        else if (sscanf(l, "bound %llu %n", &pos, &used) == 1 && used > 0) {
            const char *h = l + used;
            if (!r->keys && parts) {
                r->keys = kr_xcalloc(parts, width ? width : 1);
                r->pos = kr_xcalloc(parts, sizeof *r->pos);
            }
            ok = (r->keys && bounds + 1 < parts && strlen(h) == 2 * width) || bad_line(path, line, "a bad bound", err);
            for (size_t k = 0; ok && k < width; k++) {
                int hi = hexval(h[2 * k]), lo = hexval(h[2 * k + 1]);
                ok = (hi >= 0 && lo >= 0) || bad_line(path, line, "a bound key that is not hex", err);
                if (ok)
                    r->keys[bounds * width + k] = (unsigned char)(hi << 4 | lo);
            }
            if (ok)
                r->pos[bounds++] = pos;
        } else
            ok = bad_line(path, line, "an unknown line", err);
    }
    if (ok && !r->keys && parts) {
        r->keys = kr_xcalloc(parts, width ? width : 1);
        r->pos = kr_xcalloc(parts, sizeof *r->pos);
    }
    if (ok && (!r->keys || bounds + 1 != parts))
        ok = bad_line(path, line, "the bounds do not match the count of ranges", err);
    kr_buf_free(&text);
    r->parts = parts;
    r->width = width;
    r->records = records;
    r->sampled = sampled;
    if (!ok)
        kr_ranges_free(r);
    return ok;
}
