/* memcmp.c - memcmp 128 bytes a round in AVX2 from 32 bytes on where the CPU has it, else 64 or 16 bytes at a time
 * (newlib's compared byte by byte unless both buffers were 8-aligned). The loads are unaligned and never pass n: a
 * buffer may end at the end of its page. */
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

/* The order of a and b by the first byte that `equal` (bit i for byte i, of 16, 32 or 64) does not have: there is one. */
static inline int differ_at(const unsigned char *a, const unsigned char *b, uint64_t equal)
{
    unsigned i = (unsigned)__builtin_ctzll(~equal);
    return a[i] - b[i];
}

/* ---- AVX2: from 32 bytes on, where the CPU has it (32-byte blocks; a difference found in the blocks that hold it) --- */

static inline AVX2 vec32 equal32(const unsigned char *a, const unsigned char *b) { return _mm256_cmpeq_epi8(load32(a), load32(b)); }
static inline AVX2 unsigned mask32(vec32 e) { return (unsigned)_mm256_movemask_epi8(e); }

/* The order of the 32 bytes at a and b (0 if equal). */
static inline AVX2 int differ32(const unsigned char *a, const unsigned char *b)
{
    unsigned equal = mask32(equal32(a, b));
    return equal == 0xffffffffu ? 0 : differ_at(a, b, equal);
}

/* The order of the 64 bytes at a and b (0 if equal). */
static inline AVX2 int differ64(const unsigned char *a, const unsigned char *b)
{
    vec32 e0 = equal32(a, b), e1 = equal32(a + 32, b + 32);
    if (mask32(_mm256_and_si256(e0, e1)) == 0xffffffffu) return 0;
    return differ_at(a, b, bits64_of_pair(mask32(e0), mask32(e1)));
}

/* The order of the 128 bytes at a and b (0 if equal): one test for the four blocks, as glibc's loop. */
static inline AVX2 int differ128(const unsigned char *a, const unsigned char *b)
{
    vec32 e0 = equal32(a, b), e1 = equal32(a + 32, b + 32), e2 = equal32(a + 64, b + 64), e3 = equal32(a + 96, b + 96);
    if (mask32(_mm256_and_si256(_mm256_and_si256(e0, e1), _mm256_and_si256(e2, e3))) == 0xffffffffu) return 0;
    uint64_t low = bits64_of_pair(mask32(e0), mask32(e1));
    return low != ~0ull ? differ_at(a, b, low) : differ_at(a + 64, b + 64, bits64_of_pair(mask32(e2), mask32(e3)));
}

/* n >= 32. The last blocks overlap the ones before where n is no multiple of theirs: bytes compared twice are equal, so
 * they cannot decide. */
static AVX2 int memcmp_avx2(const unsigned char *a, const unsigned char *b, size_t n)
{
    if (n <= 64) {
        int r = differ32(a, b);
        return r ? r : differ32(a + n - 32, b + n - 32);
    }
    if (n <= 128) {
        int r = differ64(a, b);
        return r ? r : differ64(a + n - 64, b + n - 64);
    }
    size_t k = 0;
    for (; k + 128 <= n; k += 128) {
        int r = differ128(a + k, b + k);
        if (r) return r;
    }
    return k == n ? 0 : differ128(a + n - 128, b + n - 128);
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
    if (n >= 32 && __mc_avx2) return memcmp_avx2(a, b, n);
    size_t k = 0;
    for (; k + 64 <= n; k += 64) {
        vec e0 = _mm_cmpeq_epi8(load(a + k), load(b + k)), e1 = _mm_cmpeq_epi8(load(a + k + 16), load(b + k + 16));
        vec e2 = _mm_cmpeq_epi8(load(a + k + 32), load(b + k + 32)), e3 = _mm_cmpeq_epi8(load(a + k + 48), load(b + k + 48));
        if (_mm_movemask_epi8(_mm_and_si128(_mm_and_si128(e0, e1), _mm_and_si128(e2, e3))) != 0xffff) {
            return differ_at(a + k, b + k, bits64(_mm_movemask_epi8(e0), _mm_movemask_epi8(e1), _mm_movemask_epi8(e2), _mm_movemask_epi8(e3)));
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
