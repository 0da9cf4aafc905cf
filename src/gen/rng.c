/* rng.c: the generator's pseudo-random numbers: xoshiro256** (Blackman and Vigna) seeded
 * through splitmix64. Integer arithmetic only, so a seed gives the same numbers on every
 * machine; the state lives in the caller's struct. */
#include "kiroku/gen.h"

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

void kr_rng_seed(kr_rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t kr_rng_next(kr_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint64_t kr_rng_below(kr_rng *r, uint64_t n)
{
    /* Lemire's multiply-and-shift with rejection: unbiased, one multiplication mostly. */
    unsigned __int128 m = (unsigned __int128)kr_rng_next(r) * n;
    uint64_t low = (uint64_t)m;
    if (low < n) {
        uint64_t threshold = -n % n;
        while (low < threshold) {
            m = (unsigned __int128)kr_rng_next(r) * n;
            low = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

kr_i128 kr_rng_range(kr_rng *r, kr_i128 lo, kr_i128 hi)
{
    unsigned __int128 span = (unsigned __int128)(hi - lo);
    if (span < UINT64_MAX)
        return lo + (kr_i128)kr_rng_below(r, (uint64_t)span + 1);
    /* Wider than 64 bits (31-digit decimals): rejection on 128-bit draws. */
    unsigned __int128 mask = span;
    for (int s = 1; s < 128; s <<= 1)
        mask |= mask >> s;
    for (;;) {
        unsigned __int128 v = ((unsigned __int128)kr_rng_next(r) << 64 | kr_rng_next(r)) & mask;
        if (v <= span)
            return lo + (kr_i128)v;
    }
}
