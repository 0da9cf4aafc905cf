/* test_recio.c: record files: the reader with each terminator, every malformed shape it must
 * name (short, long, unterminated and LF-only records, a file cut mid-record) with the record
 * number and byte offset, records that straddle the 4 MiB read block, empty files; and the
 * atomic writer (commit renames into place, abort and failure leave nothing, many blocks
 * written in order by its background thread, a background write failure reported). */
#include "unit.h"

#include "kiroku/recio.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- a scratch folder per test -------------------------------------------------------- */

typedef struct scratch {
    char dir[64];
} scratch;

static int scratch_setup(void **state)
{
    scratch *s = kr_xcalloc(1, sizeof *s);
    snprintf(s->dir, sizeof s->dir, "%s", "/tmp/kiroku-recio-XXXXXX");
    if (!mkdtemp(s->dir)) {
        free(s);
        return -1;
    }
    *state = s;
    return 0;
}

static int scratch_teardown(void **state)
{
    scratch *s = *state;
    DIR *d = opendir(s->dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
                char *p = kr_xasprintf("%s/%s", s->dir, e->d_name);
                unlink(p);
                free(p);
            }
        closedir(d);
    }
    rmdir(s->dir);
    free(s);
    return 0;
}

static char *path_in(void **state, const char *name)
{
    scratch *s = *state;
    return kr_xasprintf("%s/%s", s->dir, name);
}

static char *write_file(void **state, const char *name, const void *data, size_t n)
{
    char *p = path_in(state, name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
    return p;
}

/* The names in the scratch folder, sorted and joined by spaces. */
static char *listing(void **state)
{
    scratch *s = *state;
    char *names[64];
    size_t n = 0;
    DIR *d = opendir(s->dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) && n < 64)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            names[n++] = kr_xstrdup(e->d_name);
    closedir(d);
    for (size_t a = 1; a < n; a++)
        for (size_t b = a; b > 0 && strcmp(names[b - 1], names[b]) > 0; b--) {
            char *t = names[b];
            names[b] = names[b - 1];
            names[b - 1] = t;
        }
    kr_buf out;
    kr_buf_init(&out);
    for (size_t i = 0; i < n; i++) {
        if (i)
            kr_buf_addc(&out, ' ');
        kr_buf_adds(&out, names[i]);
        free(names[i]);
    }
    if (!out.data)
        kr_buf_adds(&out, "");
    return kr_buf_take(&out);
}

static char *slurp(const char *path, size_t *n)
{
    kr_buf b;
    kr_buf_init(&b);
    kr_err err;
    assert_true(kr_read_file(path, &b, &err));
    *n = b.len;
    if (!b.data)
        kr_buf_adds(&b, "");
    return kr_buf_take(&b);
}

/* Reads every record of a file; returns the count, or -1 with err filled. */
static long read_all(const char *path, size_t lrecl, kr_terminator term, kr_err *err, kr_buf *data)
{
    kr_reader *r = kr_reader_open(path, lrecl, term, err);
    assert_non_null(r);
    const unsigned char *rec;
    long n = 0;
    int got;
    while ((got = kr_reader_next(r, &rec, err)) > 0) {
        n++;
        assert_int_equal(kr_reader_recno(r), (uint64_t)n);
        assert_int_equal(kr_reader_offset(r), (uint64_t)(n - 1) * kr_reader_stride(r));
        if (data)
            kr_buf_add(data, rec, lrecl);
    }
    kr_reader_close(r);
    return got < 0 ? -1 : n;
}

/* ---- reading -------------------------------------------------------------------------- */

