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
        for (;;) {
            if (seen >= n) return NULL;
            p += 64;
            if (run_has(p, want)) break;
            seen += 64;
        }
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
