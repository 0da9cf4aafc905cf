/* genjoin.c: bench data for the join: N records of 200 printable bytes and a LF, in key
 * order, the key a 10-digit number in bytes 1-10. Side 1 has keys 3i and 3i+1, side 2 keys 3i
 * and 3i+2: half of each side pairs, half is unpaired. Not part of kiroku. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: genjoin RECORDS SIDE(1|2) OUT\n");
        return 2;
    }
    unsigned long long n = strtoull(argv[1], NULL, 10);
    int side = atoi(argv[2]);
    FILE *f = fopen(argv[3], "wb");
    if (!f)
        return 1;
    uint64_t x = 0x9E3779B97F4A7C15ull * (uint64_t)side + 7;
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ";
    char rec[201];
    for (unsigned long long r = 0; r < n; r++) {
        unsigned long long key = 3 * (r / 2) + (r % 2 ? (unsigned long long)side : 0);
        snprintf(rec, sizeof rec, "%010llu", key);
        for (int i = 10; i < 200; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            rec[i] = alphabet[(x >> 20) % 63];
        }
        rec[200] = '\n';
        if (fwrite(rec, 1, 201, f) != 201)
            return 1;
    }
    return fclose(f) == 0 ? 0 : 1;
}