static void test_each_terminator(void **state)
{
    static const struct {
        kr_terminator term;
        const char *bytes;
        size_t stride;
    } cases[] = {
        {KR_TERM_NONE, "abcdeFGHIJklmno", 5},
        {KR_TERM_LF, "abcde\nFGHIJ\nklmno\n", 6},
        {KR_TERM_CRLF, "abcde\r\nFGHIJ\r\nklmno\r\n", 7},
    };
    for (size_t i = 0; i < 3; i++) {
        char *p = write_file(state, "in.dat", cases[i].bytes, strlen(cases[i].bytes));
        kr_err err;
        kr_reader *r = kr_reader_open(p, 5, cases[i].term, &err);
        assert_non_null(r);
        assert_int_equal(kr_reader_stride(r), cases[i].stride);
        assert_int_equal(kr_reader_size(r), (int64_t)strlen(cases[i].bytes));
        assert_string_equal(kr_reader_path(r), p);
        const unsigned char *rec;
        static const char *want[] = {"abcde", "FGHIJ", "klmno"};
        for (int k = 0; k < 3; k++) {
            assert_int_equal(kr_reader_next(r, &rec, &err), 1);
            assert_memory_equal(rec, want[k], 5);
            assert_int_equal(kr_reader_recno(r), (uint64_t)k + 1);
            assert_int_equal(kr_reader_offset(r), (uint64_t)k * cases[i].stride);
        }
        assert_int_equal(kr_reader_next(r, &rec, &err), 0);
        assert_int_equal(kr_reader_next(r, &rec, &err), 0); /* and stays at the end */
        kr_reader_close(r);
        free(p);
    }
}

static void test_next_block(void **state)
{
    char *p = write_file(state, "in.dat", "aa\nbb\ncc\ndd\nee\n", 15);
    kr_err err;
    kr_reader *r = kr_reader_open(p, 2, KR_TERM_LF, &err);
    const unsigned char *recs;
    size_t n;
    assert_int_equal(kr_reader_next_block(r, &recs, &n, 2, &err), 1);
    assert_int_equal(n, 2);
    assert_memory_equal(recs, "aa\nbb", 5);
    assert_int_equal(kr_reader_recno(r), 2);
    assert_int_equal(kr_reader_offset(r), 3); /* the last record returned */
    assert_int_equal(kr_reader_next_block(r, &recs, &n, 100, &err), 1);
    assert_int_equal(n, 3);
    assert_memory_equal(recs + 2 * 3, "ee", 2);
    assert_int_equal(kr_reader_recno(r), 5);
    assert_int_equal(kr_reader_next_block(r, &recs, &n, 100, &err), 0);
    kr_reader_close(r);
    free(p);
}

static void test_empty_file(void **state)
{
    char *p = write_file(state, "empty.dat", "", 0);
    kr_err err;
    for (int t = 0; t < 3; t++) {
        kr_reader *r = kr_reader_open(p, 80, (kr_terminator)t, &err);
        assert_non_null(r);
        const unsigned char *rec;
        assert_int_equal(kr_reader_next(r, &rec, &err), 0);
        assert_int_equal(kr_reader_recno(r), 0);
        assert_int_equal(kr_reader_size(r), 0);
        kr_reader_close(r);
    }
    free(p);
}

static void test_open_errors(void **state)
{
    kr_err err;
    char *missing = path_in(state, "nothing.dat");
    assert_null(kr_reader_open(missing, 10, KR_TERM_LF, &err));
    assert_contains(err.text, "KRK0201E");
    assert_contains(err.text, "nothing.dat: cannot open for reading");
    assert_int_equal(err.rc, KR_RC_ENV);
    scratch *s = *state;
    assert_null(kr_reader_open(s->dir, 10, KR_TERM_LF, &err));
    assert_contains(err.text, "is a directory");
    free(missing);
}

/* Reads the file and returns the error text of the first malformed record (or fails). */
static void expect_malformed(void **state, const char *bytes, size_t len, size_t lrecl, kr_terminator term,
                             long good_records, const char *id, const char *text)
{
    char *p = write_file(state, "bad.dat", bytes, len);
    kr_err err;
    kr_err_clear(&err);
    kr_reader *r = kr_reader_open(p, lrecl, term, &err);
    assert_non_null(r);
    const unsigned char *rec;
    long n = 0;
    int got;
    while ((got = kr_reader_next(r, &rec, &err)) > 0)
        n++;
    kr_reader_close(r);
    if (got != -1)
        fail_msg("expected an error after %ld records, got the end after %ld", good_records, n);
    assert_int_equal(n, good_records);
    assert_int_equal(err.rc, KR_RC_REJECT);
    assert_contains(err.text, id);
    assert_contains(err.text, text);
    free(p);
}

