/* strchr.c - strchr, strchrnul and strrchr, 16 aligned bytes at a time (vector.h says why aligned
 * loads may read past the terminator). */
#include "string/vector.h"
#include <string.h>

/* The first byte from s that is c or the terminator. */
char *strchrnul(const char *s, int c)
{
    vec want = _mm_set1_epi8((char)c), zero = _mm_setzero_si128();
    const unsigned char *p = block_of(s);
    vec v = load_aligned(p);
    unsigned hits = (equal_bits(v, want) | equal_bits(v, zero)) >> place_in_block(s);
    if (hits) return (char *)s + __builtin_ctz(hits);
    for (;;) {
        p += 16;
        v = load_aligned(p);
        hits = equal_bits(v, want) | equal_bits(v, zero);
        if (hits) return (char *)p + __builtin_ctz(hits);
    }
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
    unsigned skip = place_in_block(s);
    /* Bits of the block's bytes before s are cleared; the first block's hits count from p as the later ones do. */
    unsigned before = (1u << skip) - 1;
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
