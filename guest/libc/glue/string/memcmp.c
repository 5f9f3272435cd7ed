/* memcmp.c - memcmp 64 or 16 bytes at a time (newlib's compared byte by byte unless both buffers were
 * 8-aligned). The loads are unaligned and never pass n: a buffer may end at the end of its page. */
#include "string/vector.h"
#include <string.h>

/* The order of two 8-byte pieces as memcmp orders them: by their first differing byte. */
static inline int order64(uint64_t a, uint64_t b)
{
    if (a == b) return 0;
    a = __builtin_bswap64(a);
    b = __builtin_bswap64(b);
    return a < b ? -1 : 1;
}

static inline int differ_at(const unsigned char *a, const unsigned char *b, unsigned equal)
{
    unsigned i = (unsigned)__builtin_ctz(~equal);
    return a[i] - b[i];
}

/* The 64-byte rounds of a long compare, two 32-byte blocks each: the difference, or 0 with *done the bytes compared. */
static AVX2 int rounds_avx2(const unsigned char *a, const unsigned char *b, size_t n, size_t *done)
{
    size_t k = 0;
    for (; k + 64 <= n; k += 64) {
        vec32 e0 = _mm256_cmpeq_epi8(load32(a + k), load32(b + k)), e1 = _mm256_cmpeq_epi8(load32(a + k + 32), load32(b + k + 32));
        if ((unsigned)_mm256_movemask_epi8(_mm256_and_si256(e0, e1)) != 0xffffffffu) {
            uint64_t equal = (uint64_t)(unsigned)_mm256_movemask_epi8(e0) | (uint64_t)(unsigned)_mm256_movemask_epi8(e1) << 32;
            unsigned i = __builtin_ctzll(~equal);
            return a[k + i] - b[k + i];
        }
    }
    *done = k;
    return 0;
}

int memcmp(const void *p, const void *q, size_t n)
{
    const unsigned char *a = p, *b = q;
    if (n < 16) {
        if (n >= 8) {
            int r = order64(*(const u64_any *)a, *(const u64_any *)b);
            return r ? r : order64(*(const u64_any *)(a + n - 8), *(const u64_any *)(b + n - 8));
        }
        if (n >= 4) {
            /* The first four and the last four, as one 8-byte key each. */
            uint64_t x = (uint64_t)*(const u32_any *)a | (uint64_t)*(const u32_any *)(a + n - 4) << 32;
            uint64_t y = (uint64_t)*(const u32_any *)b | (uint64_t)*(const u32_any *)(b + n - 4) << 32;
            return order64(x, y);
        }
        for (size_t i = 0; i < n; i++)
            if (a[i] != b[i]) return a[i] - b[i];
        return 0;
    }
    size_t k = 0;
    if (n >= AVX2_FROM && __mc_avx2) {
        int r = rounds_avx2(a, b, n, &k);
        if (r) return r;
    }
    for (; k + 64 <= n; k += 64) {
        vec e0 = _mm_cmpeq_epi8(load(a + k), load(b + k)), e1 = _mm_cmpeq_epi8(load(a + k + 16), load(b + k + 16));
        vec e2 = _mm_cmpeq_epi8(load(a + k + 32), load(b + k + 32)), e3 = _mm_cmpeq_epi8(load(a + k + 48), load(b + k + 48));
        if (_mm_movemask_epi8(_mm_and_si128(_mm_and_si128(e0, e1), _mm_and_si128(e2, e3))) != 0xffff) {
            uint64_t equal = bits64(_mm_movemask_epi8(e0), _mm_movemask_epi8(e1), _mm_movemask_epi8(e2), _mm_movemask_epi8(e3));
            unsigned i = __builtin_ctzll(~equal);
            return a[k + i] - b[k + i];
        }
    }
    if (k + 32 <= n) {
        unsigned e0 = equal_bits(load(a + k), load(b + k));
        unsigned e1 = equal_bits(load(a + k + 16), load(b + k + 16));
        if ((e0 & e1) != 0xffff) return e0 != 0xffff ? differ_at(a + k, b + k, e0) : differ_at(a + k + 16, b + k + 16, e1);
        k += 32;
    }
    if (k + 16 <= n) {
        unsigned e = equal_bits(load(a + k), load(b + k));
        if (e != 0xffff) return differ_at(a + k, b + k, e);
        k += 16;
    }
    if (k == n) return 0;
    /* The last 16 bytes, some of them compared already (equal, so they cannot decide). */
    unsigned e = equal_bits(load(a + n - 16), load(b + n - 16));
    return e != 0xffff ? differ_at(a + n - 16, b + n - 16, e) : 0;
}