static void test_malformed_files(void **state)
{
    /* A short last record without its terminator: the file ends mid-record. */
    expect_malformed(state, "1234567890\r\n12345", 17, 10, KR_TERM_CRLF, 1, "KRK0205E",
                     "the file ends with 5 bytes after record 1 (byte 12): not a whole record of 12 bytes");
    /* Every byte of the last record, but no terminator. */
    expect_malformed(state, "1234567890\r\n1234567890", 22, 10, KR_TERM_CRLF, 1, "KRK0205E",
                     "the last record (2, at byte 12) has no CR LF");
    expect_malformed(state, "12345\n12345", 11, 5, KR_TERM_LF, 1, "KRK0205E",
                     "the last record (2, at byte 6) has no LF");
    /* A file of terminator none that is not a whole number of records. */
    expect_malformed(state, "1234567", 7, 5, KR_TERM_NONE, 1, "KRK0205E",
                     "the file ends with 2 bytes after record 1 (byte 5)");
    /* LF alone in a CR LF file. */
    expect_malformed(state, "1234567890\r\n1234567890\n1234567890\r\n", 35, 10, KR_TERM_CRLF, 1, "KRK0204E",
                     "record 2 at byte 12 ends with LF alone (byte 22); the layout says CR LF");
    /* A record one byte short in a CR LF file is short, not "LF alone". */
    expect_malformed(state, "1234567890\r\n123456789\r\n1234567890\r\n", 35, 10, KR_TERM_CRLF, 1, "KRK0204E",
                     "record 2 at byte 12 is 9 bytes long, not 10");
    /* A record much shorter. */
    expect_malformed(state, "1234567890\r\n1234\r\n1234567890\r\n", 30, 10, KR_TERM_CRLF, 1, "KRK0204E",
                     "record 2 at byte 12 is 4 bytes long, not 10: its line ends at byte 17");
    /* A short last record that has its CR LF: short, not "no CR LF". */
    expect_malformed(state, "1234567890\r\n12345678\r\n", 22, 10, KR_TERM_CRLF, 1, "KRK0204E",
                     "record 2 at byte 12 is 8 bytes long, not 10");
    expect_malformed(state, "12345\n123\n", 10, 5, KR_TERM_LF, 1, "KRK0204E",
                     "record 2 at byte 6 is 3 bytes long, not 5");
    /* A record one byte long. */
    expect_malformed(state, "1234567890\r\n12345678901\r\n", 25, 10, KR_TERM_CRLF, 1, "KRK0204E",
                     "record 2 at byte 12 is 11 bytes long, not 10 (its CR LF should be at byte 22, found '1' (0x31))");
    /* The first record already wrong. */
    expect_malformed(state, "abc\ndefgh\n", 10, 5, KR_TERM_LF, 0, "KRK0204E", "record 1 at byte 0 is 3 bytes long");
}

/* Records of 1000 bytes + CR LF, numbered at both ends; record bad_at (when not 0) loses its
 * CR. 4 MiB is not a multiple of 1002. */
static unsigned char *make_big(size_t nrec, size_t bad_at)
{
    const size_t lrecl = 1000, stride = 1002;
    unsigned char *data = kr_xmalloc(nrec * stride);
    for (size_t i = 0; i < nrec; i++) {
        unsigned char *rec = data + i * stride;
        memset(rec, 'a' + (int)(i % 26), lrecl);
        char num[32];
        snprintf(num, sizeof num, "%09zu", i + 1);
        memcpy(rec, num, 9);
        memcpy(rec + lrecl - 9, num, 9);
        rec[lrecl] = '\r';
        rec[lrecl + 1] = '\n';
    }
    if (bad_at)
        data[(bad_at - 1) * stride + lrecl] = ' ';
    return data;
}

