/* strcmp.c - strcmp and strncmp, 16 bytes at a time. The two strings are rarely aligned alike, so the
 * loads are unaligned, and an unaligned load may read past the terminator only while it stays in the
 * page of the bytes it must read: near the end of either string's page the bytes are compared one at a
 * time until that string is into its next page. */
#include "string/vector.h"
#include <string.h>

/* The first byte where the blocks differ or a has its terminator, as a bit mask (0: none). */
static inline unsigned stops(vec a, vec b)
{
    return (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_xor_si128(_mm_cmpeq_epi8(a, b), _mm_set1_epi8(-1)),
                                                    _mm_cmpeq_epi8(a, _mm_setzero_si128())));
}

int strcmp(const char *l, const char *r)
{
    const unsigned char *a = (const unsigned char *)l, *b = (const unsigned char *)r;
    for (;;) {
        if (rest_of_page_holds_16(a) && rest_of_page_holds_16(b)) {
            unsigned m = stops(load(a), load(b));
            if (m) {
                unsigned i = __builtin_ctz(m);
                return a[i] - b[i];
            }
            a += 16;
            b += 16;
        } else {
            if (*a != *b || *a == 0) return *a - *b;
            a++;
            b++;
        }
    }
}

int strncmp(const char *l, const char *r, size_t n)
{
    const unsigned char *a = (const unsigned char *)l, *b = (const unsigned char *)r;
    while (n) {
        if (rest_of_page_holds_16(a) && rest_of_page_holds_16(b)) {
            unsigned m = stops(load(a), load(b));
            if (n < 16) m &= (1u << n) - 1;   /* bytes past n were read (same page), not compared */
            if (m) {
                unsigned i = __builtin_ctz(m);
                return a[i] - b[i];
            }
            if (n <= 16) return 0;
            a += 16;
            b += 16;
            n -= 16;
        } else {
            if (*a != *b || *a == 0) return *a - *b;
            a++;
            b++;
            n--;
        }
    }
    return 0;
}
