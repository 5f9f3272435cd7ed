/* strchr.c - strchr, strchrnul and strrchr, 64 aligned bytes a round (vector.h says why aligned runs
 * may be read past the terminator). */
#include "string/vector.h"
#include <string.h>

/* The bytes of the 64-aligned run at p that are `want` or the terminator. */
static inline uint64_t stops_of_run(const unsigned char *p, vec want)
{
    vec zero = _mm_setzero_si128();
    return bits64(equal_bits(zero_where_equal_or_nul(load_aligned(p), want), zero),
                  equal_bits(zero_where_equal_or_nul(load_aligned(p + 16), want), zero),
                  equal_bits(zero_where_equal_or_nul(load_aligned(p + 32), want), zero),
                  equal_bits(zero_where_equal_or_nul(load_aligned(p + 48), want), zero));
}

static inline int run_has_stop(const unsigned char *p, vec want)
{
    vec m = _mm_min_epu8(_mm_min_epu8(zero_where_equal_or_nul(load_aligned(p), want), zero_where_equal_or_nul(load_aligned(p + 16), want)),
                         _mm_min_epu8(zero_where_equal_or_nul(load_aligned(p + 32), want), zero_where_equal_or_nul(load_aligned(p + 48), want)));
    return zero_bits(m) != 0;
}

/* From the run at p, which has none, the first byte that is c or the terminator: 128 bytes a round, once at a
 * 128-aligned block (two runs in one page), as strlen.c; the round that has one says where from its four blocks. */
static AVX2 const unsigned char *next_stop_avx2(const unsigned char *p, int c)
{
    vec32 want = _mm256_set1_epi8((char)c);
    p += 64;
    if ((uintptr_t)p & 64) {
        uint64_t stops = zero_bits64(zero_where_equal_or_nul32(load32_aligned(p), want),
                                      zero_where_equal_or_nul32(load32_aligned(p + 32), want));
        if (stops) return p + __builtin_ctzll(stops);
        p += 64;
    }
    for (;; p += 128) {
        vec32 s0 = zero_where_equal_or_nul32(load32_aligned(p), want), s1 = zero_where_equal_or_nul32(load32_aligned(p + 32), want);
        vec32 s2 = zero_where_equal_or_nul32(load32_aligned(p + 64), want), s3 = zero_where_equal_or_nul32(load32_aligned(p + 96), want);
        if (zero_bits32(_mm256_min_epu8(_mm256_min_epu8(s0, s1), _mm256_min_epu8(s2, s3)))) {
            uint64_t low = zero_bits64(s0, s1);
            return low ? p + __builtin_ctzll(low) : p + 64 + __builtin_ctzll(zero_bits64(s2, s3));
        }
    }
}

/* The first byte from s that is c or the terminator. Inlined in both strchrnul and strchr: strchr's call of the
 * exported strchrnul went through the GOT, as a call of any exported function inside a shared library does. */
static inline __attribute__((always_inline)) char *first_stop(const char *s, int c)
{
    vec want = _mm_set1_epi8((char)c);
    const unsigned char *p = run_of(s);
    uint64_t stops = stops_of_run(p, want) >> place_in_run(s);
    if (stops) return (char *)s + __builtin_ctzll(stops);
    if (__mc_avx2) return (char *)next_stop_avx2(p, c);
    do p += 64;
    while (!run_has_stop(p, want));
    return (char *)p + __builtin_ctzll(stops_of_run(p, want));
}

char *strchrnul(const char *s, int c) { return first_stop(s, c); }

char *strchr(const char *s, int c)
{
    char *p = first_stop(s, c);
    return *p == (char)c ? p : NULL;
}

char *strrchr(const char *s, int c)
{
    if ((char)c == 0) return (char *)s + strlen(s);
    vec want = _mm_set1_epi8((char)c);
    const unsigned char *p = block_of(s);
    const unsigned char *last = NULL;
    /* Bits of the first block's bytes before s are cleared; its hits count from p as the later ones do. */
    unsigned before = (1u << place_in_block(s)) - 1;
    for (;;) {
        vec v = load_aligned(p);
        unsigned zeros = zero_bits(v) & ~before;
        unsigned hits = equal_bits(v, want) & ~before;
        before = 0;
        if (zeros) {
            hits &= zeros ^ (zeros - 1);   /* the bytes up to the terminator */
            if (hits) last = p + 31 - __builtin_clz(hits);
            return (char *)last;
        }
        if (hits) last = p + 31 - __builtin_clz(hits);
        p += 16;
    }
}
