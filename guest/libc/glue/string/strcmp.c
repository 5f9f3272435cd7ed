/* strcmp.c - strcmp and strncmp, 64 or 16 bytes at a time. The two strings are rarely aligned alike, so
 * the loads are unaligned, and an unaligned load may read past the terminator only while it stays in
 * the page of the bytes it must read: near the end of either string's page the bytes are compared 16
 * and then one at a time until that string is into its next page. */
#include "string/vector.h"
#include <string.h>

/* Zero where the strings stop: a byte that differs (the equality mask is 0 there) or a's terminator. */
static inline vec stops(const unsigned char *a, const unsigned char *b)
{
    vec x = load(a);
    return _mm_min_epu8(x, _mm_cmpeq_epi8(x, load(b)));
}

static inline int differ(const unsigned char *a, const unsigned char *b, uint64_t stopped)
{
    unsigned i = __builtin_ctzll(stopped);
    return a[i] - b[i];
}

static inline AVX2 vec32 stops32(const unsigned char *a, const unsigned char *b)
{
    vec32 x = load32(a);
    return _mm256_min_epu8(x, _mm256_cmpeq_epi8(x, load32(b)));
}

/* The same with a 32-aligned: its loads split no cache line, and only b's may. */
static inline AVX2 vec32 stops32_aligned(const unsigned char *a, const unsigned char *b)
{
    vec32 x = load32_aligned(a);
    return _mm256_min_epu8(x, _mm256_cmpeq_epi8(x, load32(b)));
}

/* The bytes both strings have left in their pages from a and b: how far unaligned loads may go without a check. */
static inline size_t room_in_pages(const unsigned char *a, const unsigned char *b)
{
    size_t room_a = 4096 - ((uintptr_t)a & 4095), room_b = 4096 - ((uintptr_t)b & 4095);
    return room_a < room_b ? room_a : room_b;
}

/* One unaligned block, then a 32-aligned: rounds of four 32-byte blocks, then single blocks, as far as both strings'
 * pages hold them (the room is counted once, not checked each round): 1 with *result once the strings stop, else 0
 * with *pa and *pb where the blocks ended. Called with room for 64 bytes at least, so it always moves on. */
static AVX2 int rounds_avx2(const unsigned char **pa, const unsigned char **pb, int *result)
{
    const unsigned char *a = *pa, *b = *pb;
    unsigned first = zero_bits32(stops32(a, b));
    if (first) {
        *result = differ(a, b, first);
        return 1;
    }
    size_t step = 32 - ((uintptr_t)a & 31);   /* past bytes that compared equal: some again, none skipped */
    a += step;
    b += step;
    size_t room = room_in_pages(a, b);
    for (; room >= 128; room -= 128, a += 128, b += 128) {
        vec32 s0 = stops32_aligned(a, b), s1 = stops32_aligned(a + 32, b + 32);
        vec32 s2 = stops32_aligned(a + 64, b + 64), s3 = stops32_aligned(a + 96, b + 96);
        if (zero_bits32(_mm256_min_epu8(_mm256_min_epu8(s0, s1), _mm256_min_epu8(s2, s3)))) {
            uint64_t low = zero_bits64(s0, s1);
            if (low) *result = differ(a, b, low);
            else *result = differ(a + 64, b + 64, zero_bits64(s2, s3));
            return 1;
        }
    }
    for (; room >= 32; room -= 32, a += 32, b += 32) {
        unsigned m = zero_bits32(stops32_aligned(a, b));
        if (m) {
            *result = differ(a, b, m);
            return 1;
        }
    }
    *pa = a;
    *pb = b;
    return 0;
}

int strcmp(const char *l, const char *r)
{
    const unsigned char *a = (const unsigned char *)l, *b = (const unsigned char *)r;
    vec zero = _mm_setzero_si128();
    for (;;) {
        if (rest_of_page_holds(a, 64) && rest_of_page_holds(b, 64)) {
            if (__mc_avx2) {
                int result;
                if (rounds_avx2(&a, &b, &result)) return result;
                continue;   /* a page's end is near: the shorter steps below */
            }
            vec s0 = stops(a, b), s1 = stops(a + 16, b + 16), s2 = stops(a + 32, b + 32), s3 = stops(a + 48, b + 48);
            if (zero_bits(_mm_min_epu8(_mm_min_epu8(s0, s1), _mm_min_epu8(s2, s3)))) {
                uint64_t m = bits64(equal_bits(s0, zero), equal_bits(s1, zero), equal_bits(s2, zero), equal_bits(s3, zero));
                return differ(a, b, m);
            }
            a += 64;
            b += 64;
        } else if (rest_of_page_holds(a, 16) && rest_of_page_holds(b, 16)) {
            unsigned m = equal_bits(stops(a, b), zero);
            if (m) return differ(a, b, m);
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
    vec zero = _mm_setzero_si128();
    while (n) {
        if (rest_of_page_holds(a, 16) && rest_of_page_holds(b, 16)) {
            unsigned m = equal_bits(stops(a, b), zero);
            if (n < 16) m &= (1u << n) - 1;   /* bytes past n were read (same page), not compared */
            if (m) return differ(a, b, m);
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
