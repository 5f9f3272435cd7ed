/* memchr.c - memchr and rawmemchr, 64 aligned bytes a round (vector.h: an aligned run never leaves the
 * page of a byte of the buffer, so its bytes before the buffer or after n are safe to read and are
 * simply not counted). */
#include "string/vector.h"
#include <string.h>

/* The bytes equal to `want` in the 64-aligned run at p. */
static inline uint64_t hits_of_run(const unsigned char *p, vec want)
{
    return bits64(equal_bits(load_aligned(p), want), equal_bits(load_aligned(p + 16), want),
                  equal_bits(load_aligned(p + 32), want), equal_bits(load_aligned(p + 48), want));
}

/* Whether the run at p has a byte equal to `want`: one test for its four blocks. */
static inline int run_has(const unsigned char *p, vec want)
{
    vec m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(load_aligned(p), want), _mm_cmpeq_epi8(load_aligned(p + 16), want)),
                         _mm_or_si128(_mm_cmpeq_epi8(load_aligned(p + 32), want), _mm_cmpeq_epi8(load_aligned(p + 48), want)));
    return _mm_movemask_epi8(m) != 0;
}

/* memchr's search past the first run: the run with c, or NULL once `seen` (the offset from s of the run after p)
 * reaches n; *seen_at is then that run's. */
static const unsigned char *next_run_with(const unsigned char *p, vec want, size_t seen, size_t n, size_t *seen_at)
{
    for (;;) {
        if (seen >= n) return NULL;
        p += 64;
        if (run_has(p, want)) break;
        seen += 64;
    }
    *seen_at = seen;
    return p;
}

/* The same, two 32-byte blocks a round. */
static AVX2 const unsigned char *next_run_with_avx2(const unsigned char *p, int c, size_t seen, size_t n, size_t *seen_at)
{
    vec32 want = _mm256_set1_epi8((char)c);
    for (;;) {
        if (seen >= n) return NULL;
        p += 64;
        if (_mm256_movemask_epi8(_mm256_or_si256(_mm256_cmpeq_epi8(load32_aligned(p), want),
                                                 _mm256_cmpeq_epi8(load32_aligned(p + 32), want)))) break;
        seen += 64;
    }
    *seen_at = seen;
    return p;
}

void *memchr(const void *s, int c, size_t n)
{
    if (n == 0) return NULL;
    vec want = _mm_set1_epi8((char)c);
    const unsigned char *start = s;
    const unsigned char *p = run_of(s);
    uint64_t hits = hits_of_run(p, want) >> place_in_run(s);
    size_t seen = 0;   /* offset from s of the run's first byte (the first run: of s) */
    if (!hits) {
        seen = 64 - place_in_run(s);
        p = __mc_avx2 ? next_run_with_avx2(p, c, seen, n, &seen) : next_run_with(p, want, seen, n, &seen);
        if (p == NULL) return NULL;
        hits = hits_of_run(p, want);
    }
    size_t at = seen + __builtin_ctzll(hits);
    return at < n ? (void *)(start + at) : NULL;
}

void *rawmemchr(const void *s, int c)
{
    vec want = _mm_set1_epi8((char)c);
    const unsigned char *p = run_of(s);
    uint64_t hits = hits_of_run(p, want) >> place_in_run(s);
    if (hits) return (void *)((const unsigned char *)s + __builtin_ctzll(hits));
    do p += 64;
    while (!run_has(p, want));
    return (void *)(p + __builtin_ctzll(hits_of_run(p, want)));
}