/* Standard input fed by a child process that writes `n` bytes in chunks of `chunk`, so that
 * reads return odd amounts and records straddle what each read brings. */
typedef struct piped {
    int saved_stdin;
    pid_t child;
} piped;

static void pipe_to_stdin(const unsigned char *data, size_t n, size_t chunk, piped *pp)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        for (size_t off = 0; off < n;) {
            size_t k = n - off < chunk ? n - off : chunk;
            ssize_t w = write(fds[1], data + off, k);
            if (w <= 0)
                _exit(1);
            off += (size_t)w;
        }
        _exit(0);
    }
    close(fds[1]);
    pp->child = pid;
    pp->saved_stdin = dup(STDIN_FILENO);
    assert_int_equal(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
    close(fds[0]);
}

static void pipe_done(piped *pp)
{
    dup2(pp->saved_stdin, STDIN_FILENO); /* closes the pipe: a child still writing stops */
    close(pp->saved_stdin);
    int status;
    waitpid(pp->child, &status, 0);
}

/* Reads big records from r, checking each; returns the count, -1 on a reader error. */
static long read_big(kr_reader *r, kr_err *err)
{
    const unsigned char *rec;
    long n = 0;
    int got;
    while ((got = kr_reader_next(r, &rec, err)) > 0) {
        n++;
        char num[32];
        snprintf(num, sizeof num, "%09ld", n);
        if (memcmp(rec, num, 9) != 0 || memcmp(rec + 991, num, 9) != 0 || rec[500] != 'a' + (int)((n - 1) % 26))
            fail_msg("record %ld came back wrong", n);
        assert_int_equal(kr_reader_offset(r), (uint64_t)(n - 1) * 1002);
    }
    return got < 0 ? -1 : n;
}

static void test_records_straddle_blocks(void **state)
{
    const size_t nrec = 9000; /* 9 MB: more than two 4 MiB blocks */
    unsigned char *data = make_big(nrec, 0);
    char *p = write_file(state, "big.dat", data, nrec * 1002);
    kr_err err;
    kr_reader *r = kr_reader_open(p, 1000, KR_TERM_CRLF, &err);
    assert_int_equal(read_big(r, &err), (long)nrec);
    kr_reader_close(r);

    /* Block reads give the same records. */
    r = kr_reader_open(p, 1000, KR_TERM_CRLF, &err);
    const unsigned char *recs;
    size_t k, total = 0;
    while (kr_reader_next_block(r, &recs, &k, 4096, &err) > 0) {
        for (size_t i = 0; i < k; i++) {
            char num[32];
            snprintf(num, sizeof num, "%09zu", total + i + 1);
            assert_memory_equal(recs + i * 1002, num, 9);
        }
        total += k;
    }
    assert_int_equal(total, nrec);
    kr_reader_close(r);
    free(p);

    /* Through a pipe, reads bring odd amounts (7777 bytes a write): records straddle them. */
    piped pp;
    pipe_to_stdin(data, nrec * 1002, 7777, &pp);
    r = kr_reader_open("-", 1000, KR_TERM_CRLF, &err);
    assert_non_null(r);
    assert_int_equal(kr_reader_size(r), -1);
    long n = read_big(r, &err);
    kr_reader_close(r);
    pipe_done(&pp);
    assert_int_equal(n, (long)nrec);
    free(data);

    /* A bad terminator around the first 4 MiB is found with its record number and offset,
     * after every record before it, from a file and from a pipe. */
    size_t per_block = (4u << 20) / 1002;
    for (size_t bad = per_block; bad <= per_block + 2; bad++) {
        data = make_big(nrec, bad);
        char want[128];
        snprintf(want, sizeof want, "record %zu at byte %zu", bad, (bad - 1) * 1002);
        p = write_file(state, "big.dat", data, nrec * 1002);
        r = kr_reader_open(p, 1000, KR_TERM_CRLF, &err);
        assert_int_equal(read_big(r, &err), -1);
        assert_int_equal(kr_reader_recno(r), bad - 1);
        assert_contains(err.text, want);
        kr_reader_close(r);
        free(p);
        pipe_to_stdin(data, nrec * 1002, 65536 + 3, &pp);
        r = kr_reader_open("-", 1000, KR_TERM_CRLF, &err);
        n = read_big(r, &err);
        uint64_t recno = kr_reader_recno(r);
        kr_reader_close(r);
        pipe_done(&pp);
        assert_int_equal(n, -1);
        assert_int_equal(recno, bad - 1);
        assert_contains(err.text, want);
        free(data);
    }
}

