/* strlen.c - strlen and strnlen, 64 aligned bytes a round (vector.h says why aligned runs may be read
 * past the terminator). */
#include "string/vector.h"
#include <string.h>

/* The zero bytes of the 64-aligned run at p. */
static inline uint64_t zeros_of_run(const unsigned char *p)
{
    return bits64(zero_bits(load_aligned(p)), zero_bits(load_aligned(p + 16)), zero_bits(load_aligned(p + 32)),
                  zero_bits(load_aligned(p + 48)));
}

/* Whether the run at p has a zero byte: one test for its four blocks. */
static inline int run_has_zero(const unsigned char *p)
{
    vec m = _mm_min_epu8(_mm_min_epu8(load_aligned(p), load_aligned(p + 16)),
                         _mm_min_epu8(load_aligned(p + 32), load_aligned(p + 48)));
    return zero_bits(m) != 0;
}

static inline AVX2 vec32 min_of_run(const unsigned char *p) { return _mm256_min_epu8(load32_aligned(p), load32_aligned(p + 32)); }

/* The zero bytes of the 64-aligned run at p, from two 32-byte blocks. */
static inline AVX2 uint64_t zeros_of_run32(const unsigned char *p)
{
    return zero_bits64(load32_aligned(p), load32_aligned(p + 32));
}

/* The first zero byte after the run at p, which has none: 128 bytes a round, once at a 128-aligned block (two runs in
 * one page: the second may be read although the first ends the string). The place comes from the round's own blocks,
 * with no second pass in SSE2. */
static AVX2 const unsigned char *zero_after_run_avx2(const unsigned char *p)
{
    p += 64;
    if ((uintptr_t)p & 64) {
        uint64_t zeros = zeros_of_run32(p);
        if (zeros) return p + __builtin_ctzll(zeros);
        p += 64;
    }
    while (!zero_bits32(_mm256_min_epu8(min_of_run(p), min_of_run(p + 64)))) p += 128;
    uint64_t zeros = zeros_of_run32(p);
    return zeros ? p + __builtin_ctzll(zeros) : p + 64 + __builtin_ctzll(zeros_of_run32(p + 64));
}

size_t strlen(const char *s)
{
    const unsigned char *p = run_of(s);
    uint64_t zeros = zeros_of_run(p) >> place_in_run(s);   /* the run's bytes before s do not count */
    if (zeros) return __builtin_ctzll(zeros);
    if (__mc_avx2) return (size_t)(zero_after_run_avx2(p) - (const unsigned char *)s);
    do p += 64;
    while (!run_has_zero(p));
    return (size_t)(p - (const unsigned char *)s) + __builtin_ctzll(zeros_of_run(p));
}

size_t strnlen(const char *s, size_t max)
{
    if (max == 0) return 0;
    const unsigned char *p = run_of(s);
    size_t found;
    uint64_t zeros = zeros_of_run(p) >> place_in_run(s);
    if (zeros) {
        found = __builtin_ctzll(zeros);
    } else {
        /* Runs wholly past max are not read: the terminator may be missing there. */
        size_t seen = 64 - place_in_run(s);
        for (;;) {
            if (seen >= max) return max;
            p += 64;
            if (run_has_zero(p)) break;
            seen += 64;
        }
        found = seen + __builtin_ctzll(zeros_of_run(p));
    }
    return found < max ? found : max;
}
