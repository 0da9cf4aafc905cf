/* gendata.c: bench data: N records of L printable ASCII bytes and a LF, from a seeded
 * xorshift generator (the same bytes on every machine). No TAB, so GNU sort can take the
 * whole line as one field. With DIGITS=FROM,LEN (1-based), those bytes are a zoned number
 * 0000nnnn (its last four digits from the generator), for SUM. Used by bench/sort.sh,
 * sizes.sh, ops.sh; not part of kiroku. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 5 && argc != 6) {
        fprintf(stderr, "usage: gendata RECORDS LENGTH SEED OUT [FROM,LEN]\n");
        return 2;
    }
    size_t dfrom = 0, dlen = 0;
    if (argc == 6 && (sscanf(argv[5], "%zu,%zu", &dfrom, &dlen) != 2 || dfrom < 1 || dlen < 4)) {
        fprintf(stderr, "gendata: FROM,LEN: a 1-based position and a length of 4 or more\n");
        return 2;
    }
    unsigned long long n = strtoull(argv[1], NULL, 10);
    size_t len = strtoul(argv[2], NULL, 10);
    uint64_t x = strtoull(argv[3], NULL, 10) * 0x9E3779B97F4A7C15ull + 1;
    FILE *f = fopen(argv[4], "wb");
    if (!f)
        return 1;
    static char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ";
    char *rec = malloc(len + 1);
    for (unsigned long long r = 0; r < n; r++) {
        for (size_t i = 0; i < len; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            rec[i] = alphabet[(x >> 20) % 63];
        }
        for (size_t i = 0; i < dlen && dfrom - 1 + i < len; i++)
            rec[dfrom - 1 + i] = i + 4 < dlen ? '0' : (char)('0' + (x >> (8 + 4 * i)) % 10);
        rec[len] = '\n';
        if (fwrite(rec, 1, len + 1, f) != len + 1)
            return 1;
    }
    free(rec);
    return fclose(f) == 0 ? 0 : 1;
}