/* The reader never writes to its input. */
static void test_input_untouched(void **state)
{
    char *p = write_file(state, "in.dat", "ab\ncd\n", 6);
    assert_int_equal(chmod(p, 0444), 0);
    kr_err err;
    kr_buf data;
    kr_buf_init(&data);
    assert_int_equal(read_all(p, 2, KR_TERM_LF, &err, &data), 2);
    assert_memory_equal(data.data, "abcd", 4);
    kr_buf_free(&data);
    free(p);
}

/* ---- writing -------------------------------------------------------------------------- */

static void test_writer_commit(void **state)
{
    static const struct {
        kr_terminator term;
        const char *want;
    } cases[] = {
        {KR_TERM_NONE, "abcdefghij"},
        {KR_TERM_LF, "abcde\nfghij\n"},
        {KR_TERM_CRLF, "abcde\r\nfghij\r\n"},
    };
    for (size_t i = 0; i < 3; i++) {
        char *p = path_in(state, "out.dat");
        kr_err err;
        kr_writer *w = kr_writer_open(p, 5, cases[i].term, &err);
        assert_non_null(w);
        assert_true(kr_writer_put(w, (const unsigned char *)"abcde", &err));
        assert_true(kr_writer_put(w, (const unsigned char *)"fghij", &err));
        assert_int_equal(kr_writer_count(w), 2);
        /* Before the commit, the target does not exist: only the temporary file does. */
        struct stat st;
        assert_int_equal(stat(p, &st), -1);
        char *names = listing(state);
        assert_int_equal(strncmp(names, ".out.dat.kiroku-", 16), 0);
        assert_null(strchr(names, ' '));
        free(names);
        assert_true(kr_writer_commit(w, &err));
        names = listing(state);
        assert_string_equal(names, "out.dat");
        free(names);
        size_t n;
        char *got = slurp(p, &n);
        assert_int_equal(n, strlen(cases[i].want));
        assert_memory_equal(got, cases[i].want, n);
        free(got);
        unlink(p);
        free(p);
    }
}

static void test_writer_abort(void **state)
{
    char *p = path_in(state, "out.dat");
    kr_err err;
    kr_writer *w = kr_writer_open(p, 3, KR_TERM_LF, &err);
    assert_true(kr_writer_put(w, (const unsigned char *)"abc", &err));
    kr_writer_abort(w);
    char *names = listing(state);
    assert_string_equal(names, "");
    free(names);
    kr_writer_abort(NULL); /* safe */
    free(p);
}

/* An existing output is replaced whole at the commit and untouched before it (and after an
 * abort). */
static void test_writer_replaces_existing(void **state)
{
    char *p = write_file(state, "out.dat", "old\nold\nold\n", 12);
    struct stat before;
    assert_int_equal(stat(p, &before), 0);
    kr_err err;
    kr_writer *w = kr_writer_open(p, 3, KR_TERM_LF, &err);
    assert_true(kr_writer_put(w, (const unsigned char *)"new", &err));
    size_t n;
    char *got = slurp(p, &n);
    assert_int_equal(n, 12); /* still the old file */
    free(got);
    kr_writer_abort(w);
    got = slurp(p, &n);
    assert_int_equal(n, 12);
    assert_memory_equal(got, "old\nold\nold\n", 12);
    free(got);

    w = kr_writer_open(p, 3, KR_TERM_LF, &err);
    assert_true(kr_writer_put(w, (const unsigned char *)"new", &err));
    assert_true(kr_writer_commit(w, &err));
    got = slurp(p, &n);
    assert_int_equal(n, 4);
    assert_memory_equal(got, "new\n", 4);
    free(got);
    struct stat after;
    assert_int_equal(stat(p, &after), 0);
    assert_true(after.st_ino != before.st_ino); /* a new file renamed over, not rewritten */
    char *names = listing(state);
    assert_string_equal(names, "out.dat");
    free(names);
    free(p);
}

