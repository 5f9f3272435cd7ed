/* memset.c - memset: short lengths as two possibly overlapping stores of the largest size that fits
 * twice, longer ones as 64 bytes a round of aligned 16-byte stores between an unaligned first and last
 * piece, the longest with the CPU's string store. */
#include "string/vector.h"
#include <string.h>

void *memset(void *dest, int c, size_t n)
{
    unsigned char *d = dest;
    uint64_t bytes = 0x0101010101010101ull * (unsigned char)c;
    if (n < 16) {
        if (n >= 8) {
            *(u64_any *)d = bytes;
            *(u64_any *)(d + n - 8) = bytes;
        } else if (n >= 4) {
            *(u32_any *)d = (uint32_t)bytes;
            *(u32_any *)(d + n - 4) = (uint32_t)bytes;
        } else if (n >= 2) {
            *(u16_any *)d = (uint16_t)bytes;
            *(u16_any *)(d + n - 2) = (uint16_t)bytes;
        } else if (n == 1) {
            *d = (unsigned char)c;
        }
        return dest;
    }
    vec v = _mm_set1_epi8((char)c);
    store(d, v);
    store(d + n - 16, v);
    if (n <= 32) return dest;
    store(d + 16, v);
    store(d + n - 32, v);
    if (n <= 64) return dest;
    if (n >= 2048) {
        /* The CPU's own string store: twice the vector loop's speed on long runs where it has fast
         * string operations (ERMS: every x86-64 CPU of the last decade), and no slower where not. */
        void *to = d;
        size_t count = n;
        __asm__ volatile("rep stosb" : "+D"(to), "+c"(count) : "a"(c) : "memory");
        return dest;
    }
    store(d + n - 48, v);
    store(d + n - 64, v);
    /* The rest, from the first 16-aligned byte after d's first to the last 64, which are stored. */
    for (size_t k = 16 - place_in_block(d); k + 64 < n; k += 64) {
        store_aligned(d + k, v);
        store_aligned(d + k + 16, v);
        store_aligned(d + k + 32, v);
        store_aligned(d + k + 48, v);
    }
    return dest;
}
