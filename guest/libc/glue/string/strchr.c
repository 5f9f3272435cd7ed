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

static inline AVX2 vec32 stops_of_run32(const unsigned char *p, vec32 want)
{
    return _mm256_min_epu8(zero_where_equal_or_nul32(load32_aligned(p), want), zero_where_equal_or_nul32(load32_aligned(p + 32), want));
}

/* From the run at p, which has none, to the next with c or the terminator: 128 bytes a round, once at a 128-aligned
 * block (two runs in one page), as strlen.c. */
static AVX2 const unsigned char *next_run_with_stop_avx2(const unsigned char *p, int c)
{
    vec32 want = _mm256_set1_epi8((char)c);
    p += 64;
    if ((uintptr_t)p & 64) {
        if (zero_bits32(stops_of_run32(p, want))) return p;
        p += 64;
    }
    while (!zero_bits32(_mm256_min_epu8(stops_of_run32(p, want), stops_of_run32(p + 64, want)))) p += 128;
    return zero_bits32(stops_of_run32(p, want)) ? p : p + 64;
}

/* The first byte from s that is c or the terminator. */
char *strchrnul(const char *s, int c)
{
    vec want = _mm_set1_epi8((char)c);
    const unsigned char *p = run_of(s);
    uint64_t stops = stops_of_run(p, want) >> place_in_run(s);
    if (stops) return (char *)s + __builtin_ctzll(stops);
    if (__mc_avx2) {
        p = next_run_with_stop_avx2(p, c);
    } else {
        do p += 64;
        while (!run_has_stop(p, want));
    }
    return (char *)p + __builtin_ctzll(stops_of_run(p, want));
}

char *strchr(const char *s, int c)
{
    char *p = strchrnul(s, c);
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