static void test_writer_errors(void **state)
{
    scratch *s = *state;
    kr_err err;
    assert_null(kr_writer_open(s->dir, 10, KR_TERM_LF, &err));
    assert_contains(err.text, "KRK0210E");
    assert_contains(err.text, "is a directory");
    char *p = kr_xasprintf("%s/no/such/folder/out.dat", s->dir);
    assert_null(kr_writer_open(p, 10, KR_TERM_LF, &err));
    assert_contains(err.text, "KRK0210E");
    assert_contains(err.text, "cannot create the output beside it");
    free(p);
    char *names = listing(state);
    assert_string_equal(names, "");
    free(names);
}

/* Records and raw writes larger than the writer's 4 MiB buffer, mixed with small ones. */
static void test_writer_large(void **state)
{
    const size_t big = (4u << 20) + 17;
    char *p = path_in(state, "big.dat");
    unsigned char *rec = kr_xmalloc(big);
    for (size_t i = 0; i < big; i++)
        rec[i] = (unsigned char)('A' + i % 23);
    kr_err err;
    kr_writer *w = kr_writer_open(p, big, KR_TERM_CRLF, &err);
    assert_true(kr_writer_put(w, rec, &err));
    assert_true(kr_writer_write(w, "xy\r\n", 4, &err));
    assert_true(kr_writer_put(w, rec, &err));
    assert_int_equal(kr_writer_count(w), 2);
    assert_true(kr_writer_commit(w, &err));
    size_t n;
    char *got = slurp(p, &n);
    assert_int_equal(n, 2 * (big + 2) + 4);
    assert_memory_equal(got, rec, big);
    assert_memory_equal(got + big, "\r\nxy\r\n", 6);
    assert_memory_equal(got + big + 6, rec, big);
    assert_memory_equal(got + 2 * big + 6, "\r\n", 2);
    free(got);
    free(rec);
    free(p);
}

/* Many blocks: the background thread writes them in order while the next fills; an abort
 * after several blocks leaves nothing. */
static void test_writer_many_blocks(void **state)
{
    char *p = path_in(state, "many.dat");
    kr_err err;
    const int n = 200000; /* 100-byte records + LF: about 20 MB, five blocks and more */
    kr_writer *w = kr_writer_open(p, 100, KR_TERM_LF, &err);
    unsigned char rec[100];
    for (int i = 0; i < n; i++) {
        memset(rec, 'a' + i % 26, sizeof rec);
        snprintf((char *)rec, 12, "%010d", i);
        rec[10] = ' ';
        assert_true(kr_writer_put(w, rec, &err));
    }
    assert_true(kr_writer_commit(w, &err));
    size_t len;
    char *got = slurp(p, &len);
    assert_int_equal(len, (size_t)n * 101);
    for (int i = 0; i < n; i += 997) {
        char want[16];
        snprintf(want, sizeof want, "%010d", i);
        assert_memory_equal(got + (size_t)i * 101, want, 10);
        assert_int_equal(got[(size_t)i * 101 + 99], 'a' + i % 26);
        assert_int_equal(got[(size_t)i * 101 + 100], '\n');
    }
    free(got);
    w = kr_writer_open(p, 100, KR_TERM_LF, &err);
    for (int i = 0; i < n; i++)
        assert_true(kr_writer_put(w, rec, &err));
    kr_writer_abort(w);
    char *names = listing(state);
    assert_string_equal(names, "many.dat"); /* the committed file only, untouched */
    free(names);
    got = slurp(p, &len);
    assert_int_equal(len, (size_t)n * 101);
    free(got);
    free(p);
}

