/* memchr.c - memchr and rawmemchr, 16 aligned bytes at a time (vector.h: an aligned block never
 * leaves the page of a byte of the buffer, so its bytes before the buffer or after n are safe to read
 * and are simply not counted). */
#include "string/vector.h"
#include <string.h>

void *memchr(const void *s, int c, size_t n)
{
    if (n == 0) return NULL;
    vec want = _mm_set1_epi8((char)c);
    const unsigned char *start = s;
    const unsigned char *p = block_of(s);
    unsigned hits = equal_bits(load_aligned(p), want) >> place_in_block(s);
    size_t seen = 0;   /* offset from s of the block's first byte (the first block: of s) */
    if (!hits) {
        seen = 16 - place_in_block(s);
        for (;;) {
            if (seen >= n) return NULL;
            p += 16;
            hits = equal_bits(load_aligned(p), want);
            if (hits) break;
            seen += 16;
        }
    }
    size_t at = seen + __builtin_ctz(hits);
    return at < n ? (void *)(start + at) : NULL;
}

void *rawmemchr(const void *s, int c)
{
    vec want = _mm_set1_epi8((char)c);
    const unsigned char *p = block_of(s);
    unsigned hits = equal_bits(load_aligned(p), want) >> place_in_block(s);
    if (hits) return (void *)((const unsigned char *)s + __builtin_ctz(hits));
    for (;;) {
        p += 16;
        hits = equal_bits(load_aligned(p), want);
        if (hits) return (void *)(p + __builtin_ctz(hits));
    }
}