/* A write that fails in the background (the file size limit here) is reported with its id,
 * the file, the record it was writing and the offset, by the next call or by commit, and
 * leaves nothing behind. Run in a child: the limit and
 * the signal it raises are the process's. */
static void test_writer_background_failure(void **state)
{
    char *p = path_in(state, "limited.dat");
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit rl = {6u << 20, 6u << 20};
        if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
            _exit(2);
        kr_err err;
        kr_writer *w = kr_writer_open(p, 100, KR_TERM_LF, &err);
        if (!w)
            _exit(3);
        unsigned char rec[100];
        memset(rec, 'x', sizeof rec);
        bool ok = true;
        for (int i = 0; i < 150000 && ok; i++) /* 15 MB */
            ok = kr_writer_put(w, rec, &err);
        if (ok) {
            ok = kr_writer_commit(w, &err);
        } else
            kr_writer_abort(w);
        if (ok)
            _exit(4); /* it should have failed */
        /* the limit falls in record 62,292 (6 MiB / 101 bytes), where the write stopped */
        if (!strstr(err.text, "KRK0211E") || !strstr(err.text, "limited.dat: write error at record 62292 (file offset 6291456)"))
            _exit(5);
        _exit(0);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    char *names = listing(state);
    assert_string_equal(names, "");
    free(names);
    free(p);
}

/* What the writer writes, the reader reads back. */
static void test_round_trip(void **state)
{
    char *p = path_in(state, "rt.dat");
    kr_err err;
    kr_writer *w = kr_writer_open(p, 7, KR_TERM_CRLF, &err);
    for (int i = 0; i < 1000; i++) {
        char rec[8];
        snprintf(rec, sizeof rec, "%07d", i * 7);
        assert_true(kr_writer_put(w, (const unsigned char *)rec, &err));
    }
    assert_true(kr_writer_commit(w, &err));
    kr_buf data;
    kr_buf_init(&data);
    assert_int_equal(read_all(p, 7, KR_TERM_CRLF, &err, &data), 1000);
    assert_memory_equal(data.data + 7 * 999, "0006993", 7);
    kr_buf_free(&data);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_each_terminator, scratch_setup, scratch_teardown),
        cmocka_unit_test_setup_teardown(test_next_block, scratch_setup, scratch_teardown),
        cmocka_unit_test_setup_teardown(test_empty_file, scratch_setup, scratch_teardown),
        cmocka_unit_test_setup_teardown(test_open_errors, scratch_setup, scratch_teardown),
        cmocka_unit_test_setup_teardown(test_malformed_files, scratch_setup, scratch_teardown),
        cmocka_unit_test_setup_teardown(test_records_straddle_blocks, scratch_setup, scratch_teardown),
        cmocka_unit_test_setup_teardown(test_input_untouched, scratch_setup, scratch_teardown),
        cmocka_unit_test_setup_teardown(test_writer_commit, scratch_setup, scratch_teardown),
        cmocka_unit_test_setup_teardown(test_writer_abort, scratch_setup, scratch_teardown),
        cmocka_unit_test_setup_teardown(test_writer_replaces_existing, scratch_setup, scratch_teardown),
        cmocka_unit_test_setup_teardown(test_writer_errors, scratch_setup, scratch_teardown),
        cmocka_unit_test_setup_teardown(test_writer_large, scratch_setup, scratch_teardown),
        cmocka_unit_test_setup_teardown(test_writer_many_blocks, scratch_setup, scratch_teardown),
        cmocka_unit_test_setup_teardown(test_writer_background_failure, scratch_setup, scratch_teardown),
        cmocka_unit_test_setup_teardown(test_round_trip, scratch_setup, scratch_teardown),
    };
    return cmocka_run_group_tests_name("recio", tests, NULL, NULL);
}
